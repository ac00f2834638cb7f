"""What an episode's audio analysis found, and which silences each trim strength skips.

The analysis (``player.audio.analysis``) stores every silent range at least as long as the
strongest rule's minimum; the strength the listener chose only filters and shortens them here,
so changing the strength never needs a new analysis.

Rules, and why these numbers. Pauses in read and conversational speech fall in three groups:
stop-consonant closures and breath-less joins inside a phrase (under ~0.25 s), pauses at a
clause or comma (~0.3-0.6 s) and pauses between sentences or thoughts (~0.6-1.5 s). So:

- ``mild`` touches only pauses of a second or more (between thoughts, a guest thinking) and
  keeps a quarter of a second: the rhythm of the talk is unchanged, dead air is gone.
- ``medium`` takes sentence pauses (>= 0.6 s) down to 0.2 s, still a clearly heard break.
- ``strong`` takes clause pauses (>= 0.35 s, above the longest closure inside a word, so a
  word is never split) down to 0.15 s, about the shortest gap that does not make two
  sentences run together.

Of the pause kept, at least :data:`ONSET_GUARD` (and at least half) lies just before speech
resumes: a seek lands a little early or late, and a soft onset (an "h", an "f") sits below the
silence threshold, so ending the skip early is what keeps the first syllable whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AnalysisSource = Literal["download", "stream"]

TRIM_LEVELS = ("off", "mild", "medium", "strong")
"""Trim-silence strengths, weakest first; ``off`` skips nothing."""

ONSET_GUARD = 0.08
"""Seconds of a kept pause that always lie before the speech that follows it."""

MIN_SKIP = 0.1
"""Shorter skips are not worth a seek."""


@dataclass(frozen=True)
class SilenceRule:
    """Silences of at least ``minimum`` seconds are shortened to ``keep`` seconds."""

    minimum: float
    keep: float


SILENCE_RULES: dict[str, SilenceRule] = {
    "mild": SilenceRule(minimum=1.0, keep=0.25),
    "medium": SilenceRule(minimum=0.6, keep=0.2),
    "strong": SilenceRule(minimum=0.35, keep=0.15),
}
"""The rule of each strength but ``off``."""

SHORTEST_SILENCE = min(rule.minimum for rule in SILENCE_RULES.values())
"""The analysis stores every silence at least this long (the strong minimum)."""


@dataclass(frozen=True)
class AudioAnalysis:
    """One analysis of an episode's audio.

    ``loudness_lufs`` is the EBU R128 integrated loudness and ``true_peak_dbtp`` the true peak
    (None for audio that is all silence); ``speech_level`` is the loudness (LUFS) silences are
    measured against; ``speech_seconds`` is how much of the audio is above the silence
    threshold; ``silences`` are ``(start, end)`` seconds, sorted, each at least
    :data:`SHORTEST_SILENCE` long. ``analysed_upto`` is how far the analysis got (the duration
    for a downloaded file); ``analyser`` names the code and version that made it.
    """

    analyser: str
    source: AnalysisSource
    duration: float
    loudness_lufs: float | None
    true_peak_dbtp: float | None
    speech_level: float | None
    speech_seconds: float
    silences: tuple[tuple[float, float], ...]
    analysed_upto: float


def silences_for(analysis: AudioAnalysis, level: str) -> list[tuple[float, float]]:
    """The ranges to skip at trim strength ``level``: each long-enough silence less its kept
    pause, which is split so at least :data:`ONSET_GUARD` stays before the speech that follows.

    A silence at the very start is skipped from 0 (nothing before it to pause after), one
    that runs to the end of the analysed audio is skipped to its end (the player ends the
    episode there rather than seeking onto its last sample). Unknown levels raise
    ``ValueError``.
    """
    if level not in TRIM_LEVELS:
        raise ValueError(f"unknown trim-silence level {level!r}; use one of {TRIM_LEVELS}")
    if level == "off":
        return []
    rule = SILENCE_RULES[level]
    tail = min(rule.keep, max(ONSET_GUARD, rule.keep / 2))
    head = rule.keep - tail
    end_of_audio = analysis.analysed_upto
    skips = []
    for start, end in analysis.silences:
        if end - start < rule.minimum:
            continue
        skip_start = start if start <= 0.0 else start + head
        skip_end = end if end >= end_of_audio - 0.001 else end - tail
        if skip_end - skip_start >= MIN_SKIP:
            skips.append((skip_start, skip_end))
    return skips
