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
# The licence texts, which both licences require to go with every copy.
cp LICENSE-MIT LICENSE-APACHE pkg/
# The charts' Apache ECharts (pinned in package.json), bundled with only the parts charts.js uses
# into one module beside it, with the licences of what the bundle holds.
esbuild pkg-scripts/echarts-parts.mjs --bundle --format=esm --minify --legal-comments=none \
  --log-level=warning --outfile=pkg/echarts.js \
  --banner:js="/*! Apache ECharts $(node -p "require('echarts/package.json').version") with ZRender and tslib; licences: echarts.LICENSE.txt */"
for licence in echarts/LICENSE echarts/NOTICE zrender/LICENSE tslib/LICENSE.txt; do
  printf '=== %s\n\n' "node_modules/$licence"
  cat "node_modules/$licence"
  printf '\n'
done > pkg/echarts.LICENSE.txt
node pkg-scripts/types.mjs pkg/report.d.ts
node pkg-scripts/package-json.mjs pkg/package.json
node pkg-scripts/readme.mjs pkg/README.md

rm -rf www/pkg
mkdir -p www/pkg
# The page runs the package's worker client, as any website would.
page_files=(custval.js custval_bg.wasm version.js api.js index.js worker-client.js analysis-worker.js
  clv-worker.js clv-port.js report-view.js customer-pages.js i18n.js charts.js echarts.js
  echarts.LICENSE.txt report.css)
cp "${page_files[@]/#/pkg/}" www/pkg/
# What the page's service worker (www/sw.js) keeps for opening the page without a network.
node -e 'console.log(JSON.stringify(process.argv.slice(1)))' "${page_files[@]}" > www/pkg/files.json
