//! Recognising which column holds what, from English and Chinese header names.

use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::text::Language;

/// What a column means to the analysis; in the report, its [key](Role::key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Who bought: a customer, member or user id.
    Customer,
    /// When: the order or transaction date.
    Date,
    /// How much: the line or order amount (negative for returns).
    Amount,
    /// How many units, used with [`Role::Price`] when there is no amount column.
    Quantity,
    /// Price per unit, used with [`Role::Quantity`].
    Price,
    /// The order or invoice id; when present, one order is one purchase occasion.
    Order,
    /// What the row cost the seller (the line's cost, in the amount's currency); when present,
    /// it gives the gross margin that turns lifetime revenue into profit. In a customer file,
    /// the customer's total cost.
    Cost,
    /// The order's status; a row whose status means no completed sale (cancelled, failed,
    /// refunded in full, not paid yet) is not a transaction.
    Status,
    /// The part of the row's amount refunded, as order exports give it beside the amount
    /// (Stripe's `Amount Refunded`, Shopify's `Refunded Amount`, Taobao's 退款金额): subtracted
    /// from the amount; a row refunded in full is no sale.
    Refund,
    /// The currency of the row's amount: amounts in several currencies are added as they are,
    /// which the report says.
    Currency,
    /// Where the customer bought: a region, country, province or city.
    Region,
    /// How they bought: a sales channel, platform or store.
    Channel,
    /// What they bought: a product category or line.
    Category,
    /// Customer files: the day of the customer's last purchase.
    LastPurchase,
    /// Customer files: the day of the customer's first purchase, which the lifetime value needs.
    FirstPurchase,
    /// Customer files: days from the last purchase to asOf, when there is no last purchase date.
    Recency,
    /// Customer files: purchase occasions.
    Frequency,
    /// Customer files: net revenue.
    Monetary,
    /// Customer files: distinct purchase days, the lifetime-value models' count (default: the
    /// frequency).
    PurchaseDays,
    /// Customer files: net revenue after the first purchase day, the Gamma-Gamma model's spend.
    RepeatMonetary,
}

impl Role {
    /// The descriptive roles, each giving the report a breakdown and each customer a main value.
    pub const ATTRIBUTES: [Role; 3] = [Role::Region, Role::Channel, Role::Category];

