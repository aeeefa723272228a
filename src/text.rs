//! Texts shown to people, in every language the product speaks.
//!
//! A text that many customers share (a segment's name, a play's action) is one [`Texts`]
//! behind an `Arc`; a text made from one customer's figures is kept as those figures and
//! written out only when it is serialised or asked for ([`Rendered`]).

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

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

    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::ZhCn => &self.zh_cn,
        }
    }
}

/// A text already written in each language.
impl Rendered for Texts {
    fn write(&self, language: Language, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        out.write_str(self.get(language))
    }
}

/// A language the product speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// English, `en`.
    En,
    /// Simplified Chinese, `zh-CN`.
    ZhCn,
}

/// A text written from figures in each [`Language`] when it is needed, so that a report
/// holds the few numbers of each customer's sentence rather than the sentence twice over.
///
/// Serialised through [`serialize_rendered`] it is the same `{"en": …, "zh-CN": …}` object
/// as a [`Texts`].
///
/// ```
/// use std::fmt;
/// use custval::{Language, Rendered};
///
/// struct Days(u32);
/// impl Rendered for Days {
///     fn write(&self, language: Language, out: &mut fmt::Formatter<'_>) -> fmt::Result {
///         match language {
///             Language::En => write!(out, "{} days", self.0),
///             Language::ZhCn => write!(out, "{} 天", self.0),
///         }
///     }
/// }
/// assert_eq!(Days(3).texts().zh_cn, "3 天");
/// ```
pub trait Rendered {
    /// Writes the text in `language`.
    fn write(&self, language: Language, out: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// The text in `language`, as a `Display` value.
    fn display(&self, language: Language) -> InLanguage<'_, Self> {
        InLanguage {
            text: self,
            language,
        }
    }

    /// The text in both languages.
    fn texts(&self) -> Texts {
        Texts::new(
            self.display(Language::En).to_string(),
            self.display(Language::ZhCn).to_string(),
        )
    }
}

/// A [`Rendered`] text in one language: `Display`, and serialised as a string written straight
/// to the output.
pub struct InLanguage<'a, T: ?Sized> {
    text: &'a T,
    language: Language,
}

impl<T: Rendered + ?Sized> fmt::Display for InLanguage<'_, T> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text.write(self.language, out)
    }
}

impl<T: Rendered + ?Sized> Serialize for InLanguage<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Serialises a [`Rendered`] text as a [`Texts`] is serialised, `{"en": …, "zh-CN": …}`,
/// for `#[serde(serialize_with)]` or a `Serialize` impl.
pub fn serialize_rendered<T: Rendered + ?Sized, S: Serializer>(
    text: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut object = serializer.serialize_struct("Texts", 2)?;
    object.serialize_field("en", &text.display(Language::En))?;
    object.serialize_field("zh-CN", &text.display(Language::ZhCn))?;
    object.end()
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

/// An amount of money with two decimals and thousands separators, without a currency (the
/// page chooses the symbol): `1,234.50`, `-970.93`.
pub(crate) struct Money(pub f64);

impl fmt::Display for Money {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cents = (self.0.abs() * 100.0).round();
        // Past 2^53 cents no amount is exact: written as it is.
        if !cents.is_finite() || cents >= 2f64.powi(53) {
            return write!(out, "{:.2}", self.0);
        }
        let cents = cents as u64;
        let sign = if self.0 < 0.0 && cents > 0 { "-" } else { "" };
        write!(out, "{sign}{}.{:02}", grouped(cents / 100), cents % 100)
    }
}

/// A number as a person would write it back: the shortest form that reads as the same number
/// (`0.25`, `1e300` rather than 301 digits, as `{:?}` writes it) without the `.0` that `{:?}`
/// adds to a whole number (`1`, not `1.0`), for echoing a value given to an option.
pub(crate) struct Shortest(pub f64);

impl fmt::Display for Shortest {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:?}", self.0);
        out.write_str(text.strip_suffix(".0").unwrap_or(&text))
    }
}

/// `Abridged(text, most)` writes the first `most` characters of `text`, then `…` where it goes
/// on: how a message quotes a value that can run to megabytes (a broken file's field, a string
/// given as an option).
pub(crate) struct Abridged<'a>(pub &'a str, pub usize);

