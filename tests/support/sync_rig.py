"""Devices for the sync tests: each one a data folder of its own with the real engine in it.

A :class:`Device` is what one installation of the app is: its own SQLite file, the feed service
(parsing inline, fetching real HTTP from the test's feed server), the sync engine, and a
password store over the project's in-memory keyring. Listening goes through the player's own
:class:`~player.services.listening.ListeningLog`, so the outbox is filled the way the window
fills it.
"""

from __future__ import annotations

import time
from pathlib import Path

from player.services.account_sync import AccountSyncService, ClientFactory, default_client
from player.services.credentials import Credentials
from player.services.listening import ListeningLog
from player.services.sync import SyncService, inline_service
from player.services.sync_passwords import SyncPasswords
from player.storage import EpisodeRepo, Store
from tests.support.http_server import LoopbackServer, rss
from tests.support.memory_keyring import MemoryKeyring


def serve_feed(server: LoopbackServer, name: str, episodes: int = 3, path: str = "") -> str:
    """A small feed at ``/NAME.xml`` (or ``path``) whose episodes' guids (and media) are
    ``NAME-1``, ``NAME-2``..."""
    items = [(f"{name}-{n}", f"{name} episode {n}") for n in range(episodes, 0, -1)]
    return server.add(path or f"{name}.xml", rss(name.title(), items), "application/rss+xml")


class Device:
    """One installation: a data folder, its engine, and helpers to act as a listener."""

    def __init__(
        self,
        root: Path,
        name: str,
        keyring: MemoryKeyring | None = None,
        client_factory: ClientFactory = default_client,
    ) -> None:
        self.name = name
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        self.store = Store(folder / "library.sqlite3")
        self.feeds: SyncService = inline_service(self.store)
        self.keyring = keyring if keyring is not None else MemoryKeyring()
        self.passwords = SyncPasswords(Credentials(self.keyring))
        self.engine = AccountSyncService(
            self.store, self.feeds, self.passwords, client_factory=client_factory
        )
        self.episodes = EpisodeRepo(self.store)

    def close(self) -> None:
        self.feeds.close()
        self.store.close()

    # -- the library ----------------------------------------------------------------------

    def feed_urls(self) -> set[str]:
        return {r[0] for r in self.store.query("SELECT url FROM podcasts")}

    def episode_id(self, guid: str) -> int:
        value = self.store.scalar("SELECT id FROM episodes WHERE guid = ?", (guid,))
        assert value is not None, f"{self.name} has no episode {guid}"
        return int(value)

    def state(self, guid: str) -> tuple[str, float]:
        """(state, position) of an episode."""
        row = self.store.query("SELECT state, position FROM episodes WHERE guid = ?", (guid,))
        assert row, f"{self.name} has no episode {guid}"
        return str(row[0][0]), float(row[0][1])

    def history(self, guid: str) -> list[tuple[float, float, str]]:
        """(from, to, source) of the episode's listening spans, oldest first."""
        rows = self.store.query(
            "SELECT from_pos, to_pos, source FROM play_events WHERE episode_id = ? "
            "ORDER BY started_at, id",
            (self.episode_id(guid),),
        )
        return [(float(r[0]), float(r[1]), str(r[2])) for r in rows]

    # -- the listener ---------------------------------------------------------------------

    def listen(self, guid: str, start: float, end: float, at: float | None = None) -> None:
        """Play ``guid`` from ``start`` to ``end`` seconds (finishing ``at``, default now), with
        position saves every 10 s as the player makes them."""
        finish = time.time() if at is None else at
        clock = [finish - (end - start)]
        log = ListeningLog(self.store, clock=lambda: clock[0])
        episode = self.episode_id(guid)
        log.begin(episode, start, 1.0)
        position = start
        while position < end:
            position = min(end, position + 10.0)
            log.save(episode, position, learning=True)
        log.close(end, learning=True)

    def mark_played(self, guid: str) -> None:
        self.episodes.mark_played([self.episode_id(guid)])
