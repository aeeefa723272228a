// The published package as users get it: `npm pack` of pkg/, the tarball installed into fresh
// projects under a temporary directory, and there: a Node script (ESM and CommonJS), a Vite
// build and dev server, a webpack build, an esbuild build and a <script type="module"> page, each served on
// localhost and run in headless Chromium (main thread, worker client with progress and
// cancelling, and the <custval-report> element), and TypeScript, which must accept a usage
// example and reject a misspelt option.
//
// The bundlers are installed once per pinned version set into a cache under the temporary
// directory; reruns reuse it. Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CHROMIUM } from '../../pkg-scripts/chromium.mjs';
import { startServer } from '../../pkg-scripts/serve.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONSUMER = join(ROOT, 'tests/node/consumer');
const FIXTURE = join(ROOT, 'tests/fixtures/hand-computed.csv');
// Served beside it: a survey file and the transactions of the same customers.
const SURVEY_FIXTURES = ['joined-transactions.csv', 'joined-surveys.csv'];
// Worked out by hand in tests/cli.rs (and checked in package.test.mjs) for asOf 2024-03-01.
const EXPECTED = [
  ['A', 29, 2, 200],
  ['B', 41, 1, 25.5],
  ['C', 1, 2, 22.25],
];
// Exact versions, so that a rerun tests the same thing.
const TOOLS = { vite: '7.3.8', webpack: '5.113.0' };
const summary = (report) => report.customers.map((c) => [c.id, c.recencyDays, c.frequency, c.monetary]);

let work;
let tarball;
let tools;
let browser;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  if (result.error) throw result.error;
  return result;
}

function succeed(command, args, options) {
  const result = run(command, args, options);
  assert.equal(result.status, 0, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const npm = (args, cwd) => succeed('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd });

/** A fresh project with the packed tarball installed and the consumer files copied in. */
function project(name) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }),
  );
  npm(['install', '--prefer-offline', tarball], dir);
  cpSync(CONSUMER, dir, { recursive: true });
  serveFixtures(dir);
  return dir;
}

function serveFixtures(dir) {
  cpSync(FIXTURE, join(dir, 'hand-computed.csv'));
  for (const name of SURVEY_FIXTURES) cpSync(join(ROOT, 'tests/fixtures', name), join(dir, name));
}

/** The bundlers, installed once per version set and reused by later runs. */
function installTools() {
  const key = createHash('sha256').update(JSON.stringify(TOOLS)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `custval-npm-tools-${key}`);
  const stamp = join(dir, 'installed');
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: TOOLS }));
    npm(['install', '--prefer-offline'], dir);
    writeFileSync(stamp, '');
  }
  return join(dir, 'node_modules');
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'pkg/index.js')), 'pkg/ is missing: run pkg-scripts/build.sh first');
  work = mkdtempSync(join(tmpdir(), 'custval-npm-'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], join(ROOT, 'pkg')));
  tarball = join(work, packed[0].filename);
  tools = installTools();
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the package and nothing else', (t) => {
  const listed = run('tar', ['-tzf', tarball])
    .stdout.trim()
    .split('\n')
    .map((path) => path.replace(/^package\//, ''));
  assert.deepEqual(listed.toSorted(), [
    'LICENSE-APACHE',
    'LICENSE-MIT',
    'README.md',
    'analysis-worker.js',
    'api.js',
    'charts.d.ts',
    'charts.js',
    'clv-port.js',
    'clv-worker.js',
    'customer-pages.js',
    'custval.js',
    'custval_bg.wasm',
    'echarts.LICENSE.txt',
    'echarts.js',
    'i18n.js',
    'index.d.ts',
    'index.js',
    'node.js',
    'package.json',
    'report-element.d.ts',
    'report-element.js',
    'report-view.js',
    'report.css',
    'report.d.ts',
    'version.js',
    'worker-client.d.ts',
    'worker-client.js',
  ]);
  const wasm = readFileSync(join(ROOT, 'pkg/custval_bg.wasm'));
  const gzip = run('gzip', ['-9c'], { input: wasm, encoding: 'buffer' }).stdout;
  // Reported for the package's size note, not checked.
  t.diagnostic(`tarball ${statSync(tarball).size} B; .wasm ${wasm.length} B, ${gzip.length} B gzipped (-9)`);
});

test('Node: ESM and CommonJS', () => {
  const dir = project('node');
  const output = JSON.parse(succeed(process.execPath, ['node.mjs', FIXTURE], { cwd: dir }));
  assert.deepEqual(summary(output.fromBytes), EXPECTED);
  assert.deepEqual(output.fromBlob, output.fromBytes);
  assert.deepEqual(output.afterWarmUp, output.fromBytes);
  assert.equal(output.failed, 'emptyInput');
  assert.equal(output.version, JSON.parse(readFileSync(join(ROOT, 'pkg/package.json'))).version);
  const required = JSON.parse(
    succeed(process.execPath, ['--no-warnings', 'require.cjs', FIXTURE], { cwd: dir }),
  );
  assert.deepEqual(summary(required), EXPECTED);
});

