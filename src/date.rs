//! Calendar dates as day numbers, with the parsing and formatting the reader needs.

use std::fmt;
use std::str::FromStr;

use crate::text::{Language, Rendered};
use crate::width::ascii_forms;

/// A calendar date in the proleptic Gregorian calendar, stored as days since 1970-01-01.
///
/// Differences between dates are whole days, which is all the analyses need; a time of day in
/// the input is ignored.
///
/// ```
/// use custval::Date;
///
/// let start: Date = "2024-02-28".parse()?;
/// let end = Date::parse_lenient("2024/3/1 18:30").unwrap();
/// assert_eq!(end.days_since(start), 2);
/// assert_eq!(end.to_string(), "2024-03-01");
/// # Ok::<(), custval::DateError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a text is not an ISO `YYYY-MM-DD` date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    text: String,
}

impl Rendered for DateError {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = &self.text;
        match language {
            Language::En => write!(f, "'{text}' is not a valid date in the form YYYY-MM-DD"),
            Language::ZhCn => write!(f, "“{text}”不是 YYYY-MM-DD 格式的有效日期"),
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

impl std::error::Error for DateError {}

impl Date {
    /// The date for a year, month (1–12) and day (1–31), or `None` if no such day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then(|| Date(days_from_civil(year, month, day)))
    }

    /// Parses the forms that read the same under every [`DateFormat`]: `YYYY-MM-DD`, `YYYY/M/D`,
    /// `YYYY.M.D`, `YYYYMMDD` (also with the time run on, `YYYYMMDDHHMMSS`), `2024年3月5日`,
    /// Excel serial numbers, Unix times in seconds or milliseconds (read as UTC days) and dates
    /// with an English month name (`5-Mar-2024`, `Mar 5, 2024`, `Tue, 05 Mar 2024`), each
    /// optionally followed by a time, which is ignored.
    ///
    /// ```
    /// use custval::Date;
    ///
    /// let march_5 = Date::from_ymd(2024, 3, 5);
    /// assert_eq!(Date::parse_lenient("20240305103000"), march_5);
    /// assert_eq!(Date::parse_lenient("1709632800"), march_5); // 2024-03-05 10:00 UTC
    /// assert_eq!(Date::parse_lenient("Tue, 05 Mar 2024 10:00:00 GMT"), march_5);
    /// ```
    pub fn parse_lenient(text: &str) -> Option<Date> {
        DateFormat::YearMonthDay.parse(text)
    }

    /// Whole days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// The date `days` days later (or earlier, for a negative count).
    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Days since 1970-01-01, negative before.
    pub(crate) fn day_number(self) -> i32 {
        self.0
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }
}

/// How a column writes its dates. Year-first forms (`2024-03-05`, `2024/3/5`, `20240305`,
/// `2024年3月5日`), Excel serial day numbers (`45356`), Unix times (`1709632800`) and dates with
/// an English month name (`5-Mar-2024`) are read under every format; the format decides only how `05/03/2024` is
/// read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFormat {
    /// Only the unambiguous forms; `05/03/2024` is rejected.
    YearMonthDay,
    /// `05/03/2024` is 5 March.
    DayMonthYear,
    /// `05/03/2024` is 3 May.
    MonthDayYear,
    /// `05/03/24` is 5 March 2024, and `05/03/2024` too. The century is Excel's: 00–29 are
    /// 2000–2029, 30–99 are 1930–1999.
    DayMonthShortYear,
    /// `05/03/24` is 3 May 2024, and `05/03/2024` too, as Etsy's exports write them.
    MonthDayShortYear,
}

