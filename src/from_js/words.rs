//! What to say of a value from JS that cannot be read: the option or field by its JS name
//! (`columns.amount`, `thresholds.frequency[1]`), the value given and what it takes, in English
//! and Chinese, never serde's words for Rust types.

use serde_json::Value;

use super::Refusal;
use crate::serde_words::{missing_field, unknown_field};
use crate::text::{Abridged, Texts};

/// A value JSON cannot carry, at `path`: the conversion would make a `NaN` `null`, read as not
/// given, and drop a function.
pub(crate) enum Unusable {
    NotFinite(String),
    Function(String),
}

impl Unusable {
    pub(crate) fn texts(&self, what: &str) -> Texts {
        match self {
            Unusable::NotFinite(path) => Texts::new(
                format!("{path} is not a finite number"),
                format!("{path} 不是有限数值"),
            ),
            Unusable::Function(path) if path.is_empty() => not_an_object(what, "a function"),
            Unusable::Function(path) if what == "options" => Texts::new(
                format!("{path} is a function, and options hold only data: onProgress and signal go in the call's last argument, {{ onProgress, signal }}"),
                format!("{path} 是函数，而选项只能包含数据：onProgress 和 signal 应放在调用的最后一个参数 {{ onProgress, signal }} 中"),
            ),
            Unusable::Function(path) => Texts::new(
                format!("{path} is a function, and {what} holds only data"),
                format!("{path} 是函数，而{}只能包含数据", zh_what(what)),
            ),
        }
    }
}

fn zh_what(what: &str) -> &str {
    match what {
        "the query" => "查询",
        _ => "选项",
    }
}

pub(crate) fn not_an_object(what: &str, given: &str) -> Texts {
    let example = match what {
        "the query" => "{ sort: 'clv', limit: 50 }",
        _ => "{ asOf: '2024-06-30' }",
    };
    Texts::new(
        format!("{what} must be a plain object such as {example}, not {given}"),
        format!(
            "{}必须是普通对象，如 {example}，而不是 {given}",
            zh_what(what)
        ),
    )
}

/// A string given, in quotes, its first 40 characters at most.
pub(crate) fn quoted(text: &str) -> String {
    format!("\"{}\"", Abridged(text, 40))
}

/// `path` as JS writes it: `columns.amount`, `thresholds.frequency[1]`.
pub(super) fn js_path(path: &serde_path_to_error::Path) -> String {
    let mut written = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => written += &format!("[{index}]"),
            serde_path_to_error::Segment::Map { key } => {
                if !written.is_empty() {
                    written.push('.');
                }
                written += key;
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    written
}

/// The value at `path` in `json`, as a message shows it; `None` when there is none there.
pub(super) fn given_at(json: &Value, path: &serde_path_to_error::Path) -> Option<String> {
    let mut value = json;
    for segment in path.iter() {
        value = match segment {
            serde_path_to_error::Segment::Seq { index } => value.get(index)?,
            serde_path_to_error::Segment::Map { key } => value.get(key)?,
            _ => value,
        };
    }
    Some(match value {
        Value::String(text) => quoted(text),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "{…}".into(),
        other => other.to_string(),
    })
}

/// What to say of a value of the wrong shape at `path` (empty for the whole), `inner` being
/// serde's words, whose lists of names are kept: they are JS's names.
pub(super) fn shape_error(what: &str, path: &str, given: Option<String>, inner: &str) -> Refusal {
    if let Some((field, known)) = unknown_field(inner) {
        let name = if path.ends_with(field) {
            path.to_string()
        } else if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        };
        let (within, within_zh) = match name.rsplit_once('.') {
            Some((parent, _)) => (format!("in {parent} "), format!("{parent} 中的")),
            None => (String::new(), String::new()),
        };
        return Refusal::of_no_option(Texts::new(
            format!("{name} is not an option {within}(unknown field `{field}`); the options {within}are {known}"),
            format!("{name} 不是{within_zh}选项；可用的选项有 {known}"),
        ));
    }
    if path.is_empty() {
        return Refusal::of_no_option(not_an_object(what, given.as_deref().unwrap_or("this")));
    }
    if let Some(field) = missing_field(inner) {
        let (en, zh_cn) = allowed(path);
        return Refusal::of_value_at(
            path,
            Texts::new(
                format!("{path}.{field} is missing: {path} must be {en}"),
                format!("缺少 {path}.{field}：{path} 必须是{zh_cn}"),
            ),
        );
    }
    let (en, zh_cn) = allowed(path);
    let given = given.unwrap_or_else(|| "this".into());
    Refusal::of_value_at(
        path,
        Texts::new(
            format!("{path} must be {en}, not {given}"),
            format!("{path} 必须是{zh_cn}，而不是 {given}"),
        ),
    )
}

