// The page: reads the user's files locally, hands them to the npm package's worker client (whose
// worker owns the wasm core) and shows the report with the package's report view, as the
// <custval-report> element does, in the language and currency the user chose. No analysis
// happens here. Everything that comes from the file is written with textContent, never parsed
// as HTML.

import { CURRENCIES, LANGUAGES, createLocale, defaultCurrency, pickLanguage, translate } from './pkg/i18n.js';
import { createWorkerClient } from './pkg/worker-client.js';
import { createReportView, describeProgress } from './pkg/report-view.js';
import { createMapping } from './mapping.js';

const SAMPLE_URL = new URL('./sample-transactions.csv', import.meta.url);
const SAMPLE_NAME = 'sample-transactions.csv';
// What a table pasted onto the page is called, as a file's name is: in the report and downloads.
const PASTED_NAME = 'pasted-table.txt';
// Where the language and currency are remembered, in this browser only.
const STORED = { language: 'custval.language', currency: 'custval.currency', theme: 'custval.theme' };
const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const page = {
  fileInput: byTestId('file-input'),
  dropZone: byTestId('drop-zone'),
  fileNotice: byTestId('file-notice'),
  asOf: byTestId('as-of-input'),
  theme: byTestId('theme'),
  settings: byTestId('settings'),
  scoreLevels: byTestId('score-levels'),
  horizon: byTestId('horizon'),
  discountRate: byTestId('discount-rate'),
  clusterCount: byTestId('cluster-count'),
  settingsReset: byTestId('settings-reset'),
  settingsProblem: byTestId('settings-problem'),
  sampleButton: byTestId('sample-button'),
  surveyInput: byTestId('survey-input'),
  surveyName: byTestId('survey-name'),
  surveyRemove: byTestId('survey-remove'),
  surveySettings: byTestId('survey-settings'),
  surveyColumns: byTestId('survey-columns'),
  surveyColumnsAnalyse: byTestId('survey-columns-analyse'),
  error: byTestId('error'),
  status: byTestId('status'),
  progress: byTestId('progress'),
  progressBar: document.querySelector('[data-testid="progress"] progress'),
  cancelButton: byTestId('cancel-button'),
  language: byTestId('language'),
  currency: byTestId('currency'),
  printButton: byTestId('print-button'),
};

// The language: the one chosen before, else the browser's. The currency: the one in use before,
// else the first language's own. Only choosing a currency changes it: the amounts are never
// converted, so a new language must not write them in another currency. A report whose amounts
// name their currency (`input.currency`, from `12,50 €` or a currency column) is shown in it,
// until another is chosen.
const storedLanguage = remembered(STORED.language);
const storedCurrency = remembered(STORED.currency);
let language = Object.hasOwn(LANGUAGES, storedLanguage ?? '')
  ? storedLanguage
  : pickLanguage(navigator.languages);
let currency = CURRENCIES.includes(storedCurrency) ? storedCurrency : defaultCurrency(language);
// The currency the report on show names for its amounts, while the user has not chosen another.
let reportCurrency = null;
let locale = createLocale(language, currency);
// The status line and the error box as functions that write them in the current locale, called
// again when it changes. A node's entry goes when the node is emptied (`unsay`), and a message
// naming the run keeps the files it was about (`runNamer`): the page may have others, or none,
// by the time the language changes.
const messages = new Map();

const view = createReportView({ onDownload: download, locale });
document.querySelector('main').append(...view.sections);

// Created on load rather than on the first file, so the wasm is compiled while the user is
// still choosing, and reading a file then needs no network request at all.
const client = createWorkerClient();
let latestRun = 0;
// Cancels the run on screen.
let running = new AbortController();
// When the run on screen started, for the rows-per-second figure.
let startedAt = 0;
// What is on screen ({ name, read, readOptions }), read again when "As of" or the surveys
// change; readOptions are the choices made in the column-mapping preview.
let source = null;
// The survey file (a File) analysed beside the transactions, or on its own.
let surveys = null;
// How the user chose to read the survey's questions ({ npsColumn, npsScale, npsReversed, …, any
// of them): the package's options, set in the survey chooser.
let surveyChoices = {};
// How the report on screen read its survey file: its headers, and each question's column,
// scale and direction as options (see surveyReading), for the chooser to start from.
let surveyRead = null;
// The survey file's headers the chooser last offered, for offering them again.
let offeredHeaders = null;
// The values of "As of" and the settings fields that the report on show was made with (see
// fieldValues), put back when a later run is cancelled: the fields then say what the report shows.
let shownFields = null;

