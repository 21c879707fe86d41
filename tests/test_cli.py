"""The `papershelf` command as a user runs it."""

import json
import urllib.request

from tests.conftest import FIXTURES, ROOT, SEED
from tests.served import serving


def test_ingest_the_seeds_folder_then_again(cli):
    first = cli("ingest", str(ROOT / "seeds"))
    assert first.exit_code == 0
    assert "45 added, 0 updated, 0 unchanged, 0 problems" in first.output
    second = cli("ingest", str(ROOT / "seeds"))
    assert "0 added, 0 updated, 45 unchanged, 0 problems" in second.output


def test_export_json_has_the_papers_in_the_documented_shape(cli, tmp_path):
    cli("ingest", str(ROOT / "seeds"), "--db", str(tmp_path / "x.sqlite3"))
    result = cli("export", "--format", "json", "--db", str(tmp_path / "x.sqlite3"))
    items = json.loads(result.output)["items"]
    assert len(items) == 45
    by_title = {p["title"]: p for p in items}
    split = next(p for t, p in by_title.items() if t.startswith("SplitMeanFlow: "))
    assert (split["published"], split["author_count"]) == ("2025-07-22", 11)
    ibp = by_title["Understanding Certified Training with Interval Bound Propagation"]
    assert (ibp["published"], ibp["author_count"]) == ("2023-06-17", 4)
    no_meta = [p["title"][:20] for p in items if p["published"] is None]
    assert sorted(no_meta) == [
        "Catching the Details",
        "Pay-Per-Search Model",
        "Towards a Unified Vi",
    ]


def test_list_with_a_query(cli):
    cli("ingest", str(SEED))
    result = cli("list", "--query", "backtracking")
    assert result.output.splitlines() == [
        "2025-05-30  how-much-backtracking-is-enough-exploring-the-in-b831258833  "
        "How Much Backtracking is Enough? Exploring the Interplay of SFT and RL in "
        "Enhancing LLM Reasoning  [authors incomplete]",
        "[authors incomplete]: `papershelf enrich` completes author lists from arXiv",
    ]


def test_a_rejected_file_is_named_and_the_rest_go_in(cli, tmp_path):
    bad = tmp_path / "broken.html"
    bad.write_text("<html><body>not papers</body></html>")
    result = cli("ingest", bad, SEED)
    assert result.exit_code == 0
    assert f"{bad}: rejected: an HTML page, but not a Hugging Face papers page" in result.output
    assert "45 added" in result.output
    only_bad = cli("ingest", bad)
    assert only_bad.exit_code == 1


def test_problems_and_notes_are_printed_with_their_file(cli, tmp_path):
    page = tmp_path / "copied.txt"
    page.write_text(SEED.read_text().replace("Jun 17, 2023", "Jun 37, 2023"))
    result = cli("ingest", str(page), "--verbose")
    assert f"problem: {page}: line 19: cannot read the date 'Jun 37, 2023'" in result.output
    assert f"note: {page}: page year inferred as 2025" in result.output
    dated = cli("ingest", str(page), "--as-of", "2026-01-02")
    assert "note:" not in dated.output


def test_unknown_export_format_is_a_usage_error(cli):
    result = cli("export", "--format", "docx")
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.output


def test_token_prints_the_install_token(cli, tmp_path):
    result = cli("token")
    assert len(result.output.strip()) >= 32


def test_serve_seeds_an_empty_database_and_serves_page_and_api(tmp_path):
    with serving(tmp_path) as served:
        with urllib.request.urlopen(f"{served.base}/api/papers?limit=500") as response:
            assert len(json.load(response)["items"]) == 45
        with urllib.request.urlopen(f"{served.base}/") as response:
            assert response.headers["Server"] == "papershelf"  # waitress, not the dev server
            assert "45 papers stored" in response.read().decode()
    output = served.output()
    assert "empty database: ingested 45 papers" in output
    assert f"papershelf on http://127.0.0.1:{served.port}/" in output


def test_fixture_pages_ingest_from_a_folder(cli):
    result = cli("ingest", str(FIXTURES / "pages"))
    assert "rejected: an HTML page, but not a Hugging Face papers page" in result.output
    assert "3 added" in result.output


def test_export_writes_every_format_with_the_filters(cli):
    import feedparser

    cli("ingest", str(SEED))
    bib = cli("export", "--format", "bibtex", "--query", "diffusion").output
    assert bib.count("@misc{") == 2
    ris = cli("export", "--format", "ris").output
    assert ris.count("ER  -") == 45
    for name in ("csl-json", "zotero", "jsonfeed"):
        assert len(json.loads(cli("export", "--format", name).output) or [1]) >= 1
    feed = feedparser.parse(cli("export", "--format", "atom", "-q", "diffusion").output)
    assert not feed.bozo
    assert feed.feed.title == "papershelf: papers matching “diffusion”"
    assert len(feed.entries) == 2


def test_a_bad_setting_is_named_without_a_traceback(cli, monkeypatch):
    monkeypatch.setenv("PAPERSHELF_HTTP_RETRIES", "lots")
    result = cli("list")
    assert result.exit_code == 1
    assert (
        result.output == "Error: configuration: HTTP_RETRIES must be a whole number, not 'lots'\n"
    )
