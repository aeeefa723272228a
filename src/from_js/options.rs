//! The options of `analyze` and the exports, as JS writes them, read into the core's settings.

use serde::Deserialize;

use super::{words, Refusal};
use crate::text::Texts;
use crate::{
    ClusterCount, ClusterParams, ClvParams, ColumnOverrides, ColumnRef, Date, DateFormat,
    DecimalSeparator, Delimiter, ExtraFeature, InputKind, Options, Period, QuestionParams,
    ReadOptions, RecommendParams, RfmParams, Scale, SegmentRule, SurveyParams, TimeUnit,
    ValueBasis,
};

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct JsOptions {
    as_of: Option<String>,
    input_kind: Option<String>,
    encoding: Option<String>,
    delimiter: Option<String>,
    header: Option<bool>,
    columns: Option<JsColumns>,
    date_format: Option<String>,
    decimal_separator: Option<String>,
    drop_duplicates: Option<bool>,
    score_levels: Option<u8>,
    thresholds: Option<JsThresholds>,
    segment_rules: Option<Vec<SegmentRule>>,
    tier_shares: Option<JsTierShares>,
    compare_as_of: Option<String>,
    nps_column: Option<String>,
    nps_scale: Option<String>,
    nps_reversed: Option<bool>,
    csat_column: Option<String>,
    csat_scale: Option<String>,
    csat_reversed: Option<bool>,
    ces_column: Option<String>,
    ces_scale: Option<String>,
    ces_reversed: Option<bool>,
    missing_codes: Option<Vec<JsCode>>,
    group_columns: Option<Vec<String>>,
    min_group_answers: Option<u64>,
    survey_period: Option<String>,
    survey_encoding: Option<String>,
    survey_delimiter: Option<String>,
    survey_date_format: Option<String>,
    playbook: Option<serde_json::Value>,
    call_list_size: Option<usize>,
    value_basis: Option<String>,
    clusters: Option<JsClusterCount>,
    cluster_seed: Option<u64>,
    cluster_runs: Option<usize>,
    cluster_sample: Option<usize>,
    cluster_features: Option<Vec<String>>,
    time_unit: Option<String>,
    horizon_months: Option<u32>,
    discount_rate: Option<f64>,
    margin: Option<f64>,
}

impl JsOptions {
    /// The first option given that only reading a file uses.
    fn file_reading_option(&self) -> Option<&'static str> {
        [
            ("inputKind", self.input_kind.is_some()),
            ("encoding", self.encoding.is_some()),
            ("delimiter", self.delimiter.is_some()),
            ("header", self.header.is_some()),
            ("columns", self.columns.is_some()),
            ("dateFormat", self.date_format.is_some()),
            ("decimalSeparator", self.decimal_separator.is_some()),
        ]
        .into_iter()
        .find_map(|(option, given)| given.then_some(option))
    }
}

/// A number of clusters (4) or "auto".
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "clusters must be a whole number (4) or \"auto\""
)]
enum JsClusterCount {
    Number(usize),
    Text(String),
}

/// A missing-value code, written as a number (-99) or a text ("skipped").
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a missing-value code must be a number (-99) or a text"
)]
enum JsCode {
    Number(f64),
    Text(String),
}

