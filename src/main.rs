//! The `custval` command-line tool: a thin front end over the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgGroup, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use custval::{
    aggregates_csv, analyze, analyze_with_surveys, attributes_csv, call_list_csv, customers_csv,
    segments_csv, write_report, Analysis, ClusterCount, ClusterParams, ClvParams, ColumnOverrides,
    ColumnRef, Date, DateFormat, DecimalSeparator, Delimiter, ErrorKind, ExportConfig,
    ExportParams, ExtraFeature, InputKind, JsonLayout, Limitation, Options, Period, QuestionParams,
    ReadOptions, RecommendParams, Report, ReportPart, RfmParams, RowLog, Scale, SegmentRule,
    Setting, SurveyParams, TimeUnit, ValueBasis,
};

/// Customer value analysis on this machine: RFM, segments, lifetime value and satisfaction
/// (NPS, CSAT, CES) from the CSV files you name.
///
/// The command line runs locally: it reads the transactions and survey files named, writes the
/// report (JSON) and the CSV files asked for, and sends nothing over the network. The same
/// analysis runs in the browser in the custval web page and npm package.
// Not the crate's description, which is the npm package's and speaks of the browser.
#[derive(Parser)]
#[command(name = "custval", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse a transactions CSV (or a customer file) and print the report as JSON.
    ///
    /// The file needs a header row naming a customer id, a date and an amount column (or
    /// quantity and unit price), in English or Chinese, e.g. customer_id/客户编号,
    /// order_date/订单日期, amount/金额. A customer file, one row per customer, names instead
    /// last_purchase/最近购买日期 (or recency_days), frequency/购买次数 and monetary/消费金额,
    /// and optionally first_purchase/首次购买日期 for the lifetime value. With --surveys, a survey CSV (one row per response)
    /// adds the satisfaction section; the transactions file is then optional. Exit status: 0 on
    /// success, 1 when the input cannot be analysed, 2 on a usage error (an unknown option, or
    /// an option's value the analysis cannot use, also with this input: a column the file does
    /// not have, an analysis date before its first purchase).
    Analyze(AnalyzeArgs),
}

