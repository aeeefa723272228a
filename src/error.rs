//! Errors that stop an analysis, each with what went wrong and what to do about it.
//!
//! Problems with single rows are not errors: those rows are skipped and counted in the
//! report's data-quality section. An [`Error`] means the input as a whole cannot be analysed.

use std::fmt;

use crate::columns::{normalise, Role};
use crate::file_format::FileFormat;
use crate::setting::Setting;
use crate::survey::{Question, Scale};
use crate::text::{Language, Rendered, Texts};
use crate::Date;

/// Why a file could not be analysed.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// The kinds of [`Error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input has no bytes, or only a header row.
    EmptyInput,
    /// The input is not CSV text: a binary file (a spreadsheet, an archive, an image), or a
    /// PDF, HTML or XML file.
    NotText {
        /// The format, when the file's first bytes tell it.
        format: Option<FileFormat>,
    },
    /// No column could be recognised for a required role.
    MissingColumn {
        /// The role with no column.
        role: Role,
        /// The header row as read; `None` when the file is read without one.
        headers: Option<Vec<String>>,
    },
    /// A column named in the options is not in the file.
    UnknownColumn {
        /// The name or position asked for, as the user wrote it.
        reference: String,
        /// The header row, empty without one.
        headers: Vec<String>,
        /// Fields in the first row.
        fields: usize,
    },
    /// One column was found for two roles: chosen for both, or chosen for one and recognised
    /// for the other.
    SharedColumn {
        /// The column, as `'header'` or `column N`.
        column: String,
        /// The two roles, in the order of [`Role`].
        roles: [Role; 2],
    },
    /// Every data row was skipped, or none falls on or before the analysis date.
    NoUsableRows {
        /// Data rows read.
        rows_read: u64,
        /// The first row problem, to show the user where to look.
        first_problem: Option<Texts>,
    },
    /// An option has a value the analysis cannot use.
    InvalidOptions {
        /// The setting refused, when it is one; `message` does not name it, for each surface
        /// to name it in its own words ([`Setting::flag`], [`Setting::js_name`]).
        setting: Option<Setting>,
        /// What is wrong, in English and Chinese.
        message: Texts,
    },
    /// A survey file without a column recognised as NPS, CSAT or CES.
    MissingQuestionColumn {
        /// The header row as read.
        headers: Vec<String>,
    },
    /// A survey file whose one question column is named only `Score` (or `Rating`, 评分), with
    /// first answers that do not tell NPS (0–10) from CSAT or CES.
    UndecidedScoreColumn {
        /// Its header.
        column: String,
        /// The lowest and highest of its first answers, where any read as a number.
        answers: Option<(u8, u8)>,
        /// The header row as read.
        headers: Vec<String>,
    },
    /// A survey question whose scale was not given, with many answers that are whole numbers
    /// above its usual one: at least 3, and 1 in 20 of those given. They are likely the top of
    /// a wider scale it was asked on (1–7 for a CSAT usually 1–5), and left out, the best
    /// answers would be missing from its figures.
    AnswersAboveScale {
        /// The question.
        question: Question,
        /// Its column's header.
        column: String,
        /// The scale the answers were read on.
        scale: Scale,
        /// The answers above it.
        above: u64,
        /// The answers given: on the scale or not, but not missing.
        answered: u64,
        /// The highest answer above it.
        highest: u8,
        /// The first line with an answer above it.
        first_line: u64,
        /// The scale that holds them.
        suggested: Scale,
        /// The header row as read.
        headers: Vec<String>,
    },
    /// A column named in the options is not in the file.
    NamedColumnNotFound {
        /// The setting that named it.
        setting: Setting,
        /// The name given.
        name: String,
        /// The header row as read.
        headers: Vec<String>,
    },
    /// A problem with the survey file rather than the transactions file.
    InSurveyFile(Error),
    /// None of the first rows the header is looked for in maps as the header: it may be
    /// further down, below more lines of notes than are searched.
    HeaderNotInFirstRows {
        /// The rows searched.
        rows: usize,
        /// Why the likeliest header of them does not map.
        likeliest: Error,
    },
    /// A customer record given by a program cannot be used.
    InvalidRecord {
        /// Its 0-based position among the records.
        index: usize,
        /// What is wrong with it, in English and Chinese.
        problem: Texts,
    },
    /// A customer file gives recency in days, which count back from an analysis date that was
    /// not given.
    AsOfNeeded,
    /// The analysis date is before the first date in the data (a transaction, or a customer's
    /// first or last purchase).
    AsOfBeforeData {
        /// The analysis date asked for.
        as_of: Date,
        /// The earliest transaction date in the file.
        first_date: Date,
    },
    /// A row runs on for more than 16 MiB: a quote never closed, or no table at all.
    RowTooLong {
        /// The line the row starts on.
        line: u64,
        /// Whether the row holds a quote: without one, its line alone is that long.
        quoted: bool,
    },
    /// The WebAssembly module could not have the memory the analysis asked for: the file is too
    /// large for the browser. The JS binding reports it once the module has stopped, since the
    /// module cannot go on without the memory.
    OutOfMemory,
}