    /// The role's key in options (`--column KEY=COLUMN`) and in the report.
    pub fn key(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::Quantity => "quantity",
            Role::Price => "price",
            Role::Order => "order",
            Role::Cost => "cost",
            Role::Status => "status",
            Role::Refund => "refund",
            Role::Currency => "currency",
            Role::Region => "region",
            Role::Channel => "channel",
            Role::Category => "category",
            Role::LastPurchase => "lastPurchase",
            Role::FirstPurchase => "firstPurchase",
            Role::Recency => "recency",
            Role::Frequency => "frequency",
            Role::Monetary => "monetary",
            Role::PurchaseDays => "purchaseDays",
            Role::RepeatMonetary => "repeatMonetary",
        }
    }

    /// How the role is named in messages.
    pub fn description(self, language: Language) -> &'static str {
        let (en, zh) = match self {
            Role::Customer => ("customer id", "客户编号"),
            Role::Date => ("date", "日期"),
            Role::Amount => (
                "amount (or quantity and unit price)",
                "金额（或数量和单价）",
            ),
            Role::Quantity => ("quantity", "数量"),
            Role::Price => ("unit price", "单价"),
            Role::Order => ("order id", "订单号"),
            Role::Cost => ("cost", "成本"),
            Role::Status => ("order status", "订单状态"),
            Role::Refund => ("refunded amount", "退款金额"),
            Role::Currency => ("currency", "币种"),
            Role::Region => ("region", "地区"),
            Role::Channel => ("sales channel", "销售渠道"),
            Role::Category => ("product category", "产品品类"),
            Role::LastPurchase => (
                "last purchase date (or recency in days)",
                "最近购买日期（或最近购买天数）",
            ),
            Role::FirstPurchase => ("first purchase date", "首次购买日期"),
            Role::Recency => ("recency", "最近购买天数"),
            Role::Frequency => ("frequency (purchase occasions)", "购买次数"),
            Role::Monetary => ("monetary value (net revenue)", "消费金额（净收入）"),
            Role::PurchaseDays => ("purchase days", "购买天数"),
            Role::RepeatMonetary => ("repeat monetary value", "复购金额"),
        };
        match language {
            Language::En => en,
            Language::ZhCn => zh,
        }
    }

    /// Header names a user can give the column so that it is recognised.
    pub fn suggested_headers(self, language: Language) -> &'static str {
        let (en, zh) = match self {
            Role::Customer => ("customer_id (or 客户编号)", "客户编号（或 customer_id）"),
            Role::Date => ("date (or 日期)", "日期（或 date）"),
            Role::Amount => (
                "amount (or 金额), or provide quantity and unit_price (数量, 单价)",
                "金额（或 amount），或者提供数量和单价两列（数量、单价，或 quantity、unit_price）",
            ),
            Role::Quantity => ("quantity (or 数量)", "数量（或 quantity）"),
            Role::Price => ("unit_price (or 单价)", "单价（或 unit_price）"),
            Role::Order => ("order_id (or 订单号)", "订单号（或 order_id）"),
            Role::Cost => ("cost (or 成本)", "成本（或 cost）"),
            Role::Status => ("status (or 订单状态)", "订单状态（或 status）"),
            Role::Refund => ("refunded_amount (or 退款金额)", "退款金额（或 refunded_amount）"),
            Role::Currency => ("currency (or 币种)", "币种（或 currency）"),
            Role::Region => ("region (or 地区)", "地区（或 region）"),
            Role::Channel => ("channel (or 渠道)", "渠道（或 channel）"),
            Role::Category => ("category (or 品类)", "品类（或 category）"),
            Role::LastPurchase => (
                "last_purchase (or 最近购买日期), or give recency_days (or 最近购买天数) with the date it was measured at (asOf)",
                "最近购买日期（或 last_purchase），或者给出最近购买天数（或 recency_days）及其计算所依据的日期（asOf）",
            ),
            Role::FirstPurchase => ("first_purchase (or 首次购买日期)", "首次购买日期（或 first_purchase）"),
            Role::Recency => ("recency_days (or 最近购买天数)", "最近购买天数（或 recency_days）"),
            Role::Frequency => ("frequency (or 购买次数)", "购买次数（或 frequency）"),
            Role::Monetary => ("monetary (or 消费金额)", "消费金额（或 monetary）"),
            Role::PurchaseDays => ("purchase_days (or 购买天数)", "购买天数（或 purchase_days）"),
            Role::RepeatMonetary => ("repeat_monetary (or 复购金额)", "复购金额（或 repeat_monetary）"),
        };
        match language {
            Language::En => en,
            Language::ZhCn => zh,
        }
    }

    /// Recognised header names, normalised with [`normalise`], most specific first.
    #[rustfmt::skip]
    pub(crate) fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Customer => &[
                "customerid",
                "customer",
                "customerno",
                "customernumber",
                "customercode",
                "clientid",
                "client",
                "memberid",
                "member",
                "userid",
                "user",
                // Etsy's sold-orders export.
                "buyeruserid",
                // eBay's orders report.
                "buyerusername",
                "buyerid",
                "buyer",
                "accountid",
                "accountnumber",
                "accountno",
                "custid",
                "clientcode",
                "clientno",
                // SAP's sales documents.
                "soldtoparty",
                "soldto",
                // WooCommerce's order export.
                "customeruserid",
                // Shops that know a customer by the address they order with (Shopify's
                // orders export has no other key), and then by name or phone: each only where
                // nothing above is in the file.
                "email",
                "customeremail",
                "billingemail",
                "emailaddress",
                "customername",
                "客户编号",
                "客户id",
                "客户号",
                "客户代码",
                "客户编码",
                "客户",
                "会员号",
                "会员编号",
                "会员id",
                // Chinese point-of-sale exports know members by their card.
                "会员卡号",
                "会员卡",
                "卡号",
                "会员",
                "用户id",
                "用户编号",
                "用户",
                "顾客编号",
                "顾客id",
                "顾客",
                "买家id",
                "买家",
                // Taobao's and Tmall's order export.
                "买家会员名",
                "会员名",
                "买家昵称",
                "会员手机号",
                "手机号",
                "手机号码",
                "邮箱",
                "电子邮箱",
                "客户名称",
                "客户姓名",
                "顾客姓名",
                "购买人",
                "收货人",
                // Japanese and Korean (in the simplified forms headers are compared in).
                "顾客番号",
                "顾客コード",
                "会员番号",
                "고객번호",
                "고객id",
                "회원번호",
                // German, French, Spanish and Russian exports.
                "kundennummer",
                "kundennr",
                "kundenid",
                "kunde",
                "debitor",
                "numéroclient",
                "codeclient",
                "idclient",
                "cliente",
                "idcliente",
                "códigocliente",
                "númerocliente",
                "кодклиента",
                "клиент",
                "покупатель",
                "контрагент",
            ],
            Role::Date => &[
                "date",
                "orderdate",
                "invoicedate",
                "transactiondate",
                "purchasedate",
                "transdate",
                "postingdate",
                "billingdate",
                "documentdate",
                "saledate",
                "datetime",
                "timestamp",
                "createdat",
                // Stripe's `Created date (UTC)`.
                "createddate",
                "ordertime",
                // Database columns, often holding Unix times.
                "createtime",
                "createdtime",
                "created",
                "createdon",
                "addtime",
                "paytime",
                "paidat",
                "time",
                "日期",
                "下单时间",
                "下单日期",
                "订单日期",
                "订单时间",
                "交易日期",
                "交易时间",
                "购买日期",
                "购买时间",
                "消费日期",
                "消费时间",
                "付款时间",
                "支付时间",
                "订单创建时间",
                "订单付款时间",
                "创建时间",
                "成交时间",
                "成交日期",
                // Chinese accounting software (Kingdee, Yonyou) dates its documents so.
                "单据日期",
                "业务日期",
                "开单日期",
                "销售日期",
                "出库日期",
                "时间",
                "日付",
                "注文日",
                "购入日",
                "売上日",
                "날짜",
                "주문일",
                "rechnungsdatum",
                "bestelldatum",
                "belegdatum",
                "buchungsdatum",
                "datum",
                "datedecommande",
                "datedefacture",
                "fecha",
                "fechadepedido",
                "fechadefactura",
                "датазаказа",
                "датадокумента",
                "датапродажи",
                "дата",
            ],
            Role::Amount => &[
                // Stripe's payments export: the amount in the account's currency, where
                // `Amount` is in each payment's own.
                "convertedamount",
                "amount",
                "totalamount",
                "netamount",
                "ordertotal",
                "total",
                "revenue",
                "sales",
                "salesamount",
                "value",
                "spend",
                "payment",
                "paidamount",
                // Database columns (ECShop's order_info and the like).
                "orderamount",
                "payamount",
                "paymentamount",
                "moneypaid",
                "transactionamount",
                "netvalue",
                "ordertotalamount",
                "grandtotal",
                "totalprice",
                "netsales",
                "totalcollected",
                "金额",
                "实付金额",
                "买家实际支付金额",
                "实际支付金额",
                "实付款",
                "订单金额",
                "订单总额",
                "订单总金额",
                "价税合计",
                "含税金额",
                "应付金额",
                "消费金额",
                "交易金额",
                "销售金额",
                "销售额",
                "实收金额",
                "支付金额",
                "付款金额",
                "总金额",
                "总价",
                "合计",
                "売上金额",
                "合计金额",
                "税込金额",
                "売上",
                "금액",
                "매출액",
                "betrag",
                "gesamtbetrag",
                "rechnungsbetrag",
                "bruttobetrag",
                "umsatz",
                "summe",
                "montant",
                "montantttc",
                "chiffredaffaires",
                "importe",
                "importetotal",
                "monto",
                "сумма",
                "суммапродажи",
                "выручка",
            ],
            Role::Quantity => &[
                "quantity",
                "qty",
                "units",
                "count",
                "数量",
                "购买数量",
                "件数",
                "수량",
                "menge",
                "anzahl",
                "quantité",
                "cantidad",
                "количество",
                "колво",
            ],
            Role::Price => &[
                "unitprice",
                "price",
                "单价",
                "价格",
                "售价",
                "단가",
                "einzelpreis",
                "preis",
                "prixunitaire",
                "prix",
                "preciounitario",
                "precio",
                "цена",
            ],
            Role::Order => &[
                "orderid",
                "orderno",
                "ordernumber",
                "order",
                "invoiceno",
                "invoiceid",
                "invoicenumber",
                "invoice",
                "transactionid",
                "receiptid",
                "receiptno",
                // Database columns: ECShop's order_sn, payment platforms' trade_no.
                "ordersn",
                "tradeno",
                "订单号",
                "订单编号",
                "订单id",
                "单号",
                "交易号",
                "流水号",
                "发票号",
                "注文番号",
                "伝票番号",
                "受注番号",
                "주문번호",
                "bestellnummer",
                "rechnungsnummer",
                "belegnummer",
                "auftragsnummer",
                "numérodecommande",
                "commande",
                "numérodefacture",
                "facture",
                "númerodepedido",
                "pedido",
                "factura",
                "номерзаказа",
                "заказ",
                "номердокумента",
                "документ",
            ],
            Role::Cost => &[
                "cost",
                "totalcost",
                "linecost",
                "costamount",
                "cogs",
                "成本",
                "成本金额",
                "总成本",
                "进货成本",
            ],
            Role::Status => &[
                "orderstatus",
                "financialstatus",
                "paymentstatus",
                "transactionstatus",
                "status",
                "订单状态",
                "交易状态",
                "支付状态",
                "付款状态",
                "状态",
                "ステータス",
                "注文ステータス",
                "주문상태",
                "bestellstatus",
                "statut",
                "estado",
                "статус",
            ],
            Role::Refund => &[
                // Stripe's, beside `Converted Amount`, which is the amount where a file has it.
                "convertedamountrefunded",
                "amountrefunded",
                // Shopify's orders export.
                "refundedamount",
                "refundamount",
                "totalrefunded",
                "refundedtotal",
                "退款金额",
                "已退款金额",
                "退款额",
                "返金額",
                "환불금액",
                "erstattungsbetrag",
                "montantrembourse",
                "importereembolsado",
                "суммавозврата",
            ],
            Role::Currency => &[
                // Stripe's, beside `Converted Amount`, which is the amount where a file has it.
                "convertedcurrency",
                "currency",
                "currencycode",
                // WooCommerce.
                "ordercurrency",
                "币种",
                "货币",
                "币别",
                "货币代码",
                "幣別",
                "通貨",
                "통화",
                "währung",
                "devise",
                "moneda",
                "valuta",
                "валюта",
            ],
            Role::Region => &[
                "region",
                "salesregion",
                "country",
                "province",
                "city",
                "area",
                "territory",
                "market",
                "地区",
                "区域",
                "大区",
                "销售区域",
                "国家",
                "省份",
                "省",
                "城市",
                "市场",
                "지역",
                "land",
                "pays",
                "país",
                "регион",
                "страна",
                "город",
            ],
            Role::Channel => &[
                "channel",
                "saleschannel",
                "orderchannel",
                "source",
                "platform",
                "store",
                "shop",
                "渠道",
                "销售渠道",
                "下单渠道",
                "来源",
                "平台",
                "门店",
                "店铺",
                "vertriebskanal",
                "kanal",
                "canal",
                "канал",
            ],
            Role::Category => &[
                "category",
                "productcategory",
                "productline",
                "department",
                "品类",
                "类别",
                "商品类别",
                "产品类别",
                "商品分类",
                "分类",
                "产品线",
                "warengruppe",
                "kategorie",
                "catégorie",
                "categoría",
                "категория",
            ],
            Role::LastPurchase => &[
                "lastpurchase",
                "lastpurchasedate",
                "lastorderdate",
                "lastorder",
                "lasttransactiondate",
                "lastpurchaseat",
                "lastorderat",
                "最近购买日期",
                "最近购买时间",
                "最近一次购买日期",
                "最近一次购买时间",
                "最后购买日期",
                "最后购买时间",
                "最近消费日期",
                "最近一次消费日期",
                "最近下单日期",
                "最近下单时间",
                "末次购买日期",
            ],
            Role::FirstPurchase => &[
                "firstpurchase",
                "firstpurchasedate",
                "firstorderdate",
                "firstorder",
                "firsttransactiondate",
                "firstpurchaseat",
                "firstorderat",
                "首次购买日期",
                "首次购买时间",
                "第一次购买日期",
                "首次消费日期",
                "首次下单日期",
                "首次下单时间",
                "首单日期",
            ],
            Role::Recency => &[
                "recencydays",
                "recency",
                "dayssincelastpurchase",
                "dayssincelastorder",
                "最近购买天数",
                "最近消费天数",
                "距上次购买天数",
                "距今天数",
                "最近一次消费间隔",
            ],
            Role::Frequency => &[
                "frequency",
                "purchases",
                "numberofpurchases",
                "purchasecount",
                "ordercount",
                "numberoforders",
                "orders",
                "购买次数",
                "消费次数",
                "下单次数",
                "订单数",
                "订单数量",
                "购买频次",
                "消费频次",
            ],
            Role::Monetary => &[
                "monetary",
                "monetaryvalue",
                "netrevenue",
                "totalspend",
                "totalrevenue",
                "totalsales",
                "lifetimerevenue",
                "消费金额",
                "累计消费金额",
                "消费总额",
                "总消费金额",
                "购买金额",
                "累计金额",
            ],
            Role::PurchaseDays => &[
                "purchasedays",
                "distinctpurchasedays",
                "购买天数",
                "消费天数",
            ],
            Role::RepeatMonetary => &[
                "repeatmonetary",
                "repeatrevenue",
                "repeatspend",
                "复购金额",
                "复购消费金额",
            ],
        }
    }

    /// Columns with no header recognised for this role fall back to these roles' headers: a
    /// customer file's net revenue may be headed like a transaction's amount (`total`, 金额).
    fn fallback(self) -> Option<Role> {
        match self {
            Role::Monetary => Some(Role::Amount),
            _ => None,
        }
    }
}

