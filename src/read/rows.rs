//! Turning records into transactions, and accounting for the rows that cannot be used.

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::address;
use super::currency::{currency_mark, RowCurrencies};
use super::duplicates::Fingerprints;
use super::formats::Formats;
use super::header::HeaderRow;
use super::outliers;
use super::payments;
use super::records::Record;
use super::status::{is_refund_row, StatusKind};
use super::{
    read_amount, AttributeColumn, Delimiter, OrderKey, TableRows, Transaction, Transactions,
    Unattributed, ValueIndex,
};
use crate::attributes::DiscountKind;
use crate::columns::{ColumnMap, Role, ValueColumns};
use crate::date::{DateEvidence, DateFormat, DateReader};
use crate::empty::is_written_empty;
use crate::number::{is_scientific_notation, DecimalSeparator};
use crate::quality::{checked_amount, Lines, RowIssue, RowLog, MAX_AMOUNT};
use crate::Date;

/// Turns records into transactions, interning customer and order ids.
pub(crate) struct RowReader {
    pub map: ColumnMap,
    /// What the status column holds (see [`Formats::status`]).
    status_kind: StatusKind,
    /// `map.min_fields()`, worked out once rather than for every row.
    min_fields: usize,
    delimiter: Delimiter,
    dates: DateReader,
    pub decimal: DecimalSeparator,
    pub drop_duplicates: bool,
    /// The header row, to tell its repeats from data; `None` without one.
    pub header: Option<HeaderRow>,
    pub transactions: Transactions,
    pub customers: Interner,
    /// The customer numbering of the last reader appended (see
    /// [`reader_for_later_rows`](RowReader::reader_for_later_rows)), emptied, for the next.
    spare_customers: Interner,
    /// One per column of `transactions.attributes`.
    pub attribute_values: Vec<Interner>,
    /// Every used row's fingerprint, to find duplicates once the file is read.
    pub fingerprints: Fingerprints,
    pub rows_read: u64,
    pub ambiguous_dates: u64,
    pub ambiguous_numbers: u64,
    pub skipped: RowLog,
    pub altered: RowLog,
    /// The rows in `altered`, in file order, to take back those skipped once the file is read.
    altered_rows: Vec<AlteredRow>,
    pub duplicates: RowLog,
    /// Rows without a customer id, counted; their revenue is in `unattributed_sales`.
    pub unattributed: Unattributed,
    /// The date and amount of each row without a customer id that has both.
    pub unattributed_sales: Vec<(Date, f64)>,
    /// The sum of the amounts as written on the data rows read, whether used or skipped for
    /// their status or date, before returns, refunds and repeats are accounted for: what a
    /// spreadsheet's total of the column gives.
    written_amounts: f64,
    /// `written_amounts` before the last row used: what a total line closing the file may
    /// give (see [`skip_closing_total`](RowReader::skip_closing_total)).
    written_before_last_row: f64,
    /// The currency of each row used, where the file names it.
    pub currencies: RowCurrencies,
    /// In a report grouped by customer, the customer the last heading named, until their
    /// total (see [`ColumnMap::customer_in_headings`]).
    heading: Option<Arc<str>>,
    /// The lines of that heading until a row under it shows it to be one: a line shaped like
    /// a heading with no rows under it is a note (QuickBooks' `Accrual Basis …` below the
    /// table).
    unconfirmed_heading: Option<Lines>,
    /// Whether a row was judged by the row before it (see
    /// [`on_further_line`](RowReader::on_further_line)) when no row came before: rows that
    /// follow another reader's then cannot simply be appended to them.
    judged_without_previous_row: bool,
}

impl TableRows for RowReader {
    fn read(&mut self, line: u64, record: Record<'_>) {
        self.rows_read += 1;
        let written_before = self.written_amounts;
        match self.parse(line, record) {
            Ok(Some((transaction, cost))) => {
                self.written_before_last_row = written_before;
                self.note_currency(record);
                self.transactions.rows.push(transaction);
                if self.map.has_costs() {
                    self.transactions.costs.push(cost);
                }
                self.read_attributes(record);
            }
            Ok(None) => {}
            Err(issue) => self.skipped.push(record.lines(line), issue),
        }
    }

    fn skip(&mut self, lines: Lines, issue: RowIssue) {
        self.rows_read += 1;
        self.skipped.push(lines, issue);
    }
}

/// What a row of a report grouped by customer is.
enum GroupedRow {
    /// A row of the customer the last heading named; `None` after their total.
    Under(Option<Arc<str>>),
    /// A row with its own customer in the column.
    Own,
    /// A heading, accounted for once the next rows tell whether it heads any.
    Heading,
}

impl RowReader {
    pub fn new(
        map: ColumnMap,
        formats: &Formats,
        delimiter: Delimiter,
        drop_duplicates: bool,
        header: Option<HeaderRow>,
    ) -> RowReader {
        let attributes = map
            .attributes
            .iter()
            .map(|&(role, _)| AttributeColumn {
                role,
                values: Vec::new(),
                by_row: Vec::new(),
            })
            .collect();
        RowReader {
            status_kind: formats.status,
            min_fields: map.min_fields(),
            delimiter,
            attribute_values: map.attributes.iter().map(|_| Interner::default()).collect(),
            map,
            dates: DateReader::new(formats.date),
            decimal: formats.decimal,
            drop_duplicates,
            header,
            transactions: Transactions {
                attributes,
                ..Transactions::default()
            },
            customers: Interner::default(),
            spare_customers: Interner::default(),
            fingerprints: Fingerprints::new(delimiter),
            rows_read: 0,
            ambiguous_dates: 0,
            ambiguous_numbers: 0,
            skipped: RowLog::default(),
            altered: RowLog::default(),
            altered_rows: Vec::new(),
            duplicates: RowLog::default(),
            unattributed: Unattributed::default(),
            unattributed_sales: Vec::new(),
            written_amounts: 0.0,
            written_before_last_row: 0.0,
            currencies: RowCurrencies::default(),
            heading: None,
            unconfirmed_heading: None,
            judged_without_previous_row: false,
        }
    }

