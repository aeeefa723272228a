// The benchmark and the comparison with the peers. Analyses seeded transactions files of
// several sizes in headless Chromium, in a Web Worker as the page does, and prints per-stage
// times, throughput and the browser's peak memory, then the native CLI on the same files. With
// --peers, also DuckDB-wasm in the same browser (installed from npm into target/bench-peers/)
// and natively DuckDB and polars (installed from PyPI into target/bench-venv/), all computing
// RFM with ../peers/rfm.sql or its polars equivalent; then the ratios of the medians, and a
// check that every peer's recency, frequency and monetary value equal custval's for every
// customer (the process fails otherwise).
//
//   node benches/browser/run.mjs [--rows 10000,100000,1000000] [--peers] [--cold] [--repeats N]
//
// custval starts as the package's worker does, with a warm-up analysis of a small generated
// file (in the start-up time); with --cold, also without it. Each engine runs --repeats times
// (a fresh browser each time) and the table shows the medians.
//
// Needs pkg/ (pkg-scripts/build.sh) and the release CLI (cargo build --release); makes the data
// files with examples/generate_transactions.rs into target/bench-data/ when they are missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CHROMIUM } from '../../pkg-scripts/chromium.mjs';
import { startServer } from '../../pkg-scripts/serve.mjs';
import { rfmOfCustomersCsv } from './customers-rfm.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const DATA = join(REPO, 'target/bench-data');
const PEERS = join(REPO, 'target/bench-peers');
const PEER_PACKAGES = ['@duckdb/duckdb-wasm@1.32.0', 'esbuild@0.28.2'];
const VENV = join(REPO, 'target/bench-venv');
const PYPI_PEERS = ['duckdb==2.0.0', 'polars==2.1.0'];

const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const sizes = option('--rows', '10000,100000,1000000').split(',').map(Number);
const withPeers = process.argv.includes('--peers');
const alsoCold = process.argv.includes('--cold');
const repeats = Number(option('--repeats', '1'));

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
  for (const name of ['index.html', 'bench.js', 'custval-worker.js', 'customers-rfm.js']) symlinkSync(join(HERE, name), join(dir, name));
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
      '--loader:.sql=text',
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

/**
 * The browser's memory once it has settled: the first reading after half a second of readings
 * within 1 MB of each other (at most 5 s). Just after start-up the browser's own processes are
 * still growing, by about 50 MB over the first half second, which a reading taken at once would
 * count as the page's.
 */
async function settledMemory(profile) {
  const readings = [browserMemory(profile)];
  while (readings.length < 50) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    readings.push(browserMemory(profile));
    const recent = readings.slice(-6);
    if (recent.length === 6 && Math.max(...recent) - Math.min(...recent) < 1e6) break;
  }
  return readings.at(-1);
}

