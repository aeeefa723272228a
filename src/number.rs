//! Money and quantity values as business exports write them.

/// Parses a number such as `1,234.50`, `$12`, `¥100`, `100元`, `-3`, `3-` or `(4.00)`.
///
/// Currency symbols are ignored, parentheses or a trailing minus mean a negative value, and a
/// comma is accepted only as a thousands separator (`1,234`); a comma that could be a decimal
/// comma (`12,5`) is rejected rather than guessed. Returns `None` for anything else, including
/// an empty text, `NaN` and infinities.
///
/// ```
/// use custval::parse_number;
///
/// assert_eq!(parse_number("(1,234.50)"), Some(-1234.5));
/// assert_eq!(parse_number("¥ 88元"), Some(88.0));
/// assert_eq!(parse_number("12,5"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    let mut text = text.trim();
    let mut negative = false;
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        negative = true;
        text = inner.trim();
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
    let text = text
        .trim_start_matches(CURRENCY_SYMBOLS)
        .trim_end_matches(CURRENCY_SYMBOLS)
        .trim();
    let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
    if !is_digits(fraction) || (integer.is_empty() && fraction.is_empty()) {
        return None;
    }
    let value: f64 = if integer.contains(',') {
        let integer = without_thousands_separators(integer)?;
        format!("{integer}.{fraction}").parse().ok()?
    } else if is_digits(integer) {
        text.parse().ok()?
    } else {
        return None;
    };
    Some(if negative { -value } else { value })
}

const CURRENCY_SYMBOLS: &[char] = &['$', '¥', '￥', '€', '£', '元', ' '];

fn is_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// The integer part without its thousands separators, if it is grouped in threes (`1,234,567`).
fn without_thousands_separators(integer: &str) -> Option<String> {
    let (first, rest) = integer.split_once(',')?;
    let well_grouped = (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && rest.split(',').all(|group| group.len() == 3);
    let digits: String = integer.chars().filter(|&c| c != ',').collect();
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
        spaces: "  3.5  " => Some(3.5),
        decimal_comma_rejected: "12,5" => None,
        bad_grouping: "1,23,456" => None,
        leading_zero_group: "0,123" => None,
        two_points: "1.2.3" => None,
        empty: "" => None,
        only_sign: "-" => None,
        only_symbol: "$" => None,
        nan: "NaN" => None,
        infinity: "inf" => None,
        exponent: "1e5" => None,
        words: "n/a" => None,
        double_minus: "--5" => None,
    }
}
