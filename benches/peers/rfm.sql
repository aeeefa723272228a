-- Recency, frequency and monetary value per customer, with custval's definitions, and quintile
-- scores: the peers' query in the comparison (benches/browser/run.mjs --peers), run by DuckDB
-- natively (rfm.py) and by DuckDB-wasm in the browser (duckdb-bench.js) on the generated
-- files (InvoiceNo, CustomerID, InvoiceDate, Quantity, UnitPrice, Country).
--
-- custval's definitions: rows without a customer id are left out; a row's value is quantity ×
-- unit price, and a positive value on a cancellation invoice (C and digits) is a return; rows
-- with a negative value are returns, which count in monetary value but are not purchases;
-- frequency is the number of distinct invoices with a purchase, recency the days from the last
-- purchase to the last day in the data, and monetary value the net sum. Money is summed in
-- whole cents, exactly.
WITH lines AS (
  SELECT CustomerID AS customer, InvoiceNo AS invoice, CAST(InvoiceDate AS DATE) AS day,
         Quantity * CAST(UnitPrice * 100 AS BIGINT) AS cents
  FROM read_csv('transactions.csv', header = true,
                types = {'InvoiceNo': 'VARCHAR', 'CustomerID': 'VARCHAR', 'UnitPrice': 'DECIMAL(18, 2)'})
  WHERE CustomerID IS NOT NULL),
signed AS (
  SELECT customer, invoice, day,
         CASE WHEN cents > 0 AND regexp_full_match(invoice, '[Cc][0-9]+') THEN -cents ELSE cents END AS cents
  FROM lines),
customers AS (
  SELECT customer, max(day) FILTER (WHERE cents >= 0) AS last_purchase,
         CAST(count(DISTINCT invoice) FILTER (WHERE cents >= 0) AS BIGINT) AS frequency,
         CAST(sum(cents) AS BIGINT) AS monetary_cents
  FROM signed GROUP BY customer),
scored AS (
  SELECT customer, CAST(date_diff('day', last_purchase, (SELECT max(day) FROM signed)) AS BIGINT) AS recency,
         frequency, monetary_cents
  FROM customers WHERE frequency > 0)
SELECT customer, recency, frequency, monetary_cents,
       ntile(5) OVER (ORDER BY recency DESC) AS r_score,
       ntile(5) OVER (ORDER BY frequency) AS f_score,
       ntile(5) OVER (ORDER BY monetary_cents) AS m_score
FROM scored ORDER BY customer
