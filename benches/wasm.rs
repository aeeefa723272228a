//! The fits the issues set targets for, run as WebAssembly in headless Chromium: the
//! lifetime-value fits and k-means with automatic k, each on 50,000 seeded customers, the same
//! inputs as the native `clv` and `clusters` benches. Run with `pkg-scripts/bench-wasm.sh`.
#![cfg(target_arch = "wasm32")]

use custval::{analyze_clusters, analyze_rfm, fit_clv, ClusterParams, RfmParams};
use wasm_bindgen_test::{wasm_bindgen_bench, wasm_bindgen_test_configure, Criterion};

mod common;
#[path = "../tests/common/mod.rs"]
#[allow(dead_code)]
mod simulated;

// In a worker, as the page runs the analysis; the page stays free to report progress.
wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_bench]
fn clv_fits(c: &mut Criterion) {
    let inputs = simulated::simulated_customers(50_000, 42);
    c.bench_function("BG/NBD + Gamma-Gamma fits, 50k customers", |b| {
        b.iter(|| fit_clv(&inputs).expect("fits"))
    });
}

#[wasm_bindgen_bench]
fn clusters_auto_k(c: &mut Criterion) {
    let customers = common::customers(50_000);
    let rfm = analyze_rfm(&customers, &RfmParams::default().check().expect("valid"));
    let config = ClusterParams::default().check().expect("valid");
    c.bench_function("k-means, auto k, 50k customers", |b| {
        b.iter(|| {
            analyze_clusters(&customers, &rfm.customers, &rfm.section.segments, &config)
                .expect("clusters")
                .expect("something to cluster")
        })
    });
}
