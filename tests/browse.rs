//! The customer table's pages on the CDNOW sample with lifetime values and clusters, checked
//! against a plain filter and sort of the report's customers written here.

mod common;

use std::sync::OnceLock;

use custval::{
    analyze, customer_page, ClusterParams, CustomerQuery, CustomerRow, Lifecycle, Options, Report,
    SortKey, Tier,
};

/// Analysed once for all the tests.
fn cdnow() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let options = Options {
            clusters: Some(ClusterParams::default()),
            ..Options::default()
        };
        analyze(common::cdnow_csv().as_bytes(), &options).expect("the CDNOW sample analyses")
    })
}

fn ids<'a>(rows: impl IntoIterator<Item = &'a CustomerRow>) -> Vec<&'a str> {
    rows.into_iter()
        .map(|row| row.summary.id.as_str())
        .collect()
}

#[test]
fn the_top_lifetime_values_of_one_stage_page_by_page() {
    let report = cdnow();
    let stage = Lifecycle::Declining;
    let clv = |row: &CustomerRow| {
        row.clv
            .as_ref()
            .and_then(|clv| clv.clv())
            .unwrap_or(f64::NAN)
    };
    // The expectation: every declining customer, highest CLV first (ids break no ties here:
    // the test checks that the values are distinct).
    let mut expected: Vec<&CustomerRow> = report
        .customers
        .iter()
        .filter(|row| row.clv.as_ref().map(|clv| clv.lifecycle()) == Some(stage))
        .collect();
    expected.sort_by(|a, b| clv(b).partial_cmp(&clv(a)).expect("CLVs are numbers"));
    assert!(
        expected.len() > 60,
        "{} declining customers",
        expected.len()
    );
    assert!(expected.windows(2).all(|pair| clv(pair[0]) != clv(pair[1])));

    let page = |offset| CustomerQuery {
        lifecycle: Some(stage),
        sort: SortKey::Clv,
        descending: true,
        offset,
        limit: 25,
        ..CustomerQuery::default()
    };
    let mut seen = Vec::new();
    for offset in (0..expected.len()).step_by(25) {
        let page = customer_page(report, &page(offset));
        assert_eq!(
            (page.total, page.matching),
            (report.customers.len(), expected.len())
        );
        seen.extend(ids(page.customers));
    }
    assert_eq!(seen, ids(expected));
}

#[test]
fn a_cluster_and_a_tier_together_sorted_by_p_alive() {
    let report = cdnow();
    let clusters = report.clusters.as_ref().expect("clusters were asked for");
    assert!(clusters.k >= 2);
    let p_alive = |row: &CustomerRow| {
        row.clv
            .as_ref()
            .and_then(|clv| clv.p_alive())
            .unwrap_or(f64::NAN)
    };
    for cluster in 0..clusters.k {
        let mut expected: Vec<&CustomerRow> = report
            .customers
            .iter()
            .filter(|row| row.cluster.cluster == Some(cluster) && row.rfm.tier == Tier::Medium)
            .collect();
        // Stable, like the page: equal P(alive)s keep the report's order.
        expected.sort_by(|a, b| p_alive(a).partial_cmp(&p_alive(b)).expect("numbers"));
        let query = CustomerQuery {
            cluster: Some(cluster),
            tier: Some(Tier::Medium),
            sort: SortKey::PAlive,
            descending: false,
            limit: usize::MAX,
            ..CustomerQuery::default()
        };
        let page = customer_page(report, &query);
        assert_eq!(ids(page.customers), ids(expected), "cluster {cluster}");
    }
}

#[test]
fn the_search_finds_ids_that_contain_the_text() {
    let report = cdnow();
    let query = CustomerQuery {
        search: "99".into(),
        sort: SortKey::Id,
        descending: false,
        limit: usize::MAX,
        ..CustomerQuery::default()
    };
    let found = ids(customer_page(report, &query).customers);
    // CDNOW sample ids are numbers, so the natural order is the numeric one.
    let mut expected: Vec<&str> = ids(&report.customers)
        .into_iter()
        .filter(|id| id.contains("99"))
        .collect();
    expected.sort_by_key(|id| id.parse::<u64>().expect("numeric ids"));
    assert!(expected.len() > 10);
    assert_eq!(found, expected);
}

/// tests/fixtures/costs.csv: gross profits A 88, B 96 and none for C (a row without a cost),
/// which comes first in ascending order and last in descending.
#[test]
fn customers_sorted_by_gross_profit_put_those_without_one_first() {
    let bytes = std::fs::read(common::fixture("costs.csv")).unwrap();
    let report = analyze(&bytes, &Options::default()).unwrap();
    let sorted = |descending| {
        let query = CustomerQuery {
            sort: SortKey::GrossProfit,
            descending,
            ..CustomerQuery::default()
        };
        ids(customer_page(&report, &query).customers)
    };
    assert_eq!(sorted(false), ["C", "A", "B"]);
    assert_eq!(sorted(true), ["B", "A", "C"]);
}