impl fmt::Display for Abridged<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(self.1) {
            Some((end, _)) => write!(out, "{}…", &self.0[..end]),
            None => out.write_str(self.0),
        }
    }
}

/// A count and its English noun, singular only after a count written as `1`: "1 day",
/// "0 days", "2 days". Chinese nouns have no plural.
pub(crate) struct Counted<T>(pub T, pub &'static str, pub &'static str);

/// A number a [`Counted`] writes, and whether it is written as `1`: told without writing it,
/// as reasons are written for every customer of a report.
pub(crate) trait Count: fmt::Display {
    fn written_as_one(&self) -> bool;
}

macro_rules! whole_counts {
    ($($type:ty),*) => {$(
        impl Count for $type {
            fn written_as_one(&self) -> bool {
                *self == 1
            }
        }
    )*};
}

whole_counts!(i32, u32, u64, usize);

/// A count with thousands separators, as [`grouped`] writes it, for a [`Counted`].
pub(crate) struct Grouped(pub u64);

impl fmt::Display for Grouped {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        out.write_str(&grouped(self.0))
    }
}

impl Count for Grouped {
    fn written_as_one(&self) -> bool {
        self.0 == 1
    }
}

/// A number of days written without decimals, as `{:.0}` writes it.
pub(crate) struct WholeDays(pub f64);

impl fmt::Display for WholeDays {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(out, "{:.0}", self.0)
    }
}

impl Count for WholeDays {
    // `{:.0}` rounds half to even: 0.5 is written 0 and 1.5 is written 2.
    fn written_as_one(&self) -> bool {
        self.0 > 0.5 && self.0 < 1.5
    }
}

impl<T: Count> fmt::Display for Counted<T> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Counted(count, one, many) = self;
        let noun = if count.written_as_one() { one } else { many };
        write!(out, "{count} {noun}")
    }
}

/// A share as a percentage, without the sign: with the given decimals from 1 % up, and two
/// significant digits below, where fewer would write a VIP's 0.043 % as 0.0, or one customer
/// in 400 as 0. A share short of all is never written 100: with more decimals where the given
/// ones would round it up, 99.7 % is 99.7 rather than a headline's "100% of revenue".
pub(crate) struct Percent(pub f64, pub usize);

impl fmt::Display for Percent {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Percent(share, mut decimals) = *self;
        let percent = 100.0 * share;
        // A negative share too: a tier's net revenue when returns outweigh its purchases.
        if percent != 0.0 && percent.abs() < 1.0 {
            // The first significant digit is the `decimals`-th when percent ≥ 10^-decimals;
            // divisions rather than a logarithm, so that wasm and native agree.
            decimals = 2;
            let mut from = 0.1;
            while percent.abs() < from {
                decimals += 1;
                from /= 10.0;
            }
        }
        // Within a billionth, a share is all: sums of the same amounts in another order
        // differ in their last bits.
        if (100.0 - percent).abs() > 1e-7 {
            // Written with `decimals`, a number within half a last digit of 100 is 100.
            let mut half_digit = 0.5 / 10f64.powi(decimals as i32);
            while (100.0 - percent).abs() <= half_digit {
                decimals += 1;
                half_digit /= 10.0;
            }
        }
        write!(out, "{percent:.decimals$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abridged_cuts_after_whole_characters() {
        assert_eq!(Abridged("", 3).to_string(), "");
        assert_eq!(Abridged("abc", 3).to_string(), "abc");
        assert_eq!(Abridged("abcd", 3).to_string(), "abc…");
        // Cut by characters, not bytes: each of these is three bytes in UTF-8.
        assert_eq!(Abridged("客户编号", 3).to_string(), "客户编…");
        assert_eq!(Abridged("客户编", 3).to_string(), "客户编");
    }

