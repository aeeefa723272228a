//! Pages of a report's customer table: narrowed by an id search and by group, sorted by any
//! column, cut into pages. The page's table asks for one page at a time, so a report of a
//! million customers never has to leave the module whole.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::clv::{CustomerClv, Lifecycle};
use crate::report::{CustomerRow, Report};
use crate::rfm::Tier;

/// Which customers to show, in what order, and which page of them.
///
/// Every field has a default, so `{}` (from JS) is the first 100 customers by net revenue,
/// highest first.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CustomerQuery {
    /// Customers whose id contains this text, ignoring case; empty for all.
    pub search: String,
    /// Only this RFM segment (its key, e.g. `champions`).
    pub segment: Option<String>,
    /// Only this value tier.
    pub tier: Option<Tier>,
    /// Only this k-means cluster (its index).
    pub cluster: Option<usize>,
    /// Only this lifecycle stage.
    pub lifecycle: Option<Lifecycle>,
    /// The column to sort by.
    pub sort: SortKey,
    /// Highest first. Equal values keep the report's order either way.
    pub descending: bool,
    /// How many matching customers to pass over before the page.
    pub offset: usize,
    /// The most customers on the page.
    pub limit: usize,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery {
            search: String::new(),
            segment: None,
            tier: None,
            cluster: None,
            lifecycle: None,
            sort: SortKey::Monetary,
            descending: true,
            offset: 0,
            limit: 100,
        }
    }
}

/// A column of the customer table to sort by, named like the customer's field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    /// Ids in natural order: runs of digits compare as numbers, letters ignore case.
    Id,
    /// Customers without a first purchase date (a customer file may have none) come first.
    FirstPurchase,
    /// The day of the last purchase occasion.
    LastPurchase,
    /// Days from the last purchase occasion to the analysis date.
    RecencyDays,
    /// Purchase occasions up to the analysis date.
    Frequency,
    /// Net revenue up to the analysis date.
    Monetary,
    /// Customers without a gross profit (no cost column, or a row without a cost) come first.
    GrossProfit,
    /// The RFM cell, such as `543`: the R, F and M scores written together.
    RfmCell,
    /// In the order of the report's segment list, not alphabetically, so that it reads the
    /// same in every language.
    Segment,
    /// Low, medium, high.
    Tier,
    /// The latest NPS answer; customers without one come first.
    Nps,
    /// The cluster's index; customers without a cluster come first.
    Cluster,
    /// New, growing, mature, declining, lost; customers without a stage come first.
    Lifecycle,
    /// Customers without a value (no `clv` section) come first.
    PAlive,
    /// See [`SortKey::PAlive`].
    Clv,
}

/// One page of the customer table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPage<'a> {
    /// Customers in the report.
    pub total: usize,
    /// Customers that pass the search and the filters.
    pub matching: usize,
    /// The matching customers passed over before this page.
    pub offset: usize,
    /// The page, in the query's order.
    pub customers: Vec<&'a CustomerRow>,
}

