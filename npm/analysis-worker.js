// The module Web Worker behind createWorkerClient() (worker-client.js): it owns the
// WebAssembly module, so a large file is analysed without freezing the page.
//
// Protocol: receives { id, input, options } (input: a Blob, bytes or an array of customer
// records), { id, input, surveys,
// options } (analyzeWithSurveys), { id, exportCustomers: true } or { cancel: id }; answers with
// any number of { id, progress: { bytes, total, rows } }, then { id, report }, { id, csv } (the
// customers CSV of the latest report) or { id, error: { message, code } }.

import { load, analyzeForExports } from './index.js';

// Compile at once: the worker is usually created before there is a file to read.
load().catch(() => {
  // Reported with the first request, which awaits the same load.
});

const running = new Map();
// What the latest report's exports are made from; null before one, or for a survey file alone.
let latest = null;

self.onmessage = async ({ data }) => {
  if ('cancel' in data) {
    running.get(data.cancel)?.abort();
    return;
  }
  const { id, input, surveys, options } = data;
  if (data.exportCustomers) {
    if (latest) self.postMessage({ id, csv: latest.customersCsv() });
    else self.postMessage({ id, error: { message: 'there is no customer table to export', code: 'invalidInput' } });
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
