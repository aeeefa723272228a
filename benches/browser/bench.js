// Runs one engine on one file off the main thread, as the page does, and publishes the timings
// as `window.benchmark` for the driver (run.mjs). Query: ?engine=custval|duckdb, and for
// custval warmUp=0 to skip the warm-up that the package's worker does when it starts. The
// driver then chooses the file with the page's file input, as a user does, so the engines get
// a File that is read from the disk.

const query = new URLSearchParams(location.search);
const input = document.getElementById('file');
const chosen = new Promise((resolve) => input.addEventListener('change', () => resolve(input.files[0]), { once: true }));

window.benchmark = query.get('engine') === 'duckdb' ? runDuckdb() : runCustval();
window.benchmark.then(
  (result) => (document.getElementById('results').textContent = JSON.stringify(result, null, 2)),
  (error) => (document.getElementById('results').textContent = String(error)),
);

function runCustval() {
  // The worker starts, and warms up, as the page opens, before there is a file.
  const worker = new Worker(new URL('./custval-worker.js', import.meta.url), { type: 'module' });
  worker.postMessage({ warmUp: query.get('warmUp') !== '0' });
  chosen.then((file) => worker.postMessage({ file }));
  // The customers' figures for the check against the peers, asked for after the timed runs.
  window.rfm = () =>
    new Promise((resolve) => {
      worker.onmessage = ({ data }) => resolve(data.rfm);
      worker.postMessage({ rfm: true });
    });
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.startedUp) window.startedUp();
      else if (data.firstRunDone) window.firstRunDone();
      else if (data.error) reject(new Error(data.error));
      else resolve(data);
    };
    worker.onerror = (event) => reject(new Error(event.message));
  });
}

// DuckDB-wasm runs its own worker; its bundle exists only when run.mjs was asked for peers.
async function runDuckdb() {
  const { run } = await import('./duckdb-bench.bundle.js');
  return run(chosen);
}
