//! The RFM settings a user can change, and their validation.

use std::collections::HashSet;
use std::fmt;

use crate::rfm::segments::{cell_table, default_rules, lint, RuleLint, ScoreRange, SegmentRule};
use crate::setting::{Setting, SettingError};
use crate::text::{Language, Rendered, Shortest};
use crate::Date;

/// Settings of the RFM analysis. Build one (every field has a documented default), then
/// [`check`](RfmParams::check) it into an [`RfmConfig`]; only checked settings reach the
/// analysis.
///
/// ```
/// use custval::RfmParams;
///
/// let params = RfmParams { levels: 4, ..RfmParams::default() };
/// assert!(params.check().is_ok());
/// let error = RfmParams { levels: 7, ..RfmParams::default() }.check().unwrap_err();
/// assert_eq!(error.to_string(), "score levels must be 3, 4 or 5, not 7");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RfmParams {
    /// Number of score levels, 3, 4 or 5. Default 5.
    pub levels: u8,
    /// Custom recency cuts in days, ascending, `levels - 1` of them: fewer days than the first
    /// cut scores highest. Default: quantiles.
    pub recency_cuts: Option<Vec<f64>>,
    /// Custom frequency cuts, ascending: `[2, 3, 5, 10]` scores 1, 2, 3–4, 5–9, 10+ as 1 to 5.
    /// Default: quantiles.
    pub frequency_cuts: Option<Vec<f64>>,
    /// Custom monetary cuts, ascending. Default: quantiles.
    pub monetary_cuts: Option<Vec<f64>>,
    /// Segment rules, evaluated in order, first match wins. Default: the ten segments of
    /// [`default_rules`], whose five-level grid also reads three- and four-level scores.
    pub rules: Option<Vec<SegmentRule>>,
    /// Share of value brought by the `high` tier, then by `high` and `medium` together.
    /// Default 0.80 and 0.95.
    pub tier_shares: (f64, f64),
    /// The earlier date of the segment migration. Default: 90 days before asOf.
    pub compare_as_of: Option<Date>,
}

impl Default for RfmParams {
    fn default() -> RfmParams {
        RfmParams {
            levels: 5,
            recency_cuts: None,
            frequency_cuts: None,
            monetary_cuts: None,
            rules: None,
            tier_shares: (0.80, 0.95),
            compare_as_of: None,
        }
    }
}

/// Checked RFM settings; see [`RfmParams`].
#[derive(Clone, Debug, PartialEq)]
pub struct RfmConfig {
    pub(crate) levels: u8,
    pub(crate) recency_cuts: Option<Vec<f64>>,
    pub(crate) frequency_cuts: Option<Vec<f64>>,
    pub(crate) monetary_cuts: Option<Vec<f64>>,
    pub(crate) rules: Vec<SegmentRule>,
    /// The rule of every score cell, see [`cell_table`].
    pub(crate) cell_segments: Vec<usize>,
    pub(crate) custom_rules: bool,
    pub(crate) lint: RuleLint,
    pub(crate) tier_shares: (f64, f64),
    pub(crate) compare_as_of: Option<Date>,
}

/// Why RFM settings were rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum RfmParamsError {
    /// Levels other than 3, 4 or 5.
    Levels(u8),
    /// Custom cuts of the wrong count, not ascending, not finite, or for recency (days) and
    /// frequency (purchases) below 0.
    Cuts {
        /// `recency`, `frequency` or `monetary`.
        dimension: &'static str,
        /// Cuts needed: levels − 1.
        expected: usize,
    },
    /// An empty rule list.
    NoRules,
    /// A rule whose key is empty or repeats an earlier rule's.
    RuleKey(String),
    /// A rule, by its key, whose name is blank in a language: the page and the report would
    /// show no segment name there.
    RuleName(String),
    /// A rule whose range lies outside 1..=levels or runs backwards.
    RuleRange {
        /// The rule's key.
        key: String,
        /// The range's dimension.
        dimension: &'static str,
        /// The range.
        range: ScoreRange,
        /// Score levels in use.
        levels: u8,
    },
    /// Rules that leave cells without a segment or can never be reached.
    UnsoundRules(RuleLint),
    /// Tier shares outside 0 < high ≤ high-and-medium ≤ 1.
    TierShares(f64, f64),
}