// A chosen file is previewed first; "Analyse" runs it with the choices made there.
const mapping = createMapping({
  root: byTestId('mapping'),
  preview: (file, options) => client.preview(file, options),
  explain,
  locale: () => locale,
  onAnalyse: (file, readOptions) => {
    source = { name: file.name, read: async () => file, readOptions };
    analyse();
  },
  onError: (file, error) => showError(() => locale.t('couldNotAnalyse', file.name, explain(error))),
});

page.language.append(...Object.entries(LANGUAGES).map(([code, name]) => new Option(name, code)));
showLocale();

/** Analyses the current transactions source and survey file, either of which may be absent. */
async function analyse() {
  if (!source && !surveys) return;
  // Every way of starting an analysis comes here: none runs with a setting out of its range.
  if (!settingsValid()) return;
  const run = ++latestRun;
  // A replaced file's answer would be dropped anyway: stop reading it.
  running.abort();
  const controller = new AbortController();
  running = controller;
  const fields = fieldValues();
  const name = runNamer();
  const read = source;
  showProgress(() => locale.t('reading', name()));
  let file = null;
  try {
    file = source && (await source.read());
  } catch (error) {
    if (run === latestRun) showError(() => locale.t('couldNotRead', sourceName(read), error.message));
    return;
  }
  if (run !== latestRun) return;
  const asOf = page.asOf.value;
  const options = { ...settings(), ...(asOf && { asOf }), ...source?.readOptions, ...surveyChoices };
  // A Blob crosses to the worker as a handle; the worker streams its bytes from the disk.
  startedAt = performance.now();
  const hooks = {
    signal: controller.signal,
    onProgress: (progress) => run === latestRun && showReading(progress, name),
    // The customers stay in the worker; the table asks it for a page at a time.
    summaryOnly: true,
  };
  try {
    const report = surveys
      ? await client.analyzeWithSurveys(file ?? undefined, surveys, options, hooks)
      : await client.analyze(file, options, hooks);
    if (run === latestRun) showReport(report, fields);
  } catch (error) {
    if (run === latestRun) showFailure(error, name);
  }
}

/**
 * The name of the run of the files chosen now, as a function that says it in the language of
 * the moment: a message written again after a language switch names these files still.
 */
function runNamer() {
  const run = { source, surveys };
  return () => {
    if (!run.source) return run.surveys?.name ?? '';
    const name = sourceName(run.source);
    return run.surveys ? locale.t('fileWithSurveys', name, run.surveys.name) : name;
  };
}

function sourceName(of = source) {
  return of.read === readSample ? locale.t('sampleName') : of.name;
}

// The file stays in this browser: only a handle to it goes to the worker, which reads its first
// bytes for the preview. The report on screen, if any, was of another file. A report is of one
// file, so of `given` files dropped (or pasted) together only this one is read, and the page says
// so with `notice`.
function analyseFile(file, given = 1, notice = 'oneFileAtATime') {
  clearReport();
  source = null;
  showFileNotice(given > 1 ? () => locale.t(notice, String(given), file.name) : null);
  hideError();
  mapping.open(file);
}

function setSurveys(file) {
  surveys = file;
  surveyChoices = {};
  surveyRead = null;
  offeredHeaders = null;
  page.surveyColumns.hidden = true;
  page.surveySettings.hidden = true;
  page.surveyName.textContent = file ? file.name : '';
  page.surveyRemove.hidden = !file;
  // An error about the survey file before goes with it; one about the transactions comes back
  // from the run below.
  hideError();
  if (source || surveys) analyse();
  else clearReport();
}

