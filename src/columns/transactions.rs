//! The columns of a transactions file, one row per purchase or order line.

use serde::Serialize;

use super::{column_name, ColumnOverrides, ColumnRef, Locator, Role};
use crate::error::{Error, ErrorKind};
use crate::read::Record;

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
    /// The row's gross profit, which gives its cost, if the file has one and no cost column.
    pub profit: Option<usize>,
    /// The order's status, if the file has one.
    pub status: Option<usize>,
    /// The part of the amount refunded, if the file has one.
    pub refund: Option<usize>,
    /// The amount's currency, if the file has one.
    pub currency: Option<usize>,
    /// The descriptive columns found, among [`Role::ATTRIBUTES`], in that order.
    pub attributes: Vec<(Role, usize)>,
    /// A payment account's columns, when the file is one's activity (PayPal's).
    pub payments: Option<PaymentColumns>,
    /// Whether the region column is a Chinese shipping address (Taobao's `收货地址`), whose
    /// province is the region.
    pub region_in_address: bool,
    /// A state or province column that becomes the region in place of a country column if the
    /// file's first rows are of one country (see [`settle_region`](ColumnMap::settle_region)).
    pub(crate) subdivision: Option<usize>,
    /// A buyer's email column beside a customer id column, which becomes the customer column
    /// if the file's first rows know their guests by it alone (see
    /// [`settle_customer`](ColumnMap::settle_customer)).
    pub(crate) guest_email: Option<usize>,
    /// The id column that an email column replaced as the customer column (see
    /// [`settle_customer`](ColumnMap::settle_customer)): a row without an email is its id's.
    pub(crate) customer_id_beside_email: Option<usize>,
    /// Whether the customer column is a report's unnamed first column that names each
    /// customer on a row of its own above their rows, as a report grouped by customer writes it
    /// (QuickBooks' `Sales by Customer Detail`): a heading row, each of the customer's rows with
    /// that column blank, then a `Total for` row. Taken where no header names a customer; if
    /// the first rows show no such heading, the file has no customer column after all.
    pub customer_in_headings: bool,
    /// A quantity column beside the amount, whose negative numbers mark returns: some exports
    /// write a return's amount positive beside a quantity of −1.
    pub return_quantity: Option<usize>,
    /// Whether the amount is the order's total (`Order Total`, `订单总额`) in a file with an
    /// order column. An export of one row per item may repeat it on each of the order's rows;
    /// a row of the same customer and order as the row above with the same amount repeats it.
    pub amount_per_order: bool,
    /// The amount after a partial refund, blank without one, beside the amount it adjusts
    /// (Etsy's `Adjusted Order Total` beside `Order Total`): where filled, it is the amount.
    pub adjusted_amount: Option<usize>,
}

/// Whether a region's normalised header names a country: `Country`, a shop's `Billing
/// Country`, `Ship To Country` and the like, or a translation.
fn names_a_country(header: &str) -> bool {
    header.ends_with("country") || ["国家", "land", "pays", "país", "страна"].contains(&header)
}

/// The normalised headers of a country's subdivision (a state, a province), billing before
/// shipping as for the country: Shopify's `Billing Province Name` (and `Billing Province`, its
/// code), WooCommerce's `Billing State`, eBay's `Buyer State` and `Ship To State`, Etsy's `Ship
/// State` (`Delivery State`), Amazon's `ship-state`.
const SUBDIVISION_HEADERS: &[&str] = &[
    "billingprovincename",
    "billingprovince",
    "billingstate",
    "buyerstate",
    "shippingprovincename",
    "shippingprovince",
    "shippingstate",
    "shiptostate",
    "shipstate",
    "deliverystate",
    "state",
    "province",
    "stateorprovince",
    "bundesland",
    "省份",
    "省",
];

/// The normalised headers of an order's total, as WooCommerce's `Order Total Amount`.
const ORDER_TOTAL_HEADERS: &[&str] = &[
    "ordertotal",
    "ordertotalamount",
    "ordervalue",
    "orderamount",
    "grandtotal",
    "订单金额",
    "订单总额",
    "订单总金额",
    "订单实付金额",
    // JD's (京东) amount payable, which its export of one row per item gives on each of an
    // order's rows, as it does 订单金额.
    "应付金额",
];

/// The normalised headers of a Chinese shipping address.
const ADDRESS_HEADERS: &[&str] = &["收货地址", "收货人地址", "收件人地址"];

/// The normalised headers of an amount and of the same amount after a partial refund, which an
/// export fills only for an order refunded in part (Etsy's sold orders).
const ADJUSTED_AMOUNT_HEADERS: &[(&str, &str)] = &[
    ("ordertotal", "adjustedordertotal"),
    ("ordernet", "adjustednetorderamount"),
];

