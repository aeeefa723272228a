//! Lifetime value on the real CDNOW sample, checked against the published tables of Fader,
//! Hardie & Lee (2005) listed in ../shared/data/README.md, and per customer against the
//! Python `lifetimes` package (tests/peers/cdnow_lifetimes.py writes the expected CSV).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use custval::{analyze, ClvParams, ClvSection, Options, Rendered, Report, TimeUnit};

/// The calibration period of the paper: to 1997-09-30, in weeks; the file runs to 1998-06-30,
/// so the rest is the hold-out.
fn calibration_report() -> Report {
    calibration_report_of(&common::cdnow_csv())
}

fn calibration_report_of(csv: &str) -> Report {
    let options = Options {
        as_of: Some("1997-09-30".parse().unwrap()),
        clv: ClvParams {
            time_unit: TimeUnit::Week,
            ..ClvParams::default()
        },
        ..Options::default()
    };
    analyze(csv.as_bytes(), &options).expect("CDNOW analyses")
}

fn section(report: &Report) -> &ClvSection {
    report.clv.as_ref().expect("the clv section")
}

fn close(value: f64, published: f64, relative: f64) -> bool {
    (value / published - 1.0).abs() <= relative
}

#[test]
fn bgnbd_matches_the_published_parameters() {
    let report = calibration_report();
    let bgnbd = &section(&report).bgnbd;
    assert_eq!((bgnbd.customers, bgnbd.repeat_customers), (2357, 946));
    assert!(bgnbd.converged, "{bgnbd:?}");
    let fitted = [bgnbd.r, bgnbd.alpha, bgnbd.a.unwrap(), bgnbd.b.unwrap()];
    for (value, published) in fitted.into_iter().zip([0.243, 4.414, 0.793, 2.426]) {
        assert!(close(value, published, 2e-3), "{value} vs {published}");
    }
    // Published log-likelihood −9,582.4.
    assert!(
        (bgnbd.log_likelihood + 9582.4).abs() < 0.1,
        "{}",
        bgnbd.log_likelihood
    );
    assert_eq!(bgnbd.starts_agreeing, bgnbd.starts);
    let errors = bgnbd.standard_errors.expect("standard errors");
    assert!(errors.r > 0.0 && errors.r < bgnbd.r);
}

/// Both models' standard errors against lifetimes' (`standard_errors_`, from the Hessian that
/// autograd differentiates exactly) on the same calibration data
/// (tests/peers/cdnow_lifetimes.py writes tests/fixtures/peers/cdnow_lifetimes_fit.json).
#[test]
fn standard_errors_match_lifetimes() {
    let peer: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/peers/cdnow_lifetimes_fit.json")).unwrap();
    let report = calibration_report();
    let clv = section(&report);
    let bgnbd = clv.bgnbd.standard_errors.as_ref().unwrap();
    let gg = clv.gamma_gamma.as_ref().unwrap();
    let gg_errors = gg.standard_errors.as_ref().unwrap();
    let ours = [
        ("bgnbd", "r", bgnbd.r),
        ("bgnbd", "alpha", bgnbd.alpha),
        ("bgnbd", "a", bgnbd.a),
        ("bgnbd", "b", bgnbd.b),
        ("gammaGamma", "p", gg_errors.p),
        ("gammaGamma", "q", gg_errors.q),
        ("gammaGamma", "v", gg_errors.v),
    ];
    for (model, name, value) in ours {
        let expected = peer[model]["standardErrors"][name].as_f64().unwrap();
        // The two fits stop a hair apart; the errors agree to about 6e-7 (2e-6 when they came
        // from differences of the gradient).
        assert!(
            close(value, expected, 1e-6),
            "{model} {name}: {value} vs lifetimes' {expected}"
        );
    }
}

#[test]
fn gamma_gamma_matches_the_published_parameters() {
    let report = calibration_report();
    let gg = section(&report).gamma_gamma.as_ref().unwrap();
    assert!(gg.converged, "{gg:?}");
    assert_eq!(
        (
            gg.customers,
            gg.one_time_customers,
            gg.non_positive_spend_customers
        ),
        (946, 1411, 0)
    );
    let fitted = [gg.p.unwrap(), gg.q.unwrap(), gg.v.unwrap()];
    for (value, published) in fitted.into_iter().zip([6.25, 3.74, 15.44]) {
        assert!(close(value, published, 2e-3), "{value} vs {published}");
    }
}

