//! The survey settings a user can change, and their validation.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::columns::normalise;
use crate::date::DateFormat;
use crate::decode::{encoding_named, unknown_encoding};
use crate::period::Period;
use crate::read::Delimiter;
use crate::setting::{Setting, SettingError};
use crate::text::{Language, Rendered};

/// An inclusive range of answer values: a question's scale, or one box of it (such as the
/// promoters' 9–10).
///
/// ```
/// use custval::Scale;
///
/// let scale: Scale = "1-7".parse()?;
/// assert_eq!((scale.min, scale.max, scale.points()), (1, 7, 7));
/// assert_eq!("0–10".parse::<Scale>()?.to_string(), "0–10");
/// # Ok::<(), custval::SurveyParamsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Scale {
    /// Lowest value, inclusive.
    pub min: u8,
    /// Highest value, inclusive.
    pub max: u8,
}

impl Scale {
    /// A range from `min` to `max`, inclusive.
    pub const fn new(min: u8, max: u8) -> Scale {
        Scale { min, max }
    }

    /// The number of answer values on the scale.
    pub fn points(self) -> u32 {
        u32::from(self.max) + 1 - u32::from(self.min)
    }

    /// Whether `value` lies in the range.
    pub fn contains(self, value: u8) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}–{}", self.min, self.max)
        }
    }
}

impl FromStr for Scale {
    type Err = SurveyParamsError;

    /// Reads `1-7`, `0–10`, `1..5` or `1~10`.
    fn from_str(text: &str) -> Result<Scale, SurveyParamsError> {
        let bad = || SurveyParamsError::ScaleText(text.to_string());
        let (min, max) = ["..", "-", "–", "~", "～"]
            .iter()
            .find_map(|separator| text.split_once(separator))
            .ok_or_else(bad)?;
        let bound = |part: &str| part.trim().parse::<u8>().map_err(|_| bad());
        Ok(Scale::new(bound(min)?, bound(max)?))
    }
}

/// One of the three questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// Net Promoter Score: likelihood to recommend.
    Nps,
    /// Customer satisfaction.
    Csat,
    /// Customer effort: agreement that dealing with the company was easy.
    Ces,
}

impl Question {
    /// All questions, in report order.
    pub const ALL: [Question; 3] = [Question::Nps, Question::Csat, Question::Ces];

    /// The name used in messages, e.g. `NPS`.
    pub fn label(self) -> &'static str {
        match self {
            Question::Nps => "NPS",
            Question::Csat => "CSAT",
            Question::Ces => "CES",
        }
    }

    /// The scale used unless told otherwise: 0–10, 1–5 and 1–7.
    pub fn default_scale(self) -> Scale {
        match self {
            Question::Nps => Scale::new(0, 10),
            Question::Csat => Scale::new(1, 5),
            Question::Ces => Scale::new(1, 7),
        }
    }

    /// The fewest answer values a scale needs for the question's boxes to make sense.
    fn min_points(self) -> u32 {
        match self {
            // Two promoter boxes, one passive box and at least one detractor box.
            Question::Nps => 4,
            Question::Csat | Question::Ces => 3,
        }
    }
}

/// Where one question is and how it is scaled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuestionParams {
    /// The header of the question's column. Default: recognised from the header names.
    pub column: Option<String>,
    /// The answer scale. Default: 0–10 for NPS, 1–5 for CSAT, 1–7 for CES.
    pub scale: Option<Scale>,
    /// Whether the file's numbers run from best to worst, as CES asked about effort does
    /// ("How much effort …": 1 very low) or CSAT with 1 for very satisfied: each number `n` is
    /// then read as `min + max − n`, so that higher is better as for every other file. An
    /// answer written as its label alone (`Very satisfied`) means what it says either way.
    /// Default: false.
    pub reversed: bool,
}

impl FromStr for Period {
    type Err = SurveyParamsError;

    fn from_str(text: &str) -> Result<Period, SurveyParamsError> {
        match text.trim() {
            "month" => Ok(Period::Month),
            "quarter" => Ok(Period::Quarter),
            "year" => Ok(Period::Year),
            other => Err(SurveyParamsError::Period(other.to_string())),
        }
    }
}

