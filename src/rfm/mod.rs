//! RFM: recency, frequency and monetary scores, named segments, value tiers, the Pareto view
//! and segment migration.
//!
//! Scores run from 1 to the number of levels, 5 being best (most recent, most frequent,
//! highest net revenue). By default each dimension is cut into quantiles with one guarantee
//! the common tools lack: customers with equal values always get equal scores (see
//! [`RfmParams`] for custom thresholds and rules).

mod binning;
mod migration;
mod params;
mod scores;
mod segments;
mod summary;
mod value;

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::customers::Customer;
use crate::text::{grouped, Texts};
use crate::Date;

pub use binning::ScoreGroup;
pub use migration::{Migration, Transition, NEW_CUSTOMER};
pub use params::{RfmConfig, RfmParams, RfmParamsError};
pub use scores::{DimensionScoring, Scores};
pub use segments::{default_rules, lint, Overlap, RuleLint, ScoreRange, SegmentRule};
pub(crate) use summary::median;
pub use summary::SegmentSummary;
pub use value::{Pareto, ParetoPoint, Tier, TierSummary};

use scores::{score_dimension, Direction};
use segments::cell_index;

/// The RFM results: the report sections and one entry per customer.
#[derive(Clone, Debug, PartialEq)]
pub struct RfmAnalysis {
    /// The report's `rfm` section.
    pub section: RfmSection,
    /// Per customer, in the order of the customers given.
    pub customers: Vec<CustomerRfm>,
    /// The report's `tiers` section.
    pub tiers: TiersSection,
    /// The report's `pareto` section; `None` when total net revenue is not positive.
    pub pareto: Option<Pareto>,
}

/// How the scores and segments were made, and the segment summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmSection {
    /// Score levels (3, 4 or 5).
    pub levels: u8,
    /// How each dimension was scored.
    pub scores: DimensionScorings,
    /// The segment rules used and what the linter found in them.
    pub rules: RulesUsed,
    /// Figures per segment, in rule order.
    pub segments: Vec<SegmentSummary>,
}

/// The scoring of each dimension.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DimensionScorings {
    /// Recency, in days since the last purchase.
    pub recency: DimensionScoring,
    /// Frequency, in purchase occasions.
    pub frequency: DimensionScoring,
    /// Monetary, in net revenue.
    pub monetary: DimensionScoring,
}

/// The segment rules in use.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RulesUsed {
    /// `default` (the R × F grid) or `custom`.
    pub source: &'static str,
    /// The rules, in evaluation order.
    pub rules: Vec<SegmentRule>,
    /// The linter's findings (only overlaps can remain: holes and dead rules are rejected).
    pub lint: RuleLint,
}

/// One customer's RFM fields, as flattened into the report's `customers[]`.
///
/// The texts are shared with every customer of the same score cell, not copied.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRfm {
    /// Recency score.
    pub r_score: u8,
    /// Frequency score.
    pub f_score: u8,
    /// Monetary score.
    pub m_score: u8,
    /// The three scores as digits, e.g. `545`.
    pub rfm_cell: Arc<str>,
    /// The segment's stable key, e.g. `champions`.
    pub segment: Arc<str>,
    /// The segment's display name.
    pub segment_name: Arc<Texts>,
    /// Why the customer is in the segment, from their own scores.
    pub segment_why: Arc<Texts>,
    /// Value tier.
    pub tier: Tier,
    /// The customer's share of total net revenue (客户贡献率).
    pub revenue_share: f64,
}

/// The value tiers, as in the report's `tiers` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TiersSection {
    /// The value the tiers are cut on: `netRevenue` (historical).
    pub basis: &'static str,
    /// Cumulative share of value reached by `high`, then by `high` and `medium`.
    pub shares: TierShares,
    /// Totals per tier, best first.
    pub groups: Vec<TierSummary>,
}

/// The cumulative value shares that bound the tiers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TierShares {
    /// Share of value the `high` tier brings (default 0.80).
    pub high: f64,
    /// Share the `high` and `medium` tiers bring together (default 0.95).
    pub high_and_medium: f64,
}

