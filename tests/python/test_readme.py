"""The README stays true: its two commands come first, its cookbook queries run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import duckdb

from conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_come_first():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1).splitlines()
    assert first_block[0].startswith("make build")
    assert first_block[1].startswith("make test")
    assert README.index("```bash") < README.index("\n## "), "the commands come before the first section"


def test_every_cookbook_query_runs_on_the_shipped_build(shipped_build, tmp_path, monkeypatch):
    blocks = re.findall(r"```sql\n(.*?)```", README, re.S)
    assert blocks, "the README has no SQL cookbook"
    monkeypatch.chdir(tmp_path)  # the CSV example writes into the working directory
    ran = 0
    with duckdb.connect(str(shipped_build), read_only=True) as connection:
        for block in blocks:
            for statement in connection.extract_statements(block):
                connection.execute(statement.query)
                ran += 1
    assert ran >= 8
    assert (tmp_path / "fsm_indices.csv").is_file()


def test_query_script_prints_a_table(shipped_build):
    result = subprocess.run(
        [sys.executable, "scripts/query.py",
         "select area_name, gs from segregation_indices where area_level = 'england' limit 1"],
        cwd=REPO_ROOT,
        env={**os.environ, "SEGREGATION_DUCKDB_PATH": str(shipped_build)},
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "England" in result.stdout and "area_name" in result.stdout
