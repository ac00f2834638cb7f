"""Speech with silences of known lengths at a known loudness, for the smart-audio tests.

espeak-ng speaks each phrase; the phrases are trimmed to their first and last audible sample
(so where speech starts and ends is known to the sample), joined with inserted pauses of
stated lengths, laid over a faint noise floor (a real room is never digitally silent, and the
analyser's threshold must be relative to speech to ignore it), resampled by ffmpeg, brought to
the target loudness (ffmpeg ``volume``, with ``alimiter`` where the target would clip, then
measured with ffmpeg's ``ebur128`` and corrected until within 0.1 LU) and encoded as MP3, Ogg
Vorbis or WAV. Files are cached by their parameters under the given root.

Used by the analysis tests, the played-output tests and ``bench/bench_audio.py``; also
``scripts/make_test_audio.py`` for a file to listen to.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TOOLS = ("espeak-ng", "ffmpeg")

PHRASES = (
    "Welcome back to the show about quiet machines",
    "Today we measure how loud a podcast really is",
    "The first guest builds radios from spare parts",
    "She tells us why the old valves still matter",
    "Then we talk about trimming the silence out",
    "Nobody likes waiting for the next sentence",
    "But a pause that is too short sounds rushed",
    "So every strength keeps a little of the gap",
    "Our second guest measures loudness for broadcasters",
    "Thanks for listening and see you next week",
)

GAPS = (0.45, 0.8, 0.2, 1.3, 0.6, 2.5, 0.5, 1.0, 0.7)
"""Pauses inserted between the phrases, seconds. 0.2 s is under every rule's minimum: it must
not be reported; the others must be found."""

LEAD_IN = 0.6
TAIL = 1.2
"""Silence before the first phrase and after the last: a silence at the very start and one
that runs to the end."""

NOISE_BELOW_SPEECH = 50.0
"""The noise floor, dB under the speech's loudness."""

SPEECH_RATE = 22050
_AUDIBLE = 10 ** (-50 / 20)
"""A phrase starts at its first sample above -50 dBFS (espeak pads each phrase with silence)."""


@dataclass(frozen=True)
class SpeechTrack:
    """A generated file and where its speech and silences are, in seconds."""

    path: Path
    target_lufs: float
    measured_lufs: float
    duration: float
    speech: tuple[tuple[float, float], ...]
    silences: tuple[tuple[float, float], ...]


def missing_tools() -> list[str]:
    """Tools this module needs that are not on PATH."""
    return [t for t in TOOLS if shutil.which(t) is None]


def _run(*cmd: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], check=True, capture_output=True, text=True, timeout=600
    )


def ebur128(path: Path) -> tuple[float, float]:
    """(integrated loudness LUFS, true peak dBFS) by ffmpeg's ``ebur128`` filter: the
    reference the analyser is checked against."""
    command = ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true",
               "-f", "null", "-"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
    summary = result.stderr[result.stderr.rfind("Summary:") :]
    loudness = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if loudness is None or peak is None:
        raise RuntimeError(f"no ebur128 summary for {path}: {result.stderr[-400:]}")
    return float(loudness.group(1)), float(peak.group(1))


def _phrase(root: Path, index: int, text: str) -> np.ndarray:
    wav = root / f"phrase-{index}.wav"
    if not wav.exists():
        _run("espeak-ng", "-v", "en-us", "-s", "165", "-w", wav, text)
    with wave.open(str(wav), "rb") as fh:
        if fh.getframerate() != SPEECH_RATE or fh.getnchannels() != 1 or fh.getsampwidth() != 2:
            raise RuntimeError(f"unexpected espeak-ng output format in {wav}")
        samples = np.frombuffer(fh.readframes(fh.getnframes()), dtype="<i2")
    audio = samples.astype(np.float32) / 32768.0
    audible = np.flatnonzero(np.abs(audio) > _AUDIBLE)
    return audio[audible[0] : audible[-1] + 1]


def _layout(root: Path) -> tuple[np.ndarray, list[tuple[float, float]], list[tuple[float, float]]]:
    """The joined phrases at SPEECH_RATE, with speech and silence ranges in seconds."""
    parts: list[np.ndarray] = [np.zeros(round(LEAD_IN * SPEECH_RATE), np.float32)]
    speech, silences = [], [(0.0, LEAD_IN)]
    at = len(parts[0])
    for i, text in enumerate(PHRASES):
        voice = _phrase(root, i, text)
        parts.append(voice)
        speech.append((at / SPEECH_RATE, (at + len(voice)) / SPEECH_RATE))
        at += len(voice)
        gap = TAIL if i == len(PHRASES) - 1 else GAPS[i]
        samples = round(gap * SPEECH_RATE)
        parts.append(np.zeros(samples, np.float32))
        silences.append((at / SPEECH_RATE, (at + samples) / SPEECH_RATE))
        at += samples
    return np.concatenate(parts), speech, silences


