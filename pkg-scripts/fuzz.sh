#!/usr/bin/env bash
# Fuzzes the ingest entry point (fuzz/fuzz_targets/ingest.rs) for a bounded time, seeded with
# the test fixtures. A crash leaves its input in fuzz/artifacts/ingest/: add it to
# tests/fixtures/nasty/ with a test before fixing the bug.
#
#   pkg-scripts/fuzz.sh [SECONDS]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
corpus=target/fuzz-corpus
mkdir -p "$corpus"
# Seeds: every fixture, with option byte 0 (header, detected formats) in front, and the survey
# fixtures also with option byte 32 (read as a survey file).
for file in tests/fixtures/*.csv tests/fixtures/nasty/* www/sample-transactions.csv; do
  { printf '\0'; head -c 4096 "$file"; } > "$corpus/$(basename "$file").seed"
done
for file in tests/fixtures/*surveys.csv; do
  { printf ' '; head -c 4096 "$file"; } > "$corpus/$(basename "$file").survey-seed"
done
# cargo-fuzz needs nightly flags; the stable toolchain accepts them with RUSTC_BOOTSTRAP.
RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz ingest "$corpus" -- \
  -max_total_time="${1:-60}" -max_len=8192 -print_final_stats=1
