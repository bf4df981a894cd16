"""The anonymisation key leaks nowhere; no raw school identifier is published."""

from __future__ import annotations

import csv
import secrets
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyreadstat

from conftest import REPO_ROOT, query, run_dbt

PUBLISHED_RELATIONS = ["cohort_school_segregation", "cohort_link_summary"]


def test_key_appears_in_no_file_and_no_identifier_is_published(tmp_path):
    key = "k3y-" + secrets.token_hex(16)
    database = tmp_path / "warehouse.duckdb"
    logs = tmp_path / "logs"
    cohort = tmp_path / "cohort.csv"
    with open(REPO_ROOT / "data/demo/next_steps_demo_cohort.csv", newline="") as handle:
        rows = list(csv.reader(handle))[:2001]
    with open(cohort, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    # a cohort outside data/demo/ needs the real key: the build must use it
    run_dbt(
        ["build", "--log-path", str(logs), "--debug"],
        database,
        {"cohort_input": {"path": str(cohort), "layout": "canonical"}},
        env={"DBT_ENV_SECRET_SCHOOL_ID_KEY": key},
    )
    exports = tmp_path / "exports"
    subprocess.run(
        [sys.executable, "scripts/export_linked_dataset.py", "--database", str(database),
         "--out-dir", str(exports)],
        cwd=REPO_ROOT, check=True, capture_output=True,
    )
    scanned = [
        path for folder in (tmp_path / "target", logs, exports)
        for path in folder.rglob("*") if path.is_file()
    ] + [database]
    assert len(scanned) > 20
    for path in scanned:
        assert key.encode() not in path.read_bytes(), f"the key leaked into {path}"

    identifiers = {
        value
        for urn, laestab in query(database, "select urn, laestab from int_census__school_years")
        for value in (urn, laestab)
        if value
    } | {row[1] for row in rows[1:] if row[1]}
    for relation in PUBLISHED_RELATIONS:
        frame = pd.DataFrame(query(database, f"select * from {relation}")).astype(str)
        cells = set(frame.to_numpy().ravel())
        assert not cells & identifiers, relation
    export_frames = [
        pd.read_csv(exports / "cohort_school_segregation.csv", dtype=str),
        pd.read_parquet(exports / "cohort_school_segregation.parquet").astype(str),
        pyreadstat.read_dta(exports / "cohort_school_segregation.dta")[0].astype(str),
        pyreadstat.read_sav(exports / "cohort_school_segregation.sav")[0].astype(str),
    ]
    for frame in export_frames:
        assert not set(frame.to_numpy().ravel()) & identifiers
    for path in exports.glob("*.csv"):
        tokens = set(path.read_text().replace("\n", ",").split(","))
        assert not tokens & identifiers, path
    # the ids were made with the key, not the demo key
    ids = dict(query(database, 'select "NSID", "KS4_URNANON" from cohort_school_segregation'))
    first_member, first_urn = rows[1]
    import hashlib
    import hmac

    expected = "K" + hmac.new(key.encode(), first_urn.encode(), hashlib.sha256).hexdigest()[:15].upper()
    assert ids[first_member] == expected


def test_gitignore_keeps_keys_warehouses_and_exports_out():
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "target/segregation.duckdb", "exports/x.dta",
         "secrets/key.txt", ".env", "school.key", "logs/dbt.log", "warehouse.duckdb"],
        cwd=REPO_ROOT, capture_output=True, text=True,
    ).stdout.split()
    assert len(ignored) == 7
