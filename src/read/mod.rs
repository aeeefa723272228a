//! Reading a transactions file into typed [`Transactions`], accounting for every row.

use std::collections::hash_map::Entry;
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use serde::Serialize;

use crate::columns::{ColumnMap, ColumnOverrides, ColumnsUsed, ValueColumns};
use crate::date::{DateEvidence, DateFormat};
use crate::decode::decode;
use crate::error::{Error, ErrorKind};
use crate::number::{DecimalSeparator, NumberEvidence};
use crate::quality::{RowIssue, RowLog};
use crate::Date;

/// One purchase (amount ≥ 0) or return (amount < 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transaction {
    /// Index into [`Transactions::customer_ids`].
    pub customer: u32,
    /// The day of the transaction.
    pub date: Date,
    /// Net value; negative for a return.
    pub amount: f64,
    /// Index of the order id, when the file has an order column and the row a value in it.
    pub order: Option<u32>,
}

impl Transaction {
    /// Returns (negative amounts) reduce monetary value but are not purchase occasions.
    pub fn is_purchase(&self) -> bool {
        self.amount >= 0.0
    }
}

/// The usable rows of a file, with customers numbered in order of first appearance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transactions {
    /// Customer ids as written in the file (trimmed), by customer index.
    pub customer_ids: Vec<String>,
    /// Usable rows, in file order.
    pub rows: Vec<Transaction>,
}

/// How fields are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;`
    Semicolon,
    /// A tab.
    Tab,
    /// `|`
    Pipe,
    /// Runs of spaces or tabs between unquoted fields, as in aligned text exports.
    Whitespace,
}

impl Delimiter {
    /// The delimiter's name in reports and options: `,`, `;`, `\t`, `|` or `whitespace`.
    pub fn name(self) -> &'static str {
        match self {
            Delimiter::Comma => ",",
            Delimiter::Semicolon => ";",
            Delimiter::Tab => "\t",
            Delimiter::Pipe => "|",
            Delimiter::Whitespace => "whitespace",
        }
    }

    /// The delimiter named `,`/`comma`, `;`/`semicolon`, `\t`/`tab`, `|`/`pipe` or `whitespace`.
    pub fn from_name(name: &str) -> Option<Delimiter> {
        match name {
            "," | "comma" => Some(Delimiter::Comma),
            ";" | "semicolon" => Some(Delimiter::Semicolon),
            "\t" | "\\t" | "tab" => Some(Delimiter::Tab),
            "|" | "pipe" => Some(Delimiter::Pipe),
            "whitespace" | "space" => Some(Delimiter::Whitespace),
            _ => None,
        }
    }

    fn byte(self) -> Option<u8> {
        match self {
            Delimiter::Comma => Some(b','),
            Delimiter::Semicolon => Some(b';'),
            Delimiter::Tab => Some(b'\t'),
            Delimiter::Pipe => Some(b'|'),
            Delimiter::Whitespace => None,
        }
    }
}

/// How to read the file. The default detects everything and expects a header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The text encoding, by its WHATWG label (`utf-8`, `utf-16le`, `gbk`, …). Default: a
    /// byte-order mark, else UTF-8 if the bytes are valid UTF-8, else GB18030.
    pub encoding: Option<String>,
    /// The field delimiter. Default: the most frequent of `,` `;` tab `|` in the first line,
    /// or whitespace when none of them occurs but spaces separate several fields.
    pub delimiter: Option<Delimiter>,
    /// Whether the first row names the columns. Default true.
    pub has_header: bool,
    /// Columns chosen by the user; the rest are recognised from the header.
    pub columns: ColumnOverrides,
    /// How to read `05/03/2024`. Default: decided from the data.
    pub date_format: Option<DateFormat>,
    /// The decimal separator of amounts, quantities and prices. Default: decided from the data.
    pub decimal_separator: Option<DecimalSeparator>,
    /// Skip rows identical to an earlier row. Default false: identical purchases on one day
    /// are common in real logs, so duplicates are only reported.
    pub drop_duplicates: bool,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            encoding: None,
            delimiter: None,
            has_header: true,
            columns: ColumnOverrides::default(),
            date_format: None,
            decimal_separator: None,
            drop_duplicates: false,
        }
    }
}