/// The page of `report`'s customers that `query` asks for.
///
/// ```
/// use custval::{analyze, customer_page, CustomerQuery, Options, SortKey};
///
/// let csv = "customer,date,amount\nC2,2024-03-01,10\nC10,2024-03-02,30\nc1,2024-03-03,20\n";
/// let report = analyze(csv.as_bytes(), &Options::default())?;
/// let query = CustomerQuery { search: "C1".into(), sort: SortKey::Id, descending: false, ..CustomerQuery::default() };
/// let page = customer_page(&report, &query);
/// let ids: Vec<&str> = page.customers.iter().map(|row| row.summary.id.as_str()).collect();
/// assert_eq!((page.total, page.matching, ids), (3, 2, vec!["c1", "C10"]));
/// # Ok::<(), custval::Error>(())
/// ```
pub fn customer_page<'a>(report: &'a Report, query: &CustomerQuery) -> CustomerPage<'a> {
    let search = query.search.trim().to_lowercase();
    // Each row with its place in the report, which orders rows that sort alike.
    let mut matching: Vec<(usize, &CustomerRow)> = report
        .customers
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            (search.is_empty() || row.summary.id.to_lowercase().contains(&search))
                && query
                    .segment
                    .as_ref()
                    .is_none_or(|key| *row.rfm.segment == **key)
                && query.tier.is_none_or(|tier| row.rfm.tier == tier)
                && query
                    .cluster
                    .is_none_or(|cluster| row.cluster.cluster == Some(cluster))
                && query
                    .lifecycle
                    .is_none_or(|stage| row.clv.as_ref().map(|clv| clv.lifecycle()) == Some(stage))
        })
        .collect();
    let segment_order = |row: &CustomerRow| {
        report.rfm.as_ref().and_then(|rfm| {
            rfm.segments
                .iter()
                .position(|segment| segment.key == *row.rfm.segment)
        })
    };
    let compare = |(a_place, a): &(usize, &CustomerRow), (b_place, b): &(usize, &CustomerRow)| {
        let order = match query.sort {
            SortKey::Id => natural_order(&a.summary.id, &b.summary.id),
            SortKey::FirstPurchase => a.summary.first_purchase.cmp(&b.summary.first_purchase),
            SortKey::LastPurchase => a.summary.last_purchase.cmp(&b.summary.last_purchase),
            SortKey::RecencyDays => a.summary.recency_days.cmp(&b.summary.recency_days),
            SortKey::Frequency => a.summary.frequency.cmp(&b.summary.frequency),
            SortKey::Monetary => a.summary.monetary.total_cmp(&b.summary.monetary),
            SortKey::RfmCell => a.rfm.rfm_cell.cmp(&b.rfm.rfm_cell),
            SortKey::Segment => segment_order(a).cmp(&segment_order(b)),
            SortKey::Tier => tier_rank(a.rfm.tier).cmp(&tier_rank(b.rfm.tier)),
            SortKey::Nps => nps(a).cmp(&nps(b)),
            SortKey::Cluster => a.cluster.cluster.cmp(&b.cluster.cluster),
            SortKey::Lifecycle => lifecycle_rank(a).cmp(&lifecycle_rank(b)),
            SortKey::GrossProfit => missing_first(a.summary.gross_profit, b.summary.gross_profit),
            SortKey::PAlive => {
                missing_first(clv(a, CustomerClv::p_alive), clv(b, CustomerClv::p_alive))
            }
            SortKey::Clv => missing_first(clv(a, CustomerClv::clv), clv(b, CustomerClv::clv)),
        };
        let order = if query.descending {
            order.reverse()
        } else {
            order
        };
        order.then(a_place.cmp(b_place))
    };
    // Only the rows up to the page's end need sorting: they are picked out first, which at a
    // million customers takes a fraction of a full sort.
    let count = matching.len();
    let end = query.offset.saturating_add(query.limit).min(count);
    if end < count {
        matching.select_nth_unstable_by(end, compare);
    }
    matching.truncate(end);
    matching.sort_unstable_by(compare);
    let customers = matching
        .into_iter()
        .skip(query.offset)
        .map(|(_, row)| row)
        .collect();
    CustomerPage {
        total: report.customers.len(),
        matching: count,
        offset: query.offset,
        customers,
    }
}

fn tier_rank(tier: Tier) -> usize {
    Tier::ALL.len() - Tier::ALL.iter().position(|&t| t == tier).unwrap_or(0)
}

fn nps(row: &CustomerRow) -> Option<u8> {
    row.satisfaction.as_ref().and_then(|answers| answers.nps)
}

fn lifecycle_rank(row: &CustomerRow) -> Option<usize> {
    let stage = row.clv.as_ref()?.lifecycle();
    Lifecycle::ALL.iter().position(|&s| s == stage)
}

/// A lifetime-value figure of a customer, when the report has one.
fn clv(row: &CustomerRow, figure: fn(&CustomerClv) -> Option<f64>) -> Option<f64> {
    row.clv.as_ref().and_then(figure)
}

/// Orders figures that some customers lack: those without come first, as `None < Some` does.
fn missing_first(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

/// `C2` before `C10`, `c1` beside `C1`: what people expect of ids, as `Intl.Collator` with
/// `numeric: true` sorts them. Ties are broken by the plain text so that the order is total.
fn natural_order(a: &str, b: &str) -> Ordering {
    let (mut left, mut right) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (left.peek().copied(), right.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let order = compare_numbers(&take_digits(&mut left), &take_digits(&mut right));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(x), Some(y)) => {
                let order = x.to_lowercase().cmp(y.to_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                left.next();
                right.next();
            }
        }
    }
}

fn take_digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut digits = String::new();
    while let Some(digit) = chars.next_if(char::is_ascii_digit) {
        digits.push(digit);
    }
    digits
}

