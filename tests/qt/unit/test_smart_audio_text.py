"""What the smart-audio indicator says, for each state of the player's smart audio."""

from __future__ import annotations

from player.domain.audio_effects import AudioEffects, SmartAudio
from player.qt.widgets.smart_audio import describe_smart_audio
from player.services.smart_audio import SmartAudioStatus


def _status(
    trim: str = "off",
    normalize: bool = False,
    boost: bool = False,
    analysed: bool = True,
    ranges: int = 0,
    applied: bool = True,
) -> SmartAudioStatus:
    choices = SmartAudio(trim_silence=trim, normalize=normalize, voice_boost=boost)
    gain = -4.2 if normalize and analysed else 0.0
    return SmartAudioStatus(
        choices=choices,
        effects=AudioEffects(gain_db=gain, voice_boost=boost),
        applied=applied,
        analysed=analysed,
        trim_ranges=ranges,
    )


def _words(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_nothing_on_says_nothing() -> None:
    assert describe_smart_audio(_status(), has_file=True).text == ""
    assert describe_smart_audio(_status(analysed=False), has_file=False).text == ""


def test_what_runs_is_listed_and_the_tooltip_gives_the_strength_and_the_time_saved() -> None:
    shown = describe_smart_audio(
        _status("strong", normalize=True, boost=True, ranges=12), has_file=True,
        silence_saved=75.0,
    )  # fmt: skip
    assert _words(shown.text) == "✂ Trimming silence · −16 LUFS · Voice boost"
    assert not shown.hint
    assert "Strong (pauses of 0.35 s or more are cut to 0.15 s)" in shown.tooltip
    assert "so far: 1 min" in shown.tooltip
    assert "-4.2 dB" in shown.tooltip


def test_voice_boost_needs_no_analysis() -> None:
    shown = describe_smart_audio(_status(boost=True, analysed=False), has_file=False)
    assert _words(shown.text) == "Voice boost"


def test_a_missing_analysis_reads_as_a_hint_for_a_stream_and_as_waiting_for_a_file() -> None:
    stream = describe_smart_audio(_status("mild", analysed=False), has_file=False)
    assert stream.text == "Trim silence needs a download" and stream.hint
    both = describe_smart_audio(_status("mild", True, analysed=False), has_file=False)
    assert both.text == "Trim silence and even loudness need a download"
    even = describe_smart_audio(_status(normalize=True, analysed=False), has_file=False)
    assert even.text == "Even loudness needs a download"
    waiting = describe_smart_audio(_status("mild", analysed=False), has_file=True)
    assert waiting.text == "Analysing the audio…" and not waiting.hint


def test_an_episode_without_long_pauses_and_a_libvlc_without_filters_say_so() -> None:
    calm = describe_smart_audio(_status("mild", ranges=0), has_file=True)
    assert calm.text == "✂ Nothing to trim" and "no pause long enough" in calm.tooltip
    bare = describe_smart_audio(_status(normalize=True, applied=False), has_file=True)
    assert bare.text == "Audio filters unavailable" and bare.hint
    assert "lacks its audio filters" in bare.tooltip
