"""The podcast page's part for a subscribed show: its stored episodes by season, its own
settings in place, and Unsubscribe.

A view: it shows what the controller read on the task pool (:meth:`show_podcast`) and reports
edits through signals; the controller saves them off the GUI thread. An edit is reported a
moment after the last change (:data:`SAVE_DELAY_MS`), so turning a spin box ten steps is one
write, and at once when the page closes (:meth:`flush`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from player.domain.format import clock
from player.domain.models import Episode, EpisodeState, Podcast
from player.i18n import N_, _, ngettext
from player.qt.dialogs.podcast_page_sections import date_text
from player.qt.dialogs.podcast_settings import SKIP_LIMIT
from player.qt.widgets.speed import speed_spin_box

SAVE_DELAY_MS = 400
ALL_SEASONS = N_("All seasons")
NO_SEASON = N_("No season")


def season_label(season: int | None, name: str, count: int) -> str:
    """ "Season 2 · The Return (10 episodes)"; episodes without a season are grouped last."""
    named = _("Season {season}").format(season=season) + (f" · {name}" if name else "")
    head = _(NO_SEASON) if season is None else named
    episodes = ngettext("{count} episode", "{count} episodes", count).format(count=count)
    return f"{head} ({episodes})"


def state_text(e: Episode) -> str:
    """Played, how far in, or nothing for an untouched episode."""
    if e.state is EpisodeState.PLAYED:
        return "Played"
    if e.in_progress and e.duration:
        return f"{min(99, int(100 * e.position / e.duration))}% heard"
    return "In progress" if e.in_progress else ""


def by_season(episodes: Sequence[Episode]) -> list[tuple[int | None, str, list[Episode]]]:
    """Episodes grouped by season in season order (no season last), each group in the order
    given (the store lists them by number)."""
    groups: dict[int | None, list[Episode]] = {}
    for e in episodes:
        groups.setdefault(e.season, []).append(e)
    keys = sorted((k for k in groups if k is not None), key=int)
    if None in groups:
        keys.append(None)  # type: ignore[arg-type]
    return [
        (k, next((e.season_name for e in groups[k] if e.season_name), ""), groups[k]) for k in keys
    ]


def _box(name: str, low: int, high: int, special: str, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setSpecialValueText(special)
    box.setSuffix(suffix)
    return box


class SubscribedSection(QWidget):
    """Tabs "Episodes" (by season) and "Settings" (saved as they change), and Unsubscribe."""

    saveRequested = Signal(int, dict)
    """(podcast id, the podcast columns changed) a moment after the listener's last edit."""
    unsubscribeRequested = Signal(Podcast)
    allSettingsRequested = Signal(Podcast)

    def __init__(self, default_rate: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("podcastPageSubscribed")
        self.podcast: Podcast | None = None
        self.default_rate = default_rate
        self._showing = False
        self._dirty = False
        self.tabs = QTabWidget()
        self.tabs.setObjectName("podcastPageTabs")
        self.tabs.addTab(self._episodes_tab(), _("Episodes"))
        self.tabs.addTab(self._settings_tab(), _("Settings"))
        self.unsubscribe = QPushButton(_("Unsubscribe…"))
        self.unsubscribe.setObjectName("podcastPageUnsubscribe")
        self.unsubscribe.setEnabled(False)
        self.unsubscribe.clicked.connect(self._unsubscribe)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    # -- building ----------------------------------------------------------------------------

    def _episodes_tab(self) -> QWidget:
        tab = QWidget()
        self.season = QComboBox()
        self.season.setObjectName("podcastPageSeason")
        self.season.setAccessibleName(_("Season"))
        self.season.currentIndexChanged.connect(self._season_picked)
        self.tree = QTreeWidget()
        self.tree.setObjectName("podcastPageSeasonEpisodes")
        self.tree.setAccessibleName(_("Episodes by season"))
        self.tree.setHeaderLabels([_("Episode"), _("Date"), _("Length"), _("State")])
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.season)
        layout.addWidget(self.tree, 1)
        return tab

    def _settings_tab(self) -> QWidget:
        tab = QWidget()
        self.own_rate = QCheckBox(_("Own playback speed"))
        self.own_rate.setObjectName("podcastPageOwnRate")
        self.rate = speed_spin_box(self.default_rate)
        self.rate.setObjectName("podcastPageRate")
        self.rate.setAccessibleName(_("Playback speed"))
        self.own_rate.toggled.connect(self.rate.setEnabled)
        self.auto_download = _box("podcastPageAutoDownload", 0, 50, _("Off"))
        self.keep_downloads = _box("podcastPageKeepDownloads", 0, 500, _("No limit"))
        self.keep_days = _box("podcastPageKeepDays", 0, 3650, _("Never"), _(" days"))
        self.skip_intro = _box("podcastPageSkipIntro", 0, SKIP_LIMIT, _("Off"), " s")
        self.skip_outro = _box("podcastPageSkipOutro", 0, SKIP_LIMIT, _("Off"), " s")
        self.all_settings = QPushButton(_("All settings…"))
        self.all_settings.setObjectName("podcastPageAllSettings")
        self.all_settings.setToolTip(_("Smart audio, user agent and login"))
        self.all_settings.clicked.connect(self._all_settings)
        form = QFormLayout(tab)
        form.addRow(self.own_rate, self.rate)
        for label, box in (
            (_("Download new episodes automatically (newest N)"), self.auto_download),
            (_("Keep at most this many played downloads"), self.keep_downloads),
            (_("Delete played downloads after"), self.keep_days),
            ("Skip intro", self.skip_intro),
            ("Skip outro", self.skip_outro),
        ):
            box.setAccessibleName(label)
            form.addRow(label, box)
            box.valueChanged.connect(self._edited)
        self.own_rate.toggled.connect(self._edited)
        self.rate.valueChanged.connect(self._edited)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.all_settings)
        form.addRow(row)
        return tab

    # -- what is shown -------------------------------------------------------------------------

    def show_podcast(self, podcast: Podcast, episodes: Sequence[Episode]) -> None:
        """The show as stored, and its episodes (by number); an edit waiting to be saved keeps
        its fields as the listener set them."""
        self.podcast = podcast
        self.unsubscribe.setEnabled(True)
        if not self._dirty:
            self._show_settings(podcast)
        self._show_episodes(episodes)

    def _show_settings(self, p: Podcast) -> None:
        self._showing = True
        try:
            self.own_rate.setChecked(p.playback_rate is not None)
            self.rate.setValue(p.playback_rate or self.default_rate)
            self.rate.setEnabled(p.playback_rate is not None)
            self.auto_download.setValue(p.auto_download)
            self.keep_downloads.setValue(p.keep_downloads)
            self.keep_days.setValue(p.keep_days)
            self.skip_intro.setValue(round(p.skip_intro))
            self.skip_outro.setValue(round(p.skip_outro))
        finally:
            self._showing = False

    def _show_episodes(self, episodes: Sequence[Episode]) -> None:
        picked = self.season.currentText()
        self.tree.clear()
        self.season.blockSignals(True)
        self.season.clear()
        self.season.addItem(_(ALL_SEASONS))
        for season, name, group in by_season(episodes):
            label = season_label(season, name, len(group))
            top = QTreeWidgetItem([label])
            top.setFirstColumnSpanned(True)
            for e in group:
                number = (
                    f"{e.episode_display}: "
                    if e.episode_display
                    else (f"{e.episode_number:g}. " if e.episode_number else "")
                )
                child = QTreeWidgetItem(
                    [f"{number}{e.title}", date_text(e.published), clock(e.duration), state_text(e)]
                )
                child.setToolTip(0, e.title)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
            self.season.addItem(label)
        index = self.season.findText(picked)
        self.season.setCurrentIndex(max(0, index))
        self.season.blockSignals(False)
        self._season_picked()

    def _season_picked(self, _index: int = 0) -> None:
        """One season only, or all of them."""
        shown = self.season.currentIndex() - 1  # -1: all
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None:
                item.setHidden(shown >= 0 and row != shown)

    # -- editing -------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The podcast columns this section edits, as shown."""
        p = self.podcast
        return {
            "playback_rate": round(self.rate.value(), 1) if self.own_rate.isChecked() else None,
            "auto_download": self.auto_download.value(),
            "keep_downloads": self.keep_downloads.value(),
            "keep_days": self.keep_days.value(),
            # A fraction set elsewhere (the CLI) stays while its whole seconds are untouched.
            "skip_intro": _seconds(self.skip_intro.value(), p.skip_intro if p else 0.0),
            "skip_outro": _seconds(self.skip_outro.value(), p.skip_outro if p else 0.0),
        }

    def _edited(self, *_args: object) -> None:
        if not self._showing and self.podcast is not None:
            self._dirty = True
            self._save_timer.start()

    def flush(self) -> None:
        """Report a waiting edit now (the delay elapsed, or the page closes)."""
        self._save_timer.stop()
        if self._dirty and self.podcast is not None:
            self._dirty = False
            self.saveRequested.emit(self.podcast.id, self.values())

    def _unsubscribe(self) -> None:
        if self.podcast is not None:
            self.unsubscribeRequested.emit(self.podcast)

    def _all_settings(self) -> None:
        if self.podcast is not None:
            self.allSettingsRequested.emit(self.podcast)


def _seconds(shown: int, stored: float) -> float:
    return float(stored) if shown == round(stored) else float(shown)
