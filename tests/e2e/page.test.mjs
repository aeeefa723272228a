// End-to-end test of the web page in headless Chromium: the sample data, an upload whose numbers
// (scores, segments, tiers, Pareto) were worked out by hand, the charts (each checked against
// figures the test works out from the customer table or the files themselves), the "As of" date, an unusable file, a
// file with a net loss, a dropped file with more customers than the table shows, and a large file
// read with progress and cancelled. Every test fails on a console error or an uncaught exception, and on any
// network request other than a same-origin GET of the page's own files; reading a file the user
// chose must cause no request at all.
//
//   node --test tests/e2e/        (needs www/pkg: see pkg-scripts/build.sh)

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { chromium } from 'playwright-core';

import { CHROMIUM } from '../../pkg-scripts/chromium.mjs';
import { startServer } from '../../pkg-scripts/serve.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(REPO, 'tests/fixtures/page-upload.csv');
const JOINED_TRANSACTIONS = join(REPO, 'tests/fixtures/joined-transactions.csv');
const JOINED_SURVEYS = join(REPO, 'tests/fixtures/joined-surveys.csv');
const FORMULA_IDS = join(REPO, 'tests/fixtures/formula-ids.csv');
const MAPPING_GBK = join(REPO, 'tests/fixtures/mapping-gbk.csv');
const SAMPLE = join(REPO, 'www/sample-transactions.csv');
const ARTIFACTS = join(REPO, 'test-artifacts');
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
// The only files the page may fetch once it has loaded: the package (its worker client, the
// workers and the wasm) and the sample.
const FILES_AFTER_LOAD = [
  '/pkg/worker-client.js',
  '/pkg/analysis-worker.js',
  '/pkg/clv-worker.js',
  '/pkg/clv-port.js',
  '/pkg/index.js',
  '/pkg/api.js',
  '/pkg/version.js',
  '/pkg/custval.js',
  '/pkg/custval_bg.wasm',
  '/sample-transactions.csv',
  // The service worker (www/sw.js), where a test lets the page register it.
  '/sw.js',
  '/pkg/files.json',
  // The icon and the manifest, which the browser may fetch once the page is loaded.
  '/icon.svg',
  '/manifest.webmanifest',
];
const TABLE_LIMIT = 100;
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

let server;
let profile;
let browser;

before(async () => {
  await access(join(REPO, 'www/pkg/custval_bg.wasm')).catch(() => {
    throw new Error('www/pkg is missing: build the page first (pkg-scripts/build.sh)');
  });
  server = await startServer({ root: join(REPO, 'www') });
  profile = await mkdtemp(join(tmpdir(), 'custval-e2e-'));
  browser = await launch(profile, 'en-US');
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/**
 * Chromium with its own profile in `dir`, whose navigator.language is `locale`. The page's
 * service worker is refused unless `serviceWorkers` is 'allow': requests it answers would pass
 * the routes by which tests make files fail to load.
 */
function launch(dir, locale, serviceWorkers = 'block') {
  return chromium.launchPersistentContext(dir, { ...CHROMIUM, viewport: VIEWPORTS.desktop, locale, serviceWorkers });
}

/**
 * Runs `body` on a freshly loaded page, then checks that the browser reported no errors and made
 * no request it should not have. On failure, whatever the page showed is added to the report.
 */
function pageTest(name, body, { timeout = 180_000 } = {}) {
  test(name, { timeout }, async (t) => {
    const session = await openPage();
    let passed = false;
    try {
      await body(session, t);
      passed = true;
    } finally {
      if (!passed) {
        for (const problem of session.problems) t.diagnostic(problem);
        const errorBox = session.page.getByTestId('error');
        if (await errorBox.isVisible()) t.diagnostic(`error box: ${await errorBox.textContent()}`);
      }
      // The language and currency a test chose would otherwise be the next test's.
      await session.page
        .evaluate(() => localStorage.clear())
        .catch((error) => t.diagnostic(`could not clear the page's storage: ${error.message}`));
      await session.page.close();
    }
    assertClean(session);
  });
}

/** Checks that the browser reported no errors and made no request it should not have. */
function assertClean(session) {
  assert.deepEqual(session.problems, [], 'the browser reported errors');
  assertOwnRequestsOnly(session.requests);
}

async function openPage(context = browser, url = server.url) {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const session = { page, problems: [], requests: [], loaded: false };
  const onConsole = (message) => {
    if (message.type() === 'error') session.problems.push(`console error: ${message.text()}`);
  };
  page.on('console', onConsole);
  // From the workers, a warning too: the package warns when its second worker fails to fit
  // the lifetime-value models.
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (message.type() === 'warning') session.problems.push(`worker warning: ${message.text()}`);
      else onConsole(message);
    }),
  );
  page.on('pageerror', (error) => session.problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    // data: and blob: URLs never leave the browser.
    if (/^(data|blob):/.test(request.url())) return;
    session.requests.push({ method: request.method(), url: request.url(), afterLoad: session.loaded });
  });
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  session.loaded = true;
  return session;
}

function assertOwnRequestsOnly(requests) {
  const origin = new URL(server.url).origin;
  for (const { method, url, afterLoad } of requests) {
    const { origin: requestOrigin, pathname, search } = new URL(url);
    assert.equal(requestOrigin, origin, `request to another origin: ${method} ${url}`);
    assert.equal(method, 'GET', `request that is not a GET: ${method} ${url}`);
    if (afterLoad) {
      assert.ok(
        FILES_AFTER_LOAD.includes(pathname) && search === '',
        `unexpected request after load: ${url}`,
      );
    }
  }
}

/**
 * Uploads through the file picker, accepts the column-mapping preview as detected (unless
 * `analyse` is false) and checks that not a single request was made meanwhile.
 */
async function uploadWithoutRequests(session, files, settled, { analyse = true } = {}) {
  const before = session.requests.length;
  await session.page.getByTestId('file-input').setInputFiles(files);
  if (analyse) await analyseFromPreview(session.page, typeof files === 'string' ? basename(files) : files.name);
  await settled();
  assert.deepEqual(session.requests.slice(before), [], 'uploading a file made network requests');
}

/** Waits for the preview of the file `name` to be shown, then clicks "Analyse". */
async function previewReady(page, name) {
  await page.locator(`[data-testid="mapping"][data-state="ready"][data-file="${name}"]`).waitFor();
}

async function analyseFromPreview(page, name) {
  await previewReady(page, name);
  await page.getByTestId('mapping-analyse').click();
}

/** The preview's detected facts by field, its column names and roles, and its rows. */
async function previewShown(page) {
  return page.getByTestId('mapping').evaluate((root) => ({
    detected: Object.fromEntries(
      [...root.querySelectorAll('[data-testid="mapping-detected"] [data-field]')].map((item) => [
        item.dataset.field,
        item.querySelector('dd').textContent,
      ]),
    ),
    names: [...root.querySelectorAll('thead th')].map((cell) => cell.textContent),
    roles: [...root.querySelectorAll('[data-testid="mapping-role"]')].map((select) => select.value),
    rows: [...root.querySelectorAll('tbody tr')].map((row) => [...row.cells].map((cell) => cell.textContent)),
    problem: root.querySelector('[data-testid="mapping-problem"]').hidden
      ? null
      : root.querySelector('[data-testid="mapping-problem"]').dataset.code,
  }));
}

/** Gives column `position` (1-based) the role `role` in the preview and waits for the new preview. */
async function chooseRole(page, position, role) {
  const mapping = page.getByTestId('mapping');
  await page.locator(`[data-testid="mapping-role"][data-column="${position}"]`).selectOption(role);
  await page.waitForFunction(
    ([position, role]) =>
      document.querySelector('[data-testid="mapping"]').dataset.state === 'ready' &&
      document.querySelector(`[data-testid="mapping-role"][data-column="${position}"]`).value === role,
    [position, role],
  );
  return mapping;
}

/** Waits until the input summary shows `expected` as the value of `field`. */
async function waitForFact(page, field, expected) {
  await page.waitForFunction(
    ([field, expected]) => {
      const summary = document.querySelector('[data-testid="input-summary"]');
      const value = summary.querySelector(`[data-field="${field}"] dd`);
      return !summary.hidden && value?.textContent === expected;
    },
    [field, expected],
  );
}

async function facts(page) {
  return page
    .getByTestId('input-summary')
    .locator('[data-field]')
    .evaluateAll((items) =>
      Object.fromEntries(items.map((item) => [item.dataset.field, item.querySelector('dd').textContent])),
    );
}

/**
 * The table body as [customer id, ...cell texts] per row, in display order, once the page of
 * customers asked for last has arrived from the worker.
 */
async function tableRows(page) {
  await page.locator('[data-testid="customer-table"]:not([aria-busy])').waitFor();
  return page
    .getByTestId('customer-table')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [row.dataset.customerId, ...[...row.cells].map((cell) => cell.textContent)]),
    );
}

// The customer table's cells up to the tier (the id twice, then eight cells): the columns that
// the hand-worked files fix; lifetime values and stages follow when the report has them.
const RFM_CELLS = 10;

/** `tableRows` cut to the RFM columns. */
async function rfmRows(page) {
  return (await tableRows(page)).map((row) => row.slice(0, RFM_CELLS));
}

/** The Pareto headline as shown. */
async function headline(page) {
  return page.getByTestId('value-summary').locator('.headline').textContent();
}

/** A summary table (segments or tiers) as { key: [name, ...cell texts] }, keyed by data-`attribute`. */
async function summaryRows(page, testId, attribute) {
  return page
    .getByTestId(testId)
    .locator(`tbody tr[data-${attribute}]`)
    .evaluateAll(
      (rows, attribute) =>
        Object.fromEntries(
          rows.map((row) => [row.dataset[attribute], [...row.cells].map((cell) => cell.textContent)]),
        ),
      attribute,
    );
}

// Digits of a figure as shown in English: grouping commas and currency symbols left out.
const toNumber = (text) => Number(text.replace(/[^\d.-]/g, ''));
const sum = (numbers) => numbers.reduce((total, number) => total + number, 0);
const EMPTY_SEGMENT = ['0', '–', '–', '–', '–', '–', '–', '–'];
// Every default segment, in the report's order.
const SEGMENTS = {
  champions: 'Champions',
  loyal_customers: 'Loyal Customers',
  potential_loyalists: 'Potential Loyalists',
  new_customers: 'New Customers',
  promising: 'Promising',
  need_attention: 'Need Attention',
  about_to_sleep: 'About To Sleep',
  at_risk: 'At Risk',
  cant_lose_them: "Can't Lose Them",
  hibernating: 'Hibernating',
};
const TIER_RANKS = { VIP: 3, Key: 2, Ordinary: 1 };

/** Checks that the segment and tier summaries each account for every customer once. */
async function assertSummariesCountEveryone(page, customers) {
  const segments = await summaryRows(page, 'segment-summary', 'segment');
  assert.deepEqual(
    Object.values(segments).map((row) => row[0]),
    Object.values(SEGMENTS),
  );
  assert.equal(sum(Object.values(segments).map((row) => toNumber(row[1]))), customers);
  const tiers = await summaryRows(page, 'value-summary', 'tier');
  assert.deepEqual(Object.keys(tiers), ['high', 'medium', 'low']);
  assert.equal(sum(Object.values(tiers).map((row) => toNumber(row[1]))), customers);
}

pageTest('the sample data fills the summary and a sortable table', async ({ page }) => {
  assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), CSP);
  assert.ok(
    await page
      .getByText('Your data stays in this browser: the file is read locally and never uploaded.')
      .isVisible(),
  );

  await page.getByTestId('sample-button').click();
  await page.getByTestId('customer-table').locator('tbody tr').first().waitFor();
  assert.equal(await page.getByTestId('error').isVisible(), false);

  const shown = await facts(page);
  const customers = toNumber(shown.customers);
  assert.ok(customers > 0, 'the summary counts customers');
  // The rows without a customer id, summed here from the file: quantity × unit price.
  const unattributed = (await sampleRows()).filter((row) => row.id === '');
  const revenue = unattributed.reduce((sum, row) => sum + row.amount, 0);
  assert.equal(
    shown.unattributedRevenue,
    `$${revenue.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} (${unattributed.length} rows)`,
  );
  const rows = await tableRows(page);
  assert.equal(rows.length, Math.min(customers, TABLE_LIMIT));
  const note = await page.locator('section.customers .table-note').textContent();
  if (customers > TABLE_LIMIT) {
    assert.equal(note, `Showing 1–${TABLE_LIMIT} of ${customers.toLocaleString('en')} customers`);
  }

  // Sorted by monetary value, largest first, until a header is clicked.
  const header = (name) => page.getByTestId('customer-table').locator('thead th', { hasText: name });
  const monetary = (table) => table.map((row) => toNumber(row[6]));
  assert.equal(await header('Monetary').getAttribute('aria-sort'), 'descending');
  assert.deepEqual(
    monetary(rows),
    monetary(rows).toSorted((a, b) => b - a),
  );

  await header('Recency').click();
  assert.equal(await header('Recency').getAttribute('aria-sort'), 'ascending');
  assert.equal(await header('Monetary').getAttribute('aria-sort'), null);
  const recency = (await tableRows(page)).map((row) => toNumber(row[4]));
  assert.deepEqual(
    recency,
    recency.toSorted((a, b) => a - b),
  );
  await header('Recency').click();
  assert.equal(await header('Recency').getAttribute('aria-sort'), 'descending');
  await header('Monetary').click();
  await header('Monetary').click();

  // Segments sort in the report's order (the same in every language), tiers by rank (VIP
  // above Key above Ordinary).
  await header('Segment').click();
  const order = Object.values(SEGMENTS);
  const segments = (await tableRows(page)).map((row) => order.indexOf(row[8]));
  assert.ok(!segments.includes(-1));
  assert.deepEqual(
    segments,
    segments.toSorted((a, b) => a - b),
  );
  assert.ok(segments[0] < segments.at(-1), 'more than one segment on the page');
  await header('Tier').click();
  await header('Tier').click();
  assert.equal(await header('Tier').getAttribute('aria-sort'), 'descending');
  const tierRanks = (await tableRows(page)).map((row) => TIER_RANKS[row[9]]);
  assert.deepEqual(
    tierRanks,
    tierRanks.toSorted((a, b) => b - a),
  );
  await header('Monetary').click();
  await header('Monetary').click();

  await assertSummariesCountEveryone(page, customers);
  assert.ok(await page.getByTestId('charts').isVisible(), 'the charts');

  // The CSP would block these, but a blocked style is silent: check there are none. ECharts
  // styles its chart boxes through the CSSOM (element.style), which the CSP allows.
  assert.equal(await page.locator('[style]:not(.chart, .chart *), script:not([src]), style').count(), 0);

  await mkdir(ARTIFACTS, { recursive: true });
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, `sample-${device}.png`) });
    // The table of 100 customers would make a full-page picture useless; the summaries are enough.
    for (const section of ['segment-summary', 'value-summary']) {
      await page
        .getByTestId(section)
        .screenshot({ path: join(ARTIFACTS, `sample-${section}-${device}.png`) });
    }
  }
});

// tests/fixtures/page-upload.csv, worked out by hand. No order id column, so a customer's
// purchases on one day are one occasion; line 8 has an invalid date (2024-02-30) and is skipped.
//   alice  03-01 120.00 | 03-10 30.00 + 15.25 (one occasion) | 04-15 99.99
//   bob    03-02 40.50  | 03-12 -10.50 (a return)            | 03-20 60.00
//   carol  03-05 200.00 (her id is written as HTML, which must show as text)
// Default "as of" = the latest date, 2024-04-15:
//   alice: recency 0, 3 occasions, 120 + 30 + 15.25 + 99.99 = 265.24
//   bob: recency 26 (03-20 → 04-15), 2 occasions (the return is none), 40.50 − 10.50 + 60 = 90
//   carol: recency 41 (03-05 → 04-15), 1 occasion, 200
// As of 2024-03-31, alice's 04-15 row is not scored:
//   alice: recency 21 (03-10 → 03-31), 2 occasions, 165.25; bob: 11, 2, 90; carol: 26, 1, 200
//
// Scores with n = 3 customers on five levels: the ideal group size is 3/5 = 0.6.
// Three distinct values: one value per group costs 3·0.4² + 2·0.6² = 1.2, any group of two
// at least 1.4² = 1.96, so three groups hold one customer each and two are empty. Which three
// is settled by the cut positions: cut l (l = 1..4) should have about 0.6·l customers below
// it, i.e. 0.6, 1.2, 1.8, 2.4; the nearest whole counts are 1 (|1 − 0.6| = 0.4 < 0.6),
// 1 (0.2), 2 (0.2) and 2 (0.4 < 0.6). Counts 1, 1, 2, 2 are non-decreasing, so that cutting is
// possible and, each cut being at its own nearest count, the unique best under any distance:
// groups of sizes [1, 0, 1, 0, 1]. Lowest value → group 1, middle → 3, highest → 5.
// Frequency and monetary score = group; recency (days, fewer is better) score = 6 − group.
// Two values, one customer at the lower and two tied at the higher (frequency as of 03-31):
// the tie cannot be split, so sizes are 1 and 2 in two groups a < b (cost 0.4² + 1.4² + 3·0.6²
// = 3.2 whichever a and b; one group of three costs 2.4² + 4·0.6² = 7.2). Counts below the
// cuts can be 0, 1 or 3; nearest to 0.6, 1.2, 1.8, 2.4 are 1 (0.4), 1 (0.2), 1 (0.8 < 1.2)
// and 3 (0.6 < 1.4): counts 1, 1, 1, 3, so a = 1 and b = 4.
// Segments from R × F: R5 F4–5 Champions, R3 F3 Need Attention, R3 F4–5 Loyal Customers,
// R1–2 F1–2 Hibernating.
//   as of 04-15: recency 0 < 26 < 41, frequency 1 < 2 < 3, monetary 90 < 200 < 265.24
//     alice R5 F5 M5 "555" Champions; bob R3 F3 M1 "331" Need Attention;
//     carol R1 F1 M3 "113" Hibernating
//   as of 03-31: recency 11 < 21 < 26, frequency 1 < 2 = 2, monetary 90 < 165.25 < 200
//     alice R3 F4 M3 "343" Loyal Customers; bob R5 F4 M1 "541" Champions;
//     carol R1 F1 M5 "115" Hibernating
// Tiers (total 555.24 as of 04-15; share reached before each customer, by revenue):
//   alice 0 → VIP; carol 265.24 / 555.24 = 47.8 % → VIP; bob 465.24 / 555.24 = 83.8 % → Key
//   as of 03-31 (total 455.25): carol 0 → VIP; alice 200 / 455.25 = 43.9 % → VIP;
//   bob 365.25 / 455.25 = 80.2 % → Key
// Segment summary as of 04-15 (average order value = revenue / purchase occasions):
//   Champions: alice; 1 of 3 = 33.3 %; 265.24 = 47.8 % of 555.24; 265.24 / 3 = 88.41
//   Need Attention: bob; 33.3 %; 90.00 = 16.2 %; 90 / 2 = 45.00
//   Hibernating: carol; 33.3 %; 200.00 = 36.0 %; 200 / 1 = 200.00
// Tier summary as of 04-15: VIP alice + carol 465.24 = 83.8 %, Key bob 90.00 = 16.2 %.
// Pareto: the top ⌈0.2·3⌉ = 1 customer (alice) brings 47.8 % → "48 %"; alice and carol
// together are the first to reach 80 % (83.8 %): 2 of 3 customers → "67 %".
// No score notes: with 0.6 customers per ideal group, no group can be clearly too small.
pageTest('an uploaded file is analysed locally, as of its latest date or a chosen one', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));

  assert.deepEqual(await rfmRows(page), [
    ['alice', 'alice', 'Mar 1, 2024', 'Apr 15, 2024', '0', '3', '$265.24', '555', 'Champions', 'VIP'],
    [
      '<b>carol</b>',
      '<b>carol</b>',
      'Mar 5, 2024',
      'Mar 5, 2024',
      '41',
      '1',
      '$200.00',
      '113',
      'Hibernating',
      'VIP',
    ],
    ['bob', 'bob', 'Mar 2, 2024', 'Mar 20, 2024', '26', '2', '$90.00', '331', 'Need Attention', 'Key'],
  ]);
  assert.equal(await page.getByTestId('customer-table').locator('b').count(), 0, 'ids are shown as text');
  // Each segment cell explains itself on hover.
  const reasons = await page
    .getByTestId('customer-table')
    .locator('tbody td:nth-child(8)')
    .evaluateAll((cells) => cells.map((cell) => cell.title));
  assert.equal(reasons.length, 3);
  assert.ok(
    reasons.every((reason) => reason.length > 0),
    'every segment has a reason',
  );

  assert.deepEqual(await summaryRows(page, 'segment-summary', 'segment'), {
    champions: ['Champions', '1', '33.3%', '$265.24', '47.8%', '$88.41', '0', '3', '$265.24'],
    loyal_customers: ['Loyal Customers', ...EMPTY_SEGMENT],
    potential_loyalists: ['Potential Loyalists', ...EMPTY_SEGMENT],
    new_customers: ['New Customers', ...EMPTY_SEGMENT],
    promising: ['Promising', ...EMPTY_SEGMENT],
    need_attention: ['Need Attention', '1', '33.3%', '$90.00', '16.2%', '$45.00', '26', '2', '$90.00'],
    about_to_sleep: ['About To Sleep', ...EMPTY_SEGMENT],
    at_risk: ['At Risk', ...EMPTY_SEGMENT],
    cant_lose_them: ["Can't Lose Them", ...EMPTY_SEGMENT],
    hibernating: ['Hibernating', '1', '33.3%', '$200.00', '36.0%', '$200.00', '41', '1', '$200.00'],
  });
  assert.equal(await page.getByTestId('segment-summary').locator('.score-notes').isVisible(), false);
  assert.equal(
    await headline(page),
    'The top 20% of customers bring 48% of revenue; 67% of customers bring 80%.',
  );
  assert.deepEqual(await summaryRows(page, 'value-summary', 'tier'), {
    high: ['VIP (high value)', '2', '66.7%', '$465.24', '83.8%'],
    medium: ['Key (medium value)', '1', '33.3%', '$90.00', '16.2%'],
    low: ['Ordinary (low value)', '0', '0.0%', '$0.00', '0.0%'],
  });
  // One customer in each of the cells R5 F5 (alice), R3 F3 (bob) and R1 F1 (carol), as
  // [F − 1, R − 1, customers, average net revenue]; the Pareto marker as the headline's 48 %.
  const drawn = await charts(page);
  assert.deepEqual(sortCells(drawn['rf-heatmap'].series[0].data), [
    [0, 0, 1, 200],
    [2, 2, 1, 90],
    [4, 4, 1, 265.24],
  ]);
  assert.equal(drawn.pareto.series[0].markLine, 'Top 20%: 48%');
  // Both of the Pareto curve's axes are named.
  assert.deepEqual(drawn.pareto.axisNames, ['Share of customers', 'Share of net revenue']);
  // Only segments with customers are labelled with their shares: champions, need attention and
  // hibernating, a third of the customers each, 47.8 %, 16.2 % and 36.0 % of the revenue.
  const segmentLabels = (shares) => Object.keys(SEGMENTS).map((key) => shares[key] ?? '');
  assert.deepEqual(
    drawn.segments.series.map((series) => series.labels),
    [
      segmentLabels({ champions: '33%', need_attention: '33%', hibernating: '33%' }),
      segmentLabels({ champions: '48%', need_attention: '16%', hibernating: '36%' }),
    ],
  );
  // So are tiers: nobody is Ordinary.
  assert.deepEqual(
    drawn.tiers.series.map((series) => series.labels),
    [
      ['67%', '33%', ''],
      ['84%', '16%', ''],
    ],
  );
  await chooseLanguage(page, 'zh-CN');
  assert.deepEqual((await charts(page)).pareto.axisNames, ['客户占比', '净收入占比']);
  await chooseLanguage(page, 'en');
  await assertSummariesCountEveryone(page, 3);
  assert.deepEqual(await facts(page), {
    file: 'page-upload.csv',
    customers: '3',
    rowsRead: '9',
    rowsUsed: '8',
    rowsAfterAsOf: '0',
    rowsSkipped: '1',
    dateRange: 'Mar 1, 2024 – Apr 15, 2024',
    asOf: 'Apr 15, 2024',
    netRevenue: '$555.24',
    encoding: 'UTF-8',
    delimiter: 'comma',
    dateFormat: 'YYYY-MM-DD or 5 Mar 2024 (detected; 0 ambiguous values in the rows read)',
    decimalSeparator: 'point (1,234.50) (detected; 0 ambiguous values in the rows read)',
    columns:
      'customer id: customer_id · date: order_date · amount: amount · ' +
      'no order id (one purchase occasion per customer per day)',
  });
  const invalidDates = page.getByTestId('input-summary').locator('details[data-reason="invalidDate"]');
  assert.match(await invalidDates.locator('summary').textContent(), /^1 row: dates that are not valid/);
  await invalidDates.locator('summary').click();
  assert.deepEqual(await invalidDates.locator('li').allTextContents(), [
    "line 8: date '2024-02-30' is not a valid date (the column is read as YYYY-MM-DD)",
  ]);
  await mkdir(ARTIFACTS, { recursive: true });
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(ARTIFACTS, `upload-${device}.png`), fullPage: true });
  }

  // Changing the date analyses the same file again, read from memory, not from the network.
  const before = session.requests.length;
  await page.getByTestId('as-of-input').fill('2024-03-31');
  await waitForFact(page, 'asOf', 'Mar 31, 2024');
  assert.deepEqual(session.requests.slice(before), []);
  assert.deepEqual(await rfmRows(page), [
    [
      '<b>carol</b>',
      '<b>carol</b>',
      'Mar 5, 2024',
      'Mar 5, 2024',
      '26',
      '1',
      '$200.00',
      '115',
      'Hibernating',
      'VIP',
    ],
    ['alice', 'alice', 'Mar 1, 2024', 'Mar 10, 2024', '21', '2', '$165.25', '343', 'Loyal Customers', 'VIP'],
    ['bob', 'bob', 'Mar 2, 2024', 'Mar 20, 2024', '11', '2', '$90.00', '541', 'Champions', 'Key'],
  ]);
  await assertSummariesCountEveryone(page, 3);
  const asOfFacts = await facts(page);
  assert.deepEqual(
    [
      asOfFacts.rowsUsed,
      asOfFacts.rowsAfterAsOf,
      asOfFacts.rowsSkipped,
      asOfFacts.dateRange,
      asOfFacts.netRevenue,
    ],
    ['7', '1', '1', 'Mar 1, 2024 – Mar 20, 2024', '$455.25'],
  );
});

