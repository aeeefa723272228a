//! Recognising the survey file's columns from English and Chinese header names, or taking
//! them from the options.

use serde::Serialize;

use crate::columns::{normalise, Role};
use crate::error::{Error, ErrorKind};
use crate::read::Record;
use crate::setting::Setting;
use crate::survey::params::{Question, SurveyConfig};

/// Header names of each question, normalised (lower case, letters and digits only).
fn question_aliases(question: Question) -> &'static [&'static str] {
    match question {
        Question::Nps => &[
            "nps",
            "npsscore",
            "npsrating",
            "likelihoodtorecommend",
            "wouldrecommend",
            "recommend",
            "recommendation",
            "ltr",
            "推荐意愿",
            "推荐度",
            "推荐可能性",
            "推荐指数",
            "净推荐值",
            "净推荐值nps",
            "nps得分",
        ],
        Question::Csat => &[
            "csat",
            "csatscore",
            "satisfaction",
            "overallsatisfaction",
            "satisfactionscore",
            "customersatisfaction",
            "满意度",
            "总体满意度",
            "整体满意度",
            "客户满意度",
            "满意度评分",
            "csat得分",
        ],
        Question::Ces => &[
            "ces",
            "cesscore",
            "effort",
            "effortscore",
            "customereffort",
            "customereffortscore",
            "费力度",
            "客户费力度",
            "费力程度",
            "省力度",
            "ces得分",
        ],
    }
}

/// Survey tools (Google Forms, SurveyMonkey, 问卷星, 腾讯问卷) name a column by its question
/// in full: a header, normalised, that holds every word of one of these groups asks the
/// question, e.g. "How likely are you to recommend us to a friend?".
fn question_words(question: Question) -> &'static [&'static [&'static str]] {
    match question {
        Question::Nps => &[
            &["recommend", "likely"],
            &["recommend", "likelihood"],
            &["推荐", "可能"],
            &["推荐", "意愿"],
            &["推荐", "愿意"],
        ],
        Question::Csat => &[&["satisf"], &["满意"]],
        // Asked as ease, the scale runs the way CES is read (higher is easier); "How much
        // effort did you put forth?" runs the other way, so it is left to the user to map.
        Question::Ces => &[&["easy"], &["容易"], &["轻松"]],
    }
}

/// Words of an open question ("What is the main reason for your score?"): a header with one
/// asks for a comment, never for a score.
const OPEN_QUESTION_WORDS: &[&str] = &[
    "why",
    "reason",
    "comment",
    "feedback",
    "suggest",
    "improve",
    "explain",
    "为什么",
    "原因",
    "建议",
    "意见",
    "评论",
    "说明",
];

/// Words that mark the overall question among several about one thing ("How satisfied are
/// you with delivery?", "Overall, how satisfied are you?").
const OVERALL_WORDS: &[&str] = &["overall", "总体", "整体", "总的"];

const DATE_ALIASES: &[&str] = &[
    "surveydate",
    "responsedate",
    "submittedat",
    "submitdate",
    "answeredat",
    // When the answers were sent: SurveyMonkey's End Date, Qualtrics' RecordedDate.
    "enddate",
    "recordeddate",
    "填写时间",
    "提交时间",
    // 问卷星's export.
    "提交答卷时间",
    "调查日期",
    "回答时间",
    "问卷日期",
];

/// Survey tools' columns for who answered, after the customer columns of transactions:
/// Qualtrics' `ExternalReference` (`ExternalDataReference` in older exports), an id the company
/// gave the contact, and `RecipientEmail`, the address the survey was sent to.
const RESPONDENT_ALIASES: &[&str] = &[
    "externalreference",
    "externaldatareference",
    "recipientemail",
];

const COMMENT_ALIASES: &[&str] = &[
    "comment",
    "comments",
    "feedback",
    "remarks",
    "remark",
    "verbatim",
    "opentext",
    "reason",
    "why",
    "评论",
    "意见",
    "反馈",
    "留言",
    "建议",
    "备注",
    "原因",
    "评价内容",
];

const GROUP_ALIASES: &[&str] = &[
    "channel",
    "saleschannel",
    "region",
    "area",
    "product",
    "productcategory",
    "category",
    "store",
    "shop",
    "city",
    "country",
    "customertype",
    "membershiplevel",
    "渠道",
    "销售渠道",
    "地区",
    "区域",
    "大区",
    "产品",
    "产品类别",
    "品类",
    "门店",
    "店铺",
    "城市",
    "省份",
    "客户类型",
    "会员等级",
];

