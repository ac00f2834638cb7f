"""Fixtures for the keyring tests: an in-memory keyring (no Secret Service runs here) and
keyring's own "fail" backend, which is what a system without a keyring gets."""

from __future__ import annotations

import pytest
from keyring.backends import fail

from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def no_keyring() -> fail.Keyring:
    return fail.Keyring()
