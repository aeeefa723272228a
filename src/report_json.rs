//! The whole report as JSON, or its summary (the report without `customers`), as the command
//! line writes it: byte for byte what serde_json writes for the report, or for the summary that
//! JSON with the `customers` member taken out and nothing else changed.
//!
//! The customers' rows are nearly all of a large report (a hundred megabytes and more for a
//! million transactions), so in compact JSON they are written by [`write_customer_rows`], on
//! both cores where there are two; the rest of the report, a few hundred kilobytes, by serde
//! through [`ReportFormatter`], which puts the rows into the `customers` array or leaves the
//! member out.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::report::{CustomerRow, Report};
use crate::row_json::write_customer_rows;

/// How [`write_report`] lays out the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonLayout {
    /// On one line, as `serde_json::to_writer` writes it.
    Compact,
    /// Indented by two spaces, as `serde_json::to_writer_pretty` writes it.
    Indented,
}

/// What of the report [`write_report`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportPart {
    /// Every member, `customers` included.
    Whole,
    /// Every member but `customers`, each as in the whole report and in its place: the JS API's
    /// `ReportSummary`, for a customer base too large to hand over or keep as JSON.
    Summary,
}

/// The report's JSON name of the member [`ReportPart::Summary`] leaves out.
const CUSTOMERS: &str = "customers";

/// Writes `report` as JSON, laid out as `layout` says, whole or as its summary, without a line
/// break after it. The customers are taken out of `report` while the rest is written and are
/// back in it when this returns, whatever happens.
///
/// ```
/// use custval::{analyze, write_report, JsonLayout, Options, ReportPart};
///
/// let csv = "customer,date,amount\na,2024-01-05,500\nb,2024-06-20,40\n";
/// let mut report = analyze(csv.as_bytes(), &Options::default())?;
/// let mut whole = Vec::new();
/// write_report(&mut whole, &mut report, JsonLayout::Compact, ReportPart::Whole)?;
/// assert_eq!(whole, serde_json::to_vec(&report)?);
///
/// let mut summary = Vec::new();
/// write_report(&mut summary, &mut report, JsonLayout::Compact, ReportPart::Summary)?;
/// let summary: serde_json::Value = serde_json::from_slice(&summary)?;
/// let mut expected: serde_json::Value = serde_json::from_slice(&whole)?;
/// expected.as_object_mut().unwrap().remove("customers");
/// assert_eq!(summary, expected);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report<W: Write>(
    mut out: W,
    report: &mut Report,
    layout: JsonLayout,
    part: ReportPart,
) -> io::Result<()> {
    if (layout, part) == (JsonLayout::Indented, ReportPart::Whole) {
        // Indented rows have no writer of their own: an indented report is one a person reads.
        return Ok(serde_json::to_writer_pretty(out, report)?);
    }
    let rows = std::mem::take(&mut report.customers);
    let customers = match part {
        ReportPart::Whole => Customers::Rows(&rows),
        ReportPart::Summary => Customers::LeftOut,
    };
    let written = match layout {
        JsonLayout::Compact => serialize(
            &mut out,
            report,
            ReportFormatter::new(CompactFormatter, customers),
        ),
        JsonLayout::Indented => serialize(
            &mut out,
            report,
            ReportFormatter::new(PrettyFormatter::new(), customers),
        ),
    };
    report.customers = rows;
    written
}

fn serialize<W: Write, F: Formatter>(out: W, report: &Report, formatter: F) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, formatter);
    Ok(report.serialize(&mut serializer)?)
}

/// What goes where the report's (emptied) `customers` array is.
enum Customers<'a> {
    /// These rows, compact, in the array.
    Rows(&'a [CustomerRow]),
    /// Nothing: the member is left out, key and all.
    LeftOut,
}

/// `inner`'s layout of a report whose `customers` were taken out, with the customers' rows
/// written into that empty array or the member left out.
///
/// A report member's key is held back until it is known, so that the `customers` member can be
/// left out before its comma and key are written. serde_json's compact and pretty formatters
/// differ only in the calls passed on to `inner` here; numbers and literals are written alike
/// by both.
struct ReportFormatter<'a, F> {
    inner: F,
    customers: Customers<'a>,
    /// Objects and arrays open: the report's own members are at depth 1.
    depth: usize,
    /// While a report member's key is written: what `inner` wrote of it, not yet passed on.
    key_json: Option<Vec<u8>>,
    /// The key of the report member being written.
    key: String,
    /// Whether the member being written is the `customers` left out.
    leaving_out: bool,
}

