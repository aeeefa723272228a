//! The playbook: what to do with each group of customers, as data a user can replace.
//!
//! The built-in playbook is `playbook.json` beside this file. A user's own playbook has the
//! same shape and goes through the same checks, so every play that reaches a report has a
//! goal, two to four actions, a channel and a spend cap, each text in both languages.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::error::Category;

use crate::rfm::{default_rules, Tier};
use crate::serde_words::{missing_field, unknown_field, unknown_variant};
use crate::setting::{Setting, SettingError};
use crate::text::{Language, Rendered, Shortest, Texts};

/// The built-in playbook, written for the default segments.
const BUILT_IN: &str = include_str!("playbook.json");

/// The lifecycle stage keys a playbook must cover (客户生命周期: 引入期, 成长期, 成熟期,
/// 衰退期, 关系终止).
pub const LIFECYCLE_STAGES: [&str; 5] = ["new", "growing", "mature", "declining", "lost"];

/// The NPS boxes a playbook must cover, as keys.
pub const SATISFACTION_GROUPS: [&str; 3] = ["promoter", "passive", "detractor"];

/// The four ways of grouping customers that the playbook has plays for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Lens {
    /// RFM segments (`champions`, `at_risk`, …).
    Rfm,
    /// Value tiers (`high`, `medium`, `low`).
    Tier,
    /// NPS boxes of the customer's latest answer (`promoter`, `passive`, `detractor`).
    Satisfaction,
    /// Lifecycle stages (`new`, `growing`, `mature`, `declining`, `lost`).
    Lifecycle,
}

impl Lens {
    /// All lenses, in report order.
    pub const ALL: [Lens; 4] = [Lens::Rfm, Lens::Tier, Lens::Satisfaction, Lens::Lifecycle];

    /// The playbook's field for the lens, e.g. `rfm`.
    pub fn key(self) -> &'static str {
        match self {
            Lens::Rfm => "rfm",
            Lens::Tier => "tier",
            Lens::Satisfaction => "satisfaction",
            Lens::Lifecycle => "lifecycle",
        }
    }

    /// The keys every playbook must have a play for under this lens.
    fn required_keys(self) -> Vec<String> {
        match self {
            Lens::Rfm => default_rules().into_iter().map(|rule| rule.key).collect(),
            Lens::Tier => Tier::ALL
                .iter()
                .map(|tier| tier.key().to_string())
                .collect(),
            Lens::Satisfaction => SATISFACTION_GROUPS.map(String::from).to_vec(),
            Lens::Lifecycle => LIFECYCLE_STAGES.map(String::from).to_vec(),
        }
    }
}

/// What the spend cap is a share of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CapBasis {
    /// The customer's predicted lifetime value; their net revenue while no CLV is available.
    Clv,
    /// The customer's net revenue to date.
    Value,
}

/// How much may be spent on one customer of a group: `share` × the customer's value on the
/// `of` basis (never below zero).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendCap {
    /// The share, greater than 0 and at most 1.
    pub share: f64,
    /// What it is a share of.
    pub of: CapBasis,
}

impl SpendCap {
    /// The cap as a sentence in both languages, e.g. "At most 15% of the customer's
    /// predicted lifetime value …".
    pub fn rule(self) -> Texts {
        // Rounded so that 0.15 reads 15, not 15.000000000000002.
        let percent = (self.share * 1e6).round() / 1e4;
        match self.of {
            CapBasis::Clv => Texts::new(
                format!("At most {percent}% of the customer's predicted lifetime value (of net revenue to date while no CLV is available)."),
                format!("每位客户不超过其预测客户终身价值的 {percent}%（尚无 CLV 时按迄今净收入计算）。"),
            ),
            CapBasis::Value => Texts::new(
                format!("At most {percent}% of the customer's net revenue to date."),
                format!("每位客户不超过其迄今净收入的 {percent}%。"),
            ),
        }
    }
}

/// What to do with one group of customers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Play {
    /// What the actions aim at.
    pub goal: Texts,
    /// Two to four concrete actions, the first being the one to do first.
    pub actions: Vec<Texts>,
    /// How to reach the customers.
    pub channel: Texts,
    /// How much may be spent per customer.
    pub spend_cap: SpendCap,
    /// Whether the group's value is at risk of being lost (a declining or lapsing group); its
    /// money at stake is then reported as value at risk too.
    #[serde(default)]
    pub at_risk: bool,
}

