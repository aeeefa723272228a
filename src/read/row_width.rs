//! How many fields a data row may fill. A delimiter inside an unquoted value (`1,288.00` in a
//! comma-separated file, a comma in an address) splits the value in two and shifts every
//! column after it, so such a row fills more fields than the table's other rows.

use super::records::Record;
use crate::quality::RowIssue;

/// The fields a data row of one table may fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RowWidth(usize);

impl RowWidth {
    /// The width of a table of `columns` columns (the header's names, or without a header the
    /// fields its mapped columns need) whose first data rows are `sample`: `columns`, or what
    /// the middle row of the sample fills (the lower median) where that is more. A column the
    /// header leaves unnamed is filled in most rows; a value split by a delimiter in few.
    pub fn from_sample<'a>(columns: usize, sample: impl Iterator<Item = Record<'a>>) -> RowWidth {
        let mut widths: Vec<usize> = sample.map(filled_width).collect();
        widths.sort_unstable();
        let middle = widths.get(widths.len().saturating_sub(1) / 2);
        RowWidth(columns.max(middle.copied().unwrap_or(0)))
    }

    /// Why `record` cannot be read column by column, if it fills more fields than a row may.
    /// Empty fields past the end, as a trailing delimiter leaves, are harmless.
    pub fn overfilled_by(self, record: Record<'_>) -> Option<RowIssue> {
        if record.len() <= self.0 {
            return None;
        }
        let found = filled_width(record);
        (found > self.0).then_some(RowIssue::TooManyFields {
            found,
            expected: self.0,
        })
    }
}

/// The fields of `record` up to its last one with a value.
fn filled_width(record: Record<'_>) -> usize {
    (0..record.len())
        .rev()
        .find(|&index| record.get(index).is_some_and(|field| !field.is_empty()))
        .map_or(0, |index| index + 1)
}
