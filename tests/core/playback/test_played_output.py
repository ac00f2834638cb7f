"""Smart audio checked on what the listener hears: libVLC's ``afile`` output writes the played
samples to a WAV file, and the tests measure that file, not a model of the player.

Every scenario is a real ``podcast-player play`` in a subprocess (libVLC's output is fixed per
process, see ``tests/support/play_to_wav.py``), on generated speech (espeak-ng phrases with
pauses of known lengths, ``tests/support/speech_audio.py``). The scenarios run side by side
(playback costs little CPU; they take the time of the longest episode, about 35 s).

- Trim silence: the WAV has no pause longer than the strength allows, and the same spoken
  phrases as the source, each as long as in the source (none clipped, none doubled); the saved
  seconds reported and stored match what was cut; the trailing silence ends the episode and the
  last phrase is heard whole. At 1x and at 2x.
- Even loudness: an episode mastered at -30 LUFS and one at -10 LUFS both come out within 1 LU
  of -16 LUFS with no sample at full scale, at 1x and 2x.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from player.domain.audio import SILENCE_RULES, silences_for
from player.storage import EpisodeRepo, HistoryRepo, Store
from player.storage.audio_analysis import AudioAnalysisRepo
from tests.conftest import ROOT
from tests.support import played_output
from tests.support.library import add_podcast, item
from tests.support.speech_audio import SpeechTrack, make_speech_track, missing_tools

TARGET = -16.0


@dataclass
class Played:
    """One scenario's outcome."""

    track: SpeechTrack
    data_dir: Path
    episode_id: int
    wav: Path
    final: dict[str, object]
    rate: float

    @property
    def audio(self) -> np.ndarray:
        return played_output.samples(self.wav)


def _quiet_master(root: Path, loud: SpeechTrack) -> SpeechTrack:
    """An episode mastered at -30 LUFS: the -16 LUFS master, its peaks limited (as a mastered
    file's are, to -3 dBFS here), turned down to -30 LUFS. (The raw -30 LUFS generator output
    keeps espeak's 18 dB peak-to-loudness ratio: no gain can bring it to -16 LUFS without
    clipping, and the player caps the gain instead; ``test_a_peaky_quiet_episode_is_capped_
    not_clipped`` checks that case.)"""
    target = root / "quiet-master-30.mp3"
    if not target.exists():
        limited = root / "quiet-master-limited.wav"
        _ffmpeg("-i", loud.path, "-af", "alimiter=limit=0.7:level=false", limited)
        measured, _peak = played_output.loudness(limited)
        _ffmpeg("-i", limited, "-af", f"volume={-30.0 - measured:.2f}dB", "-c:a", "libmp3lame",
                "-b:a", "64k", target)  # fmt: skip
    measured, _peak = played_output.loudness(target)
    return SpeechTrack(target, -30.0, measured, loud.duration, loud.speech, loud.silences)


def _two_voices(root: Path, track: SpeechTrack) -> SpeechTrack:
    """A loud host and a quiet guest: the -23 LUFS episode, then the same 15 dB quieter."""
    target = root / "two-voices.mp3"
    if not target.exists():
        _ffmpeg("-i", track.path, "-i", track.path, "-filter_complex",
                "[1:a]volume=-15dB[q];[0:a][q]concat=n=2:v=0:a=1", "-c:a", "libmp3lame",
                "-b:a", "64k", target)  # fmt: skip
    measured, _peak = played_output.loudness(target)
    return SpeechTrack(target, measured, measured, track.duration * 2, (), ())


def _ffmpeg(*args: str | Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *map(str, args)], check=True, timeout=120)


SCENARIOS: dict[str, tuple[str, tuple[str, ...], float]] = {
    # name: (which source, play options, speed)
    "trim-medium": ("-23", ("--trim-silence", "medium"), 1.0),
    "trim-medium-2x": ("-23", ("--trim-silence", "medium"), 2.0),
    "trim-strong": ("-23", ("--trim-silence", "strong"), 1.0),
    "loudness-quiet": ("quiet", ("--normalize",), 1.0),
    "loudness-loud": ("-10", ("--normalize",), 1.0),
    "loudness-quiet-2x": ("quiet", ("--normalize",), 2.0),
    "loudness-peaky": ("-30", ("--normalize",), 2.0),
    "voice-boost": ("two-voices", ("--voice-boost",), 2.0),
}


