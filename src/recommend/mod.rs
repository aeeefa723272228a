//! Recommendations: what to do with each group of customers and with each customer, from a
//! playbook a user can replace.
//!
//! Money is valued on one basis throughout: a customer's predicted lifetime value (CLV) when
//! the caller supplies one, otherwise their net revenue to date (`monetary`), never below
//! zero. Value at risk weighs that value by the chance the customer has already gone
//! (1 − pAlive) when pAlive is known, and counts all of it otherwise.

mod params;
mod playbook;
mod priority;

use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};

use crate::clv::Lifecycle;
use crate::customers::{total_money, GroupProfit};
use crate::parallel::join;
use crate::report::CustomerRow;
use crate::rfm::Tier;
use crate::survey::NpsGroup;
use crate::text::{serialize_rendered, Counted, Language, Money, Percent, Rendered, Texts};

pub use params::{RecommendConfig, RecommendParams};
pub use playbook::{
    CapBasis, Lens, Play, Playbook, PlaybookError, SpendCap, LIFECYCLE_STAGES, SATISFACTION_GROUPS,
};
pub use priority::PriorityRule;

use priority::{choose, Signals};

/// What other analyses predict for one customer, when they have run: lifetime value,
/// probability of still being active, lifecycle stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outlook {
    /// Predicted lifetime value, at least 0.
    pub clv: Option<f64>,
    /// Probability that the customer is still active, 0 to 1.
    pub p_alive: Option<f64>,
    /// Lifecycle stage.
    pub stage: Option<Lifecycle>,
}

/// An [`Outlook`] that cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum OutlookError {
    /// Not one outlook per customer.
    Length {
        /// Customers.
        customers: usize,
        /// Outlooks given.
        outlooks: usize,
    },
    /// A CLV that is negative or not a number, or a pAlive outside 0–1.
    Value {
        /// The customer id.
        id: String,
        /// `clv` or `pAlive`.
        field: &'static str,
        /// The value given.
        value: f64,
    },
}

impl Rendered for OutlookError {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zh = language == Language::ZhCn;
        match self {
            OutlookError::Length {
                customers,
                outlooks,
            } if zh => write!(f, "{customers} 位客户有 {outlooks} 条预测"),
            OutlookError::Length {
                customers,
                outlooks,
            } => write!(
                f,
                "{} for {}",
                Counted(*outlooks, "outlook", "outlooks"),
                Counted(*customers, "customer", "customers")
            ),
            // `{:?}` writes the shortest form that reads back the same: 1e300, not 301 digits.
            OutlookError::Value { id, field, value } if zh => {
                write!(f, "客户“{id}”的 {field} 为 {value:?}，超出其取值范围")
            }
            OutlookError::Value { id, field, value } => {
                write!(
                    f,
                    "customer '{id}' has {field} {value:?}, outside its range"
                )
            }
        }
    }
}

impl fmt::Display for OutlookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

impl std::error::Error for OutlookError {}

/// What money is valued at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ValueBasis {
    /// Net revenue to date: no predicted CLV was supplied.
    NetRevenue,
    /// Predicted CLV, with net revenue for customers who have none.
    PredictedClv,
}

impl std::str::FromStr for ValueBasis {
    type Err = String;

    /// `clv` or `net-revenue` (also `netRevenue`).
    fn from_str(text: &str) -> Result<ValueBasis, String> {
        match text {
            "clv" => Ok(ValueBasis::PredictedClv),
            "net-revenue" | "netRevenue" => Ok(ValueBasis::NetRevenue),
            other => Err(format!(
                "the value basis must be clv or net-revenue, not '{other}'"
            )),
        }
    }
}

