//! What the report's charts draw, counted from its customers: the R × F cells, a bounded sample
//! of the cluster scatter, the P(alive) and lifetime-value histograms and the hold-out groups.
//!
//! A page can draw every chart from this section alone, without the customer list, which at a
//! million transactions is hundreds of megabytes of JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::clv::ClvSection;
use crate::report::CustomerRow;

/// P(alive) bins: tenths.
pub const P_ALIVE_BINS: usize = 10;
/// The lifetime-value histogram has about this many bins up to its 95th percentile.
pub const CLV_BINS: usize = 20;
/// Hold-out groups by purchases up to asOf: 1, 2, … and the last for this many or more.
pub const HOLDOUT_GROUPS: u32 = 7;
/// The cluster scatter shows every customer up to this many, and a sample of about this many
/// beyond: enough to see each cluster's shape, few enough to draw at once.
pub const SCATTER_POINTS: usize = 2_000;
/// A sampled cluster keeps at least this many points (or all its customers, if fewer), so a
/// small cluster stays visible beside large ones.
pub const MIN_SCATTER_POINTS: usize = 25;

/// The charts' figures, computed from every customer in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Distributions {
    /// Customers and their average net revenue per R × F score pair that occurs, by R then F.
    pub rf_cells: Vec<RfCell>,
    /// The cluster scatter's points; `None` without clusters.
    pub clusters: Option<ClusterSample>,
    /// Customers per P(alive) tenth (the last holds P(alive) = 1); `None` without a `clv`
    /// section or without a customer whose P(alive) is a number.
    pub p_alive: Option<Vec<Bin>>,
    /// Customers per lifetime-value bin: bins of a round width up to the 95th percentile, the
    /// values above in an open last bin; `None` without a `clv` section or without a customer
    /// whose lifetime value is a number.
    pub clv: Option<Vec<Bin>>,
    /// The hold-out check per number of purchases up to asOf, groups without customers left
    /// out; `None` without `clv.holdout`.
    pub holdout: Option<Vec<HoldoutGroup>>,
}

/// One cell of the R × F heatmap.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfCell {
    /// Recency score.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// Customers with these scores.
    pub customers: u64,
    /// Their net revenue divided by their number.
    pub average_revenue: f64,
}

/// The cluster scatter: a deterministic sample of each cluster's customers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSample {
    /// One entry per cluster, in the order of `clusters.clusters`.
    pub clusters: Vec<ClusterPoints>,
    /// The lowest value of each feature over every clustered customer, sampled or not, so a
    /// chart can tell whether a log axis fits them all.
    pub lowest: Features,
}

/// One cluster's customers on the scatter.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPoints {
    /// All the cluster's customers, sampled or not.
    pub customers: u64,
    /// The customers drawn: all of them when the clusters have at most [`SCATTER_POINTS`]
    /// customers together, otherwise a share proportional to the cluster's size (at least
    /// [`MIN_SCATTER_POINTS`]) spread evenly over the cluster in the report's order.
    pub points: Vec<ScatterPoint>,
}

/// A customer on the scatter.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScatterPoint {
    /// Customer id.
    pub id: String,
    /// The features the scatter can put on its axes.
    #[serde(flatten)]
    pub features: Features,
}

/// The customer fields the cluster scatter can put on its axes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Features {
    /// Days since the last purchase.
    pub recency_days: i32,
    /// Purchase occasions.
    pub frequency: u32,
    /// Net revenue.
    pub monetary: f64,
}

/// A histogram bin: customers with a value from `from` (inclusive) to `to` (exclusive).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bin {
    /// Lower edge, inclusive.
    pub from: f64,
    /// Upper edge, exclusive (inclusive for the last P(alive) tenth); `None` for the open
    /// last bin of the lifetime values, `from` or more.
    pub to: Option<f64>,
    /// Customers in the bin.
    pub customers: u64,
}