/// Scores, segments, tiers and the Pareto view of `customers`.
///
/// ```
/// use custval::{analyze_rfm, Customer, RfmParams};
///
/// let day = "2024-06-30".parse()?;
/// let customer = |id: &str, recency_days, frequency, monetary| Customer {
///     id: id.into(), first_purchase: Some(day), last_purchase: day, recency_days, frequency, monetary,
///     gross_profit: None,
/// };
/// let customers: Vec<Customer> = (0..10).map(|i| customer(&i.to_string(), 10 * i, 10 - i as u32, 100.0)).collect();
/// let rfm = analyze_rfm(&customers, &RfmParams::default().check()?);
/// assert_eq!(&*rfm.customers[0].rfm_cell, "553");
/// assert_eq!(&*rfm.customers[0].segment, "champions");
/// assert_eq!(&*rfm.customers[9].segment, "hibernating");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn analyze_rfm(customers: &[Customer], config: &RfmConfig) -> RfmAnalysis {
    let scored = score(customers, config);
    let levels = config.levels;
    let monetary: Vec<f64> = customers.iter().map(|c| c.monetary).collect();
    let tiers = value::assign_tiers(&monetary, config.tier_shares);
    let total_revenue: f64 = monetary.iter().sum();
    // Keys and names once per rule, cell and reason once per score cell: every customer of a
    // cell shares them.
    let keys: Vec<Arc<str>> = config.rules.iter().map(|r| Arc::from(&*r.key)).collect();
    let names: Vec<Arc<Texts>> = config
        .rules
        .iter()
        .map(|r| Arc::new(r.name.clone()))
        .collect();
    let mut cells: FxHashMap<Scores, (Arc<str>, Arc<Texts>)> = FxHashMap::default();
    let per_customer = customers
        .iter()
        .zip(&scored.scores)
        .zip(&scored.segments)
        .zip(&tiers)
        .map(|(((customer, &scores), &segment), &tier)| {
            let (cell, why) = cells.entry(scores).or_insert_with(|| {
                let why = explain(
                    &config.rules[segment].name,
                    scores,
                    &scored.scorings,
                    levels,
                );
                (Arc::from(scores.cell()), Arc::new(why))
            });
            CustomerRfm {
                r_score: scores.r,
                f_score: scores.f,
                m_score: scores.m,
                rfm_cell: Arc::clone(cell),
                segment: Arc::clone(&keys[segment]),
                segment_name: Arc::clone(&names[segment]),
                segment_why: Arc::clone(why),
                tier,
                // Shares of a total that is not positive (returns outweighing sales) would
                // turn the best customer's into a negative one.
                revenue_share: if total_revenue > 0.0 {
                    customer.monetary / total_revenue
                } else {
                    0.0
                },
            }
        })
        .collect();
    RfmAnalysis {
        section: RfmSection {
            levels,
            scores: scored.scorings,
            rules: RulesUsed {
                source: if config.custom_rules {
                    "custom"
                } else {
                    "default"
                },
                rules: config.rules.clone(),
                lint: config.lint.clone(),
            },
            segments: summary::summarise_segments(&config.rules, customers, &scored.segments),
        },
        customers: per_customer,
        tiers: TiersSection {
            basis: "netRevenue",
            shares: TierShares {
                high: config.tier_shares.0,
                high_and_medium: config.tier_shares.1,
            },
            groups: value::summarise_tiers(&tiers, customers),
        },
        pareto: value::pareto(&monetary),
    }
}

