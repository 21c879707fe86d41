"""`papershelf export --output FILE` (server/commands/output.py): the same text as stdout,
written whole or not at all."""

import os

from tests.conftest import SEED
from tests.test_read_only import run


def test_the_file_holds_what_stdout_would(cli, tmp_path):
    cli("ingest", SEED)
    target = tmp_path / "shelf.bib"
    result = cli("export", "--format", "bibtex", "--output", target)
    assert result.exit_code == 0
    assert result.output == f"exported 45 papers to {target} (bibtex)\n"
    assert target.read_text(encoding="utf-8") == cli("export", "--format", "bibtex").output
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_an_existing_file_is_replaced_whole(cli, tmp_path):
    cli("ingest", SEED)
    target = tmp_path / "shelf.json"
    target.write_text("old text " * 100_000, encoding="utf-8")
    assert cli("export", "--output", target, "--query", "interval bound").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith('{\n  "items": [')
    assert "old text" not in target.read_text(encoding="utf-8")


def test_a_file_that_cannot_be_written_is_one_line_and_leaves_what_was_there(cli, tmp_path):
    cli("ingest", SEED)
    missing = tmp_path / "no-such-folder" / "shelf.bib"
    result = cli("export", "--format", "bibtex", "--output", missing)
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {missing}: No such file or directory\n"

    # A folder papershelf may not write in (as a process without root's overrides).
    database = tmp_path / "shelf.sqlite3"
    assert run("ingest", SEED, "--db", database).returncode == 0
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "shelf.bib").write_text("kept", encoding="utf-8")
    locked.chmod(0o555)
    try:
        refused = run("export", "--format", "bibtex", "-o", locked / "shelf.bib", "--db", database)
    finally:
        locked.chmod(0o755)
    assert refused.returncode == 1
    assert refused.stderr == f"Error: cannot write {locked / 'shelf.bib'}: Permission denied\n"
    assert [p.name for p in locked.iterdir()] == ["shelf.bib"]  # no temporary file left
    assert (locked / "shelf.bib").read_text(encoding="utf-8") == "kept"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