/// Customers with the same number of purchases up to asOf, for the hold-out check.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldoutGroup {
    /// Purchases up to asOf; the last group ([`HOLDOUT_GROUPS`]) has this many or more.
    pub frequency: u32,
    /// Whether the group holds every customer with `frequency` purchases or more.
    pub or_more: bool,
    /// Customers with hold-out figures in the group.
    pub customers: u64,
    /// Their average purchase days after asOf.
    pub actual: f64,
    /// The model's average forecast of those purchase days.
    pub predicted: f64,
}

impl Distributions {
    /// The charts' figures for `customers`, with the cluster and lifetime-value figures when
    /// the report has those sections (`clusters` is the number of clusters).
    ///
    /// ```
    /// use custval::{analyze, Distributions, Options};
    ///
    /// let csv = "customer,date,amount\nann,2024-01-02,30\nbob,2024-01-09,10\nbob,2024-02-09,20\n";
    /// let report = analyze(csv.as_bytes(), &Options::default())?;
    /// let charts = Distributions::of(&report.customers, None, report.clv.as_ref());
    /// // Each customer counted once in their R × F cell; no clusters were asked for.
    /// assert_eq!(charts.rf_cells.iter().map(|cell| cell.customers).sum::<u64>(), 2);
    /// assert!(charts.clusters.is_none());
    /// // The report holds the same figures.
    /// assert_eq!(report.distributions.as_ref(), Some(&charts));
    /// # Ok::<(), custval::Error>(())
    /// ```
    pub fn of(
        customers: &[CustomerRow],
        clusters: Option<usize>,
        clv: Option<&ClvSection>,
    ) -> Distributions {
        let clv_values = |value: fn(&CustomerRow) -> Option<f64>| -> Option<Vec<f64>> {
            clv.map(|_| {
                customers
                    .iter()
                    .filter_map(value)
                    .filter(|v| v.is_finite())
                    .collect()
            })
        };
        Distributions {
            rf_cells: rf_cells(customers),
            clusters: clusters.map(|k| cluster_sample(customers, k, SCATTER_POINTS)),
            p_alive: clv_values(|c| c.clv.as_ref().and_then(|clv| clv.p_alive()))
                .and_then(|values| p_alive_bins(&values)),
            clv: clv_values(|c| c.clv.as_ref().and_then(|clv| clv.clv()))
                .and_then(|values| clv_bins(&values)),
            holdout: clv
                .and_then(|section| section.holdout.as_ref())
                .map(|_| holdout_groups(customers)),
        }
    }
}

/// Customers and average net revenue per (R, F) score pair that occurs, by R then F.
fn rf_cells(customers: &[CustomerRow]) -> Vec<RfCell> {
    let mut cells: BTreeMap<(u8, u8), (u64, f64)> = BTreeMap::new();
    for customer in customers {
        let cell = cells
            .entry((customer.rfm.r_score, customer.rfm.f_score))
            .or_default();
        cell.0 += 1;
        cell.1 += customer.summary.monetary;
    }
    cells
        .into_iter()
        .map(|((r, f), (customers, revenue))| RfCell {
            r,
            f,
            customers,
            average_revenue: revenue / customers as f64,
        })
        .collect()
}

