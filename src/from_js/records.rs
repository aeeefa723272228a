//! Customers given as plain JS objects, one per customer, read into customer records.

use serde::Deserialize;
use serde_json::Value;

use super::{words, Refusal, Unusable};
use crate::error::ErrorKind;
use crate::quality::{checked_amount, checked_count, RowIssue};
use crate::text::{Rendered, Shortest, Texts};
use crate::{CustomerRecord, Date, LastSeen};

/// One customer as JS gives it; every field is checked, and unknown fields are errors.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsCustomer {
    id: JsId,
    last_purchase: Option<String>,
    recency_days: Option<f64>,
    frequency: f64,
    monetary: f64,
    first_purchase: Option<String>,
    purchase_days: Option<f64>,
    repeat_monetary: Option<f64>,
    cost: Option<f64>,
    profit: Option<f64>,
}

/// What a value that is no object is, in English and Chinese; `None` for an object.
fn non_object_kind(value: &Value) -> Option<(&'static str, &'static str)> {
    match value {
        Value::Object(_) => None,
        Value::Null => Some(("null", " null")),
        Value::Bool(_) => Some(("a boolean", "布尔值")),
        Value::Number(_) => Some(("a number", "数字")),
        Value::String(_) => Some(("a string", "字符串")),
        Value::Array(_) => Some(("an array", "数组")),
    }
}

/// A customer id written as a string or a number.
#[derive(Deserialize)]
#[serde(untagged, expecting = "an id must be a string or a number")]
enum JsId {
    Text(String),
    Number(f64),
}

/// The customer records of `value`, checked one by one; the first that cannot be used is
/// refused with its index.
pub(crate) fn customer_records(value: Value) -> Result<Vec<CustomerRecord>, Refusal> {
    let Value::Array(items) = value else {
        return Err(not_an_array());
    };
    if items.is_empty() {
        // The core's `emptyInput` speaks of a file's rows.
        return Err(Refusal::new(
            "emptyInput",
            Texts::new(
                "there are no customer records; give at least one { id, lastPurchase or recencyDays, frequency, monetary }",
                "没有客户记录；请至少给出一条 { id, lastPurchase 或 recencyDays, frequency, monetary }",
            ),
        ));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let at = |en: String, zh_cn: String| {
                let problem = Texts::new(en, zh_cn);
                Refusal::of_error(ErrorKind::InvalidRecord { index, problem }.into())
            };
            // serde would say "expected struct JsCustomer", a name of this file's.
            if let Some((en, zh_cn)) = non_object_kind(&item) {
                return Err(at(
                    format!("a customer record is an object {{ id, lastPurchase or recencyDays, frequency, monetary }}, not {en}"),
                    format!("客户记录应是对象 {{ id, lastPurchase 或 recencyDays, frequency, monetary }}，而不是{zh_cn}"),
                ));
            }
            let customer: JsCustomer =
                serde_path_to_error::deserialize(&item).map_err(|error| {
                    let Texts { en, zh_cn } = words::record_error(&item, &error);
                    at(en, zh_cn)
                })?;
            let date = |name: &str, text: Option<String>| {
                text.map(|text| text.parse::<Date>())
                    .transpose()
                    .map_err(|error| {
                        let why = error.texts();
                        at(
                            format!("{name}: {}", why.en),
                            format!("{name}：{}", why.zh_cn),
                        )
                    })
            };
            // Counts and amounts are checked as a customer file's are, the number written as JS
            // would.
            let unusable = |issue: RowIssue| {
                let Texts { en, zh_cn } = issue.problem();
                at(en, zh_cn)
            };
            let count = |name: &'static str, value: f64, min: u32| {
                checked_count(name, &Shortest(value).to_string(), Some(value), min)
                    .map_err(unusable)
            };
            let profit = (customer.profit)
                .map(|profit| checked_amount("profit", &Shortest(profit).to_string(), Some(profit)))
                .transpose()
                .map_err(unusable)?;
            let last_purchase = match (
                date("lastPurchase", customer.last_purchase)?,
                customer.recency_days,
            ) {
                (Some(date), None) => LastSeen::Date(date),
                (None, Some(days)) => LastSeen::DaysBeforeAsOf(count("recencyDays", days, 0)?),
                _ => {
                    return Err(at(
                        "give either lastPurchase (YYYY-MM-DD) or recencyDays".into(),
                        "请给出 lastPurchase（YYYY-MM-DD）或 recencyDays 之一".into(),
                    ))
                }
            };
            Ok(CustomerRecord {
                id: match customer.id {
                    JsId::Text(text) => text,
                    JsId::Number(number) => number.to_string(),
                },
                last_purchase,
                first_purchase: date("firstPurchase", customer.first_purchase)?,
                frequency: count("frequency", customer.frequency, 1)?,
                monetary: customer.monetary,
                purchase_days: customer
                    .purchase_days
                    .map(|days| count("purchaseDays", days, 1))
                    .transpose()?,
                repeat_monetary: customer.repeat_monetary,
                // As in a customer file, the profit gives the cost only where none is given.
                cost: (customer.cost).or(profit.map(|profit| customer.monetary - profit)),
            })
        })
        .collect()
}

/// The refusal of records that are no array of plain objects.
pub(crate) fn not_an_array() -> Refusal {
    Refusal::new(
        "invalidRecord",
        Texts::new(
            "customers must be an array of plain objects",
            "customers 必须是由普通对象组成的数组",
        ),
    )
}

/// The refusal of records holding a value JSON cannot carry, which JS would otherwise hand
/// over changed (a `NaN` as `null`).
pub(crate) fn unusable_record(problem: &Unusable) -> Refusal {
    Refusal::new("invalidRecord", problem.texts("customers"))
}