/// Headers of the one question column of tools that ask one question (Delighted, Wootric,
/// Retently, SatisMeter), normalised: which question it is, its answers tell.
const SCORE_ALIASES: &[&str] = &["score", "rating", "评分", "分数", "得分", "打分"];

/// The column whose header asks `question` in full (see [`question_words`]), the overall one
/// among several, leaving out open questions and the columns `taken`.
fn asked_in_full(
    normalised: &[String],
    question: Question,
    taken: &[Option<usize>],
) -> Option<usize> {
    let asks = |header: &String| {
        question_words(question)
            .iter()
            .any(|words| words.iter().all(|word| header.contains(word)))
    };
    let candidates: Vec<usize> = (0..normalised.len())
        .filter(|&i| !taken.contains(&Some(i)))
        .filter(|&i| asks(&normalised[i]) && !is_open_question(&normalised[i]))
        .collect();
    let overall = |&&i: &&usize| {
        OVERALL_WORDS
            .iter()
            .any(|word| normalised[i].contains(word))
    };
    candidates
        .iter()
        .find(overall)
        .or(candidates.first())
        .copied()
}

fn is_open_question(normalised_header: &str) -> bool {
    OPEN_QUESTION_WORDS
        .iter()
        .any(|word| normalised_header.contains(word))
}

/// The columns of a survey file, as 0-based positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SurveyColumnMap {
    pub customer: Option<usize>,
    /// Every column that may say who answered, the likeliest first: the customer's is the
    /// first with a value in the first rows (see [`SurveyColumnMap::settle_customer`]).
    customer_candidates: Vec<usize>,
    pub date: Option<usize>,
    /// NPS, CSAT, CES, indexed by [`Question`].
    pub questions: [Option<usize>; 3],
    /// Where no column is any question's, one named only `Score` (see [`SCORE_ALIASES`]),
    /// until its first answers tell whether it is NPS.
    pub score: Option<usize>,
    pub comment: Option<usize>,
    pub groups: Vec<usize>,
}

impl SurveyColumnMap {
    pub fn from_headers(
        headers: &[String],
        config: &SurveyConfig,
    ) -> Result<SurveyColumnMap, Error> {
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        // The column of the first alias in the file, leaving out the columns `taken`.
        let find_free = |aliases: &[&str], taken: &[Option<usize>]| {
            aliases.iter().find_map(|alias| {
                (0..normalised.len())
                    .find(|&i| normalised[i] == *alias && !taken.contains(&Some(i)))
            })
        };
        let find = |aliases: &[&str]| find_free(aliases, &[]);
        let named = |setting: Setting, name: &str| {
            let wanted = normalise(name);
            normalised
                .iter()
                .position(|header| *header == wanted)
                .ok_or_else(|| {
                    Error::from(ErrorKind::NamedColumnNotFound {
                        setting,
                        name: name.to_string(),
                        headers: headers.to_vec(),
                    })
                })
        };
        let mut questions = [None; 3];
        for question in Question::ALL {
            if let Some(name) = &config.columns[question as usize] {
                questions[question as usize] = Some(named(Setting::Column(question), name)?);
            }
        }
        // A column chosen or recognised for one question holds its answers, no other's:
        // `--nps-column satisfaction` leaves CSAT to another column or none.
        for question in Question::ALL {
            if questions[question as usize].is_none() {
                let taken = questions;
                questions[question as usize] = find_free(question_aliases(question), &taken);
            }
        }
        // Questions asked in full only where no header names them, and in a row of headers:
        // a title above them ("2024年满意度调查") has one cell.
        let named_cells = normalised.iter().filter(|h| !h.is_empty()).count();
        for question in Question::ALL {
            if questions[question as usize].is_none() && named_cells > 1 {
                let taken = questions;
                questions[question as usize] = asked_in_full(&normalised, question, &taken);
            }
        }
        let none_found = questions.iter().all(Option::is_none);
        let score = if none_found {
            find(SCORE_ALIASES)
        } else {
            None
        };
        if none_found && score.is_none() {
            return Err(ErrorKind::MissingQuestionColumn {
                headers: headers.to_vec(),
            }
            .into());
        }
        let groups = match &config.group_columns {
            Some(names) => names
                .iter()
                .map(|name| named(Setting::GroupColumns, name))
                .collect::<Result<_, _>>()?,
            None => (0..headers.len())
                .filter(|&i| GROUP_ALIASES.contains(&normalised[i].as_str()))
                .collect(),
        };
        let customer_candidates: Vec<usize> = (Role::Customer.aliases().iter())
            .chain(RESPONDENT_ALIASES)
            .flat_map(|alias| (0..normalised.len()).filter(|&i| normalised[i] == *alias))
            .collect();
        Ok(SurveyColumnMap {
            customer: customer_candidates.first().copied(),
            customer_candidates,
            date: find(DATE_ALIASES).or_else(|| find(Role::Date.aliases())),
            questions,
            score,
            comment: find(COMMENT_ALIASES).or_else(|| {
                (0..normalised.len())
                    .find(|&i| is_open_question(&normalised[i]) && !questions.contains(&Some(i)))
            }),
            groups,
        })
    }

