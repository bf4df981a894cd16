#!/usr/bin/env python3
"""Benchmark the warehouse against the ways a researcher would otherwise get GS and D.

For each input size, on the same input files, it runs and times:

  dbt        `dbt build` end to end (seeds, every model, every data test), in a
             fresh DuckDB file; also, from target/run_results.json, the
             execution time of the index models alone and of all models
  floor      one hand-written DuckDB query computing the same GS and D from the
             same raw files (the floor for this engine)
  pandas     a pandas group-by implementation of the same computation
  pysal      pandas aggregation to school counts, then PySAL `segregation`'s
             `Dissim` looped over every area, year and indicator (D only)

Each peer runs in its own process, so its wall time and peak memory (maximum
resident set size, from the operating system) are its own. Every peer's
results are compared with the warehouse's `segregation_indices` (largest
absolute difference of GS and D over all areas, years and indicators).

    python scripts/benchmark.py --quick     # CI: a small synthetic census only
    python scripts/benchmark.py             # shipped files, 1 and 4 years of synthetic census
    python scripts/benchmark.py --with-100m # and ~100 million pupil rows (dbt and floor only)

Synthetic inputs are generated (deterministically) under data/synthetic/ when
missing. Timing is printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = REPO_ROOT / "data" / "synthetic"
WORK = SYNTHETIC / "benchmark_work"
PYTHON = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
GENERATOR = REPO_ROOT / "scripts" / "generate_pupil_census.py"

SCOPE = "State-funded secondary"
ENGLAND = "E92000001"
SHIPPED_2019 = "data/census/dfe_performance_tables_2019_england_census.csv.gz"
SHIPPED_2023 = "data/census/dfe_spc_school_level_underlying_data_2023.csv.gz"
INDEX_MODELS = [
    "int_segregation__school_indicator_counts",
    "int_segregation__area_indices",
    "segregation_indices",
]
# Pupil codes, restated from the DfE school census (the warehouse reads them
# from seeds/pupil_census_codes.csv; the peers are written independently).
WHITE_BRITISH = ["WBRI", "WENG", "WSCO", "WWEL", "WCOR", "WOWB"]
PUPIL_INDICATORS = ["FSMe", "FSMt", "SENs", "SENn", "SEN", "W", "NW", "EAL"]


# --------------------------------------------------------------------------- sizes


def sizes(options):
    """[(name, description, spec)], spec = {'kind': 'school'|'pupil', ...}; generates what is missing."""
    shipped = (
        "shipped",
        "the shipped school-level files (2019 + 2023, CSV)",
        {"kind": "school"},
    )
    if options.quick:
        small = ensure_synthetic("pupils_quick", ["--years", "1", "--authorities", "40", "--schools", "400", "--pupils", "400000"])
        return [
            ("pupils_quick", "synthetic pupil-level census, 1 year, 0.4M pupils (Parquet)", {"kind": "pupil", "glob": small}),
        ]
    result = [shipped]
    result.append(("pupils_1y", "synthetic pupil-level census, 1 year, ~3.3M pupils (Parquet)",
                   {"kind": "pupil", "glob": ensure_synthetic("pupils_1y", ["--years", "1"])}))
    result.append(("pupils_4y", "synthetic pupil-level census, 4 years, ~13.2M pupils (Parquet)",
                   {"kind": "pupil", "glob": ensure_synthetic("pupils_4y", ["--years", "4"])}))
    if options.with_100m:
        result.append(("pupils_100m", "synthetic all-phase pupil-level census, 12 years, ~96M pupils (Parquet)",
                       {"kind": "pupil", "glob": ensure_synthetic("pupils_100m", ["--years", "12", "--first-year", "2011", "--all-phases"]),
                        "peers": ["dbt", "floor"]}))
    return result


def ensure_synthetic(name, arguments):
    folder = SYNTHETIC / name
    stamp = folder / "generated_with.json"
    if not (stamp.exists() and json.loads(stamp.read_text()) == arguments):
        shutil.rmtree(folder, ignore_errors=True)
        print(f"- generating {name}: generate_pupil_census.py {' '.join(arguments)}", flush=True)
        subprocess.run([PYTHON, str(GENERATOR), "--out", str(folder), *arguments], check=True)
        stamp.write_text(json.dumps(arguments))
    return str((folder / "*.parquet").relative_to(REPO_ROOT))


# --------------------------------------------------------------------------- measuring


def run_measured(command, env=None):
    """Run a command; return (wall seconds, peak RSS in MiB, stdout, returncode)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss / 1024, output, process.returncode


