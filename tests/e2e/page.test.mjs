// End-to-end test of the web page in headless Chromium: the sample data, an upload whose numbers
// were worked out by hand, the "As of" date, an unusable file and a dropped file with more customers
// than the table shows. Every test fails on a console error or an uncaught exception, and on any
// network request other than a same-origin GET of the page's own files; reading a file the user
// chose must cause no request at all.
//
//   node --test tests/e2e/        (needs www/pkg: see pkg-scripts/build.sh)

import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from '../../pkg-scripts/serve.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(REPO, 'tests/fixtures/page-upload.csv');
const ARTIFACTS = join(REPO, 'test-artifacts');
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
// The only files the page may fetch once it has loaded: the worker, the wasm and the sample.
const FILES_AFTER_LOAD = [
  '/worker.js',
  '/pkg/custval.js',
  '/pkg/custval_bg.wasm',
  '/sample-transactions.csv',
];
const TABLE_LIMIT = 500;

let server;
let profile;
let browser;

before(async () => {
  await access(join(REPO, 'www/pkg/custval_bg.wasm')).catch(() => {
    throw new Error('www/pkg is missing: build the page first (pkg-scripts/build.sh)');
  });
  server = await startServer({ root: join(REPO, 'www') });
  profile = await mkdtemp(join(tmpdir(), 'custval-e2e-'));
  // Playwright's own browser download is unavailable here; Debian's Chromium is used instead.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/**
 * Runs `body` on a freshly loaded page, then checks that the browser reported no errors and made
 * no request it should not have. On failure, whatever the page showed is added to the report.
 */
function pageTest(name, body) {
  test(name, { timeout: 180_000 }, async (t) => {
    const session = await openPage();
    let passed = false;
    try {
      await body(session);
      passed = true;
    } finally {
      if (!passed) {
        for (const problem of session.problems) t.diagnostic(problem);
        const errorBox = session.page.getByTestId('error');
        if (await errorBox.isVisible()) t.diagnostic(`error box: ${await errorBox.textContent()}`);
      }
      await session.page.close();
    }
    assert.deepEqual(session.problems, [], 'the browser reported errors');
    assertOwnRequestsOnly(session.requests);
  });
}

async function openPage() {
  const page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  const session = { page, problems: [], requests: [], loaded: false };
  const onConsole = (message) => {
    if (message.type() === 'error') session.problems.push(`console error: ${message.text()}`);
  };
  page.on('console', onConsole);
  page.on('worker', (worker) => worker.on('console', onConsole));
  page.on('pageerror', (error) => session.problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    // data: and blob: URLs never leave the browser.
    if (/^(data|blob):/.test(request.url())) return;
    session.requests.push({ method: request.method(), url: request.url(), afterLoad: session.loaded });
  });
  await page.goto(server.url);
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

/** Uploads through the file picker and checks that not a single request was made meanwhile. */
async function uploadWithoutRequests(session, files, settled) {
  const before = session.requests.length;
  await session.page.getByTestId('file-input').setInputFiles(files);
  await settled();
  assert.deepEqual(session.requests.slice(before), [], 'uploading a file made network requests');
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

/** The table body as [customer id, ...cell texts] per row, in display order. */
async function tableRows(page) {
  return page
    .getByTestId('customer-table')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [row.dataset.customerId, ...[...row.cells].map((cell) => cell.textContent)]),
    );
}

const toNumber = (text) => Number(text.replaceAll(',', ''));

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

  const customers = toNumber((await facts(page)).customers);
  assert.ok(customers > 0, 'the summary counts customers');
  const rows = await tableRows(page);
  assert.equal(rows.length, Math.min(customers, TABLE_LIMIT));
  const note = await page.locator('.table-note').textContent();
  if (customers > TABLE_LIMIT) {
    assert.equal(note, `Showing ${TABLE_LIMIT} of ${customers.toLocaleString('en')} customers`);
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

  // The CSP would block these, but a blocked style is silent: check there are none.
  assert.equal(await page.locator('[style], script:not([src]), style').count(), 0);

  await page.evaluate(() => window.scrollTo(0, 0));
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'sample-desktop.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(ARTIFACTS, 'sample-phone.png') });
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
pageTest('an uploaded file is analysed locally, as of its latest date or a chosen one', async (session) => {
  const { page } = session;
  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));

  assert.deepEqual(await tableRows(page), [
    ['alice', 'alice', '2024-03-01', '2024-04-15', '0', '3', '265.24'],
    ['<b>carol</b>', '<b>carol</b>', '2024-03-05', '2024-03-05', '41', '1', '200.00'],
    ['bob', 'bob', '2024-03-02', '2024-03-20', '26', '2', '90.00'],
  ]);
  assert.equal(await page.getByTestId('customer-table').locator('b').count(), 0, 'ids are shown as text');
  assert.deepEqual(await facts(page), {
    file: 'page-upload.csv',
    customers: '3',
    rowsRead: '9',
    rowsUsed: '8',
    rowsAfterAsOf: '0',
    rowsSkipped: '1',
    dateRange: '2024-03-01 – 2024-04-15',
    asOf: '2024-04-15',
    netRevenue: '555.24',
    encoding: 'UTF-8',
    delimiter: 'comma',
    columns:
      'customer id: customer_id · date: order_date · amount: amount · ' +
      'no order id (one purchase occasion per customer per day)',
  });
  const invalidDates = page.getByTestId('input-summary').locator('details[data-reason="invalidDate"]');
  assert.match(await invalidDates.locator('summary').textContent(), /^1 row: dates that are not valid/);
  await invalidDates.locator('summary').click();
  assert.deepEqual(await invalidDates.locator('li').allTextContents(), [
    "line 8: date '2024-02-30' is not a valid date",
  ]);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'upload-desktop.png'), fullPage: true });

  // Changing the date analyses the same file again, read from memory, not from the network.
  const before = session.requests.length;
  await page.getByTestId('as-of-input').fill('2024-03-31');
  await waitForFact(page, 'asOf', '2024-03-31');
  assert.deepEqual(session.requests.slice(before), []);
  assert.deepEqual(await tableRows(page), [
    ['<b>carol</b>', '<b>carol</b>', '2024-03-05', '2024-03-05', '26', '1', '200.00'],
    ['alice', 'alice', '2024-03-01', '2024-03-10', '21', '2', '165.25'],
    ['bob', 'bob', '2024-03-02', '2024-03-20', '11', '2', '90.00'],
  ]);
  const asOfFacts = await facts(page);
  assert.deepEqual(
    [
      asOfFacts.rowsUsed,
      asOfFacts.rowsAfterAsOf,
      asOfFacts.rowsSkipped,
      asOfFacts.dateRange,
      asOfFacts.netRevenue,
    ],
    ['7', '1', '1', '2024-03-01 – 2024-03-20', '455.25'],
  );
});

