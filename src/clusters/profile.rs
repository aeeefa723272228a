//! What each cluster is: its figures in the customers' own units, a name read from its
//! centroid, a canonical order, and its overlap with the RFM segments.

use serde::Serialize;

use crate::clusters::features::rfm_values;
use crate::clusters::kmeans::Solution;
use crate::customers::{total_money, Customer, GroupProfit};
use crate::rfm::median;
use crate::text::Texts;

/// One cluster, as in `clusters.clusters[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSummary {
    /// The cluster's index, its position in the list: clusters are ordered by net revenue,
    /// largest first (then by size), so the same data always numbers them the same way.
    pub index: usize,
    /// A stable key read from the centroid, e.g. `recent_frequent_high_spenders`.
    pub key: String,
    /// The display name, e.g. "Recent frequent high spenders" / 近期高频高消费客户.
    pub name: Texts,
    /// Customers in the cluster.
    pub customers: u64,
    /// Their share of all customers.
    pub customer_share: f64,
    /// Their net revenue.
    pub revenue: f64,
    /// Their share of net revenue (0 when total net revenue is 0).
    pub revenue_share: f64,
    /// Median days since the last purchase.
    pub median_recency_days: f64,
    /// Median purchase occasions.
    pub median_frequency: f64,
    /// Median net revenue.
    pub median_monetary: f64,
    /// The cluster's gross profit, over its customers with one, as a segment's; `None` without
    /// such customers.
    pub profit: Option<GroupProfit>,
    /// The centroid in standardised units (z-scores of the log1p features).
    pub centroid: Centroid,
}

/// A centroid's coordinates: the cluster mean of each standardised feature.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Centroid {
    /// z-score of log1p(recencyDays): below 0 is more recent than average.
    pub recency: f64,
    /// z-score of log1p(frequency).
    pub frequency: f64,
    /// z-score of log1p(max(monetary, 0)).
    pub monetary: f64,
    /// z-scores of the extra features, in the order of `clusters.features` after the first
    /// three; empty without extra features.
    pub extra: Vec<f64>,
}

/// Customers of each cluster in each RFM segment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossTab {
    /// Segment keys, in rule order: the columns.
    pub segments: Vec<String>,
    /// One row per cluster, in cluster order.
    pub rows: Vec<CrossTabRow>,
}

/// One cluster's row of the [`CrossTab`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossTabRow {
    /// The cluster's index.
    pub cluster: usize,
    /// Its customers in each segment, in the order of [`CrossTab::segments`].
    pub customers: Vec<u64>,
}

/// The clusters in canonical order, and each customer's cluster in that order.
pub(crate) fn profile(
    customers: &[&Customer],
    solution: &Solution,
) -> (Vec<ClusterSummary>, Vec<usize>) {
    let k = solution.centroids.len();
    let mut members: Vec<Vec<&Customer>> = vec![Vec::new(); k];
    for (customer, &label) in customers.iter().zip(&solution.labels) {
        members[label].push(*customer);
    }
    let total_revenue: f64 = customers.iter().map(|c| c.monetary).sum();
    let share = |part: f64, whole: f64| if whole != 0.0 { part / whole } else { 0.0 };
    let mut clusters: Vec<(usize, ClusterSummary)> = members
        .iter()
        .enumerate()
        .map(|(label, members)| {
            let revenue = total_money(members.iter().map(|c| c.monetary));
            let median_of = |value: fn(&Customer) -> f64| {
                median(members.iter().map(|c| value(c)).collect()).unwrap_or(0.0)
            };
            let centroid = solution.centroids.row(label);
            let summary = ClusterSummary {
                index: 0,
                key: String::new(),
                name: Texts::new("", ""),
                customers: members.len() as u64,
                customer_share: share(members.len() as f64, customers.len() as f64),
                revenue,
                revenue_share: share(revenue, total_revenue),
                median_recency_days: median_of(|c| f64::from(c.recency_days)),
                median_frequency: median_of(|c| f64::from(c.frequency)),
                median_monetary: median_of(|c| c.monetary),
                profit: GroupProfit::of(members.iter().copied()),
                centroid: Centroid {
                    recency: centroid[0],
                    frequency: centroid[1],
                    monetary: centroid[2],
                    extra: centroid[3..].to_vec(),
                },
            };
            (label, summary)
        })
        .collect();
    clusters.sort_by(|(_, a), (_, b)| {
        b.revenue
            .total_cmp(&a.revenue)
            .then(b.customers.cmp(&a.customers))
            .then(a.centroid.recency.total_cmp(&b.centroid.recency))
            .then(a.centroid.frequency.total_cmp(&b.centroid.frequency))
            .then(a.centroid.monetary.total_cmp(&b.centroid.monetary))
    });
    // A feature every customer has alike tells no cluster from another: names leave it out.
    let varies: [bool; 3] = std::array::from_fn(|feature| {
        let value = |c: &Customer| rfm_values(c)[feature];
        customers
            .first()
            .is_some_and(|first| customers.iter().any(|c| value(c) != value(first)))
    });
    let mut index_of = vec![0; k];
    for (index, (label, summary)) in clusters.iter_mut().enumerate() {
        index_of[*label] = index;
        summary.index = index;
        (summary.key, summary.name) = describe(&summary.centroid, varies);
    }
    let labels = solution
        .labels
        .iter()
        .map(|&label| index_of[label])
        .collect();
    let mut clusters: Vec<ClusterSummary> =
        clusters.into_iter().map(|(_, summary)| summary).collect();
    tell_apart(&mut clusters);
    (clusters, labels)
}

