//! Per-customer recency, frequency and monetary value as of an analysis date.

use serde::Serialize;

use crate::read::{Transaction, Transactions};
use crate::Date;

/// One customer's purchase history, summarised as of the analysis date (`asOf`).
///
/// - A *purchase occasion* is a distinct order id when the row has one, otherwise a distinct
///   day. Returns (negative amounts) are not occasions.
/// - `recency_days` = asOf − the day of the last purchase occasion (0 = bought on asOf).
/// - `frequency` = the number of purchase occasions up to and including asOf.
/// - `monetary` = net revenue up to and including asOf: purchases minus returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// The customer id as written in the file.
    pub id: String,
    /// Day of the first purchase occasion; `None` when a customer file does not give it.
    pub first_purchase: Option<Date>,
    /// Day of the last purchase occasion on or before asOf.
    pub last_purchase: Date,
    /// Days from the last purchase occasion to asOf.
    pub recency_days: i32,
    /// Purchase occasions up to asOf.
    pub frequency: u32,
    /// Net revenue up to asOf, rounded to 6 decimal places to drop floating-point noise.
    pub monetary: f64,
}

/// The customers as of one date, and what the rows up to that date add up to.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerBase {
    /// Customers with at least one purchase occasion up to asOf, in order of first appearance.
    pub customers: Vec<Customer>,
    /// Rows dated on or before asOf.
    pub rows_used: u64,
    /// Rows dated after asOf, not scored.
    pub rows_after_as_of: u64,
    /// Customers whose rows up to asOf are all returns: they have no purchase to score.
    pub return_only_customers: u64,
    /// Net revenue of all rows up to asOf, including return-only customers.
    pub net_revenue: f64,
    /// Earliest and latest date of the rows up to asOf.
    pub date_range: Option<(Date, Date)>,
    /// 1 − cost / net revenue of the rows up to asOf that have a cost; `None` without costs
    /// or when those rows bring no positive revenue.
    pub gross_margin: Option<f64>,
}

/// A customer's purchase occasion as one number, so that a million of them sort quickly: the
/// customer in the top 32 bits; below, an order's key, or with bit 64 set, a day.
fn occasion_key(transaction: &Transaction) -> u128 {
    let occasion = match transaction.order {
        Some(order) => u128::from(order.get()),
        // Any one-to-one map of days will do: only whether two occasions are equal matters.
        None => 1 << 64 | u128::from(transaction.date.day_number() as u32),
    };
    u128::from(transaction.customer) << 96 | occasion
}

#[derive(Clone, Copy, Default)]
struct Totals {
    first_purchase: Option<Date>,
    last_purchase: Option<Date>,
    occasions: u32,
    net: f64,
    has_rows: bool,
}

impl CustomerBase {
    /// Summarises every customer's transactions on or before `as_of`.
    ///
    /// ```
    /// use custval::{CustomerBase, Date, Transaction, Transactions};
    ///
    /// let day = |text: &str| text.parse::<Date>().unwrap();
    /// let sale = |date, amount| Transaction { customer: 0, date: day(date), amount, order: None };
    /// let transactions = Transactions {
    ///     customer_ids: vec!["c1".into()],
    ///     costs: Vec::new(),
    ///     attributes: Vec::new(),
    ///     rows: vec![sale("2024-01-01", 30.0), sale("2024-01-05", 20.0), sale("2024-01-05", -5.0)],
    /// };
    /// let base = CustomerBase::as_of(&transactions, day("2024-01-10"));
    /// let customer = &base.customers[0];
    /// assert_eq!((customer.recency_days, customer.frequency, customer.monetary), (5, 2, 45.0));
    /// ```
    pub fn as_of(transactions: &Transactions, as_of: Date) -> CustomerBase {
        let mut totals = vec![Totals::default(); transactions.customer_ids.len()];
        let mut occasions = Vec::new();
        let mut rows_used = 0;
        let mut date_range: Option<(Date, Date)> = None;
        let (mut costed_revenue, mut cost) = (0.0, 0.0);
        let costs = transactions
            .costs
            .iter()
            .copied()
            .chain(std::iter::repeat(None));
        for (row, row_cost) in transactions.rows.iter().zip(costs) {
            if row.date > as_of {
                continue;
            }
            rows_used += 1;
            if let Some(row_cost) = row_cost {
                costed_revenue += row.amount;
                cost += row_cost;
            }
            date_range = Some(date_range.map_or((row.date, row.date), |(first, last)| {
                (first.min(row.date), last.max(row.date))
            }));
            let total = &mut totals[row.customer as usize];
            total.has_rows = true;
            total.net += row.amount;
            if row.is_purchase() {
                total.first_purchase =
                    Some(total.first_purchase.map_or(row.date, |d| d.min(row.date)));
                total.last_purchase =
                    Some(total.last_purchase.map_or(row.date, |d| d.max(row.date)));
                occasions.push(occasion_key(row));
            }
        }
        occasions.sort_unstable();
        occasions.dedup();
        for key in occasions {
            totals[(key >> 96) as usize].occasions += 1;
        }

        let mut base = CustomerBase {
            customers: Vec::new(),
            rows_used,
            rows_after_as_of: transactions.rows.len() as u64 - rows_used,
            return_only_customers: 0,
            net_revenue: round_money(totals.iter().map(|t| t.net).sum()),
            date_range,
            gross_margin: (costed_revenue > 0.0).then(|| 1.0 - cost / costed_revenue),
        };
        for (id, total) in transactions.customer_ids.iter().zip(&totals) {
            match (total.first_purchase, total.last_purchase) {
                (Some(first_purchase), Some(last_purchase)) => {
                    base.customers.push(Customer {
                        id: id.clone(),
                        first_purchase: Some(first_purchase),
                        last_purchase,
                        recency_days: as_of.days_since(last_purchase),
                        frequency: total.occasions,
                        monetary: round_money(total.net),
                    });
                }
                _ if total.has_rows => base.return_only_customers += 1,
                _ => {}
            }
        }
        base
    }
}

