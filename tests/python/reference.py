"""A plain-Python reference for GS and D, independent of the dbt project.

Nothing here reads the project's SQL, macros or seeds: the published layouts
of the shipped files are restated below from the DfE files themselves, so
that the warehouse is checked against a second, separate reading.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from pathlib import Path

MARKERS = {"z", "x", "c", "..", ":", "NA", ""}


def gorard_and_dissimilarity(schools):
    """GS and D for one area from (group, base) pairs of the schools used.

    GS = 0.5 * sum(|Fi/F - Ti/T|), D = 0.5 * sum(|Fi/F - Ni/N|), Ni = Ti - Fi.
    Returns (gs, d); None where the index is undefined (F = 0, or N = 0 for D).
    """
    total_group = sum(group for group, _ in schools)
    total_base = sum(base for _, base in schools)
    total_rest = total_base - total_group
    if total_group == 0 or total_base == 0:
        return None, None
    gs = 0.5 * sum(abs(group / total_group - base / total_base) for group, base in schools)
    if total_rest == 0:
        return gs, None
    d = 0.5 * sum(
        abs(group / total_group - (base - group) / total_rest) for group, base in schools
    )
    return gs, d


def _count(text):
    text = (text or "").strip()
    if text in MARKERS:
        return None
    return float(int(text))


def _read_csv(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _sum_known(*values):
    return None if any(v is None for v in values) else sum(values)


def performance_tables_schools(path: Path, census_year: int):
    """School rows of the DfE performance-tables census file (england_census.csv)."""
    for row in _read_csv(path):
        if row["URN"] == "NAT" or row["SCHOOLTYPE"] != "State-funded secondary":
            continue
        headcount = _count(row["NOR"])
        sen_statement, sen_support = _count(row["TSENELSE"]), _count(row["TSENELK"])
        yield census_year, row["LA"], {
            "FSMe": (_count(row["NUMFSM"]), headcount),
            "SENs": (sen_statement, headcount),
            "SENn": (sen_support, headcount),
            "SEN": (_sum_known(sen_statement, sen_support), headcount),
            "EAL": (_count(row["NUMEAL"]), headcount),
        }


def spc_schools(path: Path):
    """School rows of the DfE 'Schools, pupils and their characteristics' file."""
    for row in _read_csv(path):
        if row["phase_type_grouping"] != "State-funded secondary":
            continue
        census_year = int(row["time_period"][:4]) + 1
        headcount = _count(row["headcount of pupils"])
        white_british = _count(row["number of pupils classified as white British ethnic origin"])
        non_white_british = (
            None if headcount is None or white_british is None else headcount - white_british
        )
        yield census_year, row["old_la_code"], {
            "FSMe": (
                _count(row["number of pupils known to be eligible for free school meals"]),
                headcount,
            ),
            "FSMt": (
                _count(
                    row["number of FSM eligible pupils taking a free school meal on census day"]
                ),
                headcount,
            ),
            "EAL": (
                _count(
                    row[
                        "number of pupils whose first language is known or believed"
                        " to be other than English"
                    ]
                ),
                headcount,
            ),
            "W": (white_british, headcount),
            "NW": (non_white_british, headcount),
        }


def canonical_schools(path: Path, scope=("State-funded secondary",)):
    """School rows of a file in our canonical layout."""
    for row in _read_csv(path):
        if row["phase"] not in scope:
            continue
        headcount = _count(row["headcount"])
        statement, support = _count(row["sen_statement"]), _count(row["sen_support"])
        yield int(row["census_year"]), row["la_code"].zfill(3), {
            "FSMe": (_count(row["fsm_eligible"]), headcount),
            "FSMt": (_count(row["fsm_taken"]), headcount),
            "SENs": (statement, headcount),
            "SENn": (support, headcount),
            "SEN": (_sum_known(statement, support), headcount),
            "W": (_count(row["white_british"]), headcount),
            "NW": (_count(row["non_white_british"]), headcount),
            "EAL": (_count(row["eal"]), headcount),
        }


def area_indices(school_rows, england_code="E92000001"):
    """{(area_level, area_code, year, indicator): dict} from school rows."""
    areas = defaultdict(lambda: {"used": [], "excluded": 0})
    for year, la_code, indicators in school_rows:
        for indicator, (group, base) in indicators.items():
            for key in (("la", la_code, year, indicator), ("england", england_code, year, indicator)):
                usable = group is not None and base is not None and group <= base
                if usable:
                    areas[key]["used"].append((group, base))
                else:
                    areas[key]["excluded"] += 1
    result = {}
    for key, area in areas.items():
        gs, d = gorard_and_dissimilarity(area["used"])
        result[key] = {
            "gs": gs,
            "d": d,
            "schools_used": len(area["used"]),
            "schools_excluded": area["excluded"],
            "group_pupils": float(sum(g for g, _ in area["used"])),
            "base_pupils": float(sum(b for _, b in area["used"])),
        }
    return result


def read_text(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return io.TextIOWrapper(handle, encoding="utf-8-sig").read()
