//! k-means segmentation checked against what is known independently of custval: seeded
//! synthetic blobs whose membership is known (adjusted Rand index), scikit-learn's k-means on
//! the same standardised CDNOW features (tests/peers/cdnow_kmeans.py), determinism, and the chart
//! scatter's sample against the customer list.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use custval::{
    analyze, analyze_clusters, analyze_rfm, ClusterCount, ClusterParams, ClusterSection, Customer,
    ExtraFeature, Options, Rendered, Report, RfmParams, Setting,
};
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985): 1 for
/// identical partitions whatever the label names, about 0 for unrelated ones.
fn adjusted_rand_index(truth: &[usize], found: &[usize]) -> f64 {
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let rows = truth.iter().max().map_or(0, |m| m + 1);
    let columns = found.iter().max().map_or(0, |m| m + 1);
    let mut table = vec![vec![0u64; columns]; rows];
    for (&t, &f) in truth.iter().zip(found) {
        table[t][f] += 1;
    }
    let index: u64 = table.iter().flatten().map(|&n| pairs(n)).sum();
    let row_pairs: u64 = table.iter().map(|row| pairs(row.iter().sum())).sum();
    let column_pairs: u64 = (0..columns)
        .map(|c| pairs(table.iter().map(|row| row[c]).sum()))
        .sum();
    let total = pairs(truth.len() as u64) as f64;
    let expected = row_pairs as f64 * column_pairs as f64 / total;
    let max = (row_pairs + column_pairs) as f64 / 2.0;
    (index as f64 - expected) / (max - expected)
}

#[test]
fn adjusted_rand_index_worked_by_hand() {
    assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
    // Table {2, 1, 1}: index 1, row pairs 1, column pairs 2 of 6; expected 1/3, max 3/2:
    // (1 − 1/3) / (3/2 − 1/3) = 4/7 (scikit-learn's documented example).
    assert!((adjusted_rand_index(&[0, 0, 1, 2], &[0, 0, 1, 1]) - 4.0 / 7.0).abs() < 1e-12);
    // Index 0, row pairs 0 of 6, column pairs 2 ([0,0,1,1]): expected 0, max 1 → 0.
    assert_eq!(adjusted_rand_index(&[0, 1, 2, 3], &[0, 0, 1, 1]), 0.0);
}

/// Log-space centres (log1p of recency days, frequency, monetary) of four behaviours: recent
/// loyal big spenders, occasional mid spenders, lapsed one-time small buyers, and recent
/// one-time big buyers.
const CENTRES: [[f64; 3]; 4] = [
    [1.8, 3.0, 7.6],
    [4.6, 1.6, 5.0],
    [6.4, 0.69, 2.7],
    [2.4, 0.69, 6.7],
];

/// `per_blob` customers around each centre with log-space noise of standard deviation
/// `spread`, and the blob each came from.
fn blobs(per_blob: usize, spread: f64, seed: u64) -> (Vec<Customer>, Vec<usize>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let noise = Normal::new(0.0, spread).expect("a valid spread");
    let day = "2024-06-30".parse().expect("a date");
    let mut customers = Vec::new();
    let mut truth = Vec::new();
    for i in 0..per_blob * CENTRES.len() {
        let blob = i % CENTRES.len();
        let [recency, frequency, monetary] = CENTRES[blob];
        let mut draw = |centre: f64| (centre + noise.sample(&mut rng)).exp_m1().max(0.0);
        customers.push(Customer {
            id: format!("c{i}"),
            first_purchase: Some(day),
            last_purchase: day,
            recency_days: draw(recency).round() as i32,
            // One-time buyers buy once; the others' counts vary around their centre.
            frequency: if frequency < 1.0 {
                1
            } else {
                draw(frequency).round().max(1.0) as u32
            },
            monetary: (draw(monetary) * 100.0).round() / 100.0,
            gross_profit: None,
        });
        truth.push(blob);
    }
    (customers, truth)
}

fn cluster(customers: &[Customer], k: ClusterCount) -> (ClusterSection, Vec<usize>) {
    cluster_with(
        customers,
        ClusterParams {
            k,
            ..ClusterParams::default()
        },
    )
}

fn cluster_with(customers: &[Customer], params: ClusterParams) -> (ClusterSection, Vec<usize>) {
    let rfm = analyze_rfm(customers, &RfmParams::default().check().expect("defaults"));
    let config = params.check().expect("valid");
    let analysis = analyze_clusters(customers, &rfm.customers, &rfm.section.segments, &config)
        .expect("clusters")
        .expect("something to cluster");
    let labels = analysis
        .customers
        .iter()
        .map(|c| c.cluster.expect("every customer has a cluster"))
        .collect();
    (analysis.section, labels)
}

