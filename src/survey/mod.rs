//! Satisfaction and loyalty from a survey file: NPS, CSAT and CES with their margins of error,
//! by group, over time, and joined to customer value.
//!
//! Every figure comes with the scale it was read on and a `formula` text saying how it is
//! computed. Missing answers (blank, `NA`, declared codes such as −99) and answers off the
//! scale are counted and left out, never treated as zero.

mod answers;
mod columns;
mod comments;
mod groups;
mod params;
mod read;
mod stats;
mod trend;
mod value;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::report::CustomerRow;
use crate::text::Texts;

pub use columns::SurveyColumnsUsed;
pub use comments::{CommentGroup, Comments, TermCount};
pub use groups::{Dimension, GroupFigures, GroupRow, GroupStatus, GroupTable, LabelSource};
pub use params::{Question, QuestionParams, Scale, SurveyConfig, SurveyParams, SurveyParamsError};
pub use read::{Response, Responses, SurveyInput};
pub use stats::{CesFigures, Change, CsatFigures, Interval, NpsBoxes, NpsFigures};
pub use trend::{PeriodRow, Trend, WithChange};
pub use value::{CustomerSatisfaction, NpsGroup, ValueLists, ValueSatisfactionRow};

pub(crate) use read::read_responses;
pub(crate) use value::customer_satisfaction;

use read::LeftOut;
use stats::{ces_easy_box, csat_top_box, formula, Tally};

/// The report's `satisfaction` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Satisfaction {
    /// What was read from the survey file and what was left out.
    pub input: SurveyInput,
    /// Net Promoter Score; `null` when the survey has no NPS question.
    pub nps: Option<QuestionSection<NpsBoxes, NpsFigures>>,
    /// Customer satisfaction; `null` when the survey has no CSAT question.
    pub csat: Option<QuestionSection<CsatBoxes, CsatFigures>>,
    /// Customer effort; `null` when the survey has no CES question.
    pub ces: Option<QuestionSection<CesBoxes, CesFigures>>,
    /// Groups with fewer answers to a question show "too few answers" for it.
    pub min_group_answers: u64,
    /// Figures per group of each grouping column, RFM segment and value tier.
    pub groups: Vec<GroupTable>,
    /// Figures per period; `null` when no response is dated.
    pub trend: Option<Trend>,
    /// High-value detractors and rarely buying promoters; `null` without transactions,
    /// customer ids or an NPS question.
    pub value: Option<ValueLists>,
    /// Frequent words and phrases in the comments per NPS box; `null` without comments.
    pub comments: Option<Comments>,
}

/// One question's figures over all responses, with its column, scale, boxes and formula.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionSection<B, F> {
    /// The header of the question's column.
    pub column: String,
    /// The answer scale.
    pub scale: Scale,
    /// Whether the file's numbers ran from best to worst and were each turned around (`min +
    /// max − n`) before counting, as asked with the `reversed` setting.
    pub reversed: bool,
    /// Which answers count in which box.
    pub boxes: B,
    /// How the figures are computed.
    pub formula: Texts,
    /// Answers left out as missing (blank, NA, declared codes).
    pub missing: u64,
    /// Answers left out as not whole numbers on the scale.
    pub invalid: u64,
    /// The figures.
    #[serde(flatten)]
    pub figures: F,
}

/// The box of satisfied answers (the top two values of the scale).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CsatBoxes {
    /// Answers that count as satisfied.
    pub satisfied: Scale,
}

/// The box of easy answers (the values above the scale's midpoint).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CesBoxes {
    /// Answers that count as easy.
    pub easy: Scale,
}

/// The figures of each question over a set of responses; `None` for a question not asked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    /// NPS.
    pub nps: Option<NpsFigures>,
    /// CSAT.
    pub csat: Option<CsatFigures>,
    /// CES.
    pub ces: Option<CesFigures>,
}

/// Which questions the survey asks, on which scales.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Design {
    asked: [bool; 3],
    scales: [Scale; 3],
}

