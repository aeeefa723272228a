//! The JavaScript binding. It converts between JS values and the core's types and does
//! nothing else, so every behaviour is tested natively in the core; `memory` notes when the
//! module stops for want of memory.

mod memory;
mod shape;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::error::ErrorKind;
use crate::quality::checked_count;
use crate::text::{Shortest, Texts};
use crate::{
    ClusterCount, ClusterParams, ClvInput, ClvParams, ColumnOverrides, ColumnRef, CustomerRecord,
    Date, DateFormat, DecimalSeparator, Delimiter, ExtraFeature, InputKind, LastSeen, Options,
    Period, QuestionParams, ReadOptions, RecommendParams, Rendered, RfmParams, Scale, SegmentRule,
    Setting, SurveyParams, TimeUnit, ValueBasis,
};

// The report and option types are generated from schema/report.schema.json into report.d.ts
// by pkg-scripts/build.sh, so the declarations cannot drift from the schema.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"import type { Report, AnalyzeOptions, ExportOptions, CustomerRecord, CustomerQuery, CustomerPage } from "./report.js";
export type * from "./report.js";
/** A report without its customers, which are paged through instead. */
export type ReportSummary = Omit<Report, "customers">;
/** Lifetime-value models made by `fitClvModels`, opaque: they are for `CustomersRead.finishWithExports`. */
export type ClvModels = { readonly __clvModels: never };"#;

/// Analyses a transactions CSV (with a header row) and returns the report as plain objects.
///
/// Throws an `Error` whose message says what is wrong with the input and whose `code` names
/// the kind (`missingColumn`, `emptyInput`, `invalidOptions`, ...).
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn analyze(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = parse_options(options)?;
    to_js(crate::analyze(bytes, &options))
}

/// An analysis fed the file in pieces (`push` each chunk of `Blob.stream()`, then `finish`),
/// so that a large file never has to be in memory whole.
#[wasm_bindgen(js_name = Analysis)]
pub struct JsAnalysis(crate::Analysis);

#[wasm_bindgen(js_class = Analysis)]
impl JsAnalysis {
    /// Checks the options; throws like `analyze` when they are invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: Option<JsValue>,
    ) -> Result<JsAnalysis, JsValue> {
        let analysis = crate::Analysis::new(parse_options(options)?).map_err(core_error)?;
        Ok(JsAnalysis(analysis))
    }

    /// Tells the analysis the file's size before reading it (see `Analysis::expect_bytes`
    /// in the Rust API): room for the rows is taken at once rather than grown by doubling.
    #[wasm_bindgen(js_name = expectBytes)]
    pub fn expect_bytes(&mut self, total: f64) {
        self.0.expect_bytes(total as u64);
    }

    /// Reads the next piece of the file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.0.push(bytes).map_err(core_error)
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.0.bytes_read() as f64
    }

    /// Data rows read so far.
    #[wasm_bindgen(getter, js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.0.rows_read() as f64
    }

    /// Reads what is left and returns the report; the object cannot be used afterwards.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn finish(self) -> Result<JsValue, JsValue> {
        to_js(self.0.finish())
    }

    /// Like `finish`, then joins a survey CSV to the customers as `analyzeWithSurveys` does.
    #[wasm_bindgen(js_name = finishWithSurveys, unchecked_return_type = "Report")]
    pub fn finish_with_surveys(self, surveys: &[u8]) -> Result<JsValue, JsValue> {
        to_js(self.0.finish_with_surveys(surveys))
    }

    /// Reads what is left and summarises the customers, for the rest of the analysis to run in
    /// parts (see `CustomersRead`); the object cannot be used afterwards.
    #[wasm_bindgen(js_name = readCustomers)]
    pub fn read_customers(self) -> Result<JsCustomersRead, JsValue> {
        let read = self.0.read_customers().map_err(core_error)?;
        Ok(JsCustomersRead {
            read,
            segmentation: None,
        })
    }

    /// Like `finish` (or `finishWithSurveys` when given the survey file's bytes), but keeps
    /// the report in the module so that its CSV exports can be made.
    #[wasm_bindgen(js_name = finishWithExports)]
    pub fn finish_with_exports(self, surveys: Option<Vec<u8>>) -> Result<JsDeliverables, JsValue> {
        let report = match surveys {
            Some(surveys) => self.0.finish_with_surveys(&surveys),
            None => self.0.finish(),
        };
        Ok(JsDeliverables(report.map_err(core_error)?))
    }
}