/// A column by header name or 1-based position, or `false` for none.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a column must be a header name, a position from 1, or false to leave its role out"
)]
enum JsColumn {
    Position(usize),
    Name(String),
    Unused(bool),
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsColumns {
    customer: Option<JsColumn>,
    date: Option<JsColumn>,
    amount: Option<JsColumn>,
    quantity: Option<JsColumn>,
    price: Option<JsColumn>,
    order: Option<JsColumn>,
    cost: Option<JsColumn>,
    profit: Option<JsColumn>,
    status: Option<JsColumn>,
    refund: Option<JsColumn>,
    currency: Option<JsColumn>,
    region: Option<JsColumn>,
    channel: Option<JsColumn>,
    category: Option<JsColumn>,
    customer_type: Option<JsColumn>,
    discount: Option<JsColumn>,
    last_purchase: Option<JsColumn>,
    first_purchase: Option<JsColumn>,
    recency: Option<JsColumn>,
    frequency: Option<JsColumn>,
    monetary: Option<JsColumn>,
    purchase_days: Option<JsColumn>,
    repeat_monetary: Option<JsColumn>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsThresholds {
    recency: Option<Vec<f64>>,
    frequency: Option<Vec<f64>>,
    monetary: Option<Vec<f64>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsTierShares {
    high: f64,
    high_and_medium: f64,
}

/// The options for customers given as records, which are no file: an option for reading one
/// would be silently dropped, so it is refused.
pub(crate) fn record_options(options: JsOptions) -> Result<Options, Refusal> {
    if let Some(option) = options.file_reading_option() {
        return Err(Refusal::invalid_options(
            Some(option),
            Texts::new(
                format!("{option} is for reading a file, and customer records are read as they are: leave it out (the survey file's own options are surveyEncoding, surveyDelimiter and surveyDateFormat)"),
                format!("{option} 用于读取文件，而客户记录按原样读取：请去掉该选项（调查文件有自己的选项 surveyEncoding、surveyDelimiter 和 surveyDateFormat）"),
            ),
        ));
    }
    self::options(options)
}

/// The options as the core's settings, each checked as it is read.
pub(crate) fn options(options: JsOptions) -> Result<Options, Refusal> {
    let date = |name: &str, text: Option<String>| {
        text.map(|text| text.parse::<Date>())
            .transpose()
            .map_err(|error| Refusal::of_option(name, &error))
    };
    let scale = |name: &str, text: Option<String>| {
        text.map(|text| text.parse::<Scale>())
            .transpose()
            .map_err(|error| Refusal::of_option(name, &error))
    };
    let defaults = RfmParams::default();
    let mut columns = ColumnOverrides::default();
    let chosen = options.columns.unwrap_or_default();
    for (role, column) in [
        ("customer", chosen.customer),
        ("date", chosen.date),
        ("amount", chosen.amount),
        ("quantity", chosen.quantity),
        ("price", chosen.price),
        ("order", chosen.order),
        ("cost", chosen.cost),
        ("profit", chosen.profit),
        ("status", chosen.status),
        ("refund", chosen.refund),
        ("currency", chosen.currency),
        ("region", chosen.region),
        ("channel", chosen.channel),
        ("category", chosen.category),
        ("customerType", chosen.customer_type),
        ("discount", chosen.discount),
        ("lastPurchase", chosen.last_purchase),
        ("firstPurchase", chosen.first_purchase),
        ("recency", chosen.recency),
        ("frequency", chosen.frequency),
        ("monetary", chosen.monetary),
        ("purchaseDays", chosen.purchase_days),
        ("repeatMonetary", chosen.repeat_monetary),
    ] {
        let refused_column = |en: &str, zh_cn: &str| {
            Refusal::of_option(&format!("columns.{role}"), &Texts::new(en, zh_cn))
        };
        let column = match column {
            Some(JsColumn::Position(0)) => {
                return Err(refused_column("column positions start at 1", "列位置从 1 开始"))
            }
            Some(JsColumn::Position(position)) => ColumnRef::Position(position),
            Some(JsColumn::Name(name)) => ColumnRef::Name(name),
            Some(JsColumn::Unused(false)) => ColumnRef::Unused,
            Some(JsColumn::Unused(true)) => {
                return Err(refused_column(
                    "true names no column; give a header name, a position from 1 or false to leave the role out",
                    "true 不指定任何列；请给出列标题、从 1 开始的列位置，或用 false 不使用该角色",
                ))
            }
            None => continue,
        };
        // Every role above is one `set` knows.
        columns
            .set(role, column)
            .map_err(|error| Refusal::invalid_options(None, Texts::new(error.clone(), error)))?;
    }
    let read = ReadOptions {
        encoding: options.encoding,
        delimiter: named("delimiter", options.delimiter, Delimiter::from_name)?,
        has_header: options.header.unwrap_or(true),
        kind: named("inputKind", options.input_kind, InputKind::from_name)?.unwrap_or_default(),
        columns,
        date_format: named("dateFormat", options.date_format, DateFormat::from_name)?,
        decimal_separator: named(
            "decimalSeparator",
            options.decimal_separator,
            DecimalSeparator::from_name,
        )?,
        drop_duplicates: options.drop_duplicates.unwrap_or_default(),
    };
    let survey_defaults = SurveyParams::default();
    let clv_defaults = ClvParams::default();
    let surveys = SurveyParams {
        nps: QuestionParams {
            column: options.nps_column,
            scale: scale("npsScale", options.nps_scale)?,
            reversed: options.nps_reversed.unwrap_or_default(),
        },
        csat: QuestionParams {
            column: options.csat_column,
            scale: scale("csatScale", options.csat_scale)?,
            reversed: options.csat_reversed.unwrap_or_default(),
        },
        ces: QuestionParams {
            column: options.ces_column,
            scale: scale("cesScale", options.ces_scale)?,
            reversed: options.ces_reversed.unwrap_or_default(),
        },
        missing_codes: options
            .missing_codes
            .unwrap_or_default()
            .into_iter()
            .map(|code| match code {
                JsCode::Number(number) => number.to_string(),
                JsCode::Text(text) => text,
            })
            .collect(),
        group_columns: options.group_columns,
        min_group_answers: options
            .min_group_answers
            .unwrap_or(survey_defaults.min_group_answers),
        period: options
            .survey_period
            .map(|text| text.parse::<Period>())
            .transpose()
            .map_err(|error| Refusal::of_option("surveyPeriod", &error))?
            .unwrap_or(survey_defaults.period),
        encoding: options.survey_encoding,
        delimiter: named(
            "surveyDelimiter",
            options.survey_delimiter,
            Delimiter::from_name,
        )?,
        date_format: named(
            "surveyDateFormat",
            options.survey_date_format,
            DateFormat::from_name,
        )?,
        drop_duplicates: options.drop_duplicates.unwrap_or_default(),
    };
    let cluster_defaults = ClusterParams::default();
    let clusters = options
        .clusters
        .map(|count| match count {
            JsClusterCount::Number(k) => Ok(ClusterCount::Fixed(k)),
            JsClusterCount::Text(text) => text
                .parse()
                .map_err(|error| Refusal::of_option("clusters", &error)),
        })
        .transpose()?;
    let extra_features = options
        .cluster_features
        .map(|names| {
            names
                .iter()
                .map(|name| name.parse::<ExtraFeature>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| Refusal::of_option("clusterFeatures", &error))
        })
        .transpose()?;
    let tuning = [
        ("clusterFeatures", extra_features.is_some()),
        ("clusterSeed", options.cluster_seed.is_some()),
        ("clusterRuns", options.cluster_runs.is_some()),
        ("clusterSample", options.cluster_sample.is_some()),
    ];
    if let (None, Some((option, _))) = (&clusters, tuning.iter().find(|(_, given)| *given)) {
        return Err(Refusal::invalid_options(
            Some(option),
            Texts::new(
                format!("{option} tunes the clustering, which only clusters turns on: give clusters too (\"auto\" or a number from 2 to 20), or leave {option} out"),
                format!("{option} 用于调整聚类，而只有 clusters 会开启聚类：请同时给出 clusters（\"auto\" 或 2 至 20 的数），或去掉 {option}"),
            ),
        ));
    }
    let clusters = clusters.map(|k| ClusterParams {
        k,
        seed: options.cluster_seed.unwrap_or(cluster_defaults.seed),
        runs: options.cluster_runs.unwrap_or(cluster_defaults.runs),
        silhouette_sample: options
            .cluster_sample
            .unwrap_or(cluster_defaults.silhouette_sample),
        extra_features: extra_features.unwrap_or_default(),
    });
    let thresholds = options.thresholds.unwrap_or_default();
    let options = Options {
        as_of: date("asOf", options.as_of)?,
        read,
        rfm: RfmParams {
            levels: options.score_levels.unwrap_or(defaults.levels),
            recency_cuts: thresholds.recency,
            frequency_cuts: thresholds.frequency,
            monetary_cuts: thresholds.monetary,
            rules: options.segment_rules,
            tier_shares: options.tier_shares.map_or(defaults.tier_shares, |shares| {
                (shares.high, shares.high_and_medium)
            }),
            compare_as_of: date("compareAsOf", options.compare_as_of)?,
        },
        surveys,
        recommend: RecommendParams {
            // Back to JSON text, so that a playbook from JS is checked exactly like a file.
            playbook: options.playbook.map(|playbook| playbook.to_string()),
            call_list_size: options
                .call_list_size
                .unwrap_or(RecommendParams::default().call_list_size),
            value_basis: named("valueBasis", options.value_basis, |name| {
                name.parse::<ValueBasis>().ok()
            })?
            .unwrap_or(RecommendParams::default().value_basis),
        },
        clusters,
        clv: ClvParams {
            time_unit: named("timeUnit", options.time_unit, TimeUnit::from_name)?
                .unwrap_or(clv_defaults.time_unit),
            horizon_months: options
                .horizon_months
                .unwrap_or(clv_defaults.horizon_months),
            monthly_discount_rate: options
                .discount_rate
                .unwrap_or(clv_defaults.monthly_discount_rate),
            margin: options.margin,
        },
    };
    Ok(options)
}

/// Parses an option that names one of a few choices; the error lists them.
fn named<T>(
    what: &str,
    name: Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, Refusal> {
    let unrecognised = |name: &str| {
        let (en, zh_cn) = words::allowed(what);
        Refusal::invalid_options(
            Some(what),
            Texts::new(
                format!("{what} must be {en}, not \"{name}\""),
                format!("{what} 必须是{zh_cn}，而不是 \"{name}\""),
            ),
        )
    };
    name.map(|name| parse(&name).ok_or_else(|| unrecognised(&name)))
        .transpose()
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct JsExportOptions {
    id_salt: Option<String>,
    min_group_size: Option<f64>,
}

/// The export options as checked settings.
pub(crate) fn export_config(options: JsExportOptions) -> Result<crate::ExportConfig, Refusal> {
    let min_group_size = match options.min_group_size {
        None => crate::ExportParams::default().min_group_size,
        Some(size) if size.fract() != 0.0 => {
            return Err(Refusal::of_option(
                "minGroupSize",
                &Texts::new(
                    format!("{size} is not a whole number"),
                    format!("{size} 不是整数"),
                ),
            ))
        }
        // Saturating: a size past wasm32's usize (4,294,967,295) suppresses every group, as
        // that size would; one below 0 becomes 0, which the check refuses with its words.
        Some(size) => size as usize,
    };
    let params = crate::ExportParams {
        id_salt: options.id_salt,
        min_group_size,
    };
    params.check().map_err(|error| {
        let option = match error {
            crate::ExportError::ShortSalt(_) => "idSalt",
            crate::ExportError::MinGroupSize => "minGroupSize",
        };
        Refusal::of_option(option, &error)
    })
}
