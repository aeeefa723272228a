//! Lifecycle stages (客户生命周期) from explainable rules, and the reasons in words.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::text::{serialize_rendered, Count, Counted, Language, Rendered, WholeDays};

/// Where a customer is in the relationship. Every customer gets exactly one stage, by the
/// first of the ordered rules of `stage` that holds (see the README's definitions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Lifecycle {
    /// 引入期: the first purchase was recent.
    New,
    /// 成长期: fewer than 4 purchase days so far, and not behind their rhythm (or, when nobody
    /// has bought twice, with no rhythm to be behind).
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
    pub tenure_days: i32,
    pub silence_days: i32,
    pub purchase_days: u32,
    /// The customer's own mean gap between purchase days, or for a one-time buyer the median
    /// of the repeat buyers' gaps; `None` when nobody has bought twice.
    pub rhythm_days: Option<f64>,
    /// Whether `rhythm_days` is the customer's own.
    pub own_rhythm: bool,
    /// `None` when the model has no dropout (the NBD fallback).
    pub p_alive: Option<f64>,
}

/// Why a customer is in their lifecycle stage: the rule that placed them and the figures it
/// read, written out in English and Chinese when serialised (as `{"en": …, "zh-CN": …}`) or
/// asked for with [`Rendered::texts`].
///
/// ```
/// use custval::{LifecycleWhy, Rendered};
///
/// let why = LifecycleWhy::Growing { purchase_days: 2 };
/// assert_eq!(why.texts().en, "2 purchase days so far and buying on rhythm");
/// assert_eq!(serde_json::to_value(why)?["zh-CN"], "目前有 2 个购买日，购买节奏正常");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LifecycleWhy {
    /// `new`: the first purchase was fewer than 90 days ago.
    New {
        /// Days since the first purchase.
        tenure_days: i32,
    },
    /// `lost` or `declining` by the probability of still being a customer, once silent for
    /// longer than the rhythm. The silence is said with it: the probability alone tells a
    /// person nothing they can check.
    AliveOverdue {
        /// P(alive).
        p_alive: f64,
        /// Days since the last purchase.
        silence_days: i32,
        /// The usual gap between purchase days.
        rhythm_days: f64,
        /// Whether the rhythm is the customer's own, or (after one purchase) the typical
        /// repeat buyer's.
        own_rhythm: bool,
    },
    /// `lost` or `declining` by the probability of still being a customer when nobody has
    /// bought twice, so that there is no rhythm to be overdue by.
    Alive {
        /// P(alive).
        p_alive: f64,
        /// Days since the last purchase.
        silence_days: i32,
    },
    /// `lost` or `declining` by a silence long for the customer's rhythm.
    Silent {
        /// Days since the last purchase.
        silence_days: i32,
        /// The silence over the rhythm.
        ratio: f64,
        /// The usual gap between purchase days.
        rhythm_days: f64,
        /// Whether the rhythm is the customer's own, or (after one purchase) the typical
        /// repeat buyer's.
        own_rhythm: bool,
    },
    /// `growing`: on rhythm with few purchase days.
    Growing {
        /// Purchase days so far.
        purchase_days: u32,
    },
    /// `growing` with few purchase days when nobody has bought twice: there is no rhythm to
    /// tell whether the silence since the last purchase is long.
    NoRhythm {
        /// Purchase days so far.
        purchase_days: u32,
        /// Days since the last purchase.
        silence_days: i32,
    },
    /// `mature`: on rhythm and established.
    Mature {
        /// Purchase days so far.
        purchase_days: u32,
        /// P(alive); `None` when the model has no dropout (the NBD fallback).
        p_alive: Option<f64>,
    },
}