/// Header names compared without case, spaces or punctuation, so that `Customer ID`,
/// `customer_id` and `CustomerID` all match, without a unit in brackets after the name,
/// which does not change what the column is (`金额(元)`, `实付金额（元）` and `Amount (USD)` are
/// amounts), and in simplified Chinese characters, so that Traditional headers (客戶編號,
/// 訂單日期, 實付金額) and Japanese ones (単価, 金額) match too.
pub(crate) fn normalise(header: &str) -> String {
    without_unit(header.trim())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(simplified)
        .collect()
}

/// Traditional (and Japanese) characters that recognised headers are written with, and at the
/// same places in [`SIMPLIFIED`], their simplified forms.
const TRADITIONAL: &str = "戶編號碼會員顧買暱稱機郵電購貨單単時間訂費創業開銷庫額實際價稅計應總數發進區國場門鋪舖類產線據後頻復務來実価";
const SIMPLIFIED: &str = "户编号码会员顾买昵称机邮电购货单单时间订费创业开销库额实际价税计应总数发进区国场门铺铺类产线据后频复务来实价";

/// The simplified form of a character of [`TRADITIONAL`]; other characters as they are.
fn simplified(c: char) -> char {
    TRADITIONAL
        .chars()
        .zip(SIMPLIFIED.chars())
        .find(|&(from, _)| from == c)
        .map_or(c, |(_, to)| to)
}

/// `header` without a bracketed part at its end, unless that is all there is.
fn without_unit(header: &str) -> &str {
    [('(', ')'), ('（', '）'), ('[', ']')]
        .into_iter()
        .find_map(|(open, close)| {
            let inner = header.strip_suffix(close)?;
            let name = inner[..inner.rfind(open)?].trim_end();
            (!name.is_empty()).then_some(name)
        })
        .unwrap_or(header)
}

/// Where the transaction value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueColumns {
    /// One amount column.
    Amount(usize),
    /// Quantity × unit price.
    QuantityTimesPrice {
        /// The quantity column.
        quantity: usize,
        /// The unit price column.
        price: usize,
    },
}

/// The columns used for each role, as 0-based positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMap {
    /// Customer id.
    pub customer: usize,
    /// Transaction date.
    pub date: usize,
    /// Transaction value.
    pub value: ValueColumns,
    /// Order id, if the file has one.
    pub order: Option<usize>,
    /// The row's cost, if the file has one.
    pub cost: Option<usize>,
    /// The order's status, if the file has one.
    pub status: Option<usize>,
    /// The part of the amount refunded, if the file has one.
    pub refund: Option<usize>,
    /// The amount's currency, if the file has one.
    pub currency: Option<usize>,
    /// The descriptive columns found, among [`Role::ATTRIBUTES`], in that order.
    pub attributes: Vec<(Role, usize)>,
}

/// A column named by its header or by its 1-based position, as in `customer=3`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnRef {
    /// The header, compared like recognised headers (ignoring case, spaces and punctuation).
    Name(String),
    /// 1-based position.
    Position(usize),
    /// No column: the role is left out even where a header would be recognised for it (a
    /// column taken for the order id that is not one, say). A needed role left out is missing.
    Unused,
}

impl std::str::FromStr for ColumnRef {
    type Err = String;

    /// A number is a position (from 1), `none` leaves the role out, anything else is a header
    /// name (a header that is literally "none" can be given by its position).
    fn from_str(text: &str) -> Result<ColumnRef, String> {
        let text = text.trim();
        match text.parse::<usize>() {
            Ok(0) => Err("column positions start at 1".to_string()),
            Ok(position) => Ok(ColumnRef::Position(position)),
            Err(_) if text.is_empty() => Err("the column name is empty".to_string()),
            Err(_) if text == "none" => Ok(ColumnRef::Unused),
            Err(_) => Ok(ColumnRef::Name(text.to_string())),
        }
    }
}

/// Columns chosen by the user; a role left `None` is recognised from the header row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnOverrides {
    /// Customer id.
    pub customer: Option<ColumnRef>,
    /// Date.
    pub date: Option<ColumnRef>,
    /// Amount.
    pub amount: Option<ColumnRef>,
    /// Quantity (with price, when there is no amount).
    pub quantity: Option<ColumnRef>,
    /// Unit price (with quantity).
    pub price: Option<ColumnRef>,
    /// Order id.
    pub order: Option<ColumnRef>,
    /// Cost of the row (in a customer file, of the customer).
    pub cost: Option<ColumnRef>,
    /// The order's status.
    pub status: Option<ColumnRef>,
    /// The part of the amount refunded.
    pub refund: Option<ColumnRef>,
    /// The amount's currency.
    pub currency: Option<ColumnRef>,
    /// Region.
    pub region: Option<ColumnRef>,
    /// Sales channel.
    pub channel: Option<ColumnRef>,
    /// Product category.
    pub category: Option<ColumnRef>,
    /// Customer files: last purchase date.
    pub last_purchase: Option<ColumnRef>,
    /// Customer files: first purchase date.
    pub first_purchase: Option<ColumnRef>,
    /// Customer files: recency in days.
    pub recency: Option<ColumnRef>,
    /// Customer files: purchase occasions.
    pub frequency: Option<ColumnRef>,
    /// Customer files: net revenue.
    pub monetary: Option<ColumnRef>,
    /// Customer files: distinct purchase days.
    pub purchase_days: Option<ColumnRef>,
    /// Customer files: net revenue after the first purchase day.
    pub repeat_monetary: Option<ColumnRef>,
}

/// The roles a user can name in `--column ROLE=COLUMN`, as written in messages.
const ROLE_NAMES: &str = "customer, date, amount, quantity, price, order, cost, status, refund, currency, region, channel or category; in a customer file customer, lastPurchase, firstPurchase, recency, frequency, monetary, purchaseDays, repeatMonetary or cost";

impl ColumnOverrides {
    /// Sets the column of a role named as in `--column ROLE=COLUMN`: `customer`, `date`,
    /// `amount`, `quantity`, `price`, `order`, `cost`, `status`, `refund`, `currency`, `region`,
    /// `channel` or `category`, and for
    /// customer files `lastPurchase`, `firstPurchase`, `recency`, `frequency`, `monetary`,
    /// `purchaseDays` and `repeatMonetary` (also written `last_purchase` or `last-purchase`).
    pub fn set(&mut self, role: &str, column: ColumnRef) -> Result<(), String> {
        let slot = match normalise(role).as_str() {
            "customer" => &mut self.customer,
            "date" => &mut self.date,
            "amount" => &mut self.amount,
            "quantity" => &mut self.quantity,
            "price" => &mut self.price,
            "order" => &mut self.order,
            "cost" => &mut self.cost,
            "status" => &mut self.status,
            "refund" => &mut self.refund,
            "currency" => &mut self.currency,
            "region" => &mut self.region,
            "channel" => &mut self.channel,
            "category" => &mut self.category,
            "lastpurchase" => &mut self.last_purchase,
            "firstpurchase" => &mut self.first_purchase,
            "recency" => &mut self.recency,
            "frequency" => &mut self.frequency,
            "monetary" => &mut self.monetary,
            "purchasedays" => &mut self.purchase_days,
            "repeatmonetary" => &mut self.repeat_monetary,
            _ => {
                return Err(format!(
                    "unknown column role '{}'; use {ROLE_NAMES}",
                    role.trim()
                ))
            }
        };
        *slot = Some(column);
        Ok(())
    }