// Options taking numbers allow values with a leading hyphen, so that a negative number
// (`--margin -0.5`, `--monetary-thresholds -10,0,10,100`) reaches the option's own check and
// message instead of being taken for an unknown option. Those taking a whole number read it
// with `parse_whole`, which says what they take.
#[derive(Args)]
#[command(group(ArgGroup::new("inputs").args(["file", "surveys"]).required(true).multiple(true)))]
#[command(group(ArgGroup::new("exports_with_ids").args(["customers_csv", "call_list_csv"]).multiple(true)))]
struct AnalyzeArgs {
    /// The transactions file (CSV, TSV, semicolon- or pipe-separated; UTF-8, UTF-16 or GBK);
    /// - reads standard input.
    file: Option<PathBuf>,
    /// A survey file: one row per response with any of an NPS (0–10), CSAT (1–5) and CES (1–7)
    /// question, optionally a customer id, a date, comments and grouping columns; - reads
    /// standard input.
    #[arg(long, value_name = "FILE")]
    surveys: Option<PathBuf>,
    /// The header of the NPS (likelihood to recommend) column. Default: recognised by name.
    #[arg(long, value_name = "NAME")]
    nps_column: Option<String>,
    /// The NPS scale, e.g. 1-10 (promoters 9–10, detractors 1–6) or 1-7 (promoters 6–7,
    /// passives 5, detractors 1–4). Default 0-10.
    #[arg(long, value_name = "MIN-MAX", allow_hyphen_values = true)]
    nps_scale: Option<Scale>,
    /// The file's NPS numbers run from best to worst (0 = extremely likely): each is read as
    /// min + max − n.
    #[arg(long)]
    nps_reversed: bool,
    /// The header of the CSAT column. Default: recognised by name.
    #[arg(long, value_name = "NAME")]
    csat_column: Option<String>,
    /// The CSAT scale; the top two values count as satisfied. Default 1-5.
    #[arg(long, value_name = "MIN-MAX", allow_hyphen_values = true)]
    csat_scale: Option<Scale>,
    /// The file's CSAT numbers run from best to worst (1 = very satisfied): each is read as
    /// min + max − n. An answer written as its label alone means what it says.
    #[arg(long)]
    csat_reversed: bool,
    /// The header of the CES column. Default: recognised by name.
    #[arg(long, value_name = "NAME")]
    ces_column: Option<String>,
    /// The CES scale (higher = easier); values above the midpoint count as easy. Default 1-7.
    #[arg(long, value_name = "MIN-MAX", allow_hyphen_values = true)]
    ces_scale: Option<Scale>,
    /// The file's CES numbers run from best to worst, as a question of effort ("How much
    /// effort …", 1 = very low) does: each is read as min + max − n, so that higher is easier.
    #[arg(long)]
    ces_reversed: bool,
    /// Answers that mean "no answer", e.g. -99 (blank, NA, N/A, null and - always do). They
    /// are counted and left out, never treated as zero.
    #[arg(
        long,
        value_name = "CODE,...",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    missing_code: Vec<String>,
    /// Survey columns to group answers by. Default: columns named like channel, region,
    /// product, store or city (渠道, 地区, 产品, 门店, 城市).
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    group_column: Option<Vec<String>>,
    /// Groups with fewer answers to a question show "too few answers" instead of a number.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        allow_hyphen_values = true, value_parser = parse_whole::<u64>
    )]
    min_group_answers: u64,
    /// The period of the satisfaction trend: month, quarter or year.
    #[arg(long, value_name = "PERIOD", default_value = "month")]
    survey_period: Period,
    /// The survey file's text encoding, as --encoding is the transactions file's. Default:
    /// detected.
    #[arg(long, value_name = "LABEL")]
    survey_encoding: Option<String>,
    /// The survey file's field delimiter, as --delimiter is the transactions file's. Default:
    /// detected.
    #[arg(long, value_name = "NAME", value_parser = parse_delimiter)]
    survey_delimiter: Option<Delimiter>,
    /// How to read the survey file's dates, as --date-format reads the transactions file's
    /// (a Google Form's 3/4/2024 is M/D/YYYY in the US). Default: decided from the data.
    #[arg(long, value_name = "FORMAT", value_parser = parse_date_format)]
    survey_date_format: Option<DateFormat>,
    /// The observation end date (YYYY-MM-DD), inclusive; later transactions are not scored.
    /// Default: the latest transaction date in the file.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<Date>,
    /// Write the report to this file instead of standard output. Any output given as - is
    /// written to standard output, which then cannot take the report as well.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Indent the JSON report, as it is when printed to a terminal. Otherwise it is written on
    /// one line: for a large customer base a quarter smaller and quicker to write.
    #[arg(long)]
    pretty: bool,
    /// Write the report without its customers: every other part as in the whole report, in its
    /// place. Paired with --customers-csv, it keeps a large customer base's run small: the
    /// customers' part is nearly all of a report (about 130 MB for a million transactions).
    #[arg(long)]
    summary_only: bool,
    /// Print nothing on standard error but errors: no notes on rows skipped or read otherwise
    /// and on what the input cannot give (the report has them all).
    #[arg(long)]
    quiet: bool,
    /// Use this column for a role, by header name or 1-based position, or none to leave a
    /// recognised column out; repeatable. Roles: customer, date, amount, quantity, price,
    /// order, cost, profit, status, refund, currency, region, channel, category, customerType;
    /// in a customer file customer, lastPurchase, firstPurchase, recency, frequency, monetary,
    /// purchaseDays, repeatMonetary, cost. E.g. --column customer=会员号 --column date=3 --column order=none.
    #[arg(long = "column", value_name = "ROLE=COLUMN", value_parser = parse_column)]
    columns: Vec<(String, ColumnRef)>,
    /// What one row of the file is: transactions (a transaction or order line), customers
    /// (one customer's totals, aggregated elsewhere: id, last purchase date or recency in
    /// days, frequency, monetary, optionally first purchase date) or auto (decided from the
    /// header: a frequency and a last purchase or recency column make a customer file).
    #[arg(long, value_name = "KIND", default_value = "auto", value_parser = parse_input_kind)]
    input_kind: InputKind,
    /// The text encoding (utf-8, utf-16le, utf-16be, gbk, gb18030, …). Default: detected.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// The field delimiter: comma, semicolon, tab, pipe or whitespace. Default: detected.
    #[arg(long, value_name = "NAME", value_parser = parse_delimiter)]
    delimiter: Option<Delimiter>,
    /// The file has no header row: give the columns with --column ROLE=POSITION.
    #[arg(long)]
    no_header: bool,
    /// How to read dates like 05/03/2024: D/M/YYYY or M/D/YYYY (YYYY-MM-DD rejects them); D/M/YY
    /// or M/D/YY to read two-digit years too (05/03/24).
    /// Default: decided from the data and reported.
    #[arg(long, value_name = "FORMAT", value_parser = parse_date_format)]
    date_format: Option<DateFormat>,
    /// The decimal separator of amounts: . or , (then . groups thousands). Default: detected.
    #[arg(long, value_name = "SEPARATOR", value_parser = parse_decimal)]
    decimal_separator: Option<DecimalSeparator>,
    /// Skip rows identical to an earlier row, in the transactions and the survey file (by
    /// default they are reported and kept).
    #[arg(long)]
    drop_duplicates: bool,
    /// Number of RFM score levels: 3, 4 or 5.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 5,
        allow_hyphen_values = true, value_parser = parse_whole::<u8>
    )]
    score_levels: u8,
    /// Recency score thresholds in days, ascending, one fewer than the levels: 30,90,180,365
    /// scores 0–29 days as 5, 30–89 as 4, …, 365 and more as 1. Default: quantiles.
    #[arg(
        long,
        value_name = "DAYS,...",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    recency_thresholds: Option<Vec<f64>>,
    /// Frequency score thresholds, ascending: 2,3,5,10 scores 1, 2, 3–4, 5–9, 10+ purchases
    /// as 1 to 5. Default: quantiles.
    #[arg(
        long,
        value_name = "N,...",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    frequency_thresholds: Option<Vec<f64>>,
    /// Monetary score thresholds, ascending, like --frequency-thresholds. Default: quantiles.
    #[arg(
        long,
        value_name = "AMOUNT,...",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    monetary_thresholds: Option<Vec<f64>>,
    /// A JSON file of segment rules replacing the default segments: an array of
    /// {"key", "name": {"en", "zh-CN"}, "recency"/"frequency"/"monetary": {"min", "max"}},
    /// evaluated in order. Rules that leave score cells uncovered are rejected.
    #[arg(long, value_name = "FILE")]
    segment_rules: Option<PathBuf>,
    /// Value tiers: the share of value the high tier brings, then high and medium together.
    #[arg(long, value_name = "HIGH,HIGH_AND_MEDIUM", default_value = "0.80,0.95", value_parser = parse_share_pair, allow_hyphen_values = true)]
    tier_shares: (f64, f64),
    /// The earlier date of the segment migration (YYYY-MM-DD). Default: 90 days before asOf.
    #[arg(long, value_name = "YYYY-MM-DD")]
    compare_as_of: Option<Date>,
    /// A JSON playbook replacing the built-in one: for every RFM segment, value tier,
    /// satisfaction group and lifecycle stage a goal, 2–4 actions, a channel and a spend cap,
    /// each text in en and zh-CN. It is validated before the data is read.
    #[arg(long, value_name = "FILE")]
    playbook: Option<PathBuf>,
    /// The most customers on the call list of the recommendations.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 20,
        allow_hyphen_values = true, value_parser = parse_whole::<usize>
    )]
    call_list_size: usize,
    /// What the recommendations value money at: clv (predicted lifetime value, where the
    /// analysis has one) or net-revenue (to date).
    #[arg(long, value_name = "BASIS", default_value = "clv")]
    value_basis: ValueBasis,
    /// Also write the per-customer table as CSV (UTF-8 with BOM; text that could run as a
    /// spreadsheet formula is prefixed with an apostrophe).
    #[arg(long, value_name = "FILE")]
    customers_csv: Option<PathBuf>,
    /// Also write the segment summary (every group, its money at stake and play) as CSV.
    #[arg(long, value_name = "FILE")]
    segments_csv: Option<PathBuf>,
    /// Also write this week's call list as CSV.
    #[arg(long, value_name = "FILE")]
    call_list_csv: Option<PathBuf>,
    /// Also write the segment summary for sharing: no customer ids, and groups smaller than
    /// --min-group-size suppressed.
    #[arg(long, value_name = "FILE")]
    aggregates_csv: Option<PathBuf>,
    /// Also write the region, channel, category and customer type breakdown (each value's
    /// customers, revenue and, with costs, gross profit) as CSV.
    #[arg(long, value_name = "FILE")]
    attributes_csv: Option<PathBuf>,
    /// In --aggregates-csv, groups with fewer customers are suppressed; without that file,
    /// a usage error.
    // Without the file it would change nothing, and a run meant to be safe to share would
    // look as if it were.
    #[arg(
        long,
        value_name = "K",
        default_value_t = 5,
        allow_hyphen_values = true, value_parser = parse_whole::<usize>,
        requires = "aggregates_csv"
    )]
    min_group_size: usize,
    /// Replace customer ids in --customers-csv and --call-list-csv by SHA-256 hashes with this
    /// secret salt (at least 8 characters); the same id always gets the same code. The JSON
    /// report keeps the ids. Without either file, a usage error. The environment variable
    /// CUSTVAL_ID_SALT gives it too, out of the process list that other users of the machine
    /// can read; the option wins over it.
    // Taken without a word, it would let a report with every id pass for one without.
    #[arg(long, value_name = "SECRET", requires = "exports_with_ids")]
    id_salt: Option<String>,
    /// Behavioural segments by k-means on log recency, frequency and monetary value: a number
    /// of clusters (2–20) or auto (k = 2–8, the best silhouette score). Default: no clusters.
    #[arg(long, value_name = "K|auto", allow_hyphen_values = true)]
    clusters: Option<ClusterCount>,
    /// The seed of the k-means starts and the silhouette sample.
    #[arg(long, value_name = "N", default_value_t = ClusterParams::default().seed, allow_hyphen_values = true, value_parser = parse_whole::<u64>, requires = "clusters")]
    cluster_seed: u64,
    /// k-means runs per k; the best is kept.
    #[arg(long, value_name = "N", default_value_t = ClusterParams::default().runs, allow_hyphen_values = true, value_parser = parse_whole::<usize>, requires = "clusters")]
    cluster_runs: usize,
    /// Customers sampled (seeded) for the k-means runs and the silhouette scores when there
    /// are more (100 to 10,000).
    #[arg(long, value_name = "N", default_value_t = ClusterParams::default().silhouette_sample, allow_hyphen_values = true, value_parser = parse_whole::<usize>, requires = "clusters")]
    cluster_sample: usize,
    /// A feature to cluster beside recency, frequency and monetary value: averageOrderValue
    /// or tenureDays; repeatable.
    #[arg(
        long = "cluster-feature",
        value_name = "FEATURE",
        requires = "clusters"
    )]
    cluster_features: Vec<ExtraFeature>,
    /// The time unit of the lifetime-value models' parameters: day or week (7 days).
    #[arg(long, value_name = "UNIT", default_value = "day", value_parser = parse_time_unit)]
    time_unit: TimeUnit,
    /// Months of future purchases counted in the lifetime value (a month is 365.25/12 days).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 12,
        allow_hyphen_values = true, value_parser = parse_whole::<u32>
    )]
    horizon_months: u32,
    /// Monthly discount rate of the lifetime value: 0.01 is 1% a month.
    #[arg(
        long,
        value_name = "R",
        default_value_t = 0.01,
        allow_hyphen_values = true
    )]
    discount_rate: f64,
    /// Gross margin, a share of revenue (0.3 is 30%): the lifetime value becomes profit.
    #[arg(long, value_name = "M", allow_hyphen_values = true)]
    margin: Option<f64>,
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let Command::Analyze(args) = cli.command;
    let given = match matches.subcommand() {
        Some((_, analyze)) => given_transaction_options(analyze),
        None => Vec::new(),
    };
    let (message, status) = match run(&args, &given) {
        Ok(()) => return ExitCode::SUCCESS,
        Err(Failure::Input(message)) => (message, 1),
        Err(Failure::Usage(message)) => (message, 2),
    };
    eprintln!("custval: {message}");
    ExitCode::from(status)
}

