//! A look at the start of a file before it is analysed: how the reader would read it and its
//! first rows, so that the user can correct the mapping, encoding, delimiter, header and date
//! format before the analysis runs.

use serde::Serialize;

use super::header::{HeaderSearch, SEARCHED_RECORDS};
use super::records::{OwnedRecord, Record, RecordSplitter, RowTooLong};
use super::{delimiter_sample, detect_delimiter, resolve_columns, Ingest, Ingested, ReadOptions};
use crate::aggregated::Limitation;
use crate::columns::{column_name, FileColumns, InputKind, Role};
use crate::decode::{TextDecoder, Unreadable};
use crate::error::{Error, ErrorKind, HeaderHint};
use crate::quality::RowLog;
use crate::read::FormatChoice;
use crate::setting::Setting;
use crate::text::{Rendered, Texts};

/// Data rows a preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// Bytes from the start of a file that are enough for a preview; give [`preview`] about this
/// many (more only makes it slower, fewer may leave too few rows to choose the date format).
pub const PREVIEW_BYTES: usize = 64 * 1024;

/// How the reader would read a file, judged from its first bytes, as returned by [`preview`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The encoding used (`UTF-8`, `UTF-16LE`, `gb18030`, …): the option, else detected.
    pub encoding: &'static str,
    /// Whether the bytes given settle the encoding: `false` when they are ASCII only and the
    /// file goes on, since ASCII reads alike in every encoding detected. `encoding` is then
    /// UTF-8, and the analysis chooses by the first bytes beyond ASCII further on (GB18030
    /// for a Chinese export whose first rows are English, say).
    pub encoding_settled: bool,
    /// The delimiter used, named as in the `delimiter` option (`,`, `;`, `\t`, `|`,
    /// `whitespace`): the option, else detected.
    pub delimiter: &'static str,
    /// Whether the file is read with a header row (the `header` option).
    pub header: bool,
    /// The header's 1-based line: below any lines above the table, such as a title, which
    /// the analysis skips. When no row's names can be mapped, the line of the likeliest
    /// header, the one `problem` is about. `None` without a header or when every row is blank.
    pub header_line: Option<u64>,
    /// `transactions` or `customers` (a customer file, one row per customer); `None` when the
    /// columns cannot be mapped (see `problem`).
    pub kind: Option<InputKind>,
    /// Every column, in file order, with its role.
    pub columns: Vec<PreviewColumn>,
    /// The first data rows (at most [`PREVIEW_ROWS`]), each field as written (unquoted).
    pub rows: Vec<Vec<String>>,
    /// The date format chosen from the data rows in the bytes given, with the number of
    /// ambiguous values among them; `None` when the columns cannot be mapped.
    pub date_format: Option<FormatChoice>,
    /// The decimal separator chosen, like `date_format`.
    pub decimal_separator: Option<FormatChoice>,
    /// Rows in the bytes given (whole lines only): data rows and any lines above the header;
    /// 0 when a `problem` with the columns stops the reading before any row is counted.
    pub rows_read: u64,
    /// Rows among them that the analysis would skip, by reason.
    pub skipped: RowLog,
    /// Why the analysis would stop with these options, if it would: the error the analysis
    /// would raise, as data, so that the user can fix the mapping.
    pub problem: Option<PreviewProblem>,
    /// Characters among the bytes given that are not valid in the encoding used, or NUL
    /// characters after the first KiB, as the report's `input.limitations` would say them
    /// (`unreadableCharacters`): in the first
    /// bytes, most likely a sign that the file is in another encoding.
    pub unreadable: Option<Limitation>,
}

/// A column of the file as the preview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewColumn {
    /// The header, or `column N` (1-based) in a file read without a header row or where the
    /// header is blank, as named in the report's `input.columns`.
    pub name: String,
    /// What the analysis would use the column for; `None` when it is not used.
    pub role: Option<Role>,
}

/// The columns every file needs at least: a customer, a date and an amount, or a customer
/// file's id, last purchase, frequency and monetary value.
const FEWEST_COLUMNS: usize = 3;