/// Plays for every RFM segment, value tier, satisfaction group and lifecycle stage.
///
/// ```
/// use custval::{Lens, Playbook};
///
/// let playbook = Playbook::built_in();
/// let play = playbook.play(Lens::Rfm, "cant_lose_them").unwrap();
/// assert!(play.at_risk && (2..=4).contains(&play.actions.len()));
///
/// let error = Playbook::from_json(r#"{"rfm": {}}"#).unwrap_err();
/// assert!(error.to_string().contains("tier"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Plays per RFM segment key; keys of custom segment rules may be added.
    pub rfm: BTreeMap<String, Play>,
    /// Plays per value tier.
    pub tier: BTreeMap<String, Play>,
    /// Plays per NPS box.
    pub satisfaction: BTreeMap<String, Play>,
    /// Plays per lifecycle stage.
    pub lifecycle: BTreeMap<String, Play>,
}

/// Why a playbook was rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum PlaybookError {
    /// Not JSON of the playbook's shape; the message names the line and column, in English
    /// and Chinese.
    Shape(Texts),
    /// A required key has no play.
    MissingKey {
        /// The lens, e.g. `tier`.
        lens: &'static str,
        /// The missing key.
        key: String,
    },
    /// A key the lens does not have (RFM segments may add keys; the other lenses may not).
    UnknownKey {
        /// The lens.
        lens: &'static str,
        /// The unknown key.
        key: String,
    },
    /// Fewer than two or more than four actions.
    Actions {
        /// Where: `lens.key`.
        play: String,
        /// Actions given.
        count: usize,
    },
    /// A text that is blank in one language.
    BlankText {
        /// Where: `lens.key.field`.
        field: String,
        /// `en` or `zh-CN`.
        language: &'static str,
    },
    /// A spend-cap share outside 0 < share ≤ 1.
    Share {
        /// Where: `lens.key`.
        play: String,
        /// The share given.
        share: f64,
    },
}

impl Rendered for PlaybookError {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if language == Language::ZhCn {
            return self.write_zh(f);
        }
        match self {
            PlaybookError::Shape(message) => {
                write!(f, "the playbook is not valid: {}", message.en)
            }
            PlaybookError::MissingKey { lens, key } => write!(
                f,
                "the playbook has no play for {lens} '{key}'; add \"{key}\" under \"{lens}\""
            ),
            PlaybookError::UnknownKey { lens, key } => write!(
                f,
                "the playbook's {lens} '{key}' is not a known key; use one of [{}]",
                known_keys(lens)
            ),
            PlaybookError::Actions { play, count } => {
                let noun = if *count == 1 { "action" } else { "actions" };
                write!(
                    f,
                    "the playbook's {play} has {count} {noun}; give two to four"
                )
            }
            PlaybookError::BlankText { field, language } => write!(
                f,
                "the playbook's {field} has no {language} text; write it in both en and zh-CN"
            ),
            PlaybookError::Share { play, share } => write!(
                f,
                "the playbook's {play}.spendCap.share is {}; give a share above 0 and at most 1 (0.1 = 10%)",
                Shortest(*share)
            ),
        }
    }
}

/// What serde_json found wrong with a playbook: its own English, and in Chinese the same
/// place and, for the mistakes of a hand-edited file (a key missing or misspelt, a value not
/// among those allowed), the key or value and what is allowed, never serde_json's English.
fn shape_error(error: &serde_json::Error) -> Texts {
    let en = error.to_string();
    let at = format!("（第 {} 行第 {} 列）", error.line(), error.column());
    let what = match error.classify() {
        Category::Syntax | Category::Io => "不是有效的 JSON".to_string(),
        Category::Eof => "JSON 在结尾之前中断".to_string(),
        Category::Data => {
            if let Some(field) = missing_field(&en) {
                format!("缺少键 `{field}`")
            } else if let Some((field, allowed)) = unknown_field(&en) {
                format!("`{field}` 不是已知的键；可用的键有 {allowed}")
            } else if let Some((value, allowed)) = unknown_variant(&en) {
                format!("`{value}` 不是允许的取值；可用的取值有 {allowed}")
            } else {
                "某个值的类型不对".to_string()
            }
        }
    };
    Texts::new(en, format!("{what}{at}"))
}

/// The keys the lens named `lens` knows, as an error lists them.
fn known_keys(lens: &str) -> String {
    Lens::ALL
        .iter()
        .find(|known| known.key() == lens)
        .map(|lens| lens.required_keys().join(", "))
        .unwrap_or_default()
}

impl PlaybookError {
    fn write_zh(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlaybookError::Shape(message) => write!(f, "策略手册无效：{}", message.zh_cn),
            PlaybookError::MissingKey { lens, key } => write!(
                f,
                "策略手册没有 {lens}“{key}”的策略；请在 \"{lens}\" 下添加 \"{key}\""
            ),
            PlaybookError::UnknownKey { lens, key } => write!(
                f,
                "策略手册的 {lens}“{key}”不是已知的键；请使用 [{}] 之一",
                known_keys(lens)
            ),
            PlaybookError::Actions { play, count } => {
                write!(f, "策略手册的 {play} 有 {count} 项行动；请给出两到四项")
            }
            PlaybookError::BlankText { field, language } => write!(
                f,
                "策略手册的 {field} 没有 {language} 文本；请用 en 和 zh-CN 两种语言填写"
            ),
            PlaybookError::Share { play, share } => write!(
                f,
                "策略手册的 {play}.spendCap.share 为 {}；请给出大于 0 且不超过 1 的占比（0.1 即 10%）",
                Shortest(*share)
            ),
        }
    }
}

