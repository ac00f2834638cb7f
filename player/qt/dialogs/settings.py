"""Settings: playback, audio (smart audio), keyboard shortcuts, "Privacy & up next",
appearance, directories, sync.

The privacy page says in plain words what the app keeps, lets the listener pause learning,
clear the listening history, and see which signals produced each current suggestion.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from player import i18n
from player.domain.audio import TRIM_LEVELS
from player.domain.audio_effects import (
    DEFAULT_TARGET_LUFS,
    LOUDNESS_TARGET_KEY,
    NORMALIZE_KEY,
    TRIM_SILENCE_KEY,
    VOICE_BOOST_KEY,
)
from player.domain.settings import AUTO_REFRESH_HOURS
from player.domain.show_privacy import NETWORK_KEY as SHOWS_NETWORK_KEY
from player.domain.show_privacy import PRIVACY_NOTE as SHOWS_PRIVACY_NOTE
from player.domain.suggestion import Suggestion
from player.i18n import N_, _
from player.qt.dialogs.settings_directories import DirectoriesInfo, DirectoriesPage
from player.qt.dialogs.settings_sync import SyncPage
from player.qt.dialogs.shortcuts import ShortcutEditor
from player.qt.locale_setup import language_name
from player.qt.theme import SETTING as THEME_SETTING
from player.qt.theme import THEME_LABELS, parse_theme
from player.qt.widgets.smart_audio import TRIM_NAMES, trim_rule_text
from player.qt.widgets.speed import speed_spin_box

PLAYBACK_FIELDS = (
    ("playback.skip_back_seconds", N_("Skip back (seconds)"), 1, 300),
    ("playback.skip_forward_seconds", N_("Skip forward (seconds)"), 1, 600),
    ("playback.resume_rewind_seconds", N_("Rewind when resuming (seconds)"), 0, 60),
    ("playback.played_threshold_seconds", N_("Count as played this close to the end (seconds)"), 0,
     600),
)  # fmt: skip
SMART_AUDIO_PREFIX = "audio."
"""Settings under this prefix are smart audio's: a change is applied to the playing episode."""
LOUDNESS_RANGE = (-24.0, -12.0)
"""Even-loudness targets offered: -24 (EBU R128 broadcast, quiet) to -12 (loud, noisy places);
-16 is what podcast platforms master to."""
REFRESH_CHOICES = (
    (0, N_("Off")),
    (1, N_("Every hour")),
    (2, N_("Every 2 hours")),
    (4, N_("Every 4 hours")),
    (6, N_("Every 6 hours")),
    (12, N_("Every 12 hours")),
    (24, N_("Once a day")),
)


def refresh_choice(hours: float) -> QComboBox:
    """The "Refresh feeds" choice, with a value set elsewhere (the CLI) listed too."""
    hours = int(hours) if float(hours).is_integer() else float(hours)
    combo = QComboBox()
    combo.setObjectName("autoRefreshChoice")
    combo.setAccessibleName(_("Refresh feeds automatically"))
    for value, label in REFRESH_CHOICES:
        combo.addItem(_(label), value)
    if combo.findData(hours) < 0:
        combo.addItem(_("Every {hours:g} hours").format(hours=hours), hours)
    combo.setCurrentIndex(combo.findData(hours))
    return combo


