#!/usr/bin/env python3
"""Draw the segregation indices of the warehouse as PNG pictures and an HTML page.

Reads the mart `segregation_indices` from the DuckDB file that `make build`
writes (the path in SEGREGATION_DUCKDB_PATH, else target/segregation.duckdb)
and writes into docs/figures/ (or --out):

  england_by_indicator.png    England's GS and D per indicator and census year
  la_spread_by_indicator.png  spread of local-authority GS and D per indicator and year
  gs_against_d.png            GS against D per authority, showing GS = D * N / T
  most_least_segregated.png   the ten most and least segregated authorities for
                              one indicator (FSMe) in the latest year that has it
  index.html                  a page showing all of them

Usage:
  .venv/bin/python scripts/plot_indices.py [--database PATH] [--out DIR]
                                           [--indicator FSMe] [--year YYYY]
"""

from __future__ import annotations

import argparse
import html
import math
import os
import sys
import textwrap
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the Agg backend)
from matplotlib.lines import Line2D  # noqa: E402

DEFAULT_DATABASE = "target/segregation.duckdb"
DEFAULT_OUT = "docs/figures"
INDEX_COLOURS = {"gs": "#1b6ca8", "d": "#e07b39"}
YEAR_COLOURS = ["#9ecae1", "#4292c6", "#08519c", "#fdae6b", "#e6550d", "#a63603"]
DPI = 110


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get("SEGREGATION_DUCKDB_PATH", DEFAULT_DATABASE),
        help="DuckDB file built by dbt (default: $SEGREGATION_DUCKDB_PATH or %(default)s)",
    )
    parser.add_argument("--out", default=DEFAULT_OUT, help="folder for the PNG files and index.html")
    parser.add_argument("--indicator", default="FSMe", help="indicator ranked in the most/least picture")
    parser.add_argument("--year", type=int, help="census year ranked (default: latest with the indicator)")
    return parser.parse_args(argv)


def read_indices(database: Path) -> list[dict]:
    """Every row of segregation_indices, with the indicator's display order."""
    if not database.is_file():
        sys.exit(f"no warehouse at {database}: run `make build` first (or set SEGREGATION_DUCKDB_PATH)")
    print(f"reading {database}")
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute(
            """
            select
                indices.area_level, indices.area_code, indices.area_name, indices.census_year,
                indices.indicator, indices.indicator_label, indices.gs, indices.d,
                indices.schools_used, indices.group_pupils, indices.base_pupils,
                indicators.display_order
            from segregation_indices as indices
            inner join reference.segregation_indicators as indicators
                on indices.indicator = indicators.indicator
            order by indicators.display_order, indices.census_year, indices.area_code
            """
        )
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    if not rows:
        sys.exit(f"segregation_indices in {database} is empty: nothing to draw")
    years = sorted({row["census_year"] for row in rows})
    print(f"  {len(rows)} rows: census years {', '.join(map(str, years))}, "
          f"{len({row['indicator'] for row in rows})} indicators")
    return rows


def indicators_in_order(rows) -> list[tuple[str, str]]:
    seen = {}
    for row in sorted(rows, key=lambda r: r["display_order"]):
        seen.setdefault(row["indicator"], row["indicator_label"])
    return list(seen.items())


def tick_labels(indicators) -> list[str]:
    """Indicator code over its label, wrapped so neighbours do not collide."""
    return [f"{code}\n" + "\n".join(textwrap.wrap(label, 16)) for code, label in indicators]


