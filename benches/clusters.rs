//! k-means segmentation with automatic k (2 to 8; the k-means++ starts and the silhouettes on
//! the default sample of 3,000 customers) on 50,000 seeded synthetic customers. Run with
//! `cargo bench --bench clusters`.

use criterion::{criterion_group, criterion_main, Criterion};
use custval::{analyze_clusters, analyze_rfm, ClusterParams, RfmParams};

mod common;

fn clusters(c: &mut Criterion) {
    let customers = common::customers(50_000);
    let rfm = analyze_rfm(&customers, &RfmParams::default().check().expect("valid"));
    let config = ClusterParams::default().check().expect("valid");
    let mut group = c.benchmark_group("clusters");
    group.sample_size(10);
    group.bench_function("auto k, 50k customers", |b| {
        b.iter(|| {
            analyze_clusters(&customers, &rfm.customers, &rfm.section.segments, &config)
                .expect("clusters")
                .expect("something to cluster")
        })
    });
    group.finish();
}

criterion_group!(benches, clusters);
criterion_main!(benches);
