// The standard report as HTML: the input summary, the charts (charts.js), the segments, the
// value tiers, the satisfaction figures, the sortable customer table and the downloads. Shared
// by the page (www/app.js) and the <custval-report> element (report-element.js), so both show
// the same. It only displays what the report holds, in the language and currency of its locale
// (i18n.js); everything that comes from the file is written with textContent, never parsed as
// HTML. Looks are in report.css.

import { customerPage } from './customer-pages.js';
import { createLocale, translate } from './i18n.js';

import { RETENTION_PERIODS, disposeCharts, drawRetention, renderCharts } from './charts.js';

// Rows per page of the customer table: enough to browse, few enough to draw at once.
const TABLE_LIMIT = 100;
// Enough for a printed report; the rest are in the customers download, as the paper says.
const PRINT_LIMIT = 50;
// The early-warning rows shown at first, and how many more each press of its button shows: its
// hundred rows, a card each on a phone, would bury the sections after it. Paper has them all.
const WARNINGS_STEP = 10;

// The columns the input section names, by the kind of file.
const COLUMN_ROLES = {
  transactions: [
    'customer',
    'date',
    'amount',
    'quantity',
    'price',
    'order',
    'cost',
    'profit',
    'status',
    'refund',
    'currency',
    'region',
    'channel',
    'category',
    'customerType',
    'discount',
    'paymentType',
    'payee',
  ],
  customers: [
    'customer',
    'lastPurchase',
    'recency',
    'firstPurchase',
    'frequency',
    'monetary',
    'purchaseDays',
    'repeatMonetary',
    'cost',
    'profit',
  ],
};
/** Whether the rows (or customers) have costs: a cost column, or a profit column that gives them. */
function hasCosts(report) {
  return report.input?.columns.cost != null || report.input?.columns.profit != null;
}

// The customer table's filters: the query field each sets and its "all" option's text.
const FILTERS = [
  { key: 'segment', all: 'allSegments' },
  { key: 'tier', all: 'allTiers' },
  { key: 'cluster', all: 'allClusters' },
  { key: 'lifecycle', all: 'allStages' },
];
const STAGES = ['new', 'growing', 'mature', 'declining', 'lost'];
// The values of the discount column's breakdown, as the core reads each row's field.
const DISCOUNT_KINDS = ['discounted', 'fullPrice'];
// The customer table's columns: the query's sort key, the heading, whether it is a number, and
// for the columns not every report has, what decides whether it shows.
const COLUMNS = [
  ['id', 'customer'],
  ['firstPurchase', 'firstPurchase'],
  ['lastPurchase', 'lastPurchase'],
  ['recencyDays', 'recencyDays', true],
  ['frequency', 'frequency', true],
  ['monetary', 'monetary', true],
  ['rfmCell', 'rfmCell'],
  ['segment', 'segment'],
  ['tier', 'tier'],
  ['grossProfit', 'grossProfitColumn', true, hasCosts],
  ['cluster', 'clusterColumn', false, (report) => report.clusters != null],
  ['lifecycle', 'lifecycleColumn', false, (report) => report.clv != null],
  // The NBD fallback has no dropout, and so no P(alive).
  ['pAlive', 'pAliveColumn', true, (report) => report.clv?.bgnbd.model === 'bgnbd'],
  ['clv', 'clvColumn', true, (report) => report.clv != null],
  // Surveys joined by customer id.
  ['nps', 'npsAnswer', true, (report) => (report.satisfaction?.input.responsesMatchedToCustomers ?? 0) > 0],
];
// The satisfaction tables whose dimension custval names; the others are survey column headers.
const NAMED_DIMENSIONS = new Set(['segment', 'tier', 'cluster', 'lifecycle', 'region', 'channel', 'category', 'customerType', 'discount']);
// The files of the downloads section, by the worker client's method that makes each: the name
// of the file (and of its button), whether it has customer ids, which can be hashed, whether it
// leaves out small groups, and which reports have it (all without `offered`).
const DOWNLOADS = {
  customersCsv: { name: 'customers', ids: true },
  segmentsCsv: { name: 'segments' },
  callListCsv: { name: 'call-list', ids: true },
  aggregatesCsv: { name: 'aggregates', smallGroups: true },
  attributesCsv: { name: 'attributes', offered: (report) => report.attributes.length > 0 },
};
// Shown at first: a month is noisy for customers who buy a few times a year, and a year too
// coarse to see a change in.
const DEFAULT_PERIOD_LENGTH = 'quarter';
// The core's default, shown so that the user sees what is left out.
const DEFAULT_MIN_GROUP_SIZE = 5;
// The fewest characters the core takes as an id salt (src/export/params.rs).
const MIN_SALT_CHARS = 8;

/**
 * Builds the report's sections, hidden until `show(report, fileName)` fills them; `hide()`
 * hides them again, and `setLocale(locale, fileName)` shows them in another language or
 * currency (a locale of i18n.js; English by default), with the file's name in that language if
 * it has one; `setTheme('light' | 'dark')` redraws the charts in that theme. The caller places
 * `sections` where they belong.
 * With `onDownload(method, options, name)`, a downloads section offers the CSV files: it is
 * called with a worker client method (`customersCsv`, `segmentsCsv`, `callListCsv`,
 * `aggregatesCsv`, `attributesCsv`), its export options and a short name for the file (`call-list`), and
 * should resolve once the file is saved; what it rejects with is shown in the section.
 */
