//! Real-world file shapes (tests/fixtures/nasty/), each with the data-quality report and the
//! customer figures worked out by hand, and the raw CDNOW file read headerless.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{HashMap, HashSet};

use custval::{
    analyze, ClusterCount, ClusterParams, ColumnRef, CustomerRow, GroupProfit, Options,
    ReadOptions, Report, RowLog,
};

fn analyse(name: &str, read: ReadOptions) -> Report {
    let bytes = std::fs::read(common::fixture(&format!("nasty/{name}"))).unwrap();
    let options = Options {
        read,
        ..Options::default()
    };
    analyze(&bytes, &options).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn columns(pairs: &[(&str, ColumnRef)]) -> ReadOptions {
    let mut options = ReadOptions::default();
    for (role, column) in pairs {
        options.columns.set(role, column.clone()).unwrap();
    }
    options
}

fn name(text: &str) -> ColumnRef {
    ColumnRef::Name(text.into())
}

/// (id, lastPurchase, frequency, monetary) of every customer.
fn customers(report: &Report) -> Vec<(String, String, u32, f64)> {
    report
        .customers
        .iter()
        .map(|c| {
            let s = &c.summary;
            (
                s.id.clone(),
                s.last_purchase.to_string(),
                s.frequency,
                s.monetary,
            )
        })
        .collect()
}

fn row(id: &str, last: &str, frequency: u32, monetary: f64) -> (String, String, u32, f64) {
    (id.into(), last.into(), frequency, monetary)
}

/// Every reason with its count and first line.
/// The analysis, with the default options, of a file of a header line and rows.
fn analyse_lines(head: &str, rows: &[&str]) -> Report {
    let file = format!("{head}\n{}\n", rows.join("\n"));
    analyze(file.as_bytes(), &Options::default()).unwrap()
}

fn issues(log: &RowLog) -> Vec<(&'static str, u64, u64)> {
    log.groups()
        .iter()
        .map(|g| (g.reason, g.count, g.examples[0].line))
        .collect()
}

#[test]
fn chinese_excel_export_in_gbk() {
    let report = analyse("gbk-chinese.csv", ReadOptions::default());
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        (input.encoding.as_str(), input.delimiter.as_str()),
        ("gb18030", ",")
    );
    assert_eq!(input.columns.transactions().unwrap().customer, "客户编号");
    assert_eq!(
        input.columns.transactions().unwrap().order.as_deref(),
        Some("订单号")
    );
    assert_eq!(
        (input.date_format.format, input.date_format.ambiguous),
        ("YYYY-MM-DD", 0)
    );
    // ￥120.50 + "1,050.00" on two orders; 88元 once. Row 5 has no customer, row 6 is 2月30日.
    assert_eq!(
        customers(&report),
        [
            row("张三", "2024-03-20", 2, 1170.5),
            row("李四", "2024-03-06", 1, 88.0)
        ]
    );
    assert_eq!(
        issues(&input.skipped),
        [("missingCustomer", 1, 5), ("invalidDate", 1, 6)]
    );
    assert_eq!(
        (input.unattributed.rows, input.unattributed.revenue),
        (1, 30.0)
    );
    assert_eq!((input.rows_read, input.rows_used), (5, 3));
}

#[test]
fn revenue_without_a_customer_counts_up_to_the_analysis_date_given() {
    // The row without a customer is dated 2024-03-21, a day after the customers' last
    // purchase: counted by default, and with asOf on or after its date, not before it.
    let bytes = std::fs::read(common::fixture("nasty/gbk-chinese.csv")).unwrap();
    let unattributed = |as_of: Option<&str>| {
        let options = Options {
            as_of: as_of.map(|date| date.parse().unwrap()),
            ..Options::default()
        };
        let report = analyze(&bytes, &options).unwrap();
        let input = report.input.unwrap();
        (input.unattributed.rows, input.unattributed.revenue)
    };
    assert_eq!(unattributed(None), (1, 30.0));
    assert_eq!(unattributed(Some("2024-03-21")), (1, 30.0));
    // Before it, neither its revenue nor its row: they go together.
    assert_eq!(unattributed(Some("2024-03-20")), (0, 0.0));
}

#[test]
fn chinese_excel_report_with_a_title_above_the_table() {
    // A report's title, its export time and a blank row above the header on line 4, padded
    // with commas as Excel saves them; a total row at the bottom.
    let report = analyse("titled-report.csv", ReadOptions::default());
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        (input.encoding.as_str(), input.delimiter.as_str()),
        ("gb18030", ",")
    );
    assert_eq!((input.header, input.header_line), (true, Some(4)));
    assert_eq!(
        input.columns.transactions().unwrap().amount.as_deref(),
        Some("实付金额")
    );
    assert_eq!(
        issues(&input.skipped),
        [
            ("aboveHeader", 2, 1),
            ("blankRow", 1, 3),
            ("totalRow", 1, 8)
        ]
    );
    let titles: Vec<&str> = input.skipped.groups()[0]
        .examples
        .iter()
        .map(|example| example.message.en.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "line 1: '2024年3月销售明细' is above the column headers on line 4, so not read as data",
            "line 2: '导出时间：2024-04-01 09:30' is above the column headers on line 4, so not read as data",
        ]
    );
    // 120.50 + 1,050.00 on two days; 88.00 once. The total row is neither a customer's nor
    // revenue without a customer.
    assert_eq!(
        customers(&report),
        [
            row("张三", "2024-03-20", 2, 1170.5),
            row("李四", "2024-03-06", 1, 88.0)
        ]
    );
    assert_eq!((input.rows_read, input.rows_used), (7, 3));
    assert_eq!(
        (input.unattributed.rows, input.unattributed.revenue),
        (0, 0.0)
    );

    // The preview finds the same header and shows the rows below it.
    let bytes = std::fs::read(common::fixture("nasty/titled-report.csv")).unwrap();
    let found = custval::preview(&bytes, true, &ReadOptions::default()).unwrap();
    assert_eq!(found.header_line, Some(4));
    let names: Vec<&str> = found.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["订单号", "客户编号", "下单时间", "实付金额", "备注"]
    );
    assert_eq!(found.rows[0], ["D001", "张三", "2024-03-05", "120.50", ""]);
    assert_eq!((found.rows.len(), found.rows_read), (4, 7));
    assert_eq!(found.problem, None);
}

#[test]
fn german_excel_export_in_windows_1252() {
    // German Excel's "CSV" is Windows-1252: umlauts in names and a header, € signs, decimal
    // commas, thousands points and day-first dates with dots.
    let report = analyse("german-ansi.csv", ReadOptions::default());
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        (input.encoding.as_str(), input.delimiter.as_str()),
        ("windows-1252", ";")
    );
    let columns = input.columns.transactions().unwrap();
    assert_eq!(
        (columns.customer.as_str(), columns.date.as_str()),
        ("Kundennummer", "Rechnungsdatum")
    );
    assert_eq!(columns.amount.as_deref(), Some("Betrag"));
    assert_eq!(
        (input.date_format.format, input.decimal_separator.format),
        ("D/M/YYYY", ",")
    );
    // 12,50 + 7,50; 1.234,00; 10,00 on 15.02 and a return of 3,00 on 21.03.
    assert_eq!(
        customers(&report),
        [
            row("K-1001", "2024-03-20", 2, 20.0),
            row("K-1002", "2024-03-06", 1, 1234.0),
            row("K-1003", "2024-02-15", 1, 7.0)
        ]
    );
    assert_eq!((input.rows_used, input.net_revenue), (5, 1261.0));
    // Its € signs tell the currency the page writes money in.
    assert_eq!(input.currency.as_deref(), Some("EUR"));
}

#[test]
fn traditional_chinese_export_in_big5() {
    // Big5 reads as valid GBK too; its Traditional headers, recognised only when read in Big5,
    // tell the two apart. The option gives the same.
    let report = analyse("big5-traditional.csv", ReadOptions::default());
    let chosen = analyse(
        "big5-traditional.csv",
        ReadOptions {
            encoding: Some("big5".into()),
            ..ReadOptions::default()
        },
    );
    assert_eq!(report, chosen);
    let input = report.input.as_ref().unwrap();
    assert_eq!(input.encoding, "Big5");
    let columns = input.columns.transactions().unwrap();
    assert_eq!(
        (columns.customer.as_str(), columns.order.as_deref()),
        ("客戶編號", Some("訂單編號"))
    );
    // 120 + 45.5; 80.
    assert_eq!(
        customers(&report),
        [
            row("陳大文", "2024-03-18", 2, 165.5),
            row("林小華", "2024-03-06", 1, 80.0)
        ]
    );
}

