// The peer: DuckDB-wasm's single-threaded `eh` bundle in its own Web Worker, computing RFM
// (recency, frequency, monetary and quintile scores) for the same file with one SQL query,
// ../peers/rfm.sql.
// Bundled by run.mjs with esbuild; the DuckDB files are served locally like everything else.

import * as duckdb from '@duckdb/duckdb-wasm';

// The query native DuckDB runs too, bundled as text.
import RFM_QUERY from '../peers/rfm.sql';

/** Runs the query twice on the file that `chosen` resolves to, once DuckDB has started. */
export async function run(chosen) {
  let clock = performance.now();
  const lap = () => {
    const now = performance.now();
    const seconds = (now - clock) / 1000;
    clock = now;
    return seconds;
  };
  const db = new duckdb.AsyncDuckDB(
    new duckdb.VoidLogger(),
    new Worker(new URL('./duckdb-browser-eh.worker.js', import.meta.url)),
  );
  await db.instantiate(new URL('./duckdb-eh.wasm', import.meta.url).href);
  const connection = await db.connect();
  const startup = lap();
  await window.startedUp();
  lap();
  // DuckDB reads a registered buffer: the file is read into memory first, untimed.
  const bytes = new Uint8Array(await (await chosen).arrayBuffer());
  lap();
  const runs = [];
  let rfm;
  for (let run = 0; run < 2; run++) {
    await db.registerFileBuffer('transactions.csv', bytes.slice());
    const result = await connection.query(RFM_QUERY);
    const seconds = lap();
    runs.push({ ingest: null, analyse: null, total: seconds, customers: result.numRows });
    await db.dropFile('transactions.csv');
    rfm ??= rfmOf(result);
    if (run === 0) await window.firstRunDone();
    lap();
  }
  return { engine: 'duckdb-wasm', bytes: bytes.length, startup, runs, rfm };
}

/** [customer, recency, frequency, monetary in cents] per row of the query's result. */
function rfmOf(result) {
  const [ids, ...figures] = ['customer', 'recency', 'frequency', 'monetary_cents'].map((name) =>
    Array.from(result.getChild(name).toArray()),
  );
  return ids.map((id, row) => [String(id), ...figures.map((column) => Number(column[row]))]);
}