export function createReportView({ onDownload, locale = createLocale('en') } = {}) {
  const view = {
    locale,
    summary: section(
      'summary',
      'input-summary',
      'summaryTitle',
      element('dl', { class: 'facts' }),
      element('ul', { class: 'limitations', 'data-testid': 'limitations' }),
      element('div', { class: 'skipped' }),
    ),
    charts: section('charts', 'charts', 'chartsTitle', element('div', { class: 'chart-grid' })),
    segments: section(
      'segments',
      'segment-summary',
      'segmentsTitle',
      scrollingTable(groupHeader('segment', SEGMENT_FIGURES, false)),
      element('p', { class: 'table-note profit-note', hidden: '' }),
      element(
        'div',
        { class: 'score-notes', hidden: '' },
        element('h3', { 'data-i18n': 'scoreNotes' }),
        element('ul', {}),
      ),
    ),
    value: section(
      'value',
      'value-summary',
      'valueTitle',
      element('p', { class: 'headline' }),
      scrollingTable(groupHeader('tier', TIER_FIGURES, false)),
      element('p', { class: 'table-note profit-note', hidden: '' }),
    ),
    lifetime: section(
      'lifetime',
      'lifetime',
      'lifetimeTitle',
      element('p', { class: 'headline' }),
      element('div', { class: 'stages' }),
      element('div', { class: 'early-warning' }),
      element('ul', { class: 'model-notes' }),
    ),
    retention: section(
      'retention',
      'retention',
      'retentionTitle',
      element('p', { class: 'headline', 'data-testid': 'repeat-headline' }),
      element('p', { class: 'headline', 'data-testid': 'retention-headline' }),
      periodChoice(),
      element('div', { class: 'retention-chart' }),
      element('div', { class: 'retention-periods' }),
    ),
    attributes: section('attributes', 'attributes', 'attributesTitle', element('div', { class: 'attribute-tables' })),
    recommendations: section(
      'recommendations',
      'recommendations',
      'recommendationsTitle',
      element('p', { class: 'value-basis' }),
      element('div', { class: 'plays' }),
      element('div', { class: 'call-list' }),
    ),
    satisfaction: section(
      'satisfaction',
      'satisfaction',
      'satisfactionTitle',
      element('p', { class: 'survey-note' }),
      element('div', { class: 'metrics', 'data-testid': 'satisfaction-metrics' }),
      ...['survey-skipped', 'by-group', 'trend', 'value-lists', 'comments'].map((name) =>
        element('div', { class: name }),
      ),
    ),
    customers: section(
      'customers',
      null,
      'customersTitle',
      // Read out when a search, a filter or the pager changes the rows: nothing else says so.
      element('p', { class: 'table-note', role: 'status', 'data-testid': 'customer-count' }),
      element('p', { class: 'print-note' }),
    ),
    definitions: section('definitions', 'definitions', 'definitionsTitle', element('dl', { class: 'facts' })),
    theme: 'light',
    sort: { key: 'monetary', descending: true },
    // The id search (lower case) and the group chosen per filter ('' for all).
    search: '',
    filters: {},
    // The page of the customer table on show, from 0.
    pageIndex: 0,
    // The length of the retention section's periods, kept from one report to the next.
    periodLength: DEFAULT_PERIOD_LENGTH,
    // The customer table's columns that the report on show has.
    columns: new Set(),
    // Counts the table's requests, so that an answer overtaken by a newer request is dropped.
    tableRequests: 0,
    // What is on show (the report, the file's name, where the customers' pages come from),
    // drawn again in another language.
    shown: null,
  };
  view.downloads = onDownload && downloadsSection(view, onDownload);
  view.retention.querySelector('.period-choice').addEventListener('change', (event) => {
    view.periodLength = event.target.value;
    renderRetention(view, view.shown.report);
  });
  const table = element(
    'table',
    { 'data-testid': 'customer-table' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        ...COLUMNS.map(([key, label, numeric, shown]) =>
          element(
            'th',
            {
              scope: 'col',
              'data-key': key,
              ...(numeric && { class: 'number' }),
              ...(shown && { hidden: '' }),
            },
            element('button', { type: 'button', 'data-i18n': label }),
          ),
        ),
      ),
    ),
    element('tbody', {}),
  );
  // Narrowing the table: an id search and a choice per group; the options come with each report.
  const filters = element(
    'div',
    { class: 'table-filters' },
    element('input', { type: 'search', 'data-testid': 'customer-search', 'data-i18n-label': 'searchCustomers' }),
    ...FILTERS.map(({ key, all }) =>
      element('select', { 'data-filter': key, 'data-testid': `filter-${key}`, 'data-i18n-label': all }),
    ),
  );
  filters.addEventListener('input', () => {
    view.search = filters.querySelector('input').value.trim().toLowerCase();
    for (const select of filters.querySelectorAll('select')) view.filters[select.dataset.filter] = select.value;
    view.pageIndex = 0;
    renderTable(view);
  });
  view.filterBar = filters;
  const pager = element(
    'div',
    { class: 'pager' },
    element('button', { type: 'button', 'data-testid': 'previous-page', 'data-i18n': 'previousPage' }),
    element('button', { type: 'button', 'data-testid': 'next-page', 'data-i18n': 'nextPage' }),
  );
  pager.addEventListener('click', (event) => {
    const step = { 'previous-page': -1, 'next-page': 1 }[event.target.closest('button')?.dataset.testid];
    if (!step) return;
    view.pageIndex += step;
    renderTable(view);
  });
  view.pager = pager;
  view.customers.append(filters, element('div', { class: 'table-scroll' }, table), pager);
  view.table = table;
  view.tableNote = view.customers.querySelector('.table-note');
  view.printNote = view.customers.querySelector('.print-note');
  table.tHead.addEventListener('click', (event) => {
    const key = event.target.closest('th')?.dataset.key;
    if (!key) return;
    view.sort = { key, descending: key === view.sort.key ? !view.sort.descending : false };
    view.pageIndex = 0;
    renderTable(view);
  });

  const transactionSections = [
    view.summary,
    view.segments,
    view.value,
    view.recommendations,
    view.customers,
    view.definitions,
  ];
  if (view.downloads) transactionSections.push(view.downloads.section);
  const sections = [
    view.summary,
    view.charts,
    view.segments,
    view.value,
    view.lifetime,
    view.retention,
    view.attributes,
    view.recommendations,
    view.satisfaction,
    view.customers,
    view.definitions,
    ...(view.downloads ? [view.downloads.section] : []),
  ];
  /**
   * Shows `report`, and resolves once its customer table and charts are drawn. Its customers
   * come a page at a time from `customers(query)` (a worker client's `customers`) when the
   * report is a summary without them.
   */
  function show(report, fileName, customers = view.shown?.customers) {
    // A new report starts at the table's first page and the early warning's first rows; the
    // same one drawn again keeps them.
    if (report !== view.shown?.report) {
      view.pageIndex = 0;
      view.warningsShown = WARNINGS_STEP;
    }
    // Another file's customers start unfiltered; the same file's keep their filters, but for
    // the cluster, since each analysis numbers its clusters afresh.
    if (fileName !== view.shown?.fileName) {
      view.search = '';
      view.filters = {};
    } else if (report !== view.shown?.report) {
      view.filters.cluster = '';
    }
    const pages = report.customers ? (query) => Promise.resolve(customerPage(report, query)) : customers;
    view.shown = { report, fileName, customers, pages };
    const { locale } = view;
    // A survey file alone gives a report without the transaction sections.
    const hasTransactions = report.input != null;
    if (hasTransactions) {
      renderSummary(view, report, fileName);
      renderSegments(view, report.rfm);
      renderValue(view, report);
      renderRecommendations(view, report.recommendations);
      renderFilters(view, report);
      renderDefinitions(view, report);
      view.columns = new Set(COLUMNS.filter(([, , , shown]) => !shown || shown(report)).map(([key]) => key));
    }
    const table = hasTransactions ? renderTable(view) : undefined;
    for (const part of transactionSections) part.hidden = !hasTransactions;
    renderAttributes(view, report.attributes);
    view.attributes.hidden = report.attributes.length === 0;
    view.downloads?.offer(report);
    if (report.clv) renderLifetime(view, report.clv);
    view.lifetime.hidden = !report.clv;
    // Null for a customer file and a survey alone, which have no dated purchases. Shown before
    // it is drawn: its chart takes the section's width.
    view.retention.hidden = !report.retention;
    if (report.retention) renderRetention(view, report);
    else disposeCharts(view.retention.querySelector('.retention-chart'));
    if (report.satisfaction) renderSatisfaction(view.satisfaction, locale, report);
    view.satisfaction.hidden = !report.satisfaction;
    for (const part of sections) nameTables(part);
    // Charts take their containers' width, so they are drawn once their section shows.
    view.charts.hidden = false;
    const shown = view.shown;
    const charts = renderCharts(view.charts.querySelector('.chart-grid'), report, {
      lang: locale.lang,
      currency: locale.currency,
      theme: view.theme,
    }).then((drawn) => {
      if (view.shown === shown) view.charts.hidden = drawn === 0;
    });
    return Promise.all([table, charts]).then(() => {});
  }
  function setLocale(locale, fileName = view.shown?.fileName) {
    view.locale = locale;
    for (const part of sections) translate(part, locale);
    view.downloads?.clearError();
    if (view.shown) show(view.shown.report, fileName);
  }
  /** 'light' or 'dark': the charts' theme (the page's colours are its style sheet's). */
  function setTheme(theme) {
    view.theme = theme;
    if (view.shown) show(view.shown.report, view.shown.fileName);
  }
  setLocale(locale);
  return {
    sections,
    show,
    setLocale,
    setTheme,
    hide() {
      view.shown = null;
      for (const part of sections) part.hidden = true;
      // Drawn again by the next show.
      disposeCharts(view.charts.querySelector('.chart-grid'));
      disposeCharts(view.retention.querySelector('.retention-chart'));
    },
  };
}

/**
 * The downloads: a button per file, the smallest group the aggregates show, and whether ids are
 * replaced by salted hashes. The salt is made here, by the browser's random generator, and shown
 * so that the user can keep it (or paste an older one: the same salt gives the same codes).
 */
