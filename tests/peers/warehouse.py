"""Checks docs/warehouse.sql with DuckDB: the customer file it makes from a transactions table
gives the same custval report as the transactions themselves.

For the CDNOW sample (../shared/data/cdnow, no order ids, 2,357 customers), for
tests/fixtures/customer-level/transactions.csv (order ids, returns, a cancellation invoice, a
return-only customer, a row without a customer id, a row after asOf), at the default asOf and
at an earlier one, and for tests/fixtures/customer-level/warehouse-edges.csv (an email address
written in three capitalisations, an order whose lines fall on two days, a return after every
purchase, which is the default asOf), and for tests/fixtures/customer-level/warehouse-typos.csv
(dates as text, one not a date and one blank), and for
tests/fixtures/customer-level/warehouse-apart.csv (1900-01-01 twice, a year typed 2042 and a
return dated 2204), it runs the SQL in DuckDB, then custval on the raw rows and on the SQL's
output, and compares every customer's recency, frequency, monetary value, RFM scores, segment,
tier, P(alive) and lifetime value, and checks that the SQL counts the rows without a readable
date, and those dated apart from the others, that custval skips.

Run from the repository root after `cargo build`, with DuckDB installed by pkg-scripts/setup.sh:
    target/warehouse-venv/bin/python tests/peers/warehouse.py
"""
import csv
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
SQL = (ROOT / "docs" / "warehouse.sql").read_text()
CUSTVAL = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "custval"
CDNOW = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_sample.txt"
FIXTURE = ROOT / "tests" / "fixtures" / "customer-level" / "transactions.csv"
EDGES = ROOT / "tests" / "fixtures" / "customer-level" / "warehouse-edges.csv"
TYPOS = ROOT / "tests" / "fixtures" / "customer-level" / "warehouse-typos.csv"
APART = ROOT / "tests" / "fixtures" / "customer-level" / "warehouse-apart.csv"


def with_as_of(sql, as_of):
    """The SQL with its asOf fixed, as its comment tells a user to do."""
    fixed, count = re.subn(
        r"SELECT MAX\(day\) AS as_of\s+FROM rows_read, data_days\s+WHERE day BETWEEN first_day AND last_day",
        f"SELECT DATE '{as_of}' AS as_of",
        sql,
    )
    assert count == 1, "the asOf query of docs/warehouse.sql changed"
    return fixed