impl DateFormat {
    /// The format's name in reports and options: `YYYY-MM-DD`, `D/M/YYYY`, `M/D/YYYY`, `D/M/YY`
    /// or `M/D/YY`.
    pub fn name(self) -> &'static str {
        match self {
            DateFormat::YearMonthDay => "YYYY-MM-DD",
            DateFormat::DayMonthYear => "D/M/YYYY",
            DateFormat::MonthDayYear => "M/D/YYYY",
            DateFormat::DayMonthShortYear => "D/M/YY",
            DateFormat::MonthDayShortYear => "M/D/YY",
        }
    }

    /// The format named by [`name`](DateFormat::name), ignoring case.
    pub fn from_name(name: &str) -> Option<DateFormat> {
        [
            DateFormat::YearMonthDay,
            DateFormat::DayMonthYear,
            DateFormat::MonthDayYear,
            DateFormat::DayMonthShortYear,
            DateFormat::MonthDayShortYear,
        ]
        .into_iter()
        .find(|format| format.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Parses `text` in this format. A time after the date (after `T` or a space) is ignored.
    ///
    /// ```
    /// use custval::{Date, DateFormat};
    ///
    /// let march_5 = Date::from_ymd(2024, 3, 5);
    /// assert_eq!(DateFormat::DayMonthYear.parse("05/03/2024 14:30"), march_5);
    /// assert_eq!(DateFormat::MonthDayYear.parse("3/5/2024"), march_5);
    /// assert_eq!(DateFormat::YearMonthDay.parse("2024年3月5日"), march_5);
    /// assert_eq!(DateFormat::YearMonthDay.parse("45356"), march_5); // Excel serial
    /// assert_eq!(DateFormat::YearMonthDay.parse("05/03/2024"), None);
    /// ```
    pub fn parse(self, text: &str) -> Option<Date> {
        match split_date(text)? {
            DateParts::YearFirst(year, month, day) => Date::from_ymd(year, month, day),
            DateParts::YearLast(first, second, year) => match self {
                DateFormat::YearMonthDay => None,
                DateFormat::DayMonthYear | DateFormat::DayMonthShortYear => {
                    Date::from_ymd(year, second, first)
                }
                DateFormat::MonthDayYear | DateFormat::MonthDayShortYear => {
                    Date::from_ymd(year, first, second)
                }
            },
            DateParts::ShortYearLast(first, second, short_year) => {
                let year = excel_year(short_year);
                match self {
                    DateFormat::DayMonthShortYear => Date::from_ymd(year, second, first),
                    DateFormat::MonthDayShortYear => Date::from_ymd(year, first, second),
                    _ => None,
                }
            }
            DateParts::DayNumber(days) => Some(Date(days)),
        }
    }

    /// What `text` says about the day-month order, its year taken to stand last.
    pub(crate) fn evidence(text: &str) -> DateEvidence {
        match split_date(text) {
            Some(DateParts::YearLast(first, second, year)) => order_evidence(first, second, year),
            Some(DateParts::ShortYearLast(first, second, short_year)) => {
                order_evidence(first, second, excel_year(short_year))
            }
            None => DateEvidence::Invalid,
            Some(_) => DateEvidence::Unambiguous,
        }
    }

    /// The same order with the year written in two digits (`05/03/24`); year first stays.
    pub(crate) fn with_two_digit_years(self) -> DateFormat {
        match self {
            DateFormat::DayMonthYear => DateFormat::DayMonthShortYear,
            DateFormat::MonthDayYear => DateFormat::MonthDayShortYear,
            other => other,
        }
    }
}

/// Reads one column's dates in a [`DateFormat`], remembering the last `YYYY-MM-DD` day read.
///
/// Exports sorted by time write the same day on row after row, often with a time after it that
/// changes on every row: comparing the day's ten bytes with the last row's settles those rows
/// without reading the date again.
#[derive(Clone, Debug)]
pub(crate) struct DateReader {
    format: DateFormat,
    /// The first ten bytes of the last text read by [`iso_date`], and the date they make
    /// (`None` for a day that does not exist, such as `2023-02-30`).
    last_day: Option<([u8; 10], Option<Date>)>,
}

impl DateReader {
    pub fn new(format: DateFormat) -> DateReader {
        DateReader {
            format,
            last_day: None,
        }
    }

    pub fn format(&self) -> DateFormat {
        self.format
    }

    /// The date of `text`, as [`DateFormat::parse`] reads it.
    pub fn parse(&mut self, text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let head = bytes.first_chunk::<10>();
        // A text that starts with the last ISO day and ends there or goes on with a time is
        // that day: only these bytes decide what the ISO form reads, whatever the format.
        if let (Some(head), Some((last_head, date))) = (head, self.last_day) {
            if *head == last_head && ends_iso_day(bytes) {
                return date;
            }
        }
        let date = self.format.parse(text);
        if let (Some(head), Some(_)) = (head, iso_date(bytes)) {
            self.last_day = Some((*head, date));
        }
        date
    }
}

/// What the first two numbers of a date whose year stands last say about their order.
fn order_evidence(first: u32, second: u32, year: i32) -> DateEvidence {
    let day_first = Date::from_ymd(year, second, first).is_some();
    let month_first = Date::from_ymd(year, first, second).is_some();
    match (day_first, month_first) {
        (true, true) if first != second => DateEvidence::Either,
        (true, true) => DateEvidence::SameEitherWay,
        (true, false) => DateEvidence::DayFirst,
        (false, true) => DateEvidence::MonthFirst,
        // Not a date, but its shape may still tell: 31/02 can only be day first.
        (false, false) if first > 12 && second <= 12 => DateEvidence::DayFirst,
        (false, false) if second > 12 && first <= 12 => DateEvidence::MonthFirst,
        (false, false) => DateEvidence::Invalid,
    }
}

/// How one date text bears on the choice between day-first and month-first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateEvidence {
    /// Reads the same under every format: year first, an Excel serial number or a Unix time.
    Unambiguous,
    /// Year last with the day equal to the month, e.g. `05/05/2024`: the same day first or
    /// month first, but not a year-first date.
    SameEitherWay,
    /// Day first: only valid so, e.g. `31/01/2024`, or invalid with a first number that can
    /// only be a day, e.g. `31/02/2024`.
    DayFirst,
    /// Month first, e.g. `01/31/2024` or `02/31/2024`.
    MonthFirst,
    /// Valid both ways with different meanings, e.g. `05/03/2024`.
    Either,
    /// Not a date in any format.
    Invalid,
}

