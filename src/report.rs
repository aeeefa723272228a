//! The report: the one JSON document the CLI prints and the JS API returns.
//!
//! Its shape is described by `schema/report.schema.json`; a field is never renamed or removed
//! without raising [`SCHEMA_VERSION`].

use serde::Serialize;

use crate::aggregated::Limitation;
use crate::attributes::{AttributeBreakdown, CustomerAttributes};
use crate::clusters::{ClusterSection, CustomerCluster};
use crate::clv::{ClvSection, CustomerClv};
use crate::columns::{InputColumns, InputKind};
use crate::customers::Customer;
use crate::distributions::Distributions;
use crate::quality::RowLog;
use crate::read::{FormatChoice, Unattributed};
use crate::recommend::{CustomerRecommendation, Recommendations};
use crate::retention::RetentionSection;
use crate::rfm::{CustomerRfm, Migration, Pareto, RfmSection, TiersSection};
use crate::survey::{CustomerSatisfaction, Satisfaction};
use crate::Date;

/// The version of the report's JSON shape, `schemaVersion` in the report.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of an analysis.
///
/// A report of a transactions file has every transaction section; a report of a survey file
/// alone has `satisfaction`, no customers, and `null` for the sections that need transactions.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program and version that wrote the report, e.g. `custval 0.1.0`.
    pub generator: String,
    /// The observation end date, inclusive; transactions after it are not scored. `None`
    /// without transactions.
    pub as_of: Option<Date>,
    /// What was read from the transactions file and what was left out: the data-quality
    /// report. `None` without transactions.
    pub input: Option<InputSummary>,
    /// RFM scoring, segment rules and the segment summary; `None` without transactions.
    pub rfm: Option<RfmSection>,
    /// Value tiers; `None` without transactions.
    pub tiers: Option<TiersSection>,
    /// The Pareto view of revenue; `None` without transactions or when total net revenue is
    /// not positive.
    pub pareto: Option<Pareto>,
    /// How customers moved between segments since an earlier date; `None` without
    /// transactions (a customer file cannot say: see `input.limitations`).
    pub migration: Option<Migration>,
    /// The repeat-purchase rate, and by month, quarter and year how many customers came back;
    /// `None` without transactions (a customer file has no dated purchases).
    pub retention: Option<RetentionSection>,
    /// Customers and revenue by region, sales channel, product category and customer type, for
    /// each of those columns the file has; empty without them.
    pub attributes: Vec<AttributeBreakdown>,
    /// One entry per customer with a purchase on or before `as_of`, in order of first appearance.
    pub customers: Vec<CustomerRow>,
    /// NPS, CSAT and CES from a survey file; `None` without one.
    pub satisfaction: Option<Satisfaction>,
    /// What to do with each segment and customer, and whom to call this week; `None` without
    /// transactions.
    pub recommendations: Option<Recommendations>,
    /// Behavioural segments from k-means; `None` unless clustering was asked for.
    pub clusters: Option<ClusterSection>,
    /// Lifetime value, churn and lifecycle (BG/NBD and Gamma-Gamma); `None` without
    /// transactions, when no customer has been observed for any time, or when a customer file
    /// lacks first purchase dates (see `input.limitations`).
    pub clv: Option<ClvSection>,
    /// What the charts draw, counted from every customer: R × F cells, a sample of the cluster
    /// scatter, P(alive) and lifetime-value histograms and the hold-out groups, so a page can
    /// draw them without `customers`. `None` without transactions.
    pub distributions: Option<Distributions>,
}

/// Everything the report says about one customer, as one flat object.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerRow {
    /// Recency, frequency and monetary value.
    #[serde(flatten)]
    pub summary: Customer,
    /// Scores, segment and tier.
    #[serde(flatten)]
    pub rfm: CustomerRfm,
    /// Main region, sales channel, product category and customer type; `null` without those
    /// columns.
    #[serde(flatten)]
    pub attributes: CustomerAttributes,
    /// The customer's latest survey answers; `None` when no survey response carries their id.
    /// Boxed: most customers have none, or there is no survey file at all, and inline the
    /// answers took 44 of every row's 360 bytes in wasm whether given or not.
    pub satisfaction: Option<Box<CustomerSatisfaction>>,
    /// The customer's value and next best action; `None` only without a play for them.
    pub recommendation: Option<CustomerRecommendation>,
    /// The customer's k-means cluster; `null` fields unless clustering was asked for.
    #[serde(flatten)]
    pub cluster: CustomerCluster,
    /// P(alive), expected purchases and spend, lifetime value and lifecycle stage; absent
    /// when the report has no `clv` section.
    #[serde(flatten)]
    pub clv: Option<CustomerClv>,
}