impl fmt::Display for PlaybookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

impl std::error::Error for PlaybookError {}

impl SettingError for PlaybookError {
    fn setting(&self) -> Setting {
        Setting::Playbook
    }
}

impl Playbook {
    /// The built-in playbook.
    pub fn built_in() -> Playbook {
        // The embedded file is part of the program and checked by a test, so this cannot fail
        // on any user's data.
        Playbook::from_json(BUILT_IN).expect("the built-in playbook is valid")
    }

    /// Reads and checks a playbook in the JSON shape of the built-in one.
    pub fn from_json(json: &str) -> Result<Playbook, PlaybookError> {
        let playbook: Playbook = serde_json::from_str(json)
            .map_err(|error| PlaybookError::Shape(shape_error(&error)))?;
        playbook.check()?;
        Ok(playbook)
    }

    /// The play for a key under a lens.
    pub fn play(&self, lens: Lens, key: &str) -> Option<&Play> {
        self.plays(lens).get(key)
    }

    fn plays(&self, lens: Lens) -> &BTreeMap<String, Play> {
        match lens {
            Lens::Rfm => &self.rfm,
            Lens::Tier => &self.tier,
            Lens::Satisfaction => &self.satisfaction,
            Lens::Lifecycle => &self.lifecycle,
        }
    }

    fn check(&self) -> Result<(), PlaybookError> {
        for lens in Lens::ALL {
            let plays = self.plays(lens);
            let required = lens.required_keys();
            if let Some(key) = required.iter().find(|key| !plays.contains_key(*key)) {
                return Err(PlaybookError::MissingKey {
                    lens: lens.key(),
                    key: key.clone(),
                });
            }
            if lens != Lens::Rfm {
                if let Some(key) = plays.keys().find(|key| !required.contains(key)) {
                    return Err(PlaybookError::UnknownKey {
                        lens: lens.key(),
                        key: key.clone(),
                    });
                }
            }
            for (key, play) in plays {
                check_play(&format!("{}.{key}", lens.key()), play)?;
            }
        }
        Ok(())
    }
}

