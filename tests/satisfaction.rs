//! Satisfaction (NPS, CSAT, CES) end to end through the library: hand-computed cases, the real
//! corporate reputation survey against an independent script (tests/peers/corp_rep_cusa.py,
//! Python standard library only), and a survey joined to transactions checked by hand.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use custval::{
    analyze_with_surveys, Analysis, ClusterCount, ClusterParams, CustomerRow, DateFormat,
    Delimiter, ErrorKind, GroupStatus, GroupTable, NpsGroup, Options, QuestionParams, Report,
    RfmParams, Satisfaction, SurveyParams,
};

fn surveys_only(csv: &str, surveys: SurveyParams) -> Report {
    let options = Options {
        surveys,
        ..Options::default()
    };
    analyze_with_surveys(None, csv.as_bytes(), &options).expect("the survey analyses")
}

fn satisfaction(report: &Report) -> &Satisfaction {
    report
        .satisfaction
        .as_ref()
        .expect("a satisfaction section")
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a number");
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

/// (answers, promoters, passives, detractors, score, margin of error).
type NpsCase = (&'static str, u64, u64, u64, f64, f64);

#[test]
fn nps_edge_cases_by_hand() {
    let cases: [NpsCase; 4] = [
        // All promoters: 100, and the variance (p + d) − (p − d)² = 1 − 1 = 0.
        ("9\n10\n10\n", 3, 0, 0, 100.0, 0.0),
        // All detractors: −100, variance 0.
        ("0\n6\n", 0, 0, 2, -100.0, 0.0),
        // n = 1, a passive: 0 ± 0, flagged as a small sample.
        ("8\n", 0, 1, 0, 0.0, 0.0),
        // p = 0.5, d = 0.3 of 10: 20 ± 196 · √(0.76 / 10) = 54.033471108…
        (
            "10\n10\n9\n9\n9\n8\n7\n6\n3\n0\n",
            5,
            2,
            3,
            20.0,
            54.033_471_108_193_67,
        ),
    ];
    for (answers, promoters, passives, detractors, score, margin) in cases {
        let report = surveys_only(&format!("nps\n{answers}"), SurveyParams::default());
        let nps = satisfaction(&report).nps.as_ref().unwrap();
        let f = &nps.figures;
        assert_eq!(
            (f.promoters, f.passives, f.detractors),
            (promoters, passives, detractors)
        );
        close(f.score, score);
        close(f.margin_of_error, margin);
        assert!(f.small_sample);
        assert_eq!(nps.scale.to_string(), "0–10");
        assert!(nps
            .formula
            .en
            .contains("promoters 9–10, passives 7–8, detractors 0–6"));
    }
}

#[test]
fn empty_survey_says_what_to_do() {
    for csv in ["", "nps,csat\n"] {
        let error = analyze_with_surveys(None, csv.as_bytes(), &Options::default()).unwrap_err();
        assert_eq!(error.code(), "emptyInput");
        assert_eq!(
            error.to_string(),
            "the survey file has no data rows; choose a CSV file with a header row and one row per survey response"
        );
    }
}

#[test]
fn one_to_ten_scale_is_stated_and_applied() {
    let params = SurveyParams {
        nps: QuestionParams {
            column: Some("Q1".into()),
            scale: Some("1-10".parse().unwrap()),
            ..QuestionParams::default()
        },
        missing_codes: vec!["-99".into()],
        ..SurveyParams::default()
    };
    // 1 is a detractor on 1–10, 0 is off the scale, -99 is missing.
    let report = surveys_only("Q1\n1\n10\n0\n-99\n7\n", params);
    let nps = satisfaction(&report).nps.as_ref().unwrap();
    assert_eq!(nps.scale.to_string(), "1–10");
    assert_eq!(nps.boxes.detractors.to_string(), "1–6");
    assert_eq!((nps.figures.n, nps.missing, nps.invalid), (3, 1, 1));
    close(nps.figures.score, 0.0);
    assert!(nps.formula.en.contains("on the 1–10 scale"));
}

#[test]
fn csat_and_ces_by_hand() {
    // CSAT on 1–5: 5 of 8 in 4–5 = 62.5 %, Wilson interval 30.5738–86.3158 (see the unit
    // test for the arithmetic), mean 28 / 8 = 3.5 ± 1.96 · √2 / √8 = 0.98.
    // CES on 1–7: 7, 5, 4, 2 (and four missing): mean 4.5, 2 of 4 in 5–7 = 50 %.
    let csv = "csat,ces\n5,7\n5,5\n4,4\n4,2\n4,\n3,\n2,NA\n1,n/a\n";
    let report = surveys_only(csv, SurveyParams::default());
    let s = satisfaction(&report);
    let csat = s.csat.as_ref().unwrap();
    close(csat.figures.score, 62.5);
    close(csat.figures.mean, 3.5);
    close(csat.figures.mean_margin_of_error, 0.98);
    let interval = csat.figures.interval.unwrap();
    assert!((interval.low - 30.573_785_458).abs() < 1e-6);
    assert!((interval.high - 86.315_824_054).abs() < 1e-6);
    let ces = s.ces.as_ref().unwrap();
    close(ces.figures.mean, 4.5);
    close(ces.figures.easy_share, 50.0);
    assert_eq!((ces.figures.n, ces.missing, ces.invalid), (4, 4, 0));
    assert_eq!(ces.boxes.easy.to_string(), "5–7");
    assert!(s.nps.is_none() && s.trend.is_none() && s.value.is_none());
}

#[test]
fn trend_change_against_its_margin_by_hand() {
    // January 10, 10, 9, 0: 3 promoters, 1 detractor of 4 = 50; February 0, 0, 3, 10: −50.
    // Both variances (p + d) − (p − d)² = 1 − 0.25 = 0.75, se = 100 √(0.75 / 4) = 43.30127…,
    // margin of the change 1.96 √(2 · 1875) = 120.0249…, larger than |−100|: not beyond chance.
    // Four answers a period are enough when groups of four are.
    let csv = "date,nps\n2024-01-03,10\n2024-01-09,10\n2024-01-20,9\n2024-01-31,0\n\
               2024-02-01,0\n2024-02-14,0\n2024-02-15,3\n2024-02-29,10\n,9\n";
    let four = SurveyParams {
        min_group_answers: 4,
        ..SurveyParams::default()
    };
    let report = surveys_only(csv, four);
    let trend = satisfaction(&report).trend.as_ref().unwrap();
    assert_eq!(trend.undated, 1);
    let periods: Vec<&str> = trend.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(periods, ["2024-01", "2024-02"]);
    let january = trend.periods[0].nps.as_ref().unwrap();
    close(january.figures.score, 50.0);
    assert_eq!(january.change, None);
    let february = trend.periods[1].nps.as_ref().unwrap();
    close(february.figures.score, -50.0);
    let change = february.change.unwrap();
    close(Some(change.change), -100.0);
    close(
        Some(change.margin_of_error),
        1.96 * (2.0f64 * 1875.0).sqrt(),
    );
    assert!((change.margin_of_error - 120.024_997_4).abs() < 1e-6);
    assert!(!change.exceeds_margin);
}

#[test]
fn a_change_needs_as_many_answers_a_period_as_a_group_does() {
    // One promoter, then two detractors: both variances 0, so the margin is 0 and a change of
    // −200 on three answers would be marked beyond chance. Below minGroupAnswers (10 by
    // default) either side, there is no change.
    let csv = "date,nps\n2024-02-10,10\n2024-03-01,0\n2024-03-02,0\n";
    let change = |surveys| {
        let report = surveys_only(csv, surveys);
        let trend = satisfaction(&report).trend.clone().unwrap();
        trend.periods[1].nps.as_ref().unwrap().change
    };
    assert_eq!(change(SurveyParams::default()), None);
    let one = SurveyParams {
        min_group_answers: 1,
        ..SurveyParams::default()
    };
    let asked = change(one).unwrap();
    assert_eq!((asked.change, asked.margin_of_error), (-200.0, 0.0));
}

#[test]
fn placeholder_dates_leave_the_trend_and_their_answers_count() {
    // 1900-01-01 and 9999-12-31 stand for no date: left in, the trend would run over 8,000
    // years of empty months. The two answers still count: 4 answers, 2 promoters.
    let csv = "date,nps\n2024-01-03,10\n1900-01-01,9\n2024-02-01,0\n9999-12-31,7\n";
    let report = surveys_only(csv, SurveyParams::default());
    let satisfaction = satisfaction(&report);
    let trend = satisfaction.trend.as_ref().unwrap();
    let periods: Vec<&str> = trend.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!((periods, trend.undated), (vec!["2024-01", "2024-02"], 2));
    let nps = &satisfaction.nps.as_ref().unwrap().figures;
    assert_eq!((nps.n, nps.promoters), (4, 2));
    let input = &satisfaction.input;
    let dates = [input.first_date, input.last_date].map(|date| date.unwrap().to_string());
    assert_eq!(dates, ["2024-01-03", "2024-02-01"]);
    let [altered] = input.altered.groups() else {
        panic!("one reason: {:?}", input.altered)
    };
    let messages: Vec<&str> = altered
        .examples
        .iter()
        .map(|e| e.message.en.as_str())
        .collect();
    assert_eq!(
        (altered.reason, messages),
        ("dateApart", vec![
            "line 3: date 1900-01-01 is more than two years before every other date (the others run from 2024-01-03 to 2024-02-01): a placeholder or a typo, so the answers are used without it",
            "line 5: date 9999-12-31 is more than two years after every other date (the others run from 2024-01-03 to 2024-02-01): a placeholder or a typo, so the answers are used without it",
        ])
    );
}

#[test]
fn a_typo_for_the_year_in_a_small_survey_leaves_the_trend_and_its_answer_counts() {
    // Thirty answers in January and February 2024, and one dated 2042 for 2024: left in, the
    // trend ran over 219 months, all but three of them empty. The answer still counts.
    let mut csv = String::from("date,nps\n");
    for answer in 0..30 {
        let (month, day) = (1 + answer / 15, 1 + answer % 15);
        csv += &format!("2024-{month:02}-{day:02},9\n");
    }
    csv += "2042-02-20,3\n";
    let report = surveys_only(&csv, SurveyParams::default());
    let satisfaction = satisfaction(&report);
    let trend = satisfaction.trend.as_ref().unwrap();
    let periods: Vec<&str> = trend.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!((periods, trend.undated), (vec!["2024-01", "2024-02"], 1));
    let nps = &satisfaction.nps.as_ref().unwrap().figures;
    assert_eq!((nps.n, nps.promoters, nps.detractors), (31, 30, 1));
    let input = &satisfaction.input;
    assert_eq!(input.last_date.unwrap().to_string(), "2024-02-15");
    let [altered] = input.altered.groups() else {
        panic!("one reason: {:?}", input.altered)
    };
    assert_eq!(
        (altered.reason, altered.examples[0].line),
        ("dateApart", 32)
    );
}

#[test]
fn the_survey_file_has_reading_options_of_its_own() {
    // A Google Form from the US: 3/4/2024 is 4 March, which nothing in these dates settles.
    let form = "Timestamp;How likely are you to recommend us?;city\n\
                3/4/2024 10:00:00;9;Taipei\n3/8/2024 11:30:00;6;Taipei\n";
    let read = |surveys: SurveyParams| {
        let report = surveys_only(form, surveys);
        let input = satisfaction(&report).input.clone();
        let format = input
            .date_format
            .as_ref()
            .map(|choice| (choice.format, choice.source));
        let dates = [input.first_date, input.last_date].map(|date| date.unwrap().to_string());
        (format, dates, input.delimiter)
    };
    assert_eq!(
        read(SurveyParams::default()),
        (
            Some(("D/M/YYYY", "assumed")),
            ["2024-04-03".into(), "2024-08-03".into()],
            ";".into()
        )
    );
    let chosen = SurveyParams {
        date_format: Some(DateFormat::MonthDayYear),
        delimiter: Some(Delimiter::Semicolon),
        ..SurveyParams::default()
    };
    assert_eq!(
        read(chosen),
        (
            Some(("M/D/YYYY", "option")),
            ["2024-03-04".into(), "2024-03-08".into()],
            ";".into()
        )
    );
    // Big5 names under English headers read as GB18030 unless the encoding is given.
    let (big5, _, _) = encoding_rs::BIG5.encode("nps,city\n9,臺北\n6,臺北\n");
    let cities = |encoding: Option<&str>| {
        let options = Options {
            surveys: SurveyParams {
                encoding: encoding.map(str::to_string),
                group_columns: Some(vec!["city".into()]),
                min_group_answers: 1,
                ..SurveyParams::default()
            },
            ..Options::default()
        };
        let report = analyze_with_surveys(None, &big5, &options).unwrap();
        let satisfaction = satisfaction(&report);
        let labels: Vec<String> = satisfaction.groups[0]
            .groups
            .iter()
            .map(|group| group.label.clone())
            .collect();
        (satisfaction.input.encoding.clone(), labels)
    };
    assert_ne!(cities(None).1, ["臺北"]);
    assert_eq!(
        cities(Some("big5")),
        ("Big5".to_string(), vec!["臺北".to_string()])
    );
}

#[test]
fn a_question_of_effort_is_read_on_its_reversed_scale_worked_by_hand() {
    // CES asked as "How much effort did you personally have to put forth?", 1 very low effort
    // to 5 very high: turned around, 1 2 5 4 1 are 5 4 1 2 5.
    let csv = "customer,How much effort did you personally have to put forth?\n\
        a,1\nb,2\nc,5\nd,4\ne,1\n";
    let effort = |reversed| SurveyParams {
        ces: QuestionParams {
            column: Some("How much effort did you personally have to put forth?".into()),
            scale: Some("1-5".parse().unwrap()),
            reversed,
        },
        ..SurveyParams::default()
    };
    let report = surveys_only(csv, effort(true));
    let ces = satisfaction(&report).ces.as_ref().unwrap();
    assert!(ces.reversed);
    assert_eq!(ces.boxes.easy.to_string(), "4–5");
    // Mean 17 / 5; s² = (1.6² + 0.6² + 2.4² + 1.4² + 1.6²) / 4 = 13.2 / 4 = 3.3; easy: 5, 4, 5.
    close(ces.figures.mean, 3.4);
    close(
        ces.figures.mean_margin_of_error,
        1.96 * (3.3f64 / 5.0).sqrt(),
    );
    assert_eq!((ces.figures.easy, ces.figures.easy_share), (3, Some(60.0)));
    // Read as written, the same file says the opposite: mean 2.6, easy 5 and 4 only.
    let report = surveys_only(csv, effort(false));
    let ces = satisfaction(&report).ces.as_ref().unwrap();
    assert!(!ces.reversed);
    close(ces.figures.mean, 2.6);
    assert_eq!(ces.figures.easy, 2);
}

fn corp_rep_data() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/surveys/corp_rep_data.csv");
    std::fs::read(&path).expect("../shared/data/surveys/corp_rep_data.csv")
}

fn corp_rep_report() -> Report {
    let bytes = corp_rep_data();
    let options = Options {
        surveys: SurveyParams {
            nps: QuestionParams {
                column: Some("cusl_3".into()),
                scale: Some("1-7".parse().unwrap()),
                ..QuestionParams::default()
            },
            csat: QuestionParams {
                column: Some("cusa".into()),
                scale: Some("1-7".parse().unwrap()),
                ..QuestionParams::default()
            },
            missing_codes: vec!["-99".into()],
            group_columns: Some(vec!["servicetype".into()]),
            ..SurveyParams::default()
        },
        ..Options::default()
    };
    analyze_with_surveys(None, &bytes, &options).expect("corp_rep_data analyses")
}

#[test]
fn corp_rep_cusa_read_on_the_usual_csat_scale_is_refused_naming_its_own() {
    // cusa is asked on 1–7. Read on CSAT's usual 1–5, its 6s and 7s, the satisfied answers of
    // the independent script, would be left out: more than half of them.
    let text = std::fs::read_to_string(common::fixture("peers/corp_rep_cusa.json")).unwrap();
    let peer: serde_json::Value = serde_json::from_str(&text).unwrap();
    let options = Options {
        surveys: SurveyParams {
            csat: QuestionParams {
                column: Some("cusa".into()),
                ..QuestionParams::default()
            },
            missing_codes: vec!["-99".into()],
            ..SurveyParams::default()
        },
        ..Options::default()
    };
    let error = analyze_with_surveys(None, &corp_rep_data(), &options).unwrap_err();
    assert_eq!(error.code(), "answersAboveScale");
    let ErrorKind::InSurveyFile(error) = error.kind() else {
        panic!("{error}");
    };
    let &ErrorKind::AnswersAboveScale {
        above,
        answered,
        highest,
        suggested,
        ..
    } = error.kind()
    else {
        panic!("{error}");
    };
    let overall = &peer["overall"];
    assert_eq!(above, overall["satisfied"].as_u64().unwrap());
    assert_eq!(answered, overall["n"].as_u64().unwrap());
    assert_eq!((highest, suggested.to_string()), (7, "1–7".to_string()));
}

#[test]
fn corp_rep_cusa_and_cusl_3_match_the_independent_script() {
    let text = std::fs::read_to_string(common::fixture("peers/corp_rep_cusa.json")).unwrap();
    let peer: serde_json::Value = serde_json::from_str(&text).unwrap();
    let report = corp_rep_report();
    let s = satisfaction(&report);
    assert_eq!(s.input.rows_read, peer["rows"].as_u64().unwrap());
    let csat = s.csat.as_ref().unwrap();
    assert_eq!(csat.scale.to_string(), "1–7");
    assert_eq!(csat.boxes.satisfied.to_string(), "6–7");
    assert_eq!(csat.missing, peer["missing"].as_u64().unwrap());
    assert_eq!(csat.invalid, 0);
    let check = |figures: &custval::CsatFigures, expected: &serde_json::Value| {
        assert_eq!(figures.n, expected["n"].as_u64().unwrap());
        assert_eq!(figures.satisfied, expected["satisfied"].as_u64().unwrap());
        // Exactly: both sides divide two integers once.
        assert_eq!(figures.score, expected["score"].as_f64());
        assert_eq!(figures.mean, expected["mean"].as_f64());
        let margin = expected["meanMarginOfError"].as_f64().unwrap();
        assert!((figures.mean_margin_of_error.unwrap() - margin).abs() < 1e-12);
        assert_interval(figures.interval, &expected["interval"]);
    };
    check(&csat.figures, &peer["overall"]);
    let groups = &s.groups[0];
    assert_eq!(groups.dimension, "servicetype");
    for group in &groups.groups {
        let figures = group.csat.as_ref().unwrap().figures.as_ref().unwrap();
        check(figures, &peer["byServicetype"][&group.label]);
    }
    assert_eq!(groups.groups.len(), 2);

    let nps = s.nps.as_ref().unwrap();
    assert_eq!(nps.missing, peer["npsMissing"].as_u64().unwrap());
    let expected = &peer["nps"];
    let count = |name: &str| expected[name].as_u64().unwrap();
    let figures = &nps.figures;
    assert_eq!(
        (
            figures.n,
            figures.promoters,
            figures.passives,
            figures.detractors
        ),
        (
            count("n"),
            count("promoters"),
            count("passives"),
            count("detractors")
        )
    );
    assert!((figures.score.unwrap() - expected["score"].as_f64().unwrap()).abs() < 1e-12);
    let margin = expected["marginOfError"].as_f64().unwrap();
    assert!((figures.margin_of_error.unwrap() - margin).abs() < 1e-9);
    assert_interval(figures.interval, &expected["interval"]);
}

/// `interval` is the script's `{ low, high }`, to rounding.
fn assert_interval(interval: Option<custval::Interval>, expected: &serde_json::Value) {
    let interval = interval.expect("an interval");
    let bound = |name: &str| expected[name].as_f64().unwrap();
    assert!((interval.low - bound("low")).abs() < 1e-9, "{interval:?}");
    assert!((interval.high - bound("high")).abs() < 1e-9, "{interval:?}");
}

fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::fixture(name)).unwrap()
}

