//! The analysis stage by stage, on seeded synthetic transactions in the shape of the UCI
//! Online Retail export. Run with `cargo bench --bench pipeline`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use custval::{
    analyze, analyze_rfm, customers_csv, recommend, Analysis, ClusterParams, Distributions,
    ExportParams, Options, RecommendParams, RfmParams,
};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// `rows` order lines from `rows / 12` customers over two years, 2 % of them returns.
fn transactions_csv(rows: usize) -> Vec<u8> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let customers = (rows / 12).max(1);
    let mut csv = String::from("InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Country\n");
    for line in 0..rows {
        let day = rng.gen_range(0..730);
        let (year, day_of_year) = (2023 + day / 365, day % 365);
        let (month, day_of_month) = (1 + day_of_year / 31, 1 + day_of_year % 28);
        let quantity: i32 = if rng.gen_bool(0.02) {
            -1
        } else {
            rng.gen_range(1..7)
        };
        csv.push_str(&format!(
            "{},{},{year}-{month:02}-{day_of_month:02} {:02}:{:02},{quantity},{:.2},United Kingdom\n",
            536_365 + line / 3,
            12_346 + rng.gen_range(0..customers),
            rng.gen_range(8..20),
            rng.gen_range(0..60),
            rng.gen_range(0.3..30.0),
        ));
    }
    csv.into_bytes()
}

fn pipeline(c: &mut Criterion) {
    let csv = transactions_csv(200_000);
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(csv.len() as u64));
    group.bench_function("analyze 200k rows", |b| {
        b.iter(|| analyze(&csv, &Options::default()).expect("analyses"))
    });
    // Reading alone: `push` parses every complete row; `finish` would start the analysis.
    group.bench_function("ingest 200k rows", |b| {
        b.iter(|| {
            let mut analysis = Analysis::new(Options::default()).expect("valid options");
            analysis.push(&csv).expect("reads");
            analysis
        })
    });
    group.bench_function("analyze 200k rows in 64 KiB pieces", |b| {
        b.iter(|| {
            let mut analysis = Analysis::new(Options::default()).expect("valid options");
            for piece in csv.chunks(64 * 1024) {
                analysis.push(piece).expect("reads");
            }
            analysis.finish().expect("analyses")
        })
    });
    group.finish();

    let report = analyze(&csv, &Options::default()).expect("analyses");
    let customers: Vec<_> = report.customers.iter().map(|c| c.summary.clone()).collect();
    let config = RfmParams::default().check().expect("default settings");
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Elements(customers.len() as u64));
    group.bench_function("rfm scores, segments, tiers", |b| {
        b.iter(|| analyze_rfm(&customers, &config))
    });
    let recommend_config = RecommendParams::default()
        .check()
        .expect("built-in playbook");
    group.bench_function("recommendations", |b| {
        b.iter(|| recommend(&report.customers, None, &recommend_config).expect("no outlooks"))
    });
    let export = ExportParams::default().check().expect("default settings");
    group.bench_function("customers csv", |b| {
        b.iter(|| customers_csv(&report, &export))
    });
    // The CLI's output: every customer's texts written out as JSON.
    group.bench_function("report json", |b| {
        b.iter(|| serde_json::to_writer(std::io::sink(), &report).expect("serialises"))
    });
    // What freeing a report costs: its per-customer allocations.
    group.bench_function("report drop", |b| {
        b.iter_batched(|| report.clone(), drop, BatchSize::LargeInput)
    });
    // The page's settings: clusters with automatic k, so the scatter sample is counted too.
    let clustered = Options {
        clusters: Some(ClusterParams::default()),
        ..Options::default()
    };
    let report = analyze(&csv, &clustered).expect("analyses");
    let k = report
        .clusters
        .as_ref()
        .map(|section| section.clusters.len());
    group.bench_function("chart distributions", |b| {
        b.iter(|| Distributions::of(&report.customers, k, report.clv.as_ref()))
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
