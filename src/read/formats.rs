//! Choosing how to read dates and numbers from the first rows of the file.

use super::records::Record;
use super::{FormatChoice, ReadOptions};
use crate::columns::FileColumns;
use crate::date::{DateEvidence, DateFormat};
use crate::number::{DecimalSeparator, NumberEvidence};

/// The date format and decimal separator chosen for the file.
pub(crate) struct Formats {
    pub date: DateFormat,
    pub date_choice: FormatChoice,
    pub decimal: DecimalSeparator,
    pub decimal_choice: FormatChoice,
}

impl Formats {
    /// Takes the user's choices, and decides the rest from `sample`, the first data rows.
    pub fn choose<'a>(
        sample: impl Iterator<Item = Record<'a>>,
        options: &ReadOptions,
        map: &FileColumns,
    ) -> Formats {
        let mut dates = [0u64; 3]; // day first, month first, either or the same either way
        let mut numbers = [0u64; 2]; // point, comma
        let (date_columns, number_columns) = (map.date_columns(), map.number_columns());
        for record in sample {
            for &column in &date_columns {
                match record.get(column).map(DateFormat::evidence) {
                    Some(DateEvidence::DayFirst) => dates[0] += 1,
                    Some(DateEvidence::MonthFirst) => dates[1] += 1,
                    Some(DateEvidence::Either | DateEvidence::SameEitherWay) => dates[2] += 1,
                    _ => {}
                }
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
            None => match dates {
                [0, 0, 0] => (DateFormat::YearMonthDay, "detected"),
                [day_first, month_first, _] if day_first > 0 || month_first > 0 => {
                    // Rows that contradict the majority are skipped as invalid dates, with
                    // the format named in the message, rather than read the other way.
                    let format = if month_first > day_first {
                        DateFormat::MonthDayYear
                    } else {
                        DateFormat::DayMonthYear
                    };
                    (format, "detected")
                }
                _ => (DateFormat::DayMonthYear, "assumed"),
            },
        };
        let (decimal, decimal_source) = match options.decimal_separator {
            Some(separator) => (separator, "option"),
            None if numbers[1] > numbers[0] => (DecimalSeparator::Comma, "detected"),
            None => (DecimalSeparator::Point, "detected"),
        };
        Formats {
            date,
            date_choice: choice(date.name(), date_source),
            decimal,
            decimal_choice: choice(decimal.name(), decimal_source),
        }
    }
}
