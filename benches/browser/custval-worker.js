// custval as the page runs it, through the package's worker path: the module loaded and warmed
// up when the worker starts, then the chosen file streamed from the disk into an analysis that
// keeps the customers in the worker, with the lifetime-value models fitted in a second worker
// (the package's clv-worker.js, linked as its worker client links it), and the customer
// table's first page, which is what the page receives.
// Times: start-up (fetching and compiling the wasm, then the warm-up), ingest (until the file
// is read), analysis (the report built and handed to JS), each twice, since a page analyses
// more than one file.

import { rfmOfCustomersCsv } from './customers-rfm.js';
import { analyzeForExports, load, warmUp } from './pkg/index.js';
import { fitsOver } from './pkg/clv-port.js';

let started;

const clvWorker = new Worker(new URL('./pkg/clv-worker.js', import.meta.url), { type: 'module' });
const { port1, port2 } = new MessageChannel();
clvWorker.postMessage({ clvPort: port1 }, [port1]);
const fitClv = fitsOver(port2);

let kept = null;

self.onmessage = async ({ data }) => {
  if ('warmUp' in data) {
    started = startUp(data.warmUp);
    return;
  }
  if ('rfm' in data) {
    self.postMessage({ rfm: rfmOfCustomersCsv(kept.customersCsv()) });
    return;
  }
  try {
    const { startup, compile } = await started;
    const file = data.file;
    let clock = performance.now();
    const lap = () => {
      const now = performance.now();
      const seconds = (now - clock) / 1000;
      clock = now;
      return seconds;
    };
    const runs = [];
    for (let run = 0; run < 2; run++) {
      let ingest;
      // The page keeps the latest report in the worker for its exports and table pages, and
      // releases it once the next file is read (npm/analysis-worker.js).
      const onProgress = ({ stage }) => {
        if (stage !== 'analysing') return;
        ingest = lap();
        kept?.free();
        kept = null;
      };
      // The page's default settings: clusters with k chosen by silhouette.
      const { report, deliverables } = await analyzeForExports(file, undefined, { clusters: 'auto' }, {
        summaryOnly: true,
        onProgress,
        fitClv,
      });
      kept = deliverables;
      const page = kept.customers({ limit: 500 });
      const analyse = lap();
      runs.push({ ingest, analyse, total: ingest + analyse, customers: report.input.customers, shown: page.customers.length });
      // For the driver's reading of the memory a page that analysed one file takes.
      if (run === 0) self.postMessage({ firstRunDone: true });
    }
    self.postMessage({ engine: 'custval', bytes: file.size, rows: null, startup, compile, runs });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};

async function startUp(withWarmUp) {
  const start = performance.now();
  await load();
  const compile = (performance.now() - start) / 1000;
  if (withWarmUp) await warmUp({ fitClv });
  const startup = (performance.now() - start) / 1000;
  // For the driver's reading of the memory of the page open, before there is a file.
  self.postMessage({ startedUp: true });
  return { startup, compile };
}
