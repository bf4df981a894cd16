"""Every published index equals an independent plain-Python computation."""

from __future__ import annotations

import csv
import math
import random

import pytest

from conftest import REPO_ROOT, query, run_dbt
from reference import (
    area_indices,
    canonical_schools,
    gorard_and_dissimilarity,
    performance_tables_schools,
    spc_schools,
)

SHIPPED_2019 = REPO_ROOT / "data/census/dfe_performance_tables_2019_england_census.csv.gz"
SHIPPED_2023 = REPO_ROOT / "data/census/dfe_spc_school_level_underlying_data_2023.csv.gz"
COLUMNS = ["gs", "d", "schools_used", "schools_excluded", "group_pupils", "base_pupils"]


def published(database):
    rows = query(
        database,
        f"select area_level, area_code, census_year, indicator, {', '.join(COLUMNS)}"
        " from segregation_indices",
    )
    return {tuple(row[:4]): dict(zip(COLUMNS, row[4:])) for row in rows}


def assert_same_indices(actual, expected):
    assert set(actual) == set(expected), (
        f"missing {sorted(set(expected) - set(actual))[:5]}, "
        f"unexpected {sorted(set(actual) - set(expected))[:5]}"
    )
    for key, want in expected.items():
        got = actual[key]
        for column in COLUMNS:
            if want[column] is None:
                assert got[column] is None, (key, column, got[column])
            else:
                assert got[column] == pytest.approx(want[column], abs=1e-12, rel=0), (key, column)


def test_hand_worked_reference():
    # the reference itself, on the case of the dbt unit test
    assert gorard_and_dissimilarity([(0, 2), (1, 2), (3, 4)]) == (0.25, 0.5)
    assert gorard_and_dissimilarity([(3, 10)]) == (0.0, 0.0)
    assert gorard_and_dissimilarity([(0, 10), (0, 5)]) == (None, None)
    assert gorard_and_dissimilarity([(10, 10), (5, 5)]) == (0.0, None)


def test_shipped_real_files_match_reference(shipped_build):
    expected = area_indices(
        [*performance_tables_schools(SHIPPED_2019, 2019), *spc_schools(SHIPPED_2023)]
    )
    assert_same_indices(published(shipped_build), expected)


def test_shipped_build_covers_every_authority_and_england(shipped_build):
    rows = query(
        shipped_build,
        "select census_year, area_level, count(distinct area_code), count(distinct indicator)"
        " from segregation_indices group by all order by all",
    )
    counts = {(year, level): (areas, indicators) for year, level, areas, indicators in rows}
    assert counts[(2019, "england")] == (1, 5)  # FSMe, SENs, SENn, SEN, EAL
    assert counts[(2023, "england")] == (1, 5)  # FSMe, FSMt, W, NW, EAL
    for year in (2019, 2023):
        assert 145 <= counts[(year, "la")][0] <= 155


def test_identity_and_ranges_hold_on_shipped_build(shipped_build):
    for gs, d, group, base in query(
        shipped_build, "select gs, d, group_pupils, base_pupils from segregation_indices"
    ):
        assert gs is None or (math.isfinite(gs) and 0 <= gs <= 1 + 1e-12)
        if d is not None:
            assert 0 <= gs <= d + 1e-12 and d <= 1 + 1e-12
            assert abs(gs - d * (base - group) / base) < 1e-12


def test_d_for_white_british_equals_d_for_non_white_british(shipped_build):
    rows = query(
        shipped_build,
        "select w.d, nw.d from segregation_indices as w join segregation_indices as nw"
        " using (area_level, area_code, census_year)"
        " where w.indicator = 'W' and nw.indicator = 'NW'",
    )
    assert rows
    for d_white, d_non_white in rows:
        assert d_white == pytest.approx(d_non_white, abs=1e-12)


def write_canonical_census(path, seed=7, years=(2004, 2005), authorities=12):
    """A random census in the canonical layout, with some DfE markers."""
    rng = random.Random(seed)
    header = [
        "census_year", "urn", "laestab", "la_code", "phase", "headcount", "fsm_eligible",
        "fsm_taken", "sen_statement", "sen_support", "eal", "white_british", "non_white_british",
    ]
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        urn = 100000
        for year in years:
            for authority in range(authorities):
                la_code = f"{301 + authority}"
                for estab in range(rng.randint(1, 9)):
                    urn += 1
                    headcount = rng.randint(0, 1800)
                    fsm = rng.randint(0, headcount)
                    white = rng.randint(0, headcount)
                    statement = rng.randint(0, headcount // 10)
                    row = [
                        year, urn, f"{la_code}{4000 + estab}", la_code,
                        rng.choice(["State-funded secondary"] * 5 + ["State-funded primary"]),
                        headcount, fsm, rng.randint(0, fsm), statement,
                        rng.randint(0, headcount - statement), rng.randint(0, headcount),
                        white, headcount - white,
                    ]
                    if rng.random() < 0.05:
                        row[rng.randrange(6, 13)] = rng.choice(["z", "x", "c", "..", ":", "NA", ""])
                    writer.writerow(row)


def test_canonical_file_given_through_vars_builds_and_matches(tmp_path, scratch):
    census = tmp_path / "canonical.csv"
    write_canonical_census(census)
    run_dbt(
        ["build"], scratch, {"census_inputs": [{"path": str(census), "layout": "canonical"}]}
    )
    assert_same_indices(published(scratch), area_indices(canonical_schools(census)))
