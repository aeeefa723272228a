//! R, F and M scores for every customer, with the thresholds and group sizes behind them.

use serde::Serialize;

use crate::rfm::binning::{Binning, ScoreGroup, SortedValues};
use crate::text::{grouped, Counted, Grouped, Texts};

/// One customer's scores, each from 1 to the number of levels (5 = best: most recent, most
/// frequent, highest value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scores {
    /// Recency score.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// Monetary score.
    pub m: u8,
}

impl Scores {
    /// The cell as digits, e.g. `545`.
    pub fn cell(self) -> String {
        format!("{}{}{}", self.r, self.f, self.m)
    }

    /// The same position on a five-level scale (1 → 1, top → 5, evenly in between), so that
    /// rules written for five levels also read three- and four-level scores.
    pub(crate) fn on_five_levels(self, levels: u8) -> Scores {
        let rescale = |score: u8| {
            let position = f64::from(score - 1) / f64::from(levels - 1);
            (1.0 + 4.0 * position).round() as u8
        };
        Scores {
            r: rescale(self.r),
            f: rescale(self.f),
            m: rescale(self.m),
        }
    }
}

/// Which way a dimension scores: for recency fewer days is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// How one dimension was scored, as in `rfm.scores.recency` and its siblings.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DimensionScoring {
    /// `quantiles` (the default) or `custom` thresholds.
    pub method: &'static str,
    /// Ascending cut points: a value at or above `cuts[i]` falls past the i-th cut. For
    /// frequency and monetary each cut raises the score by one; for recency (days) it lowers
    /// it. `null` marks a cut above every value, which leaves the top groups empty.
    pub cuts: Vec<Option<f64>>,
    /// Size and value range of each score, from score 1 up.
    pub groups: Vec<ScoreGroup>,
    /// Why some scores hold fewer customers than an equal split would give.
    pub notes: Vec<Texts>,
}

/// Scores one dimension: the score of every value, and the report of how.
pub(crate) fn score_dimension(
    name: (&str, &str),
    values: &[f64],
    levels: u8,
    custom_cuts: Option<&[f64]>,
    direction: Direction,
) -> (Vec<u8>, DimensionScoring) {
    // Quantiles are cut on the values sorted, which the notes on their ties read as well.
    let (binning, sorted) = match custom_cuts {
        Some(cuts) => (
            Binning {
                cuts: cuts.to_vec(),
            },
            None,
        ),
        None => {
            let sorted = SortedValues::of(values);
            (
                Binning::balanced(&sorted, usize::from(levels)),
                Some(sorted),
            )
        }
    };
    let score_of_group = |group: usize| match direction {
        Direction::HigherIsBetter => group as u8 + 1,
        Direction::LowerIsBetter => levels - group as u8,
    };
    let group_of_score = |score: u8| match direction {
        Direction::HigherIsBetter => usize::from(score - 1),
        Direction::LowerIsBetter => usize::from(levels - score),
    };
    let mut groups: Vec<ScoreGroup> = (1..=levels)
        .map(|score| ScoreGroup {
            score,
            customers: 0,
            min: None,
            max: None,
        })
        .collect();
    let scores: Vec<u8> = values
        .iter()
        .map(|&value| {
            let score = score_of_group(binning.group(value));
            let group = &mut groups[usize::from(score - 1)];
            group.customers += 1;
            group.min = Some(group.min.map_or(value, |min| min.min(value)));
            group.max = Some(group.max.map_or(value, |max| max.max(value)));
            score
        })
        .collect();
    let notes = match &sorted {
        Some(sorted) => tie_notes(name, sorted, &binning, &groups, group_of_score),
        None => Vec::new(),
    };
    let scoring = DimensionScoring {
        method: if custom_cuts.is_some() {
            "custom"
        } else {
            "quantiles"
        },
        cuts: binning
            .cuts
            .iter()
            .map(|&cut| cut.is_finite().then_some(cut))
            .collect(),
        groups,
        notes,
    };
    (scores, scoring)
}

/// The share of an equal split under which a score group is clearly smaller, worth a note: a
/// few customers short is no news to anyone, nor less than one short (1 where 1.2 would be
/// equal, in a file of six customers).
const CLEARLY_SMALLER: f64 = 0.9;

