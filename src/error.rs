//! Errors that stop an analysis, each with what went wrong and what to do about it.
//!
//! Problems with single rows are not errors: those rows are skipped and counted in the
//! report's data-quality section. An [`Error`] means the input as a whole cannot be analysed.

use std::fmt;

use crate::columns::Role;
use crate::Date;

/// Why a file could not be analysed.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// The kinds of [`Error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input has no bytes, or only a header row.
    EmptyInput,
    /// The input looks like a binary file (a spreadsheet, an archive, an image), not CSV text.
    NotText,
    /// No column could be recognised for a required role.
    MissingColumn {
        /// The role with no column.
        role: Role,
        /// The header row as read; `None` when the file is read without one.
        headers: Option<Vec<String>>,
    },
    /// A column named in the options is not in the file.
    UnknownColumn {
        /// The name or position asked for, as the user wrote it.
        reference: String,
        /// The header row, empty without one.
        headers: Vec<String>,
        /// Fields in the first row.
        fields: usize,
    },
    /// Every data row was skipped, or none falls on or before the analysis date.
    NoUsableRows {
        /// Data rows read.
        rows_read: u64,
        /// The first row problem, to show the user where to look.
        first_problem: Option<String>,
    },
    /// An option has a value the analysis cannot use.
    InvalidOptions {
        /// What is wrong, naming the option.
        message: String,
    },
    /// A survey file without a column recognised as NPS, CSAT or CES.
    MissingQuestionColumn {
        /// The header row as read.
        headers: Vec<String>,
    },
    /// A column named in the options is not in the file.
    NamedColumnNotFound {
        /// The option that named it, such as `npsColumn`.
        option: &'static str,
        /// The name given.
        name: String,
        /// The header row as read.
        headers: Vec<String>,
    },
    /// A problem with the survey file rather than the transactions file.
    InSurveyFile(Error),
    /// A customer record given by a program cannot be used.
    InvalidRecord {
        /// Its 0-based position among the records.
        index: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// The analysis date is before the first transaction in the file.
    AsOfBeforeData {
        /// The analysis date asked for.
        as_of: Date,
        /// The earliest transaction date in the file.
        first_date: Date,
    },
}

impl Error {
    /// The kind of error, for callers that react to some kinds differently.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// A short stable code for the kind, such as `missingColumn`, for programs to match on.
    pub fn code(&self) -> &'static str {
        match &*self.0 {
            ErrorKind::EmptyInput => "emptyInput",
            ErrorKind::NotText => "notText",
            ErrorKind::MissingColumn { .. } => "missingColumn",
            ErrorKind::UnknownColumn { .. } => "unknownColumn",
            ErrorKind::NoUsableRows { .. } => "noUsableRows",
            ErrorKind::InvalidOptions { .. } => "invalidOptions",
            ErrorKind::AsOfBeforeData { .. } => "asOfBeforeData",
            ErrorKind::InvalidRecord { .. } => "invalidRecord",
            ErrorKind::MissingQuestionColumn { .. } | ErrorKind::NamedColumnNotFound { .. } => {
                "missingColumn"
            }
            ErrorKind::InSurveyFile(inner) => inner.code(),
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::EmptyInput => write!(
                f,
                "the file has no data rows; choose a CSV file with a header row and one row per transaction"
            ),
            ErrorKind::NotText => write!(
                f,
                "this is not a CSV text file (it looks binary); if it is a spreadsheet, save it as CSV first"
            ),
            ErrorKind::MissingColumn {
                role,
                headers: Some(headers),
            } => {
                write!(
                    f,
                    "no {} column found among the headers [{}]; name that column {}",
                    role.description(),
                    headers.join(", "),
                    role.suggested_headers()
                )?;
                if headers.iter().all(|h| looks_like_data(h)) {
                    write!(f, ", or, since the first row looks like data, read the file without a header and give the column positions")?;
                }
                Ok(())
            }
            ErrorKind::MissingColumn {
                role,
                headers: None,
            } => write!(
                f,
                "the file is read without a header row, so give the position of the {} column (e.g. customer=1)",
                role.description()
            ),
            ErrorKind::UnknownColumn {
                reference,
                headers,
                fields,
            } => {
                if headers.is_empty() {
                    write!(f, "{reference} is not in the file, whose rows have {fields} fields")
                } else {
                    write!(f, "{reference} is not in the file; its headers are [{}]", headers.join(", "))
                }
            }
            ErrorKind::NoUsableRows {
                rows_read,
                first_problem,
            } => {
                write!(f, "none of the {rows_read} data rows could be used")?;
                match first_problem {
                    Some(problem) => write!(f, " (first problem: {problem})"),
                    None => write!(f, "; check the analysis date"),
                }
            }
            ErrorKind::InvalidOptions { message } => write!(f, "invalid options: {message}"),
            ErrorKind::MissingQuestionColumn { headers } => write!(
                f,
                "no NPS, CSAT or CES column found among the headers [{}]; name a column nps (or 推荐意愿), csat (or 满意度) or ces (or 费力度), or give its header with the npsColumn, csatColumn or cesColumn option",
                headers.join(", ")
            ),
            ErrorKind::NamedColumnNotFound { option, name, headers } => write!(
                f,
                "the column '{name}' given by {option} is not among the headers [{}]",
                headers.join(", ")
            ),
            ErrorKind::InSurveyFile(inner) => match inner.kind() {
                ErrorKind::EmptyInput => write!(
                    f,
                    "the survey file has no data rows; choose a CSV file with a header row and one row per survey response"
                ),
                ErrorKind::NoUsableRows { rows_read, first_problem } => {
                    write!(f, "none of the {rows_read} survey rows has a usable answer")?;
                    match first_problem {
                        Some(problem) => write!(f, " (first problem: {problem})"),
                        None => Ok(()),
                    }
                }
                _ => write!(f, "survey file: {inner}"),
            },
            ErrorKind::InvalidRecord { index, problem } => {
                write!(f, "customers[{index}]: {problem}")
            }
            ErrorKind::AsOfBeforeData { as_of, first_date } => write!(
                f,
                "the analysis date {as_of} is before the first transaction ({first_date}); choose a later date"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// A header that is a number or a date, as in a file without a header row.
fn looks_like_data(header: &str) -> bool {
    let header = header.trim();
    !header.is_empty()
        && header
            .chars()
            .all(|c| c.is_ascii_digit() || ".-/: ".contains(c))
}
