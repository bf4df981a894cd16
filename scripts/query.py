#!/usr/bin/env python3
"""Run ad-hoc SQL against the warehouse and print the result as a table.

The DuckDB file is the one `make build` writes (SEGREGATION_DUCKDB_PATH, else
target/segregation.duckdb), opened read-only. SQL comes from the arguments, or
from standard input when there are none; with several statements, each result
is printed.

Examples:
  .venv/bin/python scripts/query.py "select * from segregation_indices limit 5"
  .venv/bin/python scripts/query.py < my_query.sql
  .venv/bin/python scripts/query.py --csv fsm.csv "select * from segregation_indices where indicator = 'FSMe'"
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

DEFAULT_DATABASE = "target/segregation.duckdb"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sql", nargs="*", help="SQL to run (default: read from standard input)")
    parser.add_argument(
        "--database",
        default=os.environ.get("SEGREGATION_DUCKDB_PATH", DEFAULT_DATABASE),
        help="DuckDB file (default: $SEGREGATION_DUCKDB_PATH or %(default)s)",
    )
    parser.add_argument("--max-rows", type=int, default=60, help="rows printed per result (default %(default)s)")
    parser.add_argument("--csv", metavar="FILE", help="also write the last result to this CSV file")
    args = parser.parse_args(argv)

    database = Path(args.database)
    if not database.is_file():
        sys.exit(f"no warehouse at {database}: run `make build` first (or set SEGREGATION_DUCKDB_PATH)")
    sql = " ".join(args.sql) if args.sql else sys.stdin.read()
    if not sql.strip():
        sys.exit("no SQL given")
    with duckdb.connect(str(database), read_only=True) as connection:
        statements = connection.extract_statements(sql)
        result = None
        for statement in statements:
            result = connection.sql(statement.query)
            if result is not None:
                result.show(max_rows=args.max_rows, max_width=200)
        if args.csv:
            if result is None:
                sys.exit("the last statement returns no rows to write")
            result.write_csv(args.csv)
            print(f"wrote {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
