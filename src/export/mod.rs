//! Deliverables a consultant can hand over: the per-customer table, the segment summary, the
//! call list and the region, channel, category and customer type breakdown as CSV, and a privacy-safe
//! aggregates-only CSV.
//!
//! Every file is UTF-8 with a byte-order mark (Excel then reads Chinese text correctly), uses
//! commas and CRLF line ends, quotes fields as RFC 4180 says, and prefixes text that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return with an apostrophe, so no cell can run
//! as a formula. Numbers are written as numbers: figures from the data to 15 significant
//! digits, the models' estimates of money (value, value at risk, spend caps) to the cent.

mod csv;
mod params;

use crate::attributes::RowsProfit;
use crate::columns::Role;
use crate::recommend::{group_key, SegmentPlay};
use crate::report::Report;
use crate::text::{Rendered, Texts};

pub use params::{ExportConfig, ExportError, ExportParams};

use self::csv::{Cell, CsvWriter};

/// Both languages of a text, as two cells.
fn both(text: &Texts) -> [Cell<'_>; 2] {
    [Cell::Text(&text.en), Cell::Text(&text.zh_cn)]
}

/// The per-customer table: the report's customers with their RFM fields, cluster, churn and
/// lifetime-value figures, latest survey answers, value and next best action, one row each.
/// The cluster and model columns are empty where the report has no such section.
///
/// ```
/// use custval::{analyze, customers_csv, ExportParams, Options};
///
/// let report = analyze(b"customer,date,amount\n=1+1,2024-01-02,5\n", &Options::default())?;
/// let csv = customers_csv(&report, &ExportParams::default().check()?);
/// assert!(csv.starts_with("\u{feff}id,firstPurchase,"));
/// assert!(csv.contains("\r\n'=1+1,2024-01-02,2024-01-02,0,1,5,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn customers_csv(report: &Report, config: &ExportConfig) -> String {
    let mut csv = CsvWriter::new(&[
        "id",
        "firstPurchase",
        "lastPurchase",
        "recencyDays",
        "frequency",
        "monetary",
        "grossProfit",
        "grossMargin",
        "rScore",
        "fScore",
        "mScore",
        "rfmCell",
        "segment",
        "segmentName",
        "segmentName (zh-CN)",
        "tier",
        "revenueShare",
        "cluster",
        "clusterName",
        "clusterName (zh-CN)",
        "pAlive",
        "expectedPurchases",
        "clv",
        "lifecycle",
        "region",
        "salesChannel",
        "category",
        "customerType",
        "discount",
        "nps",
        "npsGroup",
        "csat",
        "ces",
        "value",
        "rule",
        "nextBestAction",
        "nextBestAction (zh-CN)",
        "channel",
        "channel (zh-CN)",
        "spendCap",
        "reason",
        "reason (zh-CN)",
    ]);
    for customer in &report.customers {
        let (summary, rfm) = (&customer.summary, &customer.rfm);
        let id = config.id(&summary.id);
        let (first, last) = (
            summary
                .first_purchase
                .map_or_else(String::new, |date| date.to_string()),
            summary.last_purchase.to_string(),
        );
        let answers = customer.satisfaction.as_deref();
        let answer = |pick: fn(&crate::CustomerSatisfaction) -> Option<u8>| {
            answers
                .and_then(pick)
                .map_or(Cell::Empty, |a| Cell::Count(a.into()))
        };
        // The reason is written from the customer's figures only when exported.
        let reason = customer
            .recommendation
            .as_ref()
            .map(|r| r.next_best_action.reason.texts());
        let mut cells = vec![
            Cell::Text(&id),
            Cell::Text(&first),
            Cell::Text(&last),
            Cell::Number(summary.recency_days.into()),
            Cell::Count(summary.frequency.into()),
            Cell::Number(summary.monetary),
            summary.gross_profit.map_or(Cell::Empty, Cell::Number),
            summary.gross_margin().map_or(Cell::Empty, Cell::Number),
            Cell::Count(rfm.r_score.into()),
            Cell::Count(rfm.f_score.into()),
            Cell::Count(rfm.m_score.into()),
            Cell::Text(&rfm.rfm_cell),
            Cell::Text(&rfm.segment),
        ];
        cells.extend(both(&rfm.segment_name));
        cells.extend([Cell::Text(rfm.tier.key()), Cell::Number(rfm.revenue_share)]);
        let cluster = &customer.cluster;
        cells.push(
            cluster
                .cluster
                .map_or(Cell::Empty, |c| Cell::Count(c as u64)),
        );
        match &cluster.cluster_name {
            Some(name) => cells.extend(both(name)),
            None => cells.extend([Cell::Empty, Cell::Empty]),
        }
        let clv = customer.clv.as_ref();
        cells.extend([
            clv.and_then(|c| c.p_alive())
                .map_or(Cell::Empty, Cell::Number),
            clv.and_then(|c| c.expected_purchases())
                .map_or(Cell::Empty, Cell::Number),
            clv.and_then(|c| c.clv()).map_or(Cell::Empty, Cell::Money),
            clv.map_or(Cell::Empty, |c| Cell::Text(c.lifecycle().key())),
        ]);
        cells.extend(Role::ATTRIBUTES.map(|role| {
            customer
                .attributes
                .get(role)
                .map_or(Cell::Empty, Cell::Text)
        }));
        cells.extend([
            answer(|s| s.nps),
            answers
                .and_then(|s| s.nps_group)
                .map_or(Cell::Empty, |group| Cell::Text(group_key(group))),
            answer(|s| s.csat),
            answer(|s| s.ces),
        ]);
        match customer.recommendation.as_ref().zip(reason.as_ref()) {
            Some((recommendation, reason)) => {
                let action = &recommendation.next_best_action;
                cells.extend([
                    Cell::Money(recommendation.value),
                    Cell::Text(action.rule.key()),
                ]);
                cells.extend(both(&action.action));
                cells.extend(both(&action.channel));
                cells.push(Cell::Money(action.spend_cap));
                cells.extend(both(reason));
            }
            None => cells.extend(std::iter::repeat_with(|| Cell::Empty).take(9)),
        }
        csv.row(cells);
    }
    csv.finish()
}