/// A file read and its customers summarised, the rest of the analysis to come in parts so
/// that the lifetime-value models can be fitted in another worker meanwhile: hand
/// `clvInputs()` to `fitClvModels` there, call `segment()` here, then `finishWithExports` with
/// the models that come back.
#[wasm_bindgen(js_name = CustomersRead)]
pub struct JsCustomersRead {
    read: crate::analyze::CustomersRead,
    segmentation: Option<crate::analyze::Segmentation>,
}

#[wasm_bindgen(js_class = CustomersRead)]
impl JsCustomersRead {
    /// The lifetime-value models' inputs, four numbers per customer, for `fitClvModels`;
    /// `undefined` when there are no models to fit.
    #[wasm_bindgen(js_name = clvInputs)]
    pub fn clv_inputs(&self) -> Option<Vec<f64>> {
        self.read.clv_inputs().map(ClvInput::pack)
    }

    /// Scores, segments and clusters the customers, while the models are fitted elsewhere.
    pub fn segment(&mut self) -> Result<(), JsValue> {
        self.segmentation = Some(self.read.segment().map_err(core_error)?);
        Ok(())
    }

    /// The finished analysis, as `Analysis.finishWithExports` makes it, with the models that
    /// `fitClvModels` fitted to `clvInputs()` (`undefined` when there were no inputs or no
    /// models); segments the customers first if `segment()` was not called. The object cannot
    /// be used afterwards.
    #[wasm_bindgen(js_name = finishWithExports)]
    pub fn finish_with_exports(
        self,
        #[wasm_bindgen(unchecked_param_type = "ClvModels | undefined")] models: JsValue,
        surveys: Option<Vec<u8>>,
    ) -> Result<JsDeliverables, JsValue> {
        let models: Option<crate::clv::Models> = match models.is_undefined() {
            true => None,
            false => Some(serde_wasm_bindgen::from_value(models).map_err(|_| {
                error_in_both(
                    "invalidInput",
                    Texts::new(
                        "these are not lifetime-value models made by fitClvModels",
                        "这些不是 fitClvModels 拟合出的终身价值模型",
                    ),
                )
            })?),
        };
        if let (Some(models), Some(inputs)) = (&models, self.read.clv_inputs()) {
            if !models.match_inputs(inputs) {
                return Err(error_in_both(
                    "invalidInput",
                    Texts::new(
                        "these lifetime-value models were fitted to other customers' inputs",
                        "这些终身价值模型是用另一批客户的输入拟合的",
                    ),
                ));
            }
        }
        let segmentation = match self.segmentation {
            Some(segmentation) => segmentation,
            None => self.read.segment().map_err(core_error)?,
        };
        self.read
            .finish(segmentation, models, surveys.as_deref())
            .map(JsDeliverables)
            .map_err(core_error)
    }
}

