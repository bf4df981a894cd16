#!/usr/bin/env python3
"""Generate a synthetic national pupil-level school census, written as Parquet.

One row per pupil and census year, in the layout `pupil_level` of
seeds/census_layout_columns.csv:

    census_year, urn, la_code, phase, fsm_eligible, fsm_taken,
    sen_provision, first_language, ethnicity

The structure is meant to look like England's secondary sector: about 150
local authorities of very different sizes, about 3,400 secondary schools whose
sizes vary, and about 3.3 million pupils a year. FSM eligibility, SEN, English
as an additional language and ethnicity vary between authorities and, within an
authority, between schools (so the indices are neither 0 nor 1). Schools keep
their URN, authority and character from year to year; their rolls drift.

The output is a pure function of the options: the same options give the same
rows (each year is drawn from its own generator seeded with (seed, year)).

    python scripts/generate_pupil_census.py --years 4 --out data/synthetic/pupils_4y
    python scripts/generate_pupil_census.py --years 12 --all-phases --out data/synthetic/pupils_100m

Writes one file per census year, `census_<year>.parquet`, into --out.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

REPO_ROOT = Path(__file__).resolve().parents[1]
LA_SEED = REPO_ROOT / "seeds" / "local_authorities.csv"

SECONDARY = "State-funded secondary"
PRIMARY = "State-funded primary"
# SEN provision (DfE codes): N no SEN, K SEN support, E EHC plan.
SEN_CODES = ["N", "K", "E"]
# First language (DfE codes): ENG English, OTH other than English, UNC unclassified.
LANGUAGE_CODES = ["ENG", "OTH", "UNC"]
# Ethnicity (DfE codes); WBRI is White British. REFU/NOBT: refused, not obtained.
OTHER_ETHNICITIES = [
    "WIRI", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
]
ETHNICITY_CODES = ["WBRI", *OTHER_ETHNICITIES]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="output folder (created)")
    parser.add_argument("--years", type=int, default=1, help="number of census years (default 1)")
    parser.add_argument("--first-year", type=int, default=2019, help="first census year (default 2019)")
    parser.add_argument("--authorities", type=int, default=150, help="local authorities (default 150)")
    parser.add_argument("--schools", type=int, default=3400, help="secondary schools (default 3400)")
    parser.add_argument(
        "--pupils", type=int, default=3_300_000, help="secondary pupils per year (default 3,300,000)"
    )
    parser.add_argument(
        "--all-phases",
        action="store_true",
        help="add primary schools (5x as many, 1.42x the pupils) as a national all-phase census",
    )
    parser.add_argument("--seed", type=int, default=20190117, help="random seed (default 20190117)")
    return parser.parse_args(argv)


def authority_codes(count: int) -> list[str]:
    """Real DfE LA numbers from the seed, then made-up ones (9xx) if more are asked for."""
    with open(LA_SEED, newline="") as handle:
        codes = sorted(row["la_code"] for row in csv.DictReader(handle))
    codes = codes[:count]
    extra = 0
    while len(codes) < count:
        codes.append(f"{900 + extra:03d}")
        extra += 1
    return codes


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def logit(p):
    return np.log(p / (1.0 - p))


def school_frame(rng, authorities: int, schools: int, pupils: int, phase: str, first_urn: int, la_traits):
    """Fixed school characteristics: URN, authority, typical roll and rates."""
    la_weight = la_traits["weight"]
    la_index = rng.choice(authorities, size=schools, p=la_weight / la_weight.sum())
    la_index.sort(kind="stable")
    roll_weight = rng.lognormal(mean=0.0, sigma=0.45, size=schools)
    roll = np.maximum(20, np.round(roll_weight / roll_weight.sum() * pupils)).astype(np.int64)
    spread = 0.75  # between-school spread (logit scale) within an authority: the segregation
    return {
        "urn": np.arange(first_urn, first_urn + schools, dtype=np.int32),
        "la_index": la_index,
        "phase": phase,
        "roll": roll,
        "fsm": logistic(logit(la_traits["fsm"][la_index]) + rng.normal(0, spread, schools)),
        "fsm_take": np.clip(rng.normal(0.87, 0.05, schools), 0.5, 1.0),
        "sen_support": logistic(logit(np.full(schools, 0.12)) + rng.normal(0, 0.35, schools)),
        "ehc": logistic(logit(np.full(schools, 0.035)) + rng.normal(0, 0.45, schools)),
        "eal": logistic(logit(la_traits["eal"][la_index]) + rng.normal(0, spread, schools)),
        "minority": logistic(logit(la_traits["minority"][la_index]) + rng.normal(0, spread, schools)),
    }


def year_table(frames, codes, year: int, seed: int) -> pa.Table:
    """All pupils of one census year, school by school."""
    rng = np.random.default_rng([seed, year])
    rolls = []
    for frame in frames:
        drift = rng.normal(1.0, 0.03, frame["roll"].size)
        rolls.append(np.maximum(10, np.round(frame["roll"] * drift)).astype(np.int64))
    sizes = np.concatenate(rolls)
    n = int(sizes.sum())

    def per_pupil(name):
        return np.repeat(np.concatenate([frame[name] for frame in frames]), sizes)

    urn = per_pupil("urn")
    la_index = per_pupil("la_index")
    phase_index = np.repeat(
        np.concatenate([np.full(frame["roll"].size, i, dtype=np.int8) for i, frame in enumerate(frames)]),
        sizes,
    )
    fsm = rng.random(n) < per_pupil("fsm")
    taken = fsm & (rng.random(n) < per_pupil("fsm_take"))
    draw = rng.random(n)
    ehc = draw < per_pupil("ehc")
    support = ~ehc & (draw < per_pupil("ehc") + per_pupil("sen_support"))
    sen = np.where(ehc, 2, np.where(support, 1, 0)).astype(np.int8)
    draw = rng.random(n)
    eal = per_pupil("eal")
    language = np.where(draw < 0.003, 2, np.where(draw < 0.003 + eal * 0.997, 1, 0)).astype(np.int8)
    minority = rng.random(n) < per_pupil("minority")
    other = rng.integers(1, len(ETHNICITY_CODES), size=n, dtype=np.int8)
    ethnicity = np.where(minority, other, 0).astype(np.int8)

    def dictionary(indices, values):
        return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int8() if len(values) < 128 else pa.int16()), pa.array(values))

    la_codes = np.array(codes)
    return pa.table(
        {
            "census_year": pa.array(np.full(n, year, dtype=np.int16)),
            "urn": pa.array(urn),
            "la_code": pa.DictionaryArray.from_arrays(pa.array(la_index.astype(np.int16)), pa.array(la_codes)),
            "phase": dictionary(phase_index, [frame["phase"] for frame in frames]),
            "fsm_eligible": pa.array(fsm.astype(np.int8)),
            "fsm_taken": pa.array(taken.astype(np.int8)),
            "sen_provision": dictionary(sen, SEN_CODES),
            "first_language": dictionary(language, LANGUAGE_CODES),
            "ethnicity": dictionary(ethnicity, ETHNICITY_CODES),
        }
    )


def generate(options) -> list[Path]:
    started = time.perf_counter()
    rng = np.random.default_rng(options.seed)
    codes = authority_codes(options.authorities)
    la_traits = {
        "weight": rng.lognormal(0.0, 0.6, options.authorities),
        "fsm": np.clip(rng.beta(4, 16, options.authorities), 0.03, 0.6),
        "eal": np.clip(rng.beta(0.9, 5, options.authorities), 0.005, 0.8),
        "minority": np.clip(rng.beta(1.1, 3.5, options.authorities), 0.01, 0.9),
    }
    frames = [
        school_frame(rng, options.authorities, options.schools, options.pupils, SECONDARY, 100000, la_traits)
    ]
    if options.all_phases:
        frames.append(
            school_frame(
                rng, options.authorities, options.schools * 5, int(options.pupils * 1.42), PRIMARY,
                100000 + options.schools, la_traits,
            )
        )
    options.out.mkdir(parents=True, exist_ok=True)
    written = []
    total = 0
    for offset in range(options.years):
        year = options.first_year + offset
        table = year_table(frames, codes, year, options.seed)
        path = options.out / f"census_{year}.parquet"
        pq.write_table(table, path, compression="zstd", row_group_size=1_000_000)
        total += table.num_rows
        written.append(path)
        print(
            f"  {path}: {table.num_rows:,} pupils in {sum(f['roll'].size for f in frames):,} schools"
            f" ({time.perf_counter() - started:.1f}s)",
            flush=True,
        )
    print(f"wrote {total:,} pupil rows in {len(written)} file(s) to {options.out}", flush=True)
    return written


def main(argv=None):
    options = parse_args(argv)
    print(
        f"generating {options.years} year(s) from {options.first_year}: {options.authorities} authorities,"
        f" {options.schools:,} secondary schools, ~{options.pupils:,} secondary pupils a year"
        f"{' plus primary' if options.all_phases else ''} (seed {options.seed})",
        flush=True,
    )
    generate(options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
