"""RFM per customer by a native peer, for the comparison in benches/browser/run.mjs --peers.

    python benches/peers/rfm.py duckdb|polars FILE OUTPUT.csv

DuckDB runs rfm.sql; polars computes the same with its lazy API. Both write customer,
recency, frequency, monetary_cents and the quintile scores, one row per customer, sorted by
customer. The caller times the whole process, start-up included.
"""

import pathlib
import sys


def with_duckdb(path, output):
    import duckdb

    quoted = "'" + path.replace("'", "''") + "'"
    sql = pathlib.Path(__file__).with_name("rfm.sql").read_text()
    duckdb.sql(sql.replace("'transactions.csv'", quoted)).write_csv(output)


def with_polars(path, output):
    import polars as pl

    purchase = pl.col("cents") >= 0
    cancellation = pl.col("InvoiceNo").str.contains("^[Cc][0-9]+$")
    quintile = lambda column, descending=False: (  # noqa: E731
        (pl.col(column).rank("ordinal", descending=descending) - 1) * 5 // pl.len() + 1
    )
    (
        pl.scan_csv(
            path,
            schema_overrides={
                "InvoiceNo": pl.String,
                "CustomerID": pl.String,
                "UnitPrice": pl.Decimal(18, 2),
            },
        )
        .filter(pl.col("CustomerID").is_not_null())
        .with_columns(
            day=pl.col("InvoiceDate").str.slice(0, 10).str.to_date("%Y-%m-%d"),
            cents=pl.col("Quantity") * (pl.col("UnitPrice") * 100).cast(pl.Int64),
        )
        .with_columns(
            cents=pl.when((pl.col("cents") > 0) & cancellation)
            .then(-pl.col("cents"))
            .otherwise(pl.col("cents")),
            as_of=pl.col("day").max(),
        )
        .group_by(pl.col("CustomerID").alias("customer"))
        .agg(
            last_purchase=pl.col("day").filter(purchase).max(),
            frequency=pl.col("InvoiceNo").filter(purchase).n_unique(),
            monetary_cents=pl.col("cents").sum(),
            as_of=pl.col("as_of").first(),
        )
        .filter(pl.col("frequency") > 0)
        .with_columns(recency=(pl.col("as_of") - pl.col("last_purchase")).dt.total_days())
        .select(
            "customer",
            "recency",
            "frequency",
            "monetary_cents",
            r_score=quintile("recency", descending=True),
            f_score=quintile("frequency"),
            m_score=quintile("monetary_cents"),
        )
        .sort("customer")
        .collect()
        .write_csv(output)
    )


if __name__ == "__main__":
    engine, path, output = sys.argv[1:4]
    {"duckdb": with_duckdb, "polars": with_polars}[engine](path, output)