impl Error {
    /// The kind of error, for callers that react to some kinds differently.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The header row of the file whose columns the error is about (`missingColumn`,
    /// `unknownColumn`), for a page to offer its columns to choose from.
    pub fn headers(&self) -> Option<&[String]> {
        match &*self.0 {
            ErrorKind::MissingColumn { headers, .. } => headers.as_deref(),
            ErrorKind::UnknownColumn { headers, .. } => {
                Some(headers.as_slice()).filter(|h| !h.is_empty())
            }
            ErrorKind::MissingQuestionColumn { headers }
            | ErrorKind::UndecidedScoreColumn { headers, .. }
            | ErrorKind::AnswersAboveScale { headers, .. }
            | ErrorKind::NamedColumnNotFound { headers, .. } => Some(headers.as_slice()),
            ErrorKind::InSurveyFile(inner)
            | ErrorKind::HeaderNotInFirstRows {
                likeliest: inner, ..
            } => inner.headers(),
            _ => None,
        }
    }

    /// The settings, with their values as the command line and JS write them, that the error
    /// suggests analysing again with (`answersAboveScale`: the question's column and the scale
    /// its answers fit), for a page to set its controls to; empty for other errors.
    ///
    /// ```
    /// use custval::{analyze_with_surveys, Options, Question, Setting};
    ///
    /// let survey = b"customer,csat\na,7\nb,6\nc,7\nd,5\n";
    /// let error = analyze_with_surveys(None, survey, &Options::default()).unwrap_err();
    /// assert_eq!(
    ///     error.suggested_settings(),
    ///     [
    ///         (Setting::Column(Question::Csat), "csat".to_string()),
    ///         (Setting::Scale(Some(Question::Csat)), "1-7".to_string()),
    ///     ]
    /// );
    /// ```
    pub fn suggested_settings(&self) -> Vec<(Setting, String)> {
        match &*self.0 {
            ErrorKind::AnswersAboveScale {
                question,
                column,
                suggested,
                ..
            } => vec![
                (Setting::Column(*question), column.clone()),
                (Setting::Scale(Some(*question)), scale_value(*suggested)),
            ],
            ErrorKind::InSurveyFile(inner) => inner.suggested_settings(),
            _ => Vec::new(),
        }
    }

    /// The setting an `invalidOptions` error refuses, when it is one.
    pub fn setting(&self) -> Option<Setting> {
        match &*self.0 {
            ErrorKind::InvalidOptions { setting, .. } => *setting,
            _ => None,
        }
    }

    /// The message in both languages, naming the setting refused, if any, by `name`: the
    /// command line's [`Setting::flag`] or JS's [`Setting::js_name`].
    ///
    /// ```
    /// use custval::{analyze, Options, Setting};
    ///
    /// let mut options = Options::default();
    /// options.clv.horizon_months = 0;
    /// let error = analyze(b"customer,date,amount\na,2024-01-05,10\n", &options).unwrap_err();
    /// assert_eq!(
    ///     error.texts_naming(Setting::flag).en,
    ///     "invalid options: --horizon-months: the CLV horizon must be 1 to 1200 months, not 0"
    /// );
    /// ```
    pub fn texts_naming(&self, name: fn(Setting) -> String) -> Texts {
        match &*self.0 {
            ErrorKind::InvalidOptions {
                setting: Some(setting),
                message,
            } => {
                let name = name(*setting);
                // Written as an error naming it in its words, for one wording of the rest.
                let named = Texts::new(
                    format!("{name}: {}", message.en),
                    format!("{name}：{}", message.zh_cn),
                );
                Error::from(ErrorKind::InvalidOptions {
                    setting: None,
                    message: named,
                })
                .texts()
            }
            _ => self.texts(),
        }
    }