/// Settings of the satisfaction analysis. Every field has a documented default; only checked
/// settings ([`SurveyConfig`]) reach the analysis.
///
/// ```
/// use custval::{QuestionParams, SurveyParams};
///
/// let params = SurveyParams {
///     csat: QuestionParams {
///         column: Some("cusa".into()),
///         scale: Some("1-7".parse()?),
///         reversed: false,
///     },
///     missing_codes: vec!["-99".into()],
///     ..SurveyParams::default()
/// };
/// assert!(params.check().is_ok());
/// let two_points = SurveyParams {
///     nps: QuestionParams { scale: Some("1-2".parse()?), ..QuestionParams::default() },
///     ..SurveyParams::default()
/// };
/// assert_eq!(
///     two_points.check().unwrap_err().to_string(),
///     "the NPS scale 1–2 needs at least 4 answer values"
/// );
/// # Ok::<(), custval::SurveyParamsError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyParams {
    /// The likelihood-to-recommend question.
    pub nps: QuestionParams,
    /// The satisfaction question.
    pub csat: QuestionParams,
    /// The effort question.
    pub ces: QuestionParams,
    /// Answers that mean "no answer" besides the built-in ones (empty, `NA`, `N/A`, `null`,
    /// `-`, `无`, …), such as `-99`. Numbers match by value (`-99` matches `-99.0`), other
    /// texts ignoring case. Default: none.
    pub missing_codes: Vec<String>,
    /// Headers of the columns to group answers by. Default: columns recognised by name
    /// (channel, region, product, store, city and their Chinese names).
    pub group_columns: Option<Vec<String>>,
    /// Groups with fewer answers are shown as "too few answers" rather than as a number.
    /// Default 10.
    pub min_group_answers: u64,
    /// The period of the trend. Default: month.
    pub period: Period,
    /// The survey file's text encoding, a WHATWG label. Default: detected. The transactions
    /// file's options do not apply: the two files often come from different systems.
    pub encoding: Option<String>,
    /// The survey file's field delimiter. Default: detected.
    pub delimiter: Option<Delimiter>,
    /// How to read the survey file's dates such as 05/03/2024. Default: decided from the data
    /// and reported.
    pub date_format: Option<DateFormat>,
    /// Skip responses identical to an earlier one in every field. Default: they are reported
    /// and kept, since two people may answer alike on one day. The CLI's `--drop-duplicates`
    /// and JS `dropDuplicates` set this with the transactions file's.
    pub drop_duplicates: bool,
}

impl Default for SurveyParams {
    fn default() -> SurveyParams {
        SurveyParams {
            nps: QuestionParams::default(),
            csat: QuestionParams::default(),
            ces: QuestionParams::default(),
            missing_codes: Vec::new(),
            group_columns: None,
            min_group_answers: 10,
            period: Period::Month,
            encoding: None,
            delimiter: None,
            date_format: None,
            drop_duplicates: false,
        }
    }
}

/// Checked survey settings; see [`SurveyParams`].
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyConfig {
    pub(crate) columns: [Option<String>; 3],
    pub(crate) scales: [Scale; 3],
    /// Whether each scale was given, rather than the question's usual one: answers above a
    /// given scale are the user's to leave out (see [`ErrorKind::AnswersAboveScale`]).
    ///
    /// [`ErrorKind::AnswersAboveScale`]: crate::ErrorKind::AnswersAboveScale
    pub(crate) scales_given: [bool; 3],
    pub(crate) reversed: [bool; 3],
    pub(crate) missing_codes: Vec<String>,
    pub(crate) group_columns: Option<Vec<String>>,
    pub(crate) min_group_answers: u64,
    pub(crate) period: Period,
    pub(crate) encoding: Option<String>,
    pub(crate) delimiter: Option<Delimiter>,
    pub(crate) date_format: Option<DateFormat>,
    pub(crate) drop_duplicates: bool,
}

impl SurveyConfig {
    /// The scale of a question.
    pub fn scale(&self, question: Question) -> Scale {
        self.scales[question as usize]
    }
}

/// Why survey settings were rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum SurveyParamsError {
    /// A scale text that is not `MIN-MAX` with whole numbers from 0 to 255.
    ScaleText(String),
    /// A scale that runs backwards, ends above 100, or has too few values for its question.
    Scale {
        /// The question.
        question: Question,
        /// The scale given.
        scale: Scale,
    },
    /// An empty missing-value code.
    EmptyMissingCode,
    /// An empty column name: for a question's column, or (`None`) among the grouping columns.
    EmptyColumn(Option<Question>),
    /// One column named for two questions: a column holds the answers to one.
    SharedColumn {
        /// The column, as given for the first question.
        column: String,
        /// The two questions, in report order.
        questions: [Question; 2],
    },
    /// A grouping column named twice, in the same spelling or another: its table would be
    /// made twice.
    RepeatedGroupColumn(String),
    /// A minimum group size of 0.
    MinGroupAnswers,
    /// A period other than month or quarter.
    Period(String),
    /// An encoding label that names no encoding.
    UnknownEncoding(String),
}