    fn get(&self, role: Role) -> Option<&ColumnRef> {
        match role {
            Role::Customer => self.customer.as_ref(),
            Role::Date => self.date.as_ref(),
            Role::Amount => self.amount.as_ref(),
            Role::Quantity => self.quantity.as_ref(),
            Role::Price => self.price.as_ref(),
            Role::Order => self.order.as_ref(),
            Role::Cost => self.cost.as_ref(),
            Role::Status => self.status.as_ref(),
            Role::Refund => self.refund.as_ref(),
            Role::Currency => self.currency.as_ref(),
            Role::Region => self.region.as_ref(),
            Role::Channel => self.channel.as_ref(),
            Role::Category => self.category.as_ref(),
            Role::LastPurchase => self.last_purchase.as_ref(),
            Role::FirstPurchase => self.first_purchase.as_ref(),
            Role::Recency => self.recency.as_ref(),
            Role::Frequency => self.frequency.as_ref(),
            Role::Monetary => self.monetary.as_ref(),
            Role::PurchaseDays => self.purchase_days.as_ref(),
            Role::RepeatMonetary => self.repeat_monetary.as_ref(),
        }
    }

    /// Whether any role of a customer file is given a column, which makes an undetected file
    /// one.
    fn name_customer_roles(&self) -> bool {
        [
            &self.last_purchase,
            &self.first_purchase,
            &self.recency,
            &self.frequency,
            &self.monetary,
            &self.purchase_days,
            &self.repeat_monetary,
        ]
        .iter()
        .any(|slot| matches!(slot, Some(ColumnRef::Name(_) | ColumnRef::Position(_))))
    }
}

/// Finds the column of each role in one file: the user's choice where given, otherwise the
/// first header that names the role.
struct Locator<'a> {
    headers: Option<&'a [String]>,
    normalised: Vec<String>,
    fields: usize,
    overrides: &'a ColumnOverrides,
}

impl<'a> Locator<'a> {
    fn new(
        headers: Option<&'a [String]>,
        fields: usize,
        overrides: &'a ColumnOverrides,
    ) -> Locator<'a> {
        let normalised = headers
            .unwrap_or_default()
            .iter()
            .map(|h| normalise(h))
            .collect();
        Locator {
            headers,
            normalised,
            fields,
            overrides,
        }
    }

    fn header_list(&self) -> Vec<String> {
        self.headers.map(<[String]>::to_vec).unwrap_or_default()
    }

    /// The first column recognised for `role` by its header that is not `taken`, so that one
    /// column never becomes, say, both the region and the channel.
    fn recognise_untaken(&self, role: Role, taken: &[usize]) -> Option<usize> {
        role.aliases().iter().find_map(|alias| {
            (0..self.normalised.len())
                .find(|&index| self.normalised[index] == *alias && !taken.contains(&index))
        })
    }

    /// The column recognised by a header alone, ignoring the user's choices.
    fn recognise(&self, role: Role) -> Option<usize> {
        let by_aliases = |role: Role| {
            role.aliases()
                .iter()
                .find_map(|alias| self.normalised.iter().position(|header| header == alias))
        };
        let shopify_order = || {
            (role == Role::Order)
                .then(|| self.shopify_order())
                .flatten()
        };
        by_aliases(role)
            .or_else(|| role.fallback().and_then(by_aliases))
            .or_else(shopify_order)
    }

    /// Shopify's orders export names its order number (`#1001`) `Name`, which in other files is
    /// a person's: it is the order only beside Shopify's `Lineitem …` columns.
    fn shopify_order(&self) -> Option<usize> {
        let is_shopify = self.normalised.iter().any(|h| h.starts_with("lineitem"));
        is_shopify
            .then(|| self.normalised.iter().position(|h| h == "name"))
            .flatten()
    }

    fn find(&self, role: Role) -> Result<Option<usize>, Error> {
        match self.overrides.get(role) {
            Some(ColumnRef::Position(position)) if *position <= self.fields => {
                Ok(Some(position - 1))
            }
            Some(ColumnRef::Position(position)) => Err(ErrorKind::UnknownColumn {
                reference: format!("column {position}"),
                headers: self.header_list(),
                fields: self.fields,
            }
            .into()),
            Some(ColumnRef::Name(name)) => {
                let wanted = normalise(name);
                let exact = self
                    .headers
                    .and_then(|h| h.iter().position(|header| header == name));
                let position = exact.or_else(|| self.normalised.iter().position(|h| *h == wanted));
                position.map(Some).ok_or_else(|| {
                    ErrorKind::UnknownColumn {
                        reference: format!("'{name}'"),
                        headers: self.header_list(),
                        fields: self.fields,
                    }
                    .into()
                })
            }
            Some(ColumnRef::Unused) => Ok(None),
            None => Ok(self.recognise(role)),
        }
    }

    fn missing(&self, role: Role) -> Error {
        ErrorKind::MissingColumn {
            role,
            headers: self.headers.map(<[String]>::to_vec),
        }
        .into()
    }

    fn require(&self, role: Role) -> Result<usize, Error> {
        self.find(role)?.ok_or_else(|| self.missing(role))
    }
}

/// Whether a file has one row per transaction or one row per customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum InputKind {
    /// Decided from the header: a customer file has a frequency column and a last purchase
    /// (or recency) column, or the options name one of its columns.
    #[default]
    Auto,
    /// One row per transaction or order line.
    Transactions,
    /// One row per customer, aggregated elsewhere (a data warehouse, a spreadsheet).
    Customers,
}

impl InputKind {
    /// The kind named `auto`, `transactions` or `customers`.
    pub fn from_name(name: &str) -> Option<InputKind> {
        match name {
            "auto" => Some(InputKind::Auto),
            "transactions" => Some(InputKind::Transactions),
            "customers" => Some(InputKind::Customers),
            _ => None,
        }
    }
}

/// The columns of a file of either kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileColumns {
    /// A transactions file.
    Transactions(ColumnMap),
    /// A customer file.
    Customers(CustomerColumnMap),
}

impl FileColumns {
    /// Decides the kind of file (unless `kind` says) and finds its columns.
    pub fn resolve(
        kind: InputKind,
        headers: Option<&[String]>,
        fields: usize,
        overrides: &ColumnOverrides,
    ) -> Result<FileColumns, Error> {
        Ok(if is_customer_file(kind, headers, fields, overrides) {
            FileColumns::Customers(CustomerColumnMap::resolve(headers, fields, overrides)?)
        } else {
            FileColumns::Transactions(ColumnMap::resolve(headers, fields, overrides)?)
        })
    }

    /// The number of fields a row needs so that every mapped column is present.
    pub fn min_fields(&self) -> usize {
        match self {
            FileColumns::Transactions(map) => map.min_fields(),
            FileColumns::Customers(map) => map.min_fields(),
        }
    }

    /// The column of each role, in the order the roles are listed in [`Role`].
    pub fn roles(&self) -> Vec<(Role, usize)> {
        match self {
            FileColumns::Transactions(map) => {
                let value = match map.value {
                    ValueColumns::Amount(amount) => vec![(Role::Amount, amount)],
                    ValueColumns::QuantityTimesPrice { quantity, price } => {
                        vec![(Role::Quantity, quantity), (Role::Price, price)]
                    }
                };
                [(Role::Customer, map.customer), (Role::Date, map.date)]
                    .into_iter()
                    .chain(value)
                    .chain(map.order.map(|column| (Role::Order, column)))
                    .chain(map.cost.map(|column| (Role::Cost, column)))
                    .chain(map.status.map(|column| (Role::Status, column)))
                    .chain(map.refund.map(|column| (Role::Refund, column)))
                    .chain(map.currency.map(|column| (Role::Currency, column)))
                    .chain(map.attributes.iter().copied())
                    .collect()
            }
            FileColumns::Customers(map) => {
                let last = match map.last_purchase {
                    LastPurchase::Date(column) => (Role::LastPurchase, column),
                    LastPurchase::RecencyDays(column) => (Role::Recency, column),
                };
                let optional = [
                    (Role::FirstPurchase, map.first_purchase),
                    (Role::PurchaseDays, map.purchase_days),
                    (Role::RepeatMonetary, map.repeat_monetary),
                    (Role::Cost, map.cost),
                ];
                [
                    (Role::Customer, map.customer),
                    last,
                    (Role::Frequency, map.frequency),
                    (Role::Monetary, map.monetary),
                ]
                .into_iter()
                .chain(
                    optional
                        .into_iter()
                        .filter_map(|(role, column)| Some((role, column?))),
                )
                .collect()
            }
        }
    }