def _library(data_dir: Path, track: SpeechTrack) -> int:
    data_dir.mkdir(parents=True)
    store = Store(data_dir / "library.sqlite3")
    (episode_id,) = add_podcast(store, [item("speech", track.path)])
    store.close()
    return episode_id


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Played]]:
    """Every scenario played once, in parallel subprocesses."""
    assert not missing_tools(), f"played-output tests need {missing_tools()} on PATH"
    root = tmp_path_factory.mktemp("played")
    tracks_dir = Path(os.environ.get("PLAYER_TEST_AUDIO_CACHE", root / "tracks"))
    sources = {
        level: make_speech_track(tracks_dir, float(level)) for level in ("-23", "-10", "-30")
    }
    sources["quiet"] = _quiet_master(tracks_dir, make_speech_track(tracks_dir, -16.0))
    sources["two-voices"] = _two_voices(tracks_dir, sources["-23"])
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    running = {}
    for name, (source, options, rate) in SCENARIOS.items():
        data_dir = root / name
        episode_id = _library(data_dir, sources[source])
        wav = root / f"{name}.wav"
        command = [sys.executable, "-m", "tests.support.play_to_wav", str(wav),
                   "--data-dir", str(data_dir), "play", str(episode_id), "--aout", "afile",
                   "--json", "--rate", str(rate), *options]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        running[name] = (process, sources[source], data_dir, episode_id, wav, rate)
    results = {}
    for name, (process, track, data_dir, episode_id, wav, rate) in running.items():
        out, err = process.communicate(timeout=180)
        assert process.returncode == 0, f"{name}: {err}"
        final = json.loads(out.strip().splitlines()[-1])
        results[name] = Played(track, data_dir, episode_id, wav, final, rate)
    yield results


def _store(result: Played) -> Store:
    return Store(result.data_dir / "library.sqlite3")


def _heard(result: Played, join: float = played_output.JOIN_SECONDS) -> list[tuple[float, float]]:
    """Speech segments of the WAV in media seconds (the WAV runs 1/rate as long)."""
    rate = result.rate
    segments = played_output.speech_segments(result.audio, join / rate)
    return [(start * rate, end * rate) for start, end in segments]


@pytest.mark.parametrize("name", ["trim-medium", "trim-medium-2x"])
def test_trimmed_output_keeps_every_phrase_and_no_long_pause(
    played: dict[str, Played], name: str
) -> None:
    """Each phrase as long as in the source (the kept pause of 0.2 s is longer than any gap
    inside a phrase, so the envelope finds exactly the phrases)."""
    result = played[name]
    rate = result.rate
    rule = SILENCE_RULES["medium"]
    heard = _heard(result)
    source = list(result.track.speech)
    assert len(heard) == len(source), (heard, source)
    for (hs, he), (ss, se) in zip(heard, source, strict=True):
        assert abs((he - hs) - (se - ss)) < 0.06 * rate + 0.02, ((hs, he), (ss, se))
    gaps = [(b[0] - a[1]) for a, b in itertools.pairwise(heard)]
    for gap, (_start, _end), source_gap in zip(
        gaps, source, [b[0] - a[1] for a, b in itertools.pairwise(source)], strict=False
    ):
        if source_gap >= rule.minimum + 0.05:
            assert gap <= rule.keep + 0.12, gaps  # shortened to about the kept pause
            assert gap >= rule.keep - 0.1, gaps  # ...and not run together
        else:
            assert abs(gap - source_gap) < 0.08, gaps  # a shorter pause is untouched
    assert max(gaps) < rule.minimum + 0.05


def test_strong_trim_leaves_no_pause_past_its_minimum_and_all_the_speech(
    played: dict[str, Played],
) -> None:
    """Strong keeps 0.15 s, as short as some gaps inside a phrase: the check is on the longest
    pause left and on the total speech, not phrase by phrase."""
    result = played["trim-strong"]
    rule = SILENCE_RULES["strong"]
    heard = _heard(result, join=0.05)
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(heard)]
    assert max(gaps) < rule.minimum + 0.05, gaps
    spoken = sum(end - start for start, end in heard)
    assert spoken == pytest.approx(sum(e - s for s, e in result.track.speech), abs=0.25)


