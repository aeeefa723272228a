// The standard report as HTML: the input summary, the segments, the value tiers with the
// Pareto curve and the sortable customer table. Shared by the page (www/app.js) and the
// <custval-report> element (report-element.js), so both show the same. It only displays what the
// report holds; everything that comes from the file is written with textContent, never parsed
// as HTML. Looks are in report.css.

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

/**
 * Builds the report's sections, hidden until `show(report, fileName)` fills them; `hide()`
 * hides them again. The caller places `sections` where they belong.
 */
export function createReportView() {
  const view = {
    summary: section('summary', 'input-summary', 'Input', element('dl', { class: 'facts' }), element('div', { class: 'skipped' })),
    segments: section(
      'segments',
      'segment-summary',
      'Segments',
      scrollingTable(
        headerRow([
          'Segment',
          ...['Customers', 'Share of customers', 'Revenue', 'Share of revenue', 'Average order value',
            'Median recency (days)', 'Median frequency', 'Median monetary'].map(number),
        ]),
      ),
      element('div', { class: 'score-notes', hidden: '' }, element('h3', {}, 'Notes on the scores'), element('ul', {})),
    ),
    value: section(
      'value',
      'value-summary',
      'Value',
      element('p', { class: 'headline' }),
      element(
        'div',
        { class: 'value-layout' },
        scrollingTable(headerRow(['Tier', ...['Customers', 'Share of customers', 'Value', 'Share of value'].map(number)])),
        element(
          'figure',
          { class: 'pareto', hidden: '' },
          element('figcaption', {}, 'Share of net revenue (up) brought by the top share of customers (across), best first'),
        ),
      ),
    ),
    customers: section('customers', null, 'Customers', element('p', { class: 'table-note' })),
    customerList: [],
    sort: { key: 'monetary', descending: true },
  };
  const table = element(
    'table',
    { 'data-testid': 'customer-table' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        ...[
          ['id', 'Customer'],
          ['firstPurchase', 'First purchase'],
          ['lastPurchase', 'Last purchase'],
          ['recencyDays', 'Recency (days)', true],
          ['frequency', 'Frequency', true],
          ['monetary', 'Monetary', true],
          ['rfmCell', 'RFM'],
          ['segment', 'Segment'],
          ['tier', 'Tier'],
        ].map(([key, label, numeric]) =>
          element(
            'th',
            { scope: 'col', 'data-key': key, ...(numeric && { class: 'number' }) },
            element('button', { type: 'button' }, label),
          ),
        ),
      ),
    ),
    element('tbody', {}),
  );
  view.customers.append(element('div', { class: 'table-scroll' }, table));
  view.table = table;
  view.tableNote = view.customers.querySelector('.table-note');
  table.tHead.addEventListener('click', (event) => {
    const key = event.target.closest('th')?.dataset.key;
    if (!key) return;
    view.sort = { key, descending: key === view.sort.key ? !view.sort.descending : false };
    renderTable(view);
  });

  const sections = [view.summary, view.segments, view.value, view.customers];
  return {
    sections,
    show(report, fileName) {
      renderSummary(view, report, fileName);
      renderSegments(view, report.rfm);
      renderValue(view, report);
      view.customerList = report.customers;
      renderTable(view);
      for (const part of sections) part.hidden = false;
    },
    hide() {
      for (const part of sections) part.hidden = true;
    },
  };
}

/** The progress line of a run that has read `progress` ({ bytes, total, rows }) in `seconds`. */
export function describeProgress(name, progress, seconds) {
  const rate = seconds > 0 ? ` (${integer.format(progress.rows / seconds)} rows/s)` : '';
  const megabytes = (bytes) => (bytes / 1e6).toFixed(1);
  return (
    `Reading ${name}: ${megabytes(progress.bytes)} of ${megabytes(progress.total)} MB, ` +
    `${integer.format(progress.rows)} rows${rate}`
  );
}

function section(className, testId, title, ...children) {
  const heading = `${className}-heading`;
  return element(
    'section',
    { class: className, 'aria-labelledby': heading, hidden: '', ...(testId && { 'data-testid': testId }) },
    element('h2', { id: heading }, title),
    ...children,
  );
}

const number = (label) => [label, true];

function headerRow(labels) {
  return element(
    'tr',
    {},
    ...labels.map((label) => {
      const [text, numeric] = Array.isArray(label) ? label : [label, false];
      return element('th', { scope: 'col', ...(numeric && { class: 'number' }) }, text);
    }),
  );
}

function scrollingTable(header) {
  return element('div', { class: 'table-scroll' }, element('table', {}, element('thead', {}, header), element('tbody', {})));
}

function renderSummary(view, report, fileName) {
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
  view.summary.querySelector('.facts').replaceChildren(
    ...facts.map(([field, label, value]) => {
      return element(
        'div',
        { 'data-field': field },
        element('dt', {}, label),
        element('dd', {}, ...[value].flat()),
      );
    }),
  );
  view.summary.querySelector('.skipped').replaceChildren(...renderSkipped(input.skipped));
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

function renderSegments(view, rfm) {
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
  view.segments.querySelector('tbody').replaceChildren(...rows);

  const notes = Object.values(rfm.scores).flatMap((scoring) => scoring.notes);
  const notesBox = view.segments.querySelector('.score-notes');
  notesBox.querySelector('ul').replaceChildren(...notes.map((note) => element('li', {}, note.en)));
  notesBox.hidden = notes.length === 0;
}

function renderValue(view, { pareto, tiers }) {
  view.value.querySelector('.headline').textContent = pareto
    ? pareto.headline.en
    : 'Total net revenue is not positive, so there is no Pareto view of who brings it.';
  const figure = view.value.querySelector('.pareto');
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
  view.value.querySelector('tbody').replaceChildren(...rows);
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

function renderTable(view) {
  const { customerList: customers, sort } = view;
  const { key, descending } = sort;
  const direction = descending ? -1 : 1;
  const compare = (a, b) => (typeof a === 'number' ? a - b : collator.compare(a, b)) * direction;
  const value = SORT_VALUES[key] ?? ((customer) => customer[key]);
  // Sort all customers, then cut, so the top 500 really are the top 500.
  const shown = customers
    .slice()
    .sort((a, b) => compare(value(a), value(b)))
    .slice(0, TABLE_LIMIT);
  view.table.tBodies[0].replaceChildren(...shown.map(renderRow));
  view.tableNote.textContent =
    shown.length < customers.length
      ? `Showing ${integer.format(shown.length)} of ${integer.format(customers.length)} customers`
      : `${integer.format(customers.length)} ${customers.length === 1 ? 'customer' : 'customers'}`;
  for (const th of view.table.tHead.rows[0].cells) {
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
