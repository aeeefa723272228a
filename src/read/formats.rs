//! Choosing how to read dates, numbers and statuses from the first rows of the file.

use std::collections::BTreeSet;

use super::records::Record;
use super::status::StatusKind;
use super::{Delimiter, FormatChoice, ReadOptions};
use crate::columns::FileColumns;
use crate::date::{two_digit_year_date, DateEvidence, DateFormat};
use crate::number::{DecimalSeparator, NumberEvidence};

/// The date format and decimal separator chosen for the file, and what its status column
/// holds.
pub(crate) struct Formats {
    pub date: DateFormat,
    pub date_choice: FormatChoice,
    pub decimal: DecimalSeparator,
    pub decimal_choice: FormatChoice,
    /// What the status column of a transactions file holds; [`StatusKind::Order`] without one.
    pub status: StatusKind,
}

impl Formats {
    /// Takes the user's choices, and decides the rest from `sample`, the first data rows, and
    /// the header's `names`.
    pub fn choose<'a>(
        sample: impl Iterator<Item = Record<'a>> + Clone,
        options: &ReadOptions,
        map: &FileColumns,
        names: Option<&[String]>,
    ) -> Formats {
        let status = match map {
            FileColumns::Transactions(map) => StatusKind::of_columns(map, names, sample.clone()),
            FileColumns::Customers(_) => StatusKind::Order,
        };
        let mut dates = DateVotes::default();
        let mut numbers = [0u64; 2]; // point, comma
        let (date_columns, number_columns) = (map.date_columns(), map.number_columns());
        for record in sample.clone() {
            for &column in &date_columns {
                dates.note(record.get(column));
            }
            for &column in &number_columns {
                match record.get(column).map(DecimalSeparator::evidence) {
                    Some(NumberEvidence::Point) => numbers[0] += 1,
                    Some(NumberEvidence::Comma) => numbers[1] += 1,
                    _ => {}
                }
            }
        }
        let choice = |format: &'static str, source| FormatChoice {
            format,
            source,
            ambiguous: 0,
        };
        let (date, date_source) = match options.date_format {
            Some(format) => (format, "option"),
            None if dates.order_open() => {
                // An export writes all its dates one way: where each date of the column fits
                // both orders, another column of dates (Superstore's ship date) may settle it.
                let mut others = DateVotes::default();
                for record in sample {
                    let fields = record.fields().enumerate();
                    for (_, field) in fields.filter(|(i, _)| !date_columns.contains(i)) {
                        others.note(Some(field));
                    }
                }
                match others.order() {
                    Some(order) => (dates.written_as(order), "detected"),
                    None => dates.format(),
                }
            }
            None => dates.format(),
        };
        let (decimal, decimal_source) = match (options.decimal_separator, numbers) {
            (Some(separator), _) => (separator, "option"),
            // No amount tells, each one whole or like `1.234`: Excel separates fields with
            // semicolons where the comma is the decimal separator.
            (None, [0, 0]) if options.delimiter == Some(Delimiter::Semicolon) => {
                (DecimalSeparator::Comma, "assumed")
            }
            (None, [0, 0]) => (DecimalSeparator::Point, "assumed"),
            (None, [point, comma]) if comma > point => (DecimalSeparator::Comma, "detected"),
            (None, _) => (DecimalSeparator::Point, "detected"),
        };
        Formats {
            date,
            date_choice: choice(date.name(), date_source),
            decimal,
            decimal_choice: choice(decimal.name(), decimal_source),
            status,
        }
    }
}

/// Whether the dates in `columns` of the rows in `sample` leave the order of day and month
/// open: there are numeric dates, and each fits both orders (`05/03/2024`).
pub(crate) fn leave_date_order_open<'a>(
    sample: impl Iterator<Item = Record<'a>>,
    columns: &[usize],
) -> bool {
    let mut votes = DateVotes::default();
    for record in sample {
        for &column in columns {
            votes.note(record.get(column));
        }
    }
    votes.order_open()
}

/// Whether a date of `record` in `columns` fits only one order of day and month.
pub(crate) fn settles_date_order(record: Record<'_>, columns: &[usize]) -> bool {
    columns.iter().any(|&column| {
        let evidence = record.get(column).map(DateFormat::evidence);
        matches!(
            evidence,
            Some(DateEvidence::DayFirst | DateEvidence::MonthFirst)
        )
    })
}

/// What the sampled dates say about the format they are written in.
#[derive(Default)]
pub(crate) struct DateVotes {
    /// Dates only valid day first, only valid month first, and valid both ways.
    orders: [u64; 3],
    two_digit_years: TwoDigitYears,
}

impl DateVotes {
    pub fn note(&mut self, text: Option<&str>) {
        self.two_digit_years.note(text);
        match text.map(DateFormat::evidence) {
            Some(DateEvidence::DayFirst) => self.orders[0] += 1,
            Some(DateEvidence::MonthFirst) => self.orders[1] += 1,
            Some(DateEvidence::Either | DateEvidence::SameEitherWay) => self.orders[2] += 1,
            _ => {}
        }
    }

    /// The format, and whether the dates settle it (`detected`) or fit more than one
    /// (`assumed`).
    pub fn format(&self) -> (DateFormat, &'static str) {
        match (self.orders, self.order()) {
            ([0, 0, 0], _) => (DateFormat::YearMonthDay, "detected"),
            (_, Some(order)) => (self.written_as(order), "detected"),
            (_, None) => (self.written_as(DateFormat::DayMonthYear), "assumed"),
        }
    }

    /// Whether there are numeric dates and each fits both orders of day and month.
    pub fn order_open(&self) -> bool {
        matches!(self.orders, [0, 0, open] if open > 0)
    }

    /// The order of day and month the dates settle: `D/M/YYYY` or `M/D/YYYY`, the one most
    /// dates fit only (rows that contradict it are skipped as invalid dates, with the format
    /// named in the message, rather than read the other way); `None` when none fits only one.
    fn order(&self) -> Option<DateFormat> {
        match self.orders {
            [0, 0, _] => None,
            [day_first, month_first, _] if month_first > day_first => {
                Some(DateFormat::MonthDayYear)
            }
            _ => Some(DateFormat::DayMonthYear),
        }
    }

    /// `order` with the year as these dates write it: two digits last, or four.
    fn written_as(&self, order: DateFormat) -> DateFormat {
        match self.two_digit_years.stand_last() {
            true => order.with_two_digit_years(),
            false => order,
        }
    }
}

/// The first numbers and the years of the sampled dates written with a two-digit year last
/// (`03/15/24`), which could stand first as well (`24/03/15`).
#[derive(Default)]
struct TwoDigitYears {
    firsts: BTreeSet<u32>,
    years: BTreeSet<u32>,
}

impl TwoDigitYears {
    fn note(&mut self, text: Option<&str>) {
        if let Some((first, year)) = text.and_then(two_digit_year_date) {
            self.firsts.insert(first);
            self.years.insert(year);
        }
    }

    /// Whether the year does stand last: across a file's dates the year varies least, while
    /// days take up to 31 values and months 12, so the place whose numbers vary less is the
    /// year's. A file of `24/03/05` (year first) has one first number and many last ones.
    fn stand_last(&self) -> bool {
        !self.years.is_empty() && self.years.len() <= self.firsts.len()
    }
}