/// Segment migration between the customers as of an earlier date and as of asOf, both scored
/// with the same settings.
pub fn segment_migration(
    dates: (Date, Date),
    earlier: &[Customer],
    later: &[Customer],
    later_rfm: &[CustomerRfm],
    config: &RfmConfig,
) -> Migration {
    let earlier_segments = score(earlier, config).segments;
    // Keyed by id; the moves are tallied in a BTreeMap, so the hasher cannot change the order.
    let earlier_keys: FxHashMap<&str, &str> = earlier
        .iter()
        .zip(earlier_segments)
        .map(|(customer, segment)| (customer.id.as_str(), config.rules[segment].key.as_str()))
        .collect();
    let later_keys = later
        .iter()
        .zip(later_rfm)
        .map(|(customer, rfm)| (customer.id.as_str(), &*rfm.segment, customer.monetary));
    migration::migrate(dates, &earlier_keys, later_keys)
}

struct Scored {
    scores: Vec<Scores>,
    segments: Vec<usize>,
    scorings: DimensionScorings,
}

fn score(customers: &[Customer], config: &RfmConfig) -> Scored {
    let levels = config.levels;
    let dimension = |name, value: fn(&Customer) -> f64, cuts: &Option<Vec<f64>>, direction| {
        let values: Vec<f64> = customers.iter().map(value).collect();
        score_dimension(name, &values, levels, cuts.as_deref(), direction)
    };
    let (r, recency) = dimension(
        ("Recency", "最近一次消费"),
        |c| f64::from(c.recency_days),
        &config.recency_cuts,
        Direction::LowerIsBetter,
    );
    let (f, frequency) = dimension(
        ("Frequency", "消费频率"),
        |c| f64::from(c.frequency),
        &config.frequency_cuts,
        Direction::HigherIsBetter,
    );
    let (m, monetary) = dimension(
        ("Monetary", "消费金额"),
        |c| c.monetary,
        &config.monetary_cuts,
        Direction::HigherIsBetter,
    );
    let scores: Vec<Scores> = (0..customers.len())
        .map(|i| Scores {
            r: r[i],
            f: f[i],
            m: m[i],
        })
        .collect();
    let segments = scores
        .iter()
        .map(|&cell| config.cell_segments[cell_index(cell, levels)])
        .collect();
    Scored {
        scores,
        segments,
        scorings: DimensionScorings {
            recency,
            frequency,
            monetary,
        },
    }
}

/// "Champions: last bought 0–3 days ago, among the most recent (R 5/5); 6–9 purchases, more
/// than most (F 4/5); spends more than most (M 4/5)."
///
/// Scores rank customers against each other (quantiles, or the user's own cuts), so the words
/// say where a customer stands among the others, and the figures say what the score's group
/// spans: on a two-week export, R 1/5 is "13–14 days ago", not "very long ago".
fn explain(segment: &Texts, scores: Scores, scorings: &DimensionScorings, levels: u8) -> Texts {
    let five = scores.on_five_levels(levels);
    let pick =
        |phrases: [(&'static str, &'static str); 5], score: u8| phrases[usize::from(5 - score)];
    let recency_rank = pick(
        [
            ("among the most recent", "在客户中最近"),
            ("more recent than most", "比多数客户近"),
            ("in the middle", "居中"),
            ("longer ago than most", "比多数客户久"),
            ("among the longest ago", "在客户中最久"),
        ],
        five.r,
    );
    let frequency_rank = pick(
        [
            ("among the most", "在客户中最多"),
            ("more than most", "比多数客户多"),
            ("in the middle", "居中"),
            ("fewer than most", "比多数客户少"),
            ("among the fewest", "在客户中最少"),
        ],
        five.f,
    );
    let monetary = pick(
        [
            ("spends among the most", "消费金额在客户中最高"),
            ("spends more than most", "消费金额高于多数客户"),
            ("spends a middling amount", "消费金额居中"),
            ("spends less than most", "消费金额低于多数客户"),
            ("spends among the least", "消费金额在客户中最低"),
        ],
        five.m,
    );
    let Scores { r, f, m } = scores;
    let days = span(&scorings.recency.groups, r);
    let purchases = span(&scorings.frequency.groups, f);
    let (days_en, purchases_en) = (
        spelled(&days, "day", "days"),
        spelled(&purchases, "purchase", "purchases"),
    );
    Texts::new(
        format!(
            "{}: last bought {days_en} ago, {} (R {r}/{levels}); {purchases_en}, {} \
             (F {f}/{levels}); {} (M {m}/{levels}).",
            segment.en, recency_rank.0, frequency_rank.0, monetary.0
        ),
        format!(
            "{}：最近一次购买在 {days} 天前，{}（R {r}/{levels}）；购买 {purchases} 次，{}\
             （F {f}/{levels}）；{}（M {m}/{levels}）。",
            segment.zh_cn, recency_rank.1, frequency_rank.1, monetary.1
        ),
    )
}