impl Rendered for LifecycleWhy {
    fn write(&self, language: Language, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let en = language == Language::En;
        match *self {
            LifecycleWhy::New { tenure_days } if en => write!(
                out,
                "first purchase {} ago (under {NEW_DAYS:.0})",
                days(tenure_days)
            ),
            LifecycleWhy::New { tenure_days } => write!(
                out,
                "首次购买在 {tenure_days} 天前（不足 {NEW_DAYS:.0} 天）"
            ),
            LifecycleWhy::AliveOverdue {
                p_alive,
                silence_days,
                rhythm_days,
                own_rhythm,
            } => {
                write_p_alive(p_alive, en, out)?;
                out.write_str(if en { "; " } else { "；" })?;
                let silence = LifecycleWhy::Silent {
                    silence_days,
                    ratio: silence_ratio(silence_days, rhythm_days),
                    rhythm_days,
                    own_rhythm,
                };
                silence.write(language, out)
            }
            LifecycleWhy::Alive {
                p_alive,
                silence_days,
            } => {
                write_p_alive(p_alive, en, out)?;
                if en {
                    write!(out, "; no purchase for {}", days(silence_days))
                } else {
                    write!(out, "；已 {silence_days} 天未购买")
                }
            }
            LifecycleWhy::Silent {
                silence_days,
                ratio,
                rhythm_days: rhythm,
                own_rhythm,
            } => match (own_rhythm, en) {
                (true, true) => write!(
                    out,
                    "no purchase for {}, {ratio:.1} times their usual gap of {}",
                    days(silence_days),
                    days(WholeDays(rhythm))
                ),
                (true, false) => write!(
                    out,
                    "已 {silence_days} 天未购买，是其平均购买间隔（{rhythm:.0} 天）的 {ratio:.1} 倍"
                ),
                (false, true) => write!(
                    out,
                    "one purchase only, {} ago: {ratio:.1} times the typical repeat buyer's gap of {}",
                    days(silence_days),
                    days(WholeDays(rhythm))
                ),
                (false, false) => write!(
                    out,
                    "仅购买过一次，距今 {silence_days} 天，是复购客户典型间隔（{rhythm:.0} 天）的 {ratio:.1} 倍"
                ),
            },
            LifecycleWhy::Growing { purchase_days } if en => write!(
                out,
                "{} so far and buying on rhythm",
                Counted(purchase_days, "purchase day", "purchase days")
            ),
            LifecycleWhy::Growing { purchase_days } => {
                write!(out, "目前有 {purchase_days} 个购买日，购买节奏正常")
            }
            LifecycleWhy::NoRhythm {
                purchase_days,
                silence_days,
            } if en => write!(
                out,
                "{}, the last {} ago; nobody has bought twice, so there is no rhythm to judge that silence by",
                Counted(purchase_days, "purchase day", "purchase days"),
                days(silence_days)
            ),
            LifecycleWhy::NoRhythm {
                purchase_days,
                silence_days,
            } => write!(
                out,
                "目前有 {purchase_days} 个购买日，最近一次在 {silence_days} 天前；尚无客户复购，没有购买节奏可判断这段沉默"
            ),
            LifecycleWhy::Mature {
                purchase_days,
                p_alive,
            } => {
                if en {
                    let purchase_days = Counted(purchase_days, "purchase day", "purchase days");
                    write!(out, "{purchase_days} and buying on rhythm")?;
                } else {
                    write!(out, "已有 {purchase_days} 个购买日，购买节奏正常")?;
                }
                match p_alive {
                    Some(p_alive) => {
                        out.write_str(if en { "; " } else { "；" })?;
                        write_p_alive(p_alive, en, out)
                    }
                    None => Ok(()),
                }
            }
        }
    }
}

fn write_p_alive(p_alive: f64, en: bool, out: &mut fmt::Formatter<'_>) -> fmt::Result {
    if en {
        write!(
            out,
            "probability of still being a customer {:.1}%",
            100.0 * p_alive
        )
    } else {
        write!(out, "仍为活跃客户的概率 {:.1}%", 100.0 * p_alive)
    }
}

/// The silence over the rhythm, which a rhythm under a day counts as a day.
fn silence_ratio(silence_days: i32, rhythm_days: f64) -> f64 {
    f64::from(silence_days) / rhythm_days.max(1.0)
}

/// A number of days in English: "1 day", "3 days".
fn days<T: Count>(count: T) -> Counted<T> {
    Counted(count, "day", "days")
}

impl Serialize for LifecycleWhy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_rendered(self, serializer)
    }
}

