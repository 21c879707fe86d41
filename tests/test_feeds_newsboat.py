"""A real feed reader (Debian's newsboat) subscribed to the served feeds keeps every item.

newsboat keeps one item per id across all its feeds, so feeds that share item ids lose items
in it (issue 11: RSS kept 0 of 45 next to Atom). It runs non-interactively (`-x reload`) with
its own urls file, config and cache in a temporary folder; its SQLite cache says what it kept.
"""

import sqlite3
import subprocess
from datetime import UTC, datetime

import pytest

from tests.served import serving


@pytest.fixture
def served(tmp_path):
    """`papershelf serve` on the shipped seed (45 papers), as a user starts it."""
    with serving(tmp_path) as running:
        yield running.base


def newsboat_reload(tmp_path, urls: list[str]) -> sqlite3.Connection:
    (tmp_path / "urls").write_text("\n".join(urls) + "\n")
    (tmp_path / "config").write_text("")
    run = subprocess.run(
        ["newsboat", "-x", "reload", "-u", "urls", "-c", "cache.db", "-C", "config"],
        cwd=tmp_path, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return sqlite3.connect(tmp_path / "cache.db")


def test_rss_atom_and_a_search_feed_subscribed_at_once_keep_every_item(served, tmp_path):
    feeds = {
        f"{served}/feeds/papers.rss": 45,
        f"{served}/feeds/papers.atom": 45,
        f"{served}/feeds/papers.rss?q=diffusion": 2,
    }
    cache = newsboat_reload(tmp_path, list(feeds))
    kept = dict(cache.execute("SELECT feedurl, count(*) FROM rss_item GROUP BY feedurl"))
    assert kept == feeds
    dates = [row[0] for row in cache.execute("SELECT pubDate FROM rss_item")]
    oldest = datetime.fromtimestamp(min(dates), UTC)
    assert oldest >= datetime(1990, 1, 1, tzinfo=UTC), oldest  # no undated item sent to 1970
    titles = {row[0] for row in cache.execute("SELECT title FROM rss_item")}
    assert len(titles) == 45


def test_a_second_reload_keeps_the_same_items(served, tmp_path):
    urls = [f"{served}/feeds/papers.atom", f"{served}/feeds/papers.atom?q=diffusion"]
    first = newsboat_reload(tmp_path, urls)
    before = sorted(first.execute("SELECT guid, feedurl FROM rss_item"))
    first.close()
    again = newsboat_reload(tmp_path, urls)
    assert sorted(again.execute("SELECT guid, feedurl FROM rss_item")) == before
    assert len(before) == 47  # ids are stable: nothing is new the second time
