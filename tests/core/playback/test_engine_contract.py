"""The contract every playback engine passes (Quod Libet style: a base class, one subclass per
engine). The libVLC engine runs for real on the dummy outputs; the null engine follows the clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from player.playback.engine import (
    Ended,
    Engine,
    Failed,
    LengthKnown,
    Paused,
    Started,
)
from player.playback.null_engine import NullEngine
from player.playback.vlc_engine import VlcEngine
from tests.support.media import MediaFactory
from tests.support.rig import Rig


class EngineContract:
    """Subclasses say how to make their engine; every test here runs against each engine."""

    bad_media_events = 1
    """At least this many events follow ``play()`` of an undecodable file."""

    def make_engine(self) -> Engine:
        raise NotImplementedError

    @pytest.fixture
    def rig(self) -> Iterator[Rig]:
        engine_rig = Rig.for_engine(self.make_engine())
        yield engine_rig
        engine_rig.close()

    def test_is_an_engine(self, rig: Rig) -> None:
        assert isinstance(rig.engine, Engine)

    def test_plays_and_the_position_advances(self, rig: Rig, media: MediaFactory) -> None:
        rig.start(str(media.tone()))
        length = rig.wait_for(LengthKnown)
        # libVLC's first length of an MP3 is an estimate from the bitrate; it is refined later.
        assert isinstance(length, LengthKnown) and 30 < length.duration < 70
        rig.wait(lambda: rig.engine.position() >= 0.5)
        assert 30 < (rig.engine.duration() or 0) < 70
        assert rig.threads == {threading.get_ident()}  # events arrive on the owner thread

    def test_starts_at_the_requested_time(self, rig: Rig, media: MediaFactory) -> None:
        rig.start(str(media.tone()), start=20.0)
        rig.wait(lambda: rig.engine.position() >= 20.3)
        assert rig.engine.position() < 21.5

    def test_seek_lands_within_250_ms(self, rig: Rig, media: MediaFactory) -> None:
        rig.start(str(media.tone()))
        rig.wait(lambda: rig.engine.position() >= 0.3)
        target = 40.0
        rig.engine.seek(target)
        sought = time.monotonic()
        rig.run_for(0.8)  # long enough for the decoder to report twice from the new place
        expected = target + (time.monotonic() - sought) * rig.engine.rate
        assert rig.engine.position() == pytest.approx(expected, abs=0.25)

    def test_rate_changes_how_fast_the_position_moves(self, rig: Rig, media: MediaFactory) -> None:
        rig.start(str(media.tone()))
        rig.engine.set_rate(2.0)
        assert rig.engine.rate == 2.0
        rig.run_for(0.4)
        before, t0 = rig.engine.position(), time.monotonic()
        rig.run_for(1.0)
        speed = (rig.engine.position() - before) / (time.monotonic() - t0)
        assert speed == pytest.approx(2.0, rel=0.2)

    def test_rate_is_clamped_to_the_offered_steps(self, rig: Rig) -> None:
        rig.engine.set_rate(7)
        assert rig.engine.rate == 3.0
        rig.engine.set_rate(1.26)
        assert rig.engine.rate == 1.3

    def test_pause_holds_the_position(self, rig: Rig, media: MediaFactory) -> None:
        rig.start(str(media.tone()))
        rig.wait(lambda: rig.engine.position() >= 0.5)
        rig.engine.pause()
        rig.wait_for(Paused)
        held = rig.engine.position()
        rig.run_for(0.4)
        assert rig.engine.position() == pytest.approx(held, abs=0.05)

    def test_volume_and_mute_are_kept_by_the_engine(self, rig: Rig, media: MediaFactory) -> None:
        rig.start(str(media.tone()))
        rig.engine.set_volume(42)
        rig.engine.set_muted(True)
        assert (rig.engine.volume, rig.engine.muted) == (42, True)
        rig.engine.set_volume(400)
        assert rig.engine.volume == 150

    def test_reports_the_end(self, rig: Rig, media: MediaFactory) -> None:
        rig.engine.set_rate(3.0)
        rig.start(str(media.tone(3.0)))
        rig.wait_for(Ended, timeout=5)
        assert rig.of(Failed) == []

    @pytest.mark.parametrize("kind", ["corrupt", "unsupported"])
    def test_undecodable_data_fails_with_a_reason(
        self, rig: Rig, media: MediaFactory, kind: str
    ) -> None:
        path = getattr(media, kind)()
        rig.engine.open(str(path))
        rig.engine.play()
        failed = rig.wait_for(Failed)
        assert isinstance(failed, Failed) and path.name in failed.reason
        assert "decoded" in failed.reason
        assert rig.of(Ended) == []

    def test_a_missing_file_fails(self, rig: Rig, tmp_path: object) -> None:
        rig.engine.open("/nonexistent/folder/episode.mp3")
        rig.engine.play()
        failed = rig.wait_for(Failed)
        assert isinstance(failed, Failed) and "episode.mp3" in failed.reason

    def test_the_engine_plays_again_after_a_failure(self, rig: Rig, media: MediaFactory) -> None:
        rig.engine.open(str(media.corrupt()))
        rig.engine.play()
        rig.wait_for(Failed)
        rig.events.clear()
        rig.start(str(media.tone()))
        rig.wait(lambda: rig.engine.position() >= 0.3)

    def test_events_of_replaced_media_never_arrive(self, rig: Rig, media: MediaFactory) -> None:
        held: list[Callable[[], None]] = []
        rig.engine.set_listener(rig.record, held.append)  # hold events instead of running them
        rig.engine.open(str(media.corrupt()))
        rig.engine.play()
        deadline = time.monotonic() + 5
        while len(held) < self.bad_media_events and time.monotonic() < deadline:
            time.sleep(0.01)  # the engine's thread is posting; nothing to run here meanwhile
        assert len(held) >= self.bad_media_events
        rig.engine.open(str(media.tone()))  # the corrupt file's failure is now stale
        for callback in held:
            callback()
        assert rig.events == []

    def test_stop_then_play_starts_again(self, rig: Rig, media: MediaFactory) -> None:
        rig.start(str(media.tone()), start=30.0)
        rig.engine.stop()
        rig.events.clear()
        rig.engine.play()
        rig.wait_for(Started)
        rig.wait(lambda: rig.engine.position() >= 0.2)
        assert rig.engine.position() < 5

    def test_audio_opens_no_video_output(self, rig: Rig, media: MediaFactory) -> None:
        rig.engine.set_video_surface(0x1234567)
        rig.start(str(media.video()), video=False)  # a video file played as an audio episode
        rig.wait(lambda: rig.engine.position() >= 0.5)
        assert rig.engine.has_video_output() is False


class TestVlcEngine(EngineContract):
    bad_media_events = 4  # playing, length 0 (twice), end reached

    def make_engine(self) -> Engine:
        return VlcEngine(aout="dummy", vout="dummy")


class TestNullEngine(EngineContract):
    def make_engine(self) -> Engine:
        return NullEngine()
