//! Recognising the survey file's columns from English and Chinese header names, or taking
//! them from the options.

use serde::Serialize;

use crate::columns::{normalise, Role};
use crate::error::{Error, ErrorKind};
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

const DATE_ALIASES: &[&str] = &[
    "surveydate",
    "responsedate",
    "submittedat",
    "submitdate",
    "answeredat",
    "填写时间",
    "提交时间",
    "调查日期",
    "回答时间",
    "问卷日期",
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
];

/// The columns of a survey file, as 0-based positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SurveyColumnMap {
    pub customer: Option<usize>,
    pub date: Option<usize>,
    /// NPS, CSAT, CES, indexed by [`Question`].
    pub questions: [Option<usize>; 3],
    pub comment: Option<usize>,
    pub groups: Vec<usize>,
}

impl SurveyColumnMap {
    pub fn from_headers(
        headers: &[String],
        config: &SurveyConfig,
    ) -> Result<SurveyColumnMap, Error> {
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        let find = |aliases: &[&str]| {
            aliases
                .iter()
                .find_map(|alias| normalised.iter().position(|header| header == alias))
        };
        let named = |option: &'static str, name: &str| {
            let wanted = normalise(name);
            normalised
                .iter()
                .position(|header| *header == wanted)
                .ok_or_else(|| {
                    Error::from(ErrorKind::NamedColumnNotFound {
                        option,
                        name: name.to_string(),
                        headers: headers.to_vec(),
                    })
                })
        };
        let mut questions = [None; 3];
        for question in Question::ALL {
            questions[question as usize] = match &config.columns[question as usize] {
                Some(name) => Some(named(question.column_option(), name)?),
                None => find(question_aliases(question)),
            };
        }
        if questions.iter().all(Option::is_none) {
            return Err(ErrorKind::MissingQuestionColumn {
                headers: headers.to_vec(),
            }
            .into());
        }
        let groups = match &config.group_columns {
            Some(names) => names
                .iter()
                .map(|name| named("groupColumns", name))
                .collect::<Result<_, _>>()?,
            None => (0..headers.len())
                .filter(|&i| GROUP_ALIASES.contains(&normalised[i].as_str()))
                .collect(),
        };
        Ok(SurveyColumnMap {
            customer: find(Role::Customer.aliases()),
            date: find(DATE_ALIASES).or_else(|| find(Role::Date.aliases())),
            questions,
            comment: find(COMMENT_ALIASES),
            groups,
        })
    }

    /// The number of fields a row needs so that every mapped column is present.
    pub fn min_fields(&self) -> usize {
        let singles = [self.customer, self.date, self.comment];
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
            ],
            SurveyParams::default(),
        )
        .unwrap();
        assert_eq!((found.customer, found.date), (Some(0), Some(1)));
        assert_eq!(found.questions, [Some(2), Some(3), Some(4)]);
        assert_eq!((found.comment, found.groups.clone()), (Some(5), vec![6, 7]));
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
                scale: None,
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
    fn missing_and_unknown_columns_are_errors_that_name_the_headers() {
        let none = map(&["id", "score"], SurveyParams::default()).unwrap_err();
        assert_eq!(none.code(), "missingColumn");
        assert!(none
            .to_string()
            .starts_with("no NPS, CSAT or CES column found among the headers [id, score]"));
        let params = SurveyParams {
            nps: QuestionParams {
                column: Some("q7".into()),
                scale: None,
            },
            ..SurveyParams::default()
        };
        let unknown = map(&["id", "nps"], params).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "the column 'q7' given by npsColumn is not among the headers [id, nps]"
        );
    }
}
