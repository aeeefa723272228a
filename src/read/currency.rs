//! Rows per currency, where a file names each amount's currency in a column of its own or
//! beside the number (`$12.00`, `12,50 €`): amounts in several currencies are added as they
//! are (converting needs rates the file does not have), so the report says how the rows
//! divide.

use crate::aggregated::Limitation;
use crate::text::{grouped, Texts};

/// Distinct currencies kept by name; a file with more is not a currency column worth listing
/// in full, and its further values are counted together.
const MAX_CURRENCIES: usize = 16;

/// Marks that stand for one currency, by the mark the report names it with: a file may write
/// the same money both ways (`¥88` and `88元`, `$12` and `12 USD`), which is no mix.
const SAME_CURRENCY: &[(&str, &[&str])] = &[
    ("$", &["US$", "USD"]),
    ("¥", &["￥"]),
    ("元", &["RMB", "CNY", "人民币"]),
    ("€", &["EUR"]),
    ("£", &["GBP"]),
    ("₹", &["Rs", "INR"]),
    ("₩", &["￦", "원", "KRW"]),
    ("₽", &["руб", "р", "RUB"]),
    ("円", &["JPY"]),
];

/// Signs that stand for one of several currencies, with the marks of those: `¥` is the yuan's
/// and the yen's, and a backslash the yen's or the won's, as Shift_JIS and EUC-KR write those
/// at its byte. Where a file writes just one of a sign's currencies by another mark, the
/// sign's rows are that currency's (`¥88` and `88元`, `\1,234` and `500円`); the yuan's sign
/// comes first, so that `¥` and `円` are one before a backslash is looked at.
const SHARED_SIGNS: &[(&str, &[&str])] = &[("¥", &["元", "円"]), ("\\", &["¥", "円", "₩"])];