/** Takes the report on show off the page, with what belongs to it: no file is left to show. */
function clearReport() {
  latestRun++;
  running.abort();
  hideProgress();
  view.hide();
  shownFields = null;
  page.printButton.hidden = true;
}

/**
 * Moves the keyboard's focus to `target` when the control that had it was hidden or taken away
 * (the preview's or the chooser's Analyse, Cancel, Remove surveys); otherwise leaves it where
 * the user is. Without this, focus fell back to the top of the page.
 */
function keepFocus(target) {
  const focused = document.activeElement;
  if (focused && focused !== document.body && focused.checkVisibility()) return;
  target?.focus();
}

/**
 * The heading of the report's first section on show (the charts come and go), focusable; none
 * when no report is on show.
 */
function reportHeading() {
  const part = view.sections.find((section) => !section.hidden && !section.classList.contains('charts'));
  const heading = part?.querySelector('h2');
  if (heading) heading.tabIndex = -1;
  return heading;
}

/** Shows the text `message()` makes in `node`, now and again after each language switch. */
function say(node, message) {
  messages.set(node, message);
  node.textContent = message();
}

/** Empties `node`, which a language switch then leaves empty. */
function unsay(node) {
  messages.delete(node);
  node.textContent = '';
}

function showProgress(message, done) {
  say(page.status, message);
  page.progress.hidden = false;
  page.progressBar.value = done ?? 0;
  if (done === undefined) page.progressBar.removeAttribute('value');
}

/** Shows the note `message()` makes about the files given, or hides it when `message` is null. */
function showFileNotice(message) {
  say(page.fileNotice, message ?? (() => ''));
  page.fileNotice.hidden = !message;
}

function hideProgress() {
  unsay(page.status);
  page.progress.hidden = true;
}

function hideError() {
  unsay(page.error);
  page.error.hidden = true;
}

function showReading(progress, name) {
  const seconds = (performance.now() - startedAt) / 1000;
  showProgress(
    () => describeProgress(locale, name(), progress, seconds),
    // Analysing has no measure of how far it is: the bar just shows that work goes on.
    progress.stage === 'analysing' ? undefined : progress.total > 0 ? progress.bytes / progress.total : 0,
  );
}

function showFailure(error, name) {
  if (error.code === 'cancelled') {
    hideProgress();
    say(page.status, () => locale.t('stoppedReading', name()));
    // The report on show, if any, stays: so do the settings it was made with.
    if (shownFields) restoreFields(shownFields);
    keepFocus(reportHeading() ?? page.fileInput);
  } else if (error.code === 'workerFailed' || error.code === 'loadFailed') {
    // The client starts a new worker on the next run. Its words why are in each language.
    showError(() => locale.t('engineFailed', locale.text(error.messages)));
  } else {
    showError(() => locale.t('couldNotAnalyse', name(), explain(error)));
    // No question column recognised, or answers above a question's usual scale: the user can
    // say which columns hold the answers, on what scale, starting from what the error suggests.
    // Choices the core refuses (one column for two questions) are offered again, to be put right.
    if (error.inSurveyFile && error.headers) offerSurveyChoices(error.headers, error.suggestedOptions ?? {});
    else if (offeredHeaders && page.surveyColumns.contains(controlFor(error.option))) offerSurveyChoices(offeredHeaders, {});
  }
}

/**
 * Lets the user say how the survey file is read: among its `headers`, each question's column,
 * with its scale and whether its numbers run from best to worst; the controls start from the
 * user's earlier choices, else from `used` (how the report on screen read it).
 */
function offerSurveyChoices(headers, used) {
  offeredHeaders = headers;
  const current = { ...used, ...surveyChoices };
  for (const control of page.surveyColumns.querySelectorAll('[data-question]')) {
    const option = control.dataset.question;
    if (control.type === 'checkbox') {
      control.checked = current[option] === true;
    } else if (option === 'missingCodes') {
      control.value = (current.missingCodes ?? []).join(', ');
    } else if (option.endsWith('Column')) {
      const none = new Option(locale.t('surveyColumnNone'), '');
      none.dataset.i18n = 'surveyColumnNone';
      control.replaceChildren(none, ...headers.map((header) => new Option(header, header)));
      control.value = current[option] ?? '';
    } else {
      control.value = current[option] ?? control.options[0].value;
    }
  }
  page.surveyColumns.hidden = false;
}