/// What to say of a customer record of the wrong shape, `error` being serde's for `record`: the
/// field by its JS name, the value given and what the field takes, never serde's words for
/// Rust types.
pub(super) fn record_error(
    record: &Value,
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> Texts {
    let inner = error.inner().to_string();
    if let Some((field, known)) = unknown_field(&inner) {
        return Texts::new(
            format!("{field} is not a field of a customer record (unknown field `{field}`); the fields are {known}"),
            format!("{field} 不是客户记录的字段；可用的字段有 {known}"),
        );
    }
    if let Some(field) = missing_field(&inner) {
        return Texts::new(
            format!("{field} is missing: a customer record is {{ id, lastPurchase or recencyDays, frequency, monetary }}"),
            format!("缺少 {field}：客户记录应是 {{ id, lastPurchase 或 recencyDays, frequency, monetary }}"),
        );
    }
    let field = js_path(error.path());
    let (en, zh_cn) = match field.as_str() {
        "id" => ("a string or a number", "字符串或数字"),
        "lastPurchase" | "firstPurchase" => DATE,
        _ => ("a number", "数值"),
    };
    let given = given_at(record, error.path()).unwrap_or_else(|| "this".into());
    Texts::new(
        format!("{field} must be {en}, not {given}"),
        format!("{field} 必须是{zh_cn}，而不是 {given}"),
    )
}

/// What the option at `path` takes, in English and Chinese; an item of a list or an object's
/// field takes what its option's description says.
pub(super) fn allowed(path: &str) -> (&'static str, &'static str) {
    // An item of a list takes what the list's description says of its items.
    let unindexed: String = path
        .split('[')
        .map(|part| part.split_once(']').map_or(part, |(_, rest)| rest))
        .collect();
    let mut name = unindexed.as_str();
    loop {
        if let Some(found) = allowed_for(name) {
            return found;
        }
        match name.rsplit_once('.') {
            Some((parent, _)) => name = parent,
            None => {
                return (
                    "another value (see the README's options)",
                    "其他值（见 README 中的选项说明）",
                )
            }
        }
    }
}

/// A date, as options and records take it.
pub(super) const DATE: (&str, &str) = ("a date written \"YYYY-MM-DD\"", "写作“YYYY-MM-DD”的日期");

fn allowed_for(name: &str) -> Option<(&'static str, &'static str)> {
    const YES_OR_NO: (&str, &str) = ("true or false", " true 或 false");
    Some(match name {
        "asOf" | "compareAsOf" => DATE,
        "inputKind" => ("\"auto\", \"transactions\" or \"customers\"", " \"auto\"、\"transactions\" 或 \"customers\""),
        "encoding" | "surveyEncoding" => ("an encoding's name, such as \"utf-8\" or \"gbk\"", "编码名称，如 \"utf-8\" 或 \"gbk\""),
        "delimiter" | "surveyDelimiter" => (
            "\"comma\", \"semicolon\", \"tab\", \"pipe\" or \"whitespace\" (or \",\", \";\", \"\\t\", \"|\")",
            " \"comma\"、\"semicolon\"、\"tab\"、\"pipe\" 或 \"whitespace\"（或 \",\"、\";\"、\"\\t\"、\"|\"）",
        ),
        "dateFormat" | "surveyDateFormat" => (
            "\"YYYY-MM-DD\", \"D/M/YYYY\", \"M/D/YYYY\", \"D/M/YY\" or \"M/D/YY\"",
            " \"YYYY-MM-DD\"、\"D/M/YYYY\"、\"M/D/YYYY\"、\"D/M/YY\" 或 \"M/D/YY\"",
        ),
        "decimalSeparator" => ("\"point\" or \"comma\" (or \".\" or \",\")", " \"point\" 或 \"comma\"（或 \".\"、\",\"）"),
        "header" | "dropDuplicates" | "npsReversed" | "csatReversed" | "cesReversed" | "descending" => YES_OR_NO,
        "columns" => (
            "an object of roles and their columns, such as { customer: \"Email\", amount: 5 }",
            "由角色及其列组成的对象，如 { customer: \"Email\", amount: 5 }",
        ),
        _ if name.starts_with("columns.") => (
            "a header name, a position from 1, or false to leave the role out",
            "列标题、从 1 开始的列位置，或 false（不使用该角色）",
        ),
        "scoreLevels" => ("3, 4 or 5", " 3、4 或 5"),
        "thresholds" => (
            "{ recency, frequency, monetary }, each a list of numbers",
            " { recency, frequency, monetary }，每项为数值列表",
        ),
        "thresholds.recency" | "thresholds.frequency" | "thresholds.monetary" => ("a list of numbers", "数值列表"),
        "segmentRules" => (
            "a list of rules { key, name: { en, \"zh-CN\" }, recency, frequency, monetary }, each score range { min, max }",
            "规则列表 { key, name: { en, \"zh-CN\" }, recency, frequency, monetary }，评分范围写作 { min, max }",
        ),
        "segmentRules.key" => ("a text, such as \"champions\"", "文本，如 \"champions\""),
        "segmentRules.name" => ("{ en, \"zh-CN\" }, the segment's name in each language", " { en, \"zh-CN\" }，即各语言的细分名称"),
        "segmentRules.recency" | "segmentRules.frequency" | "segmentRules.monetary" => (
            "a range of scores { min, max }",
            "评分范围 { min, max }",
        ),
        "tierShares" => ("{ high, highAndMedium }, two shares between 0 and 1", " { high, highAndMedium }，两个介于 0 和 1 之间的比例"),
        "tierShares.high" | "tierShares.highAndMedium" => ("a share between 0 and 1", "介于 0 和 1 之间的比例"),
        "npsColumn" | "csatColumn" | "cesColumn" => ("a header name of the survey file", "调查文件的列标题"),
        "npsScale" | "csatScale" | "cesScale" => ("a scale written \"1-5\" or \"0-10\"", "写作 \"1-5\" 或 \"0-10\" 的量表"),
        "missingCodes" => ("a list of numbers (-99) and texts (\"skipped\")", "由数值（-99）和文本（\"skipped\"）组成的列表"),
        "groupColumns" => ("a list of header names of the survey file", "调查文件列标题的列表"),
        "minGroupAnswers" => ("a whole number of at least 0", "不小于 0 的整数"),
        "surveyPeriod" => ("\"month\", \"quarter\" or \"year\"", " \"month\"、\"quarter\" 或 \"year\""),
        "playbook" => ("a playbook object (see the README's playbook)", "行动手册对象（见 README 中的 playbook）"),
        "callListSize" => ("a whole number of at least 0", "不小于 0 的整数"),
        "valueBasis" => ("\"clv\" or \"netRevenue\"", " \"clv\" 或 \"netRevenue\""),
        "clusters" => ("\"auto\" or a whole number from 2 to 20", " \"auto\" 或 2 至 20 的整数"),
        "clusterSeed" => ("a whole number of at least 0", "不小于 0 的整数"),
        "clusterRuns" => ("a whole number from 1 to 100", " 1 至 100 的整数"),
        "clusterSample" => ("a whole number from 100 to 10000", " 100 至 10000 的整数"),
        "clusterFeatures" => (
            "a list of \"averageOrderValue\" and \"tenureDays\", each at most once",
            "由 \"averageOrderValue\" 和 \"tenureDays\" 组成的列表，每项最多一次",
        ),
        "timeUnit" => ("\"day\" or \"week\"", " \"day\" 或 \"week\""),
        "horizonMonths" => ("a whole number of months from 1 to 1200", " 1 至 1200 的整数（月数）"),
        "discountRate" => ("a monthly rate, such as 0.01 for 1%", "月利率，如 0.01 表示 1%"),
        "margin" => ("a share of revenue, such as 0.3 for 30%", "收入的比例，如 0.3 表示 30%"),
        "idSalt" => ("a text", "文本"),
        "minGroupSize" => ("a whole number of at least 1", "不小于 1 的整数"),
        "search" => ("a text", "文本"),
        "segment" => ("a segment's key, such as \"champions\"", "细分的键，如 \"champions\""),
        "tier" => ("\"low\", \"medium\" or \"high\"", " \"low\"、\"medium\" 或 \"high\""),
        "cluster" => ("a cluster's number, from 0", "从 0 开始的聚类编号"),
        "lifecycle" => (
            "\"new\", \"growing\", \"mature\", \"declining\" or \"lost\"",
            " \"new\"、\"growing\"、\"mature\"、\"declining\" 或 \"lost\"",
        ),
        "sort" => (
            "\"id\", \"firstPurchase\", \"lastPurchase\", \"recencyDays\", \"frequency\", \"monetary\", \"grossProfit\", \"rfmCell\", \"segment\", \"tier\", \"nps\", \"cluster\", \"lifecycle\", \"pAlive\" or \"clv\"",
            " \"id\"、\"firstPurchase\"、\"lastPurchase\"、\"recencyDays\"、\"frequency\"、\"monetary\"、\"grossProfit\"、\"rfmCell\"、\"segment\"、\"tier\"、\"nps\"、\"cluster\"、\"lifecycle\"、\"pAlive\" 或 \"clv\"",
        ),
        "offset" | "limit" => ("a whole number of at least 0", "不小于 0 的整数"),
        _ => return None,
    })
}
