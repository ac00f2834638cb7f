"""Fixtures for the audio-analysis tests: generated speech at known loudness, a real store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from player.storage import Store
from tests.support.speech_audio import SpeechTrack, make_speech_track, missing_tools

MakeTrack = Callable[..., SpeechTrack]


@pytest.fixture(scope="session")
def speech_track(tmp_path_factory: pytest.TempPathFactory) -> MakeTrack:
    """``speech_track(target_lufs=-23, fmt="mp3", channels=1, rate=44100)``: made once per
    session and parameters (espeak-ng + ffmpeg)."""
    missing = missing_tools()
    if missing:
        pytest.fail(f"the audio tests need {', '.join(missing)} (apt install espeak-ng ffmpeg)")
    root = tmp_path_factory.mktemp("speech")

    def make(**kwargs: object) -> SpeechTrack:
        return make_speech_track(root, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()
