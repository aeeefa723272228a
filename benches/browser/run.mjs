// The in-browser benchmark: analyses seeded transactions files of several sizes in headless
// Chromium, in a Web Worker as the page does, and prints per-stage times, throughput and the
// browser's peak memory; the native CLI on the same files for comparison; with --peers, also
// DuckDB-wasm's RFM query in the same browser (installed from npm into target/bench-peers).
//
//   node benches/browser/run.mjs [--rows 10000,100000,1000000] [--peers] [--cold]
//
// custval starts as the package's worker does, with a warm-up analysis of a small generated
// file (in the start-up time); with --cold, also without it.
//
// Needs pkg/ (pkg-scripts/build.sh) and the release CLI (cargo build --release); makes the data
// files with examples/generate_transactions.rs into target/bench-data/ when they are missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from '../../pkg-scripts/serve.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const DATA = join(REPO, 'target/bench-data');
const PEERS = join(REPO, 'target/bench-peers');
const PEER_PACKAGES = ['@duckdb/duckdb-wasm@1.32.0', 'esbuild@0.28.2'];

const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const sizes = option('--rows', '10000,100000,1000000').split(',').map(Number);
const withPeers = process.argv.includes('--peers');
const alsoCold = process.argv.includes('--cold');

function dataFile(rows) {
  const file = join(DATA, `transactions-${rows}.csv`);
  if (!existsSync(file)) {
    mkdirSync(DATA, { recursive: true });
    const generator = join(REPO, 'target/release/examples/generate_transactions');
    if (!existsSync(generator)) {
      execFileSync('cargo', ['build', '--release', '--example', 'generate_transactions'], { cwd: REPO, stdio: 'inherit' });
    }
    const output = openSync(file, 'w');
    execFileSync(generator, ['--rows', String(rows)], { stdio: ['ignore', output, 'inherit'] });
    closeSync(output);
  }
  return file;
}

/** A directory to serve: the bench page, the package and, with peers, DuckDB. */
function servedDirectory() {
  const dir = mkdtempSync(join(tmpdir(), 'custval-bench-'));
  for (const name of ['index.html', 'bench.js', 'custval-worker.js']) symlinkSync(join(HERE, name), join(dir, name));
  symlinkSync(join(REPO, 'pkg'), join(dir, 'pkg'));
  if (withPeers) {
    if (!existsSync(join(PEERS, 'node_modules/@duckdb/duckdb-wasm'))) {
      mkdirSync(PEERS, { recursive: true });
      execFileSync('npm', ['install', '--prefix', PEERS, '--no-fund', '--no-audit', '--loglevel=error', ...PEER_PACKAGES], {
        stdio: 'inherit',
      });
    }
    const dist = join(PEERS, 'node_modules/@duckdb/duckdb-wasm/dist');
    for (const name of ['duckdb-browser-eh.worker.js', 'duckdb-eh.wasm']) symlinkSync(join(dist, name), join(dir, name));
    execFileSync(join(PEERS, 'node_modules/.bin/esbuild'), [
      join(HERE, 'duckdb-bench.js'),
      '--bundle',
      '--format=esm',
      `--outfile=${join(dir, 'duckdb-bench.bundle.js')}`,
      '--log-level=warning',
    ], { env: { ...process.env, NODE_PATH: join(PEERS, 'node_modules') } });
  }
  return dir;
}

/** Total resident memory of the processes started with this browser profile, in bytes. */
function browserMemory(profile) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += rss ? Number(rss[1]) * 1024 : 0;
    } catch {
      // The process ended while being read.
    }
  }
  return total;
}

async function inBrowser(serverUrl, engine, file, query = '') {
  const profile = mkdtempSync(join(tmpdir(), 'custval-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, browserMemory(profile))), 50);
  try {
    const page = await context.newPage();
    await page.goto('about:blank');
    const idle = browserMemory(profile);
    await page.goto(`${serverUrl}?engine=${engine}${query}`);
    await page.setInputFiles('#file', file);
    const result = await page.evaluate(() => window.benchmark);
    // What the analysis adds to a browser that has the page open.
    return { ...result, peakMemoryBytes: peak - idle };
  } finally {
    clearInterval(sampler);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function native(file) {
  const cli = join(REPO, 'target/release/custval');
  const times = [];
  let peak = 0;
  for (let run = 0; run < 2; run++) {
    const start = process.hrtime.bigint();
    const timed = spawnSync('/usr/bin/time', ['-f', '%M', cli, 'analyze', file, '--output', '/dev/null'], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (timed.status !== 0) throw new Error(`the CLI failed: ${timed.stderr}`);
    peak = Math.max(peak, Number(timed.stderr.trim().split('\n').pop()) * 1024);
  }
  return { engine: 'custval CLI', total: Math.min(...times), peakMemoryBytes: peak };
}

const files = sizes.map(dataFile);
const served = servedDirectory();
const server = await startServer({ root: served });
const mb = (bytes) => (bytes / 1e6).toFixed(1);
const rowsOf = (file) => Number(/transactions-(\d+)\.csv/.exec(file)[1]);
console.log(`machine: ${spawnSync('nproc').stdout.toString().trim()} cores; Chromium ${spawnSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version']).stdout.toString().trim()}`);
console.log('engine           rows       MB  start-up s  ingest s  analyse s  total s (2nd)   MB/s    rows/s  +peak MB  ×file');
try {
  for (const file of files) {
    const bytes = statSync(file).size;
    const rows = rowsOf(file);
    const results = [await inBrowser(server.url, 'custval', file)];
    if (alsoCold) results.push({ ...(await inBrowser(server.url, 'custval', file, '&warmUp=0')), engine: 'custval cold' });
    if (withPeers) results.push(await inBrowser(server.url, 'duckdb', file));
    for (const result of results) {
      const [first, second] = result.runs;
      const fmt = (value) => (value == null ? '   –' : value.toFixed(3));
      console.log(
        `${result.engine.padEnd(12)} ${String(rows).padStart(8)} ${mb(bytes).padStart(8)} ${fmt(result.startup).padStart(11)} ` +
          `${fmt(first.ingest).padStart(9)} ${fmt(first.analyse).padStart(10)} ${fmt(first.total).padStart(8)} (${fmt(second.total)}) ` +
          `${(bytes / 1e6 / first.total).toFixed(0).padStart(7)} ${(rows / first.total).toFixed(0).padStart(9)} ` +
          `${mb(result.peakMemoryBytes).padStart(10)} ${(result.peakMemoryBytes / bytes).toFixed(1).padStart(9)}`,
      );
    }
    const cli = native(file);
    console.log(
      `${cli.engine.padEnd(12)} ${String(rows).padStart(8)} ${mb(bytes).padStart(8)} ${'–'.padStart(11)} ${'–'.padStart(9)} ` +
        `${'–'.padStart(10)} ${cli.total.toFixed(3).padStart(8)}         ${(bytes / 1e6 / cli.total).toFixed(0).padStart(7)} ` +
        `${(rows / cli.total).toFixed(0).padStart(9)} ${mb(cli.peakMemoryBytes).padStart(10)} ${(cli.peakMemoryBytes / bytes).toFixed(1).padStart(9)}`,
    );
  }
} finally {
  await server.close();
  rmSync(served, { recursive: true, force: true });
}
