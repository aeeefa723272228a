//! k-means: linfa's k-means++ starts and best-of-n runs, finished with standard (Lloyd)
//! steps so that centroids are exact cluster means and `sse` is the textbook objective.

use linfa::traits::Fit;
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use ndarray::Array2;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use crate::clusters::features::Points;

/// One k-means solution.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Solution {
    /// The cluster of each row, 0 to k − 1; every cluster has members.
    pub labels: Vec<usize>,
    /// The mean of each cluster's rows.
    pub centroids: Points,
    /// Σ over rows of the squared Euclidean distance to their cluster's mean.
    pub sse: f64,
}

/// Lloyd steps stop when no row changes cluster or the centroids together move less than
/// this (squared) distance, at the latest after [`MAX_LLOYD_STEPS`]: scikit-learn's defaults,
/// whose tolerance is 10⁻⁴ times the mean variance of the features, which is 1 here because
/// the features are z-scores.
const TOLERANCE: f64 = 1e-4;

/// See [`TOLERANCE`].
const MAX_LLOYD_STEPS: usize = 300;

/// Clusters the rows of `sample` into `k` groups: `runs` k-means++ starts, each run to
/// convergence; the best run (least sum of squares) is kept. [`lloyd`] then takes its
/// centroids on to all the customers, for the k kept.
///
/// linfa draws the k-means++ starts. Its own iterations are not used to converge: its
/// centroid update is m_k-means (the old centroid counts as one more member), so its centroids
/// are near, not at, the cluster means, and its `inertia()` is a mean squared distance.
/// Standard (Lloyd) steps move the centroids to the exact means; the `sse` is then
/// Σ ‖x − mean of x's cluster‖², the quantity scikit-learn calls `inertia_`.
///
/// Clusters left empty (possible only when many rows coincide) are dropped, so the solution
/// may have fewer than `k` clusters. `sample` must have at least `k` rows.
pub(crate) fn k_means(
    sample: &Points,
    k: usize,
    runs: usize,
    seed: u64,
) -> Result<Solution, String> {
    let failed = |error: &dyn std::fmt::Display| format!("k-means with k = {k} failed: {error}");
    let records = Array2::from_shape_vec((sample.len(), sample.dims), sample.values.clone())
        .map_err(|error| failed(&error))?;
    let dataset = DatasetBase::from(records);
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let mut best: Option<Solution> = None;
    for _ in 0..runs {
        let start = KMeans::params_with_rng(k, rng.clone())
            .n_runs(1)
            .max_n_iterations(1)
            .fit(&dataset)
            .map_err(|error| failed(&error))?;
        // Each run draws from its own stretch of the generator's sequence.
        rng.jump();
        let starting_centroids = start.centroids().iter().copied().collect();
        let run = lloyd(sample, starting_centroids);
        if best.as_ref().is_none_or(|best| run.sse < best.sse) {
            best = Some(run);
        }
    }
    best.ok_or_else(|| failed(&"no run"))
}

/// The within-cluster sum of squares after one Lloyd step from `centroids` on `points`: each
/// row assigned to its nearest centroid, and the squared distances summed about the means of
/// the clusters so formed. Lloyd's steps never raise the sum, so it is at or above what
/// [`lloyd`] reaches from the same centroids, for one pass over the rows instead of several.
pub(crate) fn one_step_sse(points: &Points, centroids: &[f64]) -> f64 {
    let mut rows = Memberships::new(points.len());
    let no_drift = vec![0.0; centroids.len() / points.dims];
    let means = assign(points, centroids, &no_drift, &mut rows).means(centroids);
    sum_of_squares(points, &rows.labels, &means)
}

