//! Region, channel, category and customer type breakdowns against the hand-worked figures of
//! tests/fixtures/attributes.csv and superstore.csv (see tests/fixtures/README.md).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use custval::{analyze, AttributeBreakdown, Date, Options, Role, RowsProfit};

fn report() -> custval::Report {
    let bytes = std::fs::read(common::fixture("attributes.csv")).unwrap();
    let options = Options {
        as_of: Some(Date::from_ymd(2024, 1, 31).unwrap()),
        ..Options::default()
    };
    analyze(&bytes, &options).unwrap()
}

/// (value, customers, rows, revenue) of each value, in the report's order.
fn values(breakdown: &AttributeBreakdown) -> Vec<(&str, u64, u64, f64)> {
    breakdown
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.customers, v.rows, v.revenue))
        .collect()
}

#[test]
fn revenue_rows_and_main_customers_by_value() {
    let report = report();
    let by_role: Vec<Role> = report.attributes.iter().map(|b| b.attribute).collect();
    assert_eq!(by_role, [Role::Region, Role::Channel, Role::Category]);
    let [region, channel, category] = &report.attributes[..] else {
        unreachable!()
    };
    assert_eq!(
        values(region),
        [("North", 2, 3, 130.0), ("South", 0, 2, 80.0)]
    );
    assert_eq!((region.blank_rows, region.blank_revenue), (1, 10.0));
    // No cost column, so no profit anywhere.
    for breakdown in &report.attributes {
        assert!(breakdown.values.iter().all(|v| v.profit.is_none()));
        assert_eq!(breakdown.blank_profit, None);
    }
    assert!((region.values[0].revenue_share - 130.0 / 220.0).abs() < 1e-12);
    assert_eq!(
        values(channel),
        [("Online", 2, 4, 180.0), ("Store", 1, 2, 40.0)]
    );
    assert_eq!(
        values(category),
        [
            ("Shoes", 1, 3, 110.0),
            ("Bags", 1, 1, 50.0),
            ("Hats", 0, 1, 50.0)
        ]
    );
    assert_eq!(
        (
            region.column.as_str(),
            channel.column.as_str(),
            category.column.as_str()
        ),
        ("Region", "Sales channel", "品类")
    );
    let columns = report
        .input
        .as_ref()
        .unwrap()
        .columns
        .transactions()
        .unwrap();
    assert_eq!(columns.category.as_deref(), Some("品类"));
}

#[test]
fn each_customer_has_their_main_values() {
    let report = report();
    let mains: Vec<_> = report
        .customers
        .iter()
        .map(|c| {
            let a = &c.attributes;
            let value = |role| a.get(role);
            (
                c.summary.id.as_str(),
                [Role::Region, Role::Channel, Role::Category].map(value),
            )
        })
        .collect();
    assert_eq!(
        mains,
        [
            ("a", [Some("North"), Some("Online"), Some("Shoes")]),
            ("b", [Some("North"), Some("Online"), Some("Bags")]),
            ("c", [None, Some("Store"), None]),
        ]
    );
    let json = serde_json::to_value(&report.customers[2]).unwrap();
    assert_eq!(
        (&json["region"], &json["channel"]),
        (&serde_json::Value::Null, &serde_json::json!("Store"))
    );
}

