// The package (pkg/) as a website developer embeds it, in headless Chromium: a page of their own,
// with none of the package's styles, that imports the package's modules through an import map
// and uses them as npm/README.md says. Every test fails on a console error or an uncaught
// exception.
//
//   node --test tests/e2e/embedding.test.mjs        (needs pkg/: see pkg-scripts/build.sh)

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CHROMIUM } from '../../pkg-scripts/chromium.mjs';
import { startServer } from '../../pkg-scripts/serve.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Three customers, worked out by hand in tests/cli.rs; with asOf 2024-03-01 a row after it
// gives the hold-out chart, and no surveys or clusters.
const FIXTURE = join(ROOT, 'tests/fixtures/hand-computed.csv');
const OPTIONS = { asOf: '2024-03-01' };
const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>A website embedding custval</title>
<script type="importmap">
  { "imports": { "custval": "./custval/index.js", "custval/worker": "./custval/worker-client.js",
                 "custval/element": "./custval/report-element.js", "custval/charts": "./custval/charts.js" } }
</script>
<body></body>
`;

let site;
let server;
let browser;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'pkg/index.js')), 'pkg/ is missing: run pkg-scripts/build.sh first');
  site = mkdtempSync(join(tmpdir(), 'custval-embedding-'));
  cpSync(join(ROOT, 'pkg'), join(site, 'custval'), { recursive: true });
  cpSync(FIXTURE, join(site, 'transactions.csv'));
  writeFileSync(join(site, 'index.html'), PAGE);
  server = await startServer({ root: site });
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

/**
 * Runs `script(options)` in the embedding page and resolves to what it returns. `prepare(tab)`,
 * run before, may resolve to promises to be waited for as well.
 */
async function inPage(script, options = OPTIONS, prepare = async () => []) {
  const tab = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const problems = [];
  tab.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  tab.on('pageerror', (error) => problems.push(error.message));
  try {
    await tab.goto(server.url);
    const waits = await prepare(tab);
    const [result] = await Promise.all([tab.evaluate(script, options), ...waits]);
    assert.deepEqual(problems, []);
    return result;
  } finally {
    await tab.close();
  }
}

test('analyze reads a file to its end while the garbage collector runs', async () => {
  // Chromium may collect a stream under a read that is under way when nothing else refers to
  // its reader; the read then never settles (npm/api.js keeps the readers in use). Collecting
  // every millisecond made the unguarded reading of a file chosen in the page hang within its
  // first reads.
  const csv = ['customer,date,amount'];
  // 1,000 customers with 100 purchases each: 100,000 rows, about 3.5 MB, four reads each time.
  for (let row = 0; row < 100_000; row++) {
    csv.push(`C${row % 1000},2024-0${1 + (row % 9)}-1${row % 10},${(row % 97) + 1}.50`);
  }
  const file = join(site, 'many-rows.csv');
  writeFileSync(file, csv.join('\n'));
  const collecting = await chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, '--js-flags=--expose-gc'] });
  try {
    const tab = await collecting.newPage();
    await tab.goto(server.url);
    await tab.evaluate(() => {
      const input = Object.assign(document.createElement('input'), { type: 'file' });
      document.body.append(input);
      window.chosen = new Promise((resolve) => input.addEventListener('change', () => resolve(input.files[0])));
    });
    const read = tab.evaluate(async () => {
      const { analyze } = await import('custval');
      const file = await window.chosen;
      const collect = setInterval(() => gc(), 1);
      // Each reading takes under a second, and hung in about two of three without the guard.
      const stuck = new Promise((resolve) => setTimeout(() => resolve('still reading after 20 s'), 20_000));
      const readings = [];
      try {
        for (let reading = 0; reading < 3; reading++) {
          const report = await Promise.race([analyze(file, undefined, { summaryOnly: true }), stuck]);
          if (typeof report === 'string') return report;
          readings.push({ rowsUsed: report.input.rowsUsed, customers: report.input.customers });
        }
        return readings;
      } finally {
        clearInterval(collect);
      }
    });
    await tab.setInputFiles('input', file);
    assert.deepEqual(await read, Array(3).fill({ rowsUsed: 100_000, customers: 1000 }));
  } finally {
    await collecting.close();
  }
});

test('renderCharts draws every chart at a height of its own on a page without the package styles, or at the height the page gives', async () => {
  const { bare, styled } = await inPage(async (options) => {
    const { analyze } = await import('custval');
    const { renderCharts } = await import('custval/charts');
    const report = await analyze(await (await fetch('./transactions.csv')).blob(), options);
    const heights = async (area) => {
      document.body.append(area);
      await renderCharts(area, report, { lang: 'en' });
      return Object.fromEntries(
        [...area.querySelectorAll('[data-chart]')].map((figure) => [
          figure.dataset.chart,
          figure.querySelector('canvas').getBoundingClientRect().height,
        ]),
      );
    };
    const bare = await heights(document.createElement('div'));
    // The page's own rule for the boxes wins.
    const style = document.createElement('style');
    style.textContent = '#styled .chart { height: 200px; }';
    document.head.append(style);
    const styled = await heights(Object.assign(document.createElement('div'), { id: 'styled' }));
    return { bare, styled };
  });
  const rem = 16;
  assert.deepEqual(bare, {
    'rf-heatmap': 22 * rem,
    segments: 28 * rem,
    pareto: 22 * rem,
    tiers: 22 * rem,
    clv: 22 * rem,
    holdout: 22 * rem,
    migration: 28 * rem,
  });
  assert.deepEqual(Object.values(styled), Object.values(bare).map(() => 200));
});

test('every chart draws its texts inside its box, the flow its labels apart however thin its nodes', async () => {
  const charts = await inPage(async (options) => {
    const { analyze } = await import('custval');
    const { renderCharts } = await import('custval/charts');
    const { getInstanceByDom } = await import('./custval/echarts.js');
    const report = await analyze(await (await fetch('./transactions.csv')).blob(), options);
    // Two crowds, with a segment of one customer (or none) beside another on each side:
    // labels centred on such nodes would stand on each other.
    report.migration.transitions = [
      ['champions', 'champions', 500],
      ['new_customers', 'promising', 1],
      ['promising', 'need_attention', 1],
      ['at_risk', 'at_risk', 1],
      ['cant_lose_them', 'cant_lose_them', 1],
      ['hibernating', 'hibernating', 500],
    ].map(([from, to, customers]) => ({ from, to, customers, revenue: 0 }));
    const area = document.createElement('div');
    document.body.append(area);
    await renderCharts(area, report, { lang: 'en', currency: 'USD' });
    return [...area.querySelectorAll('[data-chart]')].map((figure) => {
      const chart = getInstanceByDom(figure.querySelector('.chart'));
      const texts = chart
        .getZr()
        .storage.getDisplayList(true)
        .filter((element) => element.style?.text && !element.invisible)
        .map((element) => {
          const rect = element.getBoundingRect().clone();
          rect.applyTransform(element.getComputedTransform());
          return { text: element.style.text, left: rect.x, top: rect.y, right: rect.x + rect.width, bottom: rect.y + rect.height };
        });
      return { name: figure.dataset.chart, width: chart.getWidth(), height: chart.getHeight(), texts };
    });
  }, { ...OPTIONS, clusters: 2 });
  assert.ok(charts.some((chart) => chart.name === 'clusters'), charts.map((chart) => chart.name).join(', '));
  for (const { name, width, height, texts } of charts) {
    for (const { text, ...box } of texts) {
      // Half a pixel of anti-aliasing either way.
      const inside = box.left >= -0.5 && box.top >= -0.5 && box.right <= width + 0.5 && box.bottom <= height + 0.5;
      assert.ok(inside, `${name}: “${text}” at ${JSON.stringify(box)} is outside ${width} × ${height}`);
    }
  }
  const migration = charts.find((chart) => chart.name === 'migration');
  const labels = migration.texts.filter((label) => label.top > 64);
  for (const side of ['left', 'right']) {
    const onSide = labels.filter((label) => (label.left < migration.width / 2) === (side === 'left'));
    const byTop = onSide.toSorted((a, b) => a.top - b.top);
    for (const [above, below] of byTop.slice(1).map((label, i) => [byTop[i], label])) {
      assert.ok(above.bottom <= below.top, `on the ${side}, “${above.text}” runs into “${below.text}”`);
    }
  }
});

test('<custval-report> shows a whole report or its own summary, and refuses a summary whose customers are elsewhere', async () => {
  const result = await inPage(async (options) => {
    const { createWorkerClient } = await import('custval/worker');
    const { analyze } = await import('custval');
    await import('custval/element');
    const file = await (await fetch('./transactions.csv')).blob();
    const element = document.createElement('custval-report');
    document.body.append(element);
    const ids = async () => (await element.customers()).customers.map((customer) => customer.id);

    const own = await element.analyze(file, options);
    element.report = own;
    const ownIds = await ids();

    element.report = await analyze(file, options);
    const wholeIds = await ids();

    const client = createWorkerClient();
    const elsewhere = await client.analyze(file, options, { summaryOnly: true });
    client.terminate();
    let refused;
    try {
      element.report = elsewhere;
    } catch (error) {
      refused = { name: error.name, code: error.code, zh: Boolean(error.messages['zh-CN']) };
    }
    return { ownIds, wholeIds, refused, stillShown: await ids() };
  });
  assert.deepEqual(result.ownIds, ['A', 'B', 'C']);
  assert.deepEqual(result.wholeIds, ['A', 'B', 'C']);
  assert.deepEqual(result.refused, { name: 'CustvalError', code: 'invalidInput', zh: true });
  assert.deepEqual(result.stillShown, ['A', 'B', 'C']);
});

// ECharts keeps every chart it draws until the chart is disposed, and disposing one empties its
// box: a box still holding its canvas out of the page is a chart kept for good.
test('charts are disposed: by disposeCharts, and with a <custval-report> removed from the page', async () => {
  const result = await inPage(async (options) => {
    const { analyze } = await import('custval');
    const { disposeCharts, renderCharts } = await import('custval/charts');
    await import('custval/element');
    const file = await (await fetch('./transactions.csv')).blob();
    const canvases = (boxes) => boxes.reduce((count, box) => count + box.querySelectorAll('canvas').length, 0);

    const area = document.createElement('div');
    document.body.append(area);
    await renderCharts(area, await analyze(file, options), { lang: 'en' });
    const areaBoxes = [...area.querySelectorAll('.chart')];
    const drawn = canvases(areaBoxes);
    disposeCharts(area);

    const element = document.createElement('custval-report');
    document.body.append(element);
    await element.analyze(file, options);
    const elementBoxes = [...element.shadowRoot.querySelectorAll('.chart')];
    const drawnInElement = canvases(elementBoxes);
    element.remove();
    // The element lets its worker and charts go once it is still out of the page after the
    // script that removed it: a move puts it back before then.
    await new Promise((resolve) => setTimeout(resolve));
    return {
      drawn,
      leftInArea: canvases(areaBoxes),
      areaEmpty: area.childElementCount === 0,
      drawnInElement,
      leftInElement: canvases(elementBoxes),
      reportOnShow: element.report,
    };
  });
  const { drawn, drawnInElement, ...left } = result;
  assert.ok(drawn >= 7 && drawnInElement >= 7, JSON.stringify(result));
  assert.deepEqual(left, { leftInArea: 0, areaEmpty: true, leftInElement: 0, reportOnShow: null });
});

test('<custval-report> shows a report set before its module defined it', async () => {
  const result = await inPage(async (options) => {
    const { analyze } = await import('custval');
    const element = document.createElement('custval-report');
    // As a framework sets a property, or a page's script runs before the element's module.
    element.report = await analyze(await (await fetch('./transactions.csv')).blob(), options);
    document.body.append(element);
    await import('custval/element');
    const table = element.shadowRoot.querySelector('[data-testid="customer-table"]');
    // Busy from the moment the report is shown until its rows are in.
    while (table.hasAttribute('aria-busy')) await new Promise((resolve) => requestAnimationFrame(resolve));
    return {
      rows: [...table.tBodies[0].rows].map((row) => row.cells[0].textContent),
      page: (await element.customers()).customers.map((customer) => customer.id),
    };
  });
  assert.deepEqual(result, { rows: ['A', 'B', 'C'], page: ['A', 'B', 'C'] });
});

test('<custval-report> gives up the fetch of a src replaced before its file came', async () => {
  const result = await inPage(
    async () => {
      await import('custval/element');
      const element = document.createElement('custval-report');
      const events = [];
      element.addEventListener('error', (event) => events.push(['error', event.detail.message]));
      const reported = new Promise((resolve) =>
        element.addEventListener('report', (event) => resolve(event.detail.input.customers)),
      );
      document.body.append(element);
      element.setAttribute('src', './held.csv');
      element.setAttribute('src', './transactions.csv');
      return { customers: await reported, events };
    },
    OPTIONS,
    async (tab) => {
      // The first file never comes: only a fetch given up ends.
      await tab.route('**/held.csv', () => {});
      return [tab.waitForEvent('requestfailed', (request) => request.url().endsWith('/held.csv'))];
    },
  );
  assert.deepEqual(result, { customers: 3, events: [] });
});

test('<custval-report> with an unknown currency says so in its language and fires error', async () => {
  const result = await inPage(async () => {
    await import('custval/element');
    const element = document.createElement('custval-report');
    element.setAttribute('lang', 'zh-CN');
    document.body.append(element);
    const errors = [];
    element.addEventListener('error', (event) => errors.push(event.detail));
    // Said at once, as the attribute changes.
    element.setAttribute('currency', 'XYZ1');
    return {
      errors: errors.map(({ name, code, messages }) => ({ name, code, messages })),
      shown: element.shadowRoot.querySelector('.error').textContent,
    };
  });
  const zh = 'currency="XYZ1" 不是 ISO 4217 货币代码（如 USD、CNY）：金额以人民币显示';
  assert.deepEqual(result, {
    errors: [
      {
        name: 'CustvalError',
        code: 'invalidOptions',
        messages: {
          en: 'currency="XYZ1" is not an ISO 4217 currency code (such as USD or CNY): amounts are shown in Chinese Yuan',
          'zh-CN': zh,
        },
      },
    ],
    shown: zh,
  });
});