/// How far from the average (in standard deviations) a centroid must be to be called high
/// or low rather than middling. A third rather than a half: the features are skewed (most
/// customers buy once), so a cluster of one-time buyers sits only about half a standard
/// deviation below the mean frequency.
const DISTINCT: f64 = 0.3;

/// A word of a cluster's name: its key, English and Chinese.
type Words = (&'static str, &'static str, &'static str);

/// A key and a name from a centroid: its recency, frequency and spending each read as low,
/// middling or high relative to all customers, leaving out those that do not `vary` among
/// them ("High spenders" where every customer bought once, today).
fn describe(centroid: &Centroid, varies: [bool; 3]) -> (String, Texts) {
    let level = |z: f64| {
        if z < -DISTINCT {
            0
        } else if z > DISTINCT {
            2
        } else {
            1
        }
    };
    // Recency: a low z-score means few days since the last purchase.
    let recency = [
        ("recent", "Recent", "近期"),
        ("cooling", "Cooling", "渐冷"),
        ("lapsed", "Lapsed", "沉睡"),
    ][level(centroid.recency)];
    let frequency = [
        ("infrequent", "infrequent", "低频"),
        ("regular", "regular", "中频"),
        ("frequent", "frequent", "高频"),
    ][level(centroid.frequency)];
    let monetary = [
        ("low_spenders", "low spenders", "低消费"),
        ("mid_spenders", "mid spenders", "中消费"),
        ("high_spenders", "high spenders", "高消费"),
    ][level(centroid.monetary)];
    let mut words: Vec<Words> = [recency, frequency, monetary]
        .into_iter()
        .zip(varies)
        .filter_map(|(words, varies)| varies.then_some(words))
        .collect();
    if !varies[2] {
        words.push(("customers", "customers", ""));
    }
    let joined = |pick: fn(&Words) -> &'static str, separator| {
        words.iter().map(pick).collect::<Vec<_>>().join(separator)
    };
    let key = joined(|w| w.0, "_");
    let en = capitalised(&joined(|w| w.1, " "));
    (key, Texts::new(en, format!("{}客户", joined(|w| w.2, ""))))
}

/// A feature that names read, for telling apart clusters whose names read alike.
#[derive(Clone, Copy)]
enum Named {
    Recency,
    Frequency,
    Spending,
}

/// Words that rank clusters on a [`Named`] feature, best first: for two clusters, the better
/// and the worse; for more, the best and the worst, the others by their place.
struct RankWords {
    better: Words,
    worse: Words,
    best: Words,
    worst: Words,
    /// The key's stem for a place between (`spending` for `spending_2`).
    stem: &'static str,
    /// Around the Chinese place ("消费第2高").
    nth_zh: (&'static str, &'static str),
}

impl Named {
    const ALL: [Named; 3] = [Named::Recency, Named::Frequency, Named::Spending];

    /// The centroid's coordinate, signed so that higher is better: a low recency z-score
    /// means a recent purchase.
    fn merit(self, centroid: &Centroid) -> f64 {
        match self {
            Named::Recency => -centroid.recency,
            Named::Frequency => centroid.frequency,
            Named::Spending => centroid.monetary,
        }
    }