#[test]
fn excel_unicode_text_in_utf16_with_day_first_dates() {
    let report = analyse("excel-unicode.txt", ReadOptions::default());
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        (input.encoding.as_str(), input.delimiter.as_str()),
        ("UTF-16LE", "\t")
    );
    // 31/01 only reads day first; 05/02 reads both ways and is counted as ambiguous.
    assert_eq!(
        (
            input.date_format.format,
            input.date_format.source,
            input.date_format.ambiguous
        ),
        ("D/M/YYYY", "detected", 1)
    );
    assert_eq!(
        customers(&report),
        [
            row("C1", "2024-02-15", 2, 15.0),
            row("C2", "2024-02-05", 1, 20.0)
        ]
    );
}

#[test]
fn european_export_with_decimal_comma_and_named_columns() {
    let read = columns(&[
        ("customer", name("Kundennummer")),
        ("date", name("datum")),
        ("amount", name("Betrag")),
    ]);
    let report = analyse("european.csv", read);
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        (input.encoding.as_str(), input.delimiter.as_str()),
        ("UTF-8", ";")
    );
    assert_eq!(
        (
            input.decimal_separator.format,
            input.decimal_separator.source
        ),
        (",", "detected")
    );
    assert_eq!(
        (input.date_format.format, input.date_format.ambiguous),
        ("D/M/YYYY", 2)
    );
    // K1: 1.234,50 on 13 February, a return of 34,50 on 1 March (not an occasion).
    assert_eq!(
        customers(&report),
        [
            row("K1", "2024-02-13", 1, 1200.0),
            row("K2", "2024-03-01", 1, 99.9)
        ]
    );
}

#[test]
fn shop_export_with_month_first_dates_and_a_repeated_line() {
    let read = columns(&[("customer", name("Email")), ("order", name("Name"))]);
    let report = analyse("us-shop.csv", read);
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        (input.date_format.format, input.date_format.ambiguous),
        ("M/D/YYYY", 3)
    );
    assert_eq!(issues(&input.duplicates), [("duplicateRow", 1, 5)]);
    // a@x.com: orders #1001 and #1003 (two identical lines, both kept): 25 + 15 + 15.
    assert_eq!(
        customers(&report),
        [
            row("a@x.com", "2024-02-01", 2, 55.0),
            row("b@x.com", "2024-02-01", 1, 40.0)
        ]
    );
    let dropped = analyse(
        "us-shop.csv",
        ReadOptions {
            drop_duplicates: true,
            ..columns(&[("customer", name("Email")), ("order", name("Name"))])
        },
    );
    assert_eq!(
        customers(&dropped)[0],
        row("a@x.com", "2024-02-01", 2, 40.0)
    );
    assert_eq!(
        issues(&dropped.input.as_ref().unwrap().skipped),
        [("duplicateRow", 1, 5)]
    );
    // Shopify's orders export knows customers only by email, which is recognised unasked.
    let unasked = analyse("us-shop.csv", ReadOptions::default());
    assert_eq!(customers(&unasked), customers(&report));
}

#[test]
fn a_stray_quote_that_joins_rows_is_reported_with_the_lines_it_took() {
    // A product export with inch marks. Lines 3–4: a gift card's note on two lines, quoted as
    // it should be. Line 5 opens a quote it never closes ("32 inch TV…): the value runs to the
    // inch mark of line 6 (6" long), so line 5's row reads its last fields (2, 5.00) from line
    // 6 and C's purchase on line 6 is not a row. Lines 9–10 alike, but the joined row has 4
    // fields where 6 are needed, so it is skipped.
    let report = analyse("stray-quotes.csv", ReadOptions::default());
    let input = report.input.as_ref().unwrap();
    assert_eq!((input.rows_read, input.rows_used), (6, 5));
    // A: 199 (line 2) + 2 × 5.00 (lines 5–6). B: 50 + 4 × 2.50. C: 30 (line 7) only.
    assert_eq!(
        customers(&report),
        [
            row("A", "2024-02-01", 2, 209.0),
            row("B", "2024-02-10", 2, 60.0),
            row("C", "2024-02-03", 1, 30.0)
        ]
    );
    let lines = |log: &RowLog| -> Vec<(&str, u64, Option<u64>)> {
        log.groups()
            .iter()
            .flat_map(|g| g.examples.iter().map(|e| (g.reason, e.line, e.last_line)))
            .collect()
    };
    assert_eq!(
        lines(&input.altered),
        [("spansLines", 3, Some(4)), ("spansLines", 5, Some(6))]
    );
    assert_eq!(lines(&input.skipped), [("tooFewFields", 9, Some(10))]);
    assert_eq!(
        input.skipped.groups()[0].examples[0].message.en,
        "lines 9–10: the row has 4 fields, the columns need 6"
    );
}

#[test]
fn uci_online_retail_shape() {
    let report = analyse("uci-retail.csv", ReadOptions::default());
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        input.columns.transactions().unwrap().quantity.as_deref(),
        Some("Quantity")
    );
    assert_eq!(
        input.columns.transactions().unwrap().price.as_deref(),
        Some("UnitPrice")
    );
    // 12/13/2010 decides month first; four used rows read both ways (12/1 three times, 12/2).
    assert_eq!(
        (input.date_format.format, input.date_format.ambiguous),
        ("M/D/YYYY", 4)
    );
    assert_eq!(report.as_of.unwrap().to_string(), "2010-12-13");
    // 17850: one invoice, 6 × 2.55 + 6 × 3.39. 14527: the cancellation (−27.50) and two
    // invoices, 4.95 and 2 × 4.95.
    let found = customers(&report);
    assert_eq!(found[0].0, "17850");
    assert_eq!((found[0].2, (found[0].3 * 100.0).round()), (1, 3564.0));
    assert_eq!(
        (found[1].0.as_str(), found[1].1.as_str(), found[1].2),
        ("14527", "2010-12-13", 2)
    );
    assert!((found[1].3 - -12.65).abs() < 1e-9);
    assert_eq!(input.unattributed.rows, 1);
    assert!((input.unattributed.revenue - 20.4).abs() < 1e-9);
}

#[test]
fn raw_cdnow_file_headerless_and_whitespace_aligned() {
    let raw = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/cdnow/CDNOW_sample.txt");
    let bytes = std::fs::read(raw).unwrap();
    let mut read = columns(&[
        ("customer", ColumnRef::Position(2)),
        ("date", ColumnRef::Position(3)),
        ("amount", ColumnRef::Position(5)),
    ]);
    read.has_header = false;
    let options = Options {
        read,
        ..Options::default()
    };
    let report = analyze(&bytes, &options).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        (input.delimiter.as_str(), input.header),
        ("whitespace", false)
    );
    assert_eq!(
        (input.rows_read, input.rows_used, input.customers),
        (6_919, 6_919, 2_357)
    );
    assert_eq!(input.columns.transactions().unwrap().customer, "column 2");
    assert!(input.limitations.is_empty(), "{:?}", input.limitations);

    // Read with a header row (the default), the first line would be one, its purchase not
    // analysed: the report says so, and how to read the file.
    let with_header = Options {
        read: ReadOptions {
            has_header: true,
            ..options.read.clone()
        },
        ..Options::default()
    };
    let report_with_header = analyze(&bytes, &with_header).unwrap();
    let read_so = report_with_header.input.as_ref().unwrap();
    assert_eq!(read_so.rows_read, 6_918);
    let [limitation] = read_so.limitations.as_slice() else {
        panic!("{:?}", read_so.limitations)
    };
    assert_eq!(limitation.key, "headerLooksLikeData");
    assert!(
        limitation.text.en.starts_with(
            "The header row (line 1: 00004, 0001, 19970101, 2, …) looks like data: its values are numbers and dates. If the file has no header row, read it without one (--no-header;"
        ),
        "{}",
        limitation.text.en
    );

    // Exact repeats of an earlier row, counted here from the raw lines.
    let mut seen = HashSet::new();
    let repeats = common::cdnow_rows()
        .into_iter()
        .filter(|fields| !seen.insert(fields.clone()))
        .count();
    assert!(repeats > 0);
    assert_eq!(input.duplicates.total(), repeats as u64);

    // The same figures as the independent script's for every customer.
    let text = std::fs::read_to_string(common::fixture("peers/cdnow_rfm.csv")).unwrap();
    let peer: HashMap<&str, (i32, u32, f64)> = text
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            (
                f[0],
                (
                    f[1].parse().unwrap(),
                    f[2].parse().unwrap(),
                    f[3].parse().unwrap(),
                ),
            )
        })
        .collect();
    for c in &report.customers {
        let s = &c.summary;
        assert_eq!(
            (s.recency_days, s.frequency, s.monetary),
            peer[s.id.as_str()],
            "{}",
            s.id
        );
    }
}

