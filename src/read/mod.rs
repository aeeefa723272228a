//! Reading a transactions file into typed [`Transactions`], accounting for every row, from
//! bytes that may arrive in pieces.

mod address;
mod blocks;
mod currency;
mod customer_rows;
mod duplicates;
mod formats;
mod halves;
mod header;
mod masked;
pub(crate) mod outliers;
mod payments;
mod preview;
mod records;
mod row_width;
mod rows;
mod status;

use serde::Serialize;

use crate::aggregated::{CustomerRecord, Limitation};
use crate::columns::{ColumnOverrides, FileColumns, InputColumns, InputKind, Role};
use crate::date::DateFormat;
use crate::decode::{TextDecoder, Unreadable};
use crate::error::{Error, ErrorKind};
use crate::number::DecimalSeparator;
use crate::quality::{checked_amount, Lines, RowIssue, RowLog};
use crate::text::Texts;
use crate::Date;
use currency::CurrencyCounts;
use customer_rows::CustomerRowReader;
pub(crate) use duplicates::Fingerprints;
pub(crate) use formats::DateVotes;
use formats::{leave_date_order_open, settles_date_order, Formats};
use header::{Header, HeaderRow, HeaderSearch};
pub(crate) use masked::masked_ids;
pub use preview::{preview, Preview, PreviewColumn, PreviewProblem, PREVIEW_BYTES, PREVIEW_ROWS};
pub(crate) use records::Record;
use records::{OwnedRecord, RecordSplitter};
use row_width::RowWidth;
use rows::RowReader;
pub(crate) use rows::{check_shape, customer_key, remove};

/// One purchase (amount ≥ 0) or return (amount < 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transaction {
    /// Index into [`Transactions::customer_ids`].
    pub customer: u32,
    /// The day of the transaction.
    pub date: Date,
    /// Net value; negative for a return.
    pub amount: f64,
    /// The order id, when the file has an order column and the row a value in it.
    pub order: Option<OrderKey>,
}

impl Transaction {
    /// Returns (negative amounts) reduce monetary value but are not purchase occasions.
    pub fn is_purchase(&self) -> bool {
        self.amount >= 0.0
    }
}

/// An order id as a 64-bit fingerprint: equal ids have equal keys.
///
/// Orders are only ever compared within one customer's rows, where two different ids share a
/// key with probability 2⁻⁶⁴. A key costs no lookup, where numbering every distinct order id
/// of a big file takes a table with an entry per order.
///
/// ```
/// use custval::OrderKey;
///
/// assert_eq!(OrderKey::of("536365"), OrderKey::of("536365"));
/// assert_ne!(OrderKey::of("536365"), OrderKey::of("536366"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderKey(std::num::NonZeroU64);

impl OrderKey {
    /// The key of an order id.
    pub fn of(id: &str) -> OrderKey {
        let hash = xxhash_rust::xxh3::xxh3_64(id.as_bytes());
        // Zero is spared so that `Option<OrderKey>` takes no more room than the key.
        OrderKey(std::num::NonZeroU64::new(hash).unwrap_or(std::num::NonZeroU64::MIN))
    }

    /// The key as a number.
    pub fn get(self) -> u64 {
        self.0.get()
    }
}

/// The usable rows of a file, with customers numbered in order of first appearance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transactions {
    /// Customer ids as written in the file (trimmed), by customer index.
    pub customer_ids: Vec<String>,
    /// Usable rows, in file order.
    pub rows: Vec<Transaction>,
    /// What each row cost the seller, parallel to `rows` when the file has a cost column and
    /// empty otherwise: `None` where the cost is blank, negative for a return, like the
    /// amount. Apart from the rows, which most files give no cost, so that a row takes 24
    /// bytes.
    pub costs: Vec<Option<f64>>,
    /// The file's descriptive columns (region, channel, category, customer type),
    /// each with a value per row.
    pub attributes: Vec<AttributeColumn>,
}

impl Transactions {
    /// Each row's cost, in the rows' order, for zipping with `rows`: `None` for every row of a
    /// file without costs, which keeps none.
    pub(crate) fn row_costs(&self) -> impl Iterator<Item = Option<f64>> + '_ {
        self.costs.iter().copied().chain(std::iter::repeat(None))
    }
}

/// A descriptive column's values, numbered in order of first appearance.
#[derive(Clone, Debug, PartialEq)]
pub struct AttributeColumn {
    /// One of [`Role::ATTRIBUTES`](crate::Role::ATTRIBUTES).
    pub role: Role,
    /// The distinct values as written (trimmed), by value index.
    pub values: Vec<String>,
    /// Each row's value, parallel to [`Transactions::rows`]; `None` where the field is blank.
    pub by_row: Vec<Option<ValueIndex>>,
}

/// A row's value in an [`AttributeColumn`]: an index into its `values`, held as the index
/// plus one, so that with `Option` around it a row takes 4 bytes per column rather than 8.
///
/// ```
/// use custval::ValueIndex;
///
/// let value = ValueIndex::new(2).unwrap();
/// assert_eq!(value.get(), 2);
/// assert_eq!(std::mem::size_of::<Option<ValueIndex>>(), 4);
/// assert_eq!(ValueIndex::new(u32::MAX), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueIndex(std::num::NonZeroU32);

impl ValueIndex {
    /// The value at `index`; `None` for `u32::MAX`, one past the most a column can number.
    pub fn new(index: u32) -> Option<ValueIndex> {
        index
            .checked_add(1)
            .and_then(std::num::NonZeroU32::new)
            .map(ValueIndex)
    }

    /// The index into the column's `values`.
    pub fn get(self) -> u32 {
        self.0.get() - 1
    }
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

    pub(crate) fn byte(self) -> Option<u8> {
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
    /// byte-order mark, else UTF-8 if the bytes are valid UTF-8, else a single-byte code page
    /// (Windows-1252, …) if the text reads as one, else Big5, Shift_JIS or EUC-KR if the header
    /// reads only so, else GB18030.
    pub encoding: Option<String>,
    /// The field delimiter. Default: the one of `,` `;` tab `|` that splits most of the first
    /// lines into the same number of fields, or whitespace when none of them occurs but spaces
    /// separate several fields.
    pub delimiter: Option<Delimiter>,
    /// Whether the file has a header row naming the columns. Default true: the header is the
    /// first of the first thirty rows whose names can be mapped and that names two columns or
    /// more (or every column it has), and lines above it (a report's title, say) are reported
    /// as skipped.
    pub has_header: bool,
    /// Whether the file has one row per transaction or per customer. Default: decided from
    /// the header.
    pub kind: InputKind,
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
            kind: InputKind::Auto,
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
    /// `option` (given by the user), `detected` (the data settle it: for a date, its column,
    /// or where each of its dates fits both orders, another column of dates) or `assumed` (the
    /// data fit more than one format; see `ambiguous`).
    pub source: &'static str,
    /// Values in the column that read differently under another format.
    pub ambiguous: u64,
}

/// Rows without a customer id: not customers, but part of the revenue.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unattributed {
    /// Rows with no customer id whose revenue `revenue` is: with an analysis date given, those
    /// dated after it are left out, as they are of `revenue` (all are in `skipped`).
    pub rows: u64,
    /// Their net revenue, where the amount (and in a transactions file the date) is readable;
    /// with an analysis date given (`asOf`), of the rows up to it, as for customers (in a
    /// customer file, by the last purchase date; a row without one always counts).
    pub revenue: f64,
}

impl Unattributed {
    /// These rows with the revenue of the dated `sales` among them added: those up to `as_of`
    /// when it is given, the others no longer counted. Without it the analysis date is the
    /// customers' latest, and rows without a customer dated after it are still the file's
    /// revenue.
    pub(crate) fn with_sales_until(
        self,
        sales: &[(Date, f64)],
        as_of: Option<Date>,
    ) -> Unattributed {
        let until = |date: &Date| as_of.is_none_or(|as_of| *date <= as_of);
        let later = sales.iter().filter(|(date, _)| !until(date)).count();
        let revenue: f64 = (sales.iter().filter(|(date, _)| until(date)))
            .map(|(_, amount)| amount)
            .sum();
        Unattributed {
            rows: self.rows - later as u64,
            revenue: self.revenue + revenue,
        }
    }
}

/// What a file holds: transactions, or customers aggregated elsewhere.
pub(crate) enum Ingested {
    Transactions(Transactions),
    Customers {
        records: Vec<CustomerRecord>,
        /// The day the file's recency beside its last purchase dates was counted at: its
        /// default analysis date.
        recency_counted_at: Option<Date>,
    },
}

impl Ingested {
    /// Why no customer can be scored from these rows whatever the analysis date: not one is
    /// usable, or every one is a return. The analysis stops with this error; a preview shows
    /// it before.
    pub(crate) fn unusable(&self, facts: &ReadFacts) -> Option<Error> {
        match self {
            Ingested::Transactions(t) if t.rows.is_empty() => Some(facts.no_usable_rows()),
            Ingested::Customers { records, .. } if records.is_empty() => {
                Some(facts.no_usable_rows())
            }
            Ingested::Transactions(t) if !t.rows.iter().any(Transaction::is_purchase) => {
                Some(only_returns(facts.rows_read))
            }
            _ => None,
        }
    }
}

/// The error of a file whose rows up to the analysis date are all returns.
pub(crate) fn only_returns(rows_read: u64) -> Error {
    ErrorKind::NoUsableRows {
        rows_read,
        first_problem: Some(Texts::new(
            "every row up to the analysis date is a return (a negative amount), so no customer has a purchase to score",
            "分析日期之前的每一行都是退货（金额为负），因此没有客户有可评分的购买",
        )),
    }
    .into()
}

/// What the reader found, besides the rows.
#[derive(Clone, Debug)]
pub(crate) struct ReadFacts {
    pub bytes: u64,
    pub encoding: &'static str,
    pub delimiter: Delimiter,
    pub header_line: Option<u64>,
    pub columns: InputColumns,
    /// The columns' roles as read: the region's may differ from the header's (see
    /// [`ColumnMap::settle_region`](crate::columns::ColumnMap::settle_region)).
    pub roles: Vec<(Role, usize)>,
    pub date_format: FormatChoice,
    pub decimal_separator: FormatChoice,
    pub rows_read: u64,
    pub skipped: RowLog,
    pub altered: RowLog,
    pub duplicates: RowLog,
    pub unattributed: Unattributed,
    /// The date and amount of the rows without a customer id in a transactions file, whose
    /// revenue waits for the analysis date.
    pub unattributed_sales: Vec<(Date, f64)>,
    pub currencies: CurrencyCounts,
    /// What the report says about characters the decoder could not read.
    /// What the reading says about the file as a whole: characters the decoder could not read
    /// (`unreadableCharacters`), a header row that looks like data (`headerLooksLikeData`).
    pub limitations: Vec<Limitation>,
}

impl ReadFacts {
    /// The error of a file without a usable row: how many were read, and why the first was
    /// skipped.
    pub(crate) fn no_usable_rows(&self) -> Error {
        ErrorKind::NoUsableRows {
            rows_read: self.rows_read,
            first_problem: self.skipped.first_problem().cloned(),
        }
        .into()
    }
}

/// Rows looked at to choose the date format and decimal separator, and the rows' width.
pub(crate) const SAMPLE_ROWS: usize = 10_000;

/// Rows looked at, at most, for a date that tells day first from month first when none of the
/// first [`SAMPLE_ROWS`] does: a file sorted by date may start with weeks of days up to the
/// 12th. The rows are kept until then, about 10 MB for this many.
const DATE_SAMPLE_ROWS: usize = 100_000;

/// The money amount in `text`, named `field` in a row's issue, counting in `ambiguous` a text
/// that the other decimal separator would read otherwise. Inlined: every row of a file reads
/// its amount (or its quantity and unit price) so.
#[inline(always)]
fn read_amount(
    decimal: DecimalSeparator,
    ambiguous: &mut u64,
    field: &'static str,
    text: &str,
) -> Result<f64, RowIssue> {
    let (value, is_ambiguous) = decimal.parse_amount_noting_ambiguity(text);
    *ambiguous += u64::from(is_ambiguous);
    checked_amount(field, text, value)
}

