//! Customer-level input: customer files and records, checked against hand-computed values and
//! against the analysis of the transactions they were aggregated from.

mod common;

use custval::{
    analyze, analyze_customer_records, CustomerRecord, InputKind, LastSeen, Options, ReadOptions,
    Report, Setting,
};

fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::fixture(&format!("customer-level/{name}"))).expect("a fixture")
}

fn as_of(date: &str) -> Options {
    Options {
        as_of: Some(date.parse().expect("a date")),
        ..Options::default()
    }
}

fn day(text: &str) -> custval::Date {
    text.parse().expect("a date")
}

/// Every per-customer figure both analyses give, by id.
fn figures(report: &Report) -> Vec<(String, i32, u32, f64, String, String)> {
    report
        .customers
        .iter()
        .map(|c| {
            (
                c.summary.id.clone(),
                c.summary.recency_days,
                c.summary.frequency,
                c.summary.monetary,
                c.rfm.rfm_cell.to_string(),
                format!("{} {}", c.rfm.segment, c.rfm.tier.key()),
            )
        })
        .collect()
}

/// `customer-level/customers.csv` was aggregated by hand from `customer-level/transactions.csv`
/// as of 2024-06-30 (order ids are occasions, negative amounts and the cancellation C1010 are
/// returns, eve has only a return, one row has no id, bob's 2024-07-05 order is later):
///
/// | id | first | last | F | M | days | repeat |
/// |---|---|---|---|---|---|---|
/// | ann | 01-10 | 03-15 | 3 (1001, 1002, 1003) | 50+20+30+5−10 = 95 | 2 | 30+5−10 = 25 |
/// | bob | 02-01 | 06-20 | 3 | 220 | 3 | 120 |
/// | cy | 06-25 | 06-25 | 1 | 15 | 1 | 0 |
/// | dee | 01-05 | 01-05 | 1 | 200−30 = 170 | 1 | 0 (the return is of the first purchase) |
/// | fay | 02-10 | 05-10 | 4 | 40 | 4 | 30 |
/// | gus | 06-30 | 06-30 | 1 | 75.5 | 1 | 0 |
#[test]
fn a_customer_file_gives_the_report_of_its_transactions() {
    let options = as_of("2024-06-30");
    let from_transactions = analyze(&read_fixture("transactions.csv"), &options).unwrap();
    let from_customers = analyze(&read_fixture("customers.csv"), &options).unwrap();
    let input = from_customers.input.as_ref().unwrap();
    assert_eq!(input.kind, InputKind::Customers);
    assert_eq!(
        from_transactions.input.as_ref().unwrap().kind,
        InputKind::Transactions
    );
    assert_eq!(
        figures(&from_customers)[0],
        (
            "ann".to_string(),
            107,
            3,
            95.0,
            from_transactions.customers[0].rfm.rfm_cell.to_string(),
            format!(
                "{} {}",
                from_transactions.customers[0].rfm.segment,
                from_transactions.customers[0].rfm.tier.key()
            )
        )
    );
    assert_eq!(figures(&from_customers), figures(&from_transactions));
    assert_eq!(from_customers.rfm, from_transactions.rfm);
    assert_eq!(from_customers.tiers, from_transactions.tiers);
    assert_eq!(from_customers.pareto, from_transactions.pareto);
    // The lifetime-value models get the same x, t_x, T and repeat spend from both.
    let (clv_t, clv_c) = (
        from_transactions.clv.as_ref().unwrap(),
        from_customers.clv.as_ref().unwrap(),
    );
    assert_eq!(clv_t.bgnbd.model, clv_c.bgnbd.model);
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (a, b) => a == b,
    };
    for (t, c) in from_transactions
        .customers
        .iter()
        .zip(&from_customers.customers)
    {
        let (t, c) = (t.clv.as_ref().unwrap(), c.clv.as_ref().unwrap());
        assert!(
            close(t.p_alive(), c.p_alive())
                && close(t.expected_purchases(), c.expected_purchases()),
            "{t:?} {c:?}"
        );
        assert_eq!(t.lifecycle(), c.lifecycle());
        match (t.clv(), c.clv()) {
            (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-6 * a.abs().max(1.0), "{a} {b}"),
            (a, b) => assert_eq!(a, b),
        }
    }
    // Only the transactions can say how customers moved, and what came after asOf.
    assert!(from_customers.migration.is_none() && from_transactions.migration.is_some());
    let keys: Vec<&str> = input.limitations.iter().map(|l| l.key).collect();
    assert_eq!(keys, ["noMigration"]);
    assert!(from_customers.recommendations.is_some());
}

