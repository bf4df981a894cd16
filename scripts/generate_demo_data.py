"""Generate the shipped demo data, deterministically from a fixed seed.

(a) data/demo/next_steps_demo_cohort.csv: a cohort shaped like Next Steps for
    the real 2019/2023 census files: 16,122 members, 15,272 of them with a KS4
    school drawn (weighted by pupils on roll) from the real January 2019
    state-funded secondary schools, the rest without a KS4 school.
(b) data/demo/synthetic_census_2003_2006.csv.gz: a synthetic national census
    for 2003-2006 in the canonical layout, with the secondary school counts of
    Table 1 of the user guide (7,137; 3,235; 7,344; 7,219) spread over about
    150 authorities, and data/demo/synthetic_cohort_2003_2006.csv, a cohort of
    the same shape drawn from the 2006 schools.

Usage: python scripts/generate_demo_data.py [--out-dir data/demo] [--seed 2021]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import random
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_2019 = REPO_ROOT / "data/census/dfe_performance_tables_2019_england_census.csv.gz"
COHORT_SIZE = 16_122
COHORT_MATCHED = 15_272
TABLE1_SCHOOLS = {2003: 7_137, 2004: 3_235, 2005: 7_344, 2006: 7_219}
CANONICAL_HEADER = [
    "census_year", "urn", "laestab", "la_code", "phase", "headcount", "fsm_eligible",
    "fsm_taken", "sen_statement", "sen_support", "eal", "white_british", "non_white_british",
]
SECONDARY = "State-funded secondary"
# authority codes created after 2006 (2009, 2019, 2021 reorganisations)
RECENT_CODES = {822, 823, 838, 839, 895, 896, 940, 941}


def weighted_sample(rng: random.Random, items, weights, k):
    """k independent draws with replacement (pupils choose schools independently)."""
    return rng.choices(items, weights=weights, k=k)


def nsids(rng: random.Random, count):
    """Distinct anonymised-looking research ids, e.g. NS0412345."""
    numbers = rng.sample(range(100_000, 1_000_000), count)
    return [f"NS{n:07d}" for n in numbers]


def write_cohort(path: Path, rng: random.Random, schools, weights):
    """Cohort rows: nsid, ks4_urn (empty for members without a KS4 record)."""
    ids = nsids(rng, COHORT_SIZE)
    chosen = weighted_sample(rng, schools, weights, COHORT_MATCHED)
    matched = set(rng.sample(range(COHORT_SIZE), COHORT_MATCHED))
    rows, draws = [], iter(chosen)
    for index, nsid in enumerate(ids):
        rows.append([nsid, next(draws) if index in matched else ""])
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["nsid", "ks4_urn"])
        writer.writerows(rows)
    print(f"  wrote {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}: "
          f"{len(rows):,} members, {COHORT_MATCHED:,} with a KS4 school")


def real_2019_secondaries():
    with gzip.open(REAL_2019, "rt", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["URN"].isdigit() and row["SCHOOLTYPE"] == SECONDARY and row["NOR"] not in ("", "NA"):
                yield row["URN"], int(row["NOR"])


def synthetic_census(rng: random.Random):
    """Canonical rows for 2003-2006: schools persist across years, sizes drift."""
    # 150 of the real authority codes of the time (the seed of LA names holds them)
    with open(REPO_ROOT / "seeds/local_authorities.csv", newline="") as handle:
        known_codes = [int(row["la_code"]) for row in csv.DictReader(handle)]
    la_codes = sorted(rng.sample([c for c in known_codes if c not in RECENT_CODES], 150))
    # authorities differ in size and in how unequal their schools are
    authority_weight = [rng.lognormvariate(0, 0.6) for _ in la_codes]
    authority = {
        code: {
            "fsm": min(0.6, rng.betavariate(2, 9)),  # mean FSM rate of the authority
            "eal": min(0.8, rng.betavariate(1.2, 8)),
            "white": max(0.05, 1 - rng.betavariate(1.3, 5)),
            "spread": rng.uniform(0.2, 1.2),  # how segregated its schools are
        }
        for code in la_codes
    }
    school_total = max(TABLE1_SCHOOLS.values()) + 300
    schools = []
    for number in range(school_total):
        code = rng.choices(la_codes, weights=authority_weight)[0]
        a = authority[code]
        tilt = rng.gauss(0, a["spread"])
        schools.append({
            "urn": str(100_000 + number * 7 + rng.randrange(7)),
            "la_code": str(code),
            "estab": 4000 + number % 1000,
            "size": max(60, int(rng.gauss(950, 330))),
            "fsm": min(0.95, max(0.0, a["fsm"] * (2.718 ** tilt))),
            "eal": min(0.95, max(0.0, a["eal"] * (2.718 ** (tilt * 0.8 + rng.gauss(0, 0.3))))),
            "white": min(1.0, max(0.0, a["white"] * (2.718 ** (-tilt * 0.3 + rng.gauss(0, 0.1))))),
            "sens": rng.uniform(0.01, 0.04),
            "senn": rng.uniform(0.08, 0.22),
        })
    rows = []
    for year, count in TABLE1_SCHOOLS.items():
        for school in sorted(rng.sample(schools, count), key=lambda s: int(s["urn"])):
            drift = rng.uniform(0.95, 1.05)
            headcount = max(0, int(school["size"] * drift))

            def draw(rate):
                return min(headcount, max(0, round(headcount * rate * rng.uniform(0.9, 1.1))))

            fsm = draw(school["fsm"])
            white = draw(school["white"])
            statement = draw(school["sens"])
            support = min(headcount - statement, draw(school["senn"]))
            rows.append([
                year, school["urn"], f"{school['la_code']}{school['estab']}", school["la_code"],
                SECONDARY, headcount, fsm, min(fsm, round(fsm * rng.uniform(0.75, 0.95))),
                statement, support, draw(school["eal"]), white, headcount - white,
            ])
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=REPO_ROOT / "data/demo")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)

    print("(a) demo cohort for the real 2019/2023 census files")
    schools = list(real_2019_secondaries())
    write_cohort(
        args.out_dir / "next_steps_demo_cohort.csv", random.Random(args.seed),
        [urn for urn, _ in schools], [size for _, size in schools],
    )

    print("(b) synthetic national census 2003-2006 (canonical layout) and its cohort")
    rng = random.Random(args.seed + 1)
    rows = synthetic_census(rng)
    census_path = args.out_dir / "synthetic_census_2003_2006.csv.gz"
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(CANONICAL_HEADER)
    writer.writerows(rows)
    with open(census_path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.getvalue().encode())
    for year, count in TABLE1_SCHOOLS.items():
        print(f"  {year}: {count:,} secondary schools")
    print(f"  wrote {census_path.relative_to(REPO_ROOT) if census_path.is_relative_to(REPO_ROOT) else census_path}: {len(rows):,} rows")
    schools_2006 = [(row[1], row[5]) for row in rows if row[0] == 2006]
    write_cohort(
        args.out_dir / "synthetic_cohort_2003_2006.csv", random.Random(args.seed + 2),
        [urn for urn, _ in schools_2006], [max(size, 1) for _, size in schools_2006],
    )


if __name__ == "__main__":
    main()
