"""The analyser on generated speech: silences where they were put, loudness as ffmpeg's
``ebur128`` measures it, a sane true peak, several formats, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.audio.analysis import ANALYSER, AudioAnalysisError, analyse_file, k_weighting
from player.domain.audio import SHORTEST_SILENCE
from player.domain.errors import PlayerError
from tests.core.audio.conftest import MakeTrack
from tests.support.speech_audio import ebur128

TOLERANCE = 0.05
"""Seconds: a found silence's edges may be this far from where the pause was put."""


def _matches(found: tuple[tuple[float, float], ...], put: tuple[tuple[float, float], ...]) -> None:
    expected = [(s, e) for s, e in put if e - s >= SHORTEST_SILENCE]
    assert len(found) == len(expected), (found, expected)
    for (fs, fe), (ps, pe) in zip(found, expected, strict=True):
        assert abs(fs - ps) <= TOLERANCE, (fs, fe, ps, pe)
        assert abs(fe - pe) <= TOLERANCE, (fs, fe, ps, pe)


@pytest.mark.parametrize("target", [-30.0, -23.0, -16.0, -10.0])
def test_silences_and_loudness_at_four_levels(speech_track: MakeTrack, target: float) -> None:
    track = speech_track(target_lufs=target)
    analysis = analyse_file(track.path)
    reference_lufs, reference_peak = ebur128(track.path)
    assert abs(track.measured_lufs - target) < 0.5  # the file is what it claims to be
    assert analysis.loudness_lufs is not None
    assert abs(analysis.loudness_lufs - reference_lufs) <= 0.5
    assert analysis.true_peak_dbtp is not None
    # True peak: never under the sample peak's ballpark, close to ebur128's 192 kHz figure.
    assert abs(analysis.true_peak_dbtp - reference_peak) <= 0.5
    _matches(analysis.silences, track.silences)
    # The speech level the threshold is relative to follows the recording, not a constant.
    assert analysis.speech_level is not None
    assert abs(analysis.speech_level - target) < 2.0
    assert analysis.analyser == ANALYSER
    assert analysis.source == "download"
    assert analysis.analysed_upto == analysis.duration
    assert abs(analysis.duration - track.duration) < 0.1
    spoken = sum(e - s for s, e in track.speech)
    assert abs(analysis.speech_seconds - spoken) < 0.1 * spoken


def test_the_short_pause_is_not_a_silence(speech_track: MakeTrack) -> None:
    track = speech_track()
    short = [(s, e) for s, e in track.silences if e - s < SHORTEST_SILENCE]
    assert short, "the layout must hold a pause under the shortest rule"
    found = analyse_file(track.path).silences
    for s, e in short:
        assert not any(fs <= s + TOLERANCE and fe >= e - TOLERANCE for fs, fe in found)


@pytest.mark.parametrize(
    ("fmt", "channels", "rate"),
    [("wav", 1, 44100), ("ogg", 2, 48000), ("mp3", 2, 44100), ("wav", 1, 22050)],
)
def test_formats_channels_and_rates(
    speech_track: MakeTrack, fmt: str, channels: int, rate: int
) -> None:
    track = speech_track(target_lufs=-16.0, fmt=fmt, channels=channels, rate=rate)
    analysis = analyse_file(track.path)
    reference_lufs, reference_peak = ebur128(track.path)
    assert analysis.loudness_lufs is not None and analysis.true_peak_dbtp is not None
    assert abs(analysis.loudness_lufs - reference_lufs) <= 0.5
    assert abs(analysis.true_peak_dbtp - reference_peak) <= 0.5
    _matches(analysis.silences, track.silences)


def test_k_weighting_at_48k_is_the_published_filter() -> None:
    """BS.1770-4 Table 1 and 2 give these coefficients for 48 kHz."""
    shelf, highpass = k_weighting(48000)
    published_shelf = (1.53512485958697, -2.69169618940638, 1.19839281085285,
                       -1.69065929318241, 0.73248077421585)  # fmt: skip
    published_highpass = (1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621)
    assert shelf == pytest.approx(published_shelf, abs=1e-9)
    assert highpass == pytest.approx(published_highpass, abs=1e-9)


def test_all_silence_has_no_loudness(tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "quiet.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "3",
         str(path)],
        check=True,
        timeout=60,
    )  # fmt: skip
    analysis = analyse_file(path)
    assert analysis.loudness_lufs is None and analysis.true_peak_dbtp is None
    assert analysis.silences == ((0.0, 3.0),)
    assert analysis.speech_seconds == 0


@pytest.mark.parametrize("content", [b"", b"not audio at all\n" * 2000, bytes(range(256)) * 300])
def test_what_is_not_audio_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "episode.mp3"
    path.write_bytes(content)
    with pytest.raises(AudioAnalysisError) as caught:
        analyse_file(path)
    assert isinstance(caught.value, PlayerError)
    assert "episode.mp3 cannot be analysed" in str(caught.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AudioAnalysisError, match="not there"):
        analyse_file(tmp_path / "gone.mp3")


def test_a_video_without_sound_is_a_clear_error(tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "silent-film.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5:duration=1",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)],
        check=True,
        timeout=60,
    )  # fmt: skip
    with pytest.raises(AudioAnalysisError, match="no audio"):
        analyse_file(path)
