"""Fixtures for the statistics tests: generated media, once per session."""

from __future__ import annotations

import pytest

from tests.support.media import MediaFactory, missing_tools


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> MediaFactory:
    """Test media, each file built on first use and shared by the session's tests."""
    missing = missing_tools()
    assert not missing, f"test media needs {missing} on PATH (see CONTRIBUTING.md)"
    return MediaFactory(tmp_path_factory.mktemp("media"))
