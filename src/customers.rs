//! Per-customer recency, frequency and monetary value as of an analysis date.

use std::ops::Range;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::parallel::join;
use crate::read::{Transaction, Transactions};
use crate::Date;

/// One customer's purchase history, summarised as of the analysis date (`asOf`).
///
/// - A *purchase occasion* is a distinct order id when the row has one, otherwise a distinct
///   day. Returns (negative amounts) are not occasions.
/// - `recency_days` = asOf − the day of the last purchase occasion (0 = bought on asOf).
/// - `frequency` = the number of purchase occasions up to and including asOf.
/// - `monetary` = net revenue up to and including asOf: purchases minus returns.
#[derive(Clone, Debug, PartialEq)]
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
    /// Net revenue less what it cost the seller (a return's cost comes back), where every
    /// row up to asOf has a cost; `None` without a cost column, and for a customer with a row
    /// whose cost is blank, whose profit the data cannot tell.
    pub gross_profit: Option<f64>,
}

impl Customer {
    /// `gross_profit` / `monetary`; `None` without a gross profit, or without positive net
    /// revenue. Worked out when asked for rather than kept: a customer's row is the largest
    /// block the analysis holds (see `CustomerRow`).
    pub fn gross_margin(&self) -> Option<f64> {
        margin(self.gross_profit?, self.monetary)
    }
}

// By hand for the gross margin, which is worked out rather than kept.
impl Serialize for Customer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut customer = serializer.serialize_struct("Customer", 8)?;
        customer.serialize_field("id", &self.id)?;
        customer.serialize_field("firstPurchase", &self.first_purchase)?;
        customer.serialize_field("lastPurchase", &self.last_purchase)?;
        customer.serialize_field("recencyDays", &self.recency_days)?;
        customer.serialize_field("frequency", &self.frequency)?;
        customer.serialize_field("monetary", &self.monetary)?;
        customer.serialize_field("grossProfit", &self.gross_profit)?;
        customer.serialize_field("grossMargin", &self.gross_margin())?;
        customer.end()
    }
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

/// A purchase occasion within one customer as one number: its order's key, or for a row
/// without an order id, its day counted down from `u64::MAX`, a value an order's key takes
/// with the same 2⁻⁶⁴ chance as another order's (see [`OrderKey`](crate::OrderKey)).
fn occasion_key(transaction: &Transaction) -> u64 {
    match transaction.order {
        Some(order) => order.get(),
        // Any one-to-one map of days will do: only whether two occasions are equal matters.
        None => u64::MAX - u64::from(transaction.date.day_number() as u32),
    }
}

/// Every customer's distinct purchase days and the first day of each purchase occasion, both
/// sorted, built once so that the customers can be summarised as of any date (the analysis
/// date, the migration's earlier date) by binary searches. The purchase rows are bucketed by
/// customer in one pass and each customer's few rows sorted on their own: cheaper than
/// sorting a million keys, and done once rather than once per date.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(crate) struct PurchaseHistory {
    /// Customer c's purchase days are `days[day_starts[c]..day_starts[c + 1]]`.
    days: Vec<Date>,
    day_starts: Vec<usize>,
    /// Customer c's occasions' first days are
    /// `occasion_days[occasion_starts[c]..occasion_starts[c + 1]]`, one per occasion.
    occasion_days: Vec<Date>,
    occasion_starts: Vec<usize>,
}

impl PurchaseHistory {
    /// Indexes the purchase rows of `transactions`: natively the first half of the customers
    /// and the second each on a core of their own. Each half reads every row but buckets only
    /// its own customers', so that neither waits for the other and the bucketing, a write to a
    /// random place per row, is shared too. A WebAssembly module in a browser has one thread,
    /// where the halves would run one after the other, each reading every row: there the
    /// history is built whole.
    pub(crate) fn new(transactions: &Transactions) -> PurchaseHistory {
        let customers = transactions.customer_ids.len();
        let mut history = if cfg!(target_arch = "wasm32") {
            PurchaseHistory::of_customers(transactions, 0..customers)
        } else {
            let (early, late) = join(
                || PurchaseHistory::of_customers(transactions, 0..customers / 2),
                || PurchaseHistory::of_customers(transactions, customers / 2..customers),
            );
            early.followed_by(late)
        };
        // Room was taken for a day per row; the history outlives the rows' analysis, which is
        // when memory peaks, with one entry per purchase day and per occasion.
        history.days.shrink_to_fit();
        history.occasion_days.shrink_to_fit();
        history
    }

