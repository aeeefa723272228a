-- custval's customer file from a transactions table, for data too big to bring to the browser.
--
-- Run it in your warehouse (written for DuckDB; standard SQL apart from the regular expression,
-- FILTER and TRY_CAST, which BigQuery writes as REGEXP_CONTAINS, COUNTIF/IF and SAFE_CAST and
-- Spark as RLIKE and try_cast), save the result as CSV and open it in custval: the header is
-- recognised as a customer file, and the report equals the report of the transactions themselves (segment migration and the
-- hold-out check, which need the rows, aside). tests/peers/warehouse.py checks this with DuckDB.
--
-- Input: a table `transactions` with one row per transaction or order line:
--   customer_id  the customer (blank or NULL: not a customer, left out); an email address is
--                one customer however it is capitalised (Ann@X.com and ann@x.com), as custval
--                tells customers apart, and is written as its first spelling in sort order
--   order_id     the order or invoice id, or NULL; when given, one order is one purchase
--                occasion, otherwise one customer-day is
--   date         DATE, TIMESTAMP or text written YYYY-MM-DD (a row whose date cannot be read is
--                left out, and counted, and so is a row dated years apart from the others, such
--                as 1900-01-01 or 2042 for 2024, as custval skips it); a day is the date as
--                written, as custval reads
--                2024-03-01T23:30:00-05:00 as 1 March: for a TIMESTAMP WITH TIME ZONE, set the
--                session's time zone to the shop's first (DuckDB: SET TimeZone = '...'), as
--                CAST(... AS DATE) takes the day in it (BigQuery: DATE(date, 'zone'))
--   amount       the line's value (quantity × unit price if you have no amount); negative for
--                a return
--
-- The definitions are custval's:
--   * a return is a row with a negative amount, or a cancellation invoice (C followed by
--     digits, as in UCI Online Retail) whatever the sign of its amount; it reduces monetary
--     value and is never a purchase occasion;
--   * frequency = distinct purchase occasions up to asOf; monetary = net revenue up to asOf
--     (purchases minus returns); first and last purchase = days of purchases, not returns;
--   * purchase_days = distinct days with a purchase; repeat_monetary = net revenue of the rows
--     from the second purchase day on (what the lifetime-value models need; a return before
--     the second purchase day is of the first purchase);
--   * customers with only returns up to asOf have nothing to score and are left out.

