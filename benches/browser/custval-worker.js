// custval as the page runs it, through the package's worker path: the module loaded and warmed
// up, then the file streamed into an analysis that keeps the customers in the worker, and the
// customer table's first page, which is what the page receives.
// Times: start-up (fetching and compiling the wasm, then the warm-up), ingest (until the file
// is read), analysis (the report built and handed to JS), each twice, since a page analyses
// more than one file.

import { analyzeForExports, load, warmUp } from './pkg/index.js';

self.onmessage = async ({ data }) => {
  try {
    let clock = performance.now();
    const lap = () => {
      const now = performance.now();
      const seconds = (now - clock) / 1000;
      clock = now;
      return seconds;
    };
    await load();
    const compile = lap();
    if (data.warmUp) await warmUp();
    const startup = compile + lap();
    // The file comes from the local test server into memory first, so that only the analysis
    // is timed; in the page it streams from the disk instead.
    const blob = await (await fetch(data.file)).blob();
    lap();
    const runs = [];
    let kept = null;
    for (let run = 0; run < 2; run++) {
      let ingest;
      const onProgress = ({ stage }) => {
        if (stage === 'analysing') ingest = lap();
      };
      // The page's default settings: clusters with k chosen by silhouette.
      const { report, deliverables } = await analyzeForExports(blob, undefined, { clusters: 'auto' }, {
        summaryOnly: true,
        onProgress,
      });
      // The page keeps the latest report in the worker for its exports and table pages.
      kept?.free();
      kept = deliverables;
      const page = kept.customers({ limit: 500 });
      const analyse = lap();
      runs.push({ ingest, analyse, total: ingest + analyse, customers: report.input.customers, shown: page.customers.length });
    }
    self.postMessage({ engine: 'custval', bytes: blob.size, rows: null, startup, compile, runs });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