/// Why a run failed, as its exit status tells it: the input cannot be analysed, or the command
/// asks for something it cannot do, as clap's own usage errors do.
enum Failure {
    Input(String),
    Usage(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Input(message)
    }
}

fn run(args: &AnalyzeArgs, given: &[String]) -> Result<(), Failure> {
    check_distinct_outputs(args).map_err(Failure::Usage)?;
    if [&args.file, &args.surveys]
        .iter()
        .all(|path| path.as_deref().is_some_and(is_standard_stream))
    {
        return Err(Failure::Usage(
            "the transactions file and --surveys cannot both be standard input (-)".into(),
        ));
    }
    if args.file.is_none() {
        check_survey_only_options(given).map_err(Failure::Usage)?;
    }
    let mut columns = ColumnOverrides::default();
    for (role, column) in &args.columns {
        columns.set(role, column.clone()).map_err(Failure::Usage)?;
    }
    let options = Options {
        as_of: args.as_of,
        read: ReadOptions {
            encoding: args.encoding.clone(),
            delimiter: args.delimiter,
            has_header: !args.no_header,
            kind: args.input_kind,
            columns,
            date_format: args.date_format,
            decimal_separator: args.decimal_separator,
            drop_duplicates: args.drop_duplicates,
        },
        rfm: RfmParams {
            levels: args.score_levels,
            recency_cuts: args.recency_thresholds.clone(),
            frequency_cuts: args.frequency_thresholds.clone(),
            monetary_cuts: args.monetary_thresholds.clone(),
            rules: (args.segment_rules.as_deref().map(read_rules).transpose())
                .map_err(Failure::Usage)?,
            tier_shares: args.tier_shares,
            compare_as_of: args.compare_as_of,
        },
        surveys: SurveyParams {
            nps: QuestionParams {
                column: args.nps_column.clone(),
                scale: args.nps_scale,
                reversed: args.nps_reversed,
            },
            csat: QuestionParams {
                column: args.csat_column.clone(),
                scale: args.csat_scale,
                reversed: args.csat_reversed,
            },
            ces: QuestionParams {
                column: args.ces_column.clone(),
                scale: args.ces_scale,
                reversed: args.ces_reversed,
            },
            missing_codes: args.missing_code.clone(),
            group_columns: args.group_column.clone(),
            min_group_answers: args.min_group_answers,
            period: args.survey_period,
            encoding: args.survey_encoding.clone(),
            delimiter: args.survey_delimiter,
            date_format: args.survey_date_format,
            drop_duplicates: args.drop_duplicates,
        },
        recommend: RecommendParams {
            playbook: (args.playbook.as_deref().map(read_text).transpose())
                .map_err(Failure::Usage)?,
            call_list_size: args.call_list_size,
            value_basis: args.value_basis,
        },
        clusters: args.clusters.map(|k| ClusterParams {
            k,
            seed: args.cluster_seed,
            runs: args.cluster_runs,
            silhouette_sample: args.cluster_sample,
            extra_features: args.cluster_features.clone(),
        }),
        clv: ClvParams {
            time_unit: args.time_unit,
            horizon_months: args.horizon_months,
            monthly_discount_rate: args.discount_rate,
            margin: args.margin,
        },
    };
    let export = export_params(args).map_err(Failure::Usage)?;
    // Before the analysis, which may take minutes: an output that cannot be written fails the
    // run now.
    let mut outputs = Outputs::default();
    let mut create =
        |path: &Option<PathBuf>| path.as_deref().map(|p| outputs.create(p)).transpose();
    let csv_files = [
        create(&args.customers_csv)?,
        create(&args.segments_csv)?,
        create(&args.call_list_csv)?,
        create(&args.aggregates_csv)?,
        create(&args.attributes_csv)?,
    ];
    let report_path = args.output.as_deref().unwrap_or(Path::new(STANDARD_STREAM));
    let report_file = outputs.create(report_path)?;
    let transactions = args.file.as_deref().map(open).transpose()?;
    let surveys = args.surveys.as_deref().map(read_whole).transpose()?;
    let result = match (transactions, &surveys) {
        (Some(input), surveys) => analyze_file(input, surveys.as_deref(), options)?,
        (None, Some(surveys)) => analyze_with_surveys(None, surveys, &options),
        (None, None) => analyze(&[], &options),
    };
    let mut report = result.map_err(|error| {
        let file = match error.kind() {
            ErrorKind::InvalidOptions { .. } => None,
            ErrorKind::InSurveyFile(_) => args.surveys.as_deref(),
            _ => args.file.as_deref(),
        };
        // A refused setting is named as this command line spells it.
        let told = error.texts_naming(Setting::flag).en;
        let message = match file {
            Some(file) => format!("{}: {told}", input_name(file)),
            None => told,
        };
        match blames_the_options(&error) {
            true => Failure::Usage(message),
            false => Failure::Input(message),
        }
    })?;
    // Each file is made only when asked for.
    let exports: [(&Option<PathBuf>, &dyn Fn() -> String); 5] = [
        (&args.customers_csv, &|| customers_csv(&report, &export)),
        (&args.segments_csv, &|| segments_csv(&report)),
        (&args.call_list_csv, &|| call_list_csv(&report, &export)),
        (&args.aggregates_csv, &|| aggregates_csv(&report, &export)),
        (&args.attributes_csv, &|| attributes_csv(&report)),
    ];
    for ((path, csv), file) in exports.into_iter().zip(csv_files) {
        if let (Some(path), Some(mut file)) = (path, file) {
            written(path, file.write_all(csv().as_bytes()))?;
        }
    }
    // Written as it is serialised: the JSON of a large customer base is several times the
    // size of the file read, and need not be in memory at once.
    let layout =
        match args.pretty || (is_standard_stream(report_path) && std::io::stdout().is_terminal()) {
            true => JsonLayout::Indented,
            false => JsonLayout::Compact,
        };
    let part = match args.summary_only {
        true => ReportPart::Summary,
        false => ReportPart::Whole,
    };
    written(
        report_path,
        write_json(report_file, &mut report, layout, part),
    )?;
    outputs.put_in_place()?;
    if !args.quiet {
        for note in quality_notes(&report) {
            eprintln!("custval: note: {note}");
        }
    }
    // The process ends here, and its memory goes back to the system whole: freeing the
    // report's blocks one by one first (two or three for each customer) would only delay that.
    std::mem::forget(report);
    Ok(())
}

