"""Bad census input: values that cannot be read stop the build with a message naming
file, row and column (see also test_census_quarantine.py for rows that are quarantined)."""

from __future__ import annotations

import csv

import pytest

from conftest import query, run_dbt

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


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("headcount", "4.6"),  # decimals in a headcount
        ("fsm_eligible", "abc"),  # non-numeric text that is not a DfE marker
        ("eal", "-5"),  # negative count
        ("urn", "12AB"),  # malformed URN
        ("urn", ""),  # missing URN (the row has an LA code, so it is no footer)
        ("la_code", "3O1"),  # malformed LA code
        ("la_code", ""),  # missing LA code
        ("laestab", "30140"),  # malformed LAESTAB
    ],
)
def test_unparseable_value_fails_naming_file_row_and_column(tmp_path, scratch, column, value):
    census = write_census(tmp_path / "bad.csv", with_value(column, value))
    result = build(census, scratch, select="stg_census__rows")
    assert result.returncode != 0
    message = result.stdout
    assert f"census file {census}" in message
    assert "data row 2 (line 3)" in message
    assert f'column "{column}"' in message
    assert f"'{value}'" in message


def test_missing_mapped_column_fails_naming_file_and_column(tmp_path, scratch):
    header = [name for name in HEADER if name != "sen_support"]
    rows = [[v for name, v in zip(HEADER, row) if name != "sen_support"] for row in GOOD_ROWS]
    census = write_census(tmp_path / "no_sen_support.csv", rows, header)
    result = build(census, scratch, select="stg_census__rows")
    assert result.returncode != 0
    assert f"census file {census} (layout canonical): column 'sen_support'" in result.stdout


def test_unknown_layout_and_missing_file_fail_clearly(tmp_path, scratch):
    census = write_census(tmp_path / "ok.csv", GOOD_ROWS)
    result = run_dbt(
        ["build"], scratch, {"census_inputs": [{"path": str(census), "layout": "nope"}]}, check=False
    )
    assert result.returncode != 0 and "unknown layout 'nope'" in result.stdout
    missing = tmp_path / "absent.csv"
    result = run_dbt(
        ["build"], scratch, {"census_inputs": [{"path": str(missing), "layout": "canonical"}]},
        check=False,
    )
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
