//! Recognising which column holds what, from English and Chinese header names.

mod customers;
mod locator;
mod overrides;
mod role;
mod transactions;

use serde::Serialize;

use crate::error::Error;
pub use customers::{CustomerColumnMap, CustomerColumnsUsed, LastPurchase};
use locator::Locator;
pub use overrides::{ColumnOverrides, ColumnRef};
pub use role::Role;
pub(crate) use role::{normalise, pivot_summed};
pub use transactions::{ColumnMap, ColumnsUsed, PaymentColumns, ValueColumns};

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

    /// The column of what a row is worth: the amount, the unit price, or a customer's
    /// monetary value.
    pub fn money(&self) -> usize {
        match self {
            FileColumns::Transactions(map) => match map.value {
                ValueColumns::Amount(amount) => amount,
                ValueColumns::QuantityTimesPrice { price, .. } => price,
            },
            FileColumns::Customers(map) => map.monetary,
        }
    }

    /// The column of each role, in the order the roles are listed in [`Role`].
    pub fn roles(&self) -> Vec<(Role, usize)> {
        match self {
            FileColumns::Transactions(map) => {
                let value = match map.value {
                    // A quantity beside the amount is read too, for a return's sign: the
                    // preview shows it as the report's columns do, or the role chosen for it
                    // there would seem to have been dropped.
                    ValueColumns::Amount(amount) => [(Role::Amount, amount)]
                        .into_iter()
                        .chain(map.return_quantity.map(|column| (Role::Quantity, column)))
                        .collect(),
                    ValueColumns::QuantityTimesPrice { quantity, price } => {
                        vec![(Role::Quantity, quantity), (Role::Price, price)]
                    }
                };
                [(Role::Customer, map.customer), (Role::Date, map.date)]
                    .into_iter()
                    .chain(value)
                    .chain(map.order.map(|column| (Role::Order, column)))
                    .chain(map.cost.map(|column| (Role::Cost, column)))
                    .chain(map.profit.map(|column| (Role::Profit, column)))
                    .chain(map.status.map(|column| (Role::Status, column)))
                    .chain(map.refund.map(|column| (Role::Refund, column)))
                    .chain(map.currency.map(|column| (Role::Currency, column)))
                    .chain(map.attributes.iter().copied())
                    .collect()
            }
            FileColumns::Customers(map) => map.roles(),
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
            FileColumns::Customers(map) => [
                Some(map.monetary),
                map.repeat_monetary,
                map.cost,
                map.profit,
            ]
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
    let summed = pivot_summed(&name);
    TRANSACTION_ROLES
        .iter()
        .chain(&CUSTOMER_FILE_ROLES)
        .any(|role| {
            role.aliases().contains(&name.as_str())
                || (role.adds_up() && summed.is_some_and(|field| role.aliases().contains(&field)))
        })
}

/// The roles of a transactions file, in the order they claim columns.
const TRANSACTION_ROLES: [Role; 16] = [
    Role::Customer,
    Role::Date,
    Role::Amount,
    Role::Quantity,
    Role::Price,
    Role::Order,
    Role::Cost,
    Role::Profit,
    Role::Status,
    Role::Refund,
    Role::Currency,
    Role::Region,
    Role::Channel,
    Role::Category,
    Role::CustomerType,
    Role::Discount,
];

/// The roles of a customer file, in the order they claim columns.
const CUSTOMER_FILE_ROLES: [Role; 10] = [
    Role::Customer,
    Role::LastPurchase,
    Role::Recency,
    Role::FirstPurchase,
    Role::Frequency,
    Role::Monetary,
    Role::PurchaseDays,
    Role::RepeatMonetary,
    Role::Cost,
    Role::Profit,
];

/// Whether the file is read as one row per customer: as `kind` says, or, left to detection,
/// when the options name a customer-file role or the header has a frequency column and a last
/// purchase (or recency) column, or a frequency column and no date: a customer file without
/// its last purchase (Shopify's customers export), which the error then names.
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
                    && (recognised(Role::LastPurchase)
                        || recognised(Role::Recency)
                        || !recognised(Role::Date)))
        }
    }
}