/// A choice the reader made about the file, how, and how many values it could not settle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormatChoice {
    /// The format used, e.g. `D/M/YYYY` or `,`.
    pub format: &'static str,
    /// `option` (given by the user), `detected` (the data settle it) or `assumed` (the data
    /// fit more than one format; see `ambiguous`).
    pub source: &'static str,
    /// Values in the column that read differently under another format.
    pub ambiguous: u64,
}

/// Rows without a customer id: not customers, but part of the revenue.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unattributed {
    /// Rows with no customer id.
    pub rows: u64,
    /// Their net revenue, where date and amount are readable.
    pub revenue: f64,
}

/// What the reader found, besides the transactions.
#[derive(Clone, Debug)]
pub(crate) struct ReadFacts {
    pub bytes: u64,
    pub encoding: &'static str,
    pub delimiter: Delimiter,
    pub header: bool,
    pub columns: ColumnsUsed,
    pub date_format: FormatChoice,
    pub decimal_separator: FormatChoice,
    pub rows_read: u64,
    pub skipped: RowLog,
    pub altered: RowLog,
    pub duplicates: RowLog,
    pub unattributed: Unattributed,
}

/// Rows looked at to choose the date format and decimal separator.
const SAMPLE_ROWS: usize = 10_000;

/// Reads a transactions file.
pub(crate) fn read_transactions(
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(Transactions, ReadFacts), Error> {
    let decoded = decode(bytes, options.encoding.as_deref())?;
    let text = decoded.text.as_ref();
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(text));
    let mut records = Records::new(text, delimiter);
    let mut record = csv::StringRecord::new();
    if records.next(&mut record)?.is_none() {
        return Err(ErrorKind::EmptyInput.into());
    }
    let fields = record.len();
    let headers: Option<Vec<String>> = options
        .has_header
        .then(|| record.iter().map(|h| h.trim().to_string()).collect());
    if headers
        .as_ref()
        .is_some_and(|h| h.iter().all(String::is_empty))
    {
        return Err(ErrorKind::EmptyInput.into());
    }
    let map = ColumnMap::resolve(headers.as_deref(), fields, &options.columns)?;

    let formats = Formats::choose(text, delimiter, options, &map)?;
    let mut rows = RowReader::new(map.clone(), &formats, options.drop_duplicates);
    // Without a header the first record is data: read it again from the start.
    let mut records = Records::new(text, delimiter);
    if options.has_header {
        records.next(&mut record)?;
    }
    while let Some(line) = records.next(&mut record)? {
        rows.read(line, &record);
    }
    if rows.rows_read == 0 {
        return Err(ErrorKind::EmptyInput.into());
    }
    let facts = ReadFacts {
        bytes: bytes.len() as u64,
        encoding: decoded.encoding,
        delimiter,
        header: options.has_header,
        columns: map.describe(headers.as_deref()),
        date_format: FormatChoice {
            ambiguous: rows.ambiguous_dates,
            ..formats.date_choice
        },
        decimal_separator: FormatChoice {
            ambiguous: rows.ambiguous_numbers,
            ..formats.decimal_choice
        },
        rows_read: rows.rows_read,
        skipped: rows.skipped,
        altered: rows.altered,
        duplicates: rows.duplicates,
        unattributed: rows.unattributed,
    };
    Ok((rows.transactions, facts))
}

fn csv_error(error: csv::Error) -> Error {
    let line = error.position().map_or(0, csv::Position::line);
    ErrorKind::Csv {
        line,
        message: error.to_string(),
    }
    .into()
}

