"""Per-podcast settings: playback rate, smart audio (trim silence, even loudness, voice boost,
skip intro and outro), automatic downloads and cleanup, user agent, login."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from player.domain.audio import TRIM_LEVELS
from player.domain.audio_effects import NORMALIZE_KEY, TRIM_SILENCE_KEY, VOICE_BOOST_KEY
from player.domain.models import Podcast
from player.i18n import N_, _
from player.qt.widgets.smart_audio import TRIM_NAMES, trim_rule_text
from player.qt.widgets.speed import speed_spin_box
from player.services.feed_passwords import NOT_KEPT, FeedPasswords

SKIP_LIMIT = 600
"""Longest intro or outro skip offered, seconds (ten minutes is a long sponsor block)."""


@dataclass(frozen=True, slots=True)
class SmartDefaults:
    """The global smart-audio settings, named in the "Default (…)" choices."""

    trim_silence: str = "off"
    normalize: bool = False
    voice_boost: bool = False


def smart_defaults(setting: Callable[[str], Any]) -> SmartDefaults:
    """The global choices from the window's settings (``setting(key)``, held in memory)."""
    trim = setting(TRIM_SILENCE_KEY)
    return SmartDefaults(
        trim_silence=trim if trim in TRIM_LEVELS else "off",
        normalize=bool(setting(NORMALIZE_KEY)),
        voice_boost=bool(setting(VOICE_BOOST_KEY)),
    )


def _on_off(value: bool) -> str:
    return "On" if value else "Off"


