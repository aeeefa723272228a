//! Money and quantity values as business exports write them.

use crate::width::ascii_forms;

/// Parses a number such as `1,234.50`, `$12`, `¥100`, `100元`, `-3`, `3-` or `(4.00)`, with a
/// decimal point: [`DecimalSeparator::Point`]'s [`parse`](DecimalSeparator::parse).
///
/// ```
/// use custval::parse_number;
///
/// assert_eq!(parse_number("(1,234.50)"), Some(-1234.5));
/// assert_eq!(parse_number("¥ 88元"), Some(88.0));
/// assert_eq!(parse_number("12,5"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    DecimalSeparator::Point.parse(text)
}

/// The character that separates a number's whole part from its fraction; the other of comma
/// and point then groups thousands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalSeparator {
    /// `1,234.50`.
    Point,
    /// `1.234,50`, as in most of continental Europe.
    Comma,
}

impl DecimalSeparator {
    /// The separator's name in reports and options: `.` or `,`.
    pub fn name(self) -> &'static str {
        match self {
            DecimalSeparator::Point => ".",
            DecimalSeparator::Comma => ",",
        }
    }

    /// The separator named `.`/`point` or `,`/`comma`.
    pub fn from_name(name: &str) -> Option<DecimalSeparator> {
        match name.trim() {
            "." | "point" => Some(DecimalSeparator::Point),
            "," | "comma" => Some(DecimalSeparator::Comma),
            _ => None,
        }
    }

    /// Parses a number written with this decimal separator.
    ///
    /// Currency symbols are ignored, parentheses or a trailing minus mean a negative value,
    /// an exponent (`1.5E+03`) is read, and thousands separators must group the whole part
    /// in threes; anything that could be
    /// read two ways under this separator (`12,5` with a decimal point) is rejected rather
    /// than guessed. Returns `None` for an empty text, `NaN` and infinities too.
    ///
    /// ```
    /// use custval::DecimalSeparator;
    ///
    /// assert_eq!(DecimalSeparator::Comma.parse("1.234,5 €"), Some(1234.5));
    /// assert_eq!(DecimalSeparator::Comma.parse("-12,50"), Some(-12.5));
    /// assert_eq!(DecimalSeparator::Point.parse("12,50"), None);
    /// ```
    pub fn parse(self, text: &str) -> Option<f64> {
        PlainNumber::of(text)
            .and_then(|number| number.value_with(self))
            .or_else(|| self.parse_by_search(text))
    }

    fn parse_by_search(self, text: &str) -> Option<f64> {
        let text = ascii_forms(text);
        let (negative, text) = strip_sign_and_symbols(&text);
        let (mantissa, exponent) = split_exponent(text)?;
        let (decimal, thousands) = match self {
            DecimalSeparator::Point => ('.', ','),
            DecimalSeparator::Comma => (',', '.'),
        };
        let (integer, fraction) = mantissa.split_once(decimal).unwrap_or((mantissa, ""));
        if !is_digits(fraction) || (integer.is_empty() && fraction.is_empty()) {
            return None;
        }
        let value: f64 = match integer.chars().find(|c| !c.is_ascii_digit()) {
            Some(mark)
                if exponent.is_empty()
                    && (mark == thousands || SPACE_AND_QUOTE_GROUP_MARKS.contains(&mark)) =>
            {
                let integer = without_thousands_separators(integer, mark)?;
                format!("{integer}.{fraction}").parse().ok()?
            }
            Some(_) => return None,
            None if decimal == '.' => text.parse().ok()?,
            // The standard parser reads the exponent too, so that the value is rounded once.
            None => format!("{integer}.{fraction}{exponent}").parse().ok()?,
        };
        // A number too large for a double (`1e400`) is no amount.
        value
            .is_finite()
            .then_some(if negative { -value } else { value })
    }

    /// What `text` says about which separator is decimal.
    pub(crate) fn evidence(text: &str) -> NumberEvidence {
        PlainNumber::of(text).map_or_else(|| Self::evidence_by_search(text), |n| n.evidence())
    }

    /// [`parse`](DecimalSeparator::parse) for an amount of money, which may also be a lone
    /// dash, with or without a currency (`-`, `$ -`): zero as Excel's accounting format
    /// writes it. Counts and survey answers are never written so; there a dash means no value.
    pub(crate) fn parse_amount(self, text: &str) -> Option<f64> {
        self.parse(text).or_else(|| accounting_zero(text))
    }

    /// [`parse_amount`](DecimalSeparator::parse_amount), and whether the other separator would
    /// read `text` too, differently: one look at the text for both, as every amount of a file
    /// needs both.
    ///
    /// A lone digit, as most quantities are, is read before anything else: it has no separator
    /// to weigh, and a file priced by quantity × unit price asks this of every row.
    pub(crate) fn parse_amount_noting_ambiguity(self, text: &str) -> (Option<f64>, bool) {
        if let &[digit @ b'0'..=b'9'] = text.as_bytes() {
            return (Some(f64::from(digit - b'0')), false);
        }
        match PlainNumber::of(text) {
            Some(number) => (
                number
                    .value_with(self)
                    .or_else(|| self.parse_by_search(text)),
                number.evidence() == NumberEvidence::Either,
            ),
            None => (
                self.parse_by_search(text).or_else(|| accounting_zero(text)),
                Self::evidence_by_search(text) == NumberEvidence::Either,
            ),
        }
    }

    fn evidence_by_search(text: &str) -> NumberEvidence {
        let text = ascii_forms(text);
        let (_, text) = strip_sign_and_symbols(&text);
        let commas = text.matches(',').count();
        let points = text.matches('.').count();
        let after = |separator: char| text.rsplit(separator).next().unwrap_or_default().len();
        let grouped_once = |separator: char| {
            let whole = text.split(separator).next().unwrap_or_default();
            after(separator) == 3 && (1..=3).contains(&whole.len()) && !whole.starts_with('0')
        };
        match (commas, points) {
            (0, 0) => NumberEvidence::Neither,
            (_, 1..) if commas > 0 => match text.rfind(',') > text.rfind('.') {
                true => NumberEvidence::Comma,
                false => NumberEvidence::Point,
            },
            (1, 0) if grouped_once(',') => NumberEvidence::Either,
            (1, 0) => NumberEvidence::Comma,
            (_, 0) => NumberEvidence::Point,
            (0, 1) if grouped_once('.') => NumberEvidence::Either,
            (0, 1) => NumberEvidence::Point,
            (0, _) => NumberEvidence::Comma,
            _ => NumberEvidence::Neither,
        }
    }
}