    /// The history of the customers in `customers` alone, the first of them numbered 0.
    fn of_customers(transactions: &Transactions, customers: Range<usize>) -> PurchaseHistory {
        let purchases = || {
            (transactions.rows.iter())
                .filter(|row| row.is_purchase() && customers.contains(&(row.customer as usize)))
        };
        let count = customers.len();
        let first_customer = customers.start;
        // A counting sort by customer: each customer's entries keep their file order.
        let mut next = vec![0; count + 1];
        for row in purchases() {
            next[row.customer as usize - first_customer + 1] += 1;
        }
        for c in 0..count {
            next[c + 1] += next[c];
        }
        let starts = next.clone();
        let Some(first) = purchases().next() else {
            return PurchaseHistory {
                days: Vec::new(),
                day_starts: starts,
                occasion_days: Vec::new(),
                occasion_starts: vec![0; count + 1],
            };
        };
        let mut bucketed = vec![(0, first.date); next[count]];
        for row in purchases() {
            let slot = &mut next[row.customer as usize - first_customer];
            bucketed[*slot] = (occasion_key(row), row.date);
            *slot += 1;
        }
        let mut history = PurchaseHistory {
            days: Vec::with_capacity(bucketed.len()),
            day_starts: Vec::with_capacity(count + 1),
            occasion_days: Vec::with_capacity(bucketed.len()),
            occasion_starts: Vec::with_capacity(count + 1),
        };
        history.day_starts.push(0);
        history.occasion_starts.push(0);
        let mut scratch = Vec::new();
        for window in starts.windows(2) {
            let bucket = &mut bucketed[window[0]..window[1]];
            // By occasion, then day: each occasion's first row comes first.
            bucket.sort_unstable();
            scratch.clear();
            scratch.extend(
                bucket
                    .iter()
                    .enumerate()
                    .filter(|(i, (occasion, _))| *i == 0 || bucket[i - 1].0 != *occasion)
                    .map(|(_, (_, day))| *day),
            );
            scratch.sort_unstable();
            history.occasion_days.extend_from_slice(&scratch);
            history.occasion_starts.push(history.occasion_days.len());
            scratch.clear();
            scratch.extend(bucket.iter().map(|(_, day)| *day));
            scratch.sort_unstable();
            scratch.dedup();
            history.days.extend_from_slice(&scratch);
            history.day_starts.push(history.days.len());
        }
        history
    }

    /// This history of the first customers followed by `later`'s, of the customers after them.
    fn followed_by(mut self, later: PurchaseHistory) -> PurchaseHistory {
        let (days, occasions) = (self.days.len(), self.occasion_days.len());
        self.days.extend(later.days);
        let day_starts = later.day_starts[1..].iter().map(|start| start + days);
        self.day_starts.extend(day_starts);
        self.occasion_days.extend(later.occasion_days);
        let occasion_starts = (later.occasion_starts[1..].iter()).map(|start| start + occasions);
        self.occasion_starts.extend(occasion_starts);
        self
    }

    /// The customer's distinct purchase days, in order.
    pub(crate) fn days(&self, customer: usize) -> &[Date] {
        &self.days[self.day_starts[customer]..self.day_starts[customer + 1]]
    }

    /// The customers with a purchase on or before `as_of`, by index among the transactions'
    /// customers: the customers of [`CustomerBase::from_history`] at that date, in its order.
    pub(crate) fn customers_until(&self, as_of: Date) -> Vec<u32> {
        (0..self.day_starts.len().saturating_sub(1))
            .filter(|&customer| self.days(customer).first().is_some_and(|day| *day <= as_of))
            .map(|customer| customer as u32)
            .collect()
    }

    /// The customer's purchase occasions on or before `as_of`: those whose first day is.
    fn occasions_until(&self, customer: usize, as_of: Date) -> u32 {
        let first_days =
            &self.occasion_days[self.occasion_starts[customer]..self.occasion_starts[customer + 1]];
        first_days.partition_point(|day| *day <= as_of) as u32
    }
}

#[derive(Clone, Copy)]
struct Totals {
    net: f64,
    /// The cost of the rows, while every row has one; `None` after a row without.
    cost: Option<f64>,
    has_rows: bool,
}

