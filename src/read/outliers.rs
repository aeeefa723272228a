//! Dates that stand apart from the rest of a file: placeholders for a missing date
//! (`1900-01-01`) and typos (`2042` for `2024`). Left in, one such row moves the analysis date,
//! which defaults to the latest date, or a customer's first purchase by years.

use crate::{DataDays, Date};

/// A date more than this many days (two years) from every other date stands apart.
pub(crate) const GAP_DAYS: usize = 731;

/// At most one date in this many may stand apart on each side: the rest are the data.
const DATES_PER_DATE_APART: usize = 100;

/// From this many dates on, one may stand apart on each side however few they are: a typo
/// (`2042` for `2024`) in a survey of thirty answers stretched its trend over eighteen years.
/// In fewer, a date years away may be a customer's, and which side is the data less clear.
const FEWEST_DATES_FOR_ONE_APART: usize = 10;

/// Dates that systems write for none: .NET's and Go's zero, SQL Server's first `datetime`,
/// Excel's day 0 as OLE counts it and as Excel shows it, SQL Server's and Excel's day 1, Unix
/// time 0, and the last day there is, for "never". Standing apart, they may be any share of
/// the dates, as where most customers of a CRM have no date.
const PLACEHOLDERS: [(i32, u32, u32); 7] = [
    (1, 1, 1),
    (1753, 1, 1),
    (1899, 12, 30),
    (1899, 12, 31),
    (1900, 1, 1),
    (1970, 1, 1),
    (9999, 12, 31),
];

/// The years a customer's date may fall in. A date outside them is a typo (`0224` for `2024`)
/// or a placeholder, which counts as [`PLACEHOLDERS`] do: in a file of a few rows, where 1 %
/// is none, it would otherwise stand in the data.
pub(crate) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// The days of the `dates` that are the data, when some dates stand apart from them: more
/// than [`GAP_DAYS`] before or after every other day, which hold all but 1 % of the dates or
/// more (all but one, of [`FEWEST_DATES_FOR_ONE_APART`] or more), not counting
/// [`PLACEHOLDERS`] and days outside [`PLAUSIBLE_YEARS`]; [`DataDays::Nowhere`] when those
/// are all the dates there are. `None` when no date stands apart.
///
/// One count per day between the first and last date (4 bytes a day, kilobytes for most
/// files, 15 MB at most for dates from year 1 to 9999) finds both sides in a pass over the
/// dates, where sorting them would cost a pass per doubling.
pub(crate) fn data_days(dates: impl Iterator<Item = Date> + Clone) -> Option<DataDays> {
    let first = dates.clone().min()?;
    let last = dates.clone().max()?;
    let span = last.days_since(first) as usize;
    if span <= GAP_DAYS {
        return None;
    }
    let mut per_day = vec![0u32; span + 1];
    let mut total = 0;
    for date in dates {
        let count = &mut per_day[date.days_since(first) as usize];
        *count = count.saturating_add(1);
        total += 1;
    }
    let allowed =
        (total / DATES_PER_DATE_APART).max(usize::from(total >= FEWEST_DATES_FOR_ONE_APART));
    let placeholders: Vec<usize> = PLACEHOLDERS
        .iter()
        .filter_map(|&(year, month, day)| Date::from_ymd(year, month, day))
        .filter(|date| (first..=last).contains(date))
        .map(|date| date.days_since(first) as usize)
        .collect();
    let is_placeholder = |day: usize| {
        let (year, _, _) = first.add_days(day as i32).ymd();
        placeholders.contains(&day) || !PLAUSIBLE_YEARS.contains(&year)
    };
    let days = per_day.iter().enumerate();
    let start = data_start(days.clone(), allowed, is_placeholder);
    let end = data_start(days.clone().rev(), allowed, is_placeholder);
    if start.is_none() && end.is_none() {
        return None;
    }
    let day = |index: usize| first.add_days(index as i32);
    let (start, end) = (start.unwrap_or(0), end.unwrap_or(span));
    if start <= end {
        return Some(DataDays::Between(day(start), day(end)));
    }
    // Each side took the other's dates for its own dates apart, as where a few real dates
    // years apart stand among many placeholders: then the placeholders alone stand apart.
    let mut real_days = days
        .filter(|&(index, &count)| count > 0 && !is_placeholder(index))
        .map(|(index, _)| index);
    Some(match real_days.next() {
        Some(start) => DataDays::Between(day(start), day(real_days.next_back().unwrap_or(start))),
        None => DataDays::Nowhere,
    })
}