def make_speech_track(
    root: Path,
    target_lufs: float = -23.0,
    fmt: str = "mp3",
    channels: int = 1,
    rate: int = 44100,
    repeat: int = 1,
) -> SpeechTrack:
    """The phrases and pauses at ``target_lufs``, as ``fmt`` (mp3, ogg, wav), cached.

    ``repeat`` > 1 loops the whole layout (a long episode for the benchmark); the ranges
    returned are those of the first pass.
    """
    root.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha1(
        json.dumps(
            [PHRASES, GAPS, LEAD_IN, TAIL, target_lufs, fmt, channels, rate, repeat]
        ).encode()
    ).hexdigest()[:10]
    target = root / f"speech-{target_lufs:g}-{channels}ch-{rate}-x{repeat}-{key}.{fmt}"
    facts = target.with_suffix(".json")
    audio, speech, silences = _layout(root)
    if target.exists() and facts.exists():
        data = json.loads(facts.read_text())
        return _track(target, target_lufs, data, speech, silences)
    raw = root / f"layout-{key}.f32"
    raw.write_bytes(audio.astype("<f4").tobytes())
    base = root / f"base-{key}.f32"
    _run("ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(SPEECH_RATE), "-ac", "1",
         "-i", raw, "-af", f"aresample={rate}:resampler=soxr", "-ac", str(channels),
         "-f", "f32le", base)  # fmt: skip
    pcm = ["-f", "f32le", "-ar", str(rate), "-ac", str(channels)]
    codec = {
        "mp3": ["-c:a", "libmp3lame", "-b:a", "128k" if channels == 2 else "64k"],
        "ogg": ["-c:a", "libvorbis", "-q:a", "4"],
        "wav": ["-c:a", "pcm_s16le"],
    }[fmt]
    levelled = root / f"levelled-{key}.f32"
    mixed = root / f"mixed-{key}.f32"
    # Clean espeak-ng speech at full scale is near -20 LUFS: start from that guess.
    gain = target_lufs + 20.0
    noise_level = 10 ** ((target_lufs - NOISE_BELOW_SPEECH) / 20)
    for _ in range(6):
        _run("ffmpeg", "-v", "error", "-y", *pcm, "-i", base, "-af",
             f"volume={gain:.3f}dB,alimiter=limit=0.89:level=false:latency=true:attack=1:release=5",
             "-f", "f32le", levelled)  # fmt: skip
        # The floor goes in after the limiter, so it sits where it was meant to under speech.
        voice = np.frombuffer(levelled.read_bytes(), dtype="<f4")
        noise = np.random.default_rng(17).standard_normal(len(voice)).astype(np.float32)
        mixed.write_bytes((voice + noise * np.float32(noise_level)).astype("<f4").tobytes())
        _run("ffmpeg", "-v", "error", "-y", *pcm, "-i", mixed, *codec, target)
        measured, _ = ebur128(target)
        if abs(measured - target_lufs) < 0.15:
            break
        gain += target_lufs - measured
    if repeat > 1:
        _run("ffmpeg", "-v", "error", "-y", "-stream_loop", str(repeat - 1), *pcm, "-i", mixed,
             *codec, target)  # fmt: skip
        measured, _ = ebur128(target)
    probe = _run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                 "csv=p=0", target)  # fmt: skip
    data = {"measured_lufs": measured, "duration": float(probe.stdout.strip())}
    facts.write_text(json.dumps(data))
    for scratch in (raw, base, levelled, mixed):
        scratch.unlink(missing_ok=True)
    return _track(target, target_lufs, data, speech, silences)


def _track(
    path: Path,
    target_lufs: float,
    data: dict[str, float],
    speech: list[tuple[float, float]],
    silences: list[tuple[float, float]],
) -> SpeechTrack:
    return SpeechTrack(
        path=path,
        target_lufs=target_lufs,
        measured_lufs=float(data["measured_lufs"]),
        duration=float(data["duration"]),
        speech=tuple(speech),
        silences=tuple(silences),
    )