/// The stage, by the first rule that holds:
/// 1. `new`: first purchase fewer than [`NEW_DAYS`] days ago;
/// 2. `lost`: P(alive) below [`LOST_P_ALIVE`] once silent for longer than the rhythm, or silent
///    for more than [`LOST_SILENCE`] times the rhythm;
/// 3. `declining`: P(alive) below [`DECLINING_P_ALIVE`] once silent for longer than the
///    rhythm, or silent for more than [`DECLINING_SILENCE`] times the rhythm;
/// 4. `growing`: fewer than [`MATURE_PURCHASE_DAYS`] purchase days (the reason says so when
///    there is no rhythm: "on rhythm" would be untrue);
/// 5. `mature`: everyone else.
///
/// Returns the stage and the reason.
pub(crate) fn stage(s: &Signals) -> (Lifecycle, LifecycleWhy) {
    if f64::from(s.tenure_days) < NEW_DAYS {
        let why = LifecycleWhy::New {
            tenure_days: s.tenure_days,
        };
        return (Lifecycle::New, why);
    }
    // In BG/NBD a customer can drop out only right after a purchase, so P(alive) falls the
    // moment a repeat purchase is made; a customer not yet past their rhythm is still on time,
    // and the probability alone does not make them declining.
    let overdue = s
        .rhythm_days
        .is_none_or(|rhythm| f64::from(s.silence_days) > rhythm);
    for (stage, p_limit, silence_limit) in [
        (Lifecycle::Lost, LOST_P_ALIVE, LOST_SILENCE),
        (Lifecycle::Declining, DECLINING_P_ALIVE, DECLINING_SILENCE),
    ] {
        if let Some(p_alive) = s.p_alive.filter(|p| *p < p_limit && overdue) {
            let silence_days = s.silence_days;
            let why = match s.rhythm_days {
                Some(rhythm_days) => LifecycleWhy::AliveOverdue {
                    p_alive,
                    silence_days,
                    rhythm_days,
                    own_rhythm: s.own_rhythm,
                },
                None => LifecycleWhy::Alive {
                    p_alive,
                    silence_days,
                },
            };
            return (stage, why);
        }
        if let Some(rhythm) = s.rhythm_days {
            let ratio = silence_ratio(s.silence_days, rhythm);
            if ratio > silence_limit {
                let why = LifecycleWhy::Silent {
                    silence_days: s.silence_days,
                    ratio,
                    rhythm_days: rhythm,
                    own_rhythm: s.own_rhythm,
                };
                return (stage, why);
            }
        }
    }
    if s.purchase_days < MATURE_PURCHASE_DAYS {
        let why = match s.rhythm_days {
            Some(_) => LifecycleWhy::Growing {
                purchase_days: s.purchase_days,
            },
            None => LifecycleWhy::NoRhythm {
                purchase_days: s.purchase_days,
                silence_days: s.silence_days,
            },
        };
        return (Lifecycle::Growing, why);
    }
    let why = LifecycleWhy::Mature {
        purchase_days: s.purchase_days,
        p_alive: s.p_alive,
    };
    (Lifecycle::Mature, why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Texts;

    fn signals() -> Signals {
        Signals {
            tenure_days: 400,
            silence_days: 20,
            purchase_days: 6,
            rhythm_days: Some(30.0),
            own_rhythm: true,
            p_alive: Some(0.9),
        }
    }

    #[test]
    fn each_rule_by_hand() {
        let cases = [
            (
                Signals {
                    tenure_days: 30,
                    p_alive: Some(0.1),
                    ..signals()
                },
                Lifecycle::New,
            ),
            // Past the rhythm of 30 days, not yet 1.5 times it: P(alive) tells.
            (
                Signals {
                    silence_days: 35,
                    p_alive: Some(0.2),
                    ..signals()
                },
                Lifecycle::Lost,
            ),
            (
                Signals {
                    silence_days: 91,
                    ..signals()
                },
                Lifecycle::Lost,
            ),
            (
                Signals {
                    silence_days: 35,
                    p_alive: Some(0.5),
                    ..signals()
                },
                Lifecycle::Declining,
            ),
            // On time (a purchase today, or 20 days into a 30-day rhythm): a low P(alive) is
            // the model's drop just after a purchase, not a customer slipping away.
            (
                Signals {
                    silence_days: 0,
                    p_alive: Some(0.5),
                    ..signals()
                },
                Lifecycle::Mature,
            ),
            (
                Signals {
                    p_alive: Some(0.2),
                    ..signals()
                },
                Lifecycle::Mature,
            ),
            // Without a rhythm to be on time by, the probability tells at once.
            (
                Signals {
                    rhythm_days: None,
                    p_alive: Some(0.2),
                    ..signals()
                },
                Lifecycle::Lost,
            ),
            (
                Signals {
                    silence_days: 46,
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
            // Without dropout (the NBD fallback) only the silence tells.
            (
                Signals {
                    p_alive: None,
                    ..signals()
                },
                Lifecycle::Mature,
            ),
            (
                Signals {
                    p_alive: None,
                    silence_days: 46,
                    ..signals()
                },
                Lifecycle::Declining,
            ),
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
    fn without_a_rhythm_a_one_time_buyer_is_not_said_to_buy_on_rhythm() {
        // Nobody has bought twice: 300 days of silence after one purchase cannot be judged.
        let (stage, why) = stage(&Signals {
            silence_days: 300,
            purchase_days: 1,
            rhythm_days: None,
            own_rhythm: false,
            p_alive: None,
            ..signals()
        });
        assert_eq!(stage, Lifecycle::Growing);
        assert_eq!(
            why,
            LifecycleWhy::NoRhythm {
                purchase_days: 1,
                silence_days: 300
            }
        );
        let why = why.texts();
        assert!(!why.en.contains("on rhythm"), "{}", why.en);
        assert!(!why.zh_cn.contains("节奏正常"), "{}", why.zh_cn);
    }

    #[test]
    fn a_low_probability_of_still_being_a_customer_comes_with_the_silence_behind_it() {
        let (placed, why) = stage(&Signals {
            silence_days: 35,
            p_alive: Some(0.2),
            ..signals()
        });
        assert_eq!(placed, Lifecycle::Lost);
        assert_eq!(
            why,
            LifecycleWhy::AliveOverdue {
                p_alive: 0.2,
                silence_days: 35,
                rhythm_days: 30.0,
                own_rhythm: true
            }
        );
        // Nobody has bought twice: the silence alone.
        let (placed, why) = stage(&Signals {
            rhythm_days: None,
            p_alive: Some(0.2),
            ..signals()
        });
        assert_eq!(placed, Lifecycle::Lost);
        assert_eq!(
            why,
            LifecycleWhy::Alive {
                p_alive: 0.2,
                silence_days: 20
            }
        );
    }

    #[test]
    fn reasons_name_the_silence_in_both_languages() {
        let (stage, why) = stage(&Signals {
            silence_days: 60,
            ..signals()
        });
        let why = why.texts();
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

    /// Every kind of reason, written out by hand from its figures in both languages.
    #[test]
    fn every_reason_reads_its_figures() {
        let cases = [
            (
                LifecycleWhy::New { tenure_days: 12 },
                "first purchase 12 days ago (under 90)",
                "首次购买在 12 天前（不足 90 天）",
            ),
            // A count of 1 takes the singular in English; Chinese has none to take.
            (
                LifecycleWhy::New { tenure_days: 1 },
                "first purchase 1 day ago (under 90)",
                "首次购买在 1 天前（不足 90 天）",
            ),
            (
                LifecycleWhy::Silent {
                    silence_days: 2,
                    ratio: 2.0,
                    rhythm_days: 1.0,
                    own_rhythm: true,
                },
                "no purchase for 2 days, 2.0 times their usual gap of 1 day",
                "已 2 天未购买，是其平均购买间隔（1 天）的 2.0 倍",
            ),
            // 4 days over a rhythm of 1.2 days, which is written 1.
            (
                LifecycleWhy::Silent {
                    silence_days: 4,
                    ratio: 4.0 / 1.2,
                    rhythm_days: 1.2,
                    own_rhythm: false,
                },
                "one purchase only, 4 days ago: 3.3 times the typical repeat buyer's gap of 1 day",
                "仅购买过一次，距今 4 天，是复购客户典型间隔（1 天）的 3.3 倍",
            ),
            (
                LifecycleWhy::Growing { purchase_days: 1 },
                "1 purchase day so far and buying on rhythm",
                "目前有 1 个购买日，购买节奏正常",
            ),
            (
                LifecycleWhy::NoRhythm {
                    purchase_days: 1,
                    silence_days: 300,
                },
                "1 purchase day, the last 300 days ago; nobody has bought twice, so there is no rhythm to judge that silence by",
                "目前有 1 个购买日，最近一次在 300 天前；尚无客户复购，没有购买节奏可判断这段沉默",
            ),
            (
                LifecycleWhy::AliveOverdue {
                    p_alive: 0.2345,
                    silence_days: 45,
                    rhythm_days: 30.0,
                    own_rhythm: true,
                },
                "probability of still being a customer 23.4%; no purchase for 45 days, 1.5 times their usual gap of 30 days",
                "仍为活跃客户的概率 23.4%；已 45 天未购买，是其平均购买间隔（30 天）的 1.5 倍",
            ),
            (
                LifecycleWhy::Alive {
                    p_alive: 0.1,
                    silence_days: 12,
                },
                "probability of still being a customer 10.0%; no purchase for 12 days",
                "仍为活跃客户的概率 10.0%；已 12 天未购买",
            ),
            (
                LifecycleWhy::Silent {
                    silence_days: 200,
                    ratio: 3.333,
                    rhythm_days: 60.0,
                    own_rhythm: false,
                },
                "one purchase only, 200 days ago: 3.3 times the typical repeat buyer's gap of 60 days",
                "仅购买过一次，距今 200 天，是复购客户典型间隔（60 天）的 3.3 倍",
            ),
            (
                LifecycleWhy::Growing { purchase_days: 3 },
                "3 purchase days so far and buying on rhythm",
                "目前有 3 个购买日，购买节奏正常",
            ),
            (
                LifecycleWhy::Mature {
                    purchase_days: 7,
                    p_alive: Some(0.876),
                },
                "7 purchase days and buying on rhythm; probability of still being a customer 87.6%",
                "已有 7 个购买日，购买节奏正常；仍为活跃客户的概率 87.6%",
            ),
            (
                LifecycleWhy::Mature {
                    purchase_days: 7,
                    p_alive: None,
                },
                "7 purchase days and buying on rhythm",
                "已有 7 个购买日，购买节奏正常",
            ),
        ];
        for (why, en, zh_cn) in cases {
            assert_eq!(why.texts(), Texts::new(en, zh_cn));
            let json = serde_json::to_value(why).unwrap();
            assert_eq!(json, serde_json::json!({"en": en, "zh-CN": zh_cn}));
        }
    }
}
