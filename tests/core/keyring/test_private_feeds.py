"""Private feeds (HTTP Basic) refreshed from a real server on 127.0.0.1 with the password
from the keyring, from this session's memory, or, while no keyring exists, from the plaintext
column an older version left; and the password follows a feed whose address changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from player.paths import DataPaths
from player.services.account_sync import AccountSyncService
from player.services.credentials import SERVICE, Credentials
from player.services.feed_passwords import FeedPasswords, secret_name
from player.services.password_migration import open_library
from player.services.sync import SyncService, inline_service
from player.services.sync_passwords import SyncPasswords
from player.storage import PodcastRepo, Store
from player.syncapi.model import ActionsSince, SubscriptionChanges, SyncAccount, UploadResult
from tests.support.http_server import LoopbackServer, Reply, basic_auth, rss
from tests.support.memory_keyring import MemoryKeyring
from tests.support.old_library import column_values, old_library

FEED = rss("Private", [("p2", "Two"), ("p1", "One")])
PASSWORD = "feed-Pass-5521"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def _private(store: Store, url: str) -> int:
    repo = PodcastRepo(store)
    podcast_id = repo.add(url)
    repo.update(podcast_id, username="ann")
    return podcast_id


def _refresh(store: Store, passwords: FeedPasswords) -> tuple[int, int]:
    service = inline_service(store, passwords=passwords)
    try:
        summary = service.refresh()
    finally:
        service.close()
    return summary.updated, summary.failed


def test_the_keyring_password_opens_the_feed(
    server: LoopbackServer, memory_store: Store, memory_keyring: MemoryKeyring
) -> None:
    url = server.route("/private.xml", basic_auth("ann", PASSWORD, Reply(200, FEED)))
    _private(memory_store, url)
    passwords = FeedPasswords(Credentials(memory_keyring))
    assert _refresh(memory_store, passwords) == (0, 1)  # no password yet: refused
    assert passwords.set_password(url, PASSWORD)
    assert memory_keyring.entries == {(SERVICE, f"feed:{url}"): PASSWORD}
    assert _refresh(memory_store, passwords) == (1, 0)
    assert len(PodcastRepo(memory_store).list()[0].title) > 0


def test_a_session_password_without_a_keyring(
    server: LoopbackServer, memory_store: Store, no_keyring: fail.Keyring
) -> None:
    url = server.route("/private.xml", basic_auth("ann", PASSWORD, Reply(200, FEED)))
    _private(memory_store, url)
    passwords = FeedPasswords(Credentials(no_keyring))
    assert not passwords.set_password(url, PASSWORD)  # kept, but for this session only
    assert _refresh(memory_store, passwords) == (1, 0)
    assert _refresh(memory_store, FeedPasswords(Credentials(no_keyring))) == (0, 1)  # next run


def test_a_301_takes_the_password_along(
    server: LoopbackServer, memory_store: Store, memory_keyring: MemoryKeyring
) -> None:
    new = server.route("/new.xml", basic_auth("ann", PASSWORD, Reply(200, FEED)))
    old = server.route("/old.xml", Reply(301, headers={"Location": "/new.xml"}))
    podcast_id = _private(memory_store, old)
    passwords = FeedPasswords(Credentials(memory_keyring))
    passwords.set_password(old, PASSWORD)
    assert _refresh(memory_store, passwords) == (1, 0)
    assert PodcastRepo(memory_store).get(podcast_id).url == new
    assert memory_keyring.entries == {(SERVICE, secret_name(new)): PASSWORD}
    server.route("/new.xml", basic_auth("ann", PASSWORD, Reply(200, rss("P", [("p3", "3")]))))
    assert _refresh(memory_store, FeedPasswords(Credentials(memory_keyring))) == (1, 0)


def test_without_a_keyring_the_old_plaintext_password_still_works(
    server: LoopbackServer, tmp_path: Path, no_keyring: fail.Keyring
) -> None:
    url = server.route("/private.xml", basic_auth("ann", PASSWORD, Reply(200, FEED)))
    paths = DataPaths(tmp_path / "data")
    old_library(paths.database, {url: ("ann", PASSWORD)}, neighbours=0)
    store = open_library(paths, Credentials(no_keyring))
    try:
        assert column_values(paths.database) == [PASSWORD]  # not moved: nowhere to move it
        assert _refresh(store, FeedPasswords(Credentials(no_keyring))) == (1, 0)
    finally:
        store.close()


class RenamingServer:
    """A sync client whose server answers every subscription upload with ``update_urls``
    (as gpodder.net does when it normalises an address). Knows nothing of the player."""

    max_upload = 100

    def __init__(self, renames: dict[str, str]) -> None:
        self.renames = renames

    def __call__(self, account: SyncAccount, password: str) -> RenamingServer:
        return self

    def login(self) -> None:
        pass

    def subscriptions_since(self, since: int) -> SubscriptionChanges:
        return SubscriptionChanges(add=(), remove=(), timestamp=100)

    def upload_subscriptions(self, add: object, remove: object) -> UploadResult:
        return UploadResult(timestamp=101, update_urls=dict(self.renames))

    def upload_actions(self, actions: object) -> UploadResult:
        return UploadResult(timestamp=102)

    def actions_since(self, since: int) -> ActionsSince:
        return ActionsSince(actions=(), timestamp=103)

    def close(self) -> None:
        pass


def test_a_feed_the_sync_server_renames_keeps_its_password(
    server: LoopbackServer, memory_store: Store, memory_keyring: MemoryKeyring
) -> None:
    old = server.url("/private.xml?utm=1")
    new = server.route("/private.xml", basic_auth("ann", PASSWORD, Reply(200, FEED)))
    podcast_id = _private(memory_store, old)
    credentials = Credentials(memory_keyring)
    passwords = FeedPasswords(credentials)
    passwords.set_password(old, PASSWORD)
    feeds: SyncService = inline_service(memory_store, passwords=passwords)
    try:
        engine = AccountSyncService(
            memory_store,
            feeds,
            SyncPasswords(credentials),
            client_factory=RenamingServer({old: new}),
        )
        engine.login("gpodder", "https://sync.example", "ann", "sync-Pass-1", device="desk")
        report = engine.sync()
        assert report.errors == []
    finally:
        feeds.close()
    assert PodcastRepo(memory_store).get(podcast_id).url == new
    assert passwords.password(new) == PASSWORD and passwords.password(old) is None
    assert _refresh(memory_store, FeedPasswords(credentials)) == (1, 0)