// A row per customer is the largest block the analysis keeps, taken where the input's rows
// were (see `CustomersRead`): in wasm, the UCI Online Retail shape's rows leave about 300
// bytes a customer (23.3 MiB at 1,000,000 rows and 80,198 customers), so a larger row goes on
// top of the module's memory instead. 272 since each customer's gross profit: the rows still
// take that room, but leave less of it to the lifetime-value fit, which at 1,000,000 rows now
// adds 2.2 MiB to the module's peak (57.4 to 59.6 MiB, `benches/node/wasm-stages.mjs`).
#[cfg(target_pointer_width = "32")]
const _: () = assert!(std::mem::size_of::<CustomerRow>() <= 272);

/// What the reader found in the file and what it did with each row.
///
/// Every data row is accounted for: `rows_read = rows_used + rows_after_as_of + rows_skipped`.
/// In a customer file a row is a customer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputSummary {
    /// `transactions` or `customers` (one row per customer, aggregated elsewhere).
    pub kind: InputKind,
    /// Size of the file.
    pub bytes: u64,
    /// Text encoding the file was read in, e.g. `UTF-8`, `UTF-16LE` or `gb18030`.
    pub encoding: String,
    /// Field delimiter: `,`, `;`, a tab, `|` or `whitespace`.
    pub delimiter: String,
    /// Whether the file was read with a header row.
    pub header: bool,
    /// The header's 1-based line: 1 unless lines above it, such as a report's title, were
    /// skipped (they are in `skipped`). `None` without a header.
    pub header_line: Option<u64>,
    /// The header of the column used for each role (`column N` without a header); the roles
    /// depend on `kind`.
    pub columns: InputColumns,
    /// How dates like `05/03/2024` were read, and how many could be read either way.
    pub date_format: FormatChoice,
    /// The decimal separator of amounts, and how many values could be read either way.
    pub decimal_separator: FormatChoice,
    /// Rows in the file: data rows and any lines above the header (the header row is not
    /// counted).
    pub rows_read: u64,
    /// Rows scored: usable and dated on or before `as_of`.
    pub rows_used: u64,
    /// Usable rows dated after `as_of`, not scored.
    pub rows_after_as_of: u64,
    /// Rows that could not be used, listed by reason in `skipped`.
    pub rows_skipped: u64,
    /// Skipped rows by reason, each with its count and the first lines.
    pub skipped: RowLog,
    /// Rows used but read differently from how they were written, by reason.
    pub altered: RowLog,
    /// Rows identical to an earlier row, kept (unless dropped, then they are in `skipped`).
    pub duplicates: RowLog,
    /// Rows without a customer id (also in `skipped`) and their revenue.
    pub unattributed: Unattributed,
    /// Earliest date among the rows used.
    pub first_date: Date,
    /// Latest date among the rows used.
    pub last_date: Date,
    /// Customers with at least one purchase up to `as_of` (the length of `customers`).
    pub customers: u64,
    /// Customers whose rows up to `as_of` are all returns, so there is nothing to score.
    pub return_only_customers: u64,
    /// Net revenue of the rows used, returns subtracted.
    pub net_revenue: f64,
    /// 1 − cost / net revenue of the rows used that have a cost (the cost column); `None`
    /// without one. The lifetime values are profit at this margin unless `--margin` is given.
    pub gross_margin: Option<f64>,
    /// The ISO 4217 code of the one currency the amounts are in, by a currency column or the
    /// sign or code beside them (`12,50 €` is `EUR`, `$` is read as `USD`); `None` for plain
    /// numbers, several currencies, or a sign several currencies share (`¥` alone).
    pub currency: Option<String>,
    /// What a customer file cannot give that transactions would, and what that leaves out or
    /// approximates; empty for transactions.
    pub limitations: Vec<Limitation>,
}