/// Excel's day 0, chosen so that serial 61 is 1900-03-01: Excel counts a 29 February 1900
/// that never was, and serials before it are not used for real dates.
const EXCEL_EPOCH: Date = Date(-25_569);

/// The largest plausible Excel serial read as a date (year 2173); larger numbers are not dates.
const EXCEL_SERIAL_RANGE: std::ops::RangeInclusive<i32> = 10_000..=99_999;

#[derive(Debug, PartialEq)]
enum DateParts {
    YearFirst(i32, u32, u32),
    YearLast(u32, u32, i32),
    /// Year last with two digits, read only in the formats the user chooses for it.
    ShortYearLast(u32, u32, u32),
    /// Days since 1970-01-01, from an Excel serial number or a Unix time.
    DayNumber(i32),
}

fn split_date(text: &str) -> Option<DateParts> {
    let text = text.trim();
    iso_date(text.as_bytes()).or_else(|| split_date_by_search(&ascii_forms(text)))
}

fn split_date_by_search(text: &str) -> Option<DateParts> {
    numeric_date(text).or_else(|| month_name_date(text))
}

/// The first number and the year of a date of three numbers with a two-digit year last
/// (`03/15/24` gives 3 and 24), where the year could stand first as well.
pub(crate) fn two_digit_year_date(text: &str) -> Option<(u32, u32)> {
    match split_date(text) {
        Some(DateParts::ShortYearLast(first, _, short_year)) => Some((first, short_year)),
        _ => None,
    }
}

fn numeric_date(text: &str) -> Option<DateParts> {
    let date_part = text
        .split_once(['T', ' '])
        .map_or(text, |(date, _time)| date);
    if let Some(parts) = chinese_date(date_part) {
        return Some(parts);
    }
    if date_part.bytes().all(|b| b.is_ascii_digit()) {
        match date_part.len() {
            8 | 12 | 14 => return compact_date(date_part),
            10 | 13 => return unix_time(date_part),
            _ => {}
        }
    }
    let whole_days = date_part
        .split_once('.')
        .map_or(date_part, |(days, _fraction)| days);
    if whole_days.len() == 5 && whole_days.bytes().all(|b| b.is_ascii_digit()) {
        let serial: i32 = whole_days.parse().ok()?;
        let fraction_ok = date_part[whole_days.len()..]
            .bytes()
            .skip(1)
            .all(|b| b.is_ascii_digit());
        return (fraction_ok && EXCEL_SERIAL_RANGE.contains(&serial))
            .then_some(DateParts::DayNumber(EXCEL_EPOCH.0 + serial));
    }
    let mut parts = date_part.split(['-', '/', '.']);
    let (first, second, third) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    match (first.len(), third.len()) {
        (4, 1..=2) => Some(DateParts::YearFirst(
            parse_digits(first)? as i32,
            parse_digits(second)?,
            parse_digits(third)?,
        )),
        (1..=2, 4) => Some(DateParts::YearLast(
            parse_digits(first)?,
            parse_digits(second)?,
            parse_digits(third)? as i32,
        )),
        (1..=2, 2) if (1..=2).contains(&second.len()) => Some(DateParts::ShortYearLast(
            parse_digits(first)?,
            parse_digits(second)?,
            parse_digits(third)?,
        )),
        _ => None,
    }
}