// The purchases of tests/retention.rs, as of 2024-08-15: A buys in January, February and April;
// B in February and July; C in May and August, with a return in June, which is no purchase; D in
// April, and in September, after "as of".
//   Repeat customers (two purchase occasions or more by "as of"): A, B and C, 3 of 4 = 75 %.
//   By quarter, who bought: Q1 {A, B}, Q2 {A, C, D}, Q3 so far {B, C}.
//     Q1: 2, both new, no quarter before. Q2: 3, C and D new; of Q1's A and B, A: 1 of 2 = 50 %.
//     Q3: 2, none new; of Q2's three, C: 1 of 3 = 33.3 %, cut short on Aug 15.
//     The last complete quarter with a rate is Q2: of Q1's customers, 50 % bought again.
//   By month: Jan {A}, Feb {A, B}, Mar {}, Apr {A, D}, May {C}, Jun {}, Jul {B}, Aug so far {C}.
//     Feb: of Jan's A, 1 of 1 = 100 %; Mar: 0 of 2 = 0 %; Apr: no rate after a month without
//     customers (A is not new, D is); May: of A and D, none: 0 %; Jun: 0 of 1 = 0 %; Jul: no
//     rate; Aug: of Jul's B, none: 0 %, cut short. The last complete month with a rate is June.
//   By year: 2024 {A, B, C, D}, all new, cut short: no year has a rate.
const RETENTION_PURCHASES = {
  name: 'retention.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(
    [
      'customer,date,amount',
      'A,2024-01-10,20',
      'A,2024-02-20,30',
      'A,2024-04-05,10',
      'B,2024-02-01,50',
      'B,2024-07-01,15',
      'C,2024-05-01,40',
      'C,2024-06-01,-10',
      'C,2024-08-10,25',
      'D,2024-04-15,60',
      'D,2024-09-01,70',
      '',
    ].join('\n'),
  ),
};

/** The retention section as shown: its headline sentences, the length chosen and its table's rows. */
async function retentionShown(page) {
  return page.getByTestId('retention').evaluate((root) => ({
    headlines: [...root.querySelectorAll('.headline')].map((p) => p.textContent),
    length: root.querySelector('.period-choice input:checked').value,
    rows: [...root.querySelectorAll('[data-testid="retention-periods"] tbody tr')].map((row) =>
      [...row.cells].map((cell) => cell.textContent),
    ),
  }));
}

/**
 * The retention chart as drawn: its title, note, periods and, per series, its values and
 * whether each is faded (drawn lighter, as a period cut short by "as of" is).
 */
async function retentionChart(page) {
  return page.evaluate(async () => {
    // Loaded by the page already: the import makes no request.
    const { getInstanceByDom } = await import('./pkg/echarts.js');
    const option = getInstanceByDom(document.querySelector('[data-chart="retention"] .chart')).getOption();
    const item = (data) => (data !== null && typeof data === 'object' ? data : { value: data });
    return {
      title: option.title[0].text,
      note: option.title[0].subtext,
      periods: option.xAxis[0].data,
      series: option.series.map((series) => ({
        name: series.name,
        values: series.data.map((data) => item(data).value),
        faded: series.data.map((data) => (item(data).itemStyle?.opacity ?? 1) < 1),
      })),
    };
  });
}

pageTest('retention is shown by quarter, month or year, without a new analysis, in both languages', async (session) => {
  const { page } = session;
  await page.getByTestId('as-of-input').fill('2024-08-15');
  await uploadWithoutRequests(session, RETENTION_PURCHASES, () => waitForFact(page, 'asOf', 'Aug 15, 2024'));
  assert.deepEqual(await retentionShown(page), {
    headlines: [
      '75% of customers bought more than once (3 of 4).',
      'Of the customers who bought in Q1 2024, 50% bought again in Q2 2024.',
    ],
    length: 'quarter',
    rows: [
      ['Q1 2024', '2', '2', '–', '–'],
      ['Q2 2024', '3', '2', '1', '50.0%'],
      ['Q3 2024 (so far, to Aug 15, 2024)', '2', '0', '1', '33.3%'],
    ],
  });
  assert.match(
    await page.getByTestId('retention').locator('.table-note').textContent(),
    /^retention = customers who bought in the period before and again in this one ÷ customers who bought in the period before; /,
  );
  // The section's table gives the chart's figures: the chart offers no second copy.
  assert.equal(await page.getByTestId('retention').locator('.chart-data').count(), 1);
  assert.equal(await page.getByTestId('retention').locator('.chart-data').isVisible(), false);
  // Returning = active − new; the rate as the report's share; Q3 lighter.
  assert.deepEqual(await retentionChart(page), {
    title: 'Customers and retention',
    note: 'Lighter: Q3 2024, so far (to Aug 15, 2024)',
    periods: ['Q1 2024', 'Q2 2024', 'Q3 2024'],
    series: [
      { name: 'New customers', values: [2, 2, 0], faded: [false, false, true] },
      { name: 'Returning customers', values: [0, 1, 2], faded: [false, false, true] },
      { name: 'Retention rate', values: [null, 0.5, 1 / 3], faded: [false, false, true] },
    ],
  });

  // The switch draws the report on show again: the input summary stays as it was drawn.
  await page.evaluate(() => {
    window.drawnFact = document.querySelector('[data-testid="input-summary"] [data-field="asOf"]');
  });
  const before = session.requests.length;
  await page.getByTestId('retention-period').getByLabel('Month').check();
  assert.deepEqual(await retentionShown(page), {
    headlines: [
      '75% of customers bought more than once (3 of 4).',
      'Of the customers who bought in May 2024, 0% bought again in Jun 2024.',
    ],
    length: 'month',
    rows: [
      ['Jan 2024', '1', '1', '–', '–'],
      ['Feb 2024', '2', '1', '1', '100.0%'],
      ['Mar 2024', '0', '0', '0', '0.0%'],
      ['Apr 2024', '2', '1', '0', '–'],
      ['May 2024', '1', '1', '0', '0.0%'],
      ['Jun 2024', '0', '0', '0', '0.0%'],
      ['Jul 2024', '1', '0', '0', '–'],
      ['Aug 2024 (so far, to Aug 15, 2024)', '1', '0', '0', '0.0%'],
    ],
  });
  const months = await retentionChart(page);
  assert.equal(months.note, 'Lighter: Aug 2024, so far (to Aug 15, 2024)');
  assert.deepEqual(
    months.series.map((series) => series.values),
    [
      [1, 1, 0, 1, 1, 0, 0, 0],
      [0, 1, 0, 1, 0, 0, 1, 1],
      [null, 1, 0, null, 0, 0, null, 0],
    ],
  );
  await page.getByTestId('retention-period').getByLabel('Year').check();
  assert.deepEqual(await retentionShown(page), {
    headlines: [
      '75% of customers bought more than once (3 of 4).',
      'No retention figure by year yet: it needs a complete year after a year with customers.',
    ],
    length: 'year',
    rows: [['2024 (so far, to Aug 15, 2024)', '4', '4', '–', '–']],
  });
  assert.deepEqual((await retentionChart(page)).periods, ['2024']);
  assert.ok(
    await page.evaluate(() => window.drawnFact.isConnected),
    'the report was not drawn again',
  );
  assert.deepEqual(session.requests.slice(before), []);

  // The length chosen stays through a change of language.
  await chooseLanguage(page, 'zh-CN');
  assert.deepEqual(await retentionShown(page), {
    headlines: ['复购率 75%：4 位客户中有 3 位购买了不止一次。', '按年尚无保留率：需要一个完整的年，且其上一年有客户购买。'],
    length: 'year',
    rows: [['2024年 （截至2024年8月15日）', '4', '4', '–', '–']],
  });
  await page.getByTestId('retention-period').getByLabel('按季度').check();
  assert.deepEqual(await retentionShown(page), {
    headlines: ['复购率 75%：4 位客户中有 3 位购买了不止一次。', '2024年第1季度购买的客户中，50% 在2024年第2季度再次购买。'],
    length: 'quarter',
    rows: [
      ['2024年第1季度', '2', '2', '–', '–'],
      ['2024年第2季度', '3', '2', '1', '50.0%'],
      ['2024年第3季度 （截至2024年8月15日）', '2', '0', '1', '33.3%'],
    ],
  });
  const chinese = await retentionChart(page);
  assert.deepEqual(
    [chinese.title, chinese.note, chinese.periods, chinese.series.map((series) => series.name)],
    [
      '购买客户与保留率',
      '浅色：2024年第3季度，截至2024年8月15日',
      ['2024年第1季度', '2024年第2季度', '2024年第3季度'],
      ['新客户', '老客户', '保留率'],
    ],
  );
  assert.match(
    await page.getByTestId('retention').locator('.table-note').textContent(),
    /^保留率 = 上一期购买且本期再次购买的客户数 ÷ 上一期购买的客户数；/,
  );
  await mkdir(ARTIFACTS, { recursive: true });
  await page.getByTestId('retention').screenshot({ path: join(ARTIFACTS, 'retention-zh-CN.png') });
  await chooseLanguage(page, 'en');
  await page.getByTestId('retention').screenshot({ path: join(ARTIFACTS, 'retention-en.png') });
});

// tests/fixtures/mapping-gbk.csv (README there): GBK, Chinese headers, two amount columns. The
// core takes 实付金额 (paid, net revenue 237); mapped to 订单金额 (ordered) it is 260.
pageTest('a GBK file is previewed with its detected mapping, and analysed as remapped', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, MAPPING_GBK, () => previewReady(page, 'mapping-gbk.csv'), {
    analyse: false,
  });
  const detected = await previewShown(page);
  // The core detects GBK files as GB18030, the superset Chinese Excel's GBK is read with.
  assert.deepEqual(detected.detected, {
    encoding: 'gb18030',
    delimiter: 'comma',
    header: 'yes',
    dateFormat: 'YYYY-MM-DD or 5 Mar 2024 (detected; 0 ambiguous values in the rows read)',
    kind: 'transactions (one row per purchase)',
    rows: '4 in the first 64 KiB, 0 of them would be skipped',
  });
  assert.deepEqual(detected.names, ['订单号', '客户编号', '下单时间', '订单金额', '实付金额', '备注']);
  assert.deepEqual(detected.roles, ['order', 'customer', 'date', '', 'amount', '']);
  assert.equal(detected.rows.length, 4);
  assert.deepEqual(detected.rows[2], ['A003', '张三', '2024-03-10', '30.00', '30.00', '<img src=x onerror=alert(1)>']);
  assert.equal(await page.locator('[data-testid="mapping"] img').count(), 0, 'a value was read as markup');
  assert.equal(detected.problem, null);
  // Nothing is analysed before the user says so.
  assert.equal(await page.getByTestId('input-summary').isVisible(), false);
  for (const device of Object.keys(VIEWPORTS)) {
    await page.setViewportSize(VIEWPORTS[device]);
    for (const language of ['en', 'zh-CN']) {
      await chooseLanguage(page, language);
      await page.getByTestId('mapping').screenshot({ path: join(ARTIFACTS, `mapping-${language}-${device}.png`) });
    }
  }
  assert.equal((await previewShown(page)).detected.delimiter, '逗号');
  await chooseLanguage(page, 'en');
  await page.setViewportSize(VIEWPORTS.desktop);

  // Read as UTF-8, which GBK's Chinese is not, every name would come out wrong: the preview
  // says so, naming the lines (all five hold Chinese), and puts it down to the choice.
  const unreadable = page.getByTestId('mapping-unreadable');
  assert.ok(await unreadable.isHidden());
  await page.getByTestId('mapping-encoding').selectOption('utf-8');
  await unreadable.waitFor({ state: 'visible' });
  assert.match(
    await unreadable.textContent(),
    /^\d+ characters are not valid UTF-8, the encoding chosen, and are read as \uFFFD \(on lines 1, 2, 3, 4, 5\): the file is most likely in another encoding/,
  );
  await page.getByTestId('mapping-encoding').selectOption('');
  await unreadable.waitFor({ state: 'hidden' });

  await chooseRole(page, 4, 'amount');
  const remapped = await previewShown(page);
  assert.deepEqual(remapped.roles, ['order', 'customer', 'date', 'amount', '', '']);
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'mapping-gbk.csv');
  const shown = await facts(page);
  assert.equal(shown.netRevenue, '$260.00');
  assert.equal(shown.customers, '3');
  assert.equal(shown.encoding, 'gb18030');
  assert.equal(
    shown.columns,
    'customer id: 客户编号 · date: 下单时间 · amount: 订单金额 · order id: 订单号',
  );
  // The settings still apply with the mapping: "As of" re-runs with the same choices.
  await page.getByTestId('as-of-input').fill('2024-03-06');
  await page.getByTestId('as-of-input').dispatchEvent('change');
  // Up to 2024-03-06: A001 100 + A002 50.
  await waitForFact(page, 'netRevenue', '$150.00');
  assert.match((await facts(page)).columns, /amount: 订单金额/);
});

// tests/fixtures/nasty/titled-report.csv: a report's title, export time and a blank row above the
// header on line 4 (tests/ingest.rs works it out): 张三 120.50 + 1,050.00, 李四 88.00.
pageTest('a report with a title above its table is previewed and analysed from the header down', async (session) => {
  const { page } = session;
  const file = join(REPO, 'tests/fixtures/nasty/titled-report.csv');
  await uploadWithoutRequests(session, file, () => previewReady(page, 'titled-report.csv'), { analyse: false });
  const detected = await previewShown(page);
  assert.equal(detected.detected.header, 'yes, on line 4; the lines above it are skipped');
  assert.equal(detected.detected.rows, '7 in the first 64 KiB, 4 of them would be skipped');
  assert.deepEqual(detected.names, ['订单号', '客户编号', '下单时间', '实付金额', '备注']);
  assert.deepEqual(detected.rows[0], ['D001', '张三', '2024-03-05', '120.50', '']);
  assert.equal(detected.problem, null);
  // A role chosen makes every role a position, which the padded title would map to: the
  // header stays the same.
  await chooseRole(page, 5, 'channel');
  const remapped = await previewShown(page);
  assert.equal(remapped.detected.header, 'yes, on line 4; the lines above it are skipped');
  assert.deepEqual(remapped.names, detected.names);
  assert.deepEqual(remapped.roles, ['order', 'customer', 'date', 'amount', 'channel']);
  assert.equal(remapped.problem, null);
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'titled-report.csv');
  const shown = await facts(page);
  assert.deepEqual([shown.customers, shown.netRevenue, shown.rowsSkipped], ['2', '$1,258.50', '4']);
  const titles = page.locator('[data-reason="aboveHeader"]');
  assert.match(await titles.locator('summary').textContent(), /^2 rows: lines above the column headers/);
});

// Etsy's sold-orders export writes two-digit years. Hand-computed: buyer 111 24.50 + 12.00,
// buyer 222 45.00; 04/02/24 reads both ways.
pageTest('two-digit years are detected in the preview and read', async (session) => {
  const { page } = session;
  const csv =
    'Sale Date,Order ID,Buyer User ID,Full Name,Order Value,Order Total,Buyer\n' +
    '03/15/24,3201,111,Ann Lee,20.00,24.50,annlee\n' +
    '03/20/24,3202,222,Bob Ray,40.00,45.00,bobray\n' +
    '04/02/24,3203,111,Ann Lee,10.00,12.00,annlee\n';
  const file = { name: 'EtsySoldOrders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await uploadWithoutRequests(session, file, () => previewReady(page, 'EtsySoldOrders.csv'), { analyse: false });
  const before = await previewShown(page);
  assert.deepEqual(before.roles, ['date', 'order', 'customer', '', '', 'amount', '']);
  assert.equal(before.detected.rows, '3 in the first 64 KiB, 0 of them would be skipped');
  assert.equal(before.detected.dateFormat, 'M/D/YY (detected; 1 ambiguous value in the rows read)');
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'EtsySoldOrders.csv');
  const shown = await facts(page);
  assert.deepEqual([shown.customers, shown.netRevenue, shown.dateRange], ['2', '$81.50', 'Mar 15, 2024 – Apr 2, 2024']);
});

pageTest('a GBK file whose first 64 KiB are ASCII is previewed as undecided and read as GB18030', async (session) => {
  const { page } = session;
  // 3,000 English rows (about 75 KB), then a region in GBK: 华东 = BB AA B6 AB.
  const ascii = 'customer,date,amount,region\n' + 'C1,2024-01-01,12.50,East\n'.repeat(3000);
  const gbk = Buffer.from([...Buffer.from('C2,2024-02-01,7.50,'), 0xbb, 0xaa, 0xb6, 0xab, 0x0a]);
  const file = { name: 'mostly-ascii.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from(ascii), gbk]) };
  await uploadWithoutRequests(session, file, () => previewReady(page, 'mostly-ascii.csv'), { analyse: false });
  assert.equal((await previewShown(page)).detected.encoding, 'UTF-8 (ASCII so far: the first other characters further on decide)');
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'mostly-ascii.csv');
  assert.equal((await facts(page)).encoding, 'gb18030');
  const regions = await page.getByTestId('attributes').locator('tbody th').allTextContents();
  assert.deepEqual(regions.sort(), ['East', '华东']);
});

pageTest('an unrecognised customer column is a problem in the preview until the user maps it', async (session) => {
  const { page } = session;
  // Asiakas and Päivä (Finnish for customer and day) are no headers the core knows.
  // Hand-computed: k1 10 + 5, k2 7.
  const csv = 'Asiakas;Päivä;amount\nk1;2024-05-01;10\nk2;2024-05-02;7\nk1;2024-05-03;5\n';
  const file = { name: 'asiakkaat.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await uploadWithoutRequests(session, file, () => previewReady(page, 'asiakkaat.csv'), { analyse: false });
  const before = await previewShown(page);
  assert.equal(before.problem, 'missingColumn');
  assert.deepEqual(before.roles, ['', '', 'amount']);
  assert.equal(before.detected.delimiter, 'semicolon');
  // The advice points to the role pickers of the table below, not to renaming the column, and no
  // row is counted until the columns are chosen.
  const problem = page.getByTestId('mapping-problem');
  assert.equal(
    await problem.textContent(),
    'With these choices the analysis would stop: no column is read as the customer id; in the table below, ' +
      'choose “customer id” as the role of the column that holds it',
  );
  assert.equal(before.detected.rows, 'counted once the needed columns are chosen');
  await chooseLanguage(page, 'zh-CN');
  assert.equal(
    await problem.textContent(),
    '按当前设置，分析将无法进行：没有一列被读作客户编号；请在下表中，把存放客户编号的那一列的用途选为“客户编号”',
  );
  assert.equal((await previewShown(page)).detected.rows, '选好所需的列后才会计数');
  await chooseRole(page, 1, 'customer');
  // The date column is still missing: the preview says so, with the same code as the analysis.
  const dateless = await previewShown(page);
  assert.deepEqual([dateless.problem, dateless.detected.rows], ['missingColumn', '选好所需的列后才会计数']);
  assert.equal(
    await problem.textContent(),
    '按当前设置，分析将无法进行：没有一列被读作日期；请在下表中，把存放日期的那一列的用途选为“日期”',
  );
  await chooseLanguage(page, 'en');
  assert.equal(
    await problem.textContent(),
    'With these choices the analysis would stop: no column is read as the date; in the table below, ' +
      'choose “date” as the role of the column that holds it',
  );
  await chooseRole(page, 2, 'date');
  const mapped = await previewShown(page);
  assert.deepEqual([mapped.problem, mapped.roles], [null, ['customer', 'date', 'amount']]);
  assert.equal(mapped.detected.rows, '3 in the first 64 KiB, 0 of them would be skipped');
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'asiakkaat.csv');
  const shown = await facts(page);
  assert.deepEqual(
    [shown.customers, shown.netRevenue, shown.columns],
    ['2', '$22.00', 'customer id: Asiakas · date: Päivä · amount: amount · no order id (one purchase occasion per customer per day)'],
  );
});

