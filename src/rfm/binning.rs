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
    /// group rather than an arbitrary end), and a tie left after that puts each cut, from the
    /// highest down, at the lowest value it can take. Candidate cuts are the boundaries between distinct
    /// values, and the optimum is found exactly by dynamic programming. Because the cost of a
    /// group is a convex function of its size, the best split point moves monotonically with
    /// the end point, which lets a divide-and-conquer search do each level in O(m log m) for
    /// m distinct values. Unless ties are large, the optimum is first bounded by the cutting
    /// nearest the quantiles, and then only the few boundaries near them need a look.
    pub fn balanced(values: &SortedValues, levels: usize) -> Binning {
        let sorted = &values.0;
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

/// One dimension's values in ascending order ([`f64::total_cmp`]'s), sorted once for the
/// cutting and the notes on ties alike.
pub(crate) struct SortedValues(Vec<f64>);

impl SortedValues {
    pub fn of(values: &[f64]) -> SortedValues {
        let mut sorted = values.to_vec();
        sorted.sort_unstable_by(f64::total_cmp);
        SortedValues(sorted)
    }

    pub fn as_slice(&self) -> &[f64] {
        &self.0
    }
}

/// A cutting's cost, compared in order: the sum of the squared differences between each
/// group's size and its ideal, then, to break ties, the cuts' distances from the ideal quantile
/// positions. Compared as a pair rather than weighted into one number, so that no step needs
/// a 128-bit multiplication, which WebAssembly makes a library call.
type Cost = (u128, u64);

const NO_COST: Cost = (u128::MAX, u64::MAX);

/// Saturating, so that [`NO_COST`] stays the highest cost whatever is added to it.
fn add((a, b): Cost, (c, d): Cost) -> Cost {
    (a.saturating_add(c), b.saturating_add(d))
}

/// The costs of groups and cuts over the boundaries between distinct values, all scaled by
/// the number of levels to stay integral.
struct Costs<'a> {
    /// The number of values below each boundary.
    below: &'a [u64],
    levels: u64,
    n: u64,
}

impl Costs<'_> {
    /// A group from boundary `from` to boundary `to` costs (levels·size − n)².
    fn group(&self, from: usize, to: usize) -> Cost {
        let size = self.below[to] - self.below[from];
        let difference = (self.levels * size).abs_diff(self.n);
        let squared = match u32::try_from(difference) {
            Ok(small) => u128::from(u64::from(small) * u64::from(small)),
            Err(_) => u128::from(difference) * u128::from(difference),
        };
        (squared, 0)
    }

    /// The `cut`-th cut at `boundary`, after `count` values, costs |levels·count − cut·n|.
    fn cut(&self, cut: usize, boundary: usize) -> Cost {
        let count = self.below[boundary];
        (0, (self.levels * count).abs_diff(cut as u64 * self.n))
    }
}

/// The boundaries (indices into `below`) of the `levels - 1` cuts minimising the cost.
fn best_boundaries(below: &[u64], levels: usize, n: u64) -> Vec<usize> {
    let costs = Costs {
        below,
        levels: levels as u64,
        n,
    };
    near_the_quantiles(&costs, levels).unwrap_or_else(|| over_every_boundary(&costs, levels))
}

/// The optimum of [`over_every_boundary`], searched only where it can lie. The cutting
/// nearest the quantiles costs some U in group sizes; no group of a cutting as good deviates
/// (scaled) by more than √U from the ideal, so the l-th cut of the optimum lies within
/// min(l, levels − l)·√U of l·n. Without large ties that leaves a few boundaries per cut, and
/// a plain search over them replaces the O(m log m) one per cut for m distinct values. The
/// search keeps the first of equally good cuts, as [`solve_layer`] does, so both give the same
/// cutting. `None` when ties leave too many boundaries to search this way.
fn near_the_quantiles(costs: &Costs, levels: usize) -> Option<Vec<usize>> {
    let (below, n, scaled) = (costs.below, costs.n, costs.levels);
    let last = below.len() - 1;
    // Positions are compared scaled by `levels`: the l-th ideal cut lies at l·n.
    let position = |boundary: usize| scaled * below[boundary];
    let nearest: Vec<usize> = (1..levels as u64)
        .map(|cut| {
            // The first boundary at or after the ideal cut; the last one, at n, always is.
            let after = below.partition_point(|&count| scaled * count < cut * n);
            match after.checked_sub(1) {
                Some(before) if cut * n - position(before) <= position(after) - cut * n => before,
                _ => after,
            }
        })
        .collect();
    let starts = std::iter::once(0).chain(nearest.iter().copied());
    let ends = nearest.iter().copied().chain([last]);
    let spread: u128 = starts
        .zip(ends)
        .map(|(from, to)| costs.group(from, to).0)
        .sum();
    let slack = spread.isqrt() as u64;
    let windows: Vec<std::ops::Range<usize>> = (1..levels as u64)
        .map(|cut| {
            let reach = cut.min(scaled - cut) * slack;
            let low = (cut * n).saturating_sub(reach);
            let high = cut * n + reach;
            below.partition_point(|&count| scaled * count < low)
                ..below.partition_point(|&count| scaled * count <= high)
        })
        .collect();
    let pairs: usize = windows.windows(2).map(|w| w[0].len() * w[1].len()).sum();
    if pairs > levels * below.len() {
        return None;
    }
    // best[k]: the cost of the first cuts up to this one, ending at window position k.
    let mut best: Vec<Cost> = windows[0].clone().map(|i| costs.group(0, i)).collect();
    let mut choices: Vec<Vec<usize>> = Vec::with_capacity(levels - 1);
    for cut in 1..levels {
        let ends = windows.get(cut).cloned().unwrap_or(last..last + 1);
        let mut next = Vec::with_capacity(ends.len());
        let mut chosen = Vec::with_capacity(ends.len());
        for end in ends {
            let (mut lowest, mut at) = (NO_COST, windows[cut - 1].start);
            for (i, &so_far) in windows[cut - 1].clone().zip(&best) {
                if i > end {
                    break;
                }
                let cost = add(add(so_far, costs.cut(cut, i)), costs.group(i, end));
                if cost < lowest {
                    (lowest, at) = (cost, i);
                }
            }
            next.push(lowest);
            chosen.push(at);
        }
        best = next;
        choices.push(chosen);
    }
    let mut boundaries = vec![0; levels - 1];
    let mut end = last;
    for cut in (1..levels).rev() {
        let first_end = windows.get(cut).map_or(last, |window| window.start);
        end = choices[cut - 1][end - first_end];
        boundaries[cut - 1] = end;
    }
    Some(boundaries)
}