fn joined_options() -> Options {
    Options {
        as_of: Some("2024-06-30".parse().unwrap()),
        rfm: RfmParams {
            recency_cuts: Some(vec![30.0, 60.0, 90.0, 180.0]),
            frequency_cuts: Some(vec![2.0, 3.0, 4.0, 5.0]),
            ..RfmParams::default()
        },
        surveys: SurveyParams {
            min_group_answers: 2,
            ..SurveyParams::default()
        },
        ..Options::default()
    }
}

fn joined_report() -> Report {
    let transactions = read_fixture("joined-transactions.csv");
    let surveys = read_fixture("joined-surveys.csv");
    analyze_with_surveys(Some(&transactions), &surveys, &joined_options())
        .expect("the joined fixture analyses")
}

#[test]
fn clusters_and_lifecycle_stages_are_satisfaction_dimensions() {
    let options = Options {
        clusters: Some(ClusterParams {
            k: ClusterCount::Fixed(2),
            ..ClusterParams::default()
        }),
        ..joined_options()
    };
    let transactions = read_fixture("joined-transactions.csv");
    let surveys = read_fixture("joined-surveys.csv");
    let report = analyze_with_surveys(Some(&transactions), &surveys, &options).unwrap();
    // Each answer whose customer id is among the customers counts in its customer's group:
    // A 2, B 1, C 2, D 1, E 1; Z and the blank id are unlabelled.
    let answers = |id: &str| match id {
        "A" | "C" => 2,
        _ => 1,
    };
    let check = |dimension: &str, label: &dyn Fn(&CustomerRow) -> String| {
        let table = satisfaction(&report)
            .groups
            .iter()
            .find(|table| table.dimension == dimension)
            .unwrap_or_else(|| panic!("a {dimension} table"));
        for group in &table.groups {
            let expected: u64 = report
                .customers
                .iter()
                .filter(|c| label(c) == group.label)
                .map(|c| answers(&c.summary.id))
                .sum();
            assert_eq!(group.responses, expected, "{dimension} {}", group.label);
        }
        assert_eq!(table.unlabelled, 2, "{dimension}");
        assert_eq!(table.groups.iter().map(|g| g.responses).sum::<u64>(), 7);
    };
    check("cluster", &|c| {
        c.cluster.cluster_name.as_ref().unwrap().en.clone()
    });
    check("lifecycle", &|c| {
        c.clv.as_ref().unwrap().lifecycle().key().to_string()
    });
}

