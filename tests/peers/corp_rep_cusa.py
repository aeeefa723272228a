"""Independent reference for custval's CSAT on the corporate reputation survey, written with
Python's standard library only (csv, fractions, statistics).

`cusa` is overall satisfaction on a 1-7 scale; -99 means missing. CSAT is the top-two-box
share (6-7) in percent, with its Wilson 95 % interval, and the mean with its 95 % margin
1.96 * s / sqrt(n), overall and per `servicetype`. The Wilson bounds are found here as the two
roots p of (p_hat - p)^2 = z^2 p (1 - p) / n, z = 1.96, by the quadratic formula. `cusl_3`
("I will recommend [company] to others", 1-7) gives an NPS on 1-7: promoters 6-7, passives 5,
detractors 1-4; its margin is 1.96 * 100 * sqrt(v / n) with v the variance of the answers
scored +1, 0 and -1, and its adjusted-Wald interval (Rocks 2016) is the same Wald interval of
the answers with three weighted pseudo-answers added (3/4 of a +1, 3/4 of a -1, 3/2 of a 0),
taken here from the weighted sample's first two moments. Shares and means are exact fractions rounded once to a double, as a
division of two integers is. Writes tests/fixtures/peers/corp_rep_cusa.json.
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


Z = 1.96


def wilson_roots(k, n):
    """Both p with (k/n - p)^2 = Z^2 p (1 - p) / n, i.e. a p^2 + b p + c = 0, in percent."""
    p_hat = k / n
    a = 1 + Z * Z / n
    b = -(2 * p_hat + Z * Z / n)
    c = p_hat * p_hat
    root = math.sqrt(b * b - 4 * a * c)
    return {"low": 100 * (-b - root) / (2 * a), "high": 100 * (-b + root) / (2 * a)}


def figures(answers):
    n = len(answers)
    satisfied = sum(1 for a in answers if a >= 6)
    return {
        "n": n,
        "satisfied": satisfied,
        "score": float(Fraction(100 * satisfied, n)),
        "interval": wilson_roots(satisfied, n),
        "mean": float(Fraction(sum(answers), n)),
        "meanMarginOfError": 1.96 * statistics.stdev(answers) / math.sqrt(n),
    }


def nps(answers):
    scored = [1 if a >= 6 else 0 if a == 5 else -1 for a in answers]
    n = len(scored)
    return {
        "n": n,
        "promoters": scored.count(1),
        "passives": scored.count(0),
        "detractors": scored.count(-1),
        "score": float(Fraction(100 * sum(scored), n)),
        "marginOfError": Z * 100 * math.sqrt(statistics.pvariance(scored) / n),
        "interval": adjusted_wald(scored),
    }


def adjusted_wald(scored):
    """The Wald interval of `scored` with weights 3/4, 3/4 and 3/2 on pseudo-answers +1, -1, 0."""
    weighted = [(Fraction(1), value) for value in scored]
    weighted += [(Fraction(3, 4), 1), (Fraction(3, 4), -1), (Fraction(3, 2), 0)]
    total = sum(weight for weight, _ in weighted)
    mean = sum(weight * value for weight, value in weighted) / total
    second = sum(weight * value * value for weight, value in weighted) / total
    half = Z * math.sqrt((second - mean * mean) / total)
    return {
        "low": max(-100.0, 100 * (float(mean) - half)),
        "high": min(100.0, 100 * (float(mean) + half)),
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
    recommend = [int(row["cusl_3"]) for row in rows if row["cusl_3"].strip() != "-99"]
    assert all(1 <= value <= 7 for value in recommend)
    result = {
        "rows": len(rows),
        "missing": missing,
        "overall": figures(answers),
        "byServicetype": {key: figures(values) for key, values in sorted(by_type.items())},
        "npsMissing": len(rows) - len(recommend),
        "nps": nps(recommend),
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