/// The delimiter used most in the first line among comma, semicolon, tab and pipe, or
/// whitespace when none occurs and spaces separate several fields.
fn detect_delimiter(text: &str) -> Delimiter {
    let first_line = text.lines().next().unwrap_or_default();
    let count = |delimiter: u8| first_line.bytes().filter(|&b| b == delimiter).count();
    let candidates = [
        Delimiter::Comma,
        Delimiter::Semicolon,
        Delimiter::Tab,
        Delimiter::Pipe,
    ];
    // `min_by_key` keeps the first of equal keys, so ties go to comma.
    let most_used = candidates
        .into_iter()
        .min_by_key(|delimiter| std::cmp::Reverse(delimiter.byte().map_or(0, count)))
        .unwrap_or(Delimiter::Comma);
    let used = most_used.byte().is_some_and(|byte| count(byte) > 0);
    if !used && first_line.split_whitespace().nth(1).is_some() {
        Delimiter::Whitespace
    } else {
        most_used
    }
}

/// The records of the file, whichever way its fields are separated.
enum Records<'a> {
    Csv(csv::Reader<&'a [u8]>),
    Whitespace(std::iter::Enumerate<std::str::Lines<'a>>),
}

impl<'a> Records<'a> {
    fn new(text: &'a str, delimiter: Delimiter) -> Records<'a> {
        match delimiter.byte() {
            Some(byte) => Records::Csv(
                csv::ReaderBuilder::new()
                    .delimiter(byte)
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(text.as_bytes()),
            ),
            None => Records::Whitespace(text.lines().enumerate()),
        }
    }

    /// Reads the next non-empty record into `record`, returning its 1-based line number.
    fn next(&mut self, record: &mut csv::StringRecord) -> Result<Option<u64>, Error> {
        match self {
            Records::Csv(reader) => {
                if !reader.read_record(record).map_err(csv_error)? {
                    return Ok(None);
                }
                Ok(Some(record.position().map_or(0, csv::Position::line)))
            }
            Records::Whitespace(lines) => {
                for (index, line) in lines.by_ref() {
                    if !line.trim().is_empty() {
                        record.clear();
                        line.split_whitespace()
                            .for_each(|field| record.push_field(field));
                        return Ok(Some(index as u64 + 1));
                    }
                }
                Ok(None)
            }
        }
    }
}

/// The date format and decimal separator chosen for the file.
struct Formats {
    date: DateFormat,
    date_choice: FormatChoice,
    decimal: DecimalSeparator,
    decimal_choice: FormatChoice,
}

impl Formats {
    /// Takes the user's choices, and decides the rest from the first [`SAMPLE_ROWS`] rows.
    fn choose(
        text: &str,
        delimiter: Delimiter,
        options: &ReadOptions,
        map: &ColumnMap,
    ) -> Result<Formats, Error> {
        let mut dates = [0u64; 3]; // day first, month first, either
        let mut numbers = [0u64; 2]; // point, comma
        let mut records = Records::new(text, delimiter);
        let mut record = csv::StringRecord::new();
        if options.has_header {
            records.next(&mut record)?;
        }
        let number_columns = match map.value {
            ValueColumns::Amount(amount) => [Some(amount), None],
            ValueColumns::QuantityTimesPrice { quantity, price } => [Some(quantity), Some(price)],
        };
        for _ in 0..SAMPLE_ROWS {
            if records.next(&mut record)?.is_none() {
                break;
            }
            match record.get(map.date).map(DateFormat::evidence) {
                Some(DateEvidence::DayFirst) => dates[0] += 1,
                Some(DateEvidence::MonthFirst) => dates[1] += 1,
                Some(DateEvidence::Either) => dates[2] += 1,
                _ => {}
            }
            for column in number_columns.into_iter().flatten() {
                match record.get(column).map(DecimalSeparator::evidence) {
                    Some(NumberEvidence::Point) => numbers[0] += 1,
                    Some(NumberEvidence::Comma) => numbers[1] += 1,
                    _ => {}
                }
            }
        }
        let choice = |format: &'static str, source| FormatChoice {
            format,
            source,
            ambiguous: 0,
        };
        let (date, date_source) = match options.date_format {
            Some(format) => (format, "option"),
            None => match dates {
                [0, 0, 0] => (DateFormat::YearMonthDay, "detected"),
                [day_first, month_first, _] if day_first > 0 || month_first > 0 => {
                    // Rows that contradict the majority are skipped as invalid dates, with
                    // the format named in the message, rather than read the other way.
                    let format = if month_first > day_first {
                        DateFormat::MonthDayYear
                    } else {
                        DateFormat::DayMonthYear
                    };
                    (format, "detected")
                }
                _ => (DateFormat::DayMonthYear, "assumed"),
            },
        };
        let (decimal, decimal_source) = match options.decimal_separator {
            Some(separator) => (separator, "option"),
            None if numbers[1] > numbers[0] => (DecimalSeparator::Comma, "detected"),
            None => (DecimalSeparator::Point, "detected"),
        };
        Ok(Formats {
            date,
            date_choice: choice(date.name(), date_source),
            decimal,
            decimal_choice: choice(decimal.name(), decimal_source),
        })
    }
}

/// Turns records into transactions, interning customer and order ids.
struct RowReader {
    map: ColumnMap,
    date_format: DateFormat,
    decimal: DecimalSeparator,
    drop_duplicates: bool,
    transactions: Transactions,
    customers: FxHashMap<String, u32>,
    orders: FxHashMap<String, u32>,
    /// First line of each distinct row, keyed by customer, day and a hash of every field:
    /// identical rows share all three, and a hash collision would also need the same
    /// customer and day.
    seen: FxHashMap<(u32, Date, u64), u64>,
    rows_read: u64,
    ambiguous_dates: u64,
    ambiguous_numbers: u64,
    skipped: RowLog,
    altered: RowLog,
    duplicates: RowLog,
    unattributed: Unattributed,
}

impl RowReader {
    fn new(map: ColumnMap, formats: &Formats, drop_duplicates: bool) -> RowReader {
        RowReader {
            map,
            date_format: formats.date,
            decimal: formats.decimal,
            drop_duplicates,
            transactions: Transactions::default(),
            customers: FxHashMap::default(),
            orders: FxHashMap::default(),
            seen: FxHashMap::default(),
            rows_read: 0,
            ambiguous_dates: 0,
            ambiguous_numbers: 0,
            skipped: RowLog::default(),
            altered: RowLog::default(),
            duplicates: RowLog::default(),
            unattributed: Unattributed::default(),
        }
    }

    fn read(&mut self, line: u64, record: &csv::StringRecord) {
        self.rows_read += 1;
        match self.parse(line, record) {
            Ok(Some(transaction)) => self.transactions.rows.push(transaction),
            Ok(None) => {}
            Err(issue) => self.skipped.push(line, issue),
        }
    }

    /// The row's transaction; `None` for a row without a customer, which is counted apart.
    fn parse(
        &mut self,
        line: u64,
        record: &csv::StringRecord,
    ) -> Result<Option<Transaction>, RowIssue> {
        if record.iter().all(|field| field.trim().is_empty()) {
            return Err(RowIssue::BlankRow);
        }
        let needed = self.map.min_fields();
        if record.len() < needed {
            return Err(RowIssue::TooFewFields {
                found: record.len(),
                needed,
            });
        }
        let field = |index: usize| record[index].trim();
        let date_text = field(self.map.date);
        let date = match (date_text.is_empty(), self.date_format.parse(date_text)) {
            (true, _) => Err(RowIssue::MissingDate),
            (false, Some(date)) => Ok(date),
            (false, None) => Err(RowIssue::InvalidDate {
                text: date_text.to_string(),
                format: self.date_format.name(),
            }),
        };
        let mut amount = self.amount(record);
        let customer_id = field(self.map.customer);
        if customer_id.is_empty() {
            self.unattributed.rows += 1;
            if let (Ok(_), Ok(amount)) = (&date, &amount) {
                self.unattributed.revenue += amount;
            }
            return Err(RowIssue::MissingCustomer);
        }
        let date = date?;
        // Year-first columns have no ambiguous dates: skip the second look.
        let either_way = self.date_format != DateFormat::YearMonthDay
            && DateFormat::evidence(date_text) == DateEvidence::Either;
        if either_way {
            self.ambiguous_dates += 1;
        }
        let order_text = self.map.order.map(field).filter(|order| !order.is_empty());
        if let (Ok(value), Some(order)) = (&mut amount, order_text) {
            if *value > 0.0 && is_cancellation(order) {
                *value = -*value;
                self.altered.push(
                    line,
                    RowIssue::CancellationAsReturn {
                        order: order.to_string(),
                    },
                );
            }
        }
        let amount = amount?;
        let customer = intern(&mut self.customers, customer_id);
        if customer as usize == self.transactions.customer_ids.len() {
            self.transactions.customer_ids.push(customer_id.to_string());
        }
        match self.seen.entry((customer, date, hash_fields(record))) {
            Entry::Occupied(first) => {
                let issue = RowIssue::DuplicateRow {
                    first_line: *first.get(),
                };
                if self.drop_duplicates {
                    return Err(issue);
                }
                self.duplicates.push(line, issue);
            }
            Entry::Vacant(slot) => {
                slot.insert(line);
            }
        }
        let order = order_text.map(|order| intern(&mut self.orders, order));
        Ok(Some(Transaction {
            customer,
            date,
            amount,
            order,
        }))
    }

    /// The row's value: the amount, or quantity × unit price.
    fn amount(&mut self, record: &csv::StringRecord) -> Result<f64, RowIssue> {
        let mut number = |index: usize, name: &'static str| {
            let text = record[index].trim();
            if DecimalSeparator::evidence(text) == NumberEvidence::Either {
                self.ambiguous_numbers += 1;
            }
            self.decimal
                .parse(text)
                .ok_or_else(|| RowIssue::InvalidNumber {
                    field: name,
                    text: text.to_string(),
                })
        };
        match self.map.value {
            ValueColumns::Amount(amount) => number(amount, "amount"),
            ValueColumns::QuantityTimesPrice { quantity, price } => {
                Ok(number(quantity, "quantity")? * number(price, "unit price")?)
            }
        }
    }
}