/// Every clustered customer's features when there are at most `budget` of them, otherwise a
/// sample of about `budget`, each cluster's share proportional to its size but at least
/// [`MIN_SCATTER_POINTS`].
fn cluster_sample(customers: &[CustomerRow], k: usize, budget: usize) -> ClusterSample {
    let features = |c: &CustomerRow| Features {
        recency_days: c.summary.recency_days,
        frequency: c.summary.frequency,
        monetary: c.summary.monetary,
    };
    let cluster_of = |c: &CustomerRow| c.cluster.cluster.filter(|&index| index < k);
    let mut sizes = vec![0usize; k];
    let mut lowest: Option<Features> = None;
    for customer in customers {
        let Some(index) = cluster_of(customer) else {
            continue;
        };
        sizes[index] += 1;
        let own = features(customer);
        lowest = Some(lowest.map_or(own, |low| Features {
            recency_days: low.recency_days.min(own.recency_days),
            frequency: low.frequency.min(own.frequency),
            monetary: low.monetary.min(own.monetary),
        }));
    }
    let total: usize = sizes.iter().sum();
    let quotas: Vec<usize> = sizes
        .iter()
        .map(|&size| {
            if total <= budget {
                size
            } else {
                (size * budget / total).max(size.min(MIN_SCATTER_POINTS))
            }
        })
        .collect();
    let mut clusters: Vec<ClusterPoints> = sizes
        .iter()
        .map(|&size| ClusterPoints {
            customers: size as u64,
            points: Vec::new(),
        })
        .collect();
    // The j-th member of a cluster of n with quota q is drawn when ⌊(j + 1) q / n⌋ steps up:
    // exactly q members, one in each stretch of n / q.
    let mut seen = vec![0usize; k];
    for customer in customers {
        let Some(index) = cluster_of(customer) else {
            continue;
        };
        let (j, n, q) = (seen[index], sizes[index], quotas[index]);
        seen[index] += 1;
        if (j + 1) * q / n > j * q / n {
            clusters[index].points.push(ScatterPoint {
                id: customer.summary.id.clone(),
                features: features(customer),
            });
        }
    }
    ClusterSample {
        clusters,
        lowest: lowest.unwrap_or(Features {
            recency_days: 0,
            frequency: 0,
            monetary: 0.0,
        }),
    }
}

/// Customers per tenth of P(alive), from 0–0.1 to 0.9–1 (1 included); `None` without values.
fn p_alive_bins(values: &[f64]) -> Option<Vec<Bin>> {
    if values.is_empty() {
        return None;
    }
    let mut counts = [0u64; P_ALIVE_BINS];
    for value in values {
        // `as usize` takes a (rounding) negative to the first bin.
        let bin = (value * P_ALIVE_BINS as f64).floor() as usize;
        counts[bin.min(P_ALIVE_BINS - 1)] += 1;
    }
    let tenths = P_ALIVE_BINS as f64;
    Some(
        counts
            .iter()
            .enumerate()
            .map(|(i, &customers)| Bin {
                from: i as f64 / tenths,
                to: Some((i + 1) as f64 / tenths),
                customers,
            })
            .collect(),
    )
}

/// Customers per lifetime-value bin: bins of a round width (1, 2 or 5 × a power of ten, about
/// a [`CLV_BINS`]th of the range from 0 or the lowest value, if negative, to the 95th
/// percentile), starting at a multiple of the width, up to that percentile; the values above
/// share an open last bin, left out when empty. `None` without values, or for values too large
/// to bin.
///
/// The percentile is the sorted values' element at ⌊0.95 (n − 1)⌋, not interpolated.
fn clv_bins(values: &[f64]) -> Option<Vec<Bin>> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let low = sorted.first()?.min(0.0);
    let high = sorted[(0.95 * (sorted.len() - 1) as f64).floor() as usize];
    let width = round_width((high - low) / CLV_BINS as f64);
    let start = (low / width).floor() * width;
    if !(width.is_finite() && start.is_finite()) {
        return None;
    }
    let closed = ((high - start) / width).ceil().max(1.0) as usize;
    let mut counts = vec![0u64; closed + 1];
    for value in &sorted {
        let bin = ((value - start) / width).floor() as usize;
        counts[bin.min(closed)] += 1;
    }
    if counts[closed] == 0 {
        counts.pop();
    }
    let edge = |i: usize| start + i as f64 * width;
    Some(
        counts
            .into_iter()
            .enumerate()
            .map(|(i, customers)| Bin {
                from: edge(i),
                to: (i < closed).then(|| edge(i + 1)),
                customers,
            })
            .collect(),
    )
}

