//! The whole analysis, from a file's bytes to a [`Report`].

use std::borrow::Cow;
use std::collections::HashMap;

use crate::aggregated::{
    check_records, customer_data, CustomerData, CustomerRecord, FirstPurchaseSource, Limitation,
};
use crate::attributes::{break_down, CustomerAttributes};
use crate::clusters::{
    analyze_clusters, ClusterAnalysis, ClusterConfig, ClusterParams, ExtraFeature,
};
use crate::clv::{analyze_clv, clv_inputs, fit_models, ClvConfig, ClvInput, ClvParams, Models};
use crate::columns::{CustomerColumnsUsed, InputColumns, InputKind};
use crate::customers::{purchase_days, CustomerBase, PurchaseHistory};
use crate::distributions::Distributions;
use crate::error::{Error, ErrorKind};
use crate::number::DecimalSeparator;
use crate::parallel::join;
use crate::quality::RowLog;
use crate::read::{
    customer_key, masked_ids, only_returns, FormatChoice, Ingest, Ingested, ReadFacts, ReadOptions,
    Transactions, Unattributed,
};
use crate::recommend::{recommend, Outlook, RecommendConfig, RecommendParams, ValueBasis};
use crate::report::{CustomerRow, InputSummary, Report, SCHEMA_VERSION};
use crate::retention::Activity;
use crate::rfm::{analyze_rfm, segment_migration, Migration, RfmAnalysis, RfmConfig, RfmParams};
use crate::setting::{refusal, refused, Setting};
use crate::survey::{
    analyze_satisfaction, customer_satisfaction, read_responses, CustomerContext, Dimension,
    SurveyConfig, SurveyParams,
};
use crate::text::{Rendered, Texts};
use crate::{Date, DateFormat};

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
    /// Survey columns, scales and missing-value codes, used by [`analyze_with_surveys`].
    pub surveys: SurveyParams,
    /// The playbook and the length of the call list.
    pub recommend: RecommendParams,
    /// k-means segmentation; `None` (the default) makes no clusters.
    pub clusters: Option<ClusterParams>,
    /// Lifetime-value models: time unit, horizon, discount rate, margin.
    pub clv: ClvParams,
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
/// assert_eq!(report.as_of.unwrap().to_string(), "2024-02-10");
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
    configs: Configs,
    ingest: Ingest,
}

/// The options, checked.
struct Configs {
    rfm: RfmConfig,
    survey: SurveyConfig,
    recommend: RecommendConfig,
    cluster: Option<ClusterConfig>,
    clv: ClvConfig,
    /// The analysis date given, which survey responses after it are cut at. One taken from
    /// the data's last transaction is not: surveys are often answered after the last purchase
    /// an export holds, about the same customers as they are now.
    given_as_of: Option<Date>,
}

impl Configs {
    fn check(options: &Options) -> Result<Configs, Error> {
        Ok(Configs {
            rfm: options.rfm.clone().check().map_err(refused)?,
            survey: options.surveys.clone().check().map_err(refused)?,
            recommend: options.recommend.clone().check().map_err(refused)?,
            cluster: options
                .clusters
                .clone()
                .map(ClusterParams::check)
                .transpose()
                .map_err(refused)?,
            clv: options.clv.clone().check().map_err(refused)?,
            given_as_of: options.as_of,
        })
    }

    /// Joins a survey file to the customers, when there is one, and adds the recommendations,
    /// which take satisfaction into account.
    fn finish(&self, mut report: Report, surveys: Option<&[u8]>) -> Result<Report, Error> {
        match surveys {
            Some(surveys) => join_surveys(report, surveys, self),
            None => {
                add_recommendations(&mut report, &self.recommend)?;
                Ok(report)
            }
        }
    }
}

impl Analysis {
    /// Checks the options and prepares to read.
    pub fn new(options: Options) -> Result<Analysis, Error> {
        Ok(Analysis {
            configs: Configs::check(&options)?,
            ingest: Ingest::new(options.read.clone())?.with_as_of(options.as_of),
            options,
        })
    }