#[test]
fn separated_blobs_are_recovered_and_auto_k_finds_four() {
    let (customers, truth) = blobs(500, 0.15, 1);
    let (section, labels) = cluster(&customers, ClusterCount::Auto);
    assert_eq!(section.k, 4, "candidates: {:?}", section.candidates);
    let ari = adjusted_rand_index(&truth, &labels);
    assert!(ari >= 0.95, "adjusted Rand index {ari}");
    // The silhouette peaks at the true k: every other k scores lower.
    let best = section
        .candidates
        .iter()
        .find(|c| c.k == 4)
        .and_then(|c| c.silhouette);
    for candidate in &section.candidates {
        if candidate.k != 4 {
            assert!(candidate.silhouette < best, "{candidate:?}");
        }
    }
    // The recent loyal big spenders (blob 0) bring most revenue: cluster 0, named so.
    assert_eq!(section.clusters[0].key, "recent_frequent_high_spenders");
    assert_eq!(section.clusters[0].customers, 500);
}

#[test]
fn fitting_on_a_sample_still_recovers_every_customer_s_blob() {
    // 4,000 customers, 500 sampled: the runs and the silhouette see an eighth of them, the
    // final refinement all of them.
    let (customers, truth) = blobs(1_000, 0.15, 4);
    let params = ClusterParams {
        silhouette_sample: 500,
        ..ClusterParams::default()
    };
    let (section, labels) = cluster_with(&customers, params);
    assert_eq!((section.k, section.silhouette_sample), (4, 500));
    let ari = adjusted_rand_index(&truth, &labels);
    assert!(ari >= 0.95, "adjusted Rand index {ari}");
}

#[test]
fn automatic_k_iterates_only_the_chosen_k_on_every_customer() {
    // 4,000 customers, 500 sampled. The k chosen ends as that k given explicitly does; the
    // others take one step on all customers from their sample run's centroids, so their sums
    // of squares are at or a little above what iterating on (a k given explicitly) reaches.
    let (customers, _) = blobs(1_000, 0.3, 6);
    let sampled = |k| ClusterParams {
        k,
        silhouette_sample: 500,
        ..ClusterParams::default()
    };
    let (auto, auto_labels) = cluster_with(&customers, sampled(ClusterCount::Auto));
    let mut above = 0;
    for candidate in &auto.candidates {
        let (fixed, fixed_labels) =
            cluster_with(&customers, sampled(ClusterCount::Fixed(candidate.k)));
        if candidate.k == auto.k {
            assert_eq!((candidate.sse, &auto_labels), (fixed.sse, &fixed_labels));
            assert_eq!(auto.clusters, fixed.clusters);
        } else {
            assert!(
                candidate.sse >= fixed.sse && candidate.sse <= 1.05 * fixed.sse,
                "k {}: {} against {}",
                candidate.k,
                candidate.sse,
                fixed.sse
            );
            above += usize::from(candidate.sse > fixed.sse);
        }
    }
    assert!(above > 0, "{:?}", auto.candidates);
}

#[test]
fn overlapping_blobs_are_recovered_less_well_but_far_above_chance() {
    let (customers, truth) = blobs(500, 0.6, 2);
    let (_, labels) = cluster(&customers, ClusterCount::Fixed(4));
    let ari = adjusted_rand_index(&truth, &labels);
    let (separated, separated_truth) = blobs(500, 0.15, 2);
    let (_, separated_labels) = cluster(&separated, ClusterCount::Fixed(4));
    let separated_ari = adjusted_rand_index(&separated_truth, &separated_labels);
    assert!(
        ari > 0.5 && ari < separated_ari,
        "overlapping {ari}, separated {separated_ari}"
    );
}

#[test]
fn inertia_curve_is_the_within_cluster_sum_of_squares_and_falls_with_k() {
    let (customers, _) = blobs(200, 0.3, 3);
    let (section, _) = cluster(&customers, ClusterCount::Auto);
    let ks: Vec<usize> = section.candidates.iter().map(|c| c.k).collect();
    assert_eq!(ks, (2..=8).collect::<Vec<_>>());
    assert!(section
        .candidates
        .windows(2)
        .all(|pair| pair[1].sse < pair[0].sse));
    let chosen = section
        .candidates
        .iter()
        .find(|c| c.k == section.k)
        .expect("chosen k");
    assert_eq!(chosen.sse, section.sse);
}