/// Each customer's gross profit and margin, where every row of theirs has a cost. In
/// tests/fixtures/costs.csv: A 220 − (60 + 30 + 42) = 88; B 240 − (120 − 30 + 54) = 96, its
/// return's cost coming back; C has a row without a cost. Below, X 80 − (30 − 6) = 56, a margin
/// of 0.7; Y sells at a loss, 50 − 60 = −10, −0.2.
#[test]
fn each_customer_s_gross_profit_is_net_revenue_less_its_cost() {
    let profits = |report: &Report| -> Vec<(String, Option<f64>, Option<f64>)> {
        let round = |value: f64| (value * 1e9).round() / 1e9;
        report
            .customers
            .iter()
            .map(|c| {
                (
                    c.summary.id.clone(),
                    c.summary.gross_profit,
                    c.summary.gross_margin().map(round),
                )
            })
            .collect()
    };
    let bytes = std::fs::read(common::fixture("costs.csv")).unwrap();
    let report = analyze(&bytes, &Options::default()).unwrap();
    assert_eq!(
        profits(&report),
        [
            ("A".to_string(), Some(88.0), Some(0.4)),
            ("B".to_string(), Some(96.0), Some(0.4)),
            ("C".to_string(), None, None),
        ]
    );
    let csv =
        "customer,date,amount,cost\nX,2024-01-05,100,30\nY,2024-01-06,50,60\nX,2024-02-01,-20,6\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    assert_eq!(
        profits(&report),
        [
            ("X".to_string(), Some(56.0), Some(0.7)),
            ("Y".to_string(), Some(-10.0), Some(-0.2)),
        ]
    );
    // Without a cost column, no profit is known.
    let report = analyze(
        b"customer,date,amount\nX,2024-01-05,100\n",
        &Options::default(),
    )
    .unwrap();
    assert_eq!(profits(&report), [("X".to_string(), None, None)]);
}

/// A group's gross profit counts its customers with one. In tests/fixtures/costs.csv A (88 on
/// 220) and B (96 on 240) have one and C none: 184 on 460, a margin of 0.4, wherever the two are.
#[test]
fn segments_and_tiers_add_up_the_gross_profit_of_their_customers_with_one() {
    let bytes = std::fs::read(common::fixture("costs.csv")).unwrap();
    let report = analyze(&bytes, &Options::default()).unwrap();
    let profit = |gross_profit: f64, revenue: f64, customers: u64| GroupProfit {
        gross_profit,
        gross_margin: Some(gross_profit / revenue),
        customers,
    };
    let segment_of = |id: &str| {
        let customer = report
            .customers
            .iter()
            .find(|c| c.summary.id == id)
            .unwrap();
        customer.rfm.segment.to_string()
    };
    let (a, b) = (segment_of("A"), segment_of("B"));
    let expected = |key: &str| match (key == a, key == b) {
        (true, true) => Some(profit(184.0, 460.0, 2)),
        (true, false) => Some(profit(88.0, 220.0, 1)),
        (false, true) => Some(profit(96.0, 240.0, 1)),
        (false, false) => None,
    };
    for segment in &report.rfm.as_ref().unwrap().segments {
        assert_eq!(segment.profit, expected(&segment.key), "{}", segment.key);
    }
    // 580 in all: B and A bring 460, not the 80 % of the high tier, so all three are in it.
    let tiers = &report.tiers.as_ref().unwrap().groups;
    let profits: Vec<_> = tiers.iter().map(|t| t.profit.clone()).collect();
    assert_eq!(profits, [Some(profit(184.0, 460.0, 2)), None, None]);
    // Without a cost column, no group has a profit.
    let report = analyze(
        b"customer,date,amount\nX,2024-01-05,100\n",
        &Options::default(),
    )
    .unwrap();
    assert!(report
        .rfm
        .unwrap()
        .segments
        .iter()
        .all(|s| s.profit.is_none()));
    assert!(report
        .tiers
        .unwrap()
        .groups
        .iter()
        .all(|t| t.profit.is_none()));
}

/// tests/fixtures/costs.csv: the rows with a cost bring 100 + 50 + 70 + 200 − 50 + 90 + 40 =
/// 500 and cost 60 + 30 + 42 + 120 − 30 (a return's cost comes back) + 54 + 24 = 300, so the
/// gross margin is 1 − 300 / 500 = 0.4. C's first row has no cost and is left out of it; D's
/// cost 'n/a' cannot be read, so D's row is skipped with its line.
#[test]
fn a_cost_column_gives_the_gross_margin_that_lifetime_values_use() {
    let bytes = std::fs::read(common::fixture("costs.csv")).unwrap();
    let report = analyze(&bytes, &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        input.columns.transactions().unwrap().cost.as_deref(),
        Some("cost")
    );
    assert!((input.gross_margin.unwrap() - 0.4).abs() < 1e-12);
    let skipped = &input.skipped.groups()[0];
    assert_eq!((skipped.count, skipped.examples[0].line), (1, 10));
    assert!(
        skipped.examples[0].message.en.contains("cost"),
        "{}",
        skipped.examples[0].message.en
    );

    // The same lifetime values as the file without its cost column at a margin of 0.4.
    let without_costs: String = String::from_utf8(bytes.clone())
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with("D,"))
        .map(|line| format!("{}\n", line.rsplit_once(',').unwrap().0))
        .collect();
    let at_margin = |margin: f64, csv: &[u8]| {
        let mut options = Options::default();
        options.clv.margin = Some(margin);
        analyze(csv, &options).unwrap()
    };
    let constant = at_margin(0.4, without_costs.as_bytes());
    let clv = |report: &Report| -> Vec<Option<f64>> {
        report
            .customers
            .iter()
            .map(|c| c.clv.as_ref().and_then(|clv| clv.clv()))
            .collect()
    };
    assert!((report.clv.as_ref().unwrap().margin.unwrap() - 0.4).abs() < 1e-12);
    for (ours, theirs) in clv(&report).into_iter().zip(clv(&constant)) {
        let (ours, theirs) = (ours.unwrap(), theirs.unwrap());
        assert!(
            (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1.0),
            "{ours} vs {theirs}"
        );
    }
    // A margin given in the options wins over the file's.
    let given = at_margin(0.5, &bytes);
    assert_eq!(given.clv.as_ref().unwrap().margin, Some(0.5));
}

/// The English text of the report's `mixedCurrencies` limitation, which it gives at most once.
fn mixed_currencies(report: &Report) -> Option<String> {
    let limitations = &report.input.as_ref().unwrap().limitations;
    let mut mixed = limitations.iter().filter(|l| l.key == "mixedCurrencies");
    let text = mixed.next().map(|l| l.text.en.clone());
    assert!(mixed.next().is_none(), "mixedCurrencies given twice");
    text
}