/// Reads a whole transactions file at once.
#[cfg(test)]
fn read_transactions(
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(Transactions, ReadFacts), Error> {
    let mut ingest = Ingest::new(options.clone())?;
    ingest.push(bytes)?;
    finish_transactions(ingest)
}

/// Finishes reading a file the test knows to be transactions.
#[cfg(test)]
fn finish_transactions(ingest: Ingest) -> Result<(Transactions, ReadFacts), Error> {
    match ingest.finish()? {
        (Ingested::Transactions(transactions), facts) => Ok((transactions, facts)),
        (Ingested::Customers { .. }, _) => {
            panic!("a customer file where transactions were expected")
        }
    }
}

/// Reads a whole file the test knows to be a customer file, with the default options.
#[cfg(test)]
fn read_customer_file(text: &str) -> (Vec<CustomerRecord>, ReadFacts) {
    let mut ingest = Ingest::new(ReadOptions::default()).unwrap();
    ingest.push(text.as_bytes()).unwrap();
    match ingest.finish().unwrap() {
        (Ingested::Customers { records, .. }, facts) => (records, facts),
        (Ingested::Transactions(_), _) => panic!("transactions where a customer file was expected"),
    }
}

/// Reads a transactions file that arrives in pieces of any size, so that a large file never
/// has to be in memory whole: only the first rows are kept while the reader decides how to
/// read dates and numbers, and after that each row becomes a 24-byte transaction.
pub(crate) struct Ingest {
    options: ReadOptions,
    decoder: TextDecoder,
    bytes: u64,
    /// The file's size, when told, until room for its rows has been taken.
    expected_bytes: Option<u64>,
    /// The analysis date, when given, that a customer file's recency in days counts back from.
    as_of: Option<Date>,
    /// Decoded text not yet split: before the delimiter is known, the start of the file.
    text: String,
    /// Whether `text` holds characters the decoder could not read, not yet noted.
    unread_in_text: bool,
    unreadable: Unreadable,
    splitter: Option<RecordSplitter>,
    stage: Stage,
}

/// Where the reader is in the file.
enum Stage {
    /// Looking for the header, or waiting for the first data row of a file without one.
    First(HeaderSearch),
    /// Keeping the first rows until the formats can be chosen.
    Sampling {
        header: Option<Header>,
        map: Box<FileColumns>,
        rows: Vec<(u64, OwnedRecord)>,
        /// The date columns, once the first rows have left the order of day and month open:
        /// the rows are kept until one of them settles it.
        open_dates: Option<Vec<usize>>,
    },
    /// Reading rows.
    Rows {
        header: Option<Header>,
        formats: Box<Formats>,
        width: RowWidth,
        rows: Rows,
    },
}

/// The reader of a file's kind of rows.
enum Rows {
    Transactions(Box<RowReader>),
    Customers(Box<CustomerRowReader>),
}

/// A reader of a table's rows, each with its 1-based line.
pub(crate) trait TableRows {
    /// Looks at the first data rows before any is read, to settle how to read them; an error
    /// stops the reading.
    fn look_ahead<'a>(&mut self, _sample: impl Iterator<Item = Record<'a>>) -> Result<(), Error> {
        Ok(())
    }
    /// Reads a data row.
    fn read(&mut self, line: u64, record: Record<'_>);
    /// Accounts for a row that is not read as data, such as a title above the header.
    fn skip(&mut self, lines: Lines, issue: RowIssue);
}

impl TableRows for Rows {
    fn read(&mut self, line: u64, record: Record<'_>) {
        match self {
            Rows::Transactions(rows) => rows.read(line, record),
            Rows::Customers(rows) => rows.read(line, record),
        }
    }

    fn skip(&mut self, lines: Lines, issue: RowIssue) {
        match self {
            Rows::Transactions(rows) => rows.skip(lines, issue),
            Rows::Customers(rows) => {
                rows.rows_read += 1;
                rows.skipped.push(lines, issue);
            }
        }
    }
}

impl Rows {
    fn new(
        map: FileColumns,
        formats: &Formats,
        options: &ReadOptions,
        header: Option<HeaderRow>,
    ) -> Rows {
        match map {
            FileColumns::Transactions(map) => Rows::Transactions(Box::new(RowReader::new(
                map,
                formats,
                options.delimiter.unwrap_or(Delimiter::Comma),
                options.drop_duplicates,
                header,
            ))),
            FileColumns::Customers(map) => {
                Rows::Customers(Box::new(CustomerRowReader::new(map, formats, header)))
            }
        }
    }

    fn rows_read(&self) -> u64 {
        match self {
            Rows::Transactions(rows) => rows.rows_read,
            Rows::Customers(rows) => rows.rows_read,
        }
    }

    /// Takes room for `total` rows in all, the rows read included.
    fn reserve(&mut self, total: usize) {
        match self {
            Rows::Transactions(rows) => rows.reserve(total),
            Rows::Customers(rows) => {
                let additional = total.saturating_sub(rows.records.len());
                // Room the allocator cannot give is simply not taken in advance.
                let _ = rows.records.try_reserve_exact(additional);
            }
        }
    }
}

impl Ingest {
    /// A reader with the given options; fails only on an unknown encoding label or columns
    /// chosen that cannot all be read (which a preview shows as its problem, for the mapping
    /// to be changed).
    pub fn new(options: ReadOptions) -> Result<Ingest, Error> {
        options.columns.check()?;
        Ok(Ingest {
            decoder: TextDecoder::new(options.encoding.as_deref())?,
            options,
            bytes: 0,
            expected_bytes: None,
            as_of: None,
            text: String::new(),
            unread_in_text: false,
            unreadable: Unreadable::default(),
            splitter: None,
            stage: Stage::First(HeaderSearch::default()),
        })
    }

    /// Tells the reader the analysis date, if given: a customer file's row whose recency in
    /// days puts the last purchase before the first is then skipped, as a row with both dates
    /// is.
    pub fn with_as_of(self, as_of: Option<Date>) -> Ingest {
        Ingest { as_of, ..self }
    }

    /// Tells the reader the file's size, so that it takes room for all the rows at once, as
    /// soon as the first rows show how long a row is. Otherwise the rows grow by doubling,
    /// which for a moment holds the old rows beside twice their room: gigabytes for a 1 GB
    /// file. A wrong size costs memory or time, never a result.
    pub fn expect_bytes(&mut self, total: u64) {
        self.expected_bytes = Some(total);
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Data rows read so far (rows still kept for choosing the formats included).
    pub fn rows_read(&self) -> u64 {
        match &self.stage {
            Stage::First(_) => 0,
            Stage::Sampling { rows, .. } => rows.len() as u64,
            Stage::Rows { rows, .. } => rows.rows_read(),
        }
    }

    /// Reads the next piece of the file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.bytes += bytes.len() as u64;
        self.decoder.decode(bytes, false, &mut self.text)?;
        self.unread_in_text |= self.decoder.take_replaced();
        self.split(false)?;
        if let Stage::Rows { rows, .. } = &mut self.stage {
            if let Some(total) = self.expected_bytes.take() {
                // The rows read so far, from the bytes read so far, tell how many the whole
                // file holds; a little more keeps an estimate just short of the end from
                // doubling the room.
                let expected = u128::from(total) * u128::from(rows.rows_read()) * 51
                    / (u128::from(self.bytes.max(1)) * 50);
                rows.reserve(usize::try_from(expected).unwrap_or(usize::MAX));
            }
        }
        Ok(())
    }

    /// Reads what is left and returns the rows and what the reader found.
    pub fn finish(mut self) -> Result<(Ingested, ReadFacts), Error> {
        self.decoder.decode(&[], true, &mut self.text)?;
        self.unread_in_text |= self.decoder.take_replaced();
        self.split(true)?;
        match &mut self.stage {
            Stage::First(search) => return Err(search.failure()),
            Stage::Sampling { .. } => self.start_rows()?,
            Stage::Rows { .. } => {}
        }
        let Stage::Rows {
            header,
            formats,
            rows,
            ..
        } = self.stage
        else {
            return Err(ErrorKind::EmptyInput.into());
        };
        if rows.rows_read() == 0 {
            return Err(ErrorKind::EmptyInput.into());
        }
        let headers = header.as_ref().map(|header| header.row.names.as_slice());
        let facts = |map: FileColumns, rows_read, (ambiguous_dates, ambiguous_numbers), skipped| {
            ReadFacts {
                bytes: self.bytes,
                encoding: self.decoder.encoding(),
                delimiter: self.options.delimiter.unwrap_or(Delimiter::Comma),
                header_line: header.as_ref().map(|header| header.row.line),
                columns: map.describe(headers),
                roles: map.roles(),
                date_format: FormatChoice {
                    ambiguous: ambiguous_dates,
                    ..formats.date_choice.clone()
                },
                decimal_separator: FormatChoice {
                    ambiguous: ambiguous_numbers,
                    ..formats.decimal_choice.clone()
                },
                rows_read,
                skipped,
                altered: RowLog::default(),
                duplicates: RowLog::default(),
                unattributed: Unattributed::default(),
                unattributed_sales: Vec::new(),
                currencies: CurrencyCounts::default(),
                limitations: (self.unreadable.limitation(&self.decoder).into_iter())
                    .chain(
                        header
                            .as_ref()
                            .and_then(|header| header.row.looks_like_data()),
                    )
                    .collect(),
            }
        };
        Ok(match rows {
            Rows::Transactions(rows) => {
                let mut rows = *rows;
                rows.finish();
                let map = FileColumns::Transactions(rows.map);
                let ambiguous = (rows.ambiguous_dates, rows.ambiguous_numbers);
                let facts = ReadFacts {
                    altered: rows.altered,
                    duplicates: rows.duplicates,
                    unattributed: rows.unattributed,
                    unattributed_sales: rows.unattributed_sales,
                    currencies: rows.currencies.counts(),
                    ..facts(map, rows.rows_read, ambiguous, rows.skipped)
                };
                (Ingested::Transactions(rows.transactions), facts)
            }
            Rows::Customers(rows) => {
                let mut rows = *rows;
                rows.skip_dates_apart();
                if let Some(as_of) = self.as_of {
                    rows.skip_last_before_first(as_of);
                }
                let recency_counted_at = rows.recency_counted_at();
                let map = FileColumns::Customers(rows.map);
                let ambiguous = (rows.ambiguous_dates, rows.ambiguous_numbers);
                let facts = ReadFacts {
                    altered: rows.altered,
                    unattributed: rows.unattributed,
                    unattributed_sales: rows.unattributed_sales,
                    ..facts(map, rows.rows_read, ambiguous, rows.skipped)
                };
                (
                    Ingested::Customers {
                        records: rows.records,
                        recency_counted_at,
                    },
                    facts,
                )
            }
        })
    }

    /// Splits the decoded text into records and reads them. Until the file's first
    /// [`DELIMITER_BYTES`] are decoded the delimiter is unknown, so the text waits.
    fn split(&mut self, last: bool) -> Result<(), Error> {
        if self.splitter.is_none() {
            if !last && self.text.len() < DELIMITER_BYTES {
                return Ok(());
            }
            let delimiter = *self
                .options
                .delimiter
                .get_or_insert_with(|| detect_delimiter(delimiter_sample(&self.text, last)));
            self.splitter = Some(RecordSplitter::new(delimiter));
        }
        let text = std::mem::take(&mut self.text);
        let Ingest {
            splitter,
            stage,
            options,
            ..
        } = self;
        let Some(splitter) = splitter else {
            return Ok(());
        };
        if std::mem::take(&mut self.unread_in_text) {
            self.unreadable.note(&text, splitter.next_line());
        }
        halves::feed(splitter, stage, options, &text)?;
        if last {
            splitter.finish(&mut |line, record| stage.accept(line, record, options))?;
        }
        // Reuse the allocation for the next piece.
        self.text = text;
        self.text.clear();
        Ok(())
    }

    fn start_rows(&mut self) -> Result<(), Error> {
        let stage = std::mem::replace(&mut self.stage, Stage::First(HeaderSearch::default()));
        self.stage = stage.into_rows(&self.options)?;
        Ok(())
    }
}

impl Stage {
    fn accept(
        &mut self,
        line: u64,
        record: Record<'_>,
        options: &ReadOptions,
    ) -> Result<(), Error> {
        match self {
            Stage::First(search) => {
                let (header, map) = if options.has_header {
                    let mut resolve =
                        |names: &[String]| resolve_columns(Some(names), names.len(), options);
                    match search.offer(line, record, &mut resolve)? {
                        Some((header, map)) => (Some(header), map),
                        None => return Ok(()),
                    }
                } else if header::declares_delimiter(line, record) {
                    return Ok(());
                } else {
                    (None, resolve_columns(None, record.len(), options)?)
                };
                let rows = if options.has_header {
                    Vec::new()
                } else {
                    vec![(line, record.to_owned())]
                };
                let map = Box::new(map);
                *self = Stage::Sampling {
                    header,
                    map,
                    rows,
                    open_dates: None,
                };
            }
            Stage::Sampling {
                rows,
                map,
                open_dates,
                ..
            } => {
                rows.push((line, record.to_owned()));
                let enough = match open_dates {
                    Some(columns) => {
                        rows.len() >= DATE_SAMPLE_ROWS || settles_date_order(record, columns)
                    }
                    None if rows.len() >= SAMPLE_ROWS => {
                        let columns = map.date_columns();
                        let sample = rows.iter().map(|(_, record)| record.as_record());
                        if options.date_format.is_none() && leave_date_order_open(sample, &columns)
                        {
                            *open_dates = Some(columns);
                        }
                        open_dates.is_none()
                    }
                    None => false,
                };
                if enough {
                    let stage = std::mem::replace(self, Stage::First(HeaderSearch::default()));
                    *self = stage.into_rows(options)?;
                }
            }
            Stage::Rows { rows, width, .. } => read_within(rows, *width, line, record),
        }
        Ok(())
    }

    /// Checks a report grouped by customer for its headings, settles the region column and
    /// chooses the formats from the sampled rows, then reads them.
    fn into_rows(self, options: &ReadOptions) -> Result<Stage, Error> {
        let Stage::Sampling {
            header,
            mut map,
            rows: sample,
            ..
        } = self
        else {
            return Ok(self);
        };
        let records = || sample.iter().map(|(_, record)| record.as_record());
        let names = header.as_ref().map(|header| header.row.names.as_slice());
        if let FileColumns::Transactions(map) = &mut *map {
            map.check_customer_headings(records(), names)?;
            map.settle_region(records());
            map.settle_customer(records(), |id| {
                id.is_empty() || rows::stands_for_no_customer(id)
            });
        }
        let formats = Formats::choose(records(), options, &map, names);
        let columns = match &header {
            Some(header) => header.row.names.len().max(map.min_fields()),
            None => map.min_fields(),
        };
        // Only a comma splits a number: `1,288.00`, `12,50`.
        let money = (options.delimiter == Some(Delimiter::Comma)).then(|| map.money());
        let width = RowWidth::from_sample(columns, money, records());
        let header_row = header.as_ref().map(|header| header.row.clone());
        let mut rows = Rows::new(*map, &formats, options, header_row);
        for (line, issue) in header.iter().flat_map(|header| header.above.iter()) {
            rows.skip((*line).into(), issue.clone());
        }
        for (line, record) in &sample {
            read_within(&mut rows, width, *line, record.as_record());
        }
        Ok(Stage::Rows {
            header,
            formats: Box::new(formats),
            width,
            rows,
        })
    }
}

/// Hands `rows` the data row `record`, or skips it if it fills more fields than `width`.
fn read_within(rows: &mut impl TableRows, width: RowWidth, line: u64, record: Record<'_>) {
    match width.overfilled_by(record) {
        Some(issue) => rows.skip(record.lines(line), issue),
        None => rows.read(line, record),
    }
}

/// Maps a file's columns, from its header or, without one, from the first record's length.
fn resolve_columns(
    headers: Option<&[String]>,
    fields: usize,
    options: &ReadOptions,
) -> Result<FileColumns, Error> {
    FileColumns::resolve(options.kind, headers, fields, &options.columns)
}

/// What [`read_table`] found besides the records.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub bytes: u64,
    pub encoding: &'static str,
    pub delimiter: Delimiter,
    /// The header row, each name trimmed.
    pub headers: Vec<String>,
    /// Records below the header and lines above it (the header is not counted).
    pub rows_read: u64,
    /// What the report says about characters the decoder could not read.
    pub unreadable: Option<Limitation>,
}