#[test]
fn a_streamed_analysis_joins_surveys_as_the_whole_file_does() {
    let mut analysis = Analysis::new(joined_options()).unwrap();
    for piece in read_fixture("joined-transactions.csv").chunks(7) {
        analysis.push(piece).unwrap();
    }
    let streamed = analysis
        .finish_with_surveys(&read_fixture("joined-surveys.csv"))
        .unwrap();
    assert_eq!(streamed, joined_report());
    assert!(streamed.satisfaction.is_some() && streamed.customers[0].satisfaction.is_some());
}

/// (label, responses, status, score, margin) of one group.
type NpsRow<L> = (L, u64, GroupStatus, Option<f64>, Option<f64>);

/// Every group of a table.
fn nps_table(table: &GroupTable) -> Vec<NpsRow<String>> {
    table
        .groups
        .iter()
        .map(|g| {
            let nps = g.nps.as_ref().unwrap();
            let figures = nps.figures.as_ref();
            (
                g.label.clone(),
                g.responses,
                nps.status,
                figures.and_then(|f| f.score),
                figures.and_then(|f| f.margin_of_error),
            )
        })
        .collect()
}

fn assert_table(actual: Vec<NpsRow<String>>, expected: &[NpsRow<&str>]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert_eq!((a.0.as_str(), a.1, a.2), (e.0, e.1, e.2), "{actual:?}");
        for (x, y) in [(a.3, e.3), (a.4, e.4)] {
            match (x, y) {
                (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{a:?} vs {e:?}"),
                (x, y) => assert_eq!(x, y, "{a:?}"),
            }
        }
    }
}

