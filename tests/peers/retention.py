"""Checks custval's retention section against DuckDB on the CDNOW sample.

For the raw CDNOW rows (../shared/data/cdnow: sample id, YYYYMMDD, dollars; no order ids), at
the default asOf (1998-06-30), at the end of a quarter (1997-09-30) and in the middle of a month
(1997-11-15), SQL counts each month's, quarter's and year's active customers (a purchase day in
the period; a row of a negative amount is a return, no purchase), the new ones (first purchase
in the period), the retained ones (active in the period before too) and the customers with two
purchase days or more; custval's report must give the same numbers, and the same rates.

Run from the repository root after `cargo build`, with DuckDB installed by pkg-scripts/setup.sh:
    target/warehouse-venv/bin/python tests/peers/retention.py
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
CUSTVAL = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "custval"
CDNOW = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_sample.txt"
COLUMNS = ["--no-header", "--column", "customer=2", "--column", "date=3", "--column", "amount=5"]

# DuckDB's name of each length of period, and how custval labels a period starting on `start`.
PERIODS = {
    "byMonth": ("month", lambda start: start.strftime("%Y-%m")),
    "byQuarter": ("quarter", lambda start: f"{start.year}-Q{(start.month - 1) // 3 + 1}"),
    "byYear": ("year", lambda start: f"{start.year}"),
}

PERIOD_COUNTS = """
WITH purchase_days AS (
    SELECT DISTINCT customer, day FROM cdnow WHERE amount >= 0 AND day <= $as_of::DATE
),
active AS (
    SELECT DISTINCT customer, date_trunc($unit, day) AS period FROM purchase_days
),
first_periods AS (
    SELECT customer, MIN(period) AS period FROM active GROUP BY customer
),
periods AS (
    SELECT UNNEST(generate_series(
        (SELECT MIN(period) FROM active), date_trunc($unit, $as_of::DATE), to_months($months)
    )) AS period
)
SELECT
    periods.period::DATE,
    (SELECT COUNT(*) FROM active WHERE active.period = periods.period) AS active,
    (SELECT COUNT(*) FROM first_periods WHERE first_periods.period = periods.period) AS new,
    (SELECT COUNT(*) FROM active now JOIN active before USING (customer)
        WHERE now.period = periods.period
        AND before.period = periods.period - to_months($months)) AS retained,
    (SELECT COUNT(*) FROM active before
        WHERE before.period = periods.period - to_months($months)) AS before_active
FROM periods
ORDER BY periods.period
"""

REPEAT_CUSTOMERS = """
SELECT COUNT(*) AS customers, COUNT(*) FILTER (WHERE days >= 2) AS repeat_customers
FROM (
    SELECT customer, COUNT(DISTINCT day) AS days
    FROM cdnow WHERE amount >= 0 AND day <= $as_of::DATE GROUP BY customer
)
"""


def expected(con, as_of):
    """The retention section as DuckDB counts it."""
    customers, repeat = con.execute(REPEAT_CUSTOMERS, {"as_of": as_of}).fetchone()
    section = {"customers": customers, "repeatCustomers": repeat, "repeatPurchaseRate": repeat / customers}
    for key, (unit, label) in PERIODS.items():
        months = {"month": 1, "quarter": 3, "year": 12}[unit]
        rows = con.execute(PERIOD_COUNTS, {"as_of": as_of, "unit": unit, "months": months}).fetchall()
        section[key] = [
            {
                "period": label(period),
                "start": period.isoformat(),
                "active": active,
                "new": new,
                "retained": None if first else retained,
                "retentionRate": None if first or before_active == 0 else retained / before_active,
            }
            for first, (period, active, new, retained, before_active) in ((i == 0, row) for i, row in enumerate(rows))
        ]
    return section


def custval(as_of):
    """The retention section of custval's report on the raw file."""
    args = [str(CUSTVAL), "analyze", str(CDNOW), *COLUMNS, "--as-of", as_of, "--summary-only", "--quiet"]
    run = subprocess.run(args, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    retention = json.loads(run.stdout)["retention"]
    kept = ("period", "start", "active", "new", "retained", "retentionRate")
    section = {key: retention[key] for key in ("customers", "repeatCustomers", "repeatPurchaseRate")}
    for key in PERIODS:
        section[key] = [{field: row[field] for field in kept} for row in retention[key]]
    return section


def main():
    con = duckdb.connect()
    # Whitespace-aligned columns, which DuckDB's CSV reader does not split: split here.
    with tempfile.TemporaryDirectory() as work:
        rows = Path(work) / "cdnow.csv"
        with open(CDNOW) as raw, open(rows, "w") as out:
            out.write("customer,day,amount\n")
            for line in raw:
                _, customer, day, _, dollars = line.split()
                out.write(f"{customer},{day[:4]}-{day[4:6]}-{day[6:]},{dollars}\n")
        con.execute(
            "CREATE TABLE cdnow AS SELECT * FROM read_csv(?, header = true, "
            "types = {'customer': 'VARCHAR', 'day': 'DATE', 'amount': 'DOUBLE'})",
            [str(rows)],
        )
    checked = 0
    for as_of in ["1998-06-30", "1997-09-30", "1997-11-15"]:
        ours, theirs = custval(as_of), expected(con, as_of)
        for key in ("customers", "repeatCustomers", "repeatPurchaseRate", *PERIODS):
            if ours[key] != theirs[key]:
                print(f"as of {as_of}, {key}: custval {ours[key]!r}\n  DuckDB {theirs[key]!r}", file=sys.stderr)
                sys.exit(1)
        periods = sum(len(ours[key]) for key in PERIODS)
        print(f"as of {as_of}: {ours['customers']} customers, {periods} periods, the same in custval and DuckDB")
        checked += periods
    assert checked > 40, "too few periods compared"


if __name__ == "__main__":
    main()