/// An order whose lines fall on two days (placed before midnight, invoiced after) is one
/// purchase occasion on two purchase days, as the transactions analysis counts it: a customer
/// file's row for it, frequency 1 and purchase days 2 (what `docs/warehouse.sql` writes), is
/// read, not skipped. By hand, as of 2024-06-30: hal's order 1 is 30 + 12 = 42 on 06-01 and
/// 06-02, recency 28; the repeat revenue is the second day's 12.
#[test]
fn an_order_over_two_days_is_one_purchase_on_two_purchase_days() {
    let transactions = "order_id,customer_id,date,amount\n\
                        1,hal,2024-06-01,30\n1,hal,2024-06-02,12\n\
                        2,ann,2024-05-01,20\n3,ann,2024-06-10,15\n4,bo,2024-06-20,40\n";
    let customers = "customer_id,first_purchase,last_purchase,frequency,monetary,purchase_days,repeat_monetary\n\
                     hal,2024-06-01,2024-06-02,1,42,2,12\n\
                     ann,2024-05-01,2024-06-10,2,35,2,15\n\
                     bo,2024-06-20,2024-06-20,1,40,1,0\n";
    let options = as_of("2024-06-30");
    let from_transactions = analyze(transactions.as_bytes(), &options).unwrap();
    let from_customers = analyze(customers.as_bytes(), &options).unwrap();
    let input = from_customers.input.as_ref().unwrap();
    assert_eq!(input.rows_skipped, 0, "{:?}", input.skipped.first_problem());
    let hal = &figures(&from_customers)[0];
    assert_eq!((hal.0.as_str(), hal.1, hal.2, hal.3), ("hal", 28, 1, 42.0));
    assert_eq!(figures(&from_customers), figures(&from_transactions));
    for (t, c) in from_transactions
        .customers
        .iter()
        .zip(&from_customers.customers)
    {
        let (t, c) = (t.clv.as_ref().unwrap(), c.clv.as_ref().unwrap());
        assert_eq!(
            (t.p_alive(), t.expected_purchases(), t.clv()),
            (c.p_alive(), c.expected_purchases(), c.clv())
        );
    }
    // Without purchase days, one purchase on two dates is a frequency of repeat purchases.
    let without_days = "customer_id,first_purchase,last_purchase,frequency,monetary\n\
                        hal,2024-06-01,2024-06-02,1,42\nbo,2024-06-20,2024-06-20,1,40\n";
    let report = analyze(without_days.as_bytes(), &options).unwrap();
    let skipped = &report.input.as_ref().unwrap().skipped;
    assert_eq!(skipped.groups()[0].reason, "onePurchaseOnTwoDates");
}

/// The lifetimes package's summary (`summary_data_from_transaction_data`) names its columns
/// `frequency`, `recency`, `T` and `monetary_value`, but its recency is the age at the last
/// purchase, not the days since it, its frequency counts repeat purchases only and its monetary
/// value is the average repeat purchase. Customer 1 below bought on 2024-01-01 (T = 181 days
/// to 2024-06-30) and last on 2024-05-01 (recency 121): read as a customer file, their last
/// purchase would have been 121 days before 2024-06-30, 2024-03-01, and customer 2, a one-time
/// buyer (frequency 0), skipped. The file is refused, saying what the columns mean.
#[test]
fn the_lifetimes_summary_is_refused_for_what_its_columns_mean() {
    let summary = "customer_id,frequency,recency,T,monetary_value\n\
                   1,2.0,121.0,181.0,30.0\n2,0.0,0.0,90.0,0.0\n";
    let error = analyze(summary.as_bytes(), &as_of("2024-06-30")).unwrap_err();
    assert_eq!(error.code(), "missingColumn");
    let message = error.to_string();
    assert!(
        message.contains("no last purchase date (or recency in days) column")
            && message.contains("its recency is the customer's age at the last purchase"),
        "{message}"
    );
    // A recency column chosen is taken as days since the last purchase, as the user says.
    let mut columns = custval::ColumnOverrides::default();
    columns
        .set("recency", custval::ColumnRef::Name("recency".into()))
        .unwrap();
    let chosen = Options {
        read: ReadOptions {
            columns,
            ..ReadOptions::default()
        },
        ..as_of("2024-06-30")
    };
    let report = analyze(summary.as_bytes(), &chosen).unwrap();
    assert_eq!(report.customers[0].summary.recency_days, 121);
    // With dates, a one-time buyer's frequency of 0 (0.0 as pandas writes it) is skipped with
    // what the lifetimes package's frequency counts.
    let repeat_counts = "customer_id,first_purchase,last_purchase,frequency,monetary\n\
                         1,2024-01-01,2024-05-01,2,90\n2,2024-04-01,2024-04-01,0.0,10\n";
    let report = analyze(repeat_counts.as_bytes(), &as_of("2024-06-30")).unwrap();
    assert_eq!(
        report.input.as_ref().unwrap().skipped.first_problem().map(|p| p.en.as_str()),
        Some("line 3: frequency '0.0' is not a whole number of at least 1; frequency counts every purchase, the first too (the lifetimes package's frequency counts repeat purchases only: add 1 to it)")
    );
}