/// The whole values a score's group spans, "10–13" or "13" (every scored customer's group has
/// members, so it has a range).
fn span(groups: &[ScoreGroup], score: u8) -> String {
    let group = &groups[usize::from(score - 1)];
    let whole = |value: Option<f64>| grouped(value.unwrap_or_default().round() as u64);
    let (low, high) = (whole(group.min), whole(group.max));
    if low == high {
        low
    } else {
        format!("{low}–{high}")
    }
}

/// A [`span`] with its English noun, singular only for exactly "1".
fn spelled(span: &str, one: &str, many: &str) -> String {
    format!("{span} {}", if span == "1" { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dimension scored into groups 1 to 5 that span these (low, high) values.
    fn scoring(spans: [(f64, f64); 5]) -> DimensionScoring {
        DimensionScoring {
            method: "quantiles",
            cuts: Vec::new(),
            groups: (1..=5)
                .zip(spans)
                .map(|(score, (low, high))| ScoreGroup {
                    score,
                    customers: 1,
                    min: Some(low),
                    max: Some(high),
                })
                .collect(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn explanation_ranks_the_customer_and_gives_the_groups_figures() {
        // A two-week export: the longest silence is 14 days, the most purchases 1,200.
        let scorings = DimensionScorings {
            recency: scoring([
                (11.0, 14.0),
                (8.0, 10.0),
                (5.0, 7.0),
                (2.0, 4.0),
                (0.0, 1.0),
            ]),
            frequency: scoring([
                (1.0, 1.0),
                (2.0, 2.0),
                (3.0, 4.0),
                (5.0, 8.0),
                (9.0, 1200.0),
            ]),
            monetary: scoring([(0.0, 10.0); 5]),
        };
        let champion = explain(
            &Texts::new("Champions", "冠军客户"),
            Scores { r: 5, f: 5, m: 4 },
            &scorings,
            5,
        );
        assert_eq!(
            champion.en,
            "Champions: last bought 0–1 days ago, among the most recent (R 5/5); 9–1,200 \
             purchases, among the most (F 5/5); spends more than most (M 4/5)."
        );
        assert_eq!(
            champion.zh_cn,
            "冠军客户：最近一次购买在 0–1 天前，在客户中最近（R 5/5）；购买 9–1,200 次，\
             在客户中最多（F 5/5）；消费金额高于多数客户（M 4/5）。"
        );
        let hibernating = explain(
            &Texts::new("Hibernating", "休眠客户"),
            Scores { r: 1, f: 1, m: 1 },
            &scorings,
            5,
        );
        assert_eq!(
            hibernating.en,
            "Hibernating: last bought 11–14 days ago, among the longest ago (R 1/5); 1 purchase, \
             among the fewest (F 1/5); spends among the least (M 1/5)."
        );
        // Three levels read at the same positions on five: 2 of 3 is the middle.
        let three = DimensionScorings {
            recency: scoring([(30.0, 30.0), (1.0, 1.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0)]),
            ..scorings
        };
        let middle = explain(
            &Texts::new("X", "X"),
            Scores { r: 2, f: 2, m: 3 },
            &three,
            3,
        );
        assert_eq!(
            middle.en,
            "X: last bought 1 day ago, in the middle (R 2/3); 2 purchases, in the middle (F 2/3); \
             spends among the most (M 3/3)."
        );
    }
}
