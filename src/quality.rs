//! Bookkeeping of the rows the reader skipped, changed or found twice, for the data-quality
//! report.

use serde::Serialize;

use crate::Date;

/// The longest recency a customer file may give, a hundred years: beyond it the last purchase
/// would fall before any date custval reads.
pub const MAX_RECENCY_DAYS: u32 = 36_525;

/// Something about a data row the user should know: why it was skipped, how it was read
/// differently from how it was written, or that it repeats an earlier row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowIssue {
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
    /// The date is not a valid date in the column's format.
    InvalidDate {
        /// The text found.
        text: String,
        /// The format the column is read in, e.g. `D/M/YYYY`.
        format: &'static str,
    },
    /// The amount, quantity or unit price is empty or not a number.
    InvalidNumber {
        /// The column's role, such as "amount".
        field: &'static str,
        /// The text found.
        text: String,
    },
    /// The row repeats an earlier row field for field.
    DuplicateRow {
        /// Line of the first occurrence.
        first_line: u64,
    },
    /// A cancellation invoice (order id `C…`) with a positive amount, counted as a return.
    CancellationAsReturn {
        /// The order id.
        order: String,
    },
    /// A customer file's count (frequency, purchase days, recency) that is not a whole number
    /// at least `min`.
    InvalidCount {
        /// The column's role, such as "frequency".
        field: &'static str,
        /// The text found.
        text: String,
        /// The least value allowed.
        min: u32,
    },
    /// A customer file's recency beyond [`MAX_RECENCY_DAYS`].
    RecencyTooLong {
        /// The recency in days.
        days: u32,
    },
    /// A customer id on a second row of a customer file.
    DuplicateCustomer {
        /// The id.
        id: String,
        /// Line of the customer's first row, the one used.
        first_line: u64,
    },
    /// A customer file's last purchase before its first purchase.
    LastBeforeFirst {
        /// The first purchase date.
        first: Date,
        /// The last purchase date.
        last: Date,
    },
    /// A customer file's purchase days above its frequency: each purchase day has at least
    /// one purchase occasion.
    MoreDaysThanPurchases {
        /// Purchase days.
        days: u32,
        /// Purchase occasions.
        frequency: u32,
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

impl RowIssue {
    /// The stable key of the reason's class, as in `input.skipped[].reason`.
    pub fn key(&self) -> &'static str {
        match self {
            RowIssue::BlankRow => "blankRow",
            RowIssue::TooFewFields { .. } => "tooFewFields",
            RowIssue::MissingCustomer => "missingCustomer",
            RowIssue::MissingDate => "missingDate",
            RowIssue::InvalidDate { .. } => "invalidDate",
            RowIssue::DuplicateRow { .. } => "duplicateRow",
            RowIssue::CancellationAsReturn { .. } => "cancellationAsReturn",
            RowIssue::InvalidNumber { .. } => "invalidNumber",
            RowIssue::InvalidCount { .. } => "invalidCount",
            RowIssue::RecencyTooLong { .. } => "recencyTooLong",
            RowIssue::DuplicateCustomer { .. } => "duplicateCustomer",
            RowIssue::LastBeforeFirst { .. } => "lastBeforeFirst",
            RowIssue::MoreDaysThanPurchases { .. } => "moreDaysThanPurchases",
            RowIssue::NoAnswer => "noAnswer",
            RowIssue::InvalidAnswer { .. } => "invalidAnswer",
        }
    }

    /// What the class means and what to do, for the report.
    pub fn advice(&self) -> &'static str {
        match self {
            RowIssue::BlankRow => "rows with every field empty",
            RowIssue::TooFewFields { .. } => {
                "rows with fewer fields than the header; check for unquoted line breaks or a missing delimiter"
            }
            RowIssue::MissingCustomer => {
                "rows without a customer id: not attributable to a customer, so not analysed"
            }
            RowIssue::MissingDate => "rows without a date",
            RowIssue::InvalidDate { .. } => {
                "dates that are not valid in the column's date format (see dateFormat) or in no recognised form"
            }
            RowIssue::DuplicateRow { .. } => {
                "rows identical to an earlier row in every field; identical purchases on one day are common, so they are kept unless duplicates are dropped"
            }
            RowIssue::CancellationAsReturn { .. } => {
                "cancellation invoices (order id starting with C) with a positive amount, counted as returns"
            }
            RowIssue::InvalidNumber { .. } => {
                "amounts, quantities or prices that are empty or not numbers (write 1234.50 or 1,234.50)"
            }
            RowIssue::InvalidCount { .. } => {
                "frequencies, purchase days or recencies that are not whole numbers (frequency and purchase days at least 1, recency at least 0)"
            }
            RowIssue::RecencyTooLong { .. } => {
                "recencies of more than a hundred years, which no purchase date can have; check the column holds days"
            }
            RowIssue::DuplicateCustomer { .. } => {
                "customer ids on more than one row of a customer file; only the first row is used, so aggregate to one row per customer"
            }
            RowIssue::LastBeforeFirst { .. } => {
                "customers whose last purchase date is before their first purchase date; check that the two columns are not swapped"
            }
            RowIssue::MoreDaysThanPurchases { .. } => {
                "customers with more purchase days than purchase occasions (frequency), which cannot be: every purchase day has at least one occasion"
            }
            RowIssue::NoAnswer => {
                "survey rows where every question is blank, NA or a declared missing-value code"
            }
            RowIssue::InvalidAnswer { .. } => {
                "answers that are not whole numbers on the question's scale; left out, never counted as zero. Declare missing-value codes such as -99, or set the scale"
            }
        }
    }

    /// The problem in one row, in words.
    pub fn describe(&self, line: u64) -> String {
        format!("line {line}: {}", self.problem())
    }

    /// The problem, in words, without the line: for rows that are not lines of a file.
    pub fn problem(&self) -> String {
        match self {
            RowIssue::BlankRow => "the row is empty".to_string(),
            RowIssue::TooFewFields { found, needed } => {
                format!("the row has {found} fields, the columns need {needed}")
            }
            RowIssue::MissingCustomer => "the customer id is empty".to_string(),
            RowIssue::MissingDate => "the date is empty".to_string(),
            RowIssue::InvalidDate { text, format } => {
                format!("date '{text}' is not a valid date (the column is read as {format})")
            }
            RowIssue::DuplicateRow { first_line } => {
                format!("repeats line {first_line} exactly")
            }
            RowIssue::CancellationAsReturn { order } => {
                format!("cancellation {order} has a positive amount; counted as a return")
            }
            RowIssue::InvalidNumber { field, text } if text.trim().is_empty() => {
                format!("the {field} is empty")
            }
            RowIssue::InvalidNumber { field, text } => {
                format!("{field} '{text}' is not a number")
            }
            RowIssue::InvalidCount { field, text, min } if text.trim().is_empty() => {
                format!("the {field} is empty; it must be a whole number of at least {min}")
            }
            RowIssue::InvalidCount { field, text, min } => {
                format!("{field} '{text}' is not a whole number of at least {min}")
            }
            RowIssue::RecencyTooLong { days } => format!(
                "a recency of {days} days is more than {MAX_RECENCY_DAYS} (a hundred years)"
            ),
            RowIssue::DuplicateCustomer { id, first_line } => format!(
                "customer '{id}' already has a row (line {first_line}); a customer file has one row per customer"
            ),
            RowIssue::LastBeforeFirst { first, last } => {
                format!("the last purchase {last} is before the first purchase {first}")
            }
            RowIssue::MoreDaysThanPurchases { days, frequency } => format!(
                "{days} purchase days but a frequency of {frequency}; every purchase day has at least one purchase occasion"
            ),
            RowIssue::NoAnswer => "no question is answered".to_string(),
            RowIssue::InvalidAnswer {
                question,
                text,
                scale,
            } => format!("{question} '{text}' is not a whole number on the scale {scale}"),
        }
    }
}