/// The customer headers that name a buyer's email address (`Email`, WooCommerce's `Email
/// (Billing)`, 邮箱), which may tell apart the guests of a file that knows its other customers
/// by an id.
fn email_headers() -> impl Iterator<Item = &'static str> {
    (Role::Customer.aliases().iter().copied())
        .filter(|alias| alias.contains("email") || alias.contains("邮箱"))
}

/// The columns of a payment account's activity (PayPal's activity download), whose rows are
/// money moving between the account and another party: a customer's payments, refunds, and
/// the account's own withdrawals, conversions, holds and payments to suppliers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentColumns {
    /// What the movement is (`Type`: `Express Checkout Payment`, `Payment Refund`, `General
    /// Withdrawal` …).
    pub kind: usize,
    /// Whether money came in or went out (`Balance Impact`: `Credit`, `Debit`, `Memo`), where
    /// the file says; otherwise the amount's sign tells.
    pub direction: Option<usize>,
    /// Who the money went to (`To Email Address`), the customer of a refund, when the customer
    /// column is who it came from (`From Email Address`), which for a refund is the account.
    pub payee: Option<usize>,
}

/// The normalised headers of a PayPal activity download's payer, payee, type and direction, in
/// English and in German (`Absender E-Mail-Adresse`, `Empfänger E-Mail-Adresse`, `Typ`,
/// `Auswirkung auf Guthaben`).
const PAYPAL: [[&str; 4]; 2] = [
    [
        "fromemailaddress",
        "toemailaddress",
        "type",
        "balanceimpact",
    ],
    [
        "absenderemailadresse",
        "empfängeremailadresse",
        "typ",
        "auswirkungaufguthaben",
    ],
];

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
        let named = locator.find(Role::Customer)?;
        let unnamed = locator
            .unnamed_first_column()
            .filter(|_| named.is_none() && overrides.customer.is_none());
        let customer = named.or(unnamed).ok_or_else(|| missing(Role::Customer))?;
        let customer_in_headings = unnamed.is_some();
        let date = locator.require(Role::Date)?;
        let amount = find(Role::Amount)?;
        let (quantity, price) = (find(Role::Quantity)?, find(Role::Price)?);
        let chosen = |column: &Option<ColumnRef>| {
            matches!(column, Some(ColumnRef::Name(_) | ColumnRef::Position(_)))
        };
        // A price is read only times a quantity: a chosen one asks for that product.
        let product_chosen = chosen(&overrides.price) && !chosen(&overrides.amount);
        let value = match (amount, quantity, price) {
            (_, Some(quantity), Some(price)) if product_chosen => {
                ValueColumns::QuantityTimesPrice { quantity, price }
            }
            (_, None, Some(_)) if product_chosen => return Err(missing(Role::Quantity)),
            (Some(amount), _, _) => ValueColumns::Amount(amount),
            (None, Some(quantity), Some(price)) => {
                ValueColumns::QuantityTimesPrice { quantity, price }
            }
            _ => return Err(missing(Role::Amount)),
        };
        let (order, cost) = (find(Role::Order)?, find(Role::Cost)?);
        // A cost is read as written; a profit only stands in for it.
        let profit = match cost {
            Some(_) => None,
            None => find(Role::Profit)?,
        };
        let (status, currency) = (find(Role::Status)?, find(Role::Currency)?);
        let refund = find(Role::Refund)?;
        // The amount recognised beside a chosen quantity and price is not read, nor a price
        // beside an amount: their columns may have another role.
        let (amount, price) = match value {
            ValueColumns::Amount(_) => (amount, None),
            ValueColumns::QuantityTimesPrice { .. } => (None, price),
        };
        let found = [
            (Role::Customer, Some(customer)),
            (Role::Date, Some(date)),
            (Role::Amount, amount),
            (Role::Quantity, quantity),
            (Role::Price, price),
            (Role::Order, order),
            (Role::Cost, cost),
            (Role::Profit, profit),
            (Role::Status, status),
            (Role::Refund, refund),
            (Role::Currency, currency),
        ];
        let mut taken: Vec<usize> = found.iter().filter_map(|&(_, column)| column).collect();
        taken.extend(locator.chosen());
        let payments = payment_columns(&locator, customer);
        if let Some(columns) = &payments {
            taken.extend(
                [Some(columns.kind), columns.direction, columns.payee]
                    .into_iter()
                    .flatten(),
            );
        }
        let mut attributes = Vec::new();
        for role in Role::ATTRIBUTES {
            let column = match overrides.get(role) {
                Some(_) => find(role)?,
                None => locator.recognise_untaken(role, &taken),
            };
            if let Some(index) = column {
                attributes.push((role, index));
                taken.push(index);
            }
        }
        let found: Vec<(Role, usize)> = found
            .into_iter()
            .filter_map(|(role, column)| Some((role, column?)))
            .chain(attributes.iter().copied())
            .collect();
        locator.check_distinct(&found)?;
        let is_email =
            |index: usize| locator.names(index, |header| email_headers().any(|e| e == header));
        let guest_email = match (&overrides.customer, customer_in_headings) {
            (None, false) if !is_email(customer) => email_headers()
                .filter_map(|header| locator.position(header))
                .find(|column| !taken.contains(column)),
            _ => None,
        };
        let region = attributes.iter().find(|(role, _)| *role == Role::Region);
        let region_in_address = region.is_some_and(|&(_, index)| {
            locator.names(index, |header| ADDRESS_HEADERS.contains(&header))
        });
        let country = region.filter(|&&(_, index)| locator.names(index, names_a_country));
        let subdivision = match overrides.get(Role::Region) {
            Some(_) => None,
            None => country.and_then(|_| {
                let untaken = |&index: &usize| !taken.contains(&index);
                SUBDIVISION_HEADERS
                    .iter()
                    .find_map(|header| locator.position(header).filter(untaken))
            }),
        };
        let return_quantity = match value {
            ValueColumns::Amount(_) => quantity,
            ValueColumns::QuantityTimesPrice { .. } => None,
        };
        let amount_per_order = match value {
            ValueColumns::Amount(amount) if order.is_some() => {
                locator.names(amount, |header| ORDER_TOTAL_HEADERS.contains(&header))
            }
            _ => false,
        };
        let adjusted_amount = match value {
            ValueColumns::Amount(amount) => ADJUSTED_AMOUNT_HEADERS
                .iter()
                .filter(|(of, _)| locator.names(amount, |header| header == *of))
                .find_map(|(_, adjusted)| locator.position(adjusted)),
            ValueColumns::QuantityTimesPrice { .. } => None,
        };
        Ok(ColumnMap {
            customer,
            date,
            value,
            order,
            cost,
            profit,
            status,
            refund,
            currency,
            attributes,
            payments,
            region_in_address,
            subdivision,
            guest_email,
            customer_id_beside_email: None,
            customer_in_headings,
            return_quantity,
            amount_per_order,
            adjusted_amount,
        })
    }

    /// Whether the first rows (`sample`) are those of a report grouped by customer, where
    /// [`customer_in_headings`](ColumnMap::customer_in_headings) says the file may be one: a
    /// row with only the customer column filled, and a row with it blank and a date. Without
    /// them the unnamed column is no customer's, and the file has no customer column.
    pub(crate) fn check_customer_headings<'a>(
        &self,
        sample: impl Iterator<Item = Record<'a>>,
        headers: Option<&[String]>,
    ) -> Result<(), Error> {
        if !self.customer_in_headings {
            return Ok(());
        }
        let (mut heading, mut grouped_row) = (false, false);
        for record in sample {
            let filled = |index: usize| record.get(index).is_some_and(|field| !field.is_empty());
            heading |= record.only_filled(self.customer);
            grouped_row |= heading && !filled(self.customer) && filled(self.date);
            if grouped_row {
                return Ok(());
            }
        }
        Err(ErrorKind::MissingColumn {
            role: Role::Customer,
            headers: headers.map(<[String]>::to_vec),
        }
        .into())
    }

    /// Makes the [`subdivision`](ColumnMap::subdivision) column the region where the first rows
    /// (`sample`) name one country at most (`US` and `us` are one) and most of them a state or
    /// province: a shop selling in one country has a breakdown by country of one line, and one
    /// by state is the one it wants. Keeps the country otherwise, and forgets the subdivision
    /// either way.
    pub(crate) fn settle_region<'a>(&mut self, sample: impl Iterator<Item = Record<'a>>) {
        let Some(subdivision) = self.subdivision.take() else {
            return;
        };
        let Some(region) = self
            .attributes
            .iter_mut()
            .find(|(role, _)| *role == Role::Region)
        else {
            return;
        };
        let mut first_country = None;
        let (mut rows, mut named) = (0_usize, 0_usize);
        for record in sample {
            let country = record.get(region.1).unwrap_or_default();
            let other = |first: &str| !first.eq_ignore_ascii_case(country);
            if !country.is_empty() && other(first_country.get_or_insert(country)) {
                return;
            }
            rows += 1;
            named += usize::from(record.get(subdivision).is_some_and(|s| !s.is_empty()));
        }
        if named * 2 > rows {
            region.1 = subdivision;
        }
    }

    /// Makes the [`guest_email`](ColumnMap::guest_email) column the customer column where more
    /// of the first rows (`sample`) are a guest's known by the email alone (an id that
    /// `is_guest`, such as WooCommerce's user id 0 of an order placed without an account) than
    /// have an id and no email: keyed by the id, each guest's orders would be revenue without
    /// a customer. A row without an email is then its id's. Forgets the email column either
    /// way.
    pub(crate) fn settle_customer<'a>(
        &mut self,
        sample: impl Iterator<Item = Record<'a>>,
        is_guest: impl Fn(&str) -> bool,
    ) {
        let Some(email) = self.guest_email.take() else {
            return;
        };
        let (mut guests_with_email, mut ids_without_email) = (0_usize, 0_usize);
        for record in sample {
            let guest = is_guest(record.get(self.customer).unwrap_or_default());
            let has_email = record.get(email).is_some_and(|text| text.contains('@'));
            guests_with_email += usize::from(guest && has_email);
            ids_without_email += usize::from(!guest && !has_email);
        }
        if guests_with_email > ids_without_email {
            self.customer_id_beside_email = Some(self.customer);
            self.customer = email;
        }
    }

    /// The number of fields a row needs so that every mapped column is present.
    pub fn min_fields(&self) -> usize {
        let value_max = match self.value {
            ValueColumns::Amount(amount) => amount,
            ValueColumns::QuantityTimesPrice { quantity, price } => quantity.max(price),
        };
        let attributes = self.attributes.iter().map(|&(_, index)| index).max();
        let payments = self.payments.map(|columns| {
            let optional = [columns.direction, columns.payee].into_iter().flatten();
            optional.fold(columns.kind, usize::max)
        });
        let optional = [
            self.order,
            self.cost,
            self.profit,
            self.status,
            self.refund,
            self.currency,
            attributes,
            payments,
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
            ValueColumns::Amount(amount) => {
                (Some(name(amount)), self.return_quantity.map(name), None)
            }
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
            profit: self.profit.map(name),
            status: self.status.map(name),
            refund: self.refund.map(name),
            currency: self.currency.map(name),
            region: self.attribute(Role::Region).map(name),
            channel: self.attribute(Role::Channel).map(name),
            category: self.attribute(Role::Category).map(name),
            customer_type: self.attribute(Role::CustomerType).map(name),
            discount: self.attribute(Role::Discount).map(name),
            payment_type: self.payments.map(|columns| name(columns.kind)),
            payee: self.payments.and_then(|columns| columns.payee).map(name),
        }
    }

    /// Whether the rows have costs: a cost column, or a profit column that gives them.
    pub fn has_costs(&self) -> bool {
        self.cost.is_some() || self.profit.is_some()
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
    /// Quantity column, when the value is quantity × unit price, or when beside the amount
    /// its negative numbers mark returns.
    pub quantity: Option<String>,
    /// Unit price column, when the value is quantity × unit price.
    pub price: Option<String>,
    /// Order id column, if any.
    pub order: Option<String>,
    /// Cost, if a cost column was used.
    pub cost: Option<String>,
    /// Gross profit, if a profit column gave the rows' costs (amount − profit): only without a
    /// cost column.
    pub profit: Option<String>,
    /// Order status, if the file has one: rows whose status means no completed sale are
    /// skipped, and of a CRM's deal stages all but won ones.
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
    /// Customer type, if the file has one.
    pub customer_type: Option<String>,
    /// Discount, if the file has one.
    pub discount: Option<String>,
    /// In a payment account's activity (PayPal's), the type of each movement: a customer's
    /// payment is a sale, money sent back to a customer a return, and the rest is skipped as
    /// `notACustomerPayment`.
    pub payment_type: Option<String>,
    /// In a payment account's activity, who money sent went to: the customer of a refund.
    pub payee: Option<String>,
}

/// The columns of a PayPal activity download, told by its `From Email Address`, `To Email
/// Address` and `Type` headers; the payee counts only where the customer is the payer.
fn payment_columns(locator: &Locator<'_>, customer: usize) -> Option<PaymentColumns> {
    PAYPAL.iter().find_map(|headers| {
        let [payer, payee, kind, direction] = headers.map(|header| locator.position(header));
        let (payer, payee, kind) = (payer?, payee?, kind?);
        Some(PaymentColumns {
            kind,
            direction,
            payee: (customer == payer).then_some(payee),
        })
    })
}