    #[test]
    fn serialises_with_language_tags() {
        let json = serde_json::to_string(&Texts::new("Champions", "冠军客户")).unwrap();
        assert_eq!(json, r#"{"en":"Champions","zh-CN":"冠军客户"}"#);
    }

    /// A text from its figures, as the tests of each kind of sentence write them.
    struct Count(u64);

    impl Rendered for Count {
        fn write(&self, language: Language, out: &mut fmt::Formatter<'_>) -> fmt::Result {
            match language {
                Language::En => write!(out, "{} \"bought\"", self.0),
                Language::ZhCn => write!(out, "购买 {} 次", self.0),
            }
        }
    }

    #[test]
    fn rendered_serialises_as_texts_do() {
        let mut json = Vec::new();
        serialize_rendered(&Count(12), &mut serde_json::Serializer::new(&mut json)).unwrap();
        let owned = serde_json::to_string(&Texts::new("12 \"bought\"", "购买 12 次")).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), owned);
        assert_eq!(Count(3).texts(), Texts::new("3 \"bought\"", "购买 3 次"));
    }

    #[test]
    fn counts_take_the_singular_only_when_written_as_one() {
        let day = |count: i32| Counted(count, "day", "days").to_string();
        assert_eq!(day(0), "0 days");
        assert_eq!(day(1), "1 day");
        assert_eq!(day(-1), "-1 days");
        assert_eq!(day(2), "2 days");
        // As written: every count written 1, and no other, takes the singular.
        for days in [0.5, 0.51, 1.0, 1.2, 1.49, 1.5, 1.6, 2.5] {
            let text = Counted(WholeDays(days), "day", "days").to_string();
            let written = format!("{days:.0}");
            let noun = if written == "1" { "day" } else { "days" };
            assert_eq!(text, format!("{written} {noun}"), "{days}");
        }
    }

    #[test]
    fn shares_below_1_percent_keep_two_significant_digits() {
        let cases = [
            ((0.1234, 1), "12.3"),
            ((0.01, 1), "1.0"),
            ((0.005, 1), "0.50"),
            ((0.001, 1), "0.10"),
            ((0.00099, 1), "0.099"),
            ((0.000012, 1), "0.0012"),
            ((0.0, 1), "0.0"),
            ((0.456, 0), "46"),
            ((0.01, 0), "1"),
            ((1.0 / 400.0, 0), "0.25"),
            ((0.0, 0), "0"),
            ((0.004, 0), "0.40"),
            ((-0.0003, 1), "-0.030"),
            ((-0.05, 1), "-5.0"),
        ];
        assert_percents(&cases);
    }

    /// Each share with its decimals, and the percentage written.
    fn assert_percents(cases: &[((f64, usize), &str)]) {
        for &((share, decimals), percent) in cases {
            assert_eq!(Percent(share, decimals).to_string(), percent, "{share}");
        }
    }

    #[test]
    fn money_is_grouped_with_two_decimals() {
        for (amount, written) in [
            (0.0, "0.00"),
            (970.93, "970.93"),
            (1234.5, "1,234.50"),
            (1_234_567.891, "1,234,567.89"),
            (-970.934, "-970.93"),
            (-0.001, "0.00"),
            (999.999, "1,000.00"),
        ] {
            assert_eq!(Money(amount).to_string(), written, "{amount}");
        }
    }

    #[test]
    fn shares_short_of_all_are_never_written_100() {
        let cases = [
            ((1.0, 0), "100"),
            ((1.0, 1), "100.0"),
            ((0.997, 0), "99.7"),
            ((0.9949, 0), "99"),
            ((0.995, 0), "99.5"),
            ((0.9996, 0), "99.96"),
            ((0.9996, 1), "99.96"),
            ((0.9994, 1), "99.9"),
            ((0.99999, 0), "99.999"),
            ((1.0 - 1e-8, 0), "99.999999"),
            ((1.0 - 1e-12, 0), "100"),
            ((1.0 - f64::EPSILON, 1), "100.0"),
            // Past all, as a share of net revenue can be, the same holds.
            ((1.003, 0), "100.3"),
            ((0.954, 0), "95"),
        ];
        assert_percents(&cases);
    }

    #[test]
    fn numbers_are_written_shortest_without_a_whole_number_s_point() {
        let cases = [
            (1.0, "1"),
            (0.0, "0"),
            (-0.5, "-0.5"),
            (2.5, "2.5"),
            (100.0, "100"),
            (1e300, "1e300"),
            (1.5e16, "1.5e16"),
            (1e-7, "1e-7"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
        ];
        for (value, written) in cases {
            assert_eq!(Shortest(value).to_string(), written, "{value:?}");
        }
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