    /// Takes room for `total` rows in all, the rows read included. Room the allocator cannot
    /// give is simply not taken in advance.
    pub fn reserve(&mut self, total: usize) {
        let transactions = &mut self.transactions;
        let additional = total.saturating_sub(transactions.rows.len());
        let _ = transactions.rows.try_reserve_exact(additional);
        let _ = self.fingerprints.try_reserve_exact(additional);
        if self.map.has_costs() {
            let _ = transactions.costs.try_reserve_exact(additional);
        }
        for column in &mut transactions.attributes {
            let _ = column.by_row.try_reserve_exact(additional);
        }
    }

    /// Whether the record starting with `line` may be a further line of the order on
    /// `previous`, which only the rows above it tell: a line whose amount is empty (see
    /// [`on_further_line`](RowReader::on_further_line)), or, where the amount is the order's
    /// total, a line of the same order (see [`repeats_order_total`](Self::repeats_order_total)).
    /// Lines with quotes are not looked into.
    pub fn may_follow_its_order(&self, previous: &str, line: &str) -> bool {
        let (ValueColumns::Amount(amount), Some(delimiter)) =
            (self.map.value, self.delimiter.byte())
        else {
            return false;
        };
        fn field(line: &str, delimiter: u8, index: usize) -> Option<&str> {
            line.split(char::from(delimiter)).nth(index)
        }
        let same_order = || {
            self.map.order.is_some_and(|order| {
                !previous.contains('"')
                    && field(previous, delimiter, order) == field(line, delimiter, order)
            })
        };
        !line.contains('"')
            && (field(line, delimiter, amount).is_some_and(|field| field.trim().is_empty())
                || self.map.amount_per_order && same_order())
    }

    /// A reader made like this one that has read nothing, for rows after this one's to be
    /// read on another core and then [`append`](RowReader::append)ed. It numbers customers in
    /// the room of the last reader appended: a new table of ids that are numbers would be
    /// filled whole for every slice (see [`Interner::clear`]).
    pub fn reader_for_later_rows(&mut self, formats: &Formats) -> RowReader {
        let mut later = RowReader::new(
            self.map.clone(),
            formats,
            self.delimiter,
            self.drop_duplicates,
            self.header.clone(),
        );
        later.customers = std::mem::take(&mut self.spare_customers);
        later
    }

    /// Whether [`append`](RowReader::append) can take the rows that `later` read as this
    /// reader would have read them: not when a row there was judged by the row before it and
    /// none had come there (the row before it is this reader's last), nor when its first row
    /// is of the order of this reader's last, where the amount is the order's total (whether
    /// it repeats the total is told by the rows above), nor when it saw more currencies than
    /// it names.
    pub fn can_append(&self, later: &RowReader) -> bool {
        let rows = (
            self.transactions.rows.last(),
            later.transactions.rows.first(),
        );
        let order_runs_on = match rows {
            (Some(last), Some(first)) if self.map.amount_per_order => {
                let (ids, later_ids) = (
                    &self.transactions.customer_ids,
                    &later.transactions.customer_ids,
                );
                last.order == first.order
                    && ids[last.customer as usize] == later_ids[first.customer as usize]
            }
            _ => false,
        };
        !later.judged_without_previous_row && !order_runs_on && !later.currencies.has_unnamed()
    }

    /// Takes the rows that `later`, made like this reader, read from the part of the file
    /// right after this reader's rows, as if this reader had read them: the customers and
    /// descriptive values numbered here, the logs, notes and fingerprints after these. See
    /// [`can_be_appended`](RowReader::can_be_appended).
    pub fn append(&mut self, later: RowReader) {
        let rows = self.transactions.rows.len();
        let ids = &mut self.transactions.customer_ids;
        let customers: Vec<u32> = (later.transactions.customer_ids.iter())
            .map(|id| self.customers.index_noting(id, ids))
            .collect();
        let renumbered = later.transactions.rows.iter().map(|row| Transaction {
            customer: customers[row.customer as usize],
            ..*row
        });
        self.transactions.rows.extend(renumbered);
        self.transactions.costs.extend(later.transactions.costs);
        let columns = (self.transactions.attributes.iter_mut()).zip(&mut self.attribute_values);
        for ((column, values), later_column) in columns.zip(later.transactions.attributes) {
            let indices: Vec<Option<ValueIndex>> = (later_column.values.iter())
                .map(|value| ValueIndex::new(values.index_noting(value, &mut column.values)))
                .collect();
            let renumbered = (later_column.by_row.into_iter())
                .map(|value| value.and_then(|value| indices[value.get() as usize]));
            column.by_row.extend(renumbered);
        }
        let later_rows = later.transactions.rows.len();
        self.currencies.append(rows, later.currencies, later_rows);
        self.fingerprints.append(later.fingerprints);
        self.rows_read += later.rows_read;
        self.ambiguous_dates += later.ambiguous_dates;
        self.ambiguous_numbers += later.ambiguous_numbers;
        self.skipped.append(later.skipped);
        self.altered.append(later.altered);
        let altered_rows = (later.altered_rows.into_iter()).map(|noted| AlteredRow {
            row: noted.row + rows,
            ..noted
        });
        self.altered_rows.extend(altered_rows);
        self.unattributed.rows += later.unattributed.rows;
        self.unattributed_sales.extend(later.unattributed_sales);
        if later_rows > 0 {
            self.written_before_last_row = self.written_amounts + later.written_before_last_row;
        }
        self.written_amounts += later.written_amounts;
        let mut customers = later.customers;
        customers.clear(&later.transactions.customer_ids);
        self.spare_customers = customers;
    }

    /// Once every row is read: finds the rows that repeat an earlier row (reported, or
    /// skipped when asked to drop them), and hands the room the row vectors grew into beyond
    /// their rows back for the analysis (up to half of them, after their last doubling).
    pub fn finish(&mut self) {
        self.settle_heading(false);
        self.skip_closing_total();
        self.skip_dates_apart();
        self.settle_duplicates();
        let transactions = &mut self.transactions;
        transactions.rows.shrink_to_fit();
        transactions.costs.shrink_to_fit();
        for column in &mut transactions.attributes {
            column.by_row.shrink_to_fit();
        }
    }

    fn settle_duplicates(&mut self) {
        let duplicates = self.fingerprints.duplicates();
        let log = if self.drop_duplicates {
            &mut self.skipped
        } else {
            &mut self.duplicates
        };
        for duplicate in &duplicates {
            let issue = RowIssue::DuplicateRow {
                first_line: duplicate.first_line,
            };
            log.push(duplicate.line, issue);
        }
        if self.drop_duplicates && !duplicates.is_empty() {
            let rows: Vec<usize> = duplicates.iter().map(|d| d.row).collect();
            self.remove_rows(&rows);
        }
    }

