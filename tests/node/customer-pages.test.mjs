// The customer table's two sources agree: customerPage (customer-pages.js), which pages a whole
// report in JS for `element.report = report`, and the core's Deliverables.customers, which the
// worker answers the page from. src/browse.rs and tests/browse.rs check the core by hand-worked
// cases; this checks that the JS picks and orders the same customers.
// Run after pkg-scripts/build.sh: node --test tests/node/

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { initSync, Analysis } from '../../pkg/custval.js';
import { customerPage } from '../../pkg/customer-pages.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
initSync({ module: readFileSync(root + 'pkg/custval_bg.wasm') });

const SAMPLE = readFileSync(root + 'www/sample-transactions.csv');

/** The sample with clusters and lifetime values, and NPS answers for every third customer. */
function sampleDeliverables() {
  const analyse = (surveys) => {
    const analysis = new Analysis({ clusters: 3 });
    analysis.push(SAMPLE);
    return analysis.finishWithExports(surveys);
  };
  const plain = analyse(undefined);
  const ids = plain.customers({ sort: 'id', descending: false, limit: 1e6 }).customers.map((c) => c.id);
  plain.free();
  const answers = ids.filter((_, index) => index % 3 === 0).map((id, index) => `${id},${index % 11}`);
  return analyse(new TextEncoder().encode(['customer_id,nps', ...answers].join('\n')));
}

const QUERIES = [
  {},
  { sort: 'id', descending: false, limit: 1000 },
  { sort: 'id', descending: true, offset: 40, limit: 25 },
  { search: ' 1 ', sort: 'recencyDays', descending: false, limit: 1000 },
  { tier: 'high', sort: 'clv', limit: 1000 },
  { tier: 'low', sort: 'pAlive', descending: false, offset: 10, limit: 30 },
  { sort: 'segment', descending: false, limit: 1000 },
  { sort: 'tier', limit: 1000 },
  { sort: 'nps', limit: 1000 },
  { sort: 'lifecycle', descending: false, limit: 1000 },
  { lifecycle: 'declining', sort: 'frequency', limit: 1000 },
  { cluster: 1, sort: 'lastPurchase', limit: 1000 },
  { sort: 'firstPurchase', descending: false, limit: 1000 },
  { sort: 'rfmCell', descending: true, limit: 1000 },
  { sort: 'cluster', limit: 1000 },
  { search: 'nobody' },
];

test('a page from the whole report equals the core page for every sort and filter', () => {
  const deliverables = sampleDeliverables();
  try {
    const report = deliverables.report();
    assert.ok(report.customers.length > 100);
    assert.ok(report.clusters && report.clv, 'the sample has clusters and lifetime values');
    assert.ok(report.customers.some((customer) => customer.satisfaction?.nps != null));
    for (const query of QUERIES) {
      const fromCore = deliverables.customers(query);
      const fromJs = customerPage(report, query);
      const ids = (page) => page.customers.map((customer) => customer.id);
      assert.deepEqual(
        [fromJs.total, fromJs.matching, fromJs.offset],
        [fromCore.total, fromCore.matching, fromCore.offset],
        JSON.stringify(query),
      );
      assert.deepEqual(ids(fromJs), ids(fromCore), JSON.stringify(query));
      // Every query but the last finds someone, so no comparison is between two empty pages.
      if (query !== QUERIES.at(-1)) assert.ok(fromCore.customers.length > 0, JSON.stringify(query));
    }
    // Both pick whole customers: the page's rows are the report's own.
    const [top] = deliverables.customers({ limit: 1 }).customers;
    assert.deepEqual(top, customerPage(report, { limit: 1 }).customers[0]);
  } finally {
    deliverables.free();
  }
});

test('both sources reject a query they do not understand', () => {
  const deliverables = sampleDeliverables();
  try {
    const report = deliverables.report();
    const refused = [
      { sort: 'name' },
      { sorting: 'id' },
      { tier: 'vip' },
      { lifecycle: 'zombie' },
      { limit: -1 },
      { offset: -1 },
      { offset: 1.5 },
      { limit: 2 ** 32 },
      { cluster: '1' },
      { descending: 'no' },
      { search: 5 },
      { search: null },
      { segment: 3 },
      { limit: NaN },
      { sort: 'id', limit: [] },
      [],
      'clv',
    ];
    // In the same words, in both languages, naming the field, and as `option` the field refused.
    const messagesOf = (page) => {
      try {
        page();
      } catch (error) {
        return [error.name, error.code, error.message, error.messages, error.option];
      }
      return 'accepted';
    };
    for (const query of refused) {
      const fromCore = messagesOf(() => deliverables.customers(query));
      const label = JSON.stringify(query);
      assert.equal(fromCore[1], 'invalidOptions', label);
      assert.deepEqual(messagesOf(() => customerPage(report, query)), ['CustvalError', ...fromCore.slice(1)], label);
    }
    assert.deepEqual(messagesOf(() => customerPage(report, { tier: 'vip' }))[3], {
      en: 'invalid options: tier must be "low", "medium" or "high", not "vip"',
      'zh-CN': '选项无效：tier 必须是 "low"、"medium" 或 "high"，而不是 "vip"',
    });
    // Left-out filters are taken alike too.
    const open = { tier: null, segment: null, cluster: undefined, lifecycle: null };
    assert.deepEqual(customerPage(report, open), deliverables.customers(open));
  } finally {
    deliverables.free();
  }
});
