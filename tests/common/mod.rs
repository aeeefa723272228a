//! Helpers shared by the integration tests.
#![allow(dead_code)] // Each test crate uses a different part.

use std::path::{Path, PathBuf};

/// A file under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The raw rows of ../shared/data/cdnow/CDNOW_sample.txt: master id, sample id, YYYYMMDD,
/// number of CDs, dollar value.
pub fn cdnow_rows() -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/cdnow/CDNOW_sample.txt");
    let raw =
        std::fs::read_to_string(&path).expect("../shared/data/cdnow/CDNOW_sample.txt is readable");
    raw.lines()
        .map(|line| line.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// The CDNOW sample as a headed CSV, as a user would export it, keyed by the sample id.
pub fn cdnow_csv() -> String {
    let mut csv = String::from("master_id,customer_id,date,cds,amount\n");
    for fields in cdnow_rows() {
        csv.push_str(&fields.join(","));
        csv.push('\n');
    }
    csv
}
