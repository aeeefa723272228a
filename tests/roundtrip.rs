//! Property: any transactions file the csv crate writes, with awkward ids (delimiters, quotes,
//! line breaks, Chinese), reads back to the per-customer figures computed here directly.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use custval::{analyze, Date, Options};
use proptest::prelude::*;

const IDS: [&str; 6] = [
    "plain",
    "with,comma",
    "with \"quotes\"",
    "two\nlines",
    "客户 7",
    "semi;colon",
];

fn rows() -> impl Strategy<Value = Vec<(usize, i32, i64)>> {
    // (customer, day offset, amount in cents); about one row in ten is a return.
    prop::collection::vec((0..IDS.len(), 0..400i32, -5_000..100_000i64), 1..60)
}

proptest! {
    #[test]
    fn written_files_read_back(rows in rows()) {
        let start = Date::from_ymd(2023, 1, 1).unwrap();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["customer", "date", "amount"]).unwrap();
        for &(customer, day, cents) in &rows {
            let amount = format!("{}{}.{:02}", if cents < 0 { "-" } else { "" }, cents.abs() / 100, cents.abs() % 100);
            writer.write_record([IDS[customer], &start.add_days(day).to_string(), &amount]).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let report = analyze(&bytes, &Options::default()).unwrap();

        let mut cents: BTreeMap<&str, i64> = BTreeMap::new();
        let mut days: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
        for &(customer, day, amount) in &rows {
            *cents.entry(IDS[customer]).or_default() += amount;
            if amount >= 0 {
                days.entry(IDS[customer]).or_default().insert(day);
            }
        }
        prop_assert_eq!(report.input.rows_read, rows.len() as u64);
        prop_assert_eq!(report.input.rows_skipped, 0);
        prop_assert_eq!(report.customers.len(), days.len());
        for customer in &report.customers {
            let s = &customer.summary;
            prop_assert_eq!(s.frequency as usize, days[s.id.as_str()].len());
            prop_assert_eq!((s.monetary * 100.0).round() as i64, cents[s.id.as_str()]);
        }
    }
}
