"""Property-based tests of the project's index macros, run as compiled SQL.

The project is compiled once per session (`dbt compile`); the compiled SQL of
`int_segregation__area_indices` (the macros share_within,
gorard_segregation_index and dissimilarity_index, as the warehouse runs them)
is then run in an in-memory DuckDB against a table standing in for its ref,
`int_segregation__school_indicator_counts`, filled with random schools by
hypothesis. Results are compared with the plain-Python reference and checked
against the laws of the indices.
"""

from __future__ import annotations

import json
import math
import random

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_dbt
from reference import gorard_and_dissimilarity

MODEL = "model.school_segregation.int_segregation__area_indices"
UPSTREAM = "model.school_segregation.int_segregation__school_indicator_counts"
ENGLAND = ("england", "E92000001")
CASES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TOLERANCE = 1e-12


@pytest.fixture(scope="session")
def area_indices_sql(tmp_path_factory):
    """Compiled SQL of int_segregation__area_indices, reading table `school_indicator_counts`."""
    database = tmp_path_factory.mktemp("compiled") / "compiled.duckdb"
    run_dbt(["compile", "--select", "int_segregation__area_indices"], database)
    target = database.parent / "target"
    manifest = json.loads((target / "manifest.json").read_text())
    upstream = manifest["nodes"][UPSTREAM]["relation_name"]
    compiled_path = target / "compiled" / "school_segregation" / manifest["nodes"][MODEL][
        "original_file_path"
    ]
    sql = compiled_path.read_text()
    assert upstream in sql, "the compiled model must read its ref"
    return sql.replace(upstream, "school_indicator_counts")


@pytest.fixture(scope="session")
def connection():
    with duckdb.connect() as con:
        con.execute(
            "create table school_indicator_counts (census_year integer, urn varchar,"
            " la_code varchar, indicator varchar, group_count double, base_count double,"
            " exclusion_reason varchar, is_used boolean)"
        )
        yield con


def run_indices(connection, sql, schools):
    """Indices per area for schools given as (la_code, group, base); None counts = excluded.

    Returns {(area_level, area_code): (gs, d, schools_used, schools_excluded, F, T)}.
    """
    connection.execute("delete from school_indicator_counts")
    rows = []
    for number, (la_code, group, base) in enumerate(schools, start=1):
        used = group is not None and base is not None
        rows.append(
            (2020, str(number), la_code, "FSMe", group, base,
             None if used else "group count unknown (x)", used)
        )
    if rows:
        connection.executemany(
            "insert into school_indicator_counts values (?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    result = connection.execute(
        "select area_level, area_code, gs, d, schools_used, schools_excluded,"
        f" group_pupils, base_pupils from ({sql})"
    ).fetchall()
    return {(row[0], row[1]): row[2:] for row in result}


def england(connection, sql, schools):
    return run_indices(connection, sql, [("201", g, b) for g, b in schools])[ENGLAND]


def assert_close(a, b):
    if a is None or b is None:
        assert a is None and b is None, (a, b)
    else:
        assert math.isfinite(a) and math.isfinite(b), (a, b)
        assert a == pytest.approx(b, abs=TOLERANCE, rel=0), (a, b)


@st.composite
def school(draw, max_base=2000):
    base = draw(st.integers(min_value=0, max_value=max_base))
    return draw(st.integers(min_value=0, max_value=base)), base


schools_strategy = st.lists(school(), min_size=1, max_size=25)


@CASES
@given(
    st.lists(
        st.tuples(st.sampled_from(["201", "202", "203"]), school() | st.just((None, None))),
        min_size=1, max_size=30,
    )
)
def test_matches_reference_in_every_area(area_indices_sql, connection, tagged):
    schools = [(la, group, base) for la, (group, base) in tagged]
    got = run_indices(connection, area_indices_sql, schools)
    areas = {("la", la) for la, _, _ in schools} | {ENGLAND}
    assert set(got) == areas
    for area in areas:
        members = [(g, b) for la, g, b in schools if area == ENGLAND or la == area[1]]
        used = [(g, b) for g, b in members if g is not None]
        gs, d, schools_used, schools_excluded, group, base = got[area]
        want_gs, want_d = gorard_and_dissimilarity(used)
        assert_close(gs, want_gs)
        assert_close(d, want_d)
        assert (schools_used, schools_excluded) == (len(used), len(members) - len(used))
        assert group == sum(g for g, _ in used) and base == sum(b for _, b in used)


