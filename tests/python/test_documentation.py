"""Everything of this project that dbt documents has a description.

Read generically from the manifest dbt writes (`target/manifest.json` after
`dbt parse`, `dbt build` or `dbt docs generate`), so a new model, seed, source,
column, macro, generic or singular test, unit test or exposure is covered
without touching this file. Every model must state its grain ("one row per").
"""

from __future__ import annotations

import json

import pytest

from conftest import query

PROJECT = "school_segregation"
# node types that must carry a description (generic test *instances* such as
# not_null_x are excluded: their generic test definition is documented instead)
DOCUMENTED_NODE_TYPES = {"model", "seed", "snapshot", "analysis"}


def is_blank(text) -> bool:
    return not (text or "").strip()


@pytest.fixture(scope="module")
def manifest(shipped_build):
    """The manifest written by the shipped build (its own, fresh target directory)."""
    return json.loads((shipped_build.parent / "target" / "manifest.json").read_text())


def own(resources: dict) -> dict:
    return {uid: node for uid, node in resources.items() if node.get("package_name") == PROJECT}


def undocumented(manifest) -> list[str]:
    missing = []
    for uid, node in own(manifest["nodes"]).items():
        kind = node["resource_type"]
        is_singular_test = kind == "test" and not node.get("test_metadata")
        if kind in DOCUMENTED_NODE_TYPES or is_singular_test:
            if is_blank(node.get("description")):
                missing.append(f"{kind} {node['name']}: no description")
            for column, spec in node.get("columns", {}).items():
                if is_blank(spec.get("description")):
                    missing.append(f"{kind} {node['name']}: column {column} has no description")
        if kind == "model" and "one row per" not in (node.get("description") or "").lower():
            missing.append(f"model {node['name']}: description does not state its grain ('one row per ...')")
    for node in own(manifest["sources"]).values():
        label = f"source {node['source_name']}.{node['name']}"
        if is_blank(node.get("source_description")):
            missing.append(f"source {node['source_name']}: no description")
        if is_blank(node.get("description")):
            missing.append(f"{label}: no description")
        for column, spec in node.get("columns", {}).items():
            if is_blank(spec.get("description")):
                missing.append(f"{label}: column {column} has no description")
    for node in own(manifest["macros"]).values():
        # includes the generic tests of tests/generic (macros named test_<name>)
        if is_blank(node.get("description")):
            missing.append(f"macro {node['name']} ({node['original_file_path']}): no description")
        for argument in node.get("arguments", []):
            if is_blank(argument.get("description")):
                missing.append(f"macro {node['name']}: argument {argument['name']} has no description")
    for kind in ("unit_tests", "exposures"):
        for node in own(manifest.get(kind, {})).values():
            if is_blank(node.get("description")):
                missing.append(f"{kind[:-1]} {node['name']}: no description")
    return missing


def test_every_resource_and_column_has_a_description(manifest):
    missing = undocumented(manifest)
    assert not missing, "undocumented:\n  " + "\n  ".join(missing)


def test_the_check_covers_what_it_claims(manifest):
    kinds = {node["resource_type"] for node in own(manifest["nodes"]).values()}
    assert {"model", "seed", "test"} <= kinds
    assert own(manifest["sources"]) and own(manifest["macros"])
    assert any(name.startswith("macro.school_segregation.test_") for name in manifest["macros"])
    # and it does catch a gap
    broken = json.loads(json.dumps(manifest))
    model = next(node for node in own(broken["nodes"]).values() if node["resource_type"] == "model")
    model["description"] = "No grain here."
    next(iter(model["columns"].values()))["description"] = " "
    macro = next(iter(own(broken["macros"]).values()))
    macro["description"] = ""
    assert len(undocumented(broken)) == 3


def test_every_built_column_is_documented(manifest, shipped_build):
    """The YAML lists every column the warehouse actually has (models and seeds)."""
    built = {}
    for schema, table, column in query(
        shipped_build,
        "select table_schema, table_name, column_name from information_schema.columns"
        " where table_schema <> 'raw'",
    ):
        built.setdefault((schema, table), set()).add(column.lower())
    missing = []
    for node in own(manifest["nodes"]).values():
        if node["resource_type"] not in {"model", "seed"} or node["config"].get("materialized") == "ephemeral":
            continue
        columns = built.get((node["schema"], node["alias"] or node["name"]))
        assert columns is not None, f"{node['name']} was not built"
        undocumented_columns = columns - {name.lower() for name in node["columns"]}
        if undocumented_columns:
            missing.append(f"{node['name']}: {sorted(undocumented_columns)}")
    assert not missing, "columns missing from the YAML:\n  " + "\n  ".join(missing)
