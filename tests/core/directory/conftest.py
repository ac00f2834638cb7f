"""Fixtures for the directory tests: the four fake directories and an HTTP client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from player.directory.search import new_client
from tests.support.directory_servers import FakeDirectories, directory_servers
from tests.support.memory_keyring import MemoryKeyring


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


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()