pageTest('a preview whose rows give no customer says so before the analysis', async (session) => {
  const { page } = session;
  // Both rows are returns: no customer has a purchase to score.
  const csv = 'customer,date,amount\nk1,2024-05-01,-10\nk2,2024-05-02,-7\n';
  const file = { name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await uploadWithoutRequests(session, file, () => previewReady(page, 'returns.csv'), { analyse: false });
  const shown = await previewShown(page);
  assert.equal(shown.problem, 'noUsableRows');
  // The rows were read, none skipped: they are counted, unlike with a column missing.
  assert.equal(shown.detected.rows, '2 in the first 64 KiB, 0 of them would be skipped');
  assert.match(
    await page.getByTestId('mapping-problem').textContent(),
    /^With these choices the analysis would stop: .*every row up to the analysis date is a return/,
  );
  // Found in the rows previewed, not in the header: the rest of the file may hold purchases, so
  // Analyse stays on.
  assert.equal(await page.getByTestId('mapping-analyse').isDisabled(), false);
  assert.equal(await page.getByTestId('mapping-blocked').isHidden(), true);
});

pageTest('the preview counts its rows as the language writes numbers', async (session) => {
  const { page } = session;
  // The sample has over a thousand rows in its first 64 KiB.
  await uploadWithoutRequests(session, SAMPLE, () => previewReady(page, 'sample-transactions.csv'), { analyse: false });
  assert.match((await previewShown(page)).detected.rows, /^1,\d{3} in the first 64 KiB, \d+ of them would be skipped$/);
  await chooseLanguage(page, 'zh-CN');
  assert.match((await previewShown(page)).detected.rows, /^前 64 KiB 中有 1,\d{3} 行，其中 \d+ 行将被跳过$/);
});

pageTest('a recognised column taken off in the preview stays off in the analysis', async (session) => {
  const { page } = session;
  // Order O1 of c1 spans two days: one purchase occasion by order, two by day.
  const csv = 'order_id,customer_id,date,amount,region\nO1,c1,2024-05-01,10,North\nO1,c1,2024-05-02,5,North\nO2,c2,2024-05-02,7,South\n';
  const file = { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await uploadWithoutRequests(session, file, () => previewReady(page, 'orders.csv'), { analyse: false });
  assert.deepEqual((await previewShown(page)).roles, ['order', 'customer', 'date', 'amount', 'region']);
  await chooseRole(page, 1, '');
  await chooseRole(page, 5, '');
  const chosen = await previewShown(page);
  assert.deepEqual([chosen.problem, chosen.roles], [null, ['', 'customer', 'date', 'amount', '']]);
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'orders.csv');
  const shown = await facts(page);
  assert.deepEqual(
    [shown.customers, shown.netRevenue, shown.columns],
    ['2', '$22.00', 'customer id: customer_id · date: date · amount: amount · no order id (one purchase occasion per customer per day)'],
  );
  const frequencies = Object.fromEntries((await rfmRows(page)).map((row) => [row[0], row[5]]));
  assert.deepEqual(frequencies, { c1: '2', c2: '1' });
});

pageTest('rows read otherwise than written and repeated rows are shown beside the skipped ones', async (session) => {
  const { page } = session;
  // Hand-computed: ann 30; bob 50 − 20 refunded; #1003 refunded (skipped); cat's #1004 is
  // on two identical lines, both kept: 30 + 30 + 12 + 12 = 84. #1005, a guest's order
  // without an email, is no customer's: 7.50 beside it.
  const csv =
    'Name,Email,Financial Status,Total,Refunded Amount,Created at\n' +
    '#1001,ann@x.io,paid,30.00,0.00,2024-03-01\n' +
    '#1002,bob@x.io,partially_refunded,50.00,20.00,2024-03-02\n' +
    '#1003,ann@x.io,refunded,25.00,25.00,2024-03-03\n' +
    '#1004,cat@x.io,paid,12.00,0.00,2024-03-04\n' +
    '#1004,cat@x.io,paid,12.00,0.00,2024-03-04\n' +
    '#1005,,paid,7.50,0.00,2024-03-04\n';
  const file = { name: 'shop.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await uploadWithoutRequests(session, file, () => waitForFact(page, 'file', 'shop.csv'));
  const shown = await facts(page);
  assert.deepEqual(
    [shown.customers, shown.netRevenue, shown.unattributedRevenue],
    ['3', '$84.00', '$7.50 (1 row)'],
  );
  const summary = page.getByTestId('input-summary');
  assert.deepEqual(await summary.locator('h3').allTextContents(), [
    'Skipped rows',
    'Rows used, read otherwise than written',
    'Rows repeating an earlier row exactly (kept)',
  ]);
  const lines = async (reason) => {
    const details = summary.locator(`details[data-reason="${reason}"]`);
    await details.locator('summary').click();
    return details.locator('li').allTextContents();
  };
  assert.deepEqual(await lines('notASale'), ["line 4: the order's status 'refunded' means no completed sale"]);
  assert.deepEqual(await lines('missingCustomer'), ['line 7: the customer id is empty']);
  assert.deepEqual(await lines('partlyRefunded'), ["line 3: the refund '20.00' is subtracted from the amount"]);
  assert.deepEqual(await lines('duplicateRow'), ['line 6: repeats line 5 exactly']);
});

pageTest('a headerless whitespace file is read with the header switched off and positions mapped', async (session) => {
  const { page } = session;
  // CDNOW's raw layout: id, customer, date, quantity, amount. Hand-computed: 0001 29.33 + 29.73.
  const text = ' 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n 00021 0002 19970101  3   63.34\n';
  const file = { name: 'cdnow.txt', mimeType: 'text/plain', buffer: Buffer.from(text) };
  await uploadWithoutRequests(session, file, () => previewReady(page, 'cdnow.txt'), { analyse: false });
  // Read with a header, the first row names no column: the advice points to the role pickers, and
  // the core's hint that the row is data follows it.
  const problem = page.getByTestId('mapping-problem');
  assert.match(
    await problem.textContent(),
    /no column is read as the customer id; in the table below, choose “customer id” as the role of the column that holds it, or, since the first row looks like data, read the file without a header and give the column positions$/,
  );
  await chooseLanguage(page, 'zh-CN');
  assert.match(
    await problem.textContent(),
    /没有一列被读作客户编号；请在下表中，把存放客户编号的那一列的用途选为“客户编号”；第一行看起来像数据，也可以按无标题行读取文件，并给出各列的位置$/,
  );
  await chooseLanguage(page, 'en');
  await page.getByTestId('mapping-header').selectOption('no');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="mapping"]').dataset.state === 'ready' &&
      document.querySelectorAll('[data-testid="mapping"] tbody tr').length === 3,
  );
  const headerless = await previewShown(page);
  assert.equal(headerless.detected.delimiter, 'spaces (aligned columns)');
  assert.deepEqual(headerless.names, ['column 1', 'column 2', 'column 3', 'column 4', 'column 5']);
  assert.equal(headerless.problem, 'missingColumn');
  assert.match(await problem.textContent(), /no column is read as the customer id; in the table below, choose “customer id” as the role of the column that holds it$/);
  await chooseRole(page, 2, 'customer');
  await chooseRole(page, 3, 'date');
  await chooseRole(page, 5, 'amount');
  assert.equal((await previewShown(page)).problem, null);
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'cdnow.txt');
  const shown = await facts(page);
  assert.deepEqual([shown.customers, shown.netRevenue], ['2', '$122.40']);
});

pageTest('a file without the needed columns cannot be analysed until they are chosen', async (session) => {
  const { page } = session;
  const badFile = { name: 'wrong-columns.csv', mimeType: 'text/csv', buffer: Buffer.from('foo,bar,baz\n1,2024-01-01,2\n') };
  await uploadWithoutRequests(session, badFile, () => previewReady(page, 'wrong-columns.csv'), { analyse: false });
  assert.equal((await previewShown(page)).problem, 'missingColumn');
  // The analysis would stop: Analyse is off, and beside it the page says what to do in its own
  // table, not in the file (which the core's error would say).
  const analyse = page.getByTestId('mapping-analyse');
  const blocked = page.getByTestId('mapping-blocked');
  assert.equal(await analyse.isDisabled(), true);
  assert.equal(await analyse.getAttribute('aria-describedby'), await blocked.getAttribute('id'));
  assert.equal(
    await blocked.textContent(),
    'Not ready to analyse: choose “customer id” as the role of a column in the table above',
  );
  await chooseLanguage(page, 'zh-CN');
  assert.equal(await blocked.textContent(), '尚不能分析：请在上表中把一列的用途选为“客户编号”');
  await chooseLanguage(page, 'en');
  await chooseRole(page, 1, 'customer');
  assert.equal(await analyse.isDisabled(), true);
  assert.equal(await blocked.textContent(), 'Not ready to analyse: choose “date” as the role of a column in the table above');
  await chooseRole(page, 2, 'date');
  await chooseRole(page, 3, 'amount');
  assert.equal((await previewShown(page)).problem, null);
  assert.equal(await analyse.isDisabled(), false);
  assert.equal(await blocked.isHidden(), true);
  for (const section of ['input-summary', 'segment-summary', 'value-summary', 'customer-table']) {
    assert.equal(await page.getByTestId(section).isVisible(), false, `${section} is hidden`);
  }
  assert.equal(await page.getByTestId('error').isVisible(), false);

  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  assert.equal((await tableRows(page)).length, 3);
});

pageTest('a file whose net revenue is not positive has no Pareto view', async (session) => {
  const { page } = session;
  // One customer: bought 10.00, returned 30.00 the next day, so net revenue −20.00. Alone,
  // every value is shared by all, so the middle scores, R3 F3 (Need Attention); with no
  // positive revenue the customer is Ordinary.
  const csv = 'customer_id,date,amount\nx,2024-01-01,10\nx,2024-01-02,-30\n';
  const file = { name: 'net-loss.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await uploadWithoutRequests(session, file, () => waitForFact(page, 'file', 'net-loss.csv'));

  assert.equal(
    await headline(page),
    'Total net revenue is not positive, so there is no Pareto view of who brings it.',
  );
  const drawn = await charts(page);
  assert.ok(!('pareto' in drawn), Object.keys(drawn).join(', '));
  assert.deepEqual(drawn['rf-heatmap'].series[0].data, [[2, 2, 1, -20]]);
  assert.deepEqual(await rfmRows(page), [
    ['x', 'x', 'Jan 1, 2024', 'Jan 1, 2024', '1', '1', '-$20.00', '333', 'Need Attention', 'Ordinary'],
  ]);
  await assertSummariesCountEveryone(page, 1);
});

pageTest(
  'a dropped file with more customers than the table shows is sorted in full, then cut',
  async (session) => {
    const { page } = session;
    // Customer c1 spent 1.00, c2 2.00, ... c600 600.00, all on one day.
    // Recency (0 days) and frequency (1) are the same for all: everyone scores R3 F3, the
    // middle, so all 600 Need Attention, and ties leave the other scores empty (notes say why).
    // Total 1 + … + 600 = 180,300; the top k bring k·(1201 − k)/2.
    //   VIP while the share before is < 80 %: k·(1201 − k) < 2·144,240 = 288,480 holds for
    //   k = 331 (287,970) but not 332 (288,508), so k = 0..331 before: 332 customers.
    //   Key while < 95 %: k·(1201 − k) < 2·171,285 = 342,570 holds for k = 466 (342,510),
    //   not 467 (342,778): 467 − 332 = 135 customers. Ordinary: 600 − 467 = 133.
    // Pareto: the top 120 bring 120·1081/2 = 64,860 = 36.0 %; 332 of 600 = 55.3 % reach 80 %.
    const lines = Array.from({ length: 600 }, (_, i) => `c${i + 1},2024-01-01,${i + 1}`);
    const csv = ['customer_id,date,amount', ...lines].join('\n');
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'many-customers.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    const before = session.requests.length;
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    await analyseFromPreview(page, 'many-customers.csv');
    await waitForFact(page, 'file', 'many-customers.csv');
    assert.deepEqual(session.requests.slice(before), [], 'dropping a file made network requests');

    assert.equal((await facts(page)).customers, '600');
    assert.equal(
      await page.locator('section.customers .table-note').textContent(),
      'Showing 1–100 of 600 customers',
    );
    const ids = async () => (await tableRows(page)).map((row) => row[0]);
    let shown = await ids();
    assert.equal(shown.length, TABLE_LIMIT);
    assert.deepEqual([shown[0], shown.at(-1)], ['c600', 'c501']);

    await page.getByTestId('customer-table').locator('thead th', { hasText: 'Monetary' }).click();
    shown = await ids();
    assert.equal(shown.length, TABLE_LIMIT);
    assert.deepEqual([shown[0], shown.at(-1)], ['c1', 'c100']);
    // The next pages have the rest, in the same order; sorting again starts from the first page.
    assert.equal(await page.getByTestId('previous-page').isDisabled(), true);
    for (let first = 101; first <= 501; first += 100) {
      await page.getByTestId('next-page').click();
      shown = await ids();
      assert.deepEqual([shown.length, shown[0], shown.at(-1)], [100, `c${first}`, `c${first + 99}`]);
      assert.equal(
        await page.locator('section.customers .table-note').textContent(),
        `Showing ${first}–${first + 99} of 600 customers`,
      );
    }
    assert.equal(await page.getByTestId('next-page').isDisabled(), true);
    await page.getByTestId('previous-page').click();
    assert.equal((await ids())[0], 'c401');

    const segments = await summaryRows(page, 'segment-summary', 'segment');
    assert.deepEqual(segments.need_attention.slice(0, 3), ['Need Attention', '600', '100.0%']);
    const notes = page.getByTestId('segment-summary').locator('.score-notes li');
    assert.ok((await notes.count()) > 0, 'ties are explained');
    assert.match(await notes.first().textContent(), /equal values always get equal scores/);
    const tiers = await summaryRows(page, 'value-summary', 'tier');
    assert.deepEqual(
      Object.values(tiers).map((row) => row[1]),
      ['332', '135', '133'],
    );
    assert.equal(
      await headline(page),
      'The top 20% of customers bring 36% of revenue; 55% of customers bring 80%.',
    );
    await assertSummariesCountEveryone(page, 600);
  },
);

pageTest('of several files dropped at once, one is read and the page says which, in both languages', async (session) => {
  const { page } = session;
  // The picker takes one file at a time: only a drop can give several.
  assert.equal(await page.getByTestId('file-input').evaluate((input) => input.multiple), false);
  const drop = async (files) => {
    const dataTransfer = await page.evaluateHandle((files) => {
      const transfer = new DataTransfer();
      for (const [name, text] of files) transfer.items.add(new File([text], name, { type: 'text/csv' }));
      return transfer;
    }, files);
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  };
  // One customer spending 10.00 in the first file, other customers in the others.
  const first = ['first.csv', 'customer_id,date,amount\na,2024-01-01,10\n'];
  const second = ['second.csv', 'customer_id,date,amount\nb,2024-01-02,20\nc,2024-01-03,30\n'];
  const third = ['third.csv', 'customer_id,date,amount\nd,2024-01-04,40\n'];
  const before = session.requests.length;
  const notice = page.getByTestId('file-notice');
  await drop([first, second, third]);
  await previewReady(page, 'first.csv');
  assert.equal(
    await notice.textContent(),
    'Only one file is analysed at a time: of the 3 files dropped, first.csv is the one read. ' +
      'To analyse another, drop or choose it on its own.',
  );
  await chooseLanguage(page, 'zh-CN');
  assert.equal(
    await notice.textContent(),
    '一次只分析一个文件：拖放的 3 个文件中，读取的是 first.csv。要分析其他文件，请单独拖放或选择它。',
  );
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'first.csv');
  assert.deepEqual([(await facts(page)).customers, (await facts(page)).netRevenue], ['1', 'US$10.00']);
  // Beside the report, the note still says which file it is of.
  assert.equal(await notice.isVisible(), true);
  await chooseLanguage(page, 'en');
  assert.match(await notice.textContent(), /^Only one file is analysed at a time/);
  // A file dropped on its own needs no note.
  await drop([second]);
  await previewReady(page, 'second.csv');
  assert.equal(await notice.isVisible(), false);
  assert.deepEqual(session.requests.slice(before), [], 'dropping files made network requests');
});

pageTest('cells pasted onto the page are previewed and analysed as a file; a paste into a field is not', async (session) => {
  const { page } = session;
  // Pastes `text`, or the files `[name, contents]` of `files`, onto `target`.
  const paste = ({ text, files = [] }, target = 'body') =>
    page.locator(target).evaluate(
      (element, [text, files]) => {
        const clipboardData = new DataTransfer();
        if (text !== undefined) clipboardData.setData('text/plain', text);
        for (const [name, body] of files) clipboardData.items.add(new File([body], name, { type: 'text/csv' }));
        element.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
      },
      [text, files],
    );
  const before = session.requests.length;
  // As Excel copies cells: tab-separated, each row ended by CR LF. Customer A1 spends 10.50 and
  // 4.50, B2 7.00: two customers, 22.00 in all.
  const cells = 'CustomerID\tInvoiceDate\tAmount\r\nA1\t2024-03-01\t10.50\r\nA1\t2024-03-05\t4.50\r\nB2\t2024-03-04\t7\r\n';
  await paste({ text: cells }, '[data-testid="as-of-input"]');
  await paste({ text: 'a word pasted by mistake' });
  assert.equal(await page.getByTestId('mapping').isVisible(), false);
  await paste({ text: cells });
  await previewReady(page, 'pasted-table.txt');
  assert.equal((await previewShown(page)).detected.delimiter, 'tab');
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'pasted-table.txt');
  const shown = await facts(page);
  assert.deepEqual([shown.customers, shown.netRevenue], ['2', '$22.00']);
  // Some Mac spreadsheets end each copied row in CR alone: one customer, 3.25.
  await paste({ text: 'CustomerID\tInvoiceDate\tAmount\rC3\t2024-03-02\t3.25' });
  await page.getByTestId('mapping-analyse').click();
  await page.waitForFunction(() => document.querySelector('[data-field="customers"] dd')?.textContent === '1');
  assert.equal((await facts(page)).netRevenue, '$3.25');
  // Files copied in the file manager: the first is read, and the page says which.
  const copied = (name) => [name, `customer_id,date,amount\n${name},2024-01-01,5\n`];
  await paste({ files: [copied('d.csv'), copied('e.csv')] });
  await previewReady(page, 'd.csv');
  assert.equal(
    await page.getByTestId('file-notice').textContent(),
    'Only one file is analysed at a time: of the 2 files pasted, d.csv is the one read. ' +
      'To analyse another, paste, drop or choose it on its own.',
  );
  assert.deepEqual(session.requests.slice(before), [], 'pasting made network requests');
});

/**
 * The seeded transactions file of `rows` rows that examples/generate_transactions.rs writes (the
 * benchmarks' file: target/bench-data), made when it is missing.
 */
async function generatedFile(rows) {
  const file = join(REPO, `target/bench-data/transactions-${rows}.csv`);
  if (!existsSync(file)) {
    execFileSync('cargo', ['build', '--quiet', '--example', 'generate_transactions'], { cwd: REPO });
    const generator = join(REPO, 'target/debug/examples/generate_transactions');
    await mkdir(join(REPO, 'target/bench-data'), { recursive: true });
    await writeFile(file, execFileSync(generator, ['--rows', String(rows)], { maxBuffer: 1 << 30 }));
  }
  return file;
}

pageTest(
  'a 1,000,000-row file is analysed in the workers, showing its stages, with the page thread free of the module',
  async (session, t) => {
    const { page } = session;
    const file = await generatedFile(1_000_000);
    // Long tasks (50 ms and more) of the page's main thread, from before the file is chosen
    // until the report, its charts and the first page of customers are drawn.
    // And every status line shown meanwhile.
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(Math.round(entry.duration));
      }).observe({ type: 'longtask' });
      window.statuses = [];
      const status = document.querySelector('[data-testid="status"]');
      new MutationObserver(() => window.statuses.push(status.textContent)).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await uploadWithoutRequests(session, file, () =>
      waitForFact(page, 'file', 'transactions-1000000.csv'),
    );
    const rows = await tableRows(page);
    const drawn = await charts(page);
    // Tasks still running are reported when they end: let them end.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1000)));
    const customers = toNumber((await facts(page)).customers);
    assert.ok(customers > 50_000, `${customers} customers`);
    assert.equal(rows.length, TABLE_LIMIT);
    assert.ok(Object.keys(drawn).length >= 6, `charts drawn: ${Object.keys(drawn)}`);
    // The stages shown: reading with rows per second, then analysing once every row is read.
    const statuses = await page.evaluate(() => window.statuses);
    assert.ok(statuses.some((text) => /^Reading transactions-1000000\.csv: [\d.]+ of 46\.1 MB, [\d,]+ rows \([\d,]+ rows\/s\)$/.test(text)), statuses.join('\n'));
    assert.ok(
      statuses.some((text) =>
        /^Analysing transactions-1000000\.csv: [\d,]+ rows read; scoring, clustering and fitting the lifetime-value models…$/.test(text),
      ),
      statuses.join('\n'),
    );
    // The reading and the analysis run in the package's workers, so no file's size can hold up
    // the page: its own thread never fetches the module (a worker's requests are in the worker's
    // timeline, not the page's). How long the page's own tasks take, drawing the report, is a
    // figure to watch, not to assert on a shared machine: it is printed.
    const modules = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.endsWith('.wasm')),
    );
    assert.deepEqual(modules, [], 'the page thread fetched the WebAssembly module');
    const tasks = await page.evaluate(() => window.longTasks);
    t.diagnostic(`${customers} customers; long tasks of the main thread: ${tasks.join(', ') || 'none'} ms`);
  },
  { timeout: 600_000 },
);

pageTest('once loaded, the page analyses a file with the network off', async (session) => {
  const { page } = session;
  await page.context().setOffline(true);
  try {
    await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
    // page-upload.csv as worked out by hand above.
    assert.equal((await facts(page)).netRevenue, '$555.24');
    assert.equal((await rfmRows(page)).length, 3);
  } finally {
    await page.context().setOffline(false);
  }
});

test('opened once, the page opens and analyses the sample again with its server gone', { timeout: 180_000 }, async () => {
  // A server of this test's own, stopped before the page is opened again: nothing answers but
  // the copy the page's service worker keeps.
  const ownServer = await startServer({ root: join(REPO, 'www') });
  const dir = await mkdtemp(join(tmpdir(), 'custval-e2e-offline-'));
  const context = await launch(dir, 'en-US', 'allow');
  // The service worker's requests as well as the page's.
  const requested = [];
  context.on('request', (request) => requested.push(request.url()));
  try {
    const { page, problems } = await openPage(context, ownServer.url);
    const sampleFacts = async () => {
      await page.getByTestId('sample-button').click();
      await waitForFact(page, 'file', 'sample-transactions.csv (sample data)');
      return facts(page);
    };
    // The worker has kept the files once it controls the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const online = await sampleFacts();
    await ownServer.close();
    await page.reload();
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true);
    assert.deepEqual(await sampleFacts(), online);
    assert.deepEqual(problems, []);
    const origin = new URL(ownServer.url).origin;
    const elsewhere = requested.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== origin);
    assert.deepEqual(elsewhere, [], 'requests to another origin');
    assert.ok(requested.some((url) => url.endsWith('/pkg/files.json')), 'the service worker was not seen');
    // With it and the manifest, the page can be installed as an app.
    const devTools = await context.newCDPSession(page);
    assert.deepEqual((await devTools.send('Page.getInstallabilityErrors')).installabilityErrors, []);
  } finally {
    await context.close();
    await ownServer.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
});

pageTest('the lifetime-value models are fitted in a second worker, or in the first when it cannot start', async (session) => {
  const shown = async (page) => {
    await page.getByTestId('sample-button').click();
    await page.getByTestId('customer-table').locator('tbody tr').first().waitFor();
    return { lifetime: await page.getByTestId('lifetime').textContent(), rows: await tableRows(page) };
  };
  const runsClvWorker = (page) =>
    page.workers().some((worker) => new URL(worker.url()).pathname === '/pkg/clv-worker.js');
  const fitted = await shown(session.page);
  assert.ok(runsClvWorker(session.page), 'the page runs the clv worker');
  assert.match(fitted.lifetime, /lifetime value/i);

  // The same page, its clv worker's script failing to load.
  const clvWorker = '**/pkg/clv-worker.js';
  await browser.route(clvWorker, (route) => route.abort());
  let blocked;
  try {
    blocked = await openPage();
    assert.deepEqual(await shown(blocked.page), fitted);
    assert.equal(runsClvWorker(blocked.page), false);
    const unexpected = blocked.problems.filter(
      (problem) => !/clv-worker\.js|fitting the lifetime-value models here/.test(problem),
    );
    assert.deepEqual(unexpected, []);
  } finally {
    await blocked?.page.close();
    await browser.unroute(clvWorker);
  }
});

// The engine cannot load: its module is refused. The page says so in the reader's language, the
// package's words why included, in Chinese as well as in English.
pageTest('an engine that cannot load is told in the language of the page', async () => {
  const module = '**/pkg/custval_bg.wasm';
  await browser.route(module, (route) => route.abort());
  let blocked;
  try {
    blocked = await openPage();
    const { page } = blocked;
    await page.getByTestId('sample-button').click();
    const error = page.getByTestId('error');
    await error.waitFor({ state: 'visible' });
    const english = await error.textContent();
    assert.ok(english.startsWith('The analysis engine failed to load or stopped (the custval WebAssembly module failed to load: '), english);
    await chooseLanguage(page, 'zh-CN');
    const chinese = await error.textContent();
    assert.ok(chinese.startsWith('分析引擎未能加载或已停止（custval 的 WebAssembly 模块未能加载：'), chinese);
    // The package reports the refused module: the browser reports no error of its own.
    assert.deepEqual(blocked.problems, []);
  } finally {
    // The language chosen would otherwise be the next page's.
    await blocked?.page.evaluate(() => localStorage.clear());
    await blocked?.page.close();
    await browser.unroute(module);
  }
});

pageTest('a large file is streamed with progress, and reading can be cancelled', async (session) => {
  const { page } = session;
  // About 40 MB: long enough to be seen in progress on any machine.
  const line = 'c0001,2024-01-15,12.50\n';
  const body = Buffer.from('customer_id,order_date,amount\n' + line.repeat(1_800_000));
  const settled = async () => {
    await page.waitForFunction(() =>
      /MB, [\d,]+ rows/.test(document.querySelector('[data-testid="status"]').textContent),
    );
    assert.equal(await page.getByTestId('progress').isVisible(), true);
    await page.getByTestId('cancel-button').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="status"]').textContent.startsWith('Stopped reading'),
    );
  };
  await uploadWithoutRequests(session, { name: 'large.csv', mimeType: 'text/csv', buffer: body }, settled);
  assert.equal(await page.getByTestId('progress').isVisible(), false);
  assert.equal(await page.getByTestId('input-summary').isVisible(), false);
});

/** Adds a survey file through its picker and waits for the satisfaction section to show it. */
async function addSurveysWithoutRequests(session, file) {
  const before = session.requests.length;
  await session.page.getByTestId('survey-input').setInputFiles(file);
  await session.page.getByTestId('satisfaction').waitFor({ state: 'visible' });
  assert.deepEqual(session.requests.slice(before), [], 'adding a survey file made network requests');
}

