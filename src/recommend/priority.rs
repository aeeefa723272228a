//! The next best action: one play per customer, chosen by rules in a fixed order.

use serde::Serialize;

use crate::clv::Lifecycle;
use crate::recommend::playbook::{Lens, Play, Playbook};
use crate::rfm::Tier;
use crate::survey::NpsGroup;
use crate::text::Texts;

/// The rule that chose a customer's next best action. The rules are tried in this order and
/// the first that applies wins, so a detractor's complaint is handled before anything is sold
/// to them, and a valuable customer who is drifting away is saved before one who is merely
/// valuable is pampered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PriorityRule {
    /// 1. The latest NPS answer is a detractor's: the `satisfaction.detractor` play.
    RescueDetractor,
    /// 2. A high or medium tier customer in an at-risk RFM segment (or, failing that, an
    ///    at-risk lifecycle stage): that segment's (or stage's) play; not a new customer, nor
    ///    one who bought on the analysis date.
    SaveValuable,
    /// 3. A high tier customer: the `tier.high` play.
    VipCare,
    /// 4. The latest NPS answer is a promoter's: the `satisfaction.promoter` play.
    AskReferral,
    /// 5. The play of the customer's RFM segment.
    SegmentPlay,
    /// 6. A segment without a play (custom segment rules): the lifecycle stage's play.
    LifecyclePlay,
    /// 7. Otherwise: the play of the customer's value tier.
    TierPlay,
}

impl PriorityRule {
    /// Every rule, in the order they are tried.
    pub const ALL: [PriorityRule; 7] = [
        PriorityRule::RescueDetractor,
        PriorityRule::SaveValuable,
        PriorityRule::VipCare,
        PriorityRule::AskReferral,
        PriorityRule::SegmentPlay,
        PriorityRule::LifecyclePlay,
        PriorityRule::TierPlay,
    ];

    /// The stable key, as serialised, e.g. `rescueDetractor`.
    pub fn key(self) -> &'static str {
        match self {
            PriorityRule::RescueDetractor => "rescueDetractor",
            PriorityRule::SaveValuable => "saveValuable",
            PriorityRule::VipCare => "vipCare",
            PriorityRule::AskReferral => "askReferral",
            PriorityRule::SegmentPlay => "segmentPlay",
            PriorityRule::LifecyclePlay => "lifecyclePlay",
            PriorityRule::TierPlay => "tierPlay",
        }
    }

    /// Whether customers chosen by this rule belong on this week's call list: they need a
    /// personal contact soon or their value may be lost.
    pub fn calls_this_week(self) -> bool {
        matches!(
            self,
            PriorityRule::RescueDetractor | PriorityRule::SaveValuable
        )
    }

    /// What the rule says, in both languages.
    pub fn description(self) -> Texts {
        match self {
            PriorityRule::RescueDetractor => Texts::new(
                "Detractors first: whoever last answered the NPS question as a detractor gets service recovery before any offer.",
                "贬损者优先：最近一次 NPS 回答为贬损者的客户，先做服务补救，再谈任何优惠。",
            ),
            PriorityRule::SaveValuable => Texts::new(
                "Then valuable customers who are slipping away: high or medium tier customers past their first 90 days, in an at-risk segment or declining stage, get its win-back play.",
                "其次是正在流失的有价值客户：首次购买已超过 90 天、处于风险细分或衰退期的高、中价值客户，执行相应的挽回策略。",
            ),
            PriorityRule::VipCare => Texts::new(
                "Then VIP care for the remaining high tier customers.",
                "然后为其余高价值客户提供 VIP 服务。",
            ),
            PriorityRule::AskReferral => Texts::new(
                "Then promoters are asked for referrals.",
                "然后邀请推荐者推荐新客户。",
            ),
            PriorityRule::SegmentPlay => Texts::new(
                "Otherwise the play of the customer's RFM segment.",
                "否则执行客户所在 RFM 细分的策略。",
            ),
            PriorityRule::LifecyclePlay => Texts::new(
                "For a segment without a play, the play of the customer's lifecycle stage.",
                "若所在细分没有策略，则执行其生命周期阶段的策略。",
            ),
            PriorityRule::TierPlay => Texts::new(
                "Failing all of these, the play of the customer's value tier.",
                "以上都不适用时，执行其价值等级的策略。",
            ),
        }
    }
}