/**
 * The survey chooser's controls as the package's options; an empty column is left to the core.
 * The missing-value codes are written as a list, split at commas (Chinese ones too).
 */
function chosenSurveyReading() {
  const controls = [...page.surveyColumns.querySelectorAll('[data-question]')];
  const value = (control) => {
    if (control.type === 'checkbox') return control.checked;
    if (control.dataset.question !== 'missingCodes') return control.value;
    const codes = control.value.split(/[,，、;；]/).map((code) => code.trim()).filter(Boolean);
    return codes.length > 0 ? codes : '';
  };
  return Object.fromEntries(
    controls
      .map((control) => [control.dataset.question, value(control)])
      .filter(([, value]) => value !== '' && value !== false),
  );
}

/** How a report's survey section read its file, as `offerSurveyChoices` takes it. */
function surveyReading(satisfaction) {
  const used = {};
  for (const question of ['nps', 'csat', 'ces']) {
    const section = satisfaction[question];
    if (!section) continue;
    used[`${question}Column`] = section.column;
    used[`${question}Scale`] = `${section.scale.min}-${section.scale.max}`;
    used[`${question}Reversed`] = section.reversed;
  }
  return { headers: satisfaction.input.headers, used };
}

/**
 * The error in the page's language: the core says it in each language it speaks; for another
 * error, a summary by its code, then its own words.
 */
function explain(error) {
  if (error.messages) return inPageTerms(error);
  const summary = `error.${error.code}`;
  return locale.has(summary) ? locale.t('explainedError', locale.t(summary), error.message) : error.message;
}

/**
 * The core's message in the page's terms. A refused `option`, which the core names as JS spells
 * it before its words (`asOf: …`), is named by the label of the page's control for it; options
 * to set that the core names as the command line and JS spell them (`optionsNamed`), by the
 * survey chooser when it has them all (the survey's question columns), else by the label of
 * the page's control for the one option (“As of”).
 */
function inPageTerms({ messages, option, optionsNamed }) {
  const named = optionsNamed && controlsNamed(optionsNamed.options);
  const text = named
    ? locale.text(optionsNamed.before) + named + locale.text(optionsNamed.after)
    : locale.text(messages);
  const label = controlLabel(option);
  return label ? text.replace(`${option}: `, `“${label}”: `).replace(`${option}：`, `“${label}”：`) : text;
}

/** The page's words for its controls of the JS `options`, if it has them. */
function controlsNamed(options) {
  if (options.every((named) => page.surveyColumns.contains(controlFor(named)))) return surveyChoicesNamed(options);
  const label = options.length === 1 && controlLabel(options[0]);
  return label ? `“${label}”` : undefined;
}

/**
 * The survey chooser's words for its controls of `options`: a question's scale (`csatScale`), the
 * one that chose a column, or all.
 */
function surveyChoicesNamed(options) {
  if (options.length !== 1) return locale.t('surveyChoicesNamed');
  const [option] = options;
  const question = option.match(/^(\w+)Scale$/)?.[1];
  return question ? locale.t('surveyScaleNamed', question.toUpperCase()) : locale.t('surveyChosenFor', controlLabel(option));
}

/** The label of the page's control that sets the JS `option`, if it has one. */
function controlLabel(option) {
  return controlFor(option)?.closest('label')?.querySelector('span')?.textContent;
}

/** The page's control that sets the JS `option`, if it has one. */
function controlFor(option) {
  return option ? document.querySelector(`[data-option="${option}"], [data-question="${option}"]`) : null;
}

