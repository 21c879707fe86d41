"""A read-only database (file, folder or mount) serves reads and refuses writes in one line.

The commands and the server run as processes that cannot write the database: the file or
its folder has no write permission, and when the tests run as root (who ignores
permissions) the process is started without the capabilities that let root do so (setpriv,
util-linux), which makes the folder exactly as unwritable as a read-only mount.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from server.store import db
from tests.conftest import ROOT, SEED, wait_for_json
from tests.served import free_port

READ_ONLY = "is read-only: papershelf can show it but not change it"
# Root keeps these capabilities to write where permissions say no: drop them.
UNPRIVILEGED = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable"]
    if os.geteuid() == 0
    else []
)


def papershelf(*args) -> list[str]:
    return [*UNPRIVILEGED, sys.executable, "-m", "server", *map(str, args)]


def run(*args, env=None):
    return subprocess.run(
        papershelf(*args),
        capture_output=True, text=True, cwd=ROOT, timeout=60, env=child_env(env),
    )  # fmt: skip


def child_env(extra=None) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **(extra or {})}


@pytest.fixture
def shelf(tmp_path):
    """A library of the 45 seed papers in a folder of its own, closed (no -wal, no -shm)."""
    folder = tmp_path / "library"
    folder.mkdir()
    path = folder / "papershelf.sqlite3"
    assert run("ingest", SEED, "--db", path).returncode == 0
    yield path
    folder.chmod(0o755)
    shutil.rmtree(folder)


def read_only_file(path):
    path.chmod(0o444)
    return path


def read_only_folder(path):
    for extra in path.parent.glob(path.name + "-*"):  # left by nothing: the ingest closed it
        extra.unlink()
    path.parent.chmod(0o555)
    return path


@pytest.mark.parametrize(
    "make_read_only", [read_only_file, read_only_folder], ids=["file", "folder"]
)
def test_reads_work_and_a_write_is_refused_in_one_line(shelf, make_read_only):
    path = make_read_only(shelf)
    listed = run("list", "--limit", "500", "--db", path)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 45
    exported = run("export", "--format", "bibtex", "--db", path)
    assert exported.stdout.count("@misc{") == 45
    page = ROOT / "tests" / "fixtures" / "api" / "search_interval.json"
    refused = run("ingest", page, "--db", path)
    assert refused.returncode == 1
    assert refused.stderr == f"Error: {page}: the database {path} {READ_ONLY}\n"
    assert len(run("list", "--limit", "500", "--db", path).stdout.splitlines()) == 45


def test_a_new_database_in_a_read_only_folder_is_one_line(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir(mode=0o555)
    result = run("list", "--db", folder / "new.sqlite3")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: cannot open the database {folder / 'new.sqlite3'}: cannot create it in "
        f"{folder} (is the folder read-only?)\n"
    )


def test_serve_starts_on_a_read_only_folder_serves_reads_and_refuses_writes(shelf):
    path = read_only_folder(shelf)
    token = run("token").stdout.strip()
    port = free_port()
    server = subprocess.Popen(
        papershelf("serve", "--port", port, "--db", path),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=child_env(),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        papers = wait_for_json(f"{base}/api/papers?limit=500")
        assert len(papers["items"]) == 45
        request = urllib.request.Request(
            f"{base}/api/ingest",
            data=(ROOT / "tests" / "fixtures" / "api" / "search_interval.json").read_bytes(),
            headers={"Authorization": f"Bearer {token}"},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 503
        assert json.load(refused.value) == {
            "error": "unavailable",
            "message": f"the database {path} {READ_ONLY}",
        }
        assert len(wait_for_json(f"{base}/api/papers?limit=500")["items"]) == 45
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=10)
    assert "Traceback" not in err


def test_an_empty_read_only_database_is_served_without_seeding(tmp_path):
    folder = tmp_path / "empty-library"
    folder.mkdir()
    db.connect(folder / "p.sqlite3").close()
    read_only_folder(folder / "p.sqlite3")
    port = free_port()
    server = subprocess.Popen(
        papershelf("serve", "--port", port, "--db", folder / "p.sqlite3"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=child_env(),
    )  # fmt: skip
    try:
        assert wait_for_json(f"http://127.0.0.1:{port}/api/health")["papers"] == 0
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=10)
        folder.chmod(0o755)
    assert f"warning: not seeding: the database {folder / 'p.sqlite3'} {READ_ONLY}" in err