/// An error the analysis would stop with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewProblem {
    /// The error's [code](Error::code), e.g. `missingColumn`.
    pub code: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The same in English and Chinese.
    pub messages: Texts,
    /// For `missingColumn`: the role no column has, so that a page offering the columns' roles
    /// can point there rather than to renaming the column, as `message` does.
    pub role: Option<Role>,
    /// For `missingColumn` with a header row: what the header suggests went wrong in the
    /// reading (another delimiter, another encoding, a first row of data), in English and
    /// Chinese, as `message` ends; it follows advice to choose the column as well.
    pub hint: Option<Texts>,
    /// For `invalidOptions`, the setting refused, when it is one ([`Error::setting`]); named
    /// `option` in JSON, as JS spells it, as the package's errors name it.
    #[serde(
        rename = "option",
        serialize_with = "crate::setting::serialize_js_name"
    )]
    pub setting: Option<Setting>,
    /// Whether the rest of the file cannot change it: a problem with the header, the columns or
    /// the reading options. One found in the rows previewed (every one a return, say) may be
    /// settled by the rows after them.
    pub settled: bool,
}

impl From<Error> for PreviewProblem {
    fn from(error: Error) -> PreviewProblem {
        let messages = error.texts();
        // A file longer than the rows a header is looked for in says why its likeliest header
        // does not map, as a shorter one does, where that header could map: not a note's
        // line above a table further down, which has fewer columns than any file needs.
        let kind = match error.kind() {
            ErrorKind::HeaderNotInFirstRows { likeliest, .. }
                if likeliest
                    .headers()
                    .is_some_and(|names| names.len() >= FEWEST_COLUMNS) =>
            {
                likeliest.kind()
            }
            kind => kind,
        };
        let (role, hint) = match kind {
            ErrorKind::MissingColumn { role, headers } => (
                Some(*role),
                headers
                    .as_deref()
                    .and_then(HeaderHint::of)
                    .map(|hint| hint.texts()),
            ),
            _ => (None, None),
        };
        PreviewProblem {
            code: error.code(),
            message: messages.en.clone(),
            messages,
            role,
            hint,
            setting: error.setting(),
            settled: true,
        }
    }
}

/// Reads the first bytes of a file as the analysis would with `options`, and returns what it
/// found and the first [`PREVIEW_ROWS`] rows.
///
/// `prefix` is the start of the file (about [`PREVIEW_BYTES`]), or all of it when `whole` is
/// true. Unless `whole`, the text is cut after its last line break, so that a line cut in the
/// middle is not shown or judged; the date format and decimal separator are then chosen from
/// the rows in the prefix only, so they may differ from the analysis' choice on the whole
/// file when the first rows do not settle them.
///
/// A file whose columns cannot be mapped is not an error: the preview says why in
/// [`Preview::problem`] and still shows the rows and the columns recognised. Errors are only
/// those of the bytes or options themselves: an unknown encoding label, or a binary file.
///
/// ```
/// use custval::{preview, ReadOptions, Role};
///
/// let file = "会员号;下单时间;实付金额\nA1;05/03/2024;12,50\nA2;2024-03-06;8\n";
/// let found = preview(file.as_bytes(), true, &ReadOptions::default())?;
/// assert_eq!((found.encoding, found.delimiter), ("UTF-8", ";"));
/// assert_eq!(found.columns[0].role, Some(Role::Customer));
/// assert_eq!(found.rows[0], ["A1", "05/03/2024", "12,50"]);
/// assert_eq!(found.problem, None);
/// # Ok::<(), custval::Error>(())
/// ```
pub fn preview(prefix: &[u8], whole: bool, options: &ReadOptions) -> Result<Preview, Error> {
    let mut decoder = TextDecoder::new(options.encoding.as_deref())?;
    let mut text = String::new();
    decoder.decode(prefix, true, &mut text)?;
    let decoded = text.len();
    if !whole {
        text.truncate(text.rfind('\n').map_or(0, |end| end + 1));
    }
    let mut unreadable = Unreadable::default();
    if decoder.take_replaced() {
        unreadable.note(&text, 1);
    }
    let sample = delimiter_sample(&text, whole);
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(sample));
    if !whole {
        // A quoted value over several lines that the cut falls in is left out with its row,
        // as a line cut in the middle is: the end of the prefix is not the end of the file.
        let mut splitter = RecordSplitter::new(delimiter);
        let _ = splitter.feed(&text, &mut |_, _| Ok::<(), RowTooLong>(()));
        text.truncate(text.len() - splitter.unfinished_len());
    }
    let FirstRecords { header, rows } = first_records(&text, delimiter, options);
    let header_line = header.as_ref().map(|(line, _)| *line);
    let headers = header.map(|(_, names)| names).unwrap_or_default();
    let fields = rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(headers.len());
    let header_row = options.has_header.then_some(headers.as_slice());
    // The header, or the first record without one, decides the mapping, as in the analysis.
    let first_fields = if options.has_header {
        headers.len()
    } else {
        rows.first().map_or(0, Vec::len)
    };
    let mapping = FileColumns::resolve(options.kind, header_row, first_fields, &options.columns);
    let roles = match &mapping {
        Ok(map) => map.roles(),
        Err(_) => FileColumns::recognised(options.kind, header_row, first_fields, &options.columns),
    };
    let columns = (0..fields)
        .map(|index| PreviewColumn {
            name: column_name(header_row, index),
            role: role_of(&roles, index),
        })
        .collect();
    // The decoded text is read again as UTF-8 with the delimiter settled, so that the reader
    // the analysis uses judges exactly the lines shown.
    let reading = ReadOptions {
        encoding: Some("utf-8".to_string()),
        delimiter: Some(delimiter),
        ..options.clone()
    };
    let mut preview = Preview {
        encoding: decoder.encoding(),
        encoding_settled: whole || decoder.encoding_chosen(),
        delimiter: delimiter.name(),
        header: options.has_header,
        header_line,
        kind: None,
        columns,
        rows,
        date_format: None,
        decimal_separator: None,
        rows_read: 0,
        skipped: RowLog::default(),
        problem: None,
        unreadable: unreadable.limitation(&decoder),
    };
    let read = Ingest::new(reading).and_then(|mut ingest| {
        ingest.push(text.as_bytes())?;
        ingest.finish()
    });
    match read {
        Ok((ingested, facts)) => {
            preview.problem = ingested.unusable(&facts).map(|error| PreviewProblem {
                settled: false,
                ..error.into()
            });
            preview.kind = Some(match ingested {
                Ingested::Transactions(_) => InputKind::Transactions,
                Ingested::Customers { .. } => InputKind::Customers,
            });
            // The rows may have settled a role the header left open (the region's).
            for (index, column) in preview.columns.iter_mut().enumerate() {
                column.role = role_of(&facts.roles, index);
            }
            preview.date_format = Some(facts.date_format);
            preview.decimal_separator = Some(facts.decimal_separator);
            preview.rows_read = facts.rows_read;
            preview.skipped = facts.skipped;
        }
        // A first row longer than the prefix is cut off, not missing: the analysis reads it.
        Err(error) if text.len() < decoded && matches!(error.kind(), ErrorKind::EmptyInput) => {}
        Err(error) => preview.problem = Some(error.into()),
    }
    Ok(preview)
}