def save(figure, path: Path) -> Path:
    figure.savefig(path, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    print(f"  wrote {path}")
    return path


def plot_england(rows, out: Path) -> Path:
    """Grouped bars: England's GS and D, one bar per census year within each indicator."""
    england = [row for row in rows if row["area_level"] == "england"]
    indicators = indicators_in_order(england)
    years = sorted({row["census_year"] for row in england})
    value = {(r["indicator"], r["census_year"]): r for r in england}
    figure, axes = plt.subplots(2, 1, figsize=(12, 8), sharex=True, layout="constrained")
    width = 0.8 / len(years)
    for axis, index, title in zip(axes, ("gs", "d"), ("Gorard Segregation Index (GS)", "Dissimilarity Index (D)")):
        for position, year in enumerate(years):
            xs, heights = [], []
            for x, (indicator, _) in enumerate(indicators):
                row = value.get((indicator, year))
                if row is not None and row[index] is not None:
                    xs.append(x - 0.4 + width * (position + 0.5))
                    heights.append(row[index])
            bars = axis.bar(xs, heights, width * 0.92, label=str(year),
                            color=YEAR_COLOURS[(position * 2 + 1) % len(YEAR_COLOURS)])
            axis.bar_label(bars, fmt="%.3f", fontsize=8, padding=2)
        axis.set_title(f"England: {title}", loc="left", fontsize=12)
        axis.set_ylabel(index.upper())
        axis.set_ylim(0, max(r[index] or 0 for r in england) * 1.2)
        axis.grid(axis="y", alpha=0.3)
        axis.spines[["top", "right"]].set_visible(False)
    axes[0].legend(title="census year", frameon=False, ncol=len(years))
    axes[1].set_xticks(range(len(indicators)), tick_labels(indicators), fontsize=9)
    figure.text(0.01, -0.02, "State-funded secondary schools. A missing bar: that year's census file does not "
                "publish the indicator.", fontsize=8, color="#555555")
    return save(figure, out / "england_by_indicator.png")


def plot_spread(rows, out: Path) -> Path:
    """Box plots of the local-authority values per indicator and year, England marked."""
    authorities = [row for row in rows if row["area_level"] == "la"]
    england = {(r["indicator"], r["census_year"]): r for r in rows if r["area_level"] == "england"}
    indicators = indicators_in_order(authorities)
    years = sorted({row["census_year"] for row in authorities})
    figure, axes = plt.subplots(2, 1, figsize=(13, 8.5), sharex=True, layout="constrained")
    width = 0.8 / len(years)
    for axis, index, title in zip(axes, ("gs", "d"), ("GS", "D")):
        for position, year in enumerate(years):
            colour = YEAR_COLOURS[(position * 2 + 1) % len(YEAR_COLOURS)]
            for x, (indicator, _) in enumerate(indicators):
                values = [r[index] for r in authorities
                          if r["indicator"] == indicator and r["census_year"] == year and r[index] is not None]
                if not values:
                    continue
                centre = x - 0.4 + width * (position + 0.5)
                axis.boxplot(values, positions=[centre], widths=width * 0.8, patch_artist=True,
                             boxprops={"facecolor": colour, "edgecolor": "#333333"},
                             medianprops={"color": "#222222"},
                             flierprops={"marker": ".", "markersize": 4, "markeredgecolor": colour},
                             whiskerprops={"color": "#555555"}, capprops={"color": "#555555"})
                national = england.get((indicator, year))
                if national is not None and national[index] is not None:
                    axis.plot(centre, national[index], marker="D", color="black", markersize=5, zorder=5)
        axis.set_title(f"Local authorities: {title} per indicator and census year "
                       "(box: middle half, whiskers: 1.5 IQR)", loc="left", fontsize=12)
        axis.set_ylabel(title)
        axis.set_ylim(bottom=0)
        axis.grid(axis="y", alpha=0.3)
        axis.spines[["top", "right"]].set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=YEAR_COLOURS[(p * 2 + 1) % len(YEAR_COLOURS)]) for p in range(len(years))]
    handles.append(Line2D([], [], marker="D", color="black", linestyle="none", markersize=5))
    axes[0].legend(handles, [str(y) for y in years] + ["England"], frameon=False, ncol=len(years) + 1)
    axes[1].set_xticks(range(len(indicators)), tick_labels(indicators), fontsize=9)
    counts = sorted({sum(1 for r in authorities if r["census_year"] == y and r["indicator"] == i)
                     for y in years for i, _ in indicators} - {0})
    figure.text(0.01, -0.02, f"One value per local authority ({'-'.join(map(str, [counts[0], counts[-1]])) if len(counts) > 1 else counts[0]} "
                "authorities); authorities with a single school have GS = D = 0.", fontsize=8, color="#555555")
    return save(figure, out / "la_spread_by_indicator.png")


