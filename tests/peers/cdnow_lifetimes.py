"""Peer reference for custval's lifetime-value figures on the CDNOW sample: the Python package
`lifetimes` (BG/NBD and Gamma-Gamma of Fader, Hardie & Lee) fitted on the calibration period
to 1997-09-30, time in weeks.

Writes tests/fixtures/peers/cdnow_lifetimes.csv: per customer P(alive), expected repeat
purchases over 12 months, the Gamma-Gamma expected average spend, and the 12-month CLV at a
1 % monthly discount rate; and tests/fixtures/peers/cdnow_lifetimes_fit.json: both models'
parameters and their standard errors (lifetimes' `standard_errors_`, from the Hessian of the
log-likelihood that autograd differentiates exactly). The CLV is custval's definition (a month is 365.25/12 days),
computed from lifetimes' own conditional expectations:
    CLV = sum_{k=1..12} spend * (E[Y(k months)] - E[Y((k-1) months)]) / 1.01**k

Run from the repository root (it makes its own virtual environment under /tmp):
    python3 tests/peers/cdnow_lifetimes.py
"""
import json
import os
import subprocess
import sys
from pathlib import Path

VENV = Path("/tmp/venv-clv")
ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_sample.txt"
OUT = ROOT / "tests" / "fixtures" / "peers" / "cdnow_lifetimes.csv"
FIT = ROOT / "tests" / "fixtures" / "peers" / "cdnow_lifetimes_fit.json"
HORIZON_MONTHS = 12
DISCOUNT = 0.01
MONTH_WEEKS = 365.25 / 12 / 7


def ensure_venv():
    """Re-runs this script inside a virtual environment that has lifetimes."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix) == VENV:
        return
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "lifetimes==0.11.3"], check=True)
    os.execv(str(python), [str(python), __file__])


def main():
    import pandas as pd
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    from lifetimes.utils import summary_data_from_transaction_data

    rows = [line.split() for line in RAW.read_text().splitlines()]
    transactions = pd.DataFrame(
        {
            "id": [row[1] for row in rows],
            "date": pd.to_datetime([row[2] for row in rows], format="%Y%m%d"),
            "amount": [float(row[4]) for row in rows],
        }
    )
    # Daily periods, then weeks of exactly 7 days (freq="W" would round to calendar weeks).
    summary = summary_data_from_transaction_data(
        transactions,
        "id",
        "date",
        monetary_value_col="amount",
        observation_period_end="1997-09-30",
        freq="D",
    )
    x = summary["frequency"]
    t_x = summary["recency"] / 7.0
    big_t = summary["T"] / 7.0

    bgf = BetaGeoFitter(penalizer_coef=0.0)
    bgf.fit(x, t_x, big_t)
    repeat = x > 0
    ggf = GammaGammaFitter(penalizer_coef=0.0)
    ggf.fit(x[repeat], summary["monetary_value"][repeat])
    print("BG/NBD", dict(bgf.params_))
    print("Gamma-Gamma", dict(ggf.params_))

    def per_customer(values):
        return pd.Series(list(values), index=summary.index, dtype=float)

    p_alive = per_customer(bgf.conditional_probability_alive(x, t_x, big_t))
    spend = per_customer(ggf.conditional_expected_average_profit(x, summary["monetary_value"]))

    def expected(months):
        return per_customer(
            bgf.conditional_expected_number_of_purchases_up_to_time(
                months * MONTH_WEEKS, x, t_x, big_t
            )
        )

    clv = 0.0
    previous = 0.0
    for k in range(1, HORIZON_MONTHS + 1):
        cumulative = expected(k)
        clv = clv + spend * (cumulative - previous) / (1.0 + DISCOUNT) ** k
        previous = cumulative

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w") as out:
        out.write("id,pAlive,expectedPurchases,expectedAvgSpend,clv\n")
        for customer in sorted(summary.index, key=int):
            values = [p_alive[customer], previous[customer], spend[customer], clv[customer]]
            out.write(customer + "," + ",".join(repr(float(v)) for v in values) + "\n")
    print(f"wrote {OUT} ({len(summary)} customers)")

    def model(fitter):
        return {
            "params": {name: float(v) for name, v in fitter.params_.items()},
            "standardErrors": {name: float(v) for name, v in fitter.standard_errors_.items()},
        }

    FIT.write_text(json.dumps({"bgnbd": model(bgf), "gammaGamma": model(ggf)}, indent=2) + "\n")
    print(f"wrote {FIT}")


if __name__ == "__main__":
    ensure_venv()
    main()