    /// Takes for the customer's the first candidate column with a value in `sample`, the first
    /// rows: a survey tool writes its columns whether or not they are filled, and Qualtrics'
    /// `ExternalReference` is blank where the survey went out by email to `RecipientEmail`.
    pub fn settle_customer(&mut self, sample: &[Record<'_>]) {
        let filled = |&&column: &&usize| {
            (sample.iter()).any(|record| !record.get(column).unwrap_or_default().trim().is_empty())
        };
        if let Some(&column) = self.customer_candidates.iter().find(filled) {
            self.customer = Some(column);
        }
    }

    /// The number of fields a row needs so that every mapped column is present.
    pub fn min_fields(&self) -> usize {
        let singles = [self.customer, self.date, self.comment, self.score];
        let all = singles
            .iter()
            .chain(&self.questions)
            .flatten()
            .chain(&self.groups);
        all.max().map_or(0, |last| last + 1)
    }

    pub fn describe(&self, headers: &[String]) -> SurveyColumnsUsed {
        let name = |index: Option<usize>| index.map(|i| headers[i].clone());
        let [nps, csat, ces] = self.questions;
        SurveyColumnsUsed {
            customer: name(self.customer),
            date: name(self.date),
            nps: name(nps),
            csat: name(csat),
            ces: name(ces),
            comment: name(self.comment),
            groups: self.groups.iter().map(|&i| headers[i].clone()).collect(),
        }
    }
}

/// The header of the column used for each role, as reported in `satisfaction.input.columns`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SurveyColumnsUsed {
    /// Customer id column, if any: answers with an id are joined to the customers.
    pub customer: Option<String>,
    /// Date column, if any: dated answers make the trend.
    pub date: Option<String>,
    /// The NPS question.
    pub nps: Option<String>,
    /// The CSAT question.
    pub csat: Option<String>,
    /// The CES question.
    pub ces: Option<String>,
    /// Free-text comments.
    pub comment: Option<String>,
    /// Columns answers are grouped by.
    pub groups: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::params::{QuestionParams, SurveyParams};