/// Fits the lifetime-value models to the inputs of `CustomersRead.clvInputs()`, in any worker,
/// for that analysis's `finishWithExports`; `undefined` when no customer has been observed for
/// any time.
#[wasm_bindgen(js_name = fitClvModels, unchecked_return_type = "ClvModels | undefined")]
pub fn fit_clv_models(packed: Vec<f64>) -> Result<JsValue, JsValue> {
    let inputs = ClvInput::unpack(&packed).map_err(|problem| {
        // The problem is for the hook's developer, in English; a reader is told what happened.
        error_in_both(
            "invalidInput",
            Texts::new(
                format!("these are not lifetime-value inputs made by clvInputs: {problem}"),
                "这些不是 clvInputs 给出的终身价值模型输入",
            ),
        )
    })?;
    // Taken owned and freed here, so that the fit's room does not come on top of it too (51 MB
    // at 1.6 million customers).
    drop(packed);
    match crate::clv::fit_models(&inputs) {
        Some(models) => serde_wasm_bindgen::to_value(&models).map_err(internal_error),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// A finished analysis whose report and CSV exports can be taken on request. Every CSV is a
/// string, UTF-8 with a byte-order mark, ready for a `Blob` download.
#[wasm_bindgen(js_name = Deliverables)]
pub struct JsDeliverables(crate::Report);

#[wasm_bindgen(js_class = Deliverables)]
impl JsDeliverables {
    /// The report, as `analyze` returns it.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn report(&mut self) -> Result<JsValue, JsValue> {
        report_to_js(&mut self.0, Customers::Included)
    }

    /// The report without its `customers`, which stay here to be paged through with
    /// `customers(query)`: what a page shows of a million customers costs it a page of them.
    #[wasm_bindgen(unchecked_return_type = "ReportSummary")]
    pub fn summary(&mut self) -> Result<JsValue, JsValue> {
        report_to_js(&mut self.0, Customers::LeftOut)
    }

    /// One page of the customer table: the customers that `query` (`{ search, segment, tier,
    /// cluster, lifecycle, sort, descending, offset, limit }`, each optional) picks, with
    /// how many there are in all and how many match.
    #[wasm_bindgen(unchecked_return_type = "CustomerPage")]
    pub fn customers(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CustomerQuery")] query: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let query: crate::CustomerQuery = from_json(query, "the query")?;
        json_to_js(&crate::customer_page(&self.0, &query))
    }

    /// The per-customer table; `{ idSalt }` replaces the ids by salted hashes.
    #[wasm_bindgen(js_name = customersCsv)]
    pub fn customers_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        Ok(crate::customers_csv(&self.0, &export_options(options)?))
    }

    /// The segment summary with every group's play.
    #[wasm_bindgen(js_name = segmentsCsv)]
    pub fn segments_csv(&self) -> String {
        crate::segments_csv(&self.0)
    }

    /// This week's call list; `{ idSalt }` replaces the ids by salted hashes.
    #[wasm_bindgen(js_name = callListCsv)]
    pub fn call_list_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        Ok(crate::call_list_csv(&self.0, &export_options(options)?))
    }

    /// The segment summary for sharing: no ids, groups under `minGroupSize` (default 5)
    /// customers suppressed.
    #[wasm_bindgen(js_name = aggregatesCsv)]
    pub fn aggregates_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        Ok(crate::aggregates_csv(&self.0, &export_options(options)?))
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsExportOptions {
    id_salt: Option<String>,
    min_group_size: Option<f64>,
}

