// custval as the page runs it: the file streamed in pieces into an Analysis, then the report.
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
    for (let run = 0; run < 2; run++) {
      // The page's default settings: clusters with k chosen by silhouette.
      const analysis = new Analysis({ clusters: 'auto' });
      const reader = blob.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        analysis.push(value);
      }
      const ingest = lap();
      const report = analysis.finish();
      const analyse = lap();
      runs.push({ ingest, analyse, total: ingest + analyse, customers: report.customers.length });
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
