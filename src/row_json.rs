//! The customers' rows as compact JSON: byte for byte what serde_json writes for them, with
//! much less work, for the surfaces that hand out every row (the CLI's report, the page's
//! customers).
//!
//! Derived serialisation escapes each of a row's forty-odd keys again for every customer and,
//! through `#[serde(flatten)]`, goes through serde's map machinery to do it; and it escapes the
//! texts that thousands of customers share (a segment's name and why, a play's action and
//! channel, a cluster's name) once per customer. Here the keys are constants and each shared
//! text is escaped once per call; every value is still written by serde_json.
//!
//! A text written from a customer's own figures (the reason for their next best action, why
//! their lifecycle stage) is made whole before it is escaped: serialised as it is formatted, it
//! reaches serde_json's escaping in a dozen pieces, each escaped on its own, which cost more
//! than the text itself.

use std::collections::hash_map::Entry;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::attributes::CustomerAttributes;
use crate::clusters::CustomerCluster;
use crate::clv::CustomerClv;
use crate::customers::Customer;
use crate::recommend::{CustomerRecommendation, NextBestAction};
use crate::report::CustomerRow;
use crate::rfm::CustomerRfm;
use crate::text::{Language, Rendered, Texts};

/// Writes `rows` as compact JSON objects separated by commas, without the brackets around
/// them: exactly the bytes `serde_json::to_writer` writes for each row, so that pieces written
/// apart can be joined.
///
/// ```
/// use custval::{analyze, write_customer_rows, Options};
///
/// let csv = "customer,date,amount\n\"say \"\"hi\"\"\",2024-01-05,500\nb,2024-06-20,40\n";
/// let report = analyze(csv.as_bytes(), &Options::default())?;
/// let mut json = b"[".to_vec();
/// write_customer_rows(&mut json, &report.customers)?;
/// json.push(b']');
/// assert_eq!(json, serde_json::to_vec(&report.customers)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_customer_rows<W: Write + ?Sized>(out: &mut W, rows: &[CustomerRow]) -> io::Result<()> {
    let mut writer = RowWriter {
        out,
        shared: FxHashMap::default(),
        text: String::new(),
    };
    for (index, row) in rows.iter().enumerate() {
        if index > 0 {
            writer.raw(",")?;
        }
        writer.row(row)?;
    }
    Ok(())
}

/// `,"key":`, or with `first`, `{"key":`: a key that needs no escaping, as serde_json writes it.
macro_rules! key {
    ($key:literal) => {
        concat!(",\"", $key, "\":")
    };
    (first $key:literal) => {
        concat!("{\"", $key, "\":")
    };
}

struct RowWriter<'a, W: ?Sized> {
    out: &'a mut W,
    /// The JSON of each shared text met so far, by the address of the one copy its customers
    /// share: a text is escaped once however many customers carry it. The rows are borrowed
    /// for the writer's life, so no address can come to name another text meanwhile.
    shared: FxHashMap<*const Texts, Box<[u8]>>,
    /// A [`Rendered`] text in one language, made whole to be escaped at once; kept for its room.
    text: String,
}