impl Rendered for RfmParamsError {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if language == Language::ZhCn {
            return self.write_zh(f);
        }
        match self {
            RfmParamsError::Levels(levels) => {
                write!(f, "score levels must be 3, 4 or 5, not {levels}")
            }
            RfmParamsError::Cuts { dimension, expected } => {
                write!(
                    f,
                    "{dimension} thresholds must be {expected} finite numbers in ascending order"
                )?;
                match *dimension {
                    "monetary" => Ok(()),
                    _ => write!(f, ", none below 0"),
                }
            }
            RfmParamsError::NoRules => write!(f, "the segment rules are empty"),
            RfmParamsError::RuleKey(key) => {
                write!(f, "segment rule key '{key}' is empty or used twice")
            }
            RfmParamsError::RuleRange { key, dimension, range, levels } => write!(
                f,
                "segment rule '{key}': {dimension} range {}–{} must lie within 1–{levels} and not run backwards",
                range.min, range.max
            ),
            RfmParamsError::RuleName(key) => write!(
                f,
                "segment rule '{key}' needs a name in English and in Chinese (name.en and name['zh-CN'])"
            ),
            RfmParamsError::UnsoundRules(lint) => {
                f.write_str(&unsound_rules(lint, Language::En))
            }
            RfmParamsError::TierShares(high, medium) => write!(
                f,
                "tier shares must satisfy 0 < high ({}) ≤ high and medium together ({}) ≤ 1",
                Shortest(*high),
                Shortest(*medium)
            ),
        }
    }
}

impl RfmParamsError {
    fn write_zh(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dimension_zh = |dimension: &str| match dimension {
            "recency" => "最近购买（R）",
            "frequency" => "购买频次（F）",
            _ => "消费金额（M）",
        };
        match self {
            RfmParamsError::Levels(levels) => {
                write!(f, "评分等级必须为 3、4 或 5，而不是 {levels}")
            }
            RfmParamsError::Cuts {
                dimension,
                expected,
            } => write!(
                f,
                "{}的分界值必须是 {expected} 个递增的有限数{}",
                dimension_zh(dimension),
                if *dimension == "monetary" {
                    ""
                } else {
                    "，且不小于 0"
                }
            ),
            RfmParamsError::NoRules => write!(f, "细分规则为空"),
            RfmParamsError::RuleKey(key) => {
                write!(f, "细分规则的键“{key}”为空或重复使用")
            }
            RfmParamsError::RuleRange {
                key,
                dimension,
                range,
                levels,
            } => write!(
                f,
                "细分规则“{key}”：{}范围 {}–{} 必须在 1–{levels} 之内且不能倒置",
                dimension_zh(dimension),
                range.min,
                range.max
            ),
            RfmParamsError::RuleName(key) => write!(
                f,
                "细分规则“{key}”需要英文和中文名称（name.en 和 name['zh-CN']）"
            ),
            RfmParamsError::UnsoundRules(lint) => f.write_str(&unsound_rules(lint, Language::ZhCn)),
            RfmParamsError::TierShares(high, medium) => write!(
                f,
                "价值层级占比必须满足 0 < 高价值（{}）≤ 高价值与中价值合计（{}）≤ 1",
                Shortest(*high),
                Shortest(*medium)
            ),
        }
    }
}

impl fmt::Display for RfmParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

impl std::error::Error for RfmParamsError {}

impl SettingError for RfmParamsError {
    fn setting(&self) -> Setting {
        match self {
            RfmParamsError::Levels(_) => Setting::ScoreLevels,
            RfmParamsError::Cuts { dimension, .. } => Setting::Thresholds(dimension),
            RfmParamsError::NoRules
            | RfmParamsError::RuleKey(_)
            | RfmParamsError::RuleName(_)
            | RfmParamsError::RuleRange { .. }
            | RfmParamsError::UnsoundRules(_) => Setting::SegmentRules,
            RfmParamsError::TierShares(..) => Setting::TierShares,
        }
    }
}

impl RfmParams {
    /// Validates the settings.
    pub fn check(self) -> Result<RfmConfig, RfmParamsError> {
        let levels = self.levels;
        if !(3..=5).contains(&levels) {
            return Err(RfmParamsError::Levels(levels));
        }
        for (dimension, cuts) in [
            ("recency", &self.recency_cuts),
            ("frequency", &self.frequency_cuts),
            ("monetary", &self.monetary_cuts),
        ] {
            let expected = usize::from(levels - 1);
            let valid = cuts.as_ref().is_none_or(|cuts| {
                // Net revenue may be negative; days and purchases cannot.
                let least = if dimension == "monetary" {
                    f64::MIN
                } else {
                    0.0
                };
                cuts.len() == expected
                    && cuts.iter().all(|cut| cut.is_finite() && *cut >= least)
                    && cuts.windows(2).all(|pair| pair[0] < pair[1])
            });
            if !valid {
                return Err(RfmParamsError::Cuts {
                    dimension,
                    expected,
                });
            }
        }
        let (high, high_and_medium) = self.tier_shares;
        if !(high > 0.0 && high <= high_and_medium && high_and_medium <= 1.0) {
            return Err(RfmParamsError::TierShares(high, high_and_medium));
        }
        let custom_rules = self.rules.is_some();
        let rules = match self.rules {
            Some(rules) => {
                check_rules(&rules, levels)?;
                rules
            }
            None => default_rules(),
        };
        let lint = lint(&rules, if custom_rules { levels } else { 5 });
        let cell_segments = cell_table(&rules, levels, !custom_rules)
            .filter(|_| lint.is_sound())
            .ok_or_else(|| RfmParamsError::UnsoundRules(lint.clone()))?;
        Ok(RfmConfig {
            levels,
            recency_cuts: self.recency_cuts,
            frequency_cuts: self.frequency_cuts,
            monetary_cuts: self.monetary_cuts,
            rules,
            cell_segments,
            custom_rules,
            lint,
            tier_shares: self.tier_shares,
            compare_as_of: self.compare_as_of,
        })
    }
}