/// Cancellation invoices, as in the UCI Online Retail export: `C` and then digits.
fn is_cancellation(order: &str) -> bool {
    order
        .strip_prefix(['C', 'c'])
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}

fn hash_fields(record: &csv::StringRecord) -> u64 {
    let mut hasher = FxHasher::default();
    for field in record {
        // The length keeps ("ab", "c") apart from ("a", "bc").
        hasher.write_usize(field.len());
        hasher.write(field.as_bytes());
    }
    hasher.finish()
}

/// The index of `key`, giving new keys the next index.
fn intern(indices: &mut FxHashMap<String, u32>, key: &str) -> u32 {
    if let Some(&index) = indices.get(key) {
        return index;
    }
    let index = indices.len() as u32;
    indices.insert(key.to_string(), index);
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::ColumnRef;

    fn read_with(text: &str, options: &ReadOptions) -> (Transactions, ReadFacts) {
        read_transactions(text.as_bytes(), options).unwrap()
    }

    fn read(text: &str) -> (Transactions, ReadFacts) {
        read_with(text, &ReadOptions::default())
    }

    fn messages(log: &RowLog) -> Vec<String> {
        log.groups()
            .iter()
            .flat_map(|g| {
                g.examples
                    .iter()
                    .map(move |e| format!("{}: {}", g.reason, e.message))
            })
            .collect()
    }

    #[test]
    fn reads_rows_and_numbers_customers_by_first_appearance() {
        let (transactions, facts) =
            read("customer,date,amount\nb,2024-01-02,10\na,2024-01-03,5.5\nb,2024-01-04,-2\n");
        assert_eq!(transactions.customer_ids, ["b", "a"]);
        let customers: Vec<u32> = transactions.rows.iter().map(|t| t.customer).collect();
        assert_eq!(customers, [0, 1, 0]);
        assert_eq!(transactions.rows[2].amount, -2.0);
        assert!(!transactions.rows[2].is_purchase());
        assert_eq!((facts.rows_read, facts.skipped.total()), (3, 0));
        assert_eq!(
            (facts.delimiter, facts.encoding),
            (Delimiter::Comma, "UTF-8")
        );
        assert_eq!(facts.date_format.format, "YYYY-MM-DD");
    }

    #[test]
    fn quantity_times_price_with_a_decimal_comma() {
        let (transactions, facts) = read(
            "InvoiceNo;CustomerID;InvoiceDate;Quantity;UnitPrice\n\
             536365;17850;01/12/2010 08:26;6;2,55\n",
        );
        assert_eq!(facts.delimiter, Delimiter::Semicolon);
        assert_eq!(
            (
                facts.decimal_separator.format,
                facts.decimal_separator.source
            ),
            (",", "detected")
        );
        assert!((transactions.rows[0].amount - 15.3).abs() < 1e-9);
        // 01/12/2010 reads both ways and nothing else in the file decides: assumed day first.
        assert_eq!(
            (facts.date_format.format, facts.date_format.source),
            ("D/M/YYYY", "assumed")
        );
        assert_eq!(facts.date_format.ambiguous, 1);
        assert_eq!(transactions.rows[0].date.to_string(), "2010-12-01");
    }

    #[test]
    fn month_first_dates_are_detected_and_contradictions_skipped() {
        let text = "customer,date,amount\na,12/31/2023,1\nb,01/15/2024,2\nc,02/03/2024,3\nd,25/02/2024,4\n";
        let (transactions, facts) = read(text);
        assert_eq!(
            (facts.date_format.format, facts.date_format.source),
            ("M/D/YYYY", "detected")
        );
        assert_eq!(transactions.rows[2].date.to_string(), "2024-02-03");
        assert_eq!(facts.date_format.ambiguous, 1);
        assert_eq!(
            messages(&facts.skipped),
            ["invalidDate: line 5: date '25/02/2024' is not a valid date (the column is read as M/D/YYYY)"]
        );
    }

    #[test]
    fn every_bad_row_is_counted_with_its_line() {
        let text = "customer\tdate\tamount\n\
                    a\t2024-01-01\t1\n\
                    \t2024-01-01\t1\n\
                    c\t2024-02-30\t1\n\
                    d\t\t1\n\
                    e\t2024-01-01\tabc\n\
                    f\t2024-01-01\n\
                    \t\t\n\
                    g\t2024-01-01\t\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.rows.len(), 1);
        assert_eq!(facts.rows_read, 8);
        assert_eq!(
            messages(&facts.skipped),
            [
                "missingCustomer: line 3: the customer id is empty",
                "invalidDate: line 4: date '2024-02-30' is not a valid date (the column is read as YYYY-MM-DD)",
                "missingDate: line 5: the date is empty",
                "invalidNumber: line 6: amount 'abc' is not a number",
                "invalidNumber: line 9: the amount is empty",
                "tooFewFields: line 7: the row has 2 fields, the columns need 3",
                "blankRow: line 8: the row is empty",
            ]
        );
        assert_eq!(
            facts.unattributed,
            Unattributed {
                rows: 1,
                revenue: 1.0
            }
        );
    }

    #[test]
    fn quoted_fields_keep_delimiters_and_line_breaks() {
        let text = "customer,date,amount\n\"Smith, J\",2024-01-01,\"1,200.00\"\n\"multi\nline\",2024-01-02,3\nx,bad,1\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.customer_ids, ["Smith, J", "multi\nline"]);
        assert_eq!(transactions.rows[0].amount, 1200.0);
        // The quoted line break moves the last row to line 5.
        assert_eq!(
            facts.skipped.first_problem(),
            Some("line 5: date 'bad' is not a valid date (the column is read as YYYY-MM-DD)")
        );
    }

    #[test]
    fn headerless_whitespace_aligned_file_with_positions() {
        let text = " 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n\n 00021 0002 19970101  3   63.34\n";
        let mut options = ReadOptions {
            has_header: false,
            ..ReadOptions::default()
        };
        for (role, position) in [("customer", 2), ("date", 3), ("amount", 5)] {
            options
                .columns
                .set(role, ColumnRef::Position(position))
                .unwrap();
        }
        let (transactions, facts) = read_with(text, &options);
        assert_eq!(facts.delimiter, Delimiter::Whitespace);
        assert_eq!(transactions.customer_ids, ["0001", "0002"]);
        assert_eq!(transactions.rows.len(), 3);
        assert_eq!(facts.rows_read, 3);
        assert_eq!(facts.columns.customer, "column 2");
    }

    #[test]
    fn duplicates_are_reported_and_kept_unless_dropped() {
        let text = "customer,date,amount\na,2024-01-01,5\na,2024-01-01,5\nb,2024-01-01,5\na,2024-01-01,5\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.rows.len(), 4);
        assert_eq!(
            messages(&facts.duplicates),
            [
                "duplicateRow: line 3: repeats line 2 exactly",
                "duplicateRow: line 5: repeats line 2 exactly"
            ]
        );
        let dropping = ReadOptions {
            drop_duplicates: true,
            ..ReadOptions::default()
        };
        let (transactions, facts) = read_with(text, &dropping);
        assert_eq!(transactions.rows.len(), 2);
        assert_eq!(facts.skipped.total(), 2);
        assert_eq!(facts.duplicates.total(), 0);
    }

    #[test]
    fn cancellation_invoices_are_returns() {
        let text = "InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n\
                    536365,1,2010-12-01,2,5.00\nC536379,1,2010-12-02,-1,5.00\nC536380,1,2010-12-03,1,5.00\n";
        let (transactions, facts) = read(text);
        let amounts: Vec<f64> = transactions.rows.iter().map(|t| t.amount).collect();
        assert_eq!(amounts, [10.0, -5.0, -5.0]);
        assert_eq!(
            messages(&facts.altered),
            ["cancellationAsReturn: line 4: cancellation C536380 has a positive amount; counted as a return"]
        );
        assert!(is_cancellation("C1") && !is_cancellation("CA1") && !is_cancellation("C"));
    }

    #[test]
    fn header_only_and_empty_files_are_errors() {
        for text in ["", "\n\n", "customer,date,amount\n"] {
            let error = read_transactions(text.as_bytes(), &ReadOptions::default()).unwrap_err();
            assert_eq!(error.code(), "emptyInput", "{text:?}");
        }
    }

    #[test]
    fn a_data_row_where_the_header_should_be_is_explained() {
        let error = read_transactions(b"1,2024-01-01,5\n2,2024-01-02,6\n", &ReadOptions::default())
            .unwrap_err();
        assert!(
            error.to_string().contains("the first row looks like data"),
            "{error}"
        );
    }

    #[test]
    fn delimiter_detection() {
        let cases = [
            ("a,b;c,d", Delimiter::Comma),
            ("a;b;c", Delimiter::Semicolon),
            ("a\tb\tc", Delimiter::Tab),
            ("a|b|c", Delimiter::Pipe),
            (" 00004 0001 19970101  2   29.33", Delimiter::Whitespace),
            ("customer id", Delimiter::Whitespace),
            ("single", Delimiter::Comma),
        ];
        for (line, expected) in cases {
            assert_eq!(detect_delimiter(line), expected, "{line:?}");
        }
    }

    #[test]
    fn options_override_detection() {
        let text = "customer;date;amount\na;03/04/2024;1,5\n";
        let options = ReadOptions {
            date_format: Some(DateFormat::MonthDayYear),
            decimal_separator: Some(DecimalSeparator::Comma),
            ..ReadOptions::default()
        };
        let (transactions, facts) = read_with(text, &options);
        assert_eq!(transactions.rows[0].date.to_string(), "2024-03-04");
        assert_eq!(transactions.rows[0].amount, 1.5);
        assert_eq!(
            (facts.date_format.source, facts.decimal_separator.source),
            ("option", "option")
        );
    }
}
