//! Writes a realistic, seeded transactions CSV in the shape of the UCI Online Retail export
//! (`InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Country`), for the page's sample data
//! and for benchmarks. The same arguments always give the same bytes.
//!
//! ```text
//! cargo run --release --example generate_transactions -- --customers 600 --bad-rows 6 > www/sample-transactions.csv
//! cargo run --release --example generate_transactions -- --rows 1000000 > transactions-1m.csv
//! ```
//!
//! `--rows N` makes exactly N order lines (plus any `--bad-rows`), drawing as many customers as
//! that takes, for benchmarks at a given size.
//!
//! Customers arrive over the first two thirds of the period, buy at their own rate (gamma
//! distributed across customers) until they drop out (a per-order dropout chance), put one to
//! four lines on each invoice, and return about 2 % of lines a few days later as a cancellation
//! invoice (`C` prefix, negative quantity). About 1 % of lines have no customer id, as in the
//! UCI data. `--bad-rows N` adds N malformed rows (impossible dates, unreadable prices) so the
//! data-quality report has something to show.

use std::io::{self, BufWriter, Write};

use custval::Date;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, Gamma, LogNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

const COUNTRIES: [&str; 6] = [
    "United Kingdom",
    "Germany",
    "France",
    "China",
    "Netherlands",
    "Spain",
];

struct Args {
    customers: u32,
    rows: Option<usize>,
    seed: u64,
    bad_rows: u32,
    start: Date,
    days: i32,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        customers: 600,
        rows: None,
        seed: 2024,
        bad_rows: 0,
        start: Date::from_ymd(2023, 1, 1).expect("a valid date"),
        days: 730,
    };
    let mut words = std::env::args().skip(1);
    while let Some(flag) = words.next() {
        let value = words.next().ok_or(format!("{flag} needs a value"))?;
        let bad = || format!("{flag}: '{value}' is not valid");
        match flag.as_str() {
            "--customers" => args.customers = value.parse().map_err(|_| bad())?,
            "--rows" => args.rows = Some(value.parse().map_err(|_| bad())?),
            "--seed" => args.seed = value.parse().map_err(|_| bad())?,
            "--bad-rows" => args.bad_rows = value.parse().map_err(|_| bad())?,
            "--start" => args.start = value.parse().map_err(|_| bad())?,
            "--days" => args.days = value.parse().map_err(|_| bad())?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(args)
}

#[derive(Clone)]
struct Line {
    invoice: String,
    customer: Option<u32>,
    date: Date,
    minute_of_day: u32,
    quantity: i32,
    unit_price: f64,
    country: &'static str,
}

fn main() -> Result<(), String> {
    let args = parse_args()?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(args.seed);
    let rate_spread = Gamma::<f64>::new(0.9, 1.0 / 30.0).map_err(|e| e.to_string())?;
    let price = LogNormal::<f64>::new(1.2, 0.9).map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    let mut invoice_number = 536_365;

    let more_customers = |customer: u32, lines: usize| match args.rows {
        Some(rows) => lines < rows,
        None => customer < args.customers,
    };
    let mut customer = 0;
    while more_customers(customer, lines.len()) {
        customer += 1;
        let orders_per_day: f64 = rate_spread.sample(&mut rng).max(1e-4);
        let gap = Exp::new(orders_per_day).map_err(|e| e.to_string())?;
        let dropout: f64 = rng.gen_range(0.02..0.35);
        let country = COUNTRIES[rng.gen_range(0..COUNTRIES.len())];
        let mut day = f64::from(rng.gen_range(0..args.days * 2 / 3));
        loop {
            let date = args.start.add_days(day as i32);
            let minute_of_day = rng.gen_range(8 * 60..20 * 60);
            invoice_number += 1;
            for _ in 0..rng.gen_range(1..=4) {
                let line = Line {
                    invoice: invoice_number.to_string(),
                    customer: (!rng.gen_bool(0.01)).then_some(12_345 + customer),
                    date,
                    minute_of_day,
                    quantity: rng.gen_range(1..=6),
                    unit_price: (price.sample(&mut rng) * 100.0).round().max(1.0) / 100.0,
                    country,
                };
                if rng.gen_bool(0.02) {
                    let return_date = date.add_days(rng.gen_range(1..15));
                    if return_date.days_since(args.start) < args.days {
                        lines.push(Line {
                            invoice: format!("C{}", invoice_number + 500_000),
                            date: return_date,
                            quantity: -line.quantity,
                            ..line.clone()
                        });
                    }
                }
                lines.push(line);
            }
            day += gap.sample(&mut rng).max(1.0);
            if day >= f64::from(args.days) || rng.gen_bool(dropout) {
                break;
            }
        }
    }
    if let Some(rows) = args.rows {
        lines.truncate(rows);
    }
    lines.sort_by_key(|line| (line.date, line.minute_of_day));
    write_csv(&lines, &args, &mut rng).map_err(|e| e.to_string())
}

fn write_csv(lines: &[Line], args: &Args, rng: &mut Xoshiro256PlusPlus) -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Country"
    )?;
    let bad_every = (lines.len() as u32 / args.bad_rows.max(1)).max(1);
    for (index, line) in lines.iter().enumerate() {
        let customer = line.customer.map(|c| c.to_string()).unwrap_or_default();
        let (year, month, day) = line.date.ymd();
        let (hour, minute) = (line.minute_of_day / 60, line.minute_of_day % 60);
        writeln!(
            out,
            "{},{customer},{year}-{month:02}-{day:02} {hour:02}:{minute:02},{},{:.2},{}",
            line.invoice, line.quantity, line.unit_price, line.country
        )?;
        let bad_index = index as u32 / bad_every;
        if index as u32 % bad_every == bad_every / 2 && bad_index < args.bad_rows {
            let malformed = if bad_index % 2 == 0 {
                format!(
                    "{},{customer},{year}-02-30 12:00,1,9.99,{}",
                    line.invoice, line.country
                )
            } else {
                let price = ["n/a", "TBD", "?"][rng.gen_range(0..3)];
                format!(
                    "{},{customer},{year}-{month:02}-{day:02} 12:00,1,{price},{}",
                    line.invoice, line.country
                )
            };
            writeln!(out, "{malformed}")?;
        }
    }
    out.flush()
}
