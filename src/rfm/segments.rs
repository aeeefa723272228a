//! Named segments: rules over R, F and M scores, the default grid, and a linter that finds
//! holes and dead rules before anything is computed.

use serde::{Deserialize, Serialize};

use crate::rfm::scores::Scores;
use crate::text::Texts;

/// An inclusive range of scores, e.g. `{"min": 4, "max": 5}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRange {
    /// Lowest score included.
    pub min: u8,
    /// Highest score included.
    pub max: u8,
}

impl ScoreRange {
    /// The range `min..=max`.
    pub const fn new(min: u8, max: u8) -> ScoreRange {
        ScoreRange { min, max }
    }

    fn contains(self, score: u8) -> bool {
        (self.min..=self.max).contains(&score)
    }
}

/// One segment: the customers whose scores fall in all three ranges, unless an earlier rule
/// took them. A missing range means every score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SegmentRule {
    /// Stable key, e.g. `champions`.
    pub key: String,
    /// Display name in each language.
    pub name: Texts,
    /// Recency scores (5 = most recent on a five-level scale).
    #[serde(default)]
    pub recency: Option<ScoreRange>,
    /// Frequency scores.
    #[serde(default)]
    pub frequency: Option<ScoreRange>,
    /// Monetary scores.
    #[serde(default)]
    pub monetary: Option<ScoreRange>,
}

impl SegmentRule {
    fn matches(&self, cell: Scores) -> bool {
        let within = |range: Option<ScoreRange>, score| range.is_none_or(|r| r.contains(score));
        within(self.recency, cell.r)
            && within(self.frequency, cell.f)
            && within(self.monetary, cell.m)
    }
}

/// The ten default segments on the recency × frequency grid (five levels). Every one of the
/// 25 cells belongs to exactly one segment, so every customer gets a segment:
///
/// | R \ F | 1 | 2 | 3 | 4 | 5 |
/// |---|---|---|---|---|---|
/// | 5 | New Customers | Potential Loyalists | Potential Loyalists | Champions | Champions |
/// | 4 | Promising | Potential Loyalists | Potential Loyalists | Loyal Customers | Loyal Customers |
/// | 3 | About To Sleep | About To Sleep | Need Attention | Loyal Customers | Loyal Customers |
/// | 2 | Hibernating | Hibernating | At Risk | At Risk | Can't Lose Them |
/// | 1 | Hibernating | Hibernating | At Risk | At Risk | Can't Lose Them |
pub fn default_rules() -> Vec<SegmentRule> {
    let rule = |key: &str, en: &str, zh: &str, r: (u8, u8), f: (u8, u8)| SegmentRule {
        key: key.to_string(),
        name: Texts::new(en, zh),
        recency: Some(ScoreRange::new(r.0, r.1)),
        frequency: Some(ScoreRange::new(f.0, f.1)),
        monetary: None,
    };
    vec![
        rule("champions", "Champions", "冠军客户", (5, 5), (4, 5)),
        rule(
            "loyal_customers",
            "Loyal Customers",
            "忠诚客户",
            (3, 4),
            (4, 5),
        ),
        rule(
            "potential_loyalists",
            "Potential Loyalists",
            "潜在忠诚客户",
            (4, 5),
            (2, 3),
        ),
        rule("new_customers", "New Customers", "新客户", (5, 5), (1, 1)),
        rule("promising", "Promising", "有潜力客户", (4, 4), (1, 1)),
        rule(
            "need_attention",
            "Need Attention",
            "需要关注客户",
            (3, 3),
            (3, 3),
        ),
        rule(
            "about_to_sleep",
            "About To Sleep",
            "即将沉睡客户",
            (3, 3),
            (1, 2),
        ),
        rule("at_risk", "At Risk", "有流失风险客户", (1, 2), (3, 4)),
        rule(
            "cant_lose_them",
            "Can't Lose Them",
            "不能失去的客户",
            (1, 2),
            (5, 5),
        ),
        rule("hibernating", "Hibernating", "休眠客户", (1, 2), (1, 2)),
    ]
}

/// What the linter found in a rule set, as in `rfm.rules.lint`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleLint {
    /// Score cells no rule covers, as `RFM` digits; `*` stands for every monetary score.
    pub uncovered: Vec<String>,
    /// Keys of rules that match no cell that an earlier rule has not already taken.
    pub unreachable: Vec<String>,
    /// Rules that share cells with an earlier rule (the earlier one wins there).
    pub overlaps: Vec<Overlap>,
}

/// Cells claimed by two rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overlap {
    /// The later rule, which loses these cells.
    pub rule: String,
    /// The earlier rule, which takes them.
    pub shadowed_by: String,
    /// How many of the `levels³` cells they share.
    pub cells: u32,
}

