"""What the README tells a newcomer to type and copy works as it says."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from server.config import Settings, load_settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_the_quick_start_is_two_commands_and_names_the_python_it_needs():
    quick = section("Quick start")
    commands = [line.strip() for line in quick.splitlines() if line.startswith("    ")]
    assert commands == ["pip install -e . && papershelf serve", "bash scripts/test.sh"]
    assert "Python 3.11 or later" in quick
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()


def test_the_install_steps_make_a_venv_and_install_into_it():
    steps = [line.split("#")[0].strip() for line in section("Install").splitlines()
             if line.startswith("    ")]  # fmt: skip
    assert steps[0].startswith("git clone ")
    assert steps[1:] == ["cd papershelf", "python3 -m venv .venv", ". .venv/bin/activate",
                         "pip install -e .", "papershelf serve"]  # fmt: skip


def test_the_config_file_example_is_valid_and_uses_real_setting_names(tmp_path):
    [example] = re.findall(r"```toml\n(.*?)```", README, re.S)
    (tmp_path / "papershelf.toml").write_text(example, encoding="utf-8")
    names = {line.split("=")[0].strip() for line in example.splitlines()
             if "=" in line and not line.startswith("#")}  # fmt: skip
    assert names <= {spec.name.upper() for spec in fields(Settings)}
    settings = load_settings(tmp_path, environ={})
    assert (settings.zotero_target, settings.zotero_library_id) == ("web", "1234567")
    assert settings.zotero_tags == ("papershelf", "daily papers")
    assert settings.database == str(tmp_path / "papershelf.sqlite3")
    # The environment wins over the file, as the README says.
    assert load_settings(tmp_path, environ={"ZOTERO_PDF": "none"}).zotero_pdf == "none"


@pytest.mark.parametrize("target", ["Web library", "Desktop app"])
def test_each_zotero_target_has_its_guarantees_in_one_table(target):
    zotero = section("Zotero")
    header = next(line for line in zotero.splitlines() if line.startswith("| |"))
    assert target in header
    rows = [line for line in zotero.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) >= 8 and all(row.count(" | ") >= 2 for row in rows)
