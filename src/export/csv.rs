//! Writing CSV that spreadsheets open safely: UTF-8 with a byte-order mark (so Excel reads it
//! as UTF-8), RFC 4180 quoting, and text cells that cannot run as formulas.

/// The byte-order mark that tells Excel the file is UTF-8.
const BOM: char = '\u{feff}';

/// One cell: text from the data or the playbook, or a number the program computed.
#[derive(Clone, Copy)]
pub(crate) enum Cell<'a> {
    Text(&'a str),
    /// A figure from the data, such as a customer's net spend: written to 15 significant
    /// digits, as many as a spreadsheet keeps, so that the last bits of a sum of decimal
    /// amounts (`0.1 + 0.2`) do not show as `0.30000000000000004`.
    Number(f64),
    /// A model's estimate of money, such as a customer's value or spend cap: written to the
    /// cent, the digits beyond being no more than the estimate's noise.
    Money(f64),
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
                Cell::Number(number) => push_number(&mut self.out, significant(number)),
                Cell::Money(money) => push_number(&mut self.out, (money * 100.0).round() / 100.0),
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

/// `number` to 15 significant digits (decimal ones: `{:e}` rounds in decimal, and parsing
/// gives the double nearest to what it wrote).
fn significant(number: f64) -> f64 {
    format!("{number:.14e}").parse().unwrap_or(number)
}

/// Writes `number` in its shortest form, and a zero rounded from below as `0`, not `-0`.
fn push_number(out: &mut String, number: f64) {
    use std::fmt::Write;
    // Adding a positive zero turns a negative zero into a positive one and leaves the rest.
    let _ = write!(out, "{}", number + 0.0);
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

    #[test]
    fn figures_lose_the_noise_of_binary_sums_and_estimates_are_written_to_the_cent() {
        let cases = [
            (Cell::Number(0.1 + 0.2), "0.3"),
            (Cell::Number(1234.56 + 0.01 + 0.02), "1234.59"),
            (Cell::Number(2.0 / 3.0), "0.666666666666667"),
            (Cell::Number(-0.0), "0"),
            (Cell::Number(1e20), "100000000000000000000"),
            (Cell::Money(1.7758000000000003), "1.78"),
            (Cell::Money(2.0563339086993055e-5), "0"),
            (Cell::Money(-0.004), "0"),
            (Cell::Money(-3.456), "-3.46"),
            (Cell::Money(98765.4321), "98765.43"),
        ];
        for (cell, expected) in cases {
            let mut writer = CsvWriter::new(&["x"]);
            writer.row([cell]);
            assert_eq!(writer.finish(), format!("\u{feff}x\r\n{expected}\r\n"));
        }
    }
}
