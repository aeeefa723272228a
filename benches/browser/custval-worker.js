// custval as the page runs it: the file streamed in pieces into an Analysis, then the report
// without its customers and the customer table's first page, which is what the page receives.
// Times: start-up (fetching and compiling the wasm), ingest (every piece pushed), analysis (the
// report built and handed to JS), each twice, since a page analyses more than one file.

import init, { Analysis } from './pkg/custval.js';

self.onmessage = async ({ data }) => {
  try {
    let clock = performance.now();
    const lap = () => {
      const now = performance.now();
      const seconds = (now - clock) / 1000;
      clock = now;
      return seconds;
    };
    const wasm = await init();
    const startup = lap();
    // The file comes from the local test server into memory first, so that only the analysis
    // is timed; in the page it streams from the disk instead.
    const blob = await (await fetch(data.file)).blob();
    lap();
    const runs = [];
    let kept = null;
    for (let run = 0; run < 2; run++) {
      // The page's default settings: clusters with k chosen by silhouette.
      const analysis = new Analysis({ clusters: 'auto' });
      analysis.expectBytes(blob.size);
      const reader = blob.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        analysis.push(value);
      }
      const ingest = lap();
      // The page keeps the latest report in the worker for its exports and table pages.
      kept?.free();
      kept = analysis.finishWithExports();
      const report = kept.summary();
      const page = kept.customers({ limit: 500 });
      const analyse = lap();
      runs.push({ ingest, analyse, total: ingest + analyse, customers: report.input.customers, shown: page.customers.length });
    }
    self.postMessage({
      engine: 'custval',
      bytes: blob.size,
      rows: null,
      startup,
      runs,
      wasmMemoryBytes: wasm.memory.buffer.byteLength,
    });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