    /// For an error that names options to set, as the command line and JS spell them (about the
    /// survey file: no question column recognised, a column an option named not found, or
    /// answers above a question's usual scale; or the analysis date that a customer file's
    /// recency in days needs): those settings, and the message around the words that name them.
    ///
    /// ```
    /// use custval::{analyze_with_surveys, Options, Setting};
    ///
    /// let error = analyze_with_surveys(None, b"customer,q1\na,9\n", &Options::default()).unwrap_err();
    /// let named = error.settings_named().unwrap();
    /// assert_eq!(named.settings.len(), 3);
    /// assert_eq!(named.settings[0], Setting::Column(custval::Question::Nps));
    /// assert!(named.before.en.starts_with("survey file: no NPS, CSAT or CES column found"));
    /// assert!(named.before.en.ends_with("give its header with "));
    /// ```
    pub fn settings_named(&self) -> Option<SettingsNamed> {
        match &*self.0 {
            ErrorKind::InSurveyFile(inner) => inner.settings_named().map(|named| {
                let prefix = survey_file();
                SettingsNamed {
                    before: Texts::new(
                        prefix.en + &named.before.en,
                        prefix.zh_cn + &named.before.zh_cn,
                    ),
                    ..named
                }
            }),
            ErrorKind::HeaderNotInFirstRows { rows, likeliest } => {
                likeliest.settings_named().map(|named| {
                    let note = header_search_note(*rows);
                    SettingsNamed {
                        after: Texts::new(
                            named.after.en + &note.en,
                            named.after.zh_cn + &note.zh_cn,
                        ),
                        ..named
                    }
                })
            }
            _ => {
                let (before, settings, after) = self.settings_words(Language::En)?;
                let (before_zh, _, after_zh) = self.settings_words(Language::ZhCn)?;
                Some(SettingsNamed {
                    settings,
                    before: Texts::new(before, before_zh),
                    after: Texts::new(after, after_zh),
                })
            }
        }
    }

    /// The message of an error that names options to set, in `language`: its words before
    /// theirs, the settings, its words after; `None` for another kind.
    fn settings_words(&self, language: Language) -> Option<(String, Vec<Setting>, String)> {
        let zh = language == Language::ZhCn;
        let all = || Question::ALL.map(Setting::Column).to_vec();
        let words = match &*self.0 {
            ErrorKind::MissingQuestionColumn { headers } => {
                let headers = headers.join(", ");
                match zh {
                    true => (format!("在标题 [{headers}] 中找不到 NPS、CSAT 或 CES 列；请将某一列命名为推荐意愿（或 nps）、满意度（或 csat）或费力度（或 ces），或者用"), all(), "给出它的标题".to_string()),
                    false => (format!("no NPS, CSAT or CES column found among the headers [{headers}]; name a column nps (or 推荐意愿), csat (or 满意度) or ces (or 费力度), or give its header with "), all(), String::new()),
                }
            }
            ErrorKind::UndecidedScoreColumn {
                column, answers, ..
            } => {
                let answered = match (answers, zh) {
                    (Some((low, high)), true) => {
                        format!("“{column}”列前几行的回答在 {low} 到 {high} 之间，")
                    }
                    (None, true) => format!("“{column}”列前几行没有可读作数字的回答，"),
                    (Some((low, high)), false) => format!(
                        "the first answers in the column '{column}' run from {low} to {high}, "
                    ),
                    (None, false) => {
                        format!("the first answers in the column '{column}' are not numbers, ")
                    }
                };
                match zh {
                    true => (format!("{answered}无法判断它是 NPS（0–10）、CSAT 还是 CES；请用"), all(), "指明".to_string()),
                    false => (format!("{answered}which does not tell whether it is NPS (0–10), CSAT or CES; give it with "), all(), String::new()),
                }
            }
            ErrorKind::AnswersAboveScale {
                question: asked,
                column,
                scale,
                above,
                answered,
                highest,
                first_line,
                suggested,
                ..
            } => {
                let share = (100.0 * *above as f64 / *answered as f64).round();
                let question = asked.label();
                let setting = vec![Setting::Scale(Some(*asked))];
                let (to, given) = (scale_value(*suggested), scale_value(*scale));
                match zh {
                    true => (format!("“{column}”列（{question}）的 {answered} 个回答中有 {above} 个（{share}%）是高于量表 {scale} 的整数（最高为 {highest}，第一个在第 {first_line} 行）：这个问题很可能用的是 {suggested} 量表，排除这些回答会使最好的回答不计入它的指标。请将"), setting, format!("设为 {to}；如要排除这些回答，则设为 {given}")),
                    false => (format!("{above} of the {answered} answers in the {question} column '{column}' ({share}%) are whole numbers above its scale, {scale} (up to {highest}, the first on line {first_line}): the question was probably asked on a {suggested} scale, and left out, the best answers would be missing from its figures. Set "), setting, format!(" to {to}, or to {given} to leave them out")),
                }
            }
            ErrorKind::AsOfNeeded => match zh {
                true => ("客户的最近购买以天数而非日期给出：请用".to_string(), vec![Setting::AsOf], "给出计算这些天数时的分析日期".to_string()),
                false => ("the customers' recency is given in days, not as a date: give the analysis date the days were counted to with ".to_string(), vec![Setting::AsOf], String::new()),
            },
            ErrorKind::NamedColumnNotFound {
                setting,
                name,
                headers,
            } => {
                let headers = headers.join(", ");
                match zh {
                    true => (
                        String::new(),
                        vec![*setting],
                        format!("列“{name}”不在标题 [{headers}] 中"),
                    ),
                    false => (
                        format!("the column '{name}' "),
                        vec![*setting],
                        format!(" is not among the headers [{headers}]"),
                    ),
                }
            }
            _ => return None,
        };
        Some(words)
    }