    /// Skips the last row if it is a total line with a date, which reads like a customer's
    /// row: its customer id is a total's label (`Total`, `合计`), it is the id's only row, and
    /// its amount is the sum of every row above it: of the amounts counted, those without a
    /// customer too, or of the amounts as written (see
    /// [`written_amounts`](RowReader::written_amounts)). A customer named Total has rows of
    /// their own, or an amount of their own.
    fn skip_closing_total(&mut self) {
        let transactions = &self.transactions;
        let Some((last, above)) = transactions.rows.split_last() else {
            return;
        };
        let id = &transactions.customer_ids[last.customer as usize];
        if !is_total_label(id) || above.iter().any(|row| row.customer == last.customer) {
            return;
        }
        let without_customer = self.unattributed_sales.iter().map(|&(_, amount)| amount);
        let sum: f64 = above
            .iter()
            .map(|row| row.amount)
            .chain(without_customer)
            .sum();
        // Amounts in cents add up to a sum off by rounding, never by a cent.
        let near = |sum: f64| (sum - last.amount).abs() <= 0.005 + sum.abs() * 1e-12;
        if !near(sum) && !near(self.written_before_last_row) {
            return;
        }
        let index = above.len();
        let issue = RowIssue::TotalRow { label: id.clone() };
        self.skipped.push(self.fingerprints.line(index), issue);
        self.fingerprints.remove(&[index]);
        self.remove_rows(&[index]);
    }

    /// Skips the rows whose dates stand apart from the others' (see [`outliers`]), before
    /// duplicates are looked for among the rows that remain.
    fn skip_dates_apart(&mut self) {
        let rows = &self.transactions.rows;
        let Some(data) = outliers::data_days(rows.iter().map(|row| row.date)) else {
            return;
        };
        let apart: Vec<usize> = (0..rows.len())
            .filter(|&index| !data.holds(rows[index].date))
            .collect();
        for &index in &apart {
            let issue = RowIssue::DateApart {
                date: self.transactions.rows[index].date,
                data,
                row_used: false,
            };
            self.skipped.push(self.fingerprints.line(index), issue);
        }
        self.fingerprints.remove(&apart);
        self.remove_rows(&apart);
    }

    /// Removes the rows at `indices`, in increasing order, with their costs, attributes,
    /// currencies and notes in `altered`.
    fn remove_rows(&mut self, indices: &[usize]) {
        self.currencies.remove(indices);
        self.forget_altered(indices);
        let transactions = &mut self.transactions;
        remove(&mut transactions.rows, indices);
        if !transactions.costs.is_empty() {
            remove(&mut transactions.costs, indices);
        }
        for column in &mut transactions.attributes {
            remove(&mut column.by_row, indices);
        }
    }

    /// Notes that the row about to be used is read otherwise than written.
    fn note_altered(&mut self, lines: Lines, issue: RowIssue) {
        let row = self.transactions.rows.len();
        self.altered_rows.push(AlteredRow {
            row,
            line: lines.first,
            reason: issue.key(),
        });
        self.altered.push(lines, issue);
    }

    /// Takes the rows at `indices` (in increasing order) out of `altered`, and renumbers the
    /// other rows noted there as the rows that remain.
    fn forget_altered(&mut self, indices: &[usize]) {
        let (altered, altered_rows) = (&mut self.altered, &mut self.altered_rows);
        let mut removed = indices.iter().peekable();
        let mut removed_before = 0;
        altered_rows.retain_mut(|noted| {
            while removed.next_if(|&&index| index < noted.row).is_some() {
                removed_before += 1;
            }
            if removed.peek() == Some(&&noted.row) {
                altered.forget(noted.line, noted.reason);
                return false;
            }
            noted.row -= removed_before;
            true
        });
    }