impl Design {
    fn figures<'a>(&self, responses: impl IntoIterator<Item = &'a Response>) -> Figures {
        let mut tallies = self.scales.map(Tally::new);
        for response in responses {
            for question in Question::ALL {
                if let Some(value) = response.answer(question) {
                    tallies[question as usize].add(value);
                }
            }
        }
        let [nps, csat, ces] = &tallies;
        let [ask_nps, ask_csat, ask_ces] = self.asked;
        let [nps_scale, csat_scale, ces_scale] = self.scales;
        Figures {
            nps: ask_nps.then(|| NpsFigures::of(nps, NpsBoxes::of(nps_scale))),
            csat: ask_csat.then(|| CsatFigures::of(csat, csat_top_box(csat_scale))),
            ces: ask_ces.then(|| CesFigures::of(ces, ces_easy_box(ces_scale))),
        }
    }
}

/// What the transactions analysis knows about the customers, for joining.
pub(crate) struct CustomerContext<'a> {
    pub customers: &'a [CustomerRow],
    pub levels: u8,
    /// Each customer's latest answers, by customer id.
    pub satisfaction: &'a HashMap<String, CustomerSatisfaction>,
    /// Per-customer dimensions (segment, tier, …), already joined to the responses.
    pub dimensions: Vec<Dimension<'a>>,
}

/// What every question's section states besides its boxes and figures.
struct SectionHead {
    column: String,
    scale: Scale,
    reversed: bool,
    formula: Texts,
    missing: u64,
    invalid: u64,
}

impl SectionHead {
    fn with<B, F>(self, boxes: B, figures: F) -> QuestionSection<B, F> {
        QuestionSection {
            column: self.column,
            scale: self.scale,
            reversed: self.reversed,
            boxes,
            formula: self.formula,
            missing: self.missing,
            invalid: self.invalid,
            figures,
        }
    }
}

/// The satisfaction section from the responses read.
pub(crate) fn analyze_satisfaction(
    responses: &Responses,
    mut input: SurveyInput,
    left_out: [LeftOut; 3],
    config: &SurveyConfig,
    customers: Option<CustomerContext<'_>>,
) -> Satisfaction {
    let columns = [
        input.columns.nps.clone(),
        input.columns.csat.clone(),
        input.columns.ces.clone(),
    ];
    let design = Design {
        asked: columns.clone().map(|column| column.is_some()),
        scales: config.scales,
    };
    let overall = design.figures(&responses.rows);
    let section = |question: Question| {
        let column = columns[question as usize].clone()?;
        let LeftOut {
            missing, invalid, ..
        } = left_out[question as usize];
        let scale = config.scale(question);
        Some(SectionHead {
            column,
            scale,
            reversed: config.reversed[question as usize],
            formula: formula(question, scale),
            missing,
            invalid,
        })
    };
    let nps = section(Question::Nps)
        .zip(overall.nps)
        .map(|(head, figures)| {
            let boxes = NpsBoxes::of(head.scale);
            head.with(boxes, figures)
        });
    let csat = section(Question::Csat)
        .zip(overall.csat)
        .map(|(head, figures)| {
            let satisfied = csat_top_box(head.scale);
            head.with(CsatBoxes { satisfied }, figures)
        });
    let ces = section(Question::Ces)
        .zip(overall.ces)
        .map(|(head, figures)| {
            let easy = ces_easy_box(head.scale);
            head.with(CesBoxes { easy }, figures)
        });
    let mut dimensions = Dimension::from_survey_columns(responses);
    let mut value_lists = None;
    if let Some(context) = customers {
        let ids: HashSet<&str> = context
            .customers
            .iter()
            .map(|c| c.summary.id.as_str())
            .collect();
        let matched = responses
            .rows
            .iter()
            .filter(|row| row.customer.as_deref().is_some_and(|id| ids.contains(id)))
            .count();
        input.responses_matched_to_customers = Some(matched as u64);
        if design.asked[Question::Nps as usize] && input.columns.customer.is_some() {
            value_lists = Some(value::value_lists(
                context.customers,
                context.levels,
                context.satisfaction,
            ));
        }
        dimensions.extend(context.dimensions);
    }
    Satisfaction {
        input,
        nps,
        csat,
        ces,
        min_group_answers: config.min_group_answers,
        groups: groups::by_group(
            &responses.rows,
            &dimensions,
            &design,
            config.min_group_answers,
        ),
        trend: trend::trend(
            &responses.rows,
            &design,
            config.period,
            config.min_group_answers,
        ),
        value: value_lists,
        comments: comments::comments(responses, NpsBoxes::of(config.scale(Question::Nps))),
    }
}
