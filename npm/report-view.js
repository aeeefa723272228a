// The standard report as HTML: the input summary, the charts (charts.js), the segments, the value
// tiers, the satisfaction figures and the sortable customer table. Shared by the page (www/app.js) and the
// <custval-report> element (report-element.js), so both show the same. It only displays what the
// report holds; everything that comes from the file is written with textContent, never parsed
// as HTML. Looks are in report.css.

import { renderCharts } from './charts.js';

// Enough to browse; tens of thousands of rows would only slow the page down.
const TABLE_LIMIT = 500;

const integer = new Intl.NumberFormat('en');
const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const oneDecimal = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const signed = new Intl.NumberFormat('en', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
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
  // Customers without an answer sort below every answer.
  nps: (customer) => customer.satisfaction?.nps ?? -1,
};
// The charts' language and theme, until the page offers a choice.
const CHART_SETTINGS = { lang: 'en', theme: 'light' };
const NPS_GROUP_LABELS = { promoter: 'Promoters', passive: 'Passives', detractor: 'Detractors' };

/**
 * Builds the report's sections, hidden until `show(report, fileName)` fills them; `hide()`
 * hides them again. The caller places `sections` where they belong. With
 * `onDownloadCustomers`, the customer table has a button that calls it.
 */
export function createReportView({ onDownloadCustomers } = {}) {
  const view = {
    summary: section(
      'summary',
      'input-summary',
      'Input',
      element('dl', { class: 'facts' }),
      element('div', { class: 'skipped' }),
    ),
    charts: section('charts', 'charts', 'Charts', element('div', { class: 'chart-grid' })),
    segments: section(
      'segments',
      'segment-summary',
      'Segments',
      scrollingTable(
        headerRow([
          'Segment',
          ...[
            'Customers',
            'Share of customers',
            'Revenue',
            'Share of revenue',
            'Average order value',
            'Median recency (days)',
            'Median frequency',
            'Median monetary',
          ].map(number),
        ]),
      ),
      element(
        'div',
        { class: 'score-notes', hidden: '' },
        element('h3', {}, 'Notes on the scores'),
        element('ul', {}),
      ),
    ),
    value: section(
      'value',
      'value-summary',
      'Value',
      element('p', { class: 'headline' }),
      scrollingTable(
        headerRow(['Tier', ...['Customers', 'Share of customers', 'Value', 'Share of value'].map(number)]),
      ),
    ),
    recommendations: section(
      'recommendations',
      'recommendations',
      'What to do',
      element('p', { class: 'value-basis' }),
      element('div', { class: 'plays' }),
      element('div', { class: 'call-list' }),
    ),
    satisfaction: section(
      'satisfaction',
      'satisfaction',
      'Satisfaction',
      element('p', { class: 'survey-note' }),
      element('div', { class: 'metrics', 'data-testid': 'satisfaction-metrics' }),
      ...['survey-skipped', 'by-group', 'trend', 'value-lists', 'comments'].map((name) =>
        element('div', { class: name }),
      ),
    ),
    customers: section('customers', null, 'Customers', element('p', { class: 'table-note' })),
    customerList: [],
    sort: { key: 'monetary', descending: true },
    // Whether the customer table has the NPS answer column: surveys joined by customer id.
    showNpsColumn: false,
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
          ['nps', 'NPS answer', true],
        ].map(([key, label, numeric]) =>
          element(
            'th',
            {
              scope: 'col',
              'data-key': key,
              ...(numeric && { class: 'number' }),
              ...(key === 'nps' && { hidden: '' }),
            },
            element('button', { type: 'button' }, label),
          ),
        ),
      ),
    ),
    element('tbody', {}),
  );
  if (onDownloadCustomers) {
    const download = element(
      'button',
      { type: 'button', class: 'download', 'data-testid': 'download-customers' },
      'Download customers (CSV)',
    );
    download.addEventListener('click', onDownloadCustomers);
    view.customers.append(download);
  }
  view.customers.append(element('div', { class: 'table-scroll' }, table));
  view.table = table;
  view.tableNote = view.customers.querySelector('.table-note');
  table.tHead.addEventListener('click', (event) => {
    const key = event.target.closest('th')?.dataset.key;
    if (!key) return;
    view.sort = { key, descending: key === view.sort.key ? !view.sort.descending : false };
    renderTable(view);
  });

  const transactionSections = [view.summary, view.segments, view.value, view.recommendations, view.customers];
  const sections = [
    view.summary,
    view.charts,
    view.segments,
    view.value,
    view.recommendations,
    view.satisfaction,
    view.customers,
  ];
  return {
    sections,
    show(report, fileName) {
      // A survey file alone gives a report without the transaction sections.
      const hasTransactions = report.input != null;
      if (hasTransactions) {
        renderSummary(view, report, fileName);
        renderSegments(view, report.rfm);
        renderValue(view, report);
        renderRecommendations(view, report.recommendations);
        view.customerList = report.customers;
        view.showNpsColumn = report.satisfaction?.nps != null && report.customers.some((c) => c.satisfaction);
        renderTable(view);
      }
      for (const part of transactionSections) part.hidden = !hasTransactions;
      if (report.satisfaction) renderSatisfaction(view, report.satisfaction, report.rfm);
      view.satisfaction.hidden = !report.satisfaction;
      // Charts take their containers' width, so they are drawn once their section shows.
      view.charts.hidden = false;
      view.charts.hidden =
        renderCharts(view.charts.querySelector('.chart-grid'), report, CHART_SETTINGS) === 0;
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
  return element(
    'div',
    { class: 'table-scroll' },
    element('table', {}, element('thead', {}, header), element('tbody', {})),
  );
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
  return [element('h3', {}, 'Skipped rows'), ...renderIssueGroups(groups)];
}

/** Row issues by reason: the count and advice, with the first lines on demand. */
function renderIssueGroups(groups) {
  return groups.map((group) => {
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
  });
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

function numberCell(text) {
  return element('td', { class: 'number' }, text);
}

function renderTable(view) {
  const { customerList: customers, sort, showNpsColumn } = view;
  const { key, descending } = sort;
  const direction = descending ? -1 : 1;
  const compare = (a, b) => (typeof a === 'number' ? a - b : collator.compare(a, b)) * direction;
  const value = SORT_VALUES[key] ?? ((customer) => customer[key]);
  // Sort all customers, then cut, so the top 500 really are the top 500.
  const shown = customers
    .slice()
    .sort((a, b) => compare(value(a), value(b)))
    .slice(0, TABLE_LIMIT);
  view.table.tBodies[0].replaceChildren(...shown.map((customer) => renderRow(customer, showNpsColumn)));
  view.tableNote.textContent =
    shown.length < customers.length
      ? `Showing ${integer.format(shown.length)} of ${integer.format(customers.length)} customers`
      : `${integer.format(customers.length)} ${customers.length === 1 ? 'customer' : 'customers'}`;
  for (const th of view.table.tHead.rows[0].cells) {
    if (th.dataset.key === 'nps') th.hidden = !showNpsColumn;
    if (th.dataset.key === key) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  }
}

function renderRow(customer, showNpsColumn) {
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
    ...(showNpsColumn ? [numberCell(customer.satisfaction?.nps ?? '–')] : []),
  );
}

function renderSatisfaction(view, satisfaction, rfm) {
  const { input } = satisfaction;
  const matched =
    input.responsesMatchedToCustomers == null
      ? ''
      : `, ${integer.format(input.responsesMatchedToCustomers)} of them matched to customers in the transactions`;
  view.satisfaction.querySelector('.survey-note').textContent =
    `${integer.format(input.rowsUsed)} of ${integer.format(input.rowsRead)} survey rows used${matched}.`;
  view.satisfaction
    .querySelector('.metrics')
    .replaceChildren(
      ...[npsCard(satisfaction.nps), csatCard(satisfaction.csat), cesCard(satisfaction.ces)].filter(Boolean),
    );
  view.satisfaction
    .querySelector('.survey-skipped')
    .replaceChildren(
      ...renderSkipped(input.skipped),
      ...(input.invalidAnswers.length > 0
        ? [
            element('h3', {}, 'Answers outside the scale (left out)'),
            ...renderIssueGroups(input.invalidAnswers),
          ]
        : []),
    );
  view.satisfaction
    .querySelector('.by-group')
    .replaceChildren(
      ...satisfaction.groups.flatMap((table) => groupTable(table, satisfaction.minGroupAnswers, rfm)),
    );
  view.satisfaction.querySelector('.trend').replaceChildren(...trendTable(satisfaction.trend));
  view.satisfaction.querySelector('.value-lists').replaceChildren(...valueLists(satisfaction.value));
  view.satisfaction.querySelector('.comments').replaceChildren(...commentTerms(satisfaction.comments));
}

/** A metric with its headline number, its uncertainty, its counts and the formula it comes from. */
function metricCard(metric, title, headline, details, section) {
  const scale = `${section.scale.min}–${section.scale.max}`;
  const left = section.missing + section.invalid;
  return element(
    'article',
    { class: 'metric', 'data-metric': metric },
    element('h3', {}, title),
    element('p', { class: 'headline-number' }, headline),
    ...details.map((detail) => element('p', {}, detail)),
    ...(section.smallSample
      ? [element('p', { class: 'warning' }, 'Fewer than 30 answers: read with care.')]
      : []),
    element('p', { class: 'scale' }, `Column “${section.column}”, scale ${scale}.`),
    ...(left > 0
      ? [element('p', {}, `${integer.format(left)} blank, missing or invalid answers left out.`)]
      : []),
    element(
      'details',
      {},
      element('summary', {}, 'How it is computed'),
      element('p', {}, section.formula.en),
    ),
  );
}

function npsCard(nps) {
  if (!nps) return null;
  if (nps.score == null) return metricCard('nps', 'NPS', '–', ['No answers.'], nps);
  const share = (count) => percent.format(count / nps.n);
  return metricCard(
    'nps',
    'Net Promoter Score',
    signed.format(nps.score),
    [
      `± ${oneDecimal.format(nps.marginOfError)} (95 % margin of error)`,
      `${integer.format(nps.n)} answers: ${share(nps.promoters)} promoters, ` +
        `${share(nps.passives)} passives, ${share(nps.detractors)} detractors`,
    ],
    nps,
  );
}

function csatCard(csat) {
  if (!csat) return null;
  if (csat.score == null) return metricCard('csat', 'CSAT', '–', ['No answers.'], csat);
  const { satisfied } = csat.boxes;
  return metricCard(
    'csat',
    'Customer satisfaction (CSAT)',
    `${oneDecimal.format(csat.score)} %`,
    [
      `95 % interval ${oneDecimal.format(csat.interval.low)}–${oneDecimal.format(csat.interval.high)} %`,
      `${integer.format(csat.satisfied)} of ${integer.format(csat.n)} answered ${satisfied.min}–${satisfied.max}; ` +
        `mean ${oneDecimal.format(csat.mean)}`,
    ],
    csat,
  );
}

function cesCard(ces) {
  if (!ces) return null;
  if (ces.mean == null) return metricCard('ces', 'CES', '–', ['No answers.'], ces);
  const { easy } = ces.boxes;
  const margin =
    ces.meanMarginOfError == null ? [] : [`± ${oneDecimal.format(ces.meanMarginOfError)} (95 %)`];
  return metricCard(
    'ces',
    'Customer effort (CES)',
    `mean ${oneDecimal.format(ces.mean)}`,
    [
      ...margin,
      `${integer.format(ces.n)} answers, ${oneDecimal.format(ces.easyShare)} % answered ${easy.min}–${easy.max}`,
    ],
    ces,
  );
}

/** One cell per metric: the figure, or why there is none. */
function groupFigure(entry, format) {
  if (!entry) return numberCell('–');
  if (entry.status !== 'ok') return numberCell(`too few answers (${integer.format(entry.n)})`);
  return numberCell(format(entry.figures));
}

/** A scrollable table: header texts, the indices of the number columns, and <tr> elements. */
function dataTable(attributes, columns, numberColumns, rows) {
  const header = columns.map((text, i) =>
    element('th', { scope: 'col', ...(numberColumns.includes(i) && { class: 'number' }) }, text),
  );
  return element(
    'div',
    { class: 'table-scroll', ...attributes },
    element('table', {}, element('thead', {}, element('tr', {}, ...header)), element('tbody', {}, ...rows)),
  );
}

const LENS_LABELS = { rfm: 'Segment', tier: 'Tier', satisfaction: 'NPS group', lifecycle: 'Lifecycle stage' };

/** The playbook of every group that occurs, with its money at stake, and the week's call list. */
function renderRecommendations(view, recommendations) {
  const basis =
    recommendations.valueBasis === 'predictedClv' ? 'predicted lifetime value' : 'net revenue to date';
  view.recommendations.querySelector('.value-basis').textContent =
    `Money is valued at ${basis}. Each customer's next best action is in the customers download.`;
  const list = (texts) => element('ul', {}, ...texts.map((text) => element('li', {}, text.en)));
  const plays = recommendations.segments.map((play) =>
    element(
      'tr',
      { 'data-lens': play.lens, 'data-key': play.key },
      element('th', { scope: 'row' }, `${LENS_LABELS[play.lens] ?? play.lens}: ${play.name.en}`),
      numberCell(integer.format(play.customers)),
      numberCell(money.format(play.value)),
      numberCell(play.valueAtRisk == null ? '–' : money.format(play.valueAtRisk)),
      element('td', {}, element('p', {}, play.goal.en), list(play.actions)),
      element('td', {}, play.channel.en),
    ),
  );
  const columns = ['Group', 'Customers', 'Value', 'Value at risk', 'Goal and actions', 'Channel'];
  view.recommendations
    .querySelector('.plays')
    .replaceChildren(dataTable({ 'data-testid': 'plays' }, columns, [1, 2, 3], plays));
  const calls = recommendations.callList.map((call) =>
    element(
      'tr',
      { 'data-customer-id': call.id },
      numberCell(integer.format(call.rank)),
      element('th', { scope: 'row' }, call.id),
      numberCell(money.format(call.valueAtRisk)),
      element('td', {}, call.reason.en),
      element('td', {}, call.action.en),
    ),
  );
  view.recommendations.querySelector('.call-list').replaceChildren(
    element('h3', {}, `Call this week (${integer.format(calls.length)})`),
    calls.length === 0
      ? element('p', {}, 'Nobody urgent: no detractor and no valuable customer at risk.')
      : dataTable(
          { 'data-testid': 'call-list' },
          ['Rank', 'Customer', 'Value at risk', 'Why', 'Action'],
          [0, 2],
          calls,
        ),
  );
}

/** A table of figures per group; segments and tiers under their names rather than keys. */
function groupTable(table, minimum, rfm) {
  const names = {
    segment: Object.fromEntries((rfm?.segments ?? []).map((segment) => [segment.key, segment.name.en])),
    tier: TIER_LABELS,
  }[table.dimension];
  const rows = table.groups.map((group) =>
    element(
      'tr',
      { 'data-group': group.label },
      element('th', { scope: 'row' }, names?.[group.label] ?? group.label),
      numberCell(integer.format(group.responses)),
      groupFigure(group.nps, (f) => `${signed.format(f.score)} ± ${oneDecimal.format(f.marginOfError)}`),
      groupFigure(group.csat, (f) => `${oneDecimal.format(f.score)} %`),
      groupFigure(group.ces, (f) => oneDecimal.format(f.mean)),
    ),
  );
  return [
    element('h3', {}, `By ${table.dimension}`),
    dataTable(
      { 'data-dimension': table.dimension },
      ['Group', 'Answers', 'NPS', 'CSAT', 'CES'],
      [1, 2, 3, 4],
      rows,
    ),
    element(
      'p',
      { class: 'table-note' },
      `Groups with fewer than ${integer.format(minimum)} answers show no figure.`,
    ),
  ];
}

function trendTable(trend) {
  if (!trend || trend.periods.length < 2) return [];
  const cell = (figures, value) => {
    // A period without answers has no figure to show.
    if (!figures || figures.n === 0) return numberCell('–');
    const change = figures.change;
    const text = change ? `${value(figures)} (${signed.format(change.change)})` : value(figures);
    return element('td', { class: change?.exceedsMargin ? 'number significant' : 'number' }, text);
  };
  const rows = trend.periods.map((period) =>
    element(
      'tr',
      {},
      element('th', { scope: 'row' }, period.period),
      numberCell(integer.format(period.responses)),
      cell(period.nps, (f) => signed.format(f.score)),
      cell(period.csat, (f) => oneDecimal.format(f.score)),
      cell(period.ces, (f) => oneDecimal.format(f.mean)),
    ),
  );
  const columns = ['Period', 'Answers', 'NPS (change)', 'CSAT % (change)', 'CES (change)'];
  return [
    element('h3', {}, `By ${trend.period}`),
    dataTable({ 'data-testid': 'satisfaction-trend' }, columns, [1, 2, 3, 4], rows),
    element(
      'p',
      { class: 'table-note' },
      `Bold: a change larger than its margin of error. ${trend.formula.en}`,
    ),
  ];
}

function valueLists(value) {
  if (!value) return [];
  const columns = ['Customer', 'Tier', 'Frequency', 'Monetary', 'NPS answer', 'Answered'];
  const list = (title, testId, customers) => {
    const rows = customers.map((row) =>
      element(
        'tr',
        { 'data-customer-id': row.id },
        element('th', { scope: 'row' }, row.id),
        element('td', {}, TIER_LABELS[row.tier]),
        numberCell(integer.format(row.frequency)),
        numberCell(money.format(row.monetary)),
        numberCell(row.nps),
        element('td', {}, row.lastAnswered ?? '–'),
      ),
    );
    return [
      element('h3', {}, `${title} (${integer.format(customers.length)})`),
      customers.length === 0
        ? element('p', {}, 'Nobody.')
        : dataTable({ 'data-testid': testId }, columns, [2, 3, 4], rows),
    ];
  };
  return [
    ...list('High-value detractors: rescue first', 'rescue-first', value.rescueFirst),
    ...list('Promoters who buy rarely: ask for a referral', 'ask-for-referral', value.askForReferral),
    element('p', { class: 'table-note' }, value.rule.en),
  ];
}

function commentTerms(comments) {
  if (!comments || comments.groups.length === 0) return [];
  const terms = (list) =>
    list.map((term) => `${term.term} (${integer.format(term.comments)})`).join(', ') || '–';
  return [
    element('h3', {}, 'What the comments say'),
    element(
      'dl',
      { class: 'comment-terms' },
      ...comments.groups.flatMap((group) => [
        element(
          'dt',
          {},
          `${NPS_GROUP_LABELS[group.npsGroup] ?? 'Without an NPS answer'}: ${integer.format(group.comments)} comments`,
        ),
        element('dd', {}, `Words: ${terms(group.words)}`),
        element('dd', {}, `Phrases: ${terms(group.phrases)}`),
      ]),
    ),
    element('p', { class: 'table-note' }, comments.method.en),
  ];
}

/** Creates an element with attributes and children; strings become text nodes, never HTML. */
function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
