//! What JavaScript hands the package (options, queries, customer records) read from JSON
//! values into the core's types, and refused with words a person can act on when it cannot
//! be. Plain Rust, so that every rule is tested natively: the binding (`wasm.rs`) only turns JS
//! values into JSON ones, after catching what JSON cannot carry (see [`Unusable`]), and a
//! [`Refusal`] into a JS `Error`.

mod options;
mod records;
mod words;

use serde_json::Value;

pub(crate) use options::{export_config, options, record_options};
pub(crate) use records::{customer_records, not_an_array, unusable_record};
pub(crate) use words::{not_an_object, quoted, Unusable};

use crate::error::{Error, ErrorKind};
use crate::text::{Rendered, Texts};
use crate::Setting;

/// Why a value from JS cannot be used: the error's `code`, what to say in each language, and
/// the option whose value is refused, for a page to point at its control (`None` when the
/// refusal is of no option's value: an unknown option, options that are no object).
#[derive(Debug, PartialEq)]
pub(crate) struct Refusal {
    pub(crate) code: &'static str,
    pub(crate) why: Texts,
    pub(crate) option: Option<String>,
}

impl Refusal {
    /// A refusal with `code` that is no error of the core's.
    pub(crate) fn new(code: &'static str, why: Texts) -> Refusal {
        Refusal {
            code,
            why,
            option: None,
        }
    }

    /// The core's `error`, as the binding throws it.
    pub(crate) fn of_error(error: Error) -> Refusal {
        Refusal::new(error.code(), error.texts_naming(Setting::js_name))
    }

    /// The core's `invalidOptions` for options found unusable, naming `option` when the message
    /// is about one.
    pub(crate) fn invalid_options(option: Option<&str>, message: Texts) -> Refusal {
        let error = ErrorKind::InvalidOptions {
            setting: None,
            message,
        };
        Refusal {
            option: option.map(str::to_string),
            ..Refusal::of_error(error.into())
        }
    }

    /// [`Refusal::invalid_options`] for `option`, refused for the reason `error` gives, named
    /// before the words why.
    pub(crate) fn of_option(option: &str, error: &impl Rendered) -> Refusal {
        let why = error.texts();
        Refusal::invalid_options(
            Some(option),
            Texts::new(
                format!("{option}: {}", why.en),
                format!("{option}：{}", why.zh_cn),
            ),
        )
    }

    /// A refusal of the value at `path`, which names the option up to its first index: the
    /// list `thresholds.frequency` for `thresholds.frequency[1]`, as the core names it.
    pub(crate) fn of_value_at(path: &str, why: Texts) -> Refusal {
        let option = path.split('[').next().unwrap_or(path);
        Refusal::invalid_options(Some(option).filter(|option| !option.is_empty()), why)
    }

    fn of_no_option(why: Texts) -> Refusal {
        Refusal::invalid_options(None, why)
    }
}