/// How many rows each issue concerns, keeping the first few of each for the user to look at.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct RowLog {
    groups: Vec<IssueGroup>,
}

/// One class of skipped rows, as in `input.skipped[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueGroup {
    /// Stable key of the reason, such as `invalidDate`.
    pub reason: &'static str,
    /// What the reason means and what to do about it.
    pub advice: &'static str,
    /// Rows skipped for this reason.
    pub count: u64,
    /// The first rows skipped for this reason, at most [`RowLog::EXAMPLES_PER_REASON`].
    pub examples: Vec<IssueRow>,
}

/// One skipped row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IssueRow {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// The problem, in words, starting with the line number.
    pub message: String,
}

impl RowLog {
    /// Rows listed per reason; the count is always complete.
    pub const EXAMPLES_PER_REASON: usize = 100;

    /// Records a row's issue.
    pub fn push(&mut self, line: u64, reason: RowIssue) {
        let key = reason.key();
        let index = match self.groups.iter().position(|group| group.reason == key) {
            Some(index) => index,
            None => {
                self.groups.push(IssueGroup {
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
            group.examples.push(IssueRow {
                line,
                message: reason.describe(line),
            });
        }
    }

    /// Total rows recorded.
    pub fn total(&self) -> u64 {
        self.groups.iter().map(|group| group.count).sum()
    }

    /// The classes of issues, in the order first seen.
    pub fn groups(&self) -> &[IssueGroup] {
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
        let mut skipped = RowLog::default();
        for line in 2..2 + 250 {
            skipped.push(line, RowIssue::MissingCustomer);
        }
        skipped.push(
            9,
            RowIssue::InvalidDate {
                text: "2024-02-30".into(),
                format: "YYYY-MM-DD",
            },
        );
        assert_eq!(skipped.total(), 251);
        let groups = skipped.groups();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].count, 250);
        assert_eq!(groups[0].examples.len(), RowLog::EXAMPLES_PER_REASON);
        assert_eq!(groups[0].examples[0].line, 2);
        assert_eq!(
            groups[1].examples[0].message,
            "line 9: date '2024-02-30' is not a valid date (the column is read as YYYY-MM-DD)"
        );
        assert_eq!(
            skipped.first_problem(),
            Some("line 2: the customer id is empty")
        );
    }

    #[test]
    fn empty_and_malformed_numbers_read_differently() {
        let empty = RowIssue::InvalidNumber {
            field: "amount",
            text: " ".into(),
        };
        let bad = RowIssue::InvalidNumber {
            field: "amount",
            text: "n/a".into(),
        };
        assert_eq!(empty.describe(3), "line 3: the amount is empty");
        assert_eq!(bad.describe(4), "line 4: amount 'n/a' is not a number");
    }
}