#[test]
fn amounts_in_several_currencies_are_named_in_the_limitations() {
    // A shop selling in two currencies: the amounts are added as they are, and the report
    // says so, counting only the rows used (not the cancelled one).
    let shop = "Name,Email,Financial Status,Currency,Total,Created at\n\
                #1001,ann@x.io,paid,USD,30.00,2024-03-01\n\
                #1002,bob@x.io,paid,eur,25.00,2024-03-02\n\
                #1003,ann@x.io,paid,usd,12.00,2024-03-03\n\
                #1004,cat@x.io,voided,GBP,99.00,2024-03-04\n\
                #1005,cat@x.io,paid,,10.00,2024-03-05\n";
    let report = analyze(shop.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    let used = input.columns.transactions().unwrap();
    assert_eq!(used.currency.as_deref(), Some("Currency"));
    let mixed = mixed_currencies(&report).expect("a mixedCurrencies limitation");
    assert!(
        mixed.starts_with("Amounts are in 2 currencies (USD 2 rows, EUR 1 row)"),
        "{mixed}"
    );
    assert_eq!(input.net_revenue, 77.0);
    assert_eq!(input.currency, None);

    // Stripe converts every payment into the account's currency: one currency, no limitation.
    let stripe = "id,Created date (UTC),Amount,Currency,Converted Amount,Converted Currency,Status,Customer ID\n\
                  ch_1,2024-03-01 10:00:00,30.00,eur,32.70,usd,Paid,cus_a\n\
                  ch_2,2024-03-02 10:00:00,25.00,gbp,31.75,usd,Paid,cus_b\n";
    let report = analyze(stripe.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    let used = input.columns.transactions().unwrap();
    assert_eq!(
        (used.currency.as_deref(), used.amount.as_deref()),
        (Some("Converted Currency"), Some("Converted Amount"))
    );
    assert_eq!(mixed_currencies(&report), None);
    assert_eq!(input.net_revenue, 64.45);
    assert_eq!(input.currency.as_deref(), Some("USD"));
}

#[test]
fn stripe_refunds_are_subtracted_from_the_converted_amounts() {
    // ch_1 is partly refunded: 32.70 − 10.90 in the account's currency. ch_2's status says it
    // was refunded; ch_3's refund says so, whatever its status.
    let stripe = "id,Created date (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Converted Currency,Status,Customer ID\n\
                  ch_1,2024-03-01 10:00:00,30.00,10.00,eur,32.70,10.90,usd,Paid,cus_a\n\
                  ch_2,2024-03-02 10:00:00,25.00,25.00,gbp,31.75,31.75,usd,Refunded,cus_b\n\
                  ch_3,2024-03-05 10:00:00,20.00,20.00,usd,20.00,20.00,usd,Paid,cus_b\n\
                  ch_4,2024-03-06 10:00:00,40.00,0.00,usd,40.00,0.00,usd,Paid,cus_a\n\
                  ch_5,2024-03-07 10:00:00,15.00,,usd,15.00,,usd,Paid,cus_b\n";
    let report = analyze(stripe.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    let used = input.columns.transactions().unwrap();
    assert_eq!(used.refund.as_deref(), Some("Converted Amount Refunded"));
    assert_eq!(issues(&input.altered), [("partlyRefunded", 1, 2)]);
    assert_eq!(
        issues(&input.skipped),
        [("notASale", 1, 3), ("refundedInFull", 1, 4)]
    );
    // In cents, as the differences of two-decimal amounts are not exact in binary.
    let in_cents: Vec<_> = customers(&report)
        .into_iter()
        .map(|(id, last, frequency, monetary)| (id, last, frequency, (monetary * 100.0).round()))
        .collect();
    let cents = |id: &str, last: &str, frequency: u32, cents: f64| {
        (id.to_string(), last.to_string(), frequency, cents)
    };
    assert_eq!(
        in_cents,
        [
            cents("cus_a", "2024-03-06", 2, 2180.0 + 4000.0),
            cents("cus_b", "2024-03-07", 1, 1500.0),
        ]
    );
    assert!((input.net_revenue - 76.80).abs() < 1e-9);
}

#[test]
fn taobao_s_api_statuses_of_orders_closed_or_unpaid_are_no_sales() {
    // Taobao's API writes its statuses in capitals, and its export describes the two closed
    // states in words: tb_ann paid once (100), tb_bob once (50; his 80 was refunded and the
    // trade closed), tb_cat never.
    let head = "订单编号,买家会员名,订单状态,订单创建时间,实付金额";
    let rows = [
        "1,tb_ann,TRADE_FINISHED,2024-03-01 10:00:00,100.00",
        "2,tb_ann,TRADE_CLOSED_BY_TAOBAO,2024-03-02 10:00:00,0.00",
        "3,tb_ann,WAIT_BUYER_PAY,2024-03-03 10:00:00,0.00",
        "4,tb_bob,TRADE_CLOSED,2024-03-04 10:00:00,80.00",
        "5,tb_bob,WAIT_SELLER_SEND_GOODS,2024-03-05 10:00:00,50.00",
        "6,tb_cat,付款以前，卖家或买家主动关闭交易,2024-03-06 10:00:00,0.00",
        "7,tb_cat,付款以后用户退款成功，交易自动关闭,2024-03-07 10:00:00,60.00",
    ];
    let report = analyse_lines(head, &rows);
    let input = report.input.as_ref().unwrap();
    assert_eq!(issues(&input.skipped), [("notASale", 5, 3)]);
    assert_eq!(input.net_revenue, 150.0);
    assert_eq!(
        customers(&report),
        [
            row("tb_ann", "2024-03-01", 1, 100.0),
            row("tb_bob", "2024-03-05", 1, 50.0)
        ]
    );
}

#[test]
fn jd_s_amount_payable_repeated_on_each_item_row_is_counted_once() {
    // JD's export of one row per item: order 280000000001's two items each give the order's
    // 订单金额 (89.80) and 应付金额 (84.80, what jd_ann paid); jd_bob's first order was
    // cancelled, his second waits to leave the warehouse.
    let head =
        "订单号,商品ID,商品名称,订购数量,下单时间,京东价,订单金额,应付金额,订单状态,下单帐号";
    let rows = [
        "280000000001,100001,手机壳,1,2024-03-05 10:04:22,29.90,89.80,84.80,完成,jd_ann",
        "280000000001,100002,数据线,2,2024-03-05 10:04:22,29.95,89.80,84.80,完成,jd_ann",
        "280000000002,100001,手机壳,1,2024-03-06 10:04:22,29.90,29.90,29.90,(删除)已取消,jd_bob",
        "280000000003,100001,手机壳,1,2024-03-07 10:04:22,29.90,29.90,29.90,等待出库,jd_bob",
    ];
    let report = analyse_lines(head, &rows);
    let input = report.input.as_ref().unwrap();
    let used = input.columns.transactions().unwrap();
    assert_eq!(used.amount.as_deref(), Some("应付金额"));
    assert_eq!(issues(&input.altered), [("repeatedOrderTotal", 1, 3)]);
    assert_eq!(issues(&input.skipped), [("notASale", 1, 4)]);
    assert_eq!(
        customers(&report),
        [
            row("jd_ann", "2024-03-05", 1, 84.8),
            row("jd_bob", "2024-03-07", 1, 29.9)
        ]
    );
    assert!((input.net_revenue - 114.7).abs() < 1e-9);
}

#[test]
fn yen_and_won_signs_written_as_a_backslash_are_currency_signs() {
    // Japanese and Korean Excel write ¥ and ₩ as the byte 0x5C, a backslash in Shift_JIS and
    // EUC-KR. K001 paid 1,234 and 500, K002 300, in one currency each file: the backslash is
    // the yen beside 円, the won beside the full-width ￦.
    let japanese = "顧客ID,注文日,売上金額\n\
                    K001,2024-03-05,\"\\1,234\"\n\
                    K001,2024-03-06,500円\n\
                    K002,2024-03-07,\\300\n";
    let korean = "고객번호,날짜,금액\n\
                  K001,2024-03-05,\"\\1,234\"\n\
                  K001,2024-03-06,\\500\n\
                  K002,2024-03-07,￦300\n";
    for (text, encoding) in [
        (japanese, encoding_rs::SHIFT_JIS),
        (korean, encoding_rs::EUC_KR),
    ] {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable);
        let report = analyze(&bytes, &Options::default()).unwrap();
        let input = report.input.as_ref().unwrap();
        assert_eq!(input.encoding, encoding.name());
        assert_eq!(input.skipped.total(), 0, "{text}");
        assert_eq!(mixed_currencies(&report), None, "{text}");
        assert_eq!(
            customers(&report),
            [
                row("K001", "2024-03-06", 2, 1734.0),
                row("K002", "2024-03-07", 1, 300.0)
            ]
        );
    }
}

#[test]
fn a_stray_nul_in_a_text_file_is_reported_with_its_line() {
    // 200 rows of K1's, line 102 of K2's with a NUL before its date: the rest is read.
    let rows: Vec<String> = (0..200)
        .map(|i| match i {
            100 => "K2,\u{0}2024-03-06,20".to_string(),
            _ => format!("K1,2024-03-{:02},10", i % 28 + 1),
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let report = analyse_lines("customer,date,amount", &rows);
    let input = report.input.as_ref().unwrap();
    assert_eq!(issues(&input.skipped), [("invalidDate", 1, 102)]);
    assert_eq!(input.rows_used, 199);
    let limitation = &input.limitations[0];
    assert_eq!(limitation.key, "unreadableCharacters");
    assert!(
        limitation.text.en.contains("1 NUL character (a zero byte)")
            && limitation.text.en.contains("(on line 102)"),
        "{}",
        limitation.text.en
    );
    // A spreadsheet saved as it is (xlsx, a zip archive) has its zero bytes at the start.
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml";
    let error = analyze(xlsx, &Options::default()).unwrap_err();
    assert_eq!(error.code(), "notText");
}

#[test]
fn files_picked_by_mistake_are_named_with_the_way_to_a_csv() {
    use custval::{ErrorKind, FileFormat, Language, Rendered};
    // A PDF whose first KiB has no zero byte, and a table exported as HTML under an .xls name
    // with Chinese in it: neither is binary by its first bytes, and both read as one column.
    let pdf = [
        &b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"[..],
        &b"1 0 obj\n<< /Type /Catalog >>\nendobj\n".repeat(60),
    ]
    .concat();
    let html = "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n<table><tr><td>客户编号</td><td>金额</td></tr>\n<tr><td>A</td><td>10</td></tr></table></html>\n";
    for (file, format, english, chinese) in [
        (
            &pdf[..],
            FileFormat::Pdf,
            "this is not a CSV text file: it is a PDF document; export the data as CSV from the \
             system the PDF came from",
            "这不是 CSV 文本文件：这是 PDF 文档；请从生成该 PDF 的系统中把数据导出为 CSV",
        ),
        (
            html.as_bytes(),
            FileFormat::Html,
            "this is not a CSV text file: it is an HTML page, as some systems export tables \
             under an .xls name; open it in Excel (or another spreadsheet) and save it as CSV UTF-8",
            "这不是 CSV 文本文件：这是 HTML 网页（有些系统把表格导出为网页，却以 .xls 命名）；\
             请在 Excel（或其他电子表格软件）中打开，另存为“CSV UTF-8”",
        ),
    ] {
        // However the file arrives: whole, or a byte at a time as a slow stream may give it.
        for piece in [file.len(), 1] {
            let mut analysis = custval::Analysis::new(Options::default()).unwrap();
            let error = match file.chunks(piece).try_for_each(|chunk| analysis.push(chunk)) {
                Err(error) => error,
                Ok(()) => analysis.finish().unwrap_err(),
            };
            assert!(
                matches!(error.kind(), ErrorKind::NotText { format: Some(f) } if *f == format),
                "{error:?}"
            );
            assert_eq!(error.code(), "notText");
            assert_eq!(error.display(Language::En).to_string(), english);
            assert_eq!(error.display(Language::ZhCn).to_string(), chinese);
        }
    }
    // An HTML page read with its encoding named is taken at the caller's word.
    let named = Options {
        read: ReadOptions {
            encoding: Some("utf-8".into()),
            ..ReadOptions::default()
        },
        ..Options::default()
    };
    let error = analyze(html.as_bytes(), &named).unwrap_err();
    assert_eq!(error.code(), "missingColumn");
}

#[test]
fn wechat_pay_bill_with_its_marked_values_refund_rows_and_totals() {
    // 微信支付对账单: every value after a backquote, the payer's openid in 用户标识, a refund as a
    // row of its own (REFUND, 退款金额), and a block of totals after the rows.
    let header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
    let line = |time: &str,
                order: &str,
                payer: &str,
                status: &str,
                settled: &str,
                refund: &str,
                total: &str| {
        let cells = [
            time,
            "wx123",
            "1900000001",
            "0",
            "",
            "42000001",
            order,
            payer,
            "JSAPI",
            status,
            "CMB_CREDIT",
            "CNY",
            settled,
            "0.00",
            "0",
            "0",
            refund,
            "0.00",
            "",
            "",
            "商品",
            "",
            "0.10000",
            "0.60%",
            total,
            refund,
            "",
        ];
        cells.map(|cell| format!("`{cell}")).join(",")
    };
    let bill = [
        header.to_string(),
        line("2024-03-01 10:00:00", "ORD001", "oAnn", "SUCCESS", "128.50", "0.00", "128.50"),
        line("2024-03-02 11:00:00", "ORD002", "oBob", "SUCCESS", "56.00", "0.00", "56.00"),
        line("2024-03-05 09:00:00", "ORD003", "oAnn", "SUCCESS", "99.00", "0.00", "99.00"),
        // Bob's order refunded in full, then part of Ann's first.
        line("2024-03-06 09:00:00", "ORD002", "oBob", "REFUND", "0.00", "56.00", "56.00"),
        line("2024-03-07 09:00:00", "ORD001", "oAnn", "REFUND", "0.00", "28.50", "128.50"),
        "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额".to_string(),
        "`5,`283.50,`84.50,`0.00,`1.70000,`468.00,`84.50".to_string(),
    ]
    .join("\n");
    let report = analyze(bill.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    let used = input.columns.transactions().unwrap();
    let roles = (
        used.customer.as_str(),
        used.order.as_deref(),
        used.refund.as_deref(),
    );
    assert_eq!(roles, ("用户标识", Some("商户订单号"), Some("退款金额")));
    // The two lines of totals are too short for the columns, and counted as such.
    assert_eq!(issues(&input.skipped), [("tooFewFields", 2, 7)]);
    // Ann: 128.50 + 99.00 − 28.50 over two orders; Bob: 56.00 − 56.00 in one. The refunds are
    // returns, never purchase occasions.
    assert_eq!(
        customers(&report),
        [
            row("oAnn", "2024-03-05", 2, 199.0),
            row("oBob", "2024-03-02", 1, 0.0)
        ]
    );
    assert!((input.net_revenue - 199.0).abs() < 1e-9);
}

#[test]
fn crm_deals_count_only_when_won() {
    // Salesforce's opportunities report: the company is `Account Name`, the day `Close Date`;
    // of the stages only Closed Won is a sale, lost, open and a company's own stages are not.
    let salesforce = "Opportunity Name,Account Name,Amount,Close Date,Stage,Probability (%),Type\n\
                      Acme renewal,Acme Corp,\"$12,000.00\",3/1/2024,Closed Won,100,Existing Business\n\
                      Acme upsell,Acme Corp,\"$5,000.00\",3/15/2024,Closed Lost,0,Existing Business\n\
                      Globex new,Globex,\"$30,000.00\",4/20/2024,Negotiation/Review,90,New Business\n\
                      Globex pilot,Globex,\"$2,500.00\",2/10/2024,Closed Won,100,New Business\n\
                      Initech trial,Initech,\"$1,000.00\",4/2/2024,Pilot running,50,New Business\n";
    let report = analyze(salesforce.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    let used = input.columns.transactions().unwrap();
    let roles = (
        used.customer.as_str(),
        used.date.as_str(),
        used.status.as_deref(),
    );
    assert_eq!(roles, ("Account Name", "Close Date", Some("Stage")));
    assert_eq!(issues(&input.skipped), [("dealNotWon", 3, 3)]);
    assert_eq!(
        customers(&report),
        [
            row("Acme Corp", "2024-03-01", 1, 12_000.0),
            row("Globex", "2024-02-10", 1, 2_500.0)
        ]
    );
}

/// The columns of a payment account's activity: payer, amount, type and payee.
fn payment_columns(report: &Report) -> [&str; 4] {
    let input = report.input.as_ref().unwrap();
    let used = input.columns.transactions().unwrap();
    fn name(column: &Option<String>) -> &str {
        column.as_deref().unwrap_or("none")
    }
    [
        used.customer.as_str(),
        name(&used.amount),
        name(&used.payment_type),
        name(&used.payee),
    ]
}

#[test]
fn paypal_activity_counts_customers_payments_and_refunds_only() {
    // PayPal's activity download (its key columns, as PayPal writes them): a payment in is a
    // sale from `From Email Address`; a refund out is a return to `To Email Address`, since its
    // `From` is the shop itself; a withdrawal, a payment to a supplier, a conversion and a memo
    // are no customer's. A payment refunded later keeps its status `Refunded`, and still counts:
    // its refund is a row of its own.
    let head = "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\",\"To Email Address\",\"Transaction ID\",\"Invoice Number\",\"Country\",\"Balance Impact\"";
    let rows = [
        "01/03/2024,10:15:02,PST,Ann Lee,Express Checkout Payment,Completed,USD,128.50,-4.03,124.47,ann@example.com,shop@myshop.com,1A,INV-1001,United States,Credit",
        "01/05/2024,11:20:00,PST,Bob Chen,Website Payment,Completed,USD,56.00,-1.92,54.08,bob@example.com,shop@myshop.com,2A,INV-1002,United States,Credit",
        "01/09/2024,09:00:00,PST,Ann Lee,Payment Refund,Completed,USD,-28.50,0.89,-27.61,shop@myshop.com,ann@example.com,3A,INV-1001,United States,Debit",
        "01/10/2024,08:00:00,PST,Bank of America,General Withdrawal,Completed,USD,-100.00,0.00,-100.00,shop@myshop.com,,4A,,,Debit",
        "01/12/2024,14:30:00,PST,Acme Supplies,Express Checkout Payment,Completed,USD,-20.00,0.00,-20.00,shop@myshop.com,billing@acme.com,5A,,,Debit",
        "01/15/2024,16:45:00,PST,Carol Diaz,Express Checkout Payment,Completed,USD,75.00,-2.48,72.52,carol@example.com,shop@myshop.com,6A,INV-1003,United States,Credit",
        "01/16/2024,10:00:00,PST,Dan Roe,Express Checkout Payment,Denied,USD,40.00,0.00,40.00,dan@example.com,shop@myshop.com,7A,INV-1004,United States,Credit",
        "01/20/2024,12:00:00,PST,Eve Park,Website Payment,Refunded,USD,40.00,-1.46,38.54,eve@example.com,shop@myshop.com,8A,INV-1005,United States,Credit",
        "01/22/2024,12:00:00,PST,Eve Park,Payment Refund,Completed,USD,-40.00,1.46,-38.54,shop@myshop.com,eve@example.com,9A,INV-1005,United States,Debit",
        "01/23/2024,09:00:00,PST,,General Currency Conversion,Completed,EUR,10.00,0.00,10.00,shop@myshop.com,,10A,,,Credit",
        "01/24/2024,09:00:00,PST,Fay Wu,General Authorization,Completed,USD,30.00,0.00,30.00,fay@example.com,shop@myshop.com,11A,,,Memo",
    ];
    let report = analyse_lines(head, &rows);
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        payment_columns(&report),
        ["From Email Address", "Gross", "Type", "To Email Address"]
    );
    // Lines 5, 6, 11 and 12 are no customer's; Dan's denied payment on line 8 brought nothing.
    assert_eq!(
        issues(&input.skipped),
        [("notACustomerPayment", 4, 5), ("notASale", 1, 8)]
    );
    // Ann 128.50 − 28.50, Bob 56.00, Carol 75.00, Eve 40.00 − 40.00: the refunds are returns of
    // the customers they went to, never purchase occasions.
    assert_eq!(
        customers(&report),
        [
            row("ann@example.com", "2024-01-03", 1, 100.0),
            row("bob@example.com", "2024-01-05", 1, 56.0),
            row("carol@example.com", "2024-01-15", 1, 75.0),
            row("eve@example.com", "2024-01-20", 1, 0.0)
        ]
    );
    assert!((input.net_revenue - 231.0).abs() < 1e-9);
}

#[test]
fn paypal_activity_in_german() {
    // The German download's headers (Absender and Empfänger E-Mail-Adresse, Typ, Brutto,
    // Auswirkung auf Guthaben: Haben in, Soll out), day-first dates and decimal commas.
    let head = "Datum,Uhrzeit,Zeitzone,Name,Typ,Status,Währung,Brutto,Gebühr,Netto,Absender E-Mail-Adresse,Empfänger E-Mail-Adresse,Transaktionscode,Auswirkung auf Guthaben";
    let rows = [
        "03.01.2024,10:15:02,MEZ,Ann Lee,Express-Zahlung,Abgeschlossen,EUR,\"128,50\",\"-4,03\",\"124,47\",ann@example.com,shop@meinshop.de,1A,Haben",
        "05.01.2024,11:20:00,MEZ,Bob Chen,Handyzahlung,Abgeschlossen,EUR,\"56,00\",\"-1,92\",\"54,08\",bob@example.com,shop@meinshop.de,2A,Haben",
        "09.01.2024,09:00:00,MEZ,Ann Lee,Rückzahlung,Abgeschlossen,EUR,\"-28,50\",\"0,89\",\"-27,61\",shop@meinshop.de,ann@example.com,3A,Soll",
        "10.01.2024,08:00:00,MEZ,Sparkasse,Allgemeine Abbuchung,Abgeschlossen,EUR,\"-100,00\",\"0,00\",\"-100,00\",shop@meinshop.de,,4A,Soll",
        "12.01.2024,14:30:00,MEZ,Lieferant GmbH,Einkauf,Abgeschlossen,EUR,\"-20,00\",\"0,00\",\"-20,00\",shop@meinshop.de,rechnung@lieferant.de,5A,Soll",
        "16.01.2024,10:00:00,MEZ,Dan Roe,Express-Zahlung,Abgelehnt,EUR,\"40,00\",\"0,00\",\"40,00\",dan@example.com,shop@meinshop.de,6A,Haben",
        "23.01.2024,09:00:00,MEZ,,Allgemeine Währungsumrechnung,Abgeschlossen,EUR,\"10,00\",\"0,00\",\"10,00\",shop@meinshop.de,,7A,Haben",
    ];
    let report = analyse_lines(head, &rows);
    let input = report.input.as_ref().unwrap();
    assert_eq!(
        payment_columns(&report),
        [
            "Absender E-Mail-Adresse",
            "Brutto",
            "Typ",
            "Empfänger E-Mail-Adresse"
        ]
    );
    // The withdrawal, the purchase from a supplier and the conversion (lines 5, 6 and 8) are
    // no customer's; Dan's payment on line 7 was declined.
    assert_eq!(
        issues(&input.skipped),
        [("notACustomerPayment", 3, 5), ("notASale", 1, 7)]
    );
    // Ann 128.50 − 28.50, Bob 56.00.
    assert_eq!(
        customers(&report),
        [
            row("ann@example.com", "2024-01-03", 1, 100.0),
            row("bob@example.com", "2024-01-05", 1, 56.0)
        ]
    );
}

#[test]
fn masked_customer_ids_are_named_as_a_limitation() {
    // Alipay's merchant statement masks the payer's account: 138****1234 and 138****5678 stay
    // apart, but two payers of one mask would be one customer, and the report says how many
    // ids are masked (2 of the 3).
    let statement =
        "支付宝交易号,商户订单号,业务类型,创建时间,对方账户,订单金额（元）,商家实收（元）\n\
                     2024030122001,M1,交易,2024-03-01 10:00:00,138****1234,128.50,128.50\n\
                     2024030222001,M2,交易,2024-03-02 11:00:00,138****5678,56.00,56.00\n\
                     2024030322001,M3,交易,2024-03-03 12:00:00,ann@example.com,20.00,20.00\n";
    let report = analyze(statement.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!(input.customers, 3);
    let masked: Vec<&str> = (input.limitations.iter())
        .filter(|limitation| limitation.key == "maskedCustomerIds")
        .map(|limitation| limitation.text.en.as_str())
        .collect();
    assert_eq!(masked.len(), 1);
    assert!(
        masked[0].starts_with("2 of the 3 customer ids are masked, such as '138****1234'"),
        "{}",
        masked[0]
    );
}

#[test]
fn excel_text_formulas_read_as_the_text_they_show() {
    // An export with Taobao's headers written for Excel: order numbers of 19 digits and a member
    // id with leading zeros as text formulas (`="…"`), one amount too, quoted as a CSV writer does.
    let taobao = "订单编号,买家会员名,买家实际支付金额,订单状态,订单付款时间\n\
                  =\"3355012345678901234\",=\"007tom\",128.00,交易成功,2024-03-01 10:00:00\n\
                  =\"3355012345678901235\",=\"007tom\",\"=\"\"64.50\"\"\",交易成功,2024-03-05 11:00:00\n\
                  =\"3355012345678901236\",amy,99.00,交易成功,2024-03-06 12:00:00\n";
    let report = analyze(taobao.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!(input.skipped.total(), 0);
    assert_eq!(
        customers(&report),
        [
            ("007tom".to_string(), "2024-03-05".to_string(), 2, 192.5),
            ("amy".to_string(), "2024-03-06".to_string(), 1, 99.0),
        ]
    );
}

#[test]
fn excel_accounting_zeros_read_as_zero() {
    // Saved from Excel with the accounting format: thousands grouped, negatives in
    // parentheses, zeros as a dash. No refund is `$ -`, and b's free sample is a zero sale.
    let sheet = "customer,date,amount,refund amount\n\
                 a,2024-03-01,\" $ 1,234.50 \",\" $ -   \"\n\
                 a,2024-03-02,\" $ 100.00 \",\" $ 40.00 \"\n\
                 b,2024-03-03,\" $ -   \",\" $ -   \"\n\
                 b,2024-03-04,\" $ (20.00)\",\" $ -   \"\n";
    let report = analyze(sheet.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!(input.skipped.total(), 0);
    // a: 1,234.50 + (100 − 40); b: 0 − 20.
    let found = customers(&report);
    assert_eq!((found[0].0.as_str(), found[0].3), ("a", 1294.5));
    assert_eq!((found[1].0.as_str(), found[1].3), ("b", -20.0));
}

#[test]
fn currencies_written_beside_the_amounts_are_counted_too() {
    // Amounts saved as Excel showed them, in the currency each sale was made in.
    let mixed = "customer,date,amount\n\
                 a,2024-03-01,$12.00\n\
                 b,2024-03-02,12.50 €\n\
                 a,2024-03-03,USD 8.00\n\
                 c,2024-03-04,20\n";
    let report = analyze(mixed.as_bytes(), &Options::default()).unwrap();
    // Added as they are: 12 + 12.50 + 8 + 20.
    assert_eq!(report.input.as_ref().unwrap().net_revenue, 52.5);
    let mixed = mixed_currencies(&report).expect("a mixedCurrencies limitation");
    assert!(
        mixed.starts_with("Amounts are in 2 currencies ($ 2 rows, € 1 row)"),
        "{mixed}"
    );
    // One currency written two ways is no mix.
    let yuan =
        "客户编号,日期,金额\nA1,2024-03-01,¥88\nA2,2024-03-02,88元\nA1,2024-03-03,\"￥1,288.00\"\n";
    let report = analyze(yuan.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!(mixed_currencies(&report), None);
    assert_eq!(input.net_revenue, 1464.0);
}

#[test]
fn stray_bytes_in_a_utf8_file_are_reported_with_their_lines_however_it_is_pushed() {
    // A UTF-8 file of Chinese ids with two names pasted in from Windows-1252: Café on line
    // 150 and Müller on line 5002, past the first 64 KiB the encoding is chosen from. The
    // file stays UTF-8 (read in Windows-1252, every Chinese id would be garbled); the two
    // characters are U+FFFD, and the report says where.
    let mut file = "客户编号,日期,金额\n".as_bytes().to_vec();
    for i in 2..=5001 {
        match i {
            150 => file.extend_from_slice(b"Caf\xE9,2024-01-05,10\n"),
            _ => file.extend_from_slice(format!("客户{i},2024-01-05,10\n").as_bytes()),
        }
    }
    file.extend_from_slice(b"M\xFCller,2024-02-01,7\n");
    let whole = analyze(&file, &Options::default()).unwrap();
    let input = whole.input.as_ref().unwrap();
    assert_eq!(input.encoding, "UTF-8");
    assert_eq!(whole.customers[0].summary.id, "客户2");
    assert!(whole
        .customers
        .iter()
        .any(|c| c.summary.id == "Caf\u{FFFD}"));
    let limitation = &input.limitations[0];
    assert_eq!(limitation.key, "unreadableCharacters");
    assert!(
        limitation.text.en.starts_with(
            "2 characters are not valid UTF-8 and are read as \u{FFFD} (on lines 150, 5002)"
        ),
        "{}",
        limitation.text.en
    );
    assert!(file.len() > 64 << 10);
    for piece in [7, 1000, 50_000] {
        let mut analysis = custval::Analysis::new(Options::default()).unwrap();
        for chunk in file.chunks(piece) {
            analysis.push(chunk).unwrap();
        }
        assert_eq!(analysis.finish().unwrap(), whole, "piece {piece}");
    }
}

#[test]
fn an_excel_for_mac_file_ends_its_lines_with_carriage_returns() {
    // "CSV (Macintosh)": carriage returns alone. Line 3 has an impossible date, line 4 no
    // customer; after them, enough rows that the preview sees only the first 64 KiB.
    let mut file =
        String::from("customer,date,amount\ra,2024-01-01,5\rb,2024-02-30,6\r,2024-01-03,7\r");
    while file.len() < 100 << 10 {
        file.push_str("c,2024-01-04,8\r");
    }
    let whole = analyze(file.as_bytes(), &Options::default()).unwrap();
    let input = whole.input.as_ref().unwrap();
    assert_eq!(
        issues(&input.skipped),
        [("invalidDate", 1, 3), ("missingCustomer", 1, 4)]
    );
    assert_eq!(customers(&whole)[0], row("a", "2024-01-01", 1, 5.0));
    for piece in [1, 7, 1 << 16] {
        let mut analysis = custval::Analysis::new(Options::default()).unwrap();
        for chunk in file.as_bytes().chunks(piece) {
            analysis.push(chunk).unwrap();
        }
        assert_eq!(analysis.finish().unwrap(), whole, "piece {piece}");
    }
    let prefix = &file.as_bytes()[..custval::PREVIEW_BYTES];
    let preview = custval::preview(prefix, false, &ReadOptions::default()).unwrap();
    assert_eq!(preview.rows[0], ["a", "2024-01-01", "5"]);
    assert_eq!(preview.problem, None);
}

#[test]
fn exports_joined_with_their_byte_order_marks_read_as_one() {
    // Two UTF-8 exports joined: the second one's header on line 3 starts with its BOM, as
    // does an id written after one, which is the same customer.
    let file = "\u{FEFF}customer,date,amount\na,2024-01-01,5\n\u{FEFF}customer,date,amount\n\u{FEFF}a,2024-01-02,6\n";
    let report = analyze(file.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!(issues(&input.skipped), [("repeatedHeader", 1, 3)]);
    assert_eq!(customers(&report), [row("a", "2024-01-02", 2, 11.0)]);
}

#[test]
fn a_quote_never_closed_stops_the_reading_at_16_mib_naming_its_line() {
    // Line 3 opens a quote in its amount that nothing closes, over lines of a note: without a
    // limit the rest of the file, of any size, would be read into that one value.
    use custval::Rendered;
    let mut file = String::from("InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n");
    file.push_str("1,A,2024-01-05,1,9.99\n2,B,2024-01-06,1,\"9.99\n");
    while file.len() <= 17 << 20 {
        file.push_str("and a note that goes on\n");
    }
    let error = analyze(file.as_bytes(), &Options::default()).unwrap_err();
    assert_eq!(error.code(), "rowTooLong");
    let texts = error.texts();
    assert!(
        texts.en.starts_with("the row starting on line 3 runs on for more than 16 MiB: most likely a quote (\") opens a value and is never closed"),
        "{}",
        texts.en
    );
    assert!(texts
        .zh_cn
        .starts_with("从第 3 行开始的一行超过 16 MiB 仍未结束"));
}

#[test]
fn a_line_over_16_mib_without_a_quote_is_named_as_long_not_as_a_quote() {
    // A note column holding a document on line 3: nothing to do with a quote.
    use custval::Rendered;
    let document = "word ".repeat((17 << 20) / 5);
    let file = format!(
        "customer,date,amount,note\na,2024-01-05,9.99,\nb,2024-01-06,5,{document}\nc,2024-01-07,1,\n"
    );
    let error = analyze(file.as_bytes(), &Options::default()).unwrap_err();
    assert_eq!(error.code(), "rowTooLong");
    let texts = error.texts();
    assert!(
        texts
            .en
            .starts_with("line 3 is longer than 16 MiB, far beyond any real row"),
        "{}",
        texts.en
    );
    assert!(!texts.en.contains("quote"), "{}", texts.en);
    assert!(
        texts.zh_cn.starts_with("第 3 行超过 16 MiB"),
        "{}",
        texts.zh_cn
    );
}

#[test]
fn a_stray_quote_over_16_mib_of_rows_reads_them_as_rows() {
    // Line 3 opens a quote before its date that nothing closes, over rows of one customer:
    // each line is a row, line 3's read as written, its date invalid.
    let mut file = String::from("InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n");
    file.push_str("1,A,2024-01-05,1,9.99\n2,B,\"2024-01-06,1,9.99\n");
    let mut rows = 2;
    while file.len() <= 17 << 20 {
        file.push_str("3,C,2024-01-07,1,9.99\n");
        rows += 1;
    }
    let report = analyze(file.as_bytes(), &Options::default()).unwrap();
    let input = report.input.unwrap();
    assert_eq!((input.rows_read, input.rows_used), (rows, rows - 1));
    assert_eq!(issues(&input.skipped), [("invalidDate", 1, 3)]);
    assert_eq!(input.customers, 2);
}

#[test]
fn a_file_that_cannot_be_analysed_says_why_in_english_and_chinese() {
    use custval::Rendered;
    let message = |csv: &str, options: &Options| {
        let error = analyze(csv.as_bytes(), options).unwrap_err();
        let texts = error.texts();
        assert_eq!(texts.en, error.to_string());
        (error.code(), texts.en, texts.zh_cn)
    };
    let defaults = Options::default();
    assert_eq!(
        message("when,how much\n2024-01-02,5\n", &defaults),
        (
            "missingColumn",
            "no customer id column found among the headers [when, how much]; name that column customer_id (or 客户编号)".into(),
            "在标题 [when, how much] 中找不到客户编号列；请将该列命名为客户编号（或 customer_id）".into(),
        )
    );
    // Below a title, the header that names several columns is the one the error is about.
    assert_eq!(
        message("Sales report\nwhen,how much\n2024-01-02,5\n", &defaults).1,
        "no customer id column found among the headers [when, how much]; name that column customer_id (or 客户编号)"
    );
    // Every row skipped: the first problem, from the quality report, in the same language.
    assert_eq!(
        message("customer,date,amount\na,2024-02-30,5\n", &defaults).2,
        "1 行数据中没有一行可用（第一个问题：第 2 行：日期“2024-02-30”不是有效日期（该列按 YYYY-MM-DD 读取））"
    );
    let returns_only = message("customer,date,amount\na,2024-01-02,-5\n", &defaults);
    assert_eq!(
        returns_only.2,
        "1 行数据中没有一行可用（第一个问题：分析日期之前的每一行都是退货（金额为负），因此没有客户有可评分的购买）"
    );
    let early = Options {
        as_of: Some("2023-12-31".parse().unwrap()),
        ..Options::default()
    };
    assert_eq!(
        message("customer,date,amount\na,2024-01-02,5\n", &early).2,
        "分析日期 2023-12-31 早于数据中的最早日期（2024-01-02）；请选择更晚的日期"
    );
    assert_eq!(
        message("", &defaults),
        (
            "emptyInput",
            "the file has no data rows; choose a CSV file with a header row and one row per transaction".into(),
            "文件中没有数据行；请选择一个有标题行、每行一笔交易的 CSV 文件".into(),
        )
    );
}

#[test]
fn quickbooks_report_grouped_by_customer() {
    // QuickBooks' Sales by Customer Detail: a title above the table, the first column without
    // a header, each customer named on a row above their rows, a total after them and one at
    // the end, then the report's basis below, shaped like a heading but heading no rows.
    let report = analyse("quickbooks-sales-by-customer.csv", ReadOptions::default());
    let input = report.input.as_ref().unwrap();
    assert_eq!(input.header_line, Some(5));
    let used = input.columns.transactions().unwrap();
    assert_eq!(
        (used.customer.as_str(), used.order.as_deref()),
        ("column 1", Some("Num"))
    );
    assert_eq!(
        issues(&input.skipped),
        [
            ("aboveHeader", 3, 1),
            ("customerHeading", 2, 6),
            ("totalRow", 3, 10),
            ("reportNote", 1, 18)
        ]
    );
    assert_eq!((input.rows_read, input.rows_used), (14, 5));
    // Amy: 35 + 225 on two days, then a credit memo of −75, a return; Bill: 35 + 85. Their
    // first rows are alike but for the customer, so neither repeats the other.
    assert_eq!(
        customers(&report),
        [
            row("Amy's Bird Sanctuary", "2024-02-03", 2, 185.0),
            row("Bill's Windsurf Shop", "2024-03-01", 2, 120.0)
        ]
    );
    assert!(input.duplicates.groups().is_empty());
    assert_eq!(input.unattributed.rows, 0);

    // The preview names the unnamed column as the report does.
    let bytes = std::fs::read(common::fixture("nasty/quickbooks-sales-by-customer.csv")).unwrap();
    let found = custval::preview(&bytes, true, &ReadOptions::default()).unwrap();
    let first = &found.columns[0];
    assert_eq!(
        (first.name.as_str(), first.role),
        ("column 1", Some(custval::Role::Customer))
    );
    assert_eq!(found.rows[0][0], "Amy's Bird Sanctuary");
    assert_eq!(found.problem, None);
}

#[test]
fn a_header_written_twice_is_reported_with_the_position_of_the_column_read() {
    // Two columns named amount: the first is read, and the report says which.
    let csv = "customer,date,amount,amount\nA,2024-01-01,10,99\nB,2024-01-02,20,99\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    let columns = input.columns.transactions().unwrap();
    assert_eq!(columns.amount.as_deref(), Some("amount (column 3)"));
    assert_eq!(columns.customer, "customer");
    assert_eq!(input.net_revenue, 30.0);
}

/// tests/fixtures/superstore.csv, the header of the Superstore sample that BI tools ship, whose
/// `Profit` stands in for a cost: each row's cost is its sales less its profit. By hand (see
/// tests/fixtures/README.md): CG-12520 41.9136 + 219.582 = 261.4956 on 993.90; SO-20335
/// −383.031 + 2.5164 = −380.5146 (a table sold at a loss); the file −97.9782 on 2,037.3255.
#[test]
fn a_profit_column_gives_the_rows_costs_where_there_is_no_cost_column() {
    let bytes = std::fs::read(common::fixture("superstore.csv")).unwrap();
    let report = analyze(&bytes, &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    let used = input.columns.transactions().unwrap();
    assert_eq!(
        (used.cost.as_deref(), used.profit.as_deref()),
        (None, Some("Profit"))
    );
    let profits: HashMap<&str, f64> = report
        .customers
        .iter()
        .map(|c| (c.summary.id.as_str(), c.summary.gross_profit.unwrap()))
        .collect();
    let close = |actual: f64, expected: f64| (actual - expected).abs() < 1e-9;
    assert!(close(profits["CG-12520"], 261.4956), "{profits:?}");
    assert!(close(profits["SO-20335"], -380.5146), "{profits:?}");
    assert!(close(profits["DV-13045"], 6.8714) && close(profits["BH-11710"], 14.1694));
    assert!(close(input.gross_margin.unwrap(), -97.9782 / 2037.3255));
    // Line 8 has a profit but no sales: skipped for its amount, as any row.
    assert_eq!(issues(&input.skipped), [("invalidNumber", 1, 8)]);

    // A cost column is read as written, and a profit beside it is not.
    let both = "customer,date,amount,cost,profit\nX,2024-01-05,100,30,50\n";
    let report = analyze(both.as_bytes(), &Options::default()).unwrap();
    let used = report
        .input
        .as_ref()
        .unwrap()
        .columns
        .transactions()
        .unwrap();
    assert_eq!(
        (used.cost.as_deref(), used.profit.as_deref()),
        (Some("cost"), None)
    );
    assert_eq!(report.customers[0].summary.gross_profit, Some(70.0));
    // Chosen by name where the header is not recognised; a return's lost profit gives back its
    // cost: X 100 − 40 = 60, then −20 − (−8) = −12, so 80 − 48 = 32.
    let csv = "customer,date,amount,Marge\nX,2024-01-05,100,40\nX,2024-02-01,-20,-8\n";
    let options = Options {
        read: columns(&[("profit", name("Marge"))]),
        ..Options::default()
    };
    let report = analyze(csv.as_bytes(), &options).unwrap();
    assert_eq!(report.customers[0].summary.gross_profit, Some(32.0));

    // A profit that cannot be read skips its row, named as the column is.
    let csv = "customer,date,amount,毛利\nX,2024-01-05,100,abc\nX,2024-02-01,50,20\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!(issues(&input.skipped), [("invalidNumber", 1, 2)]);
    let message = &input.skipped.groups()[0].examples[0].message;
    assert_eq!(
        (message.en.as_str(), message.zh_cn.as_str()),
        (
            "line 2: profit 'abc' is not a number",
            "第 2 行：毛利“abc”不是数字"
        )
    );
    assert_eq!(report.customers[0].summary.gross_profit, Some(20.0));
}

/// The gross profit of tests/fixtures/superstore.csv's customers and their net revenue, worked
/// by hand in tests/fixtures/README.md.
const SUPERSTORE_BY_HAND: [(&str, f64, f64); 4] = [
    ("CG-12520", 261.4956, 993.90),
    ("DV-13045", 6.8714, 14.62),
    ("SO-20335", -380.5146, 979.9455),
    ("BH-11710", 14.1694, 48.86),
];

/// Checks a group's profit against its members' hand-computed figures.
fn assert_adds_up_by_hand(found: Option<&GroupProfit>, members: &[&CustomerRow]) {
    let by_hand = |id: &str| {
        let (_, profit, revenue) = SUPERSTORE_BY_HAND
            .iter()
            .find(|(known, ..)| *known == id)
            .unwrap();
        (*profit, *revenue)
    };
    let (profit, revenue) = members.iter().fold((0.0, 0.0), |(p, r), customer| {
        let (profit, revenue) = by_hand(&customer.summary.id);
        (p + profit, r + revenue)
    });
    let Some(found) = found else {
        assert!(
            members.is_empty(),
            "no profit for {} members",
            members.len()
        );
        return;
    };
    assert_eq!(found.customers, members.len() as u64);
    assert!(
        (found.gross_profit - profit).abs() < 1e-9,
        "{found:?} against {profit}"
    );
    let margin = found.gross_margin.unwrap();
    assert!(
        (margin - profit / revenue).abs() < 1e-12,
        "{margin} against {profit} / {revenue}"
    );
}

/// Each k-means cluster's gross profit adds up its members', wherever k-means puts them.
#[test]
fn each_cluster_adds_up_the_gross_profit_of_its_customers() {
    let bytes = std::fs::read(common::fixture("superstore.csv")).unwrap();
    let options = Options {
        clusters: Some(ClusterParams {
            k: ClusterCount::Fixed(2),
            ..ClusterParams::default()
        }),
        ..Options::default()
    };
    let report = analyze(&bytes, &options).unwrap();
    let clusters = &report.clusters.as_ref().unwrap().clusters;
    assert_eq!(clusters.len(), 2);
    for cluster in clusters {
        let members: Vec<&CustomerRow> = report
            .customers
            .iter()
            .filter(|customer| customer.cluster.cluster == Some(cluster.index))
            .collect();
        assert_adds_up_by_hand(cluster.profit.as_ref(), &members);
    }
}

/// Each lifecycle stage's gross profit adds up its members', and a stage without any has none.
#[test]
fn each_lifecycle_stage_adds_up_the_gross_profit_of_its_customers() {
    let bytes = std::fs::read(common::fixture("superstore.csv")).unwrap();
    let report = analyze(&bytes, &Options::default()).unwrap();
    let stages = &report.clv.as_ref().unwrap().lifecycle;
    assert_eq!(stages.len(), 5);
    for stage in stages {
        let members: Vec<&CustomerRow> = report
            .customers
            .iter()
            .filter(|customer| {
                customer.clv.as_ref().map(|clv| clv.lifecycle()) == Some(stage.stage)
            })
            .collect();
        assert_eq!(stage.customers, members.len() as u64);
        assert_adds_up_by_hand(stage.profit.as_ref(), &members);
    }
}