/**
 * Adds the survey file `name` holding `csv`, which the core cannot read as it stands, and
 * returns the survey chooser the page opens for it.
 */
async function surveyToChoose(page, name, csv) {
  await page.getByTestId('survey-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const chooser = page.getByTestId('survey-columns');
  await chooser.waitFor({ state: 'visible' });
  return chooser;
}

/** The NPS card's paragraphs, in order. */
async function npsCard(page) {
  return page
    .getByTestId('satisfaction-metrics')
    .locator('[data-metric="nps"] > p')
    .evaluateAll((items) => items.map((item) => item.textContent));
}

// tests/fixtures/joined-surveys.csv has 9 NPS answers: promoters 9, 10, 10, 10 (4), passives
// 8, 7 (2), detractors 3, 6, 0 (3). NPS = 100 × (4 − 3) / 9 = +11.1. The adjusted-Wald interval
// adds 3 answers: p' = 4.75/12 = 19/48, d' = 3.75/12 = 5/16, p' − d' = 1/12, variance
// (p' + d') − (p' − d')² = 101/144, so 100 · (1/12 ± 1.96 · √(101/1728)) = −39.1 to +55.7.
const JOINED_NPS_CARD = [
  '+11.1',
  '95% interval -39.1 to +55.7',
  '9 answers: 44.4% promoters, 22.2% passives, 33.3% detractors',
  'Fewer than 30 answers: read with care.',
  'Column “nps”, scale 0–10.',
];

pageTest('survey answers are joined to the customers, and can be removed again', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, JOINED_TRANSACTIONS, () =>
    waitForFact(page, 'file', 'joined-transactions.csv'),
  );
  assert.ok(await page.getByTestId('satisfaction').isHidden());
  await addSurveysWithoutRequests(session, JOINED_SURVEYS);
  assert.equal(await page.getByTestId('survey-name').textContent(), 'joined-surveys.csv');
  assert.deepEqual(await npsCard(page), JOINED_NPS_CARD);
  const note = await page.getByTestId('satisfaction').locator('.survey-note').textContent();
  // Z and the blank id match no customer: 7 of the 9 answers do.
  assert.equal(note, '9 of 9 survey rows used, 7 of them matched to customers in the transactions.');

  // Each customer's latest answer: A answered 9 then 3; C answered 8 then 6.
  await page.getByTestId('customer-table').locator('th[data-key="id"] button').click();
  const answers = (await tableRows(page)).map((row) => [row[0], row.at(-1)]);
  assert.deepEqual(answers, [
    ['A', '3'],
    ['B', '10'],
    ['C', '6'],
    ['D', '10'],
    ['E', '7'],
  ]);
  // VIPs are the customers with less than 80 % of the revenue before them: A (1,000 of 1,320)
  // and C (200, after A's 75.8 %). Both last answered as detractors (3 and 6): A first, by revenue.
  const rescue = await page
    .getByTestId('rescue-first')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.dataset.customerId));
  assert.deepEqual(rescue, ['A', 'C']);
  // Promoters' comments: A's first answer (9) and B's (10); detractors': A's second and C's.
  const commentGroups = await page
    .getByTestId('satisfaction')
    .locator('.comment-terms dt')
    .evaluateAll((items) => items.map((item) => item.textContent));
  assert.ok(commentGroups.includes('Promoters: 2 comments'), commentGroups.join(' | '));
  assert.ok(commentGroups.includes('Detractors: 2 comments'), commentGroups.join(' | '));

  await page.getByTestId('survey-remove').click();
  await page.getByTestId('satisfaction').waitFor({ state: 'hidden' });
  await page.waitForFunction(
    () => !document.querySelector('[data-testid="customer-table"] th[data-key="nps"]').checkVisibility(),
  );
  assert.ok(await page.getByTestId('input-summary').isVisible());
  assert.ok(await page.getByTestId('survey-settings').isHidden());
});

pageTest('a survey file alone shows satisfaction without the transaction sections', async (session) => {
  const { page } = session;
  await addSurveysWithoutRequests(session, JOINED_SURVEYS);
  assert.deepEqual(await npsCard(page), JOINED_NPS_CARD);
  const note = await page.getByTestId('satisfaction').locator('.survey-note').textContent();
  assert.equal(note, '9 of 9 survey rows used.');
  for (const section of ['input-summary', 'segment-summary', 'value-summary', 'retention', 'customer-table']) {
    assert.ok(await page.getByTestId(section).isHidden(), `${section} is hidden`);
  }
});

pageTest('removing the survey file of a survey-only report takes the report off the page', async (session) => {
  const { page } = session;
  await addSurveysWithoutRequests(session, JOINED_SURVEYS);
  assert.ok(await page.getByTestId('print-button').isVisible());
  await page.getByTestId('survey-remove').click();
  await page.getByTestId('satisfaction').waitFor({ state: 'hidden' });
  assert.ok(await page.getByTestId('survey-settings').isHidden());
  assert.ok(await page.getByTestId('print-button').isHidden(), 'nothing is left to print');
  // Nor does a language switch bring it back.
  await chooseLanguage(page, 'zh-CN');
  assert.ok(await page.getByTestId('satisfaction').isHidden());
});

// -99 and "skipped" are codes for no answer: undeclared, they are answers off the scale, listed
// with their lines; declared in the survey chooser, they are missing answers, listed nowhere.
pageTest('missing-value codes are declared in the survey chooser', async (session) => {
  const { page } = session;
  const csv = 'customer,nps,csat\na,10,5\nb,9,4\nc,-99,4\nd,8,skipped\ne,3,2\n';
  await addSurveysWithoutRequests(session, { name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const outsideScale = () =>
    page
      .getByTestId('satisfaction')
      .locator('.survey-skipped li')
      .evaluateAll((items) => items.map((item) => item.textContent));
  const listed = await outsideScale();
  assert.equal(listed.length, 2, listed.join(' | '));
  assert.match(listed[0], /line 4/);
  assert.match(listed[1], /line 5/);
  await page.getByTestId('survey-settings').click();
  const codes = page.getByTestId('survey-missing-codes');
  assert.equal(await codes.inputValue(), '');
  // Its label names it: the field is reached by keyboard and read out by name.
  assert.equal(
    await codes.evaluate((input) => input.labels[0].textContent.trim()),
    'Answers that mean no answer, such as -99 or skipped (separated by commas)',
  );
  await codes.fill('-99, skipped');
  const before = session.requests.length;
  await page.getByTestId('survey-columns-analyse').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="satisfaction"] .survey-skipped li'));
  assert.deepEqual(session.requests.slice(before), [], 'reading the survey again made network requests');
  assert.deepEqual(await outsideScale(), []);
  // Still left out of the figures, as missing now: 4 NPS answers.
  assert.match(await npsCard(page).then((card) => card[2]), /^4 answers/);
  await page.getByTestId('survey-settings').click();
  assert.equal(await codes.inputValue(), '-99, skipped', 'the chooser opens on the codes declared');
});

// A survey whose question columns have no name the core knows: the page offers its headers.
// Hand-computed: Q1's answers 10, 9, 9 (promoters), 8 (passive), 3 (detractor) give
// NPS = 100 × (3 − 1) / 5 = +40.0; adjusted-Wald interval: p' = 3.75/8, d' = 1.75/8, p' − d' =
// 0.25, variance 0.6875 − 0.0625 = 0.625, 100 · (0.25 ± 1.96 · √(0.625/8)) = −29.8 to +79.8.
pageTest('the columns of a survey whose questions are not recognised can be chosen', async (session) => {
  const { page } = session;
  const csv = 'customer,Q1,Q2\na,10,5\nb,9,4\nc,9,4\nd,8,3\ne,3,1\nf,,2\n';
  const chooser = await surveyToChoose(page, 'q.csv', csv);
  assert.match(await page.getByTestId('error').textContent(), /no NPS, CSAT or CES column found among the headers \[customer, Q1, Q2\]/);
  // Its Analyse is the button the preview's is, not the browser's grey default.
  const looks = (testId) =>
    page.getByTestId(testId).evaluate((button) => {
      const { backgroundColor, color, borderColor, fontWeight, paddingLeft } = getComputedStyle(button);
      return { backgroundColor, color, borderColor, fontWeight, paddingLeft };
    });
  assert.deepEqual(await looks('survey-columns-analyse'), await looks('mapping-analyse'));
  const nps = chooser.locator('select[data-question="npsColumn"]');
  assert.deepEqual(await nps.locator('option').allTextContents(), ['(automatic)', 'customer', 'Q1', 'Q2']);
  await nps.selectOption('Q1');
  await chooser.locator('select[data-question="csatColumn"]').selectOption('Q2');
  const before = session.requests.length;
  await page.getByTestId('survey-columns-analyse').click();
  await page.getByTestId('satisfaction').waitFor({ state: 'visible' });
  assert.deepEqual(session.requests.slice(before), [], 'analysing with the chosen columns made network requests');
  assert.ok(await chooser.isHidden());
  assert.deepEqual(await npsCard(page), [
    '+40.0',
    '95% interval -29.8 to +79.8',
    '5 answers: 60.0% promoters, 20.0% passives, 20.0% detractors',
    'Fewer than 30 answers: read with care.',
    'Column “Q1”, scale 0–10.',
    // f left Q1 blank: one answer, in the singular.
    '1 blank, missing or invalid answer left out.',
  ]);
});

pageTest("a survey's column errors name the page's chooser, not command-line options, in both languages", async (session) => {
  const { page } = session;
  const csv = 'customer,Q1,Q2\na,10,5\nb,9,4\n';
  const chooser = await surveyToChoose(page, 'q.csv', csv);
  const error = page.getByTestId('error');
  const options = /--|\bin JS\b|JS 中|命令行|(nps|csat|ces)Column/;
  const english = await error.textContent();
  assert.doesNotMatch(english, options);
  assert.match(english, /give its header with the choices under “Which columns of the survey file hold the answers, and on what scale\?”$/);
  await chooseLanguage(page, 'zh-CN');
  const chinese = await error.textContent();
  assert.doesNotMatch(chinese, options);
  assert.match(chinese, /或者用“问卷文件的哪些列是回答？用的是什么量表？”中的选项给出它的标题$/);

  // One column for two questions is refused; the chooser opens again on the same headers.
  await chooser.locator('select[data-question="npsColumn"]').selectOption('Q1');
  await chooser.locator('select[data-question="cesColumn"]').selectOption('Q1');
  await page.getByTestId('survey-columns-analyse').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="error"]').textContent.includes('同时被指定'));
  assert.doesNotMatch(await error.textContent(), options);
  await chooser.waitFor({ state: 'visible' });
  await chooseLanguage(page, 'en');
  assert.match(await error.textContent(), /invalid options: “CES”: the column 'Q1' is named for both NPS and CES; a column holds/);
  await chooser.locator('select[data-question="cesColumn"]').selectOption('');
  await page.getByTestId('survey-columns-analyse').click();
  await page.getByTestId('satisfaction').waitFor({ state: 'visible' });
});

// Hand-computed: 3 of the 4 CSAT answers (7, 6, 7) lie above the usual 1–5 scale, too many to be
// typos; on 1–7 the satisfied are the 6s and 7s: 3 of 4, 75.0%.
pageTest('a survey with many answers above its usual scale opens the chooser on the scale they fit', async (session) => {
  const { page } = session;
  const csv = 'customer,csat\na,7\nb,6\nc,7\nd,5\n';
  const chooser = await surveyToChoose(page, 's.csv', csv);
  const error = page.getByTestId('error');
  const options = /--|\bin JS\b|JS 中|命令行|csatScale/;
  const english = await error.textContent();
  assert.doesNotMatch(english, options);
  assert.match(english, /3 of the 4 answers in the CSAT column 'csat' \(75%\) are whole numbers above its scale, 1–5/);
  assert.match(english, /Set the CSAT scale under “Which columns of the survey file hold the answers, and on what scale\?” to 1-7, or to 1-5 to leave them out$/);
  await chooseLanguage(page, 'zh-CN');
  assert.match(await error.textContent(), /请将“问卷文件的哪些列是回答？用的是什么量表？”中 CSAT 的量表设为 1-7；/);
  await chooseLanguage(page, 'en');
  // The chooser starts from what the error suggests: the column read, on 1–7.
  const control = (option) => chooser.locator(`[data-question="${option}"]`);
  assert.deepEqual(
    [await control('csatColumn').inputValue(), await control('csatScale').inputValue()],
    ['csat', '1-7'],
  );
  const before = session.requests.length;
  await page.getByTestId('survey-columns-analyse').click();
  await page.getByTestId('satisfaction').waitFor({ state: 'visible' });
  assert.deepEqual(session.requests.slice(before), [], 'reading the survey again made network requests');
  assert.match(await page.locator('[data-metric="csat"]').textContent(), /75\.0%/);
});

pageTest("a customer file's recency in days asks for the page's “As of”, not the option", async (session) => {
  const { page } = session;
  const csv = 'customer_id,recency_days,frequency,monetary\na,3,2,100\nb,10,1,50\n';
  await page.getByTestId('file-input').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await analyseFromPreview(page, 'c.csv');
  const error = page.getByTestId('error');
  await error.waitFor({ state: 'visible' });
  // Named by the field's label, not as an option that was refused: none was given.
  assert.match(await error.textContent(), /the customers' recency is given in days, not as a date: give the analysis date the days were counted to with “As of”$/);
  assert.doesNotMatch(await error.textContent(), /invalid options|asOf|--as-of/);
  await chooseLanguage(page, 'zh-CN');
  assert.match(await error.textContent(), /客户的最近购买以天数而非日期给出：请用“截至日期”给出计算这些天数时的分析日期$/);
  await page.getByTestId('as-of-input').fill('2024-06-30');
  await waitForFact(page, 'file', 'c.csv');
});

// A CSAT asked on 1–7 and a CES asked as effort (1 = very little effort, the best), both
// recognised by name: read with the defaults, CSAT's 7, 6, 7 fall off its 1–5 scale and CES is
// upside down; the chooser, opened from the survey's controls, reads them right.
// Hand-computed. Defaults: CSAT 5, 2 on 1–5, 1 of 2 in 4–5 = 50.0 %, mean 3.5, 3 left out; CES
// 1, 2, 6, 3, 1, mean 2.6, 1 of 5 in 5–7. Chosen: CSAT 7, 6, 5, 2, 7 on 1–7, 3 of 5 in 6–7 =
// 60.0 %, Wilson (0.6 + z²/10 ± z √(0.24/5 + z²/100)) / (1 + z²/5) = 23.1–88.2 %, mean 27/5 =
// 5.4; CES turned (8 − n) 7, 6, 2, 5, 7, mean 5.4, s² = 17.2 / 4, 1.96 · s / √5 = 1.8, 4 of 5
// in 5–7 = 80.0 %.
pageTest("a recognised survey's scale and direction can be changed after it is read", async (session) => {
  const { page } = session;
  // Two CSAT answers above 1–5, 7 and 6: too few to refuse the file, left out on 1–5.
  const csv = 'customer,csat,ces\na,7,1\nb,6,2\nc,5,6\nd,2,3\ne,4,1\n';
  await addSurveysWithoutRequests(session, { name: 'effort.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const card = (metric) =>
    page
      .getByTestId('satisfaction-metrics')
      .locator(`[data-metric="${metric}"] > p`)
      .evaluateAll((items) => items.map((item) => item.textContent));
  assert.deepEqual(await card('csat'), [
    '66.7%',
    '95% interval 20.8–93.9%',
    '2 of 3 answered 4–5; mean 3.7',
    'Fewer than 30 answers: read with care.',
    'Column “csat”, scale 1–5.',
    '2 blank, missing or invalid answers left out.',
  ]);
  assert.equal((await card('ces'))[2], '5 answers, 20.0% answered 5–7');
  const chooser = page.getByTestId('survey-columns');
  assert.ok(await chooser.isHidden());
  await page.getByTestId('survey-settings').click();
  await chooser.waitFor({ state: 'visible' });
  const control = (option) => chooser.locator(`[data-question="${option}"]`);
  assert.deepEqual(await control('csatColumn').locator('option').allTextContents(), ['(automatic)', 'customer', 'csat', 'ces']);
  assert.equal(await control('csatColumn').inputValue(), 'csat');
  assert.equal(await control('cesColumn').inputValue(), 'ces');
  assert.equal(await control('npsColumn').inputValue(), '');
  assert.equal(await control('csatScale').inputValue(), '1-5');
  assert.equal(await control('cesScale').inputValue(), '1-7');
  assert.equal(await control('cesReversed').isChecked(), false);
  await control('csatScale').selectOption('1-7');
  await control('cesReversed').check();
  const before = session.requests.length;
  await page.getByTestId('survey-columns-analyse').click();
  await page.waitForFunction(() =>
    document.querySelector('[data-metric="ces"]')?.textContent.includes('turned around'),
  );
  assert.deepEqual(session.requests.slice(before), [], 'reading the survey again made network requests');
  assert.ok(await chooser.isHidden());
  assert.deepEqual(await card('csat'), [
    '40.0%',
    '95% interval 11.8–76.9%',
    '2 of 5 answered 6–7; mean 4.8',
    'Fewer than 30 answers: read with care.',
    'Column “csat”, scale 1–7.',
  ]);
  assert.deepEqual(await card('ces'), [
    'mean 5.4',
    '± 1.8 (95%)',
    '5 answers, 80.0% answered 5–7',
    'Fewer than 30 answers: read with care.',
    'Column “ces”, scale 1–7.',
    "The file's numbers ran from best to worst and were turned around (on 1–7, min + max − n).",
  ]);
  // The chooser opens again on the choices made.
  await page.getByTestId('survey-settings').click();
  assert.equal(await control('csatScale').inputValue(), '1-7');
  assert.equal(await control('cesReversed').isChecked(), true);
});

pageTest('a survey comment in another encoding is named, with its line, in the satisfaction section', async (session) => {
  const { page } = session;
  // Thirty comments in Chinese, in UTF-8, and one pasted in from Windows-1252 on line 32.
  const rows = Array.from({ length: 30 }, (_, i) => `c${i},9,很好\n`).join('');
  const buffer = Buffer.concat([Buffer.from(`customer,nps,comment\n${rows}`), Buffer.from('x,8,tr\xE8s bien\n', 'latin1')]);
  await addSurveysWithoutRequests(session, { name: 'survey.csv', mimeType: 'text/csv', buffer });
  const items = page.getByTestId('satisfaction').locator('.limitations li');
  assert.deepEqual(await items.evaluateAll((all) => all.map((item) => item.dataset.key)), ['unreadableCharacters']);
  assert.match(await items.first().textContent(), /^1 character is not valid UTF-8 and is read as \uFFFD \(on line 32\)/);
});

pageTest("the customers download is the core's Excel-safe CSV, made without a request", async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, FORMULA_IDS, () => waitForFact(page, 'file', 'formula-ids.csv'));
  const before = session.requests.length;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-customers').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'formula-ids-customers.csv');
  const text = await readFile(await download.path(), 'utf8');
  assert.deepEqual(session.requests.slice(before), [], 'the download made network requests');
  assert.ok(text.startsWith('\ufeffid,firstPurchase,lastPurchase,'), 'UTF-8 BOM and header');
  const lines = text.trimEnd().split('\r\n');
  // The header and six customers; ids that a spreadsheet would run start with an apostrophe.
  assert.equal(lines.length, 7);
  const ids = [
    `"'=HYPERLINK(""http://x"",""y"")"`,
    "'+4930123456",
    "'-12",
    "'@SUM(A1:A9)",
    '"Smith, J"',
    '客户甲',
  ];
  assert.deepEqual(
    lines.slice(1).map((line) => ids.find((id) => line.startsWith(`${id},`))),
    ids,
  );
});

pageTest("the playbook covers every group that occurs, with the week's call list", async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  const plays = await page
    .getByTestId('plays')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [`${row.dataset.lens}:${row.dataset.key}`, row.cells[1].textContent]),
      ),
    );
  // By hand (the upload test above): alice Champions, bob Need Attention, carol Hibernating;
  // alice and carol are VIPs, bob is Key. Each group that occurs has its play, and only those.
  for (const [group, customers] of Object.entries({
    'rfm:champions': '1',
    'rfm:need_attention': '1',
    'rfm:hibernating': '1',
    'tier:high': '2',
    'tier:medium': '1',
  })) {
    assert.equal(plays[group], customers, group);
  }
  assert.ok(!('rfm:at_risk' in plays) && !('tier:low' in plays), Object.keys(plays).join(', '));
  assert.ok(await page.getByTestId('recommendations').locator('h3').first().isVisible());
});

// The headings of the transaction report's sections, as the page writes them.
const HEADINGS = {
  en: [
    'Input',
    'Charts',
    'Segments',
    'Value',
    'Lifetime value and churn',
    'Retention and repeat purchases',
    'What to do',
    'Customers',
    'How the figures are defined',
    'Downloads',
  ],
  'zh-CN': ['输入数据', '图表', '客户分群', '客户价值', '客户终身价值与流失预警', '客户保留与复购', '行动建议', '客户明细', '指标定义', '下载'],
};

async function visibleHeadings(page) {
  return page.locator('main section:not([hidden]) h2').allTextContents();
}

/** Picks a language and waits until the page says it is in it. */
async function chooseLanguage(page, language) {
  await page.getByTestId('language').selectOption(language);
  await page.waitForFunction((language) => document.documentElement.lang === language, language);
}

// Every section of the report, by its class, as the page shows them.
const VIEWS = [
  'summary',
  'charts',
  'segments',
  'value',
  'lifetime',
  'retention',
  'attributes',
  'recommendations',
  'satisfaction',
  'customers',
  'definitions',
  'downloads',
];

pageTest('every view in both languages at desktop and phone sizes, as screenshots', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, SAMPLE, () => waitForFact(page, 'file', 'sample-transactions.csv'));
  await addSurveysWithoutRequests(session, JOINED_SURVEYS);
  // A short customer table: the high-value champions.
  await page.getByTestId('filter-segment').selectOption('champions');
  await page.getByTestId('filter-tier').selectOption('high');
  await tableRows(page);
  await mkdir(ARTIFACTS, { recursive: true });
  for (const language of ['en', 'zh-CN']) {
    await chooseLanguage(page, language);
    await tableRows(page);
    await charts(page);
    const headings = await visibleHeadings(page);
    for (const heading of HEADINGS[language]) assert.ok(headings.includes(heading), `${language}: ${heading}`);
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const name of VIEWS) {
        const section = page.locator(`main > section.${name}`);
        assert.ok(await section.isVisible(), `${name} is shown`);
        await section.screenshot({ path: join(ARTIFACTS, `view-${name}-${language}-${device}.png`) });
      }
      // The tables of wide text (plays, call list, breakdowns) fit without scrolling sideways: on
      // a desktop their sentences wrap, on a phone each row is a card.
      const overflowing = await page
        .locator('main .stacked')
        .evaluateAll((tables) =>
          tables.filter((t) => t.offsetParent && t.scrollWidth > t.clientWidth + 1).map((t) => t.dataset.testid),
        );
      assert.deepEqual(overflowing, [], `${language}: tables wider than the ${device}`);
    }
  }
  await page.setViewportSize(VIEWPORTS.desktop);
});

// page-upload.csv as worked out above, sorted by recency (alice 0, bob 26, carol 41 days).
const UPLOAD_BY_RECENCY = {
  en: [
    ['alice', 'alice', 'Mar 1, 2024', 'Apr 15, 2024', '0', '3', '$265.24', '555', 'Champions', 'VIP'],
    ['bob', 'bob', 'Mar 2, 2024', 'Mar 20, 2024', '26', '2', '$90.00', '331', 'Need Attention', 'Key'],
    [
      '<b>carol</b>',
      '<b>carol</b>',
      'Mar 5, 2024',
      'Mar 5, 2024',
      '41',
      '1',
      '$200.00',
      '113',
      'Hibernating',
      'VIP',
    ],
  ],
  // The segment names as the core writes them in Chinese (src/rfm/mod.rs), money still in the
  // dollars the page opened with: the amounts are not converted, so the currency stays.
  'zh-CN': [
    ['alice', 'alice', '2024年3月1日', '2024年4月15日', '0', '3', 'US$265.24', '555', '冠军客户', '高价值'],
    ['bob', 'bob', '2024年3月2日', '2024年3月20日', '26', '2', 'US$90.00', '331', '需要关注客户', '中价值'],
    [
      '<b>carol</b>',
      '<b>carol</b>',
      '2024年3月5日',
      '2024年3月5日',
      '41',
      '1',
      'US$200.00',
      '113',
      '休眠客户',
      '高价值',
    ],
  ],
};

