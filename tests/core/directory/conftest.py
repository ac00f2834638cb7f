"""Fixtures for the directory tests: the four fake directories and an HTTP client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from keyring.backend import KeyringBackend

from player.directory.search import new_client
from tests.support.directory_servers import FakeDirectories, directory_servers


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDirectories]:
    """The fakes, with the environment variables pointing every provider at them."""
    with directory_servers() as running:
        for name, value in running.env.items():
            monkeypatch.setenv(name, value)
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with new_client() as http:
        yield http


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict. No Secret Service runs on the test machines (and a test must not
    write to a developer's real keyring), so tests register this one explicitly."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not stored")


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()