/// Lloyd's algorithm from the given centroids (k rows of `points.dims` values) until it
/// converges (see [`TOLERANCE`]); the result's centroids are the exact means of its clusters.
pub(crate) fn lloyd(points: &Points, mut centroids: Vec<f64>) -> Solution {
    let dims = points.dims;
    let mut rows = Memberships::new(points.len());
    // Nothing has moved before the first assignment, whose bounds (none yet) skip no row.
    let mut drift = vec![0.0; centroids.len() / dims];
    let mut assigned = assign(points, &centroids, &drift, &mut rows);
    for _ in 0..MAX_LLOYD_STEPS {
        let moved = assigned.means(&centroids);
        let shift = squared_distance(&moved, &centroids);
        for ((drift, new), old) in drift
            .iter_mut()
            .zip(moved.chunks_exact(dims))
            .zip(centroids.chunks_exact(dims))
        {
            *drift = squared_distance(new, old).sqrt();
        }
        centroids = moved;
        assigned = assign(points, &centroids, &drift, &mut rows);
        if assigned.changed == 0 || shift <= TOLERANCE {
            break;
        }
    }
    let centroids = assigned.means(&centroids);
    let (labels, centroids) = drop_empty(rows.labels, centroids, dims);
    let sse = sum_of_squares(points, &labels, &centroids);
    Solution {
        labels,
        centroids: Points {
            values: centroids,
            dims,
        },
        sse,
    }
}

/// Σ over the rows of the squared distance to the centroid of their cluster (`labels`).
fn sum_of_squares(points: &Points, labels: &[usize], centroids: &[f64]) -> f64 {
    let dims = points.dims;
    points
        .values
        .chunks_exact(dims)
        .zip(labels)
        .map(|(row, &label)| squared_distance(row, &centroids[label * dims..(label + 1) * dims]))
        .sum()
}

/// Squared Euclidean distance.
pub(crate) fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// What one pass of [`assign`] leaves for the next Lloyd step.
struct Assignment {
    /// Values per row.
    dims: usize,
    /// Per cluster, the sum of its rows' values (k rows of `dims` values).
    sums: Vec<f64>,
    /// Per cluster, its rows.
    counts: Vec<usize>,
    /// Rows whose cluster changed.
    changed: usize,
}

impl Assignment {
    /// The mean of each cluster's rows; an empty cluster keeps its `previous` centroid.
    fn means(&self, previous: &[f64]) -> Vec<f64> {
        let mut means = self.sums.clone();
        for ((mean, old), &count) in means
            .chunks_exact_mut(self.dims)
            .zip(previous.chunks_exact(self.dims))
            .zip(&self.counts)
        {
            if count == 0 {
                mean.copy_from_slice(old);
            } else {
                mean.iter_mut().for_each(|value| *value /= count as f64);
            }
        }
        means
    }
}

/// Each row's cluster, with bounds on its distances to the centroids that let a Lloyd step
/// skip the rows whose nearest centroid cannot have changed (Hamerly's algorithm): late steps
/// move the centroids little, and most rows then need one distance or none instead of k.
struct Memberships {
    /// The cluster of each row.
    labels: Vec<usize>,
    /// Per row, at least the distance to its cluster's centroid.
    upper: Vec<f64>,
    /// Per row, at most the distance to any other centroid.
    lower: Vec<f64>,
}

impl Memberships {
    /// `n` rows without bounds: the first assignment compares each with every centroid.
    fn new(n: usize) -> Memberships {
        Memberships {
            labels: vec![0; n],
            upper: vec![f64::INFINITY; n],
            lower: vec![0.0; n],
        }
    }
}

/// How much a row's upper bound must stay below its lower bound for the row to be skipped, in
/// relative and absolute terms: many orders of magnitude above the rounding errors of the
/// distances and of the bounds' updates, so that a row is skipped only when comparing it with
/// every centroid would certainly give the same cluster, and the labels, sums and figures are
/// exactly those of the full comparison.
const SLACK: f64 = 1e-9;

/// Whether `upper` is below `lower` by more than rounding could account for; see [`SLACK`].
fn safely_below(upper: f64, lower: f64) -> bool {
    upper * (1.0 + SLACK) + SLACK < lower
}

