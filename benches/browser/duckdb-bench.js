// The peer: DuckDB-wasm's single-threaded `eh` bundle in its own Web Worker, computing RFM
// (recency, frequency, monetary and quintile scores) for the same file with one SQL query.
// Bundled by run.mjs with esbuild; the DuckDB files are served locally like everything else.

import * as duckdb from '@duckdb/duckdb-wasm';

const RFM_QUERY = `
  WITH lines AS (SELECT * FROM read_csv('transactions.csv', header = true)),
  customers AS (
    SELECT CustomerID, max(InvoiceDate)::DATE AS last_purchase,
           count(DISTINCT InvoiceNo) AS frequency, sum(Quantity * UnitPrice) AS monetary
    FROM lines WHERE CustomerID IS NOT NULL GROUP BY CustomerID),
  scored AS (
    SELECT *, date_diff('day', last_purchase, (SELECT max(last_purchase) FROM customers)) AS recency
    FROM customers)
  SELECT CustomerID, recency, frequency, monetary,
         ntile(5) OVER (ORDER BY recency DESC) AS r_score,
         ntile(5) OVER (ORDER BY frequency) AS f_score,
         ntile(5) OVER (ORDER BY monetary) AS m_score
  FROM scored`;

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
  // DuckDB reads a registered buffer: the file is read into memory first, untimed.
  const bytes = new Uint8Array(await (await chosen).arrayBuffer());
  lap();
  const runs = [];
  for (let run = 0; run < 2; run++) {
    await db.registerFileBuffer('transactions.csv', bytes.slice());
    const result = await connection.query(RFM_QUERY);
    const seconds = lap();
    runs.push({ ingest: null, analyse: null, total: seconds, customers: result.numRows });
    await db.dropFile('transactions.csv');
  }
  return { engine: 'duckdb-wasm', bytes: bytes.length, startup, runs };
}