    /// Whether the error is about the survey file rather than the transactions.
    pub fn in_survey_file(&self) -> bool {
        matches!(*self.0, ErrorKind::InSurveyFile(_))
    }

    /// A short stable code for the kind, such as `missingColumn`, for programs to match on.
    pub fn code(&self) -> &'static str {
        match &*self.0 {
            ErrorKind::EmptyInput => "emptyInput",
            ErrorKind::NotText { .. } => "notText",
            ErrorKind::MissingColumn { .. } => "missingColumn",
            ErrorKind::UnknownColumn { .. } | ErrorKind::NamedColumnNotFound { .. } => {
                "unknownColumn"
            }
            ErrorKind::SharedColumn { .. } => "sharedColumn",
            ErrorKind::NoUsableRows { .. } => "noUsableRows",
            ErrorKind::InvalidOptions { .. } => "invalidOptions",
            ErrorKind::AsOfNeeded => "asOfNeeded",
            ErrorKind::AsOfBeforeData { .. } => "asOfBeforeData",
            ErrorKind::InvalidRecord { .. } => "invalidRecord",
            ErrorKind::RowTooLong { .. } => "rowTooLong",
            ErrorKind::OutOfMemory => "outOfMemory",
            ErrorKind::MissingQuestionColumn { .. } | ErrorKind::UndecidedScoreColumn { .. } => {
                "missingColumn"
            }
            ErrorKind::AnswersAboveScale { .. } => "answersAboveScale",
            ErrorKind::InSurveyFile(inner)
            | ErrorKind::HeaderNotInFirstRows {
                likeliest: inner, ..
            } => inner.code(),
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

/// The options that name a survey's question columns, as the command line and JS spell them.
const QUESTION_COLUMN_OPTIONS: (&str, &str) = (
    "the option --nps-column, --csat-column or --ces-column (npsColumn, csatColumn or cesColumn in JS)",
    "命令行选项 --nps-column、--csat-column 或 --ces-column（JS 中为 npsColumn、csatColumn 或 cesColumn）",
);

/// What an error about the survey file starts with.
fn survey_file() -> Texts {
    Texts::new("survey file: ", "问卷文件：")
}

/// The words that name `settings` as the command line and JS spell them: one that names a
/// column, saying that it gave the column; any other one (a question's scale) as it is; or else
/// the options choosing a survey's question columns, all three.
fn option_words(settings: &[Setting], language: Language) -> String {
    let gave_column = |one: &Setting| matches!(one, Setting::Column(_) | Setting::GroupColumns);
    match (settings, language) {
        ([one], Language::En) if gave_column(one) => {
            format!("given by {} ({} in JS)", one.flag(), one.js_name())
        }
        ([one], Language::ZhCn) if gave_column(one) => {
            format!("{}（JS 中为 {}）指定的", one.flag(), one.js_name())
        }
        ([one], Language::En) => format!("{} ({} in JS)", one.flag(), one.js_name()),
        ([one], Language::ZhCn) => format!("{}（JS 中为 {}）", one.flag(), one.js_name()),
        (_, Language::En) => QUESTION_COLUMN_OPTIONS.0.to_string(),
        (_, Language::ZhCn) => QUESTION_COLUMN_OPTIONS.1.to_string(),
    }
}

/// A scale as its setting is written: `1-7`.
fn scale_value(scale: Scale) -> String {
    format!("{}-{}", scale.min, scale.max)
}

/// What follows the error of the likeliest header when none of the first `rows` maps.
fn header_search_note(rows: usize) -> Texts {
    Texts::new(
        format!(". The header row is looked for in the first {rows} rows only: if it is further down, delete the lines above it"),
        format!("。只在前 {rows} 行中查找标题行：如果标题行在更下方，请删除其上方的行"),
    )
}

/// Where an error names the options to set, as the command line and JS spell them: the
/// settings, and its words before and after theirs, for a surface with controls of its own for
/// them (the web page) to name those instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsNamed {
    /// The settings: a question's scale to set (`--csat-scale`), the one that named a column
    /// not found (`--nps-column`, `--group-column`), the analysis date to give (`--as-of`),
    /// else the options choosing a survey's question columns, all three.
    pub settings: Vec<Setting>,
    /// The message before the words that name them; for one that named a column, the words say
    /// that it gave the column ("given by --nps-column (npsColumn in JS)").
    pub before: Texts,
    /// The message after them.
    pub after: Texts,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(Language::En, f)
    }
}

