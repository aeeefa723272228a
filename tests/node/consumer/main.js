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
  const controller = new AbortController();
  const cancelling = client.analyze(file, OPTIONS, { signal: controller.signal });
  controller.abort();
  const cancelled = await cancelling.then(
    () => 'finished',
    (error) => error instanceof CustvalError && error.code,
  );
  const failed = await client.analyze(new Blob(['when,how much\n2024-01-01,3\n'])).then(
    () => 'finished',
    (error) => error instanceof CustvalError && error.code,
  );
  client.terminate();

  const element = document.createElement('custval-report');
  document.body.append(element);
  await element.analyze(file, OPTIONS, 'hand-computed.csv');
  const table = element.shadowRoot.querySelector('[data-testid="customer-table"]');
  const shown = [...table.tBodies[0].rows].map((row) => [...row.cells].map((cell) => cell.textContent));
  // report.css reached the shadow root: numbers are right-aligned.
  const numbersAlign = getComputedStyle(table.querySelector('td.number')).textAlign;
  return { version, size: file.size, report, fromWorker, progress, cancelled, failed, shown, numbersAlign };
}

run().then(
  (result) => (window.result = result),
  (error) => (window.result = { error: String(error?.stack ?? error) }),
);