def dbt_vars(spec):
    if spec["kind"] == "school":
        return None
    return {"census_inputs": [], "pupil_census_inputs": [{"path": spec["glob"], "layout": "pupil_level"}]}


def run_dbt(name, spec):
    database = WORK / f"{name}.duckdb"
    target = WORK / f"target_{name}"
    for path in (database, Path(str(database) + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(target, ignore_errors=True)
    command = [DBT, "build", "--target-path", str(target)]
    if dbt_vars(spec) is not None:
        command += ["--vars", json.dumps(dbt_vars(spec))]
    elapsed, peak, output, code = run_measured(command, {"SEGREGATION_DUCKDB_PATH": str(database)})
    if code != 0:
        raise SystemExit(f"dbt build failed for {name}:\n{output[-4000:]}")
    run_results = json.loads((target / "run_results.json").read_text())
    model_times = {
        result["unique_id"].split(".")[-1]: result["execution_time"]
        for result in run_results["results"]
        if result["unique_id"].startswith("model.")
    }
    import duckdb

    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql(
            "select area_level, area_code, census_year, indicator, gs, d from segregation_indices"
        ).fetchall()
    return {
        "wall": elapsed,
        "peak_mib": peak,
        "index_models": sum(model_times.get(model, 0.0) for model in INDEX_MODELS),
        "all_models": sum(model_times.values()),
        "model_times": model_times,
        "results": {(str(r[0]), str(r[1]), int(r[2]), str(r[3])): (r[4], r[5]) for r in rows},
    }


def run_worker(peer, name, spec):
    out = WORK / f"{name}_{peer}.json"
    out.unlink(missing_ok=True)
    command = [PYTHON, str(Path(__file__).resolve()), "--worker", peer, "--spec", json.dumps(spec), "--worker-out", str(out)]
    elapsed, peak, output, code = run_measured(command)
    if code != 0:
        print(f"  ! {peer} failed:\n{output[-3000:]}", flush=True)
        return None
    payload = json.loads(out.read_text())
    payload["wall"] = elapsed
    payload["peak_mib"] = peak
    payload["results"] = {
        (str(row[0]), str(row[1]), int(row[2]), str(row[3])): tuple(row[4:]) for row in payload["results"]
    }
    return payload


# --------------------------------------------------------------------------- the floor


def floor_sql(spec):
    """One DuckDB query: raw files to GS and D for every area, year and indicator."""
    if spec["kind"] == "pupil":
        white = ", ".join(f"'{code}'" for code in WHITE_BRITISH)
        schools = f"""
            select census_year, urn, any_value(la_code) as la_code,
                count(*)::double as headcount,
                count(*) filter (where cast(fsm_eligible as varchar) in ('1', 'true'))::double as fsm_eligible,
                count(*) filter (where cast(fsm_taken as varchar) in ('1', 'true'))::double as fsm_taken,
                count(*) filter (where sen_provision in ('E', 'S'))::double as sen_statement,
                count(*) filter (where sen_provision in ('K', 'A', 'P'))::double as sen_support,
                count(*) filter (where first_language in ('OTH', 'OTB'))::double as eal,
                count(*) filter (where ethnicity in ({white}))::double as white_british
            from read_parquet('{spec["glob"]}')
            where phase = '{SCOPE}'
            group by census_year, urn"""
        long = [
            ("FSMe", "fsm_eligible"), ("FSMt", "fsm_taken"), ("SENs", "sen_statement"),
            ("SENn", "sen_support"), ("SEN", "sen_statement + sen_support"), ("W", "white_british"),
            ("NW", "headcount - white_british"), ("EAL", "eal"),
        ]
        by_year = {None: long}
    else:
        schools = f"""
            select 2019 as census_year, "URN" as urn, lpad("LA", 3, '0') as la_code,
                try_cast("NOR" as double) as headcount,
                try_cast("NUMFSM" as double) as fsm_eligible,
                null::double as fsm_taken,
                try_cast("TSENELSE" as double) as sen_statement,
                try_cast("TSENELK" as double) as sen_support,
                try_cast("NUMEAL" as double) as eal,
                null::double as white_british
            from read_csv('{SHIPPED_2019}', all_varchar = true)
            where "URN" != 'NAT' and "SCHOOLTYPE" = '{SCOPE}'
            union all
            select cast(left(time_period, 4) as integer) + 1, urn, lpad(old_la_code, 3, '0'),
                try_cast("headcount of pupils" as double),
                try_cast("number of pupils known to be eligible for free school meals" as double),
                try_cast("number of FSM eligible pupils taking a free school meal on census day" as double),
                null, null,
                try_cast("number of pupils whose first language is known or believed to be other than English" as double),
                try_cast("number of pupils classified as white British ethnic origin" as double)
            from read_csv('{SHIPPED_2023}', all_varchar = true)
            where phase_type_grouping = '{SCOPE}'"""
        by_year = {
            2019: [("FSMe", "fsm_eligible"), ("SENs", "sen_statement"), ("SENn", "sen_support"),
                   ("SEN", "sen_statement + sen_support"), ("EAL", "eal")],
            2023: [("FSMe", "fsm_eligible"), ("FSMt", "fsm_taken"), ("W", "white_british"),
                   ("NW", "headcount - white_british"), ("EAL", "eal")],
        }
    unpivot = " union all ".join(
        f"select census_year, la_code, '{indicator}' as indicator, {expression} as g, headcount as b"
        f" from schools{'' if year is None else f' where census_year = {year}'}"
        for year, pairs in by_year.items() for indicator, expression in pairs
    )
    return f"""
        with schools as ({schools}),
        long as ({unpivot}),
        used as (select * from long where g is not null and b is not null and g <= b),
        areas as (
            select 'la' as area_level, la_code as area_code, census_year, indicator, g, b from used
            union all
            select 'england', '{ENGLAND}', census_year, indicator, g, b from used
        ),
        shares as (
            select area_level, area_code, census_year, indicator,
                g / nullif(sum(g) over a, 0) as gf,
                b / nullif(sum(b) over a, 0) as bt,
                (b - g) / nullif(sum(b - g) over a, 0) as nn
            from areas
            window a as (partition by area_level, area_code, census_year, indicator)
        )
        select area_level, area_code, census_year, indicator,
            0.5 * sum(abs(gf - bt)) as gs, 0.5 * sum(abs(gf - nn)) as d
        from shares group by all"""


def worker_floor(spec):
    import duckdb

    connection = duckdb.connect()
    started = time.perf_counter()
    rows = connection.sql(floor_sql(spec)).fetchall()
    return {"compute": time.perf_counter() - started, "results": [list(row) for row in rows]}


# --------------------------------------------------------------------------- pandas and PySAL


def pandas_school_counts(spec):
    """School-year counts (one row per school and year) with pandas."""
    import glob

    import pandas as pd

    if spec["kind"] == "pupil":
        files = sorted(glob.glob(str(REPO_ROOT / spec["glob"])))
        pupils = pd.concat([pd.read_parquet(file) for file in files], ignore_index=True)
        pupils = pupils[pupils["phase"] == SCOPE]
        flags = pd.DataFrame({
            "census_year": pupils["census_year"].astype("int64"),
            "urn": pupils["urn"],
            "la_code": pupils["la_code"].astype(str),
            "headcount": 1.0,
            "fsm_eligible": pupils["fsm_eligible"].astype(str).isin(["1", "true", "True"]).astype(float),
            "fsm_taken": pupils["fsm_taken"].astype(str).isin(["1", "true", "True"]).astype(float),
            "sen_statement": pupils["sen_provision"].isin(["E", "S"]).astype(float),
            "sen_support": pupils["sen_provision"].isin(["K", "A", "P"]).astype(float),
            "eal": pupils["first_language"].isin(["OTH", "OTB"]).astype(float),
            "white_british": pupils["ethnicity"].isin(WHITE_BRITISH).astype(float),
        })
        del pupils
        sums = flags.drop(columns="la_code").groupby(["census_year", "urn"], sort=False).sum()
        la = flags.groupby(["census_year", "urn"], sort=False)["la_code"].first()
        schools = sums.join(la).reset_index()
        schools["non_white_british"] = schools["headcount"] - schools["white_british"]
        schools["sen_all"] = schools["sen_statement"] + schools["sen_support"]
        indicators = {
            "FSMe": "fsm_eligible", "FSMt": "fsm_taken", "SENs": "sen_statement", "SENn": "sen_support",
            "SEN": "sen_all", "W": "white_british", "NW": "non_white_british", "EAL": "eal",
        }
        return schools, {None: indicators}

    def number(series):
        return pd.to_numeric(series, errors="coerce")

    a = pd.read_csv(REPO_ROOT / SHIPPED_2019, dtype=str, keep_default_na=False)
    a = a[(a["URN"] != "NAT") & (a["SCHOOLTYPE"] == SCOPE)]
    first = pd.DataFrame({
        "census_year": 2019, "urn": a["URN"], "la_code": a["LA"].str.zfill(3),
        "headcount": number(a["NOR"]), "fsm_eligible": number(a["NUMFSM"]),
        "sen_statement": number(a["TSENELSE"]), "sen_support": number(a["TSENELK"]), "eal": number(a["NUMEAL"]),
    })
    first["sen_all"] = first["sen_statement"] + first["sen_support"]
    b = pd.read_csv(REPO_ROOT / SHIPPED_2023, dtype=str, keep_default_na=False)
    b = b[b["phase_type_grouping"] == SCOPE]
    second = pd.DataFrame({
        "census_year": b["time_period"].str[:4].astype(int) + 1, "urn": b["urn"], "la_code": b["old_la_code"].str.zfill(3),
        "headcount": number(b["headcount of pupils"]),
        "fsm_eligible": number(b["number of pupils known to be eligible for free school meals"]),
        "fsm_taken": number(b["number of FSM eligible pupils taking a free school meal on census day"]),
        "eal": number(b["number of pupils whose first language is known or believed to be other than English"]),
        "white_british": number(b["number of pupils classified as white British ethnic origin"]),
    })
    second["non_white_british"] = second["headcount"] - second["white_british"]
    schools = pd.concat([first, second], ignore_index=True)
    return schools, {
        2019: {"FSMe": "fsm_eligible", "SENs": "sen_statement", "SENn": "sen_support", "SEN": "sen_all", "EAL": "eal"},
        2023: {"FSMe": "fsm_eligible", "FSMt": "fsm_taken", "W": "white_british", "NW": "non_white_british", "EAL": "eal"},
    }


def long_used_counts(schools, indicators_by_year):
    """(area_level, area_code, census_year, indicator, g, b) of every usable school, LA and England."""
    import pandas as pd

    parts = []
    for year, indicators in indicators_by_year.items():
        subset = schools if year is None else schools[schools["census_year"] == year]
        for indicator, column in indicators.items():
            parts.append(pd.DataFrame({
                "census_year": subset["census_year"].to_numpy(), "la_code": subset["la_code"].to_numpy(),
                "indicator": indicator, "g": subset[column].to_numpy(), "b": subset["headcount"].to_numpy(),
            }))
    long = pd.concat(parts, ignore_index=True)
    long = long[long["g"].notna() & long["b"].notna() & (long["g"] <= long["b"])]
    la = long.rename(columns={"la_code": "area_code"}).assign(area_level="la")
    england = long.drop(columns="la_code").assign(area_level="england", area_code=ENGLAND)
    return pd.concat([la, england], ignore_index=True)


def worker_pandas(spec):
    started = time.perf_counter()
    schools, indicators = pandas_school_counts(spec)
    areas = long_used_counts(schools, indicators)
    keys = ["area_level", "area_code", "census_year", "indicator"]
    grouped = areas.groupby(keys, sort=False)
    totals_g = grouped["g"].transform("sum")
    totals_b = grouped["b"].transform("sum")
    totals_n = totals_b - totals_g
    areas = areas.assign(
        gs_part=(areas["g"] / totals_g.where(totals_g != 0) - areas["b"] / totals_b.where(totals_b != 0)).abs(),
        d_part=(areas["g"] / totals_g.where(totals_g != 0) - (areas["b"] - areas["g"]) / totals_n.where(totals_n != 0)).abs(),
    )
    result = areas.groupby(keys, sort=False)[["gs_part", "d_part"]].sum(min_count=1) * 0.5
    # an area where a share is undefined (F, T or N = 0) has no index
    undefined = areas.assign(
        gs_bad=areas["gs_part"].isna(), d_bad=areas["d_part"].isna()
    ).groupby(keys, sort=False)[["gs_bad", "d_bad"]].any()
    result.loc[undefined["gs_bad"], "gs_part"] = None
    result.loc[undefined["d_bad"], "d_part"] = None
    elapsed = time.perf_counter() - started
    rows = [[*map(str, key[:2]), int(key[2]), key[3], none_if_nan(gs), none_if_nan(d)] for key, gs, d in zip(result.index, result["gs_part"], result["d_part"])]
    return {"compute": elapsed, "results": rows}


def worker_pysal(spec):
    import warnings

    from segregation.singlegroup import Dissim

    warnings.filterwarnings("ignore")
    started = time.perf_counter()
    schools, indicators = pandas_school_counts(spec)
    areas = long_used_counts(schools, indicators)
    aggregated = time.perf_counter()
    rows = []
    for key, group in areas.groupby(["area_level", "area_code", "census_year", "indicator"], sort=False):
        total_g, total_b = group["g"].sum(), group["b"].sum()
        if total_g == 0 or total_b == 0 or total_g == total_b:
            rows.append([str(key[0]), str(key[1]), int(key[2]), key[3], None, None])  # D undefined
            continue
        d = Dissim(group, group_pop_var="g", total_pop_var="b").statistic
        rows.append([str(key[0]), str(key[1]), int(key[2]), key[3], None, none_if_nan(float(d))])
    finished = time.perf_counter()
    return {"compute": finished - started, "aggregate": aggregated - started, "loop": finished - aggregated,
            "areas": len(rows), "results": rows}


def none_if_nan(value):
    return None if value is None or value != value else float(value)


# --------------------------------------------------------------------------- reporting


def agreement(reference, results, pysal=False):
    """Largest |difference| of GS and D against dbt, and keys missing or extra."""
    common = set(reference) & set(results)
    worst = 0.0
    mismatched_nulls = 0
    for key in common:
        want_gs, want_d = reference[key]
        got_gs, got_d = results[key]
        pairs = [(want_d, got_d)] if pysal else [(want_gs, got_gs), (want_d, got_d)]
        for want, got in pairs:
            if want is None or got is None:
                mismatched_nulls += (want is None) != (got is None)
            else:
                worst = max(worst, abs(want - got))
    return {
        "max_abs_diff": worst,
        "null_mismatches": mismatched_nulls,
        "missing": len(set(reference) - set(results)),
        "extra": len(set(results) - set(reference)),
    }


def report(name, description, measured):
    print(f"\n== {name}: {description}", flush=True)
    dbt = measured["dbt"]
    print(f"   {len(dbt['results']):,} index rows (area x year x indicator)")
    header = f"   {'peer':<34}{'wall s':>9}{'peak MiB':>10}{'compute s':>11}{'x floor':>9}  agreement with dbt"
    print(header)
    print("   " + "-" * (len(header) - 3))
    floor = measured.get("floor")
    floor_time = floor["compute"] if floor else None

    def line(label, wall, peak, compute, agree):
        ratio = f"{compute / floor_time:8.1f}x" if floor_time and compute is not None else f"{'':>9}"
        compute_text = f"{compute:11.2f}" if compute is not None else f"{'':>11}"
        peak_text = f"{peak:10.0f}" if peak is not None else f"{'':>10}"
        wall_text = f"{wall:9.2f}" if wall is not None else f"{'':>9}"
        print(f"   {label:<34}{wall_text}{peak_text}{compute_text}{ratio}  {agree}")

    line("dbt build (end to end, with tests)", dbt["wall"], dbt["peak_mib"], dbt["wall"], "(reference)")
    line("  dbt: all models (run_results)", None, None, dbt["all_models"], "")
    line("  dbt: index models (run_results)", None, None, dbt["index_models"], "")
    for peer in ("floor", "pandas", "pysal"):
        payload = measured.get(peer)
        if payload is None:
            continue
        agree = agreement(dbt["results"], payload["results"], pysal=peer == "pysal")
        text = (f"max |diff| {agree['max_abs_diff']:.1e}, null mismatches {agree['null_mismatches']},"
                f" missing {agree['missing']}, extra {agree['extra']}")
        label = {"floor": "floor: one DuckDB query", "pandas": "pandas group-by",
                 "pysal": "pandas + PySAL Dissim loop (D only)"}[peer]
        line(label, payload["wall"], payload["peak_mib"], payload["compute"], text)
        if peer == "pysal":
            line(f"  PySAL loop alone ({payload['areas']:,} areas)", None, None, payload["loop"], "")
    print("   ratios:")
    ratios = []
    if floor:
        ratios.append(("index models / floor", dbt["index_models"] / floor_time, "target <= 2"))
        ratios.append(("all models / floor", dbt["all_models"] / floor_time, ""))
        ratios.append(("dbt build / floor", dbt["wall"] / floor_time, ""))
    if measured.get("pandas"):
        ratios.append(("pandas / all models", measured["pandas"]["compute"] / dbt["all_models"], ""))
        ratios.append(("pandas (process) / dbt build", measured["pandas"]["wall"] / dbt["wall"], ""))
    if measured.get("pysal"):
        pysal = measured["pysal"]
        ratios.append(("PySAL loop / index models", pysal["loop"] / dbt["index_models"], "target >= 10"))
        ratios.append(("pandas+PySAL (process) / dbt build", pysal["wall"] / dbt["wall"], "target > 1 (pupil input)"))
    for label, value, target in ratios:
        print(f"     {label:<38}{value:8.2f}  {target}")
    print(f"   peak memory of dbt build: {dbt['peak_mib']:.0f} MiB", flush=True)


def summary_record(name, measured):
    dbt = measured["dbt"]
    record = {"size": name, "dbt_wall": dbt["wall"], "dbt_peak_mib": dbt["peak_mib"],
              "index_models": dbt["index_models"], "all_models": dbt["all_models"], "model_times": dbt["model_times"]}
    for peer in ("floor", "pandas", "pysal"):
        payload = measured.get(peer)
        if payload:
            record[peer] = {k: v for k, v in payload.items() if k != "results"}
            record[peer]["agreement"] = agreement(dbt["results"], payload["results"], pysal=peer == "pysal")
    return record


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes only (CI, under two minutes)")
    parser.add_argument("--with-100m", action="store_true", help="add the ~100M-row all-phase case (dbt and floor)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--only", nargs="+", metavar="SIZE", help="run only these sizes (e.g. pupils_100m)")
    parser.add_argument("--worker", choices=["floor", "pandas", "pysal"], help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)

    if options.worker:
        spec = json.loads(options.spec)
        payload = {"floor": worker_floor, "pandas": worker_pandas, "pysal": worker_pysal}[options.worker](spec)
        Path(options.worker_out).write_text(json.dumps(payload, default=str))
        return 0

    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"benchmark ({'quick' if options.quick else 'full'}) on {os.cpu_count()} cores; work files in {WORK}", flush=True)
    records = []
    for name, description, spec in sizes(options):
        if options.only and name not in options.only:
            continue
        peers = spec.get("peers", ["dbt", "floor", "pandas", "pysal"])
        measured = {}
        for peer in peers:
            print(f"- {name}: {peer} ...", flush=True)
            measured[peer] = run_dbt(name, spec) if peer == "dbt" else run_worker(peer, name, spec)
        report(name, description, measured)
        records.append(summary_record(name, measured))
    if options.json:
        options.json.write_text(json.dumps(records, indent=2, default=str))
    print(f"\nbenchmark finished in {time.perf_counter() - started:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
