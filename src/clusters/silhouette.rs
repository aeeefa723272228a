//! The silhouette score of several clusterings of the same points, from one set of distance sums.

use std::collections::HashMap;

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use crate::clusters::features::Points;
use crate::clusters::kmeans::squared_distance;
use crate::parallel::join;

/// `size` distinct row indices of `0..n`, in ascending order, drawn with the seeded generator
/// (a partial Fisher–Yates shuffle); all rows when there are no more than `size`.
pub(crate) fn sample_rows(n: usize, size: usize, seed: u64) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..n).collect();
    if n <= size {
        return rows;
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    for drawn in 0..size {
        // A uniform index in drawn..n by multiply-and-shift; the bias is below 2⁻⁴⁵.
        let span = (n - drawn) as u128;
        let pick = drawn + ((u128::from(rng.next_u64()) * span) >> 64) as usize;
        rows.swap(drawn, pick);
    }
    rows.truncate(size);
    rows.sort_unstable();
    rows
}

/// The mean silhouette of each clustering (`labelings[l][i]` = cluster of point `i`, clusters
/// numbered from 0) of the rows of `points`, as scikit-learn's `silhouette_score` defines it:
/// s(i) = (b − a) / max(a, b), a the mean Euclidean distance from i to the other members of
/// its cluster, b the smallest mean distance to the members of another cluster; s(i) = 0 when i
/// is alone in its cluster. `None` for a clustering with fewer than two clusters among the
/// points.
///
/// The points that share their cluster in every clustering form a cell, and a point's
/// distances are summed by cell before they are added to the sums of every clustering: k = 2
/// to 8 make far fewer cells than there are points, so scoring them all costs little more
/// than computing the distances.
pub(crate) fn silhouettes<L: AsRef<[usize]>>(points: &Points, labelings: &[L]) -> Vec<Option<f64>> {
    let n = points.len();
    let clusters: Vec<usize> = labelings
        .iter()
        .map(|labels| labels.as_ref().iter().max().map_or(0, |&max| max + 1))
        .collect();
    // Point i's distance sums to every cluster of every clustering sit in one row of `sums`,
    // clustering l's from `offsets[l]`.
    let offsets: Vec<usize> = clusters
        .iter()
        .scan(0, |next, &k| {
            let offset = *next;
            *next += k;
            Some(offset)
        })
        .collect();
    let width: usize = clusters.iter().sum();
    let cells = Cells::of(labelings, &offsets);
    let mut sums = vec![0.0; n * width];
    if width > 0 {
        // Every row costs the same, so the two halves of the rows share the cores where there
        // are threads.
        let (early, late) = sums.split_at_mut(n / 2 * width);
        let rows_from = |first: usize, rows: &mut [f64]| {
            let mut by_cell = vec![0.0; cells.columns.len()];
            for (offset, row) in rows.chunks_exact_mut(width).enumerate() {
                cells.distance_sums(points, first + offset, &mut by_cell, row);
            }
        };
        join(|| rows_from(0, early), || rows_from(n / 2, late));
    }
    labelings
        .iter()
        .enumerate()
        .map(|(l, labels)| {
            let labels = labels.as_ref();
            let mut sizes = vec![0usize; clusters[l]];
            for &label in labels {
                sizes[label] += 1;
            }
            if sizes.iter().filter(|&&size| size > 0).count() < 2 {
                return None;
            }
            let total: f64 = labels
                .iter()
                .enumerate()
                .map(|(i, &own)| {
                    if sizes[own] < 2 {
                        return 0.0;
                    }
                    let row = &sums[i * width + offsets[l]..i * width + offsets[l] + clusters[l]];
                    let a = row[own] / (sizes[own] - 1) as f64;
                    let b = (0..clusters[l])
                        .filter(|&c| c != own && sizes[c] > 0)
                        .map(|c| row[c] / sizes[c] as f64)
                        .fold(f64::INFINITY, f64::min);
                    let spread = a.max(b);
                    if spread > 0.0 {
                        (b - a) / spread
                    } else {
                        0.0
                    }
                })
                .sum();
            Some(total / n as f64)
        })
        .collect()
}

/// The points grouped by their clusters in all clusterings at once.
struct Cells {
    /// The cell of each point.
    of_point: Vec<usize>,
    /// For each cell, the column of its cluster in a row of sums, for each clustering.
    columns: Vec<Vec<usize>>,
}

impl Cells {
    /// The cells of `labelings`, numbered in the order their first point comes, clustering l's
    /// columns counted from `offsets[l]`.
    fn of<L: AsRef<[usize]>>(labelings: &[L], offsets: &[usize]) -> Cells {
        let n = labelings.first().map_or(0, |labels| labels.as_ref().len());
        let mut numbers: HashMap<Vec<usize>, usize> = HashMap::new();
        let mut columns = Vec::new();
        let of_point = (0..n)
            .map(|i| {
                let point_columns: Vec<usize> = labelings
                    .iter()
                    .zip(offsets)
                    .map(|(labels, offset)| offset + labels.as_ref()[i])
                    .collect();
                *numbers
                    .entry(point_columns)
                    .or_insert_with_key(|point_columns| {
                        columns.push(point_columns.clone());
                        columns.len() - 1
                    })
            })
            .collect();
        Cells { of_point, columns }
    }