    /// The columns found for each role one by one, for a file whose mapping
    /// [`resolve`](FileColumns::resolve) rejects, so that the user sees what was recognised
    /// while completing it. Roles with no column, or naming a column that is not there, are
    /// left out, as is a second role for a column already taken.
    pub fn recognised(
        kind: InputKind,
        headers: Option<&[String]>,
        fields: usize,
        overrides: &ColumnOverrides,
    ) -> Vec<(Role, usize)> {
        let roles: &[Role] = if is_customer_file(kind, headers, fields, overrides) {
            &CUSTOMER_FILE_ROLES
        } else {
            &TRANSACTION_ROLES
        };
        let locator = Locator::new(headers, fields, overrides);
        let mut found: Vec<(Role, usize)> = Vec::new();
        for &role in roles {
            let column = match locator.find(role) {
                Ok(Some(column)) => column,
                _ => continue,
            };
            if found.iter().all(|&(_, taken)| taken != column) {
                found.push((role, column));
            }
        }
        found
    }

    /// The columns read as dates, for choosing the date format.
    pub fn date_columns(&self) -> Vec<usize> {
        match self {
            FileColumns::Transactions(map) => vec![map.date],
            FileColumns::Customers(map) => {
                let last = match map.last_purchase {
                    LastPurchase::Date(column) => Some(column),
                    LastPurchase::RecencyDays(_) => None,
                };
                last.into_iter().chain(map.first_purchase).collect()
            }
        }
    }

    /// The columns of money amounts and counts, for choosing the decimal separator.
    pub fn number_columns(&self) -> Vec<usize> {
        match self {
            FileColumns::Transactions(map) => match map.value {
                ValueColumns::Amount(amount) => vec![amount],
                ValueColumns::QuantityTimesPrice { quantity, price } => vec![quantity, price],
            },
            FileColumns::Customers(map) => [Some(map.monetary), map.repeat_monetary, map.cost]
                .into_iter()
                .flatten()
                .collect(),
        }
    }

    /// The header names used for each role, for the report.
    pub fn describe(&self, headers: Option<&[String]>) -> InputColumns {
        match self {
            FileColumns::Transactions(map) => InputColumns::Transactions(map.describe(headers)),
            FileColumns::Customers(map) => InputColumns::Customers(map.describe(headers)),
        }
    }
}

/// Whether `header` is one recognised for a role of a transactions or customer file.
pub(crate) fn is_recognised_header(header: &str) -> bool {
    let name = normalise(header);
    TRANSACTION_ROLES
        .iter()
        .chain(&CUSTOMER_FILE_ROLES)
        .any(|role| role.aliases().contains(&name.as_str()))
}

/// The roles of a transactions file, in the order they claim columns.
const TRANSACTION_ROLES: [Role; 13] = [
    Role::Customer,
    Role::Date,
    Role::Amount,
    Role::Quantity,
    Role::Price,
    Role::Order,
    Role::Cost,
    Role::Status,
    Role::Refund,
    Role::Currency,
    Role::Region,
    Role::Channel,
    Role::Category,
];

/// The roles of a customer file, in the order they claim columns.
const CUSTOMER_FILE_ROLES: [Role; 9] = [
    Role::Customer,
    Role::LastPurchase,
    Role::Recency,
    Role::FirstPurchase,
    Role::Frequency,
    Role::Monetary,
    Role::PurchaseDays,
    Role::RepeatMonetary,
    Role::Cost,
];

/// Whether the file is read as one row per customer: as `kind` says, or, left to detection,
/// when the options name a customer-file role or the header has a frequency column and a last
/// purchase (or recency) column.
fn is_customer_file(
    kind: InputKind,
    headers: Option<&[String]>,
    fields: usize,
    overrides: &ColumnOverrides,
) -> bool {
    match kind {
        InputKind::Transactions => false,
        InputKind::Customers => true,
        InputKind::Auto => {
            let locator = Locator::new(headers, fields, overrides);
            let recognised = |role| locator.recognise(role).is_some();
            overrides.name_customer_roles()
                || (recognised(Role::Frequency)
                    && (recognised(Role::LastPurchase) || recognised(Role::Recency)))
        }
    }
}

/// Where a customer file says when the customer last bought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastPurchase {
    /// A date column.
    Date(usize),
    /// A column of days before asOf.
    RecencyDays(usize),
}

/// The columns of a customer file (one row per customer), as 0-based positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomerColumnMap {
    /// Customer id.
    pub customer: usize,
    /// Last purchase date, or recency in days.
    pub last_purchase: LastPurchase,
    /// First purchase date, if the file has one.
    pub first_purchase: Option<usize>,
    /// Purchase occasions.
    pub frequency: usize,
    /// Net revenue.
    pub monetary: usize,
    /// Distinct purchase days, if the file has them.
    pub purchase_days: Option<usize>,
    /// Net revenue after the first purchase day, if the file has it.
    pub repeat_monetary: Option<usize>,
    /// The customer's total cost, if the file has it.
    pub cost: Option<usize>,
}

impl CustomerColumnMap {
    /// Chooses the column of every role of a customer file, as [`ColumnMap::resolve`] does for
    /// a transactions file. A last purchase date is preferred to a recency column.
    ///
    /// ```
    /// use custval::{ColumnOverrides, CustomerColumnMap, LastPurchase};
    ///
    /// let headers: Vec<String> = ["客户编号", "最近购买日期", "购买次数", "消费金额"]
    ///     .map(String::from)
    ///     .to_vec();
    /// let map = CustomerColumnMap::resolve(Some(&headers), 4, &ColumnOverrides::default())?;
    /// assert_eq!((map.customer, map.last_purchase, map.frequency, map.monetary), (0, LastPurchase::Date(1), 2, 3));
    /// assert_eq!(map.first_purchase, None);
    /// # Ok::<(), custval::Error>(())
    /// ```
    pub fn resolve(
        headers: Option<&[String]>,
        fields: usize,
        overrides: &ColumnOverrides,
    ) -> Result<CustomerColumnMap, Error> {
        let locator = Locator::new(headers, fields, overrides);
        let customer = locator.require(Role::Customer)?;
        let last_purchase = match (
            locator.find(Role::LastPurchase)?,
            locator.find(Role::Recency)?,
        ) {
            (Some(date), _) => LastPurchase::Date(date),
            (None, Some(days)) => LastPurchase::RecencyDays(days),
            (None, None) => return Err(locator.missing(Role::LastPurchase)),
        };
        Ok(CustomerColumnMap {
            customer,
            last_purchase,
            first_purchase: locator.find(Role::FirstPurchase)?,
            frequency: locator.require(Role::Frequency)?,
            monetary: locator.require(Role::Monetary)?,
            purchase_days: locator.find(Role::PurchaseDays)?,
            repeat_monetary: locator.find(Role::RepeatMonetary)?,
            cost: locator.find(Role::Cost)?,
        })
    }

    /// The number of fields a row needs so that every mapped column is present.
    pub fn min_fields(&self) -> usize {
        let last = match self.last_purchase {
            LastPurchase::Date(column) | LastPurchase::RecencyDays(column) => column,
        };
        let optional = [
            self.first_purchase,
            self.purchase_days,
            self.repeat_monetary,
            self.cost,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
        1 + self
            .customer
            .max(last)
            .max(self.frequency)
            .max(self.monetary)
            .max(optional)
    }

    /// The header names (or `column N`) used for each role, for the report.
    pub fn describe(&self, headers: Option<&[String]>) -> CustomerColumnsUsed {
        let name = |index: usize| column_name(headers, index);
        let (last_purchase, recency) = match self.last_purchase {
            LastPurchase::Date(column) => (Some(name(column)), None),
            LastPurchase::RecencyDays(column) => (None, Some(name(column))),
        };
        CustomerColumnsUsed {
            customer: name(self.customer),
            last_purchase,
            recency,
            first_purchase: self.first_purchase.map(name),
            frequency: name(self.frequency),
            monetary: name(self.monetary),
            purchase_days: self.purchase_days.map(name),
            repeat_monetary: self.repeat_monetary.map(name),
            cost: self.cost.map(name),
        }
    }
}

/// The header of a column, or `column N` without a header row.
fn column_name(headers: Option<&[String]>, index: usize) -> String {
    match headers {
        Some(headers) => headers.get(index).cloned().unwrap_or_default(),
        None => format!("column {}", index + 1),
    }
}

/// The header of the column used for each role of a customer file, as reported in
/// `input.columns`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerColumnsUsed {
    /// Customer id column.
    pub customer: String,
    /// Last purchase date column, when the file has one.
    pub last_purchase: Option<String>,
    /// Recency column, when the file has no last purchase date.
    pub recency: Option<String>,
    /// First purchase date column, if any.
    pub first_purchase: Option<String>,
    /// Frequency column.
    pub frequency: String,
    /// Monetary column.
    pub monetary: String,
    /// Purchase days column, if any.
    pub purchase_days: Option<String>,
    /// Repeat monetary column, if any.
    pub repeat_monetary: Option<String>,
    /// Cost column, if any.
    pub cost: Option<String>,
}

