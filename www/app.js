// The page: reads the user's files locally, hands them to the npm package's worker client (whose
// worker owns the wasm core) and shows the report with the package's report view, as the
// <custval-report> element does. No analysis happens here. Everything that comes from the file
// is written with textContent, never parsed as HTML.

import { createWorkerClient } from './pkg/worker-client.js';
import { createReportView, describeProgress } from './pkg/report-view.js';

const SAMPLE_URL = new URL('./sample-transactions.csv', import.meta.url);
const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const page = {
  fileInput: byTestId('file-input'),
  dropZone: byTestId('drop-zone'),
  asOf: byTestId('as-of-input'),
  sampleButton: byTestId('sample-button'),
  surveyInput: byTestId('survey-input'),
  surveyName: byTestId('survey-name'),
  surveyRemove: byTestId('survey-remove'),
  error: byTestId('error'),
  status: byTestId('status'),
  progress: byTestId('progress'),
  progressBar: document.querySelector('[data-testid="progress"] progress'),
  cancelButton: byTestId('cancel-button'),
};
const view = createReportView({ onDownloadCustomers: downloadCustomers });
document.querySelector('main').append(...view.sections);

// Created on load rather than on the first file, so the wasm is compiled while the user is
// still choosing, and reading a file then needs no network request at all.
const client = createWorkerClient();
let latestRun = 0;
// Cancels the run on screen.
let running = new AbortController();
// When the run on screen started, for the rows-per-second figure.
let startedAt = 0;
// What is on screen ({ name, read }), read again when "As of" or the surveys change.
let source = null;
// The survey file (a File) analysed beside the transactions, or on its own.
let surveys = null;

/** Analyses the current transactions source and survey file, either of which may be absent. */
async function analyse() {
  if (!source && !surveys) return;
  const run = ++latestRun;
  // A replaced file's answer would be dropped anyway: stop reading it.
  running.abort();
  const controller = new AbortController();
  running = controller;
  showProgress(`Reading ${runName()}…`);
  let file = null;
  try {
    file = source && (await source.read());
  } catch (error) {
    if (run === latestRun) showError(`Could not read ${source.name}: ${error.message}`);
    return;
  }
  if (run !== latestRun) return;
  const asOf = page.asOf.value;
  const options = asOf ? { asOf } : {};
  // A Blob crosses to the worker as a handle; the worker streams its bytes from the disk.
  startedAt = performance.now();
  const hooks = {
    signal: controller.signal,
    onProgress: (progress) => run === latestRun && showReading(progress),
  };
  try {
    const report = surveys
      ? await client.analyzeWithSurveys(file ?? undefined, surveys, options, hooks)
      : await client.analyze(file, options, hooks);
    if (run === latestRun) showReport(report);
  } catch (error) {
    if (run === latestRun) showFailure(error);
  }
}

function runName() {
  if (!source) return surveys.name;
  return surveys ? `${source.name} with ${surveys.name}` : source.name;
}

// The file stays in this browser: only a handle to it goes to the worker.
function analyseFile(file) {
  source = { name: file.name, read: async () => file };
  analyse();
}

function setSurveys(file) {
  surveys = file;
  page.surveyName.textContent = file ? file.name : '';
  page.surveyRemove.hidden = !file;
  analyse();
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
  showProgress(
    describeProgress(runName(), progress, seconds),
    progress.total > 0 ? progress.bytes / progress.total : 0,
  );
}

function showFailure(error) {
  if (error.code === 'cancelled') {
    hideProgress();
    page.status.textContent = `Stopped reading ${runName()}.`;
  } else if (error.code === 'workerFailed' || error.code === 'loadFailed') {
    // The client starts a new worker on the next run.
    showError(
      `The analysis engine failed to load or stopped (${error.message}). Reload the page and try again.`,
    );
  } else {
    showError(`Could not analyse ${runName()}: ${error.message}`);
  }
}

// The CSV is made by the core in the worker (Excel-safe: BOM, no formulas); the page only
// saves it.
async function downloadCustomers() {
  try {
    const csv = await client.customersCsv();
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${source?.name.replace(/\.[^.]*$/, '') ?? 'customers'}-customers.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url));
  } catch (error) {
    showError(`Could not export the customers: ${error.message}`);
  }
}

function showReport(report) {
  hideProgress();
  page.error.hidden = true;
  view.show(report, source?.name ?? '');
}

function showError(message) {
  hideProgress();
  page.error.textContent = message;
  page.error.hidden = false;
  // Old results next to a new error would look like the new file's.
  view.hide();
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
  const [file] = event.dataTransfer.files;
  if (file) analyseFile(file);
});
// A file dropped beside the zone would otherwise be opened by the browser, leaving the page.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());

page.sampleButton.addEventListener('click', () => {
  source = { name: 'sample-transactions.csv (sample data)', read: readSample };
  analyse();
});

page.surveyInput.addEventListener('change', () => {
  const [file] = page.surveyInput.files;
  if (file) setSurveys(file);
  page.surveyInput.value = '';
});
page.surveyRemove.addEventListener('click', () => setSurveys(null));

page.asOf.addEventListener('change', analyse);

page.cancelButton.addEventListener('click', () => running.abort());

async function readSample() {
  const response = await fetch(SAMPLE_URL);
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
  return response.blob();
}
