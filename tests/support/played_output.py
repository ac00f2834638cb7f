"""Reading what libVLC played (a WAV from its ``afile`` output): the samples, the speech and
silence segments by an energy envelope, and the loudness by ffmpeg's ``ebur128``.

The segmentation is deliberately simple and independent of the analyser under test: 10 ms
frames, a frame is speech when its RMS is within :data:`SPEECH_RANGE_DB` of the loudest
frames (the 95th percentile, so a click does not set the scale), and speech frames closer than
:data:`JOIN_SECONDS` form one segment (the gaps inside a phrase, between words, stay inside).
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import numpy as np

from tests.support.speech_audio import ebur128

RATE = 44100
FRAME = 0.01
SPEECH_RANGE_DB = 30.0
JOIN_SECONDS = 0.12
"""Gaps shorter than this between speech frames are inside a word or between two words."""


def samples(path: Path) -> np.ndarray:
    """The file's samples as float32, mono, at :data:`RATE` (decoded by ffmpeg: libVLC's float
    WAV header is one Python's ``wave`` does not read)."""
    command = ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(RATE),
               "-f", "f32le", "-"]  # fmt: skip
    raw = subprocess.run(command, capture_output=True, check=True, timeout=300).stdout
    return np.frombuffer(raw, dtype="<f4")


def frame_levels(audio: np.ndarray) -> np.ndarray:
    """RMS level of each 10 ms frame, dBFS."""
    size = round(FRAME * RATE)
    count = len(audio) // size
    frames = audio[: count * size].astype(np.float64).reshape(count, size)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-9))


def speech_segments(audio: np.ndarray, join: float = JOIN_SECONDS) -> list[tuple[float, float]]:
    """(start, end) seconds of each stretch of speech; speech frames less than ``join`` seconds
    apart are one stretch (pass ``JOIN_SECONDS / rate`` for audio played at ``rate``)."""
    levels = frame_levels(audio)
    if not len(levels):
        return []
    loud = float(np.percentile(levels, 95))
    speech = np.flatnonzero(levels > loud - SPEECH_RANGE_DB)
    segments: list[tuple[float, float]] = []
    join_frames = round(join / FRAME)
    for index in speech:
        if segments and index - round(segments[-1][1] / FRAME) <= join_frames:
            segments[-1] = (segments[-1][0], (index + 1) * FRAME)
        else:
            segments.append((index * FRAME, (index + 1) * FRAME))
    return segments


def silences(audio: np.ndarray, join: float = JOIN_SECONDS) -> list[tuple[float, float]]:
    """The gaps between speech segments (not before the first nor after the last)."""
    segments = speech_segments(audio, join)
    return [(a[1], b[0]) for a, b in itertools.pairwise(segments)]


def loudness_range(path: Path) -> float:
    """EBU R128 loudness range (LU) of a file, by ffmpeg ``ebur128``: how far apart its quiet
    and loud passages are."""
    command = ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128",
               "-f", "null", "-"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    summary = result.stderr[result.stderr.rfind("Summary:") :]
    found = re.search(r"LRA:\s+(-?[\d.]+) LU", summary)
    if found is None:
        raise RuntimeError(f"no loudness range for {path}")
    return float(found.group(1))


def loudness(path: Path) -> tuple[float, float]:
    """(integrated loudness LUFS, true peak dBFS) of a file, by ffmpeg ``ebur128``."""
    return ebur128(path)