    /// Tells the analysis the file's size, when it is known before reading: room for the
    /// rows is then taken at once rather than grown by doubling, which for a moment holds the
    /// old rows beside twice their room. A wrong size costs memory or time, never a result.
    pub fn expect_bytes(&mut self, total: u64) {
        self.ingest.expect_bytes(total);
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
        self.finish_joining(None)
    }

    /// Like [`finish`](Analysis::finish), then joins a survey file to the customers as
    /// [`analyze_with_surveys`] does.
    pub fn finish_with_surveys(self, surveys: &[u8]) -> Result<Report, Error> {
        self.finish_joining(Some(surveys))
    }

    fn finish_joining(self, surveys: Option<&[u8]>) -> Result<Report, Error> {
        self.read_customers()?.report(surveys)
    }

    /// Reads what is left and summarises the customers, for the rest of the analysis to be run
    /// in parts (see [`CustomersRead`]).
    pub(crate) fn read_customers(self) -> Result<CustomersRead, Error> {
        read_file(self.ingest, &self.options, self.configs)
    }
}

/// Analyses a survey file, alone or with the transactions of the same customers, and returns
/// the report with its `satisfaction` section. Without transactions the report has no
/// customers and `null` transaction sections; with them, responses are joined to customers by
/// id: figures per RFM segment and value tier, each customer's latest answers, and the
/// value × satisfaction lists.
///
/// ```
/// use custval::{analyze_with_surveys, Options};
///
/// let surveys = "nps,csat\n10,5\n9,4\n3,2\n";
/// let report = analyze_with_surveys(None, surveys.as_bytes(), &Options::default())?;
/// let satisfaction = report.satisfaction.as_ref().unwrap();
/// let nps = satisfaction.nps.as_ref().unwrap();
/// // 2 promoters and 1 detractor of 3: 100 × (2 − 1) / 3.
/// assert_eq!((nps.figures.promoters, nps.figures.detractors), (2, 1));
/// assert!((nps.figures.score.unwrap() - 100.0 / 3.0).abs() < 1e-12);
/// assert!(report.customers.is_empty() && report.rfm.is_none());
/// # Ok::<(), custval::Error>(())
/// ```
pub fn analyze_with_surveys(
    transactions: Option<&[u8]>,
    surveys: &[u8],
    options: &Options,
) -> Result<Report, Error> {
    // Every option is checked, those only transactions use too: a wrong one is wrong whatever
    // the files.
    let configs = Configs::check(options)?;
    let report = match transactions {
        Some(bytes) => analyze(bytes, options)?,
        None => Report {
            schema_version: SCHEMA_VERSION,
            generator: generator(),
            // Without transactions the analysis date is the one given, which the survey's
            // answers are cut at, or none.
            as_of: options.as_of,
            input: None,
            rfm: None,
            tiers: None,
            pareto: None,
            migration: None,
            retention: None,
            attributes: Vec::new(),
            customers: Vec::new(),
            satisfaction: None,
            recommendations: None,
            clusters: None,
            clv: None,
            distributions: None,
        },
    };
    join_surveys(report, surveys, &configs)
}