fn export_options(options: Option<JsValue>) -> Result<crate::ExportConfig, JsValue> {
    let options: JsExportOptions = from_json(options, "options")?;
    let min_group_size = match options.min_group_size {
        None => crate::ExportParams::default().min_group_size,
        Some(size) if size.fract() != 0.0 => {
            return Err(option_error(
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
        option_error(option, &error)
    })
}

/// [`shape::from_json`], its errors `invalidOptions`.
fn from_json<T: Default + serde::de::DeserializeOwned>(
    options: Option<JsValue>,
    what: &str,
) -> Result<T, JsValue> {
    shape::from_json(options, what)
        .map_err(|refusal| invalid_options(refusal.option.as_deref(), refusal.why))
}

fn to_js(report: Result<crate::Report, crate::Error>) -> Result<JsValue, JsValue> {
    report_to_js(&mut report.map_err(core_error)?, Customers::Included)
}

/// Customers per JSON text. A JS string holds at most about 512 MiB in V8, less than the
/// customers of a few million transactions take as JSON, so they cross in batches.
const CUSTOMERS_PER_TEXT: usize = 50_000;

/// Whether a report crosses with its `customers` or without (to be paged through instead).
#[derive(Clone, Copy, PartialEq)]
enum Customers {
    Included,
    LeftOut,
}

/// The report as plain JS objects. Written as JSON and parsed by the engine's `JSON.parse`:
/// for a report of a hundred thousand customers that is several times faster than building
/// the objects field by field across the boundary. The customers are lent out while the rest
/// is written, and given back whatever happens.
fn report_to_js(report: &mut crate::Report, customers: Customers) -> Result<JsValue, JsValue> {
    let rows = std::mem::take(&mut report.customers);
    let js = json_to_js(report).and_then(|js| {
        if customers == Customers::Included {
            js_sys::Reflect::set(&js, &"customers".into(), &customers_to_js(&rows)?)?;
        } else {
            js_sys::Reflect::delete_property(
                js.unchecked_ref::<js_sys::Object>(),
                &"customers".into(),
            )?;
        }
        Ok(js)
    });
    report.customers = rows;
    js
}

fn customers_to_js(customers: &[crate::CustomerRow]) -> Result<JsValue, JsValue> {
    let mut all = js_sys::Array::new();
    for batch in customers.chunks(CUSTOMERS_PER_TEXT) {
        let mut json = b"[".to_vec();
        crate::write_customer_rows(&mut json, batch).map_err(internal_error)?;
        json.push(b']');
        let json = String::from_utf8(json).map_err(internal_error)?;
        let parsed: js_sys::Array = js_sys::JSON::parse(&json)?.unchecked_into();
        all = all.concat(&parsed);
    }
    Ok(all.into())
}

fn internal_error(error: impl std::fmt::Display) -> JsValue {
    js_error(&error.to_string(), "internal")
}

fn json_to_js(value: &impl Serialize) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(internal_error)?;
    js_sys::JSON::parse(&json)
}

/// A JS `Error` for a core error: the English message, the `code`, `messages`, the message in
/// each language, for a page to show in its reader's, `option`, the option refused, for a page
/// to point at its control, `inSurveyFile` (true) for an error about the survey file, for an
/// error about the columns the file's `headers`, for a page to offer them, and `optionsNamed`,
/// where the message names the options choosing the survey's question columns, for a page to
/// name its controls for them instead.
fn core_error(error: crate::Error) -> JsValue {
    let js = error_in_both(error.code(), error.texts_naming(Setting::js_name));
    // Setting properties on a fresh object cannot fail.
    if let Some(setting) = error.setting() {
        let _ = js_sys::Reflect::set(&js, &"option".into(), &setting.js_name().into());
    }
    if error.in_survey_file() {
        let _ = js_sys::Reflect::set(&js, &"inSurveyFile".into(), &JsValue::TRUE);
    }
    if let Some(headers) = error.headers() {
        let list: js_sys::Array = headers.iter().map(|h| JsValue::from_str(h)).collect();
        let _ = js_sys::Reflect::set(&js, &"headers".into(), &list);
    }
    if let Some(named) = error.settings_named() {
        let named = JsOptionsNamed {
            options: named.settings.into_iter().map(Setting::js_name).collect(),
            before: named.before,
            after: named.after,
        };
        // Strings and lists of them always make JSON.
        if let Ok(named) = json_to_js(&named) {
            let _ = js_sys::Reflect::set(&js, &"optionsNamed".into(), &named);
        }
    }
    js
}

/// An error's `optionsNamed`: the options, as JS spells them, and its message before and after
/// the words that name them.
#[derive(Serialize)]
struct JsOptionsNamed {
    options: Vec<String>,
    before: Texts,
    after: Texts,
}

/// Analyses a survey CSV, alone or with a transactions CSV of the same customers, and returns
/// the report with its `satisfaction` section. Without transactions (`undefined`) the report
/// has no customers and `null` transaction sections.
#[wasm_bindgen(js_name = analyzeWithSurveys, unchecked_return_type = "Report")]
pub fn analyze_with_surveys(
    transactions: Option<Vec<u8>>,
    surveys: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = parse_options(options)?;
    to_js(crate::analyze_with_surveys(
        transactions.as_deref(),
        surveys,
        &options,
    ))
}

/// Analyses customers given as plain objects, one per customer (`{ id, lastPurchase |
/// recencyDays, frequency, monetary, firstPurchase?, purchaseDays?, repeatMonetary?, cost? }`,
/// dates as `YYYY-MM-DD`), joined to a survey CSV when given, and keeps the report for its CSV
/// exports. Throws an `Error` with code `invalidRecord` naming the first record that cannot be
/// used.
#[wasm_bindgen(js_name = analyzeCustomerRecords)]
pub fn analyze_customer_records(
    #[wasm_bindgen(unchecked_param_type = "CustomerRecord[]")] records: JsValue,
    surveys: Option<Vec<u8>>,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: Option<JsValue>,
) -> Result<JsDeliverables, JsValue> {
    let options = record_options(options)?;
    let records = customer_records(records)?;
    crate::analyze_customer_records(records, surveys.as_deref(), &options)
        .map(JsDeliverables)
        .map_err(core_error)
}

/// One customer as JS gives it; every field is checked, and unknown fields are errors.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsCustomer {
    id: JsId,
    last_purchase: Option<String>,
    recency_days: Option<f64>,
    frequency: f64,
    monetary: f64,
    first_purchase: Option<String>,
    purchase_days: Option<f64>,
    repeat_monetary: Option<f64>,
    cost: Option<f64>,
}

