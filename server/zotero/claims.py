"""One save per paper per target: claim, save what this save holds, wait for the rest.

Two saves of one paper at the same moment (two tabs, the extension and the CLI, two server
threads or processes) meet in the database (server/store/claims.py): the first claims it and
writes; the second finds the claim, waits, and answers from the first's outcome (the saved
record: `exists`, same key) without writing. A save never waits while it holds claims of its
own, so two batches that overlap cannot wait on each other.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable

from server.store import claims as store
from server.store.claims import Claim
from server.store.saved import SavedRecord
from server.zotero.records import SaveResult

POLL = 0.05  # seconds between looks at a claim another save holds


class Claims:
    """The claims of one save call on `target` (and `scope`: the web library, or "desktop")."""

    def __init__(self, conn, target: str, scope: str, saved_library: str | None, lease: float):
        self.conn, self.target, self.scope = conn, target, scope
        self.saved_library, self.lease = saved_library, lease
        self.owner = ":".join(
            (socket.gethostname(), str(os.getpid()), str(threading.get_ident()), uuid.uuid4().hex)
        )

    def set_keys(self, keys: dict[str, str]) -> None:
        store.set_keys(self.conn, self.target, self.scope, self.owner, keys)

    def renew(self) -> None:
        store.renew(self.conn, self.target, self.scope, self.owner, self.lease, time.time())

    def settle(self, saved: dict[str, tuple[str, str | None]]) -> None:
        if saved:
            store.settle(self.conn, self.target, self.scope, self.owner, saved)

    def release(self, paper_ids: list[str]) -> None:
        if paper_ids:
            store.release(self.conn, self.target, self.scope, self.owner, paper_ids)

    def leave_uncertain(self, messages: dict[str, str]) -> None:
        if messages:
            store.leave_uncertain(self.conn, self.target, self.scope, self.owner, messages)

    def save_once(
        self,
        paper_ids: list[str],
        save_claimed: Callable[[dict[str, Claim]], dict[str, SaveResult]],
        exists: Callable[[SavedRecord], SaveResult],
        wait_limit: float | None = None,
    ) -> dict[str, SaveResult]:
        """A result for every paper: saved by `save_claimed` (which settles or releases each
        claim it is given), or found saved, by an earlier save or one we waited for."""
        results: dict[str, SaveResult] = {}
        pending = list(paper_ids)
        deadline = time.monotonic() + (self.lease if wait_limit is None else wait_limit)
        while pending:
            got = store.acquire(
                self.conn, pending, self.target, self.scope, self.saved_library, self.owner,
                self.lease, time.time(),
            )  # fmt: skip
            results |= {paper_id: exists(record) for paper_id, record in got.done.items()}
            if got.mine:
                results |= save_claimed(got.mine)
            pending = got.held
            if pending and time.monotonic() > deadline:
                for paper_id in pending:
                    results[paper_id] = SaveResult(
                        paper_id, "failed", None,
                        "not saved: another save of this paper is still running; try again "
                        "in a minute",
                    )  # fmt: skip
                break
            if pending:
                time.sleep(POLL)
        return results