/// Adds the `satisfaction` section of a survey file to a report, joined to its customers by id,
/// and, with customers, the recommendations that take their satisfaction into account. The
/// responses dated after the analysis date given are left out, as its transactions are.
fn join_surveys(mut report: Report, surveys: &[u8], configs: &Configs) -> Result<Report, Error> {
    let (survey_config, recommend_config) = (&configs.survey, &configs.recommend);
    let (responses, input, left_out) = read_responses(surveys, survey_config, configs.given_as_of)?;
    let mut latest = customer_satisfaction(&responses, survey_config);
    let satisfaction = {
        let context = report.rfm.as_ref().map(|rfm| {
            // A customer without a label (no main region, say) leaves their answers unlabelled.
            let labels = |label: &dyn Fn(&CustomerRow) -> &str| -> HashMap<&str, &str> {
                report
                    .customers
                    .iter()
                    .map(|c| (c.summary.id.as_str(), label(c)))
                    .filter(|(_, label)| !label.is_empty())
                    .collect()
            };
            let mut dimensions = vec![
                Dimension::from_customers("segment", &responses, &labels(&|c| &c.rfm.segment)),
                Dimension::from_customers("tier", &responses, &labels(&|c| c.rfm.tier.key())),
            ];
            if report.clusters.is_some() {
                let names = labels(&|c| c.cluster.cluster_name.as_ref().map_or("", |n| &n.en));
                dimensions.push(Dimension::from_customers("cluster", &responses, &names));
            }
            for breakdown in &report.attributes {
                let role = breakdown.attribute;
                let values = labels(&|c| c.attributes.get(role).unwrap_or(""));
                dimensions.push(Dimension::from_customers(role.key(), &responses, &values));
            }
            if report.clv.is_some() {
                let stages = labels(&|c| c.clv.as_ref().map_or("", |clv| clv.lifecycle().key()));
                dimensions.push(Dimension::from_customers("lifecycle", &responses, &stages));
            }
            CustomerContext {
                customers: &report.customers,
                levels: rfm.levels,
                satisfaction: &latest,
                dimensions,
            }
        });
        analyze_satisfaction(&responses, input, left_out, survey_config, context)
    };
    for customer in &mut report.customers {
        customer.satisfaction = latest.remove(&customer.summary.id).map(Box::new);
    }
    report.satisfaction = Some(satisfaction);
    if report.rfm.is_some() {
        add_recommendations(&mut report, recommend_config)?;
    }
    Ok(report)
}

/// Fills the `recommendations` section and each customer's next best action.
fn add_recommendations(report: &mut Report, config: &RecommendConfig) -> Result<(), Error> {
    // With a `clv` section, values are predicted lifetime values unless net revenue is asked
    // for; P(alive) and the lifecycle stage count either way.
    let predicted_values = config.value_basis == ValueBasis::PredictedClv;
    let outlooks: Option<Vec<Outlook>> = report.clv.as_ref().map(|_| {
        report
            .customers
            .iter()
            .map(|customer| {
                customer
                    .clv
                    .as_ref()
                    .map_or_else(Outlook::default, |clv| Outlook {
                        clv: clv
                            .clv()
                            .filter(|_| predicted_values)
                            .map(|value| value.max(0.0)),
                        p_alive: clv.p_alive(),
                        stage: Some(clv.lifecycle()),
                    })
            })
            .collect()
    });
    // The outlooks are the analysis's own, so a refusal would be a defect, not the user's.
    let result = recommend(&report.customers, outlooks.as_deref(), config).map_err(|error| {
        ErrorKind::InvalidOptions {
            setting: None,
            message: error.texts(),
        }
    })?;
    for (customer, recommendation) in report.customers.iter_mut().zip(result.customers) {
        customer.recommendation = recommendation;
    }
    report.recommendations = Some(result.section);
    Ok(())
}

/// Why the gross `margin` of the file's costs does not scale the lifetime values.
fn unusable_margin(margin: f64) -> Limitation {
    let percent = margin * 100.0;
    Limitation {
        key: "unusableMargin",
        text: Texts::new(
            format!("The file's costs give a gross margin of {percent:.1}% (costs at or above the revenue, or negative costs), which no lifetime value can keep a share of: lifetime values are in revenue. Check the cost (or profit) column, or give the margin option."),
            format!("文件的成本得出的毛利率为 {percent:.1}%（成本不低于收入，或成本为负），无法作为终身价值保留的收入比例：终身价值按收入计算。请检查成本（或毛利）列，或设置毛利率选项。"),
        ),
    }
}

fn generator() -> String {
    concat!("custval ", env!("CARGO_PKG_VERSION")).to_string()
}

