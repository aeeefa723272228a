#!/usr/bin/env bash
# Installs what building and testing custval needs, skipping whatever is already there:
# the wasm32 target, wasm-pack, the wasm-bindgen CLI matching Cargo.lock, Debian's Chromium,
# ChromeDriver and a Chinese font, and the pinned npm dev dependencies. Safe to run again.
#
# Only the package registries are reachable here, so every tool comes from crates.io, Debian or
# npm; wasm-pack is never left to download binaries itself (see ../shared/TOOLCHAIN.md).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack from crates.io (a few minutes, once)"
  cargo install wasm-pack --locked --version 0.15.1
fi

# The CLI must be exactly the wasm-bindgen version in Cargo.lock. Without --locked: the locked
# dependency set pins a webpki-roots version the registry no longer has.
bindgen_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version from crates.io (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

apt_install() {
  local sudo_if_needed=""
  [ "$(id -u)" -eq 0 ] || sudo_if_needed="sudo"
  $sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq "$@" >/dev/null
}

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Chromium and ChromeDriver from Debian"
  apt_install chromium chromium-driver
fi

# A font with Chinese glyphs, so that the printed report in 简体中文 (checked as PDF by the page
# tests) shows its text rather than empty boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  say "installing a Chinese font (WenQuanYi Micro Hei) from Debian"
  apt_install fonts-wqy-microhei
fi

# Reinstall the npm dev dependencies only when the lockfile changed since the last install.
stamp=node_modules/.package-lock.sha256
if [ ! -f "$stamp" ] || ! sha256sum --check --status "$stamp"; then
  say "installing the npm dev dependencies (package-lock.json)"
  npm ci --no-fund --no-audit --loglevel=error
  sha256sum package-lock.json > "$stamp"
fi

# DuckDB from PyPI, pinned, in a virtual environment under target/, for the check of
# docs/warehouse.sql (tests/peers/warehouse.py).
duckdb_version=2.0.0
venv=target/warehouse-venv
if [ "$("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null)" != "$duckdb_version" ]; then
  say "installing DuckDB $duckdb_version from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "duckdb==$duckdb_version"
fi
