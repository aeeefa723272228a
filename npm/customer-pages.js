// customerPage(report, query): a page of a whole report's customers, picked and ordered as the
// core's `customers(query)` picks them from a report it keeps (src/browse.rs), so that the view
// shows a report set from code (`element.report = report`) as it shows one from the worker.
// tests/node/customer-pages.test.mjs checks the two against each other.

import { invalidOptions, packageError } from './api.js';

/**
 * What a request about the latest report's customers or exports is told when there is no report
 * to take them from: said by the analysis worker, and by the worker client when it has no worker.
 */
export const noReport = () =>
  packageError('invalidInput', [
    'there is no report to take this from: analyse a transactions file first',
    '还没有可从中取用的报告：请先分析交易文件',
  ]);

const DEFAULTS = { search: '', sort: 'monetary', descending: true, offset: 0, limit: 100 };
const TIERS = ['low', 'medium', 'high'];
const STAGES = ['new', 'growing', 'mature', 'declining', 'lost'];
// What each sort key orders by; a missing value (no answer, cluster, CLV or gross profit) comes first.
const SORT_VALUES = {
  firstPurchase: (customer) => customer.firstPurchase ?? '',
  lastPurchase: (customer) => customer.lastPurchase,
  recencyDays: (customer) => customer.recencyDays,
  frequency: (customer) => customer.frequency,
  monetary: (customer) => customer.monetary,
  grossProfit: (customer) => customer.grossProfit ?? -Infinity,
  rfmCell: (customer) => customer.rfmCell,
  segment: (customer, segments) => segments.indexOf(customer.segment),
  tier: (customer) => TIERS.indexOf(customer.tier),
  nps: (customer) => customer.satisfaction?.nps ?? -Infinity,
  cluster: (customer) => customer.cluster ?? -Infinity,
  lifecycle: (customer) => (customer.lifecycle ? STAGES.indexOf(customer.lifecycle) : -Infinity),
  pAlive: (customer) => customer.pAlive ?? -Infinity,
  clv: (customer) => customer.clv ?? -Infinity,
};
// What each field of a query takes, as the core's check of a query (src/wasm/shape.rs) words
// it, in English and Chinese; `null` (or `undefined`) leaves out the filters, none of the rest.
const WHOLE = ['a whole number of at least 0', '不小于 0 的整数'];
const isWhole = (value) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
const oneOf = (names, [en, zh]) => [(value) => names.includes(value), en, zh];
const quotedList = (names, or, comma) => names.slice(0, -1).map((name) => `"${name}"`).join(comma) + `${or}"${names.at(-1)}"`;
const choices = (names) => [quotedList(names, ' or ', ', '), ` ${quotedList(names, ' 或 ', '、')}`];
const FILTERS = new Set(['segment', 'tier', 'cluster', 'lifecycle']);
const RULES = {
  search: [(value) => typeof value === 'string', 'a text', '文本'],
  segment: [(value) => typeof value === 'string', 'a segment\'s key, such as "champions"', '细分的键，如 "champions"'],
  tier: oneOf(TIERS, choices(TIERS)),
  cluster: [isWhole, 'a cluster\'s number, from 0', '从 0 开始的聚类编号'],
  lifecycle: oneOf(STAGES, choices(STAGES)),
  sort: oneOf(['id', ...Object.keys(SORT_VALUES)], choices(['id', ...Object.keys(SORT_VALUES)])),
  descending: [(value) => typeof value === 'boolean', 'true or false', ' true 或 false'],
  offset: [isWhole, ...WHOLE],
  limit: [isWhole, ...WHOLE],
};

/**
 * Throws the CustvalError (`invalidOptions`) that the core throws for `query`, in the same
 * words, unless it is a query the core takes: the worker client checks a query with it before
 * sending it, so that a page of either source refuses the same queries alike.
 */
export function checkQuery(query) {
  if (query == null) return;
  // As the core, naming the field whose value is refused as `option`.
  const fail = (en, zh, field) => invalidOptions([en, zh], field);
  if (typeof query !== 'object' || Array.isArray(query)) {
    const given = Array.isArray(query) ? 'an array' : shown(query);
    const example = "{ sort: 'clv', limit: 50 }";
    throw fail(`the query must be a plain object such as ${example}, not ${given}`, `查询必须是普通对象，如 ${example}，而不是 ${given}`);
  }
  const entries = Object.entries(query);
  // As in the core, a number that JSON cannot hold is named first, wherever it is.
  const [notFinite] = entries.find(([, value]) => typeof value === 'number' && !Number.isFinite(value)) ?? [];
  if (notFinite) throw fail(`${notFinite} is not a finite number`, `${notFinite} 不是有限数值`, notFinite);
  for (const [field, value] of entries) {
    if (!Object.hasOwn(RULES, field)) {
      const known = Object.keys(RULES).map((name) => `\`${name}\``).join(', ');
      throw fail(
        `${field} is not an option (unknown field \`${field}\`); the options are ${known}`,
        `${field} 不是选项；可用的选项有 ${known}`,
      );
    }
    if (value == null && FILTERS.has(field)) continue;
    const [accepts, en, zh] = RULES[field];
    if (!accepts(value)) throw fail(`${field} must be ${en}, not ${shown(value)}`, `${field} 必须是${zh}，而不是 ${shown(value)}`, field);
  }
}

/** A value as the core's messages show it. */
function shown(value) {
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (Array.isArray(value)) return 'an array';
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'object') return '{…}';
  return String(value);
}

// Ids in natural order, ignoring case; the plain text breaks ties, as in the core.
const naturally = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const plainly = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a, b) => naturally.compare(a.id, b.id) || plainly(a.id, b.id);

/** The page of `report.customers` that `query` asks for: `{ total, matching, offset, customers }`. */
export function customerPage(report, query) {
  checkQuery(query);
  const { search, segment, tier, cluster, lifecycle, sort, descending, offset, limit } = { ...DEFAULTS, ...query };
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
