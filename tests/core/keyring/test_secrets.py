"""The generic secret API of Credentials, and the session fallback shared by sync and feed
passwords: on an in-memory keyring and on keyring's "fail" backend (no keyring at all)."""

from __future__ import annotations

import pytest
from keyring.backends import fail

from player.services.credentials import NO_KEYRING, SERVICE, Credentials, CredentialsError
from player.services.feed_passwords import FeedPasswords, secret_name
from player.services.session_secrets import SessionSecrets
from player.services.sync_passwords import SyncPasswords
from player.syncapi.model import SyncAccount
from tests.support.memory_keyring import MemoryKeyring

ACCOUNT = SyncAccount(kind="gpodder", server="https://sync.example", username="ann", device="d")


def test_secrets_are_stored_read_moved_and_deleted(memory_keyring: MemoryKeyring) -> None:
    credentials = Credentials(memory_keyring)
    assert credentials.secret("a") is None
    credentials.set_secret("a", "value-1")
    assert memory_keyring.entries == {(SERVICE, "a"): "value-1"}
    assert Credentials(memory_keyring).secret("a") == "value-1"  # not a cache: the keyring
    assert credentials.move_secret("a", "b")
    assert memory_keyring.entries == {(SERVICE, "b"): "value-1"}
    assert not credentials.move_secret("a", "c")  # nothing to move
    credentials.delete_secret("b")
    credentials.delete_secret("b")  # already gone: fine
    assert memory_keyring.entries == {}


def test_the_podcast_index_key_is_two_secrets(memory_keyring: MemoryKeyring) -> None:
    credentials = Credentials(memory_keyring)
    credentials.set_podcastindex("KEY", "SECRET")
    assert {name for _, name in memory_keyring.entries} == {
        "podcastindex.key",
        "podcastindex.secret",
    }
    credentials.delete_secret("podcastindex.secret")
    credentials.forget_cached()
    assert credentials.podcastindex() is None  # half a key is no key


def test_without_a_keyring_nothing_is_stored_and_storing_says_why(
    no_keyring: fail.Keyring,
) -> None:
    credentials = Credentials(no_keyring)
    assert not credentials.available() and credentials.status() == NO_KEYRING
    assert credentials.secret("a") is None
    with pytest.raises(CredentialsError) as raised:
        credentials.set_secret("a", "value-1")
    assert str(raised.value) == NO_KEYRING
    assert "value-1" not in repr(raised.value)
    credentials.delete_secret("a")  # nothing to forget: no error
    assert not credentials.move_secret("a", "b")


class RefusingKeyring(MemoryKeyring):
    """A keyring that is there but refuses writes (locked, or the user said no)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        from keyring.errors import PasswordSetError

        raise PasswordSetError("locked")


def test_a_refusing_keyring_is_one_sentence_without_the_value() -> None:
    with pytest.raises(CredentialsError, match="refused to store a credential") as raised:
        Credentials(RefusingKeyring()).set_secret("a", "value-1")
    assert "value-1" not in str(raised.value)
    secrets = SessionSecrets(Credentials(RefusingKeyring()))
    assert not secrets.put("a", "value-1")  # kept for the session instead
    assert secrets.get("a") == "value-1"


def test_session_secrets_without_a_keyring_live_in_memory_only(no_keyring: fail.Keyring) -> None:
    secrets = SessionSecrets(Credentials(no_keyring))
    assert not secrets.persistent
    assert not secrets.put("a", "value-1")
    assert secrets.get("a") == "value-1"
    assert secrets.move("a", "b") and secrets.get("b") == "value-1" and secrets.get("a") is None
    assert "value-1" not in repr(secrets)
    secrets.delete("b")
    assert secrets.get("b") is None
    assert SessionSecrets(Credentials(no_keyring)).get("a") is None  # a new session: gone


def test_sync_passwords_keyring_and_session(
    memory_keyring: MemoryKeyring, no_keyring: fail.Keyring
) -> None:
    kept = SyncPasswords(Credentials(memory_keyring))
    kept.set_sync_password(ACCOUNT, "pw-1")
    assert kept.persistent
    assert SyncPasswords(Credentials(memory_keyring)).sync_password(ACCOUNT) == "pw-1"
    kept.clear_sync_password(ACCOUNT)
    assert memory_keyring.entries == {}

    session = SyncPasswords(Credentials(no_keyring))
    assert not session.persistent
    session.remember_for_session(ACCOUNT, "pw-2")
    assert session.sync_password(ACCOUNT) == "pw-2"
    assert "pw-2" not in repr(session)
    session.clear_sync_password(ACCOUNT)
    assert session.sync_password(ACCOUNT) is None


def test_feed_passwords_follow_a_moved_feed(memory_keyring: MemoryKeyring) -> None:
    passwords = FeedPasswords(Credentials(memory_keyring))
    assert passwords.set_password("https://a.example/feed", "pw-1")
    passwords.moved("https://a.example/feed", "https://b.example/feed")
    assert memory_keyring.entries == {(SERVICE, secret_name("https://b.example/feed")): "pw-1"}
    assert passwords.password("https://b.example/feed") == "pw-1"
    assert passwords.set_password("https://b.example/feed", "")  # empty: forgotten
    assert memory_keyring.entries == {}