/// What a value that is no object is, in English and Chinese; `None` for an object.
fn not_an_object(value: &serde_json::Value) -> Option<(&'static str, &'static str)> {
    use serde_json::Value;
    match value {
        Value::Object(_) => None,
        Value::Null => Some(("null", " null")),
        Value::Bool(_) => Some(("a boolean", "布尔值")),
        Value::Number(_) => Some(("a number", "数字")),
        Value::String(_) => Some(("a string", "字符串")),
        Value::Array(_) => Some(("an array", "数组")),
    }
}

/// A customer id written as a string or a number.
#[derive(Deserialize)]
#[serde(untagged, expecting = "an id must be a string or a number")]
enum JsId {
    Text(String),
    Number(f64),
}

fn customer_records(records: JsValue) -> Result<Vec<CustomerRecord>, JsValue> {
    let invalid = |en: String, zh_cn: String| error_in_both("invalidRecord", Texts::new(en, zh_cn));
    // A function in a record is no plain object, as said below.
    if let Some(problem @ shape::Unusable::NotFinite(_)) =
        shape::unusable_value(&records, "customers")
    {
        let Texts { en, zh_cn } = problem.texts("customers");
        return Err(invalid(en, zh_cn));
    }
    let not_an_array = || {
        invalid(
            "customers must be an array of plain objects".into(),
            "customers 必须是由普通对象组成的数组".into(),
        )
    };
    let value: serde_json::Value =
        serde_wasm_bindgen::from_value(records).map_err(|_| not_an_array())?;
    let serde_json::Value::Array(items) = value else {
        return Err(not_an_array());
    };
    if items.is_empty() {
        // The core's `emptyInput` speaks of a file's rows.
        return Err(error_in_both(
            "emptyInput",
            Texts::new(
                "there are no customer records; give at least one { id, lastPurchase or recencyDays, frequency, monetary }",
                "没有客户记录；请至少给出一条 { id, lastPurchase 或 recencyDays, frequency, monetary }",
            ),
        ));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let at = |en: String, zh_cn: String| {
                let problem = Texts::new(en, zh_cn);
                core_error(ErrorKind::InvalidRecord { index, problem }.into())
            };
            // serde would say "expected struct JsCustomer", a name of this file's.
            if let Some((en, zh_cn)) = not_an_object(&item) {
                return Err(at(
                    format!("a customer record is an object {{ id, lastPurchase or recencyDays, frequency, monetary }}, not {en}"),
                    format!("客户记录应是对象 {{ id, lastPurchase 或 recencyDays, frequency, monetary }}，而不是{zh_cn}"),
                ));
            }
            let customer: JsCustomer =
                serde_path_to_error::deserialize(&item).map_err(|error| {
                    let Texts { en, zh_cn } = shape::record_error(&item, &error);
                    at(en, zh_cn)
                })?;
            let date = |name: &str, text: Option<String>| {
                text.map(|text| text.parse::<Date>())
                    .transpose()
                    .map_err(|error| {
                        let why = error.texts();
                        at(
                            format!("{name}: {}", why.en),
                            format!("{name}：{}", why.zh_cn),
                        )
                    })
            };
            // As a customer file's counts are checked, the number written as JS would.
            let count = |name: &'static str, value: f64, min: u32| {
                checked_count(name, &Shortest(value).to_string(), Some(value), min).map_err(|issue| {
                    let Texts { en, zh_cn } = issue.problem();
                    at(en, zh_cn)
                })
            };
            let last_purchase = match (
                date("lastPurchase", customer.last_purchase)?,
                customer.recency_days,
            ) {
                (Some(date), None) => LastSeen::Date(date),
                (None, Some(days)) => LastSeen::DaysBeforeAsOf(count("recencyDays", days, 0)?),
                _ => {
                    return Err(at(
                        "give either lastPurchase (YYYY-MM-DD) or recencyDays".into(),
                        "请给出 lastPurchase（YYYY-MM-DD）或 recencyDays 之一".into(),
                    ))
                }
            };
            Ok(CustomerRecord {
                id: match customer.id {
                    JsId::Text(text) => text,
                    JsId::Number(number) => number.to_string(),
                },
                last_purchase,
                first_purchase: date("firstPurchase", customer.first_purchase)?,
                frequency: count("frequency", customer.frequency, 1)?,
                monetary: customer.monetary,
                purchase_days: customer
                    .purchase_days
                    .map(|days| count("purchaseDays", days, 1))
                    .transpose()?,
                repeat_monetary: customer.repeat_monetary,
                cost: customer.cost,
            })
        })
        .collect()
}