/// A number in its plainest form, `-?digits` or `-?digits[.,]digits`, read in one pass
/// without any searching: the common case of both parsing and detection.
struct PlainNumber<'a> {
    negative: bool,
    /// The digits, sign and separator left out.
    text: &'a [u8],
    /// Where the separator is in `text`, and which it is.
    separator: Option<(usize, u8)>,
    /// The digits read as one integer, exact while there are at most 15 of them.
    mantissa: u64,
}

impl PlainNumber<'_> {
    fn of(text: &str) -> Option<PlainNumber<'_>> {
        let bytes = text.as_bytes();
        let unsigned = bytes.strip_prefix(b"-");
        let negative = unsigned.is_some();
        let unsigned = unsigned.unwrap_or(bytes);
        let mut separator = None;
        let mut mantissa = 0_u64;
        for (at, &byte) in unsigned.iter().enumerate() {
            match byte {
                b'0'..=b'9' => mantissa = mantissa.wrapping_mul(10) + u64::from(byte - b'0'),
                b'.' | b',' if separator.is_none() && at > 0 => separator = Some((at, byte)),
                _ => return None,
            }
        }
        (!unsigned.is_empty()).then_some(PlainNumber {
            negative,
            text: unsigned,
            separator,
            mantissa,
        })
    }

    /// The digits before the separator.
    fn whole(&self) -> &[u8] {
        self.separator.map_or(self.text, |(at, _)| &self.text[..at])
    }

    /// The digits after the separator, none without one.
    fn fraction(&self) -> &[u8] {
        self.separator
            .map_or(&[][..], |(at, _)| &self.text[at + 1..])
    }

    /// The value when its separator, if any, is `decimal`; `None` leaves the other
    /// separator (a thousands separator, perhaps) to the general rules. Inlined: it is the
    /// whole of reading most amounts, and the call cost about as much.
    #[inline]
    fn value_with(&self, decimal: DecimalSeparator) -> Option<f64> {
        let decimal = match decimal {
            DecimalSeparator::Point => b'.',
            DecimalSeparator::Comma => b',',
        };
        match self.separator {
            Some((_, found)) if found != decimal => None,
            _ => self.value(),
        }
    }

    /// [`DecimalSeparator::evidence`]: one separator or none.
    fn evidence(&self) -> NumberEvidence {
        match self.separator {
            None => NumberEvidence::Neither,
            Some((at, _)) if self.text.len() - at - 1 == 3 && at <= 3 && self.text[0] != b'0' => {
                NumberEvidence::Either
            }
            Some((_, b'.')) => NumberEvidence::Point,
            Some(_) => NumberEvidence::Comma,
        }
    }

    /// The value, the separator read as a decimal point.
    ///
    /// Up to 15 digits, the digits make an integer that a double holds exactly, and dividing it
    /// by an exact power of ten rounds correctly once (Clinger's fast path); longer numbers go
    /// to the standard parser, out of line. Inlined, like [`value_with`](Self::value_with), as
    /// every amount is read so: in WebAssembly a call returns the `Option<f64>` through memory.
    #[inline]
    fn value(&self) -> Option<f64> {
        const POWERS_OF_TEN: [f64; 16] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        ];
        let (whole, fraction) = (self.whole(), self.fraction());
        let magnitude = match POWERS_OF_TEN.get(fraction.len()) {
            Some(&power) if whole.len() + fraction.len() <= 15 => self.mantissa as f64 / power,
            _ => long_magnitude(whole, fraction)?,
        };
        Some(if self.negative { -magnitude } else { magnitude })
    }
}

