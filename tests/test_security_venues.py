"""The Semantic Scholar API key is a secret: sent to Semantic Scholar only (as `x-api-key`),
never in papershelf's answers, output, logs, errors or database."""

import logging

from server.app import create_app
from server.store import db
from tests.conftest import TEST_TOKEN, make_settings
from tests.test_upstream_venues import PAPERS

SECRET = "s2SeCrEtKeY-0123456789abcdef"
WRONG = "wRoNgKeY-9999xxxx"


def everything_stored(path) -> str:
    conn = db.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(
            repr(tuple(row)) for table in tables for row in conn.execute(f"SELECT * FROM {table}")
        )
    finally:
        conn.close()


def test_the_api_key_never_leaves_the_request_to_semantic_scholar(
    cli, venue_env, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG)
    venue_env.s2.api_key = SECRET
    monkeypatch.setenv("SEMANTIC_SCHOLAR_API_KEY", SECRET)
    seen = [cli("ingest", PAPERS).output]
    result = cli("venues")
    assert result.exit_code == 0 and "3 published" in result.output
    seen.append(result.output)
    assert {s.headers.get("x-api-key") for s in venue_env.s2.requests} == {SECRET}
    # A key Semantic Scholar does not know: refused (403), reported in one line.
    venue_env.s2.api_key = "another"
    refused = cli("venues", "--recheck")
    assert refused.exit_code == 1
    assert "Semantic Scholar answered HTTP 403" in refused.output
    seen.append(refused.output)
    monkeypatch.setenv("SEMANTIC_SCHOLAR_API_KEY", WRONG)
    seen.append(cli("venues", "--recheck").output)
    app = create_app({"TESTING": True, "DATABASE": str(cli.db_path), "API_TOKEN": TEST_TOKEN})
    client = app.test_client()
    for url in ("/api/papers/2306.10426", "/api/sources", "/api/papers?limit=50", "/"):
        seen.append(client.get(url).get_data(as_text=True))
    seen.append(repr(make_settings(SEMANTIC_SCHOLAR_API_KEY=SECRET)))
    seen.append(everything_stored(cli.db_path))
    seen.append(caplog.text)
    assert (
        "ARXIV:2306.10426" in caplog.text
    )  # urllib3 logged the requests: the scan means something
    for text in seen:
        assert SECRET not in text
        assert WRONG not in text