/// The smallest of 1, 2 or 5 × a power of ten that is at least `width` (1 for no width).
fn round_width(width: f64) -> f64 {
    if width.is_nan() || width <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(width.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|factor| factor * power)
        .find(|&round| round >= width)
        // Only a rounding of log10 leaves 10 × power short of the width.
        .unwrap_or(100.0 * power)
}

/// Average actual and predicted hold-out purchase days per number of purchases up to asOf
/// (1 to [`HOLDOUT_GROUPS`] or more), over the customers with hold-out figures.
fn holdout_groups(customers: &[CustomerRow]) -> Vec<HoldoutGroup> {
    let mut sums = [(0u64, 0.0f64, 0.0f64); HOLDOUT_GROUPS as usize];
    for customer in customers {
        let Some(clv) = &customer.clv else { continue };
        let (Some(actual), Some(predicted)) = (clv.holdout_purchases(), clv.holdout_predicted())
        else {
            continue;
        };
        let group = &mut sums[(customer.summary.frequency.clamp(1, HOLDOUT_GROUPS) - 1) as usize];
        group.0 += 1;
        group.1 += f64::from(actual);
        group.2 += predicted;
    }
    (1..=HOLDOUT_GROUPS)
        .zip(sums)
        .filter(|(_, (n, _, _))| *n > 0)
        .map(|(frequency, (n, actual, predicted))| HoldoutGroup {
            frequency,
            or_more: frequency == HOLDOUT_GROUPS,
            customers: n,
            actual: actual / n as f64,
            predicted: predicted / n as f64,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clusters::CustomerCluster;
    use crate::clv::{CustomerClv, Figure, Lifecycle, LifecycleWhy};
    use crate::customers::Customer;
    use crate::rfm::{CustomerRfm, Tier};
    use crate::text::Texts;

    /// A customer row with the fields the charts read; the rest are placeholders.
    fn row(
        id: &str,
        (r, f): (u8, u8),
        (recency_days, frequency, monetary): (i32, u32, f64),
    ) -> CustomerRow {
        CustomerRow {
            summary: Customer {
                id: id.into(),
                first_purchase: None,
                last_purchase: "2024-01-01".parse().expect("a date"),
                recency_days,
                frequency,
                monetary,
                gross_profit: None,
            },
            rfm: CustomerRfm {
                r_score: r,
                f_score: f,
                m_score: 1,
                rfm_cell: "".into(),
                segment: "".into(),
                segment_name: Texts::new("", "").into(),
                segment_why: Texts::new("", "").into(),
                tier: Tier::Low,
                revenue_share: 0.0,
            },
            attributes: Default::default(),
            satisfaction: None,
            recommendation: None,
            cluster: CustomerCluster::default(),
            clv: None,
        }
    }

    fn with_clv(
        mut customer: CustomerRow,
        p_alive: f64,
        clv: Option<f64>,
        holdout: Option<(u32, f64)>,
    ) -> CustomerRow {
        let p_alive = Some(p_alive);
        let why = LifecycleWhy::Mature {
            purchase_days: 4,
            p_alive,
        };
        customer.clv = Some(
            CustomerClv::new(Lifecycle::Mature, why)
                .with(Figure::PAlive, p_alive)
                .with(Figure::Clv, clv)
                .with(
                    Figure::HoldoutPredicted,
                    holdout.map(|(_, predicted)| predicted),
                )
                .with_holdout_purchases(holdout.map(|(actual, _)| actual)),
        );
        customer
    }

    fn in_cluster(mut customer: CustomerRow, index: usize) -> CustomerRow {
        customer.cluster.cluster = Some(index);
        customer
    }

    fn bins(bins: &[Bin]) -> Vec<(f64, Option<f64>, u64)> {
        bins.iter()
            .map(|bin| (bin.from, bin.to, bin.customers))
            .collect()
    }

    #[test]
    fn rf_cells_count_customers_and_average_their_revenue() {
        let customers = [
            row("a", (2, 1), (5, 1, 10.0)),
            row("b", (1, 3), (9, 4, 40.0)),
            row("c", (2, 1), (3, 2, 25.0)),
            row("d", (2, 1), (1, 1, -5.0)),
        ];
        // (1, 3): b alone, 40. (2, 1): a, c and d, (10 + 25 − 5) / 3 = 10.
        let cells: Vec<_> = rf_cells(&customers)
            .iter()
            .map(|c| (c.r, c.f, c.customers, c.average_revenue))
            .collect();
        assert_eq!(cells, [(1, 3, 1, 40.0), (2, 1, 3, 10.0)]);
    }

    #[test]
    fn p_alive_tenths_put_one_in_the_last_bin() {
        // 0 and 0.05 in 0–0.1; 0.1 in 0.1–0.2; 0.95 and 1 in 0.9–1.
        let counted = p_alive_bins(&[0.0, 0.05, 0.1, 0.95, 1.0]).expect("values");
        assert_eq!(
            counted.iter().map(|bin| bin.customers).collect::<Vec<_>>(),
            [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
        );
        assert_eq!((counted[3].from, counted[3].to), (0.3, Some(0.4)));
        assert_eq!(counted[9].to, Some(1.0));
        assert_eq!(p_alive_bins(&[]), None);
    }

    #[test]
    fn clv_bins_have_a_round_width_and_fold_the_top_five_percent() {
        // 21 values 0, 10, …, 200: the 95th percentile is element ⌊0.95 × 20⌋ = 19, 190. The
        // width is the round number at or above 190 / 20 = 9.5: 10. Bins 0–10, …, 180–190 hold
        // one value each, and 190 and 200 fall in the open bin from 190.
        let values: Vec<f64> = (0..=20).map(|i| f64::from(i) * 10.0).collect();
        let counted = clv_bins(&values).expect("values");
        assert_eq!(counted.len(), 20);
        assert_eq!(
            bins(&counted[..2]),
            [(0.0, Some(10.0), 1), (10.0, Some(20.0), 1)]
        );
        assert_eq!(bins(&counted[19..]), [(190.0, None, 2)]);
    }

    #[test]
    fn clv_bins_start_below_a_negative_value() {
        // −30, 5, 12, 70: the percentile is element ⌊0.95 × 3⌋ = 2, 12; the range −30 to 12 is
        // 42, / 20 = 2.1, so the width is 5 and the bins start at −30: −30–−25, …, 10–15
        // (⌈42 / 5⌉ = 9 bins), and 70 in the open bin from 15.
        let counted = clv_bins(&[70.0, 12.0, -30.0, 5.0]).expect("values");
        assert_eq!(counted.len(), 10);
        assert_eq!(bins(&counted[..1]), [(-30.0, Some(-25.0), 1)]);
        assert_eq!(counted[7].from, 5.0);
        assert_eq!(counted[7].customers, 1);
        assert_eq!(
            bins(&counted[8..]),
            [(10.0, Some(15.0), 1), (15.0, None, 1)]
        );
    }

    #[test]
    fn clv_bins_leave_out_an_empty_open_bin() {
        // 0, 3, 3, 4: the percentile is element 2, 3; 3 / 20 = 0.15 rounds up to 0.2, and
        // ⌈3 / 0.2⌉ = 15 closed bins up to 3, so 3 (on the edge) and 4 are in the open bin.
        let counted = clv_bins(&[0.0, 3.0, 3.0, 4.0]).expect("values");
        assert_eq!(counted.len(), 16);
        assert_eq!(bins(&counted[15..]), [(counted[15].from, None, 3)]);
        // All equal: one bin of width 1 and no open bin.
        assert_eq!(
            bins(&clv_bins(&[0.0, 0.0]).expect("values")),
            [(0.0, Some(1.0), 2)]
        );
        assert_eq!(clv_bins(&[]), None);
    }

    #[test]
    fn round_widths_are_one_two_or_five_times_a_power_of_ten() {
        for (width, round) in [
            (9.5, 10.0),
            (2.1, 5.0),
            (0.15, 0.2),
            (1.0, 1.0),
            (120.0, 200.0),
            (0.0, 1.0),
        ] {
            assert!(
                (round_width(width) - round).abs() < 1e-12,
                "{width} → {round}"
            );
        }
    }

    #[test]
    fn holdout_groups_average_per_purchases_with_seven_and_more_together() {
        let customers = [
            with_clv(row("a", (1, 1), (1, 1, 1.0)), 0.5, None, Some((0, 0.5))),
            with_clv(row("b", (1, 1), (1, 1, 1.0)), 0.5, None, Some((3, 1.5))),
            with_clv(row("c", (1, 1), (1, 7, 1.0)), 0.5, None, Some((4, 3.0))),
            with_clv(row("d", (1, 1), (1, 12, 1.0)), 0.5, None, Some((6, 5.0))),
            // No hold-out figures: not counted.
            with_clv(row("e", (1, 1), (1, 2, 1.0)), 0.5, None, None),
        ];
        let groups: Vec<_> = holdout_groups(&customers)
            .iter()
            .map(|g| (g.frequency, g.or_more, g.customers, g.actual, g.predicted))
            .collect();
        // One purchase: (0 + 3) / 2 and (0.5 + 1.5) / 2. Seven or more: (4 + 6) / 2, (3 + 5) / 2.
        assert_eq!(groups, [(1, false, 2, 1.5, 1.0), (7, true, 2, 5.0, 4.0)]);
    }

    #[test]
    fn a_small_scatter_shows_every_customer_in_order() {
        let customers = [
            in_cluster(row("a", (1, 1), (5, 1, 10.0)), 1),
            in_cluster(row("b", (1, 1), (0, 2, 20.0)), 0),
            in_cluster(row("c", (1, 1), (7, 3, -4.0)), 1),
        ];
        let sample = cluster_sample(&customers, 2, 10);
        let ids = |points: &[ScatterPoint]| points.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&sample.clusters[0].points), ["b"]);
        assert_eq!(ids(&sample.clusters[1].points), ["a", "c"]);
        assert_eq!(sample.clusters[1].customers, 2);
        assert_eq!(sample.clusters[1].points[1].features.monetary, -4.0);
        assert_eq!(
            sample.lowest,
            Features {
                recency_days: 0,
                frequency: 1,
                monetary: -4.0
            }
        );
    }

    #[test]
    fn a_large_scatter_is_sampled_evenly_and_keeps_small_clusters() {
        // 1,000 customers in cluster 0 and 10 in cluster 1, a budget of 101: cluster 0 gets
        // ⌊1000 × 101 / 1010⌋ = 100, every 10th customer; cluster 1 all 10 (the minimum).
        let customers: Vec<_> = (0..1010)
            .map(|i| {
                in_cluster(
                    row(&i.to_string(), (1, 1), (i, 1, 1.0)),
                    usize::from(i >= 1000),
                )
            })
            .collect();
        let sample = cluster_sample(&customers, 2, 101);
        let recency = |c: &ClusterPoints| {
            c.points
                .iter()
                .map(|p| p.features.recency_days)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            recency(&sample.clusters[0]),
            (0..100).map(|i| 10 * i + 9).collect::<Vec<_>>()
        );
        assert_eq!(
            recency(&sample.clusters[1]),
            (1000..1010).collect::<Vec<_>>()
        );
        assert_eq!(
            sample
                .clusters
                .iter()
                .map(|c| c.customers)
                .collect::<Vec<_>>(),
            [1000, 10]
        );
    }
}
