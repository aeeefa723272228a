//! k-means segmentation with automatic k (2 to 8, silhouette on a 10,000-customer sample) on
//! 50,000 seeded synthetic customers. Run with `cargo bench --bench clusters`.

use criterion::{criterion_group, criterion_main, Criterion};
use custval::{analyze_clusters, analyze_rfm, ClusterParams, Customer, Date, RfmParams};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Customers of three behaviours (recent regulars, occasional, lapsed one-time buyers) with
/// noise, as RFM summaries.
fn customers(n: usize) -> Vec<Customer> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let day: Date = "2024-01-01".parse().expect("a date");
    (0..n)
        .map(|i| {
            let (recency, frequency, spend): (i32, u32, f64) = match i % 3 {
                0 => (
                    rng.gen_range(0..60),
                    rng.gen_range(4..20),
                    rng.gen_range(40.0..90.0),
                ),
                1 => (
                    rng.gen_range(30..300),
                    rng.gen_range(2..6),
                    rng.gen_range(20.0..60.0),
                ),
                _ => (rng.gen_range(200..700), 1, rng.gen_range(5.0..40.0)),
            };
            Customer {
                id: format!("c{i}"),
                first_purchase: day,
                last_purchase: day,
                recency_days: recency,
                frequency,
                monetary: f64::from(frequency) * spend,
            }
        })
        .collect()
}

fn clusters(c: &mut Criterion) {
    let customers = customers(50_000);
    let rfm = analyze_rfm(&customers, &RfmParams::default().check().expect("valid"));
    let config = ClusterParams::default().check().expect("valid");
    let mut group = c.benchmark_group("clusters");
    group.sample_size(10);
    group.bench_function("auto k, 50k customers", |b| {
        b.iter(|| {
            analyze_clusters(&customers, &rfm.customers, &rfm.section.segments, &config)
                .expect("clusters")
        })
    });
    group.finish();
}

criterion_group!(benches, clusters);
criterion_main!(benches);
