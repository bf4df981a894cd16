"""The offline docs site (`dbt docs generate --static`) works in a real browser.

Headless Chromium (Debian's `chromium`, driven over the DevTools protocol on a
pipe: see headless_chromium.py) opens `static_index.html` from disk with no
network, and for each published mart checks that its page lists every column
with its description and that the lineage graph renders, from the raw census
files to the exposures. Screenshots go to target/screenshots/ for a person to
look at.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import REPO_ROOT, run_dbt
from headless_chromium import HeadlessChromium, find_chromium

PROJECT = "school_segregation"
# The published marts whose pages are checked; add a mart here to cover it.
PUBLISHED_MARTS = ["segregation_indices", "cohort_school_segregation"]
SCREENSHOTS = REPO_ROOT / "target" / "screenshots"

COLUMNS_ON_PAGE = """
Array.from(document.querySelectorAll('tr.column-row')).map(row => {
    const cells = row.querySelectorAll('td');
    return [cells[0].innerText.trim(), cells[2].innerText.trim()];
})
"""
LINEAGE_GRAPH = """
(() => {
    const container = document.getElementById('cy');
    const cy = container && container._cyreg && container._cyreg.cy;
    if (!cy || cy.nodes().length === 0 || cy.width() === 0) return null;
    const layer = container.querySelector('canvas[data-id="layer2-node"]');
    const pixels = layer.getContext('2d').getImageData(0, 0, layer.width, layer.height).data;
    let drawn = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
    return {nodes: cy.nodes().map(n => n.id()), edges: cy.edges().length,
            width: cy.width(), height: cy.height(), drawn_pixels: drawn};
})()
"""


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@pytest.fixture(scope="module")
def docs_site(shipped_build):
    """static_index.html and manifest of the shipped build."""
    run_dbt(["docs", "generate", "--static"], shipped_build)
    target = shipped_build.parent / "target"
    page = target / "static_index.html"
    assert page.is_file(), "dbt docs generate --static wrote no static_index.html"
    return page, json.loads((target / "manifest.json").read_text())


@pytest.fixture(scope="module")
def chromium():
    binary = find_chromium()
    if binary is None:
        message = "Chromium not found: apt-get install chromium (or set CHROMIUM_BINARY)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


def test_static_site_is_one_offline_file(docs_site):
    page, _ = docs_site
    html = page.read_text(encoding="utf-8")
    # manifest and catalog are inlined, and nothing is loaded from elsewhere
    assert "segregation_indices" in html and "__overview__" in html
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?://""", html)


@pytest.mark.parametrize("mart", PUBLISHED_MARTS)
def test_mart_page_lists_columns_and_renders_lineage(docs_site, chromium, mart):
    page, manifest = docs_site
    node = manifest["nodes"][f"model.{PROJECT}.{mart}"]
    with HeadlessChromium(chromium) as browser:
        browser.open(f"{page.as_uri()}#!/model/model.{PROJECT}.{mart}")
        rows = browser.wait_for(f"(() => {{ const rows = {COLUMNS_ON_PAGE}; return rows.length ? rows : null }})()")
        assert rows, f"the page of {mart} shows no columns"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        browser.screenshot(SCREENSHOTS / f"docs_{mart}_columns.png")

        shown = {name: description for name, description in rows}
        assert set(shown) == set(node["columns"]), "columns on the page differ from the YAML"
        for name, spec in node["columns"].items():
            assert shown[name], f"{mart}.{name} shows no description"
            assert squash(shown[name]) == squash(spec["description"]), f"{mart}.{name}: wrong description"

        # open the lineage panel, then its full-window view (+model+)
        browser.evaluate("""document.querySelector('[ng-click="onLauncherClick()"]').click()""")
        drawn = "(() => {{ const g = {}; return g && g.drawn_pixels > 1000 && g.width > {} ? g : null }})()"
        assert browser.wait_for(drawn.format(LINEAGE_GRAPH, 0)), "the lineage panel did not render"
        browser.evaluate("""document.querySelector('[ng-click="showExpanded()"]').click()""")
        graph = browser.wait_for(drawn.format(LINEAGE_GRAPH, 800))
        browser.screenshot(SCREENSHOTS / f"docs_{mart}_lineage.png")

    assert graph, "the full lineage graph did not render (no nodes, or a blank canvas)"
    nodes = set(graph["nodes"])
    assert f"model.{PROJECT}.{mart}" in nodes
    assert set(node["depends_on"]["nodes"]) <= nodes, "parents missing from the lineage"
    # the whole chain: raw files (source) upstream, an exposure downstream
    assert any(n.startswith(f"source.{PROJECT}.census.") for n in nodes), nodes
    assert any(n.startswith(f"exposure.{PROJECT}.") for n in nodes), "no exposure downstream of the mart"
    assert graph["edges"] >= len(nodes) - 1


def test_landing_page_explains_indices_policies_and_table_2(docs_site, chromium):
    page, _ = docs_site
    with HeadlessChromium(chromium, height=2600) as browser:
        browser.open(f"{page.as_uri()}#!/overview")
        text = browser.wait_for(
            "document.body.innerText.includes('Table 2 schema') ? document.body.innerText : null"
        )
        assert text, "the overview page did not render"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        browser.screenshot(SCREENSHOTS / "docs_overview.png")
    for phrase in ("GS = ½ · Σ |Fi/F − Ti/T|", "D = ½ · Σ |Fi/F − Ni/N|", "GS = D · N / T",
                   "Unknown counts", "Empty groups", "Scope", "Linking", "Rounding",
                   "cohort_school_segregation", "LEAyy_<index>_<indicator>"):
        assert phrase in text, f"the overview page lacks {phrase!r}"