impl Default for Totals {
    fn default() -> Totals {
        Totals {
            net: 0.0,
            cost: Some(0.0),
            has_rows: false,
        }
    }
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
        CustomerBase::from_history(transactions, &PurchaseHistory::new(transactions), as_of)
    }

    /// [`CustomerBase::as_of`] with the purchase occasions taken from `history`, which can
    /// serve several dates.
    pub(crate) fn from_history(
        transactions: &Transactions,
        history: &PurchaseHistory,
        as_of: Date,
    ) -> CustomerBase {
        let mut totals = vec![Totals::default(); transactions.customer_ids.len()];
        let mut rows_used = 0;
        let mut date_range: Option<(Date, Date)> = None;
        let (mut costed_revenue, mut cost) = (0.0, 0.0);
        for (row, row_cost) in transactions.rows.iter().zip(transactions.row_costs()) {
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
            total.cost = total.cost.zip(row_cost).map(|(sum, cost)| sum + cost);
        }

        let mut base = CustomerBase {
            // At most every customer: room for all at once spares the copies and the unused room
            // of growing by doubling, 3 MB at 80,000 customers.
            customers: Vec::with_capacity(transactions.customer_ids.len()),
            rows_used,
            rows_after_as_of: transactions.rows.len() as u64 - rows_used,
            return_only_customers: 0,
            net_revenue: round_money(totals.iter().map(|t| t.net).sum()),
            date_range,
            gross_margin: (costed_revenue > 0.0).then(|| 1.0 - cost / costed_revenue),
        };
        for (customer, (id, total)) in transactions.customer_ids.iter().zip(&totals).enumerate() {
            let days = history.days(customer);
            match days[..days.partition_point(|day| *day <= as_of)] {
                [first_purchase, .., last_purchase] | [first_purchase @ last_purchase] => {
                    base.customers.push(Customer {
                        id: id.clone(),
                        first_purchase: Some(first_purchase),
                        last_purchase,
                        recency_days: as_of.days_since(last_purchase),
                        frequency: history.occasions_until(customer, as_of),
                        monetary: round_money(total.net),
                        gross_profit: total.cost.map(|cost| round_money(total.net - cost)),
                    });
                }
                [] if total.has_rows => base.return_only_customers += 1,
                [] => {}
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
    /// Net revenue of the rows from the second purchase day up to asOf: what the repeat
    /// purchases brought, returns subtracted. A return before the second purchase day can only
    /// be of the first purchase, and stays with it.
    pub repeat_net: f64,
    /// Distinct purchase days after asOf (to the end of the data): the hold-out purchases.
    pub later_days: u32,
}

impl PurchaseDays {
    /// The customer's own mean gap between purchase days, in days; `None` with one purchase
    /// day, which has no gap.
    pub fn rhythm_days(&self) -> Option<f64> {
        (self.days > 1)
            .then(|| f64::from(self.last.days_since(self.first)) / f64::from(self.days - 1))
    }
}

/// The purchase days of every customer with a purchase on or before `as_of`, in the order of
/// [`CustomerBase::as_of`]'s customers.
pub(crate) fn purchase_days(
    transactions: &Transactions,
    history: &PurchaseHistory,
    as_of: Date,
) -> Vec<PurchaseDays> {
    // Each customer's days and, for a repeat customer, the second purchase day.
    let mut summaries: Vec<Option<(PurchaseDays, Option<Date>)>> =
        (0..transactions.customer_ids.len())
            .map(|customer| {
                let days = history.days(customer);
                let until = days.partition_point(|day| *day <= as_of);
                let summary = |first, last| PurchaseDays {
                    first,
                    last,
                    days: until as u32,
                    repeat_net: 0.0,
                    later_days: (days.len() - until) as u32,
                };
                match days[..until] {
                    [first, second, .., last] => Some((summary(first, last), Some(second))),
                    [first, last] => Some((summary(first, last), Some(last))),
                    [first] => Some((summary(first, first), None)),
                    [] => None,
                }
            })
            .collect();
    for row in &transactions.rows {
        if let Some((summary, Some(second))) = &mut summaries[row.customer as usize] {
            if row.date >= *second && row.date <= as_of {
                summary.repeat_net += row.amount;
            }
        }
    }
    summaries
        .into_iter()
        .flatten()
        .map(|(summary, _)| PurchaseDays {
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
            gross_profit: None,
        }
    }
}

/// A group's gross profit (a segment's, a tier's): over its customers whose gross profit is
/// known, since a customer with a row without cost has none (see [`Customer::gross_profit`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupProfit {
    /// Σ `grossProfit` of the customers counted.
    pub gross_profit: f64,
    /// `gross_profit` ÷ their net revenue; `None` when that revenue is not positive.
    pub gross_margin: Option<f64>,
    /// Customers counted: those of the group with a gross profit.
    pub customers: u64,
}

impl GroupProfit {
    /// The profit of `customers`; `None` when none of them has a gross profit, as in a file
    /// without costs or a group without members.
    pub(crate) fn of<'a>(customers: impl IntoIterator<Item = &'a Customer>) -> Option<GroupProfit> {
        let (mut profit, mut revenue, mut counted) = (0.0, 0.0, 0);
        for customer in customers {
            if let Some(gross_profit) = customer.gross_profit {
                profit += gross_profit;
                revenue += customer.monetary;
                counted += 1;
            }
        }
        (counted > 0).then(|| GroupProfit {
            gross_profit: round_money(profit),
            gross_margin: margin(profit, revenue),
            customers: counted,
        })
    }
}