/// How the analysis would read a file, from its first bytes: `prefix` is the start of the file
/// (at most `previewBytes()` are needed), `whole` says whether it is all of it. The read
/// options (`encoding`, `delimiter`, `header`, `columns`, `dateFormat`, ...) decide the
/// reading; the others are checked as `analyze` checks them, so that options it would refuse
/// are refused here too. A file whose columns cannot be mapped gives a preview with a
/// `problem`, not an error.
#[wasm_bindgen]
pub fn preview(
    prefix: &[u8],
    whole: bool,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = parse_options(options)?;
    // The reading options' problems are the preview's to show (a column chosen twice, say, is
    // its `problem`, for the mapping to be changed there); the others are checked here.
    let beyond_reading = crate::Options {
        read: crate::ReadOptions::default(),
        ..options.clone()
    };
    crate::Analysis::new(beyond_reading).map_err(core_error)?;
    json_to_js(&crate::preview(prefix, whole, &options.read).map_err(core_error)?)
}

/// Bytes from the start of a file that `preview` looks at.
#[wasm_bindgen(js_name = previewBytes)]
pub fn preview_bytes() -> usize {
    crate::PREVIEW_BYTES
}

/// The library version, e.g. `0.1.0`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsOptions {
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
    status: Option<JsColumn>,
    refund: Option<JsColumn>,
    currency: Option<JsColumn>,
    region: Option<JsColumn>,
    channel: Option<JsColumn>,
    category: Option<JsColumn>,
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

fn parse_options(options: Option<JsValue>) -> Result<Options, JsValue> {
    options_from(from_json(options, "options")?)
}

/// The options for customers given as records, which are no file: an option for reading one
/// would be silently dropped, so it is refused.
fn record_options(options: Option<JsValue>) -> Result<Options, JsValue> {
    let options: JsOptions = from_json(options, "options")?;
    if let Some(option) = options.file_reading_option() {
        return Err(invalid_options(
            Some(option),
            Texts::new(
                format!("{option} is for reading a file, and customer records are read as they are: leave it out (the survey file's own options are surveyEncoding, surveyDelimiter and surveyDateFormat)"),
                format!("{option} 用于读取文件，而客户记录按原样读取：请去掉该选项（调查文件有自己的选项 surveyEncoding、surveyDelimiter 和 surveyDateFormat）"),
            ),
        ));
    }
    options_from(options)
}

