//! The lifetime-value fits (BG/NBD on every customer, Gamma-Gamma on the repeat customers) on
//! 50,000 seeded synthetic customers drawn from the models themselves. Run with
//! `cargo bench --bench clv`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "../tests/common/mod.rs"]
mod common;

fn fits(c: &mut Criterion) {
    let inputs = common::simulated_customers(50_000, 42);
    let mut group = c.benchmark_group("clv");
    group.sample_size(10);
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("BG/NBD + Gamma-Gamma fits, 50k customers", |b| {
        b.iter(|| custval::fit_clv(&inputs).expect("fits"))
    });
    group.finish();
}

criterion_group!(benches, fits);
criterion_main!(benches);