    /// The row's transaction and cost; `None` for a row without a customer, which is counted
    /// apart.
    fn parse(
        &mut self,
        line: u64,
        record: Record<'_>,
    ) -> Result<Option<(Transaction, Option<f64>)>, RowIssue> {
        let heading = match self.map.customer_in_headings {
            false => None,
            true => match self.follow_headings(line, record)? {
                GroupedRow::Under(name) => name,
                GroupedRow::Own => None,
                GroupedRow::Heading => return Ok(None),
            },
        };
        check_shape(record, self.min_fields)?;
        let field = |index: usize| record.get(index).unwrap_or_default();
        let status = self.map.status.map(field);
        if let Some(issue) = status.and_then(|status| self.status_kind.why_no_sale(status)) {
            self.written_amounts += self.amount(record).unwrap_or(0.0);
            return Err(issue);
        }
        let date_text = field(self.map.date);
        let date = match (date_text.is_empty(), self.dates.parse(date_text)) {
            (true, _) => Err(RowIssue::MissingDate),
            (false, Some(date)) => Ok(date),
            (false, None) => Err(RowIssue::InvalidDate {
                text: date_text.to_string(),
                format: self.dates.format().name(),
            }),
        };
        let mut amount = self.amount(record);
        self.written_amounts += amount.as_ref().map_or(0.0, |value| *value);
        let returned_quantity = match (&mut amount, self.negative_quantity(record)) {
            (Ok(value), Some(quantity)) if *value > 0.0 => {
                *value = -*value;
                Some(quantity)
            }
            _ => None,
        };
        let (movement, customer_column) = self.movement(record, status, &amount)?;
        let refund = match movement {
            Movement::Refund => {
                self.refund_as_return(record, &mut amount);
                None
            }
            Movement::Sale => self
                .subtract_refund(record, &mut amount)
                .or_else(|| self.adjust(record, &mut amount)),
        };
        let id = match (field(customer_column), &heading) {
            ("", Some(name)) => name,
            ("", None) => self.map.customer_id_beside_email.map_or("", field),
            (id, _) => id,
        };
        let key = customer_key(id);
        let customer_id = &*key;
        let no_customer = customer_id.is_empty() || stands_for_no_customer(customer_id);
        // Only a row that cannot be a transaction is looked at for why it is none: a repeat
        // of the header (before its names, which a total's label may be one of) or a total.
        if no_customer || date.is_err() {
            if let Some(issue) = self.header.as_ref().and_then(|h| h.repeated_by(record)) {
                return Err(issue);
            }
            if let Some(label) = total_label(record) {
                return Err(RowIssue::TotalRow { label });
            }
        }
        if no_customer {
            self.unattributed.rows += 1;
            if let (Ok(date), Ok(amount)) = (&date, &amount) {
                self.unattributed_sales.push((*date, *amount));
            }
            return Err(no_customer_issue(customer_id));
        }
        if is_scientific_notation(customer_id) {
            let id = customer_id.to_string();
            return Err(RowIssue::RoundedCustomerId { id });
        }
        let empty_amount = matches!(
            &amount,
            Err(RowIssue::InvalidNumber { field: "amount", text }) if text.is_empty()
        );
        let date =
            date.map_err(|issue| self.on_further_line(issue, empty_amount, customer_id, None))?;
        // Year-first columns have no ambiguous dates: skip the second look.
        let either_way = self.dates.format() != DateFormat::YearMonthDay
            && DateFormat::evidence(date_text) == DateEvidence::Either;
        if either_way {
            self.ambiguous_dates += 1;
        }
        let order_text = self.map.order.map(field).filter(|order| !order.is_empty());
        let cancelled = match (&mut amount, order_text) {
            (Ok(value), Some(order)) if *value > 0.0 && is_cancellation(order) => {
                *value = -*value;
                true
            }
            _ => false,
        };
        let amount = amount
            .map_err(|issue| self.on_further_line(issue, empty_amount, customer_id, Some(date)))?;
        // Most files have no cost column: answered here, as every row asks, without a call.
        let cost = match self.map.has_costs() {
            true => self.cost(record, amount)?,
            false => None,
        };
        // The row is used: what was read differently is noted only now.
        let lines = record.lines(line);
        if let Some(issue) = record.read_otherwise() {
            self.note_altered(lines, issue);
        }
        if let Some(refund) = refund {
            self.note_altered(lines, refund);
        }
        if let Some(quantity) = returned_quantity {
            let quantity = quantity.to_string();
            self.note_altered(lines, RowIssue::ReturnByQuantity { quantity });
        }
        let order = match order_text {
            Some(order) if is_scientific_notation(order) => {
                let order = order.to_string();
                self.note_altered(lines, RowIssue::RoundedOrderId { order });
                None
            }
            Some(order) => {
                if cancelled {
                    let order = order.to_string();
                    self.note_altered(lines, RowIssue::CancellationAsReturn { order });
                }
                Some(OrderKey::of(order))
            }
            None => None,
        };
        let customer = self
            .customers
            .index_noting(customer_id, &mut self.transactions.customer_ids);
        let amount = match order {
            Some(order)
                if self.map.amount_per_order
                    && self.repeats_order_total(customer, order, amount) =>
            {
                let total = match self.map.value {
                    ValueColumns::Amount(column) => field(column).to_string(),
                    ValueColumns::QuantityTimesPrice { .. } => amount.to_string(),
                };
                self.note_altered(lines, RowIssue::RepeatedOrderTotal { total });
                0.0
            }
            _ => amount,
        };
        match &heading {
            Some(name) => self.fingerprints.push_under(name, record, line),
            None => self.fingerprints.push(record, line),
        }
        let transaction = Transaction {
            customer,
            date,
            amount,
            order,
        };
        Ok(Some((transaction, cost)))
    }

    /// Whether `amount`, in a file whose amount is the order's total
    /// ([`amount_per_order`](crate::ColumnMap::amount_per_order), which the caller checks, as
    /// every row with an order asks and most files' amounts are not), is that of the rows right
    /// above of the same customer and order: a further row of the order, as an export of one
    /// row per item writes it.
    fn repeats_order_total(&self, customer: u32, order: OrderKey, amount: f64) -> bool {
        if amount == 0.0 {
            return false;
        }
        let rows = &self.transactions.rows;
        // Rows above in another reader are looked at by `can_append`.
        let of_order = (rows.iter().rev())
            .take_while(|row| row.customer == customer && row.order == Some(order))
            .count();
        rows[rows.len() - of_order..]
            .iter()
            .any(|row| row.amount == amount)
    }

    /// `issue`, or, for a row with an empty amount right after a row of the same customer and
    /// day (`date`, or `None` when the row's date is empty), [`RowIssue::LineWithoutAmount`]:
    /// a further line of an order whose export gives the order's fields, the total among them,
    /// on its first line only, as Shopify's does.
    fn on_further_line(
        &mut self,
        issue: RowIssue,
        empty_amount: bool,
        customer_id: &str,
        date: Option<Date>,
    ) -> RowIssue {
        let customer_ids = &self.transactions.customer_ids;
        let same_purchase = self.transactions.rows.last().is_some_and(|previous| {
            customer_ids[previous.customer as usize] == customer_id
                && date.is_none_or(|date| date == previous.date)
        });
        let dated_or_blank = date.is_some() || issue == RowIssue::MissingDate;
        if empty_amount && dated_or_blank && self.transactions.rows.is_empty() {
            self.judged_without_previous_row = true;
        }
        if empty_amount && same_purchase && dated_or_blank {
            RowIssue::LineWithoutAmount
        } else {
            issue
        }
    }

    /// Adds the row's value of each descriptive column: a shipping address's province, a
    /// discount's kind.
    fn read_attributes(&mut self, record: Record<'_>) {
        let columns = self.map.attributes.iter().zip(&mut self.attribute_values);
        for (((role, index), values), column) in columns.zip(&mut self.transactions.attributes) {
            let text = record.get(*index).unwrap_or_default();
            let text = match role {
                Role::Region if self.map.region_in_address => {
                    address::province(text).unwrap_or_default()
                }
                Role::Discount => DiscountKind::of(text).key(),
                _ => text,
            };
            let value = (!text.is_empty()).then(|| values.index_noting(text, &mut column.values));
            // The interner numbers below `ABSENT` (u32::MAX), so every index has a ValueIndex.
            column.by_row.push(value.and_then(ValueIndex::new));
        }
    }