/// The columns used, as reported in `input.columns`: their roles depend on the kind of file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum InputColumns {
    /// A transactions file's columns.
    Transactions(ColumnsUsed),
    /// A customer file's columns.
    Customers(CustomerColumnsUsed),
}

impl InputColumns {
    /// The columns of a transactions file; `None` for a customer file.
    pub fn transactions(&self) -> Option<&ColumnsUsed> {
        match self {
            InputColumns::Transactions(columns) => Some(columns),
            InputColumns::Customers(_) => None,
        }
    }

    /// The columns of a customer file; `None` for a transactions file.
    pub fn customers(&self) -> Option<&CustomerColumnsUsed> {
        match self {
            InputColumns::Customers(columns) => Some(columns),
            InputColumns::Transactions(_) => None,
        }
    }
}

impl ColumnMap {
    /// Recognises the columns from a header row.
    ///
    /// ```
    /// use custval::{ColumnMap, ValueColumns};
    ///
    /// let map = ColumnMap::from_headers(&["订单号", "客户编号", "下单时间", "实付金额"])?;
    /// assert_eq!((map.customer, map.date, map.order), (1, 2, Some(0)));
    /// assert_eq!(map.value, ValueColumns::Amount(3));
    /// # Ok::<(), custval::Error>(())
    /// ```
    pub fn from_headers<S: AsRef<str>>(headers: &[S]) -> Result<ColumnMap, Error> {
        let headers: Vec<String> = headers.iter().map(|h| h.as_ref().to_string()).collect();
        ColumnMap::resolve(Some(&headers), headers.len(), &ColumnOverrides::default())
    }

