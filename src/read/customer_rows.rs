//! Turning the records of a customer file (one row per customer) into customer records, and
//! accounting for the rows that cannot be used.

use rustc_hash::FxHashMap;

use super::formats::Formats;
use super::header::HeaderRow;
use super::outliers;
use super::records::Record;
use super::rows::{
    check_shape, customer_key, is_total_label, no_customer_issue, stands_for_no_customer,
    total_label,
};
use super::{read_amount, Unattributed};
use crate::aggregated::{CustomerRecord, LastSeen};
use crate::columns::{CustomerColumnMap, LastPurchase};
use crate::date::{DateEvidence, DateFormat};
use crate::number::{is_scientific_notation, DecimalSeparator};
use crate::quality::{checked_count, Lines, RowIssue, RowLog, MAX_RECENCY_DAYS};
use crate::Date;

/// Reads customer rows, keeping the first row of each id.
pub(crate) struct CustomerRowReader {
    pub map: CustomerColumnMap,
    /// The header row, to tell its repeats from data; `None` without one.
    pub header: Option<HeaderRow>,
    pub date_format: DateFormat,
    pub decimal: DecimalSeparator,
    pub records: Vec<CustomerRecord>,
    /// The lines of each customer's row.
    pub lines: FxHashMap<String, Lines>,
    pub rows_read: u64,
    pub ambiguous_dates: u64,
    pub ambiguous_numbers: u64,
    pub skipped: RowLog,
    /// Rows used but read otherwise than written.
    pub altered: RowLog,
    /// The reason each row in `altered` is noted under, by its first line, to take back should
    /// the row be skipped after all.
    noted: FxHashMap<u64, &'static str>,
    /// Rows without a customer id, counted; the revenue of those without a valid last purchase
    /// date, which no analysis date can leave out, is in it.
    pub unattributed: Unattributed,
    /// The last purchase date and revenue of each row without a customer id that has both.
    pub unattributed_sales: Vec<(Date, f64)>,
    /// The day the rows' recency beside their last purchase date was counted at.
    counted_at: CountedAt,
}

/// The day a customer file's recency in days was counted at, from the rows that give a last
/// purchase date beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CountedAt {
    /// No row gives both.
    Unknown,
    /// Every row that gives both gives this day.
    Day(Date),
    /// Rows give different days, so none is the file's analysis date.
    Disagreeing,
}

impl CountedAt {
    fn add(self, day: Date) -> CountedAt {
        match self {
            CountedAt::Unknown => CountedAt::Day(day),
            CountedAt::Day(known) if known == day => self,
            CountedAt::Day(_) | CountedAt::Disagreeing => CountedAt::Disagreeing,
        }
    }
}

impl CustomerRowReader {
    pub fn new(
        map: CustomerColumnMap,
        formats: &Formats,
        header: Option<HeaderRow>,
    ) -> CustomerRowReader {
        CustomerRowReader {
            map,
            header,
            date_format: formats.date,
            decimal: formats.decimal,
            records: Vec::new(),
            lines: FxHashMap::default(),
            rows_read: 0,
            ambiguous_dates: 0,
            ambiguous_numbers: 0,
            skipped: RowLog::default(),
            altered: RowLog::default(),
            noted: FxHashMap::default(),
            unattributed: Unattributed::default(),
            unattributed_sales: Vec::new(),
            counted_at: CountedAt::Unknown,
        }
    }

    /// The day every row's recency beside its last purchase date was counted at: the file's
    /// analysis date, later than every last purchase when the data ends with a return. `None`
    /// without such a column, or when rows disagree on it.
    pub fn recency_counted_at(&self) -> Option<Date> {
        match self.counted_at {
            CountedAt::Day(day) => Some(day),
            CountedAt::Unknown | CountedAt::Disagreeing => None,
        }
    }

    pub fn read(&mut self, line: u64, record: Record<'_>) {
        self.rows_read += 1;
        match self.parse(line, record) {
            Ok(customer) => {
                if let Some(issue) = record.read_otherwise() {
                    self.noted.insert(line, issue.key());
                    self.altered.push(record.lines(line), issue);
                }
                self.records.push(customer);
            }
            Err(issue) => self.skipped.push(record.lines(line), issue),
        }
    }

