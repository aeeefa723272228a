//! Behavioural segmentation: k-means on standardised log recency, frequency and monetary value,
//! with k chosen by silhouette, clusters named from their centroids and ordered by revenue.
//!
//! Every random choice is drawn from one seed, and the features avoid platform maths
//! libraries, so the same data and settings give the same clusters natively and in wasm.

mod features;
mod kmeans;
mod params;
mod profile;
mod silhouette;

use std::sync::Arc;

use serde::Serialize;

use crate::customers::Customer;
use crate::error::Error;
use crate::parallel::{join, map_alternating};
use crate::rfm::{CustomerRfm, SegmentSummary};
use crate::setting::{refusal, Setting};
use crate::text::Texts;

pub use params::{
    ClusterConfig, ClusterCount, ClusterParams, ClusterParamsError, ExtraFeature,
    MAX_AUTO_CLUSTERS, MAX_CLUSTERS, MAX_SILHOUETTE_SAMPLE,
};
pub use profile::{Centroid, ClusterSummary, CrossTab, CrossTabRow};

use features::{ordered_features, RFM_FEATURE_NAMES};
use kmeans::{k_means, lloyd, one_step_sse, Solution};
use silhouette::{sample_rows, silhouettes};

/// The report's `clusters` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSection {
    /// The number of clusters of the final model.
    pub k: usize,
    /// `silhouette` when k was chosen automatically, `user` when it was given.
    pub chosen_by: &'static str,
    /// The features clustered, each standardised to mean 0 and standard deviation 1.
    pub features: Vec<&'static str>,
    /// k-means runs (k-means++ starts) per k; the best run is kept.
    pub runs: usize,
    /// Customers the silhouette scores were computed on (a seeded sample when there are more).
    pub silhouette_sample: usize,
    /// Within-cluster sum of squares of the final model: Σ over customers of the squared
    /// distance, in standardised units, to their cluster's mean.
    pub sse: f64,
    /// Each k tried, for the elbow (inertia) curve and the silhouette scores.
    pub candidates: Vec<Candidate>,
    /// The clusters, by net revenue, largest first.
    pub clusters: Vec<ClusterSummary>,
    /// Customers of each cluster in each RFM segment.
    pub cross_tab: CrossTab,
}

/// One k tried, as in `clusters.candidates[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// The number of clusters.
    pub k: usize,
    /// Within-cluster sum of squares over all customers (the inertia of the elbow curve). For the
    /// k chosen, the final model's ([`ClusterSection::sse`]); for another k, that of one Lloyd
    /// step on all customers from the centroids of its best run on the sample (each customer to
    /// the nearest, the sum taken about the means of the clusters so formed), which is at or
    /// above the `sse` that k given explicitly reports, further steps only lowering it: a little
    /// above with the default sample, more with a small one.
    pub sse: f64,
    /// Mean silhouette score, on the sample, of this k's best run on the sample, from −1 to 1,
    /// higher = better separated; `null` when the sample falls in a single cluster.
    pub silhouette: Option<f64>,
}

/// One customer's cluster, as flattened into the report's `customers[]`; both `null` when the
/// analysis made no clusters.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerCluster {
    /// The index of the customer's cluster in `clusters.clusters`.
    pub cluster: Option<usize>,
    /// That cluster's display name, shared with the cluster's other customers.
    pub cluster_name: Option<Arc<Texts>>,
}

/// The clustering results: the report section and one entry per customer.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterAnalysis {
    /// The report's `clusters` section.
    pub section: ClusterSection,
    /// Per customer, in the order of the customers given.
    pub customers: Vec<CustomerCluster>,
}