// The CSV is made by the core in the worker (Excel-safe: BOM, no formulas), by the worker
// client's `method` (customersCsv, callListCsv, ...); the page only saves it. A failure is shown
// by the view, beside the buttons.
async function download(method, options, name) {
  const csv = await client[method](options);
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${source?.name.replace(/\.[^.]*$/, '') ?? 'custval'}-${name}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url));
}

function showReport(report, fields) {
  hideProgress();
  hideError();
  shownFields = fields;
  page.surveyColumns.hidden = true;
  surveyRead = report.satisfaction && surveyReading(report.satisfaction);
  page.surveySettings.hidden = !surveyRead;
  reportCurrency = report.input?.currency ?? null;
  if ((reportCurrency ?? currency) !== locale.currency) {
    // Drawn once, in the report's currency.
    view.hide();
    setLocale();
  }
  view.show(report, source ? sourceName() : '', client.customers);
  page.printButton.hidden = false;
  // In a task of its own: focusing scrolls, which lays out the report just drawn; done here, it
  // would lengthen the task that draws it, which a large report keeps long already.
  setTimeout(() => keepFocus(reportHeading()));
}

function showError(message) {
  hideProgress();
  say(page.error, message);
  page.error.hidden = false;
  keepFocus(page.error);
  // Old results next to a new error would look like the new file's.
  view.hide();
  shownFields = null;
  page.printButton.hidden = true;
}

/** Writes every text of the page in the current locale; the report on show is drawn again. */
function showLocale() {
  document.documentElement.lang = language;
  translate(document, locale);
  page.language.value = language;
  // A report's own currency may be one the list does not offer.
  const offered = CURRENCIES.includes(locale.currency) ? CURRENCIES : [...CURRENCIES, locale.currency];
  page.currency.replaceChildren(
    ...offered.map((code) => new Option(`${code} – ${locale.currencyName(code)}`, code)),
  );
  page.currency.value = locale.currency;
  for (const [node, message] of messages) node.textContent = message();
  view.setLocale(locale, source ? sourceName() : '');
  mapping.setLocale();
}

function setLocale() {
  locale = createLocale(language, reportCurrency ?? currency);
  showLocale();
}

/** The value stored under `key`, or null where the browser keeps no storage (private modes, policies). */
function remembered(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; the choice still holds until the page is closed.
  }
}

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
  const { files } = event.dataTransfer;
  if (files.length > 0) analyseFile(files[0], files.length);
});
// A file dropped beside the zone would otherwise be opened by the browser, leaving the page.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());

// Pasted anywhere but into a field: a file copied in the file manager is read as a dropped one,
// and a table copied from a spreadsheet (tab-separated text, as Excel, Numbers and Google Sheets
// copy cells) as a file of that text.
document.addEventListener('paste', (event) => {
  if (event.target.closest?.('input, textarea, select, [contenteditable]')) return;
  const { files } = event.clipboardData;
  if (files.length > 0) {
    event.preventDefault();
    analyseFile(files[0], files.length, 'oneFilePasted');
    return;
  }
  const text = event.clipboardData.getData('text/plain');
  // A header and a row at least (lines end in CR alone in some Mac spreadsheets' copies): a
  // word pasted by mistake leaves the report on show alone.
  if (text.trim().split(/\r\n|\r|\n/).length < 2) return;
  event.preventDefault();
  analyseFile(new File([text], PASTED_NAME, { type: 'text/plain' }));
});

page.sampleButton.addEventListener('click', () => {
  // The bundled sample is known to read as detected: it skips the preview.
  mapping.close();
  showFileNotice(null);
  source = { name: SAMPLE_NAME, read: readSample };
  analyse();
});

page.surveyInput.addEventListener('change', () => {
  const [file] = page.surveyInput.files;
  if (file) setSurveys(file);
  page.surveyInput.value = '';
});
page.surveyRemove.addEventListener('click', () => {
  setSurveys(null);
  keepFocus(page.surveyInput);
});
page.surveySettings.addEventListener('click', () => {
  if (page.surveyColumns.hidden) offerSurveyChoices(surveyRead.headers, surveyRead.used);
  else page.surveyColumns.hidden = true;
});
page.surveyColumnsAnalyse.addEventListener('click', () => {
  surveyChoices = chosenSurveyReading();
  page.surveyColumns.hidden = true;
  analyse();
});

