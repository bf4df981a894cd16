"""Export the published linked dataset for Stata, SPSS, R and Python users.

Reads `cohort_school_segregation` and the variable catalogue (the seed table
reference.published_variables) from the warehouse and writes, into --out-dir:

  cohort_school_segregation.csv       plain CSV (UTF-8, header row)
  cohort_school_segregation.parquet   Parquet, labels in the schema metadata
  cohort_school_segregation.dta       Stata, with variable labels
  cohort_school_segregation.sav       SPSS, with variable labels
  codebook.md, codebook.csv           variable, label, type, n valid, min, max, mean

Usage: python scripts/export_linked_dataset.py [--database PATH] [--out-dir exports]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat

MART = "cohort_school_segregation"


def load(database: Path):
    with duckdb.connect(str(database), read_only=True) as connection:
        data = connection.sql(f"select * from {MART}").df()
        catalogue = connection.sql(
            "select variable_name, label from reference.published_variables order by position"
        ).fetchall()
    labels = dict(catalogue)
    missing = [column for column in data.columns if column not in labels]
    if missing:
        sys.exit(f"columns of {MART} missing from the catalogue: {missing}")
    return data, {column: labels[column] for column in data.columns}


def codebook(data: pd.DataFrame, labels: dict) -> pd.DataFrame:
    rows = []
    for column in data.columns:
        values = data[column]
        numeric = pd.api.types.is_numeric_dtype(values)
        rows.append({
            "variable": column,
            "label": labels[column],
            "type": "numeric" if numeric else "string",
            "n_valid": int(values.notna().sum()),
            "min": values.min() if numeric else None,
            "max": values.max() if numeric else None,
            "mean": round(float(values.mean()), 6) if numeric and values.notna().any() else None,
        })
    return pd.DataFrame(rows)


def markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    body = [
        "| " + " | ".join("" if pd.isna(v) else str(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body]) + "\n"


def export(database: Path, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"reading {MART} from {database}")
    data, labels = load(database)
    print(f"  {len(data):,} rows, {len(data.columns)} variables")
    paths = {
        "csv": out_dir / f"{MART}.csv",
        "parquet": out_dir / f"{MART}.parquet",
        "dta": out_dir / f"{MART}.dta",
        "sav": out_dir / f"{MART}.sav",
        "codebook_csv": out_dir / "codebook.csv",
        "codebook_md": out_dir / "codebook.md",
    }
    data.to_csv(paths["csv"], index=False)
    table = pa.Table.from_pandas(data, preserve_index=False)
    table = table.replace_schema_metadata(
        {**(table.schema.metadata or {}), b"variable_labels": json.dumps(labels).encode()}
    )
    pq.write_table(table, paths["parquet"])
    column_labels = [labels[c] for c in data.columns]
    # Stata and SPSS: string variables must not hold None
    readstat_data = data.copy()
    for column in readstat_data.columns:
        if not pd.api.types.is_numeric_dtype(readstat_data[column]):
            readstat_data[column] = readstat_data[column].fillna("")
    pyreadstat.write_dta(
        readstat_data, paths["dta"], column_labels=column_labels,
        file_label="Linked school segregation indices", version=15,
    )
    pyreadstat.write_sav(
        readstat_data, paths["sav"], column_labels=column_labels,
        file_label="Linked school segregation indices",
    )
    book = codebook(data, labels)
    book.to_csv(paths["codebook_csv"], index=False)
    paths["codebook_md"].write_text(
        f"# Codebook: {MART}\n\n{len(data):,} rows (one per cohort member), "
        f"{len(data.columns)} variables.\n\n" + markdown_table(book)
    )
    for kind, path in paths.items():
        print(f"  wrote {kind:13} {path} ({path.stat().st_size:,} bytes)")
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", type=Path,
        default=Path(os.environ.get("SEGREGATION_DUCKDB_PATH", "target/segregation.duckdb")),
    )
    parser.add_argument("--out-dir", type=Path, default=Path("exports"))
    args = parser.parse_args(argv)
    if not args.database.exists():
        sys.exit(f"no warehouse at {args.database}: run `make build` first")
    export(args.database, args.out_dir)


if __name__ == "__main__":
    main()