/// Reads the rest of the file and summarises its customers, whichever kind of file it is.
fn read_file(ingest: Ingest, options: &Options, configs: Configs) -> Result<CustomersRead, Error> {
    let (rows, facts) = ingest.finish()?;
    let (data, kind) = match rows {
        Ingested::Transactions(transactions) => (
            transaction_data(&transactions, &facts, options, &configs.rfm)?,
            InputKind::Transactions,
        ),
        Ingested::Customers {
            records,
            recency_counted_at,
        } => (
            customer_data(
                records,
                FirstPurchaseSource::File(match &facts.columns {
                    InputColumns::Customers(columns) => columns.first_purchase.as_deref(),
                    InputColumns::Transactions(_) => None,
                }),
                options.as_of.or(recency_counted_at),
                facts.rows_read,
                facts.skipped.first_problem(),
            )?,
            InputKind::Customers,
        ),
    };
    let (rows_read, first_problem) = (facts.rows_read, facts.skipped.first_problem().cloned());
    let input = move |base: &CustomerBase, (first_date, last_date), limitations| InputSummary {
        kind,
        bytes: facts.bytes,
        encoding: facts.encoding.to_string(),
        delimiter: facts.delimiter.name().to_string(),
        header: facts.header_line.is_some(),
        header_line: facts.header_line,
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
        unattributed: facts
            .unattributed
            .with_sales_until(&facts.unattributed_sales, options.as_of),
        first_date,
        last_date,
        customers: base.customers.len() as u64,
        return_only_customers: base.return_only_customers,
        net_revenue: base.net_revenue,
        gross_margin: base.gross_margin,
        currency: facts.currencies.iso_code(),
        limitations: facts.limitations.into_iter().chain(limitations).collect(),
    };
    CustomersRead::new(data, input, (rows_read, first_problem), configs)
}

/// Analyses customers given as records by a program (one per customer, aggregated
/// elsewhere), as a customer file would be, and joins a survey file to them when given.
/// Records are checked first: the first one that cannot be used is an error naming its
/// position.
///
/// ```
/// use custval::{analyze_customer_records, CustomerRecord, LastSeen, Options};
///
/// let day = |text: &str| text.parse().unwrap();
/// let record = |id: &str, last, frequency, monetary| CustomerRecord {
///     id: id.into(),
///     last_purchase: LastSeen::Date(day(last)),
///     first_purchase: None,
///     frequency,
///     monetary,
///     purchase_days: None,
///     repeat_monetary: None,
///     cost: None,
/// };
/// let records = vec![record("ann", "2024-03-01", 3, 120.0), record("bob", "2024-03-20", 1, 15.0)];
/// let report = analyze_customer_records(records, None, &Options::default())?;
/// assert_eq!(report.as_of.unwrap().to_string(), "2024-03-20");
/// assert_eq!(report.customers[0].summary.recency_days, 19);
/// assert!(report.clv.is_none() && report.migration.is_none());
/// # Ok::<(), custval::Error>(())
/// ```
pub fn analyze_customer_records(
    mut records: Vec<CustomerRecord>,
    surveys: Option<&[u8]>,
    options: &Options,
) -> Result<Report, Error> {
    let configs = Configs::check(options)?;
    // Told apart as a file's ids are, and as the survey answers' are: an email in lower case.
    for record in &mut records {
        if let Cow::Owned(key) = customer_key(&record.id) {
            record.id = key;
        }
    }
    check_records(&records, options.as_of)?;
    let rows_read = records.len() as u64;
    let columns = InputColumns::Customers(CustomerColumnsUsed::of_records(&records));
    let data = customer_data(
        records,
        FirstPurchaseSource::Records,
        options.as_of,
        rows_read,
        None,
    )?;
    let input = |base: &CustomerBase, (first_date, last_date), limitations| InputSummary {
        kind: InputKind::Customers,
        bytes: 0,
        encoding: String::new(),
        delimiter: String::new(),
        header: false,
        header_line: None,
        columns,
        date_format: FormatChoice {
            format: DateFormat::YearMonthDay.name(),
            source: "option",
            ambiguous: 0,
        },
        decimal_separator: FormatChoice {
            format: DecimalSeparator::Point.name(),
            source: "option",
            ambiguous: 0,
        },
        rows_read,
        rows_used: base.rows_used,
        rows_after_as_of: base.rows_after_as_of,
        rows_skipped: 0,
        skipped: RowLog::default(),
        altered: RowLog::default(),
        duplicates: RowLog::default(),
        unattributed: Unattributed::default(),
        first_date,
        last_date,
        customers: base.customers.len() as u64,
        return_only_customers: 0,
        net_revenue: base.net_revenue,
        gross_margin: base.gross_margin,
        currency: None,
        limitations,
    };
    CustomersRead::new(data, input, (rows_read, None), configs)?.report(surveys)
}