#[test]
fn gamma_gamma_is_the_same_in_a_currency_of_small_units() {
    // The CDNOW amounts in a currency a million times smaller (as rupiah or dong are beside the
    // dollar): p and q have no unit and v scales with the amounts, so the published estimates
    // hold with v a million times larger.
    let mut csv = String::from("master_id,customer_id,date,cds,amount\n");
    for fields in common::cdnow_rows() {
        let dollars: f64 = fields[4].parse().unwrap();
        let line = [&fields[..4], &[format!("{:.0}", dollars * 1e6)]].concat();
        csv.push_str(&line.join(","));
        csv.push('\n');
    }
    let report = calibration_report_of(&csv);
    let gg = section(&report).gamma_gamma.as_ref().unwrap();
    assert!(gg.converged, "{gg:?}");
    let fitted = [gg.p.unwrap(), gg.q.unwrap(), gg.v.unwrap()];
    for (value, published) in fitted.into_iter().zip([6.25, 3.74, 15.44e6]) {
        assert!(close(value, published, 2e-3), "{value} vs {published}");
    }
}

#[test]
fn expected_spend_of_the_first_ten_customers_matches_the_paper() {
    let report = calibration_report();
    let published = [
        24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17,
    ];
    for (row, expected) in report.customers.iter().zip(published) {
        let spend = row.clv.as_ref().unwrap().expected_avg_spend().unwrap();
        assert!(
            (spend - expected).abs() <= 0.1,
            "{}: {spend} vs {expected}",
            row.summary.id
        );
    }
}

#[test]
fn holdout_total_is_near_the_published_forecast() {
    let report = calibration_report();
    let holdout = section(&report)
        .holdout
        .as_ref()
        .expect("data runs past asOf");
    assert_eq!(holdout.actual, 1882);
    assert_eq!(
        (holdout.from.to_string(), holdout.to.to_string()),
        ("1997-10-01".into(), "1998-06-30".into())
    );
    assert!((holdout.length - 39.0).abs() < 1e-12);
    // "about 1,653" in the published comparison.
    assert!(
        (holdout.predicted - 1653.0).abs() < 10.0,
        "{}",
        holdout.predicted
    );
    let per_customer: u64 = report
        .customers
        .iter()
        .map(|row| u64::from(row.clv.as_ref().unwrap().holdout_purchases().unwrap()))
        .sum();
    assert_eq!(per_customer, 1882);
}

#[test]
fn every_customer_has_exactly_one_lifecycle_stage() {
    let report = calibration_report();
    let section = section(&report);
    let counted: u64 = section.lifecycle.iter().map(|count| count.customers).sum();
    assert_eq!(counted, report.customers.len() as u64);
    assert_eq!(section.lifecycle.len(), 5);
    for warning in &section.early_warning {
        let row = report
            .customers
            .iter()
            .find(|row| row.summary.id == warning.id)
            .unwrap();
        assert_eq!(
            row.clv.as_ref().unwrap().lifecycle(),
            custval::Lifecycle::Declining
        );
    }
    let at_risk: Vec<f64> = section
        .early_warning
        .iter()
        .map(|w| w.value_at_risk)
        .collect();
    assert!(at_risk.windows(2).all(|pair| pair[0] >= pair[1]));
    eprintln!(
        "{:?} {}",
        section.lifecycle, section.early_warning_customers
    );
}