impl<'a, F: Formatter> ReportFormatter<'a, F> {
    fn new(inner: F, customers: Customers<'a>) -> Self {
        ReportFormatter {
            inner,
            customers,
            depth: 0,
            key_json: None,
            key: String::new(),
            leaving_out: false,
        }
    }
}

impl<F: Formatter> Formatter for ReportFormatter<'_, F> {
    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.inner.begin_object(out)
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth -= 1;
        self.inner.end_object(out)
    }

    // The member left out is an empty array (its rows were taken out): its value is these
    // two calls and the object value's own.
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        if self.leaving_out {
            return Ok(());
        }
        self.inner.begin_array(out)?;
        match self.customers {
            // No array comes between the report's `customers` key and its value.
            Customers::Rows(rows) if self.depth == 2 && self.key == CUSTOMERS => {
                write_rows(out, rows)
            }
            _ => Ok(()),
        }
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.leaving_out {
            return Ok(());
        }
        self.inner.end_array(out)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_array_value(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.inner.end_array_value(out)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        if self.depth != 1 {
            return self.inner.begin_object_key(out, first);
        }
        self.key.clear();
        let mut key_json = Vec::new();
        // The report's first member is `schemaVersion`, never the one left out.
        self.inner.begin_object_key(&mut key_json, first)?;
        self.key_json = Some(key_json);
        Ok(())
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        let Some(key_json) = self.key_json.take() else {
            return self.inner.end_object_key(out);
        };
        if matches!(self.customers, Customers::LeftOut) && self.key == CUSTOMERS {
            self.leaving_out = true;
            return Ok(());
        }
        out.write_all(&key_json)?;
        self.inner.end_object_key(out)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        if self.leaving_out {
            return Ok(());
        }
        self.inner.begin_object_value(out)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        if self.leaving_out {
            self.leaving_out = false;
            return Ok(());
        }
        self.inner.end_object_value(out)
    }

    fn begin_string<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        match &mut self.key_json {
            Some(key_json) => self.inner.begin_string(key_json),
            None => self.inner.begin_string(out),
        }
    }

    fn end_string<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        match &mut self.key_json {
            Some(key_json) => self.inner.end_string(key_json),
            None => self.inner.end_string(out),
        }
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        match &mut self.key_json {
            Some(key_json) => {
                self.key.push_str(fragment);
                self.inner.write_string_fragment(key_json, fragment)
            }
            None => self.inner.write_string_fragment(out, fragment),
        }
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        match &mut self.key_json {
            // No report member's key needs escaping; were one to, it would not be `customers`.
            Some(key_json) => {
                self.key.push('\\');
                self.inner.write_char_escape(key_json, escape)
            }
            None => self.inner.write_char_escape(out, escape),
        }
    }
}

/// Customers' rows serialised by one core, in pieces of this many, while the other core
/// serialises the next piece: a piece's JSON (about 2 KB a row) waits in memory until written,
/// so the pieces are small enough to keep memory flat and large enough that handing them over
/// costs nothing to speak of.
const ROWS_PER_PIECE: usize = 1024;

