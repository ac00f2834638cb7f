"""Generated media for the clip tests (built once per session, as the playback tests do)."""

from __future__ import annotations

import pytest

from tests.support.media import MediaFactory, missing_tools


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> MediaFactory:
    """Test media, each file built on first use."""
    missing = missing_tools()
    assert not missing, f"test media needs {missing} on PATH (see CONTRIBUTING.md)"
    return MediaFactory(tmp_path_factory.mktemp("media"))
