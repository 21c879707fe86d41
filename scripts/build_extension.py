"""Build the browser extension's packages: dist/papershelf-<version>-firefox.zip and
dist/papershelf-<version>-chrome.zip, with Mozilla's web-ext (through npx).

    python scripts/build_extension.py [--out DIR]

The version is papershelf's (pyproject.toml) and is written into each package's manifest.
Each package gets the manifest its browser wants from the one shared tree: Chrome's without
Firefox's `background.scripts` and `browser_specific_settings`, Firefox's without Chrome's
`background.service_worker`. Files that only serve development (package.json, which marks
the modules as ES modules for `node --test`) stay out.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"
WEB_EXT = "web-ext@10.7.0"  # pinned: the lint test uses the same one
TARGETS = ("firefox", "chrome")
LEFT_OUT = ("package.json",)


def project_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def manifest_for(target: str, manifest: dict, version: str) -> dict:
    """The shared manifest, made exact for one browser (pure)."""
    out = json.loads(json.dumps(manifest))
    out["version"] = version
    background = out["background"]
    if target == "chrome":
        background.pop("scripts", None)
        out.pop("browser_specific_settings", None)
    else:
        background.pop("service_worker", None)
    return out


def stage(target: str, version: str, staging: Path) -> Path:
    """A copy of the extension with the target's manifest, ready for web-ext."""
    source = staging / target
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(EXTENSION, source, ignore=shutil.ignore_patterns(*LEFT_OUT))
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    (source / "manifest.json").write_text(
        json.dumps(manifest_for(target, manifest, version), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return source


def build(out: Path, staging: Path | None = None) -> dict[str, Path]:
    """Both packages in `out`; {target: zip path}."""
    version = project_version()
    staging = staging or ROOT / "build" / "extension"
    out.mkdir(parents=True, exist_ok=True)
    built = {}
    for target in TARGETS:
        source = stage(target, version, staging)
        name = f"papershelf-{version}-{target}.zip"
        run = subprocess.run(
            ["npx", "--yes", WEB_EXT, "build", "--source-dir", str(source),
             "--artifacts-dir", str(out), "--filename", name, "--overwrite-dest"],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )  # fmt: skip
        if run.returncode != 0:
            raise RuntimeError(f"web-ext build failed for {target}:\n{run.stdout}{run.stderr}")
        built[target] = out / name
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="default: dist/")
    args = parser.parse_args()
    try:
        built = build(args.out.resolve())
    except RuntimeError as exc:
        sys.exit(str(exc))
    for target, path in built.items():
        print(f"{target}: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