/// The report's `recommendations` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendations {
    /// What money at stake and spend caps are computed from.
    pub value_basis: ValueBasis,
    /// Customers valued at net revenue because they have no predicted CLV (all of them when
    /// `value_basis` is `netRevenue`).
    pub valued_at_net_revenue: u64,
    /// The rules that choose each customer's next best action, in the order they are tried.
    pub priority_rules: Vec<RuleText>,
    /// One entry per segment key that occurs among the customers, lens by lens (RFM segments
    /// by money at stake, then tiers, satisfaction groups and lifecycle stages in their order).
    pub segments: Vec<SegmentPlay>,
    /// The customers to contact this week, most money at risk first.
    pub call_list: Vec<CallListEntry>,
}

/// A priority rule and what it says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleText {
    /// The rule.
    pub rule: PriorityRule,
    /// Its description.
    pub description: Texts,
}

/// The play for one group of customers, with the money at stake.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentPlay {
    /// How the group is formed.
    pub lens: Lens,
    /// The group's key, e.g. `at_risk`, `high`, `detractor`, `declining`.
    pub key: String,
    /// The group's display name.
    pub name: Texts,
    /// Customers in the group.
    pub customers: u64,
    /// What the customers have brought so far: their net revenue (Σ monetary). Beside
    /// `value`, it shows a group whose past is worth more than its predicted future, such as
    /// valuable customers the lifetime-value model holds lost.
    pub revenue: f64,
    /// Their gross profit where costs are known, as for `rfm.segments[].profit`; `None`
    /// otherwise.
    pub profit: Option<GroupProfit>,
    /// Money at stake: the customers' summed value.
    pub value: f64,
    /// For an at-risk group, the value at risk: Σ value × (1 − pAlive), all of the value
    /// without pAlive; `None` for other groups.
    pub value_at_risk: Option<f64>,
    /// The most to spend on the whole group: the sum of the per-customer caps.
    pub spend_cap_total: f64,
    /// The cap as a sentence.
    pub spend_cap_rule: Texts,
    /// The play.
    #[serde(flatten)]
    pub play: Play,
}

/// One customer's recommendation, as in `customers[].recommendation`.
///
/// Its texts are shared with every customer given the same play; the reason keeps the
/// customer's figures and is written out when serialised.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRecommendation {
    /// The customer's value on the section's basis.
    pub value: f64,
    /// The single next best action.
    pub next_best_action: NextBestAction,
}

/// The one thing to do next with a customer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextBestAction {
    /// The priority rule that chose it.
    pub rule: PriorityRule,
    /// The lens of the play.
    pub lens: Lens,
    /// The key of the play.
    pub key: Arc<str>,
    /// Why, from the customer's own figures.
    pub reason: ActionReason,
    /// The play's first action.
    pub action: Arc<Texts>,
    /// The play's channel.
    pub channel: Arc<Texts>,
    /// The most to spend on this customer.
    pub spend_cap: f64,
}

/// One customer on the call list.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallListEntry {
    /// 1 for the first to call.
    pub rank: u32,
    /// Customer id.
    pub id: String,
    /// Value at risk: value × (1 − pAlive), the whole value without pAlive.
    pub value_at_risk: f64,
    /// The next best action.
    #[serde(flatten)]
    pub action: NextBestAction,
}

/// Why a next best action was chosen: the customer's figures the sentence is made of, written
/// out in English and Chinese when serialised (as `{"en": …, "zh-CN": …}`) or asked for with
/// [`Rendered::texts`].
///
/// ```
/// use custval::{ActionReason, Rendered, Tier};
///
/// let reason = ActionReason::Vip { tier: Tier::High, revenue_share: 0.1234 };
/// assert_eq!(reason.texts().en, "VIP (high value): brings 12.3% of net revenue.");
/// assert_eq!(reason.texts().zh_cn, "高价值客户：贡献净收入的 12.3%。");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ActionReason {
    /// `rescueDetractor`: the latest NPS answer is a detractor's.
    Detractor {
        /// The latest NPS answer.
        nps: u8,
        /// The customer's value tier.
        tier: Tier,
        /// The customer's value.
        value: f64,
    },
    /// `saveValuable`: a valuable customer in an at-risk group.
    AtRisk {
        /// The customer's value tier.
        tier: Tier,
        /// The at-risk group's name.
        group: Arc<Texts>,
        /// Days since the last purchase.
        recency_days: i32,
    },
    /// `vipCare`: a high tier customer.
    Vip {
        /// The customer's value tier.
        tier: Tier,
        /// The customer's share of net revenue.
        revenue_share: f64,
    },
    /// `askReferral`: the latest NPS answer is a promoter's.
    Promoter {
        /// The latest NPS answer.
        nps: u8,
    },
    /// `segmentPlay`: why the customer is in their RFM segment.
    Segment(Arc<Texts>),
    /// `lifecyclePlay` or `tierPlay`: the group whose play it is.
    Group(Arc<Texts>),
}

