#!/usr/bin/env bash
# Regenerates the page's sample data, www/sample-transactions.csv, from the seeded generator.
# With --check, fails instead if the committed file differs from what the generator writes.
set -euo pipefail
cd "$(dirname "$0")/.."

sample=www/sample-transactions.csv
generate() {
  cargo run --quiet --example generate_transactions -- --customers 400 --bad-rows 6 --seed 2024
}
if [ "${1:-}" = "--check" ]; then
  generate | cmp - "$sample" || { echo "$sample differs from the generator's output; run pkg-scripts/sample.sh" >&2; exit 1; }
else
  generate > "$sample"
fi