/// Moves each row to its nearest centroid (ties go to the lower index), updating `rows` in
/// place, and sums the clusters' rows in the same pass, so that a Lloyd step reads the points
/// once. `drift[j]` is how far centroid j moved since the last assignment.
fn assign(points: &Points, centroids: &[f64], drift: &[f64], rows: &mut Memberships) -> Assignment {
    // The features are the three RFM ones plus up to two extras: with the row length a
    // constant, the compiler unrolls the distance loops instead of looping over a length known
    // only at run time.
    match points.dims {
        3 => assign_rows(points, centroids, drift, rows, 3),
        4 => assign_rows(points, centroids, drift, rows, 4),
        5 => assign_rows(points, centroids, drift, rows, 5),
        dims => assign_rows(points, centroids, drift, rows, dims),
    }
}

/// [`assign`] for rows of `dims` values; inlined into each of its calls so that a constant
/// `dims` specialises it.
#[inline(always)]
fn assign_rows(
    points: &Points,
    centroids: &[f64],
    drift: &[f64],
    rows: &mut Memberships,
    dims: usize,
) -> Assignment {
    let k = centroids.len() / dims;
    // The most any centroid other than j moved: how much closer it can have come to j's rows.
    let others: Vec<f64> = (0..k)
        .map(|own| {
            drift
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != own)
                .fold(0.0, |most, (_, &moved)| f64::max(most, moved))
        })
        .collect();
    let mut sums = vec![0.0; centroids.len()];
    let mut counts = vec![0usize; k];
    let mut changed = 0;
    let bounds = rows.upper.iter_mut().zip(rows.lower.iter_mut());
    for ((row, label), (upper, lower)) in points
        .values
        .chunks_exact(dims)
        .zip(rows.labels.iter_mut())
        .zip(bounds)
    {
        let own = *label;
        *upper += drift[own];
        *lower -= others[own];
        let stays = safely_below(*upper, *lower) || {
            *upper = squared_distance(row, &centroids[own * dims..(own + 1) * dims]).sqrt();
            safely_below(*upper, *lower)
        };
        if !stays {
            let mut best = (0, f64::INFINITY);
            let mut second = f64::INFINITY;
            for (index, centroid) in centroids.chunks_exact(dims).enumerate() {
                let distance = squared_distance(row, centroid);
                if distance < best.1 {
                    second = best.1;
                    best = (index, distance);
                } else if distance < second {
                    second = distance;
                }
            }
            if best.0 != own {
                *label = best.0;
                changed += 1;
            }
            *upper = best.1.sqrt();
            *lower = second.sqrt();
        }
        let nearest = *label;
        for (sum, value) in sums[nearest * dims..(nearest + 1) * dims]
            .iter_mut()
            .zip(row)
        {
            *sum += value;
        }
        counts[nearest] += 1;
    }
    Assignment {
        dims,
        sums,
        counts,
        changed,
    }
}

