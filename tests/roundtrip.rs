//! Properties: any transactions file the csv crate writes, with awkward ids (delimiters,
//! quotes, line breaks, Chinese), reads back to the per-customer figures computed here
//! directly; malformed files never panic; and a file reads the same in pieces of any size.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use custval::{analyze, Analysis, Date, Options};
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
        let result = analyze(&bytes, &Options::default());
        if rows.iter().all(|&(_, _, cents)| cents < 0) {
            let error = result.unwrap_err();
            prop_assert_eq!(error.code(), "noUsableRows");
            prop_assert!(error.to_string().contains("every row up to the analysis date is a return"));
            return Ok(());
        }
        let report = result.unwrap();

        let mut cents: BTreeMap<&str, i64> = BTreeMap::new();
        let mut days: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
        for &(customer, day, amount) in &rows {
            *cents.entry(IDS[customer]).or_default() += amount;
            if amount >= 0 {
                days.entry(IDS[customer]).or_default().insert(day);
            }
        }
        prop_assert_eq!(report.input.as_ref().unwrap().rows_read, rows.len() as u64);
        prop_assert_eq!(report.input.as_ref().unwrap().rows_skipped, 0);
        prop_assert_eq!(report.customers.len(), days.len());
        for customer in &report.customers {
            let s = &customer.summary;
            prop_assert_eq!(s.frequency as usize, days[s.id.as_str()].len());
            prop_assert_eq!((s.monetary * 100.0).round() as i64, cents[s.id.as_str()]);
        }
    }
}

/// Pieces that real and broken exports are made of.
const PIECES: [&str; 29] = [
    ",",
    ";",
    "\t",
    "|",
    " ",
    "\n",
    "\r\n",
    "\"",
    "\"\"",
    "-",
    "/",
    ".",
    "C536",
    "2024-02-29",
    "31/12/2023",
    "45356",
    "2024年3月5日",
    "5-Mar-24",
    "USD",
    "\u{a0}",
    "Sept",
    "12,50",
    "1.234,5",
    "(3.00)",
    "￥",
    "\u{feff}",
    "\0",
    "客户",
    "=\"",
];