/// A note for each score group that ties left clearly smaller than an equal split, naming the
/// largest tie at one of its cuts (a cut cannot divide customers with equal values), or the
/// largest tie of all where none is at its cuts.
fn tie_notes(
    name: (&str, &str),
    values: &SortedValues,
    binning: &Binning,
    groups: &[ScoreGroup],
    index_of_score: impl Fn(u8) -> usize,
) -> Vec<Texts> {
    let ideal = values.as_slice().len() as f64 / groups.len() as f64;
    let small: Vec<&ScoreGroup> = (groups.iter())
        .filter(|group| {
            let customers = group.customers as f64;
            customers < CLEARLY_SMALLER * ideal && customers <= ideal - 1.0
        })
        .collect();
    if small.is_empty() {
        return Vec::new();
    }
    let runs = runs_of_equal_values(values);
    let runs = runs.as_slice();
    let Some(widest) = largest_tie(runs.iter()) else {
        return Vec::new();
    };
    // The runs of values on either side of a cut.
    let beside = |cut: f64| {
        let above = runs.partition_point(|&(value, _)| value < cut);
        &runs[above.saturating_sub(1)..(above + 1).min(runs.len())]
    };
    small
        .into_iter()
        .map(|group| {
            let index = index_of_score(group.score);
            let cuts = [index.checked_sub(1), Some(index)]
                .into_iter()
                .flatten()
                .filter_map(|cut| binning.cuts.get(cut).copied())
                .filter(|cut| cut.is_finite());
            let at_cut = largest_tie(cuts.flat_map(beside));
            let (en_name, zh_name) = name;
            let score = group.score;
            let customers_en = Counted(Grouped(group.customers), "customer", "customers");
            let customers = grouped(group.customers);
            let about = grouped(ideal.round() as u64);
            let (tied_value, tied_count) = at_cut.unwrap_or(widest);
            let tied = grouped(tied_count);
            let (en_where, zh_where) = match at_cut {
                Some(_) => (" at its edge", "其边界处"),
                None => ("", ""),
            };
            Texts::new(
                format!(
                    "{en_name} score {score} holds {customers_en} instead of about {about}: equal values always get equal scores, and {tied} customers share the value {tied_value}{en_where}."
                ),
                format!(
                    "{zh_name}得分 {score} 有 {customers} 位客户，而不是约 {about} 位：相同的值总是得到相同的分数，而{zh_where}有 {tied} 位客户的值同为 {tied_value}。"
                ),
            )
        })
        .collect()
}

/// The run of equal values with the most customers, if any value repeats.
fn largest_tie<'a>(runs: impl Iterator<Item = &'a (f64, u64)>) -> Option<(f64, u64)> {
    runs.copied()
        .filter(|&(_, count)| count > 1)
        .max_by_key(|&(_, count)| count)
}