    /// In a report grouped by customer: what the row is. A heading row (only the customer
    /// column filled) starts a customer's rows and is skipped, as is the total that ends them
    /// (`Total for Ann`, QuickBooks Desktop's `Total Ann`, or a total's label); a row with the
    /// column blank is the customer's, one with it filled its own customer's.
    fn follow_headings(&mut self, line: u64, record: Record<'_>) -> Result<GroupedRow, RowIssue> {
        let customer = self.map.customer;
        let first = record.get(customer).unwrap_or_default();
        if first.is_empty() {
            if !record.fields().all(str::is_empty) {
                self.settle_heading(true);
            }
            return Ok(GroupedRow::Under(self.heading.clone()));
        }
        self.settle_heading(false);
        let ends = |name: &str| {
            let named = first
                .strip_prefix("Total for ")
                .or(first.strip_prefix("Total "));
            named == Some(name)
        };
        if is_total_label(first) || self.heading.as_deref().is_some_and(ends) {
            self.heading = None;
            let label = first.to_string();
            return Err(RowIssue::TotalRow { label });
        }
        if record.only_filled(customer) {
            self.heading = Some(first.into());
            self.unconfirmed_heading = Some(record.lines(line));
            return Ok(GroupedRow::Heading);
        }
        Ok(GroupedRow::Own)
    }

    /// Accounts for the last heading, if not yet: a customer's heading if a row is `under` it,
    /// else a note. Called before the heading is replaced or ended, so that it is still the
    /// one named.
    fn settle_heading(&mut self, under: bool) {
        let Some(lines) = self.unconfirmed_heading.take() else {
            return;
        };
        let text = self.heading.as_deref().unwrap_or_default().to_string();
        let issue = match under {
            true => RowIssue::CustomerHeading { name: text },
            false => RowIssue::ReportNote { text },
        };
        self.skipped.push(lines, issue);
    }

    /// Whether the row is a sale ([`Movement::Sale`]) or money sent back to a customer
    /// ([`Movement::Refund`]: WeChat Pay's refund rows, and PayPal's), and the column of its
    /// customer: in a payment account's activity the payer of a payment and the payee of a
    /// refund. A row of that activity that is neither is [`RowIssue::NotACustomerPayment`].
    fn movement(
        &self,
        record: Record<'_>,
        status: Option<&str>,
        amount: &Result<f64, RowIssue>,
    ) -> Result<(Movement, usize), RowIssue> {
        let Some(columns) = self.map.payments else {
            let movement = match status.is_some_and(is_refund_row) {
                true => Movement::Refund,
                false => Movement::Sale,
            };
            return Ok((movement, self.map.customer));
        };
        let field = |index: usize| record.get(index).unwrap_or_default();
        let direction = columns.direction.map(field);
        let incoming = payments::incoming(direction, amount.as_ref().ok().copied());
        let kind = field(columns.kind);
        match payments::movement(kind, incoming) {
            Some(Movement::Sale) => Ok((Movement::Sale, self.map.customer)),
            Some(Movement::Refund) => {
                let payee = columns.payee.unwrap_or(self.map.customer);
                Ok((Movement::Refund, payee))
            }
            None => Err(RowIssue::NotACustomerPayment {
                kind: kind.to_string(),
                incoming,
            }),
        }
    }

    /// Makes a row of money sent back (see [`movement`](RowReader::movement)) a return of its
    /// refund column's value, or of its amount where it has no refund column.
    fn refund_as_return(&self, record: Record<'_>, amount: &mut Result<f64, RowIssue>) {
        match self
            .map
            .refund
            .and_then(|column| self.refund(record, column))
        {
            Some((refund, _)) => *amount = refund.map(|refund| -refund),
            None => {
                if let Ok(value) = amount {
                    *value = -value.abs();
                }
            }
        }
    }

    /// Subtracts the refund column's value from a sale's `amount` and returns the note for
    /// `altered`, if the row has one. A sale refunded in full (to within rounding) becomes
    /// [`RowIssue::RefundedInFull`]. A return's negative amount is left as it is.
    fn subtract_refund(
        &self,
        record: Record<'_>,
        amount: &mut Result<f64, RowIssue>,
    ) -> Option<RowIssue> {
        let sale = match amount {
            Ok(sale) if *sale > 0.0 => sale,
            _ => return None,
        };
        // Most files have no refund column: looked at here, as every sale asks, for no call.
        let column = self.map.refund?;
        let (refund, text) = self.refund(record, column)?;
        let refund = match refund {
            Ok(refund) => refund,
            Err(issue) => {
                *amount = Err(issue);
                return None;
            }
        };
        if refund == 0.0 {
            return None;
        }
        if refund >= *sale * (1.0 - 1e-9) {
            let refund = text.to_string();
            *amount = Err(RowIssue::RefundedInFull { refund });
            return None;
        }
        *sale -= refund;
        let refund = text.to_string();
        Some(RowIssue::PartlyRefunded { refund })
    }

    /// Puts the adjusted amount (see [`ColumnMap::adjusted_amount`]) in place of a sale's
    /// `amount` and returns the note for `altered`, if the row has one that differs. A sale
    /// adjusted to nothing is [`RowIssue::AdjustedToNothing`].
    fn adjust(&self, record: Record<'_>, amount: &mut Result<f64, RowIssue>) -> Option<RowIssue> {
        let sale = match amount {
            Ok(sale) if *sale > 0.0 => sale,
            _ => return None,
        };
        let text = self.map.adjusted_amount.and_then(|index| record.get(index));
        let text = text.filter(|text| !text.is_empty())?;
        let adjusted = checked_amount("adjusted amount", text, self.decimal.parse_amount(text));
        let adjusted = match adjusted {
            Ok(adjusted) => adjusted,
            Err(issue) => {
                *amount = Err(issue);
                return None;
            }
        };
        if adjusted == *sale {
            return None;
        }
        let written = text.to_string();
        if adjusted <= *sale * 1e-9 {
            *amount = Err(RowIssue::AdjustedToNothing { adjusted: written });
            return None;
        }
        *sale = adjusted;
        Some(RowIssue::AdjustedAmount { adjusted: written })
    }

