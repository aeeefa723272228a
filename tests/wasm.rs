//! The JavaScript surface in a real browser (`wasm-pack test --headless --chrome -- --test wasm`):
//! reports arrive as plain objects, options are checked, and failures are real `Error`s.
#![cfg(target_arch = "wasm32")]

use custval::wasm::{analyze, analyze_customer_records, version};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CSV: &[u8] = b"customer_id,order_date,amount\nA,2024-01-10,100\nA,2024-01-10,50\nA,2024-02-01,80\nB,2024-02-20,-5\nB,2024-01-20,25.5\n";

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn options(json: &str) -> Option<JsValue> {
    Some(js_sys::JSON::parse(json).unwrap())
}

#[wasm_bindgen_test]
fn report_is_made_of_plain_objects_and_arrays() {
    let report = analyze(CSV, None).unwrap();
    // A serde map would arrive as a JS Map, which prints as {} and has no properties.
    assert_eq!(
        Object::get_prototype_of(&report),
        Object::get_prototype_of(&Object::new())
    );
    let customers: Array = get(&report, "customers").dyn_into().unwrap();
    assert_eq!(customers.length(), 2);
    let a = customers.get(0);
    assert_eq!(get(&a, "id"), "A");
    assert_eq!(get(&a, "frequency").as_f64(), Some(2.0));
    assert_eq!(get(&a, "monetary").as_f64(), Some(230.0));
    assert_eq!(get(&a, "lastPurchase"), "2024-02-01");
    // asOf defaults to the latest date, B's return on 02-20; the return is not an occasion.
    assert_eq!(get(&report, "asOf"), "2024-02-20");
    assert_eq!(get(&customers.get(1), "monetary").as_f64(), Some(20.5));
    let columns = get(&get(&report, "input"), "columns");
    assert!(get(&columns, "order").is_null());
}

/// The customers cross in JSON texts of 50,000 (a single text of millions would pass V8's
/// string limit): one more than that arrives whole and in order.
#[wasm_bindgen_test]
fn more_customers_than_one_batch_arrive_whole_and_in_order() {
    let customers = 50_001;
    let mut csv = String::from("customer,date,amount\n");
    for i in 0..customers {
        csv.push_str(&format!("c{i},2024-01-{:02},{}\n", 1 + i % 28, 1 + i % 97));
    }
    let report = analyze(csv.as_bytes(), None).unwrap();
    let rows: Array = get(&report, "customers").dyn_into().unwrap();
    assert_eq!(rows.length(), customers);
    for i in [0, 49_999, 50_000] {
        let row = rows.get(i);
        assert_eq!(get(&row, "id"), format!("c{i}").as_str());
        assert_eq!(get(&row, "monetary").as_f64(), Some(f64::from(1 + i % 97)));
    }
}

