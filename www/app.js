// The page: reads the user's file locally, hands it to the npm package's worker client (whose
// worker owns the wasm core) and renders the report. No analysis happens here; sorting the table
// is display only. Everything that comes from the file is written with textContent, never parsed
// as HTML.

import { createWorkerClient } from './pkg/worker-client.js';

const SAMPLE_URL = new URL('./sample-transactions.csv', import.meta.url);
// Enough to browse; tens of thousands of rows would only slow the page down.
const TABLE_LIMIT = 500;

const integer = new Intl.NumberFormat('en');
const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
// Medians of an even number of customers fall halfway between two of them.
const median = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
// Numeric collation sorts C2 before C10; it also orders ISO dates correctly.
const collator = new Intl.Collator('en', { numeric: true });

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const page = {
  fileInput: byTestId('file-input'),
  dropZone: byTestId('drop-zone'),
  asOf: byTestId('as-of-input'),
  sampleButton: byTestId('sample-button'),
  error: byTestId('error'),
  status: byTestId('status'),
  progress: byTestId('progress'),
  progressBar: document.querySelector('[data-testid="progress"] progress'),
  cancelButton: byTestId('cancel-button'),
  summary: byTestId('input-summary'),
  segments: byTestId('segment-summary'),
  value: byTestId('value-summary'),
  table: byTestId('customer-table'),
  customers: document.querySelector('.customers'),
  tableNote: document.querySelector('.table-note'),
};
// Shown together once a file is analysed, hidden together on an error.
const resultSections = [page.summary, page.segments, page.value, page.customers];

const COLUMN_LABELS = {
  customer: 'customer id',
  date: 'date',
  amount: 'amount',
  quantity: 'quantity',
  price: 'unit price',
  order: 'order id',
};
const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const TIER_LABELS = { high: 'VIP', medium: 'Key', low: 'Ordinary' };
const TIER_RANKS = { high: 3, medium: 2, low: 1 };
// Columns whose sort order is not the field's own value.
const SORT_VALUES = {
  segment: (customer) => customer.segmentName.en,
  tier: (customer) => TIER_RANKS[customer.tier],
};

// Created on load rather than on the first file, so the wasm is compiled while the user is
// still choosing, and reading a file then needs no network request at all.
const client = createWorkerClient();
let latestRun = 0;
// Cancels the run on screen.
let running = new AbortController();
// When the run on screen started, for the rows-per-second figure.
let startedAt = 0;
// What is on screen ({ name, read }), read again when "As of" changes.
let source = null;
let customers = [];
let sort = { key: 'monetary', descending: true };

async function analyse(newSource) {
  const run = ++latestRun;
  // A replaced file's answer would be dropped anyway: stop reading it.
  running.abort();
  const controller = new AbortController();
  running = controller;
  source = newSource;
  showProgress(`Reading ${newSource.name}…`);
  let file;
  try {
    file = await newSource.read();
  } catch (error) {
    if (run === latestRun) showError(`Could not read ${newSource.name}: ${error.message}`);
    return;
  }
  if (run !== latestRun) return;
  const asOf = page.asOf.value;
  // A Blob crosses to the worker as a handle; the worker streams its bytes from the disk.
  startedAt = performance.now();
  const onProgress = (progress) => run === latestRun && showReading(progress);
  try {
    const report = await client.analyze(file, asOf ? { asOf } : {}, { signal: controller.signal, onProgress });
    if (run === latestRun) showReport(report);
  } catch (error) {
    if (run === latestRun) showFailure(error);
  }
}

// The file stays in this browser: only a handle to it goes to the worker.
function analyseFile(file) {
  analyse({ name: file.name, read: async () => file });
}

function showProgress(text, done) {
  page.status.textContent = text;
  page.progress.hidden = false;
  page.progressBar.value = done ?? 0;
  if (done === undefined) page.progressBar.removeAttribute('value');
}

function hideProgress() {
  page.status.textContent = '';
  page.progress.hidden = true;
}

function showReading(progress) {
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = seconds > 0 ? ` (${integer.format(progress.rows / seconds)} rows/s)` : '';
  const megabytes = (bytes) => (bytes / 1e6).toFixed(1);
  showProgress(
    `Reading ${source.name}: ${megabytes(progress.bytes)} of ${megabytes(progress.total)} MB, ` +
      `${integer.format(progress.rows)} rows${rate}`,
    progress.total > 0 ? progress.bytes / progress.total : 0,
  );
}

function showFailure(error) {
  if (error.code === 'cancelled') {
    hideProgress();
    page.status.textContent = `Stopped reading ${source.name}.`;
  } else if (error.code === 'workerFailed' || error.code === 'loadFailed') {
    // The client starts a new worker on the next run.
    showError(`The analysis engine failed to load or stopped (${error.message}). Reload the page and try again.`);
  } else {
    showError(`Could not analyse ${source.name}: ${error.message}`);
  }
}

