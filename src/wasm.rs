//! The JavaScript binding. It converts between JS values and the core's types and does
//! nothing else, so every behaviour is tested natively in the core; `memory` notes when the
//! module stops for want of memory.

mod memory;
mod shape;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::from_js::{self, Refusal, Unusable};
use crate::text::Texts;
use crate::{ClvInput, CustomerRecord, Options, Setting};

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

    /// The region, channel, category and customer type breakdown: each value's customers,
    /// revenue and, with costs, gross profit.
    #[wasm_bindgen(js_name = attributesCsv)]
    pub fn attributes_csv(&self) -> String {
        crate::attributes_csv(&self.0)
    }
}

fn export_options(options: Option<JsValue>) -> Result<crate::ExportConfig, JsValue> {
    from_js::export_config(from_json(options, "options")?).map_err(refused)
}

/// `options` read as `T` (its default when not given), its errors `invalidOptions`; `what`
/// names the whole (`options`, `the query`) in messages about it.
fn from_json<T: Default + serde::de::DeserializeOwned>(
    options: Option<JsValue>,
    what: &str,
) -> Result<T, JsValue> {
    match shape::json(options, what).map_err(refused)? {
        Some(json) => from_js::read(json, what).map_err(refused),
        None => Ok(T::default()),
    }
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
/// error about the columns the file's `headers`, for a page to offer them, `optionsNamed`,
/// where the message names the options choosing the survey's question columns or a scale, for a
/// page to name its controls for them instead, and `suggestedOptions`, the options it suggests
/// analysing again with, for a page to set its controls to.
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
    let suggested = error.suggested_settings();
    if !suggested.is_empty() {
        let options = js_sys::Object::new();
        for (setting, value) in suggested {
            let _ = js_sys::Reflect::set(&options, &setting.js_name().into(), &value.into());
        }
        let _ = js_sys::Reflect::set(&js, &"suggestedOptions".into(), &options);
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
/// recencyDays, frequency, monetary, firstPurchase?, purchaseDays?, repeatMonetary?, cost?,
/// profit? }`, dates as `YYYY-MM-DD`; a profit gives the cost where none is given), joined to a survey CSV when given, and keeps the report for its CSV
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

fn customer_records(records: JsValue) -> Result<Vec<CustomerRecord>, JsValue> {
    // A function in a record is no plain object, as the core says of it.
    if let Some(problem @ Unusable::NotFinite(_)) = shape::unusable_value(&records, "customers") {
        return Err(refused(from_js::unusable_record(&problem)));
    }
    let value =
        serde_wasm_bindgen::from_value(records).map_err(|_| refused(from_js::not_an_array()))?;
    from_js::customer_records(value).map_err(refused)
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

fn parse_options(options: Option<JsValue>) -> Result<Options, JsValue> {
    from_js::options(from_json(options, "options")?).map_err(refused)
}

/// The options for customers given as records (see `from_js::record_options`).
fn record_options(options: Option<JsValue>) -> Result<Options, JsValue> {
    from_js::record_options(from_json(options, "options")?).map_err(refused)
}

/// A JS `Error` for a refusal of what JS gave, as for a core error: the message, `code`,
/// `messages` and, when the refusal is of an option's value, `option`.
fn refused(refusal: Refusal) -> JsValue {
    let js = error_in_both(refusal.code, refusal.why);
    if let Some(option) = refusal.option {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&js, &"option".into(), &option.into());
    }
    js
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

/// A JS `Error` with a `code` property.
fn js_error(message: &str, code: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}
