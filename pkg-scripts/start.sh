#!/usr/bin/env bash
# Sets up what is missing, builds the wasm package and the page, and serves www/ on
# http://127.0.0.1:8080/ (another port: PORT=9000 pkg-scripts/start.sh). Open the URL and press
# "Try sample data", or drop your own CSV: it never leaves the browser.
set -euo pipefail
cd "$(dirname "$0")/.."

bash pkg-scripts/build.sh
exec node pkg-scripts/serve.mjs --port "${PORT:-8080}"