fn cdnow_report(clusters: ClusterParams) -> Report {
    let options = Options {
        as_of: Some("1998-06-30".parse().expect("a date")),
        clusters: Some(clusters),
        ..Options::default()
    };
    analyze(common::cdnow_csv().as_bytes(), &options).expect("CDNOW analyses")
}

/// scikit-learn's figures from tests/peers/cdnow_kmeans.py: per k, the best of 10 k-means++
/// runs' inertia_ (the within-cluster sum of squares) on the same standardised features.
fn sklearn_sse() -> Vec<(usize, f64)> {
    let text = std::fs::read_to_string(common::fixture("peers/cdnow_kmeans.csv"))
        .expect("the peer's output is committed");
    text.lines()
        .skip(1)
        .map(|line| {
            let (k, sse) = line.split_once(',').expect("k,sse");
            (k.parse().expect("k"), sse.parse().expect("sse"))
        })
        .collect()
}

#[test]
fn cdnow_k4_sum_of_squares_is_within_2_percent_of_scikit_learn() {
    let report = cdnow_report(ClusterParams {
        k: ClusterCount::Fixed(4),
        ..ClusterParams::default()
    });
    let ours = report.clusters.expect("clusters").sse;
    let (_, theirs) = sklearn_sse()
        .into_iter()
        .find(|&(k, _)| k == 4)
        .expect("k = 4");
    assert!(
        (ours - theirs).abs() <= 0.02 * theirs,
        "ours {ours}, scikit-learn {theirs}"
    );
}

/// CDNOW with k = 8 has four clusters that read "Recent frequent high spenders": their names
/// must tell them apart, by recency, where their centroids spread widest (from 3.3 to 0.4
/// standard deviations below the mean, where frequency spans 1.6 and spending 1.3).
#[test]
fn cdnow_k8_clusters_that_read_alike_are_named_apart_by_recency() {
    let report = cdnow_report(ClusterParams {
        k: ClusterCount::Fixed(8),
        ..ClusterParams::default()
    });
    let clusters = report.clusters.expect("clusters").clusters;
    let mut keys: Vec<&str> = clusters.iter().map(|c| c.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 8, "{keys:?}");
    let mut alike: Vec<_> = clusters
        .iter()
        .filter(|c| c.name.en.starts_with("Recent frequent high spenders, "))
        .collect();
    alike.sort_by(|a, b| a.centroid.recency.total_cmp(&b.centroid.recency));
    let places: Vec<(&str, &str)> = alike
        .iter()
        .map(|c| {
            (
                c.name.en.rsplit(", ").next().unwrap(),
                c.name.zh_cn.as_str(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("most recent", "近期高频高消费客户（距上次购买最近）"),
            ("2nd most recent", "近期高频高消费客户（距上次购买第2近）"),
            ("3rd most recent", "近期高频高消费客户（距上次购买第3近）"),
            ("least recent", "近期高频高消费客户（距上次购买最久）"),
        ]
    );
}

#[test]
fn cdnow_inertia_curve_is_within_2_percent_of_scikit_learn() {
    let report = cdnow_report(ClusterParams::default());
    let section = report.clusters.expect("clusters");
    let peer = sklearn_sse();
    assert_eq!(section.candidates.len(), peer.len());
    for (candidate, (k, theirs)) in section.candidates.iter().zip(peer) {
        assert_eq!(candidate.k, k);
        let ours = candidate.sse;
        assert!(
            (ours - theirs).abs() <= 0.02 * theirs,
            "k {k}: ours {ours}, scikit-learn {theirs}"
        );
    }
}

/// The clusters section and each customer's cluster: what must not vary.
#[derive(serde::Serialize)]
struct ClusterOutput<'a> {
    clusters: &'a Option<ClusterSection>,
    membership: Vec<Option<usize>>,
}

/// [`ClusterOutput`] as JSON, fields in the report's order (as the browser's objects have them).
fn cluster_output(report: &Report) -> String {
    let output = ClusterOutput {
        clusters: &report.clusters,
        membership: report.customers.iter().map(|c| c.cluster.cluster).collect(),
    };
    serde_json::to_string(&output).expect("serialises")
}

#[test]
fn the_same_input_gives_byte_identical_clusters() {
    let first = cluster_output(&cdnow_report(ClusterParams::default()));
    let second = cluster_output(&cdnow_report(ClusterParams::default()));
    assert_eq!(first, second);
}

/// The figures of a clustering by customer id, and the section as JSON: what must not depend on
/// the order in which the customers come.
fn by_id(customers: &[Customer], params: ClusterParams) -> (String, Vec<(String, usize)>) {
    let (section, labels) = cluster_with(customers, params);
    let mut members: Vec<(String, usize)> =
        customers.iter().map(|c| c.id.clone()).zip(labels).collect();
    members.sort();
    (
        serde_json::to_string(&section).expect("serialises"),
        members,
    )
}

#[test]
fn the_order_of_the_customers_does_not_change_the_clusters() {
    // Overlapping blobs, where the k-means++ starts and the silhouettes of k = 2 to 8 are
    // close calls, plus customers alike in every feature (and two alike but for a negative
    // balance, which counts as 0): reversed, or every seventh first, the file's order used to
    // give other starts and, on a client's file of 60 customers, k = 8 one way and 2 the other.
    let (mut customers, _) = blobs(60, 0.6, 5);
    let twin = Customer {
        id: "twin".into(),
        ..customers[3].clone()
    };
    customers.push(twin);
    for (id, monetary) in [("minus5", -5.0), ("minus10", -10.0)] {
        customers.push(Customer {
            id: id.into(),
            monetary,
            ..customers[0].clone()
        });
    }
    let mut reversed = customers.clone();
    reversed.reverse();
    let mut interleaved: Vec<Customer> = customers.iter().step_by(7).cloned().collect();
    interleaved.extend(
        customers
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 != 0)
            .map(|(_, c)| c.clone()),
    );
    for k in [ClusterCount::Auto, ClusterCount::Fixed(5)] {
        for sample in [3_000, 100] {
            let params = || ClusterParams {
                k,
                silhouette_sample: sample,
                ..ClusterParams::default()
            };
            let original = by_id(&customers, params());
            assert_eq!(
                by_id(&reversed, params()),
                original,
                "{k:?}, sample {sample}"
            );
            assert_eq!(
                by_id(&interleaved, params()),
                original,
                "{k:?}, sample {sample}"
            );
        }
    }
}