    /// Skips the customers with a first or last purchase that stands apart from every other
    /// customer's (see [`outliers::data_days`]): a placeholder or a typo, which as the latest
    /// date would move the analysis date by years.
    pub fn skip_dates_apart(&mut self) {
        let Some(data) = outliers::data_days(self.records.iter().flat_map(dates)) else {
            return;
        };
        self.skip_where(|record| {
            let date = dates(record).find(|&date| !data.holds(date))?;
            Some(RowIssue::DateApart {
                date,
                data,
                row_used: false,
            })
        });
    }

    /// Skips the customers whose recency in days puts their last purchase before their first
    /// with the analysis date `as_of`, which the rows are read without.
    pub fn skip_last_before_first(&mut self, as_of: Date) {
        self.skip_where(|record| record.check(Some(as_of)).err());
    }

    /// Skips the customers `issue` finds a problem with, listing each with its lines.
    fn skip_where(&mut self, issue: impl Fn(&CustomerRecord) -> Option<RowIssue>) {
        let (lines, noted) = (&self.lines, &mut self.noted);
        let (skipped, altered) = (&mut self.skipped, &mut self.altered);
        self.records.retain(|record| {
            let Some(issue) = issue(record) else {
                return true;
            };
            let lines = lines.get(&record.id).copied().unwrap_or(Lines::from(0));
            if let Some(reason) = noted.remove(&lines.first) {
                altered.forget(lines.first, reason);
            }
            skipped.push(lines, issue);
            false
        });
    }

    fn parse(&mut self, line: u64, record: Record<'_>) -> Result<CustomerRecord, RowIssue> {
        check_shape(record, self.map.min_fields())?;
        let map = self.map;
        if let Some(issue) = self.header.as_ref().and_then(|h| h.repeated_by(record)) {
            return Err(issue);
        }
        let id = record.get(map.customer).unwrap_or_default();
        let key = customer_key(id);
        let id = &*key;
        // A total line's figures sum every customer's: neither a customer nor unattributed.
        if id.is_empty() || is_total_label(id) {
            if let Some(label) = total_label(record) {
                return Err(RowIssue::TotalRow { label });
            }
        }
        if id.is_empty() || stands_for_no_customer(id) {
            self.unattributed.rows += 1;
            if let Ok(monetary) = self.amount(record, map.monetary, "monetary") {
                // Dated, it counts up to the analysis date, as a customer's row does.
                match self.last_purchase_date(record) {
                    Some(date) => self.unattributed_sales.push((date, monetary)),
                    None => self.unattributed.revenue += monetary,
                }
            }
            return Err(no_customer_issue(id));
        }
        if is_scientific_notation(id) {
            let id = id.to_string();
            return Err(RowIssue::RoundedCustomerId { id });
        }
        let last_purchase = match map.last_purchase {
            LastPurchase::Date(column) => {
                LastSeen::Date(self.date(record, column)?.ok_or(RowIssue::MissingDate)?)
            }
            LastPurchase::RecencyDays(column) => {
                LastSeen::DaysBeforeAsOf(self.count(record, column, "recency", 0)?)
            }
        };
        let first_purchase = match map.first_purchase {
            Some(column) => self.date(record, column)?,
            None => None,
        };
        let frequency = self.count(record, map.frequency, "frequency", 1)?;
        let monetary = self.amount(record, map.monetary, "monetary")?;
        let customer = CustomerRecord {
            id: id.to_string(),
            last_purchase,
            first_purchase,
            frequency,
            monetary,
            purchase_days: map
                .purchase_days
                .filter(|&column| !blank(record, column))
                .map(|column| self.count(record, column, "purchase days", 1))
                .transpose()?,
            repeat_monetary: self.optional_amount(
                record,
                map.repeat_monetary,
                "repeat monetary",
            )?,
            cost: self.cost(record, monetary)?,
        };
        customer.check(None)?;
        let counted_at = self.counted_at(record, last_purchase)?;
        if let Some(first) = self.lines.get(id) {
            return Err(RowIssue::DuplicateCustomer {
                id: id.to_string(),
                first_line: first.first,
            });
        }
        self.lines.insert(id.to_string(), record.lines(line));
        if let Some(day) = counted_at {
            self.counted_at = self.counted_at.add(day);
        }
        Ok(customer)
    }

