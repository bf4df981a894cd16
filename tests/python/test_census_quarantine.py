"""Bad census input, class by class: quarantined rows, reconciliation, and file problems.

One full build feeds three messy-but-readable files (quarantine classes, total
and footer rows, a trailing blank line; a byte-order mark, CRLF line ends, a
semicolon delimiter and decimal commas; latin-1 text) and checks every row's
outcome, the reconciliation counts and that no published value comes from a
quarantined row. Each file problem that stops the build has its own build.
"""

from __future__ import annotations

import csv

import pytest

from conftest import REPO_ROOT, query, run_dbt, run_dbt_concurrently
from reference import area_indices, canonical_schools
from test_bad_census_input import GOOD_ROWS, HEADER, write_census

SECONDARY = "State-funded secondary"


def school(urn, la_code, headcount, fsm, laestab=None, phase=SECONDARY, year="2005", eal="0"):
    """A canonical row: FSM and EAL as given, no SEN, nobody White British."""
    laestab = f"{la_code}{4000 + int(urn) % 1000}" if laestab is None else laestab
    return [
        year, urn, laestab, la_code, phase, headcount, fsm, "0", "0", "0", eal, "0", headcount,
    ]


# file 1: (row, urn, outcome, reason) for every data row
MESSY_ROWS = [
    (school("100001", "301", "1000", "100"), "kept"),
    (school("100002", "301", "800", "300"), "kept"),
    (school("100003", "302", "600", "60"), "kept"),
    (school("100004", "302", "400", "40", phase="State-funded primary"), "out_of_scope"),
    (school("100005", "302", "500", "600"), "quarantined"),  # group larger than its base
    (school("100006", "301", "0", "3"), "quarantined"),  # headcount 0 with a group count above 0
    (school("100007", "301", "700", "70"), "quarantined"),  # duplicate (census year, URN) ...
    (school("100007", "301", "700", "70"), "quarantined"),  # ... every copy
    (school("100009", "301", "900", "90", laestab="3024009"), "quarantined"),  # LA vs LAESTAB
    (school("100010", "302", "300", "30", laestab=""), "kept"),  # no LAESTAB: allowed
    (["2005", "NAT", "", "", SECONDARY] + ["4000"] * 8, "non_school"),  # total row
    (["Source: Department for Education"] + [""] * 12, "non_school"),  # footer row
]
QUARANTINED = {
    5: ("100005", "group count larger than headcount", "fsm_eligible 600 > headcount 500"),
    6: ("100006", "headcount 0 with a group count above 0", "fsm_eligible 3 > headcount 0"),
    7: ("100007", "duplicate census year and URN", "URN 100007 has 2 rows for census year 2005"),
    8: ("100007", "duplicate census year and URN", "URN 100007 has 2 rows for census year 2005"),
    9: ("100009", "LA code disagrees with LAESTAB", "la_code 301 but laestab 3024009"),
}


def decimal_layout_seed(tmp_path):
    """The shipped layout seed plus `canonical_decimal`: canonical, with EAL allowing decimals."""
    seed = (REPO_ROOT / "seeds/census_layout_columns.csv").read_text()
    extra = "".join(
        f"canonical_decimal,{name},{name},,{'true' if name == 'eal' else 'false'},\n"
        for name in HEADER
    )
    path = tmp_path / "layouts.csv"
    path.write_text(seed.rstrip("\n") + "\n" + extra)
    return path


