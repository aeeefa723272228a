"""Independent reference for custval's CSAT on the corporate reputation survey, written with
Python's standard library only (csv, fractions, statistics).

`cusa` is overall satisfaction on a 1-7 scale; -99 means missing. CSAT is the top-two-box
share (6-7) in percent, with the mean and its 95 % margin 1.96 * s / sqrt(n), overall and per
`servicetype`. Shares and means are exact fractions rounded once to a double, as a division of
two integers is. Writes tests/fixtures/peers/corp_rep_cusa.json.
Run from the repository root:  python3 tests/peers/corp_rep_cusa.py
"""
import csv
import json
import math
import statistics
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT.parent / "shared" / "data" / "surveys" / "corp_rep_data.csv"
OUT = ROOT / "tests" / "fixtures" / "peers" / "corp_rep_cusa.json"


def figures(answers):
    n = len(answers)
    satisfied = sum(1 for a in answers if a >= 6)
    return {
        "n": n,
        "satisfied": satisfied,
        "score": float(Fraction(100 * satisfied, n)),
        "mean": float(Fraction(sum(answers), n)),
        "meanMarginOfError": 1.96 * statistics.stdev(answers) / math.sqrt(n),
    }


def main():
    with open(RAW, newline="") as raw:
        rows = list(csv.DictReader(raw))
    answers, missing, by_type = [], 0, {}
    for row in rows:
        if row["cusa"].strip() == "-99":
            missing += 1
            continue
        value = int(row["cusa"])
        assert 1 <= value <= 7, value
        answers.append(value)
        by_type.setdefault(row["servicetype"], []).append(value)
    result = {
        "rows": len(rows),
        "missing": missing,
        "overall": figures(answers),
        "byServicetype": {key: figures(values) for key, values in sorted(by_type.items())},
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