/// The customers of a transactions file as of the analysis date and the migration's earlier
/// date, with their purchase days.
fn transaction_data(
    transactions: &Transactions,
    facts: &ReadFacts,
    options: &Options,
    rfm_config: &RfmConfig,
) -> Result<CustomerData, Error> {
    let first_date = transactions.rows.iter().map(|row| row.date).min();
    let last_date = transactions.rows.iter().map(|row| row.date).max();
    let (Some(first_date), Some(last_date)) = (first_date, last_date) else {
        return Err(facts.no_usable_rows());
    };
    let as_of = options.as_of.unwrap_or(last_date);
    if as_of < first_date {
        return Err(ErrorKind::AsOfBeforeData { as_of, first_date }.into());
    }
    let compare_as_of = rfm_config
        .compare_as_of()
        .unwrap_or(as_of.add_days(-DEFAULT_MIGRATION_DAYS));
    if compare_as_of >= as_of {
        return Err(refusal(Setting::CompareAsOf, Texts::new(
            format!("the migration's earlier date {compare_as_of} must be before the analysis date {as_of}"),
            format!("迁移分析的较早日期 {compare_as_of} 必须早于分析日期 {as_of}"),
        )));
    }
    // One index of the purchase occasions serves both dates and the purchase days.
    let history = PurchaseHistory::new(transactions);
    // Independent reads of the rows, at once where there are threads, in two shares of about
    // equal work.
    let customers = 0..transactions.customer_ids.len();
    let ((earlier, days, activity), (base, (attributes, main_values))) = join(
        || {
            (
                CustomerBase::from_history(transactions, &history, compare_as_of),
                purchase_days(transactions, &history, as_of),
                Activity::of(customers.map(|customer| history.days(customer)), as_of),
            )
        },
        || {
            (
                CustomerBase::from_history(transactions, &history, as_of),
                match facts.columns.transactions() {
                    Some(columns) => break_down(
                        transactions,
                        columns,
                        as_of,
                        &history.customers_until(as_of),
                    ),
                    None => (Vec::new(), Vec::new()),
                },
            )
        },
    );
    if base.customers.is_empty() && base.return_only_customers > 0 {
        return Err(only_returns(facts.rows_read));
    }
    Ok(CustomerData {
        as_of,
        earlier: Some((compare_as_of, earlier)),
        days: Some(days),
        data_end: last_date,
        retention: Some(activity.section(&base.customers)),
        limitations: (facts.currencies.mixed().into_iter())
            .chain(masked_ids(&transactions.customer_ids))
            .collect(),
        attributes,
        main_values,
        base,
    })
}