/// The options about transactions only: without a transactions file they would change nothing
/// (no customers to score, cluster, value or export), by their argument ids.
const TRANSACTION_OPTIONS: [&str; 33] = [
    "columns",
    "input_kind",
    "encoding",
    "delimiter",
    "no_header",
    "date_format",
    "decimal_separator",
    "score_levels",
    "recency_thresholds",
    "frequency_thresholds",
    "monetary_thresholds",
    "segment_rules",
    "tier_shares",
    "compare_as_of",
    "playbook",
    "call_list_size",
    "value_basis",
    "customers_csv",
    "segments_csv",
    "call_list_csv",
    "aggregates_csv",
    "attributes_csv",
    "min_group_size",
    "id_salt",
    "clusters",
    "cluster_seed",
    "cluster_runs",
    "cluster_sample",
    "cluster_features",
    "time_unit",
    "horizon_months",
    "discount_rate",
    "margin",
];

/// The long names (`clusters`) of the transaction options given on the command line, in their
/// order there; defaults are not given.
fn given_transaction_options(matches: &ArgMatches) -> Vec<String> {
    let command = Cli::command();
    let Some(analyze) = command.find_subcommand("analyze") else {
        return Vec::new();
    };
    let mut given: Vec<(usize, String)> = TRANSACTION_OPTIONS
        .iter()
        .filter(|id| matches.value_source(id) == Some(ValueSource::CommandLine))
        .filter_map(|&id| {
            let arg = analyze.get_arguments().find(|arg| arg.get_id() == id)?;
            let long = arg.get_long()?.to_string();
            Some((matches.index_of(id).unwrap_or(usize::MAX), long))
        })
        .collect();
    given.sort_unstable();
    given.into_iter().map(|(_, long)| long).collect()
}