/// Reads a whole delimited text file with a header row for files other than transactions
/// (survey answers): decodes it, detects its delimiter, finds the header row among the first
/// records as the first whose names `start` accepts (told the delimiter too), and hands the
/// rows that `start` makes every data record, and every line above the header, with its
/// 1-based line.
///
/// A file with no header or no data rows is [`ErrorKind::EmptyInput`].
pub(crate) fn read_table<H: TableRows>(
    bytes: &[u8],
    encoding: Option<&str>,
    delimiter: Option<Delimiter>,
    mut start: impl FnMut(&[String], Delimiter) -> Result<H, Error>,
) -> Result<(H, Table), Error> {
    let mut decoder = TextDecoder::new(encoding)?;
    let mut text = String::new();
    decoder.decode(bytes, true, &mut text)?;
    let mut unreadable = Unreadable::default();
    if decoder.take_replaced() {
        unreadable.note(&text, 1);
    }
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(delimiter_sample(&text, true)));
    let mut start = |names: &[String]| start(names, delimiter);
    let mut splitter = RecordSplitter::new(delimiter);
    let mut search = HeaderSearch::default();
    let mut found: Option<(Header, H)> = None;
    // The first data rows, kept until they tell how many fields a row may fill.
    let mut sample: Vec<(u64, OwnedRecord)> = Vec::new();
    let mut width: Option<RowWidth> = None;
    let mut data_rows = 0;
    let mut accept = |line: u64, record: Record<'_>| -> Result<(), Error> {
        let Some((header, rows)) = &mut found else {
            if let Some((header, mut rows)) = search.offer(line, record, &mut start)? {
                for (line, issue) in &header.above {
                    rows.skip((*line).into(), issue.clone());
                }
                found = Some((header, rows));
            }
            return Ok(());
        };
        data_rows += 1;
        match width {
            Some(width) => read_table_row(rows, &header.row, width, line, record),
            None => {
                sample.push((line, record.to_owned()));
                if sample.len() >= SAMPLE_ROWS {
                    width = Some(read_sample(rows, &header.row, &mut sample)?);
                }
            }
        }
        Ok(())
    };
    splitter.feed(&text, &mut accept)?;
    splitter.finish(&mut accept)?;
    let Some((header, mut rows)) = found else {
        return Err(search.failure());
    };
    if data_rows == 0 {
        return Err(ErrorKind::EmptyInput.into());
    }
    if width.is_none() {
        read_sample(&mut rows, &header.row, &mut sample)?;
    }
    let table = Table {
        bytes: bytes.len() as u64,
        encoding: decoder.encoding(),
        delimiter,
        rows_read: data_rows + header.above.len() as u64,
        headers: header.row.names,
        unreadable: unreadable.limitation(&decoder),
    };
    Ok((rows, table))
}

/// Reads the rows `sample` kept, once they tell the table's width, and returns the width.
fn read_sample(
    rows: &mut impl TableRows,
    header: &HeaderRow,
    sample: &mut Vec<(u64, OwnedRecord)>,
) -> Result<RowWidth, Error> {
    let records = || sample.iter().map(|(_, record)| record.as_record());
    rows.look_ahead(records())?;
    let width = RowWidth::from_sample(header.names.len(), None, records());
    for (line, record) in sample.drain(..) {
        read_table_row(rows, header, width, line, record.as_record());
    }
    Ok(width)
}

/// Hands `rows` a data row of a table read by [`read_table`], unless it repeats the header.
fn read_table_row(
    rows: &mut impl TableRows,
    header: &HeaderRow,
    width: RowWidth,
    line: u64,
    record: Record<'_>,
) {
    match header.repeated_by(record) {
        Some(issue) => rows.skip(record.lines(line), issue),
        None => read_within(rows, width, line, record),
    }
}

/// Lines looked at to choose the delimiter: enough to see ten rows of the table below the
/// longest block of lines above its header that the header is looked for past (see
/// [`SEARCHED_RECORDS`](header::SEARCHED_RECORDS)).
const DELIMITER_LINES: usize = header::SEARCHED_RECORDS + 10;

/// Text looked at, at most, to choose the delimiter: lines can be long.
const DELIMITER_BYTES: usize = 64 * 1024;