    /// The value in the refund column `column`, made positive (a refund written negative,
    /// `-30.00`, is the same refund), and its text; `None` with a blank refund.
    fn refund<'r>(
        &self,
        record: Record<'r>,
        column: usize,
    ) -> Option<(Result<f64, RowIssue>, &'r str)> {
        let text = record.get(column).filter(|text| !text.is_empty())?;
        let refund = checked_amount("refund", text, self.decimal.parse_amount(text));
        Some((refund.map(f64::abs), text))
    }

    /// The row's cost: from the cost column, signed like the amount (a returned item's cost
    /// comes back); else from the profit column, the amount less the profit, each as written,
    /// so that a loss (a negative profit) costs more than the amount and a return's lost profit
    /// gives back its cost. `None` without either column or with a blank field.
    fn cost(&self, record: Record<'_>, amount: f64) -> Result<Option<f64>, RowIssue> {
        Ok(match (self.map.cost, self.map.profit) {
            (Some(column), _) => self.optional_number(record, column, "cost")?.map(|cost| {
                if amount < 0.0 {
                    -cost.abs()
                } else {
                    cost
                }
            }),
            (None, Some(column)) => self
                .optional_number(record, column, "profit")?
                .map(|profit| amount - profit),
            (None, None) => None,
        })
    }

    /// The number in the field at `column`, named `field` in a row's issue; `None` when blank.
    fn optional_number(
        &self,
        record: Record<'_>,
        column: usize,
        field: &'static str,
    ) -> Result<Option<f64>, RowIssue> {
        match record.get(column) {
            None | Some("") => Ok(None),
            Some(text) => checked_amount(field, text, self.decimal.parse_amount(text)).map(Some),
        }
    }

    /// Notes the currency of the row about to be used: the currency column's, or else the one
    /// written beside the amount (`$12.00`, `12,50 €`).
    fn note_currency(&mut self, record: Record<'_>) {
        let field = |index: usize| record.get(index).unwrap_or_default();
        let currency = match (self.map.currency, self.map.value) {
            (Some(column), _) => Some(field(column)),
            (None, ValueColumns::Amount(amount)) => currency_mark(field(amount)),
            (None, ValueColumns::QuantityTimesPrice { price, .. }) => currency_mark(field(price)),
        };
        self.currencies.push(self.transactions.rows.len(), currency);
    }

    /// The row's value: the amount, or quantity × unit price.
    fn amount(&mut self, record: Record<'_>) -> Result<f64, RowIssue> {
        match self.map.value {
            ValueColumns::Amount(amount) => self.number(record, amount, "amount"),
            ValueColumns::QuantityTimesPrice { quantity, price } => {
                let quantity_value = self.number(record, quantity, "quantity")?;
                let value = quantity_value * self.number(record, price, "unit price")?;
                // Each within bounds, their product need not be.
                if value.abs() > MAX_AMOUNT {
                    let [quantity, price] = [quantity, price].map(|i| record.get(i).unwrap_or(""));
                    let text = format!("{quantity} × {price}");
                    return Err(RowIssue::AmountTooLarge {
                        field: "amount",
                        text,
                    });
                }
                // Items taken back, whatever the sign of the price they were sold at.
                Ok(if quantity_value < 0.0 {
                    -value.abs()
                } else {
                    value
                })
            }
        }
    }

    /// The number in the field at `index`, named `name` in a row's issue, noting whether the
    /// other decimal separator would read it otherwise.
    ///
    /// Inlined into [`amount`](RowReader::amount), which asks it twice a row of a file with a
    /// quantity and a unit price: called (as a closure it was), it returned its `Result`
    /// through memory, about 1 % of the instructions of the wasm build's reading.
    #[inline(always)]
    fn number(
        &mut self,
        record: Record<'_>,
        index: usize,
        name: &'static str,
    ) -> Result<f64, RowIssue> {
        let text = record.get(index).unwrap_or_default();
        read_amount(self.decimal, &mut self.ambiguous_numbers, name, text)
    }

    /// The quantity beside the amount ([`ColumnMap::return_quantity`]) when it is a negative
    /// number: the row is a return.
    fn negative_quantity<'r>(&self, record: Record<'r>) -> Option<&'r str> {
        let text = record.get(self.map.return_quantity?)?;
        self.decimal
            .parse(text)
            .is_some_and(|quantity| quantity < 0.0)
            .then_some(text)
    }
}

/// A row noted in [`RowReader::altered`].
struct AlteredRow {
    /// Its index among the rows used.
    row: usize,
    line: u64,
    reason: &'static str,
}

/// Labels of the total lines spreadsheets add under a table.
const TOTAL_LABELS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "合計",
    "總計",
    "小計",
    "共计",
    "total",
    "totals",
    "grand total",
    "subtotal",
    "sub-total",
    "sum",
    "summe",
    "gesamt",
    "gesamtsumme",
    "totaal",
    "totale",
    "итого",
    "всего",
    "합계",
];

/// The label of a total line, `合计` or `Total:` alone in a field, if the row has one.
pub(crate) fn total_label(record: Record<'_>) -> Option<String> {
    record
        .fields()
        .find(|field| is_total_label(field))
        .map(str::to_string)
}

/// Whether `field` is a total line's label, ignoring case and a colon after it.
pub(crate) fn is_total_label(field: &str) -> bool {
    let label = field.trim_end_matches([':', '：']).trim_end();
    TOTAL_LABELS
        .iter()
        .any(|total| total.eq_ignore_ascii_case(label))
}

/// Ids that stand for no customer beside the spellings of an empty value, in lower case:
/// guest checkouts (`0` in WooCommerce and Magento, a data warehouse's unknown member `-1`,
/// shops' and Chinese tills' words for a guest or walk-in). Read as an id, each would make its
/// rows one customer, the best of the file.
const GUEST_IDS: [&str; 8] = [
    "0",
    "-1",
    "guest",
    "walk-in",
    "anonymous",
    "散客",
    "游客",
    "匿名",
];

/// Whether the customer id `id` stands for no customer: an empty value as exports write one
/// (see [`is_written_empty`]) or one of [`GUEST_IDS`], ignoring case.
pub(crate) fn stands_for_no_customer(id: &str) -> bool {
    // Every row's id is checked: a number other than 0 or a longer id settles it at once, and
    // the lists are gone through out of line, to keep the reading of a row short.
    match id.as_bytes() {
        [b'1'..=b'9', ..] => false,
        bytes if bytes.len() > 9 => false,
        _ => is_listed_as_no_customer(id),
    }
}

#[inline(never)]
fn is_listed_as_no_customer(id: &str) -> bool {
    is_written_empty(id) || GUEST_IDS.iter().any(|guest| guest.eq_ignore_ascii_case(id))
}