pageTest('the page and the report switch to 简体中文 and back, without a new analysis', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.deepEqual(await visibleHeadings(page), HEADINGS.en);
  const recency = page.getByTestId('customer-table').locator('th[data-key="recencyDays"]');
  await recency.locator('button').click();
  assert.deepEqual(await rfmRows(page), UPLOAD_BY_RECENCY.en);

  const before = session.requests.length;
  await chooseLanguage(page, 'zh-CN');
  assert.deepEqual(await visibleHeadings(page), HEADINGS['zh-CN']);
  assert.equal(await page.title(), 'custval：在浏览器中分析客户价值');
  assert.equal(await page.getByTestId('sample-button').textContent(), '试用示例数据');
  assert.equal(await page.getByTestId('drop-zone').locator('strong').textContent(), '将 CSV 文件拖放到这里');
  assert.equal(await page.getByTestId('print-button').textContent(), '打印 / 存为 PDF');
  // The table keeps its order: the report on show is drawn again, not analysed again.
  assert.equal(await recency.getAttribute('aria-sort'), 'ascending');
  assert.equal(await recency.textContent(), '最近购买（天）');
  assert.deepEqual(await rfmRows(page), UPLOAD_BY_RECENCY['zh-CN']);
  // The data-quality report's advice and row messages come from the core in both languages.
  const invalidDates = page.getByTestId('input-summary').locator('details[data-reason="invalidDate"]');
  assert.match(await invalidDates.locator('summary').textContent(), /按该列的日期格式/);
  assert.deepEqual(await invalidDates.locator('li').allTextContents(), [
    '第 8 行：日期“2024-02-30”不是有效日期（该列按 YYYY-MM-DD 读取）',
  ]);
  const chineseFacts = await facts(page);
  assert.deepEqual(
    [chineseFacts.dateRange, chineseFacts.asOf, chineseFacts.netRevenue, chineseFacts.delimiter],
    ['2024年3月1日 – 2024年4月15日', '2024年4月15日', 'US$555.24', '逗号'],
  );
  assert.equal(await page.getByTestId('currency').inputValue(), 'USD', 'the currency stays with a new language');
  assert.equal(
    await page.getByTestId('input-summary').locator('[data-field="customers"] dt').textContent(),
    '客户数',
  );
  const segments = await summaryRows(page, 'segment-summary', 'segment');
  assert.deepEqual(segments.champions, [
    '冠军客户',
    '1',
    '33.3%',
    'US$265.24',
    '47.8%',
    'US$88.41',
    '0',
    '3',
    'US$265.24',
  ]);
  assert.match(await headline(page), /[\u4e00-\u9fff]/, 'the Pareto headline in Chinese');
  const champions = page.getByTestId('plays').locator('tr[data-lens="rfm"][data-key="champions"]');
  assert.equal(await champions.locator('th').textContent(), '分群：冠军客户');
  // The play's sentences are its first cell of prose, wherever the money columns end.
  assert.match(await champions.locator('td.prose').first().textContent(), /[\u4e00-\u9fff]/, 'the play in Chinese');
  assert.deepEqual(session.requests.slice(before), [], 'switching the language made requests');

  // The next visit opens in the language chosen, with the currency that was in use.
  const again = await openPage();
  try {
    assert.equal(await again.page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await again.page.getByTestId('currency').inputValue(), 'USD');
  } finally {
    await again.page.close();
  }
  assertClean(again);

  await chooseLanguage(page, 'en');
  assert.deepEqual(await visibleHeadings(page), HEADINGS.en);
  assert.equal(await page.getByTestId('sample-button').textContent(), 'Try sample data');
  assert.deepEqual(await rfmRows(page), UPLOAD_BY_RECENCY.en);
  assert.equal((await facts(page)).netRevenue, '$555.24');
});

pageTest(
  'money follows the chosen currency, dates the language, and both are remembered',
  async (session) => {
    const { page } = session;
    await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
    const currency = page.getByTestId('currency');
    assert.equal(await currency.inputValue(), 'USD');
    const offered = await currency.locator('option').evaluateAll((options) => options.map((o) => o.value));
    for (const code of ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD']) assert.ok(offered.includes(code), code);
    assert.equal(await currency.locator('option[value="EUR"]').textContent(), 'EUR – Euro');

    // Net revenue 555.24 (worked out above) in each currency as CLDR writes it for the language.
    await currency.selectOption('CNY');
    await waitForFact(page, 'netRevenue', 'CN¥555.24');
    assert.equal((await tableRows(page))[0][6], 'CN¥265.24');
    await currency.selectOption('GBP');
    await waitForFact(page, 'netRevenue', '£555.24');
    // The yen has no minor unit.
    await currency.selectOption('JPY');
    await waitForFact(page, 'netRevenue', '¥555');
    await chooseLanguage(page, 'zh-CN');
    assert.equal(await currency.inputValue(), 'JPY', 'a chosen currency stays when the language changes');
    await waitForFact(page, 'netRevenue', 'JP¥555');
    assert.equal((await facts(page)).asOf, '2024年4月15日');
    assert.equal(await currency.locator('option[value="EUR"]').textContent(), 'EUR – 欧元');
    await currency.selectOption('EUR');
    await waitForFact(page, 'netRevenue', '€555.24');

    // A new page in this browser opens in Chinese with euros.
    const again = await openPage();
    try {
      assert.equal(await again.page.locator('html').getAttribute('lang'), 'zh-CN');
      assert.equal(await again.page.getByTestId('language').inputValue(), 'zh-CN');
      assert.equal(await again.page.getByTestId('currency').inputValue(), 'EUR');
      assert.equal(await again.page.getByTestId('sample-button').textContent(), '试用示例数据');
      await uploadWithoutRequests(again, FIXTURE, () => waitForFact(again.page, 'netRevenue', '€555.24'));
    } finally {
      await again.page.close();
    }
    assertClean(again);
  },
);

pageTest('a file whose amounts name their currency is shown in it, until another is chosen', async (session) => {
  const { page } = session;
  const currency = page.getByTestId('currency');
  // German Excel: € signs beside decimal-comma amounts; 12,50 + 7,50 + 1.234,00 = 1.254,00.
  const euros = 'Kundennummer;Rechnungsdatum;Betrag\nK1;05.03.2024;12,50 €\nK1;06.03.2024;7,50 €\nK2;07.03.2024;1.234,00 €\n';
  const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await uploadWithoutRequests(session, file('euro.csv', euros), () => waitForFact(page, 'netRevenue', '€1,254.00'));
  assert.equal(await currency.inputValue(), 'EUR');
  // A new language keeps the file's currency.
  await chooseLanguage(page, 'zh-CN');
  await waitForFact(page, 'netRevenue', '€1,254.00');
  assert.equal(await currency.inputValue(), 'EUR');
  await chooseLanguage(page, 'en');
  // One the list does not offer is added to it: rupees.
  const rupees = 'customer,date,amount\nA,2024-03-05,"₹1,200.00"\nB,2024-03-06,₹300.00\n';
  await uploadWithoutRequests(session, file('rupees.csv', rupees), () => waitForFact(page, 'netRevenue', '₹1,500.00'));
  assert.equal(await currency.inputValue(), 'INR');
  // Plain numbers are in the currency in use before (US dollars, English's).
  const plain = 'customer,date,amount\nA,2024-03-05,10.00\n';
  await uploadWithoutRequests(session, file('plain.csv', plain), () => waitForFact(page, 'netRevenue', '$10.00'));
  assert.equal(await currency.inputValue(), 'USD');
  // A currency chosen while a report is on show wins over the report's.
  await uploadWithoutRequests(session, file('euro.csv', euros), () => waitForFact(page, 'netRevenue', '€1,254.00'));
  await currency.selectOption('GBP');
  await waitForFact(page, 'netRevenue', '£1,254.00');
  await chooseLanguage(page, 'zh-CN');
  await waitForFact(page, 'netRevenue', '£1,254.00');
});

test('a browser set to Chinese opens the page in 简体中文 with yuan', { timeout: 180_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'custval-e2e-zh-'));
  const context = await launch(dir, 'zh-CN');
  try {
    const session = await openPage(context);
    const { page } = session;
    assert.equal(await page.evaluate(() => navigator.language), 'zh-CN');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.getByTestId('language').inputValue(), 'zh-CN');
    assert.equal(await page.getByTestId('currency').inputValue(), 'CNY');
    assert.equal(await page.getByTestId('sample-button').textContent(), '试用示例数据');
    await page.close();
    assertClean(session);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

/** Clicks a download button and resolves to the file's name and text. */
async function download(page, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`download-${name}`).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/**
 * A CSV file's rows as arrays of fields, after checking that it starts with a UTF-8 byte-order
 * mark and ends its lines with CRLF; fields are quoted as RFC 4180 says.
 */
function parseCsv(text) {
  assert.ok(text.startsWith('\ufeff'), 'a UTF-8 byte-order mark');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') field += text[++i];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') (row.push(field), (field = ''));
    else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      ((row = []), (field = ''), i++);
    } else field += char;
  }
  assert.equal(field + row.join(''), '', 'the last line ends with CRLF');
  return rows;
}

/** The rows of a CSV as objects keyed by its header. */
function csvRecords(text) {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => {
    assert.equal(row.length, header.length, `a row of ${header.length} fields: ${row.join(',')}`);
    return Object.fromEntries(header.map((name, i) => [name, row[i]]));
  });
}

const sha256 = (salt, id) => createHash('sha256').update(`${salt}\0${id}`).digest('hex');

pageTest(
  'each download is a CSV of the report on show, with hashed ids and small groups left out on request',
  async (session) => {
    const { page } = session;
    await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
    // Past the customers' first 90 days, when they are no longer new and can be called; the
    // scores, and so the counts below, are those of the file's own last date.
    await page.getByTestId('as-of-input').fill('2024-06-15');
    await waitForFact(page, 'asOf', 'Jun 15, 2024');
    const before = session.requests.length;
    const plays = await page
      .getByTestId('plays')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => `${row.dataset.lens}:${row.dataset.key}`));
    const calls = await page
      .getByTestId('call-list')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.dataset.customerId));
    assert.ok(calls.length > 0, 'someone to call');
    // Worked out by hand above: each lens puts each of the 3 customers in one group.
    const HAND_COUNTS = {
      'rfm:champions': '1',
      'rfm:need_attention': '1',
      'rfm:hibernating': '1',
      'tier:high': '2',
      'tier:medium': '1',
    };
    const byLens = (records) => {
      const lenses = {};
      for (const record of records) (lenses[record.lens] ??= []).push(record);
      return lenses;
    };
    const assertEveryoneOnce = (records) => {
      for (const [lens, groups] of Object.entries(byLens(records))) {
        assert.equal(sum(groups.map((group) => Number(group.customers))), 3, lens);
      }
    };

    const segments = await download(page, 'segments');
    assert.equal(segments.name, 'page-upload-segments.csv');
    const segmentRows = csvRecords(segments.text);
    assert.deepEqual(
      segmentRows.map((row) => `${row.lens}:${row.key}`),
      plays,
    );
    for (const [group, customers] of Object.entries(HAND_COUNTS)) {
      assert.equal(
        segmentRows.find((row) => `${row.lens}:${row.key}` === group)?.customers,
        customers,
        group,
      );
    }
    assertEveryoneOnce(segmentRows);
    assert.equal(segmentRows.find((row) => row.key === 'champions')['name (zh-CN)'], '冠军客户');

    const callList = await download(page, 'call-list');
    assert.equal(callList.name, 'page-upload-call-list.csv');
    const callRows = csvRecords(callList.text);
    assert.deepEqual(
      callRows.map((row) => [row.rank, row.id]),
      calls.map((id, i) => [String(i + 1), id]),
    );

    // Aggregates: no ids, and with 3 customers every group is under the default 5.
    const shared = await download(page, 'aggregates');
    assert.equal(shared.name, 'page-upload-aggregates.csv');
    const [sharedHeader] = parseCsv(shared.text);
    assert.ok(!sharedHeader.includes('id'), sharedHeader.join(','));
    const sharedRows = csvRecords(shared.text);
    assert.equal(sharedRows.length, plays.length);
    assert.ok(
      sharedRows.every((row) => row.suppressed === 'true' && row.customers === '' && row.value === ''),
    );
    await page.getByTestId('min-group-size').fill('1');
    const unsuppressed = csvRecords((await download(page, 'aggregates')).text);
    assert.ok(unsuppressed.every((row) => row.suppressed === 'false'));
    assert.deepEqual(
      unsuppressed.map((row) => row.customers),
      segmentRows.map((row) => row.customers),
    );
    // k = 2: every segment has 1 customer; the Key tier's 1 is suppressed, and then the VIPs too,
    // or their 2 would give the Key tier's count away (3 − 2).
    await page.getByTestId('min-group-size').fill('2');
    const lens = byLens(csvRecords((await download(page, 'aggregates')).text));
    assert.ok([...lens.rfm, ...lens.tier].every((row) => row.suppressed === 'true' && row.customers === ''));

    // Salted hashes: SHA-256 of the salt, a zero byte and the id, as Node computes it.
    assert.ok(await page.getByTestId('salt').isHidden());
    await page.getByTestId('hash-ids').check();
    const salt = await page.getByTestId('salt').inputValue();
    assert.match(salt, /^[0-9a-f]{32}$/);
    const hashedCalls = csvRecords((await download(page, 'call-list')).text);
    assert.deepEqual(
      hashedCalls.map((row) => row.id),
      calls.map((id) => sha256(salt, id)),
    );
    const customers = csvRecords((await download(page, 'customers')).text);
    assert.deepEqual(
      customers.map((row) => row.id).toSorted(),
      ['alice', 'bob', '<b>carol</b>'].map((id) => sha256(salt, id)).toSorted(),
    );
    // A salt the user keeps from an earlier session gives the same codes again.
    await page.getByTestId('salt').fill('kept from last month');
    const again = csvRecords((await download(page, 'customers')).text);
    assert.ok(again.some((row) => row.id === sha256('kept from last month', 'alice')));

    // A salt too short to keep guesses out is refused, beside the buttons; the report stays.
    await page.getByTestId('salt').fill('abc');
    await page.getByTestId('download-customers').click();
    const error = page.getByTestId('downloads').locator('.error');
    await error.waitFor();
    assert.match(await error.textContent(), /^Could not make Customers \(CSV\): .*at least 8 characters/);
    assert.ok(await page.getByTestId('input-summary').isVisible());
    // A group size that is not a whole number of at least 1 is refused as the settings refuse
    // theirs, in the page's language, before the core is asked (whose words would be serde's).
    await page.getByTestId('salt').fill('kept from last month');
    const refusal = async (size) => {
      await page.getByTestId('min-group-size').fill(size);
      await page.getByTestId('download-aggregates').click();
      await error.waitFor();
      return error.textContent();
    };
    for (const size of ['-3', '2.5', '0', '']) {
      assert.equal(
        await refusal(size),
        'Could not make Aggregates only (CSV): “Leave out groups of fewer than … customers (aggregates only)”: ' +
          'enter a whole number of at least 1',
        size,
      );
    }
    await chooseLanguage(page, 'zh-CN');
    assert.ok(await error.isHidden(), 'an error in the other language is cleared');
    assert.equal(
      await refusal('-3'),
      '无法生成 仅汇总数据（CSV）：“隐藏客户数少于 … 的群组（仅汇总数据）”：请输入不小于 1 的整数',
    );
    await page.getByTestId('salt').fill('abc');
    await page.getByTestId('download-customers').click();
    assert.equal(
      await error.textContent(),
      '无法生成 客户明细（CSV）：盐值至少需要 8 个字符，以免猜到的编号能与编码对照',
    );
    assert.ok(await page.getByTestId('input-summary').isVisible());
    await page.getByTestId('salt').fill('kept from last month');
    await page.getByTestId('min-group-size').fill('1');
    assert.equal(csvRecords((await download(page, 'aggregates')).text).length, plays.length);
    assert.ok(await error.isHidden());
    assert.deepEqual(session.requests.slice(before), [], 'the downloads made network requests');
  },
);

/** The pages and the text of a PDF, as pdf.js reads it (from the fonts' Unicode maps), without white space. */
async function pdfText(bytes) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  let text = '';
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    text += content.items.map((item) => item.str).join('');
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, text: squash(text) };
}

const squash = (text) => text.replace(/\s+/g, '');

// What the paper must and must not say, besides the section headings.
const PRINTED = {
  en: {
    present: (customers) => [`The printed report lists the first 50 of these ${customers} customers`],
    absent: [
      'Try sample data',
      'Drop a CSV file here',
      'Print / save as PDF',
      'Language',
      'Replace customer ids with salted hashes',
      'Customers (CSV)',
    ],
  },
  'zh-CN': {
    present: (customers) => [`打印版按当前排序只列出这 ${customers} 位客户中的前 50 位`],
    absent: [
      '试用示例数据',
      '将 CSV 文件拖放到这里',
      '打印 / 存为 PDF',
      '语言',
      '用加盐哈希替换客户编号',
      '客户明细（CSV）',
    ],
  },
};

pageTest(
  'the print view is a report of several pages with every section and no controls',
  async (session) => {
    const { page } = session;
    await page.getByTestId('sample-button').click();
    await page.getByTestId('customer-table').locator('tbody tr').first().waitFor();
    const customers = (await facts(page)).customers;
    assert.ok(toNumber(customers) > 50, 'more customers than the paper lists');

    // The button opens the browser's print dialog, which headless Chromium cannot show.
    await page.evaluate(() => {
      window.print = () => (document.body.dataset.printed = 'yes');
    });
    await page.getByTestId('print-button').click();
    assert.equal(await page.locator('body').getAttribute('data-printed'), 'yes');

    await mkdir(ARTIFACTS, { recursive: true });
    for (const [language, { present, absent }] of Object.entries(PRINTED)) {
      await chooseLanguage(page, language);
      const pdf = await page.pdf({ format: 'A4', path: join(ARTIFACTS, `report-${language}.pdf`) });
      const { pages, text } = await pdfText(pdf);
      assert.ok(pages > 1, `${language}: ${pages} pages`);
      const headings = HEADINGS[language].slice(0, -1);
      for (const heading of [...headings, ...present(customers)]) {
        assert.ok(text.includes(squash(heading)), `${language}: "${heading}" is printed`);
      }
      // No downloads section (its heading is a word the report's notes use too: checked by its texts).
      for (const control of absent) {
        assert.ok(!text.includes(squash(control)), `${language}: "${control}" is not printed`);
      }
    }
  },
);

/**
 * What each chart under `root` draws, read from its ECharts instance: { [data-chart]: { title,
 * note, categories (of the category axis, if any), axisNames (of the x axes, then the y axes),
 * series: [{ type, name, data, labels (the text beside each bar, when labelled), links,
 * markLine }] } }, in page order.
 */
async function charts(page, root = '[data-testid="charts"]') {
  // The charts are drawn one per task: wait for the last.
  await page.waitForFunction((root) => {
    const area = document.querySelector(root);
    const grid = area?.matches('.chart-grid') ? area : area?.querySelector('.chart-grid');
    return grid && !grid.hasAttribute('aria-busy');
  }, root);
  return page.evaluate(async (root) => {
    // The page has loaded this module already: the import is answered without a request.
    const { getInstanceByDom } = await import('./pkg/echarts.js');
    const figures = document.querySelector(root).querySelectorAll('[data-chart]');
    return Object.fromEntries(
      [...figures].map((figure) => {
        const option = getInstanceByDom(figure.querySelector('.chart')).getOption();
        const axes = [...(option.xAxis ?? []), ...(option.yAxis ?? [])];
        return [
          figure.dataset.chart,
          {
            title: option.title[0].text,
            note: option.title[0].subtext,
            categories: axes.find((axis) => axis.type === 'category')?.data ?? null,
            axisNames: axes.map((axis) => axis.name ?? null),
            series: option.series.map((series) => ({
              type: series.type,
              name: series.name,
              data: series.data,
              labels:
                series.type === 'bar' && typeof series.label?.formatter === 'function'
                  ? series.data.map((value, dataIndex) => series.label.formatter({ value, dataIndex }))
                  : null,
              links: series.links,
              markLine: series.markLine?.label?.formatter,
            })),
          },
        ];
      }),
    );
  }, root);
}