/// Each distinct value, ascending, with how many customers have it.
fn runs_of_equal_values(values: &SortedValues) -> Vec<(f64, u64)> {
    values
        .as_slice()
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len() as u64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recency_scores_run_the_other_way() {
        let days = [0.0, 10.0, 20.0, 30.0, 40.0];
        let (scores, scoring) =
            score_dimension(("R", "R"), &days, 5, None, Direction::LowerIsBetter);
        assert_eq!(scores, [5, 4, 3, 2, 1]);
        assert_eq!(
            scoring.cuts,
            [Some(10.0), Some(20.0), Some(30.0), Some(40.0)]
        );
        assert_eq!(scoring.groups[4].min, Some(0.0));
        assert_eq!(scoring.groups[0].max, Some(40.0));
        assert!(scoring.notes.is_empty());
    }

    #[test]
    fn custom_thresholds_score_as_given() {
        // F: 1, 2, 3–4, 5–9, 10+.
        let frequency = [1.0, 2.0, 3.0, 4.0, 5.0, 9.0, 10.0, 42.0];
        let cuts = [2.0, 3.0, 5.0, 10.0];
        let (scores, scoring) = score_dimension(
            ("F", "F"),
            &frequency,
            5,
            Some(&cuts),
            Direction::HigherIsBetter,
        );
        assert_eq!(scores, [1, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(scoring.method, "custom");
        let sizes: Vec<u64> = scoring.groups.iter().map(|g| g.customers).collect();
        assert_eq!(sizes, [1, 1, 2, 2, 2]);
    }

    #[test]
    fn ties_that_empty_a_group_are_explained() {
        let mut frequency = vec![1.0; 12];
        frequency.extend([2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
        let (_, scoring) = score_dimension(
            ("F", "频次"),
            &frequency,
            5,
            None,
            Direction::HigherIsBetter,
        );
        let groups: Vec<u64> = scoring.groups.iter().map(|g| g.customers).collect();
        assert_eq!(groups.iter().sum::<u64>(), 20);
        assert!(!scoring.notes.is_empty(), "{groups:?}");
        assert!(
            scoring.notes[0]
                .en
                .contains("12 customers share the value 1"),
            "{:?}",
            scoring.notes
        );
        assert!(scoring.notes[0].zh_cn.contains("频次得分"));
    }

    #[test]
    fn a_group_a_few_customers_short_has_no_note() {
        // 1,000 customers, 31 of them at 385: a cut beside the tie leaves a group a few
        // customers short of 200, within a tenth of it.
        let mut values: Vec<f64> = (1..=970).map(f64::from).collect();
        values.extend([385.0; 30]);
        let (_, scoring) = score_dimension(("M", "M"), &values, 5, None, Direction::HigherIsBetter);
        let sizes: Vec<u64> = scoring.groups.iter().map(|g| g.customers).collect();
        assert!(
            sizes.iter().any(|&size| size < 199) && sizes.iter().all(|&size| size >= 180),
            "{sizes:?}"
        );
        assert!(scoring.notes.is_empty(), "{:?}", scoring.notes);
    }

    #[test]
    fn a_note_names_the_tie_at_the_small_groups_cut() {
        let mut frequency = vec![1.0; 30];
        frequency.extend((2..=9).map(f64::from));
        frequency.extend([10.0; 9]);
        frequency.extend([11.0, 12.0, 13.0]);
        let (_, scoring) =
            score_dimension(("F", "F"), &frequency, 5, None, Direction::HigherIsBetter);
        // Groups: 1 (30 customers), 2–5 (4), 6–9 (4), 10 (9), 11–13 (3). The third and fifth
        // are small for the nine 10s beside their cuts, not for the thirty 1s.
        assert_eq!(scoring.cuts, [Some(2.0), Some(6.0), Some(10.0), Some(11.0)]);
        let causes: Vec<&str> = (scoring.notes.iter())
            .map(|note| note.en.split_once(", and ").map_or("", |(_, cause)| cause))
            .collect();
        assert_eq!(
            causes,
            [
                "30 customers share the value 1 at its edge.",
                "9 customers share the value 10 at its edge.",
                "9 customers share the value 10 at its edge."
            ]
        );
    }

    #[test]
    fn all_equal_values_get_the_middle_score_and_a_note() {
        let (scores, scoring) =
            score_dimension(("M", "M"), &[50.0; 20], 5, None, Direction::HigherIsBetter);
        assert_eq!(scores, [3; 20]);
        assert_eq!(scoring.cuts, [Some(50.0), Some(50.0), None, None]);
        assert_eq!(scoring.notes.len(), 4);
    }

    #[test]
    fn a_group_less_than_one_customer_short_has_no_note_and_one_is_singular() {
        let notes = |values: &[f64]| {
            let (_, scoring) =
                score_dimension(("M", "M"), values, 5, None, Direction::HigherIsBetter);
            scoring
                .notes
                .into_iter()
                .map(|note| note.en)
                .collect::<Vec<_>>()
        };
        // Six customers: 1.2 a score would be equal, and a score of 1 is no news.
        assert_eq!(notes(&[1.0, 1.0, 2.0, 3.0, 4.0, 5.0]), Vec::<String>::new());
        // Ten: 2 a score, and the tie of three 1s leaves one score a single customer.
        let ten = notes(&[1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
        assert_eq!(ten.len(), 1, "{ten:?}");
        assert!(
            ten[0].contains(" holds 1 customer instead of about 2: "),
            "{ten:?}"
        );
    }

    #[test]
    fn rescaling_to_five_levels() {
        let three = |r, f, m| Scores { r, f, m }.on_five_levels(3);
        assert_eq!(three(1, 2, 3), Scores { r: 1, f: 3, m: 5 });
        let four = |r, f, m| Scores { r, f, m }.on_five_levels(4);
        assert_eq!(four(1, 2, 3), Scores { r: 1, f: 2, m: 4 });
        assert_eq!(four(4, 4, 4), Scores { r: 5, f: 5, m: 5 });
        let five = Scores { r: 2, f: 4, m: 5 };
        assert_eq!(five.on_five_levels(5), five);
    }
}