/// Refuses, in a run on a survey file alone, the options about transactions: they would be
/// ignored, and a CSV of customers asked for would be written empty.
fn check_survey_only_options(given: &[String]) -> Result<(), String> {
    match given.first() {
        Some(option) => Err(format!(
            "--{option} has no effect without a transactions file: a survey file alone has no customers' purchases to score, cluster, value or export; give the transactions file, or leave the option out (--as-of still cuts the survey's answers)"
        )),
        None => Ok(()),
    }
}

/// Whether the command, not the input, has to change: an option's value no input could be
/// analysed with, or one this input cannot (a column it does not have or has for another
/// role, an analysis date before its data or none where its data needs one). Its exit status is then that of a usage error,
/// as `--help` and the README say.
fn blames_the_options(error: &custval::Error) -> bool {
    match error.kind() {
        ErrorKind::InvalidOptions { .. }
        | ErrorKind::UnknownColumn { .. }
        | ErrorKind::NamedColumnNotFound { .. }
        | ErrorKind::SharedColumn { .. }
        | ErrorKind::AsOfNeeded
        | ErrorKind::AsOfBeforeData { .. } => true,
        // Where the header was not found, the error of the likeliest header row tells: a
        // header row without the column an option names.
        ErrorKind::InSurveyFile(inner)
        | ErrorKind::HeaderNotInFirstRows {
            likeliest: inner, ..
        } => blames_the_options(inner),
        _ => false,
    }
}

/// The files a run writes, each first to a temporary file beside it, put in its place only
/// once every one was written. A run that fails part way, say on the report after the
/// customers CSV, would otherwise leave a fresh CSV beside an old report or none, which looks
/// like a run that succeeded; this way it leaves the files as they were. The temporary files
/// left when the run fails are removed on drop.
#[derive(Default)]
struct Outputs {
    /// Each temporary file and the file it becomes.
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Outputs {
    /// Where to write `path`'s content: a temporary file beside it, standard output for `-`,
    /// or `path` itself when it exists and is not a file a temporary one could replace
    /// (`/dev/null`, a named pipe), where a failed run leaves nothing behind anyway.
    fn create(&mut self, path: &Path) -> Result<Box<dyn Write>, String> {
        if is_standard_stream(path) {
            return Ok(Box::new(std::io::stdout().lock()));
        }
        let existing = std::fs::metadata(path).ok();
        if existing
            .as_ref()
            .is_some_and(|metadata| !metadata.is_file())
        {
            let file = std::fs::File::create(path).map_err(|error| cannot_write(path, error))?;
            return Ok(Box::new(file));
        }
        // The rename below would replace it regardless, where writing to it would fail.
        if existing
            .as_ref()
            .is_some_and(|metadata| metadata.permissions().readonly())
        {
            return Err(format!(
                "cannot write {}: the file is read-only; make it writable or name another",
                path.display()
            ));
        }
        // Through a symbolic link, its target is replaced, as writing to the link would.
        let target = match existing {
            Some(_) => path
                .canonicalize()
                .map_err(|error| cannot_write(path, error))?,
            None => path.to_path_buf(),
        };
        let mut name = std::ffi::OsString::from(".");
        name.push(target.file_name().unwrap_or(path.as_os_str()));
        name.push(format!(".custval-{}", std::process::id()));
        let temporary = target.with_file_name(name);
        let file = std::fs::File::create(&temporary).map_err(|error| cannot_write(path, error))?;
        self.staged.push((temporary, target));
        // A file replaced keeps who may read it: a customers CSV kept private stays so.
        if let Some(metadata) = existing {
            file.set_permissions(metadata.permissions())
                .map_err(|error| cannot_write(path, error))?;
        }
        Ok(Box::new(file))
    }

    /// Renames every temporary file to its output. A rename within a directory hardly fails
    /// once the file is written; if one does, the outputs renamed before it stay.
    fn put_in_place(mut self) -> Result<(), String> {
        for (temporary, target) in &self.staged {
            std::fs::rename(temporary, target).map_err(|error| cannot_write(target, error))?;
        }
        self.staged.clear();
        Ok(())
    }
}

impl Drop for Outputs {
    fn drop(&mut self) {
        for (temporary, _) in &self.staged {
            // Nothing more can be done about a file that cannot be removed.
            let _ = std::fs::remove_file(temporary);
        }
    }
}

fn cannot_write(path: &Path, error: std::io::Error) -> String {
    match is_standard_stream(path) {
        true => format!("cannot write standard output: {error}"),
        false => format!("cannot write {}: {error}", path.display()),
    }
}

/// The end of writing an output. A reader of standard output that stops early (`custval
/// analyze … | head`) has what it wanted: as for a tool that the closed pipe's signal would
/// have ended quietly, that is no failure, and the files written are put in place.
fn written(path: &Path, result: std::io::Result<()>) -> Result<(), String> {
    match result {
        Err(error)
            if error.kind() == std::io::ErrorKind::BrokenPipe && is_standard_stream(path) =>
        {
            Ok(())
        }
        result => result.map_err(|error| cannot_write(path, error)),
    }
}

/// How a file is named for standard input or output, as most command-line tools name it.
const STANDARD_STREAM: &str = "-";

fn is_standard_stream(path: &Path) -> bool {
    path.as_os_str() == STANDARD_STREAM
}

/// An input's name in a message.
fn input_name(path: &Path) -> std::borrow::Cow<'_, str> {
    match is_standard_stream(path) {
        true => "standard input".into(),
        false => path.to_string_lossy(),
    }
}