#[wasm_bindgen_test]
fn as_of_option_is_applied() {
    let report = analyze(CSV, options(r#"{"asOf": "2024-01-31"}"#)).unwrap();
    let a = Array::from(&get(&report, "customers")).get(0);
    assert_eq!(get(&a, "recencyDays").as_f64(), Some(21.0));
    assert_eq!(get(&a, "frequency").as_f64(), Some(1.0));
    assert_eq!(
        get(&get(&report, "input"), "rowsAfterAsOf").as_f64(),
        Some(2.0)
    );
}

fn thrown_error(result: Result<JsValue, JsValue>) -> js_sys::Error {
    result
        .err()
        .expect("an error")
        .dyn_into()
        .expect("an Error instance")
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_with_the_cli_message_and_a_code() {
    let error = thrown_error(analyze(b"when,how much\n2024-01-01,5\n", None));
    assert_eq!(
        String::from(error.message()),
        "no customer id column found among the headers [when, how much]; name that column customer_id (or 客户编号)"
    );
    assert_eq!(get(&error, "code"), "missingColumn");
    assert_eq!(get(&thrown_error(analyze(b"", None)), "code"), "emptyInput");
}

#[wasm_bindgen_test]
fn bad_options_are_rejected_by_name() {
    let unknown = thrown_error(analyze(CSV, options(r#"{"asof": "2024-01-31"}"#)));
    assert!(String::from(unknown.message()).contains("unknown field `asof`"));
    assert_eq!(get(&unknown, "code"), "invalidOptions");
    let bad_date = thrown_error(analyze(CSV, options(r#"{"asOf": "31/01/2024"}"#)));
    assert_eq!(
        String::from(bad_date.message()),
        "invalid options: asOf: '31/01/2024' is not a valid date in the form YYYY-MM-DD"
    );
}

/// The English and Chinese `messages` of a thrown error.
fn messages(error: &js_sys::Error) -> (String, String) {
    let messages = get(error, "messages");
    let text = |language| get(&messages, language).as_string().expect("a message");
    (text("en"), text("zh-CN"))
}

#[wasm_bindgen_test]
fn errors_the_binding_finds_come_in_both_languages() {
    let analyzed = |json: &str| thrown_error(analyze(CSV, options(json)));
    let cases = [
        (
            analyzed(r#"{"delimiter": "colon"}"#),
            r#"invalid options: delimiter must be "comma", "semicolon", "tab", "pipe" or "whitespace" (or ",", ";", "\t", "|"), not "colon""#,
            r#"选项无效：delimiter 必须是 "comma"、"semicolon"、"tab"、"pipe" 或 "whitespace"（或 ","、";"、"\t"、"|"），而不是 "colon""#,
        ),
        (
            analyzed(r#"{"asOf": "31/01/2024"}"#),
            "invalid options: asOf: '31/01/2024' is not a valid date in the form YYYY-MM-DD",
            "选项无效：asOf：“31/01/2024”不是 YYYY-MM-DD 格式的有效日期",
        ),
        (
            analyzed(r#"{"columns": {"date": true}}"#),
            "invalid options: columns.date: true names no column; give a header name, a position from 1 or false to leave the role out",
            "选项无效：columns.date：true 不指定任何列；请给出列标题、从 1 开始的列位置，或用 false 不使用该角色",
        ),
        (
            analyzed(r#"{"valueBasis": "profit"}"#),
            r#"invalid options: valueBasis must be "clv" or "netRevenue", not "profit""#,
            r#"选项无效：valueBasis 必须是 "clv" 或 "netRevenue"，而不是 "profit""#,
        ),
        (
            thrown_error(
                analyze_customer_records(
                    js_sys::JSON::parse(r#"[{"id": "a", "frequency": 1, "monetary": 5}]"#)
                        .unwrap(),
                    None,
                    None,
                )
                .map(JsValue::from),
            ),
            "customers[0]: give either lastPurchase (YYYY-MM-DD) or recencyDays",
            "customers[0]：请给出 lastPurchase（YYYY-MM-DD）或 recencyDays 之一",
        ),
        // Counts are checked as a customer file's are: 1e16 is whole, but too large.
        (
            thrown_error(
                analyze_customer_records(
                    js_sys::JSON::parse(
                        r#"[{"id": "a", "recencyDays": 1e16, "frequency": 1, "monetary": 5}]"#,
                    )
                    .unwrap(),
                    None,
                    None,
                )
                .map(JsValue::from),
            ),
            "customers[0]: recencyDays '1e16' is a whole number, but past 4,294,967,295, more than any customer's: check that it is a count, not an id or an amount",
            "customers[0]：recencyDays“1e16”是整数，但超过 4,294,967,295，大于任何客户可能有的数：请检查它是次数或天数，而不是编号或金额",
        ),
    ];
    for (error, en, zh_cn) in cases {
        assert_eq!(String::from(error.message()), en);
        assert_eq!(messages(&error), (en.to_string(), zh_cn.to_string()));
    }
    // Each export option's error names that option and says what is wrong with it.
    let mut analysis = custval::wasm::JsAnalysis::new(None).unwrap();
    analysis.push(CSV).unwrap();
    let deliverables = analysis.finish_with_exports(None).unwrap();
    let aggregates = |size: &str| {
        deliverables.aggregates_csv(options(&format!(r#"{{"minGroupSize": {size}}}"#)))
    };
    let at_least_one = (
        "invalid options: minGroupSize: the minimum group size must be at least 1",
        "选项无效：minGroupSize：最小分组人数必须至少为 1",
    );
    let cases = [
        (aggregates("0"), at_least_one),
        (aggregates("-3"), at_least_one),
        (
            aggregates("2.5"),
            (
                "invalid options: minGroupSize: 2.5 is not a whole number",
                "选项无效：minGroupSize：2.5 不是整数",
            ),
        ),
        (
            deliverables.customers_csv(options(r#"{"idSalt": "abc"}"#)),
            (
                "invalid options: idSalt: the id salt has 3 characters; use a secret of at least 8 characters so that guessed ids cannot be checked against the codes",
                "选项无效：idSalt：编号加密盐只有 3 个字符；请使用至少 8 个字符的密钥，以免猜到的编号能与代码对照",
            ),
        ),
    ];
    for (result, (en, zh_cn)) in cases {
        let error: js_sys::Error = result.err().unwrap().unchecked_into();
        assert_eq!(messages(&error), (en.into(), zh_cn.into()));
    }
    // A size above every group, however large, suppresses them all.
    let all_suppressed = aggregates("65536").unwrap();
    assert!(!all_suppressed.contains(",false,"), "{all_suppressed}");
    for size in ["2147483647", "1e12"] {
        assert_eq!(aggregates(size).unwrap(), all_suppressed, "{size}");
    }
}

#[wasm_bindgen_test]
fn version_matches_the_crate() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn rfm_options_and_fields_cross_the_boundary() {
    let json = r#"{"scoreLevels": 3, "thresholds": {"frequency": [2, 3]},
                   "tierShares": {"high": 0.5, "highAndMedium": 0.9}, "compareAsOf": "2024-01-15"}"#;
    let report = analyze(CSV, options(json)).unwrap();
    assert_eq!(get(&get(&report, "rfm"), "levels").as_f64(), Some(3.0));
    let customers = Array::from(&get(&report, "customers"));
    // A bought on two days: cuts [2, 3] give F 2; B once: F 1.
    assert_eq!(get(&customers.get(0), "fScore").as_f64(), Some(2.0));
    assert_eq!(get(&customers.get(1), "fScore").as_f64(), Some(1.0));
    let name = get(&customers.get(0), "segmentName");
    assert!(get(&name, "zh-CN").is_string());
    assert_eq!(get(&get(&report, "migration"), "from"), "2024-01-15");
    let bad = thrown_error(analyze(CSV, options(r#"{"scoreLevels": 9}"#)));
    assert_eq!(get(&bad, "code"), "invalidOptions");
    assert_eq!(
        String::from(bad.message()),
        "invalid options: scoreLevels: score levels must be 3, 4 or 5, not 9"
    );
    assert_eq!(
        get(&get(&bad, "messages"), "zh-CN"),
        "选项无效：scoreLevels：评分等级必须为 3、4 或 5，而不是 9"
    );
}

#[wasm_bindgen_test]
fn clv_options_and_fields_cross_the_boundary() {
    let json = r#"{"timeUnit": "week", "horizonMonths": 6, "discountRate": 0, "margin": 0.5}"#;
    let report = analyze(CSV, options(json)).unwrap();
    let clv = get(&report, "clv");
    assert_eq!(get(&clv, "timeUnit"), "week");
    assert_eq!(get(&clv, "horizonMonths").as_f64(), Some(6.0));
    assert_eq!(get(&clv, "margin").as_f64(), Some(0.5));
    assert!(get(&get(&clv, "bgnbd"), "r").as_f64().is_some());
    let customers = Array::from(&get(&report, "customers"));
    // Two customers are too few for BG/NBD; the NBD fallback has no dropout, so no P(alive).
    assert_eq!(get(&get(&clv, "bgnbd"), "model"), "nbdFallback");
    assert!(get(&customers.get(0), "pAlive").is_null());
    assert!(get(&customers.get(0), "lifecycle").is_string());
    let bad = thrown_error(analyze(CSV, options(r#"{"timeUnit": "month"}"#)));
    assert_eq!(get(&bad, "code"), "invalidOptions");
    assert_eq!(
        String::from(bad.message()),
        r#"invalid options: timeUnit must be "day" or "week", not "month""#
    );
    let horizon = thrown_error(analyze(CSV, options(r#"{"horizonMonths": 0}"#)));
    assert_eq!(
        String::from(horizon.message()),
        "invalid options: horizonMonths: the CLV horizon must be 1 to 1200 months, not 0"
    );
}

#[wasm_bindgen_test]
fn reading_options_take_names_and_positions() {
    let headerless = b"x 7 20240105 12.5\nx 8 20240107 3\n";
    let json = r#"{"header": false, "delimiter": "whitespace", "columns": {"customer": 2, "date": 3, "amount": 4}}"#;
    let report = analyze(headerless, options(json)).unwrap();
    let input = get(&report, "input");
    assert_eq!(get(&input, "customers").as_f64(), Some(2.0));
    assert_eq!(get(&get(&input, "columns"), "customer"), "column 2");

    let european = "Kunde;Datum;Betrag\nk;05.03.2024;1,5\n".as_bytes();
    let json = r#"{"columns": {"customer": "Kunde", "date": "Datum", "amount": "Betrag"}, "dateFormat": "M/D/YYYY"}"#;
    let report = analyze(european, options(json)).unwrap();
    let customer = Array::from(&get(&report, "customers")).get(0);
    assert_eq!(get(&customer, "lastPurchase"), "2024-05-03");
    assert_eq!(get(&customer, "monetary").as_f64(), Some(1.5));

    let refused = [
        (
            r#"{"columns": {"customer": 0}}"#,
            "invalid options: columns.customer: column positions start at 1",
        ),
        (
            r#"{"columns": {"customer": -1}}"#,
            "invalid options: columns.customer must be a header name, a position from 1, or false to leave the role out, not -1",
        ),
        (
            r#"{"delimiter": "colon"}"#,
            r#"invalid options: delimiter must be "comma", "semicolon", "tab", "pipe" or "whitespace" (or ",", ";", "\t", "|"), not "colon""#,
        ),
    ];
    for (json, message) in refused {
        let error = thrown_error(analyze(european, options(json)));
        assert_eq!(String::from(error.message()), message, "{json}");
    }
}

#[wasm_bindgen_test]
fn a_file_pushed_in_pieces_gives_the_same_report() {
    let whole = analyze(CSV, None).unwrap();
    let mut analysis = custval::wasm::JsAnalysis::new(None).unwrap();
    for piece in CSV.chunks(5) {
        analysis.push(piece).unwrap();
    }
    assert_eq!(analysis.bytes_read(), CSV.len() as f64);
    let pieces = analysis.finish().unwrap();
    let json = |value: &JsValue| String::from(js_sys::JSON::stringify(value).unwrap());
    assert_eq!(json(&pieces), json(&whole));

    let bad = custval::wasm::JsAnalysis::new(options(r#"{"scoreLevels": 2}"#))
        .err()
        .unwrap();
    assert_eq!(get(&bad, "code"), "invalidOptions");
}

#[wasm_bindgen_test]
fn surveys_cross_the_boundary_alone_and_joined() {
    use custval::wasm::analyze_with_surveys;
    let surveys: &[u8] = b"customer_id,nps,csat\nA,10,5\nB,3,-99\nC,9,4\n";
    let json = r#"{"npsScale": "0-10", "missingCodes": [-99], "minGroupAnswers": 1}"#;
    let alone = analyze_with_surveys(None, surveys, options(json)).unwrap();
    assert!(get(&alone, "rfm").is_null());
    assert_eq!(Array::from(&get(&alone, "customers")).length(), 0);
    let satisfaction = get(&alone, "satisfaction");
    let nps = get(&satisfaction, "nps");
    // 2 promoters and 1 detractor of 3: 100 / 3.
    assert_eq!(get(&nps, "promoters").as_f64(), Some(2.0));
    assert!((get(&nps, "score").as_f64().unwrap() - 100.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        get(&get(&satisfaction, "csat"), "missing").as_f64(),
        Some(1.0)
    );

    let joined = analyze_with_surveys(Some(CSV.to_vec()), surveys, options(json)).unwrap();
    let a = Array::from(&get(&joined, "customers")).get(0);
    assert_eq!(get(&get(&a, "satisfaction"), "npsGroup"), "promoter");
    let mut streamed = custval::wasm::JsAnalysis::new(options(json)).unwrap();
    streamed.push(CSV).unwrap();
    let streamed = streamed.finish_with_surveys(surveys).unwrap();
    let text = |value: &JsValue| String::from(js_sys::JSON::stringify(value).unwrap());
    assert_eq!(text(&streamed), text(&joined));
    let bad = thrown_error(analyze_with_surveys(
        None,
        surveys,
        options(r#"{"npsScale": "ten"}"#),
    ));
    assert_eq!(get(&bad, "code"), "invalidOptions");
}

#[wasm_bindgen_test]
fn exports_are_made_from_the_kept_report() {
    let csv = b"customer_id,date,amount\n=1+1,2024-01-10,100\nB,2024-01-20,25\n";
    let mut analysis = custval::wasm::JsAnalysis::new(None).unwrap();
    analysis.push(csv).unwrap();
    let mut deliverables = analysis.finish_with_exports(None).unwrap();
    let customers = deliverables.customers_csv(None).unwrap();
    assert!(customers.starts_with("\u{feff}id,"));
    assert!(customers.contains("\r\n'=1+1,2024-01-10,"));
    let hashed = deliverables
        .customers_csv(options(r#"{"idSalt": "s3cret-salt"}"#))
        .unwrap();
    assert!(!hashed.contains("=1+1"));
    let report = deliverables.report().unwrap();
    assert!(get(&report, "recommendations").is_object());
    let error = deliverables
        .aggregates_csv(options(r#"{"minGroupSize": 0}"#))
        .err()
        .unwrap();
    assert_eq!(get(&error, "code"), "invalidOptions");
    let misspelt = deliverables.call_list_csv(options(r#"{"salt": "s3cret-salt"}"#));
    assert!(misspelt.is_err());

    // With a survey, B's detractor answer puts B on the call list.
    let mut analysis = custval::wasm::JsAnalysis::new(None).unwrap();
    analysis.push(csv).unwrap();
    let surveys = b"customer_id,nps\nB,2\n".to_vec();
    let deliverables = analysis.finish_with_exports(Some(surveys)).unwrap();
    let calls = deliverables.call_list_csv(None).unwrap();
    assert!(calls.contains(",B,rescueDetractor,25,"), "{calls}");
}

#[wasm_bindgen_test]
fn the_summary_leaves_the_customers_to_be_paged_through() {
    let csv = b"customer_id,date,amount\nC10,2024-01-10,100\nc2,2024-01-20,25\nC1,2024-01-21,40\n";
    let mut analysis = custval::wasm::JsAnalysis::new(None).unwrap();
    analysis.push(csv).unwrap();
    let mut deliverables = analysis.finish_with_exports(None).unwrap();
    let summary = deliverables.summary().unwrap();
    assert!(!Reflect::has(&summary, &"customers".into()).unwrap());
    assert_eq!(get(&get(&summary, "input"), "customers"), 3);
    let page = deliverables
        .customers(options(
            r#"{"sort": "id", "descending": false, "offset": 1, "limit": 1}"#,
        ))
        .unwrap();
    assert_eq!(
        (get(&page, "total"), get(&page, "matching")),
        (3.into(), 3.into())
    );
    let ids = Array::from(&get(&page, "customers"));
    assert_eq!(ids.length(), 1);
    assert_eq!(get(&ids.get(0), "id"), "c2", "C1, c2, C10 in natural order");
    // The full report is still there for the exports and `report()`.
    let report = deliverables.report().unwrap();
    assert_eq!(Array::from(&get(&report, "customers")).length(), 3);
    let error = thrown_error(deliverables.customers(options(r#"{"sort": "name"}"#)));
    assert_eq!(get(&error, "code"), "invalidOptions");
}

#[wasm_bindgen_test]
fn a_bad_playbook_option_is_rejected_with_its_problem() {
    let error = thrown_error(analyze(CSV, options(r#"{"playbook": {"rfm": {}}}"#)));
    assert_eq!(get(&error, "code"), "invalidOptions");
    let message = String::from(error.message());
    assert!(message.contains("the playbook"), "{message}");
}

/// A determinism check, not a correctness check: the browser must compute exactly the clusters
/// that the native build computes for the same file and options. The native result is committed
/// as tests/fixtures/clusters-sample.json and checked natively by tests/clusters.rs, whose other
/// tests check the clustering itself against known blobs and scikit-learn. Both sides go
/// through `JSON.stringify`, so every number must match to the last bit.
#[wasm_bindgen_test]
fn clusters_in_the_browser_equal_the_native_ones() {
    let sample = include_bytes!("../www/sample-transactions.csv");
    let report = analyze(sample, options(r#"{"clusters": 3}"#)).unwrap();
    let fixture = js_sys::JSON::parse(include_str!("fixtures/clusters-sample.json")).unwrap();
    let text = |value: &JsValue| String::from(js_sys::JSON::stringify(value).unwrap());
    assert_eq!(
        text(&get(&report, "clusters")),
        text(&get(&fixture, "clusters"))
    );
    let membership = |list: JsValue| -> Vec<f64> {
        Array::from(&list)
            .iter()
            .map(|value| value.as_f64().unwrap())
            .collect()
    };
    let ours = Array::from(&get(&report, "customers"))
        .iter()
        .map(|customer| get(&customer, "cluster"))
        .collect::<Array>();
    assert_eq!(
        membership(ours.into()),
        membership(get(&fixture, "membership"))
    );
}

#[wasm_bindgen_test]
fn cluster_options_are_checked() {
    let word = thrown_error(analyze(CSV, options(r#"{"clusters": "three"}"#)));
    assert_eq!(get(&word, "code"), "invalidOptions");
    assert!(String::from(word.message()).contains("auto or a whole number such as 4, not 'three'"));
    let one = thrown_error(analyze(CSV, options(r#"{"clusters": 1}"#)));
    assert!(String::from(one.message()).contains("auto or 2 to 20, not 1"));
    let runs = thrown_error(analyze(
        CSV,
        options(r#"{"clusters": "auto", "clusterRuns": 0}"#),
    ));
    assert!(String::from(runs.message()).contains("k-means runs must be 1 to 100, not 0"));
    let sample = thrown_error(analyze(
        CSV,
        options(r#"{"clusters": "auto", "clusterSample": 50}"#),
    ));
    assert!(String::from(sample.message()).contains("sample must be 100 to 10000 customers"));
}

#[wasm_bindgen_test]
fn numbers_json_cannot_hold_are_refused_not_read_as_not_given() {
    // `margin: Number('30%')` is NaN: read as no margin, the lifetime values would be revenue.
    let margin = Object::new();
    Reflect::set(&margin, &"margin".into(), &f64::NAN.into()).unwrap();
    let error = thrown_error(analyze(CSV, Some(margin.into())));
    assert_eq!(get(&error, "code"), "invalidOptions");
    assert_eq!(
        String::from(error.message()),
        "invalid options: margin is not a finite number"
    );
    let nested = options(r#"{"thresholds": {"frequency": [2, 3]}}"#).unwrap();
    let frequency: Array = get(&get(&nested, "thresholds"), "frequency").unchecked_into();
    frequency.set(1, f64::INFINITY.into());
    let error = thrown_error(analyze(CSV, Some(nested)));
    assert_eq!(
        String::from(error.message()),
        "invalid options: thresholds.frequency[1] is not a finite number"
    );
    // A record's optional cost would be dropped the same way.
    let records = js_sys::JSON::parse(
        r#"[{"id": "a", "lastPurchase": "2024-01-05", "frequency": 2, "monetary": 10, "cost": 0}]"#,
    )
    .unwrap();
    Reflect::set(
        &Array::from(&records).get(0),
        &"cost".into(),
        &f64::NAN.into(),
    )
    .unwrap();
    let error = thrown_error(analyze_customer_records(records, None, None).map(JsValue::from));
    assert_eq!(get(&error, "code"), "invalidRecord");
    assert_eq!(
        String::from(error.message()),
        "customers[0].cost is not a finite number"
    );
}