#[test]
fn joined_per_segment_and_tier_tables_by_hand() {
    use GroupStatus::{Ok, TooFewAnswers};
    let report = joined_report();
    // Recency cuts 30/60/90/180 days and frequency cuts 2/3/4/5 as of 2024-06-30:
    // A 5 days, 5 occasions → R5 F5 champions; B 10 days, 1 → R5 F1 new customers;
    // C 121 days, 4 → R2 F4 at risk; D 212 days, 1 → R1 F1 hibernating;
    // E 2 days, 2 → R5 F2 potential loyalists.
    let segments: Vec<(&str, &str)> = report
        .customers
        .iter()
        .map(|c| (c.summary.id.as_str(), &*c.rfm.segment))
        .collect();
    assert_eq!(
        segments,
        [
            ("A", "champions"),
            ("B", "new_customers"),
            ("C", "at_risk"),
            ("D", "hibernating"),
            ("E", "potential_loyalists"),
        ]
    );
    let s = satisfaction(&report);
    assert_eq!(s.input.responses_with_customer_id, 8);
    assert_eq!(s.input.responses_matched_to_customers, Some(7));
    // Then the lifecycle stages, checked in clusters_and_lifecycle_stages_are_satisfaction_dimensions.
    let [segment, tier, _lifecycle] = &s.groups[..] else {
        panic!(
            "three tables: segment, tier and lifecycle, got {:?}",
            s.groups
        )
    };
    assert_eq!(segment.dimension, "segment");
    // Z is not a customer and the last answer has no id: two unlabelled answers.
    assert_eq!(segment.unlabelled, 2);
    // champions: A's 9 and 3 → 1 promoter, 1 detractor of 2 = 0 ± 196 √(1 / 2) = 138.5929…
    // at_risk: C's 8 and 6 → 0 promoters, 1 detractor = −50; (0.5 − 0.25) / 2 → 196 √0.125 =
    // 69.2965…; one answer each for the others, below the minimum of 2.
    assert_table(
        nps_table(segment),
        &[
            ("at_risk", 2, Ok, Some(-50.0), Some(69.296_464_556_281_66)),
            ("champions", 2, Ok, Some(0.0), Some(138.592_929_112_563_33)),
            ("hibernating", 1, TooFewAnswers, None, None),
            ("new_customers", 1, TooFewAnswers, None, None),
            ("potential_loyalists", 1, TooFewAnswers, None, None),
        ],
    );
    // Tiers on net revenue 1000 (A), 200 (C), 50 (B), 40 (E), 30 (D) of 1,320: A and C are
    // high (the share before C is 75.8 % < 80 %), B (90.9 % before) and E (94.7 %) medium, D
    // low. high: 9, 3, 8, 6 → (1 − 2) / 4 = −25, p = 0.25, d = 0.5: (0.75 − 0.0625) / 4 =
    // 0.171875 → 81.2573…; medium: 10 and 7 → 50, (0.5 − 0.25) / 2 → 69.2965…
    assert_eq!(tier.dimension, "tier");
    assert_table(
        nps_table(tier),
        &[
            ("high", 4, Ok, Some(-25.0), Some(81.257_307_363_707_3)),
            ("medium", 2, Ok, Some(50.0), Some(69.296_464_556_281_66)),
            ("low", 1, TooFewAnswers, None, None),
        ],
    );
}

