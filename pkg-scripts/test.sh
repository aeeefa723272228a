#!/usr/bin/env bash
# Runs every test: formatting and lints, the native unit, integration and doc tests, the docs,
# the warehouse SQL and the retention figures against DuckDB, the sample data's
# reproducibility, the wasm binding in headless Chromium, the npm package in Node, and the page
# end to end in Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "setup"
bash pkg-scripts/setup.sh

step "format and lints"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings

step "native tests"
cargo test

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

step "DuckDB against custval: the warehouse SQL, and retention"
cargo build --quiet
target/warehouse-venv/bin/python tests/peers/warehouse.py
target/warehouse-venv/bin/python tests/peers/retention.py

step "sample data"
bash pkg-scripts/sample.sh --check

step "build"
bash pkg-scripts/build.sh

step "wasm binding in headless Chromium"
# On a busy 2-core machine ChromeDriver can take longer than the runner's default 5 s to start,
# and the suite (7 s when idle) longer than its default 20 s.
WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 WASM_BINDGEN_TEST_TIMEOUT=180 \
  wasm-pack test --headless --chrome --no-default-features

step "npm package in Node, page in Chromium"
node --test tests/node/ tests/e2e/
