// The page of the Vite, webpack and <script type="module"> builds in npm-package.test.mjs: it
// analyses the fixture on the main thread, in the worker (with progress and a cancel) and in a
// <custval-report> element, and leaves what happened in `window.result` for the test to check.
import { analyze, version, CustvalError } from 'custval';
import { createWorkerClient } from 'custval/worker';
import 'custval/element';

const OPTIONS = { asOf: '2024-03-01' };

async function run() {
  const file = await (await fetch('./hand-computed.csv')).blob();
  const report = await analyze(file, OPTIONS);
  const client = createWorkerClient();
  const progress = [];
  const fromWorker = await client.analyze(file, OPTIONS, { onProgress: (step) => progress.push(step) });
  // About 40 MB, still being read when the cancel arrives: cancelled at the first progress report.
  const large = new Blob(['customer_id,order_date,amount\n', 'c0001,2024-01-15,12.50\n'.repeat(1_800_000)]);
  const controller = new AbortController();
  const cancelling = client.analyze(
    large,
    {},
    { signal: controller.signal, onProgress: () => controller.abort() },
  );
  const cancelled = await codeOf(cancelling);
  // The previous report stays in the worker while a new file is read, so the cancel left it;
  // once a file is read it is released, so a failure after that does not.
  const keptAfterCancel = (await client.customers({ limit: 0 })).total;
  const returnsOnly = new Blob(['customer_id,order_date,amount\nc1,2024-01-01,-5\n']);
  const failedLate = await codeOf(client.analyze(returnsOnly));
  const customersAfterIt = await codeOf(client.customers({ limit: 0 }));
  // Said by the worker, in both languages.
  const noReportSaid = await client.customers({ limit: 0 }).catch((error) => error.messages);
  const failed = await codeOf(client.analyze(new Blob(['when,how much\n2024-01-01,3\n'])));
  // Surveys joined to streamed transactions, in the worker.
  const [transactions, surveys] = await Promise.all(
    ['joined-transactions.csv', 'joined-surveys.csv'].map(async (name) => (await fetch(`./${name}`)).blob()),
  );
  const joined = await client.analyzeWithSurveys(transactions, surveys, {
    asOf: '2024-06-30',
    minGroupAnswers: 2,
  });
  const nps = {
    promoters: joined.satisfaction.nps.promoters,
    detractors: joined.satisfaction.nps.detractors,
  };
  // The same customers as records of their totals, analysed in the worker.
  const records = report.customers.map(({ id, lastPurchase, frequency, monetary }) => ({
    id,
    lastPurchase,
    frequency,
    monetary,
  }));
  const fromRecords = await client.analyzeCustomers(records, OPTIONS);
  client.terminate();

  const element = document.createElement('custval-report');
  document.body.append(element);
  await element.analyze(file, OPTIONS, 'hand-computed.csv');
  const table = element.shadowRoot.querySelector('[data-testid="customer-table"]');
  const shown = [...table.tBodies[0].rows].map((row) => [...row.cells].map((cell) => cell.textContent));
  // report.css reached the shadow root (once loaded): numbers are right-aligned.
  const link = element.shadowRoot.querySelector('link[rel="stylesheet"]');
  if (!link.sheet) {
    await new Promise((resolve, reject) => {
      link.addEventListener('load', resolve);
      link.addEventListener('error', reject);
    });
  }
  const numbersAlign = getComputedStyle(table.querySelector('td.number')).textAlign;
  // The charts drawn in the shadow root, each on a canvas of some width (report.css sizes them).
  const charts = [...element.shadowRoot.querySelectorAll('[data-chart]')].map((figure) => [
    figure.dataset.chart,
    figure.querySelector('canvas')?.width > 0,
  ]);
  // The same report in Chinese with euros, drawn again without a new analysis.
  element.setAttribute('lang', 'zh-CN');
  element.setAttribute('currency', 'EUR');
  await drawn(table);
  const translated = {
    heading: element.shadowRoot.querySelector('[data-testid="input-summary"] h2').textContent,
    monetary: table.tBodies[0].rows[0].cells[5].textContent,
  };
  // Without the attribute, a report whose amounts name their currency is shown in it.
  element.removeAttribute('currency');
  element.report = { ...report, input: { ...report.input, currency: 'GBP' } };
  await drawn(table);
  const ownCurrency = table.tBodies[0].rows[0].cells[5].textContent;

  // The two-line embed: attributes only, the file fetched from the site.
  const embedded = document.createElement('custval-report');
  const reported = new Promise((resolve, reject) => {
    embedded.addEventListener('report', (event) => resolve(event.detail));
    embedded.addEventListener('error', (event) => reject(event.detail));
  });
  embedded.setAttribute('as-of', '2024-03-01');
  embedded.setAttribute('src', './hand-computed.csv');
  document.body.append(embedded);
  const fromAttributes = await reported;
  const fileShown = embedded.shadowRoot.querySelector('[data-field="file"] dd').textContent;
  return {
    version,
    size: file.size,
    report,
    fromWorker,
    progress,
    cancelled,
    failed,
    keptAfterCancel,
    failedLate,
    customersAfterIt,
    noReportSaid,
    nps,
    fromRecords,
    shown,
    fromAttributes,
    fileShown,
    numbersAlign,
    translated,
    ownCurrency,
    charts,
  };
}

/** How `promise` ends: 'finished', or the code of the CustvalError it rejects with. */
function codeOf(promise) {
  return promise.then(
    () => 'finished',
    (error) => error instanceof CustvalError && error.code,
  );
}

/** Resolves once `table` has its rows: the page of customers asked for last has arrived. */
async function drawn(table) {
  while (table.hasAttribute('aria-busy')) await new Promise((resolve) => requestAnimationFrame(resolve));
}

run().then(
  (result) => (window.result = result),
  (error) => (window.result = { error: String(error?.stack ?? error) }),
);
