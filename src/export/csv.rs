//! Writing CSV that spreadsheets open safely: UTF-8 with a byte-order mark (so Excel reads it
//! as UTF-8), RFC 4180 quoting, and text cells that cannot run as formulas.

/// The byte-order mark that tells Excel the file is UTF-8.
const BOM: char = '\u{feff}';

/// One cell: text from the data or the playbook, or a number the program computed.
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Count(u64),
    Empty,
}

/// A CSV document being written, header first.
pub(crate) struct CsvWriter {
    out: String,
}

impl CsvWriter {
    pub fn new(header: &[&str]) -> CsvWriter {
        let mut writer = CsvWriter {
            out: String::from(BOM),
        };
        writer.row(header.iter().map(|name| Cell::Text(name)));
        writer
    }

    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        for (index, cell) in cells.into_iter().enumerate() {
            if index > 0 {
                self.out.push(',');
            }
            match cell {
                Cell::Text(text) => push_text(&mut self.out, text),
                Cell::Number(number) => self.out.push_str(&number.to_string()),
                Cell::Count(count) => self.out.push_str(&count.to_string()),
                Cell::Empty => {}
            }
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Whether a spreadsheet would read the text as a formula (or, with a leading tab or carriage
/// return, strip that and then read a formula). Such text gets a leading apostrophe, which
/// spreadsheets show as text; numbers never come through here, so `-3` amounts stay numbers.
fn is_formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn push_text(out: &mut String, text: &str) {
    let prefix = if is_formula_like(text) { "'" } else { "" };
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(prefix);
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(prefix);
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_neutralised() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("=1+1", "'=1+1"),
            ("+49 30", "'+49 30"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("客户=1", "客户=1"),
        ];
        for (text, expected) in cases {
            let mut out = String::new();
            push_text(&mut out, text);
            assert_eq!(out, expected, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_written_plainly_and_files_start_with_a_bom() {
        let mut writer = CsvWriter::new(&["id", "monetary", "n", "blank"]);
        writer.row([
            Cell::Text("a"),
            Cell::Number(-12.5),
            Cell::Count(3),
            Cell::Empty,
        ]);
        assert_eq!(
            writer.finish(),
            "\u{feff}id,monetary,n,blank\r\na,-12.5,3,\r\n"
        );
    }
}
