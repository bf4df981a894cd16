"""The linked dataset: one row per cohort member, Table 2's schema, safe ids, exports."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pyreadstat
import pytest

from conftest import REPO_ROOT, query, run_dbt
from reference import area_indices, canonical_schools

# Table 2 of the user guide, in its order (the guide says 47 variables but lists 48).
TABLE_2 = ["NSID", "KS4_URNANON"] + [
    f"LEA{year}_{name}"
    for year in ("03", "04", "05", "06")
    for name in (
        ["GS_FSMe", "D_FSMe", "GS_SENs", "D_SENs", "GS_SENn", "D_SENn"]
        + (["GS_SEN", "D_SEN"] if year == "06" else [])
        + ["GS_W", "GS_NW", "D_NW", "GS_EAL", "D_EAL"]
    )
]
TABLE_2_LABELS = {
    "NSID": "Anonymised Research ID",
    "KS4_URNANON": "School's Unique Reference Number (anonymised)",
    "LEA03_GS_FSMe": "Gorard Segregation Index (GS) for FSM eligibility 2003",
    "LEA04_D_SENn": "Dissimilarity Index (D) for SEN without statement 2004",
    "LEA05_GS_W": "Gorard Segregation Index (GS) for White ethnic origin 2005",
    "LEA06_D_SEN": "Dissimilarity Index (D) for SEN 2006",
    "LEA06_D_NW": "Dissimilarity Index (D) for Non-White ethnic origin 2006",
    "LEA06_D_EAL": "Dissimilarity Index (D) for English as an additional language 2006",
}
DEMO_COHORT = REPO_ROOT / "data/demo/next_steps_demo_cohort.csv"
TABLE2_VARS = (REPO_ROOT / "config/table2_2003_2006.yml").read_text()


def catalogue():
    with open(REPO_ROOT / "seeds/published_variables.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def mart(database):
    from duckdb import connect

    with connect(str(database), read_only=True) as connection:
        return connection.sql("select * from cohort_school_segregation").df()


def school_id_function():
    spec = importlib.util.spec_from_file_location(
        "school_ids", REPO_ROOT / "warehouse_plugins/school_ids.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.anonymised_school_id


def test_catalogue_holds_table_2_exactly_then_the_shipped_years():
    rows = catalogue()
    names = [row["variable_name"] for row in rows]
    assert names[: len(TABLE_2)] == TABLE_2
    labels = {row["variable_name"]: row["label"] for row in rows}
    for name, label in TABLE_2_LABELS.items():
        assert labels[name] == label
    later = [row for row in rows[len(TABLE_2):]]
    assert {row["census_year"] for row in later} == {"2019", "2023"}
    # only measures the year publishes
    assert not any(row["indicator"] in {"W", "NW", "FSMt"} for row in later if row["census_year"] == "2019")
    assert not any(row["indicator"].startswith("SEN") for row in later if row["census_year"] == "2023")


def test_shipped_mart_has_every_member_once_in_catalogue_order(shipped_build):
    data = mart(shipped_build)
    assert len(data) == 16_122
    assert data["NSID"].is_unique
    with open(DEMO_COHORT, newline="") as handle:
        cohort = list(csv.DictReader(handle))
    assert list(data["NSID"]) == [row["nsid"] for row in cohort]
    expected_columns = [
        row["variable_name"] for row in catalogue() if row["census_year"] in ("", "2019", "2023")
    ]
    assert list(data.columns) == expected_columns
    with_values = data.drop(columns=["NSID", "KS4_URNANON"]).notna().any(axis=1)
    assert with_values.sum() == 15_272
    assert data["KS4_URNANON"].notna().sum() == 15_272


def test_school_ids_are_keyed_stable_and_never_a_urn(shipped_build):
    ids = dict(query(shipped_build, 'select "NSID", "KS4_URNANON" from cohort_school_segregation'))
    with open(DEMO_COHORT, newline="") as handle:
        urns = {row["nsid"]: row["ks4_urn"] for row in csv.DictReader(handle)}
    anonymise = school_id_function()
    for nsid, urn in urns.items():
        assert ids[nsid] == (anonymise(urn, True) if urn else None)
    published_ids = {value for value in ids.values() if value is not None}
    assert not published_ids & set(urns.values())
    assert all(value.startswith("K") and len(value) == 16 for value in published_ids)
    # the same school gets the same id; different schools different ids
    pairs = {(urns[nsid], ids[nsid]) for nsid in urns if urns[nsid]}
    assert len({urn for urn, _ in pairs}) == len(pairs) == len({sid for _, sid in pairs})


def test_ids_change_with_the_key_and_need_a_key_off_the_demo(tmp_path, scratch):
    anonymise = school_id_function()
    demo = anonymise("123456", True)
    import os

    os.environ["DBT_ENV_SECRET_SCHOOL_ID_KEY"] = "another key"
    try:
        assert anonymise("123456", False) != demo
        assert anonymise("123456", False) == anonymise("123456", True)
    finally:
        del os.environ["DBT_ENV_SECRET_SCHOOL_ID_KEY"]
    with pytest.raises(ValueError, match="DBT_ENV_SECRET_SCHOOL_ID_KEY is not set"):
        anonymise("123456", False)

    # a cohort that is not a shipped demo file: no silent fallback to the demo key
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("nsid,ks4_urn\nA1,138632\nA2,\nA3,999999\n")
    dbt_vars = {"cohort_input": {"path": str(cohort), "layout": "canonical"}}
    no_key = {"DBT_ENV_SECRET_SCHOOL_ID_KEY": ""}
    result = run_dbt(
        ["build", "--select", "+cohort_school_segregation +cohort_link_summary"], scratch, dbt_vars, check=False, env=no_key
    )
    assert result.returncode != 0
    assert "DBT_ENV_SECRET_SCHOOL_ID_KEY is not set" in result.stdout

    # a lookup that the data manager already holds is used instead
    lookup = tmp_path / "lookup.csv"
    lookup.write_text("urn,school_id\n138632,S0001\n999999,S0002\n")
    dbt_vars["school_id_lookup"] = {"path": str(lookup)}
    run_dbt(["build", "--select", "+cohort_school_segregation +cohort_link_summary"], scratch, dbt_vars, env=no_key)
    assert query(scratch, 'select "NSID", "KS4_URNANON" from cohort_school_segregation') == [
        ("A1", "S0001"), ("A2", None), ("A3", "S0002"),
    ]
    # A3's school is in no census: published, unlinked, with the reason kept aside
    assert query(
        scratch,
        "select distinct link_failure_reason from int_cohort__member_year_links where nsid = 'A3'",
    ) == [("KS4 school not found in any census year",)]


@pytest.fixture(scope="module")
def table2_build(tmp_path_factory):
    database = tmp_path_factory.mktemp("table2") / "segregation.duckdb"
    import yaml

    run_dbt(["build"], database, yaml.safe_load(TABLE2_VARS))
    return database


def test_table2_configuration_is_exactly_table_2(table2_build):
    data = mart(table2_build)
    assert list(data.columns) == TABLE_2
    assert len(TABLE_2) == 48
    assert len(data) == 16_122
    assert data.drop(columns=["NSID", "KS4_URNANON"]).notna().any(axis=1).sum() == 15_272
    counts = dict(query(
        table2_build,
        "select census_year, count(*) from int_census__school_years where is_in_scope group by 1",
    ))
    assert counts == {2003: 7_137, 2004: 3_235, 2005: 7_344, 2006: 7_219}


def test_table2_values_match_an_independent_computation(table2_build):
    census = REPO_ROOT / "data/demo/synthetic_census_2003_2006.csv.gz"
    indices = area_indices(canonical_schools(census))
    school_la = {}
    with __import__("gzip").open(census, "rt", newline="") as handle:
        for row in csv.DictReader(handle):
            school_la.setdefault(row["urn"], row["la_code"])  # a school never moves authority here
    data = mart(table2_build).set_index("NSID")
    with open(REPO_ROOT / "data/demo/synthetic_cohort_2003_2006.csv", newline="") as handle:
        members = list(csv.DictReader(handle))
    checked = 0
    for member in members[:3000]:
        for variable in TABLE_2[2:]:
            year = 2000 + int(variable[3:5])
            index_name, indicator = variable.split("_")[1:]
            published = data.loc[member["nsid"], variable]
            if not member["ks4_urn"]:
                assert pd.isna(published)
                continue
            value = indices[("la", school_la[member["ks4_urn"]], year, indicator)][index_name.lower()]
            assert published == pytest.approx(round(value, 3), abs=1e-12), (member, variable)
            checked += 1
    assert checked > 30_000


def test_exports_open_with_their_labels(shipped_build, tmp_path):
    result = subprocess.run(
        [sys.executable, "scripts/export_linked_dataset.py", "--database", str(shipped_build),
         "--out-dir", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    )
    assert "wrote dta" in result.stdout
    published = mart(shipped_build)
    labels = {row["variable_name"]: row["label"] for row in catalogue()}
    expected_labels = [labels[column] for column in published.columns]

    frames = {
        "csv": pd.read_csv(tmp_path / "cohort_school_segregation.csv", dtype={"NSID": str, "KS4_URNANON": str}),
        "parquet": pd.read_parquet(tmp_path / "cohort_school_segregation.parquet"),
    }
    stata, stata_meta = pyreadstat.read_dta(tmp_path / "cohort_school_segregation.dta")
    spss, spss_meta = pyreadstat.read_sav(tmp_path / "cohort_school_segregation.sav")
    frames["dta"], frames["sav"] = stata, spss
    assert stata_meta.column_labels == expected_labels
    assert spss_meta.column_labels == expected_labels
    parquet_labels = pq.read_schema(tmp_path / "cohort_school_segregation.parquet").metadata[b"variable_labels"]
    assert __import__("json").loads(parquet_labels) == dict(zip(published.columns, expected_labels))
    for kind, frame in frames.items():
        assert list(frame.columns) == list(published.columns), kind
        assert len(frame) == len(published), kind
        assert list(frame["NSID"]) == list(published["NSID"]), kind
        ids = frame["KS4_URNANON"].replace("", None)
        assert list(ids.where(ids.notna(), None)) == list(published["KS4_URNANON"].where(published["KS4_URNANON"].notna(), None)), kind
        numeric = published.columns[2:]
        pd.testing.assert_frame_equal(
            frame[numeric].astype(float).reset_index(drop=True),
            published[numeric].astype(float).reset_index(drop=True),
            check_exact=False, atol=1e-12, obj=kind,
        )
    codebook = pd.read_csv(tmp_path / "codebook.csv")
    assert list(codebook["variable"]) == list(published.columns)
    assert list(codebook["n_valid"])[:2] == [16_122, 15_272]
    assert (tmp_path / "codebook.md").read_text().count("\n| LEA") == len(published.columns) - 2