/// The export settings: the salt from `--id-salt`, or else from the environment when a file
/// with ids is written.
fn export_params(args: &AnalyzeArgs) -> Result<ExportConfig, String> {
    let exports_ids = args.customers_csv.is_some() || args.call_list_csv.is_some();
    let (id_salt, from) = match (&args.id_salt, std::env::var_os(ID_SALT_VARIABLE)) {
        (Some(salt), _) => (Some(salt.clone()), None),
        (None, Some(salt)) if exports_ids => match salt.into_string() {
            Ok(salt) => (Some(salt), Some(ID_SALT_VARIABLE)),
            Err(_) => return Err(format!("{ID_SALT_VARIABLE} is not valid Unicode text")),
        },
        (None, _) => (None, None),
    };
    let params = ExportParams {
        id_salt,
        min_group_size: args.min_group_size,
    };
    params.check().map_err(|error| match from {
        Some(variable) => format!("{variable}: {error}"),
        None => error.to_string(),
    })
}

/// The environment variable that gives the id salt out of sight of the process list.
const ID_SALT_VARIABLE: &str = "CUSTVAL_ID_SALT";

/// Refuses two outputs naming one file before anything is read or written: the later write
/// would replace the earlier one, and the run would still succeed. Refuses too an output
/// naming a file the run reads: the data, or the rules and playbook a consultant wrote by hand.
fn check_distinct_outputs(args: &AnalyzeArgs) -> Result<(), String> {
    // Without --output the report goes to standard output.
    let report = args.output.clone().or_else(|| Some(STANDARD_STREAM.into()));
    let outputs = [
        ("--output", &report),
        ("--customers-csv", &args.customers_csv),
        ("--segments-csv", &args.segments_csv),
        ("--call-list-csv", &args.call_list_csv),
        ("--aggregates-csv", &args.aggregates_csv),
        ("--attributes-csv", &args.attributes_csv),
    ];
    let given: Vec<(&str, &Path, FileIdentity)> = outputs
        .into_iter()
        .filter_map(|(option, path)| {
            let path = path.as_deref()?;
            Some((option, path, file_identity(path)))
        })
        .collect();
    let inputs = [
        ("the transactions file", &args.file),
        ("--surveys", &args.surveys),
        ("--segment-rules", &args.segment_rules),
        ("--playbook", &args.playbook),
    ];
    for (index, (option, path, identity)) in given.iter().enumerate() {
        if let Some((earlier, ..)) = given[..index].iter().find(|(.., other)| other == identity) {
            return Err(match identity {
                FileIdentity::StandardOutput => format!(
                    "{earlier} and {option} both write to standard output, where the report goes unless --output names a file: give all but one a file of its own"
                ),
                _ => format!(
                    "{earlier} and {option} both name {}: give each output a file of its own",
                    path.display()
                ),
            });
        }
        // Written over, an input would be lost.
        let input = inputs.iter().find(|(_, input)| {
            input.as_deref().is_some_and(|input| {
                !is_standard_stream(input) && file_identity(input) == *identity
            })
        });
        if let Some((input, _)) = input {
            return Err(format!(
                "{option} names {}, which is {input}: writing it would destroy the data; give the output a file of its own",
                path.display()
            ));
        }
    }
    Ok(())
}

/// Which file a path names, as far as can be told before writing it.
#[derive(PartialEq)]
enum FileIdentity {
    /// `-`.
    StandardOutput,
    /// An existing file's device and inode, which its hard links share.
    #[cfg(unix)]
    Inode(u64, u64),
    /// A path made canonical as far as it exists.
    Path(PathBuf),
}

/// The file `path` names: on Unix an existing file's inode; else its canonical path when it
/// exists, else its directory's with its name (so `out.csv` and `./out.csv` agree), else the
/// path as written.
fn file_identity(path: &Path) -> FileIdentity {
    if is_standard_stream(path) {
        return FileIdentity::StandardOutput;
    }
    #[cfg(unix)]
    if let Ok(metadata) = std::fs::metadata(path) {
        use std::os::unix::fs::MetadataExt;
        return FileIdentity::Inode(metadata.dev(), metadata.ino());
    }
    FileIdentity::Path(canonical_path(path))
}

fn canonical_path(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    match (directory.canonicalize(), path.file_name()) {
        (Ok(directory), Some(name)) => directory.join(name),
        _ => path.to_path_buf(),
    }
}