impl RuleLint {
    /// True when every cell is covered and every rule can be reached.
    pub fn is_sound(&self) -> bool {
        self.uncovered.is_empty() && self.unreachable.is_empty()
    }
}

/// Checks a rule set against every cell of a `levels`-level R × F × M grid.
pub fn lint(rules: &[SegmentRule], levels: u8) -> RuleLint {
    let mut lint = RuleLint::default();
    let mut reached = vec![false; rules.len()];
    let mut overlaps: Vec<Vec<u32>> = vec![vec![0; rules.len()]; rules.len()];
    for r in (1..=levels).rev() {
        for f in (1..=levels).rev() {
            let mut uncovered_m = Vec::new();
            for m in (1..=levels).rev() {
                let cell = Scores { r, f, m };
                let mut matching = rules
                    .iter()
                    .enumerate()
                    .filter(|(_, rule)| rule.matches(cell));
                match matching.next() {
                    Some((first, _)) => {
                        reached[first] = true;
                        for (later, _) in matching {
                            overlaps[later][first] += 1;
                        }
                    }
                    None => uncovered_m.push(m),
                }
            }
            if uncovered_m.len() == usize::from(levels) {
                lint.uncovered.push(format!("{r}{f}*"));
            } else {
                lint.uncovered
                    .extend(uncovered_m.iter().map(|m| format!("{r}{f}{m}")));
            }
        }
    }
    for (index, rule) in rules.iter().enumerate() {
        if !reached[index] {
            lint.unreachable.push(rule.key.clone());
        }
        for (earlier, &cells) in overlaps[index].iter().enumerate() {
            if cells > 0 {
                lint.overlaps.push(Overlap {
                    rule: rule.key.clone(),
                    shadowed_by: rules[earlier].key.clone(),
                    cells,
                });
            }
        }
    }
    lint
}

/// The index of the first rule matching `scores`, if any.
pub(crate) fn assign(rules: &[SegmentRule], scores: Scores) -> Option<usize> {
    rules.iter().position(|rule| rule.matches(scores))
}

/// The position of a cell in a [`cell_table`].
pub(crate) fn cell_index(scores: Scores, levels: u8) -> usize {
    let levels = usize::from(levels);
    let digit = |score: u8| usize::from(score - 1);
    (digit(scores.r) * levels + digit(scores.f)) * levels + digit(scores.m)
}

