"""Video episodes draw into the surface the UI gives; audio episodes never open a video output.

Offscreen there is no real window to draw into, so libVLC runs with ``--vout=dummy``: the dummy
output still counts as an open video output, which is what these tests look at.
"""

from __future__ import annotations

from player.services.playback_state import PlayerState
from player.storage import Store
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.player import PlayerRig

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


def test_a_video_episode_plays_into_the_surface(
    store: Store, rig: PlayerRig, media: MediaFactory
) -> None:
    video, _audio = _episodes(store, media)
    rig.player.set_video_surface(SURFACE)
    rig.player.load(video)
    rig.wait_position(0.5)
    assert rig.engine.has_video_output()


def test_an_audio_episode_never_opens_video(
    store: Store, rig: PlayerRig, media: MediaFactory
) -> None:
    _video, audio = _episodes(store, media)
    rig.player.set_video_surface(SURFACE)
    rig.player.load(audio)
    rig.wait_position(0.5)
    assert not rig.engine.has_video_output()


def test_without_a_surface_video_plays_as_audio(
    store: Store, rig: PlayerRig, media: MediaFactory
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
