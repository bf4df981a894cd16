"""Shared fixtures: run dbt in a subprocess against a throw-away DuckDB file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
TEST_SCHOOL_ID_KEY = "pytest school id key"


def run_dbt(args, database: Path, dbt_vars: dict | None = None, check: bool = True, env=None):
    """Run `dbt <args>` from the repo root with its own DuckDB file and target dir.

    The anonymisation key is set to TEST_SCHOOL_ID_KEY unless `env` overrides it
    (an empty value means "not set").
    """
    command = [DBT, *args, "--target-path", str(database.parent / "target")]
    if "--select" in args:
        # only tests whose every parent is selected (a partial build must not
        # run a test of a model it did not build)
        command += ["--indirect-selection", "cautious"]
    if dbt_vars is not None:
        command += ["--vars", json.dumps(dbt_vars)]
    run_env = {
        **os.environ,
        "SEGREGATION_DUCKDB_PATH": str(database),
        # builds on test inputs (not the shipped demo) need an anonymisation key
        "DBT_ENV_SECRET_SCHOOL_ID_KEY": TEST_SCHOOL_ID_KEY,
        **(env or {}),
    }
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=run_env, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
    return result


def run_dbt_concurrently(jobs: dict, workers: int = 2) -> dict:
    """Run several dbt invocations, `workers` at a time, without checking their exit status.

    `jobs` maps a key to (args, database, dbt_vars); returns {key: CompletedProcess}.
    Each dbt process mostly waits on one CPU (start-up and parsing), so two at a
    time on two cores roughly halve the time of the many small failing builds.
    """
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            key: pool.submit(run_dbt, args, database, dbt_vars, False)
            for key, (args, database, dbt_vars) in jobs.items()
        }
        return {key: future.result() for key, future in futures.items()}


def query(database: Path, sql: str):
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).fetchall()


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory):
    """The default build on the shipped real census files, as `make build` runs it
    (no key set: the shipped demo inputs use the documented demo key)."""
    database = tmp_path_factory.mktemp("shipped") / "segregation.duckdb"
    run_dbt(["build"], database, env={"DBT_ENV_SECRET_SCHOOL_ID_KEY": ""})
    return database


@pytest.fixture
def scratch(tmp_path):
    """A fresh DuckDB path for one test's build."""
    return tmp_path / "scratch.duckdb"


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


def copy_to(tmp_path: Path, source: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(source, target)
    return target
