//! The `custval` command-line tool end to end: exit codes, messages and report numbers checked
//! against hand-computed values and against the raw rows of the CDNOW sample.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;

use serde_json::Value;

fn custval(args: &[&str]) -> Output {
    custval_fed(args, b"", &[])
}

/// custval run with `stdin` as its standard input, and the given environment.
fn custval_fed(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = common::custval_command()
        .args(args)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the custval binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn fixture(name: &str) -> String {
    common::fixture(name).to_string_lossy().into_owned()
}

fn report(args: &[&str]) -> Value {
    let output = custval(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    serde_json::from_slice(&output.stdout).expect("the report is JSON")
}

/// (id, firstPurchase, lastPurchase, recencyDays, frequency, monetary) of every customer.
fn customer_rows(report: &Value) -> Vec<(String, String, String, i64, i64, f64)> {
    report["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["firstPurchase"].as_str().unwrap().to_string(),
                c["lastPurchase"].as_str().unwrap().to_string(),
                c["recencyDays"].as_i64().unwrap(),
                c["frequency"].as_i64().unwrap(),
                c["monetary"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn row(
    id: &str,
    first: &str,
    last: &str,
    recency: i64,
    frequency: i64,
    monetary: f64,
) -> (String, String, String, i64, i64, f64) {
    (
        id.into(),
        first.into(),
        last.into(),
        recency,
        frequency,
        monetary,
    )
}

#[test]
fn hand_computed_fixture_as_of_a_date() {
    let report = report(&[
        "analyze",
        &fixture("hand-computed.csv"),
        "--as-of",
        "2024-03-01",
    ]);
    assert_eq!(
        customer_rows(&report),
        [
            // 100 + 50 on 01-10 are one occasion; the return on 02-15 subtracts 30 and is not an
            // occasion, so the last purchase is 02-01, 29 days before 03-01 in a leap year.
            row("A", "2024-01-10", "2024-02-01", 29, 2, 200.0),
            // 11 days left in January, 29 in February, 1 into March. The 03-05 row is after asOf.
            row("B", "2024-01-20", "2024-01-20", 41, 1, 25.5),
            row("C", "2024-02-28", "2024-02-29", 1, 2, 22.25),
        ]
    );
    let input = &report["input"];
    assert_eq!(report["asOf"], "2024-03-01");
    assert_eq!(input["rowsRead"], 10);
    assert_eq!(input["rowsUsed"], 7);
    assert_eq!(input["rowsAfterAsOf"], 1, "B's purchase on 2024-03-05");
    assert_eq!(input["rowsSkipped"], 2);
    assert_eq!(input["customers"], 3);
    assert_eq!(input["netRevenue"], 247.75);
    assert_eq!(
        (input["firstDate"].as_str(), input["lastDate"].as_str()),
        (Some("2024-01-10"), Some("2024-02-29"))
    );
    let skipped: Vec<(&str, u64, &str)> = input["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let example = &g["examples"][0];
            (
                g["reason"].as_str().unwrap(),
                example["line"].as_u64().unwrap(),
                example["message"]["en"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("missingCustomer", 10, "line 10: the customer id is empty"),
            (
                "invalidDate",
                11,
                "line 11: date '2024-02-31' is not a valid date (the column is read as YYYY-MM-DD)"
            ),
        ]
    );
}

#[test]
fn default_as_of_is_the_latest_transaction_date() {
    let report = report(&["analyze", &fixture("hand-computed.csv")]);
    assert_eq!(report["asOf"], "2024-03-05");
    assert_eq!(
        customer_rows(&report),
        [
            row("A", "2024-01-10", "2024-02-01", 33, 2, 200.0),
            row("B", "2024-01-20", "2024-03-05", 0, 2, 65.5),
            row("C", "2024-02-28", "2024-02-29", 5, 2, 22.25),
        ]
    );
    assert_eq!(report["input"]["rowsAfterAsOf"], 0);
}

#[test]
fn output_option_writes_the_same_report_to_a_file() {
    let path = std::env::temp_dir().join(format!("custval-cli-{}.json", std::process::id()));
    let output = custval(&[
        "analyze",
        &fixture("hand-computed.csv"),
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    // Not to a terminal, so on one line.
    assert_eq!(written.lines().count(), 1);
    let written: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(written, report(&["analyze", &fixture("hand-computed.csv")]));
}

/// tests/fixtures/attribute-costs.csv's breakdown, worked by hand in tests/fixtures/README.md:
/// North brings 750 of 920 with a gross profit of 510.
#[test]
fn attributes_csv_option_writes_the_breakdown() {
    let path =
        std::env::temp_dir().join(format!("custval-cli-{}-attributes.csv", std::process::id()));
    let output = custval(&[
        "analyze",
        &fixture("attribute-costs.csv"),
        "--summary-only",
        "--output",
        "/dev/null",
        "--attributes-csv",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let north = written.lines().nth(1).unwrap();
    assert!(
        north.starts_with("region,Region,North,false,3,4,750,0.815217391304348,510,0.68,4"),
        "{north}"
    );
    assert_eq!(written.lines().count(), 6);
}

#[test]
fn pretty_option_indents_the_same_report() {
    let file = fixture("hand-computed.csv");
    let output = custval(&["analyze", &file, "--pretty"]);
    assert_eq!(output.status.code(), Some(0));
    let pretty = String::from_utf8(output.stdout).unwrap();
    assert!(
        pretty.starts_with("{\n  \"schemaVersion\": "),
        "{pretty:.40}"
    );
    let compact = custval(&["analyze", &file]).stdout;
    assert_eq!(compact.iter().filter(|&&byte| byte == b'\n').count(), 1);
    let compact: Value = serde_json::from_slice(&compact).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&pretty).unwrap(), compact);
}

/// Whether `part` is `whole` with one run of bytes taken out, the rest as it was.
fn is_one_run_short_of(part: &[u8], whole: &[u8]) -> bool {
    let before = part.iter().zip(whole).take_while(|(a, b)| a == b).count();
    let after = (part.iter().rev().zip(whole.iter().rev()))
        .take_while(|(a, b)| a == b)
        .count();
    part.len() < whole.len() && before + after >= part.len()
}

/// The report `json` parsed, with its `customers` member (which it must have) deleted.
fn without_customers(json: &[u8]) -> Value {
    let mut report: Value = serde_json::from_slice(json).unwrap();
    report.as_object_mut().unwrap().remove("customers").unwrap();
    report
}

/// `--summary-only` writes the whole report's JSON without its `customers` member: the whole
/// report's text with one run taken out, which parsed is the whole report with that key
/// deleted; compact and indented, with clusters, with a survey file and with one alone. Beside
/// it, `--customers-csv` still has every customer.
#[test]
fn summary_only_is_the_whole_report_without_its_customers() {
    let transactions = fixture("joined-transactions.csv");
    let surveys = fixture("joined-surveys.csv");
    let runs: [&[&str]; 5] = [
        &["analyze", &transactions],
        &["analyze", &transactions, "--pretty"],
        &["analyze", &transactions, "--clusters", "2"],
        &["analyze", &transactions, "--surveys", &surveys, "--pretty"],
        &["analyze", "--surveys", &surveys],
    ];
    for args in runs {
        let whole = custval(args);
        assert_eq!(whole.status.code(), Some(0), "{args:?}");
        let summary = custval(&[args, &["--summary-only"]].concat());
        assert_eq!(summary.status.code(), Some(0), "{args:?}");
        assert!(
            is_one_run_short_of(&summary.stdout, &whole.stdout),
            "{args:?}"
        );
        let summary: Value = serde_json::from_slice(&summary.stdout).unwrap();
        assert_eq!(summary, without_customers(&whole.stdout), "{args:?}");
    }

    let csv_path = |name: &str| {
        let path = std::env::temp_dir().join(format!("custval-{name}-{}.csv", std::process::id()));
        path.to_string_lossy().into_owned()
    };
    let (from_whole, from_summary) = (csv_path("whole-customers"), csv_path("summary-customers"));
    let whole = custval(&["analyze", &transactions, "--customers-csv", &from_whole]);
    let summary = custval(&[
        "analyze",
        &transactions,
        "--customers-csv",
        &from_summary,
        "--summary-only",
    ]);
    let csv = [&from_whole, &from_summary].map(|path| std::fs::read_to_string(path).unwrap());
    for path in [&from_whole, &from_summary] {
        std::fs::remove_file(path).unwrap();
    }
    assert_eq!(summary.status.code(), Some(0));
    let customers = report(&["analyze", &transactions])["customers"]
        .as_array()
        .unwrap()
        .len();
    // A header and a line per customer.
    assert_eq!(csv[1].lines().count(), 1 + customers);
    assert_eq!(csv[1], csv[0]);
    assert_eq!(
        serde_json::from_slice::<Value>(&summary.stdout).unwrap(),
        without_customers(&whole.stdout)
    );
}

#[test]
fn rows_skipped_or_read_otherwise_and_limitations_are_noted_on_standard_error() {
    let stderr = |args: &[&str]| {
        let output = custval(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    // stray-quotes.csv: lines 9–10 joined and too short; two rows over two lines each.
    let stray = fixture("nasty/stray-quotes.csv");
    assert_eq!(
        stderr(&["analyze", &stray, "-o", "/dev/null"]),
        "custval: note: 1 of 6 rows skipped (tooFewFields 1); each is listed with its line in input.skipped\n\
         custval: note: 2 rows read otherwise than written (spansLines 2); see input.altered\n"
    );
    assert_eq!(
        stderr(&["analyze", &stray, "-o", "/dev/null", "--quiet"]),
        ""
    );
    // A clean file has none; one row read otherwise is one row; a survey file's are named as
    // the survey file's.
    let transactions = fixture("joined-transactions.csv");
    assert_eq!(stderr(&["analyze", &transactions, "-o", "/dev/null"]), "");
    let temporary = |name: &str, text: &str| {
        let path = std::env::temp_dir().join(format!("custval-{name}-{}.csv", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    };
    let refunds = temporary(
        "refunds",
        "customer,date,amount,refund_amount\na,2024-01-01,10,2\nb,2024-02-01,5,\n",
    );
    assert_eq!(
        stderr(&["analyze", refunds.to_str().unwrap(), "-o", "/dev/null"]),
        "custval: note: 1 row read otherwise than written (partlyRefunded 1); see input.altered\n"
    );
    std::fs::remove_file(&refunds).unwrap();
    let surveys = temporary("surveys", "customer,nps\na,9\nb,\nc,7\nc,7\n");
    let noted = |drop: &[&str]| {
        let path = surveys.to_str().unwrap();
        let args = [
            "analyze",
            &transactions,
            "--surveys",
            path,
            "-o",
            "/dev/null",
        ];
        stderr(&[&args[..], drop].concat())
    };
    assert_eq!(
        noted(&[]),
        "custval: note: survey file: 1 of 4 rows skipped (noAnswer 1); each is listed with its line in satisfaction.input.skipped\n\
         custval: note: survey file: 1 row repeats an earlier row exactly, kept (--drop-duplicates skips them); see satisfaction.input.duplicates\n"
    );
    assert_eq!(
        noted(&["--drop-duplicates"]),
        "custval: note: survey file: 2 of 4 rows skipped (noAnswer 1, duplicateResponse 1); each is listed with its line in satisfaction.input.skipped\n"
    );
    std::fs::remove_file(&surveys).unwrap();
}

/// Runs the CLI expecting `code`, and returns its standard error.
fn failure(args: &[&str], code: i32) -> String {
    let output = custval(args);
    assert_eq!(output.status.code(), Some(code), "{args:?}");
    assert!(output.stdout.is_empty(), "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn bad_input_exits_1_with_one_line() {
    let missing = failure(&["analyze", "no/such/file.csv"], 1);
    assert!(
        missing.starts_with("custval: cannot read no/such/file.csv:"),
        "{missing}"
    );

    let no_customer = failure(&["analyze", &fixture("no-customer-column.csv")], 1);
    assert!(
        no_customer.contains("no customer id column found among the headers [when, how much]"),
        "{no_customer}"
    );

    let binary = std::env::temp_dir().join(format!("custval-binary-{}.xlsx", std::process::id()));
    std::fs::write(&binary, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00").unwrap();
    let not_csv = failure(&["analyze", binary.to_str().unwrap()], 1);
    std::fs::remove_file(&binary).unwrap();
    assert!(not_csv.contains("not a CSV text file"), "{not_csv}");

    for message in [missing, no_customer, not_csv] {
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}

#[test]
fn bad_usage_exits_2() {
    let bad_date = failure(
        &[
            "analyze",
            &fixture("hand-computed.csv"),
            "--as-of",
            "2024-02-30",
        ],
        2,
    );
    assert!(
        bad_date.contains("'2024-02-30' is not a valid date in the form YYYY-MM-DD"),
        "{bad_date}"
    );
    failure(
        &["analyze", &fixture("hand-computed.csv"), "--no-such-option"],
        2,
    );
    failure(&["analyze"], 2);
    failure(&[], 2);
    let salt = failure(
        &[
            "analyze",
            &fixture("hand-computed.csv"),
            "--id-salt",
            "abc",
            "--call-list-csv",
            "/dev/null",
        ],
        2,
    );
    assert!(salt.contains("the id salt has 3 characters"), "{salt}");
    // The salt and the group size change only the CSV files: without one to change, a run
    // would look safe to share while the report, all it writes, keeps every id.
    for (option, value, needed) in [
        (
            "--id-salt",
            "s3cret-salt",
            "<--customers-csv <FILE>|--call-list-csv <FILE>>",
        ),
        ("--min-group-size", "10", "--aggregates-csv <FILE>"),
    ] {
        let args = [
            "analyze",
            &fixture("hand-computed.csv"),
            option,
            value,
            "--segments-csv",
            "/dev/null",
        ];
        let message = failure(&args, 2);
        assert!(message.contains(needed), "{message}");
    }
    // The clustering options without --clusters would be ignored: they ask for it.
    for option in [
        ["--cluster-sample", "50"],
        ["--cluster-runs", "3"],
        ["--cluster-seed", "7"],
        ["--cluster-feature", "tenureDays"],
    ] {
        let args = [
            "analyze",
            &fixture("hand-computed.csv"),
            option[0],
            option[1],
        ];
        let message = failure(&args, 2);
        assert!(message.contains("--clusters <K|auto>"), "{message}");
    }
}

/// The command has to change, not the file: a usage error, as `--help` says (an option's value
/// the analysis cannot use, also with this input).
#[test]
fn options_the_input_cannot_be_analysed_with_exit_2() {
    let file = fixture("hand-computed.csv");
    let temporary = |name: &str, text: &str| {
        let path = std::env::temp_dir().join(format!("custval-{name}-{}.csv", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    // More rows than the header is looked for in, so that a header row without the column
    // named is reported as the likeliest header.
    let mut long = String::from("customer_id,order_date,amount\n");
    for day in 1..=40 {
        long.push_str(&format!("c{day},2024-01-{:02},10\n", day % 28 + 1));
    }
    let long = temporary("long", &long);
    let customers = temporary(
        "early-customers",
        "customer_id,last_purchase,frequency,monetary,first_purchase\n\
         a,2024-02-01,2,30,2024-01-05\nb,2024-03-01,1,10,\n",
    );
    let recency = fixture("customer-level/recency.csv");
    let cases: [(&[&str], &str); 7] = [
        // Recency in days, with no date to count them to: the option missing is named.
        (
            &[&recency],
            "recency.csv: the customers' recency is given in days, not as a date: give the analysis date the days were counted to with --as-of",
        ),
        (
            &[&file, "--as-of", "2023-12-31"],
            "the analysis date 2023-12-31 is before the data's first date (2024-01-10); choose a later date",
        ),
        // In a customer file, the first of every first and last purchase date.
        (
            &[&customers, "--as-of", "2024-01-04"],
            "the analysis date 2024-01-04 is before the data's first date (2024-01-05)",
        ),
        (
            &[&file, "--column", "customer=99"],
            "column 99 is not in the file; its headers are [customer_id, order_date, amount]",
        ),
        (
            &[&file, "--column", "customer=buyer"],
            "'buyer' is not in the file; its headers are [customer_id, order_date, amount]",
        ),
        (
            &[&long, "--column", "customer=99"],
            "column 99 is not in the file; its headers are [customer_id, order_date, amount]. The header row is looked for",
        ),
        (
            &[&file, "--column", "date=amount"],
            "the column 'amount' is taken for both the date and the amount",
        ),
    ];
    let errors: Vec<String> = cases
        .iter()
        .map(|(args, _)| failure(&[&["analyze"], *args].concat(), 2))
        .collect();
    std::fs::remove_file(&long).unwrap();
    std::fs::remove_file(&customers).unwrap();
    for ((args, message), error) in cases.iter().zip(errors) {
        assert!(error.contains(message), "{args:?}: {error}");
        assert_eq!(error.lines().count(), 1, "{error}");
    }
    // Still 1 where it is the file: an analysis date after the first purchase of a customer
    // file whose every last purchase is later leaves no row to use.
    let later = temporary(
        "later-customers",
        "customer_id,last_purchase,frequency,monetary,first_purchase\na,2024-03-05,2,30,2023-01-01\n",
    );
    let none = failure(&["analyze", &later, "--as-of", "2024-01-01"], 1);
    std::fs::remove_file(&later).unwrap();
    assert!(
        none.contains("none of the 1 data rows could be used"),
        "{none}"
    );
}

#[test]
fn the_survey_file_is_read_with_its_own_options() {
    let path = std::env::temp_dir().join(format!("custval-form-{}.csv", std::process::id()));
    std::fs::write(
        &path,
        "Timestamp|nps\n3/4/2024 10:00:00|9\n3/8/2024 11:30:00|6\n",
    )
    .unwrap();
    let surveys = path.to_str().unwrap();
    let args = [
        "analyze",
        "--surveys",
        surveys,
        "--survey-date-format",
        "M/D/YYYY",
        "--survey-delimiter",
        "pipe",
        "--survey-encoding",
        "utf-8",
    ];
    let report = report(&args);
    let bad = failure(
        &[
            "analyze",
            "--surveys",
            surveys,
            "--survey-encoding",
            "klingon",
        ],
        2,
    );
    std::fs::remove_file(&path).unwrap();
    let input = &report["satisfaction"]["input"];
    assert_eq!(input["dateFormat"]["source"], "option");
    assert_eq!(
        (&input["firstDate"], &input["lastDate"]),
        (&"2024-03-04".into(), &"2024-03-08".into())
    );
    assert_eq!(input["delimiter"], "|");
    // Named as the option it is: the transactions file has an encoding of its own.
    assert!(
        bad.contains("invalid options: --survey-encoding: unknown encoding 'klingon'"),
        "{bad}"
    );
}

#[test]
fn help_documents_every_option() {
    let output = custval(&["analyze", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    for option in [
        "[FILE]",
        "--as-of <YYYY-MM-DD>",
        "--output <FILE>",
        "--pretty",
        "--surveys <FILE>",
        "--nps-scale <MIN-MAX>",
        "--missing-code <CODE,...>",
        "--survey-date-format <FORMAT>",
        "Exit status",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
}

#[test]
fn cdnow_sample_against_its_raw_rows() {
    let rows = common::cdnow_rows();
    let path = std::env::temp_dir().join(format!("custval-cdnow-{}.csv", std::process::id()));
    std::fs::write(&path, common::cdnow_csv()).unwrap();
    let report = report(&["analyze", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();

    assert_eq!(rows.len(), 6_919);
    assert_eq!(report["asOf"], "1998-06-30");
    assert_eq!(report["input"]["rowsRead"], 6_919);
    assert_eq!(report["input"]["rowsUsed"], 6_919);
    assert_eq!(report["input"]["customers"], 2_357);
    let customers = customer_rows(&report);
    assert_eq!(customers.len(), 2_357);

    // Read off the raw file by hand: (id, first, last, recency to 1998-06-30, days, dollars).
    let by_id: BTreeMap<&str, _> = customers.iter().map(|c| (c.0.as_str(), c)).collect();
    for expected in [
        row("0001", "1997-01-01", "1997-12-12", 200, 4, 100.50),
        row("0002", "1997-01-01", "1997-01-13", 533, 2, 75.11),
        row("1000", "1997-02-07", "1998-05-09", 52, 8, 156.96),
        row("2357", "1997-03-25", "1997-03-25", 462, 1, 25.74),
    ] {
        assert_eq!(*by_id[expected.0.as_str()], expected);
    }

    // Every customer: distinct purchase days and summed dollars straight from the raw rows.
    let mut days: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut dollars: BTreeMap<&str, f64> = BTreeMap::new();
    for fields in &rows {
        days.entry(&fields[1]).or_default().insert(&fields[2]);
        *dollars.entry(&fields[1]).or_default() += fields[4].parse::<f64>().unwrap();
    }
    assert_eq!(days.len(), customers.len());
    for (id, _, last, _, frequency, monetary) in &customers {
        assert_eq!(
            *frequency as usize,
            days[id.as_str()].len(),
            "customer {id}"
        );
        assert_eq!(
            last.replace('-', ""),
            *days[id.as_str()].last().unwrap(),
            "customer {id}"
        );
        assert!(
            (monetary - dollars[id.as_str()]).abs() < 1e-6,
            "customer {id}"
        );
    }
}

#[test]
fn rfm_options_reach_the_analysis() {
    let file = fixture("hand-computed.csv");
    let thresholds = report(&[
        "analyze",
        &file,
        "--as-of",
        "2024-03-01",
        "--frequency-thresholds",
        "2,3,5,10",
    ]);
    let f_scores: Vec<i64> = thresholds["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["fScore"].as_i64().unwrap())
        .collect();
    // Frequencies 2, 1, 2 against cuts 2, 3, 5, 10.
    assert_eq!(f_scores, [2, 1, 2]);
    assert_eq!(thresholds["rfm"]["scores"]["frequency"]["method"], "custom");

    let three = report(&[
        "analyze",
        &file,
        "--score-levels",
        "3",
        "--compare-as-of",
        "2024-02-01",
    ]);
    assert_eq!(three["rfm"]["levels"], 3);
    assert!(three["customers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["rScore"].as_i64().unwrap() <= 3));
    assert_eq!(three["migration"]["from"], "2024-02-01");

    // An option's value out of range is a usage error, not the file's.
    let levels = failure(&["analyze", &file, "--score-levels", "7"], 2);
    assert_eq!(
        levels,
        "custval: invalid options: --score-levels: score levels must be 3, 4 or 5, not 7\n"
    );
    let shares = failure(&["analyze", &file, "--tier-shares", "0.9,0.8"], 2);
    assert!(shares.contains("tier shares must satisfy"), "{shares}");
}

#[test]
fn segment_rules_file_is_linted_before_analysis() {
    let rules = std::env::temp_dir().join(format!("custval-rules-{}.json", std::process::id()));
    let write = |json: &str| std::fs::write(&rules, json).unwrap();
    let file = fixture("hand-computed.csv");
    let args = ["analyze", &file, "--segment-rules", rules.to_str().unwrap()];

    write(
        r#"[{"key": "recent", "name": {"en": "Recent", "zh-CN": "近期"}, "recency": {"min": 4, "max": 5}}]"#,
    );
    let holes = failure(&args, 2);
    assert!(
        holes.contains("no rule covers the score cells (R F M) 35*"),
        "{holes}"
    );

    write(
        r#"[{"key": "recent", "name": {"en": "Recent", "zh-CN": "近期"}, "recency": {"min": 4, "max": 5}},
              {"key": "others", "name": {"en": "Others", "zh-CN": "其他"}}]"#,
    );
    let custom = report(&args);
    assert_eq!(custom["rfm"]["rules"]["source"], "custom");
    for customer in custom["customers"].as_array().unwrap() {
        let recent = customer["rScore"].as_i64().unwrap() >= 4;
        assert_eq!(
            customer["segment"],
            if recent { "recent" } else { "others" }
        );
    }

    write(r#"[{"key": "x", "name": {"en": "X"}}]"#);
    let malformed = failure(&args, 2);
    assert!(malformed.contains("missing field `zh-CN`"), "{malformed}");
    std::fs::remove_file(&rules).unwrap();
}

#[test]
fn reading_options_for_a_headerless_whitespace_file() {
    let raw = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/cdnow/CDNOW_sample.txt");
    let raw = raw.to_str().unwrap();
    let positions = [
        "--column",
        "customer=2",
        "--column",
        "date=3",
        "--column",
        "amount=5",
    ];
    let mut args = vec!["analyze", raw, "--no-header", "--delimiter", "whitespace"];
    args.extend(positions);
    let report = report(&args);
    assert_eq!(report["input"]["customers"], 2_357);
    assert_eq!(report["input"]["delimiter"], "whitespace");
    assert_eq!(report["input"]["header"], false);

    let without_positions = failure(&["analyze", raw, "--no-header"], 1);
    assert!(
        without_positions.contains("give the position of the customer id column"),
        "{without_positions}"
    );
    let bad_role = failure(&["analyze", raw, "--column", "buyer=1"], 2);
    assert!(
        bad_role.contains("unknown column role 'buyer'"),
        "{bad_role}"
    );
    failure(&["analyze", raw, "--column", "customer"], 2);
    failure(&["analyze", raw, "--date-format", "DD.MM.YY"], 2);
}

fn corp_rep_data() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/surveys/corp_rep_data.csv")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn surveys_alone_need_no_transactions_file() {
    let report = report(&[
        "analyze",
        "--surveys",
        &corp_rep_data(),
        "--csat-column",
        "cusa",
        "--csat-scale",
        "1-7",
        "--missing-code",
        "-99",
        "--group-column",
        "servicetype,serviceprovider",
    ]);
    assert_eq!(report["customers"], serde_json::json!([]));
    for key in ["asOf", "input", "rfm", "tiers", "pareto", "migration"] {
        assert!(report[key].is_null(), "{key}");
    }
    let satisfaction = &report["satisfaction"];
    let csat = &satisfaction["csat"];
    assert_eq!(csat["column"], "cusa");
    assert_eq!(csat["scale"], serde_json::json!({"min": 1, "max": 7}));
    assert_eq!(
        csat["boxes"]["satisfied"],
        serde_json::json!({"min": 6, "max": 7})
    );
    // 178 of the 343 answers are 6 or 7 (tests/peers/corp_rep_cusa.py); one -99 is missing.
    assert_eq!(
        (csat["n"].as_u64(), csat["satisfied"].as_u64()),
        (Some(343), Some(178))
    );
    assert_eq!(csat["missing"], 1);
    assert!(csat["formula"]["en"]
        .as_str()
        .unwrap()
        .contains("on the 1–7 scale"));
    assert!(satisfaction["nps"].is_null() && satisfaction["ces"].is_null());
    let dimensions: Vec<&str> = satisfaction["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["dimension"].as_str().unwrap())
        .collect();
    assert_eq!(dimensions, ["servicetype", "serviceprovider"]);
    assert_eq!(satisfaction["input"]["rowsRead"], 344);
}

#[test]
fn without_the_missing_code_minus_99_is_invalid_not_zero() {
    let report = report(&[
        "analyze",
        "--surveys",
        &corp_rep_data(),
        "--csat-column",
        "cusa",
        "--csat-scale",
        "1-7",
    ]);
    let satisfaction = &report["satisfaction"];
    assert_eq!(satisfaction["csat"]["invalid"], 1);
    assert_eq!(satisfaction["csat"]["n"], 343);
    let invalid = &satisfaction["input"]["invalidAnswers"][0];
    assert_eq!(invalid["reason"], "invalidAnswer");
    assert!(invalid["examples"][0]["message"]["en"]
        .as_str()
        .unwrap()
        .ends_with("CSAT '-99' is not a whole number on the scale 1–7"));
}

#[test]
fn surveys_join_the_transactions_customers() {
    let report = report(&[
        "analyze",
        &fixture("joined-transactions.csv"),
        "--surveys",
        &fixture("joined-surveys.csv"),
        "--as-of",
        "2024-06-30",
        "--recency-thresholds",
        "30,60,90,180",
        "--frequency-thresholds",
        "2,3,4,5",
        "--min-group-answers",
        "2",
        "--survey-period",
        "quarter",
    ]);
    let satisfaction = &report["satisfaction"];
    // 9 answers: 10, 10, 10, 9 are promoters, 8 and 7 passives, 6, 3, 0 detractors.
    let nps = &satisfaction["nps"];
    assert_eq!(
        (nps["promoters"].as_u64(), nps["detractors"].as_u64()),
        (Some(4), Some(3))
    );
    assert!((nps["score"].as_f64().unwrap() - 100.0 / 9.0).abs() < 1e-9);
    let periods: Vec<&str> = satisfaction["trend"]["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2024-Q1", "2024-Q2"]);
    assert_eq!(satisfaction["value"]["rescueFirst"][0]["id"], "A");
    assert_eq!(
        report["customers"][0]["satisfaction"]["npsGroup"],
        "detractor"
    );
}

#[test]
fn survey_problems_name_the_survey_file() {
    let empty =
        std::env::temp_dir().join(format!("custval-empty-survey-{}.csv", std::process::id()));
    std::fs::write(&empty, "nps,csat\n").unwrap();
    let path = empty.to_str().unwrap();
    let message = failure(&["analyze", "--surveys", path], 1);
    assert_eq!(
        message,
        format!("custval: {path}: the survey file has no data rows; choose a CSV file with a header row and one row per survey response\n")
    );
    std::fs::write(&empty, "nps\n5\n").unwrap();
    let scale = failure(&["analyze", "--surveys", path, "--nps-scale", "1-3"], 2);
    assert!(
        scale.contains(
            "invalid options: --nps-scale: the NPS scale 1–3 needs at least 4 answer values"
        ),
        "{scale}"
    );
    // An option for transactions only is refused without them, whatever its value.
    let levels = failure(&["analyze", "--surveys", path, "--score-levels", "7"], 2);
    assert!(
        levels.contains("--score-levels has no effect without a transactions file"),
        "{levels}"
    );
    let column = failure(
        &["analyze", "--surveys", path, "--ces-column", "effort score"],
        2,
    );
    assert!(
        column.contains(
            "the column 'effort score' given by --ces-column (cesColumn in JS) is not among the headers [nps]"
        ),
        "{column}"
    );
    let group = failure(&["analyze", "--surveys", path, "--group-column", "city"], 2);
    assert!(
        group.contains("the column 'city' given by --group-column (groupColumns in JS)"),
        "{group}"
    );
    std::fs::remove_file(&empty).unwrap();
    // Neither file is a usage error.
    failure(&["analyze", "--nps-scale", "1-10"], 2);
    failure(&["analyze", "--surveys", "x.csv", "--nps-scale", "ten"], 2);
}

#[test]
fn clusters_option_reaches_the_analysis() {
    let cdnow = "../shared/data/cdnow/CDNOW_sample.txt";
    let columns = [
        "--no-header",
        "--column",
        "customer=2",
        "--column",
        "date=3",
    ];
    let mut args = vec![
        "analyze",
        cdnow,
        "--column",
        "amount=5",
        "--as-of",
        "1998-06-30",
    ];
    args.extend(columns);
    args.extend(["--clusters", "4"]);
    let clustered = report(&args);
    let clusters = &clustered["clusters"];
    assert_eq!(
        (clusters["k"].as_u64(), clusters["chosenBy"].as_str()),
        (Some(4), Some("user"))
    );
    // scikit-learn's best of 10 on the same features (tests/peers/cdnow_kmeans.py).
    let peer = std::fs::read_to_string(common::fixture("peers/cdnow_kmeans.csv")).unwrap();
    let theirs: f64 = peer
        .lines()
        .find_map(|line| line.strip_prefix("4,"))
        .and_then(|sse| sse.parse().ok())
        .unwrap();
    let ours = clusters["sse"].as_f64().unwrap();
    assert!((ours - theirs).abs() <= 0.02 * theirs, "{ours} vs {theirs}");
    for customer in clustered["customers"].as_array().unwrap() {
        let index = customer["cluster"].as_u64().unwrap() as usize;
        assert_eq!(customer["clusterName"], clusters["clusters"][index]["name"]);
    }

    let one = failure(
        &["analyze", &fixture("hand-computed.csv"), "--clusters", "1"],
        2,
    );
    assert!(
        one.contains("the number of clusters must be auto or 2 to 20, not 1"),
        "{one}"
    );
    failure(
        &[
            "analyze",
            &fixture("hand-computed.csv"),
            "--clusters",
            "four",
        ],
        2,
    );
    let hand = fixture("hand-computed.csv");
    let small = failure(
        &[
            "analyze",
            &hand,
            "--clusters",
            "auto",
            "--cluster-sample",
            "50",
        ],
        2,
    );
    assert!(
        small.contains("the clustering sample must be 100 to 10000 customers, not 50"),
        "{small}"
    );
    let twice = failure(
        &[
            "analyze",
            &hand,
            "--clusters",
            "2",
            "--cluster-feature",
            "tenureDays",
            "--cluster-feature",
            "tenureDays",
        ],
        2,
    );
    assert_eq!(
        twice,
        "custval: invalid options: --cluster-feature: the extra clustering feature tenureDays is given twice: give each once\n"
    );
    let plain = report(&["analyze", &fixture("hand-computed.csv")]);
    assert!(plain["clusters"].is_null() && plain["customers"][0]["cluster"].is_null());
}

#[test]
fn clv_options_reach_the_analysis() {
    let path = std::env::temp_dir().join(format!("custval-clv-{}.csv", std::process::id()));
    std::fs::write(&path, common::cdnow_csv()).unwrap();
    let file = path.to_str().unwrap();
    let days = report(&["analyze", file, "--as-of", "1997-09-30"]);
    let weeks = report(&[
        "analyze",
        file,
        "--as-of",
        "1997-09-30",
        "--time-unit",
        "week",
        "--margin",
        "0.5",
    ]);
    let longer = report(&[
        "analyze",
        file,
        "--as-of",
        "1997-09-30",
        "--horizon-months",
        "24",
    ]);
    let failures = [
        failure(&["analyze", file, "--horizon-months", "0"], 2),
        failure(&["analyze", file, "--discount-rate", "1.5"], 2),
        failure(&["analyze", file, "--time-unit", "month"], 2),
        failure(&["analyze", file, "--discount-rate", "1e308"], 2),
    ];
    std::fs::remove_file(&path).unwrap();

    assert_eq!(days["clv"]["timeUnit"], "day");
    assert_eq!(weeks["clv"]["timeUnit"], "week");
    assert_eq!(weeks["clv"]["margin"], 0.5);
    // Time is only rescaled: the same r, a and b, and α in weeks is α in days / 7.
    let (d, w) = (&days["clv"]["bgnbd"], &weeks["clv"]["bgnbd"]);
    for key in ["r", "a", "b"] {
        let (d, w) = (d[key].as_f64().unwrap(), w[key].as_f64().unwrap());
        assert!((d / w - 1.0).abs() < 1e-4, "{key}: {d} vs {w}");
    }
    let (d_alpha, w_alpha) = (d["alpha"].as_f64().unwrap(), w["alpha"].as_f64().unwrap());
    assert!((d_alpha / 7.0 / w_alpha - 1.0).abs() < 1e-4);
    // A 50 % margin halves the lifetime value; a longer horizon adds to it.
    let total = |report: &Value| report["clv"]["totalClv"].as_f64().unwrap();
    assert!((total(&weeks) / total(&days) - 0.5).abs() < 1e-3);
    assert!(total(&longer) > total(&days));
    assert!(failures[0].contains("the CLV horizon must be 1 to 1200 months, not 0"));
    // Echoed as 1e308, not as the 309 digits `{}` writes.
    assert_eq!(
        failures[3],
        "custval: invalid options: --discount-rate: the monthly discount rate must be at least 0 and below 1 (0.01 is 1% a month), not 1e308\n"
    );
    assert!(failures[1].contains("monthly discount rate"));
    assert!(failures[2].contains("is not a time unit: use day or week"));
}

#[test]
fn a_headerless_customer_file_with_the_kind_and_columns_given() {
    // ann bought 3 times for 95 in all, last on 2024-03-15; bob once for 20 on 2024-03-31.
    let path = std::env::temp_dir().join(format!("custval-customers-{}.tsv", std::process::id()));
    std::fs::write(&path, "95\tann\t3\t2024-03-15\n20\tbob\t1\t2024-03-31\n").unwrap();
    let file = path.to_str().unwrap();
    let mut args = vec!["analyze", file, "--no-header", "--input-kind", "customers"];
    for column in ["monetary=1", "customer=2", "frequency=3", "last-purchase=4"] {
        args.extend(["--column", column]);
    }
    let report = report(&args);
    let usage = failure(&["analyze", file, "--input-kind", "persons"], 2);
    // Without the kind, a headerless file is read as transactions, which need a date column.
    let transactions = failure(&["analyze", file, "--no-header"], 1);
    std::fs::remove_file(&path).unwrap();

    assert_eq!(report["input"]["kind"], "customers");
    assert_eq!(report["input"]["columns"]["lastPurchase"], "column 4");
    assert_eq!(report["asOf"], "2024-03-31");
    let ann = &report["customers"][0];
    assert_eq!(
        (
            &ann["id"],
            &ann["recencyDays"],
            &ann["frequency"],
            &ann["monetary"]
        ),
        (
            &Value::from("ann"),
            &Value::from(16),
            &Value::from(3),
            &Value::from(95.0)
        )
    );
    assert!(report["migration"].is_null() && report["clv"].is_null());
    assert!(usage.contains("'persons' is not an input kind"), "{usage}");
    assert!(
        transactions.contains("customer id column"),
        "{transactions}"
    );
}

#[test]
fn a_customer_file_is_detected_and_exported() {
    let dir = std::env::temp_dir().join(format!("custval-customer-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("customers.csv");
    let report = report(&[
        "analyze",
        &fixture("customer-level/recency.csv"),
        "--as-of",
        "2024-12-31",
        "--customers-csv",
        csv.to_str().unwrap(),
    ]);
    let exported = std::fs::read_to_string(&csv).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(report["input"]["kind"], "customers");
    assert_eq!(report["input"]["limitations"][1]["key"], "noClv");
    // No first purchase: the export's firstPurchase cell is empty.
    let m2 = exported
        .lines()
        .find(|line| line.starts_with("m2,"))
        .unwrap();
    assert!(m2.starts_with("m2,,2024-12-01,30,1,20,"), "{m2}");
}

#[test]
fn two_outputs_naming_one_file_are_refused_before_anything_is_read_or_written() {
    let dir = std::env::temp_dir().join(format!("custval-same-output-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let refused = |args: &[&str]| {
        let output = common::custval_command()
            .current_dir(&dir)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let file = fixture("hand-computed.csv");
    // The same string; the input file does not exist, which would exit 1 once read.
    let same = refused(&[
        "analyze",
        "no-such-input.csv",
        "-o",
        "same.out",
        "--customers-csv",
        "same.out",
    ]);
    // A file yet to be made, once by its name and once through `./`.
    let dotted = refused(&[
        "analyze",
        &file,
        "--segments-csv",
        "a.csv",
        "--aggregates-csv",
        "./a.csv",
    ]);
    // An existing file and a symbolic link to it.
    std::fs::write(dir.join("report.json"), "kept").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("report.json"), dir.join("link.json")).unwrap();
    #[cfg(unix)]
    let linked = refused(&[
        "analyze",
        &file,
        "--output",
        "report.json",
        "--call-list-csv",
        "link.json",
    ]);
    // A hard link, another name of the same file.
    #[cfg(unix)]
    std::fs::hard_link(dir.join("report.json"), dir.join("hard.json")).unwrap();
    #[cfg(unix)]
    let hard = refused(&[
        "analyze",
        &file,
        "-o",
        "report.json",
        "--segments-csv",
        "hard.json",
    ]);
    // An input: the transactions or the survey file, written over, would be lost.
    std::fs::write(
        dir.join("data.csv"),
        "customer,date,amount\na,2024-01-01,5\n",
    )
    .unwrap();
    let input = refused(&["analyze", "./data.csv", "--customers-csv", "data.csv"]);
    let survey = refused(&["analyze", &file, "--surveys", "data.csv", "-o", "data.csv"]);
    // The rules and playbook files are read too, and written by hand: as precious as the data.
    let rules = refused(&[
        "analyze",
        &file,
        "--segment-rules",
        "data.csv",
        "--segments-csv",
        "data.csv",
    ]);
    let playbook = refused(&[
        "analyze",
        &file,
        "--playbook",
        "./data.csv",
        "--customers-csv",
        "data.csv",
    ]);
    let written: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    let kept = std::fs::read_to_string(dir.join("report.json")).unwrap();
    let data = std::fs::read_to_string(dir.join("data.csv")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    assert_eq!(
        same,
        "custval: --output and --customers-csv both name same.out: give each output a file of its own\n"
    );
    assert!(
        dotted.contains("--segments-csv and --aggregates-csv both name ./a.csv"),
        "{dotted}"
    );
    #[cfg(unix)]
    assert!(
        linked.contains("--output and --call-list-csv both name link.json"),
        "{linked}"
    );
    #[cfg(unix)]
    assert!(
        hard.contains("--output and --segments-csv both name hard.json"),
        "{hard}"
    );
    assert_eq!(
        input,
        "custval: --customers-csv names data.csv, which is the transactions file: writing it would destroy the data; give the output a file of its own\n"
    );
    assert!(
        survey.contains("--output names data.csv, which is --surveys"),
        "{survey}"
    );
    assert!(
        rules.contains("--segments-csv names data.csv, which is --segment-rules"),
        "{rules}"
    );
    assert!(
        playbook.contains("--customers-csv names data.csv, which is --playbook"),
        "{playbook}"
    );
    // Nothing was written: no same.out or a.csv, and the existing files are as they were.
    let existing = ["report.json", "link.json", "hard.json", "data.csv"];
    assert!(
        written.iter().all(|name| existing.contains(&name.as_str())),
        "{written:?}"
    );
    assert_eq!(kept, "kept");
    assert_eq!(data, "customer,date,amount\na,2024-01-01,5\n");
}

#[test]
fn a_run_that_fails_leaves_no_output_behind() {
    let dir = std::env::temp_dir().join(format!("custval-failed-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("customers.csv"), "kept").unwrap();
    let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let file = fixture("hand-computed.csv");
    let outputs = |report: &str| {
        let (customers, segments) = (at("customers.csv"), at("segments.csv"));
        let report = report.to_string();
        [
            "-o",
            &report,
            "--customers-csv",
            &customers,
            "--segments-csv",
            &segments,
        ]
        .map(str::to_string)
    };
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    let mut failures = vec![
        // The report's directory does not exist: refused before the analysis.
        (file.clone(), at("no-such-directory/report.json")),
        // The input cannot be analysed.
        (fixture("no-customer-column.csv"), at("report.json")),
    ];
    // The report cannot be written once the CSV files are.
    if std::path::Path::new("/dev/full").exists() {
        failures.push((file.clone(), "/dev/full".to_string()));
    }
    for (input, report) in failures {
        let mut args = vec!["analyze".to_string(), input, "--quiet".into()];
        args.extend(outputs(&report));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let error = failure(&args, 1);
        assert_eq!(listing(), ["customers.csv"], "{error}");
        let kept = std::fs::read_to_string(dir.join("customers.csv")).unwrap();
        assert_eq!(kept, "kept", "{error}");
    }
    // A run that succeeds writes every file, in place of the one there.
    let mut args = vec!["analyze".to_string(), file, "--quiet".into()];
    args.extend(outputs(&at("report.json")));
    let output = custval(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let written = listing();
    let customers = std::fs::read_to_string(dir.join("customers.csv")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(written, ["customers.csv", "report.json", "segments.csv"]);
    assert!(customers.starts_with("\u{feff}id,"), "{customers:.20}");
}

#[test]
fn negative_numbers_reach_the_options_own_checks() {
    let file = fixture("hand-computed.csv");
    // Net revenue up to 2024-03-05: A 200, B 65.5, C 22.25. Against the cuts -10, 0, 10, 100,
    // 200 is 100 or more (5) and 65.5 and 22.25 lie in 10–100 (4).
    let thresholds = report(&["analyze", &file, "--monetary-thresholds", "-10,0,10,100"]);
    let m_scores: Vec<i64> = thresholds["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["mScore"].as_i64().unwrap())
        .collect();
    assert_eq!(m_scores, [5, 4, 4]);

    for (args, message) in [
        (
            ["--margin", "-0.5"],
            "the margin must be a share of revenue above 0 and at most 1 (0.3 is 30%), not -0.5",
        ),
        (
            ["--discount-rate", "-0.5"],
            "the monthly discount rate must be at least 0 and below 1 (0.01 is 1% a month), not -0.5",
        ),
        (
            ["--recency-thresholds", "-30,-90,180,365"],
            "recency thresholds must be 4 finite numbers in ascending order",
        ),
        (["--tier-shares", "-0.1,0.9"], "tier shares must satisfy 0 < high (-0.1)"),
        (
            ["--score-levels", "-3"],
            "invalid value '-3' for '--score-levels <N>': '-3' is negative: give a whole number",
        ),
        (
            ["--min-group-size", "-3"],
            "'--min-group-size <K>': '-3' is negative: give a whole number",
        ),
        (
            ["--cluster-runs", "-5"],
            "'--cluster-runs <N>': '-5' is negative: give a whole number",
        ),
        (["--clusters", "-3"], "invalid value '-3' for '--clusters <K|auto>'"),
        (["--nps-scale", "-5-5"], "'-5-5'"),
    ] {
        let mut command = vec!["analyze", &file];
        command.extend(args);
        let error = failure(&command, 2);
        assert!(error.contains(message), "{args:?}: {error}");
        assert!(!error.contains("unexpected argument"), "{args:?}: {error}");
    }
}

#[test]
fn numbers_in_option_errors_are_written_as_given() {
    let file = fixture("hand-computed.csv");
    for (args, message) in [
        (
            ["--discount-rate", "1"],
            "custval: invalid options: --discount-rate: the monthly discount rate must be at least 0 and below 1 (0.01 is 1% a month), not 1\n",
        ),
        (
            ["--margin", "2"],
            "custval: invalid options: --margin: the margin must be a share of revenue above 0 and at most 1 (0.3 is 30%), not 2\n",
        ),
        (
            ["--tier-shares", "1,0.5"],
            "custval: invalid options: --tier-shares: tier shares must satisfy 0 < high (1) ≤ high and medium together (0.5) ≤ 1\n",
        ),
    ] {
        let mut command = vec!["analyze", &file];
        command.extend(args);
        assert_eq!(failure(&command, 2), message, "{args:?}");
    }
}

/// Writes `text` to a temporary file named after `name`, for a test to remove.
fn temporary_csv(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("custval-{name}-{}.csv", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn answers_off_the_scale_are_noted_on_standard_error() {
    // CES: 9 of 1–7 is 1 of 6 given (one blank); CSAT: 3.5 is no whole number.
    let surveys = temporary_csv(
        "off-scale",
        "id,csat,ces\n1,3.5,5\n2,4,4\n3,5,9\n4,4,3\n5,1,1\n6,2,\n7,5,5\n",
    );
    let output = custval(&["analyze", "--surveys", &surveys, "-o", "/dev/null"]);
    std::fs::remove_file(&surveys).unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "custval: note: survey file: 1 of 7 CSAT answers are not whole numbers on the 1–5 scale and left out; each is listed with its line in satisfaction.input.invalidAnswers\n\
         custval: note: survey file: 1 of 6 CES answers are not whole numbers on the 1–7 scale and left out; each is listed with its line in satisfaction.input.invalidAnswers\n"
    );
}

#[test]
fn many_answers_above_the_usual_scale_refuse_the_survey_naming_the_scale_to_give() {
    // CSAT: 7, 6, 7 and 6 are above 1–5, 4 of the 7 given, the first on line 2.
    let text = "id,csat\n1,7\n2,6\n3,5\n4,7\n5,1\n6,2\n7,6\n";
    let surveys = temporary_csv("above-scale", text);
    let refused = custval(&["analyze", "--surveys", &surveys]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(refused.stderr).unwrap(),
        format!("custval: {surveys}: survey file: 4 of the 7 answers in the CSAT column 'csat' (57%) are whole numbers above its scale, 1–5 (up to 7, the first on line 2): the question was probably asked on a 1–7 scale, and left out, the best answers would be missing from its figures. Set --csat-scale (csatScale in JS) to 1-7, or to 1-5 to leave them out\n")
    );
    // Given, either scale is read as such: 1–7 counts them, 1–5 leaves them out.
    let csat = |scale: &str| {
        let output = custval(&["analyze", "--surveys", &surveys, "--csat-scale", scale]);
        assert_eq!(output.status.code(), Some(0), "{scale}");
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let csat = &report["satisfaction"]["csat"];
        (csat["n"].as_u64(), csat["invalid"].as_u64())
    };
    assert_eq!(csat("1-7"), (Some(7), Some(0)));
    assert_eq!(csat("1-5"), (Some(3), Some(4)));
    std::fs::remove_file(&surveys).unwrap();
}

#[test]
fn a_survey_alone_is_cut_at_the_analysis_date_and_refuses_transaction_options() {
    let surveys = temporary_csv(
        "dated-survey",
        "customer_id,date,nps\nC1,2024-01-05,10\nC2,2024-01-31,9\nC3,2024-02-01,0\n",
    );
    let output = custval(&["analyze", "--surveys", &surveys, "--as-of", "2024-01-31"]);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["asOf"], "2024-01-31");
    // C3's 0 of 02-01 comes later: two promoters of two.
    let nps = &report["satisfaction"]["nps"];
    assert_eq!(
        (nps["n"].as_u64(), nps["score"].as_f64()),
        (Some(2), Some(100.0))
    );
    assert_eq!(
        report["satisfaction"]["input"]["skipped"][0]["reason"],
        "afterAsOf"
    );
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "custval: note: survey file: 1 of 3 rows skipped (afterAsOf 1); each is listed with its line in satisfaction.input.skipped\n"
    );
    // What needs transactions has no effect without them: refused, the first one given named,
    // and no CSV written empty.
    let csv = std::env::temp_dir().join(format!("custval-so-c-{}.csv", std::process::id()));
    let csv_path = csv.to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--clusters", "3", "--customers-csv", csv_path],
            "--clusters",
        ),
        (
            &["--customers-csv", csv_path, "--clusters", "3"],
            "--customers-csv",
        ),
        (&["--score-levels", "4"], "--score-levels"),
        (&["--column", "customer=1"], "--column"),
    ];
    for (options, named) in cases {
        let args = [
            &["analyze", "--surveys", &surveys, "--as-of", "2024-01-31"],
            options,
        ]
        .concat();
        let message = failure(&args, 2);
        assert!(
            message.starts_with(&format!(
                "custval: {named} has no effect without a transactions file"
            )),
            "{message}"
        );
        assert!(!csv.exists());
    }
    std::fs::remove_file(&surveys).unwrap();
}

#[test]
fn a_grouping_column_named_twice_is_a_usage_error() {
    let surveys = temporary_csv("twice", "channel,nps\nweb,9\nstore,3\n");
    let message = failure(
        &[
            "analyze",
            "--surveys",
            &surveys,
            "--group-column",
            "channel,Channel",
        ],
        2,
    );
    std::fs::remove_file(&surveys).unwrap();
    assert!(
        message.contains(
            "invalid options: --group-column: the grouping column 'Channel' is named twice"
        ),
        "{message}"
    );
}

#[test]
fn help_says_the_command_line_runs_on_this_machine() {
    let output = custval(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(
        !help.contains("browser") || help.contains("runs locally"),
        "{help}"
    );
    assert!(help.contains("sends nothing over the network"), "{help}");
    let short = custval(&["-h"]);
    let short = String::from_utf8(short.stdout).unwrap();
    assert!(!short.contains("entirely in the browser"), "{short}");
}

#[test]
fn a_dash_is_standard_input_or_output() {
    let file = fixture("hand-computed.csv");
    let data = std::fs::read(&file).unwrap();
    let from_file = custval(&["analyze", &file, "--quiet"]);
    let piped = custval_fed(&["analyze", "-", "--quiet"], &data, &[]);
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(piped.stdout, from_file.stdout);
    assert!(!from_file.stdout.is_empty());
    let to_dash = custval(&["analyze", &file, "--quiet", "-o", "-"]);
    assert_eq!(to_dash.stdout, from_file.stdout);

    // A CSV to standard output while the report goes to a file.
    let customers = temporary_csv("dash-customers", "");
    custval(&["analyze", &file, "--quiet", "--customers-csv", &customers]);
    let report = temporary_csv("dash-report", "");
    let csv = custval(&[
        "analyze",
        &file,
        "--quiet",
        "--customers-csv",
        "-",
        "-o",
        &report,
    ]);
    assert_eq!(csv.status.code(), Some(0));
    assert_eq!(csv.stdout, std::fs::read(&customers).unwrap());
    assert_eq!(std::fs::read(&report).unwrap(), from_file.stdout);

    // A survey file from standard input.
    let surveys = std::fs::read(corp_rep_data()).unwrap();
    let survey_args = |path: &str| {
        let args = [
            "analyze",
            "--surveys",
            path,
            "--csat-column",
            "cusa",
            "--csat-scale",
            "1-7",
        ];
        args.map(str::to_string)
    };
    let piped = survey_args("-");
    let piped = custval_fed(
        &piped.iter().map(String::as_str).collect::<Vec<_>>(),
        &surveys,
        &[],
    );
    let named = survey_args(&corp_rep_data());
    let named = custval(&named.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(piped.stdout, named.stdout);

    // A problem in what standard input held names it so.
    let bad = custval_fed(&["analyze", "-"], b"x\n", &[]);
    let message = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        message.starts_with("custval: standard input: no customer id column"),
        "{message}"
    );

    // Standard output takes one output, and is the report's unless --output names a file.
    for (args, told) in [
        (vec!["--customers-csv", "-"], "--output and --customers-csv"),
        (
            vec![
                "--segments-csv",
                "-",
                "--aggregates-csv",
                "-",
                "-o",
                &report,
            ],
            "--segments-csv and --aggregates-csv",
        ),
    ] {
        let mut all = vec!["analyze", &file];
        all.extend(args);
        let message = failure(&all, 2);
        assert!(
            message.contains(&format!("{told} both write to standard output")),
            "{message}"
        );
    }
    let message = failure(&["analyze", "-", "--surveys", "-"], 2);
    assert!(
        message.contains("cannot both be standard input"),
        "{message}"
    );
    for path in [customers, report] {
        std::fs::remove_file(path).unwrap();
    }
}

#[test]
fn a_reader_that_stops_early_is_no_failure() {
    let dir = std::env::temp_dir().join(format!("custval-closed-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let segments = dir.join("segments.csv");
    // Closed before custval starts: its first write to standard output finds no reader.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = common::custval_command()
        .args(["analyze", &fixture("hand-computed.csv"), "--quiet"])
        .arg("--segments-csv")
        .arg(&segments)
        .stdout(writer)
        .output()
        .unwrap();
    let written = std::fs::read_to_string(&segments);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        ),
        (Some(0), "".into())
    );
    assert!(written.unwrap().contains("at_risk"));
}

#[test]
fn a_read_only_output_is_refused_not_replaced() {
    let path = temporary_csv("read-only", "kept");
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let message = failure(
        &[
            "analyze",
            &fixture("hand-computed.csv"),
            "--segments-csv",
            &path,
        ],
        1,
    );
    let kept = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(kept, "kept");
    assert!(message.contains("the file is read-only"), "{message}");
}

#[test]
fn the_id_salt_may_come_from_the_environment() {
    let file = fixture("hand-computed.csv");
    let args = [
        "analyze",
        &file,
        "--quiet",
        "-o",
        "/dev/null",
        "--customers-csv",
        "-",
    ];
    let ids = |output: &Output| -> Vec<String> {
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap().to_string())
            .collect()
    };
    let salted = custval(&[&args[..], &["--id-salt", "s3cret-salt"]].concat());
    let from_environment = custval_fed(&args, b"", &[("CUSTVAL_ID_SALT", "s3cret-salt")]);
    let plain = custval(&args);
    // hashlib.sha256(b"s3cret-salt" + b"\x00" + b"A").hexdigest()
    let a = "4c1f16c9e03417a0971b8821796f779715cf460005dceaf761e212c6a5e299c8";
    assert_eq!(ids(&plain)[0], "A");
    assert_eq!(ids(&salted)[0], a);
    assert_eq!(ids(&from_environment), ids(&salted));
    // The option wins; a short salt from the environment is refused, naming it.
    let both = custval_fed(
        &[&args[..], &["--id-salt", "s3cret-salt"]].concat(),
        b"",
        &[("CUSTVAL_ID_SALT", "other-salt-1")],
    );
    assert_eq!(ids(&both), ids(&salted));
    let short = custval_fed(&args, b"", &[("CUSTVAL_ID_SALT", "abc")]);
    let message = String::from_utf8_lossy(&short.stderr);
    assert_eq!(short.status.code(), Some(2));
    assert!(
        message.contains("CUSTVAL_ID_SALT: the id salt has 3 characters"),
        "{message}"
    );
    // Without a file of ids to write, the variable changes nothing and is no error.
    let unused = custval_fed(
        &["analyze", &file, "--quiet"],
        b"",
        &[("CUSTVAL_ID_SALT", "abc")],
    );
    assert_eq!(unused.status.code(), Some(0));
}
