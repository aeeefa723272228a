// createWorkerClient(): the package's API run in a module Web Worker (analysis-worker.js), so
// the page stays responsive, with progress reports and cancelling. A Blob crosses to the worker
// as a handle and is streamed there, and so do bytes, made into a Blob here; nothing leaves the
// browser. A second worker (clv-worker.js) fits the lifetime-value models while the first
// scores and clusters.

import { cancelled, CustvalError, invalidOptions, packageError } from './api.js';
import { checkQuery, noReport } from './customer-pages.js';

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
      // The browser's words for what went wrong, when it gives any, are its own.
      const why = (separator) => (event.message ? `${separator}${event.message}` : '');
      stop(packageError('workerFailed', [`the custval worker failed${why(': ')}`, `custval 的 worker 出错而停止${why('：')}`]));
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

  // A request about the latest report, which only a running worker can have: after
  // `terminate()` or a stopped module, starting a worker just to hear that would cost a module.
  function askLatest(message) {
    if (worker) return send(message);
    return Promise.reject(noReport());
  }

  function send(message, { signal, onProgress } = {}) {
    if (signal?.aborted) return Promise.reject(cancelled(signal.reason));
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
      try {
        // Each part by the name a message about it gives it: records are the customers.
        const names = { input: Array.isArray(message.input) ? 'customers' : 'input', customers: 'query' };
        const parts = Object.entries(message).map(([key, value]) => [key, plainData(value, names[key] ?? key)]);
        target.postMessage({ id, ...Object.fromEntries(parts) });
      } catch (error) {
        pending.delete(id);
        done();
        // The browser's words for what it could not copy are its own.
        const why = error?.message ?? error;
        reject(
          error instanceof CustvalError
            ? error
            : packageError(
                'invalidOptions',
                [`these arguments cannot be sent to the worker: ${why}`, `这些参数无法发送给 worker：${why}`],
                { cause: error },
              ),
        );
      }
    });
  }

  // The CSV files of the latest report, each made in the worker by the Deliverables method of
  // the same name.
  const exportCsv = (method) => (options) => askLatest({ export: method, options });
  // Only the cancel signal and the progress callback stay here; whether the customers come
  // with the report is the worker's to know.
  // Hooks of null are none, as options of null are.
  const analyzeIn = (message, hooks) => {
    const { summaryOnly, ...rest } = hooks ?? {};
    return send({ ...message, summaryOnly }, rest);
  };
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
    customers: async (query) => (checkQuery(query), askLatest({ customers: query })),
    // Only the first bytes are read, with `blob.slice`, in the worker.
    preview: (input, options) => send({ preview: input, options }),
    customersCsv: exportCsv('customersCsv'),
    segmentsCsv: exportCsv('segmentsCsv'),
    callListCsv: exportCsv('callListCsv'),
    aggregatesCsv: exportCsv('aggregatesCsv'),
    attributesCsv: exportCsv('attributesCsv'),
    terminate: () => stop(packageError('cancelled', ['the worker client was terminated', 'worker 客户端已终止'])),
  };
}

/**
 * `value` as a structured clone can carry it: options and records of a framework's reactive
 * state (a Vue `reactive()` Proxy, which postMessage refuses) are copied as the plain data they
 * read as; files are left as they are, and bytes become a Blob of them. A clone of the bytes
 * would be a second copy of the file in the worker's heap (of the whole buffer, for a view of
 * part of one) until the analysis ends, where a Blob is streamed as a File is; and the caller's
 * buffer stays theirs, not detached as a transfer would leave it. A function is refused by its
 * place, in the core's words for options (src/wasm/shape.rs): postMessage would say only that
 * it "could not be cloned". `path` is where `value` is, empty for the options themselves.
 */
function plainData(value, path) {
  if (typeof value === 'function') {
    const [en, zh] = path.startsWith('options')
      ? [
          `${path.replace(/^options\.?/, '') || 'options'} is a function, and options hold only data: onProgress and signal go in the call's last argument, { onProgress, signal }`,
          `${path.replace(/^options\.?/, '') || 'options'} 是函数，而选项只能包含数据：onProgress 和 signal 应放在调用的最后一个参数 { onProgress, signal } 中`,
        ]
      : [`${path} is a function, and only data can be sent to the worker`, `${path} 是函数，而只有数据能发送给 worker`];
    throw invalidOptions([en, zh]);
  }
  if (value === null || typeof value !== 'object' || isBlob(value)) return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return new Blob([value]);
  if (Array.isArray(value)) return value.map((item, index) => plainData(item, `${path}[${index}]`));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainData(item, `${path}.${key}`)]));
}

const isBlob = (value) => typeof Blob !== 'undefined' && value instanceof Blob;
