//! The ways exports write a value that is not there.

/// Empty values as databases (`NULL`, MySQL's `\N`), Python (`None`, `nan`), R (`NA`), Excel
/// (`#N/A`), JavaScript (`undefined`) and people (`n/a`, a dash) write them, in lower case.
const SPELLINGS: [&str; 13] = [
    "null",
    "(null)",
    "<null>",
    "\\n",
    "none",
    "nan",
    "na",
    "n/a",
    "n.a.",
    "#n/a",
    "undefined",
    "-",
    "--",
];

/// Whether `text` is one of those spellings of an empty value, ignoring case.
pub(crate) fn is_written_empty(text: &str) -> bool {
    SPELLINGS
        .iter()
        .any(|spelling| spelling.eq_ignore_ascii_case(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_nothing_are_told_from_values() {
        for empty in ["NULL", "\\N", "None", "NaN", "NA", "#N/A", "n.a.", "-"] {
            assert!(is_written_empty(empty), "{empty}");
        }
        for value in ["", "0", "nancy", "N/A x", "—", "nil"] {
            assert!(!is_written_empty(value), "{value}");
        }
    }
}