#[test]
fn joined_value_lists_and_customer_fields_by_hand() {
    let report = joined_report();
    let value = satisfaction(&report).value.as_ref().unwrap();
    // High tier: A's latest answer (06-26) is 3 and C's (04-15) is 6, both detractors; by net
    // revenue A (1000) before C (200).
    let rescue: Vec<&str> = value.rescue_first.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(rescue, ["A", "C"]);
    // Promoters with frequency score ≤ 2: B (10, 50) and D (10, 30); Z is not a customer.
    let referral: Vec<&str> = value
        .ask_for_referral
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(referral, ["B", "D"]);

    let a = report.customers[0].satisfaction.as_ref().unwrap();
    assert_eq!(
        (a.responses, a.nps, a.nps_group),
        (2, Some(3), Some(NpsGroup::Detractor))
    );
    assert_eq!(a.last_answered.unwrap().to_string(), "2024-06-26");
    let e = report.customers[4].satisfaction.as_ref().unwrap();
    assert_eq!(e.nps_group, Some(NpsGroup::Passive));
}

#[test]
fn joined_comments_per_nps_box_by_hand() {
    let report = joined_report();
    let comments = satisfaction(&report).comments.as_ref().unwrap();
    let terms = |list: &[custval::TermCount]| -> Vec<(String, u64)> {
        list.iter().map(|t| (t.term.clone(), t.comments)).collect()
    };
    let owned =
        |list: &[&str]| -> Vec<(String, u64)> { list.iter().map(|t| (t.to_string(), 1)).collect() };
    let [promoters, detractors] = &comments.groups[..] else {
        panic!(
            "promoter and detractor comments only: {:?}",
            comments.groups
        )
    };
    // Promoters: A's 9 "Great service and fast delivery" and B's 10 "服务很好，物流很快";
    // "and" is a stop word, the Chinese is cut into bigrams and four-character runs.
    assert_eq!(promoters.nps_group, Some(NpsGroup::Promoter));
    assert_eq!(promoters.comments, 2);
    assert_eq!(
        terms(&promoters.phrases),
        owned(&["fast delivery", "great service", "服务很好", "物流很快"])
    );
    // Four English words, and 服务, 很好, 物流, 很快: 务很 and 流很 end in a degree adverb.
    assert_eq!(promoters.words.len(), 8);
    // Detractors: A's 3 "Delivery was slow and support did not answer", C's 6 "Price too high".
    assert_eq!(detractors.nps_group, Some(NpsGroup::Detractor));
    assert_eq!(
        terms(&detractors.words),
        owned(&["answer", "delivery", "high", "not", "price", "slow", "support"])
    );
    assert_eq!(terms(&detractors.phrases), owned(&["not answer"]));
}