impl Rendered for SurveyParamsError {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zh = language == Language::ZhCn;
        match self {
            SurveyParamsError::ScaleText(text) if zh => {
                write!(f, "“{text}”不是量表；请写出最低和最高答案，例如 1-7")
            }
            SurveyParamsError::ScaleText(text) => write!(
                f,
                "'{text}' is not a scale; write the lowest and highest answer, e.g. 1-7"
            ),
            SurveyParamsError::Scale { question, scale }
                if scale.min >= scale.max || scale.max > 100 =>
            {
                let (label, min, max) = (question.label(), scale.min, scale.max);
                match zh {
                    true => write!(f, "{label} 量表 {min}-{max} 必须由低到高，且最高不超过 100"),
                    false => write!(
                        f,
                        "the {label} scale {min}-{max} must run upwards and end at 100 or below"
                    ),
                }
            }
            SurveyParamsError::Scale { question, scale } => {
                let (label, points) = (question.label(), question.min_points());
                match zh {
                    true => write!(f, "{label} 量表 {scale} 至少需要 {points} 个答案值"),
                    false => write!(
                        f,
                        "the {label} scale {scale} needs at least {points} answer values"
                    ),
                }
            }
            SurveyParamsError::EmptyMissingCode if zh => write!(f, "某个缺失值代码为空"),
            SurveyParamsError::EmptyMissingCode => write!(f, "a missing-value code is empty"),
            SurveyParamsError::EmptyColumn(Some(question)) if zh => {
                write!(f, "{} 列名为空", question.label())
            }
            SurveyParamsError::EmptyColumn(Some(question)) => {
                write!(f, "the {} column name is empty", question.label())
            }
            SurveyParamsError::EmptyColumn(None) if zh => write!(f, "某个分组列名为空"),
            SurveyParamsError::EmptyColumn(None) => write!(f, "a grouping column name is empty"),
            SurveyParamsError::SharedColumn { column, questions } => {
                let [first, second] = questions.map(Question::label);
                match zh {
                    true => write!(f, "列“{column}”同时被指定为 {first} 和 {second} 的列；一列只能是一个问题的回答，请为其中之一指定另一列"),
                    false => write!(f, "the column '{column}' is named for both {first} and {second}; a column holds the answers to one question, so name another column for one of them"),
                }
            }
            SurveyParamsError::RepeatedGroupColumn(column) if zh => {
                write!(f, "分组列“{column}”被指定了两次；每列只需指定一次")
            }
            SurveyParamsError::RepeatedGroupColumn(column) => write!(
                f,
                "the grouping column '{column}' is named twice; name each column once"
            ),
            SurveyParamsError::MinGroupAnswers if zh => {
                write!(f, "每组的最少答案数必须至少为 1")
            }
            SurveyParamsError::MinGroupAnswers => {
                write!(
                    f,
                    "the minimum number of answers per group must be at least 1"
                )
            }
            SurveyParamsError::Period(text) if zh => {
                write!(f, "周期“{text}”必须为 month、quarter 或 year")
            }
            SurveyParamsError::Period(text) => {
                write!(f, "the period '{text}' must be month, quarter or year")
            }
            SurveyParamsError::UnknownEncoding(label) => unknown_encoding(label).write(language, f),
        }
    }
}

impl fmt::Display for SurveyParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

impl std::error::Error for SurveyParamsError {}

impl SettingError for SurveyParamsError {
    fn setting(&self) -> Setting {
        match self {
            SurveyParamsError::ScaleText(_) => Setting::Scale(None),
            SurveyParamsError::Scale { question, .. } => Setting::Scale(Some(*question)),
            SurveyParamsError::EmptyColumn(Some(question)) => Setting::Column(*question),
            // The second question's column is the one to change: the first kept it first.
            SurveyParamsError::SharedColumn { questions, .. } => Setting::Column(questions[1]),
            SurveyParamsError::EmptyColumn(None) | SurveyParamsError::RepeatedGroupColumn(_) => {
                Setting::GroupColumns
            }
            SurveyParamsError::EmptyMissingCode => Setting::MissingCodes,
            SurveyParamsError::MinGroupAnswers => Setting::MinGroupAnswers,
            SurveyParamsError::Period(_) => Setting::SurveyPeriod,
            SurveyParamsError::UnknownEncoding(_) => Setting::SurveyEncoding,
        }
    }
}