/// A file read and its customers summarised, before the rest of the analysis, which comes in
/// two parts that share nothing but the customers they read: fitting the lifetime-value models
/// to [`clv_inputs`](CustomersRead::clv_inputs), and [`segment`](CustomersRead::segment)ing the
/// customers (RFM scores, migration, clusters). [`report`](CustomersRead::report) runs them at
/// once where there are threads; in a browser the models can be fitted in a second worker and
/// handed to [`finish`](CustomersRead::finish).
pub(crate) struct CustomersRead {
    data: CustomerData,
    /// Room for the report's rows, one per customer, taken as soon as the input's rows were
    /// freed so that it can be theirs: taken last, it found no free block that large and went
    /// on top of the module's memory, which never shrinks.
    rows: Vec<CustomerRow>,
    input: InputSummary,
    /// The lifetime-value models' inputs, in the order of the customers; `None` when the
    /// input has no purchase days to fit them to.
    clv_inputs: Option<Vec<ClvInput>>,
    /// The options' lifetime-value settings, with the input's margin when they give none.
    clv_config: ClvConfig,
    configs: Configs,
}

/// The customers' RFM scores, tiers and segments, the segment migration and the clusters.
pub(crate) struct Segmentation {
    rfm: RfmAnalysis,
    migration: Option<Migration>,
    clusters: Option<ClusterAnalysis>,
}

impl CustomersRead {
    /// Checks that there are customers to analyse and that the options suit them. `input`
    /// makes the data-quality section from the customers used, their date range and the
    /// input's limitations; `rows_read` and `first_problem` explain an input without customers.
    fn new(
        mut data: CustomerData,
        input: impl FnOnce(&CustomerBase, (Date, Date), Vec<Limitation>) -> InputSummary,
        (rows_read, first_problem): (u64, Option<Texts>),
        configs: Configs,
    ) -> Result<CustomersRead, Error> {
        let base = &data.base;
        let Some(date_range) = base.date_range.filter(|_| !base.customers.is_empty()) else {
            return Err(ErrorKind::NoUsableRows {
                rows_read,
                first_problem,
            }
            .into());
        };
        let rows = Vec::with_capacity(base.customers.len());
        if let Some(config) = &configs.cluster {
            let tenure = config.extra_features.contains(&ExtraFeature::TenureDays);
            if tenure && base.customers.iter().any(|c| c.first_purchase.is_none()) {
                return Err(refusal(Setting::ClusterFeatures, Texts::new(
                    "the tenureDays feature needs every customer's first purchase date; add a first_purchase column or leave the feature out",
                    "tenureDays 特征需要每位客户的首次购买日期；请添加首次购买日期列，或不使用该特征",
                )));
            }
        }
        // A margin given in the options wins; otherwise the input's own, when it is a usable
        // share.
        let own_margin = base.gross_margin;
        let usable_margin = own_margin.filter(|margin| *margin > 0.0 && *margin <= 1.0);
        if let (None, Some(margin), None, Some(_)) =
            (configs.clv.margin, own_margin, usable_margin, &data.days)
        {
            data.limitations.push(unusable_margin(margin));
        }
        let clv_config = ClvConfig {
            margin: configs.clv.margin.or(usable_margin),
            ..configs.clv.clone()
        };
        let clv_inputs = data
            .days
            .as_deref()
            .map(|days| clv_inputs(days, data.as_of, &clv_config));
        let input = input(base, date_range, std::mem::take(&mut data.limitations));
        Ok(CustomersRead {
            data,
            rows,
            input,
            clv_inputs,
            clv_config,
            configs,
        })
    }

    /// The lifetime-value models' inputs, one per customer, for [`fit_models`]; `None` when
    /// there are no models to fit.
    pub(crate) fn clv_inputs(&self) -> Option<&[ClvInput]> {
        self.clv_inputs.as_deref()
    }

    /// The whole report, with joined survey answers when given: the models are fitted beside
    /// the segmentation.
    pub(crate) fn report(self, surveys: Option<&[u8]>) -> Result<Report, Error> {
        let (models, segmentation) =
            join(|| self.clv_inputs().and_then(fit_models), || self.segment());
        self.finish(segmentation?, models, surveys)
    }

