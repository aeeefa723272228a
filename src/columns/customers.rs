//! The columns of a customer file, one row per customer.

use serde::Serialize;

use super::{column_name, ColumnOverrides, Locator, Role};
use crate::error::{is_lifetimes_summary, Error};

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
    /// The customer's gross profit, read only when the file has no cost column: the cost is
    /// then the monetary value less it.
    pub profit: Option<usize>,
    /// A recency in days beside the last purchase date: each row's date plus its recency is
    /// the day the recency was counted at, which is then the default asOf (as in the output
    /// of `docs/warehouse.sql`, whose asOf can be later than every last purchase).
    pub recency_beside_date: Option<usize>,
}

impl CustomerColumnMap {
    /// Chooses the column of every role of a customer file, as
    /// [`ColumnMap::resolve`](super::ColumnMap::resolve) does for a transactions file. A last
    /// purchase date is preferred to a recency column.
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
        // The lifetimes package's recency is the age at the last purchase, not the days since
        // it: taken only when chosen (see `HeaderHint::LifetimesSummary`).
        let lifetimes_recency =
            overrides.get(Role::Recency).is_none() && headers.is_some_and(is_lifetimes_summary);
        let recency = locator.find(Role::Recency)?.filter(|_| !lifetimes_recency);
        let (last_purchase, recency_beside_date) =
            match (locator.find(Role::LastPurchase)?, recency) {
                (Some(date), days) => (LastPurchase::Date(date), days),
                (None, Some(days)) => (LastPurchase::RecencyDays(days), None),
                (None, None) => return Err(locator.missing(Role::LastPurchase)),
            };
        let cost = locator.find(Role::Cost)?;
        // A cost is read as written; a profit only stands in for it.
        let profit = match cost {
            Some(_) => None,
            None => locator.find(Role::Profit)?,
        };
        let map = CustomerColumnMap {
            customer,
            last_purchase,
            first_purchase: locator.find(Role::FirstPurchase)?,
            frequency: locator.require(Role::Frequency)?,
            monetary: locator.require(Role::Monetary)?,
            purchase_days: locator.find(Role::PurchaseDays)?,
            repeat_monetary: locator.find(Role::RepeatMonetary)?,
            cost,
            profit,
            recency_beside_date,
        };
        locator.check_distinct(&map.roles())?;
        Ok(map)
    }

    /// The column of each role found, in the order the roles are listed in [`Role`].
    pub fn roles(&self) -> Vec<(Role, usize)> {
        let last = match self.last_purchase {
            LastPurchase::Date(column) => (Role::LastPurchase, column),
            LastPurchase::RecencyDays(column) => (Role::Recency, column),
        };
        let optional = [
            (Role::Recency, self.recency_beside_date),
            (Role::FirstPurchase, self.first_purchase),
            (Role::PurchaseDays, self.purchase_days),
            (Role::RepeatMonetary, self.repeat_monetary),
            (Role::Cost, self.cost),
            (Role::Profit, self.profit),
        ];
        [
            (Role::Customer, self.customer),
            last,
            (Role::Frequency, self.frequency),
            (Role::Monetary, self.monetary),
        ]
        .into_iter()
        .chain(
            optional
                .into_iter()
                .filter_map(|(role, column)| Some((role, column?))),
        )
        .collect()
    }

    /// The number of fields a row needs so that every mapped column is present.
    pub fn min_fields(&self) -> usize {
        let last = match self.last_purchase {
            LastPurchase::Date(column) | LastPurchase::RecencyDays(column) => column,
        };
        let optional = [
            self.recency_beside_date,
            self.first_purchase,
            self.purchase_days,
            self.repeat_monetary,
            self.cost,
            self.profit,
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
            LastPurchase::Date(column) => (Some(name(column)), self.recency_beside_date.map(name)),
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
            profit: self.profit.map(name),
        }
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
    /// Recency column: the last purchase in days when the file has no date for it, or beside
    /// the date, the days it was counted at (the default asOf).
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
    /// Gross profit column, read for the cost where the file has no cost column.
    pub profit: Option<String>,
}