def customer_file(transactions_csv, out, as_of=None, date_type="DATE"):
    """Runs docs/warehouse.sql on a CSV with customer_id, order_id, date and amount columns, its
    dates loaded as `date_type` (a text column keeps the typos a DATE column cannot hold)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE transactions AS SELECT * FROM read_csv(?, header = true, "
        "types = {'customer_id': 'VARCHAR', 'order_id': 'VARCHAR', 'date': '"
        + date_type
        + "', 'amount': 'DOUBLE'})",
        [str(transactions_csv)],
    )
    sql = SQL if as_of is None else with_as_of(SQL, as_of)
    rows = con.execute(sql).fetchall()
    names = [column[0] for column in con.description]
    with open(out, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if value is None else repr(value) if isinstance(value, float) else value for value in row])
    return len(rows)


def report(path, *args):
    run = subprocess.run(
        [str(CUSTVAL), "analyze", str(path), *args], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def close(a, b, tolerance=1e-6):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def customer_key(id):
    """An email address in lower case, as custval tells customers apart; each report writes it as
    one of its spellings (the transactions' first, the SQL's first in sort order)."""
    return id.lower() if re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]*[.][A-Za-z0-9.-]*", id) else id


def skipped_rows(report, *reasons):
    """The rows custval skipped for one of the `reasons`."""
    return sum(group["count"] for group in report["input"]["skipped"] if group["reason"] in reasons)


def compare(name, from_rows, from_customers, customer_csv):
    assert from_customers["input"]["kind"] == "customers", name
    with open(customer_csv, newline="") as file:
        customers_read = list(csv.DictReader(file))
    for column, reasons in [("rows_without_date", ["missingDate", "invalidDate"]), ("rows_dated_apart", ["dateApart"])]:
        left_out = sum(int(row[column]) for row in customers_read)
        assert left_out == skipped_rows(from_rows, *reasons), f"{name}: {left_out} {column}"
    assert from_rows["asOf"] == from_customers["asOf"], name
    rows = {customer_key(c["id"]): c for c in from_rows["customers"]}
    customers = {customer_key(c["id"]): c for c in from_customers["customers"]}
    assert rows.keys() == customers.keys(), f"{name}: {rows.keys() ^ customers.keys()}"
    for key in ["recencyDays", "frequency", "rScore", "fScore", "mScore", "segment", "tier", "lifecycle"]:
        differ = [i for i in rows if rows[i].get(key) != customers[i].get(key)]
        assert not differ, f"{name}: {key} differs for {differ[:5]}"
    for key in ["monetary", "pAlive", "expectedPurchases", "clv"]:
        differ = [i for i in rows if not close(rows[i].get(key), customers[i].get(key))]
        assert not differ, f"{name}: {key} differs for {differ[:5]}: {[(rows[i].get(key), customers[i].get(key)) for i in differ[:3]]}"
    assert from_rows["clv"] is not None and from_customers["clv"] is not None, name
    for model, keys in [("bgnbd", ["r", "alpha", "a", "b"]), ("gammaGamma", ["p", "q", "v"])]:
        for key in keys:
            a, b = from_rows["clv"][model][key], from_customers["clv"][model][key]
            assert close(a, b), f"{name}: {model}.{key} {a} != {b}"
    print(f"{name}: {len(rows)} customers agree")


def main():
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        # CDNOW: master id, sample id, YYYYMMDD, CDs, dollars; no order ids.
        cdnow = work / "cdnow.csv"
        with open(CDNOW) as raw, open(cdnow, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["customer_id", "order_id", "date", "amount"])
            for line in raw:
                fields = line.split()
                if fields:
                    day = f"{fields[2][:4]}-{fields[2][4:6]}-{fields[2][6:]}"
                    writer.writerow([fields[1], "", day, fields[4]])
        # A second order in 2042: 2 of 125 rows, more than 1 %, are the data, not typos.
        beyond_one_percent = work / "beyond-one-percent.csv"
        beyond_one_percent.write_text(APART.read_text() + "c05,5905,2042-03-16,60.00\n")
        # A typo for 2024 in a file of 20 rows: one of ten or more stands apart, however few.
        one_apart = work / "one-apart.csv"
        one_apart.write_text(FIXTURE.read_text() + "9001,ann,2042-03-16,60.00\n")
        assert skipped_rows(report(one_apart), "dateApart") == 1, "one apart of twenty"
        raw_args = ["--no-header", "--column", "customer=2", "--column", "date=3", "--column", "amount=5"]
        cases = [
            ("CDNOW", CDNOW, raw_args, cdnow, None),
            ("CDNOW to 1997-09-30", CDNOW, raw_args, cdnow, "1997-09-30"),
            ("fixture", FIXTURE, [], FIXTURE, None),
            ("fixture to 2024-06-30", FIXTURE, [], FIXTURE, "2024-06-30"),
            ("edges", EDGES, [], EDGES, None),
            ("typos", TYPOS, [], TYPOS, None),
            ("dates apart", APART, [], APART, None),
            ("dates apart to 2024-04-30", APART, [], APART, "2024-04-30"),
            ("more than 1 % apart", beyond_one_percent, [], beyond_one_percent, None),
            ("one apart of twenty", one_apart, [], one_apart, None),
        ]
        for name, raw, args, table, as_of in cases:
            out = work / "customers.csv"
            customer_file(table, out, as_of, "VARCHAR" if raw == TYPOS else "DATE")
            as_of_args = [] if as_of is None else ["--as-of", as_of]
            compare(name, report(raw, *args, *as_of_args), report(out, *as_of_args), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