/** Serves `root` and checks the page at `path` in Chromium. */
async function checkServed(root, path = '') {
  const server = await startServer({ root });
  try {
    await checkInBrowser(server.url + path);
  } finally {
    await server.close();
  }
}

/** Opens `url` in Chromium and checks what main.js left in `window.result`. */
async function checkInBrowser(url) {
  const tab = await browser.newPage();
  const problems = [];
  // The package fetches its own files and nothing else.
  tab.on('request', (request) => {
    const { origin } = new URL(request.url());
    if (!/^(data|blob):/.test(request.url()) && origin !== new URL(url).origin)
      problems.push(`request to ${request.url()}`);
  });
  tab.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  tab.on('pageerror', (error) => problems.push(error.message));
  tab.on(
    'response',
    (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`),
  );
  // A warning from a worker too: the package warns when it cannot fit the lifetime-value models
  // in its second worker.
  const workers = [];
  tab.on('worker', (worker) => {
    workers.push(worker.url());
    worker.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()));
  });
  try {
    await tab.goto(url);
    const waited = await tab
      .waitForFunction(() => window.result, null, { timeout: 60_000 })
      .catch((error) => {
        throw new Error(`${error.message}; the browser reported: ${problems.join('; ')}`);
      });
    const result = await waited.jsonValue();
    assert.equal(result.error, undefined);
    assert.deepEqual(summary(result.report), EXPECTED);
    assert.deepEqual(result.fromWorker, result.report);
    assert.ok(result.progress.length >= 1, 'progress events');
    assert.deepEqual(result.progress.at(-1), {
      bytes: result.size,
      total: result.size,
      rows: result.report.input.rowsRead,
      stage: 'done',
    });
    assert.equal(result.cancelled, 'cancelled');
    assert.equal(result.failed, 'missingColumn');
    assert.equal(result.keptAfterCancel, result.report.customers.length);
    assert.equal(result.failedLate, 'noUsableRows');
    assert.equal(result.customersAfterIt, 'invalidInput');
    assert.deepEqual(result.noReportSaid, {
      en: 'there is no report to take this from: analyse a transactions file first',
      'zh-CN': '还没有可从中取用的报告：请先分析交易文件',
    });
    // 9 answers: 4 promoters, 3 detractors (see package.test.mjs).
    assert.deepEqual(result.nps, { promoters: 4, detractors: 3 });
    const figures = (report) => report.customers.map((c) => [c.id, c.recencyDays, c.frequency, c.monetary, c.segment]);
    assert.deepEqual(figures(result.fromRecords), figures(result.report));
    assert.equal(result.fromRecords.input.kind, 'customers');
    // The element's table: id, recency, frequency, monetary (in US dollars, English's currency),
    // largest monetary first.
    assert.deepEqual(
      result.shown.map((cells) => [cells[0], cells[3], cells[4], cells[5]]),
      [
        ['A', '29', '2', '$200.00'],
        ['B', '41', '1', '$25.50'],
        ['C', '1', '2', '$22.25'],
      ],
    );
    assert.equal(result.numbersAlign, 'right');
    assert.deepEqual(result.translated, { heading: '输入数据', monetary: '€200.00' });
    assert.equal(result.ownCurrency, '£200.00');
    // The bundled ECharts draws in the element. The fixture has a row after "as of" (the
    // hold-out) and no surveys or clusters (no satisfaction or cluster charts); its three
    // customers are too few for BG/NBD, and the NBD fallback has no P(alive) to chart. The
    // retention chart is the retention section's, after the charts section's.
    assert.deepEqual(result.charts, [
      ['rf-heatmap', true],
      ['segments', true],
      ['pareto', true],
      ['tiers', true],
      ['clv', true],
      ['holdout', true],
      ['migration', true],
      ['retention', true],
    ]);
    // The element's report is the summary: the same report, its customers left in the worker.
    const { customers, ...withoutCustomers } = result.report;
    assert.ok(customers.length > 0);
    assert.deepEqual(result.fromAttributes, withoutCustomers);
    assert.equal(result.fileShown, 'hand-computed.csv');
    assert.deepEqual(problems, []);
    // Three worker clients (main.js's and the two elements'), each with an analysis worker and a
    // worker for the lifetime-value fits: the bundle has both and they start.
    assert.equal(workers.length, 6, `workers started: ${workers.join(', ')}`);
  } finally {
    await tab.close();
  }
}

/**
 * Opens `url` in Chromium and resolves to what its script left in `window.result`, with the
 * workers the page started, each `{ url, closed }`, for as long as the callback `use` runs.
 */
async function withPage(url, use) {
  const tab = await browser.newPage();
  const workers = [];
  tab.on('worker', (worker) => {
    const started = { url: worker.url(), closed: false };
    workers.push(started);
    worker.on('close', () => (started.closed = true));
  });
  try {
    await tab.goto(url);
    const result = await (await tab.waitForFunction(() => window.result, null, { timeout: 60_000 })).jsonValue();
    assert.equal(result.error, undefined);
    await use(result, workers);
  } finally {
    await tab.close();
  }
}

test('the <custval-report> element: moved it keeps its worker, removed it stops it; a src not there fires error; a Blob is named in its language', async () => {
  const server = await startServer({ root: project('element') });
  try {
    await withPage(`${server.url}element.html`, async (result, workers) => {
      assert.equal(result.afterMove, EXPECTED.length);
      assert.equal(result.removedWhileAnalysing, 'cancelled');
      assert.deepEqual(result.missingSrc, {
        name: 'CustvalError',
        code: 'invalidInput',
        message: 'missing.csv could not be fetched: the server answered 404 Not Found',
        messages: {
          en: 'missing.csv could not be fetched: the server answered 404 Not Found',
          'zh-CN': '无法获取 missing.csv：服务器返回了 404 Not Found',
        },
        shown: 'Could not read missing.csv: the server answered 404 Not Found',
      });
      assert.deepEqual(result.noReportOnShow, {
        code: 'invalidInput',
        messages: { en: 'there is no report on show', 'zh-CN': '当前没有显示任何报告' },
      });
      assert.equal(result.unnamed.shown, '该文件');
      assert.match(result.unnamed.error, /^无法分析 该文件：/);
      // The removed element's analysis worker and clv worker; the other element's, started
      // when it fetches its src, stay.
      const removed = workers.slice(0, 2);
      for (let waited = 0; waited < 5000 && !removed.every((worker) => worker.closed); waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(removed.filter((worker) => !worker.closed), [], 'the workers stopped');
    });
  } finally {
    await server.close();
  }
});

test('a <script type="module"> page with an import map', async () => {
  await checkServed(project('script-tag'), 'script-tag.html');
});

test('Vite build', async () => {
  const dir = project('vite');
  succeed(process.execPath, [join(tools, 'vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: dir });
  serveFixtures(join(dir, 'dist'));
  await checkServed(join(dir, 'dist'));
});

test('Vite dev server, with the package left out of dependency pre-bundling', async () => {
  const dir = project('vite-dev');
  const { createServer } = await import(join(tools, 'vite/dist/node/index.js'));
  // As the README advises: pre-bundling would move the modules away from the .wasm file.
  const server = await createServer({
    root: dir,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0 },
    optimizeDeps: { exclude: ['custval'] },
  });
  await server.listen();
  try {
    await checkInBrowser(server.resolvedUrls.local[0]);
  } finally {
    await server.close();
  }
});

test('webpack 5 build', async () => {
  const dir = project('webpack');
  const { default: webpack } = await import(join(tools, 'webpack/lib/index.js'));
  const stats = await new Promise((resolve, reject) =>
    webpack(
      { mode: 'production', context: dir, entry: './main.js', output: { path: join(dir, 'dist') } },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
  cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
  serveFixtures(join(dir, 'dist'));
  await checkServed(join(dir, 'dist'));
});

// esbuild leaves `new URL(…, import.meta.url)` as it is: the README says to copy the package's
// files beside the bundle, and this does what it says.
test('esbuild build, with the package files copied beside the bundle', async () => {
  const dir = project('esbuild');
  const { build } = await import('esbuild');
  await build({ absWorkingDir: dir, entryPoints: ['main.js'], bundle: true, format: 'esm', outdir: 'dist', logLevel: 'warning' });
  const installed = join(dir, 'node_modules/custval');
  for (const name of readdirSync(installed).filter((name) => /\.(js|wasm|css)$/.test(name)))
    cpSync(join(installed, name), join(dir, 'dist', name));
  cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
  serveFixtures(join(dir, 'dist'));
  await checkServed(join(dir, 'dist'));
});

test('TypeScript: the usage example compiles, a misspelt option does not', () => {
  const dir = project('typescript');
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const compile = (file, resolution) =>
    run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--target',
        'es2022',
        '--lib',
        'es2022,dom',
        '--module',
        resolution === 'bundler' ? 'esnext' : 'nodenext',
        '--moduleResolution',
        resolution,
        file,
      ],
      { cwd: dir },
    );
  for (const resolution of ['nodenext', 'bundler']) {
    const good = compile('usage.ts', resolution);
    assert.equal(good.status, 0, good.stdout + good.stderr);
  }
  const bad = compile('wrong-option.ts', 'nodenext');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /wrong-option\.ts.*error TS\d+: .*'asof' does not exist in type 'AnalyzeOptions'/);
});