/// The cutting of least cost by dynamic programming over every boundary.
fn over_every_boundary(costs: &Costs, levels: usize) -> Vec<usize> {
    let last = costs.below.len() - 1;
    // cost[l][j]: best cost of the first l + 1 groups ending at boundary j.
    let mut cost: Vec<Vec<Cost>> = vec![(0..=last).map(|j| costs.group(0, j)).collect()];
    let mut choice: Vec<Vec<usize>> = vec![vec![0; last + 1]];
    for cut in 1..levels {
        let previous = &cost[cut - 1];
        let mut current = vec![NO_COST; last + 1];
        let mut chosen = vec![0; last + 1];
        let step = |j: usize, i: usize| add(add(previous[i], costs.cut(cut, i)), costs.group(i, j));
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
        let binning = Binning::balanced(&SortedValues::of(values), levels);
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
        assert_eq!(
            Binning::balanced(&SortedValues::of(&values), 5).cuts,
            [3.0, 5.0, 7.0, 9.0]
        );
    }

    #[test]
    fn all_equal_values_share_the_middle_score() {
        assert_eq!(sizes(&[7.0; 9], 5), [0, 0, 9, 0, 0]);
        // Four levels have two middle scores, equally near the ideal cuts: the upper one wins.
        assert_eq!(sizes(&[7.0; 8], 4), [0, 0, 8, 0]);
        assert_eq!(sizes(&[7.0; 3], 3), [0, 3, 0]);
    }

    #[test]
    fn a_tie_left_between_cuttings_goes_to_the_lower_cut() {
        // On four levels, groups 0, 2, 3 and 0, 1, 3 cost the same in sizes (12, scaled) and in
        // the cuts' distances from the ideal ones (4): the second cut takes the lower value.
        let values = [9.0, 31.0, 36.0];
        let binning = Binning::balanced(&SortedValues::of(&values), 4);
        let groups: Vec<usize> = values.iter().map(|&v| binning.group(v)).collect();
        assert_eq!(groups, [0, 2, 3]);
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
    fn the_search_near_the_quantiles_finds_the_cuts_of_the_search_over_every_boundary() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let mut searched_near = 0;
        for case in 0..300 {
            // Mostly distinct values, as monetary values are, with some ties of every size.
            let n = rng.gen_range(2..3_000);
            let tie_share = [0.0, 0.01, 0.1, 0.4][case % 4];
            let values: Vec<f64> = (0..n)
                .map(|i| {
                    if rng.gen_bool(tie_share) {
                        f64::from(rng.gen_range(0..5))
                    } else {
                        f64::from(i) + 0.5
                    }
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let mut below = vec![0];
            below.extend(
                (1..sorted.len())
                    .filter(|&i| sorted[i] != sorted[i - 1])
                    .map(|i| i as u64),
            );
            below.push(sorted.len() as u64);
            for levels in 3..=5 {
                let costs = Costs {
                    below: &below,
                    levels: levels as u64,
                    n: sorted.len() as u64,
                };
                let near = near_the_quantiles(&costs, levels);
                // Without ties the short search always applies.
                assert!(near.is_some() || tie_share > 0.0, "case {case}");
                if let Some(near) = near {
                    searched_near += 1;
                    assert_eq!(
                        near,
                        over_every_boundary(&costs, levels),
                        "case {case}, {levels} levels"
                    );
                }
            }
        }
        // The largest ties leave too many boundaries for it.
        assert!((600..900).contains(&searched_near), "{searched_near}");
    }

    #[test]
    fn groups_are_monotone_in_the_value() {
        let values = [5.0, 1.0, 3.0, 3.0, 9.0, 2.0, 3.0, 8.0, 8.0, 0.5, 4.0];
        let binning = Binning::balanced(&SortedValues::of(&values), 5);
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let groups: Vec<usize> = sorted.iter().map(|&v| binning.group(v)).collect();
        assert!(groups.windows(2).all(|w| w[0] <= w[1]), "{groups:?}");
    }

    #[test]
    fn empty_input_has_no_cuts() {
        assert_eq!(
            Binning::balanced(&SortedValues::of(&[]), 5).cuts,
            Vec::<f64>::new()
        );
    }
}
