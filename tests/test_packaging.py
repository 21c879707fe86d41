"""The project as a newcomer installs it: declared dependencies, a plain (non-editable)
install that serves the seeds from any folder, and `pip check`."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirement_names(requirements: list[str]) -> set[str]:
    names = set()
    for requirement in requirements:
        name = requirement.split(";")[0].split("[")[0]
        for mark in "<>=!~ ":
            name = name.split(mark)[0]
        names.add(name.lower().replace("_", "-"))
    return names


def _imported_distributions(folders: list[str]) -> set[str]:
    """The distributions whose modules the code in `folders` imports (not stdlib, not ours)."""
    ours = {"server", "exporters", "tests", "bench"}
    modules = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules.add(node.module.split(".")[0])
    modules -= ours | set(sys.stdlib_module_names) | {"__future__"}
    by_module = importlib.metadata.packages_distributions()
    unknown = sorted(m for m in modules if m not in by_module)
    assert not unknown, f"imported, but no installed distribution provides: {unknown}"
    return {by_module[m][0].lower().replace("_", "-") for m in modules}


def test_every_package_is_listed_for_the_build():
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("server", "exporters")
        for init in (ROOT / top).rglob("__init__.py")
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == on_disk | {"server.seeds"}
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["server.seeds"] == "seeds"


def test_every_imported_distribution_is_declared():
    runtime = _requirement_names(PYPROJECT["project"]["dependencies"])
    assert _imported_distributions(["server", "exporters"]) <= runtime
    test_extras = _requirement_names(PYPROJECT["project"]["optional-dependencies"]["test"])
    assert _imported_distributions(["tests"]) <= runtime | test_extras


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_plain_install_serves_the_seed_papers_from_an_empty_folder(tmp_path):
    venv = tmp_path / "venv"
    # The venv sees the machine's packages (installed by the test script), so nothing is
    # downloaded; papershelf itself is built and installed into it as a wheel, not editable.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)  # fmt: skip
    python = venv / "bin" / "python"
    # A plain `pip install .`: pip builds the wheel with the declared build backend.
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check",
         str(ROOT)],
        check=True, cwd=tmp_path, capture_output=True,
    )  # fmt: skip
    installed = subprocess.run(
        [python, "-c", "import server; print(server.__file__)"],
        check=True, cwd=tmp_path, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert installed.startswith(str(venv)), installed  # the wheel, not the checkout
    check = subprocess.run([python, "-m", "pip", "check"], cwd=tmp_path, capture_output=True,
                           text=True)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    port = _free_port()
    env = {**os.environ, "PAPERSHELF_DB": str(tmp_path / "shelf.sqlite3")}
    server = subprocess.Popen(
        [venv / "bin" / "papershelf", "serve", "--port", str(port)],
        cwd=empty, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        health = None
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as reply:
                    health = json.load(reply)
                break
            except OSError:
                time.sleep(0.1)
        assert health is not None, "the installed server did not answer"
        assert health["papers"] == 45
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as reply:
            page = reply.read().decode("utf-8")
        assert "45 papers stored." in page
        assert page.count("<article") == 25  # the first page of the seed papers
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "ingested 45 papers from" in output and str(venv) in output
    assert list(empty.iterdir()) == []  # nothing written where it was started
