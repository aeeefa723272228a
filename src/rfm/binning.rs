//! Turning one dimension's values into score groups that never split equal values.

use serde::Serialize;

/// How one dimension's values were cut into score groups.
///
/// Group `g` (0-based, lowest values first) holds the values `v` with
/// `cuts[g - 1] <= v < cuts[g]`; the first group has no lower bound and the last no upper
/// bound. Equal values therefore always fall in the same group.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Binning {
    /// Lower bound of groups 1..levels, ascending (`levels - 1` values).
    pub cuts: Vec<f64>,
}

impl Binning {
    /// The 0-based group of `value`.
    pub fn group(&self, value: f64) -> usize {
        self.cuts.partition_point(|&cut| cut <= value)
    }

    /// Cut points that keep equal values together and make the groups as close to equal in
    /// size as ties allow.
    ///
    /// "As close to equal" means the smallest sum of squared differences between each group's
    /// size and `n / levels`; among equally good cuttings, the one whose cuts lie nearest the
    /// ideal quantile positions wins (so that, say, all-equal values land in the middle
    /// group rather than an arbitrary end). Candidate cuts are the boundaries between distinct
    /// values, and the optimum is found exactly by dynamic programming. Because the cost of a
    /// group is a convex function of its size, the best split point moves monotonically with
    /// the end point, which lets a divide-and-conquer search do each level in O(m log m) for
    /// m distinct values.
    pub fn balanced(values: &[f64], levels: usize) -> Binning {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        // Distinct values and the number of values below each boundary: boundary j lies
        // between distinct value j - 1 and distinct value j.
        let mut distinct: Vec<f64> = Vec::new();
        let mut below: Vec<u64> = vec![0];
        for (index, &value) in sorted.iter().enumerate() {
            if distinct.last() != Some(&value) {
                if !distinct.is_empty() {
                    below.push(index as u64);
                }
                distinct.push(value);
            }
        }
        below.push(sorted.len() as u64);
        if distinct.is_empty() {
            return Binning { cuts: Vec::new() };
        }
        let boundaries = best_boundaries(&below, levels, sorted.len() as u64);
        // A cut at boundary j starts its group at distinct value j; cuts at the very end
        // (after the largest value) are open-ended, and infinity keeps them so.
        let cuts = boundaries
            .into_iter()
            .map(|j| distinct.get(j).copied().unwrap_or(f64::INFINITY))
            .collect();
        Binning { cuts }
    }
}

/// A cutting's cost, compared in order: the sum of the squared differences between each
/// group's size and its ideal, then, to break ties, the cuts' distances from the ideal quantile
/// positions. Compared as a pair rather than weighted into one number, so that no step needs
/// a 128-bit multiplication, which WebAssembly makes a library call.
type Cost = (u128, u64);

const NO_COST: Cost = (u128::MAX, u64::MAX);

fn add((a, b): Cost, (c, d): Cost) -> Cost {
    (a + c, b + d)
}

/// The boundaries (indices into `below`) of the `levels - 1` cuts minimising the cost.
fn best_boundaries(below: &[u64], levels: usize, n: u64) -> Vec<usize> {
    let levels_u = levels as u64;
    let last = below.len() - 1;
    // All costs are scaled by `levels` to stay integral: a group of `size` costs
    // (levels·size − n)², and a cut after `count` values, as the l-th cut, costs
    // |levels·count − l·n|.
    let group_cost = |from: usize, to: usize| -> Cost {
        let size = below[to] - below[from];
        let difference = (levels_u * size).abs_diff(n);
        let squared = match u32::try_from(difference) {
            Ok(small) => u128::from(u64::from(small) * u64::from(small)),
            Err(_) => u128::from(difference) * u128::from(difference),
        };
        (squared, 0)
    };
    let cut_cost = |cut: usize, boundary: usize| -> Cost {
        (0, (levels_u * below[boundary]).abs_diff(cut as u64 * n))
    };

    // cost[l][j]: best cost of the first l + 1 groups ending at boundary j.
    let mut cost: Vec<Vec<Cost>> = vec![(0..=last).map(|j| group_cost(0, j)).collect()];
    let mut choice: Vec<Vec<usize>> = vec![vec![0; last + 1]];
    for cut in 1..levels {
        let previous = &cost[cut - 1];
        let mut current = vec![NO_COST; last + 1];
        let mut chosen = vec![0; last + 1];
        let step = |j: usize, i: usize| add(add(previous[i], cut_cost(cut, i)), group_cost(i, j));
        solve_layer(0, last, 0, last, &step, &mut current, &mut chosen);
        cost.push(current);
        choice.push(chosen);
    }
    let mut boundaries = vec![0; levels - 1];
    let mut end = last;
    for cut in (1..levels).rev() {
        end = choice[cut][end];
        boundaries[cut - 1] = end;
    }
    boundaries
}

/// Fills `best[j]` for j in `lo..=hi` with the minimum of `step(j, i)` over i in
/// `from..=min(to, j)`, knowing the best i is non-decreasing in j.
fn solve_layer(
    lo: usize,
    hi: usize,
    from: usize,
    to: usize,
    step: &impl Fn(usize, usize) -> Cost,
    best: &mut [Cost],
    chosen: &mut [usize],
) {
    if lo > hi {
        return;
    }
    let mid = (lo + hi) / 2;
    let (mut best_cost, mut best_i) = (NO_COST, from);
    for i in from..=to.min(mid) {
        let cost = step(mid, i);
        if cost < best_cost {
            (best_cost, best_i) = (cost, i);
        }
    }
    best[mid] = best_cost;
    chosen[mid] = best_i;
    if mid > lo {
        solve_layer(lo, mid - 1, from, best_i, step, best, chosen);
    }
    solve_layer(mid + 1, hi, best_i, to, step, best, chosen);
}