/// The page's sample file with `clusters: 3`, as the wasm test in tests/wasm.rs runs it.
fn sample_report() -> Report {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/sample-transactions.csv"
    ))
    .expect("the sample file");
    let options = Options {
        clusters: Some(ClusterParams {
            k: ClusterCount::Fixed(3),
            ..ClusterParams::default()
        }),
        ..Options::default()
    };
    analyze(&bytes, &options).expect("the sample analyses")
}

/// The native side of the native-vs-wasm determinism check: the committed fixture
/// tests/fixtures/clusters-sample.json must be what this build computes natively; the wasm
/// test compares the browser's output with the same file. Regenerate it with
/// `UPDATE_FIXTURES=1 cargo test --test clusters` after an intended change.
#[test]
fn native_clusters_of_the_sample_match_the_determinism_fixture() {
    let path = common::fixture("clusters-sample.json");
    let output = cluster_output(&sample_report());
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, format!("{output}\n")).expect("writes the fixture");
    }
    let fixture = std::fs::read_to_string(&path).expect("the fixture");
    assert_eq!(output, fixture.trim_end());
}

#[test]
fn too_few_distinct_customers_for_a_fixed_k_is_an_actionable_error() {
    let csv = "customer,date,amount\na,2024-01-01,5\nb,2024-01-01,5\n";
    let options = Options {
        clusters: Some(ClusterParams {
            k: ClusterCount::Fixed(3),
            ..ClusterParams::default()
        }),
        ..Options::default()
    };
    let error = analyze(csv.as_bytes(), &options).unwrap_err();
    assert_eq!(error.setting(), Some(Setting::Clusters));
    assert_eq!(
        error.to_string(),
        "invalid options: 3 clusters need at least 3 customers with different recency, frequency and monetary values; there is 1"
    );
    assert_eq!(
        error.texts().zh_cn,
        "选项无效：3 个聚类至少需要 3 位最近购买、购买频次和消费金额互不相同的客户；现有 1 位"
    );
}

#[test]
fn automatic_k_on_customers_all_alike_leaves_the_clusters_out_and_says_why() {
    let csv = "customer,date,amount\na,2024-01-01,5\nb,2024-01-01,5\n";
    let options = Options {
        clusters: Some(ClusterParams::default()),
        ..Options::default()
    };
    let report = analyze(csv.as_bytes(), &options).expect("the rest of the analysis stands");
    assert!(report.clusters.is_none());
    assert!(report.customers.iter().all(|c| c.cluster.cluster.is_none()));
    let limitations = &report.input.as_ref().unwrap().limitations;
    let keys: Vec<&str> = limitations.iter().map(|l| l.key).collect();
    // Both first bought on the analysis date: no lifetime value either.
    assert_eq!(keys, ["noClusters", "noClv"]);
}