pageTest('a file without the needed columns shows a plain error until a good file', async (session) => {
  const { page } = session;
  const error = page.getByTestId('error');
  const badFile = { name: 'wrong-columns.csv', mimeType: 'text/csv', buffer: Buffer.from('foo,bar\n1,2\n') };
  await uploadWithoutRequests(session, badFile, () => error.waitFor());

  assert.equal(await error.getAttribute('role'), 'alert');
  assert.match(await error.textContent(), /^Could not analyse wrong-columns\.csv: no customer id column/);
  assert.equal(await page.getByTestId('input-summary').isVisible(), false);
  assert.equal(await page.getByTestId('customer-table').isVisible(), false);

  await uploadWithoutRequests(session, FIXTURE, () => waitForFact(page, 'file', 'page-upload.csv'));
  assert.equal(await error.isVisible(), false);
  assert.equal((await tableRows(page)).length, 3);
});

pageTest(
  'a dropped file with more customers than the table shows is sorted in full, then cut',
  async (session) => {
    const { page } = session;
    // Customer c1 spent 1.00, c2 2.00, ... c600 600.00, all on one day.
    const lines = Array.from({ length: 600 }, (_, i) => `c${i + 1},2024-01-01,${i + 1}`);
    const csv = ['customer_id,date,amount', ...lines].join('\n');
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'many-customers.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    const before = session.requests.length;
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    await waitForFact(page, 'file', 'many-customers.csv');
    assert.deepEqual(session.requests.slice(before), [], 'dropping a file made network requests');

    assert.equal((await facts(page)).customers, '600');
    assert.equal(await page.locator('.table-note').textContent(), 'Showing 500 of 600 customers');
    const ids = async () => (await tableRows(page)).map((row) => row[0]);
    let shown = await ids();
    assert.equal(shown.length, TABLE_LIMIT);
    assert.deepEqual([shown[0], shown.at(-1)], ['c600', 'c101']);

    await page.getByTestId('customer-table').locator('thead th', { hasText: 'Monetary' }).click();
    shown = await ids();
    assert.equal(shown.length, TABLE_LIMIT);
    assert.deepEqual([shown[0], shown.at(-1)], ['c1', 'c500']);
  },
);