def _choice(
    name: str, default: str, options: Sequence[tuple[str, object]], now: object
) -> QComboBox:
    """A combo box whose first entry, "Default (global: …)", stands for None."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(_("Default (global: {default})").format(default=default), None)
    for label, value in options:
        combo.addItem(label, value)
    index = combo.findData(now) if now is not None else 0
    combo.setCurrentIndex(max(0, index))
    return combo


class PodcastSettingsDialog(QDialog):
    """Edits the podcast's own settings; ``values()`` gives the columns to store.

    ``default_rate`` is the speed episodes start at without an own speed (the last speed the
    listener chose), shown so the choice between the two is an informed one.
    """

    def __init__(
        self,
        podcast: Podcast,
        parent: QWidget | None = None,
        default_rate: float = 1.0,
        passwords: FeedPasswords | None = None,
        smart_defaults: SmartDefaults | None = None,
    ) -> None:
        smart = smart_defaults
        super().__init__(parent)
        self._podcast = podcast
        self.setObjectName("podcastSettingsDialog")
        self.setWindowTitle(_("Settings for {title}").format(title=podcast.title))
        self.own_rate = QCheckBox(_("Own playback speed"))
        self.own_rate.setObjectName("podcastOwnRate")
        self.rate_hint = QLabel(
            _(
                "When set, episodes of this podcast start at this speed. Otherwise they start "
                "at the default speed, now {default_rate:g}× (the last speed you chose)."
            ).format(default_rate=default_rate)
        )
        self.rate_hint.setObjectName("podcastRateHint")
        self.rate_hint.setWordWrap(True)
        self.rate = speed_spin_box(podcast.playback_rate or default_rate)
        self.rate.setObjectName("podcastRate")
        self.own_rate.setChecked(podcast.playback_rate is not None)
        self.rate.setEnabled(self.own_rate.isChecked())
        self.own_rate.toggled.connect(self.rate.setEnabled)
        self.auto_download = QSpinBox()
        self.auto_download.setRange(0, 50)
        self.auto_download.setSpecialValueText(_("Off"))
        self.auto_download.setValue(podcast.auto_download)
        self.keep_downloads = QSpinBox()
        self.keep_downloads.setRange(0, 500)
        self.keep_downloads.setSpecialValueText(_("No limit"))
        self.keep_downloads.setValue(podcast.keep_downloads)
        self.keep_days = QSpinBox()
        self.keep_days.setRange(0, 3650)
        self.keep_days.setSpecialValueText(_("Never"))
        self.keep_days.setSuffix(_(" days"))
        self.keep_days.setValue(podcast.keep_days)
        self.user_agent = QLineEdit(podcast.user_agent or "")
        self.user_agent.setPlaceholderText(_("Default"))
        self.username = QLineEdit(podcast.username or "")
        # The keyring is read here, once, as the dialog opens (not at every key typed), and
        # only for a feed with a login.
        self.passwords = passwords or FeedPasswords()
        kept = self.passwords.password(podcast.url) if podcast.username else None
        self._shown_password = kept or podcast.password or ""
        self.password = QLineEdit(self._shown_password)
        self.password.setObjectName("podcastPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_note = QLabel(password_note(podcast, self.passwords.persistent))
        self.password_note.setObjectName("podcastPasswordNote")
        self.password_note.setWordWrap(True)
        self.password_note.setVisible(bool(self.password_note.text()))
        form = QFormLayout(self)
        form.addRow(self.own_rate, self.rate)
        form.addRow(self.rate_hint)
        form.addRow(self._smart_audio_group(podcast, smart or SmartDefaults()))
        form.addRow(_("Download new episodes automatically (newest N)"), self.auto_download)
        form.addRow(_("Keep at most this many played downloads"), self.keep_downloads)
        form.addRow(_("Delete played downloads after"), self.keep_days)
        form.addRow(_("User agent for this feed"), self.user_agent)
        form.addRow(_("Username"), self.username)
        form.addRow(_("Password"), self.password)
        form.addRow(self.password_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for widget, name in (
            (self.rate, _("Playback speed")),
            (self.auto_download, "Auto-download"),
            (self.keep_downloads, _("Downloads to keep")),
            (self.keep_days, _("Days to keep")),
            (self.user_agent, "User agent"),
            (self.username, "Username"),
            (self.password, "Password"),
        ):
            widget.setAccessibleName(name)

    def _smart_audio_group(self, podcast: Podcast, defaults: SmartDefaults) -> QGroupBox:
        """Trim silence, even loudness and voice boost ("Default" follows Settings -> Audio),
        and the seconds to skip at each episode's start and end."""
        group = QGroupBox(_("Smart audio"))
        group.setObjectName("podcastSmartAudio")
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        levels = [(_(TRIM_NAMES[level]), level) for level in TRIM_LEVELS]
        self.trim_silence = _choice(
            "podcastTrimSilence",
            _(TRIM_NAMES[defaults.trim_silence]),
            levels,
            podcast.trim_silence,
        )
        for index, level in enumerate(TRIM_LEVELS, start=1):
            self.trim_silence.setItemData(
                index, trim_rule_text(level).capitalize(), Qt.ItemDataRole.ToolTipRole
            )
        on_off: list[tuple[str, object]] = [("On", True), ("Off", False)]
        self.normalize = _choice(
            "podcastNormalize", _on_off(defaults.normalize), on_off, podcast.normalize_loudness
        )
        self.voice_boost = _choice(
            "podcastVoiceBoost", _on_off(defaults.voice_boost), on_off, podcast.voice_boost
        )
        self.skip_intro = self._skip_box("podcastSkipIntro", podcast.skip_intro)
        self.skip_outro = self._skip_box("podcastSkipOutro", podcast.skip_outro)
        for label, widget in (
            (_("Trim silence"), self.trim_silence),
            (_("Even loudness"), self.normalize),
            ("Voice boost", self.voice_boost),
            ("Skip intro", self.skip_intro),
            ("Skip outro", self.skip_outro),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        hint = QLabel(
            _(
                "Trim silence and even loudness work on downloaded episodes. Skips apply to "
                "every episode: the intro when it starts from the beginning, the outro at its end."
            )
        )
        hint.setObjectName("podcastSmartAudioHint")
        hint.setWordWrap(True)
        form.addRow(hint)
        return group

    @staticmethod
    def _skip_box(name: str, seconds: float) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setRange(0, SKIP_LIMIT)
        box.setSuffix(" s")
        box.setSpecialValueText(_("Off"))
        box.setValue(round(seconds))
        return box

    def values(self) -> dict[str, Any]:
        """The podcast columns this dialog edits, as chosen."""
        return {
            "playback_rate": round(self.rate.value(), 1) if self.own_rate.isChecked() else None,
            "trim_silence": self.trim_silence.currentData(),
            "normalize_loudness": self.normalize.currentData(),
            "voice_boost": self.voice_boost.currentData(),
            "skip_intro": _seconds(self.skip_intro.value(), self._podcast.skip_intro),
            "skip_outro": _seconds(self.skip_outro.value(), self._podcast.skip_outro),
            "auto_download": self.auto_download.value(),
            "keep_downloads": self.keep_downloads.value(),
            "keep_days": self.keep_days.value(),
            "user_agent": self.user_agent.text().strip() or None,
            "username": self.username.text().strip() or None,
        }

    def changed_password(self) -> str | None:
        """The password typed, when it differs from the one shown ("" clears it); None when
        unchanged. It is kept through :class:`FeedPasswords`, never with :meth:`values`."""
        typed = self.password.text()
        return None if typed == self._shown_password else typed


def _seconds(shown: int, stored: float) -> float:
    """The skip to store: a fraction set elsewhere (the CLI) stays when the whole seconds
    shown for it were not changed."""
    return float(stored) if shown == round(stored) else float(shown)


LEFT_IN_DATABASE = N_(
    "This password is still stored in the library database, as older versions kept it: no "
    "keyring is available to move it into. Saving a new one keeps that one for this session only."
)


def password_note(podcast: Podcast, persistent: bool) -> str:
    """What the dialog says about where the password is kept ("" when in the keyring)."""
    if persistent:
        return ""
    return _(LEFT_IN_DATABASE if podcast.password else NOT_KEPT)