/// Two groups alike in recency, frequency and monetary value but not in tenure (about 20 days
/// against about 800 since the first purchase): k-means on RFM alone cannot tell them apart,
/// with tenure as an extra feature it must.
#[test]
fn an_extra_feature_separates_what_rfm_alone_cannot() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
    let noise = Normal::new(0.0, 0.1).expect("a valid spread");
    let day: custval::Date = "2024-06-30".parse().expect("a date");
    let (mut customers, mut truth) = (Vec::new(), Vec::new());
    for i in 0..600 {
        let group = i % 2;
        let mut draw = |centre: f64| (centre + noise.sample(&mut rng)).exp_m1();
        let gap = draw([3.0, 6.7][group]).round() as i32;
        customers.push(Customer {
            id: format!("c{i}"),
            first_purchase: Some(day.add_days(-gap)),
            last_purchase: day,
            recency_days: draw(3.0).round() as i32,
            frequency: draw(1.5).round().max(1.0) as u32,
            monetary: (draw(5.0) * 100.0).round() / 100.0,
            gross_profit: None,
        });
        truth.push(group);
    }
    let two = |extra_features| ClusterParams {
        k: ClusterCount::Fixed(2),
        extra_features,
        ..ClusterParams::default()
    };
    let (_, rfm_only) = cluster_with(&customers, two(Vec::new()));
    assert!(adjusted_rand_index(&truth, &rfm_only) < 0.1);
    let (section, with_tenure) = cluster_with(&customers, two(vec![ExtraFeature::TenureDays]));
    assert!(adjusted_rand_index(&truth, &with_tenure) >= 0.95);
    assert_eq!(section.features.last(), Some(&"log1p(tenureDays)"));
    assert_eq!(section.clusters[0].centroid.extra.len(), 1);
    let twice = ClusterParams {
        extra_features: vec![ExtraFeature::TenureDays, ExtraFeature::TenureDays],
        ..ClusterParams::default()
    };
    assert_eq!(
        twice.check().unwrap_err().to_string(),
        "the extra clustering feature tenureDays is given twice: give each once"
    );
}

#[test]
fn the_scatter_of_cdnow_s_2357_customers_is_an_even_sample_of_each_cluster() {
    let report = cdnow_report(ClusterParams {
        k: ClusterCount::Fixed(4),
        ..ClusterParams::default()
    });
    let sample = report
        .distributions
        .and_then(|charts| charts.clusters)
        .expect("clusters were asked for");
    assert_eq!(sample.clusters.len(), 4);
    let mut drawn = 0;
    for (index, cluster) in sample.clusters.iter().enumerate() {
        // Members in the report's order, by id.
        let members: Vec<_> = report
            .customers
            .iter()
            .filter(|c| c.cluster.cluster == Some(index))
            .map(|c| &c.summary)
            .collect();
        let n = members.len();
        assert_eq!(cluster.customers, n as u64);
        // Each point is a member with its own figures, in order, about every (n / q)-th.
        let positions: Vec<usize> = cluster
            .points
            .iter()
            .map(|point| {
                let at = members
                    .iter()
                    .position(|m| m.id == point.id)
                    .expect("a member of the cluster");
                let member = members[at];
                assert_eq!(
                    (member.recency_days, member.frequency, member.monetary),
                    (
                        point.features.recency_days,
                        point.features.frequency,
                        point.features.monetary
                    )
                );
                at
            })
            .collect();
        let q = positions.len();
        assert!(q >= n.min(25), "cluster {index}: {q} points of {n}");
        assert!(positions.windows(2).all(|pair| pair[0] < pair[1]));
        let stride = n.div_ceil(q);
        assert!(positions[0] < stride && n - 1 - positions[q - 1] < stride);
        assert!(positions.windows(2).all(|pair| pair[1] - pair[0] <= stride));
        drawn += q;
    }
    // About 2,000 of the 2,357, never more than 2,000 plus the small clusters' minimum.
    assert!((1_990..=2_100).contains(&drawn), "{drawn} points");
    let lowest_monetary = report
        .customers
        .iter()
        .map(|c| c.summary.monetary)
        .fold(f64::INFINITY, f64::min);
    assert_eq!(sample.lowest.monetary, lowest_monetary);
}
