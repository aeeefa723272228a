//! How many fields a data row may fill. A delimiter inside an unquoted value (`1,288.00` in a
//! comma-separated file, a comma in an address) splits the value in two and shifts every
//! column after it, so such a row fills more fields than the table's other rows.

use super::records::Record;
use crate::number::DecimalSeparator;
use crate::quality::RowIssue;

/// The fields a data row of one table may fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RowWidth {
    fields: usize,
    /// The column of money in a comma-separated file, whose values an unquoted thousands
    /// separator or decimal comma splits (`1,288.00`, `12,50`).
    money: Option<usize>,
}

impl RowWidth {
    /// The width of a table of `columns` columns (the header's names, or without a header the
    /// fields its mapped columns need) whose first data rows are `sample`: `columns`, or what
    /// the middle row of the sample fills (the lower median) where that is more. A column the
    /// header leaves unnamed is filled in most rows; a value split by a delimiter in few, or
    /// in most when every amount is split (`1,288.00` in each row): so where most rows wider
    /// than `columns` hold the `money` column's value split, the width stays `columns`.
    pub fn from_sample<'a>(
        columns: usize,
        money: Option<usize>,
        sample: impl Iterator<Item = Record<'a>>,
    ) -> RowWidth {
        let narrow = RowWidth {
            fields: columns,
            money,
        };
        let (mut wider, mut split) = (0, 0);
        let mut widths: Vec<usize> = sample
            .map(|record| {
                let width = filled_width(record);
                if width > columns {
                    wider += 1;
                    split += usize::from(narrow.split_money(record, width).is_some());
                }
                width
            })
            .collect();
        if split * 2 > wider {
            return narrow;
        }
        widths.sort_unstable();
        let middle = widths.get(widths.len().saturating_sub(1) / 2);
        RowWidth {
            fields: columns.max(middle.copied().unwrap_or(0)),
            money,
        }
    }

    /// Why `record` cannot be read column by column, if it fills more fields than a row may.
    /// Empty fields past the end, as a trailing delimiter leaves, are harmless.
    pub fn overfilled_by(self, record: Record<'_>) -> Option<RowIssue> {
        if record.len() <= self.fields {
            return None;
        }
        let found = filled_width(record);
        (found > self.fields).then(|| RowIssue::TooManyFields {
            found,
            expected: self.fields,
            split_amount: self.split_money(record, found),
        })
    }

    /// The money column's value with the fields after it that `record`, `width` fields wide,
    /// has too many, as it was written before the delimiter split it, where together they
    /// are a number.
    fn split_money(self, record: Record<'_>, width: usize) -> Option<String> {
        let first = self.money?;
        let extra = width.checked_sub(self.fields)?;
        let parts = (first..=first + extra)
            .map(|index| record.get(index))
            .collect::<Option<Vec<_>>>()?;
        let joined = parts.join(",");
        let separators = [DecimalSeparator::Point, DecimalSeparator::Comma];
        separators
            .iter()
            .any(|separator| separator.parse(&joined).is_some())
            .then_some(joined)
    }
}

/// The fields of `record` up to its last one with a value.
fn filled_width(record: Record<'_>) -> usize {
    (0..record.len())
        .rev()
        .find(|&index| record.get(index).is_some_and(|field| !field.is_empty()))
        .map_or(0, |index| index + 1)
}
