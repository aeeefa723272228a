//! Finding the header row below whatever a spreadsheet saved above its table: a report's
//! title, the date it was exported, blank lines.

use super::records::Record;
use crate::aggregated::Limitation;
use crate::error::{Error, ErrorKind, HeaderHint};
use crate::quality::RowIssue;
use crate::text::Texts;

/// Records the header is looked for among. A report's title block is a few lines, but a bank's
/// or payment app's statement lists the account and notes above its table (WeChat Pay's bill
/// has its header on line 17). Data rows never map as a header, so looking further would only
/// delay the error of a file without one.
pub(crate) const SEARCHED_RECORDS: usize = 30;

/// The header row found, with what was above it.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    pub row: HeaderRow,
    /// The lines above the header, each with why it is not data.
    pub above: Vec<(u64, RowIssue)>,
}

/// The header row itself.
#[derive(Clone, Debug)]
pub(crate) struct HeaderRow {
    /// Its 1-based line.
    pub line: u64,
    /// The column names, trimmed.
    pub names: Vec<String>,
}

impl HeaderRow {
    /// What the report says when the names are numbers and dates: a file without a header
    /// row read with one, its columns given by position, whose first row would be read as
    /// names and not analysed.
    pub fn looks_like_data(&self) -> Option<Limitation> {
        if !matches!(HeaderHint::of(&self.names), Some(HeaderHint::DataRow)) {
            return None;
        }
        let shown = self.names.iter().take(4).cloned().collect::<Vec<_>>();
        let more = if self.names.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        let (values, line) = (shown.join(", "), self.line);
        Some(Limitation {
            key: "headerLooksLikeData",
            text: Texts::new(
                format!("The header row (line {line}: {values}{more}) looks like data: its values are numbers and dates. If the file has no header row, read it without one (--no-header; header: false in JS; in the page, Header row: no), or that row is not analysed."),
                format!("标题行（第 {line} 行：{values}{more}）看起来是数据：其中是数字和日期。如果文件没有标题行，请按无标题行读取（命令行 --no-header；JS 中 header: false；网页中“标题行：否”），否则这一行不会被分析。"),
            ),
        })
    }
}

impl HeaderRow {
    /// Why `record` is no data row if it repeats the header, as where several exports were
    /// joined into one file.
    pub fn repeated_by(&self, record: Record<'_>) -> Option<RowIssue> {
        let repeats = record.len() >= self.names.len()
            && (0..self.names.len()).all(|index| record.get(index) == Some(&self.names[index]));
        repeats.then_some(RowIssue::RepeatedHeader {
            header_line: self.line,
        })
    }
}

/// Whether `record`, on `line`, is the first line `sep=;` that files written for Excel have:
/// it declares the delimiter (see `detect_delimiter`), and is neither data nor above the table.
pub(crate) fn declares_delimiter(line: u64, record: Record<'_>) -> bool {
    let declaration = record.get(0).unwrap_or_default();
    line == 1
        && after_sep(declaration).is_some_and(|delimiter| delimiter.len() <= 1)
        && record.fields().skip(1).all(str::is_empty)
}

/// What follows the `sep=` that starts `line`, in any case: Excel reads `SEP=;` too.
pub(crate) fn after_sep(line: &str) -> Option<&str> {
    let (sep, rest) = line.split_at_checked("sep=".len())?;
    sep.eq_ignore_ascii_case("sep=").then_some(rest)
}

/// How many of `names` are not empty.
fn named(names: &[String]) -> usize {
    names.iter().filter(|name| !name.is_empty()).count()
}

/// The search for the header among a file's first records: the first record whose names map
/// (by `resolve`) and that names two columns or more, or every column it has. A title names
/// one column of several, since spreadsheets pad it to the table's width, and with columns
/// given by position it would map. Records are offered one at a time, as they are split.
#[derive(Default)]
pub(crate) struct HeaderSearch {
    /// The records offered so far, none of them the header: their lines and fields.
    above: Vec<(u64, Vec<String>)>,
    /// The likeliest header so far, by its index in `above`.
    likeliest: Option<usize>,
    /// Why the likeliest header's names do not map.
    error: Option<Error>,
}

impl HeaderSearch {
    /// Looks at the next record: the header, with what its names map to, when they map; an
    /// error when it is the last record searched and none was.
    pub fn offer<T>(
        &mut self,
        line: u64,
        record: Record<'_>,
        resolve: &mut impl FnMut(&[String]) -> Result<T, Error>,
    ) -> Result<Option<(Header, T)>, Error> {
        if declares_delimiter(line, record) {
            return Ok(None);
        }
        let names: Vec<String> = record.fields().map(str::to_string).collect();
        let named = named(&names);
        if named > 0 {
            match resolve(&names) {
                Ok(mapping) if named > 1 || named == names.len() => {
                    let above = self.above_lines(line);
                    let header = Header {
                        row: HeaderRow { line, names },
                        above,
                    };
                    return Ok(Some((header, mapping)));
                }
                Ok(_) => {}
                Err(error) => self.consider(error, &names),
            }
        }
        self.above.push((line, names));
        if self.above.len() < SEARCHED_RECORDS {
            Ok(None)
        } else {
            Err(ErrorKind::HeaderNotInFirstRows {
                rows: SEARCHED_RECORDS,
                likeliest: self.failure(),
            }
            .into())
        }
    }

    /// The line of the record an error would be about: the likeliest header.
    pub fn likeliest_line(&self) -> Option<u64> {
        self.likeliest.map(|index| self.above[index].0)
    }

    /// Why no record offered is the header: the likeliest header's error, or
    /// [`ErrorKind::EmptyInput`] when every record was blank.
    pub fn failure(&mut self) -> Error {
        self.error
            .take()
            .unwrap_or_else(|| ErrorKind::EmptyInput.into())
    }

    /// Keeps the error of a record that is not the header if the record is the likeliest
    /// header so far: the first that names several columns, since a title names one.
    fn consider(&mut self, error: Error, names: &[String]) {
        let likelier = match self.likeliest {
            None => true,
            Some(index) => named(&self.above[index].1) == 1 && named(names) > 1,
        };
        if likelier {
            self.likeliest = Some(self.above.len());
            self.error = Some(error);
        }
    }

    /// The records offered, as lines above the header on `header_line`.
    fn above_lines(&mut self, header_line: u64) -> Vec<(u64, RowIssue)> {
        self.above
            .drain(..)
            .map(|(line, names)| {
                let text = names
                    .iter()
                    .filter(|name| !name.is_empty())
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" ");
                let issue = if text.is_empty() {
                    RowIssue::BlankRow
                } else {
                    RowIssue::AboveHeader { text, header_line }
                };
                (line, issue)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::SEARCHED_RECORDS;

    #[test]
    fn the_option_docs_say_how_many_rows_the_header_is_looked_for_in() {
        let said = format!("the first of the first {SEARCHED_RECORDS} rows whose names map");
        for (doc, text) in [
            (
                "schema/report.schema.json",
                include_str!("../../schema/report.schema.json"),
            ),
            ("npm/README.md", include_str!("../../npm/README.md")),
        ] {
            assert!(text.contains(&said), "{doc} should say {said:?}");
        }
    }
}