function downloadsSection(view, onDownload) {
  const minGroupSize = element('input', {
    type: 'number',
    min: '1',
    step: '1',
    value: String(DEFAULT_MIN_GROUP_SIZE),
    'data-testid': 'min-group-size',
  });
  const hashIds = element('input', { type: 'checkbox', 'data-testid': 'hash-ids' });
  const salt = element('input', {
    type: 'text',
    value: randomSalt(),
    spellcheck: 'false',
    autocomplete: 'off',
    'data-testid': 'salt',
  });
  const saltField = element(
    'label',
    { class: 'salt', hidden: '' },
    element('span', { 'data-i18n': 'salt' }),
    salt,
  );
  hashIds.addEventListener('change', () => {
    saltField.hidden = !hashIds.checked;
  });
  const error = element('p', { class: 'error', role: 'alert', hidden: '' });
  const downloads = Object.entries(DOWNLOADS).map(([method, { name, ids, smallGroups, offered }]) => {
    const label = `download.${method}`;
    const button = element('button', {
      type: 'button',
      class: 'download',
      'data-testid': `download-${name}`,
      'data-i18n': label,
    });
    button.addEventListener('click', async () => {
      error.hidden = true;
      const { t } = view.locale;
      const hashing = ids && hashIds.checked;
      // Refused here, in the page's language, as the settings refuse theirs: the core would
      // name the option's type (usize) rather than what to type.
      const refused =
        smallGroups && !isCount(minGroupSize.value)
          ? t('minGroupSizeInvalid', t('minGroupSize'), t('minGroupSizeUnit'))
          : hashing && [...salt.value].length < MIN_SALT_CHARS
            ? t('saltTooShort', String(MIN_SALT_CHARS))
            : null;
      if (refused) {
        error.textContent = t('couldNotExport', t(label), refused);
        error.hidden = false;
        return;
      }
      const options = {
        ...(hashing && { idSalt: salt.value }),
        ...(smallGroups && { minGroupSize: Number(minGroupSize.value) }),
      };
      try {
        await onDownload(method, options, name);
      } catch (failure) {
        // The package's errors come in every language; a page's own, in its words.
        const message = failure.messages ? view.locale.text(failure.messages) : failure.message;
        error.textContent = t('couldNotExport', t(label), message);
        error.hidden = false;
      }
    });
    return { button, offered };
  });
  const part = section(
    'downloads',
    'downloads',
    'downloadsTitle',
    element('p', { 'data-i18n': 'downloadsIntro' }),
    element(
      'div',
      { class: 'download-options' },
      element(
        'label',
        {},
        element('span', { 'data-i18n': 'minGroupSize' }),
        minGroupSize,
        element('span', { 'data-i18n': 'minGroupSizeUnit' }),
      ),
      element('label', {}, hashIds, element('span', { 'data-i18n': 'hashIds' })),
      saltField,
    ),
    element('div', { class: 'download-buttons' }, ...downloads.map(({ button }) => button)),
    error,
  );
  /** Shows the buttons of the files `report` has. */
  const offer = (report) => downloads.forEach(({ button, offered }) => (button.hidden = !(offered?.(report) ?? true)));
  return { section: part, clearError: () => (error.hidden = true), offer };
}

/** Whether a field's text is a whole number of at least 1, as a group size must be. */
function isCount(value) {
  const number = Number(value);
  return value.trim() !== '' && Number.isSafeInteger(number) && number >= 1;
}

/** 128 random bits in hexadecimal, from the browser's cryptographic generator. */
function randomSalt() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The progress line of a run at `progress` ({ bytes, total, rows, stage }) after `seconds`. */
export function describeProgress(locale, name, progress, seconds) {
  const megabytes = (bytes) => locale.oneDecimal(bytes / 1e6);
  if (progress.stage === 'analysing') return locale.t('analysingProgress', name, locale.integer(progress.rows));
  const rate = seconds > 0 ? locale.integer(progress.rows / seconds) : '';
  return locale.t(
    'readingProgress',
    name,
    megabytes(progress.bytes),
    megabytes(progress.total),
    locale.integer(progress.rows),
    rate,
  );
}

// Numbers the ids given to headings that name a table.
let headingIds = 0;

/**
 * Names each table of `part` by the heading it stands under (the nearest h2 or h3 before it, at
 * its own level or its containers'), so that a screen reader's list of tables says which is which.
 */
function nameTables(part) {
  for (const table of part.querySelectorAll('table')) {
    let heading = null;
    for (let node = table; node && node !== part && !heading; node = node.parentElement) {
      for (let before = node.previousElementSibling; before && !heading; before = before.previousElementSibling) {
        if (before.matches('h2, h3')) heading = before;
      }
    }
    if (!heading) continue;
    heading.id ||= `custval-heading-${++headingIds}`;
    table.setAttribute('aria-labelledby', heading.id);
  }
}

function section(className, testId, titleKey, ...children) {
  const heading = `${className}-heading`;
  return element(
    'section',
    { class: className, 'aria-labelledby': heading, hidden: '', ...(testId && { 'data-testid': testId }) },
    element('h2', { id: heading, 'data-i18n': titleKey }),
    ...children,
  );
}

const number = (key) => [key, true];

const SEGMENT_FIGURES = [
  'customers',
  'shareOfCustomers',
  'revenue',
  'shareOfRevenue',
  'averageOrderValue',
  'medianRecency',
  'medianFrequency',
  'medianMonetary',
];
const TIER_FIGURES = ['customers', 'shareOfCustomers', 'value', 'shareOfValue'];
// A segment's or a tier's gross profit, when the file has costs.
const PROFIT_FIGURES = ['grossProfitColumn', 'grossMarginColumn'];

/** The header row of a table of groups: their name, their figures and, with costs, their profit. */
function groupHeader(name, figures, withProfit) {
  return headerRow([name, ...[...figures, ...(withProfit ? PROFIT_FIGURES : [])].map(number)]);
}

/**
 * Gives the table of `groups` (segments or tiers) in `section` its header, and returns each
 * group's profit cells: none without costs. The note under the table says how many customers
 * the profit counts where some have no cost.
 */
function profitColumns(section, groups, name, figures, locale) {
  const { t, integer } = locale;
  const withProfit = groups.some((group) => group.profit);
  section.classList.toggle('with-profit', withProfit);
  const head = section.querySelector('thead');
  head.replaceChildren(groupHeader(name, figures, withProfit));
  translate(head, locale);
  const counted = groups.reduce((sum, group) => sum + (group.profit?.customers ?? 0), 0);
  const customers = groups.reduce((sum, group) => sum + group.customers, 0);
  const note = section.querySelector('.profit-note');
  note.hidden = !withProfit || counted === customers;
  note.textContent = note.hidden ? '' : t('groupProfitNote', integer(counted), integer(customers));
  return (group) => (withProfit ? profitCells(group.profit, locale) : []);
}

/** The gross profit and margin cells of a group or a value, dashes where they are unknown. */
function profitCells(profit, { money, percent }) {
  return [profit ? money(profit.grossProfit) : '–', marginText(profit, percent)];
}

/**
 * The note under a table whose gross profit counts `counted` of `all` (customers or rows, as the
 * text `key` says), when that is not all of them: none otherwise.
 */
function profitNote(withProfit, counted, all, key, { t, integer }) {
  if (!withProfit || counted === all) return [];
  return [element('p', { class: 'table-note profit-note' }, t(key, integer(counted), integer(all)))];
}

function marginText(profit, percent) {
  return profit?.grossMargin == null ? '–' : percent(profit.grossMargin);
}