/// The customer id `id` as customers are told apart: an email address in lower case, as mail
/// is delivered (people write `Ann@X.com` one day and `ann@x.com` the next), other ids as
/// written. An id without capitals, as most are, is let through after one look at its bytes,
/// inline: every row asks, and in WebAssembly a call returns the `Cow` through memory.
#[inline]
pub(crate) fn customer_key(id: &str) -> Cow<'_, str> {
    match id.bytes().any(|b| b.is_ascii_uppercase()) {
        true => email_in_lower_case(id),
        false => Cow::Borrowed(id),
    }
}

/// [`customer_key`] of an id with capitals.
#[inline(never)]
fn email_in_lower_case(id: &str) -> Cow<'_, str> {
    match is_email_address(id) {
        true => Cow::Owned(id.to_ascii_lowercase()),
        false => Cow::Borrowed(id),
    }
}

/// Whether `id` is written as an email address: a name of the usual characters, `@` and a
/// domain with a dot (`@SUM(A1:A9)` is none).
fn is_email_address(id: &str) -> bool {
    let Some((name, domain)) = id.split_once('@') else {
        return false;
    };
    let of = |part: &str, punctuation: &[u8]| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || punctuation.contains(&b))
    };
    of(name, b"._%+-") && of(domain, b".-") && domain.contains('.')
}

/// Why a row whose customer id is empty or `id` (see [`stands_for_no_customer`]) is skipped.
pub(crate) fn no_customer_issue(id: &str) -> RowIssue {
    if id.is_empty() {
        RowIssue::MissingCustomer
    } else {
        RowIssue::PlaceholderCustomer { id: id.to_string() }
    }
}

/// A blank row, or one too short for the columns mapped, is skipped with its reason.
pub(crate) fn check_shape(record: Record<'_>, needed: usize) -> Result<(), RowIssue> {
    if record.fields().all(str::is_empty) {
        return Err(RowIssue::BlankRow);
    }
    if record.len() < needed {
        return Err(RowIssue::TooFewFields {
            found: record.len(),
            needed,
        });
    }
    Ok(())
}

/// Removes the items at `indices`, which are in increasing order.
pub(crate) fn remove<T>(items: &mut Vec<T>, indices: &[usize]) {
    let mut next = indices.iter().peekable();
    let mut index = 0;
    items.retain(|_| {
        let keep = next.next_if_eq(&&index).is_none();
        index += 1;
        keep
    });
}

/// Cancellation invoices, as in the UCI Online Retail export: `C` and then digits.
fn is_cancellation(order: &str) -> bool {
    order
        .strip_prefix(['C', 'c'])
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}

/// What a row is to the analysis (see [`RowReader::movement`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Movement {
    /// A sale: in a payment account's activity, money a customer paid in.
    Sale,
    /// Money sent back to a customer (a refund, a reversed payment, a chargeback): a return.
    Refund,
}

/// Numbers distinct keys in order of first appearance.
#[derive(Default)]
pub(crate) struct Interner {
    /// Keys that are small decimal numbers (see [`small_number`]), indexed by their value:
    /// customer ids usually are, and a table of a few hundred kilobytes answers from the cache
    /// where a hash table of megabytes makes a trip to memory per row. [`ABSENT`] where none.
    by_number: Vec<u32>,
    /// Other keys, each as the two integers [`compact`] makes of it: most ids are short
    /// enough to be packed into them whole, and every key is looked up without allocating or
    /// following a pointer to compare it.
    compacted: FxHashMap<(u64, u64), u32>,
    /// The compacted key asked for last, and its index: the lines of one order come one after
    /// another in real exports, with the same order id and customer, so most lookups stop here.
    last: Option<((u64, u64), u32)>,
    /// Number of distinct keys so far.
    len: u32,
}

/// The longest key packed whole into two integers: one byte of the 16 holds the length.
const SHORT_KEY: usize = 15;

/// Keys below this number are indexed by value, so the table takes at most 4 MiB.
const NUMBER_LIMIT: usize = 1 << 20;

/// A slot of [`Interner::by_number`] no key has taken.
const ABSENT: u32 = u32::MAX;

impl Interner {
    /// The index of `key`, giving a new key the next index.
    pub fn index(&mut self, key: &str) -> u32 {
        let next = self.len;
        let index = if let Some(number) = small_number(key) {
            if number >= self.by_number.len() {
                self.by_number
                    .resize((number + 1).next_power_of_two(), ABSENT);
            }
            let slot = &mut self.by_number[number];
            if *slot == ABSENT {
                *slot = next;
            }
            *slot
        } else {
            let compacted = compact(key);
            match self.last {
                Some((last, index)) if last == compacted => index,
                _ => {
                    let index = *self.compacted.entry(compacted).or_insert(next);
                    self.last = Some((compacted, index));
                    index
                }
            }
        };
        if index == next {
            self.len += 1;
        }
        index
    }

    /// The index of `key`, as [`index`](Interner::index) gives it, with a new key added to
    /// `keys`, the keys in order of their index.
    pub fn index_noting(&mut self, key: &str, keys: &mut Vec<String>) -> u32 {
        let index = self.index(key);
        if index as usize == keys.len() {
            keys.push(key.to_string());
        }
        index
    }

    /// Forgets every key, given `keys`, those it numbered (as [`index_noting`] notes them),
    /// and keeps its room: the slots of the table of numbers those keys took are emptied one
    /// by one, where a new table would be filled whole, a few hundred kilobytes for the few
    /// thousand customers of half a slice (see [`RowReader::reader_for_later_rows`]).
    ///
    /// [`index_noting`]: Interner::index_noting
    pub fn clear(&mut self, keys: &[String]) {
        debug_assert_eq!(keys.len(), self.len as usize, "the keys numbered");
        for number in keys.iter().filter_map(|key| small_number(key)) {
            self.by_number[number] = ABSENT;
        }
        self.compacted.clear();
        self.last = None;
        self.len = 0;
    }
}

/// The value of a key written as a decimal number below [`NUMBER_LIMIT`] without leading
/// zeros, the one spelling of that number (so `"07"` stays apart from `"7"`).
fn small_number(key: &str) -> Option<usize> {
    let bytes = key.as_bytes();
    // A number of more than seven digits is past the limit.
    if bytes.is_empty() || bytes.len() > 7 || (bytes[0] == b'0' && bytes.len() > 1) {
        return None;
    }
    let mut value = 0;
    for &byte in bytes {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value * 10 + usize::from(byte - b'0');
    }
    (value < NUMBER_LIMIT).then_some(value)
}