impl SurveyParams {
    /// Validates the settings.
    pub fn check(self) -> Result<SurveyConfig, SurveyParamsError> {
        let params = [&self.nps, &self.csat, &self.ces];
        let scales_given = params.map(|params| params.scale.is_some());
        let mut scales = [Scale::new(0, 0); 3];
        for (question, params) in Question::ALL.into_iter().zip(params) {
            let scale = params.scale.unwrap_or(question.default_scale());
            if scale.min >= scale.max || scale.max > 100 || scale.points() < question.min_points() {
                return Err(SurveyParamsError::Scale { question, scale });
            }
            scales[question as usize] = scale;
        }
        if self.missing_codes.iter().any(|code| code.trim().is_empty()) {
            return Err(SurveyParamsError::EmptyMissingCode);
        }
        let blank = |name: &String| name.trim().is_empty();
        for (question, params) in Question::ALL.into_iter().zip(params) {
            if params.column.as_ref().is_some_and(blank) {
                return Err(SurveyParamsError::EmptyColumn(Some(question)));
            }
        }
        if self.group_columns.iter().flatten().any(blank) {
            return Err(SurveyParamsError::EmptyColumn(None));
        }
        if let Some(shared) = shared_question_column(&params) {
            return Err(shared);
        }
        if let Some(repeated) = repeated_group_column(self.group_columns.as_deref()) {
            return Err(SurveyParamsError::RepeatedGroupColumn(repeated.clone()));
        }
        if self.min_group_answers == 0 {
            return Err(SurveyParamsError::MinGroupAnswers);
        }
        // Checked here, before any file is read, so that it is refused as this setting.
        if let Some(label) = self
            .encoding
            .as_ref()
            .filter(|label| encoding_named(label).is_none())
        {
            return Err(SurveyParamsError::UnknownEncoding(label.clone()));
        }
        Ok(SurveyConfig {
            reversed: [self.nps.reversed, self.csat.reversed, self.ces.reversed],
            columns: [self.nps.column, self.csat.column, self.ces.column],
            scales,
            scales_given,
            missing_codes: self.missing_codes,
            group_columns: self.group_columns,
            min_group_answers: self.min_group_answers,
            period: self.period,
            encoding: self.encoding,
            delimiter: self.delimiter,
            date_format: self.date_format,
            drop_duplicates: self.drop_duplicates,
        })
    }
}

/// The error for the first column named for two questions, compared as headers are (ignoring
/// case, spaces and punctuation), if any.
fn shared_question_column(params: &[&QuestionParams; 3]) -> Option<SurveyParamsError> {
    let named: Vec<(Question, &String)> = Question::ALL
        .into_iter()
        .zip(params)
        .filter_map(|(question, params)| Some((question, params.column.as_ref()?)))
        .collect();
    named
        .iter()
        .enumerate()
        .find_map(|(index, &(first, column))| {
            let (second, _) = named[index + 1..]
                .iter()
                .find(|(_, other)| normalise(other) == normalise(column))?;
            Some(SurveyParamsError::SharedColumn {
                column: column.clone(),
                questions: [first, *second],
            })
        })
}