WITH rows_read AS (
  -- Every row with a customer id. A date that cannot be read (a typo such as 2024-13-15 in a
  -- text column) leaves the day NULL and the row out, as custval skips such a row, and is
  -- counted in rows_without_date.
  SELECT
    CASE
      WHEN regexp_full_match(TRIM(customer_id), '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]*[.][A-Za-z0-9.-]*')
        THEN LOWER(TRIM(customer_id))
      ELSE TRIM(customer_id)
    END AS customer_id,
    TRIM(customer_id) AS written_id,
    NULLIF(TRIM(order_id), '') AS order_id,
    TRY_CAST(date AS DATE) AS day,
    CASE
      WHEN regexp_full_match(TRIM(order_id), '[Cc][0-9]+') THEN -ABS(amount)
      ELSE amount
    END AS amount
  FROM transactions
  WHERE TRIM(customer_id) <> ''
),
days AS (
  -- The days with rows, and whether each counts towards the 1 % below: a system's date for
  -- none (0001-01-01, 1753-01-01, 1899-12-30, 1899-12-31, 1900-01-01, 1970-01-01, 9999-12-31)
  -- and a year outside 1900-2100 do not.
  SELECT
    day,
    COUNT(*) AS day_rows,
    CASE
      WHEN day IN (DATE '0001-01-01', DATE '1753-01-01', DATE '1899-12-30', DATE '1899-12-31',
                   DATE '1900-01-01', DATE '1970-01-01', DATE '9999-12-31')
        OR EXTRACT(YEAR FROM day) NOT BETWEEN 1900 AND 2100 THEN 0
      ELSE COUNT(*)
    END AS counted_rows
  FROM rows_read
  WHERE day IS NOT NULL
  GROUP BY day
),
gaps AS (
  -- For each day, the days to the day before and after, and the counted rows on every earlier
  -- and every later day (BigQuery: DATE_DIFF(day, LAG(day) ..., DAY)).
  SELECT
    day,
    day - LAG(day) OVER (ORDER BY day) AS days_since_previous,
    LEAD(day) OVER (ORDER BY day) - day AS days_to_next,
    COALESCE(SUM(counted_rows) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
      AS counted_before,
    COALESCE(SUM(counted_rows) OVER (ORDER BY day ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0)
      AS counted_after,
    SUM(day_rows) OVER () AS all_rows
  FROM days
),
data_days AS (
  -- The days that are the data, as custval finds them: a date more than two years (731 days)
  -- before or after every other date, with at most 1 % of the rows beyond that gap (or one
  -- row, of ten or more), is a placeholder for a missing date (1900-01-01) or a typo (2042 for
  -- 2024), and its row is left out and counted in rows_dated_apart; left in, it would move
  -- asOf or a first purchase by years.
  SELECT
    COALESCE(MAX(day) FILTER (WHERE days_since_previous > 731
                                    AND (100 * counted_before <= all_rows OR (counted_before <= 1 AND all_rows >= 10))),
             MIN(day)) AS first_day,
    COALESCE(MIN(day) FILTER (WHERE days_to_next > 731
                                    AND (100 * counted_after <= all_rows OR (counted_after <= 1 AND all_rows >= 10))),
             MAX(day)) AS last_day
  FROM gaps
),
params AS (
  -- asOf, the observation end date (inclusive). custval's default is the latest date of a row
  -- with a customer id, a return's too; to fix it, write instead: SELECT DATE '2024-06-30' AS as_of
  SELECT MAX(day) AS as_of
  FROM rows_read, data_days
  WHERE day BETWEEN first_day AND last_day
),
lines AS (
  SELECT rows_read.*
  FROM rows_read, data_days, params
  WHERE day BETWEEN data_days.first_day AND data_days.last_day AND day <= params.as_of
),
left_out AS (
  SELECT
    customer_id,
    COUNT(*) FILTER (WHERE day IS NULL) AS rows_without_date,
    COUNT(*) FILTER (WHERE day NOT BETWEEN first_day AND last_day) AS rows_dated_apart
  FROM rows_read, data_days
  WHERE day IS NULL OR day NOT BETWEEN first_day AND last_day
  GROUP BY customer_id
),
firsts AS (
  SELECT customer_id, MIN(day) AS first_purchase
  FROM lines
  WHERE amount >= 0
  GROUP BY customer_id
),
seconds AS (
  SELECT lines.customer_id, MIN(day) AS second_purchase
  FROM lines
  JOIN firsts ON firsts.customer_id = lines.customer_id
  WHERE amount >= 0 AND day > firsts.first_purchase
  GROUP BY lines.customer_id
)
SELECT
  MIN(lines.written_id) AS customer_id,
  firsts.first_purchase,
  MAX(day) FILTER (WHERE amount >= 0) AS last_purchase,
  -- Days from the last purchase to asOf, which tell custval the asOf: it can be later than
  -- every last purchase, when the data ends with a return (BigQuery: DATE_DIFF(..., DAY)).
  params.as_of - MAX(day) FILTER (WHERE amount >= 0) AS recency_days,
  -- An order id or, without one, the day: "o" and "d" keep the two kinds apart.
  COUNT(DISTINCT CASE
    WHEN amount >= 0 THEN COALESCE('o' || order_id, 'd' || CAST(day AS VARCHAR))
  END) AS frequency,
  SUM(amount) AS monetary,
  COUNT(DISTINCT day) FILTER (WHERE amount >= 0) AS purchase_days,
  COALESCE(SUM(amount) FILTER (WHERE day >= seconds.second_purchase), 0) AS repeat_monetary,
  -- The customer's rows left out for a date that cannot be read or one that stands apart:
  -- custval does not read these columns; correct the dates and run the query again to count
  -- those rows too.
  COALESCE(left_out.rows_without_date, 0) AS rows_without_date,
  COALESCE(left_out.rows_dated_apart, 0) AS rows_dated_apart
FROM lines
CROSS JOIN params
JOIN firsts ON firsts.customer_id = lines.customer_id
LEFT JOIN seconds ON seconds.customer_id = lines.customer_id
LEFT JOIN left_out ON left_out.customer_id = lines.customer_id
GROUP BY lines.customer_id, firsts.first_purchase, seconds.second_purchase, params.as_of,
  left_out.rows_without_date, left_out.rows_dated_apart
ORDER BY MIN(lines.written_id);
