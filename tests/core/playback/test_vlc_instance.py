"""libVLC start-up: one instance per process, clear errors when it is missing or misconfigured."""

from __future__ import annotations

import subprocess
import sys

import pytest

from player.domain.errors import PlaybackError
from player.playback.vlc_engine import VlcEngine, instance_options, shared_instance
from tests.conftest import ROOT


def test_one_instance_is_shared_by_every_engine(vlc_engine: VlcEngine) -> None:
    assert shared_instance() is shared_instance("dummy", "dummy")
    other = VlcEngine()
    try:
        assert other._instance is vlc_engine._instance
    finally:
        other.release()


def test_asking_for_other_outputs_later_is_refused(vlc_engine: VlcEngine) -> None:
    with pytest.raises(PlaybackError, match="already running"):
        shared_instance("pulse")


def test_the_app_options_keep_pitch_and_hide_titles() -> None:
    options = instance_options("dummy")
    assert "--audio-time-stretch" in options and "--no-video-title-show" in options
    assert options[-1] == "--aout=dummy"


def test_a_missing_libvlc_is_one_actionable_sentence() -> None:
    code = (
        "import sys; sys.modules['vlc'] = None\n"  # what an absent python-vlc/libVLC looks like
        "from player.playback.vlc_engine import VlcEngine\n"
        "from player.domain.errors import PlaybackError\n"
        "try:\n    VlcEngine(aout='dummy')\n"
        "except PlaybackError as exc:\n    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    message = result.stdout.strip()
    assert message.startswith("Playback needs libVLC, which could not be loaded")
    assert "apt-get install" in message
