"""The now-playing pane's smart-audio indicator: one quiet line saying what smart audio does
to the loaded episode ("✂ Trimming silence · −16 LUFS · Voice boost"), or why it cannot
("Trim silence needs a download").

What it shows is decided by :func:`describe_smart_audio` from the player's
:class:`~player.services.smart_audio.SmartAudioStatus` and two facts the window knows without
touching the disk (whether the episode has a file to analyse, whether an analysis is running),
so the wording is testable without a window and the label only shows what it is told.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from player.domain.audio import SILENCE_RULES
from player.domain.format import long_duration
from player.i18n import N_, _
from player.services.smart_audio import SmartAudioStatus

TRIM_NAMES = {"off": N_("Off"), "mild": N_("Mild"), "medium": N_("Medium"), "strong": N_("Strong")}
"""How the strengths read in the window (the settings store the lower-case keys)."""

SCISSORS = "✂"


@dataclass(frozen=True, slots=True)
class Indication:
    """The indicator's text (empty: hidden), its tooltip, and whether it is a hint that
    something is missing (shown as such) rather than a report of what runs."""

    text: str = ""
    tooltip: str = ""
    hint: bool = False


def trim_rule_text(level: str) -> str:
    """What a strength does, in words ("pauses of 0.6 s or more are cut to 0.2 s")."""
    rule = SILENCE_RULES.get(level)
    if rule is None:
        return "nothing is trimmed"
    return f"pauses of {rule.minimum:g} s or more are cut to {rule.keep:g} s"


def lufs_text(target: float) -> str:
    """A loudness target as the indicator writes it: "−16 LUFS" (a real minus sign)."""
    return f"{target:g} LUFS".replace("-", "\u2212")


def describe_smart_audio(
    status: SmartAudioStatus,
    *,
    has_file: bool,
    analysing: bool = False,
    silence_saved: float = 0.0,
) -> Indication:
    """What the indicator says about the loaded episode.

    ``has_file``: the episode is downloaded (or a local file), so it can be analysed;
    ``analysing``: its analysis is running now; ``silence_saved``: seconds of silence trimmed
    from it so far. Trimming and even loudness need the analysis; voice boost does not.
    """
    choices = status.choices
    level = choices.trim_silence if choices.trim_silence in SILENCE_RULES else "off"
    wants_trim, wants_even = level != "off", choices.normalize
    if (wants_trim or wants_even) and not status.analysed:
        return _missing_analysis(level, wants_trim, wants_even, has_file, analysing)
    parts: list[str] = []
    tips: list[str] = []
    if wants_trim:
        strength = _(TRIM_NAMES[level])
        if status.trimming:
            parts.append(f"{SCISSORS} Trimming silence")
            saved = long_duration(silence_saved) if silence_saved >= 0.5 else "nothing yet"
            tips.append(
                _(
                    "Trim silence: {strength} ({trim_rule_text}). Saved in this episode so "
                    "far: {saved}."
                ).format(strength=strength, trim_rule_text=trim_rule_text(level), saved=saved)
            )
        else:
            tips.append(
                _(
                    "Trim silence: {strength}. This episode has no pause long enough to trim "
                    "({trim_rule_text})."
                ).format(strength=strength, trim_rule_text=trim_rule_text(level))
            )
    applied = status.applied
    if wants_even and applied:
        gain = status.effects.gain_db
        parts.append(lufs_text(choices.loudness_target))
        tips.append(
            _(
                "Even loudness: towards {lufs_text}, {gain:+.1f} dB for this episode "
                "(capped so nothing clips)."
            ).format(lufs_text=lufs_text(choices.loudness_target), gain=gain)
        )
    if choices.voice_boost and applied:
        parts.append("Voice boost")
        tips.append(_("Voice boost: quiet voices are brought up, loud ones down."))
    if (wants_even or choices.voice_boost) and not applied:
        tips.append(
            _("Even loudness and voice boost are off: this libVLC lacks its audio filters.")
        )
    tooltip = "\n".join(tips)
    if parts:
        # Each part stays whole: a narrow pane wraps between them, never inside "Voice boost".
        return Indication(" · ".join(p.replace(" ", "\u00a0") for p in parts), tooltip)
    if wants_trim:
        return Indication(_("{SCISSORS} Nothing to trim").format(SCISSORS=SCISSORS), tooltip)
    if tips:  # only effects were asked for, and the engine cannot apply them
        return Indication(_("Audio filters unavailable"), tooltip, hint=True)
    return Indication()


def _missing_analysis(
    level: str, wants_trim: bool, wants_even: bool, has_file: bool, analysing: bool
) -> Indication:
    # Whole sentences per case (one feature or both), so that every language can say them.
    if wants_trim and wants_even:
        what = _("Trim silence and even loudness")
        title = _("Trim silence and even loudness need a download")
    elif wants_trim:
        what, title = _("Trim silence"), _("Trim silence needs a download")
    else:
        what, title = _("Even loudness"), _("Even loudness needs a download")
    if analysing or has_file:
        return Indication(
            _("Analysing the audio…"),
            _("{what} will start once this episode's audio is analysed (a few seconds).").format(
                what=what
            ),
        )
    strength = f" ({_(TRIM_NAMES[level])})" if wants_trim else ""
    return Indication(
        title,
        _(
            "This episode is streamed. {what}{strength} works on its analysed audio, which "
            "comes after a download (analysing a stream would fetch it a second time). "
            "Download the episode to use it."
        ).format(what=what, strength=strength),
        hint=True,
    )


class SmartAudioIndicator(QLabel):
    """A small label under the seek slider; hidden while smart audio does nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("smartAudioIndicator")
        self.setAccessibleName(_("Smart audio"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)  # a narrow pane wraps the line rather than widening
        self.indication = Indication()
        self.setVisible(False)

    def show_indication(self, indication: Indication) -> None:
        """Show (or hide, for an empty text) what smart audio does."""
        self.indication = indication
        self.setText(indication.text)
        self.setToolTip(indication.tooltip)
        self.setAccessibleDescription(indication.tooltip)
        # What runs is quiet (placeholder grey); what is missing reads as normal text.
        role = (
            QPalette.ColorRole.WindowText if indication.hint else QPalette.ColorRole.PlaceholderText
        )
        self.setForegroundRole(role)
        font = self.font()
        font.setItalic(indication.hint)
        self.setFont(font)
        self.setVisible(bool(indication.text))