/// The rule of every cell of a `levels`-level grid, or `None` if a cell has no rule.
/// With `read_as_five`, cells are looked up at the same position on five levels, so the
/// five-level default rules also serve three and four levels.
pub(crate) fn cell_table(
    rules: &[SegmentRule],
    levels: u8,
    read_as_five: bool,
) -> Option<Vec<usize>> {
    let mut table = vec![0; usize::from(levels).pow(3)];
    for r in 1..=levels {
        for f in 1..=levels {
            for m in 1..=levels {
                let cell = Scores { r, f, m };
                let lookup = if read_as_five {
                    cell.on_five_levels(levels)
                } else {
                    cell
                };
                table[cell_index(cell, levels)] = assign(rules, lookup)?;
            }
        }
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment_at(r: u8, f: u8) -> &'static str {
        let rules = default_rules();
        let key = rules[assign(&rules, Scores { r, f, m: 3 }).unwrap()]
            .key
            .clone();
        Box::leak(key.into_boxed_str())
    }

    macro_rules! grid {
        ($($r:literal: [$($segment:literal),*],)*) => {{
            let mut cases = Vec::new();
            $(
                let mut f = 0;
                $( f += 1; cases.push(($r, f, $segment)); )*
            )*
            cases
        }};
    }

    #[test]
    fn default_grid_is_the_documented_table() {
        let table = grid! {
            5: ["new_customers", "potential_loyalists", "potential_loyalists", "champions", "champions"],
            4: ["promising", "potential_loyalists", "potential_loyalists", "loyal_customers", "loyal_customers"],
            3: ["about_to_sleep", "about_to_sleep", "need_attention", "loyal_customers", "loyal_customers"],
            2: ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
            1: ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
        };
        assert_eq!(table.len(), 25);
        for (r, f, expected) in table {
            assert_eq!(segment_at(r, f), expected, "R{r} F{f}");
        }
    }

    #[test]
    fn default_rules_are_sound_and_do_not_overlap() {
        assert_eq!(lint(&default_rules(), 5), RuleLint::default());
    }

    fn ranged(key: &str, r: (u8, u8), f: (u8, u8), m: (u8, u8)) -> SegmentRule {
        SegmentRule {
            key: key.into(),
            name: Texts::new(key, key),
            recency: Some(ScoreRange::new(r.0, r.1)),
            frequency: Some(ScoreRange::new(f.0, f.1)),
            monetary: Some(ScoreRange::new(m.0, m.1)),
        }
    }

    /// The example rule set of the R package rfm 0.3.0 (`?rfm_segment`), in its order and
    /// evaluated as custval does, first match wins.
    fn r_rfm_rules() -> Vec<SegmentRule> {
        #[rustfmt::skip]
        let rows = [
            ("Champions",          (4, 5), (4, 5), (4, 5)),
            ("Loyal Customers",    (2, 5), (3, 5), (3, 5)),
            ("Potential Loyalist", (3, 5), (1, 3), (1, 3)),
            ("New Customers",      (4, 5), (1, 1), (1, 1)),
            ("Promising",          (3, 4), (1, 1), (1, 1)),
            ("Need Attention",     (2, 3), (2, 3), (2, 3)),
            ("About To Sleep",     (2, 3), (1, 2), (1, 2)),
            ("At Risk",            (1, 2), (2, 5), (2, 5)),
            ("Can't Lose Them",    (1, 1), (4, 5), (4, 5)),
            ("Lost",               (1, 2), (1, 2), (1, 2)),
        ];
        rows.iter()
            .map(|&(key, r, f, m)| ranged(key, r, f, m))
            .collect()
    }

    /// Putler's published RFM segment table (R, F and M score ranges), in its order.
    fn putler_rules() -> Vec<SegmentRule> {
        let rows = [
            ("Champions", (4, 5), (4, 5), (4, 5)),
            ("Loyal Customers", (2, 5), (3, 5), (3, 5)),
            ("Potential Loyalist", (3, 5), (1, 3), (1, 3)),
            ("Recent Customers", (4, 5), (1, 1), (1, 1)),
            ("Promising", (3, 4), (1, 1), (1, 1)),
            ("Customers Needing Attention", (2, 3), (2, 3), (2, 3)),
            ("About To Sleep", (2, 3), (1, 2), (1, 2)),
            ("At Risk", (1, 2), (2, 5), (2, 5)),
            ("Can't Lose Them", (1, 1), (4, 5), (4, 5)),
            ("Hibernating", (1, 2), (1, 2), (1, 2)),
            ("Lost", (1, 2), (1, 2), (1, 2)),
        ];
        rows.iter()
            .map(|&(key, r, f, m)| ranged(key, r, f, m))
            .collect()
    }

    #[test]
    fn r_rfm_rule_set_leaves_cells_uncovered_and_rules_unreachable() {
        let found = lint(&r_rfm_rules(), 5);
        assert!(!found.is_sound());
        // A frequent, recent, low spender (R5 F5 M1) is in no segment: R rfm calls it "Others".
        assert!(
            found.uncovered.contains(&"551".to_string()),
            "{:?}",
            found.uncovered
        );
        // R5 F1 M1 is taken by Potential Loyalist before New Customers can have it.
        assert!(found.unreachable.contains(&"New Customers".to_string()));
        assert!(found.unreachable.contains(&"Promising".to_string()));
    }

    #[test]
    fn putler_rule_set_has_uncovered_cells_and_a_dead_segment() {
        let found = lint(&putler_rules(), 5);
        assert!(
            found.uncovered.contains(&"515".to_string()),
            "{:?}",
            found.uncovered
        );
        // Lost has exactly Hibernating's ranges, so it can never be reached. Of its 8 cells,
        // Hibernating takes 3; About To Sleep, Needing Attention and At Risk the rest.
        assert!(found.unreachable.contains(&"Lost".to_string()));
        assert!(found.overlaps.contains(&Overlap {
            rule: "Lost".into(),
            shadowed_by: "Hibernating".into(),
            cells: 3
        }));
    }

    #[test]
    fn uncovered_cells_are_listed_and_whole_monetary_rows_compacted() {
        let low_spend = vec![ranged("low_spend", (1, 3), (1, 3), (1, 2))];
        let found = lint(&low_spend, 3);
        let expected: Vec<String> = ["33", "32", "31", "23", "22", "21", "13", "12", "11"]
            .iter()
            .map(|rf| format!("{rf}3"))
            .collect();
        assert_eq!(found.uncovered, expected);

        let nothing: Vec<SegmentRule> = Vec::new();
        assert_eq!(
            lint(&nothing, 3).uncovered.first().map(String::as_str),
            Some("33*")
        );
        assert_eq!(lint(&nothing, 3).uncovered.len(), 9);

        let catch_all = SegmentRule {
            recency: None,
            frequency: None,
            monetary: None,
            ..low_spend[0].clone()
        };
        assert!(lint(&[catch_all], 3).is_sound());
    }
}
