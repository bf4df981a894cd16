"""Pupil-level census input: the pupil route and the school route agree, Parquet
input works, the generator is deterministic and bad pupil values fail clearly."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from conftest import REPO_ROOT, run_dbt
from reference import area_indices, canonical_schools
from test_indices_match_reference import assert_same_indices, published

GENERATOR = REPO_ROOT / "scripts" / "generate_pupil_census.py"
SMALL = ["--years", "2", "--authorities", "5", "--schools", "24", "--pupils", "15000", "--all-phases"]
CANONICAL_HEADER = [
    "census_year", "urn", "laestab", "la_code", "phase", "headcount", "fsm_eligible",
    "fsm_taken", "sen_statement", "sen_support", "eal", "white_british", "non_white_british",
]
# restated from the DfE codes, independently of seeds/pupil_census_codes.csv
WHITE_BRITISH = {"WBRI", "WENG", "WSCO", "WWEL", "WCOR", "WOWB"}


def generate(folder, *arguments):
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(folder), *arguments],
        check=True, capture_output=True, text=True,
    )
    return sorted(folder.glob("*.parquet"))


def pupils_to_canonical_csv(parquet_files, path):
    """Aggregate pupil rows to school-year counts in plain Python, as a canonical school-level file."""
    schools = defaultdict(lambda: defaultdict(int))
    for file in parquet_files:
        for pupil in pq.read_table(file).to_pylist():
            school = schools[(pupil["census_year"], pupil["urn"], pupil["la_code"], pupil["phase"])]
            school["headcount"] += 1
            school["fsm_eligible"] += pupil["fsm_eligible"] == 1
            school["fsm_taken"] += pupil["fsm_taken"] == 1
            school["sen_statement"] += pupil["sen_provision"] in ("E", "S")
            school["sen_support"] += pupil["sen_provision"] in ("K", "A", "P")
            school["eal"] += pupil["first_language"] in ("OTH", "OTB")
            school["white_british"] += pupil["ethnicity"] in WHITE_BRITISH
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CANONICAL_HEADER)
        for (year, urn, la_code, phase), counts in sorted(schools.items()):
            writer.writerow([
                year, urn, f"{la_code}{urn % 10000:04d}", la_code, phase, counts["headcount"], counts["fsm_eligible"],
                counts["fsm_taken"], counts["sen_statement"], counts["sen_support"], counts["eal"],
                counts["white_british"], counts["headcount"] - counts["white_british"],
            ])
    return path


@pytest.fixture(scope="module")
def small_census(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pupils")
    files = generate(folder / "parquet", *SMALL)
    canonical = pupils_to_canonical_csv(files, folder / "canonical.csv")
    # the second year also as CSV, to read pupil-level CSV next to Parquet
    csv_copy = folder / "census_second_year.csv"
    table = pq.read_table(files[1])
    pa_csv.write_csv(table.cast(pa.schema([(name, pa.string()) for name in table.column_names])), csv_copy)
    return {"parquet": files, "csv_second_year": csv_copy, "canonical": canonical}


def test_pupil_route_gives_the_same_indices_as_the_school_route(small_census, tmp_path):
    files = small_census["parquet"]
    pupil_db = tmp_path / "pupil.duckdb"
    run_dbt(
        ["build", "--select", "+segregation_indices"], pupil_db,
        {"census_inputs": [], "pupil_census_inputs": [
            {"path": str(files[0]), "layout": "pupil_level"},
            {"path": str(small_census["csv_second_year"]), "layout": "pupil_level"},
        ]},
    )
    # the school route, the canonical file given as Parquet (school-level Parquet input)
    school_parquet = tmp_path / "canonical.parquet"
    pq.write_table(
        pa_csv.read_csv(
            small_census["canonical"],
            convert_options=pa_csv.ConvertOptions(column_types={"la_code": "string", "laestab": "string"}),
        ),
        school_parquet,
    )
    school_db = tmp_path / "school.duckdb"
    run_dbt(
        ["build", "--select", "+segregation_indices"], school_db,
        {"census_inputs": [{"path": str(school_parquet), "layout": "canonical"}]},
    )
    pupil_route, school_route = published(pupil_db), published(school_db)
    assert len(pupil_route) > 50
    # the same areas, the same counts, and GS and D equal to rounding
    assert_same_indices(pupil_route, school_route)
    # and both equal the independent plain-Python reference
    assert_same_indices(pupil_route, area_indices(canonical_schools(small_census["canonical"])))


def test_generator_is_deterministic(tmp_path):
    arguments = ["--years", "2", "--authorities", "4", "--schools", "10", "--pupils", "3000"]
    first = generate(tmp_path / "a", *arguments)
    second = generate(tmp_path / "b", *arguments)
    other_seed = generate(tmp_path / "c", *arguments, "--seed", "5")
    assert [f.name for f in first] == ["census_2019.parquet", "census_2020.parquet"]
    for a, b, c in zip(first, second, other_seed):
        assert pq.read_table(a).equals(pq.read_table(b))
        assert not pq.read_table(a).equals(pq.read_table(c))
    table = pq.read_table(first[0])
    assert table.column_names == [
        "census_year", "urn", "la_code", "phase", "fsm_eligible", "fsm_taken",
        "sen_provision", "first_language", "ethnicity",
    ]
    assert table.group_by("urn").aggregate([]).num_rows == 10


def write_pupils(path, rows):
    header = ["census_year", "urn", "la_code", "phase", "fsm_eligible", "fsm_taken",
              "sen_provision", "first_language", "ethnicity"]
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD_PUPILS = [
    ["2021", "100001", "301", "State-funded secondary", "1", "1", "N", "ENG", "WBRI"],
    ["2021", "100001", "301", "State-funded secondary", "0", "0", "K", "OTH", "APKN"],
    ["2021", "100002", "302", "State-funded secondary", "0", "0", "E", "ENG", "WBRI"],
    ["2021", "100002", "302", "State-funded secondary", "1", "0", "N", "UNC", "REFU"],
]


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        (3, 8, "XYZW", "column \"ethnicity\": value 'XYZW' is not one of its codes"),
        (2, 4, "yes", "column \"fsm_eligible\": value 'yes' is not one of its codes"),
        (4, 2, "303", "pupils of URN 100002 in census year 2021 disagree on LA code or phase"),
    ],
)
def test_bad_pupil_value_fails_naming_file_row_and_column(tmp_path, scratch, row, column, value, expected):
    rows = [list(pupil) for pupil in GOOD_PUPILS]
    rows[row - 1][column] = value
    census = write_pupils(tmp_path / "pupils.csv", rows)
    result = run_dbt(
        ["build", "--select", "stg_census__pupil_school_years"], scratch,
        {"census_inputs": [], "pupil_census_inputs": [{"path": str(census), "layout": "pupil_level"}]},
        check=False,
    )
    assert result.returncode != 0
    assert f"pupil census file {census}, data row " in result.stdout
    assert expected in result.stdout
    if "codes" in expected:
        assert f"data row {row}, column" in result.stdout


def test_school_level_layout_in_pupil_inputs_is_refused(tmp_path, scratch):
    census = write_pupils(tmp_path / "pupils.csv", GOOD_PUPILS)
    result = run_dbt(
        ["build", "--select", "stg_census__pupil_school_years"], scratch,
        {"census_inputs": [{"path": str(census), "layout": "pupil_level"}]},
        check=False,
    )
    assert result.returncode != 0
    assert "maps no headcount" in result.stdout and "pupil_census_inputs" in result.stdout