/// The call list: rank, customer, value at risk, why and what to do.
pub fn call_list_csv(report: &Report, config: &ExportConfig) -> String {
    let mut csv = CsvWriter::new(&[
        "rank",
        "id",
        "rule",
        "valueAtRisk",
        "reason",
        "reason (zh-CN)",
        "action",
        "action (zh-CN)",
        "channel",
        "channel (zh-CN)",
        "spendCap",
    ]);
    let calls = report.recommendations.iter().flat_map(|r| &r.call_list);
    for call in calls {
        let id = config.id(&call.id);
        let action = &call.action;
        let reason = action.reason.texts();
        let mut cells = vec![
            Cell::Count(call.rank.into()),
            Cell::Text(&id),
            Cell::Text(action.rule.key()),
            Cell::Money(call.value_at_risk),
        ];
        cells.extend(both(&reason));
        cells.extend(both(&action.action));
        cells.extend(both(&action.channel));
        cells.push(Cell::Money(action.spend_cap));
        csv.row(cells);
    }
    csv.finish()
}

/// The segment summary: every group of every lens with its customers, money at stake and play.
pub fn segments_csv(report: &Report) -> String {
    segment_table(report, None)
}

/// The segment summary without customer ids (it never has any) and with every group of
/// fewer than [`ExportConfig::min_group_size`] customers suppressed: its figures are left
/// blank and `suppressed` is `true`. Where the groups a lens hides (with the customers it lists
/// in no group) number fewer than that, subtracting the groups shown from the total would give
/// their figures, so the lens's smallest groups shown are suppressed too. Suppressed groups
/// come after the groups shown in their lens, by key, so that their place tells nothing.
///
/// ```
/// use custval::{aggregates_csv, analyze, ExportParams, Options};
///
/// let csv = "customer,date,amount\na,2024-01-02,5\nb,2024-01-03,7\n";
/// let report = analyze(csv.as_bytes(), &Options::default())?;
/// let shared = aggregates_csv(&report, &ExportParams::default().check()?);
/// // Two customers: every group is smaller than 5, so no figure is shown.
/// assert!(shared.lines().skip(1).all(|line| line.contains(",,,,true,")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn aggregates_csv(report: &Report, config: &ExportConfig) -> String {
    segment_table(report, Some(config.min_group_size()))
}