/** Heatmap cells in a fixed order (by F, then R), for comparison. */
function sortCells(cells) {
  return cells.toSorted((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** The customer table as objects, with the fields the charts use. */
async function customerRecords(page) {
  // Every page of the table, then back to the first.
  const rows = await tableRows(page);
  const next = page.getByTestId('next-page');
  const previous = page.getByTestId('previous-page');
  while ((await next.isVisible()) && !(await next.isDisabled())) {
    await next.click();
    rows.push(...(await tableRows(page)));
  }
  while ((await previous.isVisible()) && !(await previous.isDisabled())) {
    await previous.click();
    await tableRows(page);
  }
  return rows.map(([id, , , , recency, frequency, monetary, rfm, segment, tier]) => ({
    id,
    recencyDays: toNumber(recency),
    frequency: toNumber(frequency),
    monetary: toNumber(monetary),
    r: Number(rfm[0]),
    f: Number(rfm[1]),
    segment,
    tier,
  }));
}

/** Groups `items` by `key(item)` into a Map of arrays, in order of first appearance. */
function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * The sample's customers as the package's own API returns them on the main thread: what the
 * lifetime-value charts are worked out from (the page's table does not show P(alive) or the
 * hold-out forecasts, and the charts are drawn without the customer list).
 */
async function sampleCustomers(page, options) {
  return page.evaluate(async (options) => {
    const { analyze } = await import('./pkg/index.js');
    const sample = new Uint8Array(await (await fetch('./sample-transactions.csv')).arrayBuffer());
    return (await analyze(sample, options)).customers;
  }, options);
}

/** The README's P(alive) histogram: customers per tenth, P(alive) = 1 in the last, 0.9–1. */
function pAliveBins(customers) {
  const counts = Array(10).fill(0);
  for (const { pAlive } of customers) counts[Math.min(9, Math.floor(pAlive * 10))] += 1;
  return { categories: counts.map((_, i) => `${i / 10}–${(i + 1) / 10}`), counts };
}

/**
 * The README's lifetime-value histogram: bins of the round width (1, 2 or 5 × a power of ten) at
 * or above a 20th of the range from min(0, lowest) to the 95th percentile (the sorted values'
 * element ⌊0.95 (n − 1)⌋), starting at a multiple of it; the values from the last edge on
 * together in an open bin, shown only when it has customers. Labels as the English page shows them.
 */
function clvBins(customers) {
  const values = customers.map((c) => c.clv).toSorted((a, b) => a - b);
  const low = Math.min(0, values[0]);
  const high = values[Math.floor(0.95 * (values.length - 1))];
  const step = (high - low) / 20;
  const power = 10 ** Math.floor(Math.log10(step));
  const width = [1, 2, 5, 10].map((factor) => factor * power).find((round) => round >= step);
  const start = Math.floor(low / width) * width;
  const closed = Math.max(1, Math.ceil((high - start) / width));
  const counts = Array(closed + 1).fill(0);
  for (const value of values) counts[Math.min(closed, Math.floor((value - start) / width))] += 1;
  // In the page's currency, as its tables write money: US dollars in English at first.
  const money = (edge) =>
    (start + edge * width).toLocaleString('en', {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
  const categories = counts.map((_, i) => (i < closed ? `${money(i)}–${money(i + 1)}` : `${money(i)} or more`));
  if (counts[closed] === 0) [categories, counts].forEach((list) => list.pop());
  return { categories, counts };
}

function assertClose(actual, expected, tolerance, message) {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${message}: ${actual} is not ${expected} ± ${tolerance}`,
  );
}

/** The sample's rows as { id, day, amount } (InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,…). */
async function sampleRows() {
  const lines = (await readFile(SAMPLE, 'utf8')).trim().split('\n').slice(1);
  return lines.map((line) => {
    const [, id, date, quantity, price] = line.split(',');
    return { id, day: date.slice(0, 10), amount: Number(quantity) * Number(price) };
  });
}

// The charts are drawn under the page's Content Security Policy: Chromium reports a violation
// (an inline style, say) as a console error, which fails the test.
pageTest('the sample is drawn as charts of what the customer table shows', async (session) => {
  const { page } = session;
  await page.getByTestId('sample-button').click();
  await page.getByTestId('charts').waitFor();
  const drawn = await charts(page);
  // Without surveys, clusters or data after "as of", these are the charts that apply.
  assert.deepEqual(Object.keys(drawn), [
    'rf-heatmap',
    'segments',
    'pareto',
    'tiers',
    'clusters',
    'p-alive',
    'clv',
    'migration',
  ]);
  const customers = await customerRecords(page);
  const n = customers.length;
  assert.equal(n, toNumber((await facts(page)).customers), 'the table holds every customer');
  const total = sum(customers.map((customer) => customer.monetary));

  // R × F: one cell per score pair that occurs, with its customers and their average revenue.
  const cells = [...groupBy(customers, (c) => `${c.f - 1},${c.r - 1}`)].map(([key, group]) => [
    ...key.split(',').map(Number),
    group.length,
    sum(group.map((c) => c.monetary)) / group.length,
  ]);
  const heatmap = sortCells(drawn['rf-heatmap'].series[0].data);
  assert.deepEqual(
    heatmap.map((cell) => cell.slice(0, 3)),
    sortCells(cells).map((cell) => cell.slice(0, 3)),
  );
  // The table rounds each customer's revenue to the cent.
  sortCells(cells).forEach((cell, i) => assertClose(heatmap[i][3], cell[3], 0.005, `cell ${cell}`));
  assert.deepEqual(drawn['rf-heatmap'].categories, ['1', '2', '3', '4', '5']);

  // Segments and tiers: shares of the customers and of the revenue in the table.
  const shares = (chart, names, groupOf) => {
    assert.deepEqual(chart.categories, Object.values(names));
    const groups = groupBy(customers, groupOf);
    Object.keys(names).forEach((key, i) => {
      const members = groups.get(key) ?? [];
      assertClose(chart.series[0].data[i], members.length / n, 1e-12, `customer share of ${key}`);
      assertClose(
        chart.series[1].data[i],
        sum(members.map((c) => c.monetary)) / total,
        1e-4,
        `revenue share of ${key}`,
      );
    });
  };
  const segmentKeys = Object.fromEntries(Object.entries(SEGMENTS).map(([key, name]) => [name, key]));
  shares(drawn.segments, SEGMENTS, (c) => segmentKeys[c.segment]);
  const tierKeys = { VIP: 'high', Key: 'medium', Ordinary: 'low' };
  shares(
    drawn.tiers,
    { high: 'VIP (high value)', medium: 'Key (medium value)', low: 'Ordinary (low value)' },
    (c) => tierKeys[c.tier],
  );

  // Pareto: the top ⌈0.2 n⌉ customers' share of the revenue, and a curve from 0 to all of it.
  const best = customers.map((c) => c.monetary).toSorted((a, b) => b - a);
  const top20 = sum(best.slice(0, Math.ceil(0.2 * n))) / total;
  assert.equal(drawn.pareto.series[0].markLine, `Top 20%: ${Math.round(top20 * 100)}%`);
  const curve = drawn.pareto.series[0].data;
  assert.deepEqual(curve[0], [0, 0]);
  assertClose(curve.at(-1)[0], 1, 1e-12, 'the curve ends at all customers');
  assertClose(curve.at(-1)[1], 1, 1e-9, 'the curve ends at all revenue');

  // Histograms of the lifetime-value model: every customer once, in the bins worked out here
  // from the customers of the same analysis on the main thread.
  const modelled = await sampleCustomers(page, {});
  assert.equal(modelled.length, n);
  for (const [chart, expected] of [
    [drawn['p-alive'], pAliveBins(modelled)],
    [drawn.clv, clvBins(modelled)],
  ]) {
    assert.deepEqual(chart.categories, expected.categories, chart.title);
    assert.deepEqual(chart.series[0].data, expected.counts, chart.title);
    assert.equal(sum(chart.series[0].data), n);
  }
  assert.ok(drawn.clv.categories.at(-1).endsWith(' or more'), 'the top 5 % in an open bin');

  // Migration: every customer arrives once in their segment as of "as of".
  const links = drawn.migration.series[0].links;
  assert.equal(sum(links.map((link) => link.value)), n);
  const arrivals = groupBy(links, (link) => link.target);
  for (const [key, name] of Object.entries(SEGMENTS)) {
    const expected = customers.filter((c) => c.segment === name).length;
    assert.equal(sum((arrivals.get(`to:${key}`) ?? []).map((link) => link.value)), expected, key);
  }

  // A screen reader hears each chart's title and note.
  assert.equal(
    await page.locator('[data-chart="rf-heatmap"] .chart').getAttribute('aria-label'),
    'Customers by recency and frequency. Each cell: customers, and their average net revenue',
  );

  // Save as image: a button over the chart's corner, reached by keyboard, downloads a PNG,
  // without a request; one for each chart.
  const saveButtons = page.getByTestId('charts').locator('.chart-save');
  assert.equal(await saveButtons.count(), await page.getByTestId('charts').locator('.chart').count());
  const save = page.getByRole('button', { name: 'Save “Customers by recency and frequency” as an image' });
  await save.focus();
  const before = session.requests.length;
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'Customers by recency and frequency.png');
  const image = await readFile(await download.path());
  assert.deepEqual([...image.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
  assert.deepEqual(session.requests.slice(before), [], 'saving the image made network requests');

  await mkdir(ARTIFACTS, { recursive: true });
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.getByTestId('charts').screenshot({ path: join(ARTIFACTS, `charts-sample-${device}.png`) });
  }
});

// Survey answers made up for the sample's customers: the i-th id (sorted) answers NPS
// (7 i) mod 11, CSAT 1 + i mod 5, in month 1 + i mod 6 of 2024. The expected figures are
// worked out below from these answers and the customer table, with the formulas of the README.
pageTest(
  'with surveys and an earlier "as of", the hold-out check and the satisfaction charts',
  async (session) => {
    const { page } = session;
    const asOf = '2024-06-30';
    await page.getByTestId('as-of-input').fill(asOf);
    // Uploaded rather than fetched, so that adding the surveys reads it again without a request.
    // The page writes dates for its language (English here).
    await uploadWithoutRequests(session, SAMPLE, () => waitForFact(page, 'asOf', 'Jun 30, 2024'));
    const rows = await sampleRows();
    const ids = [...new Set(rows.map((row) => row.id).filter(Boolean))].sort();
    const answers = ids.map((id, i) => ({
      id,
      nps: (7 * i) % 11,
      csat: 1 + (i % 5),
      ces: 1 + ((3 * i) % 7),
      month: `2024-0${1 + (i % 5)}`,
    }));
    // A last month of four answers from unknown customers, whose intervals reach past the
    // scales' ends (NPS 100 with 6.9 to 107.3, CES mean 5.5 ± 2.9) and are drawn up to them.
    for (const [i, high] of [true, true, true, false].entries()) {
      answers.push({ id: `guest${i}`, nps: 10, csat: high ? 5 : 1, ces: high ? 7 : 1, month: '2024-06' });
    }
    // Answers after "as of" are left out of every figure, as its purchases are.
    const later = ids.slice(0, 5).map((id) => ({ id, nps: 0, csat: 1, ces: 1, month: '2024-07' }));
    const line = (a) => `${a.id},${a.month}-15,${a.nps},${a.csat},${a.ces}`;
    const surveys = `customer_id,date,nps,csat,ces\n${[...answers, ...later].map(line).join('\n')}\n`;
    await addSurveysWithoutRequests(session, {
      name: 'sample-surveys.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(surveys),
    });
    await page.locator('[data-chart="nps-by-segment"]').waitFor();
    const drawn = await charts(page);
    assert.deepEqual(Object.keys(drawn), [
      'rf-heatmap',
      'segments',
      'pareto',
      'tiers',
      'clusters',
      'p-alive',
      'clv',
      'holdout',
      'nps-by-segment',
      'satisfaction-trend',
      'migration',
    ]);
    const customers = await customerRecords(page);

    // Hold-out: each customer's distinct purchase days after "as of", from the file itself,
    // averaged per number of purchases up to "as of" (7 and more together).
    const laterDays = groupBy(
      rows.filter((row) => row.day > asOf && row.amount >= 0),
      (row) => row.id,
    );
    const holdoutOf = (c) => new Set((laterDays.get(c.id) ?? []).map((row) => row.day)).size;
    const byPurchases = [...groupBy(customers, (c) => Math.min(7, c.frequency))].sort(([a], [b]) => a - b);
    const holdout = drawn.holdout;
    assert.deepEqual(
      holdout.categories,
      byPurchases.map(([purchases]) => (purchases === 7 ? '7+' : String(purchases))),
    );
    byPurchases.forEach(([purchases, group], i) =>
      assertClose(
        holdout.series[0].data[i],
        sum(group.map(holdoutOf)) / group.length,
        1e-9,
        `${purchases} purchases`,
      ),
    );
    // The forecasts beside them: each group's mean from the customers of the same analysis on
    // the main thread.
    const forecasts = groupBy(await sampleCustomers(page, { asOf }), (c) => Math.min(7, c.frequency));
    byPurchases.forEach(([purchases], i) => {
      const group = forecasts.get(purchases);
      assertClose(
        holdout.series[1].data[i],
        sum(group.map((c) => c.holdoutPredicted)) / group.length,
        1e-9,
        `forecast for ${purchases} purchases`,
      );
    });
    const actual = sum(customers.map(holdoutOf));
    // The hold-out runs from the day after "as of" to the sample's last date, written as the
    // page writes dates.
    assert.ok(
      holdout.note.startsWith(
        `Purchase days Jul 1, 2024 – Dec 26, 2024:\nactual ${actual.toLocaleString('en')},`,
      ),
      holdout.note,
    );

    // NPS per segment: promoters answer 9–10, detractors 0–6; shown with 10 answers or more.
    // The score, and its adjusted-Wald interval (README): the shares' formula with 3 answers
    // more, ¾ a promoter and ¾ a detractor, kept within −100 to 100.
    const npsOf = (group) => {
      const promoters = group.filter((a) => a.nps >= 9).length;
      const detractors = group.filter((a) => a.nps <= 6).length;
      const score = (100 * (promoters - detractors)) / group.length;
      const n = group.length + 3;
      const [p, d] = [(promoters + 0.75) / n, (detractors + 0.75) / n];
      const half = 1.96 * Math.sqrt((p + d - (p - d) ** 2) / n);
      return { score, interval: [Math.max(-100, 100 * (p - d - half)), Math.min(100, 100 * (p - d + half))] };
    };
    const segmentOf = new Map(customers.map((c) => [c.id, c.segment]));
    const bySegment = groupBy(
      answers.filter((a) => segmentOf.has(a.id)),
      (a) => segmentOf.get(a.id),
    );
    const nps = drawn['nps-by-segment'];
    const shown = [...bySegment].filter(([, group]) => group.length >= 10);
    assert.deepEqual(nps.categories.toSorted(), shown.map(([segment]) => segment).toSorted());
    nps.categories.forEach((segment, i) => {
      const { score, interval } = npsOf(bySegment.get(segment));
      assertClose(nps.series[0].data[i], score, 1e-9, `NPS of ${segment}`);
      const [index, low, high] = nps.series[1].data[i];
      assert.equal(index, i);
      assertClose(low, interval[0], 1e-9, `low end of ${segment}`);
      assertClose(high, interval[1], 1e-9, `high end of ${segment}`);
    });
    const tooFew = [...bySegment].filter(([, group]) => group.length < 10).map(([segment]) => segment);
    for (const segment of tooFew) assert.ok(nps.note.includes(segment), `${segment} in: ${nps.note}`);

    // Over time: every answer, matched to a customer or not, in its month, with a bar for its
    // 95 % interval: NPS's adjusted-Wald one, the CES mean ± 1.96 s / √n, and for the CSAT share the
    // Wilson interval, the shares π with (p − π)² = 1.96² π(1 − π) / n, solved here as a
    // quadratic in π.
    const byMonth = [...groupBy(answers, (a) => a.month)].sort(([a], [b]) => a.localeCompare(b));
    const trend = drawn['satisfaction-trend'];
    const monthName = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short' });
    assert.deepEqual(
      trend.categories,
      byMonth.map(([month]) => monthName.format(new Date(`${month}-01T00:00:00Z`))),
    );
    assert.deepEqual(
      trend.series.map((series) => [series.type, series.name]),
      [
        ['line', 'NPS'],
        ['line', 'CSAT %'],
        ['line', 'CES (mean)'],
        ['custom', 'NPS'],
        ['custom', 'CSAT %'],
        ['custom', 'CES (mean)'],
      ],
    );
    assert.equal(trend.note, 'Bars: 95% interval');
    const wilson = (p, n) => {
      const z2 = 1.96 ** 2 / n;
      const [a, b, c] = [1 + z2, -(2 * p + z2), p * p];
      const root = Math.sqrt(b * b - 4 * a * c);
      return [(-b - root) / (2 * a), (-b + root) / (2 * a)].map((share) => 100 * share);
    };
    const cesOf = (group) => {
      const mean = sum(group.map((a) => a.ces)) / group.length;
      const variance = sum(group.map((a) => (a.ces - mean) ** 2)) / (group.length - 1);
      const margin = 1.96 * Math.sqrt(variance / group.length);
      return { mean, interval: [Math.max(1, mean - margin), Math.min(7, mean + margin)] };
    };
    byMonth.forEach(([month, group], i) => {
      const { score, interval } = npsOf(group);
      assertClose(trend.series[0].data[i], score, 1e-9, `NPS in ${month}`);
      const [index, low, high] = trend.series[3].data[i];
      assert.equal(index, i);
      assertClose(low, interval[0], 1e-9, `NPS interval in ${month}`);
      assertClose(high, interval[1], 1e-9, `NPS interval in ${month}`);
      const satisfied = group.filter((a) => a.csat >= 4).length / group.length;
      assertClose(trend.series[1].data[i], 100 * satisfied, 1e-9, `CSAT in ${month}`);
      const [csatLow, csatHigh] = wilson(satisfied, group.length);
      assert.deepEqual(trend.series[4].data[i][0], i);
      assertClose(trend.series[4].data[i][1], csatLow, 1e-9, `CSAT interval in ${month}`);
      assertClose(trend.series[4].data[i][2], csatHigh, 1e-9, `CSAT interval in ${month}`);
      const ces = cesOf(group);
      assertClose(trend.series[2].data[i], ces.mean, 1e-9, `CES in ${month}`);
      assert.deepEqual(trend.series[5].data[i][0], i);
      assertClose(trend.series[5].data[i][1], ces.interval[0], 1e-9, `CES interval in ${month}`);
      assertClose(trend.series[5].data[i][2], ces.interval[1], 1e-9, `CES interval in ${month}`);
    });
    // The tooltip of the first month gives both figures with their intervals and answers.
    const tooltip = await page.evaluate(async () => {
      const { getInstanceByDom } = await import('./pkg/echarts.js');
      const chart = getInstanceByDom(document.querySelector('[data-chart="satisfaction-trend"] .chart'));
      return chart.getOption().tooltip[0].formatter([{ dataIndex: 0 }]);
    });
    const [firstMonth, firstAnswers] = byMonth[0];
    const tenths = (value) => value.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const described = (name, value, [low, high]) =>
      `${name} ${tenths(value)} (95%: ${tenths(low)} – ${tenths(high)}, n = ${firstAnswers.length})`;
    const first = npsOf(firstAnswers);
    const firstSatisfied = firstAnswers.filter((a) => a.csat >= 4).length / firstAnswers.length;
    assert.equal(
      tooltip,
      [
        monthName.format(new Date(`${firstMonth}-01T00:00:00Z`)),
        described('NPS', first.score, first.interval),
        described('CSAT %', 100 * firstSatisfied, wilson(firstSatisfied, firstAnswers.length)),
        described('CES (mean)', cesOf(firstAnswers).mean, cesOf(firstAnswers).interval),
      ].join('\n'),
    );

    // The migration runs from 90 days before "as of", its dates written as the page writes them.
    const migrationFrom = new Date(Date.parse(`${asOf}T00:00:00Z`) - 90 * 86_400_000);
    const written = (language, date) =>
      new Intl.DateTimeFormat(language, { timeZone: 'UTC', dateStyle: 'medium' }).format(date);
    assert.equal(
      drawn.migration.note,
      `From ${written('en', migrationFrom)} (left) to Jun 30, 2024 (right)`,
    );

    // By group, the customers' clusters and lifecycle stages have the names the page gives them
    // elsewhere (the customer table's filters), in either language, not the core's labels.
    const groupNames = (dimension) =>
      page.locator(`.by-group [data-dimension="${dimension}"] tbody th`).allTextContents();
    const filterNames = async (filter) =>
      (await page.getByTestId(`filter-${filter}`).locator('option').allTextContents()).slice(1);
    for (const language of ['en', 'zh-CN']) {
      await chooseLanguage(page, language);
      for (const [dimension, filter] of [['lifecycle', 'lifecycle'], ['cluster', 'cluster']]) {
        const names = await groupNames(dimension);
        assert.ok(names.length > 0, `${language}: groups by ${dimension}`);
        const known = await filterNames(filter);
        for (const name of names) assert.ok(known.includes(name), `${language}: ${name} among ${known.join(', ')}`);
      }
    }
    // In Chinese, the charts' descriptions and notes are punctuated as Chinese is.
    const chinese = await charts(page);
    assert.equal(chinese.migration.note, `从 ${written('zh-CN', migrationFrom)}（左）到 2024年6月30日（右）`);
    assert.ok(chinese.holdout.note.startsWith('2024年7月1日 至 2024年12月26日 的购买天数'), chinese.holdout.note);
    const descriptions = await page.evaluate(async () => {
      const { getInstanceByDom } = await import('./pkg/echarts.js');
      return [...document.querySelectorAll('[data-chart] .chart')].map(
        (chart) => [getInstanceByDom(chart).getOption().aria].flat()[0].label.description,
      );
    });
    assert.ok(descriptions.includes('按最近购买与购买频次的客户分布。每格：客户数及其平均净收入'), descriptions.join(' | '));
    for (const text of [...descriptions, chinese['nps-by-segment'].note ?? '']) {
      assert.doesNotMatch(text, /[,.] /, text);
    }
    if (tooFew.length > 1) assert.match(chinese['nps-by-segment'].note, /、/);
    await chooseLanguage(page, 'en');

    await mkdir(ARTIFACTS, { recursive: true });
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const name of ['holdout', 'nps-by-segment', 'satisfaction-trend']) {
        await page
          .locator(`[data-chart="${name}"]`)
          .screenshot({ path: join(ARTIFACTS, `chart-${name}-${device}.png`) });
      }
    }
  },
);

pageTest('the cluster chart puts each customer in its cluster, on the features chosen', async ({ page }) => {
  // The page asks for clusters with k chosen by silhouette; here k is fixed at 3, and the report
  // comes from the package's own API, as a website would call it.
  await page.evaluate(async () => {
    const { analyze } = await import('./pkg/index.js');
    const { renderCharts } = await import('./pkg/charts.js');
    const sample = new Uint8Array(await (await fetch('./sample-transactions.csv')).arrayBuffer());
    window.report = await analyze(sample, { clusters: 3 });
    const area = document.createElement('div');
    area.dataset.testid = 'cluster-test';
    area.className = 'chart-grid';
    document.querySelector('main').append(area);
    await renderCharts(area, window.report, { lang: 'en' });
  });
  const report = await page.evaluate(() => window.report);
  const root = '[data-testid="cluster-test"]';
  const scatter = () => charts(page, root).then((drawn) => drawn.clusters);
  const expected = (x, y) =>
    report.clusters.clusters.map((cluster) =>
      report.customers.filter((c) => c.cluster === cluster.index).map((c) => [c[x], c[y], c.id]),
    );
  let drawn = await scatter();
  assert.equal(drawn.series.length, 3);
  assert.deepEqual(
    drawn.series.map((series) => series.name),
    report.clusters.clusters.map((cluster) => cluster.name.en),
  );
  assert.deepEqual(
    drawn.series.map((series) => series.data),
    expected('frequency', 'monetary'),
  );
  assert.equal(sum(drawn.series.map((series) => series.data.length)), report.customers.length);
  assert.equal(drawn.note, `${report.customers.length} customers in 3 clusters`);

  // The page will not have the customer list: without it every chart draws the same.
  await page.evaluate(async () => {
    const { renderCharts } = await import('./pkg/charts.js');
    const area = document.createElement('div');
    area.dataset.testid = 'without-customers';
    area.className = 'chart-grid';
    document.querySelector('main').append(area);
    await renderCharts(area, { ...window.report, customers: [] }, { lang: 'en' });
  });
  assert.deepEqual(await charts(page, '[data-testid="without-customers"]'), await charts(page, root));

  await page.locator(`${root} select[data-axis="x"]`).selectOption('recencyDays');
  drawn = await scatter();
  assert.deepEqual(
    drawn.series.map((series) => series.data),
    expected('recencyDays', 'monetary'),
  );

  // In Chinese, the labels come from the same dictionary; the dark theme is ECharts' own.
  const redrawn = await page.evaluate(async (root) => {
    const { drawClusterScatter } = await import('./pkg/charts.js');
    const container = document.querySelector(`${root} [data-chart="clusters"] .chart`);
    const option = drawClusterScatter(container, window.report, {
      lang: 'zh-CN',
      theme: 'dark',
      x: 'recencyDays',
    }).getOption();
    return { title: option.title[0].text, darkMode: option.darkMode };
  }, root);
  assert.deepEqual(redrawn, { title: '聚类', darkMode: true });
  await page
    .locator(`${root} [data-chart="clusters"]`)
    .screenshot({ path: join(ARTIFACTS, 'chart-clusters-zh-CN.png') });
});

pageTest('markup in ids, regions, channels and comments is shown as text and never runs', async (session) => {
  const { page } = session;
  const transactions = join(REPO, 'tests/fixtures/markup-transactions.csv');
  await uploadWithoutRequests(session, transactions, () => waitForFact(page, 'file', 'markup-transactions.csv'));
  await addSurveysWithoutRequests(session, join(REPO, 'tests/fixtures/markup-surveys.csv'));
  // Give an injected handler (an image that fails to load, an inline script) the time to run.
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup from the file ran');
  const injected = await page
    .locator('main img, main script, main b, main i, main svg, main a[href^="javascript:"], main [onerror], main [onload]')
    .count();
  assert.equal(injected, 0, 'markup from the file became elements');
  // The ids, as the csv crate's quoting rules give them, are in the table as they were written.
  const ids = (await tableRows(page)).map((row) => row[1]).sort();
  assert.deepEqual(ids, [
    '"><svg onload="window.__pwned=\'svg\'">',
    '&lt;b&gt;entity&lt;/b&gt;',
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<script>window.__pwned='script'</script>",
    'plain',
  ]);
  const values = await page
    .getByTestId('attributes')
    .locator('tbody th')
    .allTextContents();
  assert.deepEqual(values, [
    '<b>North</b>',
    '<i>South</i>',
    'store',
    '<a href="javascript:window.__pwned=\'link\'">web</a>',
  ]);
});

pageTest('a customer file is read as one row per customer and says what it cannot show', async (session) => {
  const { page } = session;
  const file = join(REPO, 'tests/fixtures/customer-level/customers.csv');
  await uploadWithoutRequests(session, file, () => waitForFact(page, 'file', 'customers.csv'));
  const shown = await facts(page);
  // Six customers, one per row (tests/fixtures/README.md), as of the latest last purchase.
  assert.equal(shown.customers, '6');
  assert.equal(shown.asOf, 'Jun 30, 2024');
  assert.equal(
    shown.columns,
    [
      'customer id: customer_id',
      'last purchase: last_purchase',
      'first purchase: first_purchase',
      'frequency: frequency',
      'monetary: monetary',
      'purchase days: purchase_days',
      'repeat monetary: repeat_monetary',
    ].join(' · '),
  );
  const limitations = page.getByTestId('limitations').locator('li');
  assert.deepEqual(await limitations.evaluateAll((items) => items.map((item) => item.dataset.key)), ['noMigration']);
  assert.equal(await page.locator('[data-chart="migration"]').count(), 0, 'no migration chart');
  // Nor purchase days to count customers by period in.
  assert.ok(await page.getByTestId('retention').isHidden(), 'no retention section');
  // Six customers are too few for BG/NBD: its NBD fallback has no dropout, so no P(alive) is
  // shown, in the charts, the customer table or the early warning.
  assert.ok(!Object.hasOwn(await charts(page), 'p-alive'), 'no P(alive) chart');
  const columns = await page
    .getByTestId('customer-table')
    .locator('thead th:not([hidden])')
    .evaluateAll((cells) => cells.map((cell) => cell.dataset.key));
  assert.deepEqual(columns.slice(-2), ['lifecycle', 'clv']);
  const warned = page.getByTestId('early-warning').locator('tbody tr');
  assert.ok((await warned.count()) > 0);
  assert.deepEqual(
    [...new Set(await warned.evaluateAll((rows) => rows.map((row) => row.cells[2].textContent)))],
    ['–'],
  );

  // Recency in days needs the date it was measured at; without first purchases there is no CLV.
  await page.getByTestId('as-of-input').fill('2024-06-30');
  const recency = join(REPO, 'tests/fixtures/customer-level/recency.csv');
  await uploadWithoutRequests(session, recency, () => waitForFact(page, 'file', 'recency.csv'));
  // m4's negative recency is skipped (tests/fixtures/README.md).
  assert.equal((await facts(page)).customers, '3');
  assert.deepEqual(
    (await tableRows(page)).map((row) => [row[0], row[2], row[3]]),
    [
      ['m1', '–', 'Jun 30, 2024'],
      ['m3', '–', 'Jul 1, 2023'],
      ['m2', '–', 'May 31, 2024'],
    ],
  );
  assert.deepEqual(await limitations.evaluateAll((items) => items.map((item) => item.dataset.key)), [
    'noMigration',
    'noClv',
  ]);

  // A customer's profit gives their cost: A earns 30 on 100, C loses 20 on 50, B has none, so
  // the margin is (30 − 20) ÷ (100 + 50).
  const dir = await mkdtemp(join(tmpdir(), 'custval-e2e-profit-'));
  try {
    const profits = join(dir, 'customer-profits.csv');
    await writeFile(
      profits,
      'customer_id,last_purchase,frequency,monetary,总毛利\nA,2024-03-01,2,100,30\nB,2024-03-02,1,80,\nC,2024-03-03,1,50,-20\n',
    );
    await uploadWithoutRequests(session, profits, () => waitForFact(page, 'file', 'customer-profits.csv'));
    const withProfits = await facts(page);
    assert.match(withProfits.columns, / · gross profit: 总毛利$/);
    assert.equal(withProfits.grossMargin, '6.7%');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

pageTest('on a phone the early warning shows its first ten customers, and more on request', async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByTestId('sample-button').click();
  const warnings = page.getByTestId('early-warning');
  await warnings.waitFor();
  const rows = warnings.locator('tbody tr');
  const listed = await rows.count();
  assert.ok(listed > 20, `${listed} customers listed`);
  const visible = () => rows.evaluateAll((rows) => rows.filter((row) => row.checkVisibility()).length);
  assert.equal(await visible(), 10);
  const more = page.getByTestId('more-warnings');
  assert.equal(await more.textContent(), `Show 10 more (${listed - 10} not shown yet)`);
  await chooseLanguage(page, 'zh-CN');
  assert.equal(await more.textContent(), `再显示 10 位（还有 ${listed - 10} 位未显示）`);
  await chooseLanguage(page, 'en');
  await mkdir(ARTIFACTS, { recursive: true });
  await page.getByTestId('lifetime').screenshot({ path: join(ARTIFACTS, 'early-warning-phone.png') });
  // From the keyboard, the focus staying on the button; a language switch keeps the rows shown.
  await more.focus();
  await page.keyboard.press('Enter');
  assert.equal(await visible(), 20);
  assert.equal(await focused(page), 'more-warnings');
  const left = listed - 20;
  assert.equal(await more.textContent(), left > 10 ? `Show 10 more (${left} not shown yet)` : `Show the other ${left}`);
  await chooseLanguage(page, 'zh-CN');
  assert.equal(await visible(), 20);
  await chooseLanguage(page, 'en');
  while ((await more.count()) > 0) {
    await more.focus();
    await page.keyboard.press('Enter');
  }
  assert.equal(await visible(), listed);
  // The button goes with the last rows: the focus moves to the first of them.
  const firstOfLast = Math.floor((listed - 1) / 10) * 10;
  assert.equal(await focused(page), `th: ${await rows.nth(firstOfLast).getAttribute('data-customer-id')}`);
});

pageTest('on a phone the sentences of a play take the whole width of its card', async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.phone);
  await page.getByTestId('sample-button').click();
  const card = page.getByTestId('plays').locator('tbody tr').first();
  await card.waitFor();
  await mkdir(ARTIFACTS, { recursive: true });
  await page.getByTestId('plays').screenshot({ path: join(ARTIFACTS, 'plays-phone.png') });
  // The goal, the actions and the channel under their column's name, not squeezed beside it;
  // the figures stay beside theirs.
  const widths = await card.evaluate((row) => {
    const width = (node) => node.getBoundingClientRect().width;
    const figure = document.createRange();
    figure.selectNodeContents(row.querySelector('td.number'));
    return {
      card: width(row),
      // The goal's paragraph and the actions' list.
      prose: [...row.querySelectorAll('td.prose > *')].map(width),
      figureLeft: figure.getBoundingClientRect().left - row.getBoundingClientRect().left,
    };
  });
  assert.ok(widths.prose.length > 0);
  for (const prose of widths.prose) assert.ok(prose > 0.9 * widths.card, `${prose} of ${widths.card}`);
  assert.ok(widths.figureLeft > 0.25 * widths.card, `a figure ${widths.figureLeft} from the card's left`);
});

pageTest('the customer table is narrowed by id, segment, tier, cluster and stage, and pages come from the worker', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, SAMPLE, () => waitForFact(page, 'file', 'sample-transactions.csv'));
  const report = await page.evaluate(async () => {
    const { analyze } = await import('./pkg/index.js');
    const sample = new Uint8Array(await (await fetch('./sample-transactions.csv')).arrayBuffer());
    return analyze(sample, { clusters: 'auto' });
  });
  const shownIds = async () => (await tableRows(page)).map((row) => row[0]).sort();
  const expected = (keep) =>
    report.customers
      .filter(keep)
      .map((c) => c.id)
      .sort();
  const note = page.getByTestId('customer-table').locator('xpath=ancestor::section').locator('.table-note');

  await page.getByTestId('filter-segment').selectOption('champions');
  assert.deepEqual(await shownIds(), expected((c) => c.segment === 'champions'));
  assert.equal(
    await note.textContent(),
    `${expected((c) => c.segment === 'champions').length} customers (${report.customers.length} in all)`,
  );
  await page.getByTestId('filter-tier').selectOption('high');
  assert.deepEqual(await shownIds(), expected((c) => c.segment === 'champions' && c.tier === 'high'));
  await page.getByTestId('filter-cluster').selectOption('0');
  assert.deepEqual(
    await shownIds(),
    expected((c) => c.segment === 'champions' && c.tier === 'high' && c.cluster === 0),
  );

  for (const filter of ['segment', 'tier', 'cluster']) await page.getByTestId(`filter-${filter}`).selectOption('');
  await page.getByTestId('filter-lifecycle').selectOption('declining');
  const declining = expected((c) => c.lifecycle === 'declining');
  assert.ok(declining.length > 0);
  assert.deepEqual(await shownIds(), declining);
  // The stage, P(alive) and CLV columns show each customer's own figures from the report.
  const keys = await page
    .getByTestId('customer-table')
    .locator('thead th:not([hidden])')
    .evaluateAll((cells) => cells.map((cell) => cell.dataset.key));
  assert.deepEqual(keys.slice(-4), ['cluster', 'lifecycle', 'pAlive', 'clv']);
  const cell = (row, key) => row[1 + keys.indexOf(key)];
  const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  const byId = new Map(report.customers.map((c) => [c.id, c]));
  for (const row of await tableRows(page)) {
    const customer = byId.get(row[0]);
    assert.deepEqual(
      [cell(row, 'lifecycle'), cell(row, 'pAlive'), cell(row, 'clv')],
      ['Declining', percent.format(customer.pAlive), dollars.format(customer.clv)],
    );
  }
  // Sorted by CLV, highest first: the order of the report's own values.
  await page.getByTestId('customer-table').locator('th[data-key="clv"] button').click();
  await page.getByTestId('customer-table').locator('th[data-key="clv"] button').click();
  const byClv = declining.map((id) => byId.get(id)).sort((a, b) => b.clv - a.clv);
  assert.deepEqual(
    (await tableRows(page)).map((row) => row[0]),
    byClv.map((c) => c.id),
  );
  await page.getByTestId('filter-lifecycle').selectOption('');

  // The early-warning list: high- and medium-value customers in decline, by value at risk
  // ((1 − P(alive)) × net revenue so far), worked out here from the customers.
  const atRisk = (c) => (1 - c.pAlive) * c.monetary;
  const warned = report.customers
    .filter((c) => c.lifecycle === 'declining' && (c.tier === 'high' || c.tier === 'medium'))
    .sort((a, b) => atRisk(b) - atRisk(a));
  assert.ok(warned.length > 0);
  const warnings = page.getByTestId('early-warning');
  assert.deepEqual(
    await warnings.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.customerId)),
    warned.slice(0, 100).map((c) => c.id),
  );
  assert.equal(
    await page.getByTestId('lifetime').locator('.early-warning h3').textContent(),
    `Early warning: ${warned.length} valuable customers in decline`,
  );
  const firstWarning = await warnings.locator('tbody tr').first().locator('td').allTextContents();
  assert.equal(firstWarning[3], dollars.format(atRisk(warned[0])));
  // Two figures of money at risk, each named for what it is: the early warning's is revenue, the
  // plays' and the call list's the lifetime value the customers are valued at.
  const headers = (testId) => page.getByTestId(testId).locator('thead th').allTextContents();
  assert.equal((await headers('early-warning'))[4], 'Revenue at risk');
  assert.equal(report.recommendations.valueBasis, 'predictedClv');
  assert.deepEqual((await headers('plays')).slice(2, 5), ['Value so far', 'Value', 'Lifetime value at risk']);
  // Beside each group's predicted value, what its customers brought: their net revenue, added
  // up here from the customers.
  const broughtByDeclining = sum(declining.map((id) => byId.get(id).monetary));
  const decliningPlay = page.getByTestId('plays').locator('tr[data-lens="lifecycle"][data-key="declining"]');
  assert.equal(await decliningPlay.locator('td').nth(1).textContent(), dollars.format(broughtByDeclining));
  assert.equal((await headers('call-list'))[2], 'Lifetime value at risk');
  for (const [testId, legend] of [
    ['lifetime', 'Revenue at risk = (1 − P(alive)) × value so far'],
    ['recommendations', 'Lifetime value at risk = predicted lifetime value × (1 − P(alive))'],
  ]) {
    const notes = await page.getByTestId(testId).locator('.table-note').allTextContents();
    assert.ok(notes.some((note) => note.startsWith(legend)), `${testId}: ${notes.join(' | ')}`);
  }
  await chooseLanguage(page, 'zh-CN');
  assert.equal((await headers('early-warning'))[4], '风险收入');
  assert.equal((await headers('call-list'))[2], '风险终身价值');
  await chooseLanguage(page, 'en');
  const stages = await summaryRows(page, 'stages', 'stage');
  for (const stage of ['new', 'growing', 'mature', 'declining', 'lost']) {
    const members = report.customers.filter((c) => c.lifecycle === stage);
    assert.equal(stages[stage]?.[1] ?? '0', String(members.length), stage);
  }

  await page.getByTestId('customer-search').fill('1245');
  assert.deepEqual(await shownIds(), expected((c) => c.id.includes('1245')));
  await page.getByTestId('customer-search').fill('no such id');
  assert.deepEqual(await shownIds(), []);

  // Another file's customers are shown unfiltered.
  await page.getByTestId('filter-cluster').selectOption('0');
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  assert.equal(await page.getByTestId('customer-search').inputValue(), '');
  assert.equal(await page.getByTestId('filter-cluster').inputValue(), '');
  // Its three customers, alice, bob and carol, all of them.
  assert.deepEqual((await shownIds()).length, 3);
  assert.doesNotMatch(await note.textContent(), /in all/);
});