#[test]
fn without_a_dropout_model_there_is_no_p_alive_and_a_declining_customers_whole_value_is_at_risk() {
    // Too few customers for BG/NBD to converge: the NBD fallback has no dropout, so nobody has
    // a P(alive). A and B bought every 30 days and have been silent about 60 (twice their
    // rhythm): declining.
    let csv = "customer,date,amount\n\
               A,2024-01-01,10\nA,2024-01-31,10\nA,2024-03-01,10\nA,2024-03-31,10\n\
               B,2024-01-05,50\nB,2024-02-04,60\nB,2024-03-05,55\nB,2024-04-04,40\n\
               C,2024-05-01,8\nC,2024-05-20,9\nC,2024-06-01,9\n\
               D,2024-06-02,3\nD,2024-06-01,3\nE,2024-02-01,4\nE,2024-06-01,2\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let section = section(&report);
    assert_eq!(section.bgnbd.model, custval::TransactionModel::NbdFallback);
    let warnings: Vec<(&str, f64, f64)> = (section.early_warning.iter())
        .map(|w| (&*w.id, w.value, w.value_at_risk))
        .collect();
    // Ranked by value at risk: B's 205 before A's 40.
    assert_eq!(warnings, [("B", 205.0, 205.0), ("A", 40.0, 40.0)]);
    assert!(section.early_warning.iter().all(|w| w.p_alive.is_none()));
    for row in &report.customers {
        let clv = row.clv.as_ref().unwrap();
        assert_eq!(clv.p_alive(), None, "{}", row.summary.id);
        assert!(!clv.lifecycle_why().texts().en.contains("probability"));
    }
    let distributions = report.distributions.as_ref().unwrap();
    assert_eq!(distributions.p_alive, None);
}

#[test]
fn without_a_spend_model_one_time_customers_are_valued_at_their_own_spend() {
    // One repeat customer among a hundred one-time buyers: Gamma-Gamma cannot be fitted, and
    // the repeat customer's 999,000 per purchase is no estimate of what a $10 buyer spends.
    let mut csv = String::from("customer,date,amount\nW,2024-01-05,1000\nW,2024-03-01,999000\n");
    for i in 0..100 {
        csv += &format!(
            "S{i},2024-{:02}-{:02},{}\n",
            1 + i % 3,
            1 + i % 28,
            10 + i % 2
        );
    }
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let gamma_gamma = section(&report).gamma_gamma.as_ref().unwrap();
    assert_eq!(gamma_gamma.model, custval::SpendModel::OwnMeansFallback);
    assert_eq!(gamma_gamma.population_mean_spend, Some(999_000.0));
    for row in &report.customers {
        let spend = row.clv.as_ref().unwrap().expected_avg_spend();
        // W's one repeat purchase; everyone else's only purchase.
        let own = if &*row.summary.id == "W" {
            999_000.0
        } else {
            row.summary.monetary
        };
        assert_eq!(spend, Some(own), "{}", row.summary.id);
    }
}

#[test]
fn every_customer_matches_python_lifetimes_within_half_a_percent() {
    let report = calibration_report();
    let text = std::fs::read_to_string(common::fixture("peers/cdnow_lifetimes.csv")).unwrap();
    let peer: std::collections::HashMap<&str, Vec<f64>> = text
        .lines()
        .skip(1)
        .map(|line| {
            let (id, values) = line.split_once(',').unwrap();
            (id, values.split(',').map(|v| v.parse().unwrap()).collect())
        })
        .collect();
    assert_eq!(peer.len(), report.customers.len());
    let mut worst = [0.0f64; 4];
    for row in &report.customers {
        let ours = row.clv.as_ref().unwrap();
        let theirs = &peer[row.summary.id.as_str()];
        let values = [
            ours.p_alive().unwrap(),
            ours.expected_purchases().unwrap(),
            ours.expected_avg_spend().unwrap(),
            ours.clv().unwrap(),
        ];
        for (k, (value, expected)) in values.into_iter().zip(theirs).enumerate() {
            let relative = (value / expected - 1.0).abs();
            worst[k] = worst[k].max(relative);
            assert!(
                relative <= 5e-3,
                "customer {} field {k}: {value} vs lifetimes {expected}",
                row.summary.id
            );
        }
    }
    eprintln!("worst relative differences (pAlive, purchases, spend, clv): {worst:?}");
}