    /// Scores, segments and clusters the customers.
    pub(crate) fn segment(&self) -> Result<Segmentation, Error> {
        let (customers, as_of) = (&self.data.base.customers, self.data.as_of);
        let rfm_config = &self.configs.rfm;
        let rfm = analyze_rfm(customers, rfm_config);
        let migration = self.data.earlier.as_ref().map(|(compare_as_of, earlier)| {
            segment_migration(
                (*compare_as_of, as_of),
                &earlier.customers,
                customers,
                &rfm.customers,
                rfm_config,
            )
        });
        let clusters = match &self.configs.cluster {
            Some(config) => {
                analyze_clusters(customers, &rfm.customers, &rfm.section.segments, config)?
            }
            None => None,
        };
        Ok(Segmentation {
            rfm,
            migration,
            clusters,
        })
    }

    /// The report from the segmentation and the models fitted to
    /// [`clv_inputs`](CustomersRead::clv_inputs) (`None` makes no `clv` section; models from
    /// another worker are checked with `Models::match_inputs` first), with joined survey
    /// answers when given.
    pub(crate) fn finish(
        self,
        segmentation: Segmentation,
        models: Option<Models>,
        surveys: Option<&[u8]>,
    ) -> Result<Report, Error> {
        let CustomersRead {
            data,
            rows,
            mut input,
            clv_inputs,
            clv_config,
            configs,
        } = self;
        let CustomerData {
            as_of,
            base,
            earlier,
            days,
            data_end,
            retention,
            attributes,
            main_values,
            ..
        } = data;
        // The migration is made; its room goes to what the rest of the analysis makes.
        drop(earlier);
        let Segmentation {
            rfm,
            migration,
            clusters,
        } = segmentation;
        if configs.cluster.is_some() && clusters.is_none() {
            input.limitations.push(Limitation {
                key: "noClusters",
                text: Texts::new(
                    "Every customer has the same recency, frequency and monetary value, so there are no clusters to find.",
                    "所有客户的最近购买、购买频率和消费金额都相同，因此无法聚类。",
                ),
            });
        }
        if clv_inputs.is_some() && models.is_none() {
            input.limitations.push(Limitation {
                key: "noClv",
                text: Texts::new(
                    "Every customer's first purchase is on the analysis date, so no one has been seen for any time: lifetime value, churn probability and lifecycle stages cannot be estimated. Choose a later analysis date or bring a longer history.",
                    "所有客户的首次购买都在分析日期当天，没有任何客户被观察过一段时间：无法估计终身价值、流失概率和生命周期阶段。请选择更晚的分析日期，或提供更长的历史数据。",
                ),
            });
        }
        let (clusters, memberships) = clusters.map_or((None, Vec::new()), |analysis| {
            (Some(analysis.section), analysis.customers)
        });
        // In the customer base's order, like the RFM rows; the clusters' memberships are empty
        // without clusters and the main values without a transactions file. The parts' room is
        // freed once the rows are made, before the lifetime values and the recommendations are
        // written into them.
        let mut customers = rows;
        let mut memberships = memberships.into_iter();
        let main_values = main_values
            .into_iter()
            .chain(std::iter::repeat_with(CustomerAttributes::default));
        customers.extend(
            base.customers
                .into_iter()
                .zip(rfm.customers)
                .zip(main_values)
                .map(|((summary, rfm), attributes)| CustomerRow {
                    summary,
                    rfm,
                    attributes,
                    satisfaction: None,
                    recommendation: None,
                    cluster: memberships.next().unwrap_or_default(),
                    clv: None,
                }),
        );
        let clv = clv_inputs
            .zip(models)
            .zip(days)
            .map(|((inputs, models), days)| {
                analyze_clv(
                    (&inputs, models),
                    &mut customers,
                    &days,
                    (as_of, data_end),
                    &clv_config,
                )
            });
        let distributions = Distributions::of(
            &customers,
            clusters.as_ref().map(|section| section.clusters.len()),
            clv.as_ref(),
        );
        let report = Report {
            schema_version: SCHEMA_VERSION,
            generator: generator(),
            as_of: Some(as_of),
            input: Some(input),
            rfm: Some(rfm.section),
            tiers: Some(rfm.tiers),
            pareto: rfm.pareto,
            migration,
            retention,
            attributes,
            customers,
            satisfaction: None,
            recommendations: None,
            clusters,
            clv,
            distributions: Some(distributions),
        };
        configs.finish(report, surveys)
    }
}