fn messy_file() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::sample::select(PIECES.to_vec()).prop_map(|p| p.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..4),
        "[a-z0-9]{1,6}".prop_map(String::into_bytes),
    ];
    let header = prop::sample::select(vec![
        "customer,date,amount\n",
        "InvoiceNo;CustomerID;InvoiceDate;Quantity;UnitPrice\n",
        "客户编号\t下单时间\t实付金额\n",
        "",
    ]);
    (header, prop::collection::vec(piece, 0..200)).prop_map(|(header, pieces)| {
        let mut bytes = header.as_bytes().to_vec();
        pieces.into_iter().for_each(|piece| bytes.extend(piece));
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Malformed input gives a report or an error, never a panic, and every row is counted.
    #[test]
    fn messy_files_never_panic(bytes in messy_file(), has_header in any::<bool>(), position in 1usize..6) {
        let mut options = Options::default();
        options.read.has_header = has_header;
        if !has_header {
            for (role, offset) in [("customer", 0), ("date", 1), ("amount", 2)] {
                options.read.columns.set(role, custval::ColumnRef::Position(position + offset)).unwrap();
            }
        }
        if let Ok(report) = analyze(&bytes, &options) {
            let input = report.input.as_ref().unwrap();
            prop_assert_eq!(input.rows_read, input.rows_used + input.rows_after_as_of + input.rows_skipped);
            prop_assert_eq!(input.customers as usize, report.customers.len());
        }
    }

    /// The command line pushes a file in 1 MiB pieces, the page in 64 KiB ones, a program
    /// calling `analyze` all at once: the report, or the error, is the same, also where the
    /// mess starts after the 64 KiB the encoding and the delimiter used to be chosen by.
    #[test]
    fn pieces_of_any_size_give_the_same_report(
        messy in messy_file(),
        plain_rows in prop_oneof![Just(0), 0usize..6_000],
        piece in prop::sample::select(vec![1, 7, 1_000, 65_536, 70_001]),
    ) {
        let header = messy.iter().position(|&b| b == b'\n').map_or(0, |at| at + 1);
        let mut bytes = messy[..header].to_vec();
        bytes.extend("c1,2024-01-05,10\n".repeat(plain_rows).into_bytes());
        bytes.extend(&messy[header..]);
        // One byte at a time, only the mess itself.
        let piece = if piece == 1 && plain_rows > 0 { 7 } else { piece };
        let options = Options::default();
        let mut analysis = Analysis::new(options.clone()).unwrap();
        let in_pieces = bytes
            .chunks(piece)
            .try_for_each(|chunk| analysis.push(chunk))
            .and_then(|()| analysis.finish());
        let whole = analyze(&bytes, &options);
        match (in_pieces, whole) {
            (Ok(in_pieces), Ok(whole)) => prop_assert_eq!(
                serde_json::to_string(&in_pieces).unwrap(),
                serde_json::to_string(&whole).unwrap()
            ),
            // Read in pieces, a file meets its problems in another order: a NUL at the end
            // stops it whole, and in pieces only after its columns were found missing.
            (Err(_), Err(_)) => {}
            (in_pieces, whole) => prop_assert!(
                false,
                "in pieces of {}: {:?}; whole: {:?}",
                piece,
                in_pieces.map(|_| "a report"),
                whole.map(|_| "a report")
            ),
        }
    }
}

/// A row of a shop's export, or two: the shapes whose reading depends on the rows above or
/// whose customers, values, currencies and notes are numbered in the order they come, which
/// reading on two cores renumbers (a further line of an order without an amount, quoted
/// values across lines, a quote inside an unquoted value, blank lines, line ends of both
/// kinds, more currencies than are named, rows without a customer or a date), and now and
/// then a broken line.
fn shop_rows() -> impl Strategy<Value = String> {
    let customer = prop_oneof![
        8 => (0u32..400).prop_map(|n| n.to_string()),
        2 => (0u32..40).prop_map(|n| format!("Ann{n}@Example.com")),
        1 => Just(String::new()),
        1 => Just("N/A".to_string()),
    ];
    let date = prop_oneof![
        10 => (1u32..=28).prop_map(|day| format!("2024-02-{day:02}")),
        1 => Just("2024-02-31".to_string()),
        1 => Just(String::new()),
    ];
    let amount = prop_oneof![
        10 => (1u32..500).prop_map(|amount| format!("{amount}.5")),
        1 => Just("-12".to_string()),
        1 => Just(String::new()),
        1 => Just("n/a".to_string()),
    ];
    let order = prop_oneof![
        (0u32..3000).prop_map(|order| order.to_string()),
        (0u32..100).prop_map(|order| format!("C{order}")),
    ];
    let currency = prop_oneof![
        12 => prop::sample::select(vec!["USD", "eur", "GBP"]),
        1 => prop::sample::select(vec![
            "JPY", "CNY", "AUD", "CAD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "INR",
            "BRL", "MXN", "ZAR", "KRW", "SGD", "HKD", "NZD", "TRY",
        ]),
    ];
    let region = prop::sample::select(vec!["North", "South", "华东", "", "West"]);
    let note = prop::sample::select(vec![
        "plain",
        "\"a, b\"",
        "\"two\nlines\"",
        "5\" screen",
        "\"say \"\"hi\"\"\"",
        "",
    ]);
    let end = prop::sample::select(vec!["\n", "\r\n", "\n\n"]);
    let further_line = any::<bool>();
    let fields = (customer, date, amount, order, currency, region, note);
    let row = (fields, end, further_line).prop_map(|(fields, end, further_line)| {
        let (customer, date, amount, order, currency, region, note) = fields;
        let row = format!("{customer},{date},{amount},{order},3,{currency},{region},{note}{end}");
        match further_line {
            true => format!("{row}{customer},{date},,{order},,{currency},{region},{end}"),
            false => row,
        }
    });
    // Now and then a line of the pieces broken exports are made of, but a NUL, which makes the
    // whole file binary.
    let pieces: Vec<&str> = PIECES.into_iter().filter(|&piece| piece != "\0").collect();
    let broken = prop::collection::vec(prop::sample::select(pieces), 1..8)
        .prop_map(|pieces| pieces.concat() + "\n");
    prop_oneof![40 => row, 1 => broken]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Once the formats are chosen (after the first 10,000 rows), a piece of text long enough
    /// is read in halves on two cores where there are threads: the report, or the error, is
    /// the one a single core gives, reading the same file in pieces too small to be halved.
    #[test]
    fn rows_read_in_halves_give_the_report_of_one_core(
        rows in prop::collection::vec(shop_rows(), 10_500..11_500),
        piece in prop::sample::select(vec![40_000, 65_536, 100_000]),
    ) {
        let text = format!("customer,date,amount,order,cost,currency,region,note\n{}", rows.concat());
        let options = Options::default();
        let in_pieces = |piece: usize| {
            let mut analysis = Analysis::new(options.clone()).unwrap();
            text.as_bytes()
                .chunks(piece)
                .try_for_each(|chunk| analysis.push(chunk))
                .and_then(|()| analysis.finish())
                .map(|report| serde_json::to_string(&report).unwrap())
                .map_err(|error| error.to_string())
        };
        prop_assert_eq!(in_pieces(piece), in_pieces(1_000));
    }
}