/// `json` read as `T`, each of its values checked: a misspelt option is an error, not silently
/// dropped. `what` names the whole (`options`, `the query`) in messages about it.
pub(crate) fn read<T: serde::de::DeserializeOwned>(json: Value, what: &str) -> Result<T, Refusal> {
    serde_path_to_error::deserialize(&json).map_err(|error| {
        let path = words::js_path(error.path());
        let inner = error.inner().to_string();
        words::shape_error(what, &path, words::given_at(&json, error.path()), &inner)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{ClusterCount, CustomerRecord, Date, Delimiter, LastSeen};

    fn options_of(json: Value) -> Result<crate::Options, Refusal> {
        options(read(json, "options")?)
    }

    /// The refused option and the English message of a refusal.
    fn refused(refusal: Refusal) -> (&'static str, Option<String>, String) {
        (refusal.code, refusal.option, refusal.why.en)
    }

    #[test]
    fn options_are_read_into_the_core_settings() {
        let read = options_of(json!({
            "asOf": "2024-06-30",
            "delimiter": ";",
            "columns": { "customer": "Email", "amount": 5, "order": false },
            "scoreLevels": 3,
            "clusters": "auto",
            "clusterSeed": 7,
            "margin": 0.3,
        }))
        .unwrap();
        assert_eq!(read.as_of, Some(Date::from_ymd(2024, 6, 30).unwrap()));
        assert_eq!(read.read.delimiter, Some(Delimiter::Semicolon));
        assert_eq!(read.rfm.levels, 3);
        let clusters = read.clusters.unwrap();
        assert_eq!((clusters.k, clusters.seed), (ClusterCount::Auto, 7));
        assert_eq!(read.clv.margin, Some(0.3));
        // Not given: the core's defaults.
        assert_eq!(options_of(json!({})).unwrap(), crate::Options::default());
    }

    #[test]
    fn each_refusal_names_the_option_and_what_it_takes() {
        let cases = [
            (
                json!({ "asof": "2024-06-30" }),
                None,
                "invalid options: asof is not an option (unknown field `asof`); the options are",
            ),
            (
                json!({ "columns": { "amount": 0 } }),
                Some("columns.amount"),
                "invalid options: columns.amount: column positions start at 1",
            ),
            (
                json!({ "columns": { "amount": true } }),
                Some("columns.amount"),
                "invalid options: columns.amount: true names no column;",
            ),
            (
                json!({ "thresholds": { "frequency": [1, "two"] } }),
                Some("thresholds.frequency"),
                "invalid options: thresholds.frequency[1] must be a list of numbers, not \"two\"",
            ),
            (
                json!({ "delimiter": "colon" }),
                Some("delimiter"),
                "invalid options: delimiter must be \"comma\", \"semicolon\", \"tab\", \"pipe\" or \"whitespace\"",
            ),
            (
                json!({ "tierShares": { "high": 0.2 } }),
                Some("tierShares"),
                "invalid options: tierShares.highAndMedium is missing: tierShares must be { high, highAndMedium }",
            ),
            (
                json!({ "asOf": "30/06/2024" }),
                Some("asOf"),
                "invalid options: asOf: ",
            ),
            (
                json!({ "clusterSeed": 7 }),
                Some("clusterSeed"),
                "invalid options: clusterSeed tunes the clustering, which only clusters turns on",
            ),
        ];
        for (given, option, message) in cases {
            let (code, refused_option, en) = refused(options_of(given.clone()).unwrap_err());
            assert_eq!(code, "invalidOptions", "{given}");
            assert_eq!(refused_option.as_deref(), option, "{given}: {en}");
            assert!(en.starts_with(message), "{given}: {en}");
        }
    }

    #[test]
    fn records_refuse_the_options_for_reading_a_file() {
        let given = json!({ "encoding": "gbk", "asOf": "2024-06-30" });
        let (_, option, en) = refused(record_options(read(given, "options").unwrap()).unwrap_err());
        assert_eq!(option.as_deref(), Some("encoding"));
        assert!(en.contains("encoding is for reading a file"), "{en}");
        let given = json!({ "asOf": "2024-06-30" });
        assert!(record_options(read(given, "options").unwrap()).is_ok());
    }

    #[test]
    fn export_options_are_checked() {
        let config = |given: Value| export_config(read(given, "options")?);
        let (_, option, en) = refused(config(json!({ "minGroupSize": 2.5 })).unwrap_err());
        assert_eq!(option.as_deref(), Some("minGroupSize"));
        assert_eq!(
            en,
            "invalid options: minGroupSize: 2.5 is not a whole number"
        );
        let (_, option, _) = refused(config(json!({ "idSalt": "a" })).unwrap_err());
        assert_eq!(option.as_deref(), Some("idSalt"));
        assert!(config(json!({ "minGroupSize": 3 })).is_ok());
    }

    #[test]
    fn customer_records_are_read_and_each_problem_named_with_its_index() {
        let records = customer_records(json!([
            { "id": 42, "recencyDays": 3, "frequency": 2, "monetary": 120.5 },
            { "id": "b@x.com", "lastPurchase": "2024-05-01", "firstPurchase": "2024-01-02",
              "frequency": 1, "monetary": 10, "purchaseDays": 1, "cost": 4 },
        ]))
        .unwrap();
        assert_eq!(
            records[0],
            CustomerRecord {
                id: "42".into(),
                last_purchase: LastSeen::DaysBeforeAsOf(3),
                first_purchase: None,
                frequency: 2,
                monetary: 120.5,
                purchase_days: None,
                repeat_monetary: None,
                cost: None,
            }
        );
        assert_eq!(
            records[1].last_purchase,
            LastSeen::Date(Date::from_ymd(2024, 5, 1).unwrap())
        );
        assert_eq!(
            (records[1].purchase_days, records[1].cost),
            (Some(1), Some(4.0))
        );

        assert_eq!(customer_records(json!({ "id": "a" })), Err(not_an_array()));
        let valid = json!({ "id": "a", "recencyDays": 3, "frequency": 2, "monetary": 1 });
        let cases = [
            (json!([]), "empty", "emptyInput", "there are no customer records;"),
            (json!([valid, 7]), "a number", "invalidRecord", "customers[1]: a customer record is an object { id, lastPurchase or recencyDays, frequency, monetary }, not a number"),
            (json!([{ "id": "a", "recencyDays": 3, "monetary": 1 }]), "missing", "invalidRecord", "customers[0]: frequency is missing"),
            (json!([{ "id": "a", "recencyDays": 3, "frequency": 2, "monetary": 1, "email": "x" }]), "unknown", "invalidRecord", "customers[0]: email is not a field of a customer record"),
            (json!([{ "id": true, "recencyDays": 3, "frequency": 2, "monetary": 1 }]), "id", "invalidRecord", "customers[0]: id must be a string or a number, not true"),
            (json!([{ "id": "a", "frequency": 2, "monetary": 1 }]), "no last purchase", "invalidRecord", "customers[0]: give either lastPurchase (YYYY-MM-DD) or recencyDays"),
            (json!([{ "id": "a", "recencyDays": 3, "lastPurchase": "2024-05-01", "frequency": 2, "monetary": 1 }]), "both", "invalidRecord", "customers[0]: give either lastPurchase"),
            (json!([{ "id": "a", "lastPurchase": "2024-02-30", "frequency": 2, "monetary": 1 }]), "date", "invalidRecord", "customers[0]: lastPurchase: "),
            (json!([{ "id": "a", "recencyDays": 3, "frequency": 1.5, "monetary": 1 }]), "count", "invalidRecord", "customers[0]: "),
        ];
        for (given, case, code, message) in cases {
            let (refused_code, option, en) = refused(customer_records(given).unwrap_err());
            assert_eq!((refused_code, option), (code, None), "{case}: {en}");
            assert!(en.starts_with(message), "{case}: {en}");
        }
    }

    #[test]
    fn a_value_json_cannot_carry_is_named_by_its_path() {
        let refusal = unusable_record(&Unusable::NotFinite("customers[0].monetary".into()));
        assert_eq!(
            refused(refusal),
            (
                "invalidRecord",
                None,
                "customers[0].monetary is not a finite number".into()
            )
        );
        let refusal = Refusal::of_value_at("thresholds.frequency[1]", Texts::new("why", "为何"));
        assert_eq!(refusal.option.as_deref(), Some("thresholds.frequency"));
        assert_eq!(quoted(&"x".repeat(45)), format!("\"{}…\"", "x".repeat(40)));
    }

    #[test]
    fn functions_and_other_values_are_no_options() {
        let why = Unusable::Function("onProgress".into()).texts("options");
        assert!(
            why.en.starts_with("onProgress is a function, and options hold only data: onProgress and signal go in the call's last argument"),
            "{}",
            why.en
        );
        let why = Unusable::Function("sort".into()).texts("the query");
        assert_eq!(why.en, "sort is a function, and the query holds only data");
        assert_eq!(
            not_an_object("the query", "\"clv\"").en,
            "the query must be a plain object such as { sort: 'clv', limit: 50 }, not \"clv\""
        );
    }
}