@pytest.fixture(scope="module")
def messy_build(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("messy")
    messy = write_census(tmp_path / "messy.csv", [row for row, _ in MESSY_ROWS])
    with open(messy, "a") as handle:
        handle.write("\r\n\r\n")  # trailing blank lines (csv.writer ends lines with CRLF)
    # file 2: byte-order mark, CRLF line ends, semicolons and decimal commas
    european = tmp_path / "european.csv"
    lines = [";".join(HEADER)] + [
        ";".join(school(urn, "303", headcount, fsm, year="2006", eal=eal))
        for urn, headcount, fsm, eal in [
            ("200001", "900", "90", "0"),
            ("200002", "500", "200", "12,5"),  # a decimal comma where the layout allows decimals
        ]
    ]
    european.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    # file 3: latin-1 text (no Windows-1252-only characters), declared
    latin = tmp_path / "latin1.csv"
    rows = [school("300001", "304", "800", "80", year="2007"),
            school("300002", "304", "200", "20", year="2007", phase="Collège privé")]
    latin.write_bytes(
        ("\n".join(",".join(row) for row in [HEADER, *rows]) + "\n").encode("latin-1")
    )
    database = tmp_path / "messy.duckdb"
    inputs = [
        {"path": str(messy), "layout": "canonical"},
        {"path": str(european), "layout": "canonical_decimal", "delimiter": ";",
         "decimal_separator": ","},
        {"path": str(latin), "layout": "canonical", "encoding": "latin-1"},
    ]
    run_dbt(["build"], database, {
        "census_inputs": inputs,
        "census_layout_seed_path": str(decimal_layout_seed(tmp_path)),
        "census_max_quarantined_share": 1,
    })
    return database, messy


def test_reconciliation_accounts_for_every_row(messy_build):
    database, _ = messy_build
    rows = query(
        database,
        "select census_input, line_count, blank_line_count, data_rows, rows_read, rows_kept,"
        " rows_out_of_scope, rows_non_school, rows_quarantined, is_balanced"
        " from census_reconciliation order by census_input",
    )
    assert rows == [
        (1, 15, 2, 12, 12, 4, 1, 2, 5, True),
        (2, 3, 0, 2, 2, 2, 0, 0, 0, True),
        (3, 3, 0, 2, 2, 1, 1, 0, 0, True),
    ]
    assert query(
        database,
        "select row_outcome, reason, row_count from census_reconciliation_by_reason"
        " where census_input = 1 order by all",
    ) == [
        ("kept", "in scope", 4),
        ("non_school", "footer row", 1),
        ("non_school", "total row", 1),
        ("out_of_scope", "phase not in school_scope_phases", 1),
        ("quarantined", "LA code disagrees with LAESTAB", 1),
        ("quarantined", "duplicate census year and URN", 2),
        ("quarantined", "group count larger than headcount", 1),
        ("quarantined", "headcount 0 with a group count above 0", 1),
    ]


def test_quarantined_rows_are_listed_with_file_row_and_reason(messy_build):
    database, messy = messy_build
    rows = query(
        database,
        "select source_file, source_row, source_line, urn, quarantine_reason, quarantine_detail"
        " from census_quarantined_rows order by source_row",
    )
    assert [row[0] for row in rows] == [str(messy)] * 5
    assert {row[1]: (row[3], row[4]) for row in rows} == {
        number: (urn, reason) for number, (urn, reason, _) in QUARANTINED.items()
    }
    for _, number, line, _, _, detail in rows:
        assert line == number + 1
        assert QUARANTINED[number][2] in detail


def test_no_published_value_comes_from_a_quarantined_row(messy_build):
    database, messy = messy_build
    quarantined = "('100005', '100006', '100007', '100009')"
    for relation in ("int_census__school_years", "int_segregation__school_indicator_counts"):
        assert query(database, f"select count(*) from {relation} where urn in {quarantined}") == [(0,)]
    # the 2005 indices equal the reference computed on the rows that were kept
    clean = write_census(
        messy.with_name("clean.csv"),
        [row for row, outcome in MESSY_ROWS if outcome in ("kept", "out_of_scope")],
    )
    expected = {
        key: value for key, value in area_indices(canonical_schools(clean)).items()
        if key[2] == 2005
    }
    columns = ["gs", "d", "schools_used", "schools_excluded", "group_pupils", "base_pupils"]
    got = {
        tuple(row[:4]): dict(zip(columns, row[4:]))
        for row in query(
            database,
            f"select area_level, area_code, census_year, indicator, {', '.join(columns)}"
            " from segregation_indices where census_year = 2005",
        )
    }
    assert set(got) == set(expected)
    for key, want in expected.items():
        for column in columns:
            if want[column] is None:
                assert got[key][column] is None, (key, column)
            else:
                assert got[key][column] == pytest.approx(want[column], abs=1e-12), (key, column)


def test_bom_crlf_semicolons_decimal_commas_and_latin1_are_read_faithfully(messy_build):
    database, _ = messy_build
    assert query(
        database,
        "select census_input, census_year, urn, phase, headcount, eal, non_white_british"
        " from stg_census__rows where census_input in (2, 3) order by urn",
    ) == [
        (2, 2006, "200001", SECONDARY, 900.0, 0.0, 900.0),
        (2, 2006, "200002", SECONDARY, 500.0, 12.5, 500.0),
        (3, 2007, "300001", SECONDARY, 800.0, 0.0, 800.0),
        (3, 2007, "300002", "Collège privé", 200.0, 0.0, 200.0),
    ]


def canonical_input(path, **options):
    return {"census_inputs": [{"path": str(path), "layout": "canonical", **options}]}


# file problems that stop the build: name -> (content or None, input options, messages)
FILE_PROBLEMS = {
    "empty.csv": (b"", {}, ["is empty (no header, no data rows)"]),
    "blank_lines_only.csv": (b"\n\n", {}, ["is empty (no header, no data rows)"]),
    "header_only.csv": ((",".join(HEADER) + "\r\n\r\n").encode(), {},
                        ["has a header but no data rows"]),
    # Windows-1252 text (a curly apostrophe, 0x92) read as UTF-8: DuckDB refuses it
    "cp1252.csv": (None, {}, ["not utf-8 encoded"]),
    # declared as windows-1252: no decoder offline, so transcode first
    "cp1252_declared.csv": (None, {"encoding": "windows-1252"},
                            ["encoding 'windows-1252' cannot be read", "iconv"]),
    # declared as latin-1, but 0x92 is a Windows-1252-only character: refused, not garbled
    "cp1252_as_latin1.csv": (None, {"encoding": "latin-1"}, ["not latin-1 encoded"]),
    # a short footer line breaks the CSV shape
    "short_footer.csv": (None, {}, ["was read as a single column"]),
}


def write_problem_file(path, content):
    if content is not None:
        path.write_bytes(content)
    elif path.name.startswith("cp1252"):
        rows = [list(row) for row in GOOD_ROWS]
        rows[2][HEADER.index("phase")] = "St Mary\u2019s secondary"
        path.write_bytes(
            ("\n".join(",".join(row) for row in [HEADER, *rows]) + "\n").encode("cp1252")
        )
    else:  # short footer
        write_census(path, GOOD_ROWS)
        path.write_bytes(path.read_bytes() + b"Source: Department for Education\r\n")
    return path


@pytest.fixture(scope="module")
def failing_builds(tmp_path_factory):
    """Every failing build of this module, run two at a time: {key: (census path, result)}."""
    tmp_path = tmp_path_factory.mktemp("failing")
    select = ["build", "--select", "stg_census__rows"]
    files, jobs = {}, {}
    for name, (content, options, _) in FILE_PROBLEMS.items():
        files[name] = write_problem_file(tmp_path / name, content)
        jobs[name] = (select, tmp_path / f"{name}.duckdb", canonical_input(files[name], **options))
    # a declared census year that disagrees with the census_year column
    files["year"] = write_census(tmp_path / "year.csv", GOOD_ROWS)
    jobs["year"] = (select, tmp_path / "year.duckdb", canonical_input(files["year"], census_year=2006))
    # semicolons with a decimal comma in a headcount
    files["decimal comma"] = tmp_path / "semicolon.csv"
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][HEADER.index("headcount")] = "800,5"
    with open(files["decimal comma"], "w", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([HEADER, *rows])
    jobs["decimal comma"] = (select, tmp_path / "semicolon.duckdb", canonical_input(
        files["decimal comma"], delimiter=";", decimal_separator=","))
    # the same file listed twice: every row is a duplicate (census year, URN)
    files["twice"] = write_census(tmp_path / "twice.csv", GOOD_ROWS)
    jobs["twice"] = (
        ["build", "--select", "+census_reconciliation"], tmp_path / "twice.duckdb",
        {"census_inputs": [{"path": str(files["twice"]), "layout": "canonical"}] * 2},
    )
    results = run_dbt_concurrently(jobs)
    return {key: (files[key], results[key]) for key in jobs}


def test_systematic_quarantine_fails_the_build(failing_builds):
    _, result = failing_builds["twice"]
    assert result.returncode != 0
    assert "FAIL" in result.stdout and "census_reconciliation_quarantine_within_limit" in result.stdout


def test_declared_census_year_disagreeing_with_column_fails(failing_builds):
    census, result = failing_builds["year"]
    assert result.returncode != 0
    assert f"census file {census}, data row 1 (line 2), column \"census_year\"" in result.stdout
    assert "disagrees with the census_year declared for this file" in result.stdout


def test_decimal_comma_in_a_headcount_fails(failing_builds):
    census, result = failing_builds["decimal comma"]
    assert result.returncode != 0
    assert f"census file {census}, data row 2 (line 3), column \"headcount\"" in result.stdout
    assert "value '800,5' is not a whole number" in result.stdout


@pytest.mark.parametrize("name", FILE_PROBLEMS)
def test_file_problems_stop_the_build_naming_the_file(failing_builds, name):
    census, result = failing_builds[name]
    assert result.returncode != 0
    assert str(census) in result.stdout
    for message in FILE_PROBLEMS[name][2]:
        assert message in result.stdout


def test_shipped_files_reconcile(shipped_build):
    rows = query(
        shipped_build,
        "select layout, data_rows, rows_kept, rows_out_of_scope, rows_non_school,"
        " rows_quarantined, is_balanced from census_reconciliation order by census_input",
    )
    assert [row[0] for row in rows] == ["dfe_performance_tables_census", "dfe_spc_school_level"]
    for _, data_rows, kept, out_of_scope, non_school, quarantined, balanced in rows:
        assert balanced and kept + out_of_scope + non_school + quarantined == data_rows
    assert rows[0][4:6] == (3, 0)  # three national total rows (NAT) in 2019
    # 2023: a few out-of-scope rows (more FSM-taking pupils than pupils on roll)
    assert 0 < rows[1][5] < 0.01 * rows[1][1]
    assert query(
        shipped_build,
        "select count(*) from census_quarantined_rows as q join int_census__row_checks as c"
        " using (census_input, source_row) where c.is_in_scope",
    ) == [(0,)]