/// Renumbers clusters without members away.
fn drop_empty(mut labels: Vec<usize>, centroids: Vec<f64>, dims: usize) -> (Vec<usize>, Vec<f64>) {
    let mut used = vec![false; centroids.len() / dims];
    for &label in &labels {
        used[label] = true;
    }
    if used.iter().all(|&u| u) {
        return (labels, centroids);
    }
    let mut new_index = vec![0; used.len()];
    let mut kept = Vec::new();
    for (old, centroid) in centroids.chunks_exact(dims).enumerate() {
        if used[old] {
            new_index[old] = kept.len() / dims;
            kept.extend_from_slice(centroid);
        }
    }
    for label in &mut labels {
        *label = new_index[*label];
    }
    (labels, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_obvious_groups_worked_by_hand() {
        // Means (0.5, 0) and (10.5, 0); each point is 0.5 from its mean: SSE = 4 · 0.25.
        let data = Points::from_rows(&[0.0, 0.0, 1.0, 0.0, 10.0, 0.0, 11.0, 0.0], 2);
        let solution = k_means(&data, 2, 3, 7).unwrap();
        assert_eq!(solution.labels[0], solution.labels[1]);
        assert_eq!(solution.labels[2], solution.labels[3]);
        assert_ne!(solution.labels[0], solution.labels[2]);
        assert!((solution.sse - 1.0).abs() < 1e-12);
        let first = solution.centroids.row(solution.labels[0]);
        assert!((first[0] - 0.5).abs() < 1e-12);
    }

    #[test]
    fn coinciding_rows_leave_no_empty_cluster() {
        let data = Points::from_rows(&[1.0, 1.0, 1.0, 5.0], 1);
        let solution = k_means(&data, 3, 2, 1).unwrap();
        let k = solution.centroids.len();
        assert!((1..=3).contains(&k));
        for cluster in 0..k {
            assert!(solution.labels.contains(&cluster));
        }
        assert!(solution.sse.abs() < 1e-12);
    }

    #[test]
    fn lloyd_converges_to_exact_means_worked_by_hand() {
        // From centroids 0 and 3: {0, 1, 2} and {6, 7}, means 1 and 6.5, SSE 2 + 0.5.
        let data = Points::from_rows(&[0.0, 1.0, 2.0, 6.0, 7.0], 1);
        let solution = lloyd(&data, vec![0.0, 3.0]);
        assert_eq!(solution.labels, vec![0, 0, 0, 1, 1]);
        assert_eq!(solution.centroids.values, vec![1.0, 6.5]);
        assert!((solution.sse - 2.5).abs() < 1e-12);
    }

    #[test]
    fn one_step_sse_worked_by_hand() {
        // From centroids 0 and 3: {0, 1} and {2, 6, 7}, means 0.5 and 5, SSE 0.5 + 14; Lloyd
        // goes on to {0, 1, 2} and {6, 7}, SSE 2.5.
        let data = Points::from_rows(&[0.0, 1.0, 2.0, 6.0, 7.0], 1);
        assert!((one_step_sse(&data, &[0.0, 3.0]) - 14.5).abs() < 1e-12);
    }

    #[test]
    fn skipping_rows_by_bounds_gives_the_labels_of_comparing_every_centroid() {
        // Reference: textbook Lloyd steps that compare every row with every centroid, on
        // seeded points in three overlapping blobs plus exact duplicates (ties).
        let mut state = 12_345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut values = Vec::new();
        for i in 0..3_000 {
            let centre = (i % 3) as f64 * 1.5;
            values.extend([centre + next(), centre - next(), next() * 2.0]);
        }
        values.extend_from_within(..300);
        let points = Points::from_rows(&values, 3);
        let start = points.values[..5 * 3].to_vec();
        let mut centroids = start.clone();
        let nearest = |centroids: &[f64]| -> Vec<usize> {
            points
                .values
                .chunks_exact(3)
                .map(|row| {
                    let distances = centroids.chunks_exact(3).map(|c| squared_distance(row, c));
                    let (index, _) =
                        distances
                            .enumerate()
                            .fold(
                                (0, f64::INFINITY),
                                |best, (i, d)| if d < best.1 { (i, d) } else { best },
                            );
                    index
                })
                .collect()
        };
        let mut labels = nearest(&centroids);
        for _ in 0..MAX_LLOYD_STEPS {
            let mut sums = vec![0.0; centroids.len()];
            let mut counts = [0usize; 5];
            for (row, &label) in points.values.chunks_exact(3).zip(&labels) {
                (0..3).for_each(|d| sums[label * 3 + d] += row[d]);
                counts[label] += 1;
            }
            let moved: Vec<f64> = (0..centroids.len())
                .map(|i| {
                    if counts[i / 3] == 0 {
                        centroids[i]
                    } else {
                        sums[i] / counts[i / 3] as f64
                    }
                })
                .collect();
            let shift = squared_distance(&moved, &centroids);
            centroids = moved;
            let next_labels = nearest(&centroids);
            let converged = next_labels == labels || shift <= TOLERANCE;
            labels = next_labels;
            if converged {
                break;
            }
        }
        let solution = lloyd(&points, start);
        assert_eq!(solution.labels, labels);
    }

    #[test]
    fn empty_clusters_are_renumbered() {
        let (labels, centroids) = drop_empty(vec![0, 2, 2], vec![0.0, 0.0, 9.0, 9.0, 4.0, 4.0], 2);
        assert_eq!(labels, vec![0, 1, 1]);
        assert_eq!(centroids, vec![0.0, 0.0, 4.0, 4.0]);
    }
}