#[test]
fn fits_recover_the_parameters_of_simulated_customers() {
    // 20,000 customers drawn from the models with the CDNOW parameters: the estimates land
    // within three standard errors of the truth.
    let inputs = common::simulated_customers(20_000, 7);
    let fits = custval::fit_clv(&inputs).unwrap();
    let bgnbd = &fits.bgnbd;
    let errors = bgnbd.standard_errors.unwrap();
    let truth = [
        (bgnbd.r, errors.r, 0.243),
        (bgnbd.alpha, errors.alpha, 4.414),
    ];
    let dropout = [
        (bgnbd.a.unwrap(), errors.a, 0.793),
        (bgnbd.b.unwrap(), errors.b, 2.426),
    ];
    for (value, error, true_value) in truth.into_iter().chain(dropout) {
        assert!(
            (value - true_value).abs() < 3.0 * error,
            "{value} ± {error} vs {true_value}"
        );
    }
    let gg = fits.gamma_gamma.unwrap();
    let errors = gg.standard_errors.unwrap();
    for (value, error, true_value) in [
        (gg.p.unwrap(), errors.p, 6.25),
        (gg.q.unwrap(), errors.q, 3.74),
        (gg.v.unwrap(), errors.v, 15.44),
    ] {
        assert!(
            (value - true_value).abs() < 3.0 * error,
            "{value} ± {error} vs {true_value}"
        );
    }
}

#[test]
fn a_missing_or_unscaled_lifetime_value_is_told_as_a_limitation() {
    let keys = |report: &Report| -> Vec<&str> {
        let input = report.input.as_ref().unwrap();
        input.limitations.iter().map(|l| l.key).collect()
    };
    // Everyone first bought on the analysis date: no one was seen for any time.
    let one_day = "customer,date,amount\nA,2024-03-01,10\nB,2024-03-01,20\n";
    let report = analyze(one_day.as_bytes(), &Options::default()).unwrap();
    assert!(report.clv.is_none());
    assert_eq!(keys(&report), ["noClv"]);
    // Costs of 62 on revenue of 38: a margin of (38 − 62) / 38 = −63.2 %, not applied.
    let losses = "customer_id,date,amount,cost\n\
                  A,2024-01-01,10,15\nA,2024-02-01,20,30\nB,2024-01-02,5,8\nB,2024-03-01,3,9\n";
    let report = analyze(losses.as_bytes(), &Options::default()).unwrap();
    assert_eq!(section(&report).margin, None);
    assert_eq!(keys(&report), ["unusableMargin"]);
    let text = &report.input.as_ref().unwrap().limitations[0].text.en;
    assert!(text.contains("gross margin of -63.2%"), "{text}");
    // A margin given in the options is used, and nothing is told.
    let options = Options {
        clv: ClvParams {
            margin: Some(0.3),
            ..ClvParams::default()
        },
        ..Options::default()
    };
    let report = analyze(losses.as_bytes(), &options).unwrap();
    assert_eq!(section(&report).margin, Some(0.3));
    assert_eq!(keys(&report), Vec::<&str>::new());
}

/// Transactions of one customer who bought every day for 300 days and twelve light buyers
/// (`L0`..`L11`) who bought lately, the last on 2023-10-28 (asOf): nothing shows dropout,
/// so BG/NBD does not converge (a → 0). Customer `Lk` was first seen 150 + 10k days
/// before asOf and has k mod 5 repeat purchase days, the last 5 days before asOf.
fn one_heavy_buyer_csv() -> String {
    let as_of = custval::Date::from_ymd(2023, 10, 28).unwrap();
    let mut csv = String::from("customer,date,amount\n");
    for day in 0..=300 {
        csv += &format!("HEAVY,{},10\n", as_of.add_days(-day));
    }
    for k in 0..12 {
        let tenure = 150 + 10 * k;
        csv += &format!("L{k},{},40\n", as_of.add_days(-tenure));
        for j in 0..k % 5 {
            csv += &format!("L{k},{},30\n", as_of.add_days(-5 - j));
        }
    }
    csv
}