/// The customers' rows as compact JSON separated by commas: every second piece of
/// [`ROWS_PER_PIECE`] rows is serialised on another thread while this one serialises the
/// others straight to `out`, so the pieces arrive in order. Where no thread can start (in a
/// WebAssembly module in a browser), every piece is serialised here.
fn write_rows<W: ?Sized + Write>(out: &mut W, rows: &[CustomerRow]) -> io::Result<()> {
    let pieces: Vec<&[CustomerRow]> = rows.chunks(ROWS_PER_PIECE).collect();
    let pieces = pieces.as_slice();
    std::thread::scope(|scope| {
        // Two pieces ahead at most, so that a slow `out` does not fill the memory.
        let (sender, receiver) = std::sync::mpsc::sync_channel(2);
        let helper = std::thread::Builder::new().spawn_scoped(scope, move || {
            for piece in pieces.iter().skip(1).step_by(2) {
                let mut json = Vec::new();
                let serialised = write_customer_rows(&mut json, piece).map(|()| json);
                // The receiver is gone only when writing failed, which is reported there.
                if sender.send(serialised).is_err() {
                    break;
                }
            }
        });
        for (index, piece) in pieces.iter().enumerate() {
            if index > 0 {
                out.write_all(b",")?;
            }
            if index % 2 == 1 && helper.is_ok() {
                // A closed channel means the helper panicked, which the scope passes on.
                if let Ok(json) = receiver.recv() {
                    out.write_all(&json?)?;
                }
            } else {
                write_customer_rows(out, piece)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, analyze_with_surveys, Options};

    /// A report of no customers (a survey file alone), and reports whose rows fill the pieces
    /// exactly, leave one over, or make an even or an odd number of pieces; ids that need
    /// escaping, so that the rows' strings are escaped as the report's are.
    fn reports() -> Vec<Report> {
        let surveys_alone = analyze_with_surveys(None, b"nps\n9\n3\n", &Options::default());
        let mut reports = vec![surveys_alone.unwrap()];
        for customers in [
            1,
            ROWS_PER_PIECE,
            ROWS_PER_PIECE + 1,
            2 * ROWS_PER_PIECE,
            2 * ROWS_PER_PIECE + 1,
        ] {
            let mut csv = String::from("customer,date,amount\n");
            for index in 0..customers {
                let day = 1 + index % 28;
                csv += &format!("\"c\"\"{index}\\\",2024-02-{day:02},{}.5\n", index % 97);
            }
            reports.push(analyze(csv.as_bytes(), &Options::default()).unwrap());
        }
        reports
    }

    fn written(report: &mut Report, layout: JsonLayout, part: ReportPart) -> String {
        let mut json = Vec::new();
        write_report(&mut json, report, layout, part).unwrap();
        String::from_utf8(json).unwrap()
    }

    #[test]
    fn the_whole_report_is_serdes_own_json() {
        for mut report in reports() {
            let rows = report.customers.len();
            let compact = serde_json::to_string(&report).unwrap();
            let indented = serde_json::to_string_pretty(&report).unwrap();
            assert!(
                written(&mut report, JsonLayout::Compact, ReportPart::Whole) == compact,
                "{rows} rows"
            );
            assert!(
                written(&mut report, JsonLayout::Indented, ReportPart::Whole) == indented,
                "{rows} rows"
            );
            assert_eq!(report.customers.len(), rows);
        }
    }

    /// Whether `part` is `whole` with one run of bytes taken out, the rest as it was.
    fn is_one_run_short_of(part: &str, whole: &str) -> bool {
        let (part, whole) = (part.as_bytes(), whole.as_bytes());
        let before = part.iter().zip(whole).take_while(|(a, b)| a == b).count();
        let after = (part.iter().rev().zip(whole.iter().rev()))
            .take_while(|(a, b)| a == b)
            .count();
        part.len() < whole.len() && before + after >= part.len()
    }

    /// The summary against serde's JSON of the whole report: that text with one run taken out,
    /// which parsed is the whole report's value without `customers`.
    #[test]
    fn the_summary_is_the_whole_json_without_the_customers_member() {
        for mut report in reports() {
            let rows = report.customers.len();
            let whole = [
                (JsonLayout::Compact, serde_json::to_string(&report).unwrap()),
                (
                    JsonLayout::Indented,
                    serde_json::to_string_pretty(&report).unwrap(),
                ),
            ];
            for (layout, whole) in whole {
                let summary = written(&mut report, layout, ReportPart::Summary);
                assert!(
                    is_one_run_short_of(&summary, &whole),
                    "{layout:?}, {rows} rows"
                );
                // Both parsed, as serde_json reads back a float a bit off now and then.
                let parsed = |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap();
                let mut expected = parsed(&whole);
                expected.as_object_mut().unwrap().remove(CUSTOMERS).unwrap();
                assert!(parsed(&summary) == expected, "{layout:?}, {rows} rows");
                assert_eq!(report.customers.len(), rows);
            }
        }
    }
}