/** A header row of translated labels, given their keys (or [key, numeric]). */
function headerRow(keys) {
  return element(
    'tr',
    {},
    ...keys.map((label) => {
      const [key, numeric] = Array.isArray(label) ? label : [label, false];
      return element('th', { scope: 'col', 'data-i18n': key, ...(numeric && { class: 'number' }) });
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
  const { locale } = view;
  const { input } = report;
  const { t, integer } = locale;
  const delimiter = `delimiter.${input.delimiter}`;
  const facts = [
    ['file', fileName],
    ['customers', integer(input.customers)],
    ['rowsRead', integer(input.rowsRead)],
    ['rowsUsed', integer(input.rowsUsed)],
    ['rowsAfterAsOf', integer(input.rowsAfterAsOf)],
    ['rowsSkipped', integer(input.rowsSkipped)],
    ['dateRange', dateRange(locale, input.firstDate, input.lastDate)],
    ['asOf', locale.date(report.asOf)],
    ['netRevenue', locale.money(input.netRevenue)],
    ...(input.grossMargin == null ? [] : [['grossMargin', locale.percent(input.grossMargin)]]),
    ['encoding', input.encoding],
    ['delimiter', locale.has(delimiter) ? t(delimiter) : input.delimiter],
    ['dateFormat', formatChoice(locale, t('dateFormatName', input.dateFormat.format), input.dateFormat)],
    ['decimalSeparator', formatChoice(locale, t(decimalName(input.decimalSeparator.format)), input.decimalSeparator)],
    ['columns', describeColumns(locale, input)],
  ];
  // Rows without a customer id are no customer's, but the business's revenue all the same.
  const { unattributed } = input;
  if (unattributed.rows > 0) {
    const value = withNote(locale.money(unattributed.revenue), t('unattributedRows', integer(unattributed.rows)));
    facts.splice(facts.findIndex(([field]) => field === 'netRevenue') + 1, 0, ['unattributedRevenue', value]);
  }
  if (input.returnOnlyCustomers > 0) {
    facts.splice(2, 0, ['returnOnlyCustomers', integer(input.returnOnlyCustomers)]);
  }
  view.summary.querySelector('.facts').replaceChildren(
    ...facts.map(([field, value]) => {
      return element(
        'div',
        { 'data-field': field },
        element('dt', {}, t(field)),
        element('dd', {}, ...[value].flat()),
      );
    }),
  );
  // What the input could not give: a customer file's missing history, clusters not found.
  const limitations = view.summary.querySelector('.limitations');
  limitations.replaceChildren(...limitationItems(locale, input.limitations));
  limitations.hidden = input.limitations.length === 0;
  view.summary
    .querySelector('.skipped')
    .replaceChildren(
      ...renderSkipped(locale, input.skipped),
      ...renderRowGroups(locale, 'alteredRows', input.altered),
      ...renderRowGroups(locale, 'duplicateRows', input.duplicates),
    );
}

/** A format chosen for the whole file, with how it was chosen and how many values read both ways. */
function formatChoice({ t, integer }, shown, { source, ambiguous }) {
  return withNote(shown, t('formatChoiceNote', t(`mapping.source.${source}`), integer(ambiguous)));
}

const decimalName = (separator) => (separator === ',' ? 'decimal.comma' : 'decimal.point');

/** A fact's value with a note in smaller type under it. */
function withNote(value, note) {
  return [value, ' ', element('small', { class: 'fact-note' }, note)];
}

// Each date stays on one line; a narrow box breaks at the dash instead.
function dateRange(locale, first, last) {
  return [
    element('span', { class: 'nowrap' }, locale.date(first)),
    ' – ',
    element('span', { class: 'nowrap' }, locale.date(last)),
  ];
}

function describeColumns({ t }, { kind, columns }) {
  const used = COLUMN_ROLES[kind]
    .filter((role) => columns[role] != null)
    .map((role) => t('labelled', t(`column.${role}`), columns[role]));
  // Without order ids the core counts a customer's purchases on one day as one occasion.
  if (kind === 'transactions' && columns.order == null) used.push(t('noOrderId'));
  return used.join(' · ');
}

function renderSkipped(locale, groups) {
  if (groups.length === 0) return [element('p', {}, locale.t('noRowsSkipped'))];
  return renderRowGroups(locale, 'skippedRows', groups);
}

/** Row issues under the heading `title`; nothing when there are none. */
function renderRowGroups(locale, title, groups) {
  if (groups.length === 0) return [];
  return [element('h3', {}, locale.t(title)), ...renderIssueGroups(locale, groups)];
}

/** Row issues by reason: the count and advice, with the first lines on demand. */
function renderIssueGroups({ t, integer, text }, groups) {
  return groups.map((group) => {
    const details = element(
      'details',
      { 'data-reason': group.reason },
      element('summary', {}, t('rowsWithAdvice', integer(group.count), text(group.advice))),
      element('ul', {}, ...group.examples.map((example) => element('li', {}, text(example.message)))),
    );
    if (group.examples.length < group.count) {
      details.append(element('p', {}, t('firstListed', integer(group.examples.length))));
    }
    return details;
  });
}

function renderSegments(view, rfm) {
  const { integer, percent, money, median, text } = view.locale;
  const profit = profitColumns(view.segments, rfm.segments, 'segment', SEGMENT_FIGURES, view.locale);
  const rows = rfm.segments.map((segment) => {
    const empty = segment.customers === 0;
    // An empty segment has no medians, and zero shares would only add noise.
    const figures = empty
      ? Array(SEGMENT_FIGURES.length - 1).fill('–')
      : [
          percent(segment.customerShare),
          money(segment.revenue),
          percent(segment.revenueShare),
          money(segment.averageOrderValue),
          median(segment.medianRecencyDays),
          median(segment.medianFrequency),
          money(segment.medianMonetary),
        ];
    return element(
      'tr',
      { 'data-segment': segment.key, ...(empty && { class: 'empty' }) },
      element('th', { scope: 'row' }, text(segment.name)),
      ...[integer(segment.customers), ...figures, ...profit(segment)].map(numberCell),
    );
  });
  view.segments.querySelector('tbody').replaceChildren(...rows);

  const notes = Object.values(rfm.scores).flatMap((scoring) => scoring.notes);
  const notesBox = view.segments.querySelector('.score-notes');
  notesBox.querySelector('ul').replaceChildren(...notes.map((note) => element('li', {}, text(note))));
  notesBox.hidden = notes.length === 0;
}

function renderValue(view, { pareto, tiers }) {
  const { locale } = view;
  const { integer, percent, money, text } = locale;
  view.value.querySelector('.headline').textContent = pareto ? text(pareto.headline) : locale.t('noPareto');

  const profit = profitColumns(view.value, tiers.groups, 'tier', TIER_FIGURES, locale);
  const rows = tiers.groups.map((group) =>
    element(
      'tr',
      { 'data-tier': group.tier },
      element('th', { scope: 'row' }, text(group.name)),
      ...[
        integer(group.customers),
        percent(group.customerShare),
        money(group.value),
        percent(group.valueShare),
        ...profit(group),
      ].map(numberCell),
    ),
  );
  view.value.querySelector('tbody').replaceChildren(...rows);
}

/** The lifetime value over the horizon, the lifecycle stages and the early-warning list. */
function renderLifetime(view, clv) {
  const { t, text, integer, money, percent } = view.locale;
  view.lifetime.querySelector('.headline').textContent = t('clvHeadline', money(clv.totalClv), clv.horizonMonths);
  const withProfit = clv.lifecycle.some((group) => group.profit);
  const stages = clv.lifecycle.map((group) =>
    element(
      'tr',
      { 'data-stage': group.stage },
      element('th', { scope: 'row' }, t(`stage.${group.stage}`)),
      ...[
        integer(group.customers),
        money(group.clv),
        ...(withProfit ? profitCells(group.profit, view.locale) : []),
      ].map(numberCell),
    ),
  );
  const columns = ['lifecycleColumn', 'customers', 'clvColumn', ...(withProfit ? PROFIT_FIGURES : [])];
  const counted = clv.lifecycle.reduce((sum, group) => sum + (group.profit?.customers ?? 0), 0);
  const customers = clv.lifecycle.reduce((sum, group) => sum + group.customers, 0);
  const note = profitNote(withProfit, counted, customers, 'groupProfitNote', view.locale);
  view.lifetime
    .querySelector('.stages')
    .replaceChildren(
      element('h3', {}, t('stagesTitle')),
      dataTable({ 'data-testid': 'stages' }, columns.map(t), [1, 2, 3, 4], stages),
      ...note,
    );
  const warnings = clv.earlyWarning.map((warning, index) =>
    element(
      'tr',
      { 'data-customer-id': warning.id, ...(index >= view.warningsShown && { class: 'later' }) },
      element('th', { scope: 'row' }, warning.id),
      element('td', {}, t(`tier.${warning.tier}`)),
      numberCell(warning.pAlive == null ? '–' : percent(warning.pAlive)),
      numberCell(money(warning.value)),
      numberCell(money(warning.valueAtRisk)),
      numberCell(warning.clv == null ? '–' : money(warning.clv)),
      proseCell(text(warning.reason)),
    ),
  );
  const total = clv.earlyWarningCustomers;
  view.lifetime
    .querySelector('.early-warning')
    .replaceChildren(
      element(
        'h3',
        {},
        t('earlyWarningTitle', integer(total)),
        warnings.length < total ? t('earlyWarningShown', integer(warnings.length)) : '',
      ),
      warnings.length === 0
        ? element('p', {}, t('noEarlyWarning'))
        : dataTable(
            { 'data-testid': 'early-warning' },
            ['customer', 'tier', 'pAliveColumn', 'valueSoFar', 'revenueAtRisk', 'clvColumn', 'why'].map(t),
            [2, 3, 4, 5],
            warnings,
          ),
      ...(warnings.length > view.warningsShown ? [moreWarningsButton(view, warnings)] : []),
      ...(warnings.length === 0 ? [] : [element('p', { class: 'table-note' }, t('earlyWarningNote'))]),
    );
  view.lifetime.querySelector('.model-notes').replaceChildren(...clv.notes.map((note) => element('li', {}, text(note))));
}

/**
 * The button under the early warning that shows its next WARNINGS_STEP `rows` (those of class
 * `later`, which the screen does not show, and paper does). With the last of them it goes, and
 * the keyboard's focus moves to the first row it showed rather than to the top of the page.
 */
function moreWarningsButton(view, rows) {
  const { t, integer } = view.locale;
  const button = element('button', { type: 'button', class: 'show-more', 'data-testid': 'more-warnings' });
  const label = () => {
    const left = rows.length - view.warningsShown;
    button.textContent = t('moreWarnings', integer(Math.min(WARNINGS_STEP, left)), integer(left));
  };
  label();
  button.addEventListener('click', () => {
    const first = view.warningsShown;
    view.warningsShown += WARNINGS_STEP;
    for (const row of rows.slice(first, view.warningsShown)) row.classList.remove('later');
    if (view.warningsShown < rows.length) return label();
    const heading = rows[first].querySelector('th');
    heading.tabIndex = -1;
    heading.focus();
    button.remove();
  });
  return button;
}

// Numbers the retention choices' radio groups, one per report view.
let periodChoices = 0;

/** The retention section's choice of period length, as radio buttons (report.css hides them on paper). */
function periodChoice() {
  const name = `custval-period-${++periodChoices}`;
  return element(
    'fieldset',
    { class: 'period-choice', 'data-testid': 'retention-period' },
    element('legend', { 'data-i18n': 'retentionPeriods' }),
    ...Object.keys(RETENTION_PERIODS).map((length) =>
      element(
        'label',
        {},
        element('input', { type: 'radio', name, value: length }),
        element('span', { 'data-i18n': `length.${length}` }),
      ),
    ),
  );
}

/**
 * The repeat-purchase rate, the latest retention of the periods of the length chosen, their
 * chart and their table. The latest is the last period both complete (not cut short by "as of")
 * and with a rate: a partial period's rate can still rise.
 */
function renderRetention(view, report) {
  const { locale, periodLength } = view;
  const { t, integer, percent, wholePercent } = locale;
  const { retention } = report;
  const part = view.retention;
  for (const radio of part.querySelectorAll('.period-choice input')) radio.checked = radio.value === periodLength;
  part.querySelector('[data-testid="repeat-headline"]').textContent = t(
    'repeatHeadline',
    wholePercent(retention.repeatPurchaseRate),
    integer(retention.repeatCustomers),
    integer(retention.customers),
  );
  const periods = retention[RETENTION_PERIODS[periodLength]];
  const latest = periods.findLastIndex((period) => !period.partial && period.retentionRate != null);
  part.querySelector('[data-testid="retention-headline"]').textContent =
    latest > 0
      ? t(
          'retentionHeadline',
          locale.period(periods[latest - 1].period),
          wholePercent(periods[latest].retentionRate),
          locale.period(periods[latest].period),
        )
      : t('noRetention', t(`dimension.${periodLength}`));

  const area = part.querySelector('.retention-chart');
  disposeCharts(area);
  const container = element('div', { class: 'chart' });
  area.append(element('figure', { class: 'chart-figure', 'data-chart': 'retention' }, container));
  drawRetention(container, report, {
    lang: locale.lang,
    currency: locale.currency,
    theme: view.theme,
    period: periodLength,
  });

  const rows = periods.map((period) =>
    element(
      'tr',
      { 'data-period': period.period, ...(period.partial && { class: 'partial' }) },
      element(
        'th',
        { scope: 'row' },
        locale.period(period.period),
        ...(period.partial ? [' ', element('small', {}, t('partialPeriod', locale.date(period.end)))] : []),
      ),
      numberCell(integer(period.active)),
      numberCell(integer(period.new)),
      numberCell(period.retained == null ? '–' : integer(period.retained)),
      numberCell(period.retentionRate == null ? '–' : percent(period.retentionRate)),
    ),
  );
  part
    .querySelector('.retention-periods')
    .replaceChildren(
      dataTable(
        { 'data-testid': 'retention-periods' },
        ['period', 'activeCustomers', 'newCustomers', 'retainedCustomers', 'retentionRate'].map(t),
        [1, 2, 3, 4],
        rows,
      ),
      element('p', { class: 'table-note' }, t('retentionNote', locale.text(retention.formula))),
    );
}

/**
 * A table per region, channel, category, customer type or discount column: its values by net
 * revenue (a discount's kinds named in the page's language), blanks last, and with costs their
 * gross profit, counted over the rows that have a cost; under the discount's, who the
 * price-sensitive customers are.
 */
function renderAttributes(view, attributes) {
  const { locale } = view;
  const { t, integer, percent, money } = locale;
  const tables = attributes.map(({ attribute, column, values, blankRows, blankRevenue, blankProfit }) => {
    const withProfit = Boolean(blankProfit) || values.some((value) => value.profit);
    const headings = ['customers', 'rows', 'revenue', 'shareOfRevenue', ...(withProfit ? PROFIT_FIGURES : [])];
    const profit = (value) => (withProfit ? profitCells(value, locale) : []);
    const header = element(
      'tr',
      {},
      element('th', { scope: 'col' }, t(`attribute-${attribute}`)),
      ...headings.map((key) => element('th', { scope: 'col', class: 'number' }, t(key))),
    );
    const rows = values.map((value) =>
      element(
        'tr',
        {},
        element('th', { scope: 'row' }, attribute === 'discount' ? t(`discount.${value.value}`) : value.value),
        ...[
          integer(value.customers),
          integer(value.rows),
          money(value.revenue),
          percent(value.revenueShare),
          ...profit(value.profit),
        ].map(numberCell),
      ),
    );
    if (blankRows > 0) {
      rows.push(
        element(
          'tr',
          { class: 'blank' },
          element('th', { scope: 'row' }, t('blankValue')),
          ...['–', integer(blankRows), money(blankRevenue), '–', ...profit(blankProfit)].map(numberCell),
        ),
      );
    }
    const table = scrollingTable(header);
    table.querySelector('tbody').replaceChildren(...rows);
    const counted = values.reduce((sum, value) => sum + (value.profit?.rows ?? 0), blankProfit?.rows ?? 0);
    const allRows = values.reduce((sum, value) => sum + value.rows, blankRows);
    const note = profitNote(withProfit, counted, allRows, 'rowsProfitNote', locale);
    return element(
      'div',
      { 'data-attribute': attribute },
      element('h3', {}, t('attributeColumn', t(`attribute-${attribute}`), column)),
      table,
      ...note,
      ...(attribute === 'discount' ? [element('p', { class: 'table-note' }, t('priceSensitiveNote'))] : []),
    );
  });
  view.attributes.querySelector('.attribute-tables').replaceChildren(...tables);
}

function numberCell(text) {
  return element('td', { class: 'number' }, text);
}

/** A cell of sentences, which wraps (report.css) so that its table fits the page's width. */
function proseCell(...content) {
  return element('td', { class: 'prose' }, ...content);
}

/** Asks for the table's page on show and draws it, unless a newer request overtook it. */
async function renderTable(view) {
  const { sort, locale, columns } = view;
  const { t, integer } = locale;
  const request = ++view.tableRequests;
  // The headings change at once; the rows when the page arrives, with the table busy meanwhile.
  for (const th of view.table.tHead.rows[0].cells) {
    th.hidden = !columns.has(th.dataset.key);
    if (th.dataset.key === sort.key) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  }
  view.table.setAttribute('aria-busy', 'true');
  const chosen = Object.entries(view.filters).filter(([, value]) => value !== '');
  const query = {
    search: view.search,
    ...Object.fromEntries(chosen.map(([key, value]) => [key, key === 'cluster' ? Number(value) : value])),
    sort: sort.key,
    descending: sort.descending,
    offset: view.pageIndex * TABLE_LIMIT,
    limit: TABLE_LIMIT,
  };
  let page;
  try {
    page = await view.shown.pages(query);
  } catch (error) {
    if (request === view.tableRequests) {
      view.table.tBodies[0].replaceChildren();
      view.tableNote.textContent = t('tableFailed', error.message);
      view.table.removeAttribute('aria-busy');
    }
    return;
  }
  if (request !== view.tableRequests) return;
  const { total, matching, offset, customers } = page;
  const pages = Math.max(1, Math.ceil(matching / TABLE_LIMIT));
  // A page past the end (the matches shrank): show the last one instead.
  if (view.pageIndex >= pages) {
    view.pageIndex = pages - 1;
    await renderTable(view);
    return;
  }
  view.table.tBodies[0].replaceChildren(
    ...customers.map((customer, index) => renderRow(locale, customer, columns, index >= PRINT_LIMIT)),
  );
  view.tableNote.textContent =
    customers.length < matching
      ? t('showingCustomers', integer(offset + 1), integer(offset + customers.length), integer(matching))
      : t('customerCount', integer(matching));
  if (matching < total) view.tableNote.textContent += t('matchingOf', integer(total));
  const [previous, next] = view.pager.querySelectorAll('button');
  const focused = view.pager.getRootNode().activeElement;
  previous.disabled = view.pageIndex === 0;
  next.disabled = view.pageIndex === pages - 1;
  // A button disabled under the keyboard's focus would drop it to the top of the page: the
  // other one takes it (Next on the last page leaves it on Previous).
  if (focused?.disabled && view.pager.contains(focused)) (focused === next ? previous : next).focus();
  view.pager.hidden = pages === 1;
  view.printNote.textContent =
    customers.length > PRINT_LIMIT ? t('printedCustomers', integer(PRINT_LIMIT), integer(matching)) : '';
  view.table.removeAttribute('aria-busy');
}

/** What each measure means, with this report's date, horizon and discount rate. */
function renderDefinitions(view, report) {
  const { t, percent } = view.locale;
  const clv = report.clv;
  const entries = [
    ['asOf', [view.locale.date(report.asOf)]],
    ['occasion', []],
    ['recency', []],
    ['frequency', []],
    ['monetary', []],
    ...(hasCosts(report) ? [['grossProfit', []], ['grossMargin', []]] : []),
    ['tiers', []],
    ...(clv
      ? [
          ['pAlive', []],
          ['clv', [clv.horizonMonths, percent(clv.monthlyDiscountRate), percent((1 + clv.monthlyDiscountRate) ** 12 - 1)]],
        ]
      : []),
    ...(report.satisfaction ? [['nps', [satisfactionDefinition(view.locale, report.satisfaction)]]] : []),
  ];
  view.definitions.querySelector('dl').replaceChildren(
    ...entries.map(([key, values]) =>
      element('div', { 'data-term': key }, element('dt', {}, t(`term.${key}`)), element('dd', {}, t(`def.${key}`, ...values))),
    ),
  );
}

/** NPS, CSAT and CES as the survey was read: each question's scale and boxes. */
function satisfactionDefinition({ t }, { nps, csat, ces }) {
  const range = ({ min, max }) => `${min}–${max}`;
  return [
    nps && t('def.npsPart', range(nps.boxes.promoters), range(nps.boxes.detractors), range(nps.scale)),
    csat && t('def.csatPart', range(csat.boxes.satisfied), range(csat.scale)),
    ces && t('def.cesPart', range(ces.scale)),
  ]
    .filter(Boolean)
    .join(t('clauseSeparator'));
}

/** Each filter's options from the report: its groups in the report's order, and "all". */
function renderFilters(view, report) {
  const { t, text } = view.locale;
  const search = view.filterBar.querySelector('input');
  search.placeholder = t('searchCustomers');
  search.value = view.search;
  const groups = {
    segment: report.rfm.segments.filter((s) => s.customers > 0).map((s) => [s.key, text(s.name)]),
    tier: report.tiers.groups.map((group) => [group.tier, t(`tier.${group.tier}`)]),
    cluster: (report.clusters?.clusters ?? []).map((c) => [String(c.index), text(c.name)]),
    lifecycle: report.clv ? STAGES.map((stage) => [stage, t(`stage.${stage}`)]) : [],
  };
  for (const { key, all } of FILTERS) {
    const select = view.filterBar.querySelector(`select[data-filter="${key}"]`);
    const options = [['', t(all)], ...groups[key]];
    // A report without the filter's groups (no clusters) hides it and drops its choice.
    if (!options.some(([value]) => value === view.filters[key])) view.filters[key] = '';
    select.replaceChildren(...options.map(([value, label]) => element('option', { value }, label)));
    select.value = view.filters[key] ?? '';
    select.hidden = groups[key].length === 0;
  }
}

function renderRow(locale, customer, columns, unprinted) {
  const { integer, money, percent, text, t } = locale;
  const optional = {
    grossProfit: () => numberCell(customer.grossProfit == null ? '–' : money(customer.grossProfit)),
    cluster: () => element('td', {}, customer.clusterName ? text(customer.clusterName) : '–'),
    lifecycle: () =>
      element('td', { title: text(customer.lifecycleWhy) }, t(`stage.${customer.lifecycle}`)),
    pAlive: () => numberCell(customer.pAlive == null ? '–' : percent(customer.pAlive)),
    clv: () => numberCell(customer.clv == null ? '–' : money(customer.clv)),
    nps: () => numberCell(customer.satisfaction?.nps ?? '–'),
  };
  return element(
    'tr',
    { 'data-customer-id': customer.id, ...(unprinted && { class: 'unprinted' }) },
    element('th', { scope: 'row' }, customer.id),
    // A customer file may have no first purchase dates.
    element('td', {}, customer.firstPurchase ? locale.date(customer.firstPurchase) : '–'),
    element('td', {}, locale.date(customer.lastPurchase)),
    numberCell(integer(customer.recencyDays)),
    numberCell(integer(customer.frequency)),
    numberCell(money(customer.monetary)),
    element('td', {}, customer.rfmCell),
    element('td', { title: text(customer.segmentWhy) }, text(customer.segmentName)),
    element('td', {}, t(`tier.${customer.tier}`)),
    ...Object.entries(optional).filter(([key]) => columns.has(key)).map(([, cell]) => cell()),
  );
}

/** What an input cannot give, one item each, marked with its key. */
function limitationItems(locale, limitations) {
  return limitations.map(({ key, text }) => element('li', { 'data-key': key }, locale.text(text)));
}

function renderSatisfaction(part, locale, report) {
  const { t, integer } = locale;
  const { satisfaction } = report;
  const { input } = satisfaction;
  const matched =
    input.responsesMatchedToCustomers == null
      ? ''
      : t('matchedToCustomers', integer(input.responsesMatchedToCustomers));
  part.querySelector('.survey-note').textContent =
    `${t('surveyRowsUsed', integer(input.rowsUsed), integer(input.rowsRead))}${matched}${t('fullStop')}`;
  part
    .querySelector('.metrics')
    .replaceChildren(
      ...[
        npsCard(locale, satisfaction.nps),
        csatCard(locale, satisfaction.csat),
        cesCard(locale, satisfaction.ces),
      ].filter(Boolean),
    );
  part
    .querySelector('.survey-skipped')
    .replaceChildren(
      ...(input.limitations.length > 0
        ? [element('ul', { class: 'limitations' }, ...limitationItems(locale, input.limitations))]
        : []),
      ...renderSkipped(locale, input.skipped),
      ...renderRowGroups(locale, 'alteredRows', input.altered),
      ...renderRowGroups(locale, 'answersOutsideScale', input.invalidAnswers),
      ...renderRowGroups(locale, 'duplicateRows', input.duplicates),
    );
  part
    .querySelector('.by-group')
    .replaceChildren(
      ...satisfaction.groups.flatMap((table) => groupTable(locale, table, satisfaction.minGroupAnswers, report)),
    );
  part.querySelector('.trend').replaceChildren(...trendTable(locale, satisfaction.trend));
  part.querySelector('.value-lists').replaceChildren(...valueLists(locale, satisfaction.value));
  part.querySelector('.comments').replaceChildren(...commentTerms(locale, satisfaction.comments));
}

/** A metric with its headline number, its uncertainty, its counts and the formula it comes from. */
function metricCard(locale, metric, title, headline, details, section) {
  const { t, integer } = locale;
  const scale = `${section.scale.min}–${section.scale.max}`;
  const left = section.missing + section.invalid;
  return element(
    'article',
    { class: 'metric', 'data-metric': metric },
    element('h3', {}, title),
    element('p', { class: 'headline-number' }, headline),
    ...details.map((detail) => element('p', {}, detail)),
    ...(section.smallSample ? [element('p', { class: 'warning' }, t('smallSample'))] : []),
    element('p', { class: 'scale' }, t('columnScale', section.column, scale)),
    ...(section.reversed ? [element('p', {}, t('scaleReversed', scale))] : []),
    ...(left > 0 ? [element('p', {}, t('answersLeftOut', integer(left)))] : []),
    element(
      'details',
      {},
      element('summary', {}, t('howComputed')),
      element('p', {}, locale.text(section.formula)),
    ),
  );
}

function npsCard(locale, nps) {
  if (!nps) return null;
  const { t, integer, percent, signed } = locale;
  if (nps.score == null) return metricCard(locale, 'nps', t('nps'), '–', [t('noAnswers')], nps);
  const share = (count) => percent(count / nps.n);
  return metricCard(
    locale,
    'nps',
    t('npsTitle'),
    signed(nps.score),
    [
      t('npsInterval', signed(nps.interval.low), signed(nps.interval.high)),
      t('npsAnswers', integer(nps.n), share(nps.promoters), share(nps.passives), share(nps.detractors)),
    ],
    nps,
  );
}

function csatCard(locale, csat) {
  if (!csat) return null;
  const { t, integer, oneDecimal } = locale;
  if (csat.score == null) return metricCard(locale, 'csat', t('csat'), '–', [t('noAnswers')], csat);
  const { satisfied } = csat.boxes;
  return metricCard(
    locale,
    'csat',
    t('csatTitle'),
    t('scorePercent', oneDecimal(csat.score)),
    [
      t('csatInterval', oneDecimal(csat.interval.low), oneDecimal(csat.interval.high)),
      t(
        'csatAnswers',
        integer(csat.satisfied),
        integer(csat.n),
        `${satisfied.min}–${satisfied.max}`,
        oneDecimal(csat.mean),
      ),
    ],
    csat,
  );
}

function cesCard(locale, ces) {
  if (!ces) return null;
  const { t, integer, oneDecimal } = locale;
  if (ces.mean == null) return metricCard(locale, 'ces', t('ces'), '–', [t('noAnswers')], ces);
  const { easy } = ces.boxes;
  const margin = ces.meanMarginOfError == null ? [] : [t('cesMargin', oneDecimal(ces.meanMarginOfError))];
  return metricCard(
    locale,
    'ces',
    t('cesTitle'),
    t('cesMean', oneDecimal(ces.mean)),
    [...margin, t('cesAnswers', integer(ces.n), oneDecimal(ces.easyShare), `${easy.min}–${easy.max}`)],
    ces,
  );
}

/** One cell per metric: the figure, or why there is none. */
function groupFigure(locale, entry, format) {
  if (!entry) return numberCell('–');
  if (entry.status !== 'ok') return numberCell(locale.t('tooFewAnswers', locale.integer(entry.n)));
  return numberCell(format(entry.figures));
}

/** A scrollable table: header texts, the indices of the number columns, and <tr> elements. */
function dataTable(attributes, columns, numberColumns, rows) {
  const header = columns.map((text, i) =>
    element('th', { scope: 'col', ...(numberColumns.includes(i) && { class: 'number' }) }, text),
  );
  // On a phone each row is a card whose cells carry their column's name (report.css).
  for (const row of rows) [...row.cells].forEach((cell, i) => (cell.dataset.label = columns[i]));
  return element(
    'div',
    { class: 'table-scroll stacked', ...attributes },
    element('table', {}, element('thead', {}, element('tr', {}, ...header)), element('tbody', {}, ...rows)),
  );
}

/** The playbook of every group that occurs, with its money at stake, and the week's call list. */
function renderRecommendations(view, recommendations) {
  const { locale } = view;
  const { t, text, integer, money, percent } = locale;
  view.recommendations.querySelector('.value-basis').textContent = t(
    'valueBasis',
    t(`basis.${recommendations.valueBasis}`),
  );
  const list = (texts) => element('ul', {}, ...texts.map((item) => element('li', {}, text(item))));
  const lens = (key) => (locale.has(`lens.${key}`) ? t(`lens.${key}`) : key);
  // Valued at lifetime value, a group's past is shown beside it: valuable customers the model
  // holds lost are worth little from now on, which their value alone would leave unexplained.
  const withPast = recommendations.valueBasis !== 'netRevenue';
  // With costs, how much room a group's margin leaves for the offers its actions make.
  const withMargin = recommendations.segments.some((play) => play.profit);
  const plays = recommendations.segments.map((play) =>
    element(
      'tr',
      { 'data-lens': play.lens, 'data-key': play.key },
      element('th', { scope: 'row' }, t('labelled', lens(play.lens), text(play.name))),
      numberCell(integer(play.customers)),
      ...(withPast ? [numberCell(money(play.revenue))] : []),
      numberCell(money(play.value)),
      numberCell(play.valueAtRisk == null ? '–' : money(play.valueAtRisk)),
      ...(withMargin ? [numberCell(marginText(play.profit, percent))] : []),
      element('td', { class: 'prose goal' }, element('p', {}, text(play.goal)), list(play.actions)),
      proseCell(text(play.channel)),
    ),
  );
  // Not the early warning's revenue at risk: the value lost is the one the plays are valued at.
  const atRisk = `atRisk.${recommendations.valueBasis}`;
  const figures = ['customers', ...(withPast ? ['valueSoFar'] : []), 'value', atRisk, ...(withMargin ? ['grossMarginColumn'] : [])];
  const columns = ['group', ...figures, 'goalAndActions', 'channel'];
  const numberColumns = figures.map((_, i) => i + 1);
  view.recommendations
    .querySelector('.plays')
    .replaceChildren(
      dataTable({ 'data-testid': 'plays' }, columns.map(t), numberColumns, plays),
      element('p', { class: 'table-note' }, t(`${atRisk}.note`)),
    );
  const calls = recommendations.callList.map((call) =>
    element(
      'tr',
      { 'data-customer-id': call.id },
      numberCell(integer(call.rank)),
      element('th', { scope: 'row' }, call.id),
      numberCell(money(call.valueAtRisk)),
      proseCell(text(call.reason)),
      proseCell(text(call.action)),
    ),
  );
  view.recommendations
    .querySelector('.call-list')
    .replaceChildren(
      element('h3', {}, t('callThisWeek', integer(calls.length))),
      calls.length === 0
        ? element('p', {}, t('nobodyUrgent'))
        : dataTable(
            { 'data-testid': 'call-list' },
            ['rank', 'customer', atRisk, 'why', 'action'].map(t),
            [0, 2],
            calls,
          ),
    );
}

/**
 * A table of figures per group; the customers' segments, tiers, clusters, lifecycle stages and
 * discount kinds under their names in the page's language rather than the core's labels (keys,
 * and a cluster's English name).
 */
function groupTable(locale, table, minimum, report) {
  // No response matched a customer (a survey without ids, say): there is nothing to show.
  if (table.groups.length === 0) return [];
  const { t, text, integer, signed, oneDecimal } = locale;
  const named = (items, key, name) => Object.fromEntries(items.map((item) => [key(item), name(item)]));
  const names = {
    segment: () => named(report.rfm?.segments ?? [], (segment) => segment.key, (segment) => text(segment.name)),
    tier: () => named(['high', 'medium', 'low'], (tier) => tier, (tier) => t(`tier.${tier}`)),
    cluster: () => named(report.clusters?.clusters ?? [], (cluster) => cluster.name.en, (c) => text(c.name)),
    lifecycle: () => named(STAGES, (stage) => stage, (stage) => t(`stage.${stage}`)),
    discount: () => named(DISCOUNT_KINDS, (kind) => kind, (kind) => t(`discount.${kind}`)),
  }[table.source === 'customers' && table.dimension]?.();
  const rows = table.groups.map((group) =>
    element(
      'tr',
      { 'data-group': group.label },
      element('th', { scope: 'row' }, names?.[group.label] ?? group.label),
      numberCell(integer(group.responses)),
      groupFigure(locale, group.nps, (f) => t('scoreWithin', signed(f.score), signed(f.interval.low), signed(f.interval.high))),
      groupFigure(locale, group.csat, (f) => t('scorePercent', oneDecimal(f.score))),
      groupFigure(locale, group.ces, (f) => oneDecimal(f.mean)),
    ),
  );
  const dimension = NAMED_DIMENSIONS.has(table.dimension)
    ? t(`dimension.${table.dimension}`)
    : table.dimension;
  return [
    element('h3', {}, t('byDimension', dimension)),
    dataTable(
      { 'data-dimension': table.dimension },
      ['group', 'answers', 'nps', 'csat', 'ces'].map(t),
      [1, 2, 3, 4],
      rows,
    ),
    element('p', { class: 'table-note' }, t('groupMinimum', integer(minimum))),
  ];
}

function trendTable(locale, trend) {
  if (!trend || trend.periods.length < 2) return [];
  const { t, integer, signed, oneDecimal } = locale;
  const cell = (figures, value) => {
    // A period without answers has no figure to show.
    if (!figures || figures.n === 0) return numberCell('–');
    const change = figures.change;
    const text = change ? `${value(figures)} (${signed(change.change)})` : value(figures);
    return element('td', { class: change?.exceedsMargin ? 'number significant' : 'number' }, text);
  };
  const rows = trend.periods.map((period) =>
    element(
      'tr',
      {},
      element('th', { scope: 'row' }, locale.period(period.period)),
      numberCell(integer(period.responses)),
      cell(period.nps, (f) => signed(f.score)),
      cell(period.csat, (f) => oneDecimal(f.score)),
      cell(period.ces, (f) => oneDecimal(f.mean)),
    ),
  );
  const columns = ['period', 'answers', 'npsChange', 'csatChange', 'cesChange'].map(t);
  return [
    element('h3', {}, t('byDimension', t(`dimension.${trend.period}`))),
    dataTable({ 'data-testid': 'satisfaction-trend' }, columns, [1, 2, 3, 4], rows),
    element('p', { class: 'table-note' }, t('trendNote', locale.text(trend.formula))),
  ];
}

function valueLists(locale, value) {
  if (!value) return [];
  const { t, integer, money } = locale;
  const columns = ['customer', 'tier', 'frequency', 'monetary', 'npsAnswer', 'answered'].map(t);
  const list = (titleKey, testId, customers) => {
    const rows = customers.map((row) =>
      element(
        'tr',
        { 'data-customer-id': row.id },
        element('th', { scope: 'row' }, row.id),
        element('td', {}, t(`tier.${row.tier}`)),
        numberCell(integer(row.frequency)),
        numberCell(money(row.monetary)),
        numberCell(row.nps),
        element('td', {}, row.npsAnswered == null ? '–' : locale.date(row.npsAnswered)),
      ),
    );
    return [
      element('h3', {}, t('listTitle', t(titleKey), integer(customers.length))),
      customers.length === 0
        ? element('p', {}, t('nobody'))
        : dataTable({ 'data-testid': testId }, columns, [2, 3, 4], rows),
    ];
  };
  return [
    ...list('rescueFirst', 'rescue-first', value.rescueFirst),
    ...list('askForReferral', 'ask-for-referral', value.askForReferral),
    element('p', { class: 'table-note' }, locale.text(value.rule)),
  ];
}

function commentTerms(locale, comments) {
  if (!comments || comments.groups.length === 0) return [];
  const { t, integer } = locale;
  const terms = (list) =>
    list.map((term) => `${term.term} (${integer(term.comments)})`).join(t('listSeparator')) || '–';
  return [
    element('h3', {}, t('commentsTitle')),
    element(
      'dl',
      { class: 'comment-terms' },
      ...comments.groups.flatMap((group) => [
        element(
          'dt',
          {},
          t(
            'commentCount',
            group.npsGroup ? t(`npsGroup.${group.npsGroup}`) : t('withoutNps'),
            integer(group.comments),
          ),
        ),
        element('dd', {}, t('words', terms(group.words))),
        element('dd', {}, t('phrases', terms(group.phrases))),
      ]),
    ),
    element('p', { class: 'table-note' }, locale.text(comments.method)),
  ];
}

/** Creates an element with attributes and children; strings become text nodes, never HTML. */
function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
