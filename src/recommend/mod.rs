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

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::report::CustomerRow;
use crate::survey::NpsGroup;
use crate::text::Texts;

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
    /// Lifecycle stage, one of [`LIFECYCLE_STAGES`].
    pub stage: Option<String>,
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
    /// A lifecycle stage that is not one of [`LIFECYCLE_STAGES`].
    Stage {
        /// The customer id.
        id: String,
        /// The stage given.
        stage: String,
    },
}

impl fmt::Display for OutlookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutlookError::Length {
                customers,
                outlooks,
            } => {
                write!(f, "{outlooks} outlooks for {customers} customers")
            }
            OutlookError::Value { id, field, value } => {
                write!(f, "customer '{id}' has {field} {value}, outside its range")
            }
            OutlookError::Stage { id, stage } => write!(
                f,
                "customer '{id}' has lifecycle stage '{stage}', not one of [{}]",
                LIFECYCLE_STAGES.join(", ")
            ),
        }
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
    pub key: String,
    /// Why, from the customer's own figures.
    pub reason: Texts,
    /// The play's first action.
    pub action: Texts,
    /// The play's channel.
    pub channel: Texts,
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

    fn stage(&self) -> Option<&str> {
        self.outlook.and_then(|o| o.stage.as_deref())
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
            Lens::Rfm => Some(&self.row.rfm.segment),
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
/// assert_eq!(report.customers[0].rfm.segment, "at_risk");
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
    let per_customer: Vec<Option<CustomerRecommendation>> = valued
        .iter()
        .map(|customer| next_best_action(customer, playbook))
        .collect();
    let mut call_list: Vec<CallListEntry> = valued
        .iter()
        .zip(&per_customer)
        .filter_map(|(customer, rec)| Some((customer, rec.as_ref()?)))
        .filter(|(_, rec)| rec.next_best_action.rule.calls_this_week())
        .map(|(customer, rec)| CallListEntry {
            rank: 0,
            id: customer.row.summary.id.clone(),
            value_at_risk: customer.at_risk,
            action: rec.next_best_action.clone(),
        })
        .collect();
    call_list.sort_by(|a, b| {
        b.value_at_risk
            .total_cmp(&a.value_at_risk)
            .then(a.action.rule.cmp(&b.action.rule))
            .then_with(|| a.id.cmp(&b.id))
    });
    call_list.truncate(config.call_list_size);
    for (rank, entry) in call_list.iter_mut().enumerate() {
        entry.rank = rank as u32 + 1;
    }
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
        let id = || row.summary.id.clone();
        let checks = [
            ("clv", outlook.clv, f64::INFINITY),
            ("pAlive", outlook.p_alive, 1.0),
        ];
        for (field, value, max) in checks {
            if let Some(value) = value.filter(|v| !(0.0..=max).contains(v) || !v.is_finite()) {
                return Err(OutlookError::Value {
                    id: id(),
                    field,
                    value,
                });
            }
        }
        if let Some(stage) = outlook
            .stage
            .as_ref()
            .filter(|s| !LIFECYCLE_STAGES.contains(&s.as_str()))
        {
            return Err(OutlookError::Stage {
                id: id(),
                stage: stage.clone(),
            });
        }
    }
    Ok(())
}

fn next_best_action(customer: &Valued, playbook: &Playbook) -> Option<CustomerRecommendation> {
    let row = customer.row;
    let signals = Signals {
        segment: &row.rfm.segment,
        tier: row.rfm.tier,
        nps_group: customer.nps_group(),
        stage: customer.stage(),
    };
    let choice = choose(&signals, playbook)?;
    let play = choice.play;
    Some(CustomerRecommendation {
        value: customer.value,
        next_best_action: NextBestAction {
            rule: choice.rule,
            lens: choice.lens,
            key: choice.key.to_string(),
            reason: reason(choice.rule, customer, choice.lens, choice.key),
            // Validated playbooks have at least two actions.
            action: play.actions.first().unwrap_or(&play.goal).clone(),
            channel: play.channel.clone(),
            spend_cap: customer.cap(play.spend_cap),
        },
    })
}

fn reason(rule: PriorityRule, customer: &Valued, lens: Lens, key: &str) -> Texts {
    let row = customer.row;
    let nps = row
        .satisfaction
        .as_ref()
        .and_then(|s| s.nps)
        .unwrap_or_default();
    let tier = row.rfm.tier.name();
    let value = customer.value;
    match rule {
        PriorityRule::RescueDetractor => Texts::new(
            format!(
                "Latest NPS answer {nps}: a detractor; {} customer worth {value:.2}.",
                tier.en
            ),
            format!(
                "最近一次 NPS 评分为 {nps}，属于贬损者；{}，价值 {value:.2}。",
                tier.zh_cn
            ),
        ),
        PriorityRule::SaveValuable => {
            let group = group_name(lens, key, row);
            let days = row.summary.recency_days;
            let at_risk = customer.at_risk;
            Texts::new(
                format!(
                    "{} customer in {}, no purchase for {days} days; {at_risk:.2} at risk.",
                    tier.en, group.en
                ),
                format!(
                    "{}，属于「{}」，已 {days} 天未购买；风险价值 {at_risk:.2}。",
                    tier.zh_cn, group.zh_cn
                ),
            )
        }
        PriorityRule::VipCare => {
            let percent = row.rfm.revenue_share * 100.0;
            Texts::new(
                format!("{}: brings {percent:.1} % of net revenue.", tier.en),
                format!("{}：贡献净收入的 {percent:.1}%。", tier.zh_cn),
            )
        }
        PriorityRule::AskReferral => Texts::new(
            format!("Latest NPS answer {nps}: a promoter."),
            format!("最近一次 NPS 评分为 {nps}，属于推荐者。"),
        ),
        PriorityRule::SegmentPlay => row.rfm.segment_why.clone(),
        PriorityRule::LifecyclePlay | PriorityRule::TierPlay => {
            let group = group_name(lens, key, row);
            Texts::new(
                format!("In {}.", group.en),
                format!("属于「{}」。", group.zh_cn),
            )
        }
    }
}

/// The display name of a group; `row` is a customer of the group.
fn group_name(lens: Lens, key: &str, row: &CustomerRow) -> Texts {
    match (lens, key) {
        (Lens::Rfm, _) => row.rfm.segment_name.clone(),
        (Lens::Tier, _) => row.rfm.tier.name(),
        (_, "promoter") => Texts::new("Promoters", "推荐者"),
        (_, "passive") => Texts::new("Passives", "被动者"),
        (_, "detractor") => Texts::new("Detractors", "贬损者"),
        (_, "new") => Texts::new("New (acquisition)", "引入期"),
        (_, "growing") => Texts::new("Growing", "成长期"),
        (_, "mature") => Texts::new("Mature", "成熟期"),
        (_, "declining") => Texts::new("Declining", "衰退期"),
        _ => Texts::new("Lost", "关系终止"),
    }
}

fn segment_plays(valued: &[Valued], playbook: &Playbook) -> Vec<SegmentPlay> {
    let mut plays = Vec::new();
    for lens in Lens::ALL {
        let mut groups: HashMap<&str, Vec<&Valued>> = HashMap::new();
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
                    name: group_name(lens, key, members[0].row),
                    customers: members.len() as u64,
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
