"""The window's engine starts libVLC on the first play and not before (player/qt/lazy_engine.py).

Before that play it answers as libVLC's engine does before its own first play (the position is
where the media will start, no length, no video, no events); the play builds the real engine
with everything set so far. The real engines are used: the null engine for the hand-over of
state, libVLC itself (dummy audio output) for a real first play.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from player.domain.audio_effects import AudioEffects
from player.playback.engine import EngineEvent, LengthKnown, Started
from player.playback.null_engine import NullEngine
from player.playback.vlc_engine import VlcEngine
from player.qt.lazy_engine import LazyEngine

DEMO = Path(__file__).resolve().parents[3] / "player" / "demo" / "episodes"


def _media() -> str:
    return next(p for p in sorted(DEMO.iterdir()) if p.suffix in (".mp3", ".ogg", ".opus")).as_uri()


class Built:
    """The factory: counts the engines it makes."""

    def __init__(self, make: Callable[[], NullEngine | VlcEngine]) -> None:
        self.make = make
        self.engines: list[NullEngine | VlcEngine] = []

    def __call__(self) -> NullEngine | VlcEngine:
        self.engines.append(self.make())
        return self.engines[-1]


def test_nothing_is_built_until_the_first_play_and_then_it_gets_every_setting() -> None:
    built = Built(lambda: NullEngine(probe=lambda _url: 600.0))
    events: list[EngineEvent] = []
    engine = LazyEngine(built, can_filter=lambda: True)
    engine.set_listener(events.append, lambda call: call())
    engine.open(_media(), start=42.0)
    engine.set_rate(1.5)
    engine.set_volume(70)
    engine.set_muted(True)
    engine.seek(90.0)
    engine.pause()
    assert engine.set_audio_effects(AudioEffects(gain_db=3.0)) is True
    assert built.engines == []
    assert (engine.position(), engine.duration(), engine.has_video_output()) == (90.0, None, False)
    assert (engine.rate, engine.volume, engine.muted) == (1.5, 70, True)
    assert events == []

    engine.play()
    assert len(built.engines) == 1
    real = built.engines[0]
    assert (real.rate, real.volume, real.muted) == (1.5, 70, True)
    assert real.audio_effects == AudioEffects(gain_db=3.0)
    assert [type(e) for e in events][:2] == [LengthKnown, Started]
    assert engine.position() >= 90.0 and engine.duration() == 600.0
    engine.pause()
    engine.play()
    assert len(built.engines) == 1  # one engine for the session
    engine.release()
    engine.play()
    assert len(built.engines) == 1


def test_without_media_or_after_release_nothing_is_built() -> None:
    built = Built(NullEngine)
    engine = LazyEngine(built, can_filter=lambda: False)
    engine.play()
    assert engine.set_audio_effects(AudioEffects(gain_db=3.0)) is False
    engine.stop()
    engine.release()
    engine.open(_media())
    engine.play()
    assert built.engines == []


def test_the_first_play_starts_libvlc_and_plays() -> None:
    built = Built(lambda: VlcEngine(aout="dummy"))
    events: list[EngineEvent] = []
    engine = LazyEngine(built, can_filter=lambda: True)
    engine.set_listener(events.append, lambda call: call())
    engine.open(_media(), start=1.0)
    assert built.engines == []
    engine.play()
    deadline = time.monotonic() + 10
    while not any(isinstance(e, Started) for e in events) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(isinstance(e, Started) for e in events)
    assert len(built.engines) == 1 and engine.real is built.engines[0]
    engine.release()
