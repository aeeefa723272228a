//! custval turns a company's own transactions (or a file of one row per customer) and survey
//! answers into customer value insight: a data-quality report that accounts for every row,
//! each customer's recency, frequency and monetary value with RFM scores, named segments and
//! value tiers, k-means clusters, lifetime value and the chance of still being a customer
//! (BG/NBD and Gamma-Gamma), lifecycle stage and churn early warning, NPS, CSAT and CES with
//! their margins of error, and what to do for each segment, in English and 简体中文. The same
//! core runs as a native command-line tool and, compiled to WebAssembly, entirely inside the
//! user's browser.
//!
//! ```
//! use custval::{analyze, Options};
//!
//! let csv = "客户编号,订单日期,实付金额\nC001,2024-03-01,99.00\nC001,2024-03-20,-19.00\nC002,2024-03-18,45\n";
//! let options = Options { as_of: Some("2024-03-31".parse()?), ..Options::default() };
//! let report = analyze(csv.as_bytes(), &options)?;
//! assert_eq!(report.input.as_ref().map(|input| input.customers), Some(2));
//! let first = &report.customers[0].summary;
//! assert_eq!((first.id.as_str(), first.recency_days, first.frequency, first.monetary), ("C001", 30, 1, 80.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Definitions
//! - `asOf`: the observation end date, inclusive; by default the latest transaction date.
//!   Transactions after it are not scored.
//! - A *purchase occasion* is a distinct order id when the data has one, otherwise a distinct
//!   (customer, day). Rows with a negative amount are returns: they reduce monetary value and
//!   are never occasions.
//! - `recencyDays` = asOf − the day of the last purchase occasion; `frequency` = purchase
//!   occasions up to asOf; `monetary` = net revenue up to asOf.

// Every public item is documented: the crate is used from Rust as well as from JS.
#![warn(missing_docs)]

mod aggregated;
mod analyze;
mod attributes;
mod browse;
mod clusters;
mod clv;
mod columns;
mod customers;
mod date;
mod decode;
mod distributions;
mod empty;
mod error;
mod export;
mod file_format;
// What the JS binding is handed, read in plain Rust: compiled for the binding and, natively,
// for its tests.
#[cfg(any(target_arch = "wasm32", test))]
mod from_js;
mod number;
mod parallel;
mod period;
mod quality;
mod read;
mod recommend;
mod report;
mod report_json;
mod retention;
mod rfm;
mod row_json;
mod serde_words;
mod setting;
mod survey;
mod text;
mod width;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use crate::aggregated::{CustomerRecord, LastSeen, Limitation};
pub use crate::analyze::{
    analyze, analyze_customer_records, analyze_with_surveys, Analysis, Options,
};
pub use crate::attributes::{
    AttributeBreakdown, AttributeValue, CustomerAttributes, DiscountKind, RowsProfit,
};
pub use crate::browse::{customer_page, CustomerPage, CustomerQuery, SortKey};
pub use crate::clusters::{
    analyze_clusters, Candidate, Centroid, ClusterAnalysis, ClusterConfig, ClusterCount,
    ClusterParams, ClusterParamsError, ClusterSection, ClusterSummary, CrossTab, CrossTabRow,
    CustomerCluster, ExtraFeature, MAX_AUTO_CLUSTERS, MAX_CLUSTERS, MAX_SILHOUETTE_SAMPLE,
};
pub use crate::clv::{
    fit_clv, BgNbdErrors, BgNbdSection, ClvConfig, ClvFits, ClvGroup, ClvInput, ClvParams,
    ClvParamsError, ClvSection, CustomerClv, EarlyWarning, GammaGammaErrors, GammaGammaSection,
    Holdout, Lifecycle, LifecycleCount, LifecycleWhy, SpendModel, TimeUnit, TransactionModel,
    DAYS_PER_MONTH,
};
pub use crate::columns::{
    ColumnMap, ColumnOverrides, ColumnRef, ColumnsUsed, CustomerColumnMap, CustomerColumnsUsed,
    InputColumns, InputKind, LastPurchase, PaymentColumns, Role, ValueColumns,
};
pub use crate::customers::{Customer, CustomerBase, GroupProfit};
pub use crate::date::{Date, DateError, DateFormat};
pub use crate::distributions::{
    Bin, ClusterPoints, ClusterSample, Distributions, Features, HoldoutGroup, RfCell, ScatterPoint,
    CLV_BINS, HOLDOUT_GROUPS, MIN_SCATTER_POINTS, P_ALIVE_BINS, SCATTER_POINTS,
};
pub use crate::error::{Error, ErrorKind, SettingsNamed};
pub use crate::export::{
    aggregates_csv, attributes_csv, call_list_csv, customers_csv, segments_csv, ExportConfig,
    ExportError, ExportParams,
};
pub use crate::file_format::FileFormat;
pub use crate::number::{parse_number, DecimalSeparator};
pub use crate::period::Period;
pub use crate::quality::{
    DataDays, IssueGroup, IssueRow, Lines, RowIssue, RowLog, MAX_AMOUNT, MAX_RECENCY_DAYS,
};
pub use crate::read::{
    preview, Preview, PreviewColumn, PreviewProblem, PREVIEW_BYTES, PREVIEW_ROWS,
};
pub use crate::read::{
    AttributeColumn, Delimiter, FormatChoice, OrderKey, ReadOptions, Transaction, Transactions,
    Unattributed, ValueIndex,
};
pub use crate::recommend::{
    recommend, ActionReason, CallListEntry, CapBasis, CustomerRecommendation, Lens, NextBestAction,
    Outlook, OutlookError, Play, Playbook, PlaybookError, PriorityRule, RecommendAnalysis,
    RecommendConfig, RecommendParams, Recommendations, RuleText, SegmentPlay, SpendCap, ValueBasis,
    LIFECYCLE_STAGES, SATISFACTION_GROUPS,
};
pub use crate::report::{CustomerRow, InputSummary, Report, SCHEMA_VERSION};
pub use crate::report_json::{write_report, JsonLayout, ReportPart};
pub use crate::retention::{RetentionPeriod, RetentionSection};
pub use crate::rfm::{
    analyze_rfm, default_rules, lint, segment_migration, CustomerRfm, DimensionScoring,
    DimensionScorings, Migration, Overlap, Pareto, ParetoPoint, RfmAnalysis, RfmConfig, RfmParams,
    RfmParamsError, RfmSection, RuleLint, RulesUsed, ScoreGroup, ScoreRange, Scores, SegmentRule,
    SegmentSummary, Tier, TierShares, TierSummary, TiersSection, Transition, NEW_CUSTOMER,
};
pub use crate::row_json::write_customer_rows;
pub use crate::setting::Setting;
pub use crate::survey::{
    CesBoxes, CesFigures, Change, CommentGroup, Comments, CsatBoxes, CsatFigures,
    CustomerSatisfaction, Dimension, Figures, GroupFigures, GroupRow, GroupStatus, GroupTable,
    Interval, LabelSource, NpsBoxes, NpsFigures, NpsGroup, PeriodRow, Question, QuestionParams,
    QuestionSection, Response, Responses, Satisfaction, Scale, SurveyColumnsUsed, SurveyConfig,
    SurveyInput, SurveyParams, SurveyParamsError, TermCount, Trend, ValueLists,
    ValueSatisfactionRow, WithChange,
};
pub use crate::text::{serialize_rendered, InLanguage, Language, Rendered, Texts};
