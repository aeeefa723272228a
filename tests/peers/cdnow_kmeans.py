"""Independent reference for custval's k-means on the CDNOW sample: scikit-learn's KMeans on
the same standardised features, log1p(recencyDays), log1p(frequency), log1p(max(monetary, 0)),
each scaled to mean 0 and (population) standard deviation 1 by StandardScaler.

Writes tests/fixtures/peers/cdnow_kmeans.csv: for k = 2..8 the within-cluster sum of squares
(inertia_) of scikit-learn's best of 10 k-means++ runs. The RFM values are read from the raw
file exactly as tests/peers/cdnow_rfm.py does (asOf 1998-06-30, frequency = distinct purchase
days, monetary = net dollar value).

Run from the repository root; it installs scikit-learn into its own virtual environment:
    python3 tests/peers/cdnow_kmeans.py
"""
import subprocess
import sys
import venv
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_sample.txt"
OUT = ROOT / "tests" / "fixtures" / "peers"
AS_OF = date(1998, 6, 30)
VENV = Path("/tmp/venv-kmeans")
PINS = ["scikit-learn==1.9.1", "numpy==2.4.6"]


def ensure_environment():
    """Re-runs this script inside a virtual environment that has scikit-learn."""
    if Path(sys.prefix) == VENV:
        return
    if not (VENV / "bin" / "python").exists():
        venv.create(VENV, with_pip=True)
    subprocess.run([VENV / "bin" / "pip", "install", "--quiet", *PINS], check=True)
    sys.exit(subprocess.run([VENV / "bin" / "python", __file__]).returncode)


def rfm_rows():
    days = {}
    dollars = {}
    for line in RAW.read_text().splitlines():
        _master, customer, yyyymmdd, _cds, value = line.split()
        day = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
        days.setdefault(customer, set()).add(day)
        dollars[customer] = dollars.get(customer, Decimal(0)) + Decimal(value)
    return [
        ((AS_OF - max(days[c])).days, len(days[c]), float(dollars[c]))
        for c in sorted(days)
    ]


def main():
    ensure_environment()
    import numpy as np
    import sklearn
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    raw = np.array(rfm_rows(), dtype=float)
    raw[:, 2] = np.maximum(raw[:, 2], 0.0)
    features = StandardScaler().fit_transform(np.log1p(raw))
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "cdnow_kmeans.csv", "w") as out:
        out.write("k,sse\n")
        for k in range(2, 9):
            model = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(features)
            out.write(f"{k},{model.inertia_!r}\n")
    print(f"scikit-learn {sklearn.__version__}, {len(raw)} customers")


if __name__ == "__main__":
    main()
