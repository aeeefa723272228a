//! RFM on the real CDNOW sample, checked against an independent script
//! (tests/peers/cdnow_rfm.py, Python standard library only) and against the defining
//! properties of the scores, computed here without custval's binning code.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashMap;

use custval::{analyze, CustomerRow, Options, Report, RfmParams};

fn cdnow_report(rfm: RfmParams) -> Report {
    let options = Options {
        as_of: Some("1998-06-30".parse().unwrap()),
        rfm,
        ..Options::default()
    };
    analyze(common::cdnow_csv().as_bytes(), &options).expect("CDNOW analyses")
}

fn peer_rows() -> Vec<(String, i32, u32, f64)> {
    let text = std::fs::read_to_string(common::fixture("peers/cdnow_rfm.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            (
                fields[0].to_string(),
                fields[1].parse().unwrap(),
                fields[2].parse().unwrap(),
                fields[3].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_customer_matches_the_independent_script_exactly() {
    let report = cdnow_report(RfmParams::default());
    let ours: HashMap<&str, &CustomerRow> = report
        .customers
        .iter()
        .map(|c| (c.summary.id.as_str(), c))
        .collect();
    let peer = peer_rows();
    assert_eq!(peer.len(), 2_357);
    assert_eq!(ours.len(), peer.len());
    for (id, recency, frequency, monetary) in peer {
        let c = &ours[id.as_str()].summary;
        assert_eq!(
            (c.recency_days, c.frequency, c.monetary),
            (recency, frequency, monetary),
            "{id}"
        );
    }
}

#[test]
fn pareto_and_tiers_match_the_independent_script() {
    let report = cdnow_report(RfmParams::default());
    let text = std::fs::read_to_string(common::fixture("peers/cdnow_rfm_summary.json")).unwrap();
    let peer: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pareto = report.pareto.as_ref().expect("positive revenue");
    let top20 = peer["top20RevenueShare"].as_f64().unwrap();
    assert!((pareto.top20_revenue_share - top20).abs() < 1e-12);
    let for80 = peer["customersFor80"].as_f64().unwrap() / 2_357.0;
    assert!((pareto.customer_share_for80 - for80).abs() < 1e-12);
    let tier_counts: Vec<u64> = report
        .tiers
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .map(|g| g.customers)
        .collect();
    let high = peer["highTier"].as_u64().unwrap();
    let medium = peer["mediumTier"].as_u64().unwrap();
    assert_eq!(tier_counts, [high, medium, 2_357 - high - medium]);
    assert_eq!(
        report.input.as_ref().unwrap().net_revenue,
        peer["netRevenue"].as_str().unwrap().parse::<f64>().unwrap()
    );
}

/// The minimum over all tie-respecting cuttings of Σ (size − n/levels)², by a plain
/// O(levels · m²) dynamic programme over the m distinct values.
fn best_possible_cost(values: &[f64], levels: usize) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut ends = vec![0usize];
    for i in 1..=sorted.len() {
        if i == sorted.len() || sorted[i] != sorted[i - 1] {
            ends.push(i);
        }
    }
    let ideal = sorted.len() as f64 / levels as f64;
    let cost = |from: usize, to: usize| (ends[to] as f64 - ends[from] as f64 - ideal).powi(2);
    let m = ends.len() - 1;
    let mut best: Vec<f64> = (0..=m).map(|j| cost(0, j)).collect();
    for _ in 1..levels {
        best = (0..=m)
            .map(|j| {
                (0..=j)
                    .map(|i| best[i] + cost(i, j))
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
    }
    best[m]
}

fn check_scores(name: &str, values: &[f64], scores: &[u8], higher_is_better: bool, levels: u8) {
    let mut pairs: Vec<(f64, u8)> = values.iter().copied().zip(scores.iter().copied()).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    for window in pairs.windows(2) {
        let ((v0, s0), (v1, s1)) = (window[0], window[1]);
        if v0 == v1 {
            assert_eq!(s0, s1, "{name}: equal values {v0} got scores {s0} and {s1}");
        } else if higher_is_better {
            assert!(s0 <= s1, "{name}: {v0} scored {s0} above {v1} scored {s1}");
        } else {
            assert!(s0 >= s1, "{name}: {v0} scored {s0} below {v1} scored {s1}");
        }
    }
    let mut sizes = vec![0usize; usize::from(levels)];
    for &score in scores {
        sizes[usize::from(score - 1)] += 1;
    }
    let ideal = values.len() as f64 / f64::from(levels);
    let cost: f64 = sizes.iter().map(|&s| (s as f64 - ideal).powi(2)).sum();
    let best = best_possible_cost(values, usize::from(levels));
    assert!(
        (cost - best).abs() < 1e-6,
        "{name}: group sizes {sizes:?} cost {cost}, best possible {best}"
    );
}

#[test]
fn scores_respect_ties_order_and_balance_at_every_level() {
    for levels in [3, 4, 5] {
        let report = cdnow_report(RfmParams {
            levels,
            ..RfmParams::default()
        });
        let customers = &report.customers;
        let column = |f: fn(&CustomerRow) -> f64| customers.iter().map(f).collect::<Vec<f64>>();
        let scores = |f: fn(&CustomerRow) -> u8| customers.iter().map(f).collect::<Vec<u8>>();
        let recency = column(|c| f64::from(c.summary.recency_days));
        let frequency = column(|c| f64::from(c.summary.frequency));
        let monetary = column(|c| c.summary.monetary);
        check_scores("R", &recency, &scores(|c| c.rfm.r_score), false, levels);
        check_scores("F", &frequency, &scores(|c| c.rfm.f_score), true, levels);
        check_scores("M", &monetary, &scores(|c| c.rfm.m_score), true, levels);

        // The reported group sizes are the counted ones.
        let reported: Vec<u64> = report
            .rfm
            .as_ref()
            .unwrap()
            .scores
            .frequency
            .groups
            .iter()
            .map(|g| g.customers)
            .collect();
        let mut counted = vec![0u64; usize::from(levels)];
        for c in customers {
            counted[usize::from(c.rfm.f_score - 1)] += 1;
        }
        assert_eq!(reported, counted, "levels {levels}");
    }
}

#[test]
fn cdnow_frequency_ties_are_explained() {
    // Most CDNOW customers bought on one day only, so F cannot be split into equal fifths.
    let report = cdnow_report(RfmParams::default());
    let frequency = &report.rfm.as_ref().unwrap().scores.frequency;
    let ones = report
        .customers
        .iter()
        .filter(|c| c.summary.frequency == 1)
        .count() as u64;
    assert!(ones > 2_357 / 5);
    assert_eq!(frequency.groups[0].customers, ones);
    assert!(!frequency.notes.is_empty());
    assert!(frequency.notes[0]
        .en
        .contains(&format!("{} customers share the value 1", grouped(ones))));
}

fn grouped(count: u64) -> String {
    let digits = count.to_string();
    match digits.len() {
        4 => format!("{},{}", &digits[..1], &digits[1..]),
        _ => digits,
    }
}

/// The default grid, typed out again from the table.
const GRID: [[&str; 5]; 5] = [
    [
        "hibernating",
        "hibernating",
        "at_risk",
        "at_risk",
        "cant_lose_them",
    ],
    [
        "hibernating",
        "hibernating",
        "at_risk",
        "at_risk",
        "cant_lose_them",
    ],
    [
        "about_to_sleep",
        "about_to_sleep",
        "need_attention",
        "loyal_customers",
        "loyal_customers",
    ],
    [
        "promising",
        "potential_loyalists",
        "potential_loyalists",
        "loyal_customers",
        "loyal_customers",
    ],
    [
        "new_customers",
        "potential_loyalists",
        "potential_loyalists",
        "champions",
        "champions",
    ],
];

#[test]
fn every_customer_is_in_the_grid_segment_of_their_scores() {
    let report = cdnow_report(RfmParams::default());
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for c in &report.customers {
        let expected = GRID[usize::from(c.rfm.r_score - 1)][usize::from(c.rfm.f_score - 1)];
        assert_eq!(&*c.rfm.segment, expected, "{}", c.summary.id);
        assert_eq!(
            c.rfm.rfm_cell.to_string(),
            format!("{}{}{}", c.rfm.r_score, c.rfm.f_score, c.rfm.m_score)
        );
        let why = &c.rfm.segment_why.en;
        assert!(why.contains(&format!("(R {}/5)", c.rfm.r_score)), "{why}");
        // The figures a reason gives span the customer's own.
        let span = |after: &str, before: &str| -> (u32, u32) {
            let start = why.find(after).unwrap() + after.len();
            let figures = &why[start..start + why[start..].find(before).unwrap()];
            let whole = |text: &str| text.replace(',', "").parse::<u32>().unwrap();
            match figures.split_once('–') {
                Some((low, high)) => (whole(low), whole(high)),
                None => (whole(figures), whole(figures)),
            }
        };
        let (shortest, longest) = span("last bought ", " day");
        assert!(
            (shortest..=longest).contains(&(c.summary.recency_days as u32)),
            "{why}"
        );
        let (fewest, most) = span("; ", " purchase");
        assert!((fewest..=most).contains(&c.summary.frequency), "{why}");
        *counts.entry(expected).or_default() += 1;
    }
    for segment in &report.rfm.as_ref().unwrap().segments {
        assert_eq!(
            segment.customers,
            counts.get(segment.key.as_str()).copied().unwrap_or(0),
            "{}",
            segment.key
        );
    }
    let total: u64 = report
        .rfm
        .as_ref()
        .unwrap()
        .segments
        .iter()
        .map(|s| s.customers)
        .sum();
    assert_eq!(total, 2_357);
}

#[test]
fn migration_counts_every_customer_once() {
    let report = cdnow_report(RfmParams::default());
    let migration = report.migration.as_ref().unwrap();
    assert_eq!(migration.from.to_string(), "1998-04-01");
    let moved: u64 = migration.transitions.iter().map(|t| t.customers).sum();
    assert_eq!(moved, 2_357);
    // Everyone made a first purchase in the first quarter of 1997, so nobody is new by April 1998.
    assert!(migration.transitions.iter().all(|t| t.from != "new"));
}

#[test]
fn a_segment_without_customers_has_no_negative_zero_revenue() {
    // An f64 sum of nothing is −0.0; the JSON would say "revenue":-0.0.
    let csv = "customer_id,date,amount\nA,2024-01-01,10\nB,2024-01-05,20\nC,2024-02-01,30\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let empty: Vec<_> = (report.rfm.as_ref().unwrap().segments.iter())
        .filter(|segment| segment.customers == 0)
        .collect();
    assert!(!empty.is_empty());
    for segment in empty {
        let figures = [segment.revenue, segment.revenue_share];
        assert!(
            figures.iter().all(|v| *v == 0.0 && v.is_sign_positive()),
            "{figures:?}"
        );
    }
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains(":-0.0,") && !json.contains(":-0.0}"));
}

#[test]
fn shares_of_a_net_revenue_that_returns_outweigh_are_zero() {
    // A 100, B 10 − 310 = −300, C 50: the customers' total is −150, of which no share means
    // anything: A's would be −67 % and B's 200 %.
    let csv = "customer_id,date,amount\nA,2024-01-01,100\nB,2024-01-02,10\nB,2024-01-03,-310\nC,2024-01-04,50\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    assert_eq!(report.input.as_ref().unwrap().net_revenue, -150.0);
    let shares = report.customers.iter().map(|c| c.rfm.revenue_share);
    let segments = report.rfm.as_ref().unwrap().segments.iter();
    for share in shares.chain(segments.map(|s| s.revenue_share)) {
        assert!(share == 0.0 && share.is_sign_positive(), "{share}");
    }
}

#[test]
fn tier_value_shares_count_no_revenue_from_customers_who_returned_more_than_they_bought() {
    // Hand-worked: positive revenue A 50 + B 30 + C 15 + D 5 = 100; E bought 10 and returned
    // 20. High A, B (80 %), medium C (95 %), low D and E: net 5 − 10 = −5, yet D's 5 are 5 % of
    // the revenue the tiers and the Pareto curve share out, and E brings none.
    let csv = "customer_id,date,amount\nA,2024-01-01,50\nB,2024-01-02,30\nC,2024-01-03,15\n\
               D,2024-01-04,5\nE,2024-01-05,10\nE,2024-01-06,-20\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let groups = &report.tiers.as_ref().unwrap().groups;
    let figures: Vec<(u64, f64)> = groups.iter().map(|g| (g.customers, g.value)).collect();
    assert_eq!(figures, [(2, 80.0), (1, 15.0), (2, -5.0)]);
    let shares: Vec<f64> = groups.iter().map(|g| g.value_share).collect();
    for (share, expected) in shares.iter().zip([0.80, 0.15, 0.05]) {
        assert!((share - expected).abs() < 1e-12, "{shares:?}");
    }
}
