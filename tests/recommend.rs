//! Recommendations end to end: the playbook, the next best action of each customer, the money
//! at stake and the call list, checked against values worked out by hand from the fixtures.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use custval::{
    analyze, analyze_with_surveys, recommend, Lens, Lifecycle, Options, Outlook, Playbook,
    PriorityRule, RecommendParams, Rendered, Report, ValueBasis,
};

/// Money valued at net revenue, so that every figure can be worked out by hand.
fn by_net_revenue(recommend: RecommendParams) -> Options {
    Options {
        recommend: RecommendParams {
            value_basis: ValueBasis::NetRevenue,
            ..recommend
        },
        ..Options::default()
    }
}

fn joined() -> Report {
    let transactions = std::fs::read(common::fixture("joined-transactions.csv")).unwrap();
    let surveys = std::fs::read(common::fixture("joined-surveys.csv")).unwrap();
    let options = by_net_revenue(RecommendParams::default());
    analyze_with_surveys(Some(&transactions), &surveys, &options).unwrap()
}

/// joined-transactions.csv as of 2024-06-28: net revenue A 1000, C 200, B 50, E 40, D 30
/// (total 1320). Tiers, by the share of revenue before each customer: A 0 % and C 75.8 % are
/// below 80 %, so high; B 90.9 % and E 94.7 % are below 95 %, so medium; D 97.7 % is low. Latest NPS answers: A 3 (detractor), B 10, C 6
/// (detractor), D 10, E 7 (passive). Segments: A loyal_customers, B about_to_sleep, C at_risk,
/// D hibernating, E potential_loyalists.
///
/// By the rules: A and C are detractors (rule 1); B is medium tier in an at-risk segment, but
/// new (first bought 8 days before), so not to be saved (rule 2): like D, a low tier, B is a
/// promoter (rule 4); E falls to its segment's play (rule 5). Caps: detractor 10 % of value,
/// promoter 5 %, potential_loyalists 8 %.
#[test]
fn next_best_actions_follow_the_priority_rules() {
    let report = joined();
    let expected = [
        (
            "A",
            PriorityRule::RescueDetractor,
            "detractor",
            1000.0,
            100.0,
        ),
        ("B", PriorityRule::AskReferral, "promoter", 50.0, 2.5),
        ("C", PriorityRule::RescueDetractor, "detractor", 200.0, 20.0),
        ("D", PriorityRule::AskReferral, "promoter", 30.0, 1.5),
        (
            "E",
            PriorityRule::SegmentPlay,
            "potential_loyalists",
            40.0,
            3.2,
        ),
    ];
    assert_eq!(report.customers.len(), expected.len());
    for (customer, (id, rule, key, value, cap)) in report.customers.iter().zip(expected) {
        let recommendation = customer.recommendation.as_ref().unwrap();
        let action = &recommendation.next_best_action;
        assert_eq!(
            (customer.summary.id.as_str(), action.rule, &*action.key),
            (id, rule, key)
        );
        assert!((recommendation.value - value).abs() < 1e-9, "{id}");
        assert!(
            (action.spend_cap - cap).abs() < 1e-9,
            "{id}: {}",
            action.spend_cap
        );
    }
    let a = &report.customers[0]
        .recommendation
        .as_ref()
        .unwrap()
        .next_best_action;
    assert_eq!(
        a.action.en,
        "Call them within 48 hours to listen and apologise."
    );
    assert_eq!(
        a.reason.texts().en,
        "Latest NPS answer 3: a detractor; VIP (high value) customer worth 1,000.00."
    );
}