/// The year of a two-digit year, as Excel reads it: 00–29 are 2000–2029, 30–99 are 1930–1999.
fn excel_year(short_year: u32) -> i32 {
    short_year as i32 + if short_year < 30 { 2000 } else { 1900 }
}

/// A date with an English month name, as spreadsheets and shops write them: `5-Mar-2024`,
/// `05 March 2024`, `Mar 5, 2024`, `March 5 2024 2:30 PM`, `2024-Mar-05`, after a weekday
/// if there is one (`Tue, 05 Mar 2024 10:00:00 GMT`, as mail and web servers write dates, or
/// `Tue Mar 05 2024 10:00:00 GMT+0800`, as JavaScript does). The name makes the order plain, so
/// a two-digit year is read too, as Excel reads it: `5-Mar-24` is in 2024, `5-Mar-95` in 1995.
/// A time after it is ignored.
fn month_name_date(text: &str) -> Option<DateParts> {
    let mut tokens = text
        .split([' ', '-', '/', ',', '.'])
        .filter(|token| !token.is_empty())
        .skip_while(|token| is_weekday(token));
    let (first, second, third) = (tokens.next()?, tokens.next()?, tokens.next()?);
    let day = |token: &str| parse_digits(token).filter(|_| token.len() <= 2);
    let year = |token: &str| match token.len() {
        4 => parse_digits(token).map(|year| year as i32),
        2 => parse_digits(token).map(excel_year),
        _ => None,
    };
    let (year, month, day) = match (month_number(first), month_number(second)) {
        (Some(month), None) => (year(third)?, month, day(second)?),
        (None, Some(month)) if first.len() == 4 => (year(first)?, month, day(third)?),
        (None, Some(month)) => (year(third)?, month, day(first)?),
        _ => return None,
    };
    Some(DateParts::YearFirst(year, month, day))
}

/// Whether `token` is an English weekday, whole or shortened to three letters or more (`Tue`,
/// `Tues`, `Tuesday`), in any case.
fn is_weekday(token: &str) -> bool {
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    token.len() >= 3
        && NAMES.iter().any(|name| {
            name.get(..token.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(token))
        })
}

/// The month (1–12) an English month name or its three-letter abbreviation (or `Sept`) names,
/// in any case.
fn month_number(token: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let abbreviated = token.len() == 3 || token.eq_ignore_ascii_case("sept");
    let index = NAMES.iter().position(|name| {
        let starts = name.get(..token.len());
        name.eq_ignore_ascii_case(token)
            || abbreviated && starts.is_some_and(|start| start.eq_ignore_ascii_case(token))
    })?;
    Some(index as u32 + 1)
}

/// `YYYYMMDD`, alone or with the time run on (`YYYYMMDDHHMM`, `YYYYMMDDHHMMSS`), as databases
/// and Chinese ERP systems write them; `digits` is 8, 12 or 14 ASCII digits.
fn compact_date(digits: &str) -> Option<DateParts> {
    let (date, time) = digits.split_at(8);
    let time_ok = time
        .as_bytes()
        .chunks(2)
        .zip([24, 60, 60])
        .all(|(pair, limit)| u32::from(pair[0] - b'0') * 10 + u32::from(pair[1] - b'0') < limit);
    let (year, month_day) = date.split_at(4);
    let (month, day) = month_day.split_at(2);
    time_ok.then_some(DateParts::YearFirst(
        parse_digits(year)? as i32,
        parse_digits(month)?,
        parse_digits(day)?,
    ))
}

/// Unix times, as databases store them: the seconds (10 digits) or milliseconds (13 digits)
/// since 1970-01-01 UTC, read as the UTC day.
const UNIX_SECONDS_RANGE: std::ops::RangeInclusive<u64> = 1_000_000_000..=1_999_999_999;

