//! Texts shown to people, in every language the product speaks.

use serde::{Deserialize, Serialize};

/// A text in English and Simplified Chinese, serialised as `{"en": …, "zh-CN": …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// English.
    pub en: String,
    /// Simplified Chinese (简体中文).
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl Texts {
    /// A text from its English and Chinese versions.
    pub fn new(en: impl Into<String>, zh_cn: impl Into<String>) -> Texts {
        Texts {
            en: en.into(),
            zh_cn: zh_cn.into(),
        }
    }
}

/// Formats a count with thousands separators, e.g. `12,345`.
pub(crate) fn grouped(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_language_tags() {
        let json = serde_json::to_string(&Texts::new("Champions", "冠军客户")).unwrap();
        assert_eq!(json, r#"{"en":"Champions","zh-CN":"冠军客户"}"#);
    }

    #[test]
    fn groups_thousands() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (1_234_567, "1,234,567"),
        ];
        for (count, expected) in cases {
            assert_eq!(grouped(count), expected);
        }
    }
}
