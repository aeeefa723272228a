//! Lifecycle stages (客户生命周期) from explainable rules, and the reasons in words.

use serde::{Deserialize, Serialize};

use crate::text::Texts;

/// Where a customer is in the relationship. Every customer gets exactly one stage, by the
/// first of the ordered rules of `stage` that holds (see the README's definitions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Lifecycle {
    /// 引入期: the first purchase was recent.
    New,
    /// 成长期: buying on rhythm, with fewer than 4 purchase days so far.
    Growing,
    /// 成熟期: an established buyer on their usual rhythm.
    Mature,
    /// 衰退期: quieter than their rhythm, or a falling chance of still being a customer.
    Declining,
    /// 关系终止: very probably gone.
    Lost,
}

impl Lifecycle {
    /// All stages, in lifecycle order.
    pub const ALL: [Lifecycle; 5] = [
        Lifecycle::New,
        Lifecycle::Growing,
        Lifecycle::Mature,
        Lifecycle::Declining,
        Lifecycle::Lost,
    ];

    /// The stage as written in the report: `new`, `growing`, `mature`, `declining` or `lost`.
    pub fn key(self) -> &'static str {
        match self {
            Lifecycle::New => "new",
            Lifecycle::Growing => "growing",
            Lifecycle::Mature => "mature",
            Lifecycle::Declining => "declining",
            Lifecycle::Lost => "lost",
        }
    }
}

/// A first purchase fewer than this many days before asOf makes a customer `new`.
pub(crate) const NEW_DAYS: f64 = 90.0;
/// Purchase days from which a customer on rhythm is `mature` rather than `growing`.
pub(crate) const MATURE_PURCHASE_DAYS: u32 = 4;
/// Silence beyond this many times the usual gap between purchases is `declining`; beyond
/// [`LOST_SILENCE`] times, `lost`.
pub(crate) const DECLINING_SILENCE: f64 = 1.5;
/// See [`DECLINING_SILENCE`].
pub(crate) const LOST_SILENCE: f64 = 3.0;
/// P(alive) below this is `declining`; below [`LOST_P_ALIVE`], `lost`.
pub(crate) const DECLINING_P_ALIVE: f64 = 0.6;
/// See [`DECLINING_P_ALIVE`].
pub(crate) const LOST_P_ALIVE: f64 = 0.25;

/// What the rules look at, all in days except counts and probabilities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Signals {
    pub tenure_days: f64,
    pub silence_days: f64,
    pub purchase_days: u32,
    /// The customer's own mean gap between purchase days, or for a one-time buyer the median
    /// of the repeat buyers' gaps; `None` when nobody has bought twice.
    pub rhythm_days: Option<f64>,
    /// Whether `rhythm_days` is the customer's own.
    pub own_rhythm: bool,
    pub p_alive: f64,
}