/// The message in each language, for the page to show in the reader's.
impl Rendered for Error {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((before, settings, after)) = self.settings_words(language) {
            return write!(f, "{before}{}{after}", option_words(&settings, language));
        }
        let zh = language == Language::ZhCn;
        match &*self.0 {
            ErrorKind::EmptyInput if zh => write!(
                f,
                "文件中没有数据行；请选择一个有标题行、每行一笔交易的 CSV 文件"
            ),
            ErrorKind::EmptyInput => write!(
                f,
                "the file has no data rows; choose a CSV file with a header row and one row per transaction"
            ),
            ErrorKind::NotText { format } => write_not_text(*format, language, f),
            ErrorKind::MissingColumn {
                role,
                headers: Some(headers),
            } => {
                let (description, suggested) =
                    (role.description(language), role.suggested_headers(language));
                let hint = HeaderHint::of(headers);
                let headers = headers.join(", ");
                if zh {
                    write!(f, "在标题 [{headers}] 中找不到{description}列；请将该列命名为{suggested}")?;
                } else {
                    write!(f, "no {description} column found among the headers [{headers}]; name that column {suggested}")?;
                }
                hint.map_or(Ok(()), |hint| hint.write(language, f))
            }
            ErrorKind::MissingColumn {
                role,
                headers: None,
            } => {
                let description = role.description(language);
                if zh {
                    write!(f, "文件按无标题行读取，请给出{description}列的位置（例如 customer=1）")
                } else {
                    write!(f, "the file is read without a header row, so give the position of the {description} column (e.g. customer=1)")
                }
            }
            ErrorKind::UnknownColumn {
                reference,
                headers,
                fields,
            } => match (headers.is_empty(), zh) {
                (true, true) => write!(f, "文件中没有 {reference}：文件的每行只有 {fields} 个字段"),
                (true, false) => write!(f, "{reference} is not in the file, whose rows have {fields} fields"),
                (false, true) => write!(f, "文件中没有 {reference}；文件的标题为 [{}]", headers.join(", ")),
                (false, false) => write!(f, "{reference} is not in the file; its headers are [{}]", headers.join(", ")),
            },
            ErrorKind::SharedColumn { column, roles } => {
                let [first, second] = roles.map(|role| role.name(language));
                let [first_key, second_key] = roles.map(Role::key);
                match zh {
                    true => write!(f, "{column} 列同时被用作{first}和{second}；请为其中之一选择另一列（命令行 --column {first_key}=列名 或 --column {second_key}=列名，JS 中为 columns.{first_key} 或 columns.{second_key}）"),
                    false => write!(f, "the column {column} is taken for both the {first} and the {second}; choose another column for one of them (--column {first_key}=NAME or --column {second_key}=NAME; columns.{first_key} or columns.{second_key} in JS)"),
                }
            }
            ErrorKind::NoUsableRows {
                rows_read,
                first_problem,
            } => {
                if zh {
                    write!(f, "{rows_read} 行数据中没有一行可用")?;
                } else {
                    write!(f, "none of the {rows_read} data rows could be used")?;
                }
                write_first_problem(f, first_problem.as_ref(), language, true)
            }
            ErrorKind::InvalidOptions { message, .. } if zh => write!(f, "选项无效：{}", message.zh_cn),
            ErrorKind::InvalidOptions { message, .. } => write!(f, "invalid options: {}", message.en),
            // Written above, with the words that name their settings.
            ErrorKind::MissingQuestionColumn { .. }
            | ErrorKind::UndecidedScoreColumn { .. }
            | ErrorKind::AnswersAboveScale { .. }
            | ErrorKind::AsOfNeeded
            | ErrorKind::NamedColumnNotFound { .. } => Ok(()),
            ErrorKind::HeaderNotInFirstRows { rows, likeliest } => {
                likeliest.write(language, f)?;
                f.write_str(header_search_note(*rows).get(language))
            }
            ErrorKind::InSurveyFile(inner) => match (inner.kind(), zh) {
                (ErrorKind::EmptyInput, true) => write!(
                    f,
                    "问卷文件中没有数据行；请选择一个有标题行、每行一份问卷回答的 CSV 文件"
                ),
                (ErrorKind::EmptyInput, false) => write!(
                    f,
                    "the survey file has no data rows; choose a CSV file with a header row and one row per survey response"
                ),
                (ErrorKind::NoUsableRows { rows_read, first_problem }, _) => {
                    if zh {
                        write!(f, "{rows_read} 行问卷中没有一行有可用的回答")?;
                    } else {
                        write!(f, "none of the {rows_read} survey rows has a usable answer")?;
                    }
                    write_first_problem(f, first_problem.as_ref(), language, false)
                }
                _ => {
                    f.write_str(survey_file().get(language))?;
                    inner.write(language, f)
                }
            },
            ErrorKind::InvalidRecord { index, problem } if zh => {
                write!(f, "customers[{index}]：{}", problem.zh_cn)
            }
            ErrorKind::InvalidRecord { index, problem } => {
                write!(f, "customers[{index}]: {}", problem.en)
            }
            ErrorKind::AsOfBeforeData { as_of, first_date } if zh => write!(
                f,
                "分析日期 {as_of} 早于数据中的最早日期（{first_date}）；请选择更晚的日期"
            ),
            ErrorKind::AsOfBeforeData { as_of, first_date } => write!(
                f,
                "the analysis date {as_of} is before the data's first date ({first_date}); choose a later date"
            ),
            ErrorKind::RowTooLong { line, quoted: false } if zh => write!(
                f,
                "第 {line} 行超过 16 MiB，远超任何真实的一行：其中某个值过长（例如嵌入的文件或文档），无法分析；或者这个文件不是逐行的表格。请去掉该值或该列后再试"
            ),
            ErrorKind::RowTooLong { line, quoted: false } => write!(
                f,
                "line {line} is longer than 16 MiB, far beyond any real row: a value in it is too long to analyse (an embedded file or document, say), or the file is not a table of rows. Remove that value or its column and try again"
            ),
            ErrorKind::RowTooLong { line, .. } if zh => write!(
                f,
                "从第 {line} 行开始的一行超过 16 MiB 仍未结束：多半是某个值开头的引号（\"）没有闭合，把文件其余部分并入了一个值。请在该行查找值开头的引号（如表示英寸的 32\"），写成两个引号（\"\"）或去掉；否则这个文件不是逐行的表格"
            ),
            ErrorKind::RowTooLong { line, .. } => write!(
                f,
                "the row starting on line {line} runs on for more than 16 MiB: most likely a quote (\") opens a value and is never closed, making the rest of the file one value. Look on that line for a quote at the start of a value (an inch mark, as in 32\") and double it (\"\") or remove it; otherwise the file is not a table of rows"
            ),
            ErrorKind::OutOfMemory if zh => write!(
                f,
                "浏览器内存不足，无法分析这个文件；请用 custval 命令行工具分析它，或者先把它汇总成每个客户一行的客户文件再载入"
            ),
            ErrorKind::OutOfMemory => write!(
                f,
                "the browser ran out of memory for this file; analyse it with the custval command-line tool, or sum it up first into a customer file, one row per customer, and load that"
            ),
        }
    }
}