#[test]
fn money_at_stake_per_segment() {
    let report = joined();
    assert!(report.clv.is_some());
    let section = report.recommendations.unwrap();
    assert_eq!(section.value_basis, ValueBasis::NetRevenue);
    assert_eq!(section.valued_at_net_revenue, 5);
    let find = |lens: Lens, key: &str| {
        section
            .segments
            .iter()
            .find(|s| s.lens == lens && s.key == key)
            .unwrap_or_else(|| panic!("{key}"))
    };
    // Detractors A and C: 1000 + 200; at 10 % each, 120 to spend.
    let detractors = find(Lens::Satisfaction, "detractor");
    assert_eq!(detractors.customers, 2);
    assert!((detractors.value - 1200.0).abs() < 1e-9);
    assert!((detractors.revenue - 1200.0).abs() < 1e-9);
    assert!((detractors.spend_cap_total - 120.0).abs() < 1e-9);
    assert_eq!(detractors.value_at_risk, None);
    // at_risk is a declining segment: without pAlive, all its value is at risk.
    assert_eq!(find(Lens::Rfm, "at_risk").value_at_risk, Some(200.0));
    // Medium tier B and E: 50 + 40.
    assert!((find(Lens::Tier, "medium").value - 90.0).abs() < 1e-9);
    // Only keys that occur: no champions; lifecycle stages as the CLV analysis gives them,
    // whatever money is valued at.
    assert!(section.segments.iter().all(|s| s.key != "champions"));
    assert!(section.segments.iter().any(|s| s.lens == Lens::Lifecycle));
    let rfm: Vec<&str> = section
        .segments
        .iter()
        .filter(|s| s.lens == Lens::Rfm)
        .map(|s| s.key.as_str())
        .collect();
    // By money at stake: 1000, 200, 50, 40, 30.
    assert_eq!(
        rfm,
        [
            "loyal_customers",
            "at_risk",
            "about_to_sleep",
            "potential_loyalists",
            "hibernating"
        ]
    );
}

#[test]
fn call_list_ranks_urgent_customers_by_value_at_risk() {
    let report = joined();
    let calls = report.recommendations.unwrap().call_list;
    let ranked: Vec<(u32, &str, f64)> = calls
        .iter()
        .map(|c| (c.rank, c.id.as_str(), c.value_at_risk))
        .collect();
    assert_eq!(ranked, [(1, "A", 1000.0), (2, "C", 200.0)]);
    let transactions = std::fs::read(common::fixture("joined-transactions.csv")).unwrap();
    let surveys = std::fs::read(common::fixture("joined-surveys.csv")).unwrap();
    let options = by_net_revenue(RecommendParams {
        call_list_size: 1,
        ..RecommendParams::default()
    });
    let short = analyze_with_surveys(Some(&transactions), &surveys, &options).unwrap();
    let calls = short.recommendations.unwrap().call_list;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].id, "A");
}

/// With outlooks from a CLV analysis: values are the CLVs, value at risk is
/// CLV × (1 − pAlive), and lifecycle stages get their plays.
#[test]
fn predicted_clv_and_p_alive_replace_net_revenue() {
    let report = joined();
    let outlook = |clv: Option<f64>, p_alive: Option<f64>, stage| Outlook {
        clv,
        p_alive,
        stage: Some(stage),
    };
    let outlooks = [
        outlook(Some(3000.0), Some(0.9), Lifecycle::Mature),
        outlook(Some(80.0), Some(0.5), Lifecycle::Declining),
        outlook(Some(100.0), Some(0.25), Lifecycle::Declining),
        outlook(None, None, Lifecycle::Lost),
        outlook(Some(60.0), Some(0.8), Lifecycle::Growing),
    ];
    let config = RecommendParams::default().check().unwrap();
    let result = recommend(&report.customers, Some(&outlooks), &config).unwrap();
    assert_eq!(result.section.value_basis, ValueBasis::PredictedClv);
    // D has no CLV: valued at its net revenue, 30.
    assert_eq!(result.section.valued_at_net_revenue, 1);
    let values: Vec<f64> = result
        .customers
        .iter()
        .map(|c| c.as_ref().unwrap().value)
        .collect();
    assert_eq!(values, [3000.0, 80.0, 100.0, 30.0, 60.0]);
    // Declining B and C: at risk 80 × 0.5 + 100 × 0.75 = 115.
    let declining = result
        .section
        .segments
        .iter()
        .find(|s| s.lens == Lens::Lifecycle && s.key == "declining")
        .unwrap();
    assert_eq!(declining.customers, 2);
    assert!((declining.value - 180.0).abs() < 1e-9);
    // What they brought so far is their net revenue, whatever the model predicts: 50 + 200.
    assert!((declining.revenue - 250.0).abs() < 1e-9);
    assert!((declining.value_at_risk.unwrap() - 115.0).abs() < 1e-9);
    // Call list: A 3000 × 0.1 = 300 at risk, C 75, B 40.
    let calls: Vec<(&str, f64)> = result
        .section
        .call_list
        .iter()
        .map(|c| (c.id.as_str(), c.value_at_risk))
        .collect();
    let expected = [("A", 300.0), ("C", 75.0), ("B", 40.0)];
    assert_eq!(calls.len(), expected.len());
    for ((id, at_risk), (expected_id, expected_at_risk)) in calls.into_iter().zip(expected) {
        assert_eq!(id, expected_id);
        assert!((at_risk - expected_at_risk).abs() < 1e-9, "{id}: {at_risk}");
    }
    // A detractor's cap is 10 % of the CLV; D's promoter cap 5 % of net revenue 30.
    let cap = |index: usize| {
        result.customers[index]
            .as_ref()
            .unwrap()
            .next_best_action
            .spend_cap
    };
    assert!((cap(0) - 300.0).abs() < 1e-9 && (cap(3) - 1.5).abs() < 1e-9);
}