impl Rendered for ActionReason {
    fn write(&self, language: Language, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let en = language == Language::En;
        match self {
            ActionReason::Detractor { nps, tier, value } if en => write!(
                out,
                "Latest NPS answer {nps}: a detractor; {} customer worth {}.",
                tier.name_in(language),
                Money(*value)
            ),
            ActionReason::Detractor { nps, tier, value } => write!(
                out,
                "最近一次 NPS 评分为 {nps}，属于贬损者；{}，价值 {}。",
                tier.name_in(language),
                Money(*value)
            ),
            ActionReason::AtRisk {
                tier,
                group,
                recency_days: days,
            } => {
                let (tier, group) = (tier.name_in(language), group.get(language));
                if en {
                    let days = Counted(*days, "day", "days");
                    write!(out, "{tier} customer in {group}, no purchase for {days}.")
                } else {
                    write!(out, "{tier}，属于「{group}」，已 {days} 天未购买。")
                }
            }
            ActionReason::Vip {
                tier,
                revenue_share,
            } => {
                let (tier, percent) = (tier.name_in(language), Percent(*revenue_share, 1));
                if en {
                    write!(out, "{tier}: brings {percent}% of net revenue.")
                } else {
                    write!(out, "{tier}：贡献净收入的 {percent}%。")
                }
            }
            ActionReason::Promoter { nps } if en => {
                write!(out, "Latest NPS answer {nps}: a promoter.")
            }
            ActionReason::Promoter { nps } => {
                write!(out, "最近一次 NPS 评分为 {nps}，属于推荐者。")
            }
            ActionReason::Segment(why) => out.write_str(why.get(language)),
            ActionReason::Group(group) if en => write!(out, "In {}.", group.get(language)),
            ActionReason::Group(group) => write!(out, "属于「{}」。", group.get(language)),
        }
    }
}

impl Serialize for ActionReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_rendered(self, serializer)
    }
}

/// The recommendations: the report section and one entry per customer.
#[derive(Clone, Debug, PartialEq)]
pub struct RecommendAnalysis {
    /// The report's `recommendations` section.
    pub section: Recommendations,
    /// Per customer, in the order of the customers given; `None` only when no play applies,
    /// which a validated playbook rules out (every tier has a play).
    pub customers: Vec<Option<CustomerRecommendation>>,
}

/// One customer's facts as the recommendations use them.
struct Valued<'a> {
    row: &'a CustomerRow,
    outlook: Option<&'a Outlook>,
    value: f64,
    at_risk: f64,
}

impl Valued<'_> {
    fn nps_group(&self) -> Option<NpsGroup> {
        self.row.satisfaction.as_ref().and_then(|s| s.nps_group)
    }

    fn stage(&self) -> Option<&'static str> {
        self.outlook.and_then(|o| o.stage).map(Lifecycle::key)
    }

    fn cap(&self, cap: SpendCap) -> f64 {
        let basis = match cap.of {
            CapBasis::Clv => self.value,
            CapBasis::Value => self.row.summary.monetary.max(0.0),
        };
        cap.share * basis
    }

    fn key(&self, lens: Lens) -> Option<&str> {
        match lens {
            Lens::Rfm => Some(&*self.row.rfm.segment),
            Lens::Tier => Some(self.row.rfm.tier.key()),
            Lens::Satisfaction => self.nps_group().map(group_key),
            Lens::Lifecycle => self.stage(),
        }
    }
}