/// The role of the column at `index` among `roles`.
fn role_of(roles: &[(Role, usize)], index: usize) -> Option<Role> {
    roles
        .iter()
        .find_map(|&(role, column)| (column == index).then_some(role))
}

/// The header row with its line (`None` without one), and the first [`PREVIEW_ROWS`] data
/// rows of `text`. The header is found as the analysis finds it; when no record's names map,
/// it is the likeliest header, the one the problem is about.
fn first_records(text: &str, delimiter: super::Delimiter, options: &ReadOptions) -> FirstRecords {
    /// Stops the splitter once enough records are kept, or at a row too long to show.
    struct Enough;
    impl From<RowTooLong> for Enough {
        fn from(_: RowTooLong) -> Enough {
            Enough
        }
    }
    let wanted = if options.has_header {
        SEARCHED_RECORDS + PREVIEW_ROWS
    } else {
        PREVIEW_ROWS
    };
    let mut records = Vec::new();
    let mut keep = |line: u64, record: Record<'_>| {
        records.push((line, record.to_owned()));
        if records.len() < wanted {
            Ok(())
        } else {
            Err(Enough)
        }
    };
    let mut splitter = RecordSplitter::new(delimiter);
    // `Enough` only ends the reading early.
    if splitter.feed(text, &mut keep).is_ok() {
        let _ = splitter.finish(&mut keep);
    }
    let fields = |record: &OwnedRecord| record.as_record().fields().map(str::to_string).collect();
    let header_line = options.has_header.then(|| header_line(&records, options));
    let header_at = header_line
        .flatten()
        .and_then(|line| records.iter().position(|(at, _)| *at == line));
    let header = header_at.map(|at| (records[at].0, fields(&records[at].1)));
    // Without a header every record is a row; with one only the records below it are.
    let first_row = match (options.has_header, header_at) {
        (false, _) => 0,
        (true, Some(at)) => at + 1,
        (true, None) => records.len(),
    };
    let rows = records[first_row..]
        .iter()
        .take(PREVIEW_ROWS)
        .map(|(_, record)| fields(record))
        .collect();
    FirstRecords { header, rows }
}

