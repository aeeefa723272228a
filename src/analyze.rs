//! The whole analysis, from a file's bytes to a [`Report`].

use crate::customers::CustomerBase;
use crate::error::{Error, ErrorKind};
use crate::read::{Ingest, ReadOptions};
use crate::report::{CustomerRow, InputSummary, Report, SCHEMA_VERSION};
use crate::rfm::{analyze_rfm, segment_migration, RfmConfig, RfmParams};
use crate::Date;

/// Settings of an analysis. The default analyses the whole file as of its latest date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The observation end date, inclusive. `None` means the latest transaction date in the
    /// file. Transactions after it are counted but not scored.
    pub as_of: Option<Date>,
    /// How to read the file: encoding, delimiter, header, columns, formats, duplicates.
    pub read: ReadOptions,
    /// RFM scores, segments, tiers and migration.
    pub rfm: RfmParams,
}

/// Days before asOf that the segment migration compares with, unless told otherwise.
const DEFAULT_MIGRATION_DAYS: i32 = 90;

/// Analyses a transactions CSV (with a header row) and returns the report.
///
/// ```
/// use custval::{analyze, Options};
///
/// let csv = "customer_id,order_date,amount\n\
///            alice,2024-01-05,120.00\n\
///            alice,2024-02-10,80.00\n\
///            bob,2024-02-01,35.50\n";
/// let report = analyze(csv.as_bytes(), &Options::default())?;
/// assert_eq!(report.as_of.to_string(), "2024-02-10");
/// let alice = &report.customers[0].summary;
/// assert_eq!((alice.recency_days, alice.frequency, alice.monetary), (0, 2, 200.0));
/// # Ok::<(), custval::Error>(())
/// ```
pub fn analyze(bytes: &[u8], options: &Options) -> Result<Report, Error> {
    let mut analysis = Analysis::new(options.clone())?;
    analysis.push(bytes)?;
    analysis.finish()
}

/// An analysis of a file that arrives in pieces, as a browser streams a large file: the
/// options are checked before the first byte, and memory grows with the rows read, never
/// with the whole file.
///
/// ```
/// use custval::{Analysis, Options};
///
/// let mut analysis = Analysis::new(Options::default())?;
/// for piece in ["customer,date,amount\nann,2024-0", "1-02,5\nann,2024-01-09,7\n"] {
///     analysis.push(piece.as_bytes())?;
/// }
/// let report = analysis.finish()?;
/// assert_eq!(report.customers[0].summary.frequency, 2);
/// # Ok::<(), custval::Error>(())
/// ```
pub struct Analysis {
    options: Options,
    rfm_config: RfmConfig,
    ingest: Ingest,
}

impl Analysis {
    /// Checks the options and prepares to read.
    pub fn new(options: Options) -> Result<Analysis, Error> {
        let rfm_config = options
            .rfm
            .clone()
            .check()
            .map_err(|error| invalid(error.to_string()))?;
        Ok(Analysis {
            ingest: Ingest::new(options.read.clone())?,
            options,
            rfm_config,
        })
    }

    /// Reads the next piece of the file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.ingest.push(bytes)
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.ingest.bytes_read()
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.ingest.rows_read()
    }

    /// Reads what is left and analyses the whole file.
    pub fn finish(self) -> Result<Report, Error> {
        let Analysis {
            options,
            rfm_config,
            ingest,
        } = self;
        report(ingest, &options, &rfm_config)
    }
}

fn invalid(message: String) -> Error {
    ErrorKind::InvalidOptions { message }.into()
}

fn report(ingest: Ingest, options: &Options, rfm_config: &RfmConfig) -> Result<Report, Error> {
    let (transactions, facts) = ingest.finish()?;
    let no_usable_rows = || ErrorKind::NoUsableRows {
        rows_read: facts.rows_read,
        first_problem: facts.skipped.first_problem().map(str::to_string),
    };
    let first_date = transactions.rows.iter().map(|row| row.date).min();
    let last_date = transactions.rows.iter().map(|row| row.date).max();
    let (Some(first_date), Some(last_date)) = (first_date, last_date) else {
        return Err(no_usable_rows().into());
    };
    let as_of = options.as_of.unwrap_or(last_date);
    if as_of < first_date {
        return Err(ErrorKind::AsOfBeforeData { as_of, first_date }.into());
    }
    let compare_as_of = rfm_config
        .compare_as_of()
        .unwrap_or(as_of.add_days(-DEFAULT_MIGRATION_DAYS));
    if compare_as_of >= as_of {
        return Err(invalid(format!(
            "the migration's earlier date {compare_as_of} must be before the analysis date {as_of}"
        )));
    }
    let base = CustomerBase::as_of(&transactions, as_of);
    let Some((first_used, last_used)) = base.date_range.filter(|_| !base.customers.is_empty())
    else {
        if base.return_only_customers > 0 {
            return Err(ErrorKind::NoUsableRows {
                rows_read: facts.rows_read,
                first_problem: Some(
                    "every row up to the analysis date is a return (a negative amount), so no customer has a purchase to score".into(),
                ),
            }
            .into());
        }
        return Err(no_usable_rows().into());
    };
    let input = InputSummary {
        bytes: facts.bytes,
        encoding: facts.encoding.to_string(),
        delimiter: facts.delimiter.name().to_string(),
        header: facts.header,
        columns: facts.columns,
        date_format: facts.date_format,
        decimal_separator: facts.decimal_separator,
        rows_read: facts.rows_read,
        rows_used: base.rows_used,
        rows_after_as_of: base.rows_after_as_of,
        rows_skipped: facts.skipped.total(),
        skipped: facts.skipped,
        altered: facts.altered,
        duplicates: facts.duplicates,
        unattributed: facts.unattributed,
        first_date: first_used,
        last_date: last_used,
        customers: base.customers.len() as u64,
        return_only_customers: base.return_only_customers,
        net_revenue: base.net_revenue,
    };
    let rfm = analyze_rfm(&base.customers, rfm_config);
    let earlier = CustomerBase::as_of(&transactions, compare_as_of);
    let migration = segment_migration(
        (compare_as_of, as_of),
        &earlier.customers,
        &base.customers,
        &rfm.customers,
        rfm_config,
    );
    let customers = base
        .customers
        .into_iter()
        .zip(rfm.customers)
        .map(|(summary, rfm)| CustomerRow { summary, rfm })
        .collect();
    Ok(Report {
        schema_version: SCHEMA_VERSION,
        generator: concat!("custval ", env!("CARGO_PKG_VERSION")).to_string(),
        as_of,
        input,
        rfm: rfm.section,
        tiers: rfm.tiers,
        pareto: rfm.pareto,
        migration,
        customers,
    })
}
