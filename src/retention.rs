//! How many customers come back: the share who bought more than once, and period by period
//! (month, quarter, year) how many of a period's customers bought again in the next.

use serde::Serialize;

use crate::customers::Customer;
use crate::period::Period;
use crate::text::Texts;
use crate::Date;

/// Customer retention, from the purchases on or before asOf.
///
/// A customer is *active* in a period with a purchase day in it (a day with at least one
/// purchase row; returns are no purchase). Of a period's active customers, those active in the
/// next period too are *retained* there.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionSection {
    /// Customers with a purchase on or before asOf.
    pub customers: u64,
    /// Of them, those with two purchase occasions or more (`frequency` ≥ 2).
    pub repeat_customers: u64,
    /// `repeatCustomers / customers`.
    pub repeat_purchase_rate: f64,
    /// Calendar months from the first purchase's to asOf's.
    pub by_month: Vec<RetentionPeriod>,
    /// Calendar quarters from the first purchase's to asOf's.
    pub by_quarter: Vec<RetentionPeriod>,
    /// Calendar years from the first purchase's to asOf's.
    pub by_year: Vec<RetentionPeriod>,
    /// How the figures are made.
    pub formula: Texts,
}

/// One period's customers and how many of the period before's came back.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPeriod {
    /// Its name: `2024-03`, `2024-Q1` or `2024`.
    pub period: String,
    /// Its first day.
    pub start: Date,
    /// The last day counted: its own last day, or asOf in the period asOf falls in.
    pub end: Date,
    /// Whether asOf falls before its last day: its figures are so far, and its retention may
    /// still rise.
    pub partial: bool,
    /// Customers with a purchase day in the period.
    pub active: u64,
    /// Of them, those whose first purchase day is in the period.
    pub new: u64,
    /// Of the period before's active customers, those active in this one; `None` for the
    /// first period.
    pub retained: Option<u64>,
    /// `retained` / the period before's active customers; `None` for the first period and
    /// after a period without customers.
    pub retention_rate: Option<f64>,
}

/// Every customer's periods of activity, counted by period for each length of period.
pub(crate) struct Activity {
    /// By month, quarter and year, as [`Period::ALL`].
    periods: [Vec<RetentionPeriod>; 3],
}

impl Activity {
    /// The activity of the customers whose distinct purchase days, in order, `days` gives,
    /// up to `as_of`.
    pub(crate) fn of<'a>(days: impl Iterator<Item = &'a [Date]> + Clone, as_of: Date) -> Activity {
        let days = days.map(move |days| &days[..days.partition_point(|day| *day <= as_of)]);
        let first = days.clone().filter_map(|days| days.first()).min().copied();
        Activity {
            periods: Period::ALL.map(|period| match first {
                Some(first) => counted(days.clone(), period, (first, as_of)),
                None => Vec::new(),
            }),
        }
    }

    /// The section, with the repeat customers among `customers` (the customers as of asOf).
    pub(crate) fn section(self, customers: &[Customer]) -> RetentionSection {
        let repeat_customers = customers.iter().filter(|c| c.frequency >= 2).count() as u64;
        let [by_month, by_quarter, by_year] = self.periods;
        RetentionSection {
            customers: customers.len() as u64,
            repeat_customers,
            repeat_purchase_rate: ratio(repeat_customers, customers.len() as u64).unwrap_or(0.0),
            by_month,
            by_quarter,
            by_year,
            formula: Texts::new(
                "retention = customers who bought in the period before and again in this one ÷ customers who bought in the period before; repeat-purchase rate = customers with two purchase occasions or more ÷ customers. A return is no purchase.",
                "保留率 = 上一期购买且本期再次购买的客户数 ÷ 上一期购买的客户数；复购率 = 购买两次及以上的客户数 ÷ 客户数。退货不算购买。",
            ),
        }
    }
}

/// The periods of one length from `first`'s to `as_of`'s, with each customer counted once in
/// every period they bought in.
fn counted<'a>(
    days: impl Iterator<Item = &'a [Date]>,
    period: Period,
    (first, as_of): (Date, Date),
) -> Vec<RetentionPeriod> {
    let first_index = period.index(first);
    let periods = (period.index(as_of) - first_index + 1) as usize;
    let (mut active, mut new, mut retained) =
        (vec![0; periods], vec![0; periods], vec![0; periods]);
    for days in days {
        let mut previous: Option<usize> = None;
        for day in days {
            let at = (period.index(*day) - first_index) as usize;
            if previous == Some(at) {
                continue;
            }
            active[at] += 1;
            match previous {
                None => new[at] += 1,
                Some(before) if before + 1 == at => retained[at] += 1,
                Some(_) => {}
            }
            previous = Some(at);
        }
    }
    let mut start = period.start_of(first);
    (0..periods)
        .map(|at| {
            let next = period.next(start);
            let last_day = next.add_days(-1);
            let row = RetentionPeriod {
                period: period.label(start),
                start,
                end: last_day.min(as_of),
                partial: as_of < last_day,
                active: active[at],
                new: new[at],
                retained: (at > 0).then(|| retained[at]),
                retention_rate: at
                    .checked_sub(1)
                    .and_then(|before| ratio(retained[at], active[before])),
            };
            start = next;
            row
        })
        .collect()
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
