//! The roles a column can have, and the English and Chinese headers that name each.

use serde::Serialize;

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
    /// How many units, used with [`Role::Price`] when there is no amount column; beside an
    /// amount, a negative quantity marks the row as a return.
    Quantity,
    /// Price per unit, used with [`Role::Quantity`].
    Price,
    /// The order or invoice id; when present, one order is one purchase occasion.
    Order,
    /// What the row cost the seller (the line's cost, in the amount's currency); when present,
    /// it gives the gross margin that turns lifetime revenue into profit. In a customer file,
    /// the customer's total cost.
    Cost,
    /// What the row earned the seller over its cost, as exports without a cost column give it
    /// (the Superstore sample's `Profit`, an ERP's 毛利): its cost is the amount less this.
    /// In a customer file, the customer's total profit: their cost is their monetary value
    /// less it. Read only where the file has no cost column.
    Profit,
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
    /// Who they are, as the data groups them: a CRM's customer type or segment, a membership
    /// level, a needs-based type (价格敏感型, 质量追求型, 品牌忠诚型).
    CustomerType,
    /// Whether the row was bought on discount: a discount's amount, rate or code, any but
    /// none or zero (see [`DiscountKind`](crate::DiscountKind)). A customer whose net revenue
    /// came mostly from discounted rows is price-sensitive (价格敏感型).
    Discount,
    /// Customer files: the day of the customer's last purchase.
    LastPurchase,
    /// Customer files: the day of the customer's first purchase, which the lifetime value needs.
    FirstPurchase,
    /// Customer files: days from the last purchase to asOf: the last purchase when there is no
    /// date for it; beside the date, the day they were counted at, which is the default asOf.
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
    pub const ATTRIBUTES: [Role; 5] = [
        Role::Region,
        Role::Channel,
        Role::Category,
        Role::CustomerType,
        Role::Discount,
    ];

    /// Whether a file cannot be read without the role's column. The amount's may be replaced
    /// by quantity and price and the last purchase's by a recency, but not left out.
    pub(crate) fn is_needed(self) -> bool {
        matches!(
            self,
            Role::Customer
                | Role::Date
                | Role::Amount
                | Role::LastPurchase
                | Role::Recency
                | Role::Frequency
                | Role::Monetary
        )
    }

    /// Whether a sum of the role's column is still such a column, as in an Excel PivotTable's
    /// `Sum of amount`: amounts, quantities and costs add up; prices, dates and ids do not.
    pub(crate) fn adds_up(self) -> bool {
        matches!(
            self,
            Role::Amount
                | Role::Quantity
                | Role::Cost
                | Role::Profit
                | Role::Refund
                | Role::Monetary
                | Role::RepeatMonetary
        )
    }

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
            Role::Profit => "profit",
            Role::Status => "status",
            Role::Refund => "refund",
            Role::Currency => "currency",
            Role::Region => "region",
            Role::Channel => "channel",
            Role::Category => "category",
            Role::CustomerType => "customerType",
            Role::Discount => "discount",
            Role::LastPurchase => "lastPurchase",
            Role::FirstPurchase => "firstPurchase",
            Role::Recency => "recency",
            Role::Frequency => "frequency",
            Role::Monetary => "monetary",
            Role::PurchaseDays => "purchaseDays",
            Role::RepeatMonetary => "repeatMonetary",
        }
    }

    /// The role's name alone, as one column holds it: its
    /// [`description`](Role::description) without the columns that may stand in for it.
    pub fn name(self, language: Language) -> &'static str {
        match (self, language) {
            (Role::Amount, Language::En) => "amount",
            (Role::Amount, Language::ZhCn) => "金额",
            (Role::LastPurchase, Language::En) => "last purchase date",
            (Role::LastPurchase, Language::ZhCn) => "最近购买日期",
            _ => self.description(language),
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
            Role::Profit => ("gross profit", "毛利"),
            Role::Status => ("order status", "订单状态"),
            Role::Refund => ("refunded amount", "退款金额"),
            Role::Currency => ("currency", "币种"),
            Role::Region => ("region", "地区"),
            Role::Channel => ("sales channel", "销售渠道"),
            Role::Category => ("product category", "产品品类"),
            Role::CustomerType => ("customer type", "客户类型"),
            Role::Discount => ("discount", "优惠"),
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
            Role::Profit => ("profit (or 毛利)", "毛利（或 profit）"),
            Role::Status => ("status (or 订单状态)", "订单状态（或 status）"),
            Role::Refund => ("refunded_amount (or 退款金额)", "退款金额（或 refunded_amount）"),
            Role::Currency => ("currency (or 币种)", "币种（或 currency）"),
            Role::Region => ("region (or 地区)", "地区（或 region）"),
            Role::Channel => ("channel (or 渠道)", "渠道（或 channel）"),
            Role::Category => ("category (or 品类)", "品类（或 category）"),
            Role::CustomerType => ("customer_type (or 客户类型)", "客户类型（或 customer_type）"),
            Role::Discount => ("discount (or 优惠金额)", "优惠金额（或 discount）"),
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
                // Shopee's order export (`Username (Buyer)`).
                "username",
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
                // WooCommerce's order export.
                "emailbilling",
                "emailaddress",
                // Wix's orders export.
                "contactemail",
                // Amazon's order report.
                "buyeremail",
                "customername",
                // CRMs' deals and opportunities (Salesforce, HubSpot): the company bought.
                "accountname",
                "associatedcompany",
                "companyname",
                "company",
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
                // WeChat Pay's merchant bill (微信支付对账单): the payer's openid.
                "用户标识",
                "openid",
                // Alipay's merchant statement (支付宝业务明细): the payer's account, masked.
                "对方账户",
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
                // JD's (京东) order export, and other shops' accounts.
                "下单帐号",
                "下单账号",
                "买家账号",
                "会员账号",
                "用户账号",
                // Youzan's (有赞) and other Chinese shops' order exports.
                "买家手机号",
                "买家手机",
                "买家电话",
                "买家邮箱",
                "客户手机号",
                "客户电话",
                "下单人手机号",
                "下单人",
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
                // Portuguese, Italian and Dutch.
                "códigodocliente",
                "iddocliente",
                "codicecliente",
                "klant",
                "klantnummer",
                "klantid",
                "debiteurnummer",
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
                // CRMs' deals: the day a deal was won.
                "closedate",
                "成交日期",
                "datetime",
                "timestamp",
                "createdat",
                // Stripe's `Created date (UTC)`.
                "createddate",
                // Shopee's `Order Creation Date`, Wix's `Date created`.
                "ordercreationdate",
                "creationdate",
                "datecreated",
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
                // Portuguese, Italian and Dutch.
                "data",
                "datadopedido",
                "datadacompra",
                "datadavenda",
                "dataordine",
                "datafattura",
                "datadocumento",
                "besteldatum",
                "orderdatum",
                "factuurdatum",
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
                // Youzan's (有赞) and Pinduoduo's (拼多多) order exports.
                "订单实付金额",
                "买家实付金额",
                "商家实收金额",
                "买家实际支付金额",
                "实际支付金额",
                "实付款",
                // What the buyer paid or owes (JD's 应付金额), ahead of an order's total, which
                // some exports give before discounts beside it.
                "应付金额",
                "实收金额",
                "支付金额",
                "付款金额",
                "订单金额",
                "订单总额",
                "订单总金额",
                "价税合计",
                "含税金额",
                "消费金额",
                "交易金额",
                "销售金额",
                "销售额",
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
                // Portuguese, Italian and Dutch.
                "valor",
                "valortotal",
                "valordopedido",
                "importo",
                "importototale",
                "totale",
                "bedrag",
                "totaalbedrag",
                "omzet",
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
                "quantidade",
                "qtde",
                "quantità",
                "aantal",
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
                "preçounitário",
                "valorunitário",
                "preço",
                "prezzounitario",
                "prezzo",
                "stukprijs",
                "prijs",
                "цена",
            ],
            Role::Order => &[
                "orderid",
                // Amazon's order report.
                "amazonorderid",
                "orderno",
                "ordernumber",
                // Odoo's sales orders (`S00042`).
                "orderreference",
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
                // WeChat Pay's merchant bill: the shop's own order number.
                "商户订单号",
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
                "númerodopedido",
                "nºdopedido",
                "numeroordine",
                "ordine",
                "numerofattura",
                "fattura",
                "ordernummer",
                "bestelnummer",
                "factuurnummer",
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
            // Amounts, never rates: a margin column may be either, and 毛利率 is a rate.
            Role::Profit => &[
                "profit",
                "grossprofit",
                "lineprofit",
                "profitamount",
                "totalprofit",
                "毛利",
                "毛利额",
                "毛利润",
                "利润",
                "总毛利",
                "总利润",
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
                // CRMs' deals (Salesforce's `Stage`, HubSpot's `Deal Stage`): only a won one
                // is a sale (see read::status).
                "stage",
                "dealstage",
                "opportunitystage",
                "销售阶段",
                "商机阶段",
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
                // Square's transactions export, written negative beside `Net Sales`.
                "partialrefunds",
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
                // Shops' and marketplaces' order exports: Shopify's and WooCommerce's billing
                // and shipping countries, eBay's `Buyer Country` and `Ship To Country`, Etsy's
                // `Ship Country` (`Delivery Country` in British English), Amazon's
                // `ship-country`. The billing country first: a digital order has no shipping one.
                "billingcountry",
                "buyercountry",
                "shippingcountry",
                "shiptocountry",
                "shipcountry",
                "deliverycountry",
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
                // A Chinese shipping address, whose province is the region (see
                // `ColumnMap::region_in_address`).
                "收货地址",
                "收货人地址",
                "收件人地址",
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
            Role::CustomerType => &[
                "customertype",
                "customersegment",
                "customergroup",
                "customerclass",
                "customertier",
                "customerlevel",
                // The Superstore sample's Consumer, Corporate and Home Office.
                "segment",
                "membershiplevel",
                "membershiptier",
                "membership",
                "memberlevel",
                "membertier",
                "membertype",
                "loyaltytier",
                "loyaltylevel",
                "客户类型",
                "客户分类",
                "客户类别",
                "客户分群",
                "客户细分",
                "客户群",
                "客户等级",
                "客户级别",
                "会员等级",
                "会员级别",
                "会员类型",
                "会员类别",
                "kundentyp",
                "kundengruppe",
                "typeclient",
                "segmentclient",
                "tipocliente",
                "segmentocliente",
                "типклиента",
                "сегментклиента",
            ],
            // Not 折扣 or 折扣率 alone: a Chinese discount is often the share paid (0.8 for 8折),
            // where 1 means none.
            Role::Discount => &[
                "discount",
                "discountamount",
                "discounts",
                "totaldiscount",
                "totaldiscounts",
                "discounttotal",
                "cartdiscount",
                "cartdiscountamount",
                "orderdiscount",
                "discountcode",
                "couponcode",
                "coupon",
                "couponamount",
                "promocode",
                "promotioncode",
                "优惠金额",
                "优惠",
                "折扣金额",
                "优惠券",
                "优惠券金额",
                "店铺优惠",
                "平台优惠",
                "减免金额",
                "rabatt",
                "remise",
                "descuento",
                "скидка",
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
                // Shopify's customers export.
                "totalorders",
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
                // Shopify's customers export, as it was and as it is.
                "totalspent",
                "amountspent",
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
    pub(super) fn fallback(self) -> Option<Role> {
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

/// The field an Excel PivotTable's value column sums, from the column's [normalised](normalise)
/// header: `Sum of Revenue` (English Excel) and `求和项:金额` (Chinese) sum `revenue` and `金额`.
/// Other summaries name no field: `Count of InvoiceNo` counts rows, an order of three lines
/// three times (neither a frequency nor a quantity), and `Max of Date` counts returns' dates
/// too (not the last purchase).
pub(crate) fn pivot_summed(normalised: &str) -> Option<&str> {
    ["sumof", "求和项"]
        .into_iter()
        .find_map(|prefix| normalised.strip_prefix(prefix))
        .filter(|field| !field.is_empty())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_traditional_character_has_its_simplified_form() {
        assert_eq!(TRADITIONAL.chars().count(), SIMPLIFIED.chars().count());
        assert_eq!(normalise("客戶編號"), normalise("客户编号"));
        assert_eq!(normalise("単価"), "单价");
    }
}
