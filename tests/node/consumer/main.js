// The page of the Vite, webpack and <script type="module"> builds in npm-package.test.mjs: it
// analyses the fixture on the main thread and in the worker, with progress and a cancel, and
// leaves what happened in `window.result` for the test to check.
import { analyze, version, CustvalError } from 'custval';
import { createWorkerClient } from 'custval/worker';

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
  return { version, size: file.size, report, fromWorker, progress, cancelled, failed };
}

run().then(
  (result) => (window.result = result),
  (error) => (window.result = { error: String(error?.stack ?? error) }),
);