    /// Chooses the column of every role: the user's choice where given, otherwise the first
    /// header that names the role. Without a header row (`headers` is `None`), every required
    /// role must be given by position. `fields` is the number of fields in the first row.
    pub fn resolve(
        headers: Option<&[String]>,
        fields: usize,
        overrides: &ColumnOverrides,
    ) -> Result<ColumnMap, Error> {
        let locator = Locator::new(headers, fields, overrides);
        let find = |role: Role| locator.find(role);
        let missing = |role: Role| locator.missing(role);
        let customer = locator.require(Role::Customer)?;
        let date = locator.require(Role::Date)?;
        let amount = find(Role::Amount)?;
        let (quantity, price) = (find(Role::Quantity)?, find(Role::Price)?);
        let explicit_product = overrides.quantity.is_some() && overrides.price.is_some();
        let value = match (amount, quantity, price) {
            (_, Some(quantity), Some(price)) if explicit_product && overrides.amount.is_none() => {
                ValueColumns::QuantityTimesPrice { quantity, price }
            }
            (Some(amount), _, _) => ValueColumns::Amount(amount),
            (None, Some(quantity), Some(price)) => {
                ValueColumns::QuantityTimesPrice { quantity, price }
            }
            _ => return Err(missing(Role::Amount)),
        };
        let (order, cost) = (find(Role::Order)?, find(Role::Cost)?);
        let (status, currency) = (find(Role::Status)?, find(Role::Currency)?);
        let refund = find(Role::Refund)?;
        let mut taken: Vec<usize> = [
            Some(customer),
            Some(date),
            amount,
            quantity,
            price,
            order,
            cost,
            status,
            refund,
            currency,
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut attributes = Vec::new();
        for role in Role::ATTRIBUTES {
            let found = match overrides.get(role) {
                Some(_) => find(role)?,
                None => locator.recognise_untaken(role, &taken),
            };
            if let Some(index) = found {
                attributes.push((role, index));
                taken.push(index);
            }
        }
        Ok(ColumnMap {
            customer,
            date,
            value,
            order,
            cost,
            status,
            refund,
            currency,
            attributes,
        })
    }

    /// The number of fields a row needs so that every mapped column is present.
    pub fn min_fields(&self) -> usize {
        let value_max = match self.value {
            ValueColumns::Amount(amount) => amount,
            ValueColumns::QuantityTimesPrice { quantity, price } => quantity.max(price),
        };
        let attributes = self.attributes.iter().map(|&(_, index)| index).max();
        let optional = [
            self.order,
            self.cost,
            self.status,
            self.refund,
            self.currency,
            attributes,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
        1 + self.customer.max(self.date).max(value_max).max(optional)
    }

    /// The header names (or `column N` without a header row) used for each role, for the report.
    pub fn describe(&self, headers: Option<&[String]>) -> ColumnsUsed {
        let name = |index: usize| column_name(headers, index);
        let (amount, quantity, price) = match self.value {
            ValueColumns::Amount(amount) => (Some(name(amount)), None, None),
            ValueColumns::QuantityTimesPrice { quantity, price } => {
                (None, Some(name(quantity)), Some(name(price)))
            }
        };
        ColumnsUsed {
            customer: name(self.customer),
            date: name(self.date),
            amount,
            quantity,
            price,
            order: self.order.map(name),
            cost: self.cost.map(name),
            status: self.status.map(name),
            refund: self.refund.map(name),
            currency: self.currency.map(name),
            region: self.attribute(Role::Region).map(name),
            channel: self.attribute(Role::Channel).map(name),
            category: self.attribute(Role::Category).map(name),
        }
    }

    /// The column of a descriptive role, if the file has one.
    pub fn attribute(&self, role: Role) -> Option<usize> {
        self.attributes
            .iter()
            .find_map(|&(found, index)| (found == role).then_some(index))
    }
}

/// The header of the column used for each role, as reported in `input.columns`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnsUsed {
    /// Customer id column.
    pub customer: String,
    /// Date column.
    pub date: String,
    /// Amount column, when the value is an amount.
    pub amount: Option<String>,
    /// Quantity column, when the value is quantity × unit price.
    pub quantity: Option<String>,
    /// Unit price column, when the value is quantity × unit price.
    pub price: Option<String>,
    /// Order id column, if any.
    pub order: Option<String>,
    /// Cost, if a cost column was used.
    pub cost: Option<String>,
    /// Order status, if the file has one: rows whose status means no completed sale are
    /// skipped.
    pub status: Option<String>,
    /// The part of the amount refunded, if the file has one: subtracted from the amount.
    pub refund: Option<String>,
    /// The amount's currency, if the file has one: the report says when its rows hold several.
    pub currency: Option<String>,
    /// Region, if the file has one.
    pub region: Option<String>,
    /// Sales channel, if the file has one.
    pub channel: Option<String>,
    /// Product category, if the file has one.
    pub category: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(headers: &[&str]) -> Result<ColumnMap, Error> {
        ColumnMap::from_headers(headers)
    }

    /// Each header set maps the customer, date and amount to its first three columns.
    fn assert_customer_date_and_amount_first(cases: &[&[&str]]) {
        for headers in cases {
            let found = map(headers).unwrap();
            let mapped = (found.customer, found.date, found.value);
            assert_eq!(mapped, (0, 1, ValueColumns::Amount(2)), "{headers:?}");
        }
    }

    #[test]
    fn english_headers_in_any_case_and_punctuation() {
        let found = map(&["Invoice No", "Customer_ID", "InvoiceDate", "Amount"]).unwrap();
        assert_eq!(
            found,
            ColumnMap {
                customer: 1,
                date: 2,
                value: ValueColumns::Amount(3),
                order: Some(0),
                cost: None,
                status: None,
                refund: None,
                currency: None,
                attributes: Vec::new(),
            }
        );
    }

    #[test]
    fn chinese_headers() {
        let found = map(&["会员号", "订单日期", "金额"]).unwrap();
        assert_eq!(
            found,
            ColumnMap {
                customer: 0,
                date: 1,
                value: ValueColumns::Amount(2),
                order: None,
                cost: None,
                status: None,
                refund: None,
                currency: None,
                attributes: Vec::new(),
            }
        );
    }

    #[test]
    fn units_in_brackets_and_the_headers_of_accounting_and_point_of_sale_exports() {
        let cases: [&[&str]; 15] = [
            &["客户", "单据日期", "价税合计"],
            &["会员卡号", "消费时间", "实收金额"],
            &["客户名称", "业务日期", "含税金额"],
            &["购买人", "购买日期", "金额"],
            &["会员卡号", "交易时间", "交易金额"],
            &["客户编码", "开单日期", "销售金额"],
            &["收货人", "下单时间", "应付金额"],
            &["Customer", "Posting Date", "Amount (LCY)"],
            &["Sold-to party", "Billing Date", "Net value"],
            &["客户编号", "下单时间", "金额(元)"],
            &["会员号", "订单日期", "实付金额（元）"],
            &["Customer ID", "Order Date", "Amount (USD)"],
            &["Cust ID", "Trans Date", "Transaction Amount"],
            &["Account Number", "Invoice Date", "Net Amount [EUR]"],
            &["Client Code", "Date", "Total Amount"],
        ];
        assert_customer_date_and_amount_first(&cases);
        // A header that is all unit stays what it is.
        assert_eq!(normalise(" (USD) "), "usd");
        assert_eq!(normalise("Amount (USD)"), "amount");
    }

    #[test]
    fn traditional_chinese_japanese_korean_and_european_headers() {
        let cases: [&[&str]; 10] = [
            &["客戶編號", "訂單日期", "實付金額"],
            &["會員編號", "交易日期", "金額"],
            &["顧客ID", "注文日", "売上金額"],
            &["顧客番号", "日付", "合計金額"],
            &["고객번호", "날짜", "금액"],
            &["Kundennummer", "Rechnungsdatum", "Betrag"],
            &["Kunde", "Datum", "Umsatz"],
            &["Numéro client", "Date de commande", "Montant TTC"],
            &["Cliente", "Fecha", "Importe"],
            &["Клиент", "Дата", "Сумма"],
        ];
        assert_customer_date_and_amount_first(&cases);
        let by_lines: [&[&str]; 3] = [
            &["顧客ID", "日付", "数量", "単価"],
            &["Kunde", "Datum", "Menge", "Einzelpreis"],
            &["Клиент", "Дата", "Кол-во", "Цена"],
        ];
        for headers in by_lines {
            let value = map(headers).unwrap().value;
            let expected = ValueColumns::QuantityTimesPrice {
                quantity: 2,
                price: 3,
            };
            assert_eq!(value, expected, "{headers:?}");
        }
        assert_eq!(
            TRADITIONAL.chars().count(),
            SIMPLIFIED.chars().count(),
            "every Traditional character needs its simplified form"
        );
    }

    #[test]
    fn shop_exports_as_they_come() {
        let shopify = [
            "Name",
            "Email",
            "Financial Status",
            "Paid at",
            "Currency",
            "Subtotal",
            "Total",
            "Created at",
            "Lineitem quantity",
            "Lineitem price",
            "Billing Country",
            "Source",
            "Refunded Amount",
        ];
        let woocommerce = [
            "Order ID",
            "Order Date",
            "Order Status",
            "Customer User ID",
            "Billing Email",
            "Order Total Amount",
        ];
        let taobao = [
            "订单编号",
            "买家会员名",
            "买家应付货款",
            "买家实际支付金额",
            "订单状态",
            "订单创建时间",
            "订单付款时间",
            "退款金额",
        ];
        // Etsy's sold orders: the buyer's id before the buyer's user name.
        let etsy = [
            "Sale Date",
            "Order ID",
            "Buyer User ID",
            "Full Name",
            "Order Value",
            "Order Total",
            "Buyer",
        ];
        // A database table's dump (ECShop's order_info).
        let database = [
            "order_id",
            "order_sn",
            "user_id",
            "order_status",
            "goods_amount",
            "order_amount",
            "add_time",
            "pay_time",
        ];
        // Stripe's payments export: the amounts in the account's currency.
        let stripe = [
            "id",
            "Created date (UTC)",
            "Amount",
            "Amount Refunded",
            "Currency",
            "Converted Amount",
            "Converted Currency",
            "Description",
            "Fee",
            "Status",
            "Customer ID",
            "Customer Description",
            "Customer Email",
            "Converted Amount Refunded",
        ];
        let ebay = [
            "Sales Record Number",
            "Order Number",
            "Buyer Username",
            "Buyer Name",
            "Buyer Email",
            "Sold For",
            "Total Price",
            "Sale Date",
        ];
        let cases: [(&[&str], _); 7] = [
            (&stripe, (10, 1, ValueColumns::Amount(5), None)),
            (&ebay, (2, 7, ValueColumns::Amount(6), Some(1))),
            (&shopify, (1, 7, ValueColumns::Amount(6), Some(0))),
            (&database, (2, 6, ValueColumns::Amount(5), Some(0))),
            (&woocommerce, (3, 1, ValueColumns::Amount(5), Some(0))),
            (&taobao, (1, 5, ValueColumns::Amount(3), Some(0))),
            (&etsy, (2, 0, ValueColumns::Amount(5), Some(1))),
        ];
        for (headers, expected) in cases {
            let found = map(headers).unwrap();
            let mapped = (found.customer, found.date, found.value, found.order);
            assert_eq!(mapped, expected, "{headers:?}");
        }
        // The order's status, where a shop gives it.
        let statuses = [&shopify[..], &woocommerce[..], &taobao[..], &stripe[..]]
            .map(|h| map(h).unwrap().status);
        assert_eq!(statuses, [Some(2), Some(2), Some(4), Some(9)]);
        // The part refunded, in the amount's currency: Stripe's converted one.
        let refunds = [&shopify[..], &taobao[..], &stripe[..], &woocommerce[..]]
            .map(|h| map(h).unwrap().refund);
        assert_eq!(refunds, [Some(12), Some(7), Some(13), None]);
        // Elsewhere a name is a person's, never the order.
        let named = map(&["Customer ID", "Name", "Date", "Amount", "Product name"]).unwrap();
        assert_eq!(named.order, None);
    }

    #[test]
    fn region_channel_and_category_in_english_and_chinese() {
        let english = map(&[
            "Category",
            "Customer",
            "Date",
            "Amount",
            "Country",
            "Sales Channel",
        ]);
        let english = english.unwrap();
        assert_eq!(
            english.attributes,
            [(Role::Region, 4), (Role::Channel, 5), (Role::Category, 0)]
        );
        assert_eq!(english.min_fields(), 6);
        let chinese = map(&["客户编号", "日期", "金额", "渠道", "品类"]).unwrap();
        assert_eq!(
            chinese.attributes,
            [(Role::Channel, 3), (Role::Category, 4)]
        );
        assert_eq!(chinese.attribute(Role::Region), None);
        let mut overrides = ColumnOverrides::default();
        overrides
            .set("region", ColumnRef::Name("Store".into()))
            .unwrap();
        let headers = owned(&["customer", "date", "amount", "Store"]);
        let chosen = ColumnMap::resolve(Some(&headers), 4, &overrides).unwrap();
        // An explicit region takes the column that would otherwise be read as a channel.
        assert_eq!(chosen.attributes, [(Role::Region, 3)]);
        let error = overrides
            .set("segment", ColumnRef::Position(1))
            .unwrap_err();
        assert!(error.contains("region, channel or category"), "{error}");
    }

    #[test]
    fn quantity_times_price_when_no_amount() {
        let found = map(&[
            "InvoiceNo",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
        ])
        .unwrap();
        assert_eq!(
            found.value,
            ValueColumns::QuantityTimesPrice {
                quantity: 1,
                price: 3
            }
        );
        assert_eq!(found.min_fields(), 5);
    }

    #[test]
    fn amount_preferred_over_quantity_and_price() {
        let found = map(&["customer", "date", "qty", "price", "total"]).unwrap();
        assert_eq!(found.value, ValueColumns::Amount(4));
    }

    #[test]
    fn more_specific_alias_wins() {
        // "Customer Name" is not an id; "Client ID" is recognised ahead of a bare "time".
        let found = map(&["time", "Customer Name", "Client ID", "Order Date", "amount"]).unwrap();
        assert_eq!((found.customer, found.date), (2, 3));
    }

    #[test]
    fn missing_customer_names_the_headers_and_the_fix() {
        let error = map(&["when", "how much"]).unwrap_err();
        assert_eq!(error.code(), "missingColumn");
        let message = error.to_string();
        assert!(message.contains("no customer id column"), "{message}");
        assert!(message.contains("[when, how much]"), "{message}");
        assert!(message.contains("customer_id"), "{message}");
    }

    #[test]
    fn missing_date() {
        let message = map(&["customer", "amount"]).unwrap_err().to_string();
        assert!(message.contains("no date column"), "{message}");
    }

    #[test]
    fn missing_amount_with_only_quantity() {
        let message = map(&["customer", "date", "quantity"])
            .unwrap_err()
            .to_string();
        assert!(message.contains("no amount"), "{message}");
    }

    #[test]
    fn describe_names_the_headers_used() {
        let headers = owned(&[
            "InvoiceNo",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
        ]);
        let used = ColumnMap::from_headers(&headers)
            .unwrap()
            .describe(Some(&headers));
        assert_eq!(used.customer, "CustomerID");
        assert_eq!(used.quantity.as_deref(), Some("Quantity"));
        assert_eq!(used.price.as_deref(), Some("UnitPrice"));
        assert_eq!(used.amount, None);
        assert_eq!(used.order.as_deref(), Some("InvoiceNo"));
    }

    fn owned(headers: &[&str]) -> Vec<String> {
        headers.iter().map(|h| h.to_string()).collect()
    }

    fn overrides(pairs: &[(&str, &str)]) -> ColumnOverrides {
        let mut overrides = ColumnOverrides::default();
        for (role, column) in pairs {
            overrides.set(role, column.parse().unwrap()).unwrap();
        }
        overrides
    }

    #[test]
    fn overrides_by_name_and_position_win_over_recognition() {
        let headers = owned(&["Kunde", "Datum", "Betrag", "customer_id"]);
        let chosen = overrides(&[("customer", "kunde"), ("date", "2"), ("amount", "Betrag")]);
        let map = ColumnMap::resolve(Some(&headers), 4, &chosen).unwrap();
        assert_eq!(
            (map.customer, map.date, map.value),
            (0, 1, ValueColumns::Amount(2))
        );
    }

    #[test]
    fn headerless_files_need_positions() {
        let chosen = overrides(&[("customer", "2"), ("date", "3"), ("amount", "5")]);
        let map = ColumnMap::resolve(None, 5, &chosen).unwrap();
        assert_eq!(
            (map.customer, map.date, map.value),
            (1, 2, ValueColumns::Amount(4))
        );
        assert_eq!(map.describe(None).customer, "column 2");
        let error = ColumnMap::resolve(None, 5, &ColumnOverrides::default()).unwrap_err();
        assert!(
            error.to_string().contains("without a header row"),
            "{error}"
        );
    }

    #[test]
    fn explicit_quantity_and_price_beat_a_recognised_amount() {
        let headers = owned(&["customer", "date", "total", "qty", "each"]);
        let chosen = overrides(&[("quantity", "qty"), ("price", "each")]);
        let map = ColumnMap::resolve(Some(&headers), 5, &chosen).unwrap();
        assert_eq!(
            map.value,
            ValueColumns::QuantityTimesPrice {
                quantity: 3,
                price: 4
            }
        );
    }

    #[test]
    fn recognised_columns_can_be_left_out() {
        let headers = owned(&[
            "InvoiceNo",
            "CustomerID",
            "InvoiceDate",
            "Amount",
            "Country",
            "Cost",
        ]);
        let recognised =
            ColumnMap::resolve(Some(&headers), 6, &ColumnOverrides::default()).unwrap();
        let attributes = vec![(Role::Region, 4)];
        assert_eq!(
            (recognised.order, recognised.cost, recognised.attributes),
            (Some(0), Some(5), attributes)
        );
        let chosen = overrides(&[("order", "none"), ("region", "none"), ("cost", "none")]);
        let map = ColumnMap::resolve(Some(&headers), 6, &chosen).unwrap();
        assert_eq!((map.order, map.cost, map.attributes), (None, None, vec![]));
        assert_eq!(
            (map.customer, map.date, map.value),
            (1, 2, ValueColumns::Amount(3))
        );
        // A needed role left out is missing; leaving out a customer file's role does not make
        // the file a customer file.
        let error = ColumnMap::resolve(Some(&headers), 6, &overrides(&[("customer", "none")]));
        assert!(error
            .unwrap_err()
            .to_string()
            .contains("no customer id column"));
        let kind = FileColumns::resolve(
            InputKind::Auto,
            Some(&headers),
            6,
            &overrides(&[("frequency", "none")]),
        );
        assert!(matches!(kind, Ok(FileColumns::Transactions(_))));
    }

    #[test]
    fn unknown_overrides_are_errors() {
        let headers = owned(&["customer", "date", "amount"]);
        let by_name = ColumnMap::resolve(Some(&headers), 3, &overrides(&[("customer", "client")]))
            .unwrap_err();
        assert_eq!(by_name.code(), "unknownColumn");
        assert!(by_name.to_string().contains("'client'"), "{by_name}");
        let by_position =
            ColumnMap::resolve(Some(&headers), 3, &overrides(&[("date", "9")])).unwrap_err();
        assert!(
            by_position.to_string().contains("column 9"),
            "{by_position}"
        );
        assert!(ColumnOverrides::default()
            .set("buyer", ColumnRef::Position(1))
            .is_err());
        assert!("0".parse::<ColumnRef>().is_err());
    }

    #[test]
    fn the_kind_of_file_is_read_from_its_header() {
        let cases: [(&[&str], bool); 7] = [
            (&["customer_id", "date", "amount"], false),
            (&["customer_id", "order_date", "total", "orders"], false),
            (
                &["customer_id", "last_purchase", "frequency", "monetary"],
                true,
            ),
            (
                &["Customer ID", "Recency (days)", "Frequency", "Total Spend"],
                true,
            ),
            (&["客户编号", "最近购买日期", "购买次数", "消费金额"], true),
            (
                &[
                    "会员号",
                    "首次购买日期",
                    "最近一次购买日期",
                    "订单数",
                    "金额",
                ],
                true,
            ),
            // A frequency alone does not make a customer file.
            (&["customer", "date", "amount", "frequency"], false),
        ];
        for (headers, customers) in cases {
            let headers = owned(headers);
            let found = FileColumns::resolve(
                InputKind::Auto,
                Some(&headers),
                headers.len(),
                &ColumnOverrides::default(),
            )
            .unwrap();
            assert_eq!(
                matches!(found, FileColumns::Customers(_)),
                customers,
                "{headers:?}"
            );
        }
    }

    #[test]
    fn customer_roles_by_alias_fallback_and_override() {
        let headers = owned(&[
            "会员号",
            "首次购买日期",
            "最近一次购买日期",
            "订单数",
            "金额",
        ]);
        let map =
            CustomerColumnMap::resolve(Some(&headers), 5, &ColumnOverrides::default()).unwrap();
        assert_eq!(
            (map.customer, map.first_purchase, map.last_purchase),
            (0, Some(1), LastPurchase::Date(2))
        );
        // 金额 is a transaction's amount header, read as the customer's net revenue.
        assert_eq!((map.frequency, map.monetary), (3, 4));
        assert_eq!(map.min_fields(), 5);

        let chosen = overrides(&[("last-purchase", "2"), ("recency", "days ago")]);
        let headers = owned(&["customer_id", "seen", "days ago", "frequency", "monetary"]);
        let map = CustomerColumnMap::resolve(Some(&headers), 5, &chosen).unwrap();
        // A date wins over a recency when both are given.
        assert_eq!(map.last_purchase, LastPurchase::Date(1));
        let used = map.describe(Some(&headers));
        assert_eq!(
            (used.last_purchase.as_deref(), used.recency),
            (Some("seen"), None)
        );
    }

    #[test]
    fn a_customer_file_without_a_required_role_names_it() {
        let cases: [(&[&str], &str); 3] = [
            (
                &["customer", "frequency", "monetary"],
                "no last purchase date (or recency in days) column",
            ),
            (
                &["customer", "last_purchase", "monetary"],
                "no frequency (purchase occasions) column",
            ),
            (
                &["customer", "last_purchase", "frequency"],
                "no monetary value (net revenue) column",
            ),
        ];
        for (headers, expected) in cases {
            let headers = owned(headers);
            let message =
                CustomerColumnMap::resolve(Some(&headers), 3, &ColumnOverrides::default())
                    .unwrap_err()
                    .to_string();
            assert!(message.contains(expected), "{message}");
        }
    }
}