/// What the rules look at for one customer.
pub(crate) struct Signals<'a> {
    pub segment: &'a str,
    pub tier: Tier,
    pub nps_group: Option<NpsGroup>,
    pub stage: Option<&'a str>,
    /// Days since the last purchase: one who bought on the analysis date needs no saving,
    /// whatever their scores say (a file's only customer scores in the middle, `need_attention`).
    pub recency_days: i32,
}

/// The rule that applies and the play it picks.
pub(crate) struct Choice<'p, 'a> {
    pub rule: PriorityRule,
    pub lens: Lens,
    pub key: &'a str,
    pub play: &'p Play,
}

/// The first rule that applies and has a play. With a validated playbook there always is
/// one, since every tier has a play.
pub(crate) fn choose<'p, 'a>(
    signals: &Signals<'a>,
    playbook: &'p Playbook,
) -> Option<Choice<'p, 'a>> {
    use PriorityRule::*;
    let valuable = matches!(signals.tier, Tier::High | Tier::Medium);
    // Silence is no sign of slipping away in a customer who bought today, or who is still new:
    // RFM compares their recency with customers who had years to come back.
    let savable =
        valuable && signals.recency_days > 0 && signals.stage != Some(Lifecycle::New.key());
    let detractor = signals.nps_group == Some(NpsGroup::Detractor);
    let promoter = signals.nps_group == Some(NpsGroup::Promoter);
    let segment = Some(signals.segment);
    // (applies, rule, lens, key, only an at-risk play will do), in priority order.
    let candidates = [
        (
            detractor,
            RescueDetractor,
            Lens::Satisfaction,
            Some("detractor"),
            false,
        ),
        (savable, SaveValuable, Lens::Rfm, segment, true),
        (savable, SaveValuable, Lens::Lifecycle, signals.stage, true),
        (
            signals.tier == Tier::High,
            VipCare,
            Lens::Tier,
            Some(Tier::High.key()),
            false,
        ),
        (
            promoter,
            AskReferral,
            Lens::Satisfaction,
            Some("promoter"),
            false,
        ),
        (true, SegmentPlay, Lens::Rfm, segment, false),
        (true, LifecyclePlay, Lens::Lifecycle, signals.stage, false),
        (true, TierPlay, Lens::Tier, Some(signals.tier.key()), false),
    ];
    candidates
        .into_iter()
        .find_map(|(applies, rule, lens, key, needs_risk)| {
            let key = key.filter(|_| applies)?;
            let play = playbook
                .play(lens, key)
                .filter(|play| play.at_risk || !needs_risk)?;
            Some(Choice {
                rule,
                lens,
                key,
                play,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Segment, tier, NPS box, lifecycle stage, and the expected rule, lens and key.
    type Case<'a> = (
        &'a str,
        Tier,
        Option<NpsGroup>,
        Option<&'a str>,
        (PriorityRule, Lens, &'a str),
    );

    /// One case per rule and the precedence between them, worked out from the rule list
    /// and the built-in playbook's at-risk flags by hand.
    #[test]
    fn rules_apply_in_documented_order() {
        use NpsGroup::{Detractor, Passive, Promoter};
        use PriorityRule::*;
        use Tier::{High, Low, Medium};
        let cases: [Case; 12] = [
            // A VIP detractor is rescued before VIP care or an up-sell.
            (
                "champions",
                High,
                Some(Detractor),
                None,
                (RescueDetractor, Lens::Satisfaction, "detractor"),
            ),
            (
                "hibernating",
                Low,
                Some(Detractor),
                None,
                (RescueDetractor, Lens::Satisfaction, "detractor"),
            ),
            (
                "cant_lose_them",
                High,
                Some(Promoter),
                None,
                (SaveValuable, Lens::Rfm, "cant_lose_them"),
            ),
            (
                "at_risk",
                Medium,
                None,
                None,
                (SaveValuable, Lens::Rfm, "at_risk"),
            ),
            (
                "loyal_customers",
                Medium,
                None,
                Some("declining"),
                (SaveValuable, Lens::Lifecycle, "declining"),
            ),
            (
                "champions",
                High,
                Some(Promoter),
                Some("mature"),
                (VipCare, Lens::Tier, "high"),
            ),
            (
                "champions",
                Medium,
                Some(Promoter),
                None,
                (AskReferral, Lens::Satisfaction, "promoter"),
            ),
            // A low tier customer at risk gets the segment's own (cheap) play, not a rescue.
            (
                "at_risk",
                Low,
                Some(Passive),
                None,
                (SegmentPlay, Lens::Rfm, "at_risk"),
            ),
            (
                "new_customers",
                Low,
                None,
                Some("new"),
                (SegmentPlay, Lens::Rfm, "new_customers"),
            ),
            (
                "big_spenders",
                Low,
                None,
                Some("growing"),
                (LifecyclePlay, Lens::Lifecycle, "growing"),
            ),
            (
                "big_spenders",
                Medium,
                None,
                None,
                (TierPlay, Lens::Tier, "medium"),
            ),
            (
                "big_spenders",
                Low,
                None,
                Some("unknown"),
                (TierPlay, Lens::Tier, "low"),
            ),
        ];
        assert_choices(&cases, 30);
    }

    /// A customer who bought on the analysis date is not saved, whatever their scores and
    /// stage: the next rule that applies chooses.
    #[test]
    fn a_customer_who_bought_on_the_analysis_date_is_not_saved() {
        use PriorityRule::{SegmentPlay, VipCare};
        let cases: [Case; 2] = [
            (
                "need_attention",
                Tier::High,
                None,
                Some("declining"),
                (VipCare, Lens::Tier, "high"),
            ),
            (
                "at_risk",
                Tier::Medium,
                None,
                None,
                (SegmentPlay, Lens::Rfm, "at_risk"),
            ),
        ];
        assert_choices(&cases, 0);
    }

    #[test]
    fn a_new_customer_is_not_saved() {
        use PriorityRule::{SegmentPlay, VipCare};
        let cases: [Case; 2] = [
            (
                "cant_lose_them",
                Tier::High,
                None,
                Some("new"),
                (VipCare, Lens::Tier, "high"),
            ),
            (
                "at_risk",
                Tier::Medium,
                None,
                Some("new"),
                (SegmentPlay, Lens::Rfm, "at_risk"),
            ),
        ];
        assert_choices(&cases, 3);
    }

    fn assert_choices(cases: &[Case], recency_days: i32) {
        let playbook = Playbook::built_in();
        for &(segment, tier, nps_group, stage, expected) in cases {
            let signals = Signals {
                segment,
                tier,
                nps_group,
                stage,
                recency_days,
            };
            let choice = choose(&signals, &playbook).unwrap();
            let (rule, lens, key) = expected;
            assert_eq!(
                (choice.rule, choice.lens, choice.key),
                (rule, lens, key),
                "{segment} {tier:?} {nps_group:?} {stage:?}"
            );
            assert_eq!(Some(choice.play), playbook.play(lens, key));
        }
    }

    #[test]
    fn keys_are_the_serialised_names() {
        for rule in PriorityRule::ALL {
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.key());
        }
    }

    #[test]
    fn only_urgent_rules_fill_the_call_list() {
        let calls: Vec<_> = PriorityRule::ALL
            .into_iter()
            .filter(|rule| rule.calls_this_week())
            .collect();
        assert_eq!(
            calls,
            [PriorityRule::RescueDetractor, PriorityRule::SaveValuable]
        );
    }
}