/// A key as two 8-byte integers that stand for it. A key of up to [`SHORT_KEY`] bytes is packed
/// whole: its bytes, zero-padded, then its length (which keeps `"a"` apart from `"a\0"`) in the
/// last byte. A longer key is its 128-bit hash with the last byte `0xFF`, which no length is:
/// two long keys share one with probability 2⁻¹²⁰, so that among a billion distinct keys the
/// chance of any two being taken for one is below 10⁻¹⁸. Two halves make a smaller table entry
/// than a `u128` with its 16-byte alignment.
fn compact(key: &str) -> (u64, u64) {
    let bytes = key.as_bytes();
    if bytes.len() > SHORT_KEY {
        let hash = xxhash_rust::xxh3::xxh3_128(bytes);
        return (hash as u64, (hash >> 64) as u64 | 0xFF << 56);
    }
    // In 64-bit halves: WebAssembly shifts a `u128` by a library call.
    let (low, high) = bytes.split_at(bytes.len().min(8));
    (
        little_endian(low),
        little_endian(high) | (bytes.len() as u64) << 56,
    )
}

/// Up to eight bytes as a little-endian integer, zero above them: from four bytes on, the first
/// four and the last four read as two words that overlap where there are fewer than eight (the
/// overlap puts the same bytes in the same places twice); below four, the first, middle and
/// last bytes. Every row's descriptive values are looked up so, and a loop shifting in one
/// byte after another, or copying into a zeroed word and reading it back, costs more.
fn little_endian(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    debug_assert!(len <= 8, "{len} bytes do not fit in a word");
    if let (Some(&first), Some(&last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        let (first, last) = (u32::from_le_bytes(first), u32::from_le_bytes(last));
        return u64::from(first) | u64::from(last) << (8 * (len - 4));
    }
    let byte_at = |at: usize| u64::from(bytes[at]) << (8 * at);
    match len {
        0 => 0,
        _ => byte_at(0) | byte_at(len / 2) | byte_at(len - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::{compact, is_cancellation, Interner};

    #[test]
    fn cancellation_invoices() {
        assert!(is_cancellation("C536379") && is_cancellation("c1"));
        assert!(!is_cancellation("CA1") && !is_cancellation("C") && !is_cancellation("536379"));
    }

    #[test]
    fn keys_are_numbered_by_first_appearance_whatever_their_length() {
        let long = "a key longer than fifteen bytes";
        // 15 bytes, the longest packed key, and 16, the shortest hashed.
        let (fifteen, sixteen) = ("exactly15bytes!", "exactly15bytes!!");
        let keys = [
            "a",
            "a\0",
            "b",
            "a",
            long,
            "",
            "b",
            long,
            "客户编号客户",
            "a",
            "",
            fifteen,
            sixteen,
            fifteen,
            sixteen,
        ];
        let mut interner = Interner::default();
        let indices: Vec<u32> = keys.iter().map(|key| interner.index(key)).collect();
        assert_eq!(indices, [0, 1, 2, 0, 3, 4, 2, 3, 5, 0, 4, 6, 7, 6, 7]);
        // The last byte tells a packed key (its length) from a hashed one.
        let last_byte = |key: &str| compact(key).1 >> 56;
        assert_eq!((last_byte(""), last_byte(fifteen)), (0, 15));
        assert_eq!((last_byte(sixteen), last_byte(long)), (0xFF, 0xFF));
    }

    #[test]
    fn short_keys_are_packed_byte_by_byte() {
        // Every length up to the longest packed, each byte in its place.
        let keys = (0..=15).map(|len| &"abcdefghijklmno"[..len]);
        for key in keys.chain(["客户", "é1"]) {
            let mut packed = [0; 16];
            packed[..key.len()].copy_from_slice(key.as_bytes());
            packed[15] = key.len() as u8;
            let (low, high) = packed.split_at(8);
            let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap());
            assert_eq!(compact(key), (word(low), word(high)), "{key:?}");
        }
    }

    #[test]
    fn long_keys_apart_only_at_their_ends_stay_apart() {
        let keys: Vec<String> = (0..10_000)
            .map(|n| format!("customer{n:08}@example.com"))
            .collect();
        let mut interner = Interner::default();
        for (index, key) in keys.iter().enumerate() {
            assert_eq!(interner.index(key), index as u32);
        }
        for (index, key) in keys.iter().enumerate().rev() {
            assert_eq!(interner.index(key), index as u32);
        }
    }

    #[test]
    fn a_key_asked_for_again_at_once_keeps_its_index() {
        // Whatever the key: a number (indexed by value), a packed text, the empty key and a
        // hashed long key, each asked for twice in a row; and a text asked for again after
        // other keys, when the key asked for last is another.
        let long = "a key longer than fifteen bytes";
        let keys = [
            "42", "42", "DE", "DE", "42", "", "", long, long, "42", "4", "4", "DE",
        ];
        let mut interner = Interner::default();
        let indices: Vec<u32> = keys.iter().map(|key| interner.index(key)).collect();
        assert_eq!(indices, [0, 0, 1, 1, 0, 2, 2, 3, 3, 0, 4, 4, 1]);
    }

    #[test]
    fn a_cleared_interner_numbers_keys_as_a_new_one() {
        let (mut used, mut keys) = (Interner::default(), Vec::new());
        for key in [
            "900",
            "a",
            "7",
            "long key beyond fifteen bytes",
            "900",
            "12",
        ] {
            used.index_noting(key, &mut keys);
        }
        used.clear(&keys);
        let later = [
            "12",
            "b",
            "7",
            "a",
            "1000",
            "long key beyond fifteen bytes",
            "12",
        ];
        let mut new = Interner::default();
        for key in later {
            assert_eq!(used.index(key), new.index(key), "{key}");
        }
    }

    #[test]
    fn numbers_indexed_by_value_are_numbered_with_the_other_keys() {
        // Below the limit, at it, past seven digits, with a leading zero, zero itself, and
        // texts that only look like numbers.
        let keys = [
            "7", "007", "1048575", "1048576", "a", "7", "12345678", "0", "1048576", "07", "7a",
            "-7", "0", "1048575", "007", "12345678",
        ];
        let mut interner = Interner::default();
        let indices: Vec<u32> = keys.iter().map(|key| interner.index(key)).collect();
        assert_eq!(indices, [0, 1, 2, 3, 4, 0, 5, 6, 3, 7, 8, 9, 6, 2, 1, 5]);
    }
}