/// What a batch run should not pass over unseen, one line each: the rows skipped, read
/// otherwise than written and repeated, by reason, and what the input cannot give. The report lists each
/// row with its line.
fn quality_notes(report: &Report) -> Vec<String> {
    let reasons = |log: &RowLog| {
        let counts: Vec<String> = log
            .groups()
            .iter()
            .map(|group| format!("{} {}", group.reason, group.count))
            .collect();
        counts.join(", ")
    };
    let mut notes = Vec::new();
    // `file` names the file in the note, `section` where the report lists its rows.
    let mut note = |(file, section): (&str, &str),
                    rows_read: u64,
                    [skipped, altered, duplicates]: [&RowLog; 3],
                    limitations: &[Limitation]| {
        if skipped.total() > 0 {
            let (count, why) = (skipped.total(), reasons(skipped));
            notes.push(format!("{file}{count} of {rows_read} rows skipped ({why}); each is listed with its line in {section}.skipped"));
        }
        if altered.total() > 0 {
            let (count, why) = (altered.total(), reasons(altered));
            let rows = if count == 1 { "row" } else { "rows" };
            notes.push(format!(
                "{file}{count} {rows} read otherwise than written ({why}); see {section}.altered"
            ));
        }
        if duplicates.total() > 0 {
            let count = duplicates.total();
            let (rows, repeat) = if count == 1 {
                ("row", "repeats")
            } else {
                ("rows", "repeat")
            };
            notes.push(format!("{file}{count} {rows} {repeat} an earlier row exactly, kept (--drop-duplicates skips them); see {section}.duplicates"));
        }
        notes.extend(
            limitations
                .iter()
                .map(|limitation| format!("{file}{}", limitation.text.en)),
        );
    };
    if let Some(input) = &report.input {
        let logs = [&input.skipped, &input.altered, &input.duplicates];
        note(("", "input"), input.rows_read, logs, &input.limitations);
    }
    if let Some(satisfaction) = &report.satisfaction {
        let input = &satisfaction.input;
        let logs = [&input.skipped, &input.altered, &input.duplicates];
        note(
            ("survey file: ", "satisfaction.input"),
            input.rows_read,
            logs,
            &input.limitations,
        );
        let questions = [
            (satisfaction.nps.as_ref()).map(|q| ("NPS", q.invalid, q.figures.n, q.scale)),
            (satisfaction.csat.as_ref()).map(|q| ("CSAT", q.invalid, q.figures.n, q.scale)),
            (satisfaction.ces.as_ref()).map(|q| ("CES", q.invalid, q.figures.n, q.scale)),
        ];
        notes.extend(
            questions
                .into_iter()
                .flatten()
                .filter_map(invalid_answers_note),
        );
    }
    notes
}

/// A note on a question's answers off its scale, which are left out as a skipped row is. Where
/// many are whole numbers above it, the core has refused the file, naming the scale to give.
fn invalid_answers_note((label, invalid, used, scale): (&str, u64, u64, Scale)) -> Option<String> {
    if invalid == 0 {
        return None;
    }
    let given = invalid + used;
    let (answers, are) = if given == 1 {
        ("answer", "is")
    } else {
        ("answers", "are")
    };
    Some(format!("survey file: {invalid} of {given} {label} {answers} {are} not whole numbers on the {scale} scale and left out; each is listed with its line in satisfaction.input.invalidAnswers"))
}

/// The transactions file, opened before anything else is read as the first thing that can
/// fail, or standard input.
struct Input<'a> {
    reader: Box<dyn Read>,
    path: &'a Path,
    /// The file's size, when known.
    size: Option<u64>,
}

fn open(path: &Path) -> Result<Input<'_>, String> {
    if is_standard_stream(path) {
        let reader = Box::new(std::io::stdin().lock());
        return Ok(Input {
            reader,
            path,
            size: None,
        });
    }
    let file = std::fs::File::open(path).map_err(cannot_read(path))?;
    let size = file.metadata().ok().map(|metadata| metadata.len());
    Ok(Input {
        reader: Box::new(file),
        path,
        size,
    })
}

/// A file read whole, or standard input for `-`.
fn read_whole(path: &Path) -> Result<Vec<u8>, String> {
    match is_standard_stream(path) {
        true => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map(|_| bytes)
        }
        false => std::fs::read(path),
    }
    .map_err(cannot_read(path))
}

/// Analyses a transactions file read in pieces, so that only the rows, never the whole file,
/// are held in memory. The outer error is a failure to read the file, the inner one the
/// analysis's.
fn analyze_file(
    mut input: Input,
    surveys: Option<&[u8]>,
    options: Options,
) -> Result<Result<Report, custval::Error>, String> {
    let mut analysis = match Analysis::new(options) {
        Ok(analysis) => analysis,
        Err(error) => return Ok(Err(error)),
    };
    if let Some(size) = input.size {
        analysis.expect_bytes(size);
    }
    let mut piece = vec![0; 1 << 20];
    loop {
        let read = match input.reader.read(&mut piece) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(cannot_read(input.path)(error)),
        };
        if let Err(error) = analysis.push(&piece[..read]) {
            return Ok(Err(error));
        }
    }
    Ok(match surveys {
        Some(surveys) => analysis.finish_with_surveys(surveys),
        None => analysis.finish(),
    })
}

fn cannot_read(path: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |error| format!("cannot read {}: {error}", input_name(path))
}

/// The report as JSON, indented when `pretty`, whole or without its customers, and a line
/// break, through a buffer of 1 MiB: the JSON of a large customer base runs to hundreds of
/// megabytes, and with the default 8 KiB buffer a sixth of the time writing it to a file went
/// on system calls.
fn write_json(
    out: impl Write,
    report: &mut Report,
    layout: JsonLayout,
    part: ReportPart,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    write_report(&mut out, report, layout, part)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn parse_column(text: &str) -> Result<(String, ColumnRef), String> {
    let (role, column) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}' is not ROLE=COLUMN, e.g. customer=CustomerID"))?;
    Ok((role.trim().to_string(), column.parse()?))
}

fn parse_input_kind(text: &str) -> Result<InputKind, String> {
    InputKind::from_name(text).ok_or_else(|| {
        format!("'{text}' is not an input kind: use transactions, customers or auto")
    })
}

fn parse_time_unit(text: &str) -> Result<TimeUnit, String> {
    TimeUnit::from_name(text).ok_or_else(|| format!("'{text}' is not a time unit: use day or week"))
}

fn parse_delimiter(text: &str) -> Result<Delimiter, String> {
    Delimiter::from_name(text)
        .ok_or_else(|| format!("'{text}' is not comma, semicolon, tab, pipe or whitespace"))
}

fn parse_date_format(text: &str) -> Result<DateFormat, String> {
    DateFormat::from_name(text)
        .ok_or_else(|| format!("'{text}' is not D/M/YYYY, M/D/YYYY, D/M/YY, M/D/YY or YYYY-MM-DD"))
}