    /// The day the row's recency beside its last purchase date was counted at; `None` without
    /// the column or with a blank.
    fn counted_at(&self, record: Record<'_>, last: LastSeen) -> Result<Option<Date>, RowIssue> {
        let (LastSeen::Date(last), Some(column)) = (last, self.map.recency_beside_date) else {
            return Ok(None);
        };
        if blank(record, column) {
            return Ok(None);
        }
        match self.count(record, column, "recency", 0)? {
            days if days > MAX_RECENCY_DAYS => Err(RowIssue::RecencyTooLong { days }),
            days => Ok(Some(last.add_days(days as i32))),
        }
    }

    /// The row's last purchase date, when the file has a date column for it and the row a
    /// valid date there.
    fn last_purchase_date(&self, record: Record<'_>) -> Option<Date> {
        match self.map.last_purchase {
            LastPurchase::Date(column) => self.date_format.parse(record.get(column)?),
            LastPurchase::RecencyDays(_) => None,
        }
    }

    /// The date in `column`; `None` when it is blank.
    fn date(&mut self, record: Record<'_>, column: usize) -> Result<Option<Date>, RowIssue> {
        let text = record.get(column).unwrap_or_default();
        if text.is_empty() {
            return Ok(None);
        }
        let date = self.date_format.parse(text).ok_or(RowIssue::InvalidDate {
            text: text.to_string(),
            format: self.date_format.name(),
        })?;
        if self.date_format != DateFormat::YearMonthDay
            && DateFormat::evidence(text) == DateEvidence::Either
        {
            self.ambiguous_dates += 1;
        }
        Ok(Some(date))
    }

    fn amount(
        &mut self,
        record: Record<'_>,
        column: usize,
        field: &'static str,
    ) -> Result<f64, RowIssue> {
        let text = record.get(column).unwrap_or_default();
        read_amount(self.decimal, &mut self.ambiguous_numbers, field, text)
    }

    /// An amount in an optional column; `None` without the column or with a blank.
    fn optional_amount(
        &mut self,
        record: Record<'_>,
        column: Option<usize>,
        field: &'static str,
    ) -> Result<Option<f64>, RowIssue> {
        column
            .filter(|&column| !blank(record, column))
            .map(|column| self.amount(record, column, field))
            .transpose()
    }

    /// The customer's cost: the cost column's, or their monetary value less the profit
    /// column's; `None` without either or with a blank.
    fn cost(&mut self, record: Record<'_>, monetary: f64) -> Result<Option<f64>, RowIssue> {
        match self.map.profit {
            Some(column) => Ok(self
                .optional_amount(record, Some(column), "profit")?
                .map(|profit| monetary - profit)),
            None => self.optional_amount(record, self.map.cost, "cost"),
        }
    }

    /// A whole number of at least `min` (frequency, purchase days, recency).
    fn count(
        &self,
        record: Record<'_>,
        column: usize,
        field: &'static str,
        min: u32,
    ) -> Result<u32, RowIssue> {
        let text = record.get(column).unwrap_or_default();
        checked_count(field, text, self.decimal.parse(text), min)
    }
}

/// The purchase dates a customer row gives.
fn dates(record: &CustomerRecord) -> impl Iterator<Item = Date> + Clone {
    let last = match record.last_purchase {
        LastSeen::Date(date) => Some(date),
        LastSeen::DaysBeforeAsOf(_) => None,
    };
    last.into_iter().chain(record.first_purchase)
}

fn blank(record: Record<'_>, column: usize) -> bool {
    record.get(column).unwrap_or_default().is_empty()
}
