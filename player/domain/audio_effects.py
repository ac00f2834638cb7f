"""What smart audio does to an episode while it plays, decided from the choices and the analysis.

Pure rules, no libVLC: the per-podcast choices and the global settings resolve to one
:class:`SmartAudio`; with the episode's analysis that becomes the :class:`AudioEffects` the
engine applies (a gain and whether the voice-boost compressor runs) and the skip ranges the
player jumps over.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TRIM_SILENCE_KEY = "audio.trim_silence"
NORMALIZE_KEY = "audio.normalize"
VOICE_BOOST_KEY = "audio.voice_boost"
LOUDNESS_TARGET_KEY = "audio.loudness_target"

DEFAULT_TARGET_LUFS = -16.0
"""The loudness podcasts are mastered to by the big platforms (Apple's and Spotify's advice)."""

PEAK_CEILING_DBTP = -1.0
"""A gain never lifts the true peak above this (EBU R128's ceiling for lossy delivery)."""

MAX_GAIN_DB = 24.0
"""No gain beyond this either way: past it the analysis is more likely wrong than the episode."""

VOICE_BOOST_COMPRESSOR: dict[str, float] = {
    "rms-peak": 0.5,  # half RMS, half peak: follows speech, still catches a syllable's peak
    "attack": 5.0,  # ms: fast, or the peaks pass before the gain comes down (and clip)
    "release": 300.0,  # ms: does not pump between words
    "threshold": -30.0,  # dB (libVLC's lowest): speech at -16 LUFS sits ~11 dB above it
    "ratio": 4.0,  # a loud host comes down 8 dB, a quiet guest near the threshold hardly at all
    "knee": 6.0,  # dB: soft knee, no audible switch
    "makeup-gain": 10.0,  # dB: the quiet voice ends up louder, the peaks below full scale
}
"""libVLC compressor parameters for speech, as tuned on generated speech (docs/PLAYBACK.md)."""


@dataclass(frozen=True, slots=True)
class SmartAudio:
    """The smart-audio choices for one episode: its podcast's, or the global defaults."""

    trim_silence: str = "off"
    normalize: bool = False
    voice_boost: bool = False
    skip_intro: float = 0.0
    skip_outro: float = 0.0
    loudness_target: float = DEFAULT_TARGET_LUFS

    @property
    def needs_analysis(self) -> bool:
        """Whether any choice needs the episode's analysis (skips and voice boost do not)."""
        return self.trim_silence != "off" or self.normalize


def resolve(
    podcast_trim: str | None,
    podcast_normalize: bool | None,
    podcast_voice_boost: bool | None,
    skip_intro: float,
    skip_outro: float,
    settings: dict[str, object],
) -> SmartAudio:
    """The podcast's own choice where it made one (not None), else the global setting."""
    trim = podcast_trim if podcast_trim is not None else settings.get(TRIM_SILENCE_KEY, "off")
    normalize = podcast_normalize
    if normalize is None:
        normalize = bool(settings.get(NORMALIZE_KEY, False))
    boost = podcast_voice_boost
    if boost is None:
        boost = bool(settings.get(VOICE_BOOST_KEY, False))
    target = settings.get(LOUDNESS_TARGET_KEY, DEFAULT_TARGET_LUFS)
    return SmartAudio(
        trim_silence=str(trim or "off"),
        normalize=bool(normalize),
        voice_boost=bool(boost),
        skip_intro=max(0.0, float(skip_intro or 0.0)),
        skip_outro=max(0.0, float(skip_outro or 0.0)),
        loudness_target=float(target) if isinstance(target, int | float) else DEFAULT_TARGET_LUFS,
    )


def loudness_gain(
    loudness_lufs: float | None, true_peak_dbtp: float | None, target: float
) -> float:
    """dB that bring an episode to ``target`` LUFS without its true peak passing -1 dBTP.

    0 for audio without a loudness (all silence). A quiet episode with loud peaks gets less
    than it asks for: clipping is worse than being a little quiet.
    """
    if loudness_lufs is None or not math.isfinite(loudness_lufs):
        return 0.0
    gain = target - loudness_lufs
    if true_peak_dbtp is not None and math.isfinite(true_peak_dbtp):
        gain = min(gain, PEAK_CEILING_DBTP - true_peak_dbtp)
    return max(-MAX_GAIN_DB, min(MAX_GAIN_DB, gain))


@dataclass(frozen=True, slots=True)
class AudioEffects:
    """What the engine does to the samples: ``gain_db`` (0: none) and the voice-boost
    compressor. :data:`NONE` leaves the audio untouched and costs nothing."""

    gain_db: float = 0.0
    voice_boost: bool = False

    @property
    def gain_factor(self) -> float:
        """The gain as the amplitude factor libVLC's gain filter takes."""
        return float(10 ** (self.gain_db / 20))

    @property
    def filter_chain(self) -> str:
        """libVLC's ``audio-filter`` value: gain first, so the compressor sees the evened level."""
        names = []
        if abs(self.gain_db) >= 0.05:
            names.append("gain")
        if self.voice_boost:
            names.append("compressor")
        return ":".join(names)

    @property
    def active(self) -> bool:
        """Whether anything runs at all."""
        return bool(self.filter_chain)


NO_EFFECTS = AudioEffects()


@dataclass(frozen=True, slots=True)
class TimeSaved:
    """Seconds of the listener's time saved, by cause: playing faster than 1x (negative
    slower), trimmed silence, and skipped intros and outros."""

    speed: float = 0.0
    silence: float = 0.0
    skips: float = 0.0

    def __add__(self, other: TimeSaved) -> TimeSaved:
        return TimeSaved(
            self.speed + other.speed, self.silence + other.silence, self.skips + other.skips
        )

    @property
    def total(self) -> float:
        """All causes together."""
        return self.speed + self.silence + self.skips


def span_time_saved(played: float, rate: float, silence: float, skips: float) -> TimeSaved:
    """What one listening span saved: the ``played`` media seconds took ``1/rate`` of that in
    wall time; trimmed silence and skipped intros/outros saved their whole length."""
    speed = played - played / rate if rate > 0 else 0.0
    return TimeSaved(speed, silence, skips)
