// Owns the WebAssembly module, so a large file is analysed without freezing the page. The
// file is streamed in pieces into the analysis, so it never has to be in memory whole.
//
// Protocol: receives { id, file: Blob | null, surveys: Blob | null, options } or { cancel: id };
// answers with any number of { id, progress: { bytes, total, rows } }, then { id, report },
// { id, cancelled: true } or { id, error: { message, code } }. Receives { download: id } and
// answers { download: id, csv } with the customers CSV of that run's report, made by the core. A survey file is small, so it is
// read whole; without a transactions file the report has the satisfaction section only.

import init, { Analysis, analyzeWithSurveys } from './pkg/custval.js';

// Start compiling at once; the page creates this worker on load, so the module is usually
// ready before the user has picked a file. Messages that arrive earlier wait for it here.
const ready = init();
const PROGRESS_INTERVAL_MS = 100;
// A stream may hand over the whole file as one piece; pushing at most this much at a time
// keeps progress reports and cancelling timely.
const SLICE_BYTES = 1 << 20;
const cancelled = new Set();
// The latest finished transactions analysis, kept so that its exports can be made on request.
let latest = null;

self.onmessage = async ({ data }) => {
  if ('cancel' in data) {
    cancelled.add(data.cancel);
    return;
  }
  if ('download' in data) {
    const { download } = data;
    try {
      if (latest?.id !== download) throw new Error('that analysis is no longer available');
      self.postMessage({ download, csv: latest.deliverables.customersCsv() });
    } catch (error) {
      self.postMessage({ download, error: { message: error?.message ?? String(error) } });
    }
    return;
  }
  const { id, file, surveys, options } = data;
  let analysis;
  try {
    await ready;
    const surveyBytes = surveys && new Uint8Array(await surveys.arrayBuffer());
    if (!file) {
      self.postMessage({ id, report: analyzeWithSurveys(undefined, surveyBytes, options) });
      return;
    }
    analysis = new Analysis(options);
    const reader = file.stream().getReader();
    let reported = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let start = 0; start < value.length; start += SLICE_BYTES) {
        analysis.push(value.subarray(start, start + SLICE_BYTES));
        if (performance.now() - reported < PROGRESS_INTERVAL_MS) continue;
        const progress = { bytes: analysis.bytesRead, total: file.size, rows: analysis.rowsRead };
        self.postMessage({ id, progress });
        // Let a cancel message in, then honour it.
        await new Promise((resolve) => setTimeout(resolve));
        reported = performance.now();
        if (cancelled.delete(id)) {
          await reader.cancel();
          analysis.free();
          self.postMessage({ id, cancelled: true });
          return;
        }
      }
    }
    // `finish` consumes the analysis, even when it throws.
    const finishing = analysis;
    analysis = undefined;
    const deliverables = finishing.finishWithExports(surveyBytes ?? undefined);
    latest?.deliverables.free();
    latest = { id, deliverables };
    self.postMessage({ id, report: deliverables.report() });
  } catch (error) {
    analysis?.free();
    // The core throws Errors with a `code`; anything else (a failed init, a crash inside the
    // module) is reported the same way so the page can show it.
    self.postMessage({
      id,
      error: { message: error?.message ?? String(error), code: error?.code ?? 'internal' },
    });
  }
};
