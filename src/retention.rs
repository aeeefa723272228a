//! How many customers come back: the share who bought more than once, and period by period
//! (month, quarter, year) how many of a period's customers bought again in the next.

use serde::Serialize;

use crate::customers::Customer;
use crate::period::{month_number, Period};
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
        let Some(first) = days.clone().filter_map(|days| days.first()).min().copied() else {
            return Activity {
                periods: Default::default(),
            };
        };
        let mut tallies = Period::ALL.map(|period| Tally::new(period, (first, as_of)));
        for days in days {
            let mut previous = [None; 3];
            for day in days {
                // A day's month is worked out once, and its quarter and year from it.
                let month = month_number(*day);
                for (tally, previous) in tallies.iter_mut().zip(&mut previous) {
                    tally.count(month, previous);
                }
            }
        }
        Activity {
            periods: tallies.map(|tally| tally.periods(first, as_of)),
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

/// The customers counted in each period of one length, from the first purchase's to asOf's.
struct Tally {
    period: Period,
    /// The number of the first period (see [`Period::of_month`]).
    first: i64,
    active: Vec<u64>,
    new: Vec<u64>,
    retained: Vec<u64>,
}

impl Tally {
    fn new(period: Period, (first, as_of): (Date, Date)) -> Tally {
        let first = period.of_month(month_number(first));
        let periods = (period.of_month(month_number(as_of)) - first + 1) as usize;
        Tally {
            period,
            first,
            active: vec![0; periods],
            new: vec![0; periods],
            retained: vec![0; periods],
        }
    }

    /// Counts a customer's purchase in the month numbered `month`, given the position of the
    /// period of their purchase before (in order), which becomes this one's.
    fn count(&mut self, month: i64, previous: &mut Option<usize>) {
        let at = (self.period.of_month(month) - self.first) as usize;
        if *previous == Some(at) {
            return;
        }
        self.active[at] += 1;
        match *previous {
            None => self.new[at] += 1,
            Some(before) if before + 1 == at => self.retained[at] += 1,
            Some(_) => {}
        }
        *previous = Some(at);
    }

    fn periods(self, first: Date, as_of: Date) -> Vec<RetentionPeriod> {
        let period = self.period;
        let mut start = period.start_of(first);
        (0..self.active.len())
            .map(|at| {
                let next = period.next(start);
                let last_day = next.add_days(-1);
                let row = RetentionPeriod {
                    period: period.label(start),
                    start,
                    end: last_day.min(as_of),
                    partial: as_of < last_day,
                    active: self.active[at],
                    new: self.new[at],
                    retained: (at > 0).then(|| self.retained[at]),
                    retention_rate: at
                        .checked_sub(1)
                        .and_then(|before| ratio(self.retained[at], self.active[before])),
                };
                start = next;
                row
            })
            .collect()
    }
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