fn segment_table(report: &Report, min_group_size: Option<usize>) -> String {
    let mut csv = CsvWriter::new(&[
        "lens",
        "key",
        "name",
        "name (zh-CN)",
        "customers",
        "revenue",
        "grossProfit",
        "grossMargin",
        "value",
        "valueAtRisk",
        "spendCapTotal",
        "suppressed",
        "goal",
        "goal (zh-CN)",
        "actions",
        "actions (zh-CN)",
        "channel",
        "channel (zh-CN)",
        "spendCapRule",
        "spendCapRule (zh-CN)",
    ]);
    let segments: &[SegmentPlay] = report.recommendations.as_ref().map_or(&[], |r| &r.segments);
    let suppressed = match min_group_size {
        Some(k) => {
            let all_customers = report.input.as_ref().map_or(0, |input| input.customers);
            suppressed(segments, all_customers, k)
        }
        None => vec![false; segments.len()],
    };
    // The RFM segments are listed by value: a suppressed one between two groups shown would
    // have its value bounded by theirs, and with the lens's hidden total (the tiers' sum less
    // the segments shown) a lone big spender's nearly read. So the suppressed groups follow
    // those shown in their lens, by key, whatever their figures.
    let mut rows: Vec<(&SegmentPlay, bool)> = segments.iter().zip(suppressed).collect();
    rows.sort_by(|(a, a_hidden), (b, b_hidden)| {
        let a_place = (a.lens, a_hidden, a_hidden.then_some(&a.key));
        a_place.cmp(&(b.lens, b_hidden, b_hidden.then_some(&b.key)))
    });
    for (segment, hidden) in rows {
        let play = &segment.play;
        let actions = Texts::new(
            join(play.actions.iter().map(|a| a.en.as_str()), " | "),
            join(play.actions.iter().map(|a| a.zh_cn.as_str()), " | "),
        );
        let mut cells = vec![Cell::Text(segment.lens.key()), Cell::Text(&segment.key)];
        cells.extend(both(&segment.name));
        if hidden {
            cells.extend([Cell::Empty; 7]);
        } else {
            let profit = segment.profit.as_ref();
            cells.extend([
                Cell::Count(segment.customers),
                Cell::Number(segment.revenue),
                profit.map_or(Cell::Empty, |p| Cell::Number(p.gross_profit)),
                profit
                    .and_then(|p| p.gross_margin)
                    .map_or(Cell::Empty, Cell::Number),
                Cell::Money(segment.value),
                segment.value_at_risk.map_or(Cell::Empty, Cell::Money),
                Cell::Money(segment.spend_cap_total),
            ]);
        }
        cells.push(Cell::Text(if hidden { "true" } else { "false" }));
        cells.extend(both(&play.goal));
        cells.extend(both(&actions));
        cells.extend(both(&play.channel));
        cells.extend(both(&segment.spend_cap_rule));
        csv.row(cells);
    }
    csv.finish()
}

