// The module Web Worker behind createWorkerClient() (worker-client.js): it owns the
// WebAssembly module, so a large file is analysed without freezing the page.
//
// Protocol: receives { id, input, options } (input: a Blob or bytes), { id, input, surveys,
// options } (analyzeWithSurveys) or { cancel: id }; answers with any number of
// { id, progress: { bytes, total, rows } }, then { id, report } or { id, error: { message, code } }.

import { load, analyze, analyzeWithSurveys } from './index.js';

// Compile at once: the worker is usually created before there is a file to read.
load().catch(() => {
  // Reported with the first request, which awaits the same load.
});

const running = new Map();

self.onmessage = async ({ data }) => {
  if ('cancel' in data) {
    running.get(data.cancel)?.abort();
    return;
  }
  const { id, input, surveys, options } = data;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const hooks = { signal: controller.signal, onProgress: (progress) => self.postMessage({ id, progress }) };
    const report =
      'surveys' in data
        ? await analyzeWithSurveys(input, surveys, options, hooks)
        : await analyze(input, options, hooks);
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