@CASES
@given(schools_strategy)
def test_bounds_and_identity(area_indices_sql, connection, schools):
    gs, d, _, _, group, base = england(connection, area_indices_sql, schools)
    for value in (gs, d):
        assert value is None or math.isfinite(value)
    if d is not None:
        assert -TOLERANCE <= gs <= d + TOLERANCE and d <= 1 + TOLERANCE
        assert gs == pytest.approx(d * (base - group) / base, abs=TOLERANCE, rel=0)
    elif gs is not None:  # N = 0: everyone in the group
        assert group == base and gs == pytest.approx(0, abs=TOLERANCE)


@CASES
@given(schools_strategy, st.randoms(use_true_random=False))
def test_invariant_to_school_order(area_indices_sql, connection, schools, rng):
    shuffled = list(schools)
    rng.shuffle(shuffled)
    first = england(connection, area_indices_sql, schools)
    second = england(connection, area_indices_sql, shuffled)
    assert_close(first[0], second[0])
    assert_close(first[1], second[1])


@CASES
@given(schools_strategy, st.integers(min_value=2, max_value=1000))
def test_invariant_to_scaling_every_count(area_indices_sql, connection, schools, factor):
    first = england(connection, area_indices_sql, schools)
    scaled = england(connection, area_indices_sql, [(g * factor, b * factor) for g, b in schools])
    assert_close(first[0], scaled[0])
    assert_close(first[1], scaled[1])


@CASES
@given(schools_strategy, st.data())
def test_splitting_a_school_with_same_composition_changes_nothing(
    area_indices_sql, connection, schools, data
):
    index = data.draw(st.integers(min_value=0, max_value=len(schools) - 1))
    parts = data.draw(st.integers(min_value=2, max_value=10))
    first_part = data.draw(st.integers(min_value=1, max_value=parts - 1))
    group, base = schools[index]
    whole = schools[:index] + [(group * parts, base * parts)] + schools[index + 1:]
    split = (
        schools[:index]
        + [(group * first_part, base * first_part),
           (group * (parts - first_part), base * (parts - first_part))]
        + schools[index + 1:]
    )
    first = england(connection, area_indices_sql, whole)
    second = england(connection, area_indices_sql, split)
    assert_close(first[0], second[0])
    assert_close(first[1], second[1])


@CASES
@given(
    st.lists(st.integers(min_value=1, max_value=2000), min_size=1, max_size=12),
    st.lists(st.integers(min_value=1, max_value=2000), min_size=1, max_size=12),
)
def test_complete_segregation(area_indices_sql, connection, group_only, rest_only):
    schools = [(size, size) for size in group_only] + [(0, size) for size in rest_only]
    random.Random(len(schools)).shuffle(schools)
    gs, d, _, _, group, base = england(connection, area_indices_sql, schools)
    assert d == pytest.approx(1, abs=TOLERANCE)
    assert gs == pytest.approx((base - group) / base, abs=TOLERANCE)


@CASES
@given(
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=0, max_value=50),
    st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=15),
)
def test_identical_composition_everywhere_gives_zero(
    area_indices_sql, connection, group, rest, multiples
):
    schools = [(group * k, (group + rest) * k) for k in multiples]
    gs, d, *_ = england(connection, area_indices_sql, schools)
    assert gs == pytest.approx(0, abs=TOLERANCE)
    if rest:
        assert d == pytest.approx(0, abs=TOLERANCE)
    else:
        assert d is None  # N = 0: D undefined


@CASES
@given(st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=20))
def test_no_group_pupils_gives_null_never_nan(area_indices_sql, connection, bases):
    result = run_indices(connection, area_indices_sql, [("201", 0, b) for b in bases])
    for gs, d, *_ in result.values():
        assert gs is None and d is None