fn parse_decimal(text: &str) -> Result<DecimalSeparator, String> {
    DecimalSeparator::from_name(text).ok_or_else(|| format!("'{text}' is not . or ,"))
}

/// A whole number for an option that counts (a size, a number of runs or months, a seed).
/// clap's own parsers answer `-3` with "invalid digit found in string" or "-3 is not in
/// 0..=255", which name neither the problem nor what to give; the option's own check then
/// says which whole numbers it takes.
fn parse_whole<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    let digits = text.trim();
    if let Ok(whole) = digits.parse() {
        return Ok(whole);
    }
    let is_whole = |digits: &str| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    Err(match digits.strip_prefix('-') {
        Some(digits) if is_whole(digits) => format!("'{text}' is negative: give a whole number"),
        _ if is_whole(digits) => format!("'{text}' is too large for this option"),
        _ => format!("'{text}' is not a whole number"),
    })
}

fn parse_share_pair(text: &str) -> Result<(f64, f64), String> {
    let pair = text
        .split_once(',')
        .and_then(|(high, both)| Some((high.trim().parse().ok()?, both.trim().parse().ok()?)));
    pair.ok_or_else(|| format!("'{text}' is not two numbers separated by a comma, e.g. 0.80,0.95"))
}

fn read_rules(path: &Path) -> Result<Vec<SegmentRule>, String> {
    serde_json::from_str(&read_text(path)?).map_err(|error| format!("{}: {error}", path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use custval::Question;

    #[test]
    fn whole_numbers_are_read_or_refused_saying_why() {
        let cases = [
            ("5", Ok(5)),
            (" 7 ", Ok(7)),
            ("255", Ok(255)),
            ("-3", Err("'-3' is negative: give a whole number")),
            ("-0", Err("'-0' is negative: give a whole number")),
            ("256", Err("'256' is too large for this option")),
            ("2.5", Err("'2.5' is not a whole number")),
            ("-2.5", Err("'-2.5' is not a whole number")),
            ("", Err("'' is not a whole number")),
            ("five", Err("'five' is not a whole number")),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_whole::<u8>(text),
                expected.map_err(str::to_string),
                "{text:?}"
            );
        }
    }

    /// Every option is either about transactions, refused in a run on a survey file alone, or
    /// of use there too: a new option has to be put on one side, or a survey-only run would
    /// take it without a word.
    #[test]
    fn every_option_is_classed_for_a_survey_only_run() {
        const OF_USE_WITH_SURVEYS_ALONE: [&str; 24] = [
            "file",
            "surveys",
            "nps_column",
            "nps_scale",
            "nps_reversed",
            "csat_column",
            "csat_scale",
            "csat_reversed",
            "ces_column",
            "ces_scale",
            "ces_reversed",
            "missing_code",
            "group_column",
            "min_group_answers",
            "survey_period",
            "survey_encoding",
            "survey_delimiter",
            "survey_date_format",
            "as_of",
            "output",
            "pretty",
            "summary_only",
            "quiet",
            "drop_duplicates",
        ];
        let command = Cli::command();
        let analyze = command.find_subcommand("analyze").unwrap();
        for arg in analyze.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" {
                continue;
            }
            let transactions_only = TRANSACTION_OPTIONS.contains(&id);
            let of_use = OF_USE_WITH_SURVEYS_ALONE.contains(&id);
            assert!(
                transactions_only != of_use,
                "{id}: put it in TRANSACTION_OPTIONS or in the list above"
            );
        }
    }

    /// A refused setting is named by an option the command has: the core spells the flags.
    #[test]
    fn every_refusable_setting_is_named_by_an_option_of_analyze() {
        let command = Cli::command();
        let analyze = command.find_subcommand("analyze").unwrap();
        let flags: Vec<String> = analyze
            .get_arguments()
            .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
            .collect();
        let questions = Question::ALL;
        let settings = [
            Setting::AsOf,
            Setting::Columns,
            Setting::Encoding,
            Setting::ScoreLevels,
            Setting::SegmentRules,
            Setting::TierShares,
            Setting::CompareAsOf,
            Setting::GroupColumns,
            Setting::MissingCodes,
            Setting::SurveyEncoding,
            Setting::MinGroupAnswers,
            Setting::SurveyPeriod,
            Setting::Playbook,
            Setting::Clusters,
            Setting::ClusterRuns,
            Setting::ClusterSample,
            Setting::ClusterFeatures,
            Setting::HorizonMonths,
            Setting::DiscountRate,
            Setting::Margin,
        ]
        .into_iter()
        .chain(["recency", "frequency", "monetary"].map(Setting::Thresholds))
        .chain(questions.map(|question| Setting::Scale(Some(question))))
        .chain(questions.map(Setting::Column));
        for setting in settings {
            assert!(
                flags.contains(&setting.flag()),
                "{setting:?}: {}",
                setting.flag()
            );
        }
    }

    /// One parser for every option taking a whole number: any other would answer -3 with
    /// clap's "invalid digit found in string" or "-3 is not in 0..=255".
    #[test]
    fn every_whole_number_option_refuses_a_negative_one_alike() {
        let command = Cli::command();
        let analyze = command.find_subcommand("analyze").unwrap();
        let mut whole = Vec::new();
        for arg in analyze.get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            let option = format!("--{long}");
            let args = ["custval", "analyze", "data.csv", &option, "-3"];
            let Err(error) = Cli::try_parse_from(args) else {
                continue;
            };
            let message = error.to_string();
            assert!(
                !message.contains("invalid digit") && !message.contains("is not in"),
                "{message}"
            );
            if message.contains("'-3' is negative: give a whole number") {
                whole.push(long);
            }
        }
        assert_eq!(
            whole,
            [
                "min-group-answers",
                "score-levels",
                "call-list-size",
                "min-group-size",
                "cluster-seed",
                "cluster-runs",
                "cluster-sample",
                "horizon-months",
            ]
        );
    }
}