/// The day of a Unix time in [`UNIX_SECONDS_RANGE`] (2001-09-09 to 2033-05-18); `digits` is 10
/// or 13 ASCII digits. Ten digits from 2 000 000 000 up are not read: they are more likely a
/// `YYYYMMDDHH` stamp than a date after 2033.
fn unix_time(digits: &str) -> Option<DateParts> {
    let value: u64 = digits.parse().ok()?;
    let seconds = if digits.len() == 13 {
        value / 1000
    } else {
        value
    };
    UNIX_SECONDS_RANGE
        .contains(&seconds)
        .then_some(DateParts::DayNumber((seconds / 86_400) as i32))
}

/// The common case first, without searching: `YYYY-MM-DD`, alone or followed by a time.
fn iso_date(bytes: &[u8]) -> Option<DateParts> {
    let head = bytes.get(..10)?;
    let separated = head[4] == b'-' && head[7] == b'-' && ends_iso_day(bytes);
    let digit = |i: usize| head[i].is_ascii_digit().then(|| u32::from(head[i] - b'0'));
    if !separated {
        return None;
    }
    let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
    let month = digit(5)? * 10 + digit(6)?;
    let day = digit(8)? * 10 + digit(9)?;
    Some(DateParts::YearFirst(year as i32, month, day))
}

/// Whether the text, at least ten bytes long, ends after the ten of `YYYY-MM-DD` or goes on
/// with a time.
fn ends_iso_day(bytes: &[u8]) -> bool {
    matches!(bytes.get(10), None | Some(b'T' | b' '))
}

/// `2024年3月5日`, with or without the final 日. The year may be shortened to two digits
/// (`24年3月5日`), which 年 marks as the year, read as Excel reads one, or be a Japanese era's
/// (`令和6年3月5日`, `平成元年`), as Japanese Excel writes dates.
fn chinese_date(text: &str) -> Option<DateParts> {
    let (year, rest) = text.split_once('年')?;
    let (month, day) = rest.split_once('月')?;
    let day = day.strip_suffix('日').unwrap_or(day);
    let year = match year.trim() {
        year if year.len() == 4 => parse_digits(year)? as i32,
        year if year.len() == 2 => excel_year(parse_digits(year)?),
        year => era_year(year)?,
    };
    Some(DateParts::YearFirst(
        year,
        parse_digits(month.trim())?,
        parse_digits(day.trim())?,
    ))
}

/// The year of a Japanese era's year, `令和6` (2024) or `平成元` (its first, 1989).
fn era_year(year: &str) -> Option<i32> {
    // Each era's year 0, from the latest.
    const ERAS: [(&str, i32); 4] = [
        ("令和", 2018),
        ("平成", 1988),
        ("昭和", 1925),
        ("大正", 1911),
    ];
    ERAS.iter().find_map(|&(era, year_zero)| {
        let number = year.strip_prefix(era)?.trim();
        let number = match number {
            "元" => 1,
            digits => parse_digits(digits)? as i32,
        };
        (number >= 1).then_some(year_zero + number)
    })
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses exactly `YYYY-MM-DD`, the form used for options such as `asOf`.
    fn from_str(text: &str) -> Result<Date, DateError> {
        let error = || DateError {
            text: text.to_string(),
        };
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(error());
        }
        let year = parse_digits(&text[0..4]).ok_or_else(error)?;
        let month = parse_digits(&text[5..7]).ok_or_else(error)?;
        let day = parse_digits(&text[8..10]).ok_or_else(error)?;
        Date::from_ymd(year as i32, month, day).ok_or_else(error)
    }
}

impl Date {
    /// `YYYY-MM-DD`, written digit by digit: reports hold hundreds of thousands of dates, and
    /// the formatting machinery costs more than the digits.
    fn iso(self) -> [u8; 10] {
        let (year, month, day) = self.ymd();
        // Years are 1..=9999 by construction; the modulo only keeps the digits in range.
        let year = year.rem_euclid(10_000) as u32;
        let digit = |value: u32| b'0' + (value % 10) as u8;
        [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ]
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let iso = self.iso();
        // Only ASCII digits and dashes: always UTF-8.
        f.write_str(std::str::from_utf8(&iso).unwrap_or_default())
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let iso = self.iso();
        serializer.serialize_str(std::str::from_utf8(&iso).unwrap_or_default())
    }
}

