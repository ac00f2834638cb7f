"""The Podcast Index key in the keyring (an in-memory backend: no Secret Service runs here)."""

from __future__ import annotations

import pytest

from player.services.credentials import (
    PODCASTINDEX_SECRET,
    SERVICE,
    Credentials,
    CredentialsError,
)
from tests.support.memory_keyring import MemoryKeyring


def test_store_read_and_forget(memory_keyring: MemoryKeyring) -> None:
    credentials = Credentials(memory_keyring)
    assert credentials.available() and credentials.status() == ""
    assert credentials.podcastindex() is None
    credentials.set_podcastindex(" KEY ", " SECRET ")
    assert memory_keyring.entries[(SERVICE, PODCASTINDEX_SECRET)] == "SECRET"
    stored = Credentials(memory_keyring).podcastindex()  # a fresh object reads the keyring
    assert stored is not None and (stored.key, stored.secret) == ("KEY", "SECRET")
    assert "SECRET" not in repr(stored)
    credentials.clear_podcastindex()
    assert credentials.podcastindex() is None
    assert memory_keyring.entries == {}
    credentials.clear_podcastindex()  # nothing stored: no error


def test_the_keyring_is_read_once(memory_keyring: MemoryKeyring) -> None:
    credentials = Credentials(memory_keyring)
    Credentials(memory_keyring).set_podcastindex("K", "S")
    assert credentials.podcastindex() is not None
    memory_keyring.entries.clear()  # changed behind its back (another program)
    assert credentials.podcastindex() is not None
    credentials.forget_cached()
    assert credentials.podcastindex() is None


def test_both_halves_are_needed(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(CredentialsError, match="both the API key and the API secret"):
        Credentials(memory_keyring).set_podcastindex("KEY", "  ")
    assert memory_keyring.entries == {}


def test_without_a_keyring_storing_says_why() -> None:
    from keyring.backends import fail

    with pytest.raises(CredentialsError, match="No keyring is available"):
        Credentials(fail.Keyring()).set_podcastindex("K", "S")
