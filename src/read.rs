//! Reading a transactions CSV into typed [`Transactions`], counting every row it cannot use.

use std::collections::HashMap;

use crate::columns::{ColumnMap, ColumnsUsed, ValueColumns};
use crate::decode::decode;
use crate::error::{Error, ErrorKind};
use crate::number::parse_number;
use crate::quality::{SkipReason, SkippedRows};
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

/// What the reader found, besides the transactions.
#[derive(Clone, Debug)]
pub(crate) struct ReadFacts {
    pub bytes: u64,
    pub encoding: &'static str,
    pub delimiter: char,
    pub columns: ColumnsUsed,
    pub rows_read: u64,
    pub skipped: SkippedRows,
}

/// Reads a transactions CSV with a header row.
pub(crate) fn read_transactions(bytes: &[u8]) -> Result<(Transactions, ReadFacts), Error> {
    let (rows, table) = read_table(
        bytes,
        |headers| Ok(RowReader::new(ColumnMap::from_headers(headers)?)),
        RowReader::read,
    )?;
    let facts = ReadFacts {
        bytes: table.bytes,
        encoding: table.encoding,
        delimiter: table.delimiter,
        columns: rows.map.describe(&table.headers),
        rows_read: table.rows_read,
        skipped: rows.skipped,
    };
    Ok((rows.transactions, facts))
}

/// What [`read_table`] found besides the records: shared by every file the product reads.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub bytes: u64,
    pub encoding: &'static str,
    pub delimiter: char,
    /// The header row, each name trimmed.
    pub headers: Vec<String>,
    /// Data records read (the header row is not counted).
    pub rows_read: u64,
}

/// Decodes a delimited text file with a header row, detects its delimiter, lets `start` make
/// a row handler from the headers, and feeds it every data record with its 1-based line.
///
/// A file with no header or no data rows is [`ErrorKind::EmptyInput`].
pub(crate) fn read_table<H>(
    bytes: &[u8],
    start: impl FnOnce(&[String]) -> Result<H, Error>,
    mut each: impl FnMut(&mut H, u64, &csv::StringRecord),
) -> Result<(H, Table), Error> {
    let decoded = decode(bytes)?;
    let text = decoded.text.as_ref();
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(ErrorKind::EmptyInput.into());
    }
    let mut handler = start(&headers)?;
    let mut rows_read = 0;
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(csv_error)? {
        let line = record.position().map_or(0, csv::Position::line);
        rows_read += 1;
        each(&mut handler, line, &record);
    }
    if rows_read == 0 {
        return Err(ErrorKind::EmptyInput.into());
    }
    let table = Table {
        bytes: bytes.len() as u64,
        encoding: decoded.encoding,
        delimiter: char::from(delimiter),
        headers,
        rows_read,
    };
    Ok((handler, table))
}

fn csv_error(error: csv::Error) -> Error {
    let line = error.position().map_or(0, csv::Position::line);
    ErrorKind::Csv {
        line,
        message: error.to_string(),
    }
    .into()
}

/// The delimiter used most in the header line among comma, semicolon, tab and pipe.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |delimiter: u8| header.bytes().filter(|&b| b == delimiter).count();
    // `min_by_key` keeps the first of equal keys, so ties (and a header with none) go to comma.
    [b',', b';', b'\t', b'|']
        .into_iter()
        .min_by_key(|&delimiter| std::cmp::Reverse(count(delimiter)))
        .unwrap_or(b',')
}

/// Turns records into transactions, interning customer and order ids.
struct RowReader {
    map: ColumnMap,
    transactions: Transactions,
    customers: HashMap<String, u32>,
    orders: HashMap<String, u32>,
    skipped: SkippedRows,
}

impl RowReader {
    fn new(map: ColumnMap) -> RowReader {
        RowReader {
            map,
            transactions: Transactions::default(),
            customers: HashMap::new(),
            orders: HashMap::new(),
            skipped: SkippedRows::default(),
        }
    }

    fn read(&mut self, line: u64, record: &csv::StringRecord) {
        match self.parse(record) {
            Ok(transaction) => self.transactions.rows.push(transaction),
            Err(reason) => self.skipped.push(line, reason),
        }
    }