/// The playbook key of an NPS box.
pub(crate) fn group_key(group: NpsGroup) -> &'static str {
    match group {
        NpsGroup::Promoter => "promoter",
        NpsGroup::Passive => "passive",
        NpsGroup::Detractor => "detractor",
    }
}

/// Recommendations for `customers`, with an optional [`Outlook`] per customer (in the same
/// order) from the CLV and lifecycle analyses.
///
/// ```
/// use custval::{analyze, recommend, Options, PriorityRule, RecommendParams, ValueBasis};
///
/// let csv = "customer,date,amount\na,2024-01-05,500\na,2024-06-01,700\nb,2024-06-20,40\n";
/// let report = analyze(csv.as_bytes(), &Options::default())?;
/// let config = RecommendParams::default().check()?;
/// let result = recommend(&report.customers, None, &config)?;
/// assert_eq!(result.section.value_basis, ValueBasis::NetRevenue);
/// let rule = |i: usize| result.customers[i].as_ref().unwrap().next_best_action.rule;
/// // a brings 1200 of 1240 (the high tier) but has bought less recently than b: a
/// // valuable customer slipping away. b is low tier and gets its segment's play.
/// assert_eq!(&*report.customers[0].rfm.segment, "at_risk");
/// assert_eq!((rule(0), rule(1)), (PriorityRule::SaveValuable, PriorityRule::SegmentPlay));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn recommend(
    customers: &[CustomerRow],
    outlooks: Option<&[Outlook]>,
    config: &RecommendConfig,
) -> Result<RecommendAnalysis, OutlookError> {
    if let Some(outlooks) = outlooks {
        check_outlooks(customers, outlooks)?;
    }
    let valued: Vec<Valued> = customers
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let outlook = outlooks.and_then(|o| o.get(index));
            let value = outlook
                .and_then(|o| o.clv)
                .unwrap_or(row.summary.monetary)
                .max(0.0);
            let p_alive = outlook.and_then(|o| o.p_alive).unwrap_or(0.0);
            Valued {
                row,
                outlook,
                value,
                at_risk: value * (1.0 - p_alive),
            }
        })
        .collect();
    let playbook = &config.playbook;
    // Each customer's action is their own, so the two halves share the cores where there are
    // threads.
    let (early, late) = valued.split_at(valued.len() / 2);
    let (mut per_customer, late) = join(
        || next_best_actions(early, playbook),
        || next_best_actions(late, playbook),
    );
    per_customer.extend(late);
    // Ranked by reference: only the few that make the list are copied.
    let mut calls: Vec<(&Valued, &NextBestAction)> = valued
        .iter()
        .zip(&per_customer)
        .filter_map(|(customer, rec)| Some((customer, &rec.as_ref()?.next_best_action)))
        .filter(|(_, action)| action.rule.calls_this_week())
        .collect();
    let ranking = |(a, a_action): &(&Valued, &NextBestAction),
                   (b, b_action): &(&Valued, &NextBestAction)| {
        b.at_risk
            .total_cmp(&a.at_risk)
            .then(a_action.rule.cmp(&b_action.rule))
            .then_with(|| a.row.summary.id.cmp(&b.row.summary.id))
    };
    let call_list: Vec<CallListEntry> = first_ranked(&mut calls, config.call_list_size, ranking)
        .iter()
        .enumerate()
        .map(|(rank, &(customer, action))| CallListEntry {
            rank: rank as u32 + 1,
            id: customer.row.summary.id.clone(),
            value_at_risk: customer.at_risk,
            action: action.clone(),
        })
        .collect();
    let with_clv = valued
        .iter()
        .filter(|c| c.outlook.is_some_and(|o| o.clv.is_some()))
        .count();
    Ok(RecommendAnalysis {
        section: Recommendations {
            value_basis: if with_clv > 0 {
                ValueBasis::PredictedClv
            } else {
                ValueBasis::NetRevenue
            },
            valued_at_net_revenue: (valued.len() - with_clv) as u64,
            priority_rules: PriorityRule::ALL
                .into_iter()
                .map(|rule| RuleText {
                    rule,
                    description: rule.description(),
                })
                .collect(),
            segments: segment_plays(&valued, playbook),
            call_list,
        },
        customers: per_customer,
    })
}