fn check_play(name: &str, play: &Play) -> Result<(), PlaybookError> {
    if !(2..=4).contains(&play.actions.len()) {
        return Err(PlaybookError::Actions {
            play: name.to_string(),
            count: play.actions.len(),
        });
    }
    let share = play.spend_cap.share;
    if !(share > 0.0 && share <= 1.0) {
        return Err(PlaybookError::Share {
            play: name.to_string(),
            share,
        });
    }
    let texts = [
        ("goal".to_string(), &play.goal),
        ("channel".to_string(), &play.channel),
    ]
    .into_iter()
    .chain(
        play.actions
            .iter()
            .enumerate()
            .map(|(index, text)| (format!("actions[{index}]"), text)),
    );
    for (field, text) in texts {
        for (language, value) in [("en", &text.en), ("zh-CN", &text.zh_cn)] {
            if value.trim().is_empty() {
                return Err(PlaybookError::BlankText {
                    field: format!("{name}.{field}"),
                    language,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in_value() -> serde_json::Value {
        serde_json::from_str(BUILT_IN).unwrap()
    }

    fn error_of(edit: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut value = built_in_value();
        edit(&mut value);
        Playbook::from_json(&value.to_string())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_playbook_of_the_wrong_shape_is_told_in_chinese_without_serde_s_english() {
        // The place is serde_json's, as its English gives it.
        let cases = [
            ("{}", "缺少键 `rfm`", (1, 2)),
            (
                r#"{"rfm": {}, "frist": 1}"#,
                "`frist` 不是已知的键；可用的键有 `rfm`, `tier`, `satisfaction`, `lifecycle`",
                (1, 19),
            ),
            ("[1, 2]", "某个值的类型不对", (1, 2)),
            ("{\"rfm\": ", "JSON 在结尾之前中断", (1, 8)),
            ("{rfm}", "不是有效的 JSON", (1, 2)),
        ];
        for (json, zh, (line, column)) in cases {
            let error = Playbook::from_json(json).unwrap_err();
            let en = error.display(Language::En).to_string();
            assert!(en.starts_with("the playbook is not valid: "), "{en}");
            assert!(
                en.ends_with(&format!(" at line {line} column {column}")),
                "{en}"
            );
            assert_eq!(
                error.display(Language::ZhCn).to_string(),
                format!("策略手册无效：{zh}（第 {line} 行第 {column} 列）")
            );
        }
        let error = Playbook::from_json(&{
            let mut value = built_in_value();
            value["tier"]["low"]["spendCap"]["of"] = "revenue".into();
            value.to_string()
        })
        .unwrap_err();
        let zh = error.display(Language::ZhCn).to_string();
        assert!(
            zh.starts_with("策略手册无效：`revenue` 不是允许的取值；可用的取值有 `"),
            "{zh}"
        );
        assert!(!zh.contains("unknown") && !zh.contains("expected"), "{zh}");
    }

    #[test]
    fn built_in_playbook_covers_every_key_in_both_languages() {
        let playbook = Playbook::from_json(BUILT_IN).unwrap();
        for lens in Lens::ALL {
            for key in lens.required_keys() {
                let play = playbook.play(lens, &key).unwrap();
                let texts = [&play.goal, &play.channel].into_iter().chain(&play.actions);
                for text in texts {
                    assert!(!text.en.trim().is_empty(), "{}.{key}", lens.key());
                    // Chinese text is written in Chinese, not left in English.
                    assert!(
                        text.zh_cn
                            .chars()
                            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{}.{key}: {}",
                        lens.key(),
                        text.zh_cn
                    );
                }
            }
        }
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let message = Playbook::from_json("{\"rfm\": [}").unwrap_err().to_string();
        assert!(message.contains("line 1 column"), "{message}");
    }

    #[test]
    fn misspelt_field_is_rejected() {
        let message = error_of(|v| {
            let play = &mut v["tier"]["high"];
            play["channels"] = play["channel"].take();
            play.as_object_mut().unwrap().remove("channel");
        });
        assert!(message.contains("unknown field `channels`"), "{message}");
    }

    #[test]
    fn missing_key_is_named() {
        let message = error_of(|v| {
            v["lifecycle"].as_object_mut().unwrap().remove("declining");
        });
        assert_eq!(
            message,
            "the playbook has no play for lifecycle 'declining'; add \"declining\" under \"lifecycle\""
        );
    }

    #[test]
    fn unknown_tier_key_is_rejected_but_custom_segments_are_allowed() {
        let message = error_of(|v| v["tier"]["vip"] = v["tier"]["high"].clone());
        assert!(
            message.starts_with(
                "the playbook's tier 'vip' is not a known key; use one of [high, medium, low]"
            ),
            "{message}"
        );
        let mut value = built_in_value();
        value["rfm"]["big_spenders"] = value["rfm"]["champions"].clone();
        assert!(Playbook::from_json(&value.to_string()).is_ok());
    }

    #[test]
    fn action_count_must_be_two_to_four() {
        for (count, noun) in [(0, "actions"), (1, "action"), (5, "actions")] {
            let message = error_of(|v| {
                let action = v["rfm"]["at_risk"]["actions"][0].clone();
                v["rfm"]["at_risk"]["actions"] = serde_json::Value::Array(vec![action; count]);
            });
            assert_eq!(
                message,
                format!("the playbook's rfm.at_risk has {count} {noun}; give two to four")
            );
        }
    }

    #[test]
    fn blank_chinese_text_is_rejected() {
        let message =
            error_of(|v| v["satisfaction"]["detractor"]["actions"][1]["zh-CN"] = " ".into());
        assert_eq!(message, "the playbook's satisfaction.detractor.actions[1] has no zh-CN text; write it in both en and zh-CN");
    }

    #[test]
    fn missing_language_is_rejected() {
        let message = error_of(|v| {
            v["rfm"]["champions"]["goal"]
                .as_object_mut()
                .unwrap()
                .remove("zh-CN");
        });
        assert!(message.contains("missing field `zh-CN`"), "{message}");
    }

    #[test]
    fn shares_must_lie_in_zero_to_one() {
        for (share, written) in [(0.0, "0"), (-0.1, "-0.1"), (1.5, "1.5"), (1e300, "1e300")] {
            let message = error_of(|v| v["tier"]["low"]["spendCap"]["share"] = share.into());
            assert!(
                message.starts_with(&format!(
                    "the playbook's tier.low.spendCap.share is {written};"
                )),
                "{message}"
            );
        }
        let message = error_of(|v| v["tier"]["low"]["spendCap"]["of"] = "revenue".into());
        assert!(message.contains("unknown variant `revenue`"), "{message}");
    }

    #[test]
    fn spend_cap_rule_states_the_share() {
        let cap = SpendCap {
            share: 0.15,
            of: CapBasis::Clv,
        };
        assert!(cap
            .rule()
            .en
            .starts_with("At most 15% of the customer's predicted lifetime value"));
        assert!(cap.rule().zh_cn.contains("15%"));
    }
}