    fn map(headers: &[&str], params: SurveyParams) -> Result<SurveyColumnMap, Error> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        SurveyColumnMap::from_headers(&headers, &params.check().unwrap())
    }

    #[test]
    fn english_headers() {
        let found = map(
            &[
                "Customer ID",
                "Survey Date",
                "Likelihood to recommend",
                "CSAT",
                "Comments",
                "Channel",
            ],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!(found.customer, Some(0));
        assert_eq!(found.date, Some(1));
        assert_eq!(found.questions, [Some(2), Some(3), None]);
        assert_eq!(found.comment, Some(4));
        assert_eq!(found.groups, [5]);
        assert_eq!(found.min_fields(), 6);
    }

    #[test]
    fn chinese_headers() {
        let found = map(
            &[
                "会员号",
                "提交时间",
                "推荐意愿",
                "满意度",
                "费力度",
                "意见",
                "渠道",
                "地区",
                "会员等级",
            ],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!((found.customer, found.date), (Some(0), Some(1)));
        assert_eq!(found.questions, [Some(2), Some(3), Some(4)]);
        assert_eq!(
            (found.comment, found.groups.clone()),
            (Some(5), vec![6, 7, 8])
        );
    }

    #[test]
    fn questions_asked_in_full() {
        // Google Forms: the overall satisfaction question is the second of two.
        let found = map(
            &[
                "Timestamp",
                "Email Address",
                "How likely are you to recommend us to a friend or colleague?",
                "What is the main reason for your score?",
                "How satisfied are you with delivery?",
                "Overall, how satisfied are you with us?",
                "How easy was it to place your order?",
            ],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!((found.customer, found.date), (Some(1), Some(0)));
        assert_eq!(found.questions, [Some(2), Some(5), Some(6)]);
        assert_eq!(found.comment, Some(3));
        // SurveyMonkey: the answers were sent at the end.
        let found = map(
            &[
                "Respondent ID",
                "Start Date",
                "End Date",
                "Email Address",
                "How likely is it that you would recommend this company to a friend or colleague?",
            ],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!(
            (found.customer, found.date, found.questions),
            (Some(3), Some(2), [Some(4), None, None])
        );
        // 问卷星 numbers its questions.
        let found = map(
            &[
                "序号",
                "提交答卷时间",
                "1、您向朋友或同事推荐我们的可能性有多大？",
                "2、您对本次服务的满意程度",
                "3、您对我们有什么建议？",
            ],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!(found.date, Some(1));
        assert_eq!(found.questions, [Some(2), Some(3), None]);
        assert_eq!(found.comment, Some(4));
        // A header that names the question wins over one asking it; an open question about
        // satisfaction asks for a comment.
        let found = map(
            &[
                "id",
                "Why are you satisfied or not?",
                "How satisfied are you?",
                "CSAT",
            ],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!(
            (found.questions, found.comment),
            ([None, Some(3), None], Some(1))
        );
        // A question of effort runs against the CES scale.
        let found = map(
            &[
                "id",
                "How much effort did you put forth?",
                "How easy was it?",
            ],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!(found.questions, [None, None, Some(2)]);
        // A title in one cell is no row of headers.
        assert!(map(
            &["2024 customer satisfaction survey", ""],
            SurveyParams::default()
        )
        .is_err());
    }

    #[test]
    fn questions_with_their_scale_in_brackets() {
        let found = map(
            &["NPS (0-10)", "满意度（1-5）", "CES [1-7]"],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!(found.questions, [Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn named_columns_override_recognition() {
        let params = SurveyParams {
            csat: QuestionParams {
                column: Some("cusa".into()),
                ..QuestionParams::default()
            },
            group_columns: Some(vec!["servicetype".into()]),
            ..SurveyParams::default()
        };
        let found = map(
            &["servicetype", "serviceprovider", "cusa", "cusl_1"],
            params,
        )
        .unwrap();
        assert_eq!(found.questions, [None, Some(2), None]);
        assert_eq!(found.groups, [0]);
        assert_eq!((found.customer, found.date), (None, None));
    }

    #[test]
    fn a_column_chosen_for_one_question_is_recognised_for_no_other() {
        let nps = |column: &str| SurveyParams {
            nps: QuestionParams {
                column: Some(column.into()),
                ..QuestionParams::default()
            },
            ..SurveyParams::default()
        };
        // `satisfaction` names CSAT; chosen for NPS, it is NPS's alone.
        let found = map(&["customer_id", "satisfaction"], nps("satisfaction")).unwrap();
        assert_eq!(found.questions, [Some(1), None, None]);
        // CSAT is then recognised among the other columns, by name or asked in full.
        let headers = ["satisfaction", "csat", "How satisfied are you?"];
        let found = map(&headers, nps("satisfaction")).unwrap();
        assert_eq!(found.questions, [Some(0), Some(1), None]);
        let found = map(
            &["satisfaction", "How satisfied are you?"],
            nps("satisfaction"),
        )
        .unwrap();
        assert_eq!(found.questions, [Some(0), Some(1), None]);
    }

    #[test]
    fn missing_and_unknown_columns_are_errors_that_name_the_headers() {
        let none = map(&["id", "value"], SurveyParams::default()).unwrap_err();
        assert_eq!(none.code(), "missingColumn");
        assert!(none
            .to_string()
            .starts_with("no NPS, CSAT or CES column found among the headers [id, value]"));
        // A column named only `Score` waits for its answers (see survey::read).
        let score = map(&["id", "Score"], SurveyParams::default()).unwrap();
        assert_eq!((score.questions, score.score), ([None; 3], Some(1)));
        let params = SurveyParams {
            nps: QuestionParams {
                column: Some("q7".into()),
                ..QuestionParams::default()
            },
            ..SurveyParams::default()
        };
        let unknown = map(&["id", "nps"], params).unwrap_err();
        assert_eq!(unknown.code(), "unknownColumn");
        assert_eq!(
            unknown.to_string(),
            "the column 'q7' given by --nps-column (npsColumn in JS) is not among the headers [id, nps]"
        );
    }
}
