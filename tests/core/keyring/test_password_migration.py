"""Start-up moves the plaintext feed passwords of older versions into the keyring, empties
the column, and scrubs the pre-upgrade backups; without a keyring they stay and a warning says
so. Real SQLite files in a real data folder, opened the way the app and the commands open it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from keyring.backends import fail

from player.paths import DataPaths
from player.services.credentials import SERVICE, Credentials
from player.services.feed_passwords import FeedPasswords, secret_name
from player.services.password_migration import migrate_feed_passwords, open_library
from player.storage import PodcastRepo
from player.storage.legacy_passwords import backup_files
from tests.support.memory_keyring import MemoryKeyring
from tests.support.old_library import column_values, files_containing, old_library

FEEDS = {
    "https://private.example/a.xml": ("ann", "first-Secret-81723"),
    "https://private.example/b.xml": ("bob", "second-Secret-99121"),
}
NEEDLES = [password.encode() for _, password in FEEDS.values()]


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "data")
    old_library(paths.database, FEEDS)
    return paths


def test_passwords_move_into_the_keyring_and_leave_no_copy_on_disk(
    paths: DataPaths, memory_keyring: MemoryKeyring
) -> None:
    assert files_containing(paths.root, NEEDLES)  # the test can fail: they are there now
    store = open_library(paths, Credentials(memory_keyring))
    try:
        assert memory_keyring.entries == {
            (SERVICE, secret_name(url)): password for url, (_, password) in FEEDS.items()
        }
        assert all(p.password is None for p in PodcastRepo(store).list())
        assert column_values(paths.database) == [None, None]
        backups = backup_files(paths.database)
        assert len(backups) == 1  # the upgrade's own, written with the passwords in it
        assert column_values(backups[0]) == [None, None]
        passwords = FeedPasswords(Credentials(memory_keyring))
        for podcast in PodcastRepo(store).list():
            assert passwords.for_podcast(podcast) == FEEDS.get(podcast.url, ("", None))[1]
    finally:
        store.close()
    assert files_containing(paths.root, NEEDLES) == []


def test_without_a_keyring_the_values_stay_and_one_warning_says_so(
    paths: DataPaths, no_keyring: fail.Keyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    store = open_library(paths, Credentials(no_keyring))
    try:
        assert column_values(paths.database) == [p for _, p in FEEDS.values()]
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "2 feed password(s) stay in the library database" in warnings[0].getMessage()
        assert not any(n.decode() in caplog.text for n in NEEDLES)
        # Refreshes and downloads keep using them meanwhile.
        passwords = FeedPasswords(Credentials(no_keyring))
        by_url = {p.url: p for p in PodcastRepo(store).list()}
        assert (
            passwords.for_podcast(by_url["https://private.example/a.xml"])
            == FEEDS["https://private.example/a.xml"][1]
        )
        assert "first-Secret" not in repr(by_url["https://private.example/a.xml"])
    finally:
        store.close()

    # A keyring later (installed, unlocked): the next start moves them and scrubs the backup.
    keyring = MemoryKeyring()
    store = open_library(paths, Credentials(keyring))
    store.close()
    assert len(keyring.entries) == 2
    assert files_containing(paths.root, NEEDLES) == []


def test_a_keyring_that_refuses_keeps_the_column(
    paths: DataPaths, caplog: pytest.LogCaptureFixture
) -> None:
    class Refusing(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            from keyring.errors import PasswordSetError

            raise PasswordSetError("locked")

    store = open_library(paths, Credentials(Refusing()))
    try:
        assert column_values(paths.database) == [p for _, p in FEEDS.values()]
        assert "stay in the database for now" in caplog.text
    finally:
        store.close()


def test_nothing_to_move_asks_no_keyring(paths: DataPaths, memory_keyring: MemoryKeyring) -> None:
    open_library(paths, Credentials(memory_keyring)).close()

    class Untouchable(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise AssertionError("the keyring was asked although nothing was left to move")

    store = open_library(paths, Credentials(Untouchable()))
    try:
        assert migrate_feed_passwords(store, Credentials(Untouchable())).moved == 0
    finally:
        store.close()