/// tests/fixtures/attribute-costs.csv, worked by hand in tests/fixtures/README.md.
#[test]
fn each_value_has_the_gross_profit_of_its_rows_with_a_cost() {
    let bytes = std::fs::read(common::fixture("attribute-costs.csv")).unwrap();
    let options = Options {
        as_of: Some(Date::from_ymd(2024, 4, 30).unwrap()),
        ..Options::default()
    };
    let report = analyze(&bytes, &options).unwrap();
    let [region, channel] = &report.attributes[..] else {
        panic!("two breakdowns: {:?}", report.attributes);
    };
    // Whole numbers throughout, so each margin is one correctly rounded division, as written.
    let profit = |gross_profit, revenue, rows| {
        Some(RowsProfit {
            gross_profit,
            gross_margin: Some(gross_profit / revenue),
            rows,
        })
    };
    let values = |breakdown: &AttributeBreakdown| -> Vec<(String, u64, f64, Option<RowsProfit>)> {
        breakdown
            .values
            .iter()
            .map(|v| (v.value.clone(), v.rows, v.revenue, v.profit))
            .collect()
    };
    assert_eq!(
        values(region),
        [
            ("North".into(), 3, 250.0, profit(110.0, 250.0, 3)),
            ("South".into(), 3, 170.0, profit(30.0, 90.0, 2)),
        ]
    );
    assert_eq!(region.blank_profit, None);
    assert_eq!(
        values(channel),
        [
            ("Store".into(), 3, 200.0, profit(90.0, 200.0, 3)),
            ("Online".into(), 2, 180.0, profit(40.0, 100.0, 1)),
        ]
    );
    assert_eq!((channel.blank_rows, channel.blank_revenue), (1, 40.0));
    assert_eq!(channel.blank_profit, profit(10.0, 40.0, 1));
    let json = serde_json::to_value(&channel.values[1]).unwrap();
    assert_eq!(
        json["profit"],
        serde_json::json!({ "grossProfit": 40.0, "grossMargin": 0.4, "rows": 1 })
    );
}

/// The report of tests/fixtures/superstore.csv and its breakdown by the column of `role`.
fn superstore_by(role: Role) -> (custval::Report, AttributeBreakdown) {
    let bytes = std::fs::read(common::fixture("superstore.csv")).unwrap();
    let report = analyze(&bytes, &Options::default()).unwrap();
    let breakdown = (report.attributes.iter())
        .find(|breakdown| breakdown.attribute == role)
        .unwrap()
        .clone();
    (report, breakdown)
}

/// The Superstore sample's `Segment` (Consumer, Corporate, Home Office) is who the customer is.
#[test]
fn the_superstore_segment_is_the_customer_type() {
    let (report, customer_type) = superstore_by(Role::CustomerType);
    let input = report.input.as_ref().unwrap();
    let columns = input.columns.transactions().unwrap();
    assert_eq!(columns.customer_type.as_deref(), Some("Segment"));
    assert_eq!(customer_type.column, "Segment");
    // Its order dates read both ways; its ship dates settle them month first.
    assert_eq!(
        (input.date_format.format, input.date_format.source),
        ("M/D/YYYY", "detected")
    );
    assert_eq!(input.first_date.to_string(), "2014-06-09");
    // By hand (tests/fixtures/README.md): Consumer has CG-12520's two lines (993.90), SO-20335's
    // two (979.9455) and BH-11710's one (48.86); Corporate DV-13045's one (14.62). Of the file's
    // 2,037.3255, that is 2,022.7055 and 14.62.
    let found = values(&customer_type);
    let expected = [
        ("Consumer", 3, 5, 2022.7055, 2022.7055 / 2037.3255),
        ("Corporate", 1, 1, 14.62, 14.62 / 2037.3255),
    ];
    assert_eq!(found.len(), expected.len());
    for ((value, customers, rows, revenue), expected) in found.iter().zip(expected) {
        assert_eq!(
            (*value, *customers, *rows),
            (expected.0, expected.1, expected.2)
        );
        assert!((revenue - expected.3).abs() < 0.005, "{value}: {revenue}");
    }
    let shares: Vec<f64> = customer_type
        .values
        .iter()
        .map(|v| v.revenue_share)
        .collect();
    for (share, expected) in shares.iter().zip(expected) {
        assert!(
            (share - expected.4).abs() < 1e-6,
            "{share} against {}",
            expected.4
        );
    }
    // The profit column gives every row a cost: Consumer 41.9136 + 219.582 − 383.031 + 2.5164
    // + 14.1694, Corporate 6.8714.
    let profits: Vec<f64> = (customer_type.values.iter())
        .map(|v| v.profit.unwrap().gross_profit)
        .collect();
    assert!((profits[0] - -104.8496).abs() < 0.005, "{profits:?}");
    assert!((profits[1] - 6.8714).abs() < 0.005, "{profits:?}");
    let main: Vec<(&str, Option<&str>)> = (report.customers.iter())
        .map(|c| (c.summary.id.as_str(), c.attributes.get(Role::CustomerType)))
        .collect();
    for (id, expected) in [
        ("CG-12520", "Consumer"),
        ("DV-13045", "Corporate"),
        ("SO-20335", "Consumer"),
        ("BH-11710", "Consumer"),
    ] {
        assert!(main.contains(&(id, Some(expected))), "{id}: {main:?}");
    }
    let row = serde_json::to_value(&report.customers[0]).unwrap();
    assert!(row["customerType"].is_string(), "{row}");
}