function showReport(report) {
  hideProgress();
  page.error.hidden = true;
  renderSummary(report, source.name);
  renderSegments(report.rfm);
  renderValue(report);
  customers = report.customers;
  renderTable();
  for (const section of resultSections) section.hidden = false;
}

function showError(message) {
  hideProgress();
  page.error.textContent = message;
  page.error.hidden = false;
  // Old results next to a new error would look like the new file's.
  for (const section of resultSections) section.hidden = true;
}

function renderSummary(report, fileName) {
  const { input } = report;
  const facts = [
    ['file', 'File', fileName],
    ['customers', 'Customers', integer.format(input.customers)],
    ['rowsRead', 'Rows read', integer.format(input.rowsRead)],
    ['rowsUsed', 'Rows used', integer.format(input.rowsUsed)],
    ['rowsAfterAsOf', 'Rows after “as of”', integer.format(input.rowsAfterAsOf)],
    ['rowsSkipped', 'Rows skipped', integer.format(input.rowsSkipped)],
    ['dateRange', 'Dates used', dateRange(input.firstDate, input.lastDate)],
    ['asOf', 'As of', report.asOf],
    ['netRevenue', 'Net revenue', money.format(input.netRevenue)],
    ['encoding', 'Encoding', input.encoding],
    ['delimiter', 'Delimiter', DELIMITER_NAMES[input.delimiter] ?? input.delimiter],
    ['columns', 'Columns used', describeColumns(input.columns)],
  ];
  if (input.returnOnlyCustomers > 0) {
    facts.splice(2, 0, [
      'returnOnlyCustomers',
      'Customers with only returns (not scored)',
      integer.format(input.returnOnlyCustomers),
    ]);
  }
  page.summary.querySelector('.facts').replaceChildren(
    ...facts.map(([field, label, value]) => {
      return element(
        'div',
        { 'data-field': field },
        element('dt', {}, label),
        element('dd', {}, ...[value].flat()),
      );
    }),
  );
  page.summary.querySelector('.skipped').replaceChildren(...renderSkipped(input.skipped));
}

// Each date stays on one line; a narrow box breaks at the dash instead.
function dateRange(first, last) {
  return [element('span', { class: 'nowrap' }, first), ' – ', element('span', { class: 'nowrap' }, last)];
}

function describeColumns(columns) {
  const used = Object.entries(COLUMN_LABELS)
    .filter(([role]) => columns[role] != null)
    .map(([role, label]) => `${label}: ${columns[role]}`);
  // Without order ids the core counts a customer's purchases on one day as one occasion.
  if (columns.order == null) used.push('no order id (one purchase occasion per customer per day)');
  return used.join(' · ');
}

function renderSkipped(groups) {
  if (groups.length === 0) return [element('p', {}, 'No rows were skipped.')];
  return [
    element('h3', {}, 'Skipped rows'),
    ...groups.map((group) => {
      const rows = `${integer.format(group.count)} ${group.count === 1 ? 'row' : 'rows'}`;
      const details = element(
        'details',
        { 'data-reason': group.reason },
        element('summary', {}, `${rows}: ${group.advice}`),
        element('ul', {}, ...group.examples.map((example) => element('li', {}, example.message))),
      );
      if (group.examples.length < group.count) {
        details.append(element('p', {}, `The first ${integer.format(group.examples.length)} are listed.`));
      }
      return details;
    }),
  ];
}

function renderSegments(rfm) {
  const rows = rfm.segments.map((segment) => {
    const empty = segment.customers === 0;
    // An empty segment has no medians, and zero shares would only add noise.
    const figures = empty
      ? Array(7).fill('–')
      : [
          percent.format(segment.customerShare),
          money.format(segment.revenue),
          percent.format(segment.revenueShare),
          money.format(segment.averageOrderValue),
          median.format(segment.medianRecencyDays),
          median.format(segment.medianFrequency),
          money.format(segment.medianMonetary),
        ];
    return element(
      'tr',
      { 'data-segment': segment.key, ...(empty && { class: 'empty' }) },
      element('th', { scope: 'row' }, segment.name.en),
      ...[integer.format(segment.customers), ...figures].map(numberCell),
    );
  });
  page.segments.querySelector('tbody').replaceChildren(...rows);

  const notes = Object.values(rfm.scores).flatMap((scoring) => scoring.notes);
  const notesBox = page.segments.querySelector('.score-notes');
  notesBox.querySelector('ul').replaceChildren(...notes.map((note) => element('li', {}, note.en)));
  notesBox.hidden = notes.length === 0;
}

function renderValue({ pareto, tiers }) {
  page.value.querySelector('.headline').textContent = pareto
    ? pareto.headline.en
    : 'Total net revenue is not positive, so there is no Pareto view of who brings it.';
  const figure = page.value.querySelector('.pareto');
  figure.querySelector('svg')?.remove();
  if (pareto) figure.prepend(paretoChart(pareto));
  figure.hidden = !pareto;

  const rows = tiers.groups.map((group) =>
    element(
      'tr',
      { 'data-tier': group.tier },
      element('th', { scope: 'row' }, group.name.en),
      numberCell(integer.format(group.customers)),
      numberCell(percent.format(group.customerShare)),
      numberCell(money.format(group.value)),
      numberCell(percent.format(group.valueShare)),
    ),
  );
  page.value.querySelector('tbody').replaceChildren(...rows);
}

