// createWorkerClient(): the package's API run in a module Web Worker (analysis-worker.js), so
// the page stays responsive, with progress reports and cancelling. A Blob crosses to the worker
// as a handle and is streamed there; nothing leaves the browser. A second worker
// (clv-worker.js) fits the lifetime-value models while the first scores and clusters.

import { CustvalError } from './api.js';
import { checkQuery } from './customer-pages.js';

export { CustvalError } from './api.js';

export function createWorkerClient() {
  let worker;
  let clvWorker;
  let nextId = 0;
  // id → { resolve, reject, onProgress }
  const pending = new Map();

  function start() {
    // Written out in full so that bundlers (Vite, webpack 5) see the worker and bundle it.
    const created = new Worker(new URL('./analysis-worker.js', import.meta.url), { type: 'module' });
    created.onmessage = ({ data }) => {
      if (data.clvStopped) {
        if (worker === created) linkClvWorker(created);
        return;
      }
      const request = pending.get(data.id);
      if (!request) return;
      if (data.progress) {
        request.onProgress?.(data.progress);
        return;
      }
      pending.delete(data.id);
      if (data.error) {
        const { message, code, ...details } = data.error;
        const error = new CustvalError(message, code, details);
        request.reject(error);
        // The worker's module cannot be used again: the next call starts a new worker.
        if (error.moduleStopped && worker === created) stop(error);
      } else request.resolve(data.result);
    };
    created.onerror = (event) => {
      // A worker that failed to load or crashed is dropped; the next call starts a new one.
      event.preventDefault();
      stop(
        new CustvalError(
          `the custval worker failed${event.message ? `: ${event.message}` : ''}`,
          'workerFailed',
        ),
      );
    };
    linkClvWorker(created);
    return created;
  }

  // Starts the worker that fits the lifetime-value models for `analysisWorker`, linked to it
  // by a MessageChannel. Should it fail, the analysis worker fits them itself, a little later.
  function linkClvWorker(analysisWorker) {
    clvWorker?.terminate();
    // Written out in full, like the analysis worker, for the bundlers.
    clvWorker = new Worker(new URL('./clv-worker.js', import.meta.url), { type: 'module' });
    const { port1, port2 } = new MessageChannel();
    clvWorker.postMessage({ clvPort: port1 }, [port1]);
    analysisWorker.postMessage({ clvPort: port2 }, [port2]);
    const linked = clvWorker;
    clvWorker.onerror = (event) => {
      event.preventDefault();
      linked.terminate();
      analysisWorker.postMessage({ clvFailed: true });
    };
  }

  function stop(reason) {
    worker?.terminate();
    worker = undefined;
    clvWorker?.terminate();
    clvWorker = undefined;
    for (const request of pending.values()) request.reject(reason);
    pending.clear();
  }

  function send(message, { signal, onProgress } = {}) {
    if (signal?.aborted) {
      return Promise.reject(
        new CustvalError('the analysis was cancelled', 'cancelled', { cause: signal.reason }),
      );
    }
    worker ??= start();
    const id = ++nextId;
    const target = worker;
    return new Promise((resolve, reject) => {
      const abort = () => target.postMessage({ cancel: id });
      signal?.addEventListener('abort', abort, { once: true });
      const done = () => signal?.removeEventListener('abort', abort);
      pending.set(id, {
        onProgress,
        resolve: (report) => (done(), resolve(report)),
        reject: (error) => (done(), reject(error)),
      });
      target.postMessage({ id, ...message });
    });
  }

  // The CSV files of the latest report, each made in the worker by the Deliverables method of
  // the same name.
  const exportCsv = (method) => (options) => send({ export: method, options });
  // Only the cancel signal and the progress callback stay here; whether the customers come
  // with the report is the worker's to know.
  const analyzeIn = (message, { summaryOnly, ...hooks } = {}) => send({ ...message, summaryOnly }, hooks);
  worker = start();
  return {
    analyze: (input, options, hooks) => analyzeIn({ input, options }, hooks),
    analyzeWithSurveys: (transactions, surveys, options, hooks) =>
      analyzeIn({ input: transactions, surveys, options }, hooks),
    // An array of records crosses to the worker as a structured clone; a file is read there.
    analyzeCustomers: (input, options, hooks) =>
      analyzeIn(
        { input, options: Array.isArray(input) ? options : { ...options, inputKind: 'customers' } },
        hooks,
      ),
    // A page of the latest report's customers, sorted and filtered in the worker; the query is
    // checked here as for a page of a report set from code.
    customers: async (query) => (checkQuery(query), send({ customers: query })),
    // Only the first bytes are read, with `blob.slice`, in the worker.
    preview: (input, options) => send({ preview: input, options }),
    customersCsv: exportCsv('customersCsv'),
    segmentsCsv: exportCsv('segmentsCsv'),
    callListCsv: exportCsv('callListCsv'),
    aggregatesCsv: exportCsv('aggregatesCsv'),
    terminate: () => stop(new CustvalError('the worker client was terminated', 'cancelled')),
  };
}