/// (id, first purchase, last purchase, recency, frequency, monetary).
type DatedRow<'a> = (&'a str, Option<String>, String, i32, u32, f64);

#[test]
fn a_chinese_semicolon_file_with_bad_rows() {
    let report = analyze(&read_fixture("chinese-semicolon.csv"), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    // The latest last purchase of the rows used (K006's 10/03/2024) is asOf.
    assert_eq!(report.as_of, Some(day("2024-03-10")));
    assert_eq!(
        (input.delimiter.as_str(), input.date_format.format),
        (";", "D/M/YYYY")
    );
    assert_eq!(input.decimal_separator.format, ",");
    let columns = input.columns.customers().unwrap();
    assert_eq!(
        (columns.last_purchase.as_deref(), columns.frequency.as_str()),
        (Some("最近购买日期"), "购买次数")
    );
    let rows: Vec<DatedRow> = report
        .customers
        .iter()
        .map(|c| {
            let s = &c.summary;
            (
                s.id.as_str(),
                s.first_purchase.map(|d| d.to_string()),
                s.last_purchase.to_string(),
                s.recency_days,
                s.frequency,
                s.monetary,
            )
        })
        .collect();
    let row = |id, first: &str, last: &str, recency, frequency, monetary| {
        (
            id,
            Some(first.to_string()),
            last.to_string(),
            recency,
            frequency,
            monetary,
        )
    };
    assert_eq!(
        rows,
        [
            // 5 March to 10 March; 1.234,50 with a decimal comma.
            row("K001", "2024-02-01", "2024-03-05", 5, 2, 1234.5),
            // 31 January to 10 March 2024: 29 days of February and 10 of March.
            row("K002", "2024-01-31", "2024-01-31", 39, 1, 99.0),
            // Returns may exceed purchases: monetary is net.
            row("K006", "2024-01-01", "2024-03-10", 0, 3, -20.0),
        ]
    );
    let skipped: Vec<(&str, u64, Vec<u64>)> = input
        .skipped
        .groups()
        .iter()
        .map(|g| {
            (
                g.reason,
                g.count,
                g.examples.iter().map(|e| e.line).collect(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("missingDate", 1, vec![4]),
            ("invalidCount", 2, vec![5, 6]),
            ("duplicateCustomer", 1, vec![7]),
            ("missingCustomer", 1, vec![8]),
            ("invalidDate", 1, vec![10]),
            ("lastBeforeFirst", 1, vec![11]),
        ]
    );
    let messages: Vec<&str> = input
        .skipped
        .groups()
        .iter()
        .flat_map(|g| g.examples.iter().map(|e| e.message.en.as_str()))
        .collect();
    assert!(messages.contains(&"line 6: frequency 'abc' is not a whole number of at least 1"));
    assert!(messages.contains(
        &"line 7: customer 'K001' already has a row (line 2); a customer file has one row per customer"
    ));
    assert!(messages.contains(
        &"line 11: the last purchase 2024-03-10 is before the first purchase 2024-04-10"
    ));
    assert_eq!(
        (input.rows_read, input.rows_used, input.rows_skipped),
        (10, 3, 7)
    );
    assert_eq!(
        (input.unattributed.rows, input.unattributed.revenue),
        (1, 7.5)
    );
    // 1234.5 + 99 − 20.
    assert_eq!(input.net_revenue, 1313.5);
    assert_eq!(
        (input.first_date, input.last_date),
        (day("2024-01-01"), day("2024-03-10"))
    );
    let keys: Vec<&str> = input.limitations.iter().map(|l| l.key).collect();
    assert_eq!(
        keys,
        [
            "noMigration",
            "purchaseDaysFromFrequency",
            "repeatSpendFromAverage"
        ]
    );
    assert!(report.clv.is_some());
}

#[test]
fn recency_in_days_needs_the_date_it_was_measured_at() {
    let bytes = read_fixture("recency.csv");
    let error = analyze(&bytes, &Options::default()).unwrap_err();
    // Nothing given was wrong: the data needs an option that was not given.
    assert_eq!(error.code(), "asOfNeeded");
    assert_eq!(error.setting(), None);
    assert_eq!(
        error.texts_naming(Setting::flag).en,
        "the customers' recency is given in days, not as a date: give the analysis date the days were counted to with --as-of (asOf in JS)"
    );
    assert_eq!(
        error.texts_naming(Setting::flag).zh_cn,
        "客户的最近购买以天数而非日期给出：请用--as-of（JS 中为 asOf）给出计算这些天数时的分析日期"
    );
    let named = error.settings_named().unwrap();
    assert_eq!(named.settings, [Setting::AsOf]);
    assert!(named.before.en.ends_with("counted to with "));
    assert_eq!(named.after.zh_cn, "给出计算这些天数时的分析日期");

    let report = analyze(&bytes, &as_of("2024-12-31")).unwrap();
    let input = report.input.as_ref().unwrap();
    let columns = input.columns.customers().unwrap();
    assert_eq!(
        (
            columns.recency.as_deref(),
            columns.frequency.as_str(),
            columns.monetary.as_str()
        ),
        (Some("recency_days"), "orders", "total_spend")
    );
    let rows: Vec<(&str, String, i32)> = report
        .customers
        .iter()
        .map(|c| {
            let s = &c.summary;
            (s.id.as_str(), s.last_purchase.to_string(), s.recency_days)
        })
        .collect();
    // 365 days before 2024-12-31 is 2024-01-01 (2024 has 366 days).
    assert_eq!(
        rows,
        [
            ("m1", "2024-12-31".to_string(), 0),
            ("m2", "2024-12-01".to_string(), 30),
            ("m3", "2024-01-01".to_string(), 365),
        ]
    );
    assert_eq!(
        input
            .skipped
            .first_problem()
            .map(|problem| problem.en.as_str()),
        Some("line 5: recency '-3' is not a whole number of at least 0")
    );
    // A recency that puts the last purchase before the first is skipped as two such dates are:
    // 400 days before 2024-06-30 is 2023-05-27 (2024 has a 29 February).
    let first_after_last = "customer_id,recency_days,frequency,monetary,first_purchase\n\
                            A,10,2,100,2024-01-01\nB,400,3,50,2024-01-01\n";
    let checked = analyze(first_after_last.as_bytes(), &as_of("2024-06-30")).unwrap();
    let checked_input = checked.input.as_ref().unwrap();
    assert_eq!(checked.customers.len(), 1);
    assert_eq!(
        checked_input.skipped.first_problem().map(|problem| problem.en.as_str()),
        Some("line 3: the last purchase, 400 days before the analysis date (2023-05-27), is before the first purchase 2024-01-01")
    );
    assert_eq!(checked_input.skipped.groups()[0].reason, "lastBeforeFirst");
    // Without first purchases there is no lifetime value, and the report says why.
    assert!(report.clv.is_none());
    assert!(report.customers.iter().all(|c| c.clv.is_none()));
    let no_clv = input.limitations.iter().find(|l| l.key == "noClv").unwrap();
    assert!(
        no_clv.text.en.contains("3 customers have none"),
        "{no_clv:?}"
    );
}

/// A file whose last row is a return has its asOf on that row's day, later than every
/// purchase; a customer file says so with its recency beside the last purchase dates, as
/// `docs/warehouse.sql` writes it. By hand, as of 2024-06-30 (bob's return): ann bought last on
/// 03-15, 107 days before; bob on 06-20, 10 days before.
#[test]
fn a_recency_beside_the_dates_gives_the_analysis_date_of_data_that_ends_with_a_return() {
    let transactions = "customer_id,order_id,date,amount\n\
                        ann,1,2024-01-10,50\nann,2,2024-03-15,30\n\
                        bob,3,2024-02-01,100\nbob,4,2024-06-20,40\nbob,5,2024-06-30,-10\n";
    let customers = "customer_id,first_purchase,last_purchase,recency_days,frequency,monetary\n\
                     ann,2024-01-10,2024-03-15,107,2,80\nbob,2024-02-01,2024-06-20,10,2,130\n";
    let recency = |report: &Report| -> Vec<(String, i32)> {
        (report.customers.iter())
            .map(|c| (c.summary.id.clone(), c.summary.recency_days))
            .collect()
    };
    let from_transactions = analyze(transactions.as_bytes(), &Options::default()).unwrap();
    let from_customers = analyze(customers.as_bytes(), &Options::default()).unwrap();
    assert_eq!(from_transactions.as_of, Some(day("2024-06-30")));
    assert_eq!(from_customers.as_of, Some(day("2024-06-30")));
    let by_hand = vec![("ann".to_string(), 107), ("bob".to_string(), 10)];
    assert_eq!(recency(&from_transactions), by_hand);
    assert_eq!(recency(&from_customers), by_hand);
    let columns = from_customers
        .input
        .as_ref()
        .unwrap()
        .columns
        .customers()
        .unwrap();
    assert_eq!(columns.recency.as_deref(), Some("recency_days"));

    // An asOf given wins over the recency, which then counts to another day.
    let given = analyze(customers.as_bytes(), &as_of("2024-07-10")).unwrap();
    assert_eq!(
        recency(&given),
        [("ann".to_string(), 117), ("bob".to_string(), 20)]
    );
    // Rows counted at different days give no analysis date: the latest last purchase is it.
    let disagreeing = customers.replace(",107,", ",108,");
    let report = analyze(disagreeing.as_bytes(), &Options::default()).unwrap();
    assert_eq!(report.as_of, Some(day("2024-06-20")));
    // A blank recency says nothing; one that is not a count of days is the row's problem.
    let blank = customers.replace(",107,", ",,");
    let report = analyze(blank.as_bytes(), &Options::default()).unwrap();
    assert_eq!(report.as_of, Some(day("2024-06-30")));
    let unreadable = customers.replace(",107,", ",soon,");
    let report = analyze(unreadable.as_bytes(), &Options::default()).unwrap();
    assert_eq!(recency(&report), [("bob".to_string(), 10)]);
    assert_eq!(
        (report.input.as_ref().unwrap().skipped.first_problem()).map(|p| p.en.as_str()),
        Some("line 2: recency 'soon' is not a whole number of at least 0")
    );
}

#[test]
fn the_kind_can_be_forced() {
    let as_transactions = Options {
        read: ReadOptions {
            kind: InputKind::Transactions,
            ..ReadOptions::default()
        },
        ..Options::default()
    };
    let error = analyze(&read_fixture("customers.csv"), &as_transactions).unwrap_err();
    assert_eq!(error.code(), "missingColumn");
    assert!(error.to_string().contains("no date column"), "{error}");

    let as_customers = Options {
        read: ReadOptions {
            kind: InputKind::Customers,
            ..ReadOptions::default()
        },
        ..Options::default()
    };
    let error = analyze(&read_fixture("transactions.csv"), &as_customers).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no last purchase date (or recency in days) column"),
        "{error}"
    );
}

fn record(id: &str, last: &str, frequency: u32, monetary: f64) -> CustomerRecord {
    CustomerRecord {
        id: id.into(),
        last_purchase: LastSeen::Date(day(last)),
        first_purchase: None,
        frequency,
        monetary,
        purchase_days: None,
        repeat_monetary: None,
        cost: None,
    }
}

/// A customer file's cost gives each customer's gross profit: A 100 − 30 = 70, a margin of
/// 0.7; B, whose returns cancelled their purchases, keeps the cost, −30, and has no margin.
#[test]
fn a_customer_s_cost_gives_their_gross_profit() {
    let records = vec![
        CustomerRecord {
            cost: Some(30.0),
            ..record("A", "2024-03-01", 2, 100.0)
        },
        CustomerRecord {
            cost: Some(30.0),
            ..record("B", "2024-03-02", 1, 0.0)
        },
        record("C", "2024-03-03", 1, 50.0),
    ];
    let report = analyze_customer_records(records, None, &as_of("2024-06-30")).unwrap();
    let profits: Vec<(Option<f64>, Option<f64>)> = report
        .customers
        .iter()
        .map(|c| (c.summary.gross_profit, c.summary.gross_margin()))
        .collect();
    assert_eq!(
        profits,
        [(Some(70.0), Some(0.7)), (Some(-30.0), None), (None, None)]
    );
}

/// A customer file with a profit column and no cost column: A 100 − 30 = 70 of cost, so a
/// margin of 0.3; B's blank profit leaves B without one; C's loss of 20 on 50 is a cost of
/// 70, a margin of −0.4. D's profit cannot be read, which skips D's row (line 5).
#[test]
fn a_customer_file_s_profit_gives_each_customer_s_cost() {
    let csv = "customer_id,last_purchase,frequency,monetary,总毛利\n\
               A,2024-03-01,2,100,30\n\
               B,2024-03-02,1,80,\n\
               C,2024-03-03,1,50,-20\n\
               D,2024-03-04,1,60,n/a\n";
    let report = analyze(csv.as_bytes(), &as_of("2024-06-30")).unwrap();
    let input = report.input.as_ref().unwrap();
    let used = input.columns.customers().unwrap();
    assert_eq!(
        (used.cost.as_deref(), used.profit.as_deref()),
        (None, Some("总毛利"))
    );
    let profits: Vec<(&str, Option<f64>, Option<f64>)> = report
        .customers
        .iter()
        .map(|c| {
            let summary = &c.summary;
            (
                summary.id.as_str(),
                summary.gross_profit,
                summary.gross_margin(),
            )
        })
        .collect();
    assert_eq!(
        profits,
        [
            ("A", Some(30.0), Some(0.3)),
            ("B", None, None),
            ("C", Some(-20.0), Some(-0.4))
        ]
    );
    let skipped = &input.skipped.groups()[0];
    assert_eq!(
        (skipped.reason, skipped.count, skipped.examples[0].line),
        ("invalidNumber", 1, 5)
    );
    assert_eq!(
        skipped.examples[0].message.en,
        "line 5: profit 'n/a' is not a number"
    );

    // With a cost column too, the cost is read as written and the profit is not.
    let csv = "customer_id,last_purchase,frequency,monetary,cost,profit\n\
               A,2024-03-01,2,100,60,30\n";
    let report = analyze(csv.as_bytes(), &as_of("2024-06-30")).unwrap();
    let used = report.input.as_ref().unwrap().columns.customers().unwrap();
    assert_eq!(
        (used.cost.as_deref(), used.profit.as_deref()),
        (Some("cost"), None)
    );
    assert_eq!(report.customers[0].summary.gross_profit, Some(40.0));
}

#[test]
fn records_are_analysed_like_a_file_and_checked_strictly() {
    let from_file = analyze(&read_fixture("customers.csv"), &as_of("2024-06-30")).unwrap();
    let records: Vec<CustomerRecord> = from_file
        .customers
        .iter()
        .map(|c| CustomerRecord {
            first_purchase: c.summary.first_purchase,
            ..record(
                &c.summary.id,
                &c.summary.last_purchase.to_string(),
                c.summary.frequency,
                c.summary.monetary,
            )
        })
        .collect();
    let report = analyze_customer_records(records.clone(), None, &as_of("2024-06-30")).unwrap();
    assert_eq!(figures(&report), figures(&from_file));
    assert_eq!(report.rfm, from_file.rfm);
    let input = report.input.as_ref().unwrap();
    assert_eq!((input.rows_read, input.bytes), (6, 0));
    assert_eq!(
        input.columns.customers().unwrap().first_purchase.as_deref(),
        Some("firstPurchase")
    );

    let cases = [
        (
            record("a", "2024-01-01", 0, 1.0),
            "customers[1]: frequency '0' is not a whole number of at least 1; frequency counts every purchase, the first too (the lifetimes package's frequency counts repeat purchases only: add 1 to it)",
        ),
        (
            record(" ", "2024-01-01", 1, 1.0),
            "customers[1]: the customer id is empty",
        ),
        (
            record("a", "2024-01-01", 1, f64::NAN),
            "customers[1]: monetary 'NaN' is not a number",
        ),
        (
            record("a", "2024-01-01", 1, 1e307),
            "customers[1]: monetary '1e307' is past 10^15, more than any sale: check that the column holds money, not ids or codes",
        ),
        (
            CustomerRecord {
                first_purchase: Some(day("2024-02-01")),
                ..record("a", "2024-01-01", 1, 1.0)
            },
            "customers[1]: the last purchase 2024-01-01 is before the first purchase 2024-02-01",
        ),
        (
            CustomerRecord {
                first_purchase: Some(day("2023-02-01")),
                ..record("a", "2023-11-01", 1, 10.0)
            },
            "customers[1]: a frequency of 1 (one purchase) but the first purchase 2023-02-01 and the last 2023-11-01 are different days; frequency counts every purchase, the first too",
        ),
        (
            CustomerRecord {
                last_purchase: LastSeen::DaysBeforeAsOf(40_000),
                ..record("a", "2024-01-01", 1, 1.0)
            },
            "customers[1]: a recency of 40000 days is more than 36525 (a hundred years)",
        ),
        (
            record("ok", "2024-01-01", 1, 1.0),
            "customers[1]: customer 'ok' is also customers[0]; give one record per customer",
        ),
        // Counted back from the analysis date the other record's last purchase sets.
        (
            CustomerRecord {
                first_purchase: Some(day("2024-01-01")),
                last_purchase: LastSeen::DaysBeforeAsOf(10),
                ..record("a", "2024-01-01", 1, 1.0)
            },
            "customers[1]: the last purchase, 10 days before the analysis date (2023-12-23), is before the first purchase 2024-01-01",
        ),
    ];
    for (bad, message) in cases {
        let records = vec![record("ok", "2024-01-02", 1, 5.0), bad];
        let error = analyze_customer_records(records, None, &Options::default()).unwrap_err();
        assert_eq!(
            (error.code(), error.to_string().as_str()),
            ("invalidRecord", message)
        );
    }
    // In Chinese too, the problem as a file's row would be told.
    let records = vec![
        record("ok", "2024-01-02", 1, 5.0),
        record("ok", "2024-01-01", 1, 1.0),
        record(" ", "2024-01-01", 1, 1.0),
    ];
    let error = analyze_customer_records(records.clone(), None, &Options::default()).unwrap_err();
    assert_eq!(
        custval::Rendered::texts(&error).zh_cn,
        "customers[1]：客户“ok”也是 customers[0]；每位客户只应有一条记录"
    );
    let error =
        analyze_customer_records(records[2..].to_vec(), None, &Options::default()).unwrap_err();
    assert_eq!(
        custval::Rendered::texts(&error).zh_cn,
        "customers[0]：客户编号为空"
    );
    let error = analyze_customer_records(Vec::new(), None, &Options::default()).unwrap_err();
    assert_eq!(error.code(), "emptyInput");
}

#[test]
fn email_ids_of_records_are_told_apart_in_lower_case_as_a_file_s_are() {
    // As a customer file's `Ann@X.com` and `ann@x.com` are one customer, reported as `ann@x.com`.
    let records = vec![
        record("Ann@X.com", "2024-10-30", 2, 50.0),
        record("Bob", "2024-11-30", 3, 100.0),
    ];
    let surveys = "customer_id,survey_date,nps\nann@x.com,2024-11-01,2\nbob,2024-11-02,9\n";
    let report =
        analyze_customer_records(records, Some(surveys.as_bytes()), &Options::default()).unwrap();
    let ids: Vec<&str> = report
        .customers
        .iter()
        .map(|c| c.summary.id.as_str())
        .collect();
    assert_eq!(ids, ["ann@x.com", "Bob"]);
    // Other ids keep their case: `bob` answered, not `Bob`.
    let satisfaction = report.satisfaction.as_ref().unwrap();
    assert_eq!(satisfaction.input.responses_matched_to_customers, Some(1));

    let twice = vec![
        record("Ann@X.com", "2024-10-30", 2, 50.0),
        record("ann@x.com", "2024-11-30", 3, 100.0),
    ];
    let error = analyze_customer_records(twice, None, &Options::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "customers[1]: customer 'ann@x.com' is also customers[0]; give one record per customer"
    );
}

#[test]
fn customers_after_as_of_are_counted_not_scored() {
    let report = analyze(&read_fixture("customers.csv"), &as_of("2024-06-24")).unwrap();
    let input = report.input.as_ref().unwrap();
    // bob (last 06-20) stays; cy (06-25) and gus (06-30) bought after asOf.
    assert_eq!((input.rows_used, input.rows_after_as_of), (4, 2));
    let ids: Vec<&str> = report
        .customers
        .iter()
        .map(|c| c.summary.id.as_str())
        .collect();
    assert_eq!(ids, ["ann", "bob", "dee", "fay"]);
    assert_eq!(report.customers[1].summary.recency_days, 4);
}

#[test]
fn revenue_without_a_customer_counts_up_to_the_analysis_date_given() {
    // Rows without an id: one last bought after bob, one with no readable date. Without asOf
    // both count (the analysis date is then bob's last purchase, and the file's revenue is
    // still the file's); with asOf the dated one, its row and its revenue, counts only from its
    // date on.
    let file = "customer_id,last_purchase,frequency,monetary\n\
                ann,2024-03-15,3,95.00\n\
                bob,2024-06-20,3,220.00\n\
                ,2024-06-28,1,40.00\n\
                ,,1,7.50\n";
    let unattributed = |options: &Options| {
        let report = analyze(file.as_bytes(), options).unwrap();
        let input = report.input.unwrap();
        assert_eq!(input.kind, InputKind::Customers);
        (input.unattributed.rows, input.unattributed.revenue)
    };
    assert_eq!(unattributed(&Options::default()), (2, 47.5));
    assert_eq!(unattributed(&as_of("2024-06-28")), (2, 47.5));
    assert_eq!(unattributed(&as_of("2024-06-27")), (1, 7.5));
}

#[test]
fn a_customer_row_over_two_lines_is_noted_and_a_stray_quote_read_as_written() {
    // ann's name holds a line break (lines 2–3). cy's name opens a quote that its escaped
    // quote ("") does not close: the value would run to the end of the file, taking dee's row
    // on line 6; cy's line is read as written instead, and dee's as a row.
    let file = "customer_id,name,last_purchase,frequency,monetary\n\
                ann,\"Ann\nSmith\",2024-03-15,3,95.00\n\
                bob,Bob,2024-06-20,3,220.00\n\
                cy,\"Cy 5\"\" tall,2024-05-01,1,10.00\n\
                dee,Dee,2024-05-02,1,20.00\n";
    let report = analyze(file.as_bytes(), &Options::default()).unwrap();
    let input = report.input.as_ref().unwrap();
    assert_eq!((input.rows_read, input.rows_used), (4, 4));
    let lines = |log: &custval::RowLog| -> Vec<(&str, u64, Option<u64>)> {
        log.groups()
            .iter()
            .flat_map(|g| g.examples.iter().map(|e| (g.reason, e.line, e.last_line)))
            .collect()
    };
    assert_eq!(
        lines(&input.altered),
        [("spansLines", 2, Some(3)), ("strayQuote", 5, None)]
    );
    assert_eq!(lines(&input.skipped), []);
    let monetary: f64 = report.customers.iter().map(|c| c.summary.monetary).sum();
    assert_eq!(monetary, 95.0 + 220.0 + 10.0 + 20.0);
}

#[test]
fn surveys_join_a_customer_file() {
    let surveys = "customer_id,nps\nann,3\nbob,10\nzed,9\n";
    let report = custval::Analysis::new(as_of("2024-06-30"))
        .and_then(|mut analysis| {
            analysis.push(&read_fixture("customers.csv"))?;
            analysis.finish_with_surveys(surveys.as_bytes())
        })
        .unwrap();
    let satisfaction = report.satisfaction.as_ref().unwrap();
    assert_eq!(satisfaction.input.responses_matched_to_customers, Some(2));
    let ann = &report.customers[0];
    assert_eq!(
        ann.recommendation
            .as_ref()
            .unwrap()
            .next_best_action
            .rule
            .key(),
        "rescueDetractor"
    );
}

#[test]
fn a_customer_file_in_pieces_reads_like_the_whole_file() {
    let bytes = read_fixture("chinese-semicolon.csv");
    let whole = analyze(&bytes, &Options::default()).unwrap();
    for piece in [1, 7, 64] {
        let mut analysis = custval::Analysis::new(Options::default()).unwrap();
        for chunk in bytes.chunks(piece) {
            analysis.push(chunk).unwrap();
        }
        assert_eq!(analysis.finish().unwrap(), whole, "piece {piece}");
    }
}

#[test]
fn without_every_first_purchase_the_report_says_to_fill_the_blanks_or_add_the_column() {
    let need = "Lifetime value, churn and lifecycle stages need every customer's first purchase date (the BG/NBD model's T), and";
    let need_zh =
        "客户终身价值、流失与生命周期阶段需要每位客户的首次购买日期（BG/NBD 模型中的 T），";
    let header = "customer_id,last_purchase,frequency,monetary";
    let cases = [
        (
            format!("{header},first_purchase\na,2024-01-05,2,30,2024-01-01\nb,2024-02-01,1,10,\n"),
            "1 customer has none; fill in the 1 blank of the first purchase column ('first_purchase') to get them.",
            "有 1 位客户的首次购买日期为空；请补全首次购买日期列（“first_purchase”）中的 1 个空值。",
        ),
        (
            format!("{header},first_purchase\na,2024-01-05,2,30,\nb,2024-02-01,1,10,\nc,2024-02-01,1,10,2024-02-01\n"),
            "2 customers have none; fill in the 2 blanks of the first purchase column ('first_purchase') to get them.",
            "有 2 位客户的首次购买日期为空；请补全首次购买日期列（“first_purchase”）中的 2 个空值。",
        ),
        // A column left blank throughout is there to fill in, not to add.
        (
            format!("{header},首次下单日期\na,2024-01-05,2,30,\nb,2024-02-01,1,10,\n"),
            "2 customers have none; fill in the 2 blanks of the first purchase column ('首次下单日期') to get them.",
            "有 2 位客户的首次购买日期为空；请补全首次购买日期列（“首次下单日期”）中的 2 个空值。",
        ),
        (
            format!("{header}\nb,2024-02-01,1,10\n"),
            "1 customer has none; add a first_purchase column to get them.",
            "有 1 位客户缺少该日期；请添加 first_purchase（首次购买日期）列。",
        ),
        (
            format!("{header}\na,2024-01-05,2,30\nb,2024-02-01,1,10\n"),
            "2 customers have none; add a first_purchase column to get them.",
            "有 2 位客户缺少该日期；请添加 first_purchase（首次购买日期）列。",
        ),
    ];
    let no_clv = |report: &custval::Report| {
        let limitations = &report.input.as_ref().unwrap().limitations;
        limitations
            .iter()
            .find(|l| l.key == "noClv")
            .unwrap()
            .text
            .clone()
    };
    for (file, en, zh_cn) in cases {
        let text = no_clv(&analyze(file.as_bytes(), &Options::default()).unwrap());
        assert_eq!(text.en, format!("{need} {en}"), "{file}");
        assert_eq!(text.zh_cn, format!("{need_zh}{zh_cn}"), "{file}");
    }
    // Records have no column: each record is given its date.
    let records = vec![
        record("a", "2024-01-05", 2, 30.0),
        record("b", "2024-02-01", 1, 10.0),
    ];
    let text = no_clv(&analyze_customer_records(records, None, &Options::default()).unwrap());
    assert_eq!(
        text.en,
        format!("{need} 2 customers have none; give each record its firstPurchase to get them.")
    );
    assert_eq!(
        text.zh_cn,
        format!("{need_zh}有 2 位客户缺少该日期；请为每条记录给出 firstPurchase（首次购买日期）。")
    );
}