/// The Superstore sample's `Discount` (a rate, 0 for none) tells the price-sensitive customers.
#[test]
fn the_superstore_discount_tells_the_price_sensitive_customers() {
    let (report, discount) = superstore_by(Role::Discount);
    let input = report.input.as_ref().unwrap();
    let columns = input.columns.transactions().unwrap();
    assert_eq!(columns.discount.as_deref(), Some("Discount"));
    assert_eq!(discount.column, "Discount");
    // By hand: only SO-20335's two lines have a discount (0.45 and 0.2): 957.5775 + 22.368 of
    // sales, −383.031 + 2.5164 of profit. Full price: CG-12520's 993.90 (profit 261.4956),
    // DV-13045's 14.62 (6.8714) and BH-11710's 48.86 (14.1694).
    let found: Vec<(&str, u64, u64, f64, f64)> = (discount.values.iter())
        .map(|v| {
            let profit = v.profit.unwrap().gross_profit;
            (v.value.as_str(), v.customers, v.rows, v.revenue, profit)
        })
        .collect();
    let expected = [
        ("fullPrice", 3, 4, 1057.38, 282.5364),
        ("discounted", 1, 2, 979.9455, -380.5146),
    ];
    assert_eq!(found.len(), expected.len());
    for (found, expected) in found.iter().zip(expected) {
        assert_eq!(
            (found.0, found.1, found.2),
            (expected.0, expected.1, expected.2)
        );
        assert!((found.3 - expected.3).abs() < 0.005, "{found:?}");
        assert!((found.4 - expected.4).abs() < 0.005, "{found:?}");
    }
    assert_eq!(discount.blank_rows, 0);
    let price_sensitive: Vec<&str> = (report.customers.iter())
        .filter(|c| c.attributes.get(Role::Discount) == Some("discounted"))
        .map(|c| c.summary.id.as_str())
        .collect();
    assert_eq!(price_sensitive, ["SO-20335"]);
}

/// A customer is price-sensitive where most of their net revenue, not most of their rows, was
/// bought on discount; a code, an amount or a rate is a discount, and blanks, zeros and "none"
/// are not.
#[test]
fn price_sensitive_customers_bought_most_of_their_revenue_on_discount() {
    let csv = "customer,date,amount,discount
               a,2024-01-02,100,SPRING
               a,2024-01-09,30,
               a,2024-01-16,30,0.00
               b,2024-01-03,50,$5.00
               b,2024-01-10,80,none
               c,2024-01-04,20,10%
";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let kinds: Vec<(&str, Option<&str>)> = (report.customers.iter())
        .map(|c| (c.summary.id.as_str(), c.attributes.get(Role::Discount)))
        .collect();
    // a: 100 of 160 on discount, one row of three; b: 50 of 130; c: all of 20.
    assert_eq!(
        kinds,
        [
            ("a", Some("discounted")),
            ("b", Some("fullPrice")),
            ("c", Some("discounted")),
        ]
    );
    let discount = &report.attributes[0];
    assert_eq!(
        values(discount),
        [("discounted", 2, 3, 170.0), ("fullPrice", 1, 3, 140.0)]
    );
}

