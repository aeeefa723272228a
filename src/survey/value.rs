//! Value × satisfaction: each customer's latest answers, the high-value detractors to rescue
//! first and the promoters who buy rarely, to ask for referrals.

use std::collections::HashMap;

use serde::Serialize;

use crate::report::CustomerRow;
use crate::rfm::{Scores, Tier};
use crate::survey::params::{Question, SurveyConfig};
use crate::survey::read::{Response, Responses};
use crate::survey::stats::NpsBoxes;
use crate::Date;

/// Where an NPS answer falls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NpsGroup {
    /// In the promoter box (9–10 on 0–10).
    Promoter,
    /// In the passive box (7–8).
    Passive,
    /// In the detractor box (0–6).
    Detractor,
}

/// One customer's satisfaction, as in `customers[].satisfaction`: the latest answer to each
/// question, each with its own date, since a customer's latest response may answer another
/// question only. Latest means the latest date; undated responses count as older than dated
/// ones, and among equals the later line of the file wins.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerSatisfaction {
    /// Responses from the customer.
    pub responses: u64,
    /// Date of the latest dated response, whichever questions it answers.
    pub last_answered: Option<Date>,
    /// Latest NPS answer.
    pub nps: Option<u8>,
    /// Its box.
    pub nps_group: Option<NpsGroup>,
    /// The date of the latest NPS answer; `None` when its response is undated.
    pub nps_answered: Option<Date>,
    /// Latest CSAT answer.
    pub csat: Option<u8>,
    /// The date of the latest CSAT answer.
    pub csat_answered: Option<Date>,
    /// Latest CES answer.
    pub ces: Option<u8>,
    /// The date of the latest CES answer.
    pub ces_answered: Option<Date>,
}

/// The latest answers of every customer id in the responses.
pub(crate) fn customer_satisfaction(
    responses: &Responses,
    config: &SurveyConfig,
) -> HashMap<String, CustomerSatisfaction> {
    let mut by_customer: HashMap<&str, Vec<_>> = HashMap::new();
    for row in &responses.rows {
        if let Some(id) = row.customer.as_deref() {
            by_customer.entry(id).or_default().push(row);
        }
    }
    let boxes = NpsBoxes::of(config.scale(Question::Nps));
    by_customer
        .into_iter()
        .map(|(id, mut rows)| {
            rows.sort_by_key(|row| (row.date, row.line));
            // The answer with the date of the response it is in.
            let latest = |question| {
                let answered = |row: &&Response| Some((row.answer(question)?, row.date));
                rows.iter().rev().find_map(answered).unzip()
            };
            let (nps, nps_answered) = latest(Question::Nps);
            let (csat, csat_answered) = latest(Question::Csat);
            let (ces, ces_answered) = latest(Question::Ces);
            let satisfaction = CustomerSatisfaction {
                responses: rows.len() as u64,
                last_answered: rows.iter().filter_map(|row| row.date).max(),
                nps,
                nps_group: nps.map(|answer| boxes.group(answer)),
                nps_answered: nps_answered.flatten(),
                csat,
                csat_answered: csat_answered.flatten(),
                ces,
                ces_answered: ces_answered.flatten(),
            };
            (id.to_string(), satisfaction)
        })
        .collect()
}

/// The two action lists of `satisfaction.value`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueLists {
    /// High-value (VIP tier) customers whose latest NPS answer is a detractor's, highest net
    /// revenue first: service recovery before anything else.
    pub rescue_first: Vec<ValueSatisfactionRow>,
    /// Promoters who buy rarely (frequency score 1 or 2, read on five levels), highest NPS
    /// answer then highest net revenue first: ask them for referrals.
    pub ask_for_referral: Vec<ValueSatisfactionRow>,
    /// How the lists are chosen.
    pub rule: crate::text::Texts,
}

/// One customer in an action list.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueSatisfactionRow {
    /// Customer id.
    pub id: String,
    /// Value tier.
    pub tier: Tier,
    /// RFM segment key.
    pub segment: String,
    /// Purchase occasions.
    pub frequency: u32,
    /// Frequency score.
    pub f_score: u8,
    /// Net revenue.
    pub monetary: f64,
    /// Latest NPS answer.
    pub nps: u8,
    /// The date of that NPS answer; `None` when its response is undated.
    pub nps_answered: Option<Date>,
    /// Date of the customer's latest dated response, whichever questions it answers: a later
    /// response may answer CSAT or CES only.
    pub last_answered: Option<Date>,
}

pub(crate) fn value_lists(
    customers: &[CustomerRow],
    levels: u8,
    satisfaction: &HashMap<String, CustomerSatisfaction>,
) -> ValueLists {
    let mut rescue_first = Vec::new();
    let mut ask_for_referral = Vec::new();
    for customer in customers {
        let Some(answers) = satisfaction.get(&customer.summary.id) else {
            continue;
        };
        let (Some(nps), Some(group)) = (answers.nps, answers.nps_group) else {
            continue;
        };
        let rfm = &customer.rfm;
        let scores = Scores {
            r: rfm.r_score,
            f: rfm.f_score,
            m: rfm.m_score,
        };
        let row = ValueSatisfactionRow {
            id: customer.summary.id.clone(),
            tier: rfm.tier,
            segment: rfm.segment.to_string(),
            frequency: customer.summary.frequency,
            f_score: rfm.f_score,
            monetary: customer.summary.monetary,
            nps,
            nps_answered: answers.nps_answered,
            last_answered: answers.last_answered,
        };
        match group {
            NpsGroup::Detractor if rfm.tier == Tier::High => rescue_first.push(row),
            NpsGroup::Promoter if scores.on_five_levels(levels).f <= 2 => {
                ask_for_referral.push(row)
            }
            _ => {}
        }
    }
    rescue_first.sort_by(|a, b| b.monetary.total_cmp(&a.monetary));
    ask_for_referral.sort_by(|a, b| b.nps.cmp(&a.nps).then(b.monetary.total_cmp(&a.monetary)));
    ValueLists {
        rescue_first,
        ask_for_referral,
        rule: crate::text::Texts::new(
            "Rescue first: VIP (high tier) customers whose latest NPS answer is a detractor's, by net revenue. Ask for a referral: customers whose latest NPS answer is a promoter's and whose frequency score is 1 or 2 of 5, by NPS answer then net revenue.",
            "优先挽回：最近一次 NPS 回答为贬损者的高价值（VIP）客户，按净收入排序。请求推荐：最近一次 NPS 回答为推荐者、且消费频率得分为 5 分制中 1 或 2 分的客户，按 NPS 回答再按净收入排序。",
        ),
    }
}