#[cfg(test)]
mod tests {
    use super::{analyze, Analysis, Options};
    use crate::clv::{fit_models, ClvInput, Models};
    use crate::text::Rendered;
    use crate::ClusterParams;
    use crate::{ClusterCount, ClvParams, RfmParams, SurveyParams};

    /// The CDNOW sample (../shared/data) as a headed CSV.
    fn cdnow_csv() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/cdnow/CDNOW_sample.txt"
        );
        let raw = std::fs::read_to_string(path).expect("the CDNOW sample in ../shared/data");
        let rows = raw
            .lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(","));
        std::iter::once("master_id,customer_id,date,cds,amount".to_string())
            .chain(rows)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn models_fitted_elsewhere_give_the_report_made_in_one_go() {
        let options = Options {
            clusters: Some(ClusterParams::default()),
            ..Options::default()
        };
        let mut analysis = Analysis::new(options.clone()).unwrap();
        analysis.push(cdnow_csv().as_bytes()).unwrap();
        let read = analysis.read_customers().unwrap();
        // The inputs and the models cross as to a worker and back: packed, and as a value
        // whose numbers are kept exactly, as JS numbers keep them.
        let packed = ClvInput::pack(read.clv_inputs().unwrap());
        let inputs = ClvInput::unpack(&packed).unwrap();
        let fitted = serde_json::to_value(fit_models(&inputs).unwrap()).unwrap();
        let models: Models = serde_json::from_value(fitted).unwrap();
        let segmentation = read.segment().unwrap();
        let report = read.finish(segmentation, Some(models), None).unwrap();
        let in_one_go = analyze(cdnow_csv().as_bytes(), &options).unwrap();
        assert!(report.clv.is_some() && report.clusters.is_some());
        assert_eq!(
            serde_json::to_string(&report).unwrap(),
            serde_json::to_string(&in_one_go).unwrap()
        );
    }

    /// An option out of range is told in both languages, for a page in either.
    #[test]
    fn invalid_options_are_told_in_english_and_chinese() {
        let csv = "customer,date,amount\na,2024-01-01,5\nb,2024-01-02,6\n";
        let cases = [
            (
                Options {
                    clv: ClvParams {
                        horizon_months: 0,
                        ..ClvParams::default()
                    },
                    ..Options::default()
                },
                "invalid options: the CLV horizon must be 1 to 1200 months, not 0",
                "选项无效：CLV 预测期必须为 1 至 1200 个月，而不是 0",
            ),
            (
                Options {
                    rfm: RfmParams {
                        levels: 7,
                        ..RfmParams::default()
                    },
                    ..Options::default()
                },
                "invalid options: score levels must be 3, 4 or 5, not 7",
                "选项无效：评分等级必须为 3、4 或 5，而不是 7",
            ),
            (
                Options {
                    clusters: Some(ClusterParams {
                        k: ClusterCount::Fixed(1),
                        ..ClusterParams::default()
                    }),
                    ..Options::default()
                },
                "invalid options: the number of clusters must be auto or 2 to 20, not 1",
                "选项无效：聚类数必须为 auto 或 2 至 20，而不是 1",
            ),
            (
                Options {
                    surveys: SurveyParams {
                        min_group_answers: 0,
                        ..SurveyParams::default()
                    },
                    ..Options::default()
                },
                "invalid options: the minimum number of answers per group must be at least 1",
                "选项无效：每组的最少答案数必须至少为 1",
            ),
        ];
        for (options, en, zh_cn) in cases {
            let error = analyze(csv.as_bytes(), &options).unwrap_err();
            assert_eq!(error.code(), "invalidOptions");
            let texts = error.texts();
            assert_eq!((texts.en.as_str(), texts.zh_cn.as_str()), (en, zh_cn));
        }
    }
}