#[test]
fn a_file_without_those_columns_has_no_breakdown() {
    let bytes = b"customer,date,amount\na,2024-01-01,5\n";
    let report = analyze(bytes, &Options::default()).unwrap();
    assert!(report.attributes.is_empty());
    assert_eq!(report.customers[0].attributes.region, None);
}

/// The sample's Country column, regrouped here with the csv crate and plain maps: rows with a
/// customer, readable numbers and a real date (the sample has 30 February; none is after
/// asOf), revenue = quantity × unit price, each customer's main country by net revenue
/// (the first country in the file on a tie).
#[test]
fn the_sample_by_country_matches_a_plain_regrouping() {
    use std::collections::HashMap;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/sample-transactions.csv");
    let mut revenue: HashMap<String, (u64, f64)> = HashMap::new();
    let mut by_customer: HashMap<(String, String), f64> = HashMap::new();
    let mut first_seen: Vec<String> = Vec::new();
    for row in csv::Reader::from_path(path).unwrap().records() {
        let row = row.unwrap();
        let (customer, country) = (&row[1], &row[5]);
        if customer.is_empty() {
            continue;
        }
        let (Ok(quantity), Ok(price)) = (row[3].parse::<f64>(), row[4].parse::<f64>()) else {
            continue;
        };
        if !real_date(&row[2][..10]) {
            continue;
        }
        let amount = quantity * price;
        let entry = revenue.entry(country.to_string()).or_default();
        *entry = (entry.0 + 1, entry.1 + amount);
        *by_customer
            .entry((customer.to_string(), country.to_string()))
            .or_default() += amount;
        if !first_seen.iter().any(|c| c == country) {
            first_seen.push(country.to_string());
        }
    }
    let rank = |country: &str| first_seen.iter().position(|c| c == country).unwrap();
    let mut main: HashMap<&str, (&str, f64)> = HashMap::new();
    for ((customer, country), net) in &by_customer {
        let best = main.entry(customer).or_insert((country, *net));
        if *net > best.1 || (*net == best.1 && rank(country) < rank(best.0)) {
            *best = (country, *net);
        }
    }

    let report = analyze(&std::fs::read(path).unwrap(), &Options::default()).unwrap();
    let region = &report.attributes[0];
    assert_eq!(
        (region.attribute, region.column.as_str()),
        (Role::Region, "Country")
    );
    assert_eq!(region.values.len(), revenue.len());
    for value in &region.values {
        let (rows, total) = revenue[&value.value];
        assert_eq!(value.rows, rows, "{}", value.value);
        assert!((value.revenue - total).abs() < 1e-6, "{}", value.value);
        let customers = report
            .customers
            .iter()
            .filter(|c| main[c.summary.id.as_str()].0 == value.value)
            .count();
        assert_eq!(value.customers, customers as u64, "{}", value.value);
    }
    for customer in &report.customers {
        let expected = main[customer.summary.id.as_str()].0;
        assert_eq!(customer.attributes.get(Role::Region), Some(expected));
    }
}

/// Whether `YYYY-MM-DD` names a day of the Gregorian calendar.
fn real_date(text: &str) -> bool {
    let parts: Vec<u32> = text.split('-').map(|p| p.parse().unwrap()).collect();
    let (year, month, day) = (parts[0], parts[1], parts[2]);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=12).contains(&month) && (1..=days).contains(&day)
}