impl<W: Write + ?Sized> RowWriter<'_, W> {
    fn raw(&mut self, json: &str) -> io::Result<()> {
        self.out.write_all(json.as_bytes())
    }

    fn value(&mut self, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
        Ok(serde_json::to_writer(&mut *self.out, value)?)
    }

    fn field(&mut self, key: &str, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
        self.raw(key)?;
        self.value(value)
    }

    fn shared(&mut self, key: &str, texts: &Arc<Texts>) -> io::Result<()> {
        self.raw(key)?;
        let json = match self.shared.entry(Arc::as_ptr(texts)) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => new.insert(serde_json::to_vec(&**texts)?.into()),
        };
        self.out.write_all(json)
    }

    /// `key` and a text written from figures, as [`crate::serialize_rendered`] writes it.
    fn rendered(&mut self, key: &str, text: &impl Rendered) -> io::Result<()> {
        self.raw(key)?;
        self.raw("{\"en\":")?;
        self.rendered_in(text, Language::En)?;
        self.raw(",\"zh-CN\":")?;
        self.rendered_in(text, Language::ZhCn)?;
        self.raw("}")
    }

    fn rendered_in(&mut self, text: &impl Rendered, language: Language) -> io::Result<()> {
        self.text.clear();
        write!(self.text, "{}", text.display(language)).map_err(io::Error::other)?;
        Ok(serde_json::to_writer(&mut *self.out, self.text.as_str())?)
    }

    /// One row, its parts in the order of [`CustomerRow`]'s fields. Every struct is taken
    /// apart whole, without `..`, so that a field added to one does not compile until it is
    /// written here too.
    fn row(&mut self, row: &CustomerRow) -> io::Result<()> {
        let CustomerRow {
            summary,
            rfm,
            attributes,
            satisfaction,
            recommendation,
            cluster,
            clv,
        } = row;
        self.summary(summary)?;
        self.rfm(rfm)?;
        let CustomerAttributes {
            region,
            channel,
            category,
            customer_type,
            discount,
        } = attributes;
        self.field(key!("region"), region)?;
        self.field(key!("channel"), channel)?;
        self.field(key!("category"), category)?;
        self.field(key!("customerType"), customer_type)?;
        self.field(key!("discount"), discount)?;
        self.field(key!("satisfaction"), satisfaction)?;
        self.recommendation(recommendation.as_ref())?;
        let CustomerCluster {
            cluster,
            cluster_name,
        } = cluster;
        self.field(key!("cluster"), cluster)?;
        match cluster_name {
            Some(name) => self.shared(key!("clusterName"), name)?,
            None => self.field(key!("clusterName"), &None::<()>)?,
        }
        if let Some(clv) = clv {
            self.clv(clv)?;
        }
        self.raw("}")
    }

    fn summary(&mut self, summary: &Customer) -> io::Result<()> {
        let Customer {
            id,
            first_purchase,
            last_purchase,
            recency_days,
            frequency,
            monetary,
            gross_profit,
        } = summary;
        self.field(key!(first "id"), id)?;
        self.field(key!("firstPurchase"), first_purchase)?;
        self.field(key!("lastPurchase"), last_purchase)?;
        self.field(key!("recencyDays"), recency_days)?;
        self.field(key!("frequency"), frequency)?;
        self.field(key!("monetary"), monetary)?;
        self.field(key!("grossProfit"), gross_profit)?;
        self.field(key!("grossMargin"), &summary.gross_margin())
    }

    fn rfm(&mut self, rfm: &CustomerRfm) -> io::Result<()> {
        let CustomerRfm {
            r_score,
            f_score,
            m_score,
            rfm_cell,
            segment,
            segment_name,
            segment_why,
            tier,
            revenue_share,
        } = rfm;
        self.field(key!("rScore"), r_score)?;
        self.field(key!("fScore"), f_score)?;
        self.field(key!("mScore"), m_score)?;
        self.field(key!("rfmCell"), rfm_cell)?;
        self.field(key!("segment"), segment)?;
        self.shared(key!("segmentName"), segment_name)?;
        self.shared(key!("segmentWhy"), segment_why)?;
        self.field(key!("tier"), tier)?;
        self.field(key!("revenueShare"), revenue_share)
    }

    fn recommendation(
        &mut self,
        recommendation: Option<&CustomerRecommendation>,
    ) -> io::Result<()> {
        let Some(CustomerRecommendation {
            value,
            next_best_action,
        }) = recommendation
        else {
            return self.field(key!("recommendation"), &None::<()>);
        };
        let NextBestAction {
            rule,
            lens,
            key,
            reason,
            action,
            channel,
            spend_cap,
        } = next_best_action;
        self.raw(key!("recommendation"))?;
        self.field(key!(first "value"), value)?;
        self.raw(key!("nextBestAction"))?;
        self.field(key!(first "rule"), rule)?;
        self.field(key!("lens"), lens)?;
        self.field(key!("key"), key)?;
        self.rendered(key!("reason"), reason)?;
        self.shared(key!("action"), action)?;
        self.shared(key!("channel"), channel)?;
        self.field(key!("spendCap"), spend_cap)?;
        self.raw("}}")
    }

    fn clv(&mut self, clv: &CustomerClv) -> io::Result<()> {
        self.field(key!("pAlive"), &clv.p_alive())?;
        self.field(key!("expectedPurchases"), &clv.expected_purchases())?;
        self.field(
            key!("expectedDaysToNextPurchase"),
            &clv.expected_days_to_next_purchase(),
        )?;
        self.field(key!("expectedAvgSpend"), &clv.expected_avg_spend())?;
        self.field(key!("clv"), &clv.clv())?;
        self.field(key!("lifecycle"), &clv.lifecycle())?;
        self.rendered(key!("lifecycleWhy"), &clv.lifecycle_why())?;
        self.field(key!("holdoutPurchases"), &clv.holdout_purchases())?;
        self.field(key!("holdoutPredicted"), &clv.holdout_predicted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, analyze_with_surveys, default_rules, ClusterParams, Options, Role};

    /// Characters serde_json escapes (a quote, a backslash, control characters) and some it
    /// writes as they are (Chinese, an emoji, a line separator, DEL, markup).
    const NEEDS_CARE: &str = "\"q\" \\b\t\n\u{1}\u{1f}\u{7f} 中文「引号」 😀 \u{2028} </script>";

    /// Every text in English and Chinese (`{"en": …, "zh-CN": …}`) in a JSON value with
    /// [`NEEDS_CARE`] added.
    fn with_care(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Array(items) => items.iter_mut().for_each(with_care),
            serde_json::Value::Object(fields) => {
                for (key, field) in fields {
                    match (key.as_str(), field) {
                        ("en" | "zh-CN", serde_json::Value::String(text)) => {
                            text.push_str(NEEDS_CARE)
                        }
                        (_, field) => with_care(field),
                    }
                }
            }
            _ => {}
        }
    }

    /// A CSV field holding `text`, quoted.
    fn quoted(text: &str) -> String {
        format!("\"{}\"", text.replace('"', "\"\""))
    }

    /// A report whose every kind of per-customer text needs care: ids, attributes, segment
    /// names, the plays' texts and the survey, with clusters and lifetime values.
    fn report_with_texts_that_need_care() -> crate::Report {
        let mut transactions = String::from("customer,date,amount,region,channel,category\n");
        let mut surveys = String::from("customer,date,nps\n");
        for customer in 0..90 {
            let care: String = NEEDS_CARE.chars().take(customer % 12).collect();
            let id = quoted(&format!("{customer}{care}"));
            let region = quoted(["North", "南区", NEEDS_CARE][customer % 3]);
            for visit in 0..1 + customer % 5 {
                let day = 1 + (customer * 7 + visit * 11) % 28;
                let month = 1 + (customer + visit * 3) % 12;
                let amount = 5 + (customer * 37 + visit * 13) % 400;
                transactions += &format!(
                    "{id},2024-{month:02}-{day:02},{amount}.25,{region},{},web{visit}\n",
                    quoted(NEEDS_CARE)
                );
            }
            if customer % 4 == 0 {
                surveys += &format!("{id},2024-06-01,{}\n", customer % 11);
            }
        }
        let mut rules = serde_json::to_value(default_rules()).unwrap();
        with_care(&mut rules);
        let mut playbook: serde_json::Value =
            serde_json::from_str(include_str!("recommend/playbook.json")).unwrap();
        with_care(&mut playbook);
        let mut options = Options {
            clusters: Some(ClusterParams::default()),
            ..Options::default()
        };
        options.rfm.rules = Some(serde_json::from_value(rules).unwrap());
        options.recommend.playbook = Some(playbook.to_string());
        analyze_with_surveys(Some(transactions.as_bytes()), surveys.as_bytes(), &options).unwrap()
    }

    fn written(rows: &[CustomerRow]) -> String {
        let mut json = b"[".to_vec();
        write_customer_rows(&mut json, rows).unwrap();
        json.push(b']');
        String::from_utf8(json).unwrap()
    }

    #[test]
    fn rows_are_written_as_serde_writes_them() {
        let report = report_with_texts_that_need_care();
        let rows = &report.customers;
        let some = |part: fn(&CustomerRow) -> bool| rows.iter().any(part);
        assert!(some(|row| row.summary.id.contains('"')));
        assert!(some(|row| row.rfm.segment_name.en.ends_with(NEEDS_CARE)));
        assert!(some(
            |row| row.attributes.get(Role::Region) == Some(NEEDS_CARE)
        ));
        assert!(some(|row| row.satisfaction.is_some()));
        assert!(some(|row| row.cluster.cluster_name.is_some()));
        assert!(some(|row| row.clv.is_some()));
        let action = |row: &CustomerRow| {
            let action = row
                .recommendation
                .as_ref()
                .map(|r| &r.next_best_action.action);
            action.is_some_and(|texts| texts.en.ends_with(NEEDS_CARE))
        };
        assert!(some(action));
        assert!(written(rows) == serde_json::to_string(rows).unwrap());
    }

    #[test]
    fn rows_without_optional_parts_are_written_as_serde_writes_them() {
        let mut rows = report_with_texts_that_need_care().customers;
        let row = &mut rows[1];
        row.summary.first_purchase = None;
        row.summary.monetary = f64::NAN;
        row.recommendation = None;
        row.cluster = CustomerCluster::default();
        row.clv = None;
        row.attributes = CustomerAttributes::default();
        for rows in [&rows[..0], &rows[..1], &rows[1..2], &rows[..]] {
            assert!(written(rows) == serde_json::to_string(rows).unwrap());
        }
    }

    #[test]
    fn a_text_that_is_not_shared_is_written_as_its_own() {
        let csv = "customer,date,amount\na,2024-01-05,500\nb,2024-06-20,40\n";
        let mut rows = analyze(csv.as_bytes(), &Options::default())
            .unwrap()
            .customers;
        // Two copies of one text, then another text where the first copy was: each row must
        // carry its own, whatever was written before.
        rows[1].rfm.segment_why = Arc::new((*rows[0].rfm.segment_why).clone());
        rows[0].rfm.segment_name = Arc::new(Texts::new(NEEDS_CARE, "另一个"));
        assert!(written(&rows) == serde_json::to_string(&rows).unwrap());
    }
}