/// What a header row that names no column for a needed role suggests went wrong in the reading,
/// as the `missingColumn` message ends: worded to follow advice on the missing column, the
/// message's own or a caller's.
#[derive(Clone, Copy, Debug)]
pub(crate) enum HeaderHint {
    /// One field holding this delimiter: the file is split by the wrong one.
    OtherDelimiter(char),
    /// Characters not valid in the encoding read: the file is in another one.
    Undecodable,
    /// Names that are numbers or dates, at least half of them: the first row is data.
    DataRow,
    /// The columns of the lifetimes package's summary (`frequency`, `recency`, `T`,
    /// `monetary_value`), whose figures mean other things than a customer file's.
    LifetimesSummary,
}

impl HeaderHint {
    /// The hint the header row `headers` gives, if any.
    pub(crate) fn of(headers: &[String]) -> Option<HeaderHint> {
        if is_lifetimes_summary(headers) {
            return Some(HeaderHint::LifetimesSummary);
        }
        if let [only] = headers {
            let delimiter = [',', ';', '\t', '|']
                .into_iter()
                .find(|&c| only.contains(c));
            if let Some(delimiter) = delimiter {
                return Some(HeaderHint::OtherDelimiter(delimiter));
            }
        }
        if headers.iter().any(|header| header.contains('\u{FFFD}')) {
            return Some(HeaderHint::Undecodable);
        }
        let data_like = headers
            .iter()
            .filter(|header| looks_like_data(header))
            .count();
        (data_like > 0 && data_like * 2 >= headers.len()).then_some(HeaderHint::DataRow)
    }
}