/// The magnitude of a number of more than 15 digits, `whole` before the decimal point and
/// `fraction` after it, by the standard parser; `None` if too large for a double.
#[inline(never)]
fn long_magnitude(whole: &[u8], fraction: &[u8]) -> Option<f64> {
    let whole = std::str::from_utf8(whole).ok()?;
    let fraction = std::str::from_utf8(fraction).ok()?;
    let magnitude: f64 = format!("{whole}.{fraction}").parse().ok()?;
    // Only so many digits can be too large for a double (`1` and 400 zeros).
    (!magnitude.is_infinite()).then_some(magnitude)
}

/// Zero, when `text` is a lone dash with or without a currency, as Excel's accounting format
/// writes a zero.
fn accounting_zero(text: &str) -> Option<f64> {
    (without_currency(&ascii_forms(text)) == "-").then_some(0.0)
}

/// Whether `text` is a number in the scientific notation Excel shows a number of 12 digits or
/// more in (`1.23457E+11`, `1E+12`, or with a decimal comma) and keeps when it saves the file
/// as CSV: an id written so has lost all but its first digits.
///
/// The first two bytes settle most texts: looked at inline, as every row's id and order ask,
/// the rest out of line.
#[inline]
pub(crate) fn is_scientific_notation(text: &str) -> bool {
    let bytes = text.as_bytes();
    let starts_like_one = bytes.first().is_some_and(u8::is_ascii_digit)
        && matches!(bytes.get(1), Some(b'.' | b',' | b'E' | b'e'));
    starts_like_one && is_scientific_after_start(bytes)
}

/// [`is_scientific_notation`] of a text that starts like a number in that notation.
#[inline(never)]
fn is_scientific_after_start(bytes: &[u8]) -> bool {
    let Some(at) = bytes.iter().position(|&b| b == b'E' || b == b'e') else {
        return false;
    };
    let (mantissa, exponent) = (&bytes[..at], &bytes[at + 1..]);
    let fraction_ok =
        mantissa.len() == 1 || mantissa.len() > 2 && mantissa[2..].iter().all(u8::is_ascii_digit);
    let exponent_ok = exponent.strip_prefix(b"+").is_some_and(|digits| {
        (1..=3).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
    });
    fraction_ok && exponent_ok
}

/// How one number text bears on the choice of decimal separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberEvidence {
    /// Only a decimal point reads it, e.g. `12.50` or `1,234,567`.
    Point,
    /// Only a decimal comma reads it, e.g. `12,50` or `1.234,5`.
    Comma,
    /// Both read it, differently: `1,234` or `1.234`.
    Either,
    /// No separator at all.
    Neither,
}

/// Whether the number is negative, and the text without sign, parentheses and currency, which
/// may come before or after the sign (`-$5`, `$-5`, `USD -12.00`).
fn strip_sign_and_symbols(text: &str) -> (bool, &str) {
    let mut text = without_currency(text.trim());
    let mut negative = false;
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        negative = true;
        text = without_currency(inner.trim());
    }
    if let Some(rest) = text.strip_prefix('-') {
        negative = !negative;
        text = rest.trim_start();
    } else if let Some(rest) = text.strip_suffix('-') {
        negative = !negative;
        text = rest.trim_end();
    } else if let Some(rest) = text.strip_prefix('+') {
        text = rest.trim_start();
    }
    (negative, without_currency(text))
}