/// Valuing money at net revenue changes what money is counted, not who is called: P(alive) and
/// the lifecycle stage still choose the plays and weigh the value at risk.
#[test]
fn net_revenue_values_keep_p_alive_and_the_lifecycle() {
    let cdnow = common::cdnow_csv();
    let by_clv = analyze(cdnow.as_bytes(), &Options::default()).unwrap();
    let by_revenue = analyze(
        cdnow.as_bytes(),
        &by_net_revenue(RecommendParams::default()),
    )
    .unwrap();
    assert!(by_revenue.clv.as_ref().unwrap().bgnbd.converged);
    let rules = |report: &Report| -> Vec<PriorityRule> {
        let recommendations = report.customers.iter().map(|c| c.recommendation.as_ref());
        recommendations
            .map(|r| r.unwrap().next_best_action.rule)
            .collect()
    };
    let (revenue_rules, clv_rules) = (rules(&by_revenue), rules(&by_clv));
    let differing = revenue_rules.iter().zip(&clv_rules).filter(|(a, b)| a != b);
    assert_eq!(differing.count(), 0);
    let section = by_revenue.recommendations.as_ref().unwrap();
    assert_eq!(section.value_basis, ValueBasis::NetRevenue);
    assert_eq!(section.valued_at_net_revenue, 2357);
    assert!(section.segments.iter().any(|s| s.lens == Lens::Lifecycle));
    // Hibernating customers' net revenue, each weighed by their chance of having left.
    let expected: f64 = by_revenue
        .customers
        .iter()
        .filter(|c| &*c.rfm.segment == "hibernating")
        .map(|c| c.summary.monetary.max(0.0) * (1.0 - c.clv.as_ref().unwrap().p_alive().unwrap()))
        .sum();
    let hibernating = section
        .segments
        .iter()
        .find(|s| s.lens == Lens::Rfm && s.key == "hibernating")
        .unwrap();
    let at_risk = hibernating.value_at_risk.unwrap();
    assert!(
        (at_risk - expected).abs() < 1e-6 * expected,
        "{at_risk} against {expected}"
    );
    assert!(at_risk < 0.5 * hibernating.value);
}

#[test]
fn outlooks_out_of_range_are_rejected() {
    let report = joined();
    let config = RecommendParams::default().check().unwrap();
    let mut outlooks = vec![Outlook::default(); 5];
    outlooks[2].p_alive = Some(1.5);
    let error = recommend(&report.customers, Some(&outlooks), &config).unwrap_err();
    assert_eq!(
        error.to_string(),
        "customer 'C' has pAlive 1.5, outside its range"
    );
    assert!(recommend(&report.customers, Some(&outlooks[..4]), &config).is_err());
}

/// Every segment and customer of the test data has a play with every text in both languages.
#[test]
fn every_segment_in_the_test_data_has_both_languages() {
    let cdnow = analyze(common::cdnow_csv().as_bytes(), &Options::default()).unwrap();
    let playbook = Playbook::built_in();
    for report in [joined(), cdnow] {
        let section = report.recommendations.as_ref().unwrap();
        let segments: std::collections::BTreeSet<&str> =
            report.customers.iter().map(|c| &*c.rfm.segment).collect();
        for segment in segments {
            assert!(playbook.play(Lens::Rfm, segment).is_some(), "{segment}");
            assert!(
                section.segments.iter().any(|s| s.key == segment),
                "{segment}"
            );
        }
        for entry in &section.segments {
            let texts = [
                &entry.name,
                &entry.play.goal,
                &entry.play.channel,
                &entry.spend_cap_rule,
            ]
            .into_iter()
            .chain(&entry.play.actions);
            for text in texts {
                assert!(
                    !text.en.is_empty() && !text.zh_cn.is_empty(),
                    "{}",
                    entry.key
                );
            }
        }
        for customer in &report.customers {
            let action = &customer.recommendation.as_ref().unwrap().next_best_action;
            for text in [&action.reason.texts(), &action.action, &action.channel] {
                assert!(!text.en.is_empty() && !text.zh_cn.is_empty());
            }
        }
    }
}

