"""Smart audio in the player: the rules (gain, choices, which silence is due when), the alarm,
the seconds saved per listening span in the store, and skip intro/outro on the real libVLC
engine. What the listener hears is checked in ``test_played_output.py``."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from player.domain.audio import AudioAnalysis
from player.domain.audio_effects import (
    AudioEffects,
    SmartAudio,
    TimeSaved,
    loudness_gain,
    resolve,
)
from player.domain.settings import DEFAULTS
from player.playback.vlc_audio import audio_hook
from player.playback.vlc_engine import VlcEngine
from player.services.event_loop import EventLoop
from player.services.listening import ListeningLog
from player.services.playback_state import EpisodeFinished, PlayerState, SmartAudioChanged
from player.services.smart_audio import Alarm, SmartAudioPlan
from player.storage import EpisodeRepo, HistoryRepo, PodcastRepo, Store
from player.storage.audio_analysis import AudioAnalysisRepo
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.rig import Rig


def _analysis(silences: tuple[tuple[float, float], ...], duration: float = 30.0) -> AudioAnalysis:
    return AudioAnalysis(
        analyser="test",
        source="download",
        duration=duration,
        loudness_lufs=-24.0,
        true_peak_dbtp=-12.0,
        speech_level=-24.0,
        speech_seconds=duration / 2,
        silences=silences,
        analysed_upto=duration,
    )


# -- rules -----------------------------------------------------------------------------------


def test_the_gain_reaches_the_target_unless_the_peaks_would_pass_minus_one_dbtp() -> None:
    assert loudness_gain(-30.0, -16.0, -16.0) == pytest.approx(14.0)
    assert loudness_gain(-30.0, -12.0, -16.0) == pytest.approx(11.0)  # capped by the peak
    assert loudness_gain(-10.0, -1.0, -16.0) == pytest.approx(-6.0)  # turning down: no cap
    assert loudness_gain(None, None, -16.0) == 0.0  # all silence: nothing to even out
    assert loudness_gain(-80.0, -70.0, -16.0) == pytest.approx(24.0)  # a sane limit


def test_effects_name_the_libvlc_filters_they_need() -> None:
    assert AudioEffects().filter_chain == "" and not AudioEffects().active
    assert AudioEffects(gain_db=6.0).filter_chain == "gain"
    assert AudioEffects(gain_db=6.0).gain_factor == pytest.approx(1.995, abs=1e-3)
    assert AudioEffects(voice_boost=True).filter_chain == "compressor"
    assert AudioEffects(gain_db=-3.0, voice_boost=True).filter_chain == "gain:compressor"


def test_a_podcasts_choice_wins_over_the_global_setting() -> None:
    settings = dict(DEFAULTS, **{"audio.trim_silence": "mild", "audio.normalize": True})
    default = resolve(None, None, None, 0, 0, settings)
    assert default == SmartAudio(trim_silence="mild", normalize=True, loudness_target=-16.0)
    own = resolve("strong", False, True, 12.0, 30.0, settings)
    assert own == SmartAudio("strong", False, True, 12.0, 30.0, -16.0)
    assert resolve(None, None, None, 0, 0, DEFAULTS) == SmartAudio()  # all off by default


def test_podcast_smart_audio_fields_are_stored(tmp_path: Path) -> None:
    store = Store(tmp_path / "library.sqlite3")
    try:
        podcasts = PodcastRepo(store)
        podcast_id = podcasts.add("https://example.org/feed.xml", title="Show")
        fresh = podcasts.get(podcast_id)
        assert (fresh.trim_silence, fresh.normalize_loudness, fresh.voice_boost) == (None,) * 3
        podcasts.update(
            podcast_id,
            trim_silence="medium",
            normalize_loudness=True,
            voice_boost=False,
            skip_intro=15.5,
            skip_outro=20.0,
        )
        got = podcasts.get(podcast_id)
        assert got.trim_silence == "medium"
        assert got.normalize_loudness is True and got.voice_boost is False
        assert (got.skip_intro, got.skip_outro) == (15.5, 20.0)
    finally:
        store.close()


# -- which silence is due when ---------------------------------------------------------------


def _plan(level: str = "medium", **choices: float) -> SmartAudioPlan:
    silences = ((0.0, 0.6), (5.0, 6.0), (10.0, 10.3), (20.0, 22.5), (28.5, 30.0))
    smart = SmartAudio(trim_silence=level, **choices)
    return SmartAudioPlan(smart, _analysis(silences), 30.0)


def test_a_silence_is_due_once_its_skip_range_begins_and_jumps_to_its_end() -> None:
    plan = _plan()
    start, end = plan.skips[1]  # (5.0, 6.0) less the kept 0.2 s: 5.1 .. 5.9
    assert (start, end) == pytest.approx((5.1, 5.9))
    assert plan.due(4.0) is None
    assert plan.wait(4.0) == pytest.approx(1.1)
    due = plan.due(5.2)
    assert due is not None and not due.finish
    assert (due.target, due.seconds) == pytest.approx((5.9, 0.7))
    # The short silence at 10 s is under medium's minimum: nothing there.
    assert plan.due(10.1) is None
    assert plan.wait(6.0) == pytest.approx(plan.skips[2][0] - 6.0)


def test_a_jump_is_not_repeated_when_libvlc_still_reports_the_old_position() -> None:
    plan = _plan()
    plan.floor = 5.9  # jumped there
    assert plan.due(5.3) is None


def test_a_silence_running_to_the_end_finishes_the_episode_instead_of_seeking() -> None:
    plan = _plan()
    due = plan.due(plan.skips[-1][0] + 0.01)
    assert due is not None and due.finish and due.kind == "silence"
    assert due.target == 30.0


def test_opening_at_the_start_skips_the_intro_and_a_leading_silence() -> None:
    assert _plan().start_at(0.0)[0] == pytest.approx(0.5)  # 0.6 s of silence less 0.1 kept
    start, intro, silence = _plan(skip_intro=8.0).start_at(0.0)
    assert (start, intro, silence) == (8.0, 8.0, 0.0)
    start, intro, _silence = _plan(skip_intro=8.0).start_at(12.0)  # resuming: no intro skip
    assert (start, intro) == (12.0, 0.0)


def test_the_outro_finishes_the_episode_early() -> None:
    plan = _plan("off", skip_outro=5.0)
    assert plan.active and plan.due(24.0) is None
    assert plan.wait(24.0) == pytest.approx(1.0)
    due = plan.due(25.0)
    assert due is not None and due.finish and due.kind == "skips"
    assert due.seconds == pytest.approx(5.0)


def test_nothing_is_planned_without_an_analysis_or_with_trim_off() -> None:
    assert SmartAudioPlan(SmartAudio("strong", True), None, 30.0).skips == []
    assert SmartAudioPlan(SmartAudio("strong", True), None, 30.0).effects == AudioEffects()
    assert not _plan("off").active


# -- the alarm -------------------------------------------------------------------------------


def test_the_alarm_runs_its_call_on_the_owner_thread_at_the_time() -> None:
    loop = EventLoop()
    alarm = Alarm(loop.post)
    fired: list[tuple[float, int]] = []
    began = time.monotonic()
    alarm.set(0.2, lambda: fired.append((time.monotonic() - began, threading.get_ident())))
    assert loop.run_until(lambda: bool(fired), 2.0)
    assert 0.18 <= fired[0][0] < 0.5
    assert fired[0][1] == threading.get_ident()
    alarm.set(0.1, lambda: fired.append((0.0, 0)))
    alarm.cancel()
    loop.run_for(0.3)
    assert len(fired) == 1  # the cancelled call never ran
    alarm.close()


# -- seconds saved per span ------------------------------------------------------------------


def test_a_span_stores_what_speed_trims_and_skips_saved(
    tmp_path: Path, media: MediaFactory
) -> None:
    store = Store(tmp_path / "library.sqlite3")
    try:
        (episode_id,) = add_podcast(store, [item("a", media.tone(5))])
        clock = iter(range(1000, 2000)).__next__
        log = ListeningLog(store, clock=lambda: float(clock()))
        log.skipped(skips=10.0)  # the intro, before audio starts
        log.begin(episode_id, 10.0, 2.0)
        log.skipped(silence=4.0)  # a trimmed silence inside the span
        log.save(episode_id, 30.0, learning=True)
        (event,) = HistoryRepo(store).list(episode_id)
        # 20 s of range, 4 s of it jumped: 16 s played at 2x took 8 s, saving 8 s.
        assert (event.saved_speed, event.saved_silence, event.saved_skips) == (8.0, 4.0, 10.0)
        log.skipped(silence=1.0)
        log.finish(episode_id, 40.0, learning=True)
        (event,) = HistoryRepo(store).list(episode_id)
        assert event.to_pos == 40.0
        assert (event.saved_speed, event.saved_silence) == (12.5, 5.0)  # 25 s played at 2x
        assert log.time_saved() == TimeSaved(12.5, 5.0, 10.0)
        assert HistoryRepo(store).time_saved() == (12.5, 5.0, 10.0)
    finally:
        store.close()


# -- on the real engine ----------------------------------------------------------------------


def test_libvlc_takes_the_filters_on_its_audio_output(vlc_engine: VlcEngine) -> None:
    assert audio_hook(vlc_engine._player) is not None
    assert vlc_engine.set_audio_effects(AudioEffects(gain_db=-6.0, voice_boost=True))
    assert vlc_engine.audio_effects == AudioEffects(gain_db=-6.0, voice_boost=True)
    assert vlc_engine.set_audio_effects(AudioEffects())


def test_skip_intro_and_outro_play_only_the_middle_and_count_it(
    store: Store, media: MediaFactory, rig: Rig
) -> None:
    (episode_id,) = add_podcast(store, [item("tone", media.tone(12))])
    podcast_id = EpisodeRepo(store).get(episode_id).podcast_id
    PodcastRepo(store).update(podcast_id, skip_intro=3.0, skip_outro=4.0)
    player = rig.player
    player.load(episode_id, autoplay=False)
    player.set_rate(2.0)
    player.play()
    rig.wait_for(EpisodeFinished, timeout=15)
    rig.wait_state(PlayerState.STOPPED)
    assert EpisodeRepo(store).get(episode_id).state.value == "played"
    (event,) = HistoryRepo(store).list(episode_id)
    assert event.from_pos == pytest.approx(3.0, abs=0.3)
    assert event.to_pos == pytest.approx(8.0, abs=0.4)  # finished where the outro begins
    assert event.saved_skips == pytest.approx(7.0, abs=0.4)
    assert event.saved_speed == pytest.approx((event.to_pos - event.from_pos) / 2, abs=0.2)
    assert player.time_saved.skips == pytest.approx(7.0, abs=0.4)


def test_loading_decides_the_effects_from_the_analysis(
    store: Store, media: MediaFactory, rig: Rig
) -> None:
    (episode_id,) = add_podcast(store, [item("tone", media.tone(12))])
    AudioAnalysisRepo(store).save(episode_id, _analysis(((4.0, 6.0),), duration=12.0))
    player = rig.player
    player.set_smart_audio(trim_silence="medium", normalize=True, voice_boost=True)
    player.load(episode_id, autoplay=False)
    status = rig.of(SmartAudioChanged)[-1].status
    assert status.analysed and status.trimming and status.applied
    assert status.effects == AudioEffects(gain_db=8.0, voice_boost=True)  # -24 -> -16 LUFS
    assert isinstance(rig.engine, VlcEngine)
    assert rig.engine.audio_effects == status.effects


@pytest.mark.parametrize(("rate", "start"), [(3.0, 0.0), (0.5, 26.0)])
def test_trimming_jumps_every_long_silence_and_ends_the_episode_at_any_speed(
    store: Store, rig: Rig, tmp_path_factory: pytest.TempPathFactory, rate: float, start: float
) -> None:
    """On the dummy output (nothing committed ahead of the position): each jump lands on the
    end of a skip range, every range is jumped once, and the trailing silence ends it. At 3x
    from the start, at 0.5x over the last phrases (the alarm's wait is media time / speed)."""
    from player.domain.audio import silences_for
    from player.services.audio_analysis import AudioAnalysisService
    from player.services.playback_state import Seeked
    from tests.support.speech_audio import make_speech_track

    track = make_speech_track(tmp_path_factory.mktemp("speech"), -23.0)
    (episode_id,) = add_podcast(store, [item("speech", track.path)])
    analysis = AudioAnalysisService(store).analyse(episode_id)
    skips = silences_for(analysis, "medium")
    player = rig.player
    player.set_smart_audio(trim_silence="medium")
    player.load(episode_id, autoplay=False)
    if start:
        player.seek(start)
    player.set_rate(rate)
    played_from = len(rig.of(Seeked))
    player.play()
    rig.wait_for(EpisodeFinished, timeout=40)
    jumped = [event.position for event in rig.of(Seeked)[played_from:]]
    ahead = [(s, e) for s, e in skips if s >= start]
    inner = [e for s, e in ahead if s > 0 and e < analysis.duration - 0.3]
    assert jumped == pytest.approx(inner, abs=1e-6)
    # The trailing silence counts to the end of the media (a little past the analysed end).
    expected = sum(e - s for s, e in ahead)
    assert player.time_saved.silence == pytest.approx(expected, abs=0.15)
    assert EpisodeRepo(store).get(episode_id).state.value == "played"