/// Currency symbols before or after a number. Among them the backslash, which stands for the
/// yen or the won sign: Shift_JIS and EUC-KR put those signs at the backslash's byte, so that
/// Japanese and Korean Excel's `¥1,234` and `₩1,234` decode as `\1,234`, and Japanese and
/// Korean fonts show a backslash as the sign in any encoding.
const CURRENCY_SYMBOLS: &[char] = &[
    '$', '¥', '￥', '€', '£', '元', '円', '₹', '₩', '￦', '원', '₽', '₺', '₱', '₪', '₫', '฿', '\\',
];

/// Currencies written in letters before or after the number (`Rs. 1,234`, `12,50 zł`,
/// `kr 1 234,50`, `500 руб.`), longer forms first.
const CURRENCY_WORDS: &[&str] = &[
    "Rs.", "Rs", "zł", "kr.", "kr", "Kč", "Ft", "lei", "руб.", "руб", "р.",
];

/// `text` without a currency word at its start or end.
fn without_currency_word(text: &str) -> &str {
    CURRENCY_WORDS
        .iter()
        .find_map(|word| text.strip_prefix(word).or_else(|| text.strip_suffix(word)))
        .unwrap_or(text)
}

/// A currency symbol or a space (French Excel writes `12,00 €` with a no-break one).
fn is_symbol_or_space(c: char) -> bool {
    CURRENCY_SYMBOLS.contains(&c) || c.is_whitespace()
}

/// Thousands separators of every decimal separator: spaces (French, Swedish and Polish
/// exports, often no-break ones) and apostrophes (Swiss).
const SPACE_AND_QUOTE_GROUP_MARKS: &[char] = &[' ', '\u{a0}', '\u{202f}', '\'', '’'];

/// `text` without the currency around it: symbols, a three-letter code (`USD 12.00`,
/// `12.00 EUR`, `RMB88`) or up to three capitals before a dollar sign (`R$`, `HK$`, `US$`).
fn without_currency(text: &str) -> &str {
    let text = without_currency_word(text.trim_matches(is_symbol_or_space))
        .trim_matches(is_symbol_or_space);
    let capitals = text.bytes().take_while(u8::is_ascii_uppercase).count();
    let before_dollar = text[capitals..].starts_with('$');
    let text = if capitals == 3 || (1..=3).contains(&capitals) && before_dollar {
        &text[capitals..]
    } else {
        text
    };
    let capitals = text
        .bytes()
        .rev()
        .take_while(u8::is_ascii_uppercase)
        .count();
    let text = if capitals == 3 {
        &text[..text.len() - capitals]
    } else {
        text
    };
    text.trim_matches(is_symbol_or_space)
}

/// The mantissa and the exponent (`e+05`, empty if none) of a number in scientific notation,
/// as R and pandas write 100000 (`1e+05`) and Excel any number in a cell formatted so
/// (`1.5E+03`, `1,5E+03` with a decimal comma); `None` if what follows the `E` is no exponent.
fn split_exponent(text: &str) -> Option<(&str, &str)> {
    let Some(at) = text.find(['E', 'e']) else {
        return Some((text, ""));
    };
    let (mantissa, exponent) = text.split_at(at);
    let digits = exponent[1..].trim_start_matches(['+', '-']);
    let well_formed = exponent.len() - digits.len() <= 2
        && (1..=3).contains(&digits.len())
        && is_digits(digits)
        && mantissa.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    well_formed.then_some((mantissa, exponent))
}