#[test]
fn answers_after_the_analysis_date_are_left_out_of_every_figure() {
    // As of 2024-06-25, A's 3 of 06-26 (line 3) and E's 7 of 06-29 (line 8) come later, as
    // E's purchase of 06-28 does.
    let options = Options {
        as_of: Some("2024-06-25".parse().unwrap()),
        ..joined_options()
    };
    let transactions = read_fixture("joined-transactions.csv");
    let surveys = read_fixture("joined-surveys.csv");
    let report = analyze_with_surveys(Some(&transactions), &surveys, &options).unwrap();
    let satisfaction = satisfaction(&report);
    let input = &satisfaction.input;
    assert_eq!(
        (input.rows_read, input.rows_used, input.rows_skipped),
        (9, 7, 2)
    );
    let [after] = input.skipped.groups() else {
        panic!("{:?}", input.skipped.groups())
    };
    let lines: Vec<u64> = after.examples.iter().map(|row| row.line).collect();
    assert_eq!((after.reason, lines), ("afterAsOf", vec![3, 8]));
    assert_eq!(
        after.examples[0].message.en,
        "line 3: answered on 2024-06-26, after the analysis date 2024-06-25"
    );
    assert_eq!(input.last_date.unwrap().to_string(), "2024-06-22");
    // 9, 10, 8, 6, 10, 10, 0: 4 promoters and 2 detractors of 7.
    let nps = &satisfaction.nps.as_ref().unwrap().figures;
    assert_eq!((nps.n, nps.promoters, nps.detractors), (7, 4, 2));
    close(nps.score, 200.0 / 7.0);
    // Net revenue up to 06-25: A 1000, C 200, B 50, D 30, E 20, so A and C are high tier
    // (the revenue before C is 1000 / 1300 = 77 %). A's latest answer is now the 9 of 05-10:
    // only C is a detractor to rescue.
    let value = satisfaction.value.as_ref().unwrap();
    let rescue: Vec<&str> = value.rescue_first.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(rescue, ["C"]);
    let customer = |id: &str| {
        report
            .customers
            .iter()
            .find(|c| c.summary.id == id)
            .unwrap()
    };
    let a = customer("A").satisfaction.as_ref().unwrap();
    assert_eq!(
        (a.responses, a.nps, a.nps_group),
        (1, Some(9), Some(NpsGroup::Promoter))
    );
    assert_eq!(customer("E").satisfaction, None);
}