/// The first grouping column named again later, compared as headers are (ignoring case,
/// spaces and punctuation), so that `channel` and `Channel ` are one column.
fn repeated_group_column(names: Option<&[String]>) -> Option<&String> {
    let names = names?;
    let mut seen = std::collections::HashSet::new();
    names.iter().find(|name| !seen.insert(normalise(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_scale(question: Question, scale: &str) -> Result<SurveyConfig, String> {
        let scale = Some(
            scale
                .parse()
                .map_err(|e: SurveyParamsError| e.to_string())?,
        );
        let mut params = SurveyParams::default();
        let slot = match question {
            Question::Nps => &mut params.nps,
            Question::Csat => &mut params.csat,
            Question::Ces => &mut params.ces,
        };
        slot.scale = scale;
        params.check().map_err(|error| error.to_string())
    }

    #[test]
    fn defaults_are_valid_and_documented() {
        let config = SurveyParams::default().check().unwrap();
        assert_eq!(config.scale(Question::Nps), Scale::new(0, 10));
        assert_eq!(config.scale(Question::Csat), Scale::new(1, 5));
        assert_eq!(config.scale(Question::Ces), Scale::new(1, 7));
        assert_eq!(config.min_group_answers, 10);
        assert_eq!(config.period, Period::Month);
    }

    /// Before any file is read, so that it is refused as the survey's setting, not the
    /// transactions' encoding.
    #[test]
    fn an_unknown_encoding_is_refused_as_the_survey_encoding() {
        let with = |label: &str| SurveyParams {
            encoding: Some(label.to_string()),
            ..SurveyParams::default()
        };
        let refused = with("latin-9").check().unwrap_err();
        assert_eq!(refused.setting(), Setting::SurveyEncoding);
        assert_eq!(
            refused.texts().zh_cn,
            "未知编码“latin-9”；请使用 utf-8、utf-16le、utf-16be、gbk、big5、shift_jis、euc-kr、windows-1252 或其他 WHATWG 编码名"
        );
        assert!(with(" GBK ").check().is_ok());
    }

    #[test]
    fn scale_texts() {
        let cases = [
            ("1-7", Ok(Scale::new(1, 7))),
            ("0–10", Ok(Scale::new(0, 10))),
            (" 1 .. 5 ", Ok(Scale::new(1, 5))),
            ("1~10", Ok(Scale::new(1, 10))),
            ("7", Err(())),
            ("1-x", Err(())),
            ("-1-5", Err(())),
            ("1-300", Err(())),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<Scale>().map_err(|_| ()), expected, "{text}");
        }
    }

    #[test]
    fn scales_need_enough_points_for_their_question() {
        let cases = [
            (Question::Nps, "1-10", None),
            (Question::Nps, "1-7", None),
            (
                Question::Nps,
                "1-3",
                Some("the NPS scale 1–3 needs at least 4 answer values"),
            ),
            (Question::Csat, "1-3", None),
            (
                Question::Csat,
                "1-2",
                Some("the CSAT scale 1–2 needs at least 3 answer values"),
            ),
            (
                Question::Ces,
                "5-1",
                Some("the CES scale 5-1 must run upwards and end at 100 or below"),
            ),
            (
                Question::Ces,
                "0-101",
                Some("the CES scale 0-101 must run upwards and end at 100 or below"),
            ),
        ];
        for (question, scale, expected) in cases {
            let result = with_scale(question, scale);
            assert_eq!(result.err().as_deref(), expected, "{scale}");
        }
    }

    #[test]
    fn one_column_named_for_two_questions_is_rejected_refusing_the_second() {
        let named = |column: &str| QuestionParams {
            column: Some(column.into()),
            ..QuestionParams::default()
        };
        let params = SurveyParams {
            nps: named("nps"),
            csat: named("score"),
            ces: named("NPS "),
            ..SurveyParams::default()
        };
        let error = params.check().unwrap_err();
        assert_eq!(error.setting(), Setting::Column(Question::Ces));
        let texts = error.texts();
        assert_eq!(
            texts.en,
            "the column 'nps' is named for both NPS and CES; a column holds the answers to one question, so name another column for one of them"
        );
        assert_eq!(
            texts.zh_cn,
            "列“nps”同时被指定为 NPS 和 CES 的列；一列只能是一个问题的回答，请为其中之一指定另一列"
        );
        let apart = SurveyParams {
            nps: named("nps"),
            csat: named("csat"),
            ..SurveyParams::default()
        };
        assert!(apart.check().is_ok());
    }

    #[test]
    fn empty_codes_and_columns_and_zero_group_size_are_rejected() {
        let check = |params: SurveyParams| params.check().unwrap_err().to_string();
        let codes = SurveyParams {
            missing_codes: vec![" ".into()],
            ..SurveyParams::default()
        };
        assert_eq!(check(codes), "a missing-value code is empty");
        let column = SurveyParams {
            group_columns: Some(vec![String::new()]),
            ..SurveyParams::default()
        };
        assert_eq!(check(column), "a grouping column name is empty");
        let column = SurveyParams {
            csat: QuestionParams {
                column: Some(" ".into()),
                ..QuestionParams::default()
            },
            ..SurveyParams::default()
        };
        assert_eq!(check(column), "the CSAT column name is empty");
        let twice = SurveyParams {
            group_columns: Some(vec!["channel".into(), "region".into(), "Channel ".into()]),
            ..SurveyParams::default()
        };
        assert_eq!(
            check(twice),
            "the grouping column 'Channel ' is named twice; name each column once"
        );
        let groups = SurveyParams {
            min_group_answers: 0,
            ..SurveyParams::default()
        };
        assert_eq!(
            check(groups),
            "the minimum number of answers per group must be at least 1"
        );
        assert_eq!("year".parse::<Period>(), Ok(Period::Year));
        assert_eq!(
            "week".parse::<Period>().unwrap_err().to_string(),
            "the period 'week' must be month, quarter or year"
        );
    }
}
