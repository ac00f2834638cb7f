"""The sync account, the feed list the server is known to hold, and the outbox of actions.

See ``V8_ACCOUNT_SYNC`` in ``schema.py`` for why the outbox is filled by triggers and the
subscriptions are a difference. Everything the engine changes in one step happens in one
transaction, so a crash between "the server answered" and "marked sent" re-sends a batch at
worst, and never loses one.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from player.domain.episode_action import EpisodeAction, action_key
from player.domain.models import LOCAL_FEED_PREFIX
from player.storage.db import Store

SYNCABLE_FEEDS = "SELECT url FROM podcasts WHERE url NOT LIKE 'file:%' AND url NOT LIKE ? || '%'"
"""Local feed files and the bundled demo have no URL another device could fetch."""


@dataclass(frozen=True, slots=True)
class AccountRow:
    """The stored account and its sync bookkeeping (never a password)."""

    kind: str
    server: str
    username: str
    device: str
    subscriptions_since: int
    actions_since: int
    uploaded: int
    downloaded: int
    last_sync: float | None
    last_error: str | None
    last_error_at: float | None


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One action waiting for the server's acknowledgement."""

    id: int
    action: EpisodeAction


class SyncStateRepo:
    """Reads and writes ``sync_account``, ``sync_subscriptions`` and ``sync_outbox``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- the account -----------------------------------------------------------------------

    def account(self) -> AccountRow | None:
        rows = self.store.query(
            "SELECT kind, server, username, device, subscriptions_since, actions_since, "
            "uploaded, downloaded, last_sync, last_error, last_error_at FROM sync_account"
        )
        return AccountRow(*rows[0]) if rows else None

    def set_account(self, kind: str, server: str, username: str, device: str) -> None:
        """Store a new account. Logging in starts afresh: the server's list is unknown, and
        what was pending for another account is not this one's to send."""
        with self.store.write() as conn:
            conn.execute("DELETE FROM sync_account")
            conn.execute("DELETE FROM sync_subscriptions")
            conn.execute("DELETE FROM sync_outbox")
            conn.execute("DELETE FROM sync_seen")
            conn.execute(
                "INSERT INTO sync_account (id, kind, server, username, device, created_at) "
                "VALUES (1, ?, ?, ?, ?, ?)",
                (kind, server, username, device, time.time()),
            )

    def delete_account(self) -> None:
        """Forget the account, its bookkeeping and what it had not sent."""
        with self.store.write() as conn:
            conn.execute("DELETE FROM sync_account")
            conn.execute("DELETE FROM sync_subscriptions")
            conn.execute("DELETE FROM sync_outbox")
            conn.execute("DELETE FROM sync_seen")

    def record_success(self, conn: sqlite3.Connection | None = None) -> None:
        with self._conn(conn) as c:
            c.execute(
                "UPDATE sync_account SET last_sync = ?, last_error = NULL, last_error_at = NULL",
                (time.time(),),
            )

    def record_error(self, message: str) -> None:
        with self.store.write() as conn:
            conn.execute(
                "UPDATE sync_account SET last_error = ?, last_error_at = ?",
                (message, time.time()),
            )

    def set_since(
        self,
        conn: sqlite3.Connection,
        *,
        subscriptions: int | None = None,
        actions: int | None = None,
    ) -> None:
        if subscriptions is not None:
            conn.execute("UPDATE sync_account SET subscriptions_since = ?", (subscriptions,))
        if actions is not None:
            conn.execute("UPDATE sync_account SET actions_since = ?", (actions,))

    def count_downloaded(self, conn: sqlite3.Connection, n: int) -> None:
        conn.execute("UPDATE sync_account SET downloaded = downloaded + ?", (n,))

    @contextlib.contextmanager
    def applying_remote(self) -> Iterator[sqlite3.Connection]:
        """One transaction in which the outbox triggers are quiet: the server's own changes
        (merged actions, feeds it added or removed, URLs it rewrote) must not be sent back."""
        with self.store.write() as conn:
            conn.execute("UPDATE sync_account SET applying = 1")
            try:
                yield conn
            finally:
                conn.execute("UPDATE sync_account SET applying = 0")

    # -- subscriptions ---------------------------------------------------------------------

    def local_feeds(self) -> set[str]:
        """The subscriptions another device could follow."""
        return {r[0] for r in self.store.query(SYNCABLE_FEEDS, (LOCAL_FEED_PREFIX,))}

    def known_feeds(self) -> set[str]:
        """The feeds the server is known to list for us."""
        return {r[0] for r in self.store.query("SELECT url FROM sync_subscriptions")}

    def note_known(
        self, conn: sqlite3.Connection, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> None:
        conn.executemany("DELETE FROM sync_subscriptions WHERE url = ?", [(u,) for u in remove])
        conn.executemany(
            "INSERT OR IGNORE INTO sync_subscriptions (url) VALUES (?)", [(u,) for u in add]
        )

    # -- the outbox ------------------------------------------------------------------------

    def pending_count(self) -> int:
        return int(self.store.scalar("SELECT COUNT(*) FROM sync_outbox") or 0)

    def outbox(self, limit: int) -> list[OutboxEntry]:
        """The oldest ``limit`` unsent actions, in the order they happened."""
        rows = self.store.query(
            "SELECT id, action, podcast_url, episode_url, guid, timestamp, started, position, "
            "total, rate FROM sync_outbox ORDER BY id LIMIT ?",
            (limit,),
        )
        return [
            OutboxEntry(
                id=r[0],
                action=EpisodeAction(
                    podcast=r[2],
                    episode=r[3],
                    action=r[1],
                    timestamp=r[5],
                    guid=r[4],
                    started=r[6],
                    position=r[7],
                    total=r[8],
                    rate=r[9] or 1.0,
                ),
            )
            for r in rows
        ]

    def mark_sent(self, entries: Iterable[OutboxEntry]) -> None:
        """The server acknowledged these: drop them, and count them, in one transaction.

        A play span still growing keeps its row id only while unsent; once sent, its next
        extension adds a new row (the trigger), which carries the longer span.
        """
        entries = list(entries)
        ids = [(e.id, e.action.timestamp) for e in entries]
        with self.store.write() as conn:
            # A span that grew since it was read keeps its row: the longer span goes next time.
            conn.executemany("DELETE FROM sync_outbox WHERE id = ? AND timestamp = ?", ids)
            conn.execute("UPDATE sync_account SET uploaded = uploaded + ?", (len(ids),))
            self.note_seen(conn, [e.action for e in entries])

    # -- actions already seen ----------------------------------------------------------------

    def unseen(self, actions: Iterable[EpisodeAction]) -> list[EpisodeAction]:
        """The actions this library has neither sent nor received before.

        The engine re-reads a window of the server's past (see ``account_sync``); what it
        has seen there is neither merged nor counted again.
        """
        actions = list(actions)
        seen = {r[0] for r in self.store.query("SELECT key FROM sync_seen")}
        return [a for a in actions if action_key(a) not in seen]

    def note_seen(self, conn: sqlite3.Connection, actions: Iterable[EpisodeAction]) -> None:
        conn.executemany(
            "INSERT OR IGNORE INTO sync_seen (key, timestamp) VALUES (?, ?)",
            [(action_key(a), a.timestamp) for a in actions],
        )

    def seen_subscription_changes(self, since: int) -> set[tuple[str, str]]:
        """``(change, url)`` pairs (change ``add``/``remove``) received in answers at or
        after ``since``: the engine re-reads a second before its last ``since`` (the servers'
        clocks have whole seconds) and must not apply those again, since the listener may
        have undone them here meanwhile."""
        rows = self.store.query(
            "SELECT key FROM sync_seen WHERE key LIKE 'sub:%' AND timestamp >= ?", (since,)
        )
        pairs = (r[0][4:].split("\x1f", 1) for r in rows)
        return {(change, url) for change, url in pairs}

    def note_subscription_changes(
        self, conn: sqlite3.Connection, add: Iterable[str], remove: Iterable[str], timestamp: int
    ) -> None:
        keys = [f"sub:add\x1f{u}" for u in add] + [f"sub:remove\x1f{u}" for u in remove]
        conn.executemany(
            "INSERT OR REPLACE INTO sync_seen (key, timestamp) VALUES (?, ?)",
            [(k, timestamp) for k in keys],
        )

    def forget_seen_before(self, conn: sqlite3.Connection, timestamp: float) -> None:
        """Drop what is older than the re-read window: it cannot come back."""
        conn.execute("DELETE FROM sync_seen WHERE timestamp < ?", (timestamp,))

    @contextlib.contextmanager
    def _conn(self, conn: sqlite3.Connection | None) -> Iterator[sqlite3.Connection]:
        if conn is not None:
            yield conn
        else:
            with self.store.write() as c:
                yield c