/// The stage, by the first rule that holds:
/// 1. `new`: first purchase fewer than [`NEW_DAYS`] days ago;
/// 2. `lost`: P(alive) below [`LOST_P_ALIVE`], or silent for more than [`LOST_SILENCE`] times
///    the rhythm;
/// 3. `declining`: P(alive) below [`DECLINING_P_ALIVE`], or silent for more than
///    [`DECLINING_SILENCE`] times the rhythm;
/// 4. `growing`: fewer than [`MATURE_PURCHASE_DAYS`] purchase days;
/// 5. `mature`: everyone else.
///
/// Returns the stage and the reason in English and Chinese.
pub(crate) fn stage(s: &Signals) -> (Lifecycle, Texts) {
    let silence_ratio = s.rhythm_days.map(|rhythm| s.silence_days / rhythm.max(1.0));
    let rhythm_text = |ratio: f64| {
        let rhythm = s.rhythm_days.unwrap_or(0.0);
        if s.own_rhythm {
            Texts::new(
                format!(
                    "no purchase for {:.0} days, {ratio:.1} times their usual gap of {rhythm:.0} days",
                    s.silence_days
                ),
                format!(
                    "已 {:.0} 天未购买，是其平均购买间隔（{rhythm:.0} 天）的 {ratio:.1} 倍",
                    s.silence_days
                ),
            )
        } else {
            Texts::new(
                format!(
                    "one purchase only, {:.0} days ago: {ratio:.1} times the typical repeat buyer's gap of {rhythm:.0} days",
                    s.silence_days
                ),
                format!(
                    "仅购买过一次，距今 {:.0} 天，是复购客户典型间隔（{rhythm:.0} 天）的 {ratio:.1} 倍",
                    s.silence_days
                ),
            )
        }
    };
    let alive_text = |p: f64| {
        Texts::new(
            format!("probability of still being a customer {:.0} %", 100.0 * p),
            format!("仍为活跃客户的概率 {:.0}%", 100.0 * p),
        )
    };
    if s.tenure_days < NEW_DAYS {
        return (
            Lifecycle::New,
            Texts::new(
                format!(
                    "first purchase {:.0} days ago (under {NEW_DAYS:.0})",
                    s.tenure_days
                ),
                format!(
                    "首次购买在 {:.0} 天前（不足 {NEW_DAYS:.0} 天）",
                    s.tenure_days
                ),
            ),
        );
    }
    for (stage, p_limit, silence_limit) in [
        (Lifecycle::Lost, LOST_P_ALIVE, LOST_SILENCE),
        (Lifecycle::Declining, DECLINING_P_ALIVE, DECLINING_SILENCE),
    ] {
        if s.p_alive < p_limit {
            return (stage, alive_text(s.p_alive));
        }
        if let Some(ratio) = silence_ratio.filter(|ratio| *ratio > silence_limit) {
            return (stage, rhythm_text(ratio));
        }
    }
    if s.purchase_days < MATURE_PURCHASE_DAYS {
        return (
            Lifecycle::Growing,
            Texts::new(
                format!(
                    "{} purchase days so far and buying on rhythm",
                    s.purchase_days
                ),
                format!("目前有 {} 个购买日，购买节奏正常", s.purchase_days),
            ),
        );
    }
    (
        Lifecycle::Mature,
        Texts::new(
            format!(
                "{} purchase days and buying on rhythm; {}",
                s.purchase_days,
                alive_text(s.p_alive).en
            ),
            format!(
                "已有 {} 个购买日，购买节奏正常；{}",
                s.purchase_days,
                alive_text(s.p_alive).zh_cn
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals() -> Signals {
        Signals {
            tenure_days: 400.0,
            silence_days: 20.0,
            purchase_days: 6,
            rhythm_days: Some(30.0),
            own_rhythm: true,
            p_alive: 0.9,
        }
    }

    #[test]
    fn each_rule_by_hand() {
        let cases = [
            (
                Signals {
                    tenure_days: 30.0,
                    p_alive: 0.1,
                    ..signals()
                },
                Lifecycle::New,
            ),
            (
                Signals {
                    p_alive: 0.2,
                    ..signals()
                },
                Lifecycle::Lost,
            ),
            (
                Signals {
                    silence_days: 91.0,
                    ..signals()
                },
                Lifecycle::Lost,
            ),
            (
                Signals {
                    p_alive: 0.5,
                    ..signals()
                },
                Lifecycle::Declining,
            ),
            (
                Signals {
                    silence_days: 46.0,
                    ..signals()
                },
                Lifecycle::Declining,
            ),
            (
                Signals {
                    purchase_days: 3,
                    ..signals()
                },
                Lifecycle::Growing,
            ),
            (signals(), Lifecycle::Mature),
            (
                Signals {
                    rhythm_days: None,
                    purchase_days: 1,
                    ..signals()
                },
                Lifecycle::Growing,
            ),
        ];
        for (case, expected) in cases {
            assert_eq!(stage(&case).0, expected, "{case:?}");
        }
    }

    #[test]
    fn reasons_name_the_silence_in_both_languages() {
        let (stage, why) = stage(&Signals {
            silence_days: 60.0,
            ..signals()
        });
        assert_eq!(stage, Lifecycle::Declining);
        assert_eq!(
            why.en,
            "no purchase for 60 days, 2.0 times their usual gap of 30 days"
        );
        assert_eq!(
            why.zh_cn,
            "已 60 天未购买，是其平均购买间隔（30 天）的 2.0 倍"
        );
    }
}
