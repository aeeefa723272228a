//! The ingest entry point on arbitrary bytes: any input gives a report or an error, never a
//! panic, and a report accounts for every row; the preview of the same bytes, and the same
//! bytes read as a survey file, never panic either. The first byte picks the reading options.
#![no_main]

use custval::{analyze, analyze_with_surveys, preview, ColumnRef, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let mut options = Options::default();
    if choice & 1 == 1 {
        options.read.has_header = false;
        let first = usize::from(choice >> 1 & 3) + 1;
        for (role, offset) in [("customer", 0), ("date", 1), ("amount", 2)] {
            let _ = options.read.columns.set(role, ColumnRef::Position(first + offset));
        }
    }
    options.read.drop_duplicates = choice & 8 == 8;
    let _ = preview(bytes, choice & 16 == 16, &options.read);
    if choice & 32 == 32 {
        if let Ok(report) = analyze_with_surveys(None, bytes, &options) {
            let survey = &report.satisfaction.as_ref().expect("a survey section").input;
            assert_eq!(survey.rows_read, survey.rows_used + survey.rows_skipped);
        }
        return;
    }
    if let Ok(report) = analyze(bytes, &options) {
        let input = report.input.as_ref().expect("a transactions report has an input section");
        assert_eq!(input.rows_read, input.rows_used + input.rows_after_as_of + input.rows_skipped);
        assert_eq!(input.customers as usize, report.customers.len());
    }
});