// The chart's coordinate system: a plot area with room for the axis labels left and below.
const CHART = { width: 320, height: 200, left: 40, right: 18, top: 10, bottom: 26 };

/** The cumulative revenue curve, with axes at 0, 50 and 100 % and a marker at 20 % of customers. */
function paretoChart({ curve }) {
  const { width, height, left, right, top, bottom } = CHART;
  // Returns can lift the running total above 100 % before the last customers bring it down.
  const highest = Math.max(1, ...curve.map((point) => point.revenueShare));
  const x = (share) => left + share * (width - left - right);
  const y = (share) => height - bottom - (share / highest) * (height - top - bottom);
  const label = (share) => `${Math.round(share * 100)} %`;
  const line = (x1, y1, x2, y2, className) => svgElement('line', { x1, y1, x2, y2, class: className });
  return svgElement(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Pareto curve of net revenue' },
    ...[0, 0.5, 1].flatMap((share) => [
      line(x(0), y(share), x(1), y(share), 'grid'),
      svgElement('text', { x: x(0) - 6, y: y(share), class: 'y-label' }, label(share)),
    ]),
    line(x(0.2), y(0), x(0.2), y(highest), 'marker'),
    ...[0, 0.2, 1].map((share) =>
      svgElement('text', { x: x(share), y: height - 8, class: 'x-label' }, label(share)),
    ),
    svgElement('polyline', {
      class: 'curve',
      points: curve.map((point) => `${x(point.customerShare)},${y(point.revenueShare)}`).join(' '),
    }),
  );
}

function numberCell(text) {
  return element('td', { class: 'number' }, text);
}

function renderTable() {
  const { key, descending } = sort;
  const direction = descending ? -1 : 1;
  const compare = (a, b) => (typeof a === 'number' ? a - b : collator.compare(a, b)) * direction;
  const value = SORT_VALUES[key] ?? ((customer) => customer[key]);
  // Sort all customers, then cut, so the top 500 really are the top 500.
  const shown = customers
    .slice()
    .sort((a, b) => compare(value(a), value(b)))
    .slice(0, TABLE_LIMIT);
  page.table.tBodies[0].replaceChildren(...shown.map(renderRow));
  page.tableNote.textContent =
    shown.length < customers.length
      ? `Showing ${integer.format(shown.length)} of ${integer.format(customers.length)} customers`
      : `${integer.format(customers.length)} ${customers.length === 1 ? 'customer' : 'customers'}`;
  for (const th of page.table.tHead.rows[0].cells) {
    if (th.dataset.key === key) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  }
}

function renderRow(customer) {
  return element(
    'tr',
    { 'data-customer-id': customer.id },
    element('th', { scope: 'row' }, customer.id),
    element('td', {}, customer.firstPurchase),
    element('td', {}, customer.lastPurchase),
    numberCell(integer.format(customer.recencyDays)),
    numberCell(integer.format(customer.frequency)),
    numberCell(money.format(customer.monetary)),
    element('td', {}, customer.rfmCell),
    element('td', { title: customer.segmentWhy.en }, customer.segmentName.en),
    element('td', {}, TIER_LABELS[customer.tier]),
  );
}

/** Creates an element with attributes and children; strings become text nodes, never HTML. */
function element(tag, attributes, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** The same for SVG: geometry in attributes, looks in style.css (the CSP forbids style attributes). */
function svgElement(tag, attributes, ...children) {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
}

function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

page.table.tHead.addEventListener('click', (event) => {
  const key = event.target.closest('th')?.dataset.key;
  if (!key) return;
  sort = { key, descending: key === sort.key ? !sort.descending : false };
  renderTable();
});

page.fileInput.addEventListener('change', () => {
  const [file] = page.fileInput.files;
  if (file) analyseFile(file);
  // Lets the user pick the same file again after editing it.
  page.fileInput.value = '';
});

page.dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  page.dropZone.classList.add('dragging');
});
page.dropZone.addEventListener('dragleave', () => page.dropZone.classList.remove('dragging'));
page.dropZone.addEventListener('drop', (event) => {
  page.dropZone.classList.remove('dragging');
  const [file] = event.dataTransfer.files;
  if (file) analyseFile(file);
});
// A file dropped beside the zone would otherwise be opened by the browser, leaving the page.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());

page.sampleButton.addEventListener('click', () =>
  analyse({ name: 'sample-transactions.csv (sample data)', read: readSample }),
);

page.asOf.addEventListener('change', () => {
  if (source) analyse(source);
});

page.cancelButton.addEventListener('click', () => running.abort());

async function readSample() {
  const response = await fetch(SAMPLE_URL);
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
  return response.blob();
}