/// The header of a column, with its position where another column has the same header, or
/// `column N` without a header row.
pub(crate) fn column_name(headers: Option<&[String]>, index: usize) -> String {
    let position = index + 1;
    match headers {
        // A report's unnamed column (see `ColumnMap::customer_in_headings`) by its position.
        Some(headers) => match headers
            .get(index)
            .filter(|header| !header.trim().is_empty())
        {
            Some(header) if headers.iter().filter(|other| *other == header).count() > 1 => {
                format!("{header} (column {position})")
            }
            Some(header) => header.clone(),
            None => format!("column {position}"),
        },
        None => format!("column {position}"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::overrides::tests::chosen as overrides;
    use crate::error::ErrorKind;
    use crate::text::Rendered;

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
                profit: None,
                status: None,
                refund: None,
                currency: None,
                attributes: Vec::new(),
                payments: None,
                region_in_address: false,
                subdivision: None,
                guest_email: None,
                customer_id_beside_email: None,
                customer_in_headings: false,
                return_quantity: None,
                amount_per_order: false,
                adjusted_amount: None,
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
                profit: None,
                status: None,
                refund: None,
                currency: None,
                attributes: Vec::new(),
                payments: None,
                region_in_address: false,
                subdivision: None,
                guest_email: None,
                customer_id_beside_email: None,
                customer_in_headings: false,
                return_quantity: None,
                amount_per_order: false,
                adjusted_amount: None,
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
    fn excel_pivot_table_sums_are_the_columns_they_sum() {
        // A PivotTable in tabular form, copied out of English and Chinese Excel.
        let cases: [&[&str]; 5] = [
            &["CustomerID", "InvoiceDate", "Sum of amount"],
            &["Customer", "Date", "Sum of Revenue"],
            &["Customer ID", "Order Date", "Sum of Amount (USD)"],
            &["客户编号", "日期", "求和项:金额"],
            &["会员号", "订单日期", "求和项：实付金额"],
        ];
        assert_customer_date_and_amount_first(&cases);
        // A count is of rows, not orders or units; a maximum of dates includes returns'.
        let counted: [&[&str]; 2] = [
            &["Customer", "Date", "Count of InvoiceNo", "Sum of amount"],
            &["客户编号", "日期", "计数项:订单号", "求和项:金额"],
        ];
        for headers in counted {
            let found = map(headers).unwrap();
            let mapped = (found.value, found.order);
            assert_eq!(mapped, (ValueColumns::Amount(3), None), "{headers:?}");
        }
        // Only what adds up is read from a sum: not dates, prices or ids.
        let unread: [(&[&str], Role); 5] = [
            (&["Customer", "Max of Date", "Sum of amount"], Role::Date),
            (&["客户编号", "最大值项:日期", "求和项:金额"], Role::Date),
            (
                &["Sum of CustomerID", "Date", "Sum of amount"],
                Role::Customer,
            ),
            (
                &["Customer", "Date", "Sum of Quantity", "Sum of Price"],
                Role::Amount,
            ),
            (&["Customer", "Date", "Average of amount"], Role::Amount),
        ];
        for (headers, missing) in unread {
            let error = map(headers).unwrap_err();
            assert!(
                matches!(error.kind(), ErrorKind::MissingColumn { role, .. } if *role == missing),
                "{headers:?}: {error}"
            );
        }
        // A named column wins over a sum; a sum of a customer's revenue is their monetary.
        let found = map(&["Customer", "Date", "Sum of amount", "Amount"]).unwrap();
        assert_eq!(found.value, ValueColumns::Amount(3));
        let headers = ["客户编号", "最近购买日期", "购买次数", "求和项:消费金额"];
        let Ok(FileColumns::Customers(found)) = detect(&headers) else {
            panic!("{headers:?} is a customer file");
        };
        assert_eq!(found.monetary, 3);
        assert!(is_recognised_header("Sum of Revenue") && is_recognised_header("求和项:金额"));
        assert!(!is_recognised_header("Count of InvoiceNo") && !is_recognised_header("Sum of"));
    }

    #[test]
    fn traditional_chinese_japanese_korean_and_european_headers() {
        let cases: [&[&str]; 14] = [
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
            &["Código do cliente", "Data do pedido", "Valor total"],
            &["Cliente", "Data", "Valor"],
            &["Codice cliente", "Data ordine", "Importo"],
            &["Klantnummer", "Besteldatum", "Bedrag"],
        ];
        assert_customer_date_and_amount_first(&cases);
        let by_lines: [&[&str]; 6] = [
            &["顧客ID", "日付", "数量", "単価"],
            &["Kunde", "Datum", "Menge", "Einzelpreis"],
            &["Клиент", "Дата", "Кол-во", "Цена"],
            &["Cliente", "Data", "Quantidade", "Preço unitário"],
            &["Cliente", "Data", "Quantità", "Prezzo unitario"],
            &["Klant", "Datum", "Aantal", "Stukprijs"],
        ];
        for headers in by_lines {
            let value = map(headers).unwrap().value;
            let expected = ValueColumns::QuantityTimesPrice {
                quantity: 2,
                price: 3,
            };
            assert_eq!(value, expected, "{headers:?}");
        }
        for headers in [
            ["Cliente", "Data", "Valor", "Número do pedido"],
            ["Cliente", "Data", "Importo", "Numero ordine"],
            ["Klant", "Datum", "Bedrag", "Ordernummer"],
        ] {
            assert_eq!(map(&headers).unwrap().order, Some(3), "{headers:?}");
        }
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
        // Amazon's order report: item-price is the line's total, so no unit price is looked for.
        let amazon = [
            "amazon-order-id",
            "purchase-date",
            "buyer-email",
            "order-status",
            "quantity",
            "item-price",
            "ship-country",
        ];
        // Youzan's (有赞) order export knows its buyers by their phone.
        let youzan = [
            "订单号",
            "下单时间",
            "买家手机号",
            "订单实付金额(元)",
            "订单状态",
        ];
        // JD's (京东) knows them by their account, beside their name.
        let jd = [
            "订单号",
            "商品名称",
            "订购数量",
            "下单时间",
            "订单金额",
            "应付金额",
            "订单状态",
            "下单帐号",
            "客户姓名",
        ];
        // Shopee's knows them by their user name, Wix's by their address.
        let shopee = [
            "Order ID",
            "Order Status",
            "Username (Buyer)",
            "Order Creation Date",
            "Total Amount",
        ];
        let wix = [
            "Order number",
            "Date created",
            "Billing customer",
            "Contact email",
            "Total",
        ];
        // Lazada's: one item a line, `Paid Price` what was paid for it.
        let lazada = [
            "Order Item Id",
            "Lazada Id",
            "Created at",
            "Order Number",
            "Customer Name",
            "Customer Email",
            "Paid Price",
            "Unit Price",
            "Status",
        ];
        // Odoo's sales orders.
        let odoo = [
            "Order Reference",
            "Customer",
            "Order Date",
            "Total",
            "Status",
        ];
        // Alipay's merchant statement: the payer's (masked) account.
        let alipay = [
            "支付宝交易号",
            "商户订单号",
            "业务类型",
            "创建时间",
            "对方账户",
            "订单金额（元）",
            "商家实收（元）",
        ];
        let cases: [(&[&str], _); 15] = [
            (&alipay, (4, 3, ValueColumns::Amount(5), Some(1))),
            (&odoo, (1, 2, ValueColumns::Amount(3), Some(0))),
            (&shopee, (2, 3, ValueColumns::Amount(4), Some(0))),
            (&wix, (3, 1, ValueColumns::Amount(4), Some(0))),
            (&lazada, (5, 2, ValueColumns::Amount(6), Some(3))),
            (&amazon, (2, 1, ValueColumns::Amount(5), Some(0))),
            (&youzan, (2, 1, ValueColumns::Amount(3), Some(0))),
            (&jd, (7, 3, ValueColumns::Amount(5), Some(0))),
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
        let statuses = [
            &shopify[..],
            &woocommerce[..],
            &taobao[..],
            &stripe[..],
            &amazon[..],
        ]
        .map(|h| map(h).unwrap().status);
        assert_eq!(statuses, [Some(2), Some(2), Some(4), Some(9), Some(3)]);
        // The country the order came from, by the buyer's billing or shipping address.
        // Beside it, a state or province the rows may make the region (see `settle_region`);
        // an item's or a tax's country is neither.
        let etsy_shipped = [&etsy[..], &["Ship State", "Ship Country"]].concat();
        let etsy_british = [&etsy[..], &["Delivery State", "Delivery Country"]].concat();
        let ebay_shipped = [
            &ebay[..],
            &[
                "Ship To State",
                "Ship To Country",
                "Buyer State",
                "Buyer Country",
            ],
            &["Item Country", "Tax Country"],
        ]
        .concat();
        let regions = [
            &shopify[..],
            &amazon[..],
            &etsy_shipped[..],
            &etsy_british[..],
            &ebay_shipped[..],
        ]
        .map(|h| map(h).unwrap())
        .map(|found| (found.attribute(Role::Region), found.subdivision));
        assert_eq!(
            regions,
            [
                (Some(10), None),
                (Some(6), None),
                (Some(8), Some(7)),
                (Some(8), Some(7)),
                (Some(11), Some(10))
            ]
        );
        // Elsewhere an item's price is no amount.
        assert!(map(&["customer", "date", "quantity", "item-price"]).is_err());
        // The part refunded, in the amount's currency: Stripe's converted one.
        let refunds = [&shopify[..], &taobao[..], &stripe[..], &woocommerce[..]]
            .map(|h| map(h).unwrap().refund);
        assert_eq!(refunds, [Some(12), Some(7), Some(13), None]);
        // Elsewhere a name is a person's, never the order.
        let named = map(&["Customer ID", "Name", "Date", "Amount", "Product name"]).unwrap();
        assert_eq!(named.order, None);
    }

    #[test]
    fn region_channel_category_and_customer_type_in_english_and_chinese() {
        let english = map(&[
            "Category",
            "Customer",
            "Date",
            "Amount",
            "Country",
            "Sales Channel",
            "Segment",
            "Discount Amount",
        ]);
        let english = english.unwrap();
        assert_eq!(
            english.attributes,
            [
                (Role::Region, 4),
                (Role::Channel, 5),
                (Role::Category, 0),
                (Role::CustomerType, 6),
                (Role::Discount, 7)
            ]
        );
        assert_eq!(english.min_fields(), 8);
        let chinese = map(&["客户编号", "日期", "金额", "渠道", "品类", "会员等级"]).unwrap();
        assert_eq!(
            chinese.attributes,
            [
                (Role::Channel, 3),
                (Role::Category, 4),
                (Role::CustomerType, 5)
            ]
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
        overrides
            .set("customer_type", ColumnRef::Name("Tier".into()))
            .unwrap();
        assert_eq!(
            overrides.customer_type,
            Some(ColumnRef::Name("Tier".into()))
        );
        let error = overrides
            .set("segment", ColumnRef::Position(1))
            .unwrap_err();
        assert!(
            error.contains("region, channel, category, customerType or discount"),
            "{error}"
        );
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
    fn a_quantity_beside_the_amount_has_its_role() {
        let found =
            FileColumns::Transactions(map(&["customer", "date", "quantity", "amount"]).unwrap());
        assert_eq!(
            found.roles(),
            [
                (Role::Customer, 0),
                (Role::Date, 1),
                (Role::Amount, 3),
                (Role::Quantity, 2)
            ]
        );
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

    /// The kind and columns of a file with these headers, found without options.
    fn detect(headers: &[&str]) -> Result<FileColumns, Error> {
        let headers = owned(headers);
        let none = ColumnOverrides::default();
        FileColumns::resolve(InputKind::Auto, Some(&headers), headers.len(), &none)
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
        let product = ValueColumns::QuantityTimesPrice {
            quantity: 3,
            price: 4,
        };
        let chosen = overrides(&[("quantity", "qty"), ("price", "each")]);
        let map = ColumnMap::resolve(Some(&headers), 5, &chosen).unwrap();
        assert_eq!(map.value, product);
        // A price alone asks for the product too, with the quantity recognised; a quantity
        // alone is read beside the amount, for its sign.
        let map = ColumnMap::resolve(Some(&headers), 5, &overrides(&[("price", "5")])).unwrap();
        assert_eq!(map.value, product);
        let map = ColumnMap::resolve(Some(&headers), 5, &overrides(&[("quantity", "qty")]));
        assert_eq!(map.unwrap().value, ValueColumns::Amount(2));
        // Without a quantity, a chosen price cannot be read: the quantity is missing.
        let headers = owned(&["customer", "date", "total", "each"]);
        let error = ColumnMap::resolve(Some(&headers), 4, &overrides(&[("price", "each")]));
        assert!(error.is_err_and(|e| matches!(
            e.kind(),
            ErrorKind::MissingColumn {
                role: Role::Quantity,
                ..
            }
        )));
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
    fn one_column_for_two_roles_is_an_error_naming_both() {
        let headers = owned(&["customer", "date", "amount", "shop"]);
        type Choices = &'static [(&'static str, &'static str)];
        // With the header row or without one, the choices and the message's start.
        let cases: [(bool, Choices, &str); 5] = [
            // Chosen for one role and recognised for another.
            (
                true,
                &[("customer", "amount")],
                "the column 'amount' is taken for both the customer id and the amount;",
            ),
            // Chosen for both.
            (
                true,
                &[("region", "4"), ("channel", "shop")],
                "the column 'shop' is taken for both the region and the sales channel",
            ),
            (
                true,
                &[("region", "customer")],
                "the column 'customer' is taken for both the customer id and the region",
            ),
            (
                false,
                &[("customer", "1"), ("date", "2"), ("amount", "2")],
                "the column column 2 is taken for both the date and the amount",
            ),
            (
                true,
                &[("order", "date")],
                "the column 'date' is taken for both the date and the order id",
            ),
        ];
        // A recognised amount beside a chosen quantity and price is not read.
        let by_units = overrides(&[("quantity", "shop"), ("price", "amount")]);
        let map = ColumnMap::resolve(Some(&headers), 4, &by_units).unwrap();
        assert_eq!(
            map.value,
            ValueColumns::QuantityTimesPrice {
                quantity: 3,
                price: 2
            }
        );
        for (with_header, chosen, expected) in cases {
            let headers = Some(&headers[..]).filter(|_| with_header);
            let error = ColumnMap::resolve(headers, 4, &overrides(chosen)).unwrap_err();
            assert_eq!(error.code(), "sharedColumn");
            assert!(error.to_string().starts_with(expected), "{error}");
        }
        let error = ColumnMap::resolve(Some(&headers), 4, &overrides(&[("customer", "amount")]))
            .unwrap_err();
        assert!(
            error.to_string().ends_with(
                "choose another column for one of them (--column customer=NAME or \
                 --column amount=NAME; columns.customer or columns.amount in JS)"
            ),
            "{error}"
        );
        assert!(
            error
                .texts()
                .zh_cn
                .starts_with("'amount' 列同时被用作客户编号和金额；"),
            "{error}"
        );

        let headers = owned(&["customer_id", "last_purchase", "frequency", "monetary"]);
        let error =
            CustomerColumnMap::resolve(Some(&headers), 4, &overrides(&[("frequency", "4")]))
                .unwrap_err();
        assert!(
            error.to_string().starts_with(
                "the column 'monetary' is taken for both the frequency (purchase occasions) \
                 and the monetary value (net revenue)"
            ),
            "{error}"
        );
    }

    #[test]
    fn an_optional_roles_header_yields_to_a_column_chosen_for_another_role() {
        let headers = owned(&["customer", "date", "amount", "store", "cost"]);
        let map = ColumnMap::resolve(Some(&headers), 5, &ColumnOverrides::default()).unwrap();
        assert_eq!(
            (map.attributes.as_slice(), map.cost),
            (&[(Role::Channel, 3)][..], Some(4))
        );
        let chosen = overrides(&[("category", "store"), ("region", "cost")]);
        let map = ColumnMap::resolve(Some(&headers), 5, &chosen).unwrap();
        assert_eq!(
            (map.attributes.as_slice(), map.cost),
            (&[(Role::Region, 4), (Role::Category, 3)][..], None)
        );
    }

    #[test]
    fn the_kind_of_file_is_read_from_its_header() {
        let cases: [(&[&str], bool); 8] = [
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
            // Shopify's customers export, once given the last order's date.
            (
                &[
                    "Customer ID",
                    "Email",
                    "Total Spent",
                    "Total Orders",
                    "Last Order Date",
                ],
                true,
            ),
        ];
        for (headers, customers) in cases {
            let found = detect(headers).unwrap();
            assert_eq!(
                matches!(found, FileColumns::Customers(_)),
                customers,
                "{headers:?}"
            );
        }
    }

    #[test]
    fn a_customer_file_without_its_last_purchase_is_told_so() {
        // Shopify's customers export: a frequency and no date of any kind.
        let error = detect(&[
            "Customer ID",
            "Email",
            "Total Spent",
            "Total Orders",
            "Tags",
        ])
        .unwrap_err();
        assert!(
            matches!(
                error.kind(),
                ErrorKind::MissingColumn {
                    role: Role::LastPurchase,
                    ..
                }
            ),
            "{error}"
        );
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
        // With both, the date is the last purchase and the recency tells the day it was
        // counted at.
        assert_eq!(
            (map.last_purchase, map.recency_beside_date),
            (LastPurchase::Date(1), Some(2))
        );
        let used = map.describe(Some(&headers));
        assert_eq!(
            (used.last_purchase.as_deref(), used.recency.as_deref()),
            (Some("seen"), Some("days ago"))
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