/// Walking the days from one end, the day the data start at: the first day after the
/// farthest gap of more than [`GAP_DAYS`] with at most `allowed` dates before it, not
/// counting those on days that `is_placeholder`.
fn data_start<'a>(
    days: impl Iterator<Item = (usize, &'a u32)>,
    allowed: usize,
    is_placeholder: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut start = None;
    let mut before = 0;
    let mut previous: Option<usize> = None;
    for (day, &count) in days.filter(|(_, count)| **count > 0) {
        if previous.is_some_and(|previous| previous.abs_diff(day) > GAP_DAYS) {
            start = Some(day);
        }
        if !is_placeholder(day) {
            before += count as usize;
        }
        if before > allowed {
            break;
        }
        previous = Some(day);
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(dates: &[(&str, usize)]) -> Option<DataDays> {
        let dates = dates.iter().flat_map(|&(date, count)| {
            let date: Date = date.parse().unwrap();
            std::iter::repeat_n(date, count)
        });
        data_days(dates)
    }

    fn expected(start: &str, end: &str) -> Option<DataDays> {
        Some(DataDays::Between(
            start.parse().unwrap(),
            end.parse().unwrap(),
        ))
    }

    #[test]
    fn a_placeholder_and_a_typo_stand_apart() {
        let dates = [
            ("1900-01-01", 2),
            ("2023-01-02", 150),
            ("2024-12-31", 148),
            ("2042-03-05", 1),
        ];
        assert_eq!(range(&dates), expected("2023-01-02", "2024-12-31"));
    }

    #[test]
    fn a_date_in_no_plausible_year_stands_apart_in_a_few_rows() {
        // Three rows: 1 % of them is none, so only a date no customer's can be stands apart.
        let typo = [("0224-03-05", 1), ("2024-03-01", 2), ("2024-03-09", 1)];
        assert_eq!(range(&typo), expected("2024-03-01", "2024-03-09"));
        let late = [("2024-03-01", 3), ("2204-03-05", 1)];
        assert_eq!(range(&late), expected("2024-03-01", "2024-03-01"));
        // A plausible year years away is data in so few rows.
        let years = [("2015-03-05", 1), ("2024-03-01", 3)];
        assert_eq!(range(&years), None);
    }

    #[test]
    fn the_gap_must_be_more_than_two_years() {
        // 2022-01-01 to 2024-01-02 is 731 days; one more makes 732.
        let near = [("2022-01-01", 1), ("2024-01-02", 100)];
        assert_eq!(range(&near), None);
        let far = [("2022-01-01", 1), ("2024-01-03", 100)];
        assert_eq!(range(&far), expected("2024-01-03", "2024-01-03"));
    }

    #[test]
    fn at_most_one_date_in_a_hundred_stands_apart() {
        assert_eq!(range(&[("1901-05-05", 2), ("2024-01-01", 197)]), None);
        assert_eq!(
            range(&[("1901-05-05", 2), ("2024-01-01", 198)]),
            expected("2024-01-01", "2024-01-01")
        );
    }

    #[test]
    fn one_date_may_stand_apart_on_each_side_of_ten_or_more() {
        // A survey of thirty answers with a typo for 2024 on either side.
        let typos = [("2004-05-05", 1), ("2024-01-01", 30), ("2042-03-05", 1)];
        assert_eq!(range(&typos), expected("2024-01-01", "2024-01-01"));
        assert_eq!(
            range(&[("1901-05-05", 1), ("2024-01-01", 9)]),
            expected("2024-01-01", "2024-01-01")
        );
        // Nine dates have none to spare; a hundred have one, not two on one side.
        assert_eq!(range(&[("1901-05-05", 1), ("2024-01-01", 8)]), None);
        assert_eq!(range(&[("1901-05-05", 2), ("2024-01-01", 98)]), None);
    }

    #[test]
    fn a_placeholder_for_no_date_stands_apart_whatever_its_share() {
        for placeholder in [
            "0001-01-01",
            "1753-01-01",
            "1899-12-30",
            "1899-12-31",
            "1900-01-01",
            "1970-01-01",
        ] {
            let dates = [(placeholder, 40), ("2023-01-02", 30), ("2024-12-31", 30)];
            assert_eq!(range(&dates), expected("2023-01-02", "2024-12-31"));
        }
        let never = [("2023-01-02", 30), ("2024-12-31", 30), ("9999-12-31", 40)];
        assert_eq!(range(&never), expected("2023-01-02", "2024-12-31"));
        // Beside them, other dates apart are still at most one in a hundred: two are data.
        let both = [("1900-01-01", 40), ("1950-05-05", 2), ("2024-01-01", 100)];
        assert_eq!(range(&both), expected("1950-05-05", "2024-01-01"));
        // Within the data, 1970-01-01 is a day like any other.
        let steady: Vec<(String, usize)> = (1968..1973)
            .map(|year| (format!("{year}-01-01"), 10))
            .collect();
        let steady: Vec<(&str, usize)> = steady.iter().map(|(d, n)| (d.as_str(), *n)).collect();
        assert_eq!(range(&steady), None);
    }

    #[test]
    fn among_many_placeholders_a_few_real_dates_years_apart_are_the_data() {
        // Each of the three may stand apart, so from either end the walk passes the real
        // dates up to the last: the two ends would cross, leaving no data between them.
        let dates = [
            ("1900-01-01", 300),
            ("2020-03-01", 1),
            ("2023-03-01", 1),
            ("2025-03-01", 1),
        ];
        assert_eq!(range(&dates), expected("2020-03-01", "2025-03-01"));
        let between = [("1900-01-01", 50), ("2024-05-01", 1), ("9999-12-31", 50)];
        assert_eq!(range(&between), expected("2024-05-01", "2024-05-01"));
    }

    #[test]
    fn placeholders_alone_hold_no_data() {
        let never = [("0001-01-01", 1), ("9999-12-31", 1)];
        assert_eq!(range(&never), Some(DataDays::Nowhere));
        let typos = [("1900-01-01", 20), ("0224-03-05", 1), ("2204-03-05", 5)];
        assert_eq!(range(&typos), Some(DataDays::Nowhere));
        // Without a gap between them, placeholders are what the file has.
        assert_eq!(range(&[("1900-01-01", 20)]), None);
    }

    #[test]
    fn the_farthest_gap_within_the_share_is_taken() {
        // Two clusters apart on the late side: both go, as neither is the data.
        let dates = [
            ("2020-01-01", 300),
            ("2020-06-01", 300),
            ("2030-01-01", 1),
            ("2040-01-01", 2),
        ];
        assert_eq!(range(&dates), expected("2020-01-01", "2020-06-01"));
    }

    #[test]
    fn years_of_steady_data_stand_together() {
        let dates: Vec<(String, usize)> = (2010..2025)
            .map(|year| (format!("{year}-06-01"), 10))
            .collect();
        let dates: Vec<(&str, usize)> = dates.iter().map(|(d, n)| (d.as_str(), *n)).collect();
        assert_eq!(range(&dates), None);
    }
}