async function inBrowser(serverUrl, engine, file, query = '') {
  const profile = mkdtempSync(join(tmpdir(), 'custval-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, CHROMIUM);
  let peak = 0;
  const sample = () => (peak = Math.max(peak, browserMemory(profile)));
  const sampler = setInterval(sample, 50);
  // The peak of a page that has analysed the file once, and then that of the whole run: the
  // second analysis runs while the first one's results are still held, as a page that keeps its
  // report on show until the next is ready holds them.
  let firstPeak;
  let startedUp;
  const started = new Promise((resolve) => (startedUp = resolve));
  try {
    const page = await context.newPage();
    await page.exposeFunction('firstRunDone', () => (firstPeak = sample()));
    await page.exposeFunction('startedUp', () => startedUp());
    await page.goto('about:blank');
    const idle = await settledMemory(profile);
    await page.goto(`${serverUrl}?engine=${engine}${query}`);
    // The page open, its engine started (and warmed up), before there is a file: what any file
    // costs, which the figures over the analyses below include.
    await started;
    const pageMemoryBytes = (await settledMemory(profile)) - idle;
    await page.setInputFiles('#file', file);
    const result = await page.evaluate(() => window.benchmark);
    // What the page and the analysis add to a browser with a blank page.
    const peakMemoryBytes = sample() - idle;
    const firstPeakMemoryBytes = firstPeak - idle;
    // Only the comparison needs every customer's figures (1,600,000 of them at 20,000,000 rows).
    const rfm = withPeers ? (result.rfm ?? (await page.evaluate(() => window.rfm()))) : undefined;
    return { ...result, pageMemoryBytes, firstPeakMemoryBytes, peakMemoryBytes, rfm };
  } finally {
    clearInterval(sampler);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The CLI's time and peak memory for one run of the whole analysis the page makes, clusters
 * with k chosen by silhouette included: writing the whole report ('custval CLI'), or with
 * --summary-only, the report without its customers, as the page is handed it ('CLI summary'). */
function cli(file, { summaryOnly = false } = {}) {
  const args = ['analyze', file, '--clusters', 'auto', '--output', '/dev/null', ...(summaryOnly ? ['--summary-only'] : [])];
  const { seconds, peak } = timed(join(REPO, 'target/release/custval'), args);
  return { engine: summaryOnly ? 'CLI summary' : 'custval CLI', total: seconds, peakMemoryBytes: peak };
}

/** Every customer's recency, frequency and monetary value as the CLI writes them. */
function cliRfm(file) {
  const csv = join(tmpdir(), `custval-bench-${process.pid}.csv`);
  timed(join(REPO, 'target/release/custval'), ['analyze', file, '--output', '/dev/null', '--customers-csv', csv]);
  const rfm = rfmOfCustomersCsv(readFileSync(csv, 'utf8'));
  rmSync(csv);
  return rfm;
}

/** A native peer (DuckDB or polars, in Python) computing RFM: its time, start-up included. */
function nativePeer(engine, file) {
  if (!existsSync(join(VENV, 'bin/python'))) {
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(join(VENV, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...PYPI_PEERS], {
      stdio: 'inherit',
    });
  }
  const output = join(tmpdir(), `custval-bench-${engine}-${process.pid}.csv`);
  const { seconds, peak } = timed(join(VENV, 'bin/python'), [join(REPO, 'benches/peers/rfm.py'), engine, file, output]);
  const rows = readFileSync(output, 'utf8').trim().split('\n').slice(1);
  rmSync(output);
  const rfm = rows.map((line) => {
    const [id, ...figures] = line.split(',');
    return [id, ...figures.slice(0, 3).map(Number)];
  });
  return { engine: `${engine} native`, total: seconds, peakMemoryBytes: peak, rfm };
}

/** Runs a program to its end: wall-clock seconds and peak resident memory. */
function timed(program, args) {
  // An id salt set for the user's own runs would hash the ids the RFM check compares.
  const { CUSTVAL_ID_SALT, ...env } = process.env;
  const start = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', program, ...args], { encoding: 'utf8', env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${program} failed: ${run.stderr}`);
  return { seconds, peak: Number(run.stderr.trim().split('\n').pop()) * 1024 };
}

/** One line per engine: the first run's stages and the second run from a browser's result. */
function fromBrowser(result) {
  const [first, second] = result.runs;
  return { ...result, ...first, second: second.total, secondIngest: second.ingest };
}

const median = (values) => {
  const sorted = values.filter((value) => value != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** `repeats` runs of `run`, as one line of medians (and the first run's RFM for the check). */
async function medianOf(run) {
  const results = [];
  for (let repeat = 0; repeat < repeats; repeat++) results.push(await run());
  const of = (key) => median(results.map((result) => result[key]));
  const keys = ['startup', 'ingest', 'secondIngest', 'analyse', 'total', 'second', 'pageMemoryBytes', 'firstPeakMemoryBytes', 'peakMemoryBytes'];
  return { engine: results[0].engine, rfm: results[0].rfm, ...Object.fromEntries(keys.map((key) => [key, of(key)])) };
}

/** The customers whose recency, frequency or monetary value differ from `expected`'s. */
function rfmDifferences(expected, actual) {
  const byId = new Map(actual.map(([id, ...figures]) => [id, figures.join(' ')]));
  const differences = expected
    .filter(([id, ...figures]) => byId.get(id) !== figures.join(' '))
    .map(([id, ...figures]) => `${id}: ${figures.join(' ')} vs ${byId.get(id) ?? 'missing'}`);
  if (byId.size !== expected.length) differences.push(`${byId.size} customers vs ${expected.length}`);
  return differences;
}

const files = sizes.map(dataFile);
const served = servedDirectory();
const server = await startServer({ root: served });
const mb = (bytes) => (bytes / 1e6).toFixed(1);
/** A memory figure in MB and as a multiple of the file's size, or dashes where there is none. */
const memory = (grown, width, bytes) =>
  grown == null
    ? `${'–'.padStart(width)} ${'–'.padStart(6)}`
    : `${mb(grown).padStart(width)} ${(grown / bytes).toFixed(1).padStart(6)}`;
const rowsOf = (file) => Number(/transactions-(\d+)\.csv/.exec(file)[1]);
const fmt = (value) => (value == null ? '–' : value.toFixed(3));
console.log(
  `machine: ${spawnSync('nproc').stdout.toString().trim()} cores, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ` +
    `Chromium ${spawnSync(CHROMIUM.executablePath, ['--version']).stdout.toString().trim()}; ` +
    `medians of ${repeats} run${repeats > 1 ? 's' : ''}`,
);
// Memory: what the browser's processes grew by with the page open and started (page), then over
// the first analysis (+1st, page included), and over both (+peak, which the CLI lines give for
// their one run).
console.log('engine            rows       MB  start-up s   ingest s (2nd)  analyse s  total s (2nd)    MB/s    rows/s  page MB  +1st MB  ×file  +peak MB  ×file');
let failed = false;
try {
  for (const file of files) {
    const bytes = statSync(file).size;
    const rows = rowsOf(file);
    const lines = [await medianOf(async () => fromBrowser(await inBrowser(server.url, 'custval', file)))];
    if (alsoCold) {
      const cold = async () => ({ ...fromBrowser(await inBrowser(server.url, 'custval', file, '&warmUp=0')), engine: 'custval cold' });
      lines.push(await medianOf(cold));
    }
    if (withPeers) lines.push(await medianOf(async () => fromBrowser(await inBrowser(server.url, 'duckdb', file))));
    lines.push(await medianOf(async () => cli(file)));
    lines.push(await medianOf(async () => cli(file, { summaryOnly: true })));
    if (withPeers) {
      lines.push(await medianOf(async () => nativePeer('duckdb', file)));
      lines.push(await medianOf(async () => nativePeer('polars', file)));
    }
    for (const line of lines) {
      const second = (value) => (value == null ? '' : `(${fmt(value)})`);
      console.log(
        `${line.engine.padEnd(13)} ${String(rows).padStart(8)} ${mb(bytes).padStart(8)} ${fmt(line.startup).padStart(11)} ` +
          `${fmt(line.ingest).padStart(9)} ${second(line.secondIngest).padEnd(7)} ${fmt(line.analyse).padStart(10)} ` +
          `${fmt(line.total).padStart(8)} ${second(line.second).padEnd(7)} ` +
          `${(bytes / 1e6 / line.total).toFixed(0).padStart(7)} ${(rows / line.total).toFixed(0).padStart(9)} ` +
          `${(line.pageMemoryBytes == null ? '–' : mb(line.pageMemoryBytes)).padStart(8)} ` +
          `${memory(line.firstPeakMemoryBytes, 8, bytes)} ${memory(line.peakMemoryBytes, 9, bytes)}`,
      );
    }
    if (!withPeers) continue;
    const line = (engine) => lines.find((candidate) => candidate.engine === engine);
    const ratio = (a, b) => (a / b).toFixed(2);
    const engines = ['custval', 'duckdb-wasm', 'custval CLI', 'CLI summary', 'duckdb native', 'polars native'];
    const [page, wasmPeer, native, summary, duckdb, polars] = engines.map(line);
    console.log(
      `custval ÷ peer: page ÷ DuckDB-wasm ${ratio(page.total, wasmPeer.total)} first run, ${ratio(page.second, wasmPeer.second)} second; ` +
        `CLI ÷ DuckDB ${ratio(native.total, duckdb.total)}, ÷ polars ${ratio(native.total, polars.total)}; ` +
        `CLI summary ÷ DuckDB ${ratio(summary.total, duckdb.total)}, ÷ polars ${ratio(summary.total, polars.total)}`,
    );
    const expected = cliRfm(file);
    for (const [name, rfm] of [['custval page', page.rfm], ['duckdb-wasm', wasmPeer.rfm], ['duckdb', duckdb.rfm], ['polars', polars.rfm]]) {
      const differences = rfmDifferences(expected, rfm);
      if (differences.length === 0) continue;
      failed = true;
      console.log(`RFM check: ${name} differs from the custval CLI for ${differences.length} customers, e.g. ${differences.slice(0, 3).join('; ')}`);
    }
    if (!failed) {
      console.log(`RFM check: recency, frequency and monetary value of all ${expected.length} customers are the same in the custval CLI, the page, DuckDB-wasm, DuckDB and polars`);
    }
  }
} finally {
  await server.close();
  rmSync(served, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
