"""Video episodes draw into the surface the UI gives; audio episodes never open a video output.

Most tests run offscreen with libVLC's ``--vout=dummy`` (the dummy output still counts as an
open video output, which is what they look at); one draws into a real X11 window on Xvfb.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from player.services.playback_state import PlayerState
from player.storage import Store
from tests.conftest import ROOT
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.rig import Rig
from tests.support.x11_window import xvfb

SURFACE = 0x2A00007  # an X11 window id as Qt's winId() gives it


def _episodes(store: Store, media: MediaFactory) -> tuple[int, int]:
    video, audio = add_podcast(
        store,
        [
            item("video", media.video(), enclosure_type="video/mp4"),
            # The same file announced as audio: its picture must stay unseen.
            item("audio", media.video(), enclosure_type="audio/mp4"),
        ],
    )
    return video, audio


@pytest.mark.parametrize(("kind", "shown"), [("video", True), ("audio", False)])
def test_only_video_episodes_open_a_video_output(
    store: Store, rig: Rig, media: MediaFactory, kind: str, shown: bool
) -> None:
    video, audio = _episodes(store, media)
    rig.player.set_video_surface(SURFACE)
    rig.player.load(video if kind == "video" else audio)
    rig.wait_position(0.5)
    assert rig.engine.has_video_output() is shown


def test_without_a_surface_video_plays_as_audio(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    video, _audio = _episodes(store, media)
    rig.player.load(video)
    rig.wait_position(0.5)
    assert not rig.engine.has_video_output()
    # The UI shows its video pane: playback reopens there at the same place.
    rig.player.set_video_surface(SURFACE)
    rig.wait_state(PlayerState.PLAYING)
    rig.wait(rig.engine.has_video_output, what="a video output")
    assert rig.player.position >= 0.4


@pytest.mark.slow
def test_video_draws_into_a_real_window_and_audio_does_not(media: MediaFactory) -> None:
    with xvfb() as display:
        env = dict(os.environ, DISPLAY=display)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        result = subprocess.run(
            [sys.executable, "-m", "tests.support.x11_window", str(media.video())],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [
        {"episode": "video", "played": True, "video_output": True},
        {"episode": "audio", "played": True, "video_output": False},
    ]
