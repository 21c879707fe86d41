"""Dependencies point one way: model <- parsing / exporters / store <- upstream / zotero <-
web app / CLI; the record, parsers and exporters load no Flask."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# The lowest layer a module prefix belongs to; a module may import its own layer and below.
LAYERS = {
    "server.errors": 0,
    "server.version": 0,
    "server.config": 0,
    "server.models": 1,
    "server.published": 1,
    "server.merge": 2,
    "server.parsing": 2,
    "exporters": 2,
    "server.store": 2,
    "server.ingest": 2,
    "server.formats": 2,
    "server.http": 2,
    "server.seeds": 2,
    "server.install_token": 2,
    "server.upstream": 3,
    "server.zotero": 3,
    "server.app": 4,
    "server.security": 4,
    "server.routes": 4,
    "server.commands": 4,
    "server.cli": 4,
    "server.__main__": 4,
}


def layer_of(module: str) -> int:
    matches = [p for p in LAYERS if module == p or module.startswith(p + ".")]
    assert matches, f"{module} has no layer: add it to LAYERS"
    return LAYERS[max(matches, key=len)]


def our_modules():
    for top in ("server", "exporters"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imports_of(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("server", "exporters")}


def test_every_import_points_down_or_sideways():
    wrong = []
    for module, path in our_modules():
        for imported in imports_of(path):
            known = [p for p in LAYERS if imported == p or imported.startswith(p + ".")]
            if known and layer_of(imported) > layer_of(module):
                wrong.append(f"{module} (layer {layer_of(module)}) imports {imported}")
    assert wrong == []


@pytest.mark.parametrize(
    "module",
    ["server.models", "server.parsing", "server.store", "server.cli", "exporters.bibtex",
     "exporters.ris", "exporters.csl_json", "exporters.rss_atom", "exporters.json_feed",
     "exporters.zotero", "server.formats", "server.upstream.enrich", "server.zotero.library",
     "exporters.venue", "server.published", "server.upstream.venues.resolve"],
)  # fmt: skip
def test_importing_loads_no_flask(module):
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    loaded = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in run.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert module.split(".")[0] in loaded  # the probe saw the import happen
    assert not loaded & {"flask", "werkzeug", "jinja2"}
