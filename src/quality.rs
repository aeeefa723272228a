//! Bookkeeping of the rows the reader could not use, for the data-quality report.

use serde::Serialize;

/// Why a data row was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// Every field is empty.
    BlankRow,
    /// The row has fewer fields than the mapped columns need.
    TooFewFields {
        /// Fields in the row.
        found: usize,
        /// Fields needed.
        needed: usize,
    },
    /// The customer id is empty.
    MissingCustomer,
    /// The date is empty.
    MissingDate,
    /// The date is not a date in a recognised form.
    InvalidDate(String),
    /// The amount, quantity or unit price is empty or not a number.
    InvalidNumber {
        /// The column's role, such as "amount".
        field: &'static str,
        /// The text found.
        text: String,
    },
    /// A survey row in which no question has a usable answer.
    NoAnswer,
    /// A survey answer that is not a whole number on its question's scale. The row is still
    /// used for its other answers.
    InvalidAnswer {
        /// The question, such as "NPS".
        question: &'static str,
        /// The text found.
        text: String,
        /// The question's scale, such as "0–10".
        scale: String,
    },
}

impl SkipReason {
    /// The stable key of the reason's class, as in `input.skipped[].reason`.
    pub fn key(&self) -> &'static str {
        match self {
            SkipReason::BlankRow => "blankRow",
            SkipReason::TooFewFields { .. } => "tooFewFields",
            SkipReason::MissingCustomer => "missingCustomer",
            SkipReason::MissingDate => "missingDate",
            SkipReason::InvalidDate(_) => "invalidDate",
            SkipReason::InvalidNumber { .. } => "invalidNumber",
            SkipReason::NoAnswer => "noAnswer",
            SkipReason::InvalidAnswer { .. } => "invalidAnswer",
        }
    }

    /// What the class means and what to do, for the report.
    pub fn advice(&self) -> &'static str {
        match self {
            SkipReason::BlankRow => "rows with every field empty",
            SkipReason::TooFewFields { .. } => {
                "rows with fewer fields than the header; check for unquoted line breaks or a missing delimiter"
            }
            SkipReason::MissingCustomer => {
                "rows without a customer id: not attributable to a customer, so not analysed"
            }
            SkipReason::MissingDate => "rows without a date",
            SkipReason::InvalidDate(_) => {
                "dates that are not valid or not in a recognised form (YYYY-MM-DD, YYYY/M/D, YYYYMMDD, optionally with a time)"
            }
            SkipReason::InvalidNumber { .. } => {
                "amounts, quantities or prices that are empty or not numbers (write 1234.50 or 1,234.50)"
            }
            SkipReason::NoAnswer => {
                "survey rows where every question is blank, NA or a declared missing-value code"
            }
            SkipReason::InvalidAnswer { .. } => {
                "answers that are not whole numbers on the question's scale; left out, never counted as zero. Declare missing-value codes such as -99, or set the scale"
            }
        }
    }

    /// The problem in one row, in words.
    pub fn describe(&self, line: u64) -> String {
        match self {
            SkipReason::BlankRow => format!("line {line}: the row is empty"),
            SkipReason::TooFewFields { found, needed } => {
                format!("line {line}: the row has {found} fields, the columns need {needed}")
            }
            SkipReason::MissingCustomer => format!("line {line}: the customer id is empty"),
            SkipReason::MissingDate => format!("line {line}: the date is empty"),
            SkipReason::InvalidDate(text) => {
                format!("line {line}: date '{text}' is not a valid date")
            }
            SkipReason::InvalidNumber { field, text } if text.trim().is_empty() => {
                format!("line {line}: the {field} is empty")
            }
            SkipReason::InvalidNumber { field, text } => {
                format!("line {line}: {field} '{text}' is not a number")
            }
            SkipReason::NoAnswer => format!("line {line}: no question is answered"),
            SkipReason::InvalidAnswer {
                question,
                text,
                scale,
            } => format!(
                "line {line}: {question} '{text}' is not a whole number on the scale {scale}"
            ),
        }
    }
}

/// How many rows each reason skipped, keeping the first few of each for the user to look at.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SkippedRows {
    groups: Vec<SkipGroup>,
}

/// One class of skipped rows, as in `input.skipped[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkipGroup {
    /// Stable key of the reason, such as `invalidDate`.
    pub reason: &'static str,
    /// What the reason means and what to do about it.
    pub advice: &'static str,
    /// Rows skipped for this reason.
    pub count: u64,
    /// The first rows skipped for this reason, at most [`SkippedRows::EXAMPLES_PER_REASON`].
    pub examples: Vec<SkippedRow>,
}

/// One skipped row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// The problem, in words, starting with the line number.
    pub message: String,
}

impl SkippedRows {
    /// Rows listed per reason; the count is always complete.
    pub const EXAMPLES_PER_REASON: usize = 100;

    /// Records a skipped row.
    pub fn push(&mut self, line: u64, reason: SkipReason) {
        let key = reason.key();
        let index = match self.groups.iter().position(|group| group.reason == key) {
            Some(index) => index,
            None => {
                self.groups.push(SkipGroup {
                    reason: key,
                    advice: reason.advice(),
                    count: 0,
                    examples: Vec::new(),
                });
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[index];
        group.count += 1;
        if group.examples.len() < Self::EXAMPLES_PER_REASON {
            group.examples.push(SkippedRow {
                line,
                message: reason.describe(line),
            });
        }
    }

    /// Total rows skipped.
    pub fn total(&self) -> u64 {
        self.groups.iter().map(|group| group.count).sum()
    }

    /// The classes of skipped rows, in the order first seen.
    pub fn groups(&self) -> &[SkipGroup] {
        &self.groups
    }

    /// The first problem found, to quote when nothing could be used.
    pub fn first_problem(&self) -> Option<&str> {
        let first = self
            .groups
            .iter()
            .filter_map(|group| group.examples.first())
            .min_by_key(|row| row.line)?;
        Some(&first.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_row_but_keeps_a_bounded_list() {
        let mut skipped = SkippedRows::default();
        for line in 2..2 + 250 {
            skipped.push(line, SkipReason::MissingCustomer);
        }
        skipped.push(9, SkipReason::InvalidDate("2024-02-30".into()));
        assert_eq!(skipped.total(), 251);
        let groups = skipped.groups();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].count, 250);
        assert_eq!(groups[0].examples.len(), SkippedRows::EXAMPLES_PER_REASON);
        assert_eq!(groups[0].examples[0].line, 2);
        assert_eq!(
            groups[1].examples[0].message,
            "line 9: date '2024-02-30' is not a valid date"
        );
        assert_eq!(
            skipped.first_problem(),
            Some("line 2: the customer id is empty")
        );
    }

    #[test]
    fn empty_and_malformed_numbers_read_differently() {
        let empty = SkipReason::InvalidNumber {
            field: "amount",
            text: " ".into(),
        };
        let bad = SkipReason::InvalidNumber {
            field: "amount",
            text: "n/a".into(),
        };
        assert_eq!(empty.describe(3), "line 3: the amount is empty");
        assert_eq!(bad.describe(4), "line 4: amount 'n/a' is not a number");
    }
}
