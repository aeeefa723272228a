#!/usr/bin/env bash
# Builds the npm package into pkg/ and the web page's copy of it into www/pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash pkg-scripts/setup.sh
# wasm-opt comes from the pinned npm package `binaryen`; wasm-pack finds it on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"

wasm-pack --quiet build --release --target web --out-dir pkg --no-default-features
# The package's API over the glue (see npm/); package-json.mjs lists what is published.
cp npm/*.js npm/*.d.ts npm/*.css pkg/
node pkg-scripts/types.mjs pkg/report.d.ts
node pkg-scripts/package-json.mjs pkg/package.json
node pkg-scripts/readme.mjs pkg/README.md

rm -rf www/pkg
mkdir -p www/pkg
# The page runs the package's worker client, as any website would.
cp pkg/custval.js pkg/custval_bg.wasm pkg/version.js pkg/api.js pkg/index.js pkg/worker-client.js \
  pkg/analysis-worker.js pkg/report-view.js pkg/i18n.js pkg/report.css www/pkg/
