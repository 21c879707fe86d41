"""papershelf's version, read once: from the installed distribution, else pyproject.toml."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def papershelf_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("papershelf")
    except PackageNotFoundError:  # running from a source checkout that was never installed
        import tomllib

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            with pyproject.open("rb") as file:
                return tomllib.load(file)["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"
