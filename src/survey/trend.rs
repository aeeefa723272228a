//! Satisfaction over time: the figures per month or quarter, and the change from the period
//! before with its margin of error.

use serde::Serialize;

use crate::period::Period;
use crate::survey::read::Response;
use crate::survey::stats::{Answered, CesFigures, Change, CsatFigures, NpsFigures};
use crate::survey::{Design, Figures};
use crate::text::Texts;
use crate::Date;

/// The report's `satisfaction.trend`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    /// `month` or `quarter`.
    pub period: Period,
    /// Responses without a date, which are in no period.
    pub undated: u64,
    /// Every period from the first dated response to the last, empty ones included.
    pub periods: Vec<PeriodRow>,
    /// How the change and its margin are computed.
    pub formula: Texts,
}

/// One period's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodRow {
    /// `2024-03` for a month, `2024-Q1` for a quarter.
    pub period: String,
    /// First day of the period.
    pub start: Date,
    /// Responses dated in the period.
    pub responses: u64,
    /// NPS figures and the change from the period before.
    pub nps: Option<WithChange<NpsFigures>>,
    /// CSAT figures (the change is in percentage points).
    pub csat: Option<WithChange<CsatFigures>>,
    /// CES figures (the change is of the mean).
    pub ces: Option<WithChange<CesFigures>>,
}

/// A period's figures with the change from the period before; `change` is null for the first
/// period and whenever either period has fewer answers than a group needs to be shown
/// (`minGroupAnswers`; for CES means, at least two).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WithChange<F> {
    /// The period's figures.
    #[serde(flatten)]
    pub figures: F,
    /// The change from the period before.
    pub change: Option<Change>,
}

/// The trend of dated responses; `None` when none is dated.
/// A change needs `min_answers` answers on either side: on one or two answers a zero variance
/// would mark any change as beyond its margin.
pub(crate) fn trend(
    responses: &[Response],
    design: &Design,
    period: Period,
    min_answers: u64,
) -> Option<Trend> {
    let dated: Vec<(Date, &Response)> = responses
        .iter()
        .filter_map(|r| r.date.map(|date| (date, r)))
        .collect();
    let first = dated.iter().map(|(date, _)| *date).min()?;
    let last = dated.iter().map(|(date, _)| *date).max()?;
    let mut periods: Vec<PeriodRow> = Vec::new();
    let mut previous: Option<Figures> = None;
    let mut start = period.start_of(first);
    while start <= last {
        let next = period.next(start);
        let members = dated
            .iter()
            .filter(|(date, _)| *date >= start && *date < next)
            .map(|(_, response)| *response);
        let figures = design.figures(members.clone());
        let before = previous.as_ref();
        periods.push(PeriodRow {
            period: period.label(start),
            start,
            responses: members.count() as u64,
            nps: with_change(
                &figures.nps,
                before.map(|b| &b.nps),
                Change::nps,
                min_answers,
            ),
            csat: with_change(
                &figures.csat,
                before.map(|b| &b.csat),
                Change::csat,
                min_answers,
            ),
            ces: with_change(
                &figures.ces,
                before.map(|b| &b.ces),
                Change::ces,
                min_answers,
            ),
        });
        previous = Some(figures);
        start = next;
    }
    Some(Trend {
        period,
        undated: (responses.len() - dated.len()) as u64,
        periods,
        formula: Texts::new(
            "change = this period − the period before; its 95% margin of error = 1.96 · √(se₁² + se₂²), with se = 100 · √(((p + d) − (p − d)²) / n) for NPS, 100 · √(p(1 − p) / n) for the CSAT share, s / √n for the CES mean; a change beyond its margin is marked.",
            "变化 = 本期 − 上期；其 95% 误差范围 = 1.96 · √(se₁² + se₂²)，NPS 的 se = 100 · √(((p + d) − (p − d)²) / n)，CSAT 占比的 se = 100 · √(p(1 − p) / n)，CES 均值的 se = s / √n；超出误差范围的变化会被标出。",
        ),
    })
}

fn with_change<F: Clone + Answered>(
    now: &Option<F>,
    before: Option<&Option<F>>,
    change: fn(&F, &F) -> Option<Change>,
    min_answers: u64,
) -> Option<WithChange<F>> {
    let now = now.as_ref()?;
    let change = before
        .and_then(Option::as_ref)
        .filter(|before| before.answers().min(now.answers()) >= min_answers)
        .and_then(|before| change(before, now));
    Some(WithChange {
        figures: now.clone(),
        change,
    })
}