/// The start of a file's text that the delimiter is chosen by: the whole lines among its first
/// [`DELIMITER_BYTES`], or all of them when they are the `whole` file. However much of the
/// file has come when the choice is made, in pieces of whatever size, it is the same text.
fn delimiter_sample(text: &str, whole: bool) -> &str {
    let mut end = text.len().min(DELIMITER_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let start = &text[..end];
    match start.rfind('\n') {
        Some(at) if !(whole && end == text.len()) => &start[..=at],
        _ => start,
    }
}

/// The delimiter of a file that starts with `text`: the one a first line `sep=;` declares, as
/// files written for Excel do; else the one of comma, semicolon, tab and pipe that splits the
/// longest block of the first non-blank lines into the same number of fields (the most such
/// lines anywhere, more fields, then that order, breaking ties), so that lines above the table
/// or a decimal comma in the rows do not decide; whitespace when none of them occurs in those
/// lines but spaces separate several fields.
fn detect_delimiter(text: &str) -> Delimiter {
    let declared = text
        .lines()
        .next()
        .and_then(header::after_sep)
        .and_then(Delimiter::from_name);
    if let Some(delimiter) = declared {
        return delimiter;
    }
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(DELIMITER_LINES)
        .collect();
    let candidates = [
        Delimiter::Comma,
        Delimiter::Semicolon,
        Delimiter::Tab,
        Delimiter::Pipe,
    ];
    let best = candidates
        .into_iter()
        .filter_map(|delimiter| {
            let byte = delimiter.byte()?;
            let counts: Vec<usize> = lines
                .iter()
                .map(|line| count_unquoted(line, byte))
                .collect();
            // The longest block of lines split into the same number of fields: a table's. Lines
            // above it (a title, an account's details) may agree with its rows in number, as a
            // key and value with a row's decimal comma, but not in place.
            let longest_block = counts
                .chunk_by(|a, b| a == b)
                .filter(|block| block[0] > 0)
                .map(<[usize]>::len)
                .max()?;
            // The most common count that splits a line, and in how many lines it is found.
            let (lines_agreeing, count) = counts
                .iter()
                .filter(|&&count| count > 0)
                .map(|&count| (counts.iter().filter(|&&c| c == count).count(), count))
                .max()?;
            Some(((longest_block, lines_agreeing, count), delimiter))
        })
        // `max_by_key` keeps the last of equal keys, so the candidates are looked at in reverse.
        .rev()
        .max_by_key(|&(key, _)| key);
    match best {
        Some((_, delimiter)) => delimiter,
        None if lines
            .iter()
            .any(|line| line.split_whitespace().nth(1).is_some()) =>
        {
            Delimiter::Whitespace
        }
        None => Delimiter::Comma,
    }
}

/// How often `byte` occurs in `line` outside double quotes.
fn count_unquoted(line: &str, byte: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == byte && !quoted
        })
        .count()
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

    fn read_dropping_duplicates(text: &str) -> (Transactions, ReadFacts) {
        let options = ReadOptions {
            drop_duplicates: true,
            ..ReadOptions::default()
        };
        read_with(text, &options)
    }

    /// `head`, then a sale in March 2024 by each of `customers` customers (`c0` for 0, `c1` for
    /// 1 …, each with `more` after it), then `tail`: enough ordinary rows that the few in `head`
    /// and `tail` may stand apart.
    fn march_sales(
        head: &str,
        customers: usize,
        more: impl Fn(usize) -> String,
        tail: &str,
    ) -> String {
        let mut text = head.to_string();
        for i in 0..customers {
            text += &format!("c{i},2024-03-{:02},{i}{}\n", i % 28 + 1, more(i));
        }
        text + tail
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
    fn a_negative_quantity_makes_a_return_whatever_the_sign_of_the_amount_or_price() {
        let (transactions, facts) = read(
            "customer_id,order_date,quantity,amount\n\
             A,2024-03-01,2,20\n\
             A,2024-03-05,-1,10\n\
             A,2024-03-06,-1,-10\n\
             A,2024-03-07,,5\n",
        );
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [20.0, -10.0, -10.0, 5.0]);
        assert_eq!(
            facts.altered.messages(),
            ["returnByQuantity: line 3: the quantity '-1' is negative, so the amount is counted as a return"]
        );
        let used = facts
            .columns
            .transactions()
            .and_then(|c| c.quantity.clone());
        assert_eq!(used.as_deref(), Some("quantity"));
        let (transactions, _) = read(
            "customer_id,order_date,quantity,unit_price\n\
             A,2024-03-01,2,10\n\
             A,2024-03-05,-1,-10\n\
             A,2024-03-06,1,-3\n",
        );
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [20.0, -10.0, -3.0]);
    }

    #[test]
    fn an_order_total_repeated_on_each_item_row_is_counted_once() {
        // WooCommerce's export of one row per item: the order's total on each of its rows.
        let items = "Order Number,Order Date,Customer User ID,Order Total Amount,Item Name\n\
                     1001,2024-03-01,12,105.00,Shirt\n\
                     1001,2024-03-01,12,105.00,Socks\n\
                     1001,2024-03-01,12,105.00,Cap\n\
                     1002,2024-03-04,13,30.00,Cap\n\
                     1002,2024-03-04,13,12.00,Belt\n\
                     1002,2024-03-04,14,12.00,Belt\n";
        let (transactions, facts) = read(items);
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        // Order 1002's rows differ in amount, or in customer: each counts.
        assert_eq!(amounts, [105.0, 0.0, 0.0, 30.0, 12.0, 12.0]);
        assert_eq!(
            facts.altered.messages(),
            [
                "repeatedOrderTotal: line 3: the order total '105.00' repeats that of the row above, of the same order, and is counted once",
                "repeatedOrderTotal: line 4: the order total '105.00' repeats that of the row above, of the same order, and is counted once"
            ]
        );
        // An amount that is not named the order's total is each row's own.
        let (transactions, facts) = read(&items.replace("Order Total Amount", "Amount"));
        assert_eq!(transactions.rows[1].amount, 105.0);
        assert_eq!(facts.altered.total(), 0);
    }

    #[test]
    fn amounts_that_settle_no_decimal_separator_are_read_as_assumed() {
        // Each of 1.234, 2.500 and 12 reads with either separator (or needs none): a comma is
        // assumed where fields are separated by semicolons, a point elsewhere.
        let amounts = ["1.234", "2.500", "12"];
        let rows = |delimiter: &str| {
            let lines = amounts.map(|amount| format!("K1{delimiter}05.03.2024{delimiter}{amount}"));
            format!("Kunde{0}Datum{0}Betrag\n{1}\n", delimiter, lines.join("\n"))
        };
        let (transactions, facts) = read(&rows(";"));
        let choice = &facts.decimal_separator;
        assert_eq!(
            (choice.format, choice.source, choice.ambiguous),
            (",", "assumed", 2)
        );
        let read_amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(read_amounts, [1234.0, 2500.0, 12.0]);
        let (transactions, facts) = read(&rows(","));
        let choice = &facts.decimal_separator;
        assert_eq!(
            (choice.format, choice.source, choice.ambiguous),
            (".", "assumed", 2)
        );
        assert_eq!(transactions.rows[0].amount, 1.234);
        // One amount that only a decimal point reads settles it.
        let (_, facts) = read(&(rows(";") + "K2;06.03.2024;7.5\n"));
        let choice = &facts.decimal_separator;
        assert_eq!((choice.format, choice.source), (".", "detected"));
    }

    #[test]
    fn a_number_written_with_the_other_decimal_separator_is_skipped_saying_so() {
        let (_, facts) = read("customer;date;amount\nA;2024-03-05;1.234,50\nB;2024-03-06;12.50\nC;2024-03-06;7,5\nD;2024-03-07;abc\n");
        assert_eq!(facts.decimal_separator.format, ",");
        assert_eq!(
            facts.skipped.messages(),
            [
                "invalidNumber: line 3: amount '12.50' is not a number with a decimal comma, which the file's numbers are read with; if the file writes a decimal point, choose it with the decimal separator option",
                "invalidNumber: line 5: amount 'abc' is not a number",
            ]
        );
    }

    #[test]
    fn an_amount_past_a_quadrillion_is_skipped_as_too_large() {
        // Two rows of 1.7e308 once summed to infinity for customer A.
        let (transactions, facts) = read("customer,date,amount,cost,quantity,price\nA,2024-03-05,1.7e308,,,\nA,2024-03-06,1.7e308,,,\nB,2024-03-06,1000000000000000,,,\nC,2024-03-07,-1000000000000001,,,\nD,2024-03-07,5,2e15,,\n");
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [1e15]);
        assert_eq!(
            facts.skipped.messages(),
            [
                "amountTooLarge: line 2: amount '1.7e308' is past 10^15, more than any sale: check that the column holds money, not ids or codes",
                "amountTooLarge: line 3: amount '1.7e308' is past 10^15, more than any sale: check that the column holds money, not ids or codes",
                "amountTooLarge: line 5: amount '-1000000000000001' is past 10^15, more than any sale: check that the column holds money, not ids or codes",
                "amountTooLarge: line 6: cost '2e15' is past 10^15, more than any sale: check that the column holds money, not ids or codes",
            ]
        );
        // Quantity and price each within bounds, their product past them.
        let (transactions, facts) = read(
            "customer,date,quantity,price\nA,2024-03-05,100000000,100000000\nB,2024-03-06,3,2.5\n",
        );
        assert_eq!(transactions.rows.len(), 1);
        assert_eq!(
            facts.skipped.messages(),
            ["amountTooLarge: line 2: amount '100000000 × 100000000' is past 10^15, more than any sale: check that the column holds money, not ids or codes"]
        );
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
            facts.skipped.messages(),
            ["invalidDate: line 5: date '25/02/2024' is not a valid date (the column is read as M/D/YYYY)"]
        );
    }

    #[test]
    fn a_date_order_the_date_column_leaves_open_is_settled_by_another_column_of_dates() {
        // Every order date fits both orders; the ship date 5/13/2024 only month first.
        let text = "customer,order date,ship date,amount
                    a,5/3/2024,5/6/2024,10
                    b,5/10/2024,5/13/2024,20
";
        let (transactions, facts) = read(text);
        assert_eq!(
            (facts.date_format.format, facts.date_format.source),
            ("M/D/YYYY", "detected")
        );
        assert_eq!(facts.date_format.ambiguous, 2);
        let dates: Vec<String> = (transactions.rows.iter())
            .map(|row| row.date.to_string())
            .collect();
        assert_eq!(dates, ["2024-05-03", "2024-05-10"]);
        // Without it, nothing settles the order: day first is assumed.
        let text = "customer,order date,amount
a,5/3/2024,10
b,5/10/2024,20
";
        let (transactions, facts) = read(text);
        assert_eq!(
            (facts.date_format.format, facts.date_format.source),
            ("D/M/YYYY", "assumed")
        );
        assert_eq!(transactions.rows[0].date.to_string(), "2024-03-05");
        // A second column of dates that fits both orders too settles nothing either.
        let text = "customer,order date,ship date,amount
a,5/3/2024,5/6/2024,10
";
        assert_eq!(read(text).1.date_format.source, "assumed");
    }

    #[test]
    fn a_date_order_the_first_rows_leave_open_is_settled_by_a_later_row() {
        let rows = |from: usize, count: usize, date: &str| -> String {
            (from..from + count)
                .map(|i| format!("c{i},{date},1\n"))
                .collect()
        };
        // A file sorted by date whose first 10,000 rows are all in the first twelve days.
        let text = format!(
            "customer,date,amount\n{}{}",
            rows(0, SAMPLE_ROWS + 5, "03/04/2024"),
            rows(SAMPLE_ROWS + 5, 5, "03/13/2024")
        );
        let mut ingest = Ingest::new(ReadOptions::default()).unwrap();
        for piece in text.as_bytes().chunks(1000) {
            ingest.push(piece).unwrap();
        }
        for (transactions, facts) in [read(&text), finish_transactions(ingest).unwrap()] {
            assert_eq!(
                (facts.date_format.format, facts.date_format.source),
                ("M/D/YYYY", "detected")
            );
            assert_eq!(facts.skipped.total(), 0);
            assert_eq!(transactions.rows[0].date.to_string(), "2024-03-04");
            assert_eq!(transactions.rows.len(), SAMPLE_ROWS + 10);
        }
        // Past the rows kept for it, the assumption stands, and a row against it is skipped.
        let text = format!(
            "customer,date,amount\n{}{}",
            rows(0, DATE_SAMPLE_ROWS, "03/04/2024"),
            rows(DATE_SAMPLE_ROWS, 1, "03/13/2024")
        );
        let (transactions, facts) = read(&text);
        assert_eq!(
            (facts.date_format.format, facts.date_format.source),
            ("D/M/YYYY", "assumed")
        );
        assert_eq!(transactions.rows[0].date.to_string(), "2024-04-03");
        assert_eq!(facts.skipped.groups()[0].reason, "invalidDate");
    }

    #[test]
    fn dates_with_the_day_equal_to_the_month_are_read_year_last() {
        // 05/05/2024 reads the same day first and month first, but is no year-first date: a
        // sample of nothing else (a day's export on 5 May) leaves the order open until a later
        // row settles it.
        let mut text = String::from("customer,date,amount\n");
        for customer in 0..SAMPLE_ROWS + 1 {
            text += &format!("c{customer},05/05/2024,5\n");
        }
        text += "late,13/05/2024,5\n";
        let (transactions, facts) = read(&text);
        let format = &facts.date_format;
        assert_eq!(
            (format.format, format.source, format.ambiguous),
            ("D/M/YYYY", "detected", 0)
        );
        assert_eq!(transactions.rows.len(), SAMPLE_ROWS + 2);
        let last = transactions.rows.last().map(|row| row.date.to_string());
        assert_eq!(last.as_deref(), Some("2024-05-13"));
    }

    #[test]
    fn dates_with_english_month_names_as_shops_and_spreadsheets_write_them() {
        let (transactions, facts) = read(
            "customer,date,amount\na,\"Mar 5, 2024 10:00:00 AM PST\",5\nb,5-Mar-24,6\nc,05 March 2024,7\n",
        );
        let dates: Vec<String> = transactions
            .rows
            .iter()
            .map(|row| row.date.to_string())
            .collect();
        assert_eq!(dates, ["2024-03-05", "2024-03-05", "2024-03-05"]);
        assert_eq!((facts.skipped.total(), facts.date_format.ambiguous), (0, 0));
    }

    #[test]
    fn an_invalid_date_whose_first_number_is_a_day_is_reported_as_read_day_first() {
        let (_, facts) = read("customer,date,amount\na,31/02/2024,5\nb,05/05/2024,7\n");
        assert_eq!(
            (facts.date_format.format, facts.date_format.source),
            ("D/M/YYYY", "detected")
        );
        assert_eq!(
            facts.skipped.messages(),
            ["invalidDate: line 2: date '31/02/2024' is not a valid date (the column is read as D/M/YYYY)"]
        );
    }

    #[test]
    fn a_database_dump_with_unix_times_and_run_on_stamps() {
        // ECShop's order_info as a database client exports it: add_time in Unix seconds
        // (1709632800 is 2024-03-05 10:00 UTC, by Python's datetime.fromtimestamp), pay_time
        // as a stamp with the time run on.
        let text = "order_sn,user_id,add_time,order_amount\n\
                    2024030512,17,1709632800,99.00\n\
                    2024030698,17,1709769599000,12.50\n\
                    2024030701,23,20240307093000,8\n\
                    2024030702,23,2024030709,8\n";
        let (transactions, facts) = read(text);
        let dates: Vec<String> = transactions
            .rows
            .iter()
            .map(|r| r.date.to_string())
            .collect();
        assert_eq!(dates, ["2024-03-05", "2024-03-06", "2024-03-07"]);
        assert_eq!(transactions.customer_ids, ["17", "23"]);
        assert_eq!(
            facts.skipped.messages(),
            ["invalidDate: line 5: date '2024030709' is not a valid date (the column is read as YYYY-MM-DD)"]
        );
    }

    #[test]
    fn two_digit_years_are_read_last_where_they_vary_least() {
        let dates = |transactions: &Transactions| -> Vec<String> {
            transactions
                .rows
                .iter()
                .map(|r| r.date.to_string())
                .collect()
        };
        // Month first (15 and 31 cannot be months); 04/01/24 reads both ways.
        let etsy = "customer,date,amount\na,03/15/24,5\nb,2024-03-16,5\nc,3/17/2024,5\nd,04/01/24,5\ne,12/31/99,5\n";
        let (transactions, facts) = read(etsy);
        assert_eq!(
            dates(&transactions),
            [
                "2024-03-15",
                "2024-03-16",
                "2024-03-17",
                "2024-04-01",
                "1999-12-31"
            ]
        );
        let format = &facts.date_format;
        assert_eq!(
            (format.format, format.source, format.ambiguous),
            ("M/D/YY", "detected", 1)
        );
        // Day first, with dots, as German spreadsheets write them.
        let german = "Kunde;Datum;Betrag\na;05.03.24;5\nb;31.12.23;5\n";
        let (transactions, facts) = read(german);
        assert_eq!(dates(&transactions), ["2024-03-05", "2023-12-31"]);
        let format = &facts.date_format;
        assert_eq!(
            (format.format, format.source, format.ambiguous),
            ("D/M/YY", "detected", 1)
        );
        // Year first: one first number, three last ones, so the year is not taken to be last.
        let year_first =
            "customer,date,amount\na,24/03/05,5\nb,24/03/18,5\nc,24/04/30,5\nd,2024-03-16,5\n";
        let (transactions, facts) = read(year_first);
        assert_eq!(transactions.customer_ids, ["d"]);
        assert_eq!(
            facts.skipped.messages()[0],
            "invalidDate: line 2: date '24/03/05' has a two-digit year, which could stand first or last; if it is last, choose the date format D/M/YY or M/D/YY, or save the column with four-digit years"
        );
        let chosen = ReadOptions {
            date_format: Some(DateFormat::DayMonthShortYear),
            ..ReadOptions::default()
        };
        let (transactions, facts) = read_with(year_first, &chosen);
        assert_eq!(
            dates(&transactions),
            ["2005-03-24", "2018-03-24", "1930-04-24", "2024-03-16"]
        );
        assert_eq!(
            (facts.date_format.format, facts.date_format.source),
            ("D/M/YY", "option")
        );
        for not_two_digit in ["2024-03-15", "15/03/2024", "24", "03/15", "3.5.2024 10:00"] {
            assert_eq!(
                crate::date::two_digit_year_date(not_two_digit),
                None,
                "{not_two_digit}"
            );
        }
        assert_eq!(
            crate::date::two_digit_year_date("5.3.24 10:00"),
            Some((5, 24))
        );
    }

    #[test]
    fn further_lines_of_an_order_without_an_amount_are_told_apart() {
        // Shopify's orders export: the total on an order's first line only.
        let text = "Name,Email,Created at,Total,Lineitem name\n\
                    #1001,a@x.com,2024-01-31 10:00,25.00,Mug\n\
                    #1001,a@x.com,2024-01-31 10:00,,Plate\n\
                    #1002,b@x.com,2024-02-01 11:00,,Bowl\n\
                    #1003,a@x.com,2024-02-02 09:00,,Cup\n\
                    #1004,c@x.com,2024-02-03 09:00,7.00,Tea\n\
                    #1004,c@x.com,,,Pot\n\
                    #1005,c@x.com,2024-02-0x,,Lid\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.rows.len(), 2);
        assert_eq!(
            facts.skipped.messages(),
            [
                "lineWithoutAmount: line 3: the amount is empty on a further line of the customer's purchase that day; an order's total on its first line is counted there",
                "lineWithoutAmount: line 7: the amount is empty on a further line of the customer's purchase that day; an order's total on its first line is counted there",
                "invalidNumber: line 4: the amount is empty",
                "invalidNumber: line 5: the amount is empty",
                "invalidDate: line 8: date '2024-02-0x' is not a valid date (the column is read as YYYY-MM-DD)",
            ]
        );
    }

    #[test]
    fn repeats_of_the_header_are_reported_as_such() {
        // Two monthly exports joined, each with its title and header.
        let text = "Sales March\ncustomer,date,amount\na,2024-03-05,5\n\
                    Sales April\ncustomer,date,amount\nb,2024-04-05,7\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.customer_ids, ["a", "b"]);
        assert_eq!(
            facts.skipped.messages(),
            [
                "aboveHeader: line 1: 'Sales March' is above the column headers on line 2, so not read as data",
                "tooFewFields: line 4: the row has 1 field, the columns need 3",
                "repeatedHeader: line 5: repeats the column headers of line 2",
            ]
        );
        let customers = "customer,last purchase,frequency,monetary\na,2024-03-05,2,10\n\
                         customer,last purchase,frequency,monetary\nb,2024-03-06,1,5\n";
        let (records, facts) = read_customer_file(customers);
        assert_eq!(records.len(), 2);
        assert_eq!(
            facts.skipped.messages(),
            ["repeatedHeader: line 3: repeats the column headers of line 1"]
        );
    }

    #[test]
    fn ids_excel_rounded_into_scientific_notation() {
        // Taobao's 19-digit order numbers and 12-digit member numbers, as Excel saves them
        // from General cells; the cancellation keeps its id.
        let text = "订单编号,会员号,订单创建时间,实付金额\n\
                    1.23457E+18,100000000001,2024-03-05,10\n\
                    1.23457E+18,100000000001,2024-03-06,20\n\
                    C536379,100000000001,2024-03-07,5\n\
                    1.23457E+18,1E+11,2024-03-07,30\n\
                    1.23457E+18,1.00000E+11,2024-03-07,40\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.customer_ids, ["100000000001"]);
        let orders: Vec<_> = transactions.rows.iter().map(|r| r.order).collect();
        assert_eq!(orders, [None, None, Some(OrderKey::of("C536379"))]);
        assert_eq!(
            facts.altered.messages(),
            [
                "roundedOrderId: line 2: order id '1.23457E+18' is a number Excel rounded; the purchase is counted by its day",
                "roundedOrderId: line 3: order id '1.23457E+18' is a number Excel rounded; the purchase is counted by its day",
                "cancellationAsReturn: line 4: cancellation C536379 has a positive amount; counted as a return",
            ]
        );
        assert_eq!(
            facts.skipped.messages(),
            [
                "roundedCustomerId: line 5: customer id '1E+11' is a number Excel rounded, which may stand for several customers; save the column as text",
                "roundedCustomerId: line 6: customer id '1.00000E+11' is a number Excel rounded, which may stand for several customers; save the column as text",
            ]
        );
        // Two days, two purchase occasions: the rounded order ids would have made them one.
        let base = crate::CustomerBase::as_of(&transactions, "2024-03-07".parse().unwrap());
        assert_eq!(base.customers[0].frequency, 2);

        let customers = "customer,last purchase,frequency,monetary\n\
                         1.23457E+11,2024-03-05,2,10\n1.23457E+11,2024-03-06,1,5\n";
        let (records, facts) = read_customer_file(customers);
        assert!(records.is_empty());
        assert_eq!(facts.skipped.total(), 2);
        assert_eq!(facts.skipped.groups()[0].reason, "roundedCustomerId");
    }

    #[test]
    fn dates_that_are_all_placeholders_are_said_to_be_no_dates() {
        let (transactions, facts) = read("customer,date,amount\na,0001-01-01,5\nb,9999-12-31,7\n");
        assert!(transactions.rows.is_empty());
        let no_date = |line: u64, date: &str| {
            format!("dateApart: line {line}: date {date} stands for no date, as every date in the file does (a placeholder such as 1900-01-01 or 9999-12-31, or a year outside 1900–2100), so not analysed")
        };
        let expected = [no_date(2, "0001-01-01"), no_date(3, "9999-12-31")];
        assert_eq!(facts.skipped.messages(), expected);
        let first = &facts.skipped.groups()[0].examples[0].message;
        assert_eq!(first.zh_cn, "第 2 行：日期 0001-01-01 不代表真实日期，文件中所有日期都是如此（如 1900-01-01、9999-12-31 之类的占位值，或 1900–2100 年以外的年份），因此不参与分析");
    }

    #[test]
    fn a_few_real_dates_years_apart_among_placeholders_are_read() {
        let text = format!(
            "customer,date,amount\n{}a,2020-03-01,5\nb,2023-03-01,6\nc,2025-03-01,7\n",
            "x,1900-01-01,1\n".repeat(300)
        );
        let (transactions, facts) = read(&text);
        assert_eq!(transactions.rows.len(), 3);
        let messages = facts.skipped.messages();
        assert_eq!(facts.skipped.total(), 300);
        assert_eq!(messages[0], "dateApart: line 2: date 1900-01-01 is more than two years before every other date (the others run from 2020-03-01 to 2025-03-01): a placeholder or a typo, so not analysed");
    }

    #[test]
    fn a_row_skipped_after_its_cancellation_is_seen_is_not_also_altered() {
        let text = "InvoiceNo,CustomerID,InvoiceDate,Amount,Cost\n\
                    C536379,17850,2024-03-05,5,x\n";
        let (transactions, facts) = read(text);
        assert!(transactions.rows.is_empty());
        assert_eq!(facts.altered.total(), 0);
        assert_eq!(facts.skipped.total(), 1);
    }

    #[test]
    fn dates_apart_from_the_others_are_skipped_before_duplicates_are_dropped() {
        // Line 203 repeats line 8; line 204 has a typo for 2024.
        let text = march_sales(
            "customer,date,amount\na,1900-01-01,5\n",
            200,
            |_| String::new(),
            "c5,2024-03-06,5\nb,2042-03-05,7\n",
        );
        let (transactions, facts) = read_dropping_duplicates(&text);
        assert_eq!(
            facts.skipped.messages(),
            [
                "dateApart: line 2: date 1900-01-01 is more than two years before every other date (the others run from 2024-03-01 to 2024-03-28): a placeholder or a typo, so not analysed",
                "dateApart: line 204: date 2042-03-05 is more than two years after every other date (the others run from 2024-03-01 to 2024-03-28): a placeholder or a typo, so not analysed",
                "duplicateRow: line 203: repeats line 8 exactly",
            ]
        );
        // The duplicate, not another row, was dropped: 0 + 1 + … + 199.
        let total: f64 = transactions.rows.iter().map(|row| row.amount).sum();
        assert_eq!((transactions.rows.len(), total), (200, 19_900.0));
        assert_eq!(facts.rows_read, 203);
    }

    #[test]
    fn rows_skipped_once_the_file_is_read_are_not_also_read_otherwise() {
        // Three cancellations, read as returns: line 202's date is apart, line 204 repeats
        // line 203 and is dropped; lines 203 and 205 remain.
        let text = march_sales(
            "customer,date,amount,order\n",
            200,
            |i| format!(",{i}"),
            "a,2042-03-05,5,C100\nb,2024-03-09,4,C200\nb,2024-03-09,4,C200\nd,2024-03-10,3,C300\n",
        );
        let (transactions, facts) = read_dropping_duplicates(&text);
        let lines = |log: &RowLog| -> Vec<(&str, u64)> {
            log.groups()
                .iter()
                .flat_map(|g| g.examples.iter().map(move |e| (g.reason, e.line)))
                .collect()
        };
        assert_eq!(
            lines(&facts.skipped),
            [("dateApart", 202), ("duplicateRow", 204)]
        );
        assert_eq!(
            lines(&facts.altered),
            [("cancellationAsReturn", 203), ("cancellationAsReturn", 205)]
        );
        assert_eq!(facts.altered.total(), 2);
        let returns: Vec<f64> = transactions.rows[200..]
            .iter()
            .map(|row| row.amount)
            .collect();
        assert_eq!(returns, [-4.0, -3.0]);
    }

    #[test]
    fn currencies_are_counted_for_the_rows_that_remain() {
        // 150 sales in USD; a EUR sale dated apart and a repeated GBP sale, dropped once the
        // file is read, are not counted: the EUR one leaves no EUR row at all.
        let text = march_sales(
            "customer,date,amount,currency\n",
            150,
            |_| ",USD".to_string(),
            "e,2042-03-05,7,EUR\ng,2024-03-09,9,GBP\ng,2024-03-09,9,GBP\n",
        );
        let (transactions, facts) = read_dropping_duplicates(&text);
        assert_eq!(transactions.rows.len(), 151);
        let mixed = facts.currencies.mixed().unwrap().text.en;
        assert!(
            mixed.starts_with("Amounts are in 2 currencies (USD 150 rows, GBP 1 row) and"),
            "{mixed}"
        );
    }

    #[test]
    fn a_value_split_by_an_unquoted_delimiter_is_not_read_shifted() {
        // `1,288.00` unquoted would make the amount 1 and the city a number: the row is
        // skipped. Empty fields past the end (a trailing delimiter) are no such split.
        let text = "customer,date,amount,city\n\
                    a,2024-03-01,12.00,Paris\n\
                    b,2024-03-02,1,288.00,Lyon\n\
                    c,2024-03-03,5.00,Nice,,\n";
        let (transactions, facts) = read(text);
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [12.0, 5.0]);
        assert_eq!(
            facts.skipped.messages(),
            ["tooManyFields: line 3: the row has values in 5 fields where the table has 4 columns: the amount '1,288.00' was split at its unquoted comma, so its columns are shifted; quote the amounts, or export with another delimiter"]
        );
        // A header that leaves its last column unnamed: most rows fill it, so it is a column.
        let unnamed = "customer,date,amount\n\
                       a,2024-03-01,12.00,gift\n\
                       b,2024-03-02,8.00,\n\
                       c,2024-03-03,5.00,note\n\
                       d,2024-03-04,1,5.00,note\n";
        let (transactions, facts) = read(unnamed);
        assert_eq!(transactions.rows.len(), 3);
        assert_eq!(
            facts.skipped.messages(),
            ["tooManyFields: line 5: the row has values in 5 fields where the table has 4 columns: an unquoted value was split, so its columns are shifted"]
        );
        // In a customer file too.
        let (records, facts) = read_customer_file(
            "customer_id,last_purchase,frequency,monetary\n\
             a,2024-03-01,3,120.00\n\
             b,2024-03-02,2,1,250.00\n",
        );
        assert_eq!(records.len(), 1);
        assert_eq!(facts.skipped.groups()[0].reason, "tooManyFields");
    }

    #[test]
    fn an_amount_split_in_every_row_is_no_unnamed_column() {
        // Every row one field wider than the header, as an unnamed column would make it; but
        // the extra field is the rest of the amount, so reading it as a column would cut every
        // amount short (1 for 1,288.00, 12 for 12,50).
        let split = |amount: &str| format!("the amount '{amount}' was split at its unquoted comma");
        for (text, amounts) in [
            (
                "customer_id,date,amount\n\
                 A,2024-03-05,1,288.00\n\
                 B,2024-03-06,2,500.00\n\
                 C,2024-03-07,1,000.00\n",
                ["1,288.00", "2,500.00", "1,000.00"],
            ),
            (
                "Kunde,Datum,Betrag\n\
                 A,05.03.2024,12,50\n\
                 B,06.03.2024,7,25\n\
                 C,13.03.2024,100,00\n",
                ["12,50", "7,25", "100,00"],
            ),
        ] {
            let (transactions, facts) = read(text);
            assert!(transactions.rows.is_empty(), "{text}");
            let messages = facts.skipped.messages();
            assert_eq!(messages.len(), 3);
            for (message, amount) in messages.iter().zip(amounts) {
                assert!(message.contains(&split(amount)), "{message}");
            }
        }
        // Amounts under a thousand are whole; the others are skipped, each with its amount.
        let text = "customer_id,date,amount\n\
                    A,2024-03-05,1,288.00\n\
                    B,2024-03-06,2,500.00\n\
                    C,2024-03-07,12,345,678.00\n\
                    D,2024-03-08,999.00\n";
        let (transactions, facts) = read(text);
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [999.0]);
        let messages = facts.skipped.messages();
        assert_eq!(messages.len(), 3);
        for (message, amount) in messages
            .iter()
            .zip(["1,288.00", "2,500.00", "12,345,678.00"])
        {
            assert!(message.contains(&split(amount)), "{message}");
        }
        // Separated by semicolons, a number is never split: the fourth field is a column.
        let text = "customer_id;date;amount\n\
                    A;2024-03-05;12;50\n\
                    B;2024-03-06;7;25\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.rows.len(), 2);
        assert_eq!(facts.skipped.total(), 0);
    }

    #[test]
    fn refunds_are_subtracted_and_a_sale_refunded_in_full_is_none() {
        let text = "customer,date,amount,refunded_amount\n\
                    a,2024-03-01,120.00,30.00\n\
                    b,2024-03-02,50.00,50.00\n\
                    c,2024-03-03,40.00,0.00\n\
                    d,2024-03-04,80.00,-20.00\n\
                    e,2024-03-05,-15.00,15.00\n\
                    f,2024-03-06,10.00,n/a\n\
                    ,2024-03-07,25.00,5.00\n\
                    g,2024-03-08,60.00,\n";
        let (transactions, facts) = read(text);
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        // a 120 − 30; c as it is; d 80 − 20 written negative; a return's refund is its own;
        // g has no refund.
        assert_eq!(amounts, [90.0, 40.0, 60.0, -15.0, 60.0]);
        assert_eq!(
            facts.skipped.messages(),
            [
                "refundedInFull: line 3: the refund '50.00' is the whole amount or more, so the sale brought no money",
                "invalidNumber: line 7: refund 'n/a' is not a number",
                "missingCustomer: line 8: the customer id is empty",
            ]
        );
        assert_eq!(
            facts.altered.messages(),
            [
                "partlyRefunded: line 2: the refund '30.00' is subtracted from the amount",
                "partlyRefunded: line 5: the refund '-20.00' is subtracted from the amount",
            ]
        );
        assert_eq!(facts.unattributed_sales.len(), 1);
        assert_eq!(facts.unattributed_sales[0].1, 20.0);
        // Quantity × price differs from the refund written by a rounding: refunded in full.
        let lines = "customer,date,quantity,price,refund amount\n\
                     a,2024-03-01,3,12.30,36.90\n\
                     a,2024-03-02,3,12.30,12.30\n";
        let (transactions, facts) = read(lines);
        assert_eq!(transactions.rows.len(), 1);
        assert!((transactions.rows[0].amount - 24.6).abs() < 1e-9);
        assert_eq!(facts.skipped.groups()[0].reason, "refundedInFull");
    }

    #[test]
    fn squares_partial_refunds_are_subtracted_from_its_net_sales() {
        let text = "Date,Time,Gross Sales,Discounts,Net Sales,Tax,Partial Refunds,Total Collected,\
                    Transaction ID,Customer ID\n\
                    2024-03-01,10:00:00,$10.00,$0.00,$10.00,$0.80,$0.00,$10.80,t1,CUST1\n\
                    2024-03-02,10:00:00,$20.00,($2.00),$18.00,$1.44,($5.00),$14.44,t2,CUST1\n";
        let (transactions, facts) = read(text);
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [10.0, 13.0]);
        assert_eq!(
            facts.altered.messages(),
            ["partlyRefunded: line 3: the refund '($5.00)' is subtracted from the amount"]
        );
    }

    #[test]
    fn etsys_adjusted_order_total_is_the_amount_where_filled() {
        let text = "Sale Date,Order ID,Buyer User ID,Order Total,Status,Adjusted Order Total\n\
                    03/15/24,3201,annlee,26.65,Completed,\n\
                    03/20/24,3202,bobray,48.30,Completed,30.00\n\
                    03/21/24,3203,bobray,10.00,Completed,10.00\n\
                    03/22/24,3204,cyd,12.00,Completed,0.00\n\
                    03/23/24,3205,cyd,12.00,Completed,about 5\n";
        let (transactions, facts) = read(text);
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [26.65, 30.0, 10.0]);
        assert_eq!(
            facts.altered.messages(),
            ["adjustedAmount: line 3: the adjusted amount '30.00' is counted in place of the amount"]
        );
        assert_eq!(
            facts.skipped.messages(),
            [
                "refundedInFull: line 5: the adjusted amount '0.00' leaves nothing of the sale, so it brought no money",
                "invalidNumber: line 6: adjusted amount 'about 5' is not a number",
            ]
        );
        // Beside another amount, a column of that name adjusts nothing.
        let other = text.replace("Order Total,", "Amount,");
        let amounts: Vec<f64> = read(&other).0.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [26.65, 48.3, 10.0, 12.0, 12.0]);
    }

    #[test]
    fn customers_with_a_purchase_date_apart_are_skipped() {
        // 120 customers from 2023 to 2024; one last purchase is a typo for 2024, one first
        // purchase a placeholder: either would move the analysis by years.
        let mut text = "customer,first_purchase,last_purchase,frequency,monetary\n".to_string();
        for customer in 0..120 {
            text += &format!(
                "c{customer},2023-01-{:02},2024-03-05,2,50\n",
                customer % 28 + 1
            );
        }
        text += "typo,2023-02-01,2042-03-05,3,70\nplaceholder,1900-01-01,2024-03-01,2,40\n";
        let (records, facts) = read_customer_file(&text);
        assert_eq!(records.len(), 120);
        assert_eq!(
            facts.skipped.messages(),
            [
                "dateApart: line 122: date 2042-03-05 is more than two years after every other date (the others run from 2023-01-01 to 2024-03-05): a placeholder or a typo, so not analysed",
                "dateApart: line 123: date 1900-01-01 is more than two years before every other date (the others run from 2023-01-01 to 2024-03-05): a placeholder or a typo, so not analysed",
            ]
        );
        assert_eq!(facts.rows_read, 122);
    }

    #[test]
    fn a_customer_row_with_a_stray_quote_is_read_as_written_and_skipped_as_any_row() {
        // A stray quote on line 2, closed 121 lines on by another on line 123, which opens a
        // value never closed: both lines are read as written. Line 123's date is apart, so it
        // is skipped, and no longer noted as read otherwise.
        let mut text = "customer,first_purchase,last_purchase,frequency,monetary\n".to_string();
        text += "\"used,2023-02-01,2024-03-01,2,40\n";
        for customer in 0..120 {
            text += &format!(
                "c{customer},2023-01-{:02},2024-03-05,2,50\n",
                customer % 28 + 1
            );
        }
        text += "\"typo,2023-02-01,2042-03-05,3,70\n";
        let (records, facts) = read_customer_file(&text);
        assert_eq!(records.len(), 121);
        assert_eq!(records[0].id, "\"used");
        assert_eq!(
            facts.altered.messages(),
            ["strayQuote: line 2: the quote in '\"used' opens a value that would take in the rows after it; read as written, and the lines after it as rows"]
        );
        let skipped = facts.skipped.groups();
        let lines: Vec<(&str, u64)> = skipped
            .iter()
            .flat_map(|g| g.examples.iter().map(move |e| (g.reason, e.line)))
            .collect();
        assert_eq!(lines, [("dateApart", 123)]);
        assert_eq!(facts.rows_read, 122);
    }

    #[test]
    fn a_file_without_a_header_takes_its_width_from_its_rows() {
        let positions = |roles: &[(&str, usize)]| {
            let mut options = ReadOptions {
                has_header: false,
                ..ReadOptions::default()
            };
            for &(role, position) in roles {
                let position = ColumnRef::Position(position);
                options.columns.set(role, position).unwrap();
            }
            options
        };
        let options = positions(&[("customer", 1), ("date", 2), ("amount", 3)]);
        let text = "a,2024-03-01,12.00,Paris\n\
                    b,2024-03-02,1,288.00,Lyon\n\
                    c,2024-03-03,5.00,Nice\n";
        let (transactions, facts) = read_with(text, &options);
        let amounts: Vec<f64> = transactions.rows.iter().map(|row| row.amount).collect();
        assert_eq!(amounts, [12.0, 5.0]);
        assert_eq!(
            facts.skipped.messages(),
            ["tooManyFields: line 2: the row has values in 5 fields where the table has 4 columns: the amount '1,288.00' was split at its unquoted comma, so its columns are shifted; quote the amounts, or export with another delimiter"]
        );
        // A mapped column that most rows leave empty is still a column.
        let options = positions(&[("customer", 1), ("date", 2), ("amount", 3), ("cost", 4)]);
        let text = "a,2024-03-01,12.00,\nb,2024-03-02,8.00,\nc,2024-03-03,5.00,2.00\n";
        let (transactions, facts) = read_with(text, &options);
        assert_eq!(transactions.rows.len(), 3);
        assert_eq!(facts.skipped.total(), 0);
    }

    #[test]
    fn orders_that_brought_no_money_are_not_sales() {
        // Taobao's export lists every order: closed unpaid ones with nothing paid, and one
        // waiting for payment.
        let text = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\n\
                    1001,tb_ann,88.00,交易成功,2024-03-01 10:00\n\
                    1002,tb_ann,0.00,交易关闭,2024-03-02 10:00\n\
                    1003,tb_bob,35.50,等待买家付款,2024-03-03 10:00\n\
                    1004,tb_bob,35.50,卖家已发货，等待买家确认,2024-03-04 10:00\n";
        let (transactions, facts) = read(text);
        let orders: Vec<_> = transactions.rows.iter().map(|r| r.order).collect();
        let kept = ["1001", "1004"].map(|id| Some(OrderKey::of(id)));
        assert_eq!(orders, kept);
        assert_eq!(
            facts.skipped.messages(),
            [
                "notASale: line 3: the order's status '交易关闭' means no completed sale",
                "notASale: line 4: the order's status '等待买家付款' means no completed sale",
            ]
        );
        let used = facts.columns.transactions().unwrap();
        assert_eq!(used.status.as_deref(), Some("订单状态"));
        // Left out by the user, every order counts.
        let mut columns = ColumnOverrides::default();
        columns.set("status", ColumnRef::Unused).unwrap();
        let options = ReadOptions {
            columns,
            ..ReadOptions::default()
        };
        let (transactions, _) = read_with(text, &options);
        assert_eq!(transactions.rows.len(), 4);
    }

    #[test]
    fn a_dash_is_a_zero_amount_but_no_count_in_a_customer_file() {
        let customers = "customer,recency_days,frequency,monetary\n\
                         a,-,2,10\n\
                         b,5,1,\" $ -   \"\n";
        let (records, facts) = read_customer_file(customers);
        assert_eq!(records.len(), 1);
        assert_eq!((records[0].id.as_str(), records[0].monetary), ("b", 0.0));
        assert_eq!(
            facts.skipped.messages(),
            ["invalidCount: line 2: recency '-' is not a whole number of at least 0"]
        );
    }

    #[test]
    fn a_count_past_32_bits_in_a_customer_file_is_too_large_not_fractional() {
        let customers = "customer,recency_days,frequency,monetary,purchase_days\n\
                         a,1,1e16,10,\n\
                         b,1,4294967296,10,\n\
                         c,1e16,2,10,\n\
                         d,1,2,10,1e16\n\
                         e,1,2.5,10,\n\
                         f,1,4294967295,10,\n";
        let (records, facts) = read_customer_file(customers);
        let read: Vec<(&str, u32)> = records
            .iter()
            .map(|r| (r.id.as_str(), r.frequency))
            .collect();
        assert_eq!(read, [("f", u32::MAX)]);
        let past = "is a whole number, but past 4,294,967,295, more than any customer's: check that it is a count, not an id or an amount";
        assert_eq!(
            facts.skipped.messages(),
            [
                format!("invalidCount: line 2: frequency '1e16' {past}"),
                format!("invalidCount: line 3: frequency '4294967296' {past}"),
                format!("invalidCount: line 4: recency '1e16' {past}"),
                format!("invalidCount: line 5: purchase days '1e16' {past}"),
                "invalidCount: line 6: frequency '2.5' is not a whole number of at least 1".into(),
            ]
        );
    }

    #[test]
    fn ids_that_stand_for_no_customer_are_not_customers() {
        // WooCommerce writes 0 for a guest checkout; a database dump writes NULL or \N.
        let text = "Order Number,Order Date,Customer User ID,Order Total Amount\n\
                    1001,2024-03-01,0,10.00\n\
                    1002,2024-03-02,17,30.00\n\
                    1003,2024-03-03,NULL,20.00\n\
                    1004,2024-03-04,\\N,5.00\n\
                    1005,2024-03-05,00,7.00\n\
                    1006,2024-03-06,散客,4.00\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.customer_ids, ["17", "00"]);
        assert_eq!(
            facts.skipped.messages(),
            [
                "placeholderCustomer: line 2: customer id '0' stands for no customer",
                "placeholderCustomer: line 4: customer id 'NULL' stands for no customer",
                "placeholderCustomer: line 5: customer id '\\N' stands for no customer",
                "placeholderCustomer: line 7: customer id '散客' stands for no customer",
            ]
        );
        // Their revenue counts apart, as that of rows without an id: 10 + 20 + 5 + 4.
        let revenue: f64 = facts
            .unattributed_sales
            .iter()
            .map(|(_, amount)| amount)
            .sum();
        assert_eq!((facts.unattributed.rows, revenue), (4, 39.0));
        // In a customer file too.
        let customers =
            "customer,last purchase,frequency,monetary\na,2024-03-05,2,10\n-1,2024-03-06,40,500\n";
        let (records, facts) = read_customer_file(customers);
        assert_eq!(records.len(), 1);
        assert_eq!(
            facts.skipped.messages(),
            ["placeholderCustomer: line 3: customer id '-1' stands for no customer"]
        );
        assert_eq!(facts.unattributed.rows, 1);
    }

    #[test]
    fn guests_known_by_their_email_alone_make_it_the_customer_column() {
        // WooCommerce's order export: a guest's orders have the user id 0.
        let woo = "Order Number,Order Date,Email (Billing),Order Total Amount,Customer User ID\n\
                   1001,2024-03-01,ann@x.com,105.00,12\n1002,2024-03-02,Guest@x.com,55.00,0\n\
                   1003,2024-03-03,ann@x.com,25.00,12\n1004,2024-03-04,guest@x.com,10.00,0\n";
        let (transactions, facts) = read(woo);
        assert_eq!(transactions.customer_ids, ["ann@x.com", "guest@x.com"]);
        let customers: Vec<u32> = transactions.rows.iter().map(|row| row.customer).collect();
        assert_eq!(customers, [0, 1, 0, 1]);
        assert_eq!(facts.skipped.total(), 0);
        assert_eq!(
            facts.columns.transactions().unwrap().customer,
            "Email (Billing)"
        );
        // A row without an email is its id's; a guest's without one is no customer's.
        let more = format!("{woo}1005,2024-03-05,,20.00,15\n1006,2024-03-06,,7.00,0\n");
        let (transactions, facts) = read(&more);
        assert_eq!(
            transactions.customer_ids,
            ["ann@x.com", "guest@x.com", "15"]
        );
        assert_eq!(facts.skipped.groups()[0].reason, "placeholderCustomer");
        assert_eq!(facts.skipped.total(), 1);
        // An email column chosen for another role stays that role's.
        let mut as_order = ReadOptions::default();
        as_order
            .columns
            .set("order", ColumnRef::Name("Email (Billing)".into()))
            .unwrap();
        let (transactions, facts) = read_with(woo, &as_order);
        assert_eq!(transactions.customer_ids, ["12"]);
        assert_eq!(
            facts.columns.transactions().unwrap().customer,
            "Customer User ID"
        );
        // A blank id is a guest's too; rows that an id alone names would be lost instead.
        let blank =
            "customer_id,date,amount,email\nc1,2024-03-01,5,a@x.com\n,2024-03-02,5,b@x.com\n";
        assert_eq!(read(blank).0.customer_ids, ["a@x.com", "b@x.com"]);
        let fewer = format!("{blank}c2,2024-03-03,5,\nc3,2024-03-04,5,\n");
        assert_eq!(read(&fewer).0.customer_ids, ["c1", "c2", "c3"]);
        // Without guests, or with the id column chosen, the id stays the customer's.
        let registered = "customer_id,date,amount,email\nc1,2024-03-01,5,a@x.com\n";
        assert_eq!(read(registered).0.customer_ids, ["c1"]);
        let mut chosen = ReadOptions::default();
        chosen
            .columns
            .set("customer", ColumnRef::Name("Customer User ID".into()))
            .unwrap();
        let (transactions, facts) = read_with(woo, &chosen);
        assert_eq!(transactions.customer_ids, ["12"]);
        assert_eq!(facts.skipped.groups()[0].reason, "placeholderCustomer");
    }

    #[test]
    fn email_addresses_are_one_customer_whatever_their_case() {
        let text = "Email,Created at,Total\nAnn@X.com,2024-03-01,10\nann@x.com,2024-03-02,20\n\
                    Bob,2024-03-03,5\nbob,2024-03-04,5\nA@B,2024-03-05,5\nShop @ Home.com,2024-03-06,5\n";
        let (transactions, _) = read(text);
        // Names and other ids keep their case.
        assert_eq!(
            transactions.customer_ids,
            ["ann@x.com", "Bob", "bob", "A@B", "Shop @ Home.com"]
        );
        let customers = "customer,last purchase,frequency,monetary\nANN@x.com,2024-03-05,2,10\nann@x.com,2024-03-06,1,5\n";
        let (records, facts) = read_customer_file(customers);
        assert_eq!(records.len(), 1);
        assert_eq!(facts.skipped.groups()[0].reason, "duplicateCustomer");
        // Addresses first met after the rows sampled, among ids that are not.
        let tail = "Late@Shop.com,2024-04-01,5\nlate@shop.com,2024-04-02,5\n";
        let text = march_sales(
            "customer,date,amount\n",
            SAMPLE_ROWS,
            |_| String::new(),
            tail,
        );
        let (transactions, _) = read(&text);
        assert_eq!(transactions.customer_ids.len(), SAMPLE_ROWS + 1);
        assert_eq!(transactions.customer_ids.last().unwrap(), "late@shop.com");
    }

    #[test]
    fn no_customer_ids_are_told_from_ids() {
        for none in [
            "0", "-1", "-", "null", "Null", "(null)", "\\N", "None", "nan", "NA", "#N/A", "n/a",
            "Guest", "WALK-IN", "散客", "匿名",
        ] {
            assert!(rows::stands_for_no_customer(none), "{none}");
        }
        for id in [
            "00",
            "1",
            "10",
            "-10",
            "nancy",
            "Nan Li",
            "guest42",
            "NA123",
            "散客A",
            "17850",
            "anonymous-buyer",
        ] {
            assert!(!rows::stands_for_no_customer(id), "{id}");
        }
    }

    #[test]
    fn a_closing_total_with_a_date_is_no_customer() {
        let rows =
            "customer,date,amount\nA,2024-03-01,100\nB,2024-03-02,50.10\n,2024-03-03,-0.10\n";
        let (transactions, facts) = read(&format!("{rows}Total,2024-03-31,150\n"));
        assert_eq!(transactions.rows.len(), 2);
        assert_eq!(
            facts.skipped.messages(),
            [
                "missingCustomer: line 4: the customer id is empty",
                "totalRow: line 5: 'Total' marks a total line, not a transaction or customer",
            ]
        );
        let dates: Vec<String> = transactions
            .rows
            .iter()
            .map(|r| r.date.to_string())
            .collect();
        assert_eq!(dates, ["2024-03-01", "2024-03-02"]);
        // A customer named Total: with an amount of their own, with rows of their own, or
        // before other rows.
        for text in [
            format!("{rows}Total,2024-03-31,150.01\n"),
            format!("{rows}Total,2024-03-04,5\nTotal,2024-03-31,155\n"),
            format!("{rows}Total,2024-03-31,150\nC,2024-03-31,1\n"),
        ] {
            let (transactions, facts) = read(&text);
            assert!(
                transactions.customer_ids.contains(&"Total".to_string()),
                "{text}"
            );
            assert_eq!(facts.skipped.total(), 1, "{text}");
        }
        // A spreadsheet's total sums the amounts as written: a cancelled sale, a date that is
        // none, a guest and a return too (50 + 60 + 10 + 5 − 3).
        let statuses = "customer_id,date,amount,status\nA,2024-03-01,50,paid\n\
                        B,2024-03-02,60,cancelled\nC,2024-02-31,10,paid\n0,2024-03-04,5,paid\n\
                        D,2024-03-05,(3.00),paid\nTotal,2024-03-31,122,\n";
        let (transactions, facts) = read(statuses);
        assert_eq!(transactions.customer_ids, ["A", "D", "Total"]);
        assert_eq!(transactions.rows.len(), 2);
        assert_eq!(facts.skipped.groups().last().unwrap().reason, "totalRow");
        // Read in halves, whole and in pieces: the total is the last half's last row, and the
        // first half's invalid date is in the sum as written.
        let customers = SAMPLE_ROWS + 2000;
        let total = customers * (customers - 1) / 2 + 7;
        let text = march_sales(
            "客户编号,日期,金额\nx,2024-02-31,7\n",
            customers,
            |_| String::new(),
            &format!("合计,2024-03-31,{total}\n"),
        );
        let mut ingest = Ingest::new(ReadOptions::default()).unwrap();
        for piece in text.as_bytes().chunks(1000) {
            ingest.push(piece).unwrap();
        }
        for (transactions, facts) in [read(&text), finish_transactions(ingest).unwrap()] {
            assert_eq!(transactions.rows.len(), customers);
            let reasons: Vec<&str> = facts.skipped.groups().iter().map(|g| g.reason).collect();
            assert_eq!(reasons, ["invalidDate", "totalRow"]);
            let line = customers + 3;
            assert_eq!(
                facts.skipped.messages()[1],
                format!("totalRow: line {line}: '合计' marks a total line, not a transaction or customer")
            );
        }
    }

    #[test]
    fn total_lines_are_neither_customers_nor_revenue() {
        // In a customer file, the total's monetary sums every customer's: counted as revenue
        // without a customer, it would double the file's revenue.
        let customers = "customer,last purchase,frequency,monetary\na,2024-03-05,2,10\n\
                         b,2024-03-06,1,5\n合计,,3,15\n,Total:,3,15\n";
        let (records, facts) = read_customer_file(customers);
        assert_eq!(records.len(), 2);
        assert_eq!(
            (facts.unattributed.rows, facts.unattributed.revenue),
            (0, 0.0)
        );
        assert_eq!(
            facts.skipped.messages(),
            [
                "totalRow: line 4: '合计' marks a total line, not a transaction or customer",
                "totalRow: line 5: 'Total:' marks a total line, not a transaction or customer",
            ]
        );
        // A transaction's total line has no customer, or no date; a customer named Total
        // with a date and an amount is a customer.
        let (transactions, facts) =
            read("customer,date,amount\nTotal,2024-03-05,5\n,2024-03-31,TOTAL\n小计,,5\n,,5\n");
        assert_eq!(transactions.customer_ids, ["Total"]);
        assert_eq!(
            facts.skipped.messages(),
            [
                "totalRow: line 3: 'TOTAL' marks a total line, not a transaction or customer",
                "totalRow: line 4: '小计' marks a total line, not a transaction or customer",
                "missingCustomer: line 5: the customer id is empty",
            ]
        );
        assert_eq!(facts.unattributed.rows, 1);
    }

    #[test]
    fn numbers_and_dates_typed_in_full_width_are_read() {
        let (transactions, facts) = read(
            "客户编号,日期,金额\nA1,２０２４年３月５日,１２０．５０\nA2,２０２４／３／６,－８\nA3,2024-03-07,−2\n",
        );
        assert_eq!(facts.skipped.total(), 0);
        let rows: Vec<(String, f64)> = transactions
            .rows
            .iter()
            .map(|row| (row.date.to_string(), row.amount))
            .collect();
        assert_eq!(
            rows,
            [
                ("2024-03-05".to_string(), 120.5),
                ("2024-03-06".to_string(), -8.0),
                ("2024-03-07".to_string(), -2.0)
            ]
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
            facts.skipped.messages(),
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
        assert_eq!(facts.unattributed.rows, 1);
        let day = "2024-01-01".parse().unwrap();
        assert_eq!(facts.unattributed_sales, [(day, 1.0)]);
    }

    #[test]
    fn quoted_fields_keep_delimiters_and_line_breaks() {
        let text = "customer,date,amount\n\"Smith, J\",2024-01-01,\"1,200.00\"\n\"multi\nline\",2024-01-02,3\nx,bad,1\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.customer_ids, ["Smith, J", "multi\nline"]);
        assert_eq!(transactions.rows[0].amount, 1200.0);
        // The quoted line break moves the last row to line 5.
        assert_eq!(
            facts
                .skipped
                .first_problem()
                .map(|problem| problem.en.as_str()),
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
        let InputColumns::Transactions(columns) = facts.columns else {
            panic!("transactions expected");
        };
        assert_eq!(columns.customer, "column 2");
    }

    #[test]
    fn duplicates_are_reported_and_kept_unless_dropped() {
        let text = "customer,date,amount\na,2024-01-01,5\na,2024-01-01,5\nb,2024-01-01,5\na,2024-01-01,5\n";
        let (transactions, facts) = read(text);
        assert_eq!(transactions.rows.len(), 4);
        assert_eq!(
            facts.duplicates.messages(),
            [
                "duplicateRow: line 3: repeats line 2 exactly",
                "duplicateRow: line 5: repeats line 2 exactly"
            ]
        );
        let (transactions, facts) = read_dropping_duplicates(text);
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
            facts.altered.messages(),
            ["cancellationAsReturn: line 4: cancellation C536380 has a positive amount; counted as a return"]
        );
    }

    #[test]
    fn pieces_of_any_size_read_like_the_whole_file() {
        let mut text = String::from("InvoiceNo;客户编号;InvoiceDate;Quantity;UnitPrice\n");
        for i in 0..12_000 {
            let day = i % 28 + 1;
            text.push_str(&format!(
                "{};\"C {}\nx\";{day}/02/2024;{};1,5\n",
                5000 + i / 3,
                i % 97,
                i % 5
            ));
        }
        let bytes: Vec<u8> = [
            b"\xFF\xFE".as_slice(),
            &text
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ]
        .concat();
        let (whole, whole_facts) = read_transactions(&bytes, &ReadOptions::default()).unwrap();
        assert_eq!(whole_facts.encoding, "UTF-16LE");
        assert_eq!(whole.rows.len(), 12_000);
        // The file's size, when told, only decides how much room the rows take at once: too
        // little, too much or right, the rows are the same, and the spare room goes back.
        let size = bytes.len() as u64;
        for (piece, expected) in [
            (1, None),
            (7, Some(size)),
            (4_096, Some(1)),
            (4_096, Some(size)),
            (100_000, Some(size * 10)),
        ] {
            let mut ingest = Ingest::new(ReadOptions::default()).unwrap();
            if let Some(expected) = expected {
                ingest.expect_bytes(expected);
            }
            for chunk in bytes.chunks(piece) {
                ingest.push(chunk).unwrap();
            }
            assert_eq!(ingest.bytes_read(), bytes.len() as u64);
            let (pieces, facts) = finish_transactions(ingest).unwrap();
            assert_eq!(pieces.customer_ids, whole.customer_ids, "piece {piece}");
            let differ = pieces
                .rows
                .iter()
                .zip(&whole.rows)
                .position(|(a, b)| a != b);
            assert_eq!(
                (pieces.rows.len(), differ),
                (whole.rows.len(), None),
                "piece {piece}"
            );
            assert_eq!(facts.date_format, whole_facts.date_format, "piece {piece}");
            assert_eq!(pieces.rows.capacity(), pieces.rows.len(), "piece {piece}");
        }
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
        for text in [
            "1,2024-01-01,5\n2,2024-01-02,6\n",
            "A,2024-01-01,5\nB,2024-01-02,6\n",
        ] {
            let error = read_transactions(text.as_bytes(), &ReadOptions::default()).unwrap_err();
            assert!(
                error.to_string().contains("the first row looks like data"),
                "{error}"
            );
        }
    }

    #[test]
    fn a_header_read_with_the_wrong_delimiter_or_encoding_is_explained() {
        let read_with = |bytes: &[u8], options: ReadOptions| {
            let error = read_transactions(bytes, &options).unwrap_err();
            (error.code(), error.to_string())
        };
        let text = b"customer_id,order_date,amount\nA,2024-01-01,5\n";
        let tab = ReadOptions {
            delimiter: Some(Delimiter::Tab),
            ..ReadOptions::default()
        };
        assert_eq!(
            read_with(text, tab),
            ("missingColumn", "no customer id column found among the headers [customer_id,order_date,amount]; name that column customer_id (or 客户编号). The header is one field holding ',': the file's fields may be separated by ','; choose it with the delimiter option".to_string())
        );
        // 客户编号,日期,金额 in GBK, read as UTF-8.
        let gbk =
            b"\xbf\xcd\xbb\xa7\xb1\xe0\xba\xc5,\xc8\xd5\xc6\xda,\xbd\xf0\xb6\xee\nA,2024-01-01,5\n";
        let utf8 = ReadOptions {
            encoding: Some("utf-8".into()),
            ..ReadOptions::default()
        };
        let (code, message) = read_with(gbk, utf8);
        assert_eq!(code, "missingColumn");
        assert!(
            message.ends_with(
                "the file may be in another encoding; choose it with the encoding option"
            ),
            "{message}"
        );
    }

    #[test]
    fn the_delimiter_is_chosen_by_the_whole_lines_of_the_first_64_kib() {
        // Lines of 5,000 bytes: the first 64 KiB hold 13 of them and the start of a 14th,
        // which a file read in 64 KiB pieces had counted as a line.
        let line = format!("a;{};c\n", "b".repeat(4_994));
        let text = line.repeat(20);
        let sample = delimiter_sample(&text, false);
        assert_eq!(sample.len(), 13 * line.len());
        assert_eq!(delimiter_sample(&text, true), sample);
        assert_eq!(delimiter_sample(&text[..70_000], false), sample);
        // A whole file within 64 KiB is looked at whole; the start of one still coming, to its
        // last line break.
        assert_eq!(delimiter_sample("a;b\nc;d", true), "a;b\nc;d");
        assert_eq!(delimiter_sample("a;b\nc;d", false), "a;b\n");
        // Without a line break, 64 KiB, cut before a character rather than inside it.
        let unbroken = "客".repeat(30_000);
        assert_eq!(
            delimiter_sample(&unbroken, false).len(),
            DELIMITER_BYTES - 1
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
            // A title above the table does not decide, with spaces or a comma in it.
            (
                "Sales report March 2024\n\ncustomer;date;amount\na;2024-01-02;1,5\n",
                Delimiter::Semicolon,
            ),
            (
                "Report, March 2024\ncustomer\tdate\tamount\na\t2024-01-02\t5\n",
                Delimiter::Tab,
            ),
            // Decimal commas, even two to a row, are outvoted by the header's agreement.
            (
                "customer;amount;cost\na;1,5;0,5\nb;2,5;1,5\n",
                Delimiter::Semicolon,
            ),
            // Delimiters within quotes do not count.
            ("\"1,2,3\";x\n\"4,5,6\";y\n", Delimiter::Semicolon),
            // An account's details above a table with decimal commas agree with its rows on one
            // comma, in more lines than the table's semicolons, but not in one block.
            (
                "Kontoinhaber,Max Mustermann\nIBAN,DE1234\nZeitraum,01.01.-31.03.2024\n\
                 Kunde;Datum;Betrag\nK0;01.01.2024;10,00\nK1;02.01.2024;11,01\n\
                 K2;03.01.2024;12,02\nK3;04.01.2024;13,03\n",
                Delimiter::Semicolon,
            ),
            // A field over two lines breaks its table's block, not its choice.
            (
                "id,note,amount\n1,\"a; b\nc; d\",2\n3,x,4\n5,y,6\n",
                Delimiter::Comma,
            ),
            (
                " 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n",
                Delimiter::Whitespace,
            ),
            // Excel's declaration wins over the counts.
            ("sep=|\na,b,c\nd,e,f\n", Delimiter::Pipe),
            ("sep=\t\r\na,b\r\nc,d\r\n", Delimiter::Tab),
            ("SEP=;\na,b\nc,d\n", Delimiter::Semicolon),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_delimiter(text), expected, "{text:?}");
        }
    }

    #[test]
    fn lines_above_the_header_are_skipped_and_counted() {
        // A title with spaces (whitespace-separated, were it the only line), a blank line and
        // an export note above a semicolon table, read whole and a byte at a time.
        let text = "Umsatzbericht März 2024\n\nStand: 01.04.2024;;\n;;\n\
                    customer;date;amount\na;2024-03-05;1,5\nb;2024-03-06;2\n";
        let mut ingest = Ingest::new(ReadOptions::default()).unwrap();
        for byte in text.as_bytes().chunks(1) {
            ingest.push(byte).unwrap();
        }
        for (transactions, facts) in [read(text), finish_transactions(ingest).unwrap()] {
            assert_eq!(facts.delimiter, Delimiter::Semicolon);
            assert_eq!(facts.header_line, Some(5));
            assert_eq!(transactions.customer_ids, ["a", "b"]);
            assert_eq!(transactions.rows[0].amount, 1.5);
            assert_eq!(facts.rows_read, 5);
            assert_eq!(
                facts.skipped.messages(),
                [
                    "aboveHeader: line 1: 'Umsatzbericht März 2024' is above the column headers on line 5, so not read as data",
                    "aboveHeader: line 3: 'Stand: 01.04.2024' is above the column headers on line 5, so not read as data",
                    "blankRow: line 4: the row is empty",
                ]
            );
        }
        // A bank's or payment app's statement puts its header below a long block of account
        // details and notes (WeChat Pay's bill on line 17).
        let notes: String = (1..=20)
            .map(|n| format!("Note {n} of the export\n"))
            .collect();
        let statement = notes + "customer,date,amount\na,2024-03-05,1.5\n";
        let mut ingest = Ingest::new(ReadOptions::default()).unwrap();
        for byte in statement.as_bytes().chunks(1) {
            ingest.push(byte).unwrap();
        }
        for (transactions, facts) in [read(&statement), finish_transactions(ingest).unwrap()] {
            assert_eq!(facts.delimiter, Delimiter::Comma);
            assert_eq!(facts.header_line, Some(21));
            assert_eq!(transactions.customer_ids, ["a"]);
            let groups = facts.skipped.groups();
            assert_eq!(
                (groups.len(), groups[0].reason, groups[0].count),
                (1, "aboveHeader", 20)
            );
        }
        // Columns given by position map the padded title too, but a title is no header.
        let mut by_position = ReadOptions::default();
        for (role, position) in [("customer", 1), ("date", 2), ("amount", 3)] {
            by_position
                .columns
                .set(role, ColumnRef::Position(position))
                .unwrap();
        }
        let (transactions, facts) = read_with(text, &by_position);
        assert_eq!((transactions.rows.len(), facts.header_line), (2, Some(5)));
        // A customer file's lines above the header are accounted for in the same way.
        let customers =
            "Kundenliste\ncustomer,last purchase,frequency,monetary\na,2024-03-05,2,10\n";
        let (records, facts) = read_customer_file(customers);
        assert_eq!(
            (records.len(), facts.rows_read, facts.header_line),
            (1, 2, Some(2))
        );
        assert_eq!(facts.skipped.groups()[0].reason, "aboveHeader");
    }

    #[test]
    fn the_sep_line_of_a_file_written_for_excel_only_declares_the_delimiter() {
        let (transactions, facts) = read("sep=;\ncustomer;date;amount\nA;2024-03-01;10,5\n");
        assert_eq!(facts.delimiter, Delimiter::Semicolon);
        assert_eq!((facts.header_line, facts.rows_read), (Some(2), 1));
        assert_eq!(facts.skipped.total(), 0);
        assert_eq!(transactions.rows[0].amount, 10.5);
        // Read with another delimiter than declared, and without a header.
        let mut options = ReadOptions {
            delimiter: Some(Delimiter::Comma),
            has_header: false,
            ..ReadOptions::default()
        };
        for (role, position) in [("customer", 1), ("date", 2), ("amount", 3)] {
            options
                .columns
                .set(role, ColumnRef::Position(position))
                .unwrap();
        }
        let (transactions, facts) = read_with("sep=;\nA,2024-03-01,10\n", &options);
        assert_eq!((transactions.rows.len(), facts.rows_read), (1, 1));
        assert_eq!(facts.skipped.total(), 0);
        // In capitals too, as Excel reads it.
        let (_, facts) = read("SEP=;\ncustomer;date;amount\nA;2024-03-01;10,5\n");
        assert_eq!((facts.header_line, facts.skipped.total()), (Some(2), 0));
        // Only the first line declares.
        let (_, facts) = read("Sales\nsep=,\ncustomer,date,amount\nA,2024-03-01,10\n");
        assert_eq!(facts.skipped.total(), 2);
    }

    #[test]
    fn the_header_is_looked_for_in_the_first_thirty_rows_only() {
        let file = |lines_above: usize| {
            "note\n".repeat(lines_above) + "customer,date,amount\na,2024-03-05,1\n"
        };
        let (_, facts) = read(&file(29));
        assert_eq!(facts.header_line, Some(30));
        let error = read_transactions(file(30).as_bytes(), &ReadOptions::default()).unwrap_err();
        assert_eq!(error.code(), "missingColumn");
        let texts = crate::text::Rendered::texts(&error);
        assert!(texts.en.ends_with("[note]; name that column customer_id (or 客户编号). The header row is looked for in the first 30 rows only: if it is further down, delete the lines above it"), "{}", texts.en);
        assert!(
            texts
                .zh_cn
                .ends_with("。只在前 30 行中查找标题行：如果标题行在更下方，请删除其上方的行"),
            "{}",
            texts.zh_cn
        );
        // A file that ends sooner has no header at all, wherever one is looked for.
        let error = read_transactions(b"note\nnote\n", &ReadOptions::default()).unwrap_err();
        assert!(!error.to_string().contains("first 30 rows"), "{error}");
        // Without a header the first row is data, whatever it looks like.
        let headerless = ReadOptions {
            has_header: false,
            ..ReadOptions::default()
        };
        let error = read_transactions(file(1).as_bytes(), &headerless).unwrap_err();
        assert_eq!(error.code(), "missingColumn");
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

    #[test]
    fn a_shop_selling_in_one_country_has_its_states_for_regions() {
        let shop = |countries: [&str; 3], states: [&str; 3], options: &ReadOptions| {
            let mut text =
                "Email,Created at,Total,Billing Province Name,Billing Country\n".to_string();
            for (i, (country, state)) in countries.iter().zip(states).enumerate() {
                text += &format!(
                    "c{i}@shop.example,2024-03-0{},10,{state},{country}\n",
                    i + 1
                );
            }
            let (_, facts) = read_with(&text, options);
            let region = facts.roles.iter().find(|(role, _)| *role == Role::Region);
            let used = facts.columns.transactions().unwrap().region.clone();
            (region.map(|&(_, column)| column), used.unwrap())
        };
        let states = ["California", "Texas", ""];
        let defaults = ReadOptions::default();
        // A blank country is no second country, nor is one written in other capitals.
        for countries in [["US", "US", ""], ["US", "us", "US"]] {
            assert_eq!(
                shop(countries, states, &defaults),
                (Some(3), "Billing Province Name".to_string())
            );
        }
        let country = (Some(4), "Billing Country".to_string());
        assert_eq!(shop(["US", "CA", "US"], states, &defaults), country);
        // Fewer than half the rows name a state.
        assert_eq!(
            shop(["US", "US", "US"], ["", "", "Texas"], &defaults),
            country
        );
        let mut chosen = ReadOptions::default();
        chosen
            .columns
            .set("region", ColumnRef::Name("Billing Country".into()))
            .unwrap();
        assert_eq!(shop(["US", "US", "US"], states, &chosen), country);
    }

    #[test]
    fn an_unnamed_first_column_is_the_customer_only_under_headings() {
        let grouped = ",Date,Amount\nAnn,,\n,2024-03-01,10\n,2024-03-02,5\nTotal Ann,,15\nBob,,\n\
                       ,2024-03-01,7\n,2024-03-04,1\n";
        let (transactions, facts) = read(grouped);
        assert_eq!(transactions.customer_ids, ["Ann", "Bob"]);
        let customers: Vec<u32> = transactions.rows.iter().map(|t| t.customer).collect();
        assert_eq!(customers, [0, 0, 1, 1]);
        let reasons: Vec<&str> = facts.skipped.groups().iter().map(|g| g.reason).collect();
        assert_eq!(reasons, ["customerHeading", "totalRow"]);
        // A row after a total and before the next heading is no one's.
        let (transactions, facts) =
            read(",Date,Amount\nAnn,,\n,2024-03-01,10\nTotal for Ann,,10\n,2024-03-02,5\n");
        assert_eq!(transactions.rows.len(), 1);
        assert_eq!(facts.unattributed.rows, 1);
        // A heading with no rows under it, before its total or at the end, is a note.
        let (_, facts) =
            read(",Date,Amount\nAnn,,\n,2024-03-01,10\nBob,,\nTotal for Bob,,0\nCash Basis,,\n");
        let reasons: Vec<(&str, u64, u64)> = (facts.skipped.groups().iter())
            .map(|g| (g.reason, g.count, g.examples[0].line))
            .collect();
        assert_eq!(
            reasons,
            [
                ("customerHeading", 1, 2),
                ("reportNote", 2, 4),
                ("totalRow", 1, 5)
            ]
        );
        // Without headings, as in a table saved with its row numbers, there is no customer.
        let numbered = ",date,amount\n0,2024-03-01,10\n1,2024-03-02,5\n";
        let error = read_transactions(numbered.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert_eq!(error.code(), "missingColumn");
    }
}