#[test]
fn survey_answers_are_grouped_by_the_customers_main_values() {
    let transactions = std::fs::read(common::fixture("attributes.csv")).unwrap();
    let surveys = b"customer,date,nps\na,2024-01-20,10\nb,2024-01-21,0\nc,2024-01-22,9\n";
    let options = Options {
        as_of: Some(Date::from_ymd(2024, 1, 31).unwrap()),
        ..Options::default()
    };
    let report = custval::analyze_with_surveys(Some(&transactions), surveys, &options).unwrap();
    let groups = &report.satisfaction.unwrap().groups;
    let responses = |dimension: &str| {
        let table = groups.iter().find(|t| t.dimension == dimension).unwrap();
        let rows: Vec<(String, u64)> = table
            .groups
            .iter()
            .map(|g| (g.label.clone(), g.responses))
            .collect();
        (rows, table.unlabelled)
    };
    // a and b's main region is North; c has none.
    assert_eq!(responses("region"), (vec![("North".into(), 2)], 1));
    assert_eq!(
        responses("channel"),
        (vec![("Online".into(), 2), ("Store".into(), 1)], 0)
    );
}

#[test]
fn the_customers_export_has_the_main_values() {
    let config = custval::ExportParams::default().check().unwrap();
    let text = custval::customers_csv(&report(), &config);
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<(String, String, String)> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let cell = |name: &str| record[at(name)].to_string();
            assert_eq!(
                (cell("customerType"), cell("discount")),
                (String::new(), String::new())
            );
            (cell("region"), cell("salesChannel"), cell("category"))
        })
        .collect();
    let expected = [
        ("North", "Online", "Shoes"),
        ("North", "Online", "Bags"),
        ("", "Store", ""),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(r, c, k)| (r.to_string(), c.to_string(), k.to_string()))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn a_chinese_shipping_address_gives_its_province() {
    // Taobao's order export, its address header with the trailing space the export writes.
    let csv = "订单编号,买家会员名,买家实际支付金额,订单创建时间,收货地址 \n\
               1001,小王,100.00,2024-01-03 10:00:00,浙江省 杭州市 西湖区 文三路 1 号(310000)\n\
               1002,小李,50.00,2024-01-05 11:00:00,北京 北京市 朝阳区 建国路 88 号\n\
               1003,小王,30.00,2024-01-09 12:00:00,浙江省 宁波市 鄞州区\n\
               1004,小张,20.00,2024-01-10 09:00:00,Hong Kong Island\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let [region] = &report.attributes[..] else {
        panic!("{:?}", report.attributes)
    };
    assert_eq!(region.column, "收货地址");
    assert_eq!(
        values(region),
        [("浙江省", 1, 2, 130.0), ("北京市", 1, 1, 50.0)]
    );
    // An address that names no province is a blank region, not a region of its own.
    assert_eq!((region.blank_rows, region.blank_revenue), (1, 20.0));
}

#[test]
fn a_shop_selling_in_one_country_is_broken_down_by_state() {
    // Shopify's order export, cut to the columns read.
    let csv = "Email,Created at,Total,Billing Province Name,Billing Country\n\
               a@shop.example,2024-01-03 10:00:00 -0500,100.00,California,US\n\
               b@shop.example,2024-01-05 11:00:00 -0500,50.00,Texas,US\n\
               a@shop.example,2024-01-09 12:00:00 -0500,30.00,California,US\n\
               c@shop.example,2024-01-10 09:00:00 -0500,20.00,,US\n";
    let report = analyze(csv.as_bytes(), &Options::default()).unwrap();
    let [region] = &report.attributes[..] else {
        panic!("{:?}", report.attributes)
    };
    assert_eq!(region.column, "Billing Province Name");
    assert_eq!(
        values(region),
        [("California", 1, 2, 130.0), ("Texas", 1, 1, 50.0)]
    );
    assert_eq!((region.blank_rows, region.blank_revenue), (1, 20.0));
    // The preview shows the column the analysis reads.
    let shown = custval::preview(csv.as_bytes(), true, &custval::ReadOptions::default()).unwrap();
    let roles: Vec<Option<Role>> = shown.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            Some(Role::Customer),
            Some(Role::Date),
            Some(Role::Amount),
            Some(Role::Region),
            None
        ]
    );
}
