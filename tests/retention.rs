//! Customer retention: the repeat-purchase rate and each period's active, new and retained
//! customers, checked against figures worked out by hand. The CDNOW sample is checked against
//! DuckDB by tests/peers/retention.py.
#![cfg(not(target_arch = "wasm32"))]

use custval::{
    analyze, analyze_customer_records, CustomerRecord, LastSeen, Options, RetentionPeriod,
};

/// As of 2024-08-15: A buys in January, February and April; B in February and July; C in May
/// and August, with a return in June, which is no purchase; D in April, and again after asOf.
const PURCHASES: &str = "customer,date,amount
A,2024-01-10,20
A,2024-02-20,30
A,2024-04-05,10
B,2024-02-01,50
B,2024-07-01,15
C,2024-05-01,40
C,2024-06-01,-10
C,2024-08-10,25
D,2024-04-15,60
D,2024-09-01,70
";

fn retention() -> custval::RetentionSection {
    let options = Options {
        as_of: Some("2024-08-15".parse().unwrap()),
        ..Options::default()
    };
    analyze(PURCHASES.as_bytes(), &options)
        .unwrap()
        .retention
        .expect("a transactions file has a retention section")
}

/// A period as (label, active, new, retained, retention rate, partial).
type Row<'a> = (&'a str, u64, u64, Option<u64>, Option<f64>, bool);

fn rows(periods: &[RetentionPeriod]) -> Vec<Row<'_>> {
    periods
        .iter()
        .map(|p| {
            (
                p.period.as_str(),
                p.active,
                p.new,
                p.retained,
                p.retention_rate,
                p.partial,
            )
        })
        .collect()
}

#[test]
fn repeat_customers_have_two_purchase_occasions_by_as_of() {
    let retention = retention();
    // A, B and C; D's second purchase is after asOf.
    assert_eq!((retention.customers, retention.repeat_customers), (4, 3));
    assert_eq!(retention.repeat_purchase_rate, 0.75);
}

#[test]
fn quarters_count_who_came_back_from_the_quarter_before() {
    let retention = retention();
    assert_eq!(
        rows(&retention.by_quarter),
        [
            // A and B, both new.
            ("2024-Q1", 2, 2, None, None, false),
            // A, C and D; C and D new; of Q1's A and B, A came back.
            ("2024-Q2", 3, 2, Some(1), Some(0.5), false),
            // B and C; of Q2's A, C and D, C came back. asOf cuts the quarter short.
            ("2024-Q3", 2, 0, Some(1), Some(1.0 / 3.0), true),
        ]
    );
    let last = retention.by_quarter.last().unwrap();
    assert_eq!(
        (last.start.to_string(), last.end.to_string()),
        ("2024-07-01".into(), "2024-08-15".into())
    );
}

#[test]
fn months_without_customers_have_no_rate_after_them() {
    let retention = retention();
    assert_eq!(
        rows(&retention.by_month),
        [
            ("2024-01", 1, 1, None, None, false),
            // A again, B new: January's one customer came back.
            ("2024-02", 2, 1, Some(1), Some(1.0), false),
            ("2024-03", 0, 0, Some(0), Some(0.0), false),
            // After a month without customers, nobody could come back.
            ("2024-04", 2, 1, Some(0), None, false),
            ("2024-05", 1, 1, Some(0), Some(0.0), false),
            // C's return is no purchase.
            ("2024-06", 0, 0, Some(0), Some(0.0), false),
            ("2024-07", 1, 0, Some(0), None, false),
            ("2024-08", 1, 0, Some(0), Some(0.0), true),
        ]
    );
    assert_eq!(rows(&retention.by_year), [("2024", 4, 4, None, None, true)]);
}

#[test]
fn a_customer_file_has_no_dated_purchases_to_retain() {
    let record = CustomerRecord {
        id: "A".into(),
        last_purchase: LastSeen::Date("2024-03-01".parse().unwrap()),
        first_purchase: None,
        frequency: 2,
        monetary: 50.0,
        purchase_days: None,
        repeat_monetary: None,
        cost: None,
    };
    let report = analyze_customer_records(vec![record], None, &Options::default()).unwrap();
    assert_eq!(report.retention, None);
}