/// The size and value range of one score group, as in `rfm.scores.*.groups[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreGroup {
    /// The score, 1 to the number of levels.
    pub score: u8,
    /// Customers with this score.
    pub customers: u64,
    /// Smallest value in the group, `null` when it is empty.
    pub min: Option<f64>,
    /// Largest value in the group, `null` when it is empty.
    pub max: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(values: &[f64], levels: usize) -> Vec<usize> {
        let binning = Binning::balanced(values, levels);
        let mut sizes = vec![0; levels];
        for &value in values {
            sizes[binning.group(value)] += 1;
        }
        sizes
    }

    /// Every cutting that respects ties, by brute force, to check the optimum.
    fn brute_force_best(values: &[f64], levels: usize) -> u64 {
        let mut distinct: Vec<f64> = values.to_vec();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        let n = values.len() as f64;
        let mut best = f64::INFINITY;
        let mut cuts = vec![0usize; levels - 1];
        loop {
            let bounds: Vec<f64> = cuts
                .iter()
                .map(|&j| distinct.get(j).copied().unwrap_or(f64::INFINITY))
                .collect();
            let binning = Binning { cuts: bounds };
            let mut counts = vec![0.0; levels];
            for &v in values {
                counts[binning.group(v)] += 1.0;
            }
            let cost: f64 = counts.iter().map(|c| (c - n / levels as f64).powi(2)).sum();
            best = best.min(cost);
            // Next non-decreasing cut vector over 0..=distinct.len().
            let mut k = levels - 2;
            loop {
                if cuts[k] < distinct.len() {
                    cuts[k] += 1;
                    let value = cuts[k];
                    cuts[k + 1..].iter_mut().for_each(|c| *c = value);
                    break;
                }
                if k == 0 {
                    return (best * 1e6).round() as u64;
                }
                k -= 1;
            }
        }
    }

    fn cost(sizes: &[usize]) -> u64 {
        let n: usize = sizes.iter().sum();
        let ideal = n as f64 / sizes.len() as f64;
        let cost: f64 = sizes.iter().map(|&s| (s as f64 - ideal).powi(2)).sum();
        (cost * 1e6).round() as u64
    }

    #[test]
    fn distinct_values_split_into_equal_quintiles() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(sizes(&values, 5), [2, 2, 2, 2, 2]);
        assert_eq!(Binning::balanced(&values, 5).cuts, [3.0, 5.0, 7.0, 9.0]);
    }

    #[test]
    fn all_equal_values_share_the_middle_score() {
        assert_eq!(sizes(&[7.0; 9], 5), [0, 0, 9, 0, 0]);
        // Four levels have two middle scores, equally near the ideal cuts: the upper one wins.
        assert_eq!(sizes(&[7.0; 8], 4), [0, 0, 8, 0]);
        assert_eq!(sizes(&[7.0; 3], 3), [0, 3, 0]);
    }

    #[test]
    fn two_distinct_values() {
        // 6 ones and 4 twos: the ones fill groups as one block, the twos another.
        let mut values = vec![1.0; 6];
        values.extend([2.0; 4]);
        let found = sizes(&values, 5);
        assert_eq!(found.iter().filter(|&&s| s > 0).count(), 2);
        assert_eq!(found.iter().sum::<usize>(), 10);
        assert_eq!(cost(&found), brute_force_best(&values, 5));
    }

    #[test]
    fn many_ties_at_the_low_end() {
        // Frequencies as in real data: 60 % buy once.
        let mut values = vec![1.0; 60];
        values.extend([2.0; 15]);
        values.extend([3.0; 8]);
        values.extend((0..17).map(|i| 4.0 + f64::from(i)));
        let found = sizes(&values, 5);
        assert_eq!(found[0], 60);
        assert_eq!(cost(&found), brute_force_best(&values, 5));
    }

    #[test]
    fn matches_brute_force_on_seeded_random_ties() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        for case in 0..200 {
            let n = rng.gen_range(1..40);
            let spread = rng.gen_range(1..12);
            let values: Vec<f64> = (0..n)
                .map(|_| f64::from(rng.gen_range(0..spread)))
                .collect();
            for levels in 3..=5 {
                let found = sizes(&values, levels);
                assert_eq!(
                    cost(&found),
                    brute_force_best(&values, levels),
                    "case {case}: {values:?}"
                );
            }
        }
    }

    #[test]
    fn groups_are_monotone_in_the_value() {
        let values = [5.0, 1.0, 3.0, 3.0, 9.0, 2.0, 3.0, 8.0, 8.0, 0.5, 4.0];
        let binning = Binning::balanced(&values, 5);
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let groups: Vec<usize> = sorted.iter().map(|&v| binning.group(v)).collect();
        assert!(groups.windows(2).all(|w| w[0] <= w[1]), "{groups:?}");
    }

    #[test]
    fn empty_input_has_no_cuts() {
        assert_eq!(Binning::balanced(&[], 5).cuts, Vec::<f64>::new());
    }
}