/// Two runs of ASCII digits by the numbers they write, of any length.
fn compare_numbers(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, analyze_with_surveys, Options};

    /// Five customers by hand: ids, net revenue and last purchases chosen so that each sort
    /// key gives a different order.
    const FILE: &str = "customer,date,amount\n\
        A-2,2024-01-05,50\n\
        a-10,2024-03-01,400\n\
        B7,2024-02-01,20\nB7,2024-02-20,20\nB7,2024-03-02,20\n\
        A-1,2024-03-03,5\n\
        Z0,2023-06-01,90\n";

    fn report() -> Report {
        analyze(FILE.as_bytes(), &Options::default()).unwrap()
    }

    fn ids(page: &CustomerPage<'_>) -> Vec<String> {
        page.customers
            .iter()
            .map(|row| row.summary.id.clone())
            .collect()
    }

    fn query(sort: SortKey, descending: bool) -> CustomerQuery {
        CustomerQuery {
            sort,
            descending,
            ..CustomerQuery::default()
        }
    }

    #[test]
    fn the_default_is_the_highest_net_revenue_first() {
        let report = report();
        let page = customer_page(&report, &CustomerQuery::default());
        assert_eq!(ids(&page), ["a-10", "Z0", "B7", "A-2", "A-1"]);
        assert_eq!((page.total, page.matching, page.offset), (5, 5, 0));
    }

    #[test]
    fn ids_sort_naturally_and_ignore_case() {
        let report = report();
        let page = customer_page(&report, &query(SortKey::Id, false));
        assert_eq!(ids(&page), ["A-1", "A-2", "a-10", "B7", "Z0"]);
        let page = customer_page(&report, &query(SortKey::Id, true));
        assert_eq!(ids(&page), ["Z0", "B7", "a-10", "A-2", "A-1"]);
    }

    #[test]
    fn dates_counts_and_days_sort_by_their_values() {
        let report = report();
        // Last purchases: A-1 03-03, B7 03-02, a-10 03-01, A-2 01-05, Z0 2023-06-01.
        let by_recency = customer_page(&report, &query(SortKey::RecencyDays, false));
        assert_eq!(ids(&by_recency), ["A-1", "B7", "a-10", "A-2", "Z0"]);
        let by_last = customer_page(&report, &query(SortKey::LastPurchase, true));
        assert_eq!(ids(&by_last), ids(&by_recency));
        // B7 bought three times; the rest once each keep the report's (file) order.
        let by_frequency = customer_page(&report, &query(SortKey::Frequency, true));
        assert_eq!(ids(&by_frequency), ["B7", "A-2", "a-10", "A-1", "Z0"]);
        let ascending = customer_page(&report, &query(SortKey::Frequency, false));
        assert_eq!(ids(&ascending), ["A-2", "a-10", "A-1", "Z0", "B7"]);
    }

    #[test]
    fn the_search_ignores_case_and_surrounding_blanks() {
        let report = report();
        let search = |text: &str| CustomerQuery {
            search: text.into(),
            sort: SortKey::Id,
            descending: false,
            ..CustomerQuery::default()
        };
        assert_eq!(
            ids(&customer_page(&report, &search(" a-1 "))),
            ["A-1", "a-10"]
        );
        let nothing = customer_page(&report, &search("nobody"));
        assert_eq!(
            (nothing.total, nothing.matching, nothing.customers.len()),
            (5, 0, 0)
        );
    }

    #[test]
    fn pages_cut_the_sorted_matches() {
        let report = report();
        let page = |offset, limit| CustomerQuery {
            offset,
            limit,
            ..query(SortKey::Id, false)
        };
        assert_eq!(ids(&customer_page(&report, &page(0, 2))), ["A-1", "A-2"]);
        assert_eq!(ids(&customer_page(&report, &page(2, 2))), ["a-10", "B7"]);
        assert_eq!(ids(&customer_page(&report, &page(4, 2))), ["Z0"]);
        let beyond = customer_page(&report, &page(9, 2));
        assert_eq!(
            (beyond.matching, beyond.offset, beyond.customers.len()),
            (5, 9, 0)
        );
    }

    #[test]
    fn a_page_is_its_slice_of_the_whole_order_with_ties_in_the_reports_order() {
        // 300 customers who bought once, twice or three times, on days that repeat: many ties.
        let mut file = String::from("customer,date,amount\n");
        for customer in 0..300 {
            for purchase in 0..=customer % 3 {
                let day = 1 + (customer * 7 + purchase * 3) % 28;
                file += &format!("c{customer},2024-02-{day:02},{}\n", 10 + customer % 11);
            }
        }
        let report = analyze(file.as_bytes(), &Options::default()).unwrap();
        type Key = fn(&CustomerRow) -> i64;
        let keys: [(SortKey, Key); 2] = [
            (SortKey::Frequency, |row| i64::from(row.summary.frequency)),
            (SortKey::RecencyDays, |row| row.summary.recency_days.into()),
        ];
        for (sort, key) in keys {
            for descending in [false, true] {
                // A stable sort keeps rows with the same value in the report's order.
                let mut expected: Vec<&CustomerRow> = report.customers.iter().collect();
                expected.sort_by_key(|row| if descending { -key(row) } else { key(row) });
                let expected: Vec<&str> =
                    expected.iter().map(|row| row.summary.id.as_str()).collect();
                for (offset, limit) in [
                    (0, 300),
                    (0, 1),
                    (0, 7),
                    (7, 7),
                    (150, 40),
                    (295, 10),
                    (300, 5),
                ] {
                    let page = CustomerQuery {
                        offset,
                        limit,
                        ..query(sort, descending)
                    };
                    let end = (offset + limit).min(expected.len());
                    assert_eq!(
                        ids(&customer_page(&report, &page)),
                        expected[offset.min(end)..end],
                        "{sort:?}, descending {descending}, offset {offset}, limit {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn filters_keep_only_their_group() {
        let report = report();
        let with = |query: CustomerQuery| {
            let page = customer_page(&report, &query);
            let rows: Vec<&CustomerRow> = report.customers.iter().collect();
            (page, rows)
        };
        for tier in Tier::ALL {
            let (page, rows) = with(CustomerQuery {
                tier: Some(tier),
                ..CustomerQuery::default()
            });
            let expected = rows.iter().filter(|row| row.rfm.tier == tier).count();
            assert_eq!(page.matching, expected);
            assert!(page.customers.iter().all(|row| row.rfm.tier == tier));
        }
        let segment = report.customers[0].rfm.segment.clone();
        let (page, rows) = with(CustomerQuery {
            segment: Some(segment.to_string()),
            ..CustomerQuery::default()
        });
        let expected = rows.iter().filter(|row| row.rfm.segment == segment).count();
        assert!(expected > 0);
        assert_eq!(page.matching, expected);
        // No clusters were asked for, so no customer is in cluster 0.
        let (page, _) = with(CustomerQuery {
            cluster: Some(0),
            ..CustomerQuery::default()
        });
        assert_eq!(page.matching, 0);
    }

    #[test]
    fn tiers_sort_low_to_high_and_segments_in_the_report_order() {
        let report = report();
        let by_tier = customer_page(&report, &query(SortKey::Tier, true));
        let ranks: Vec<usize> = by_tier
            .customers
            .iter()
            .map(|row| tier_rank(row.rfm.tier))
            .collect();
        assert!(ranks.windows(2).all(|pair| pair[0] >= pair[1]), "{ranks:?}");
        assert_eq!(
            by_tier.customers[0].summary.id, "a-10",
            "the top spender is high value"
        );
        let order: Vec<&str> = report
            .rfm
            .as_ref()
            .unwrap()
            .segments
            .iter()
            .map(|segment| segment.key.as_str())
            .collect();
        let by_segment = customer_page(&report, &query(SortKey::Segment, false));
        let positions: Vec<usize> = by_segment
            .customers
            .iter()
            .map(|row| {
                order
                    .iter()
                    .position(|key| **key == *row.rfm.segment)
                    .unwrap()
            })
            .collect();
        assert!(
            positions.windows(2).all(|pair| pair[0] <= pair[1]),
            "{positions:?}"
        );
    }

    #[test]
    fn customers_without_an_answer_sort_below_every_answer() {
        let surveys = "customer,date,nps\nB7,2024-03-01,3\nZ0,2024-03-01,9\nA-2,2024-03-01,0\n";
        let report = analyze_with_surveys(
            Some(FILE.as_bytes()),
            surveys.as_bytes(),
            &Options::default(),
        )
        .unwrap();
        let page = customer_page(&report, &query(SortKey::Nps, true));
        assert_eq!(ids(&page), ["Z0", "B7", "A-2", "a-10", "A-1"]);
    }

    #[test]
    fn natural_order_compares_digit_runs_as_numbers() {
        let mut ids = ["x10", "X9", "x09b", "x9a", "10", "9", "x", "007"];
        ids.sort_by(|a, b| natural_order(a, b));
        assert_eq!(ids, ["007", "9", "10", "x", "X9", "x9a", "x09b", "x10"]);
        assert_eq!(compare_numbers("00012", "12"), Ordering::Equal);
        assert_eq!(natural_order("A1", "a1"), "A1".cmp("a1"), "a total order");
        assert_eq!(
            compare_numbers("123456789012345678901234567890", "99"),
            Ordering::Greater
        );
    }

    #[test]
    fn a_query_from_json_takes_defaults_and_rejects_unknown_fields() {
        let query: CustomerQuery =
            serde_json::from_str(r#"{"sort":"pAlive","tier":"high","lifecycle":"lost"}"#).unwrap();
        assert_eq!(
            (
                query.sort,
                query.tier,
                query.lifecycle,
                query.limit,
                query.descending
            ),
            (
                SortKey::PAlive,
                Some(Tier::High),
                Some(Lifecycle::Lost),
                100,
                true
            )
        );
        assert!(serde_json::from_str::<CustomerQuery>(r#"{"sorting":"id"}"#).is_err());
        assert!(serde_json::from_str::<CustomerQuery>(r#"{"sort":"nope"}"#).is_err());
    }
}