fn is_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// The whole part without its thousands separators, if it is grouped in threes (`1,234,567`)
/// or, with commas, as in India (`12,34,567`: the last three digits, then twos).
fn without_thousands_separators(integer: &str, separator: char) -> Option<String> {
    let (first, rest) = integer.split_once(separator)?;
    let groups = || rest.split(separator);
    let in_threes = (1..=3).contains(&first.len()) && groups().all(|group| group.len() == 3);
    let in_lakhs = separator == ','
        && (1..=2).contains(&first.len())
        && rest.rsplit_once(separator).is_some_and(|(twos, three)| {
            three.len() == 3 && twos.split(separator).all(|group| group.len() == 2)
        });
    let well_grouped = (in_threes || in_lakhs) && !first.starts_with('0');
    let digits: String = integer.chars().filter(|&c| c != separator).collect();
    (well_grouped && is_digits(&digits)).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    macro_rules! cases {
        ($($name:ident: $text:expr => $expected:expr,)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(parse_number($text), $expected, "{:?}", $text);
            }
        )*};
    }

    cases! {
        integer: "42" => Some(42.0),
        decimal: "29.33" => Some(29.33),
        leading_point: ".5" => Some(0.5),
        trailing_point: "5." => Some(5.0),
        zero: "0.00" => Some(0.0),
        minus: "-12.5" => Some(-12.5),
        plus: "+7" => Some(7.0),
        trailing_minus: "12.5-" => Some(-12.5),
        parentheses: "(4.00)" => Some(-4.0),
        thousands: "1,234,567.89" => Some(1_234_567.89),
        dollar: "$1,200" => Some(1200.0),
        negative_dollar: "-$5" => Some(-5.0),
        yuan_sign: "¥99.9" => Some(99.9),
        fullwidth_yuan: "￥99" => Some(99.0),
        yuan_suffix: "88元" => Some(88.0),
        euro_after: "12.00 €" => Some(12.0),
        euro_before_no_break_space: "€\u{a0}12.00" => Some(12.0),
        spaces: "  3.5  " => Some(3.5),
        decimal_comma_rejected: "12,5" => None,
        bad_grouping: "1,2,345" => None,
        bad_grouping_last_two: "12,34,56" => None,
        indian_grouping: "1,23,456" => Some(123_456.0),
        indian_grouping_crore: "₹12,34,56,789.50" => Some(123_456_789.5),
        indian_rupees_abbreviated: "Rs. 1,23,456.00" => Some(123_456.0),
        indian_grouping_leading_zero: "0,12,345" => None,
        yen_kanji: "1,200円" => Some(1200.0),
        won: "₩15,000" => Some(15000.0),
        won_full_width: "￦300" => Some(300.0),
        yen_or_won_as_a_backslash: "\\1,234" => Some(1234.0),
        yen_or_won_as_a_backslash_before_a_minus: "-\\500" => Some(-500.0),
        backslash_n_is_no_number: "\\N" => None,
        won_hangul: "15,000원" => Some(15000.0),
        rouble: "-₽1,200" => Some(-1200.0),
        space_groups: "1 234 567.5" => Some(1_234_567.5),
        no_break_space_groups: "1\u{a0}234.5" => Some(1234.5),
        narrow_no_break_space_groups: "12\u{202f}345" => Some(12345.0),
        swiss_apostrophe_groups: "CHF 1'234.50" => Some(1234.5),
        bad_space_grouping: "12 34.5" => None,
        mixed_group_marks: "1,234 567" => None,
        currency_code_before: "USD 12.00" => Some(12.0),
        currency_code_after: "12.00 USD" => Some(12.0),
        currency_code_joined: "RMB88" => Some(88.0),
        dollar_with_country_letters: "HK$1,200" => Some(1200.0),
        currency_code_then_sign: "USD -12.00" => Some(-12.0),
        symbol_then_sign: "$-5" => Some(-5.0),
        currency_code_alone: "EUR" => None,
        four_capitals: "ABCD 12" => None,
        lower_case_code: "usd 12" => None,
        letter_before_number: "E5" => None,
        leading_zero_group: "0,123" => None,
        two_points: "1.2.3" => None,
        empty: "" => None,
        only_sign: "-" => None,
        only_symbol: "$" => None,
        nan: "NaN" => None,
        infinity: "inf" => None,
        exponent_as_r_writes_it: "1e+05" => Some(100_000.0),
        exponent_as_excel_writes_it: "1.5E+03" => Some(1500.0),
        exponent_unsigned: "2e3" => Some(2000.0),
        exponent_negative: "-2.5e-2" => Some(-0.025),
        exponent_with_currency: "$1.2E+04" => Some(12_000.0),
        exponent_rounded_once: "1.23457E+11" => Some(123_457_000_000.0),
        exponent_without_digits: "1E+" => None,
        exponent_of_four_digits: "1e1000" => None,
        exponent_two_signs: "1e+-5" => None,
        exponent_beside_grouped_digits: "1,234E+03" => None,
        exponent_alone: "e5" => None,
        digits_beyond_a_double: "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" => None,
        exponent_beyond_a_double: "1e400" => None,
        words: "n/a" => None,
        double_minus: "--5" => None,
        full_width_digits: "１２３．５" => Some(123.5),
        full_width_minus_and_groups: "－１，２３４．５０" => Some(-1234.5),
        full_width_digits_and_yuan: "￥１２０元" => Some(120.0),
        minus_sign: "−12.5" => Some(-12.5),
        full_width_letters_stay_letters: "ｎ／ａ" => None,
    }

    use super::{DecimalSeparator, NumberEvidence, PlainNumber};

    #[test]
    fn ids_excel_wrote_in_scientific_notation() {
        for rounded in ["1.23457E+11", "1E+12", "1,23457E+17", "9.9e+15", "1.2E+5"] {
            assert!(super::is_scientific_notation(rounded), "{rounded}");
        }
        for id in [
            "123456789012",
            "1.5",
            "E+12",
            "1.E+12",
            "1.2E-5",
            "1.2E+",
            "1.2E+1234",
            "1x2E+12",
            "12E+3",
            "3E4",
            "1.2E+1a",
            "",
        ] {
            assert!(!super::is_scientific_notation(id), "{id}");
        }
    }

    macro_rules! comma_cases {
        ($($name:ident: $text:expr => $expected:expr,)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(DecimalSeparator::Comma.parse($text), $expected, "{:?}", $text);
            }
        )*};
    }

    comma_cases! {
        comma_decimal: "12,50" => Some(12.5),
        comma_thousands_points: "1.234.567,89" => Some(1_234_567.89),
        comma_plain: "42" => Some(42.0),
        comma_euro: "-3,5 €" => Some(-3.5),
        comma_euro_after_no_break_space: "12,00\u{a0}€" => Some(12.0),
        comma_space_groups: "1 234,50" => Some(1234.5),
        comma_no_break_space_groups_euro: "1\u{a0}234\u{a0}567,89 €" => Some(1_234_567.89),
        comma_real: "R$ 1.234,56" => Some(1234.56),
        comma_code_after: "1.234,56 EUR" => Some(1234.56),
        comma_rejects_point_decimal: "12.5" => None,
        comma_exponent: "1,5E+03" => Some(1500.0),
        comma_exponent_rejects_point: "1.5E+03" => None,
        comma_bad_grouping: "12.34,5" => None,
        comma_leading: ",5" => Some(0.5),
        comma_full_width: "１２，５０" => Some(12.5),
        comma_zloty: "12,50 zł" => Some(12.5),
        comma_krona_before: "kr 1 234,50" => Some(1234.5),
        comma_koruna: "1 000 Kč" => Some(1000.0),
        comma_rouble_word: "-500,00 руб." => Some(-500.0),
        comma_indian_grouping_is_point_only: "1.23.456" => None,
        comma_word_alone: "zł" => None,
    }

    /// Every text of up to six characters from the ones that matter.
    fn short_texts() -> Vec<String> {
        let mut texts = vec![String::new()];
        let mut layer = texts.clone();
        for _ in 0..6 {
            layer = layer
                .iter()
                .flat_map(|text| "015.,-".chars().map(move |c| format!("{text}{c}")))
                .collect();
            texts.extend(layer.iter().cloned());
        }
        texts
    }

    #[test]
    fn plain_values_round_as_the_standard_parser_does() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        for _ in 0..100_000 {
            let digits: String = (0..rng.gen_range(1..=20))
                .map(|_| char::from(b'0' + rng.gen_range(0..10)))
                .collect();
            let point = rng.gen_range(1..=digits.len());
            let text = match point == digits.len() {
                true => digits.clone(),
                false => format!("{}.{}", &digits[..point], &digits[point..]),
            };
            let expected: f64 = text.parse().unwrap();
            assert_eq!(
                DecimalSeparator::Point.parse(&text),
                Some(expected),
                "{text}"
            );
            let negative = format!("-{text}");
            assert_eq!(
                DecimalSeparator::Point.parse(&negative),
                Some(-expected),
                "{negative}"
            );
        }
    }

    #[test]
    fn an_amount_may_be_excels_accounting_zero() {
        use super::DecimalSeparator::{Comma, Point};
        let cases = [
            ("-", Some(0.0)),
            (" $ -   ", Some(0.0)),
            ("EUR -", Some(0.0)),
            ("−", Some(0.0)),
            ("(20,00)", Some(-20.0)),
            ("--", None),
            ("(-)", None),
            ("$", None),
            ("", None),
        ];
        for (text, expected) in cases {
            for separator in [Point, Comma] {
                let expected = expected.filter(|_| text != "(20,00)" || separator == Comma);
                assert_eq!(separator.parse_amount(text), expected, "{text:?}");
                assert_eq!(
                    separator.parse_amount_noting_ambiguity(text).0,
                    expected,
                    "{text:?}"
                );
            }
        }
        // Anything else reads a dash as no number.
        assert_eq!(parse_number("-"), None);
    }

    #[test]
    fn the_fast_paths_agree_with_the_general_rules() {
        for text in short_texts() {
            let either = DecimalSeparator::evidence_by_search(&text) == NumberEvidence::Either;
            if let Some(number) = PlainNumber::of(&text) {
                let evidence = number.evidence();
                assert_eq!(
                    evidence,
                    DecimalSeparator::evidence_by_search(&text),
                    "{text:?}"
                );
            }
            for separator in [DecimalSeparator::Point, DecimalSeparator::Comma] {
                let by_search = separator.parse_by_search(&text);
                if let Some(value) = PlainNumber::of(&text).and_then(|n| n.value_with(separator)) {
                    assert_eq!(Some(value), by_search, "{text:?}");
                }
                assert_eq!(
                    separator.parse_amount_noting_ambiguity(&text),
                    (separator.parse_amount(&text), either),
                    "{text:?}"
                );
                assert_eq!(separator.parse(&text), by_search, "{text:?}");
            }
        }
    }

    /// [`DecimalSeparator::parse_amount_noting_ambiguity`] of `text` against the functions it
    /// stands for, bit for bit (`0.0 == -0.0`, so values are compared as bits), and against
    /// the standard parser where that reads the text too.
    fn assert_amount_read_as_everywhere(text: &str) {
        let bits = |value: Option<f64>| value.map(f64::to_bits);
        for separator in [DecimalSeparator::Point, DecimalSeparator::Comma] {
            let (value, ambiguous) = separator.parse_amount_noting_ambiguity(text);
            assert_eq!(bits(value), bits(separator.parse_amount(text)), "{text:?}");
            let either = DecimalSeparator::evidence(text) == NumberEvidence::Either;
            assert_eq!(ambiguous, either, "{text:?}");
        }
        if let Ok(standard) = text.parse::<f64>() {
            let (value, _) = DecimalSeparator::Point.parse_amount_noting_ambiguity(text);
            assert_eq!(bits(value), Some(standard.to_bits()), "{text:?}");
        }
    }

    #[test]
    fn a_lone_digit_is_read_as_any_number() {
        for text in [
            "0", "1", "5", "9", "-0", "-7", "00", "09", "0.", ".0", "7.0", "１", "٣",
        ] {
            assert_amount_read_as_everywhere(text);
        }
    }

    // proptest builds natively only (Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn plain_decimals_are_read_as_any_number(
            text in "-?[0-9]{0,20}[.]?[0-9]{0,20}|[0-9]|[-+$.,0-9 ]{0,8}"
        ) {
            assert_amount_read_as_everywhere(&text);
        }
    }

    #[test]
    fn evidence_for_the_decimal_separator() {
        let cases = [
            ("12.50", NumberEvidence::Point),
            ("1,234,567", NumberEvidence::Point),
            ("1,234.5", NumberEvidence::Point),
            ("0.125", NumberEvidence::Point),
            ("12,50", NumberEvidence::Comma),
            ("1.234,5", NumberEvidence::Comma),
            ("1.234.567", NumberEvidence::Comma),
            ("1,234", NumberEvidence::Either),
            ("1.234", NumberEvidence::Either),
            ("-$1,234", NumberEvidence::Either),
            ("42", NumberEvidence::Neither),
            ("1 234,50", NumberEvidence::Comma),
            ("CHF 1'234.50", NumberEvidence::Point),
            ("1 234", NumberEvidence::Neither),
            ("12.00 USD", NumberEvidence::Point),
            ("１２，５０", NumberEvidence::Comma),
            ("1.5E+03", NumberEvidence::Point),
            ("1,5E+03", NumberEvidence::Comma),
            ("1e+05", NumberEvidence::Neither),
        ];
        for (text, expected) in cases {
            assert_eq!(DecimalSeparator::evidence(text), expected, "{text}");
        }
    }
}