// Escape closes the disclosure the focus is in (the settings, the preview, the survey chooser),
// and leaves the focus on what opens it again.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  const focused = document.activeElement;
  const details = focused?.closest('details[open]');
  if (details) {
    details.open = false;
    details.querySelector('summary').focus();
  } else if (page.surveyColumns.contains(focused)) {
    page.surveyColumns.hidden = true;
    keepFocus(page.surveySettings.hidden ? page.surveyInput : page.surveySettings);
  }
});

page.asOf.addEventListener('change', analyse);
page.settings.addEventListener('change', () => settingsValid() && analyse());
page.settingsReset.addEventListener('click', () => {
  for (const field of page.settings.querySelectorAll('input, select')) {
    if (field.tagName === 'SELECT') {
      for (const option of field.options) option.selected = option.defaultSelected;
    } else {
      field.value = field.defaultValue;
    }
  }
  settingsValid();
  analyse();
});

/**
 * Whether every settings field holds a value in its range. The first that does not is told
 * beside the fields (opened, so that it shows), and the report on show stays: `analyse` checks
 * this before any run, whatever started it.
 */
function settingsValid() {
  const wrong = [...page.settings.querySelectorAll('input')].find((field) => !field.checkValidity());
  page.settingsProblem.hidden = !wrong;
  if (!wrong) {
    unsay(page.settingsProblem);
    return true;
  }
  const label = wrong.closest('label').querySelector('[data-i18n]').dataset.i18n;
  const { min, max, step } = wrong;
  say(page.settingsProblem, () => locale.t('settingOutOfRange', locale.t(label), min, max, step === '1'));
  page.settings.open = true;
  return false;
}

/** "As of" and the settings fields' values, in page order, as `restoreFields` takes them. */
function fieldValues() {
  return [page.asOf, ...page.settings.querySelectorAll('input, select')].map((field) => field.value);
}

function restoreFields(values) {
  [page.asOf, ...page.settings.querySelectorAll('input, select')].forEach((field, index) => {
    field.value = values[index];
  });
  settingsValid();
}

/**
 * The analysis settings as the core's options; the fields start at the core's defaults. A value
 * the core cannot use comes back as its error, which says which option and why.
 */
function settings() {
  const clusters = page.clusterCount.value;
  return {
    scoreLevels: Number(page.scoreLevels.value),
    horizonMonths: Number(page.horizon.value),
    discountRate: Number(page.discountRate.value) / 100,
    // With k chosen by silhouette, a file whose customers are all alike just has no clusters.
    clusters: clusters === 'auto' ? clusters : Number(clusters),
  };
}

page.cancelButton.addEventListener('click', () => running.abort());

page.language.addEventListener('change', () => {
  language = page.language.value;
  remember(STORED.language, language);
  // The currency in use is kept with the language, so that the next visit shows the same money.
  remember(STORED.currency, currency);
  setLocale();
});
page.currency.addEventListener('change', () => {
  currency = page.currency.value;
  reportCurrency = null;
  remember(STORED.currency, currency);
  setLocale();
});
page.printButton.addEventListener('click', () => window.print());

// Light or dark: the stored choice, else the system's; the charts follow.
setTheme(remembered(STORED.theme) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
page.theme.addEventListener('change', () => {
  remember(STORED.theme, page.theme.value);
  setTheme(page.theme.value);
});

function setTheme(theme) {
  const known = theme === 'dark' ? 'dark' : 'light';
  document.documentElement.dataset.theme = known;
  page.theme.value = known;
  view.setTheme(known);
}

// Keeps the page's files for opening it again without a network (sw.js). Where there are no
// service workers (an address that is not https or local, a browser that refuses them), the page
// works as it is.
navigator.serviceWorker?.register('./sw.js').catch(() => {});

async function readSample() {
  const response = await fetch(SAMPLE_URL);
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
  return response.blob();
}
