"""Independent reference for custval's RFM on the CDNOW sample, written with Python's
standard library only (csv-free parsing of the whitespace-separated raw file, Decimal sums).

Writes tests/fixtures/peers/cdnow_rfm.csv (one row per customer) and cdnow_rfm_summary.json.
Run from the repository root:  python3 tests/peers/cdnow_rfm.py
"""
import json
import math
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_sample.txt"
OUT = ROOT / "tests" / "fixtures" / "peers"
AS_OF = date(1998, 6, 30)


def main():
    days = {}
    dollars = {}
    for line in RAW.read_text().splitlines():
        _master, customer, yyyymmdd, _cds, value = line.split()
        day = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
        days.setdefault(customer, set()).add(day)
        dollars[customer] = dollars.get(customer, Decimal(0)) + Decimal(value)

    rows = []
    for customer in sorted(days):
        purchase_days = sorted(days[customer])
        rows.append((customer, (AS_OF - purchase_days[-1]).days, len(purchase_days), dollars[customer]))

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "cdnow_rfm.csv", "w") as out:
        out.write("id,recencyDays,frequency,monetary\n")
        for customer, recency, frequency, monetary in rows:
            out.write(f"{customer},{recency},{frequency},{monetary}\n")

    # Pareto and tiers on net revenue, by their definitions.
    values = sorted((row[3] for row in rows), reverse=True)
    total = sum(values)
    top20 = sum(values[: math.ceil(len(values) * 0.2)]) / total
    running, for80 = Decimal(0), None
    for count, value in enumerate(values, start=1):
        running += value
        if for80 is None and running >= Decimal("0.8") * total:
            for80 = count
    high = medium = 0
    running = Decimal(0)
    previous = None
    for value in values:
        reached = running / total
        if previous is not None and value == previous[0]:
            tier = previous[1]
        elif reached < Decimal("0.80"):
            tier = "high"
        elif reached < Decimal("0.95"):
            tier = "medium"
        else:
            tier = "low"
        high += tier == "high"
        medium += tier == "medium"
        running += value
        previous = (value, tier)
    summary = {
        "customers": len(rows),
        "netRevenue": str(total),
        "top20RevenueShare": float(top20),
        "customersFor80": for80,
        "highTier": high,
        "mediumTier": medium,
    }
    (OUT / "cdnow_rfm_summary.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