/// Clusters the customers and profiles the clusters; `rfm` (per customer) and `segments` (the
/// RFM segment summary) give the cross-tabulation. `None` when `k` is automatic and every
/// customer has the same values, so that there is nothing to cluster; a fixed `k` larger than
/// the distinct customers is an error.
///
/// ```
/// use custval::{analyze, ClusterCount, ClusterParams, Options};
///
/// let mut csv = String::from("customer,date,amount\n");
/// for i in 0..40 {
///     // Twenty recent regulars who spend a lot, twenty who bought once, long ago, for little.
///     if i % 2 == 0 {
///         for day in [3, 10, 17] {
///             csv.push_str(&format!("c{i},2024-06-{:02},{}\n", day + i % 5, 200 + i));
///         }
///     } else {
///         csv.push_str(&format!("c{i},2024-01-{:02},{}\n", 1 + i % 20, 5 + i % 3));
///     }
/// }
/// let clusters = ClusterParams { k: ClusterCount::Fixed(2), ..ClusterParams::default() };
/// let options = Options { clusters: Some(clusters), ..Options::default() };
/// let report = analyze(csv.as_bytes(), &options)?;
/// let section = report.clusters.as_ref().unwrap();
/// assert_eq!((section.k, section.clusters[0].customers), (2, 20));
/// assert_eq!(section.clusters[0].key, "recent_frequent_high_spenders");
/// assert_eq!(report.customers[0].cluster.cluster, Some(0));
/// # Ok::<(), custval::Error>(())
/// ```
pub fn analyze_clusters(
    customers: &[Customer],
    rfm: &[CustomerRfm],
    segments: &[SegmentSummary],
    config: &ClusterConfig,
) -> Result<Option<ClusterAnalysis>, Error> {
    // Clustered in an order of their own, not the file's, so that sorting the file otherwise
    // changes nothing; `order[i]` is the customer at position i.
    let (order, data) = ordered_features(customers, &config.extra_features);
    let ordered: Vec<&Customer> = order.iter().map(|&i| &customers[i]).collect();
    // One seeded sample serves the k-means++ runs and the silhouette scores; with no more
    // customers than the sample size it is all of them.
    let sample = sample_rows(customers.len(), config.silhouette_sample, config.seed);
    let points = data.select(&sample);
    let distinct = points.distinct();
    let (among, among_zh) = if sample.len() < customers.len() {
        let sampled = sample.len();
        (
            format!(" among the {sampled} customers sampled"),
            format!("（在抽样的 {sampled} 位客户中）"),
        )
    } else {
        (String::new(), String::new())
    };
    let ks = match config.k {
        ClusterCount::Fixed(k) if k > distinct => {
            let there = if distinct == 1 {
                "there is"
            } else {
                "there are"
            };
            return Err(invalid(
                format!("{k} clusters need at least {k} customers with different recency, frequency and monetary values; {there} {distinct}{among}"),
                format!("{k} 个聚类至少需要 {k} 位最近购买、购买频次和消费金额互不相同的客户；现有 {distinct} 位{among_zh}"),
            ));
        }
        ClusterCount::Fixed(k) => k..=k,
        ClusterCount::Auto if distinct < 2 => return Ok(None),
        ClusterCount::Auto => 2..=MAX_AUTO_CLUSTERS.min(distinct),
    };
    // k is chosen on the sample: each k's best run there, scored by the silhouette of its
    // clusters there. Iterating every k on all customers would multiply the passes over a big
    // file, so only the k chosen is, while the others take one pass for their sum of squares.
    // Each piece is computed alone, so they share the cores where there are threads.
    let ks: Vec<usize> = ks.collect();
    let fits = map_alternating(&ks, |&k| k_means(&points, k, config.runs, config.seed))
        .into_iter()
        .collect::<Result<Vec<Solution>, String>>()
        .map_err(|error| invalid(error.clone(), error))?;
    let labelings: Vec<&[usize]> = fits.iter().map(|fit| &fit.labels[..]).collect();
    let scores = silhouettes(&points, &labelings);
    // The best silhouette; the first (smallest k) among equals, and k = 2 if none has a score.
    let score = |i: usize| scores[i].unwrap_or(f64::NEG_INFINITY);
    let best = (0..scores.len()).fold(0, |best, i| if score(i) > score(best) { i } else { best });
    let (solution, one_step) = join(
        || lloyd(&data, fits[best].centroids.values.clone()),
        || {
            fits.iter()
                .enumerate()
                .map(|(i, fit)| (i != best).then(|| one_step_sse(&data, &fit.centroids.values)))
                .collect::<Vec<Option<f64>>>()
        },
    );
    let candidates: Vec<Candidate> = fits
        .iter()
        .zip(one_step)
        .zip(scores)
        .map(|((fit, one_step), silhouette)| Candidate {
            k: fit.centroids.len(),
            sse: one_step.unwrap_or(solution.sse),
            silhouette,
        })
        .collect();
    let (clusters, ordered_labels) = profile::profile(&ordered, &solution);
    let mut labels = vec![0; customers.len()];
    for (&customer, &label) in order.iter().zip(&ordered_labels) {
        labels[customer] = label;
    }
    let segment_of: Vec<&str> = rfm.iter().map(|c| &*c.segment).collect();
    let keys = segments.iter().map(|s| s.key.clone()).collect();
    let cross_tab = profile::cross_tab(keys, clusters.len(), &labels, &segment_of);
    let names: Vec<Arc<Texts>> = clusters.iter().map(|c| Arc::new(c.name.clone())).collect();
    let members = labels
        .iter()
        .map(|&label| CustomerCluster {
            cluster: Some(label),
            cluster_name: Some(Arc::clone(&names[label])),
        })
        .collect();
    Ok(Some(ClusterAnalysis {
        section: ClusterSection {
            k: clusters.len(),
            chosen_by: match config.k {
                ClusterCount::Auto => "silhouette",
                ClusterCount::Fixed(_) => "user",
            },
            features: RFM_FEATURE_NAMES
                .into_iter()
                .chain(config.extra_features.iter().map(|feature| feature.name()))
                .collect(),
            runs: config.runs,
            silhouette_sample: sample.len(),
            sse: solution.sse,
            candidates,
            clusters,
            cross_tab,
        },
        customers: members,
    }))
}

/// The options' error for the number of clusters, `en` and `zh_cn` saying why.
fn invalid(en: String, zh_cn: String) -> Error {
    refusal(Setting::Clusters, Texts::new(en, zh_cn))
}