/// One customer's distinct purchase days, the input of the lifetime-value models.
///
/// Purchases and returns are told apart as in [`CustomerBase`]; a day counts when it has at
/// least one purchase row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PurchaseDays {
    /// The first purchase day.
    pub first: Date,
    /// The last purchase day on or before asOf.
    pub last: Date,
    /// Distinct purchase days on or before asOf.
    pub days: u32,
    /// Net revenue of the rows after the first purchase day, up to asOf: what the repeat
    /// purchases brought, returns subtracted.
    pub repeat_net: f64,
    /// Distinct purchase days after asOf (to the end of the data): the hold-out purchases.
    pub later_days: u32,
}

/// The purchase days of every customer with a purchase on or before `as_of`, in the order of
/// [`CustomerBase::as_of`]'s customers.
pub(crate) fn purchase_days(transactions: &Transactions, as_of: Date) -> Vec<PurchaseDays> {
    let mut days: Vec<(u32, Date)> = transactions
        .rows
        .iter()
        .filter(|row| row.is_purchase())
        .map(|row| (row.customer, row.date))
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut summaries: Vec<Option<PurchaseDays>> = vec![None; transactions.customer_ids.len()];
    for (customer, date) in days {
        let slot = &mut summaries[customer as usize];
        match slot {
            _ if date > as_of => {
                if let Some(summary) = slot {
                    summary.later_days += 1;
                }
            }
            Some(summary) => {
                summary.last = date;
                summary.days += 1;
            }
            None => {
                *slot = Some(PurchaseDays {
                    first: date,
                    last: date,
                    days: 1,
                    repeat_net: 0.0,
                    later_days: 0,
                })
            }
        }
    }
    for row in &transactions.rows {
        if let Some(summary) = &mut summaries[row.customer as usize] {
            if row.date > summary.first && row.date <= as_of {
                summary.repeat_net += row.amount;
            }
        }
    }
    summaries
        .into_iter()
        .flatten()
        .map(|summary| PurchaseDays {
            repeat_net: round_money(summary.repeat_net),
            ..summary
        })
        .collect()
}

#[cfg(test)]
impl Customer {
    /// A customer with only recency, frequency and monetary value set, for unit tests.
    pub(crate) fn with_rfm(recency_days: i32, frequency: u32, monetary: f64) -> Customer {
        let day = Date::from_ymd(2024, 1, 1).expect("a valid date");
        Customer {
            id: String::new(),
            first_purchase: Some(day),
            last_purchase: day,
            recency_days,
            frequency,
            monetary,
        }
    }
}