    fn words(self) -> RankWords {
        match self {
            Named::Recency => RankWords {
                better: ("more_recent", "more recent", "距上次购买较近"),
                worse: ("less_recent", "less recent", "距上次购买较久"),
                best: ("most_recent", "most recent", "距上次购买最近"),
                worst: ("least_recent", "least recent", "距上次购买最久"),
                stem: "recency",
                nth_zh: ("距上次购买第", "近"),
            },
            Named::Frequency => RankWords {
                better: ("more_frequent", "more frequent", "购买频次较高"),
                worse: ("less_frequent", "less frequent", "购买频次较低"),
                best: ("most_frequent", "most frequent", "购买频次最高"),
                worst: ("least_frequent", "least frequent", "购买频次最低"),
                stem: "frequency",
                nth_zh: ("购买频次第", "高"),
            },
            Named::Spending => RankWords {
                better: ("higher_spending", "higher spending", "消费较高"),
                worse: ("lower_spending", "lower spending", "消费较低"),
                best: ("highest_spending", "highest spending", "消费最高"),
                worst: ("lowest_spending", "lowest spending", "消费最低"),
                stem: "spending",
                nth_zh: ("消费第", "高"),
            },
        }
    }

    /// The key suffix and words of place `rank` (0 = best) among `of` clusters.
    fn place(self, rank: usize, of: usize) -> (String, Texts) {
        let words = self.words();
        let fixed = |(key, en, zh): Words| (key.to_string(), Texts::new(en, zh));
        match (rank, of) {
            (0, 2) => fixed(words.better),
            (1, 2) => fixed(words.worse),
            (0, _) => fixed(words.best),
            (rank, of) if rank + 1 == of => fixed(words.worst),
            (rank, _) => {
                let n = rank + 1;
                let (before, after) = words.nth_zh;
                (
                    format!("{}_{n}", words.stem),
                    Texts::new(
                        // English puts the ordinal before the best's words: "2nd highest spending".
                        format!("{} {}", ordinal(n), words.best.1),
                        format!("{before}{n}{after}"),
                    ),
                )
            }
        }
    }
}