impl Rendered for HeaderHint {
    fn write(&self, language: Language, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zh = language == Language::ZhCn;
        match *self {
            HeaderHint::OtherDelimiter(delimiter) => {
                let shown = if delimiter == '\t' { "tab".to_string() } else { format!("'{delimiter}'") };
                match zh {
                    true => write!(f, "。标题只有一个字段且含有 {shown}：文件的字段可能以 {shown} 分隔，请用分隔符选项选择它"),
                    false => write!(f, ". The header is one field holding {shown}: the file's fields may be separated by {shown}; choose it with the delimiter option"),
                }
            }
            HeaderHint::Undecodable if zh => write!(f, "。标题中有按所读编码无效的字符（\u{FFFD}）：文件可能使用另一种编码，请用编码选项选择它"),
            HeaderHint::Undecodable => write!(f, ". The headers have characters not valid in the encoding read (\u{FFFD}): the file may be in another encoding; choose it with the encoding option"),
            HeaderHint::DataRow if zh => write!(f, "；第一行看起来像数据，也可以按无标题行读取文件，并给出各列的位置"),
            HeaderHint::DataRow => write!(f, ", or, since the first row looks like data, read the file without a header and give the column positions"),
            HeaderHint::LifetimesSummary if zh => write!(f, "。这些是 lifetimes 包汇总表的列（frequency、recency、T、monetary_value），含义不同：其 frequency 只计复购次数，recency 是最后一次购买时的客户年龄（T − recency 才是距最后一次购买的天数），monetary_value 是复购的平均金额；本工具需要含首次购买在内的购买次数、净收入总额和最近购买日期：请用 docs/warehouse.sql 生成客户文件，或直接分析交易明细"),
            HeaderHint::LifetimesSummary => write!(f, ". These are the columns of the lifetimes package's summary (frequency, recency, T, monetary_value), which mean other things: its frequency counts repeat purchases only, its recency is the customer's age at the last purchase (T − recency is the days since it) and its monetary_value the average repeat purchase; custval needs the purchases counted from the first, the net revenue in total and the last purchase date: make the customer file with docs/warehouse.sql, or analyse the transactions"),
        }
    }
}