@pytest.mark.parametrize(
    ("name", "level"),
    [("trim-medium", "medium"), ("trim-medium-2x", "medium"), ("trim-strong", "strong")],
)
def test_trimmed_seconds_are_reported_and_stored(
    played: dict[str, Played], name: str, level: str
) -> None:
    result = played[name]
    store = _store(result)
    try:
        analysis = AudioAnalysisRepo(store).get(result.episode_id)
        assert analysis is not None  # play analysed the episode it needed to trim
        expected = sum(end - start for start, end in silences_for(analysis, level))
        assert result.final["saved_silence"] == pytest.approx(expected, abs=0.15)
        # The WAV is the episode less what was cut, at the speed.
        length = len(result.audio) / played_output.RATE * result.rate
        assert length == pytest.approx(result.track.duration - expected, abs=0.35 * result.rate)
        events = HistoryRepo(store).list(result.episode_id)
        assert sum(e.saved_silence for e in events) == pytest.approx(expected, abs=0.15)
        if result.rate > 1:
            played_media = sum(e.to_pos - e.from_pos for e in events) - expected
            assert sum(e.saved_speed for e in events) == pytest.approx(played_media / 2, abs=0.5)
            assert result.final["saved_speed"] == pytest.approx(played_media / 2, abs=0.5)
    finally:
        store.close()


@pytest.mark.parametrize("name", ["trim-medium", "trim-medium-2x"])
def test_a_trailing_silence_ends_the_episode_after_its_last_phrase(
    played: dict[str, Played], name: str
) -> None:
    result = played[name]
    assert result.final["state"] == "stopped"
    store = _store(result)
    try:
        assert EpisodeRepo(store).get(result.episode_id).state.value == "played"
    finally:
        store.close()
    heard = _heard(result)
    last_source = result.track.speech[-1]
    # The last phrase is there whole, and little of the 1.2 s of silence after it.
    assert heard[-1][1] - heard[-1][0] == pytest.approx(last_source[1] - last_source[0], abs=0.1)
    tail = len(result.audio) / played_output.RATE * result.rate - heard[-1][1]
    assert tail < 0.6


@pytest.mark.parametrize("name", ["loudness-quiet", "loudness-loud", "loudness-quiet-2x"])
def test_even_loudness_brings_quiet_and_loud_masters_to_the_target(
    played: dict[str, Played], name: str
) -> None:
    result = played[name]
    loudness, peak = played_output.loudness(result.wav)
    assert abs(loudness - TARGET) <= 1.0, (name, result.track.measured_lufs, loudness)
    assert float(np.max(np.abs(result.audio))) < 1.0  # no sample at or past full scale
    assert peak < 0.0
    assert result.final["gain_db"] == pytest.approx(TARGET - result.track.measured_lufs, abs=1.0)


def test_a_peaky_quiet_episode_is_capped_not_clipped(played: dict[str, Played]) -> None:
    """-30 LUFS with peaks 18 dB above it: the gain stops where the peaks reach -1 dBTP."""
    result = played["loudness-peaky"]
    source_loudness, source_peak = played_output.loudness(result.track.path)
    loudness, peak = played_output.loudness(result.wav)
    gain = float(result.final["gain_db"])  # type: ignore[arg-type]
    assert gain < TARGET - source_loudness - 1  # it did not get all it asked for
    assert loudness == pytest.approx(source_loudness + gain, abs=0.7)
    assert peak <= -0.5
    assert float(np.max(np.abs(result.audio))) < 0.95
    assert source_peak + gain == pytest.approx(-1.0, abs=0.7)


def test_voice_boost_brings_the_quiet_voice_closer_to_the_loud_one(
    played: dict[str, Played],
) -> None:
    """libVLC's compressor with the speech parameters: the loudness range shrinks by a third
    or more, the loudness stays within 3 LU (it drops about 2), and nothing clips."""
    result = played["voice-boost"]
    assert result.final["voice_boost"] is True
    before = played_output.loudness_range(result.track.path)
    after = played_output.loudness_range(result.wav)
    assert after <= before * 2 / 3, (before, after)
    loudness, peak = played_output.loudness(result.wav)
    assert abs(loudness - result.track.measured_lufs) <= 3.0
    assert float(np.max(np.abs(result.audio))) < 1.0 and peak < 0.0