/// `profit` ÷ `revenue`, the gross margin; `None` unless the revenue is positive, as returns
/// outweighing sales would turn a loss into a positive margin.
pub(crate) fn margin(profit: f64, revenue: f64) -> Option<f64> {
    (revenue > 0.0).then(|| profit / revenue)
}

/// The sum of amounts of money, 0 for none, where a sum of no `f64` is −0.0, which would
/// print as such in a group without members.
pub(crate) fn total_money(amounts: impl Iterator<Item = f64>) -> f64 {
    amounts.fold(0.0, |sum, amount| sum + amount)
}

/// Rounds to 6 decimal places, so sums such as 29.33 + 14.96 print as written.
pub(crate) fn round_money(value: f64) -> f64 {
    let millionths = value * 1e6;
    // Past about 1e302 the scaling overflows; a double there has no millionths to round.
    match millionths.is_finite() {
        true => millionths.round() / 1e6,
        false => value,
    }
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

    /// The transactions of `rows`, whose customers are numbered from 0 to `customers`.
    fn numbered(customers: u32, rows: Vec<Transaction>) -> Transactions {
        Transactions {
            customer_ids: (0..customers).map(|c| c.to_string()).collect(),
            costs: Vec::new(),
            attributes: Vec::new(),
            rows,
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

    /// Each customer's order A has a line on 5 March before order B's and another on 1 March
    /// after it: two occasions, both first on 1 March, for every customer of the file, the
    /// first half's and the second's alike.
    #[test]
    fn an_orders_lines_in_any_order_are_one_occasion_for_every_customer() {
        let customers = 5;
        let rows = (0..customers)
            .flat_map(|customer| {
                [
                    row(customer, "2024-03-05", 10.0, Some("A")),
                    row(customer, "2024-03-01", 20.0, Some("B")),
                    row(customer, "2024-03-01", 30.0, Some("A")),
                ]
            })
            .collect();
        let transactions = numbered(customers, rows);
        for as_of in ["2024-03-01", "2024-03-10"] {
            let base = CustomerBase::as_of(&transactions, day(as_of));
            let frequencies: Vec<u32> = base.customers.iter().map(|c| c.frequency).collect();
            assert_eq!(frequencies, [2; 5], "as of {as_of}");
        }
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
    fn the_customers_until_a_date_are_the_scored_ones_in_order() {
        let transactions = Transactions {
            customer_ids: vec!["late".into(), "a".into(), "returns".into(), "b".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(0, "2024-04-02", 7.0, None),
                row(1, "2024-03-01", 10.0, None),
                row(2, "2024-03-02", -4.0, None),
                row(3, "2024-03-03", 5.0, None),
                row(0, "2024-03-20", -1.0, None),
            ],
        };
        let as_of = day("2024-03-15");
        let history = PurchaseHistory::new(&transactions);
        let base = CustomerBase::from_history(&transactions, &history, as_of);
        let scored: Vec<&str> = base.customers.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(scored, ["a", "b"]);
        assert_eq!(history.customers_until(as_of), [1, 3]);
        assert_eq!(history.customers_until(day("2024-04-02")), [0, 1, 3]);
    }

    #[test]
    fn a_return_before_the_second_purchase_day_is_of_the_first_purchase() {
        let transactions = Transactions {
            customer_ids: vec!["returned it all".into(), "came back".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(0, "2024-01-01", 100.0, None),
                row(0, "2024-01-02", -100.0, None),
                row(1, "2024-01-01", 50.0, None),
                row(1, "2024-01-03", -20.0, None),
                row(1, "2024-01-10", 30.0, None),
                row(1, "2024-01-12", -5.0, None),
            ],
        };
        let history = PurchaseHistory::new(&transactions);
        let days = purchase_days(&transactions, &history, day("2024-01-31"));
        // The first bought once and returned it: no repeat purchase brought anything. The
        // second's first purchase is 50 − 20 = 30, the repeats 30 − 5 = 25.
        let repeat_net: Vec<f64> = days.iter().map(|d| d.repeat_net).collect();
        assert_eq!(repeat_net, [0.0, 25.0]);
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
        let history = PurchaseHistory::new(&transactions);
        let days = purchase_days(&transactions, &history, day("2024-03-10"));
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
    fn an_order_spanning_days_counts_from_its_first_day() {
        // Order 7 has rows on 03-01 and 03-05: one occasion from 03-01, two purchase days.
        let transactions = Transactions {
            customer_ids: vec!["a".into(), "b".into()],
            costs: Vec::new(),
            attributes: Vec::new(),
            rows: vec![
                row(1, "2024-03-02", 4.0, None),
                row(0, "2024-03-05", 10.0, Some("7")),
                row(0, "2024-03-01", 5.0, Some("7")),
                row(0, "2024-03-04", 2.0, Some("8")),
                row(1, "2024-03-02", 6.0, None),
            ],
        };
        let history = PurchaseHistory::new(&transactions);
        let at = |date| CustomerBase::from_history(&transactions, &history, day(date));
        let frequencies = |base: CustomerBase| -> Vec<(u32, i32)> {
            base.customers
                .iter()
                .map(|c| (c.frequency, c.recency_days))
                .collect()
        };
        assert_eq!(frequencies(at("2024-03-03")), [(1, 2), (1, 1)]);
        assert_eq!(frequencies(at("2024-03-05")), [(2, 0), (1, 3)]);
        let days = purchase_days(&transactions, &history, day("2024-03-04"));
        assert_eq!(
            days.iter()
                .map(|d| (d.days, d.later_days, d.last))
                .collect::<Vec<_>>(),
            [(2, 1, day("2024-03-04")), (1, 0, day("2024-03-02"))]
        );
    }

    #[test]
    fn the_history_of_two_halves_of_the_customers_is_that_of_all_at_once() {
        // Rows of customers in turn, some returns, some orders over several days; with three
        // customers or more, the one at the middle, where the halves meet, has no row, and
        // the one before it only returns.
        for customers in [0, 1, 2, 3, 4, 7, 100] {
            let middle = customers / 2;
            let rows = (0..1_000)
                .map(|i: u32| {
                    let customer = i * 37 % customers.max(1);
                    let returned = i % 7 == 0 || customers >= 3 && customer + 1 == middle;
                    let order = (i % 3 > 0).then(|| crate::OrderKey::of(&(i % 50).to_string()));
                    Transaction {
                        customer,
                        date: day("2024-01-01").add_days((i * 13 % 60) as i32),
                        amount: if returned { -5.0 } else { 10.0 },
                        order,
                    }
                })
                .filter(|row| customers > 0 && (customers < 3 || row.customer != middle))
                .collect();
            let transactions = numbered(customers, rows);
            let all_at_once = PurchaseHistory::of_customers(&transactions, 0..customers as usize);
            assert_eq!(
                PurchaseHistory::new(&transactions),
                all_at_once,
                "{customers} customers"
            );
        }
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

    #[test]
    fn a_group_s_profit_counts_its_customers_with_one() {
        let customer = |monetary: f64, gross_profit: Option<f64>| Customer {
            gross_profit,
            ..Customer::with_rfm(1, 1, monetary)
        };
        // 30 + 20 − 10 on 100 + 50 + 40: a margin of 40 / 190. The 500 without a cost is left
        // out of both.
        let group = [
            customer(100.0, Some(30.0)),
            customer(500.0, None),
            customer(50.0, Some(20.0)),
            customer(40.0, Some(-10.0)),
        ];
        assert_eq!(
            GroupProfit::of(&group),
            Some(GroupProfit {
                gross_profit: 40.0,
                gross_margin: Some(40.0 / 190.0),
                customers: 3,
            })
        );
        // Returns outweighing sales leave no margin to give.
        let returned = [customer(-20.0, Some(-5.0))];
        assert_eq!(GroupProfit::of(&returned).unwrap().gross_margin, None);
        assert_eq!(GroupProfit::of(&[customer(100.0, None)]), None);
        assert_eq!(GroupProfit::of(&[]), None);
    }
}