/// The region, channel, category and customer type breakdown: a row per value of each such
/// column, as the
/// report's `attributes` list them (the most revenue first), then the column's blank fields
/// (`blank` true, with no value, customers or share). Gross profit and margin are over the rows
/// with a cost, `profitRows` of them; empty where none has one. Only the header without such
/// columns.
///
/// ```
/// use custval::{analyze, attributes_csv, Options};
///
/// let csv = "customer,date,amount,region\na,2024-01-02,5,North\nb,2024-01-03,15,\n";
/// let report = analyze(csv.as_bytes(), &Options::default())?;
/// let breakdown = attributes_csv(&report);
/// let rows: Vec<&str> = breakdown.lines().skip(1).collect();
/// assert_eq!(rows, ["region,region,North,false,1,1,5,0.25,,,", "region,region,,true,,1,15,,,,"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attributes_csv(report: &Report) -> String {
    let mut csv = CsvWriter::new(&[
        "attribute",
        "column",
        "value",
        "blank",
        "customers",
        "rows",
        "revenue",
        "revenueShare",
        "grossProfit",
        "grossMargin",
        "profitRows",
    ]);
    let profit_cells = |profit: Option<&RowsProfit>| match profit {
        Some(profit) => [
            Cell::Number(profit.gross_profit),
            profit.gross_margin.map_or(Cell::Empty, Cell::Number),
            Cell::Count(profit.rows),
        ],
        None => [Cell::Empty; 3],
    };
    for breakdown in &report.attributes {
        let column = [
            Cell::Text(breakdown.attribute.key()),
            Cell::Text(&breakdown.column),
        ];
        for value in &breakdown.values {
            let mut cells = column.to_vec();
            cells.extend([
                Cell::Text(&value.value),
                Cell::Text("false"),
                Cell::Count(value.customers),
                Cell::Count(value.rows),
                Cell::Number(value.revenue),
                Cell::Number(value.revenue_share),
            ]);
            cells.extend(profit_cells(value.profit.as_ref()));
            csv.row(cells);
        }
        if breakdown.blank_rows > 0 {
            let mut cells = column.to_vec();
            cells.extend([
                Cell::Empty,
                Cell::Text("true"),
                Cell::Empty,
                Cell::Count(breakdown.blank_rows),
                Cell::Number(breakdown.blank_revenue),
                Cell::Empty,
            ]);
            cells.extend(profit_cells(breakdown.blank_profit.as_ref()));
            csv.row(cells);
        }
    }
    csv.finish()
}

fn join<'a>(parts: impl Iterator<Item = &'a str>, separator: &str) -> String {
    parts.collect::<Vec<_>>().join(separator)
}

/// Which groups to suppress: every group under `k` customers, then in each lens the smallest
/// groups shown until the customers a reader cannot see are none or at least `k`. A reader
/// who subtracts a lens's groups from the customers' total (in the report, or in a lens that
/// lists everyone) gets the sum of what the lens does not show: its suppressed groups and the
/// customers it lists in no group, such as those without a survey answer or in a group
/// without a play. With fewer than `k` of them, that sum would be a small group's figure.
fn suppressed(segments: &[SegmentPlay], all_customers: u64, k: usize) -> Vec<bool> {
    let k = k as u64;
    let mut hidden: Vec<bool> = segments.iter().map(|s| s.customers < k).collect();
    for lens in crate::recommend::Lens::ALL {
        let in_lens: Vec<usize> = (0..segments.len())
            .filter(|&i| segments[i].lens == lens)
            .collect();
        let listed: u64 = in_lens.iter().map(|&i| segments[i].customers).sum();
        let unseen = |hidden: &[bool]| {
            let suppressed = in_lens.iter().filter(|&&i| hidden[i]);
            all_customers.saturating_sub(listed)
                + suppressed.map(|&i| segments[i].customers).sum::<u64>()
        };
        while (1..k).contains(&unseen(&hidden)) {
            let smallest_shown = in_lens
                .iter()
                .filter(|&&i| !hidden[i])
                .min_by_key(|&&i| (segments[i].customers, i));
            match smallest_shown {
                Some(&i) => hidden[i] = true,
                None => break,
            }
        }
    }
    hidden
}
