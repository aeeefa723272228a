//! Calendar periods (months, quarters, years) that figures over time are grouped by: the
//! satisfaction trend and customer retention.

use serde::Serialize;

use crate::Date;

/// A length of calendar period.
///
/// ```
/// use custval::{Date, Period};
///
/// let day: Date = "2024-05-20".parse()?;
/// let start = Period::Quarter.start_of(day);
/// assert_eq!((start.to_string(), Period::Quarter.label(start)), ("2024-04-01".to_string(), "2024-Q2".to_string()));
/// assert_eq!(Period::Quarter.next(start).to_string(), "2024-07-01");
/// # Ok::<(), custval::DateError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Period {
    /// Calendar months, e.g. `2024-03`.
    #[default]
    Month,
    /// Calendar quarters, e.g. `2024-Q1`.
    Quarter,
    /// Calendar years, e.g. `2024`.
    Year,
}

impl Period {
    /// Every length, shortest first.
    pub const ALL: [Period; 3] = [Period::Month, Period::Quarter, Period::Year];

    /// The first day of the period `date` falls in.
    pub fn start_of(self, date: Date) -> Date {
        let (year, month, _) = date.ymd();
        let first_month = (month - 1) / self.months() * self.months() + 1;
        Date::from_ymd(year, first_month, 1).unwrap_or(date)
    }

    /// The first day of the period after the one that starts on `start`.
    pub fn next(self, start: Date) -> Date {
        let (year, month, _) = start.ymd();
        let months_on = month - 1 + self.months();
        let (year, month) = (year + (months_on / 12) as i32, months_on % 12 + 1);
        // Past year 9999 there is no next period; one day later still ends a loop over them.
        Date::from_ymd(year, month, 1).unwrap_or(start.add_days(1))
    }

    /// The name of the period that starts on `start`: `2024-03`, `2024-Q1` or `2024`.
    pub fn label(self, start: Date) -> String {
        let (year, month, _) = start.ymd();
        match self {
            Period::Month => format!("{year:04}-{month:02}"),
            Period::Quarter => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
            Period::Year => format!("{year:04}"),
        }
    }

    /// The number of the period the month numbered `month` (see [`month_number`]) falls in:
    /// consecutive periods have consecutive numbers.
    pub(crate) fn of_month(self, month: i64) -> i64 {
        month.div_euclid(i64::from(self.months()))
    }

    fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        }
    }
}

/// The number of the month `date` falls in, counted from January of year 0, so that months,
/// and with [`Period::of_month`] quarters and years, are numbered from one day's arithmetic.
pub(crate) fn month_number(date: Date) -> i64 {
    let (year, month, _) = date.ymd();
    i64::from(year) * 12 + i64::from(month) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn starts_labels_and_next_periods() {
        let cases = [
            (
                "2024-03-15",
                Period::Month,
                "2024-03",
                "2024-03-01",
                "2024-04-01",
            ),
            (
                "2024-12-31",
                Period::Month,
                "2024-12",
                "2024-12-01",
                "2025-01-01",
            ),
            (
                "2024-05-20",
                Period::Quarter,
                "2024-Q2",
                "2024-04-01",
                "2024-07-01",
            ),
            (
                "2024-11-02",
                Period::Quarter,
                "2024-Q4",
                "2024-10-01",
                "2025-01-01",
            ),
            (
                "2024-01-01",
                Period::Year,
                "2024",
                "2024-01-01",
                "2025-01-01",
            ),
            (
                "2024-12-31",
                Period::Year,
                "2024",
                "2024-01-01",
                "2025-01-01",
            ),
        ];
        for (date, period, expected_label, expected_start, expected_next) in cases {
            let start = period.start_of(day(date));
            assert_eq!(period.label(start), expected_label);
            assert_eq!(start, day(expected_start));
            assert_eq!(period.next(start), day(expected_next));
        }
    }

    #[test]
    fn consecutive_periods_have_consecutive_numbers() {
        for period in Period::ALL {
            let mut start = period.start_of(day("1999-11-20"));
            for _ in 0..30 {
                let next = period.next(start);
                let number = |date| period.of_month(month_number(date));
                assert_eq!(number(next), number(start) + 1, "{period:?} {start}");
                // Every day of a period has its number.
                assert_eq!(number(next.add_days(-1)), number(start));
                start = next;
            }
        }
    }
}