#[test]
fn answers_after_the_last_purchase_count_when_no_analysis_date_is_given() {
    // A survey is often answered after the last purchase an export holds: without --as-of the
    // analysis date is that purchase's day (E's, 06-28), and E's 7 of 06-29 still counts.
    let transactions = read_fixture("joined-transactions.csv");
    let surveys = read_fixture("joined-surveys.csv");
    let options = Options {
        as_of: None,
        ..joined_options()
    };
    let report = analyze_with_surveys(Some(&transactions), &surveys, &options).unwrap();
    assert_eq!(report.as_of.unwrap().to_string(), "2024-06-28");
    let input = &satisfaction(&report).input;
    assert_eq!(
        (input.rows_read, input.rows_used, input.rows_skipped),
        (9, 9, 0)
    );
    assert_eq!(input.last_date.unwrap().to_string(), "2024-06-29");
}

#[test]
fn each_latest_answer_carries_its_own_date() {
    // A's NPS 2 was given on 01-05; A's latest response, on 03-01, answers CSAT only.
    let surveys = "customer_id,survey_date,nps,csat\nA,2024-01-05,2,\nA,2024-03-01,,5\n";
    let transactions = read_fixture("joined-transactions.csv");
    let report =
        analyze_with_surveys(Some(&transactions), surveys.as_bytes(), &joined_options()).unwrap();
    let date = |date: Option<custval::Date>| date.map(|d| d.to_string());
    let a = report.customers[0].satisfaction.as_ref().unwrap();
    assert_eq!(
        (a.nps, date(a.nps_answered), a.csat, date(a.csat_answered)),
        (
            Some(2),
            date("2024-01-05".parse().ok()),
            Some(5),
            date("2024-03-01".parse().ok())
        )
    );
    assert_eq!((a.ces, a.ces_answered), (None, None));
    assert_eq!(date(a.last_answered).as_deref(), Some("2024-03-01"));
    // A (1000 of 1320) is high tier and a detractor: rescued, beside the NPS answer's date.
    let value = satisfaction(&report).value.as_ref().unwrap();
    let [row] = &value.rescue_first[..] else {
        panic!("{:?}", value.rescue_first)
    };
    assert_eq!((row.id.as_str(), row.nps), ("A", 2));
    assert_eq!(date(row.nps_answered).as_deref(), Some("2024-01-05"));
    assert_eq!(date(row.last_answered).as_deref(), Some("2024-03-01"));
}