    fn parse(&mut self, record: &csv::StringRecord) -> Result<Transaction, SkipReason> {
        check_shape(record, self.map.min_fields())?;
        let field = |index: usize| record[index].trim();
        let customer_id = field(self.map.customer);
        if customer_id.is_empty() {
            return Err(SkipReason::MissingCustomer);
        }
        let date_text = field(self.map.date);
        if date_text.is_empty() {
            return Err(SkipReason::MissingDate);
        }
        let date = Date::parse_lenient(date_text)
            .ok_or_else(|| SkipReason::InvalidDate(date_text.to_string()))?;
        let number = |index: usize, name: &'static str| {
            parse_number(field(index)).ok_or_else(|| SkipReason::InvalidNumber {
                field: name,
                text: field(index).to_string(),
            })
        };
        let amount = match self.map.value {
            ValueColumns::Amount(amount) => number(amount, "amount")?,
            ValueColumns::QuantityTimesPrice { quantity, price } => {
                number(quantity, "quantity")? * number(price, "unit price")?
            }
        };
        let order = self
            .map
            .order
            .map(field)
            .filter(|order| !order.is_empty())
            .map(|order| intern(&mut self.orders, order));
        let customer = intern(&mut self.customers, customer_id);
        if customer as usize == self.transactions.customer_ids.len() {
            self.transactions.customer_ids.push(customer_id.to_string());
        }
        Ok(Transaction {
            customer,
            date,
            amount,
            order,
        })
    }
}

/// Rejects a record that is blank or too short for the mapped columns.
pub(crate) fn check_shape(record: &csv::StringRecord, needed: usize) -> Result<(), SkipReason> {
    if record.iter().all(|field| field.trim().is_empty()) {
        return Err(SkipReason::BlankRow);
    }
    if record.len() < needed {
        return Err(SkipReason::TooFewFields {
            found: record.len(),
            needed,
        });
    }
    Ok(())
}

/// The index of `key`, giving new keys the next index.
fn intern(indices: &mut HashMap<String, u32>, key: &str) -> u32 {
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

    fn read(text: &str) -> (Transactions, ReadFacts) {
        read_transactions(text.as_bytes()).unwrap()
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
        assert_eq!((facts.delimiter, facts.encoding), (',', "UTF-8"));
    }

    #[test]
    fn quantity_times_price_and_order_ids() {
        let (transactions, facts) = read(
            "InvoiceNo;CustomerID;InvoiceDate;Quantity;UnitPrice\n\
             536365;17850;2010-12-01 08:26;6;2,55\n",
        );
        // "2,55" is a decimal comma, which is rejected, not guessed.
        assert_eq!(transactions.rows.len(), 0);
        assert_eq!(facts.delimiter, ';');
        assert_eq!(
            facts.skipped.first_problem(),
            Some("line 2: unit price '2,55' is not a number")
        );

        let (transactions, _) = read(
            "InvoiceNo|CustomerID|InvoiceDate|Quantity|UnitPrice\n\
             536365|17850|2010-12-01 08:26|6|2.55\n536365|17850|2010-12-01 08:26|2|1.5\n",
        );
        assert_eq!(transactions.rows[0].order, Some(0));
        assert_eq!(transactions.rows[1].order, Some(0));
        assert!((transactions.rows[0].amount - 15.3).abs() < 1e-9);
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
        let found: Vec<String> = facts
            .skipped
            .groups()
            .iter()
            .flat_map(|g| {
                g.examples
                    .iter()
                    .map(move |e| format!("{}: {}", g.reason, e.message))
            })
            .collect();
        assert_eq!(
            found,
            [
                "missingCustomer: line 3: the customer id is empty",
                "invalidDate: line 4: date '2024-02-30' is not a valid date",
                "missingDate: line 5: the date is empty",
                "invalidNumber: line 6: amount 'abc' is not a number",
                "invalidNumber: line 9: the amount is empty",
                "tooFewFields: line 7: the row has 2 fields, the columns need 3",
                "blankRow: line 8: the row is empty",
            ]
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
            Some("line 5: date 'bad' is not a valid date")
        );
    }

    #[test]
    fn header_only_and_empty_files_are_errors() {
        for text in ["", "\n\n", "customer,date,amount\n"] {
            let error = read_transactions(text.as_bytes()).unwrap_err();
            assert_eq!(error.code(), "emptyInput", "{text:?}");
        }
    }

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter("a,b;c,d"), b',');
        assert_eq!(detect_delimiter("a;b;c"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("a|b|c"), b'|');
        assert_eq!(detect_delimiter("single"), b',');
    }
}