/// The ISO 4217 code of each mark that names one currency, for the page to write money as the
/// file does. `$` is read as the US dollar, the likeliest of the dollars (the others are
/// written `HK$`, `C$` … or by code); `¥` alone, the yuan's and the yen's, and `kr`, the
/// Nordic crowns', name none.
const ISO_CODES: &[(&str, &str)] = &[
    ("$", "USD"),
    ("元", "CNY"),
    ("円", "JPY"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("₱", "PHP"),
    ("₪", "ILS"),
    ("₫", "VND"),
    ("฿", "THB"),
    ("HK$", "HKD"),
    ("NT$", "TWD"),
    ("S$", "SGD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("R$", "BRL"),
    ("zł", "PLN"),
    ("Kč", "CZK"),
    ("Ft", "HUF"),
    ("lei", "RON"),
];

/// The currency written beside an amount (`$` in `-$5.00`, `EUR` in `12,50 EUR`, `HK$` in
/// `HK$ 1,000`), named as in [`SAME_CURRENCY`]; `None` for a plain number.
pub(crate) fn currency_mark(amount: &str) -> Option<&str> {
    let bytes = amount.as_bytes();
    // Most amounts are plain numbers: two bytes tell.
    if bytes.first().is_some_and(u8::is_ascii_digit) && bytes.last().is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let first_digit = amount.find(|c: char| c.is_ascii_digit())?;
    let after_last = amount.rfind(|c: char| c.is_ascii_digit())? + 1;
    // Signs and brackets as typed in ASCII, full width or with the minus sign `−`.
    let not_mark = |c: char| c.is_whitespace() || "-+().,−－＋（）．，".contains(c);
    let before = amount[..first_digit].trim_matches(not_mark);
    let after = amount[after_last..].trim_matches(not_mark);
    let mark = if before.is_empty() { after } else { before };
    if mark.is_empty() {
        return None;
    }
    let same = SAME_CURRENCY
        .iter()
        .find(|(_, others)| others.iter().any(|other| other.eq_ignore_ascii_case(mark)));
    Some(same.map_or(mark, |&(name, _)| name))
}

/// Each used row's currency, kept beside the rows until they are settled (rows dropped once
/// the whole file is read, as dates apart or dropped duplicates, must not be counted), then
/// counted.
#[derive(Debug, Default)]
pub(crate) struct RowCurrencies {
    /// Currency codes in upper case, in order of first appearance.
    names: Vec<String>,
    /// Each row's currency: [`NO_CURRENCY`], `i + 1` for `names[i]`, or [`OTHER_CURRENCY`].
    /// Empty until a row names one, so that a file without currencies pays nothing.
    by_row: Vec<u8>,
}

const NO_CURRENCY: u8 = 0;
/// A currency past the first [`MAX_CURRENCIES`].
const OTHER_CURRENCY: u8 = MAX_CURRENCIES as u8 + 1;

impl RowCurrencies {
    /// Notes the currency of row `row`, the next one; a blank one or none says nothing.
    pub fn push(&mut self, row: usize, currency: Option<&str>) {
        let currency = currency.map(str::trim).filter(|c| !c.is_empty());
        let code = currency.map_or(NO_CURRENCY, |currency| self.code(currency));
        if code != NO_CURRENCY || !self.by_row.is_empty() {
            self.by_row.resize(row, NO_CURRENCY);
            self.by_row.push(code);
        }
    }

    fn code(&mut self, currency: &str) -> u8 {
        let known = self
            .names
            .iter()
            .position(|name| name.eq_ignore_ascii_case(currency));
        match known {
            Some(index) => index as u8 + 1,
            None if self.names.len() < MAX_CURRENCIES => {
                self.names.push(currency.to_ascii_uppercase());
                self.names.len() as u8
            }
            None => OTHER_CURRENCY,
        }
    }

    /// Whether some row's currency is one past the first [`MAX_CURRENCIES`], whose name is
    /// not kept.
    pub fn has_unnamed(&self) -> bool {
        self.by_row.contains(&OTHER_CURRENCY)
    }

    /// Notes the currencies of `later_rows` rows that follow the `rows` noted here, as
    /// `later` noted them, as if each had been pushed here. `later` must name every currency
    /// it saw (see [`has_unnamed`](RowCurrencies::has_unnamed)).
    pub fn append(&mut self, rows: usize, later: RowCurrencies, later_rows: usize) {
        if self.by_row.is_empty() && later.by_row.is_empty() {
            return;
        }
        // In the order `later` first saw them, which is the order they come in here.
        let codes: Vec<u8> = std::iter::once(NO_CURRENCY)
            .chain(later.names.iter().map(|name| self.code(name)))
            .collect();
        // Rows before the first that names a currency are not noted.
        self.by_row
            .resize(rows + later_rows - later.by_row.len(), NO_CURRENCY);
        self.by_row
            .extend(later.by_row.iter().map(|&code| codes[usize::from(code)]));
    }

    /// Forgets the rows at `indices`, which are in increasing order.
    pub fn remove(&mut self, indices: &[usize]) {
        super::rows::remove(&mut self.by_row, indices);
    }

    /// The rows that remain, counted by currency.
    pub fn counts(&self) -> CurrencyCounts {
        let mut rows = [0_u64; OTHER_CURRENCY as usize + 1];
        for &code in &self.by_row {
            rows[code as usize] += 1;
        }
        let mut counts = self
            .names
            .iter()
            .zip(&rows[1..])
            .filter(|&(_, &rows)| rows > 0)
            .map(|(name, &rows)| (name.clone(), rows))
            .collect();
        join_shared_signs(&mut counts);
        CurrencyCounts {
            counts,
            others: rows[OTHER_CURRENCY as usize],
        }
    }
}

/// Counts the rows of each of [`SHARED_SIGNS`] with the one currency among `counts` it may
/// stand for, if there is one.
fn join_shared_signs(counts: &mut Vec<(String, u64)>) {
    for (sign, currencies) in SHARED_SIGNS {
        let Some(at) = counts.iter().position(|(name, _)| name == sign) else {
            continue;
        };
        let mut candidates = counts
            .iter()
            .enumerate()
            .filter(|(_, (name, _))| currencies.contains(&name.as_str()))
            .map(|(index, _)| index);
        if let (Some(into), None) = (candidates.next(), candidates.next()) {
            let (_, rows) = counts.remove(at);
            counts[if into > at { into - 1 } else { into }].1 += rows;
        }
    }
}

/// The rows used, counted by the currency written in them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CurrencyCounts {
    /// Currency codes in upper case, with their rows, in order of first appearance.
    counts: Vec<(String, u64)>,
    /// Rows in currencies past the first [`MAX_CURRENCIES`].
    others: u64,
}

impl CurrencyCounts {
    /// The ISO 4217 code of the one currency the rows name, by a code (`EUR`, `usd`) or a mark
    /// of [`ISO_CODES`]; `None` for plain numbers, several currencies, or a mark that does not
    /// tell one.
    pub fn iso_code(&self) -> Option<String> {
        let [(name, _)] = self.counts.as_slice() else {
            return None;
        };
        if self.others > 0 {
            return None;
        }
        let by_mark = ISO_CODES
            .iter()
            .find(|(mark, _)| mark.eq_ignore_ascii_case(name))
            .map(|(_, code)| code.to_string());
        let is_code = name.len() == 3 && name.bytes().all(|b| b.is_ascii_alphabetic());
        by_mark.or_else(|| is_code.then(|| name.to_ascii_uppercase()))
    }

    /// What the report says when the rows are in more than one currency.
    ///
    /// ```text
    /// Amounts are in 2 currencies (USD 1,200 rows, EUR 35 rows) and are added together as they are …
    /// ```
    pub fn mixed(&self) -> Option<Limitation> {
        if self.counts.len() < 2 {
            return None;
        }
        let mut counts = self.counts.clone();
        counts.sort_by_key(|&(_, rows)| std::cmp::Reverse(rows));
        let others = (self.others > 0).then_some(("…", self.others));
        let listed = || {
            counts
                .iter()
                .map(|(code, rows)| (code.as_str(), *rows))
                .chain(others)
        };
        let en: Vec<String> = listed()
            .map(|(code, rows)| {
                format!(
                    "{code} {} row{}",
                    grouped(rows),
                    if rows == 1 { "" } else { "s" }
                )
            })
            .collect();
        let zh: Vec<String> = listed()
            .map(|(code, rows)| format!("{code} {} 行", grouped(rows)))
            .collect();
        let (en, zh) = (en.join(", "), zh.join("，"));
        let n = counts.len() + usize::from(others.is_some());
        let (more, more_zh) = if others.is_some() {
            ("at least ", "至少")
        } else {
            ("", "")
        };
        Some(Limitation {
            key: "mixedCurrencies",
            text: Texts::new(
                format!("Amounts are in {more}{n} currencies ({en}) and are added together as they are, so revenue, monetary value and lifetime value mix them. Convert the amounts to one currency first, or analyse each currency's rows on their own."),
                format!("金额涉及{more_zh} {n} 种货币（{zh}），并被直接相加，因此收入、消费金额和终身价值混合了不同货币。请先把金额换算为同一种货币，或按货币分别分析。"),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(currencies: &[&str]) -> CurrencyCounts {
        let mut rows = RowCurrencies::default();
        for (row, currency) in currencies.iter().enumerate() {
            rows.push(row, Some(currency));
        }
        rows.counts()
    }

    #[test]
    fn marks_beside_amounts() {
        let cases = [
            ("12.00", None),
            ("1.234,50", None),
            ("(12.00)", None),
            ("12.00-", None),
            (".50", None),
            ("", None),
            ("n/a", None),
            ("$12.00", Some("$")),
            ("-$5", Some("$")),
            ("−$3.00", Some("$")),
            ("－$3.00", Some("$")),
            ("（$3.00）", Some("$")),
            ("−3.00", None),
            ("－3", None),
            ("$-5", Some("$")),
            ("(USD 12.00)", Some("$")),
            ("12.00 usd", Some("$")),
            ("US$ 3", Some("$")),
            ("HK$ 1,000", Some("HK$")),
            ("R$ 10,00", Some("R$")),
            ("12,50 €", Some("€")),
            ("12,50\u{a0}EUR", Some("€")),
            ("¥88", Some("¥")),
            ("￥88", Some("¥")),
            ("88元", Some("元")),
            ("RMB88", Some("元")),
            ("\\1,234", Some("\\")),
            ("￦300", Some("₩")),
            ("Rs. 1,234", Some("₹")),
            ("500 руб.", Some("₽")),
            ("1 000 Kč", Some("Kč")),
            ("1,000円", Some("円")),
        ];
        for (amount, mark) in cases {
            assert_eq!(currency_mark(amount), mark, "{amount:?}");
        }
    }

    #[test]
    fn the_one_currency_has_its_iso_code() {
        let code = |marks: &[&str]| counted(marks).iso_code();
        let cases: [(&[&str], Option<&str>); 13] = [
            (&[], None),
            (&["€", "€"], Some("EUR")),
            (&["eur", "EUR"], Some("EUR")),
            (&["$"], Some("USD")),
            (&["HK$"], Some("HKD")),
            (&["元", "¥"], Some("CNY")),
            (&["円", "\\"], Some("JPY")),
            (&["Kč"], Some("CZK")),
            (&["chf", "CHF"], Some("CHF")),
            // The yuan's or the yen's; a Nordic crown; two currencies; not a code.
            (&["¥"], None),
            (&["kr"], None),
            (&["€", "$"], None),
            (&["points"], None),
        ];
        for (marks, expected) in cases {
            assert_eq!(code(marks).as_deref(), expected, "{marks:?}");
        }
    }

    #[test]
    fn one_currency_is_no_limitation() {
        // Written in either case, with blanks between: still one currency.
        assert_eq!(counted(&["usd", "USD", " Usd ", "", "usd"]).mixed(), None);
        assert_eq!(counted(&[]).mixed(), None);
    }

    #[test]
    fn a_sign_of_several_currencies_is_the_one_the_file_writes_otherwise() {
        for one in [
            &["¥", "元"][..],
            &["¥", "円"],
            &["\\", "円"],
            &["\\", "₩"],
            &["\\", "¥"],
            &["\\", "¥", "円"],
            &["\\"],
        ] {
            assert_eq!(counted(one).mixed(), None, "{one:?}");
        }
        for mixed in [
            &["元", "円"][..],
            &["¥", "元", "円"],
            &["\\", "¥", "₩"],
            &["\\", "元"],
            &["\\", "$"],
        ] {
            assert!(counted(mixed).mixed().is_some(), "{mixed:?}");
        }
        let text = counted(&["元", "¥", "$", "¥"]).mixed().unwrap().text.en;
        assert!(text.contains("(元 3 rows, $ 1 row)"), "{text}");
    }

    #[test]
    fn several_currencies_are_listed_by_rows() {
        let limitation = counted(&["eur", "USD", "usd", "", "gbp", "usd"])
            .mixed()
            .unwrap();
        assert_eq!(limitation.key, "mixedCurrencies");
        assert!(
            limitation.text.en.starts_with(
                "Amounts are in 3 currencies (USD 3 rows, EUR 1 row, GBP 1 row) and are added"
            ),
            "{}",
            limitation.text.en
        );
        assert!(limitation
            .text
            .zh_cn
            .starts_with("金额涉及 3 种货币（USD 3 行，EUR 1 行，GBP 1 行）"));
    }

    #[test]
    fn removed_rows_are_not_counted() {
        // Rows 0 and 1 name no currency; row 4 is the only EUR one.
        let mut rows = RowCurrencies::default();
        let currencies = [
            None,
            None,
            Some("usd"),
            Some(""),
            Some("EUR"),
            Some("GBP"),
            Some("USD"),
        ];
        for (row, currency) in currencies.into_iter().enumerate() {
            rows.push(row, currency);
        }
        rows.remove(&[1, 4, 6]);
        let text = rows.counts().mixed().unwrap().text.en;
        assert!(
            text.starts_with("Amounts are in 2 currencies (USD 1 row, GBP 1 row) and"),
            "{text}"
        );
        rows.remove(&[3]);
        assert_eq!(rows.counts().mixed(), None);
    }

    #[test]
    fn a_column_of_many_values_is_counted_in_part() {
        let mut codes: Vec<String> = (0..20).map(|i| format!("C{i:02}")).collect();
        codes.push("c00".to_string());
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let text = counted(&codes).mixed().unwrap().text.en;
        // The first one twice, fifteen more once, and four past the sixteen kept.
        assert!(
            text.starts_with("Amounts are in at least 17 currencies (C00 2 rows, C01 1 row"),
            "{text}"
        );
        assert!(text.contains("C15 1 row, … 4 rows)"), "{text}");
    }
}