/// `n` as an English ordinal: 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, …, 21st.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Clusters whose centroids read alike (a key shared) are told apart by the feature named in
/// the names on which their centroids spread widest: each gets its place on it, best first
/// ("Recent frequent high spenders, highest spending", "…, 2nd highest spending", …; for two,
/// "…, higher spending" and "…, lower spending"). Ties keep the canonical order, so the same
/// clusters are always named the same way.
fn tell_apart(clusters: &mut [ClusterSummary]) {
    let mut keys: Vec<String> = clusters.iter().map(|cluster| cluster.key.clone()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let mut alike: Vec<usize> = (0..clusters.len())
            .filter(|&index| clusters[index].key == key)
            .collect();
        if alike.len() < 2 {
            continue;
        }
        let spread = |feature: Named| {
            let merits = alike
                .iter()
                .map(|&index| feature.merit(&clusters[index].centroid));
            let (low, high) = merits.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), m| {
                (low.min(m), high.max(m))
            });
            high - low
        };
        // The first of the widest, in the names' order, where two spread alike.
        let feature = Named::ALL
            .into_iter()
            .fold(Named::ALL[0], |widest, feature| {
                if spread(feature) > spread(widest) {
                    feature
                } else {
                    widest
                }
            });
        alike.sort_by(|&a, &b| {
            feature
                .merit(&clusters[b].centroid)
                .total_cmp(&feature.merit(&clusters[a].centroid))
        });
        let of = alike.len();
        for (rank, index) in alike.into_iter().enumerate() {
            let (suffix, place) = feature.place(rank, of);
            let cluster = &mut clusters[index];
            cluster.key = format!("{}_{suffix}", cluster.key);
            cluster.name = Texts::new(
                format!("{}, {}", cluster.name.en, place.en),
                format!("{}（{}）", cluster.name.zh_cn, place.zh_cn),
            );
        }
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Customers of each cluster (rows, canonical order) in each segment (columns, rule order).
pub(crate) fn cross_tab(
    segment_keys: Vec<String>,
    clusters: usize,
    cluster_of: &[usize],
    segment_of: &[&str],
) -> CrossTab {
    let mut rows: Vec<CrossTabRow> = (0..clusters)
        .map(|cluster| CrossTabRow {
            cluster,
            customers: vec![0; segment_keys.len()],
        })
        .collect();
    for (&cluster, &segment) in cluster_of.iter().zip(segment_of) {
        if let Some(column) = segment_keys.iter().position(|key| key == segment) {
            rows[cluster].customers[column] += 1;
        }
    }
    CrossTab {
        segments: segment_keys,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clusters::features::Points;

    #[test]
    fn names_read_the_centroid() {
        let centroid = |recency, frequency, monetary| Centroid {
            recency,
            frequency,
            monetary,
            extra: Vec::new(),
        };
        let all = [true; 3];
        let (key, name) = describe(&centroid(-1.2, 0.9, 1.5), all);
        assert_eq!(key, "recent_frequent_high_spenders");
        assert_eq!(
            name,
            Texts::new("Recent frequent high spenders", "近期高频高消费客户")
        );
        let (key, name) = describe(&centroid(1.0, -0.8, 0.2), all);
        assert_eq!(key, "lapsed_infrequent_mid_spenders");
        assert_eq!(
            name,
            Texts::new("Lapsed infrequent mid spenders", "沉睡低频中消费客户")
        );
        assert_eq!(
            describe(&centroid(0.0, 0.0, -0.6), all).0,
            "cooling_regular_low_spenders"
        );
        // What no customer differs in says nothing about a cluster.
        let (key, name) = describe(&centroid(0.0, 0.0, 0.6), [false, false, true]);
        assert_eq!(
            (key.as_str(), name),
            ("high_spenders", Texts::new("High spenders", "高消费客户"))
        );
        let (key, name) = describe(&centroid(-0.5, 0.0, 0.0), [true, false, false]);
        assert_eq!(
            (key.as_str(), name),
            (
                "recent_customers",
                Texts::new("Recent customers", "近期客户")
            )
        );
    }

    #[test]
    fn customers_alike_in_recency_and_frequency_are_named_by_spending() {
        // Fifty customers who each bought once, on the analysis date: spending alone differs.
        // Summed in floating point, the mean of fifty log1p(1) is not log1p(1) to the last bit;
        // before, that left a standard deviation of about 1e-17 and z-scores of ±1.
        let customers: Vec<Customer> = (0..50)
            .map(|i| Customer::with_rfm(0, 1, 10.0 + f64::from(i)))
            .collect();
        // Ascending spending is already the canonical order.
        let (_, points) = crate::clusters::features::ordered_features(&customers, &[]);
        assert!(points
            .values
            .chunks_exact(3)
            .all(|row| row[0] == 0.0 && row[1] == 0.0));
        let labels: Vec<usize> = (0..50).map(|i| usize::from(i >= 25)).collect();
        let mean = |label: usize| {
            let rows = points.values.chunks_exact(3).zip(&labels);
            let spending: Vec<f64> = rows
                .filter(|(_, &l)| l == label)
                .map(|(r, _)| r[2])
                .collect();
            spending.iter().sum::<f64>() / spending.len() as f64
        };
        let values = vec![0.0, 0.0, mean(0), 0.0, 0.0, mean(1)];
        let solution = Solution {
            labels,
            centroids: Points { values, dims: 3 },
            sse: 0.0,
        };
        let (clusters, _) = profile(&customers.iter().collect::<Vec<_>>(), &solution);
        let keys: Vec<&str> = clusters.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["high_spenders", "low_spenders"]);
    }

    #[test]
    fn figures_and_order_worked_by_hand() {
        // Label 0 holds the small spenders, label 1 the big ones: revenue 30 vs 500, so label 1
        // becomes cluster 0.
        let customers = [
            Customer::with_rfm(300, 1, 10.0),
            Customer::with_rfm(200, 1, 20.0),
            Customer::with_rfm(5, 6, 200.0),
            Customer::with_rfm(9, 4, 100.0),
            Customer::with_rfm(1, 9, 200.0),
        ];
        let solution = Solution {
            labels: vec![0, 0, 1, 1, 1],
            centroids: Points {
                values: vec![1.0, -1.0, -1.0, -0.7, 0.7, 0.7],
                dims: 3,
            },
            sse: 0.0,
        };
        let (clusters, labels) = profile(&customers.iter().collect::<Vec<_>>(), &solution);
        assert_eq!(labels, vec![1, 1, 0, 0, 0]);
        let big = &clusters[0];
        assert_eq!((big.index, big.customers, big.revenue), (0, 3, 500.0));
        assert!((big.revenue_share - 500.0 / 530.0).abs() < 1e-12);
        assert!((big.customer_share - 0.6).abs() < 1e-12);
        assert_eq!(
            (
                big.median_recency_days,
                big.median_frequency,
                big.median_monetary
            ),
            (5.0, 6.0, 200.0)
        );
        assert_eq!(big.key, "recent_frequent_high_spenders");
        let small = &clusters[1];
        assert_eq!(
            (small.median_recency_days, small.median_monetary),
            (250.0, 15.0)
        );
        assert_eq!(small.key, "lapsed_infrequent_low_spenders");
    }

    #[test]
    fn two_alike_clusters_are_told_apart_by_where_they_differ() {
        let customers = [
            Customer::with_rfm(1, 1, 10.0),
            Customer::with_rfm(1, 1, 20.0),
        ];
        let solution = Solution {
            labels: vec![0, 1],
            centroids: Points {
                values: vec![0.0, 0.0, 0.1, 0.0, 0.0, 0.2],
                dims: 3,
            },
            sse: 0.0,
        };
        let (clusters, _) = profile(&customers.iter().collect::<Vec<_>>(), &solution);
        // Alike in recency and frequency too, which the names leave out: spending differs.
        let names: Vec<(&str, &Texts)> =
            clusters.iter().map(|c| (c.key.as_str(), &c.name)).collect();
        assert_eq!(
            names,
            [
                (
                    "mid_spenders_higher_spending",
                    &Texts::new("Mid spenders, higher spending", "中消费客户（消费较高）")
                ),
                (
                    "mid_spenders_lower_spending",
                    &Texts::new("Mid spenders, lower spending", "中消费客户（消费较低）")
                ),
            ]
        );
    }

    #[test]
    fn alike_clusters_are_ranked_on_the_feature_they_spread_widest_on() {
        // Four clusters that all read "Recent frequent high spenders", a fifth that does not.
        // Their frequencies spread over 1.5 standard deviations, spending over 0.6, recency
        // over 0.4: frequency tells them apart, most frequent first, whatever their order.
        let centroids = [
            [-1.0, 1.0, 1.2],
            [-1.2, 2.5, 1.0],
            [-0.8, 1.4, 1.6],
            [-1.0, 1.9, 1.1],
            [0.9, -0.8, -0.7],
        ];
        let customers: Vec<Customer> = (0..5u8)
            .map(|i| Customer::with_rfm(1 + i32::from(i), 1 + u32::from(i), 100.0 - f64::from(i)))
            .collect();
        let solution = Solution {
            labels: (0..5).collect(),
            centroids: Points {
                values: centroids.concat(),
                dims: 3,
            },
            sse: 0.0,
        };
        let (clusters, _) = profile(&customers.iter().collect::<Vec<_>>(), &solution);
        let named = |key: &str| {
            let cluster = clusters.iter().find(|c| c.key == key).expect(key);
            (cluster.centroid.frequency, cluster.name.clone())
        };
        let stem = "recent_frequent_high_spenders";
        assert_eq!(
            named(&format!("{stem}_most_frequent")),
            (
                2.5,
                Texts::new(
                    "Recent frequent high spenders, most frequent",
                    "近期高频高消费客户（购买频次最高）"
                )
            )
        );
        assert_eq!(
            named(&format!("{stem}_frequency_2")),
            (
                1.9,
                Texts::new(
                    "Recent frequent high spenders, 2nd most frequent",
                    "近期高频高消费客户（购买频次第2高）"
                )
            )
        );
        assert_eq!(named(&format!("{stem}_frequency_3")).0, 1.4);
        assert_eq!(
            named(&format!("{stem}_least_frequent")),
            (
                1.0,
                Texts::new(
                    "Recent frequent high spenders, least frequent",
                    "近期高频高消费客户（购买频次最低）"
                )
            )
        );
        // A name no other cluster has is left as it reads.
        assert_eq!(named("lapsed_infrequent_low_spenders").0, -0.8);
    }

    #[test]
    fn places_on_recency_are_best_first_and_ordinals_read_as_english() {
        let places: Vec<(String, Texts)> =
            (0..3).map(|rank| Named::Recency.place(rank, 3)).collect();
        assert_eq!(
            places,
            [
                (
                    "most_recent".into(),
                    Texts::new("most recent", "距上次购买最近")
                ),
                (
                    "recency_2".into(),
                    Texts::new("2nd most recent", "距上次购买第2近")
                ),
                (
                    "least_recent".into(),
                    Texts::new("least recent", "距上次购买最久")
                ),
            ]
        );
        let ordinals: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 19, 21, 22].map(ordinal).to_vec();
        assert_eq!(
            ordinals,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "19th", "21st", "22nd"]
        );
    }

    #[test]
    fn cross_tab_counts_by_hand() {
        let keys = vec!["champions".to_string(), "at_risk".to_string()];
        let table = cross_tab(
            keys,
            2,
            &[0, 1, 1, 0, 1],
            &["champions", "at_risk", "champions", "champions", "at_risk"],
        );
        assert_eq!(table.rows[0].customers, vec![2, 0]);
        assert_eq!(table.rows[1].customers, vec![1, 2]);
    }
}