fn check_outlooks(customers: &[CustomerRow], outlooks: &[Outlook]) -> Result<(), OutlookError> {
    if customers.len() != outlooks.len() {
        return Err(OutlookError::Length {
            customers: customers.len(),
            outlooks: outlooks.len(),
        });
    }
    for (row, outlook) in customers.iter().zip(outlooks) {
        let checks = [
            ("clv", outlook.clv, f64::INFINITY),
            ("pAlive", outlook.p_alive, 1.0),
        ];
        for (field, value, max) in checks {
            if let Some(value) = value.filter(|v| !(0.0..=max).contains(v) || !v.is_finite()) {
                return Err(OutlookError::Value {
                    id: row.summary.id.clone(),
                    field,
                    value,
                });
            }
        }
    }
    Ok(())
}

/// The texts of a play chosen for a group (lens and key), made once and shared by every
/// customer it is chosen for.
struct SharedPlay {
    key: Arc<str>,
    name: Arc<Texts>,
    action: Arc<Texts>,
    channel: Arc<Texts>,
}

/// The next best action of each of `customers`, in their order; the texts that customers
/// share are made once.
fn next_best_actions(
    customers: &[Valued],
    playbook: &Playbook,
) -> Vec<Option<CustomerRecommendation>> {
    let mut shared = FxHashMap::default();
    customers
        .iter()
        .map(|customer| next_best_action(customer, playbook, &mut shared))
        .collect()
}

