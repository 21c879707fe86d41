"""Claims on papers being saved (server/store/claims.py) and the library index
(server/store/zotero_index.py): the database side of "saved exactly once"."""

from server.store import claims, zotero_index
from server.store.saved import records
from server.store.zotero_index import IndexedItem


def acquire(conn, owner, now, ids=("p1",), lease=60.0):
    return claims.acquire(conn, list(ids), "web", "users/1", "users/1", owner, lease, now)


def test_a_live_claim_holds_off_other_saves_until_settled(conn):
    assert list(acquire(conn, "a", now=100).mine) == ["p1"]
    assert acquire(conn, "b", now=101).held == ["p1"]
    claims.settle(conn, "web", "users/1", "a", {"p1": ("users/1", "KEY12345")})
    second = acquire(conn, "b", now=102)
    assert second.done["p1"].zotero_key == "KEY12345" and not second.mine
    assert [r.zotero_key for r in records(conn, "p1", "web", "users/1")] == ["KEY12345"]


def test_a_lapsed_lease_is_taken_over_with_its_item_key(conn):
    acquire(conn, "a", now=100, lease=10)
    claims.set_keys(conn, "web", "users/1", "a", {"p1": "KEY12345"})
    assert acquire(conn, "b", now=105).held == ["p1"]
    taken = acquire(conn, "b", now=111).mine["p1"]
    assert (taken.prior, taken.item_key) == ("saving", "KEY12345")


def test_an_uncertain_claim_is_free_but_remembered(conn):
    acquire(conn, "a", now=100)
    claims.leave_uncertain(conn, "web", "users/1", "a", {"p1": "no reply"})
    taken = acquire(conn, "b", now=101).mine["p1"]
    assert (taken.prior, taken.message) == ("uncertain", "no reply")


def test_a_released_claim_leaves_nothing(conn):
    acquire(conn, "a", now=100)
    claims.release(conn, "web", "users/1", "a", ["p1"])
    assert acquire(conn, "b", now=101).mine["p1"].prior is None


def test_the_index_keeps_the_newest_version_and_finds_by_identifier(conn):
    old = IndexedItem("AAAA2222", 5, True, "2401.00001", "10.48550/arxiv.2401.00001", "a")
    zotero_index.update(conn, "users/1", [old], [], 5)
    zotero_index.update(conn, "users/1", [IndexedItem("AAAA2222", 3, True, None, None, "z")], [])
    [found] = zotero_index.find(conn, "users/1", arxiv_id="2401.00001")
    assert found == old
    assert zotero_index.find(conn, "users/1", title_key="a") == [old]
    zotero_index.update(conn, "users/1", [], ["AAAA2222"], 4)
    assert zotero_index.find(conn, "users/1", title_key="a") == []
    assert zotero_index.library_version(conn, "users/1") == 5  # never goes back