/// Rounds to 6 decimal places, so sums such as 29.33 + 14.96 print as written.
pub(crate) fn round_money(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn row(customer: u32, date: &str, amount: f64, order: Option<&str>) -> Transaction {
        Transaction {
            customer,
            date: day(date),
            amount,
            order: order.map(crate::OrderKey::of),
        }
    }

    #[test]
    fn same_day_purchases_are_one_occasion_without_order_ids() {
        let transactions = Transactions {
            customer_ids: vec!["a".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(0, "2024-03-01", 10.0, None),
                row(0, "2024-03-01", 15.0, None),
                row(0, "2024-03-04", 5.0, None),
            ],
        };
        let base = CustomerBase::as_of(&transactions, day("2024-03-04"));
        let customer = &base.customers[0];
        assert_eq!(
            (customer.frequency, customer.recency_days, customer.monetary),
            (2, 0, 30.0)
        );
    }

    #[test]
    fn distinct_orders_on_one_day_are_separate_occasions() {
        let transactions = Transactions {
            customer_ids: vec!["a".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(0, "2024-03-01", 10.0, Some("536365")),
                row(0, "2024-03-01", 15.0, Some("536366")),
                row(0, "2024-03-01", 1.0, Some("536366")),
            ],
        };
        let base = CustomerBase::as_of(&transactions, day("2024-03-01"));
        assert_eq!(base.customers[0].frequency, 2);
    }

    #[test]
    fn returns_reduce_value_but_are_not_occasions_or_recency() {
        let transactions = Transactions {
            customer_ids: vec!["a".into(), "b".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(0, "2024-03-01", 40.0, None),
                row(0, "2024-03-09", -15.5, None),
                row(1, "2024-03-02", -3.0, None),
            ],
        };
        let base = CustomerBase::as_of(&transactions, day("2024-03-10"));
        assert_eq!(base.customers.len(), 1);
        let customer = &base.customers[0];
        assert_eq!(customer.last_purchase, day("2024-03-01"));
        assert_eq!(
            (customer.frequency, customer.recency_days, customer.monetary),
            (1, 9, 24.5)
        );
        assert_eq!(base.return_only_customers, 1);
        assert_eq!(base.net_revenue, 21.5);
    }

    #[test]
    fn rows_after_as_of_are_not_scored() {
        let transactions = Transactions {
            customer_ids: vec!["a".into(), "late".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(0, "2024-03-01", 10.0, None),
                row(0, "2024-04-01", 99.0, None),
                row(1, "2024-04-02", 7.0, None),
            ],
        };
        let base = CustomerBase::as_of(&transactions, day("2024-03-15"));
        assert_eq!(base.customers.len(), 1);
        assert_eq!(base.customers[0].monetary, 10.0);
        assert_eq!((base.rows_used, base.rows_after_as_of), (1, 2));
        assert_eq!(base.return_only_customers, 0);
        assert_eq!(
            base.date_range,
            Some((day("2024-03-01"), day("2024-03-01")))
        );
    }

    #[test]
    fn purchase_days_count_days_not_rows_and_split_at_as_of() {
        let transactions = Transactions {
            customer_ids: vec!["a".into(), "returns only".into(), "late".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(0, "2024-03-01", 10.0, None),
                row(0, "2024-03-01", 5.0, None),
                row(0, "2024-03-04", 8.0, Some("1")),
                row(0, "2024-03-04", 4.0, Some("2")),
                row(0, "2024-03-06", -2.0, None),
                row(0, "2024-03-20", 7.0, None),
                row(0, "2024-03-21", 7.0, None),
                row(1, "2024-03-02", -3.0, None),
                row(2, "2024-03-25", 9.0, None),
            ],
        };
        let days = purchase_days(&transactions, day("2024-03-10"));
        assert_eq!(
            days,
            vec![PurchaseDays {
                first: day("2024-03-01"),
                last: day("2024-03-04"),
                days: 2,
                repeat_net: 10.0,
                later_days: 2,
            }]
        );
        assert_eq!(
            CustomerBase::as_of(&transactions, day("2024-03-10"))
                .customers
                .len(),
            days.len()
        );
    }

    #[test]
    fn floating_point_noise_is_rounded_away() {
        let transactions = Transactions {
            customer_ids: vec!["a".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(0, "2024-03-01", 0.1, None),
                row(0, "2024-03-02", 0.2, None),
            ],
        };
        let base = CustomerBase::as_of(&transactions, day("2024-03-02"));
        assert_eq!(base.customers[0].monetary, 0.3);
    }
}
