#!/usr/bin/env bash
# The WebAssembly benchmarks (benches/wasm.rs): criterion as wasm-bindgen-test ships it, run in
# headless Chromium through wasm-bindgen-test-runner. Prints criterion's estimates.
set -euo pipefail
cd "$(dirname "$0")/.."

bash pkg-scripts/setup.sh
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
# Each benchmark takes 100 samples; the default 20 s test timeout is too short for them.
export WASM_BINDGEN_TEST_TIMEOUT=600
cargo bench --target wasm32-unknown-unknown --no-default-features --bench wasm