/// Whether `headers` are those of the lifetimes package's summary (`summary_data_from_
/// transaction_data`): a frequency, a recency and a `T` column.
pub(crate) fn is_lifetimes_summary(headers: &[String]) -> bool {
    let has = |name: &str| headers.iter().any(|header| normalise(header) == name);
    has("t") && has("recency") && has("frequency")
}

/// The first row problem, in parentheses, or without one, when `hint_as_of`, a pointer to
/// the analysis date, which then is what left no row.
fn write_first_problem(
    f: &mut fmt::Formatter<'_>,
    first_problem: Option<&Texts>,
    language: Language,
    hint_as_of: bool,
) -> fmt::Result {
    match (first_problem, language) {
        (Some(problem), Language::En) => write!(f, " (first problem: {})", problem.en),
        (Some(problem), Language::ZhCn) => write!(f, "（第一个问题：{}）", problem.zh_cn),
        (None, Language::En) if hint_as_of => write!(f, "; check the analysis date"),
        (None, Language::ZhCn) if hint_as_of => write!(f, "；请检查分析日期"),
        (None, _) => Ok(()),
    }
}

impl std::error::Error for Error {}

/// A header that is a number or a date, as in a file without a header row.
fn looks_like_data(header: &str) -> bool {
    let header = header.trim();
    // A decimal comma (1.234,56) as well as a decimal point.
    !header.is_empty()
        && header
            .chars()
            .all(|c| c.is_ascii_digit() || ".,+-/: ".contains(c))
}

/// What a file that is not CSV text is, and how to get a CSV out of it.
fn write_not_text(
    format: Option<FileFormat>,
    language: Language,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let save_as = Texts::new(
        "open it in Excel (or another spreadsheet) and save it as CSV UTF-8",
        "请在 Excel（或其他电子表格软件）中打开，另存为“CSV UTF-8”",
    );
    let (what, fix) = match format {
        None => (
            Texts::new("it looks binary", "看起来是二进制文件"),
            Texts::new(
                "if it is a spreadsheet, save it as CSV first",
                "如果是电子表格，请先另存为 CSV",
            ),
        ),
        Some(FileFormat::Pdf) => (
            Texts::new("it is a PDF document", "这是 PDF 文档"),
            Texts::new(
                "export the data as CSV from the system the PDF came from",
                "请从生成该 PDF 的系统中把数据导出为 CSV",
            ),
        ),
        Some(FileFormat::Zip) => (
            Texts::new(
                "it is an Excel workbook (.xlsx) or another zip archive",
                "这是 Excel 工作簿（.xlsx）或其他 zip 压缩文件",
            ),
            Texts::new(
                "open it in Excel (or another spreadsheet) and save it as CSV UTF-8, or unzip it if the CSV is inside",
                "请在 Excel（或其他电子表格软件）中打开，另存为“CSV UTF-8”；如果 CSV 在压缩包里，请先解压",
            ),
        ),
        Some(FileFormat::OfficeCompound) => (
            Texts::new(
                "it is an Excel 97–2003 workbook (.xls)",
                "这是 Excel 97–2003 工作簿（.xls）",
            ),
            save_as,
        ),
        Some(FileFormat::Html) => (
            Texts::new(
                "it is an HTML page, as some systems export tables under an .xls name",
                "这是 HTML 网页（有些系统把表格导出为网页，却以 .xls 命名）",
            ),
            save_as,
        ),
        Some(FileFormat::Xml) => (
            Texts::new(
                "it is an XML file, such as an Excel 2003 XML spreadsheet",
                "这是 XML 文件（例如 Excel 2003 XML 电子表格）",
            ),
            save_as,
        ),
    };
    match language {
        Language::ZhCn => write!(f, "这不是 CSV 文本文件：{}；{}", what.zh_cn, fix.zh_cn),
        Language::En => write!(f, "this is not a CSV text file: {}; {}", what.en, fix.en),
    }
}