def plot_gs_against_d(rows, out: Path) -> Path:
    """GS against D per authority, coloured by N/T, and GS against D * N / T (the identity)."""
    points = [r for r in rows if r["area_level"] == "la" and r["gs"] is not None and r["d"] is not None]
    d = [r["d"] for r in points]
    gs = [r["gs"] for r in points]
    outside = [(r["base_pupils"] - r["group_pupils"]) / r["base_pupils"] for r in points]
    predicted = [r["d"] * share for r, share in zip(points, outside)]
    largest_gap = max(abs(a - b) for a, b in zip(gs, predicted))
    top = max(d) * 1.05

    figure, (left, right) = plt.subplots(1, 2, figsize=(14, 6.5), layout="constrained")
    scatter = left.scatter(d, gs, c=outside, cmap="viridis", s=12, alpha=0.8, vmin=min(outside), vmax=1)
    for share in (0.1, 0.3, 0.5, 0.7, 0.9, 1.0):
        left.plot([0, top], [0, top * share], color="#888888", linewidth=0.8, linestyle="--")
        left.annotate(f"N/T = {share:g}", (top * 0.97, top * 0.97 * share), fontsize=8, color="#444444",
                      xytext=(0, 3), textcoords="offset points", ha="right", va="bottom",
                      rotation=math.degrees(math.atan(share)), rotation_mode="anchor",
                      bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    left.set_xlim(0, top)
    left.set_ylim(0, top)
    left.set_xlabel("D (Dissimilarity Index)")
    left.set_ylabel("GS (Gorard Segregation Index)")
    left.set_title("GS against D: each authority lies on the line of its N/T", loc="left", fontsize=11)
    colourbar = figure.colorbar(scatter, ax=left, shrink=0.85, pad=0.03)
    colourbar.set_label("N/T: share of pupils outside the group")

    right.scatter(predicted, gs, s=12, alpha=0.7, color=INDEX_COLOURS["gs"])
    right.plot([0, top], [0, top], color="black", linewidth=0.8)
    right.set_xlim(0, top)
    right.set_ylim(0, top)
    right.set_xlabel("D · N / T")
    right.set_ylabel("GS")
    # a bound rather than the exact gap, which varies in the last bits with summation order
    agreement = "every point within 1e-12" if largest_gap < 1e-12 else f"largest difference {largest_gap:.1e}"
    right.set_title(f"GS = D · N / T ({agreement})", loc="left", fontsize=11)
    for axis in (left, right):
        axis.set_aspect("equal")
        axis.grid(alpha=0.3)
        axis.spines[["top", "right"]].set_visible(False)
    figure.text(0.01, -0.01, f"{len(points)} points: every local authority, indicator and census year "
                "with both indices defined.", fontsize=8, color="#555555")
    return save(figure, out / "gs_against_d.png")


def plot_most_least(rows, out: Path, indicator: str, year: int | None) -> tuple[Path, int]:
    """The ten most and ten least segregated authorities (by GS) for one indicator and year."""
    available = sorted({r["census_year"] for r in rows if r["indicator"] == indicator})
    if not available:
        sys.exit(f"indicator {indicator} is not in the warehouse")
    if year is None:
        year = available[-1]
    elif year not in available:
        sys.exit(f"indicator {indicator} has no values in {year}; years with it: {available}")
    chosen = [r for r in rows if r["area_level"] == "la" and r["indicator"] == indicator
              and r["census_year"] == year and r["gs"] is not None]
    chosen.sort(key=lambda r: (-r["gs"], r["area_code"]))
    most, least = chosen[:10], chosen[-10:]
    england = next((r for r in rows if r["area_level"] == "england" and r["indicator"] == indicator
                    and r["census_year"] == year), None)
    label = chosen[0]["indicator_label"] if chosen else indicator

    figure, axes = plt.subplots(1, 2, figsize=(15, 6), sharex=True, layout="constrained")
    figure.get_layout_engine().set(wspace=0.08)
    top = max(max(r["gs"], r["d"] or 0) for r in chosen) * 1.22
    for axis, group, title in zip(axes, (most, list(reversed(least))), ("ten most segregated", "ten least segregated")):
        ys = list(range(len(group)))[::-1]
        names = [f"{r['area_name'] or r['area_code']} ({r['schools_used']} school{'s' if r['schools_used'] != 1 else ''})"
                 for r in group]
        gs_bars = axis.barh([y + 0.2 for y in ys], [r["gs"] for r in group], 0.4,
                            color=INDEX_COLOURS["gs"], label="GS")
        d_bars = axis.barh([y - 0.2 for y in ys], [r["d"] or 0 for r in group], 0.4,
                           color=INDEX_COLOURS["d"], label="D")
        axis.bar_label(gs_bars, fmt="%.3f", fontsize=8, padding=2)
        axis.bar_label(d_bars, fmt="%.3f", fontsize=8, padding=2)
        axis.set_yticks(ys, names, fontsize=9)
        axis.set_xlim(0, top)
        if england is not None:
            axis.axvline(england["gs"], color=INDEX_COLOURS["gs"], linestyle=":", linewidth=1)
        axis.set_title(f"{title} (by GS)", loc="left", fontsize=11)
        axis.grid(axis="x", alpha=0.3)
        axis.spines[["top", "right"]].set_visible(False)
    axes[1].legend(frameon=False, loc="lower right")
    figure.suptitle(f"{indicator} ({label}), {year}: local authorities ranked by GS", x=0.01, ha="left", fontsize=13)
    if england is not None:
        figure.text(0.01, -0.02, f"Dotted line: England's GS ({england['gs']:.3f}). "
                    f"{len(chosen)} authorities ranked.", fontsize=8, color="#555555")
    return save(figure, out / "most_least_segregated.png"), year


def write_page(out: Path, pictures: list[tuple[Path, str, str]], database: Path, years) -> Path:
    sections = "\n".join(
        f'<section><h2>{html.escape(title)}</h2><p>{html.escape(caption)}</p>'
        f'<img src="{picture.name}" alt="{html.escape(title)}"></section>'
        for picture, title, caption in pictures
    )
    page = out / "index.html"
    page.write_text(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>School segregation indices: pictures</title>"
        "<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
        "img{max-width:100%;border:1px solid #ddd}section{margin-bottom:2.5em}"
        "code{background:#f3f3f3;padding:0 .2em}</style></head><body>\n"
        "<h1>School segregation indices: pictures</h1>\n"
        f"<p>Drawn by <code>scripts/plot_indices.py</code> from the mart <code>segregation_indices</code> "
        f"of <code>{html.escape(str(database))}</code> (census years {', '.join(map(str, years))}). "
        "GS = Gorard Segregation Index, D = Dissimilarity Index; state-funded secondary schools.</p>\n"
        f"{sections}\n</body></html>\n",
        encoding="utf-8",
    )
    print(f"  wrote {page}")
    return page


def main(argv=None) -> int:
    args = parse_args(argv)
    database = Path(args.database)
    out = Path(args.out)
    rows = read_indices(database)
    out.mkdir(parents=True, exist_ok=True)
    print(f"drawing into {out}/")
    england = plot_england(rows, out)
    spread = plot_spread(rows, out)
    identity = plot_gs_against_d(rows, out)
    ranking, ranked_year = plot_most_least(rows, out, args.indicator, args.year)
    pictures = [
        (england, "England: GS and D per indicator and census year",
         "One value per indicator and year for England as a whole (all its schools, not an average of authorities)."),
        (spread, "Spread of local-authority values",
         "Each box summarises the authorities' values for one indicator and year; the diamond is England."),
        (identity, "GS against D",
         "GS = D · N / T: GS is D scaled by the share of pupils outside the group, so each authority lies on "
         "the line through the origin with slope N/T; on the right every point lies on the diagonal."),
        (ranking, f"Most and least segregated authorities: {args.indicator} {ranked_year}",
         "The ten authorities with the highest and the lowest GS, with D beside it and the number of schools used."),
    ]
    write_page(out, pictures, database, sorted({r["census_year"] for r in rows}))
    print(f"done: {len(pictures)} pictures and index.html in {out}/ (open {out / 'index.html'} in a browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