class SettingsDialog(QDialog):
    """Edits a dict of settings; ``changes()`` returns what the listener changed."""

    def __init__(
        self,
        values: dict[str, Any],
        kept_data: str,
        suggestions: list[Suggestion],
        clear_history: Callable[[], None],
        parent: QWidget | None = None,
        directories: DirectoriesInfo | None = None,
        sync_page: SyncPage | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        self.values = values
        self.clear_history = clear_history
        self.tabs = QTabWidget()
        self.tabs.addTab(self._playback_page(), _("Playback"))
        self.tabs.addTab(self._audio_page(), _("Audio"))
        self.shortcuts = ShortcutEditor(values.get("ui.shortcuts") or {})
        self.tabs.addTab(self.shortcuts, _("Keyboard"))
        self.tabs.addTab(self._privacy_page(kept_data, suggestions), _("Privacy && up next"))
        self.tabs.addTab(self._appearance_page(), _("Appearance"))
        self.directories = DirectoriesPage(directories) if directories is not None else None
        if self.directories is not None:
            self.tabs.addTab(self.directories, _("Directories"))
        self.sync_page = sync_page
        if sync_page is not None:
            self.tabs.addTab(sync_page, _("Sync"))
            self.finished.connect(sync_page.dialog_closed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(640, 600)  # the Sync page, logged in with an error, needs no scrolling

    def _playback_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.spins: dict[str, QSpinBox] = {}
        for key, label, low, high in PLAYBACK_FIELDS:
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setValue(int(self.values.get(key, 0)))
            spin.setAccessibleName(_(label))
            form.addRow(_(label), spin)
            self.spins[key] = spin
        self.auto_refresh = refresh_choice(self.values.get(AUTO_REFRESH_HOURS, 1))
        self.auto_refresh.setToolTip(
            _("Also once after start-up. Off: only when you choose Refresh all (Ctrl+R).")
        )
        form.addRow(_("Refresh feeds automatically"), self.auto_refresh)
        self.default_rate = speed_spin_box(float(self.values.get("playback.rate", 1.0)))
        self.default_rate.setObjectName("defaultRate")
        self.default_rate.setAccessibleName(_("Default playback speed"))
        self.default_rate.setToolTip(
            _(
                "New episodes start at this speed, unless their podcast has its own. Changing the "
                "speed while listening sets it too."
            )
        )
        form.addRow(_("Default playback speed"), self.default_rate)
        self.checks: dict[str, QCheckBox] = {}
        for key, label in (
            ("playback.auto_advance", N_("Play the next queue entry when an episode ends")),
            ("mpris.chapter_aware_next", N_("Media keys Next/Previous move between chapters")),
            ("desktop.tray_icon", N_("Show an icon in the system tray")),
            ("desktop.notify_new_episodes", N_("Notify me about new episodes after a refresh")),
        ):
            box = QCheckBox(_(label))
            box.setChecked(bool(self.values.get(key, False)))
            form.addRow(box)
            self.checks[key] = box
        return page

    def _audio_page(self) -> QWidget:
        """Smart audio's global defaults; a podcast's own choices (Podcast Settings) win."""
        page = QWidget()
        page.setObjectName("audioPage")
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        intro = QLabel(
            _(
                "For every podcast without its own choice (Podcast Settings). Trim silence and "
                "even "
                "loudness work on downloaded episodes: their audio is analysed after the download."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.trim_silence = QComboBox()
        self.trim_silence.setObjectName("trimSilenceChoice")
        self.trim_silence.setAccessibleName(_("Trim silence"))
        for level in TRIM_LEVELS:
            self.trim_silence.addItem(_(TRIM_NAMES[level]), level)
            index = self.trim_silence.count() - 1
            self.trim_silence.setItemData(
                index, trim_rule_text(level).capitalize(), Qt.ItemDataRole.ToolTipRole
            )
        chosen = self.trim_silence.findData(self.values.get(TRIM_SILENCE_KEY, "off"))
        self.trim_silence.setCurrentIndex(max(0, chosen))
        self.trim_silence.setToolTip(
            _(
                "Shortens pauses while playing, keeping a short one so speech never runs together. "
                "Mild: pauses of a second or more; Medium: between sentences; Strong: at "
                "commas too."
            )
        )
        form.addRow(_("Trim silence"), self.trim_silence)
        self.trim_hint = QLabel()
        self.trim_hint.setObjectName("trimSilenceHint")  # one short line: no wrapping
        self.trim_silence.currentIndexChanged.connect(self._show_trim_rule)
        self._show_trim_rule()
        form.addRow("", self.trim_hint)
        self.normalize = QCheckBox(_("Even loudness: bring every episode to the same level"))
        self.normalize.setObjectName("normalizeToggle")
        self.normalize.setChecked(bool(self.values.get(NORMALIZE_KEY, False)))
        form.addRow(self.normalize)
        self.loudness_target = QDoubleSpinBox()
        self.loudness_target.setObjectName("loudnessTarget")
        self.loudness_target.setAccessibleName(_("Loudness target"))
        self.loudness_target.setRange(*LOUDNESS_RANGE)
        self.loudness_target.setDecimals(1)  # a -16.5 set elsewhere is kept, not rounded
        self.loudness_target.setSingleStep(1.0)
        self.loudness_target.setSuffix(_(" LUFS"))
        target = self.values.get(LOUDNESS_TARGET_KEY, DEFAULT_TARGET_LUFS)
        self.loudness_target.setValue(
            float(target) if isinstance(target, int | float) else DEFAULT_TARGET_LUFS
        )
        self.loudness_target.setToolTip(
            _(
                "-16 LUFS is what podcast apps aim for; higher is louder. Peaks are never lifted "
                "past -1 dBTP, so a quiet episode with loud peaks stays a little under the target."
            )
        )
        self.loudness_target.setEnabled(self.normalize.isChecked())
        self.normalize.toggled.connect(self.loudness_target.setEnabled)
        form.addRow(_("Loudness target"), self.loudness_target)
        self.voice_boost = QCheckBox(_("Voice boost: quiet voices up, loud ones down"))
        self.voice_boost.setObjectName("voiceBoostToggle")
        self.voice_boost.setToolTip(_("For noisy places: evens out speech within an episode."))
        self.voice_boost.setChecked(bool(self.values.get(VOICE_BOOST_KEY, False)))
        form.addRow(self.voice_boost)
        return page

    def _show_trim_rule(self) -> None:
        level = self.trim_silence.currentData()
        rule = trim_rule_text(level).capitalize()
        self.trim_hint.setText(
            f"{rule}." if level != "off" else _("Pauses are played as they are.")
        )

    def _privacy_page(self, kept_data: str, suggestions: list[Suggestion]) -> QWidget:
        page = QWidget()
        page.setObjectName("privacyPage")
        layout = QVBoxLayout(page)
        kept = QLabel(kept_data)
        kept.setObjectName("keptData")
        kept.setWordWrap(True)
        layout.addWidget(kept)
        self.learning = QCheckBox(_("Learn from my listening (suggestions use this history)"))
        self.learning.setObjectName("learningToggle")
        self.learning.setChecked(bool(self.values.get("recommend.learning", True)))
        layout.addWidget(self.learning)
        self.show_network = QCheckBox(
            _("New shows you would like: ask the directories (charts, podroll look-ups)")
        )
        self.show_network.setObjectName("showSuggestionsNetwork")
        self.show_network.setChecked(bool(self.values.get(SHOWS_NETWORK_KEY, True)))
        layout.addWidget(self.show_network)
        sent = QLabel(_(SHOWS_PRIVACY_NOTE))
        sent.setObjectName("showSuggestionsPrivacy")
        sent.setWordWrap(True)
        layout.addWidget(sent)
        clear = QPushButton(_("Clear listening history…"))
        clear.setObjectName("clearHistory")
        clear.clicked.connect(self._confirm_clear)
        layout.addWidget(clear)
        layout.addWidget(QLabel(_("<b>Why these suggestions</b>")))
        why = QTextBrowser()
        why.setObjectName("suggestionSignals")
        why.setOpenLinks(False)
        parts = []
        for s in suggestions:
            items = "".join(f"<li>{escape(n)}: {escape(d)}</li>" for n, d in s.signals)
            parts.append(
                f"<p><b>{escape(s.episode.title)}</b> — {escape(s.reason)}</p><ul>{items}</ul>"
            )
        why.setHtml("".join(parts) or "<p>No suggestions at the moment.</p>")
        layout.addWidget(why, 1)
        return page

    def _appearance_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("appearancePage")
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.theme = QComboBox()
        self.theme.setObjectName("themeChoice")
        self.theme.setAccessibleName(_("Theme"))
        for theme, label in THEME_LABELS:
            self.theme.addItem(_(label), theme.value)
        self.theme.setCurrentIndex(self.theme.findData(parse_theme(self.values.get(THEME_SETTING))))
        form.addRow(_("Theme:"), self.theme)
        hint = QLabel(_("“Follow the system” uses the desktop's light or dark setting."))
        hint.setWordWrap(True)
        form.addRow(hint)
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("Follow the system"), "")
        for code in i18n.available_languages():
            self.language.addItem(language_name(code), code)
        chosen = self.language.findData(str(self.values.get(i18n.SETTING) or ""))
        self.language.setCurrentIndex(max(0, chosen))
        form.addRow(_("Language:"), self.language)
        restart = QLabel(_("A new language applies the next time the app starts."))
        restart.setObjectName("languageRestartNote")
        restart.setWordWrap(True)
        form.addRow(restart)
        return page

    def accept(self) -> None:
        """Save, unless a half-typed key would be lost (then say so on its page)."""
        page = self.directories
        if page is not None and (problem := page.problem()):
            page.error.setText(problem)
            self.tabs.setCurrentWidget(page)
            return
        super().accept()

    def credentials(self) -> tuple[str, str] | None:
        """A Podcast Index key and secret to store (("", "") removes it), None: unchanged."""
        return self.directories.credentials() if self.directories is not None else None

    def _confirm_clear(self) -> None:
        answer = QMessageBox.question(
            self,
            _("Clear listening history"),
            _(
                "Forget every listening span and “not interested” click? Positions and played "
                "marks stay."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.clear_history()

    def changes(self) -> dict[str, Any]:
        """Settings that differ from the values the dialog opened with."""
        chosen: dict[str, Any] = {key: spin.value() for key, spin in self.spins.items()}
        chosen.update({key: box.isChecked() for key, box in self.checks.items()})
        chosen["playback.rate"] = round(self.default_rate.value(), 1)
        chosen["recommend.learning"] = self.learning.isChecked()
        chosen[SHOWS_NETWORK_KEY] = self.show_network.isChecked()
        chosen[AUTO_REFRESH_HOURS] = self.auto_refresh.currentData()
        chosen["ui.shortcuts"] = self.shortcuts.overrides()
        chosen[THEME_SETTING] = self.theme.currentData()
        chosen[i18n.SETTING] = self.language.currentData()
        chosen[TRIM_SILENCE_KEY] = self.trim_silence.currentData()
        chosen[NORMALIZE_KEY] = self.normalize.isChecked()
        chosen[LOUDNESS_TARGET_KEY] = float(self.loudness_target.value())
        chosen[VOICE_BOOST_KEY] = self.voice_boost.isChecked()
        if self.directories is not None:
            chosen.update(self.directories.changes())
        return {k: v for k, v in chosen.items() if self.values.get(k) != v}
