"""THE no-leak test: with a sync account logged in and private feeds (one password left in
plain text by an older version, one typed now), after a refresh, a migration and a backup, no
password is anywhere in the data folder: the database, its -wal and -shm, every backup, the log
file written at DEBUG. Their Basic-auth encodings are looked for too (a logged header)."""

from __future__ import annotations

import base64
import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from player.logging_setup import OWN_HANDLER, configure_logging
from player.paths import DataPaths
from player.services.account_sync import AccountSyncService
from player.services.credentials import Credentials
from player.services.feed_passwords import FeedPasswords
from player.services.library import LibraryService
from player.services.password_migration import migrate_feed_passwords, open_library
from player.services.sync import inline_service
from player.services.sync_passwords import SyncPasswords
from player.storage import PodcastRepo
from player.storage.db import backup_file
from player.storage.legacy_passwords import backup_files
from player.storage.schema import LATEST_VERSION
from player.syncapi.model import SyncAccount
from tests.support.http_server import LoopbackServer, Reply, basic_auth, rss
from tests.support.memory_keyring import MemoryKeyring
from tests.support.old_library import files_containing, old_library

OLD_FEED_PASSWORD = "legacy-Feed-Pw-7731"
NEW_FEED_PASSWORD = "typed-Feed-Pw-4410"
SYNC_PASSWORD = "sync-Account-Pw-2290"


class AcceptingServer:
    """A sync server that accepts the login (the real-server tests are elsewhere)."""

    def __init__(self) -> None:
        self.passwords: list[str] = []

    def __call__(self, account: SyncAccount, password: str) -> AcceptingServer:
        self.passwords.append(password)
        return self

    def login(self) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[DataPaths]:
    """The real file logging at DEBUG into the test's data folder, removed afterwards."""
    paths = DataPaths(tmp_path / "data")
    root = logging.getLogger()
    level = root.level
    configure_logging(paths.logs, verbose=True)
    try:
        yield paths
    finally:
        for handler in [h for h in root.handlers if h.name == OWN_HANDLER]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


def _needles(*passwords: str) -> list[bytes]:
    found = []
    for password in passwords:
        found.append(password.encode())
        found.append(password.encode("utf-16-le"))
        for user in ("ann", "bob"):
            found.append(base64.b64encode(f"{user}:{password}".encode()))
    return found


@pytest.mark.parametrize("keyring", ["memory", "none"])
def test_no_password_reaches_the_database_the_backups_or_the_log(
    keyring: str, debug_log: DataPaths
) -> None:
    paths = debug_log
    backend = MemoryKeyring() if keyring == "memory" else fail.Keyring()
    credentials = Credentials(backend)
    with LoopbackServer() as server:
        old_url = server.route(
            "/old.xml", basic_auth("ann", OLD_FEED_PASSWORD, Reply(200, rss("Old", [("o1", "O")])))
        )
        new_url = server.route(
            "/new.xml", basic_auth("bob", NEW_FEED_PASSWORD, Reply(200, rss("New", [("n1", "N")])))
        )
        # An older version's library; without a keyring its plaintext password stays (by
        # design, it is on disk already), so that run starts without one.
        old_library(
            paths.database, {old_url: ("ann", OLD_FEED_PASSWORD)} if keyring == "memory" else {}
        )
        store = open_library(paths, credentials)  # upgrade (writes a backup), migration
        passwords = FeedPasswords(credentials)
        feeds = inline_service(store, passwords=passwords)
        try:
            sync_server = AcceptingServer()
            engine = AccountSyncService(
                store, feeds, SyncPasswords(credentials), client_factory=sync_server
            )
            status = engine.login(
                "gpodder", "https://sync.example", "ann", SYNC_PASSWORD, device="desk"
            )
            assert status.logged_in and sync_server.passwords == [SYNC_PASSWORD]
            # A new private feed, its password typed in Podcast Settings.
            library = LibraryService(store)
            podcast_id = PodcastRepo(store).add(new_url)
            library.update_podcast(podcast_id, username="bob")
            library.set_feed_password(
                PodcastRepo(store).get(podcast_id), NEW_FEED_PASSWORD, passwords
            )
            private = [p.id for p in PodcastRepo(store).list() if p.username]
            summary = feeds.refresh(private)
            assert (summary.updated, summary.failed) == (2 if keyring == "memory" else 1, 0)
            # A later upgrade's backup, and the start-up migration once more.
            with contextlib.closing(sqlite3.connect(paths.database)) as conn:
                backup_file(conn, paths.database, LATEST_VERSION)
            migrate_feed_passwords(store, credentials)
            logging.getLogger("test").debug("all steps done")
        finally:
            feeds.close()
            store.close()
    log_file = paths.logs / "podcast-player.log"
    assert "all steps done" in log_file.read_text()  # the log is the one written to
    assert len(backup_files(paths.database)) == 2
    assert {p.name for p in paths.root.iterdir()} >= {"library.sqlite3", "logs"}
    secrets = [NEW_FEED_PASSWORD, SYNC_PASSWORD]
    if keyring == "memory":
        secrets.append(OLD_FEED_PASSWORD)
        assert set(backend.entries.values()) == set(secrets)
    assert files_containing(paths.root, _needles(*secrets)) == []
