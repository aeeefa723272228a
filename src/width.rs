//! Characters as East Asian input methods type them.

use std::borrow::Cow;

/// `text` with the full-width forms that Chinese and Japanese input methods type (`１２０．５`,
/// `－３`, `２０２４／３／５`, the ideographic space) and the minus sign `−` written as their
/// ASCII counterparts, so
/// that numbers and dates typed so read like any other.
///
/// Borrows `text` when it has none of them, as nearly every field has.
pub(crate) fn ascii_forms(text: &str) -> Cow<'_, str> {
    const FULL_WIDTH_ASCII: std::ops::RangeInclusive<char> = '\u{ff01}'..='\u{ff5e}';
    const MINUS_SIGN: char = '\u{2212}';
    const IDEOGRAPHIC_SPACE: char = '\u{3000}';
    let to_ascii = |c: char| match c {
        MINUS_SIGN => Some('-'),
        IDEOGRAPHIC_SPACE => Some(' '),
        // The block mirrors ASCII's printable characters in order.
        c if FULL_WIDTH_ASCII.contains(&c) => char::from_u32(u32::from(c) - 0xfee0),
        _ => None,
    };
    if text.is_ascii() || !text.chars().any(|c| to_ascii(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| to_ascii(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_become_ascii_and_the_rest_stays() {
        assert_eq!(ascii_forms("－１，２３４．５０"), "-1,234.50");
        assert_eq!(ascii_forms("ＵＳＤ！～"), "USD!~");
        assert_eq!(ascii_forms("−3"), "-3");
        assert_eq!(ascii_forms("５日\u{3000}１０：００"), "5日 10:00");
        assert_eq!(ascii_forms("２０２４年３月５日"), "2024年3月5日");
        assert!(matches!(ascii_forms("￥88元"), Cow::Borrowed("￥88元")));
        assert!(matches!(ascii_forms("12.5"), Cow::Borrowed(_)));
    }
}
