// The module Web Worker behind createWorkerClient() (worker-client.js): it owns the
// WebAssembly module, so a large file is analysed without freezing the page.
//
// Protocol: receives { id, input, options } (input: a Blob, bytes or an array of customer
// records), { id, input, surveys, options } (analyzeWithSurveys), { id, export, options }
// (export: a CSV method of Deliverables, e.g. 'callListCsv'), { id, preview: input, options }
// (how the file would be read, from its first bytes) or { cancel: id }; answers with any
// number of { id, progress: { bytes, total, rows } }, then { id, report }, { id, csv } (that CSV
// of the latest report), { id, preview } or { id, error: { message, code } }.

import { load, analyzeForExports, preview } from './index.js';

// Compile at once: the worker is usually created before there is a file to read.
load().catch(() => {
  // Reported with the first request, which awaits the same load.
});

// What a page may ask to export: the CSV methods of Deliverables, nothing else of it.
const EXPORTS = new Set(['customersCsv', 'segmentsCsv', 'callListCsv', 'aggregatesCsv']);

const running = new Map();
// What the latest report's exports are made from; null before one, or for a survey file alone.
let latest = null;

self.onmessage = async ({ data }) => {
  if ('cancel' in data) {
    running.get(data.cancel)?.abort();
    return;
  }
  const { id, input, surveys, options } = data;
  if ('export' in data) {
    self.postMessage({ id, ...exportCsv(data.export, options) });
    return;
  }
  if ('preview' in data) {
    self.postMessage({ id, ...(await previewFile(data.preview, options)) });
    return;
  }
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const hooks = { signal: controller.signal, onProgress: (progress) => self.postMessage({ id, progress }) };
    const { report, deliverables } = await analyzeForExports(input, surveys, options, hooks);
    latest?.free();
    latest = deliverables;
    self.postMessage({ id, report });
  } catch (error) {
    self.postMessage({
      id,
      error: { message: error?.message ?? String(error), code: error?.code ?? 'internal' },
    });
  } finally {
    running.delete(id);
  }
};

/** `{ csv }` made by the latest report's Deliverables method `method`, or `{ error }`. */
function exportCsv(method, options) {
  if (!EXPORTS.has(method)) {
    return { error: { message: `there is no export called ${method}`, code: 'invalidInput' } };
  }
  if (!latest) {
    return {
      error: {
        message: 'there is nothing to export: analyse a transactions file first',
        code: 'invalidInput',
      },
    };
  }
  try {
    return { csv: latest[method](options) };
  } catch (error) {
    // The core rejects bad options (a short salt, a group size of 0) with a message and a code.
    return { error: { message: error?.message ?? String(error), code: error?.code ?? 'internal' } };
  }
}

/** `{ preview }` of the file's first bytes, or `{ error }`. */
async function previewFile(input, options) {
  try {
    return { preview: await preview(input, options) };
  } catch (error) {
    return { error: { message: error?.message ?? String(error), code: error?.code ?? 'internal' } };
  }
}
