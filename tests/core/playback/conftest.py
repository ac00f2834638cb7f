"""Fixtures for playback tests: generated media (once per session), a real SQLite file, the
libVLC engine on the dummy outputs, and a player rig that drives the service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from player.playback.vlc_engine import VlcEngine
from player.storage import Store
from tests.support.media import MediaFactory, missing_tools
from tests.support.rig import Rig


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> MediaFactory:
    """Test media, each file built on first use and shared by the whole session."""
    missing = missing_tools()
    assert not missing, f"test media needs {missing} on PATH (see CONTRIBUTING.md)"
    return MediaFactory(tmp_path_factory.mktemp("media"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A real library database file."""
    db = Store(tmp_path / "library.sqlite3")
    yield db
    db.close()


@pytest.fixture
def vlc_engine() -> Iterator[VlcEngine]:
    """The real libVLC engine, silent (``--aout=dummy --vout=dummy``)."""
    engine = VlcEngine(aout="dummy", vout="dummy")
    yield engine
    engine.release()


@pytest.fixture
def rig(store: Store, vlc_engine: VlcEngine, tmp_path: Path) -> Iterator[Rig]:
    """The player service on the real engine, with chapter fetches done inline."""
    player_rig = Rig.for_player(
        store, vlc_engine, image_dir=tmp_path / "images", background=lambda work: work()
    )
    yield player_rig
    player_rig.close()
