"""scripts/plot_indices.py draws valid pictures from the shipped build."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

from conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "plot_indices.py"
PICTURES = [
    "england_by_indicator.png",
    "la_spread_by_indicator.png",
    "gs_against_d.png",
    "most_least_segregated.png",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path):
    """(width, height) from the IHDR chunk; fails unless the file is a PNG."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR", f"{path.name} has no IHDR chunk"
    assert data.rstrip(b"\0")[-8:-4] == b"IEND", f"{path.name} is truncated"
    return struct.unpack(">II", data[16:24])


def test_plots_from_the_shipped_build(shipped_build, tmp_path):
    out = tmp_path / "figures"
    # the database comes from SEGREGATION_DUCKDB_PATH, as for a user
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        cwd=REPO_ROOT,
        env={**os.environ, "SEGREGATION_DUCKDB_PATH": str(shipped_build), "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # progress and where the files went
    assert f"reading {shipped_build}" in result.stdout
    for name in PICTURES:
        assert f"wrote {out / name}" in result.stdout
        width, height = png_size(out / name)
        assert width >= 800 and height >= 400, (name, width, height)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<img src="([^"]+)"', page)) == set(PICTURES)


def test_missing_warehouse_is_explained(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--database", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "make build" in result.stderr


def test_readme_shows_the_committed_pictures():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in PICTURES:
        committed = REPO_ROOT / "docs" / "figures" / name
        png_size(committed)
        assert f"docs/figures/{name}" in readme, f"README does not show {name}"
