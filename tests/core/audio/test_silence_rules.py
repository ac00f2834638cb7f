"""Which silences each trim strength skips, and how much of each pause it keeps."""

from __future__ import annotations

import pytest

from player.domain.audio import (
    ONSET_GUARD,
    SHORTEST_SILENCE,
    SILENCE_RULES,
    TRIM_LEVELS,
    AudioAnalysis,
    silences_for,
)


def _analysis(silences: tuple[tuple[float, float], ...], duration: float = 60.0) -> AudioAnalysis:
    return AudioAnalysis(
        analyser="test/1",
        source="download",
        duration=duration,
        loudness_lufs=-16.0,
        true_peak_dbtp=-1.0,
        speech_level=-17.0,
        speech_seconds=40.0,
        silences=silences,
        analysed_upto=duration,
    )


SILENCES = ((0.0, 0.5), (5.0, 5.4), (10.0, 10.7), (20.0, 21.2), (30.0, 33.0), (58.0, 60.0))


def test_off_skips_nothing_and_unknown_levels_are_refused() -> None:
    assert silences_for(_analysis(SILENCES), "off") == []
    with pytest.raises(ValueError, match="unknown trim-silence level"):
        silences_for(_analysis(SILENCES), "extreme")


def test_rules_grow_stronger_and_the_shortest_is_what_is_stored() -> None:
    rules = [SILENCE_RULES[level] for level in TRIM_LEVELS[1:]]
    assert [r.minimum for r in rules] == sorted((r.minimum for r in rules), reverse=True)
    assert [r.keep for r in rules] == sorted((r.keep for r in rules), reverse=True)
    assert SILENCE_RULES["strong"].minimum == SHORTEST_SILENCE
    assert all(r.keep >= 0.15 for r in rules)


@pytest.mark.parametrize("level", ["mild", "medium", "strong"])
def test_each_skip_keeps_the_pause_and_ends_before_speech(level: str) -> None:
    rule = SILENCE_RULES[level]
    skips = silences_for(_analysis(SILENCES), level)
    inner = [(s, e) for s, e in SILENCES[1:-1] if e - s >= rule.minimum]
    middle = [k for k in skips if k[0] > 0.0 and k[1] < 60.0]
    assert len(middle) == len(inner)
    for (s, e), (ks, ke) in zip(inner, middle, strict=True):
        assert s < ks < ke < e
        assert (ks - s) + (e - ke) == pytest.approx(rule.keep)  # the pause heard
        assert e - ke >= ONSET_GUARD - 1e-9  # the first syllable after it is never touched
        assert e - ke >= rule.keep / 2 - 1e-9


def test_which_silences_each_level_takes() -> None:
    analysis = _analysis(SILENCES)
    starts = {level: [round(s) for s, _ in silences_for(analysis, level)] for level in TRIM_LEVELS}
    assert starts["mild"] == [20, 30, 58]
    assert starts["medium"] == [10, 20, 30, 58]
    assert starts["strong"] == [0, 5, 10, 20, 30, 58]


def test_the_ends_of_the_episode() -> None:
    skips = silences_for(_analysis(SILENCES), "strong")
    assert skips[0][0] == 0.0  # nothing before a leading silence to pause after
    keep = SILENCE_RULES["strong"].keep
    head = keep - max(ONSET_GUARD, keep / 2)
    assert skips[-1] == (pytest.approx(58.0 + head), 60.0)  # to the end: the player ends there


def test_a_streamed_analysis_ends_where_it_got_to() -> None:
    analysis = _analysis(((10.0, 12.0), (30.0, 31.0)), duration=60.0)
    partial = AudioAnalysis(**{**analysis.__dict__, "source": "stream", "analysed_upto": 31.0})
    assert silences_for(partial, "mild")[-1][1] == 31.0