fn options_from(options: JsOptions) -> Result<Options, JsValue> {
    let date = |name: &str, text: Option<String>| {
        text.map(|text| text.parse::<Date>())
            .transpose()
            .map_err(|error| option_error(name, &error))
    };
    let scale = |name: &str, text: Option<String>| {
        text.map(|text| text.parse::<Scale>())
            .transpose()
            .map_err(|error| option_error(name, &error))
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
        ("status", chosen.status),
        ("refund", chosen.refund),
        ("currency", chosen.currency),
        ("region", chosen.region),
        ("channel", chosen.channel),
        ("category", chosen.category),
        ("lastPurchase", chosen.last_purchase),
        ("firstPurchase", chosen.first_purchase),
        ("recency", chosen.recency),
        ("frequency", chosen.frequency),
        ("monetary", chosen.monetary),
        ("purchaseDays", chosen.purchase_days),
        ("repeatMonetary", chosen.repeat_monetary),
    ] {
        let refused_column = |en: &str, zh_cn: &str| {
            option_error(&format!("columns.{role}"), &Texts::new(en, zh_cn))
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
            .map_err(|error| invalid_options(None, Texts::new(error.clone(), error)))?;
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
            .map_err(|error| option_error("surveyPeriod", &error))?
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
                .map_err(|error| option_error("clusters", &error)),
        })
        .transpose()?;
    let extra_features = options
        .cluster_features
        .map(|names| {
            names
                .iter()
                .map(|name| name.parse::<ExtraFeature>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| option_error("clusterFeatures", &error))
        })
        .transpose()?;
    let tuning = [
        ("clusterFeatures", extra_features.is_some()),
        ("clusterSeed", options.cluster_seed.is_some()),
        ("clusterRuns", options.cluster_runs.is_some()),
        ("clusterSample", options.cluster_sample.is_some()),
    ];
    if let (None, Some((option, _))) = (&clusters, tuning.iter().find(|(_, given)| *given)) {
        return Err(invalid_options(
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
) -> Result<Option<T>, JsValue> {
    let unrecognised = |name: &str| {
        let (en, zh_cn) = shape::allowed(what);
        invalid_options(
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

/// A JS `Error` with a `code` and its message in each language, `messages`, as the core's
/// errors have them.
fn error_in_both(code: &str, texts: Texts) -> JsValue {
    let js = js_error(&texts.en, code);
    let messages = js_sys::Object::new();
    // Setting properties on fresh objects cannot fail.
    let _ = js_sys::Reflect::set(&messages, &"en".into(), &texts.en.into());
    let _ = js_sys::Reflect::set(&messages, &"zh-CN".into(), &texts.zh_cn.into());
    let _ = js_sys::Reflect::set(&js, &"messages".into(), &messages);
    js
}

/// The core's `invalidOptions` error for options the binding finds unusable, with the option
/// whose value it refuses, if the message is about one, as `option` (as a core error names one
/// it refuses), for a page to point at its control.
fn invalid_options(option: Option<&str>, message: Texts) -> JsValue {
    let js = core_error(
        ErrorKind::InvalidOptions {
            setting: None,
            message,
        }
        .into(),
    );
    if let Some(option) = option {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&js, &"option".into(), &option.into());
    }
    js
}

/// [`invalid_options`] for `option`, refused as it is read for the reason `error` gives, named
/// before the words why.
fn option_error(option: &str, error: &impl Rendered) -> JsValue {
    let why = error.texts();
    invalid_options(
        Some(option),
        Texts::new(
            format!("{option}: {}", why.en),
            format!("{option}：{}", why.zh_cn),
        ),
    )
}

/// A JS `Error` with a `code` property.
fn js_error(message: &str, code: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}