/// The first `n` of `items` in the order of `compare`, which must tell every two items apart,
/// sorted: the rest are only parted from them, not sorted, for a list of a few among many.
fn first_ranked<T>(
    items: &mut [T],
    n: usize,
    mut compare: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> &[T] {
    let n = n.min(items.len());
    if n < items.len() {
        items.select_nth_unstable_by(n, &mut compare);
    }
    let first = &mut items[..n];
    first.sort_unstable_by(compare);
    first
}

fn next_best_action<'a>(
    customer: &Valued<'a>,
    playbook: &Playbook,
    shared: &mut FxHashMap<(Lens, &'a str), SharedPlay>,
) -> Option<CustomerRecommendation> {
    let row = customer.row;
    let signals = Signals {
        segment: &row.rfm.segment,
        tier: row.rfm.tier,
        nps_group: customer.nps_group(),
        stage: customer.stage(),
        recency_days: row.summary.recency_days,
    };
    let choice = choose(&signals, playbook)?;
    let play = choice.play;
    let texts = shared
        .entry((choice.lens, choice.key))
        .or_insert_with(|| SharedPlay {
            key: Arc::from(choice.key),
            name: group_name(choice.lens, choice.key, row),
            // Validated playbooks have at least two actions.
            action: Arc::new(play.actions.first().unwrap_or(&play.goal).clone()),
            channel: Arc::new(play.channel.clone()),
        });
    Some(CustomerRecommendation {
        value: customer.value,
        next_best_action: NextBestAction {
            rule: choice.rule,
            lens: choice.lens,
            key: Arc::clone(&texts.key),
            reason: reason(choice.rule, customer, &texts.name),
            action: Arc::clone(&texts.action),
            channel: Arc::clone(&texts.channel),
            spend_cap: customer.cap(play.spend_cap),
        },
    })
}

/// Why `rule` chose the play of the group named `group` for `customer`.
fn reason(rule: PriorityRule, customer: &Valued, group: &Arc<Texts>) -> ActionReason {
    let row = customer.row;
    let nps = row
        .satisfaction
        .as_ref()
        .and_then(|s| s.nps)
        .unwrap_or_default();
    let tier = row.rfm.tier;
    match rule {
        PriorityRule::RescueDetractor => ActionReason::Detractor {
            nps,
            tier,
            value: customer.value,
        },
        PriorityRule::SaveValuable => ActionReason::AtRisk {
            tier,
            group: Arc::clone(group),
            recency_days: row.summary.recency_days,
        },
        PriorityRule::VipCare => ActionReason::Vip {
            tier,
            revenue_share: row.rfm.revenue_share,
        },
        PriorityRule::AskReferral => ActionReason::Promoter { nps },
        PriorityRule::SegmentPlay => ActionReason::Segment(Arc::clone(&row.rfm.segment_why)),
        PriorityRule::LifecyclePlay | PriorityRule::TierPlay => {
            ActionReason::Group(Arc::clone(group))
        }
    }
}

/// The display name of a group; `row` is a customer of the group.
fn group_name(lens: Lens, key: &str, row: &CustomerRow) -> Arc<Texts> {
    let name = match (lens, key) {
        (Lens::Rfm, _) => return Arc::clone(&row.rfm.segment_name),
        (Lens::Tier, _) => row.rfm.tier.name(),
        (_, "promoter") => Texts::new("Promoters", "推荐者"),
        (_, "passive") => Texts::new("Passives", "被动者"),
        (_, "detractor") => Texts::new("Detractors", "贬损者"),
        (_, "new") => Texts::new("New (acquisition)", "引入期"),
        (_, "growing") => Texts::new("Growing", "成长期"),
        (_, "mature") => Texts::new("Mature", "成熟期"),
        (_, "declining") => Texts::new("Declining", "衰退期"),
        _ => Texts::new("Lost", "关系终止"),
    };
    Arc::new(name)
}

fn segment_plays(valued: &[Valued], playbook: &Playbook) -> Vec<SegmentPlay> {
    let mut plays = Vec::new();
    for lens in Lens::ALL {
        let mut groups: FxHashMap<&str, Vec<&Valued>> = FxHashMap::default();
        for customer in valued {
            if let Some(key) = customer.key(lens) {
                groups.entry(key).or_default().push(customer);
            }
        }
        let mut lens_plays: Vec<SegmentPlay> = groups
            .into_iter()
            .filter_map(|(key, members)| {
                let play = playbook.play(lens, key)?;
                let value: f64 = members.iter().map(|c| c.value).sum();
                Some(SegmentPlay {
                    lens,
                    key: key.to_string(),
                    name: Texts::clone(&group_name(lens, key, members[0].row)),
                    customers: members.len() as u64,
                    revenue: total_money(members.iter().map(|c| c.row.summary.monetary)),
                    profit: GroupProfit::of(members.iter().map(|c| &c.row.summary)),
                    value,
                    value_at_risk: play
                        .at_risk
                        .then(|| members.iter().map(|c| c.at_risk).sum()),
                    spend_cap_total: members.iter().map(|c| c.cap(play.spend_cap)).sum(),
                    spend_cap_rule: play.spend_cap.rule(),
                    play: play.clone(),
                })
            })
            .collect();
        lens_plays.sort_by(|a, b| match lens {
            Lens::Rfm => b.value.total_cmp(&a.value).then_with(|| a.key.cmp(&b.key)),
            _ => lens_order(lens, &a.key).cmp(&lens_order(lens, &b.key)),
        });
        plays.extend(lens_plays);
    }
    plays
}

/// The position of a key in its lens's natural order (best tier first, promoters first,
/// lifecycle stages in sequence).
fn lens_order(lens: Lens, key: &str) -> usize {
    let order: &[&str] = match lens {
        Lens::Rfm => &[],
        Lens::Tier => &["high", "medium", "low"],
        Lens::Satisfaction => &SATISFACTION_GROUPS,
        Lens::Lifecycle => &LIFECYCLE_STAGES,
    };
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first n of a seeded shuffle of 0..100 are 0..n, in order, for every n.
    #[test]
    fn first_ranked_are_the_first_of_a_whole_sort() {
        use rand::seq::SliceRandom;
        use rand::SeedableRng;
        let mut shuffled: Vec<u32> = (0..100).collect();
        shuffled.shuffle(&mut rand::rngs::StdRng::seed_from_u64(7));
        for n in [0, 1, 2, 20, 99, 100, 150] {
            let mut items = shuffled.clone();
            let first = first_ranked(&mut items, n, |a, b| a.cmp(b));
            let expected: Vec<u32> = (0..n.min(100) as u32).collect();
            assert_eq!(first, expected, "first {n}");
        }
    }

    /// Every kind of reason, written out by hand from its figures in both languages.
    #[test]
    fn every_reason_reads_its_figures() {
        let group = Arc::new(Texts::new("At Risk", "有流失风险客户"));
        let why = Arc::new(Texts::new(
            "Champions: bought very recently.",
            "冠军客户：最近刚刚购买。",
        ));
        let cases = [
            (
                ActionReason::Detractor {
                    nps: 3,
                    tier: Tier::Medium,
                    value: 1234.5,
                },
                "Latest NPS answer 3: a detractor; Key (medium value) customer worth 1,234.50.",
                "最近一次 NPS 评分为 3，属于贬损者；中价值客户，价值 1,234.50。",
            ),
            (
                ActionReason::AtRisk {
                    tier: Tier::High,
                    group: Arc::clone(&group),
                    recency_days: 140,
                },
                "VIP (high value) customer in At Risk, no purchase for 140 days.",
                "高价值客户，属于「有流失风险客户」，已 140 天未购买。",
            ),
            (
                ActionReason::AtRisk {
                    tier: Tier::High,
                    group: Arc::clone(&group),
                    recency_days: 1,
                },
                "VIP (high value) customer in At Risk, no purchase for 1 day.",
                "高价值客户，属于「有流失风险客户」，已 1 天未购买。",
            ),
            (
                ActionReason::Vip {
                    tier: Tier::High,
                    revenue_share: 0.05,
                },
                "VIP (high value): brings 5.0% of net revenue.",
                "高价值客户：贡献净收入的 5.0%。",
            ),
            // Below 1 %, two significant digits: 74.02 of 173,115.55 is 0.04276 %.
            (
                ActionReason::Vip {
                    tier: Tier::High,
                    revenue_share: 74.02 / 173_115.55,
                },
                "VIP (high value): brings 0.043% of net revenue.",
                "高价值客户：贡献净收入的 0.043%。",
            ),
            (
                ActionReason::Promoter { nps: 10 },
                "Latest NPS answer 10: a promoter.",
                "最近一次 NPS 评分为 10，属于推荐者。",
            ),
            (
                ActionReason::Segment(why),
                "Champions: bought very recently.",
                "冠军客户：最近刚刚购买。",
            ),
            (
                ActionReason::Group(Arc::new(Tier::Low.name())),
                "In Ordinary (low value).",
                "属于「低价值客户」。",
            ),
        ];
        for (reason, en, zh_cn) in cases {
            assert_eq!(reason.texts(), Texts::new(en, zh_cn));
            let json = serde_json::to_value(&reason).unwrap();
            assert_eq!(json, serde_json::json!({"en": en, "zh-CN": zh_cn}));
        }
    }

    #[test]
    fn outlooks_not_one_per_customer_are_counted_in_words() {
        let error = |customers, outlooks| OutlookError::Length {
            customers,
            outlooks,
        };
        assert_eq!(error(2, 1).to_string(), "1 outlook for 2 customers");
        assert_eq!(error(1, 0).to_string(), "0 outlooks for 1 customer");
        assert_eq!(error(1, 0).texts().zh_cn, "1 位客户有 0 条预测");
    }

    #[test]
    fn an_outlook_out_of_range_is_echoed_compactly() {
        let error = OutlookError::Value {
            id: "A".into(),
            field: "clv",
            value: -1e300,
        };
        assert_eq!(
            error.texts(),
            Texts::new(
                "customer 'A' has clv -1e300, outside its range",
                "客户“A”的 clv 为 -1e300，超出其取值范围"
            )
        );
    }
}