#[test]
fn the_nbd_fallback_is_fitted_by_maximum_likelihood_not_dominated_by_a_heavy_buyer() {
    let report = analyze(one_heavy_buyer_csv().as_bytes(), &Options::default()).unwrap();
    let section = section(&report);
    assert_eq!(section.bgnbd.model, custval::TransactionModel::NbdFallback);
    // The NBD maximum of Σ ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T) over these
    // customers, computed with scipy (Nelder-Mead then BFGS on (ln r, ln α), polished with
    // fsolve on the gradient): r = 0.2304423316, α = 2.7054826723 days. The method of
    // moments, which the daily buyer dominates, gives r = 0.108, α = 0.931.
    assert!(
        close(section.bgnbd.r, 0.230_442_331_6, 1e-6),
        "{}",
        section.bgnbd.r
    );
    assert!(close(section.bgnbd.alpha, 2.705_482_672_3, 1e-6));
    assert!(section.notes[0]
        .en
        .contains("parameters by maximum likelihood"));
    // L0 bought once, 150 days ago: r/(α+150) · 365.25 = 0.5511855904 purchase days in the
    // 12-month horizon with scipy's parameters (0.262 with the moments').
    let l0 = report
        .customers
        .iter()
        .find(|c| &*c.summary.id == "L0")
        .unwrap();
    let expected = l0.clv.as_ref().unwrap().expected_purchases().unwrap();
    assert!(close(expected, 0.551_185_590_4, 1e-6), "{expected}");
}

#[test]
fn when_nobody_bought_twice_no_one_is_said_to_buy_on_rhythm() {
    // Four one-time buyers; asOf is the last date. With no repeat buyer there is no rhythm,
    // so A's 300 days of silence cannot be judged, and "buying on rhythm" would be untrue.
    let csv = "customer,date,amount\nA,2024-01-01,10\nB,2024-06-01,20\n\
               C,2024-09-01,30\nD,2024-10-27,40\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let a = report
        .customers
        .iter()
        .find(|c| &*c.summary.id == "A")
        .unwrap();
    let clv = a.clv.as_ref().unwrap();
    assert_eq!(clv.lifecycle(), custval::Lifecycle::Growing);
    let why = clv.lifecycle_why().texts();
    assert_eq!(
        why.en,
        "1 purchase day, the last 300 days ago; nobody has bought twice, so there is no rhythm to judge that silence by"
    );
    assert_eq!(
        why.zh_cn,
        "目前有 1 个购买日，最近一次在 300 天前；尚无客户复购，没有购买节奏可判断这段沉默"
    );
}

#[test]
fn a_one_time_buyers_silence_is_judged_by_the_median_repeat_buyers_gap() {
    // Repeat buyers' gaps of 10, 20, 40 and 100 days: the median is 30 (the mean 42.5). D
    // bought once, 150 days before asOf (2024-06-30), five times that.
    let csv = "customer,date,amount\n\
               A,2024-06-20,10\nA,2024-06-30,10\nB,2024-06-10,10\nB,2024-06-30,10\n\
               C,2024-05-21,10\nC,2024-06-30,10\nE,2024-03-22,10\nE,2024-06-30,10\n\
               D,2024-02-01,10\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let d = (report.customers.iter())
        .find(|c| &*c.summary.id == "D")
        .unwrap();
    let why = d.clv.as_ref().unwrap().lifecycle_why().texts();
    assert_eq!(
        why.en,
        "one purchase only, 150 days ago: 5.0 times the typical repeat buyer's gap of 30 days"
    );
}

#[test]
fn a_forecast_far_longer_than_the_history_is_noted() {
    // Forty customers over one week (2024-03-01 to 2024-03-07, asOf the last): 6 days of
    // history against the default 12-month horizon, 365.25 / 6 = 60.9 times as long.
    let mut csv = String::from("customer,date,amount\n");
    for i in 0..40 {
        csv += &format!("C{i},2024-03-0{},{}\n", 1 + i % 7, 10 + i);
        if i % 3 == 0 {
            csv += &format!("C{i},2024-03-07,{}\n", 5 + i);
        }
    }
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let notes = &section(&report).notes;
    let note = notes
        .iter()
        .find(|note| note.en.contains("of history"))
        .unwrap_or_else(|| panic!("{notes:?}"));
    assert!(
        note.en
            .starts_with("Lifetime value forecasts 12 months from 6 days of history"),
        "{}",
        note.en
    );
    assert!(note.en.contains("60.9 times as long"), "{}", note.en);
    assert!(note.zh_cn.contains("只有 6 天的历史"), "{}", note.zh_cn);
    // CDNOW's 39 weeks of calibration (273 days) against 12 months is not far longer.
    let cdnow = calibration_report();
    assert!(!section(&cdnow)
        .notes
        .iter()
        .any(|n| n.en.contains("of history")));
}