    /// Point i's row of sums: its distances to the points of each cluster of each clustering,
    /// `by_cell` being room for a sum per cell.
    fn distance_sums(&self, points: &Points, i: usize, by_cell: &mut [f64], row: &mut [f64]) {
        by_cell.fill(0.0);
        let point = points.row(i);
        // i's distance to itself is 0, so it may be added with the others.
        for (other, &cell) in points.values.chunks_exact(points.dims).zip(&self.of_point) {
            by_cell[cell] += squared_distance(point, other).sqrt();
        }
        row.fill(0.0);
        for (&sum, columns) in by_cell.iter().zip(&self.columns) {
            for &column in columns {
                row[column] += sum;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_pairs_worked_by_hand() {
        // 0 and 6: a = 1, b = 5.5, s = 9/11; 1 and 5: a = 1, b = 4.5, s = 7/9. Mean 79/99.
        let points = Points::from_rows(&[0.0, 1.0, 5.0, 6.0], 1);
        let scores = silhouettes(&points, &[vec![0, 0, 1, 1]]);
        assert!((scores[0].unwrap() - 79.0 / 99.0).abs() < 1e-12);
    }

    #[test]
    fn a_lone_point_scores_zero() {
        // 0: a = 1, b = 5 → 0.8; 1: a = 1, b = 4 → 0.75; 5 alone → 0.
        let points = Points::from_rows(&[0.0, 1.0, 5.0], 1);
        let scores = silhouettes(&points, &[vec![0, 0, 1]]);
        assert!((scores[0].unwrap() - 1.55 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn several_clusterings_at_once_equal_each_alone() {
        let points = Points::from_rows(&[0.0, 1.0, 1.0, 0.0, 5.0, 5.0, 6.0, 4.0, 9.0, 0.0], 2);
        let labelings = [
            vec![0, 0, 1, 1, 1],
            vec![0, 0, 1, 1, 2],
            vec![1, 0, 1, 0, 0],
        ];
        let together = silhouettes(&points, &labelings);
        for (labels, score) in labelings.iter().zip(together) {
            let alone = silhouettes(&points, std::slice::from_ref(labels));
            assert!((alone[0].unwrap() - score.unwrap()).abs() < 1e-12);
        }
    }

    /// The definition, point by point and clustering by clustering.
    fn silhouette_by_definition(points: &Points, labels: &[usize]) -> f64 {
        let n = points.len();
        let k = labels.iter().max().unwrap() + 1;
        let total: f64 = (0..n)
            .map(|i| {
                let mut sums = vec![0.0; k];
                let mut sizes = vec![0usize; k];
                for j in (0..n).filter(|&j| j != i) {
                    sums[labels[j]] += squared_distance(points.row(i), points.row(j)).sqrt();
                    sizes[labels[j]] += 1;
                }
                let own = labels[i];
                if sizes[own] == 0 {
                    return 0.0;
                }
                let a = sums[own] / sizes[own] as f64;
                let b = (0..k)
                    .filter(|&c| c != own && sizes[c] > 0)
                    .map(|c| sums[c] / sizes[c] as f64)
                    .fold(f64::INFINITY, f64::min);
                (b - a) / a.max(b)
            })
            .sum();
        total / n as f64
    }

    #[test]
    fn clusterings_scored_together_match_the_definition() {
        // 301 points in 3 dimensions and labelings of k = 2 to 8 that cut across each other,
        // so that the points fall in many cells, some of one point.
        let mut rng = Xoshiro256Plus::seed_from_u64(7);
        let mut uniform = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let values: Vec<f64> = (0..301 * 3).map(|_| uniform() * 10.0).collect();
        let points = Points::from_rows(&values, 3);
        let labelings: Vec<Vec<usize>> = (2..=8)
            .map(|k| {
                (0..301)
                    .map(|i| ((values[i * 3] + values[i * 3 + 1] * k as f64) as usize) % k)
                    .collect()
            })
            .collect();
        let scores = silhouettes(&points, &labelings);
        for (labels, score) in labelings.iter().zip(scores) {
            let expected = silhouette_by_definition(&points, labels);
            assert!(
                (score.unwrap() - expected).abs() < 1e-12,
                "{score:?} {expected}"
            );
        }
    }

    #[test]
    fn one_cluster_has_no_score() {
        let points = Points::from_rows(&[0.0, 1.0], 1);
        assert_eq!(silhouettes(&points, &[vec![0, 0]]), vec![None]);
    }

    #[test]
    fn samples_are_distinct_sorted_and_seeded() {
        let rows = sample_rows(1_000, 100, 5);
        assert_eq!(rows.len(), 100);
        assert!(rows.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(rows, sample_rows(1_000, 100, 5));
        assert_ne!(rows, sample_rows(1_000, 100, 6));
        assert_eq!(sample_rows(3, 100, 5), vec![0, 1, 2]);
    }
}
