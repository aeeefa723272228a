// customerPage(report, query): a page of a whole report's customers, picked and ordered as the
// core's `customers(query)` picks them from a report it keeps (src/browse.rs), so that the view
// shows a report set from code (`element.report = report`) as it shows one from the worker.
// tests/node/customer-pages.test.mjs checks the two against each other.

import { CustvalError } from './api.js';

const DEFAULTS = { search: '', sort: 'monetary', descending: true, offset: 0, limit: 100 };
const FIELDS = new Set([...Object.keys(DEFAULTS), 'segment', 'tier', 'cluster', 'lifecycle']);
const TIERS = ['low', 'medium', 'high'];
const STAGES = ['new', 'growing', 'mature', 'declining', 'lost'];
// What each sort key orders by; a missing value (no answer, cluster or CLV) comes first.
const SORT_VALUES = {
  firstPurchase: (customer) => customer.firstPurchase ?? '',
  lastPurchase: (customer) => customer.lastPurchase,
  recencyDays: (customer) => customer.recencyDays,
  frequency: (customer) => customer.frequency,
  monetary: (customer) => customer.monetary,
  rfmCell: (customer) => customer.rfmCell,
  segment: (customer, segments) => segments.indexOf(customer.segment),
  tier: (customer) => TIERS.indexOf(customer.tier),
  nps: (customer) => customer.satisfaction?.nps ?? -Infinity,
  cluster: (customer) => customer.cluster ?? -Infinity,
  lifecycle: (customer) => (customer.lifecycle ? STAGES.indexOf(customer.lifecycle) : -Infinity),
  pAlive: (customer) => customer.pAlive ?? -Infinity,
  clv: (customer) => customer.clv ?? -Infinity,
};
// Ids in natural order, ignoring case; the plain text breaks ties, as in the core.
const naturally = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const plainly = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a, b) => naturally.compare(a.id, b.id) || plainly(a.id, b.id);

/** The page of `report.customers` that `query` asks for: `{ total, matching, offset, customers }`. */
export function customerPage(report, query = {}) {
  const unknown = Object.keys(query).find((field) => !FIELDS.has(field));
  const { search, segment, tier, cluster, lifecycle, sort, descending, offset, limit } = { ...DEFAULTS, ...query };
  if (unknown || (sort !== 'id' && !(sort in SORT_VALUES))) {
    throw new CustvalError(`invalid options: unknown ${unknown ? `field ${unknown}` : `sort ${sort}`}`, 'invalidOptions');
  }
  const needle = search.trim().toLowerCase();
  const matching = report.customers.filter(
    (customer) =>
      (needle === '' || customer.id.toLowerCase().includes(needle)) &&
      (segment == null || customer.segment === segment) &&
      (tier == null || customer.tier === tier) &&
      (cluster == null || customer.cluster === cluster) &&
      (lifecycle == null || customer.lifecycle === lifecycle),
  );
  const segments = report.rfm?.segments.map((group) => group.key) ?? [];
  const value = SORT_VALUES[sort];
  const ascending = sort === 'id' ? byId : (a, b) => plainly(value(a, segments), value(b, segments));
  // Array.prototype.sort is stable: equal values keep the report's order either way.
  matching.sort(descending ? (a, b) => ascending(b, a) : ascending);
  return {
    total: report.customers.length,
    matching: matching.length,
    offset,
    customers: matching.slice(offset, offset + limit),
  };
}