// A survey asked on 1–7 for CSAT: the definitions say so, as the CSAT card does.
pageTest('the satisfaction definitions follow the scales the survey was read on', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  const csv = 'customer_id,nps,csat\nalice,9,7\nbob,6,6\ncarol,10,3\n';
  await addSurveysWithoutRequests(session, { name: 'seven.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('survey-settings').click();
  await page.getByTestId('survey-columns').locator('[data-question="csatScale"]').selectOption('1-7');
  await page.getByTestId('survey-columns-analyse').click();
  await page.waitForFunction(() => document.querySelector('[data-metric="csat"]')?.textContent.includes('6–7'));
  const definition = page.getByTestId('definitions').locator('[data-term="nps"] dd');
  assert.equal(
    await definition.textContent(),
    'NPS is the share of promoters (9–10) minus the share of detractors (0–6) on the 0–10 scale, from −100 to 100; ' +
      'CSAT is the share answering 6–7 on the 1–7 scale. Each comes with its 95% interval.',
  );
  await chooseLanguage(page, 'zh-CN');
  assert.equal(
    await definition.textContent(),
    'NPS 为 0–10 分量表上推荐者（9–10 分）比例减去贬损者（0–6 分）比例，范围 −100 到 100；' +
      'CSAT 为 1–7 分量表上回答 6–7 分的比例。每项都附有 95% 区间。',
  );
});

// A survey without customer ids matches no customer: the groups of the customers' segments,
// tiers and so on are empty, and are not shown as tables without rows.
pageTest('a survey without customer ids shows no empty group tables', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  const csv = 'nps,csat\n9,5\n3,2\n10,4\n';
  await addSurveysWithoutRequests(session, { name: 'anonymous.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  assert.deepEqual(await npsCard(page).then((card) => card[0]), '+33.3');
  const byGroup = page.getByTestId('satisfaction').locator('.by-group');
  assert.equal(await byGroup.locator('h3, table, p').count(), 0, await byGroup.innerText());
});

pageTest('the definitions explain each measure with the report’s own settings', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, SAMPLE, () => waitForFact(page, 'file', 'sample-transactions.csv'));
  const definitions = page.getByTestId('definitions');
  const terms = () => definitions.locator('[data-term]').evaluateAll((items) => items.map((item) => item.dataset.term));
  assert.deepEqual(await terms(), ['asOf', 'occasion', 'recency', 'frequency', 'monetary', 'tiers', 'pAlive', 'clv']);
  const clv = definitions.locator('[data-term="clv"] dd');
  // The defaults: 12 months at 1 % a month, (1.01^12 − 1) = 12.68 % a year.
  assert.match(await clv.textContent(), /next 12 months.*30\.4375 days.*1\.0% a month, which is 12\.7% a year/);
  assert.match(await definitions.locator('[data-term="asOf"] dd').textContent(), /Dec 26, 2024/);
  await chooseLanguage(page, 'zh-CN');
  assert.match(await clv.textContent(), /未来 12 个月.*30\.4375 天.*1\.0%.*12\.7%/);
  // The definitions are sentences: on a desktop each card takes at least two fifths of the
  // section's width (two abreast), on a phone all of it (one a row).
  const cardShares = () =>
    definitions
      .locator('dl')
      .evaluate((list) => [...list.children].map((card) => card.getBoundingClientRect().width / list.clientWidth));
  for (const language of ['zh-CN', 'en']) {
    await chooseLanguage(page, language);
    for (const [device, least] of [['desktop', 0.4], ['phone', 0.99]]) {
      await page.setViewportSize(VIEWPORTS[device]);
      const shares = await cardShares();
      assert.ok(
        shares.every((share) => share >= least),
        `${language}, ${device}: the cards take ${shares.map((share) => share.toFixed(2)).join(', ')} of the width`,
      );
    }
  }
  await page.setViewportSize(VIEWPORTS.desktop);
});

pageTest('the settings change the analysis and go back to the defaults', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, SAMPLE, () => waitForFact(page, 'file', 'sample-transactions.csv'));
  const rfmCells = async () => new Set((await tableRows(page)).flatMap((row) => [...row[7]]));
  assert.deepEqual([...(await rfmCells())].sort(), ['1', '2', '3', '4', '5']);
  await page.getByTestId('settings').locator('summary').click();

  // Each change analyses again; the page shows the new report when it is ready.
  await page.getByTestId('score-levels').selectOption('3');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="customer-table"] tbody tr td:nth-child(7)')].every((cell) =>
      /^[1-3]{3}$/.test(cell.textContent),
    ),
  );
  await page.getByTestId('horizon').fill('24');
  await page.getByTestId('horizon').blur();
  await page.waitForFunction(() =>
    /next 24 months/.test(document.querySelector('[data-term="clv"] dd').textContent),
  );
  await page.getByTestId('discount-rate').fill('2');
  await page.getByTestId('discount-rate').blur();
  // 1.02^12 − 1 = 26.82 % a year.
  await page.waitForFunction(() =>
    /2\.0% a month, which is 26\.8% a year/.test(document.querySelector('[data-term="clv"] dd').textContent),
  );
  await page.getByTestId('cluster-count').selectOption('3');
  await page.waitForFunction(async () => {
    const { getInstanceByDom } = await import('./pkg/echarts.js');
    const chart = document.querySelector('[data-chart="clusters"] .chart');
    return chart && getInstanceByDom(chart)?.getOption().series.length === 3;
  });

  // A value out of a field's range is told beside the fields, and the report on show stays.
  await page.getByTestId('horizon').fill('0');
  await page.getByTestId('horizon').blur();
  const problem = page.getByTestId('settings-problem');
  await problem.waitFor();
  assert.equal(
    await problem.textContent(),
    'Lifetime value horizon (months): enter a whole number from 1 to 120. The report shown is still that of the settings before.',
  );
  assert.match(await page.locator('[data-term="clv"] dd').textContent(), /next 24 months/);

  await page.getByTestId('settings-reset').click();
  await page.waitForFunction(() =>
    /next 12 months.*1\.0% a month/.test(document.querySelector('[data-term="clv"] dd').textContent),
  );
  assert.deepEqual([...(await rfmCells())].sort(), ['1', '2', '3', '4', '5']);
  assert.equal(await page.getByTestId('cluster-count').inputValue(), 'auto');
  assert.equal(await problem.isHidden(), true);
});

pageTest('the dark theme colours the page and the charts, and is remembered', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, SAMPLE, () => waitForFact(page, 'file', 'sample-transactions.csv'));
  const look = () =>
    page.evaluate(async () => {
      const { getInstanceByDom } = await import('./pkg/echarts.js');
      const chart = getInstanceByDom(document.querySelector('[data-chart="segments"] .chart'));
      return {
        theme: document.documentElement.dataset.theme,
        background: getComputedStyle(document.documentElement).backgroundColor,
        darkCharts: chart.getOption().darkMode === true,
      };
    });
  assert.deepEqual(await look(), { theme: 'light', background: 'rgb(255, 255, 255)', darkCharts: false });
  await page.getByTestId('theme').selectOption('dark');
  assert.deepEqual(await look(), { theme: 'dark', background: 'rgb(24, 28, 36)', darkCharts: true });
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'sample-dark-desktop.png'), fullPage: true });

  const again = await browser.newPage();
  await again.goto(server.url);
  assert.equal(await again.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await again.close();
});


pageTest('a language switch after an error shows the new file and nothing of the old error', async (session) => {
  const { page } = session;
  const error = page.getByTestId('error');

  // A survey file alone that cannot be read, then removed: its error goes with it, and a
  // language switch brings nothing back (its message named a file the page no longer has).
  const badSurvey = { name: 'bad-survey.csv', mimeType: 'text/csv', buffer: Buffer.from('when,note\n2024-01-01,hello\n') };
  await page.getByTestId('survey-input').setInputFiles(badSurvey);
  await error.waitFor();
  assert.match(await error.textContent(), /^Could not analyse bad-survey\.csv/);
  await page.getByTestId('survey-remove').click();
  assert.equal(await error.isHidden(), true);
  await chooseLanguage(page, 'zh-CN');
  assert.equal(await error.isHidden(), true);
  assert.equal(await error.textContent(), '');
  assert.equal(await page.getByTestId('status').textContent(), '');
  assert.equal(await page.getByTestId('survey-columns').isHidden(), true);
  await chooseLanguage(page, 'en');

  // A file of a header only cannot be analysed whatever is chosen: its preview says so and
  // Analyse is off.
  const headerOnly = { name: 'header-only.csv', mimeType: 'text/csv', buffer: Buffer.from('customer_id,order_date,amount\n') };
  await uploadWithoutRequests(session, headerOnly, () => previewReady(page, 'header-only.csv'), { analyse: false });
  assert.equal(await page.getByTestId('mapping-analyse').isDisabled(), true);
  assert.equal(await page.getByTestId('mapping-blocked').textContent(), 'Not ready to analyse: first put right the problem told above');

  // An analysis that fails (its rows, all returns, were previewed, and later ones might not have
  // been), then a good file's preview, which replaces the error; the language switch writes the
  // preview again.
  const returns = { name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from('customer_id,order_date,amount\nk1,2024-05-01,-10\n') };
  await uploadWithoutRequests(session, returns, () => error.waitFor());
  assert.match(await error.textContent(), /^Could not analyse returns\.csv/);
  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await previewReady(page, 'page-upload.csv');
  await chooseLanguage(page, 'zh-CN');
  assert.equal(await error.isHidden(), true);
  assert.equal(await error.textContent(), '');
  assert.equal(await page.getByTestId('mapping-analyse').textContent(), '开始分析');
  await page.getByTestId('mapping-analyse').click();
  await page.getByTestId('input-summary').waitFor();
  assert.equal(await error.isHidden(), true);
});

pageTest('no analysis runs with a setting out of its range, whatever starts it', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  assert.equal((await facts(page)).asOf, 'Apr 15, 2024');
  await page.getByTestId('settings').locator('summary').click();
  await page.getByTestId('discount-rate').fill('150');
  await page.getByTestId('discount-rate').blur();
  const problem = page.getByTestId('settings-problem');
  await problem.waitFor();
  const told =
    'Monthly discount rate (%): enter a number from 0 to 99. The report shown is still that of the settings before.';
  assert.equal(await problem.textContent(), told);

  // "As of", a survey file and the sample each start an analysis: none runs, the problem stays
  // in view (its settings opened) and the report on show stays.
  await page.getByTestId('settings').evaluate((details) => (details.open = false));
  await page.getByTestId('as-of-input').fill('2024-03-31');
  await page.getByTestId('survey-input').setInputFiles(JOINED_SURVEYS);
  await page.getByTestId('sample-button').click();
  // Time for a run of these small files to have started, or shown its end.
  await page.waitForTimeout(1500);
  assert.equal(await page.getByTestId('progress').isHidden(), true);
  assert.equal(await page.getByTestId('error').isHidden(), true);
  assert.equal(await page.getByTestId('settings').evaluate((details) => details.open), true);
  assert.equal(await problem.textContent(), told);
  assert.equal((await facts(page)).file, 'page-upload.csv');
  assert.equal((await facts(page)).asOf, 'Apr 15, 2024');
  assert.equal(await page.getByTestId('satisfaction').isHidden(), true);

  // Put right, the setting runs what was asked meanwhile.
  await page.getByTestId('discount-rate').fill('2');
  await page.getByTestId('discount-rate').blur();
  await waitForFact(page, 'asOf', 'Mar 31, 2024');
  assert.equal(await problem.isHidden(), true);
  assert.match(await page.locator('[data-term="clv"] dd').textContent(), /2\.0% a month/);
});

pageTest('a cancelled re-run puts back the settings of the report on show', async (session) => {
  const { page } = session;
  await page.getByTestId('sample-button').click();
  await waitForFact(page, 'file', 'sample-transactions.csv (sample data)');
  const shown = await facts(page);
  assert.equal(await page.getByTestId('as-of-input').inputValue(), '');

  // The sample is fetched again for the new run: held back, so that the run can be cancelled.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/sample-transactions.csv', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByTestId('settings').locator('summary').click();
  await page.getByTestId('horizon').fill('24');
  await page.getByTestId('horizon').blur();
  await page.getByTestId('progress').waitFor();
  await page.getByTestId('as-of-input').fill('2024-03-31');
  await page.getByTestId('cancel-button').click();
  release();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="status"]').textContent.startsWith('Stopped reading'),
  );
  // The report on show is the first one, and the fields say so; the next change starts from them.
  assert.deepEqual(await facts(page), shown);
  assert.equal(await page.getByTestId('as-of-input').inputValue(), '');
  assert.equal(await page.getByTestId('horizon').inputValue(), '12');
  await page.unroute('**/sample-transactions.csv');
  await page.getByTestId('score-levels').selectOption('3');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="customer-table"] tbody tr td:nth-child(7)')].every((cell) =>
      /^[1-3]{3}$/.test(cell.textContent),
    ),
  );
  assert.equal((await facts(page)).asOf, shown.asOf);
  assert.match(await page.locator('[data-term="clv"] dd').textContent(), /next 12 months/);
});

/** What has the keyboard's focus: its test id, else its tag and text. */
function focused(page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    return active.dataset.testid ?? `${active.tagName.toLowerCase()}: ${active.textContent.trim()}`;
  });
}

