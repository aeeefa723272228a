// The module Web Worker behind createWorkerClient() (worker-client.js): it owns the
// WebAssembly module, so a large file is analysed without freezing the page.
//
// Protocol: receives { id, input, options, summaryOnly } (input: a Blob, bytes or an array of
// customer records; summaryOnly: the report without its customers), { id, input, surveys,
// options, summaryOnly } (analyzeWithSurveys), { id, export, options } (export: a CSV method of
// Deliverables, e.g. 'callListCsv'), { id, customers: query } (a page of the latest report's
// customers), { id, preview: input, options } (how the file would be read, from its first
// bytes), { cancel: id }, { clvPort } (a port to the worker that fits the lifetime-value
// models, clv-worker.js) or { clvFailed } (that worker is gone); answers with any number of
// { id, progress: { bytes, total, rows } }, then { id, result } (the report, the CSV, the page or
// the preview) or { id, error: { message, code, messages, moduleStopped } }; and posts
// { clvStopped } when a fit stopped the clv worker's module.

import { load, analyzeForExports, preview, warmUp } from './index.js';
import { fitsOver } from './clv-port.js';
import { packageError } from './api.js';
import { noReport } from './customer-pages.js';

// Fits the lifetime-value models in the clv worker, once the client has linked one; without,
// they are fitted here.
let fitClv;

// Compile at once and warm up, the clv worker too: the worker is usually created before there
// is a file to read. An analysis waits for the warm-up, so that it neither runs interleaved with
// it nor on unoptimised code.
const warmedUp = load()
  .then(() => warmUp({ fitClv }))
  .catch(() => {
    // A failed load is reported with the first request, which awaits the same load.
  });

// What a page may ask to export: the CSV methods of Deliverables, nothing else of it.
const EXPORTS = new Set(['customersCsv', 'segmentsCsv', 'callListCsv', 'aggregatesCsv', 'attributesCsv']);

const running = new Map();
// What the latest report's exports are made from; null before one, for a survey file alone, and
// from the moment a new file is read until its report is done (requests for it meanwhile, while
// the analysis waits for its models, are answered with an error).
let latest = null;

self.onmessage = async ({ data }) => {
  if ('cancel' in data) {
    running.get(data.cancel)?.abort();
    return;
  }
  if ('clvPort' in data) {
    // Should a fit stop the clv worker's module, the client replaces that worker.
    fitClv = fitsOver(data.clvPort, () => self.postMessage({ clvStopped: true }));
    return;
  }
  if ('clvFailed' in data) {
    // The fits under way are made here instead, and so are the next ones.
    fitClv?.fail(new Error('the clv worker is gone'));
    fitClv = undefined;
    return;
  }
  const { id, input, surveys, options, summaryOnly } = data;
  if ('export' in data) {
    self.postMessage({ id, ...fromLatest((deliverables) => exportCsv(deliverables, data.export, options)) });
    return;
  }
  if ('customers' in data) {
    self.postMessage({ id, ...fromLatest((deliverables) => deliverables.customers(data.customers)) });
    return;
  }
  if ('preview' in data) {
    self.postMessage({ id, ...(await previewFile(data.preview, options)) });
    return;
  }
  const controller = new AbortController();
  running.set(id, controller);
  try {
    await warmedUp;
    const hooks = {
      signal: controller.signal,
      onProgress: (progress) => {
        // The file is read and the analysis is about to need its room: a large file's report
        // and the previous one would not both fit.
        if (progress.stage === 'analysing') releaseLatest();
        self.postMessage({ id, progress });
      },
      summaryOnly,
      fitClv,
    };
    const { report, deliverables } = await analyzeForExports(input, surveys, options, hooks);
    releaseLatest();
    latest = deliverables;
    self.postMessage({ id, result: report });
  } catch (error) {
    self.postMessage({ id, error: describeError(error) });
  } finally {
    running.delete(id);
  }
};

function releaseLatest() {
  latest?.free();
  latest = null;
}

/** `{ result }` of `take(latest)`, or `{ error }` when there is no latest report or it fails. */
function fromLatest(take) {
  if (!latest) return { error: describeError(noReport()) };
  try {
    return { result: take(latest) };
  } catch (error) {
    // The core rejects bad options (a short salt, a group size of 0, an unknown sort) with a
    // message and a code.
    return { error: describeError(error) };
  }
}

/**
 * What crosses back of an error: its message, its code (`internal` when it has none), from
 * the core its message in each language, the option it refuses, which file it is about and that
 * file's headers, the options its message names and those it suggests, and whether it stopped
 * the module.
 */
function describeError(error) {
  return {
    message: error?.message ?? String(error),
    code: error?.code ?? 'internal',
    messages: error?.messages,
    option: error?.option,
    inSurveyFile: error?.inSurveyFile,
    headers: error?.headers,
    optionsNamed: error?.optionsNamed,
    suggestedOptions: error?.suggestedOptions,
    moduleStopped: error?.moduleStopped,
  };
}

/** The CSV that `deliverables` makes with its method `method`; throws for any other name. */
function exportCsv(deliverables, method, options) {
  if (!EXPORTS.has(method)) {
    throw packageError('invalidInput', [`there is no export called ${method}`, `没有名为 ${method} 的导出`]);
  }
  return deliverables[method](options);
}

/** `{ result }`: the preview of the file's first bytes, or `{ error }`. */
async function previewFile(input, options) {
  try {
    return { result: await preview(input, options) };
  } catch (error) {
    return { error: describeError(error) };
  }
}