/// The start of a file as a preview shows it.
struct FirstRecords {
    /// The header's line and names; `None` without a header.
    header: Option<(u64, Vec<String>)>,
    /// The first data rows.
    rows: Vec<Vec<String>>,
}

/// The header's line among `records`, as the analysis finds it, else the likeliest header's;
/// `None` when every record is blank.
fn header_line(records: &[(u64, OwnedRecord)], options: &ReadOptions) -> Option<u64> {
    let mut search = HeaderSearch::default();
    let mut resolve = |names: &[String]| resolve_columns(Some(names), names.len(), options);
    for (line, record) in records {
        match search.offer(*line, record.as_record(), &mut resolve) {
            Ok(Some((header, _))) => return Some(header.row.line),
            Ok(None) => {}
            Err(_) => break,
        }
    }
    search.likeliest_line()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::ColumnRef;
    use crate::date::DateFormat;
    use crate::read::Delimiter;

    fn roles(preview: &Preview) -> Vec<(&str, Option<&str>)> {
        preview
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.role.map(Role::key)))
            .collect()
    }

    fn look(bytes: &[u8]) -> Preview {
        preview(bytes, true, &ReadOptions::default()).unwrap()
    }

    #[test]
    fn gbk_file_with_chinese_headers() {
        // 订单号,客户编号,下单时间,实付金额 / A001,张三,2024年3月5日,￥120.50 written by hand in
        // GBK: 订=B6A9 单=B5A5 号=BAC5 客=BFCD 户=BBA7 编=B1E0 下=CFC2 时=CAB1 间=BCE4
        // 实=CAB5 付=B8B6 金=BDF0 额=B6EE 张=D5C5 三=C8FD 年=C4EA 月=D4C2 日=C8D5 ￥=A3A4
        let header: &[u8] = b"\xB6\xA9\xB5\xA5\xBA\xC5,\xBF\xCD\xBB\xA7\xB1\xE0\xBA\xC5,\
\xCF\xC2\xB5\xA5\xCA\xB1\xBC\xE4,\xCA\xB5\xB8\xB6\xBD\xF0\xB6\xEE\r\n";
        let row: &[u8] = b"A001,\xD5\xC5\xC8\xFD,2024\xC4\xEA3\xD4\xC25\xC8\xD5,\xA3\xA4120.50\r\n";
        let found = look(&[header, row].concat());
        assert_eq!(
            (found.encoding, found.delimiter, found.header),
            ("gb18030", ",", true)
        );
        assert_eq!(
            roles(&found),
            [
                ("订单号", Some("order")),
                ("客户编号", Some("customer")),
                ("下单时间", Some("date")),
                ("实付金额", Some("amount")),
            ]
        );
        assert_eq!(found.rows, [["A001", "张三", "2024年3月5日", "￥120.50"]]);
        assert_eq!(found.kind, Some(InputKind::Transactions));
        assert_eq!((found.rows_read, found.skipped.total()), (1, 0));
        assert_eq!((found.problem, found.unreadable), (None, None));

        // Read as UTF-8, as a user may choose: the GBK name on line 2 cannot be read (张三 is
        // four bytes, each not valid UTF-8 where it stands), nor the header on line 1.
        let options = ReadOptions {
            encoding: Some("utf-8".into()),
            ..ReadOptions::default()
        };
        let found = preview(&[header, row].concat(), true, &options).unwrap();
        let unreadable = found.unreadable.unwrap();
        assert_eq!(unreadable.key, "unreadableCharacters");
        assert!(
            unreadable.text.en.contains("not valid UTF-8")
                && unreadable.text.en.contains("on lines 1, 2)"),
            "{}",
            unreadable.text.en
        );
    }

    #[test]
    fn ascii_rows_leave_the_encoding_to_the_rest_of_the_file() {
        // English rows, then a region in GBK (华东 = BBAA B6AB) past the bytes previewed: the
        // preview says UTF-8 without settling it, and the analysis reads GB18030.
        let ascii = "customer,date,amount,region\n".to_string()
            + &"C1,2024-01-01,12.50,East\n".repeat(PREVIEW_BYTES / 24);
        let file = [ascii.as_bytes(), b"C2,2024-02-01,12.50,\xBB\xAA\xB6\xAB\n"].concat();
        let prefix = &file[..PREVIEW_BYTES];
        let options = ReadOptions::default();
        let found = preview(prefix, false, &options).unwrap();
        assert_eq!((found.encoding, found.encoding_settled), ("UTF-8", false));
        let report = crate::analyze(&file, &crate::Options::default()).unwrap();
        assert_eq!(report.input.unwrap().encoding, "gb18030");
        // The whole file, an encoding named, or a byte beyond ASCII in the bytes given settle it.
        let found = preview(ascii.as_bytes(), true, &options).unwrap();
        assert_eq!((found.encoding, found.encoding_settled), ("UTF-8", true));
        let named = ReadOptions {
            encoding: Some("gbk".into()),
            ..ReadOptions::default()
        };
        let found = preview(prefix, false, &named).unwrap();
        assert_eq!((found.encoding, found.encoding_settled), ("GBK", true));
        let found = preview(&file[file.len() - 2000..], false, &options).unwrap();
        assert_eq!((found.encoding, found.encoding_settled), ("gb18030", true));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_and_tabs() {
        let text = "customer\tdate\tamount\tnote\nc1\t2024-01-02\t5\thi\n";
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let found = look(&bytes);
        assert_eq!((found.encoding, found.delimiter), ("UTF-16LE", "\t"));
        assert_eq!(
            roles(&found),
            [
                ("customer", Some("customer")),
                ("date", Some("date")),
                ("amount", Some("amount")),
                ("note", None),
            ]
        );
        let format = found.date_format.unwrap();
        assert_eq!(
            (format.format, format.source, format.ambiguous),
            ("YYYY-MM-DD", "detected", 0)
        );
    }

    #[test]
    fn semicolons_decimal_commas_and_ambiguous_dates_are_counted() {
        // Two of the three dates read both ways; 25/02 settles day first.
        let text = "InvoiceNo;CustomerID;InvoiceDate;Quantity;UnitPrice\n\
                    1;17850;01/12/2010;6;2,55\n2;17850;03/12/2010;1;1,00\n3;13047;25/02/2011;2;0,50\n";
        let found = look(text.as_bytes());
        assert_eq!(found.delimiter, ";");
        let keys: Vec<_> = roles(&found).into_iter().map(|(_, role)| role).collect();
        assert_eq!(
            keys,
            [
                Some("order"),
                Some("customer"),
                Some("date"),
                Some("quantity"),
                Some("price")
            ]
        );
        let dates = found.date_format.unwrap();
        assert_eq!(
            (dates.format, dates.source, dates.ambiguous),
            ("D/M/YYYY", "detected", 2)
        );
        let decimal = found.decimal_separator.unwrap();
        assert_eq!((decimal.format, decimal.source), (",", "detected"));
        assert_eq!(found.rows[2], ["3", "13047", "25/02/2011", "2", "0,50"]);
    }

    #[test]
    fn headerless_whitespace_file_needs_positions_then_reads() {
        let text = " 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n 00021 0002 19970101  3   63.34\n";
        let mut options = ReadOptions {
            has_header: false,
            ..ReadOptions::default()
        };
        let unmapped = preview(text.as_bytes(), true, &options).unwrap();
        assert_eq!(unmapped.delimiter, "whitespace");
        assert_eq!(unmapped.rows.len(), 3);
        assert_eq!(unmapped.columns[4].name, "column 5");
        assert!(unmapped.columns.iter().all(|c| c.role.is_none()));
        let problem = unmapped.problem.unwrap();
        assert_eq!((problem.code, problem.settled), ("missingColumn", true));
        assert_eq!(unmapped.kind, None);
        for (role, position) in [("customer", 2), ("date", 3), ("amount", 5)] {
            options
                .columns
                .set(role, ColumnRef::Position(position))
                .unwrap();
        }
        let mapped = preview(text.as_bytes(), true, &options).unwrap();
        assert_eq!(mapped.problem, None);
        assert_eq!(
            roles(&mapped),
            [
                ("column 1", None),
                ("column 2", Some("customer")),
                ("column 3", Some("date")),
                ("column 4", None),
                ("column 5", Some("amount")),
            ]
        );
        assert_eq!(mapped.rows[0], ["00004", "0001", "19970101", "2", "29.33"]);
        assert_eq!(mapped.date_format.unwrap().format, "YYYY-MM-DD");
        assert_eq!(mapped.rows_read, 3);
    }

    #[test]
    fn an_unrecognised_customer_column_is_a_problem_with_the_rest_recognised() {
        let text = "Asiakasnumero,date,amount\nx,2024-01-01,5\n";
        let found = look(text.as_bytes());
        assert_eq!(
            roles(&found),
            [
                ("Asiakasnumero", None),
                ("date", Some("date")),
                ("amount", Some("amount"))
            ]
        );
        let problem = found.problem.unwrap();
        // The analysis stops with the same error.
        let analysis = crate::analyze(text.as_bytes(), &crate::Options::default()).unwrap_err();
        assert_eq!(
            (problem.code, problem.message),
            (analysis.code(), analysis.to_string())
        );
        let mut options = ReadOptions::default();
        options
            .columns
            .set("customer", ColumnRef::Name("Asiakasnumero".into()))
            .unwrap();
        let fixed = preview(text.as_bytes(), true, &options).unwrap();
        assert_eq!(
            (fixed.problem, fixed.columns[0].role),
            (None, Some(Role::Customer))
        );
    }

    #[test]
    fn a_long_file_without_a_known_header_names_the_role_as_a_short_one_does() {
        // Past the 30 rows a header is looked for in, the analysis gives up on finding one;
        // the preview still names the role to choose, and the header's hint.
        let rows = |n: usize| -> String {
            std::iter::once("who,when,howmuch\n".to_string())
                .chain((0..n).map(|i| format!("c{i},2024-01-{:02},5\n", 1 + i % 28)))
                .collect()
        };
        let problems = [29, 40].map(|n| look(rows(n).as_bytes()).problem.unwrap());
        assert_eq!(problems[0].code, problems[1].code);
        assert!(
            problems[1].message.contains("first 30 rows"),
            "{}",
            problems[1].message
        );
        for problem in problems {
            assert_eq!(problem.role, Some(Role::Customer), "{}", problem.message);
        }
    }

    #[test]
    fn a_first_row_longer_than_the_prefix_is_no_problem() {
        // A note of 100 KiB in the first row: the prefix ends inside it, so it shows no row,
        // but the file has one, which the analysis reads.
        let file = format!(
            "customer,date,amount,note\nA,2024-01-01,5,{}\n",
            "x".repeat(100 << 10)
        );
        let found = preview(
            &file.as_bytes()[..PREVIEW_BYTES],
            false,
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!((found.problem, found.rows.len()), (None, 0));
        assert!(crate::analyze(file.as_bytes(), &crate::Options::default()).is_ok());
        // Whole, a file of a header alone has no rows indeed.
        let header = b"customer,date,amount\n";
        let problem = preview(header, true, &ReadOptions::default())
            .unwrap()
            .problem
            .unwrap();
        assert_eq!(problem.code, "emptyInput");
    }

    /// Files whose columns map but whose rows give no customer: the preview says so with the
    /// analysis' own error, where it found nothing wrong.
    #[test]
    fn rows_that_give_no_customer_are_the_analysis_problem() {
        let text_as_amount = "customer,date,amount,note\nA,2024-01-01,5,gift\nB,2024-01-02,7,x\n";
        let cases = [
            (text_as_amount, Some(("amount", "note"))),
            ("customer,date,amount\nA,2024-01-01,1e308\n", None),
            (
                "customer,date,amount\nA,2024-01-01,-5\nB,2024-01-02,-7\n",
                None,
            ),
            (
                "customer_id,last_purchase,frequency,monetary\nA,2024-01-01,x,5\n",
                None,
            ),
        ];
        for (text, column) in cases {
            let mut options = crate::Options::default();
            if let Some((role, name)) = column {
                let column = ColumnRef::Name(name.into());
                options.read.columns.set(role, column).unwrap();
            }
            let found = preview(text.as_bytes(), true, &options.read).unwrap();
            let analysis = crate::analyze(text.as_bytes(), &options).unwrap_err();
            let problem = found.problem.expect(text);
            assert_eq!(
                (problem.code, problem.message),
                (analysis.code(), analysis.to_string())
            );
            assert_eq!((problem.code, problem.settled), ("noUsableRows", false));
        }
        let sales = "customer,date,amount\nA,2024-01-01,-5\nB,2024-01-02,7\n";
        assert_eq!(look(sales.as_bytes()).problem, None);
    }

    #[test]
    fn a_missing_column_gives_its_role_and_the_hint_its_message_ends_with() {
        let tab = ReadOptions {
            delimiter: Some(Delimiter::Tab),
            ..ReadOptions::default()
        };
        let utf8 = ReadOptions {
            encoding: Some("utf-8".into()),
            ..ReadOptions::default()
        };
        // 客户编号,日期,金额 in GBK.
        let gbk: &[u8] =
            b"\xbf\xcd\xbb\xa7\xb1\xe0\xba\xc5,\xc8\xd5\xc6\xda,\xbd\xf0\xb6\xee\nA,2024-01-01,5\n";
        let cases: [(&[u8], ReadOptions, Role, Option<&str>); 6] = [
            (
                b"Asiakas,date,amount\nx,2024-01-01,5\n",
                ReadOptions::default(),
                Role::Customer,
                None,
            ),
            (
                b"customer_id,amount\nx,5\n",
                ReadOptions::default(),
                Role::Date,
                None,
            ),
            (
                b"customer_id,order_date,amount\nA,2024-01-01,5\n",
                tab,
                Role::Customer,
                Some(". The header is one field holding ','"),
            ),
            (
                gbk,
                utf8,
                Role::Customer,
                Some(". The headers have characters not valid in the encoding read"),
            ),
            (
                b"A,2024-01-01,5\nB,2024-01-02,6\n",
                ReadOptions::default(),
                Role::Customer,
                Some(", or, since the first row looks like data"),
            ),
            // A German number is data too.
            (
                b"A;05.03.2024;1.234,56\nB;06.03.2024;12,5\n",
                ReadOptions::default(),
                Role::Customer,
                Some(", or, since the first row looks like data"),
            ),
        ];
        for (bytes, options, role, hint_start) in cases {
            let problem = preview(bytes, true, &options).unwrap().problem.unwrap();
            assert_eq!(
                (problem.code, problem.role),
                ("missingColumn", Some(role)),
                "{}",
                problem.message
            );
            match (problem.hint, hint_start) {
                (None, None) => {}
                (Some(hint), Some(start)) => {
                    assert!(hint.en.starts_with(start), "{}", hint.en);
                    assert!(problem.message.ends_with(&hint.en), "{}", problem.message);
                    assert!(
                        problem.messages.zh_cn.ends_with(&hint.zh_cn),
                        "{}",
                        problem.messages.zh_cn
                    );
                }
                (hint, start) => panic!("hint {hint:?}, expected one starting {start:?}"),
            }
        }
        // Without a header row there are no names to judge; the role is still given.
        let headerless = ReadOptions {
            has_header: false,
            ..ReadOptions::default()
        };
        let problem = preview(b"x,2024-01-01,5\n", true, &headerless)
            .unwrap()
            .problem
            .unwrap();
        assert_eq!((problem.role, problem.hint), (Some(Role::Customer), None));
        // Nor has a header not found in the rows searched, since no column could be chosen
        // among a note's: the message says where the header was looked for.
        let below_notes = "note\n".repeat(30) + "customer,date,amount\na,2024-03-05,1\n";
        let problem = look(below_notes.as_bytes()).problem.unwrap();
        assert_eq!((problem.code, problem.role), ("missingColumn", None));
        assert!(
            problem.message.contains("first 30 rows only"),
            "{}",
            problem.message
        );
        // Other problems have neither.
        let empty = look(b"").problem.unwrap();
        assert_eq!(
            (empty.code, empty.role, empty.hint),
            ("emptyInput", None, None)
        );
    }

    #[test]
    fn overrides_change_the_roles_and_formats() {
        let text = "客户编号,日期,订单金额,实付金额\nA,03/04/2024,10,9\n";
        let found = look(text.as_bytes());
        // 实付金额 (paid) is preferred to 订单金额 (ordered) wherever it stands.
        assert_eq!(found.columns[2].role, None);
        assert_eq!(found.columns[3].role, Some(Role::Amount));
        let dates = found.date_format.unwrap();
        assert_eq!(
            (dates.format, dates.source, dates.ambiguous),
            ("D/M/YYYY", "assumed", 1)
        );
        let mut options = ReadOptions {
            date_format: Some(DateFormat::MonthDayYear),
            delimiter: Some(Delimiter::Comma),
            ..ReadOptions::default()
        };
        options
            .columns
            .set("amount", ColumnRef::Position(3))
            .unwrap();
        let chosen = preview(text.as_bytes(), true, &options).unwrap();
        assert_eq!(
            (chosen.columns[2].role, chosen.columns[3].role),
            (Some(Role::Amount), None)
        );
        assert_eq!(chosen.date_format.unwrap().source, "option");
    }

    #[test]
    fn a_customer_file_is_recognised() {
        let text = "客户编号,最近购买日期,购买次数,消费金额\nA,2024-01-02,3,99.5\n";
        let found = look(text.as_bytes());
        assert_eq!(found.kind, Some(InputKind::Customers));
        let keys: Vec<_> = roles(&found).into_iter().map(|(_, role)| role).collect();
        assert_eq!(
            keys,
            [
                Some("customer"),
                Some("lastPurchase"),
                Some("frequency"),
                Some("monetary")
            ]
        );
    }

    #[test]
    fn a_prefix_cut_in_a_value_of_several_lines_leaves_its_row_out() {
        let mut text = String::from("customer,date,amount,note\n");
        for i in 0..15 {
            text.push_str(&format!("c{i},2024-01-{:02},{i},ok\n", i + 1));
        }
        // The prefix ends after the first line of a note written over three.
        let whole_note = "c15,2024-01-16,15,\"first line\nsecond line\nthird line\"\n";
        let cut = text.len() + whole_note.find('\n').unwrap() + 1;
        text.push_str(whole_note);
        let found = preview(&text.as_bytes()[..cut], false, &ReadOptions::default()).unwrap();
        assert_eq!(found.rows_read, 15);
        assert_eq!(found.skipped.messages(), Vec::<String>::new());
        // A stray quote whose lines are shaped as rows is read as the analysis reads it: the
        // rows after it are rows.
        let mut stray =
            String::from("customer,date,amount,note\nc0,2024-01-01,1,\"32\"\" screen\n");
        for i in 1..30 {
            stray.push_str(&format!("c{i},2024-01-{:02},{i},ok\n", i % 28 + 1));
        }
        stray.push_str("c30,2024-01-30,");
        let found = preview(stray.as_bytes(), false, &ReadOptions::default()).unwrap();
        assert_eq!(found.rows_read, 30);
    }

    #[test]
    fn a_prefix_is_cut_after_its_last_whole_line() {
        let mut text = String::from("customer,date,amount\n");
        for i in 0..20 {
            text.push_str(&format!("c{i},2024-01-{:02},{i}\n", i + 1));
        }
        // Cut in the middle of the 16th data row: 15 whole rows remain.
        let cut = text.match_indices('\n').nth(15).map(|(i, _)| i).unwrap() + 6;
        let found = preview(&text.as_bytes()[..cut], false, &ReadOptions::default()).unwrap();
        assert_eq!(found.rows_read, 15);
        assert_eq!(found.rows.len(), PREVIEW_ROWS);
        assert_eq!(found.rows[9], ["c9", "2024-01-10", "9"]);
        // Given as the whole file, the unfinished last line is a row.
        let whole = preview(&text.as_bytes()[..cut], true, &ReadOptions::default()).unwrap();
        assert_eq!(whole.rows_read, 16);
    }

    #[test]
    fn below_a_title_the_header_that_names_several_columns_is_shown() {
        // No row maps: the problem is about the likeliest header, which the columns name.
        let unmapped = look(b"Sales report\nwhen,how much\n2024-01-02,5\n");
        assert_eq!(unmapped.header_line, Some(2));
        assert_eq!(roles(&unmapped), [("when", None), ("how much", None)]);
        assert_eq!(unmapped.rows, [["2024-01-02", "5"]]);
        assert_eq!(unmapped.problem.unwrap().code, "missingColumn");
        // Every row blank: no header at all.
        let blank = look(b",,\n,,\n");
        assert_eq!((blank.header_line, blank.rows.len()), (None, 0));
        assert_eq!(blank.problem.unwrap().code, "emptyInput");
    }

    #[test]
    fn bad_options_and_binary_files_are_errors() {
        let options = ReadOptions {
            encoding: Some("klingon".into()),
            ..ReadOptions::default()
        };
        let error = preview(b"a,b\n", true, &options).unwrap_err();
        assert_eq!(error.code(), "invalidOptions");
        let error = preview(b"PK\x03\x04\0\0\0", true, &ReadOptions::default()).unwrap_err();
        assert_eq!(error.code(), "notText");
        // An empty file is not an error: there is nothing to preview.
        let empty = preview(b"", true, &ReadOptions::default()).unwrap();
        assert_eq!(
            (empty.columns.len(), empty.problem.map(|p| p.code)),
            (0, Some("emptyInput"))
        );
    }
}