/// Parses one to four ASCII digits (no sign, no spaces).
fn parse_digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's `days_from_civil`: counts in 400-year eras whose years start in March,
// so the leap day falls at the end of each year and needs no special case.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400) as u32;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era as i32 - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097) as u32;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era as i32 + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_the_formatter_would() {
        let first = Date::from_ymd(1, 1, 1).unwrap();
        let last = Date::from_ymd(9999, 12, 31).unwrap();
        for day in (first.0..=last.0).step_by(97).chain([last.0]) {
            let (year, month, day_of_month) = Date(day).ymd();
            let expected = format!("{year:04}-{month:02}-{day_of_month:02}");
            assert_eq!(Date(day).to_string(), expected);
            assert_eq!(
                serde_json::to_string(&Date(day)).unwrap(),
                format!("\"{expected}\"")
            );
        }
    }

    #[test]
    fn the_iso_fast_path_agrees_with_the_general_rules() {
        let texts = [
            "2024-03-05",
            "2024-03-05 10:30:00",
            "2024-03-05T10:30:00Z",
            "0000-00-00",
            "2024-13-45",
            "2024-03-05x",
            "2024-3-05",
            "20a4-03-05",
            "2024/03/05",
        ];
        for text in texts {
            if let Some(parts) = iso_date(text.as_bytes()) {
                assert_eq!(Some(parts), split_date_by_search(text), "{text}");
            }
        }
        assert!(iso_date(b"2024-03-05 10:30").is_some() && iso_date(b"2024-03-05x").is_none());
    }

    #[test]
    fn a_date_reader_reads_as_its_format_whatever_came_before() {
        // Each text after one that starts with the same ten bytes: a time, a different tail,
        // a day that does not exist, texts too short for the remembered day.
        let texts = [
            "2023-01-01 08:01",
            "2023-01-01 09:15",
            "2023-01-01",
            "2023-01-01T23:59:59Z",
            "2023-01-01x",
            "2023-01-01/2",
            "2023-01-01\u{3000}",
            "2023-02-30 10:00",
            "2023-02-30",
            "2023-02-28",
            "05/03/2024",
            "05/03/2024 10:00",
            "05/03/24",
            "45356",
            "",
            "2023-01-0",
            "5-Mar-2024",
            "2023-01-01 08:01",
        ];
        let formats = [
            DateFormat::YearMonthDay,
            DateFormat::DayMonthYear,
            DateFormat::MonthDayYear,
            DateFormat::DayMonthShortYear,
            DateFormat::MonthDayShortYear,
        ];
        for format in formats {
            let mut reader = DateReader::new(format);
            for first in texts {
                for second in texts {
                    reader.parse(first);
                    let expected = format.parse(second);
                    assert_eq!(reader.parse(second), expected, "{first:?} then {second:?}");
                }
            }
        }
    }

    #[test]
    fn known_day_numbers() {
        // Unix epoch, a leap day, and the day counts Python's datetime gives for them.
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::from_ymd(2000, 2, 29), Some(Date(11_016)));
        assert_eq!(Date::from_ymd(1997, 1, 1), Some(Date(9_862)));
        assert_eq!(Date::from_ymd(1969, 12, 31), Some(Date(-1)));
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = Date::from_ymd(1900, 1, 1).unwrap();
        for offset in 0..146_097 {
            let date = start.add_days(offset);
            let (y, m, d) = date.ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(date));
        }
    }

    macro_rules! lenient_cases {
        ($($name:ident: $text:expr => $expected:expr,)*) => {$(
            #[test]
            fn $name() {
                let expected: Option<(i32, u32, u32)> = $expected;
                assert_eq!(Date::parse_lenient($text).map(Date::ymd), expected);
            }
        )*};
    }

    lenient_cases! {
        iso: "2024-03-05" => Some((2024, 3, 5)),
        iso_datetime: "2024-03-05T10:11:12Z" => Some((2024, 3, 5)),
        iso_space_time: "2024-03-05 10:11" => Some((2024, 3, 5)),
        slashes_unpadded: "2024/3/5" => Some((2024, 3, 5)),
        dots: "2024.03.05" => Some((2024, 3, 5)),
        compact: "19970101" => Some((1997, 1, 1)),
        surrounding_spaces: "  2024-03-05 " => Some((2024, 3, 5)),
        leap_day: "2024-02-29" => Some((2024, 2, 29)),
        not_leap_day: "2023-02-29" => None,
        century_not_leap: "1900-02-29" => None,
        month_13: "2024-13-01" => None,
        day_zero: "2024-01-00" => None,
        day_first: "05/03/2024" => None,
        two_digit_year: "24-03-05" => None,
        month_abbreviation: "5-Mar-2024" => Some((2024, 3, 5)),
        month_abbreviation_two_digit_year: "05-Mar-24" => Some((2024, 3, 5)),
        month_abbreviation_last_century: "05-mar-95" => Some((1995, 3, 5)),
        month_name_first: "Mar 5, 2024" => Some((2024, 3, 5)),
        month_full_name_first_with_time: "March 5, 2024 2:30:00 PM" => Some((2024, 3, 5)),
        month_full_name_between: "05 March 2024 14:30" => Some((2024, 3, 5)),
        month_sept: "30 Sept 2024" => Some((2024, 9, 30)),
        month_name_year_first: "2024-Mar-05" => Some((2024, 3, 5)),
        month_name_invalid_day: "31-Feb-2024" => None,
        month_name_three_digit_year: "5-Mar-202" => None,
        month_name_day_too_long: "005-Mar-2024" => None,
        month_name_alone: "March 2024" => None,
        not_a_month: "5-Mai-2024" => None,
        month_prefix_too_short: "5-Ma-2024" => None,
        extra_part: "2024-03-05-01" => None,
        signed: "2024-+3-05" => None,
        empty: "" => None,
        words: "yesterday" => None,
        compact_invalid: "20240231" => None,
        compact_with_time: "20240305103000" => Some((2024, 3, 5)),
        compact_with_minutes: "202403052359" => Some((2024, 3, 5)),
        compact_hour_24: "20240305240000" => None,
        compact_minute_60: "202403051060" => None,
        compact_invalid_day_with_time: "20240231103000" => None,
        // 2024-03-05 10:00:00 UTC and the last second of 2024-03-04 UTC (Python's
        // datetime.fromtimestamp(…, timezone.utc)).
        unix_seconds: "1709632800" => Some((2024, 3, 5)),
        unix_seconds_day_before: "1709596799" => Some((2024, 3, 4)),
        unix_milliseconds: "1709632800123" => Some((2024, 3, 5)),
        unix_first: "1000000000" => Some((2001, 9, 9)),
        unix_last: "1999999999" => Some((2033, 5, 18)),
        ten_digit_stamp_is_not_unix: "2024030510" => None,
        nine_digits: "999999999" => None,
        weekday_first: "Tue, 05 Mar 2024 10:00:00 GMT" => Some((2024, 3, 5)),
        weekday_and_month_name: "Tuesday, March 5, 2024" => Some((2024, 3, 5)),
        javascript_date_string: "Tue Mar 05 2024 10:00:00 GMT+0800 (China Standard Time)" => Some((2024, 3, 5)),
        weekday_alone_is_no_date: "Tuesday" => None,
        weekday_too_short: "Tu, 05 Mar 2024" => None,
        full_width_digits: "２０２４年３月５日" => Some((2024, 3, 5)),
        full_width_slashes_and_time: "２０２４／０３／０５　１０：００" => Some((2024, 3, 5)),
    }

    macro_rules! format_cases {
        ($($name:ident: $format:ident $text:expr => $expected:expr,)*) => {$(
            #[test]
            fn $name() {
                let expected: Option<(i32, u32, u32)> = $expected;
                assert_eq!(DateFormat::$format.parse($text).map(Date::ymd), expected);
            }
        )*};
    }

    format_cases! {
        day_month_year: DayMonthYear "05/03/2024" => Some((2024, 3, 5)),
        day_first_dots: DayMonthYear "5.3.2024" => Some((2024, 3, 5)),
        day_first_dashes_time: DayMonthYear "05-03-2024 23:59:59" => Some((2024, 3, 5)),
        month_first: MonthDayYear "03/05/2024" => Some((2024, 3, 5)),
        full_width_day_first: DayMonthYear "０５／０３／２０２４" => Some((2024, 3, 5)),
        short_year_day_first: DayMonthShortYear "05/03/24" => Some((2024, 3, 5)),
        short_year_month_first_with_time: MonthDayShortYear "03/15/24 10:00" => Some((2024, 3, 15)),
        short_year_last_century: MonthDayShortYear "3-15-95" => Some((1995, 3, 15)),
        short_year_format_reads_four_digits: MonthDayShortYear "3/15/2024" => Some((2024, 3, 15)),
        short_year_invalid: DayMonthShortYear "31/02/24" => None,
        short_year_needs_its_format: DayMonthYear "05/03/24" => None,
        short_year_not_year_first: YearMonthDay "24/03/05" => None,
        month_first_rejects_day_13: MonthDayYear "13/05/2024" => None,
        day_first_rejects_month_13: DayMonthYear "05/13/2024" => None,
        year_first_under_day_first: DayMonthYear "2024-03-05" => Some((2024, 3, 5)),
        year_last_needs_a_choice: YearMonthDay "05/03/2024" => None,
        two_digit_year_rejected: DayMonthYear "05/03/24" => None,
        chinese: YearMonthDay "2024年3月5日" => Some((2024, 3, 5)),
        chinese_with_time: YearMonthDay "2024年03月05日 10:30" => Some((2024, 3, 5)),
        chinese_without_day_mark: YearMonthDay "2024年3月5" => Some((2024, 3, 5)),
        chinese_invalid: YearMonthDay "2024年2月30日" => None,
        chinese_two_digit_year: DayMonthYear "24年3月5日" => Some((2024, 3, 5)),
        chinese_two_digit_year_last_century: MonthDayYear "99年12月31日" => Some((1999, 12, 31)),
        chinese_three_digit_year: YearMonthDay "202年3月5日" => None,
        japanese_era: YearMonthDay "令和6年3月7日" => Some((2024, 3, 7)),
        japanese_era_first_year: DayMonthYear "平成元年1月8日" => Some((1989, 1, 8)),
        japanese_era_last_year_of_the_one_before: YearMonthDay "平成31年4月30日" => Some((2019, 4, 30)),
        japanese_era_of_no_year: YearMonthDay "令和0年3月7日" => None,
        excel_serial: YearMonthDay "45356" => Some((2024, 3, 5)),
        excel_serial_with_time: DayMonthYear "45356.75" => Some((2024, 3, 5)),
        short_number_is_not_a_serial: YearMonthDay "61" => None,
        excel_serial_2000: YearMonthDay "36526" => Some((2000, 1, 1)),
        small_number_is_not_a_date: YearMonthDay "1234" => None,
    }

    #[test]
    fn evidence_for_the_day_month_order() {
        let cases = [
            ("31/01/2024", DateEvidence::DayFirst),
            ("01/31/2024", DateEvidence::MonthFirst),
            ("05/03/2024", DateEvidence::Either),
            ("05/05/2024", DateEvidence::SameEitherWay),
            ("31/02/2024", DateEvidence::DayFirst),
            ("02/31/2024", DateEvidence::MonthFirst),
            ("2024-05-03", DateEvidence::Unambiguous),
            ("45356", DateEvidence::Unambiguous),
            ("31/31/2024", DateEvidence::Invalid),
            // Two-digit years, taken to stand last.
            ("03/15/24", DateEvidence::MonthFirst),
            ("15.03.24", DateEvidence::DayFirst),
            ("05/03/24", DateEvidence::Either),
            ("soon", DateEvidence::Invalid),
        ];
        for (text, expected) in cases {
            assert_eq!(DateFormat::evidence(text), expected, "{text}");
        }
    }

    #[test]
    fn format_names_round_trip() {
        for format in [
            DateFormat::YearMonthDay,
            DateFormat::DayMonthYear,
            DateFormat::MonthDayYear,
            DateFormat::DayMonthShortYear,
            DateFormat::MonthDayShortYear,
        ] {
            assert_eq!(DateFormat::from_name(format.name()), Some(format));
        }
        assert_eq!(
            DateFormat::from_name("d/m/yyyy"),
            Some(DateFormat::DayMonthYear)
        );
        assert_eq!(DateFormat::from_name("DD.MM.YY"), None);
    }

    #[test]
    fn strict_parse_accepts_only_iso() {
        assert_eq!("1998-06-30".parse::<Date>().unwrap().ymd(), (1998, 6, 30));
        for bad in ["1998-6-30", "19980630", "1998/06/30", "1998-02-30", ""] {
            let error = bad.parse::<Date>().unwrap_err();
            assert!(error.to_string().contains("YYYY-MM-DD"), "{bad}");
        }
    }
}
