"""Bad census input: values that cannot be read stop the build with a message naming
file, row and column (see also test_census_quarantine.py for rows that are quarantined)."""

from __future__ import annotations

import csv

import pytest

from conftest import query, run_dbt, run_dbt_concurrently

HEADER = [
    "census_year", "urn", "laestab", "la_code", "phase", "headcount", "fsm_eligible",
    "fsm_taken", "sen_statement", "sen_support", "eal", "white_british", "non_white_british",
]
GOOD_ROWS = [
    ["2005", "100001", "3014001", "301", "State-funded secondary", "1000", "100", "80", "10", "90", "50", "700", "300"],
    ["2005", "100002", "3014002", "301", "State-funded secondary", "800", "300", "250", "20", "100", "200", "400", "400"],
    ["2005", "100003", "3024001", "302", "State-funded secondary", "600", "60", "50", "5", "40", "10", "500", "100"],
]


def write_census(path, rows, header=HEADER):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def build(census, scratch, check=False, select=None):
    selection = ["--select", select] if select else []
    return run_dbt(
        ["build", *selection], scratch, {"census_inputs": [{"path": str(census), "layout": "canonical"}]},
        check=check,
    )


def with_value(column, value, row_index=1):
    rows = [list(row) for row in GOOD_ROWS]
    rows[row_index][HEADER.index(column)] = value
    return rows


UNPARSEABLE = [
    ("headcount", "4.6"),  # decimals in a headcount
    ("fsm_eligible", "abc"),  # non-numeric text that is not a DfE marker
    ("eal", "-5"),  # negative count
    ("urn", "12AB"),  # malformed URN
    ("urn", ""),  # missing URN (the row has an LA code, so it is no footer)
    ("la_code", "3O1"),  # malformed LA code
    ("headcount", "99999999999"),  # too large to be a school's count (no inf, no NaN)
    ("la_code", ""),  # missing LA code
    ("laestab", "30140"),  # malformed LAESTAB
]


def canonical(path, layout="canonical"):
    return {"census_inputs": [{"path": str(path), "layout": layout}]}


@pytest.fixture(scope="module")
def failing_builds(tmp_path_factory):
    """Every failing build of this module, run two at a time: {key: (census path, result)}."""
    tmp_path = tmp_path_factory.mktemp("failing")
    files, jobs = {}, {}
    select = ["build", "--select", "stg_census__rows"]
    for number, (column, value) in enumerate(UNPARSEABLE):
        census = write_census(tmp_path / f"bad_{number}.csv", with_value(column, value))
        files[(column, value)] = census
        jobs[(column, value)] = (select, tmp_path / f"bad_{number}.duckdb", canonical(census))
    header = [name for name in HEADER if name != "sen_support"]
    rows = [[v for name, v in zip(HEADER, row) if name != "sen_support"] for row in GOOD_ROWS]
    files["missing column"] = write_census(tmp_path / "no_sen_support.csv", rows, header)
    files["unknown layout"] = write_census(tmp_path / "ok.csv", GOOD_ROWS)
    files["missing file"] = tmp_path / "absent.csv"
    for key, layout in [("missing column", "canonical"), ("unknown layout", "nope"),
                        ("missing file", "canonical")]:
        jobs[key] = (select, tmp_path / f"{key.replace(' ', '_')}.duckdb", canonical(files[key], layout))
    results = run_dbt_concurrently(jobs)
    return {key: (files[key], results[key]) for key in jobs}


@pytest.mark.parametrize(("column", "value"), UNPARSEABLE)
def test_unparseable_value_fails_naming_file_row_and_column(failing_builds, column, value):
    census, result = failing_builds[(column, value)]
    assert result.returncode != 0
    message = result.stdout
    assert f"census file {census}" in message
    assert "data row 2 (line 3)" in message
    assert f'column "{column}"' in message
    assert f"'{value}'" in message


def test_missing_mapped_column_fails_naming_file_and_column(failing_builds):
    census, result = failing_builds["missing column"]
    assert result.returncode != 0
    assert f"census file {census} (layout canonical): column 'sen_support'" in result.stdout


def test_unknown_layout_and_missing_file_fail_clearly(failing_builds):
    _, result = failing_builds["unknown layout"]
    assert result.returncode != 0 and "unknown layout 'nope'" in result.stdout
    missing, result = failing_builds["missing file"]
    assert result.returncode != 0 and f"census file not found: {missing}" in result.stdout


def test_markers_bom_leading_zeros_and_total_rows_are_handled(tmp_path, scratch):
    rows = with_value("fsm_eligible", "x", row_index=0)
    rows[2][HEADER.index("la_code")] = "0302"[1:]  # plain 302
    rows[1][HEADER.index("urn")] = "0100002"  # a leading zero on a URN
    rows.append(["2005", "NAT", "", "", "State-funded secondary"] + ["2400"] * 8)
    census = tmp_path / "bom.csv"
    write_census(census, rows)
    census.write_bytes(b"\xef\xbb\xbf" + census.read_bytes())
    build(census, scratch, check=True)
    assert query(scratch, "select urn, fsm_eligible, fsm_eligible_marker from stg_census__rows where row_kind = 'school' order by urn") == [
        ("100001", None, "x"), ("100002", 300.0, None), ("100003", 60.0, None),
    ]
    assert query(scratch, "select count(*) from stg_census__rows where row_kind = 'total'") == [(1,)]
    # the school with an unknown FSM count drops out of FSMe (and only FSMe)
    assert query(
        scratch,
        "select indicator, schools_used, schools_excluded from segregation_indices"
        " where area_code = '301' and indicator in ('FSMe', 'EAL') order by indicator",
    ) == [("EAL", 2, 0), ("FSMe", 1, 1)]


def test_contradicting_ethnicity_counts_are_quarantined_and_an_empty_year_still_publishes(tmp_path, scratch):
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][HEADER.index("non_white_british")] = "900"  # 700 + 900 > headcount 1000
    # 2006: only a primary school, so no index can be computed for that year
    rows.append(["2006", "100009", "3012001", "301", "State-funded primary", "200", "20", "10", "1", "9", "5", "150", "50"])
    census = write_census(tmp_path / "contradictions.csv", rows)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("nsid,ks4_urn\nP1,100002\nP2,100009\n")
    run_dbt(["build"], scratch, {
        "census_inputs": [{"path": str(census), "layout": "canonical"}],
        "cohort_input": {"path": str(cohort), "layout": "canonical"},
        "census_max_quarantined_share": 1,
    })
    assert query(scratch, "select urn, quarantine_reason from int_census__row_checks where quarantine_reason is not null") == [
        ("100001", "counts contradict each other"),
    ]
    columns = [row[0] for row in query(scratch, "select column_name from (describe cohort_school_segregation)")]
    assert "LEA06_GS_FSMe" in columns and "LEA05_GS_FSMe" in columns
    assert query(scratch, 'select count(*) from cohort_school_segregation where "LEA06_GS_FSMe" is not null') == [(0,)]
    assert sorted(query(scratch, "select link_outcome, member_count from cohort_link_summary where census_year = 2006")) == [
        ("authority 301 has no indices in this year", 1),  # P2: the school's own 2006 record
        ("authority 301 has no indices in this year and no crosswalk entry", 1),  # P1: from 2005
    ]


def test_a_path_with_a_single_quote_fails_clearly(tmp_path, scratch):
    folder = tmp_path / "o'brien"
    folder.mkdir()
    census = write_census(folder / "census.csv", GOOD_ROWS)
    result = build(census, scratch, select="stg_census__rows")
    assert result.returncode != 0
    assert "a path with a single quote (') is not supported" in result.stdout