#[test]
fn cli_rejects_a_bad_playbook_with_the_problem_named() {
    let mut playbook: serde_json::Value = serde_json::to_value(Playbook::built_in()).unwrap();
    playbook["rfm"]["at_risk"]["actions"] = serde_json::json!([{"en": "Call", "zh-CN": "致电"}]);
    let path =
        std::env::temp_dir().join(format!("custval-bad-playbook-{}.json", std::process::id()));
    std::fs::write(&path, playbook.to_string()).unwrap();
    let output = common::custval_command()
        .arg("analyze")
        .arg(common::fixture("joined-transactions.csv"))
        .arg("--playbook")
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the playbook's rfm.at_risk has 1 action; give two to four"),
        "{stderr}"
    );
}

#[test]
fn a_valid_playbook_of_ones_own_is_used() {
    let mut playbook = Playbook::built_in();
    let play = playbook.satisfaction.get_mut("detractor").unwrap();
    play.actions[0].en = "Visit them in person.".into();
    play.spend_cap.share = 0.5;
    let options = by_net_revenue(RecommendParams {
        playbook: Some(serde_json::to_string(&playbook).unwrap()),
        ..RecommendParams::default()
    });
    let transactions = std::fs::read(common::fixture("joined-transactions.csv")).unwrap();
    let surveys = std::fs::read(common::fixture("joined-surveys.csv")).unwrap();
    let report = analyze_with_surveys(Some(&transactions), &surveys, &options).unwrap();
    let a = &report.customers[0]
        .recommendation
        .as_ref()
        .unwrap()
        .next_best_action;
    assert_eq!(a.action.en, "Visit them in person.");
    assert!((a.spend_cap - 500.0).abs() < 1e-9);
}

#[test]
fn a_streamed_file_with_surveys_gets_the_same_recommendations() {
    let transactions = std::fs::read(common::fixture("joined-transactions.csv")).unwrap();
    let surveys = std::fs::read(common::fixture("joined-surveys.csv")).unwrap();
    let options = by_net_revenue(RecommendParams::default());
    let mut analysis = custval::Analysis::new(options).unwrap();
    for piece in transactions.chunks(7) {
        analysis.push(piece).unwrap();
    }
    let streamed = analysis.finish_with_surveys(&surveys).unwrap();
    let whole = joined();
    assert_eq!(streamed.recommendations, whole.recommendations);
    let rules = |report: &Report| -> Vec<PriorityRule> {
        report
            .customers
            .iter()
            .map(|c| c.recommendation.as_ref().unwrap().next_best_action.rule)
            .collect()
    };
    assert_eq!(rules(&streamed), rules(&whole));
    assert_eq!(rules(&streamed)[0], PriorityRule::RescueDetractor);
}

#[test]
fn a_vip_s_small_share_of_revenue_keeps_two_significant_digits() {
    // CDNOW as of 1997-09-30: customer 0001 bought for 29.33 + 29.73 + 14.96 = 74.02 of the
    // 173,115.55 all customers spent up to then (summed from the raw rows), 0.04276 %.
    let options = Options {
        as_of: Some("1997-09-30".parse().unwrap()),
        ..Options::default()
    };
    let report = analyze(common::cdnow_csv().as_bytes(), &options).unwrap();
    let customer = report.customers.iter().find(|c| &*c.summary.id == "0001");
    let action = &customer
        .unwrap()
        .recommendation
        .as_ref()
        .unwrap()
        .next_best_action;
    assert_eq!(action.rule, PriorityRule::VipCare);
    let reason = action.reason.texts();
    assert_eq!(reason.en, "VIP (high value): brings 0.043% of net revenue.");
    assert_eq!(reason.zh_cn, "高价值客户：贡献净收入的 0.043%。");
}
