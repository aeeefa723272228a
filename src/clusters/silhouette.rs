//! The silhouette score of several clusterings of the same points, in one pass over the pairs.

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
/// Every pair's distance is computed once and added to the sums of all clusterings, so
/// scoring k = 2 to 8 costs little more than scoring one k.
pub(crate) fn silhouettes<L: AsRef<[usize]>>(points: &Points, labelings: &[L]) -> Vec<Option<f64>> {
    let n = points.len();
    let clusters: Vec<usize> = labelings
        .iter()
        .map(|labels| labels.as_ref().iter().max().map_or(0, |&max| max + 1))
        .collect();
    // Point i's distance sums to every cluster of every clustering sit in one row of `sums`;
    // `column[i * m + l]` is the column of i's own cluster under clustering l.
    let offsets: Vec<usize> = clusters
        .iter()
        .scan(0, |next, &k| {
            let offset = *next;
            *next += k;
            Some(offset)
        })
        .collect();
    let width: usize = clusters.iter().sum();
    let m = labelings.len();
    let mut column = vec![0; n * m];
    for (l, labels) in labelings.iter().enumerate() {
        for (i, &label) in labels.as_ref().iter().enumerate() {
            column[i * m + l] = offsets[l] + label;
        }
    }
    // Point i's pairs with the later points, for every other i from `first`: the two halves of
    // the pairs take about equal work, so they share the cores where there are threads.
    let pair_sums = |first: usize| {
        let mut sums = vec![0.0; n * width];
        for i in (first..n).step_by(2) {
            let (before, after) = sums.split_at_mut((i + 1) * width);
            let own = &mut before[i * width..];
            let point = points.row(i);
            let own_columns = &column[i * m..(i + 1) * m];
            let later = points.values[(i + 1) * points.dims..].chunks_exact(points.dims);
            let later_columns = column[(i + 1) * m..].chunks_exact(m);
            for ((other_point, other), other_columns) in
                later.zip(after.chunks_exact_mut(width)).zip(later_columns)
            {
                let distance = squared_distance(point, other_point).sqrt();
                for (&own_column, &other_column) in own_columns.iter().zip(other_columns) {
                    own[other_column] += distance;
                    other[own_column] += distance;
                }
            }
        }
        sums
    };
    let (mut sums, odd) = join(|| pair_sums(0), || pair_sums(1));
    sums.iter_mut().zip(odd).for_each(|(sum, odd)| *sum += odd);
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