impl RfmConfig {
    /// The earlier date of the segment migration, if one was given.
    pub fn compare_as_of(&self) -> Option<Date> {
        self.compare_as_of
    }
}

/// What is wrong with rules the lint found unsound, each problem with its fix, in `language`.
fn unsound_rules(lint: &RuleLint, language: Language) -> String {
    let zh = language == Language::ZhCn;
    let mut problems = Vec::new();
    if !lint.uncovered.is_empty() {
        let cells = lint.uncovered.join(", ");
        problems.push(match zh {
            true => format!("没有规则覆盖评分格（R F M）{cells}，这些客户将没有细分：请在末尾添加兜底规则或放宽范围"),
            false => format!("no rule covers the score cells (R F M) {cells}, so their customers would have no segment: add a catch-all rule at the end or widen the ranges"),
        });
    }
    if !lint.unreachable.is_empty() {
        let rules = lint.unreachable.join(", ");
        problems.push(match zh {
            true => format!("前面的规则占据了 {rules} 的所有评分格，它们永远不会生效：请将其前移或删除"),
            false => format!("earlier rules take every cell of {rules}, which can never apply: move them up or remove them"),
        });
    }
    problems.join(if zh { "；" } else { "; " })
}

fn check_rules(rules: &[SegmentRule], levels: u8) -> Result<(), RfmParamsError> {
    if rules.is_empty() {
        return Err(RfmParamsError::NoRules);
    }
    let mut keys = HashSet::new();
    for rule in rules {
        if rule.key.trim().is_empty() || !keys.insert(rule.key.as_str()) {
            return Err(RfmParamsError::RuleKey(rule.key.clone()));
        }
        if [&rule.name.en, &rule.name.zh_cn]
            .iter()
            .any(|name| name.trim().is_empty())
        {
            return Err(RfmParamsError::RuleName(rule.key.clone()));
        }
        for (dimension, range) in [
            ("recency", rule.recency),
            ("frequency", rule.frequency),
            ("monetary", rule.monetary),
        ] {
            if let Some(range) = range {
                if range.min < 1 || range.max > levels || range.min > range.max {
                    return Err(RfmParamsError::RuleRange {
                        key: rule.key.clone(),
                        dimension,
                        range,
                        levels,
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Texts;

    fn check(params: RfmParams) -> Result<RfmConfig, String> {
        params.check().map_err(|error| error.to_string())
    }

    #[test]
    fn defaults_are_valid() {
        let config = check(RfmParams::default()).unwrap();
        assert_eq!(config.levels, 5);
        assert_eq!(config.rules.len(), 10);
        assert!(!config.custom_rules);
    }

    #[test]
    fn levels_must_be_three_to_five() {
        for levels in [3, 4, 5] {
            assert!(check(RfmParams {
                levels,
                ..RfmParams::default()
            })
            .is_ok());
        }
        for levels in [0, 2, 6] {
            let error = check(RfmParams {
                levels,
                ..RfmParams::default()
            })
            .unwrap_err();
            assert_eq!(
                error,
                format!("score levels must be 3, 4 or 5, not {levels}")
            );
        }
    }

    #[test]
    fn cuts_need_levels_minus_one_ascending_values() {
        let with_cuts = |cuts: Vec<f64>| RfmParams {
            frequency_cuts: Some(cuts),
            ..RfmParams::default()
        };
        assert!(check(with_cuts(vec![2.0, 3.0, 5.0, 10.0])).is_ok());
        for bad in [
            vec![2.0, 3.0, 5.0],
            vec![2.0, 3.0, 3.0, 10.0],
            vec![2.0, f64::NAN, 5.0, 10.0],
            vec![-1.0, 2.0, 3.0, 4.0],
        ] {
            let error = check(with_cuts(bad)).unwrap_err();
            assert_eq!(
                error,
                "frequency thresholds must be 4 finite numbers in ascending order, none below 0"
            );
        }
        // Net revenue may be below 0, so may its thresholds.
        let monetary = RfmParams {
            monetary_cuts: Some(vec![-10.0, 0.0, 10.0, 100.0]),
            ..RfmParams::default()
        };
        assert!(check(monetary).is_ok());
        let recency = RfmParams {
            recency_cuts: Some(vec![-30.0, -20.0, -10.0, -5.0]),
            ..RfmParams::default()
        };
        assert_eq!(
            RfmParamsError::texts(&recency.check().unwrap_err()).zh_cn,
            "最近购买（R）的分界值必须是 4 个递增的有限数，且不小于 0"
        );
    }

    #[test]
    fn tier_shares_must_be_ordered_fractions() {
        let with_shares = |shares| RfmParams {
            tier_shares: shares,
            ..RfmParams::default()
        };
        assert!(check(with_shares((0.5, 0.5))).is_ok());
        for bad in [(0.0, 0.9), (0.9, 0.8), (0.8, 1.2), (f64::NAN, 0.9)] {
            assert!(check(with_shares(bad))
                .unwrap_err()
                .starts_with("tier shares must satisfy"));
        }
    }

    #[test]
    fn tier_shares_given_are_echoed_compactly() {
        let error = RfmParamsError::TierShares(1e300, 2.0).texts();
        assert_eq!(
            error.en,
            "tier shares must satisfy 0 < high (1e300) ≤ high and medium together (2) ≤ 1"
        );
        assert_eq!(
            error.zh_cn,
            "价值层级占比必须满足 0 < 高价值（1e300）≤ 高价值与中价值合计（2）≤ 1"
        );
    }

    fn rule(key: &str, recency: Option<ScoreRange>) -> SegmentRule {
        SegmentRule {
            key: key.into(),
            name: Texts::new(key, key),
            recency,
            frequency: None,
            monetary: None,
        }
    }

    #[test]
    fn rules_are_checked_one_by_one() {
        let with_rules = |rules| RfmParams {
            rules: Some(rules),
            ..RfmParams::default()
        };
        assert_eq!(
            check(with_rules(vec![])).unwrap_err(),
            "the segment rules are empty"
        );
        let duplicate = vec![rule("a", Some(ScoreRange::new(1, 2))), rule("a", None)];
        assert_eq!(
            check(with_rules(duplicate)).unwrap_err(),
            "segment rule key 'a' is empty or used twice"
        );
        let outside = vec![rule("a", Some(ScoreRange::new(0, 5)))];
        assert!(check(with_rules(outside))
            .unwrap_err()
            .contains("recency range 0–5 must lie within 1–5"));
        let backwards = vec![rule("a", Some(ScoreRange::new(4, 2)))];
        assert!(check(with_rules(backwards)).is_err());
        let mut unnamed = rule("a", None);
        unnamed.name.zh_cn = " ".into();
        assert_eq!(
            check(with_rules(vec![unnamed])).unwrap_err(),
            "segment rule 'a' needs a name in English and in Chinese (name.en and name['zh-CN'])"
        );
    }

    #[test]
    fn unsound_rules_are_rejected_with_the_lint() {
        let rules = vec![
            rule("recent", Some(ScoreRange::new(4, 5))),
            rule("dead", Some(ScoreRange::new(5, 5))),
        ];
        let error = check(RfmParams {
            rules: Some(rules),
            ..RfmParams::default()
        })
        .unwrap_err();
        assert!(
            error.contains("no rule covers the score cells (R F M) 35*"),
            "{error}"
        );
        assert!(
            error.contains("earlier rules take every cell of dead"),
            "{error}"
        );
        // A rule that can never apply, with every cell covered, is that problem alone.
        let dead_only = vec![rule("all", None), rule("dead", Some(ScoreRange::new(5, 5)))];
        let texts = RfmParams {
            rules: Some(dead_only),
            ..RfmParams::default()
        }
        .check()
        .unwrap_err()
        .texts();
        assert_eq!(
            texts.en,
            "earlier rules take every cell of dead, which can never apply: move them up or remove them"
        );
        assert_eq!(
            texts.zh_cn,
            "前面的规则占据了 dead 的所有评分格，它们永远不会生效：请将其前移或删除"
        );
        let sound = vec![
            rule("recent", Some(ScoreRange::new(4, 5))),
            rule("others", None),
        ];
        let config = check(RfmParams {
            rules: Some(sound),
            ..RfmParams::default()
        })
        .unwrap();
        assert!(config.custom_rules);
        assert_eq!(config.lint.overlaps.len(), 1);
    }
}