pageTest('the keyboard focus stays on the page as controls come and go, and Escape closes', async (session) => {
  const { page } = session;
  // Analyse in the preview hides the preview: the focus goes to the report, not the page's top.
  await page.getByTestId('file-input').setInputFiles(JOINED_TRANSACTIONS);
  await previewReady(page, 'joined-transactions.csv');
  await page.getByTestId('mapping-analyse').focus();
  await page.keyboard.press('Enter');
  await waitForFact(page, 'file', 'joined-transactions.csv');
  // Moved in a task after the one that draws the report.
  await page.waitForFunction(() => document.activeElement !== document.body, null, { timeout: 5000 }).catch(() => {});
  assert.equal(await focused(page), 'h2: Input');
  // Five customers make one page: no pager, whose buttons would both be dead.
  assert.ok(await page.getByTestId('next-page').isHidden());

  // Removing the survey file leaves the focus on choosing another.
  await addSurveysWithoutRequests(session, JOINED_SURVEYS);
  await page.getByTestId('survey-remove').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('satisfaction').waitFor({ state: 'hidden' });
  assert.equal(await focused(page), 'survey-input');

  // The language switched from the keyboard keeps the focus on its menu, the report redrawn.
  await page.getByTestId('language').focus();
  await chooseLanguage(page, 'zh-CN');
  assert.equal(await focused(page), 'language');
  await chooseLanguage(page, 'en');

  // Escape closes the settings and leaves the focus on what opens them.
  const settings = page.getByTestId('settings');
  await settings.locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'score-levels');
  await page.keyboard.press('Escape');
  assert.equal(await settings.evaluate((details) => details.open), false);
  assert.equal(await focused(page), 'summary: Settings');

  // Paging to the end from the keyboard: Next, disabled on the last page, hands the focus to Previous.
  await page.getByTestId('sample-button').click();
  await page.getByTestId('next-page').waitFor({ state: 'visible' });
  await page.getByTestId('next-page').focus();
  while (!(await page.getByTestId('next-page').isDisabled())) {
    const note = await page.locator('.customers .table-note').textContent();
    await page.keyboard.press('Enter');
    await page.waitForFunction((note) => document.querySelector('.customers .table-note').textContent !== note, note);
  }
  assert.equal(await focused(page), 'previous-page');
  // Where the rows changed out of the focus's sight, the count says so to a screen reader.
  const count = page.getByTestId('customer-count');
  assert.equal(await count.getAttribute('role'), 'status');
  assert.equal(await count.textContent(), 'Showing 301–400 of 400 customers');
});

/** The names of the tables on show, from the headings their aria-labelledby gives. */
function tableNames(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('table')]
      .filter((table) => table.checkVisibility())
      .map((table) =>
        (table.getAttribute('aria-labelledby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
          .trim(),
      ),
  );
}

pageTest('every table is named by the heading it stands under, in the language of the page', async (session) => {
  const { page } = session;
  await page.getByTestId('file-input').setInputFiles(JOINED_TRANSACTIONS);
  await previewReady(page, 'joined-transactions.csv');
  assert.deepEqual(await tableNames(page), ['How the file will be read: joined-transactions.csv']);
  await page.getByTestId('mapping-analyse').click();
  await waitForFact(page, 'file', 'joined-transactions.csv');
  await addSurveysWithoutRequests(session, JOINED_SURVEYS);
  const english = await tableNames(page);
  assert.deepEqual(english.slice(0, 2), ['Segments', 'Value']);
  assert.ok(english.includes('Customers') && english.includes('By segment'), english.join(' | '));
  assert.ok(english.length >= 10, english.join(' | '));
  assert.deepEqual(english.filter((name) => name === ''), [], 'a table without a name');
  await chooseLanguage(page, 'zh-CN');
  const chinese = await tableNames(page);
  assert.equal(chinese.length, english.length);
  assert.deepEqual(chinese.filter((name) => !/[\u4e00-\u9fff]/.test(name)), [], 'a table named in English');
});

/** Each chart's table of figures: { [data-chart]: { chart, name, summary, columns, rows } }. */
function chartTables(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="charts"] [data-chart]')].map((figure) => {
        const table = figure.querySelector('.chart-data table');
        return [
          figure.dataset.chart,
          table && {
            chart: figure.querySelector('.chart').getAttribute('aria-label'),
            name: table.getAttribute('aria-label'),
            summary: figure.querySelector('.chart-data summary').textContent,
            columns: [...table.tHead.rows[0].cells].map((cell) => cell.textContent),
            rows: [...table.tBodies[0].rows].map((row) => [...row.cells].map((cell) => cell.textContent)),
          },
        ];
      }),
    ),
  );
}

pageTest('every chart has its figures as a table, named by its title, in both languages', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, JOINED_TRANSACTIONS, () => waitForFact(page, 'file', 'joined-transactions.csv'));
  await addSurveysWithoutRequests(session, JOINED_SURVEYS);
  await page.waitForFunction(() => !document.querySelector('[data-testid="charts"] .chart-grid[aria-busy]'));
  const english = await chartTables(page);
  assert.ok(Object.keys(english).length >= 6, Object.keys(english).join(', '));
  for (const [chart, table] of Object.entries(english)) {
    assert.ok(table, `${chart} has no table`);
    assert.ok(table.chart.startsWith(table.name), `${chart}: "${table.name}" is not the title of "${table.chart}"`);
    assert.equal(table.summary, 'The figures as a table');
    assert.ok(table.rows.length > 0, `${chart} has no rows`);
  }
  // The tiers as the value table lists them, in the chart's shares of customers and value.
  const tierNames = await page
    .getByTestId('value-summary')
    .locator('tbody th')
    .evaluateAll((cells) => cells.map((cell) => cell.textContent));
  assert.deepEqual(english.tiers.columns, ['Group', 'Share of customers', 'Share of value']);
  assert.deepEqual(english.tiers.rows.map(([name]) => name), tierNames);
  // The heatmap's cells count every customer once; their money is in the page's currency.
  const counted = english['rf-heatmap'].rows.reduce((sum, row) => sum + Number(row[2]), 0);
  assert.equal(counted, 5);
  for (const row of english['rf-heatmap'].rows) assert.match(row[3], /^-?\$[\d,]+$/, 'an average in dollars');

  await chooseLanguage(page, 'zh-CN');
  await page.waitForFunction(() => !document.querySelector('[data-testid="charts"] .chart-grid[aria-busy]'));
  const chinese = await chartTables(page);
  assert.deepEqual(Object.keys(chinese), Object.keys(english));
  for (const [chart, table] of Object.entries(chinese)) {
    assert.equal(table.summary, '图中数据（表格）');
    assert.ok(table.chart.startsWith(table.name), `${chart}: "${table.name}"`);
    // Only the survey measures' own abbreviations stay in Latin letters: the page calls the
    // lifetime value 终身价值 in its tables.
    const english = table.columns.filter((column) => /[A-Za-z]{3,}/.test(column.replace(/NPS|CSAT|CES|alive/g, '')));
    assert.deepEqual(english, [], `${chart}'s columns`);
  }
  // The language changes, not the currency: the dollars as Chinese writes them.
  for (const row of chinese['rf-heatmap'].rows) assert.match(row[3], /^-?US\$[\d,]+$/, 'an average in dollars');
});

pageTest('the progress bar is named, in the language of the page', async (session) => {
  const { page } = session;
  const bar = page.getByTestId('progress').locator('progress');
  assert.equal(await bar.getAttribute('aria-label'), 'Progress of the analysis');
  await chooseLanguage(page, 'zh-CN');
  assert.equal(await bar.getAttribute('aria-label'), '分析进度');
  // As a screen reader finds it while a file is read.
  await page.getByTestId('progress').evaluate((progress) => (progress.hidden = false));
  assert.equal(await page.getByRole('progressbar', { name: '分析进度' }).count(), 1);
});

pageTest('printed, the charts fit the paper in light colours, without their controls, then come back', async (session) => {
  const { page } = session;
  await page.getByTestId('theme').selectOption('dark');
  await page.getByTestId('sample-button').click();
  await page.getByTestId('customer-table').locator('tbody tr').first().waitFor();
  await charts(page);
  // A chart follows its container's width from a ResizeObserver, a frame after the layout
  // changes (the page growing a scrollbar as the report fills it): compare once they agree.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="charts"] [data-chart] .chart')].every(
      (chart) => Math.abs(chart.querySelector('canvas').getBoundingClientRect().width - chart.clientWidth) < 1,
    ),
  );
  const look = () =>
    page.evaluate(async () => {
      const { getInstanceByDom } = await import('./pkg/echarts.js');
      const figures = [...document.querySelectorAll('[data-testid="charts"] [data-chart]')];
      return {
        text: getComputedStyle(document.querySelector('[data-testid="charts"] h2')).color,
        background: getComputedStyle(document.body).backgroundColor,
        charts: figures.map((figure) => {
          const chart = getInstanceByDom(figure.querySelector('.chart'));
          const width = figure.querySelector('.chart canvas').getBoundingClientRect().width;
          return {
            name: figure.dataset.chart,
            width,
            fitsItsBox: Math.abs(width - figure.querySelector('.chart').clientWidth) < 1,
            dark: chart.getOption().darkMode === true,
          };
        }),
        controls: [...document.querySelectorAll('.chart-controls select')].map((select) => select.checkVisibility()),
      };
    });
  const screen = await look();
  assert.ok(screen.charts.length >= 6, `${screen.charts.length} charts`);
  assert.ok(screen.charts.every((chart) => chart.dark));
  assert.ok(screen.charts.some((chart) => chart.width > 1000), 'the migration is as wide as the screen');
  assert.deepEqual(screen.controls, [true, true]);

  // The charts follow the print media from its change event, which comes with the next frame.
  await page.evaluate(async () => {
    window.chartOf = (await import('./pkg/echarts.js')).getInstanceByDom;
  });
  const chartsDark = (dark) =>
    page.waitForFunction(
      (dark) =>
        [...document.querySelectorAll('[data-testid="charts"] [data-chart] .chart')].every(
          (chart) => (window.chartOf(chart).getOption().darkMode === true) === dark,
        ),
      dark,
    );

  // A4 holds 186 mm between the page's 12 mm margins (style.css): 703 CSS pixels.
  await page.emulateMedia({ media: 'print' });
  await chartsDark(false);
  const paper = await look();
  assert.equal(paper.text, 'rgb(29, 35, 48)');
  assert.equal(paper.background, 'rgba(0, 0, 0, 0)');
  for (const chart of paper.charts) {
    assert.ok(chart.width <= 703, `${chart.name}: ${chart.width} px wide on paper`);
    assert.equal(chart.dark, false, `${chart.name} in the light theme on paper`);
  }
  assert.deepEqual(paper.controls, [false, false]);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.pdf({ format: 'A4', path: join(ARTIFACTS, 'report-dark-theme.pdf') });

  await page.emulateMedia({ media: 'screen' });
  await chartsDark(true);
  // As wide as their boxes again: the boxes themselves may have moved with the page's layout.
  const withoutWidths = ({ charts, ...rest }) => ({ ...rest, charts: charts.map(({ width, ...chart }) => chart) });
  assert.deepEqual(withoutWidths(await look()), withoutWidths(screen));
});

pageTest('the segment migration gives each segment one colour on both sides, its labels inside the chart', async ({ page }) => {
  await page.getByTestId('sample-button').click();
  await page.getByTestId('customer-table').locator('tbody tr').first().waitFor();
  const { migration } = await charts(page);
  const nodes = migration.series[0].data;
  const colours = new Map();
  for (const { name, itemStyle } of nodes) {
    const key = name.slice(name.indexOf(':') + 1);
    assert.ok(itemStyle?.color, `${name} has a colour`);
    if (colours.has(key)) assert.equal(itemStyle.color, colours.get(key), `${key} on both sides`);
    colours.set(key, itemStyle.color);
  }
  assert.ok(nodes.length > colours.size, 'segments on both sides');
  assert.equal(new Set(colours.values()).size, colours.size, 'one colour per segment');

  // A label is centred on its node: below the lowest, however thin, there is room for a whole
  // label, and every label is drawn inside the chart.
  const room = await page.evaluate(async () => {
    const { getInstanceByDom } = await import('./pkg/echarts.js');
    const chart = getInstanceByDom(document.querySelector('[data-chart="migration"] .chart'));
    const bounds = chart
      .getZr()
      .storage.getDisplayList(true)
      .filter((element) => element.type === 'tspan')
      .map((element) => {
        const rect = element.getBoundingRect().clone();
        rect.applyTransform(element.getComputedTransform());
        return { top: rect.y, bottom: rect.y + rect.height, height: rect.height };
      });
    const plot = chart.getModel().getSeriesByType('sankey')[0].layoutInfo;
    return { height: chart.getHeight(), plotBottom: plot.y + plot.height, bounds };
  });
  const labelHeight = Math.max(...room.bounds.map((label) => label.height));
  assert.ok(room.height - room.plotBottom >= labelHeight, `${room.height - room.plotBottom} px below the flow`);
  for (const label of room.bounds) assert.ok(label.top >= 0 && label.bottom <= room.height, JSON.stringify(label));
});

pageTest('the Pareto marker stays clear of the curve where the best fifth bring nearly all revenue', async (session) => {
  const { page } = session;
  // 5 customers of 50 spend 1,000 each, the others 10: the best 10 bring 5,050 of 5,450, 93 %,
  // and the curve runs along the top of the plot from the marker on.
  const lines = ['customer_id,order_date,amount'];
  for (let c = 1; c <= 50; c++) lines.push(`c${String(c).padStart(2, '0')},2024-03-01,${c <= 5 ? 1000 : 10}`);
  const skewed = { name: 'skewed.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) };
  await uploadWithoutRequests(session, skewed, () => waitForFact(page, 'file', 'skewed.csv'));
  assert.equal((await charts(page)).pareto.series[0].markLine, 'Top 20%: 93%');
  const { label, curve, height } = await page.evaluate(async () => {
    const { getInstanceByDom } = await import('./pkg/echarts.js');
    const chart = getInstanceByDom(document.querySelector('[data-chart="pareto"] .chart'));
    const [text] = chart
      .getZr()
      .storage.getDisplayList(true)
      .filter((element) => element.type === 'tspan' && element.style.text?.startsWith('Top 20%'));
    const rect = text.getBoundingRect().clone();
    rect.applyTransform(text.getComputedTransform());
    const points = chart.getOption().series[0].data.map((point) => chart.convertToPixel({ seriesIndex: 0 }, point));
    return { label: { left: rect.x, right: rect.x + rect.width, top: rect.y, bottom: rect.y + rect.height }, curve: points, height: chart.getHeight() };
  });
  // Every point of the curve over the label's width is above it (pixels grow downwards), and
  // the label is inside the chart.
  const over = curve.filter(([x]) => x >= label.left && x <= label.right);
  assert.ok(over.length > 0, 'the curve runs over the label');
  for (const [x, y] of over) assert.ok(y < label.top, `the curve at (${x}, ${y}) meets the label ${JSON.stringify(label)}`);
  assert.ok(label.top >= 0 && label.bottom <= height, JSON.stringify(label));
});

pageTest('a file with costs shows the gross profit of each customer, segment and tier', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, join(REPO, 'tests/fixtures/costs.csv'), () => waitForFact(page, 'file', 'costs.csv'));
  const headers = await page.getByTestId('customer-table').locator('thead th:not([hidden])').allTextContents();
  const column = headers.findIndex((header) => header.startsWith('Gross profit'));
  assert.ok(column > 0, headers.join(' | '));
  // By hand: A 220 − (60 + 30 + 42) = 88; B 240 − (120 − 30 + 54) = 96, the return's cost
  // coming back; C has a row without a cost. The rows repeat the id before the cells.
  const profits = Object.fromEntries((await tableRows(page)).map((row) => [row[0], row[column + 1]]));
  assert.deepEqual(profits, { A: '$88.00', B: '$96.00', C: '–' });
  // The file's margin counts every row with a cost, C's second included: 1 − (132 + 144 + 24)
  // ÷ (220 + 240 + 40) = 40 %.
  assert.equal((await facts(page)).grossMargin, '40.0%');
  for (const term of ['grossProfit', 'grossMargin']) {
    assert.ok(await page.getByTestId('definitions').locator(`[data-term="${term}"]`).isVisible(), term);
  }
  // The groups add up the customers with a profit: 88 + 96 = 184 on 220 + 240 = 460, 40 %.
  // All three are VIP: B and A bring 460 of 580, short of 80 %.
  const groupHeaders = (testId) => page.getByTestId(testId).locator('thead th').allTextContents();
  const segmentHeaders = await groupHeaders('segment-summary');
  const segmentProfit = segmentHeaders.indexOf('Gross profit');
  assert.deepEqual(segmentHeaders.slice(segmentProfit), ['Gross profit', 'Gross margin']);
  const segments = Object.values(await summaryRows(page, 'segment-summary', 'segment'));
  const segmentProfits = segments.map((cells) => cells[segmentProfit]).filter((cell) => cell !== '–');
  assert.equal(sum(segmentProfits.map(toNumber)), 184);
  assert.deepEqual((await groupHeaders('value-summary')).slice(-2), ['Gross profit', 'Gross margin']);
  const tiers = await summaryRows(page, 'value-summary', 'tier');
  assert.deepEqual(tiers.high.slice(-2), ['$184.00', '40.0%']);
  assert.deepEqual(tiers.low.slice(-2), ['–', '–']);
  // So do the lifecycle stages: A and B are growing, C is new.
  const stageRows = await page
    .getByTestId('stages')
    .locator('tbody tr')
    .evaluateAll((rows) => Object.fromEntries(rows.map((row) => [row.dataset.stage, [...row.cells].slice(-2).map((cell) => cell.textContent)])));
  assert.deepEqual(stageRows.growing, ['$184.00', '40.0%']);
  assert.deepEqual(stageRows.new, ['–', '–']);
  assert.match(await page.getByTestId('lifetime').locator('.stages .profit-note').textContent(), /: 2 of 3\.$/);
  for (const testId of ['segment-summary', 'value-summary']) {
    const note = page.getByTestId(testId).locator('.profit-note');
    assert.match(await note.textContent(), /has a cost: 2 of 3\.$/);
  }
  // The plays give each group's margin: the VIP tier's 40 %.
  const playHeaders = await page.getByTestId('plays').locator('thead th').allTextContents();
  const marginColumn = playHeaders.indexOf('Gross margin');
  assert.ok(marginColumn > 0, playHeaders.join(' | '));
  const vipPlay = page.getByTestId('plays').locator('tr[data-lens="tier"][data-key="high"] > *');
  assert.equal(await vipPlay.nth(marginColumn).textContent(), '40.0%');
  // Eleven columns, and the last in sight at 1,280 pixels in either language.
  for (const language of ['zh-CN', 'en']) {
    await chooseLanguage(page, language);
    const segmentTable = page.getByTestId('segment-summary').locator('.table-scroll');
    const { scrollWidth, clientWidth } = await segmentTable.evaluate((t) => ({ scrollWidth: t.scrollWidth, clientWidth: t.clientWidth }));
    assert.ok(scrollWidth <= clientWidth + 1, `${language}: the segments' table is ${scrollWidth} pixels wide in ${clientWidth}`);
    // Where a Chinese header may wrap is a <wbr>, which copied text does not carry.
    const headers = await page.getByTestId('segment-summary').locator('thead th').allTextContents();
    assert.ok(!headers.some((header) => header.includes('\u200b')), headers.join(' | '));
  }
  assert.equal(await page.getByTestId('segment-summary').locator('thead th wbr').count(), 0);
  await chooseLanguage(page, 'zh-CN');
  assert.equal(await page.getByTestId('segment-summary').locator('thead th wbr').count(), 3);
  await chooseLanguage(page, 'en');
  // Regions and channels count the rows with a cost (tests/fixtures/README.md, the page's asOf
  // being the last date, so C's May row of 500 at a cost of 100 counts).
  await uploadWithoutRequests(session, join(REPO, 'tests/fixtures/attribute-costs.csv'), () =>
    waitForFact(page, 'file', 'attribute-costs.csv'),
  );
  const attributeTable = (attribute) => page.getByTestId('attributes').locator(`[data-attribute="${attribute}"]`);
  const attributeRows = async (attribute) =>
    (await attributeTable(attribute).locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent))));
  assert.deepEqual((await attributeTable('region').locator('thead th').allTextContents()).slice(-2), ['Gross profit', 'Gross margin']);
  assert.deepEqual(await attributeRows('region'), [
    ['North', '3', '4', '$750.00', '81.5%', '$510.00', '68.0%'],
    ['South', '0', '3', '$170.00', '18.5%', '$30.00', '33.3%'],
  ]);
  assert.deepEqual(await attributeRows('channel'), [
    ['Online', '2', '3', '$680.00', '73.9%', '$440.00', '73.3%'],
    ['Store', '1', '3', '$200.00', '21.7%', '$90.00', '45.0%'],
    ['(blank)', '–', '1', '$40.00', '–', '$10.00', '25.0%'],
  ]);
  for (const attribute of ['region', 'channel']) {
    assert.match(await attributeTable(attribute).locator('.profit-note').textContent(), /with a cost: 6 of 7\.$/);
  }
  // The same figures as a download: customers, rows, revenue and gross profit by hand.
  const breakdown = await download(page, 'attributes');
  assert.equal(breakdown.name, 'attribute-costs-attributes.csv');
  assert.deepEqual(
    csvRecords(breakdown.text).map((row) => [row.attribute, row.value, row.blank, row.customers, row.rows, row.revenue, row.grossProfit]),
    [
      ['region', 'North', 'false', '3', '4', '750', '510'],
      ['region', 'South', 'false', '0', '3', '170', '30'],
      ['channel', 'Online', 'false', '2', '3', '680', '440'],
      ['channel', 'Store', 'false', '1', '3', '200', '90'],
      ['channel', '', 'true', '', '1', '40', '10'],
    ],
  );
  // Superstore's Profit gives the costs (tests/fixtures/README.md): −97.9782 on 2,037.3255.
  await uploadWithoutRequests(session, join(REPO, 'tests/fixtures/superstore.csv'), () =>
    waitForFact(page, 'file', 'superstore.csv'),
  );
  const superstore = await facts(page);
  assert.match(superstore.columns, /gross profit: Profit/);
  assert.match(superstore.columns, /customer type: Segment/);
  assert.equal(superstore.grossMargin, '-4.8%');
  // Its Segment is the customer type: Consumer 993.90 + 979.9455 + 48.86 (profit −104.8496),
  // Corporate 14.62 (6.8714), of 2,037.3255.
  assert.match(await attributeTable('customerType').locator('h3').textContent(), /^Customer type \(column “Segment”\)/);
  assert.deepEqual(await attributeRows('customerType'), [
    ['Consumer', '3', '5', '$2,022.71', '99.3%', '-$104.85', '-5.2%'],
    ['Corporate', '1', '1', '$14.62', '0.7%', '$6.87', '47.0%'],
  ]);
  // Its Discount (a rate, 0 for none): only SO-20335's two lines, 979.9455 (profit −380.5146);
  // the rest at full price, 1,057.38 (282.5364). SO-20335 is the price-sensitive customer.
  assert.deepEqual(await attributeRows('discount'), [
    ['Full price', '3', '4', '$1,057.38', '51.9%', '$282.54', '26.7%'],
    ['Discounted', '1', '2', '$979.95', '48.1%', '-$380.51', '-38.8%'],
  ]);
  assert.match(await attributeTable('discount').textContent(), /the price-sensitive customers \(价格敏感型\)/);
  await chooseLanguage(page, 'zh-CN');
  assert.deepEqual((await attributeRows('discount')).map((row) => row[0]), ['原价', '有优惠']);
  await chooseLanguage(page, 'en');
  assert.ok((await page.getByTestId('customer-table').locator('thead th:not([hidden])').allTextContents()).some((h) => h.startsWith('Gross profit')));
  // A file without costs has no such columns.
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  const plain = await page.getByTestId('customer-table').locator('thead th:not([hidden])').allTextContents();
  assert.ok(!plain.some((header) => header.startsWith('Gross profit')), plain.join(' | '));
  assert.ok(!('grossMargin' in (await facts(page))));
  for (const testId of ['segment-summary', 'value-summary']) {
    assert.ok(!(await groupHeaders(testId)).includes('Gross profit'));
    assert.equal(await page.getByTestId(testId).locator('.profit-note').isVisible(), false);
  }
  assert.ok(!(await page.getByTestId('plays').locator('thead th').allTextContents()).includes('Gross margin'));
  // Nor region, channel or category to download.
  assert.ok(await page.getByTestId('download-attributes').isHidden());
  assert.ok(await page.getByTestId('download-segments').isVisible());
});
