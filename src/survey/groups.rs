//! Satisfaction by group: per grouping column of the survey, and per customer label (RFM
//! segment, value tier, and any other per-customer dimension such as a cluster or a lifecycle
//! stage) when the responses carry customer ids.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::survey::read::{Response, Responses};
use crate::survey::{Design, Figures};

/// Where a dimension's labels come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LabelSource {
    /// A grouping column of the survey file.
    Survey,
    /// A per-customer label from the transactions analysis, joined by customer id.
    Customers,
}

/// One way of grouping the responses: a label (or none) for every response.
#[derive(Clone, Debug, PartialEq)]
pub struct Dimension<'a> {
    /// The dimension's name: a survey column's header, or a key such as `segment` or `tier`.
    pub name: String,
    /// Where the labels come from.
    pub source: LabelSource,
    /// One label per response, in the order of [`Responses::rows`]; `None` when unknown.
    pub labels: Vec<Option<&'a str>>,
}

impl<'a> Dimension<'a> {
    /// The dimensions of the survey's own grouping columns.
    pub fn from_survey_columns(responses: &'a Responses) -> Vec<Dimension<'a>> {
        (0..responses.group_columns.len())
            .map(|column| Dimension {
                name: responses.group_columns[column].clone(),
                source: LabelSource::Survey,
                labels: responses
                    .rows
                    .iter()
                    .map(|row| row.groups[column].as_deref())
                    .collect(),
            })
            .collect()
    }

    /// A dimension from per-customer labels (customer id → label), joined to the responses by
    /// customer id. This is how segments and tiers are wired, and how clusters or lifecycle
    /// stages can be: `Dimension::from_customers("cluster", &responses, labels)`.
    pub fn from_customers(
        name: &str,
        responses: &Responses,
        labels: &HashMap<&str, &'a str>,
    ) -> Dimension<'a> {
        Dimension {
            name: name.to_string(),
            source: LabelSource::Customers,
            labels: responses
                .rows
                .iter()
                .map(|row| {
                    row.customer
                        .as_deref()
                        .and_then(|id| labels.get(id).copied())
                })
                .collect(),
        }
    }
}

/// The figures of every group of one dimension, as in `satisfaction.groups[]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupTable {
    /// The dimension's name.
    pub dimension: String,
    /// Where its labels come from.
    pub source: LabelSource,
    /// Responses without a label (an empty cell, no customer id, or an id not among the
    /// customers); they are in no group.
    pub unlabelled: u64,
    /// One row per label, most responses first.
    pub groups: Vec<GroupRow>,
}

/// One group's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRow {
    /// The label.
    pub label: String,
    /// Responses in the group.
    pub responses: u64,
    /// Each question's figures, or `null` for a question the survey does not ask.
    pub nps: Option<GroupFigures<crate::survey::stats::NpsFigures>>,
    /// CSAT figures.
    pub csat: Option<GroupFigures<crate::survey::stats::CsatFigures>>,
    /// CES figures.
    pub ces: Option<GroupFigures<crate::survey::stats::CesFigures>>,
}

/// A question's figures in one group, withheld when the group has too few answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupFigures<F> {
    /// Answers to the question in the group.
    pub n: u64,
    /// `ok`, or `tooFewAnswers` when n is below the minimum (then `figures` is null).
    pub status: GroupStatus,
    /// The figures, when there are enough answers.
    pub figures: Option<F>,
}

/// Whether a group's figures are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GroupStatus {
    /// Enough answers: the figures are shown.
    Ok,
    /// Fewer answers than the minimum: shown as "too few answers", not as a number.
    TooFewAnswers,
}

impl<F> GroupFigures<F> {
    fn of(n: u64, figures: F, min_answers: u64) -> GroupFigures<F> {
        let enough = n >= min_answers;
        GroupFigures {
            n,
            status: if enough {
                GroupStatus::Ok
            } else {
                GroupStatus::TooFewAnswers
            },
            figures: enough.then_some(figures),
        }
    }
}

/// The figures of every group of every dimension.
pub(crate) fn by_group(
    responses: &[Response],
    dimensions: &[Dimension<'_>],
    design: &Design,
    min_answers: u64,
) -> Vec<GroupTable> {
    dimensions
        .iter()
        .map(|dimension| {
            let mut members: BTreeMap<&str, Vec<&Response>> = BTreeMap::new();
            let mut unlabelled = 0;
            for (response, label) in responses.iter().zip(&dimension.labels) {
                match label {
                    Some(label) => members.entry(label).or_default().push(response),
                    None => unlabelled += 1,
                }
            }
            let mut groups: Vec<GroupRow> = members
                .into_iter()
                .map(|(label, rows)| {
                    let Figures { nps, csat, ces } = design.figures(rows.iter().copied());
                    GroupRow {
                        label: label.to_string(),
                        responses: rows.len() as u64,
                        nps: nps.map(|f| GroupFigures::of(f.n, f, min_answers)),
                        csat: csat.map(|f| GroupFigures::of(f.n, f, min_answers)),
                        ces: ces.map(|f| GroupFigures::of(f.n, f, min_answers)),
                    }
                })
                .collect();
            // Most responses first; the BTreeMap already ordered equal sizes by label.
            groups.sort_by_key(|group| std::cmp::Reverse(group.responses));
            GroupTable {
                dimension: dimension.name.clone(),
                source: dimension.source,
                unlabelled,
                groups,
            }
        })
        .collect()
}
