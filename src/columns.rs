//! Recognising which column holds what, from English and Chinese header names.

use serde::Serialize;

use crate::error::{Error, ErrorKind};

/// What a column means to the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

impl Role {
    /// How the role is named in messages.
    pub fn description(self) -> &'static str {
        match self {
            Role::Customer => "customer id",
            Role::Date => "date",
            Role::Amount => "amount (or quantity and unit price)",
            Role::Quantity => "quantity",
            Role::Price => "unit price",
            Role::Order => "order id",
        }
    }

    /// Header names a user can give the column so that it is recognised.
    pub fn suggested_headers(self) -> &'static str {
        match self {
            Role::Customer => "customer_id (or 客户编号)",
            Role::Date => "date (or 日期)",
            Role::Amount => "amount (or 金额), or provide quantity and unit_price (数量, 单价)",
            Role::Quantity => "quantity (or 数量)",
            Role::Price => "unit_price (or 单价)",
            Role::Order => "order_id (or 订单号)",
        }
    }

    /// Recognised header names, normalised with [`normalise`], most specific first.
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
                "buyerid",
                "buyer",
                "accountid",
                "客户编号",
                "客户id",
                "客户号",
                "客户代码",
                "客户",
                "会员号",
                "会员编号",
                "会员id",
                "会员",
                "用户id",
                "用户编号",
                "用户",
                "顾客编号",
                "顾客id",
                "顾客",
                "买家id",
                "买家",
            ],
            Role::Date => &[
                "date",
                "orderdate",
                "invoicedate",
                "transactiondate",
                "purchasedate",
                "saledate",
                "datetime",
                "timestamp",
                "createdat",
                "ordertime",
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
                "时间",
            ],
            Role::Amount => &[
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
                "金额",
                "实付金额",
                "订单金额",
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
            ],
            Role::Quantity => &[
                "quantity",
                "qty",
                "units",
                "count",
                "数量",
                "购买数量",
                "件数",
            ],
            Role::Price => &["unitprice", "price", "单价", "价格", "售价"],
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
                "订单号",
                "订单编号",
                "订单id",
                "单号",
                "交易号",
                "流水号",
                "发票号",
            ],
        }
    }
}

/// Header names compared without case, spaces or punctuation, so that `Customer ID`,
/// `customer_id` and `CustomerID` all match.
pub(crate) fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h.as_ref())).collect();
        let find = |role: Role| {
            role.aliases()
                .iter()
                .find_map(|alias| normalised.iter().position(|header| header == alias))
        };
        let missing = |role: Role| {
            Error::from(ErrorKind::MissingColumn {
                role,
                headers: headers.iter().map(|h| h.as_ref().to_string()).collect(),
            })
        };
        let customer = find(Role::Customer).ok_or_else(|| missing(Role::Customer))?;
        let date = find(Role::Date).ok_or_else(|| missing(Role::Date))?;
        let value = match (find(Role::Amount), find(Role::Quantity), find(Role::Price)) {
            (Some(amount), _, _) => ValueColumns::Amount(amount),
            (None, Some(quantity), Some(price)) => {
                ValueColumns::QuantityTimesPrice { quantity, price }
            }
            _ => return Err(missing(Role::Amount)),
        };
        Ok(ColumnMap {
            customer,
            date,
            value,
            order: find(Role::Order),
        })
    }

    /// The number of fields a row needs so that every mapped column is present.
    pub fn min_fields(&self) -> usize {
        let value_max = match self.value {
            ValueColumns::Amount(amount) => amount,
            ValueColumns::QuantityTimesPrice { quantity, price } => quantity.max(price),
        };
        let order = self.order.unwrap_or(0);
        1 + self.customer.max(self.date).max(value_max).max(order)
    }

    /// The header names used for each role, for the report.
    pub fn describe<S: AsRef<str>>(&self, headers: &[S]) -> ColumnsUsed {
        let name = |index: usize| headers[index].as_ref().to_string();
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
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(headers: &[&str]) -> Result<ColumnMap, Error> {
        ColumnMap::from_headers(headers)
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
                order: Some(0)
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
                order: None
            }
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
        let headers = [
            "InvoiceNo",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
        ];
        let used = map(&headers).unwrap().describe(&headers);
        assert_eq!(used.customer, "CustomerID");
        assert_eq!(used.quantity.as_deref(), Some("Quantity"));
        assert_eq!(used.price.as_deref(), Some("UnitPrice"));
        assert_eq!(used.amount, None);
        assert_eq!(used.order.as_deref(), Some("InvoiceNo"));
    }
}
