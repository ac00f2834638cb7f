"""The now-playing pane's controls: the transport row (chapters, skips, play) and the row
under it (speed, volume, sleep timer).

A seam of its own because these widgets only turn clicks into requests and show what they are
told; they know nothing of episodes, chapters or notes, which the pane and its sections hold.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSlider, QToolButton, QVBoxLayout, QWidget

from player.i18n import _
from player.qt.icons import icon
from player.qt.widgets.speed import speed_spin_box
from player.services.playback_state import SleepMode

SLEEP_CHOICES = (("15 minutes", 15), ("30 minutes", 30), ("45 minutes", 45), ("1 hour", 60))
SPEED_PRESETS = (0.8, 1.0, 1.2, 1.5, 1.8, 2.0, 2.5, 3.0)


def speed_text(rate: float) -> str:
    """1.5×, 2×, 0.8×: how speeds read in labels and menus."""
    return f"{rate:g}×"


def skip_text(seconds: float, sign: str) -> str:
    """The skip buttons' labels: "-10 s", "+30 s"."""
    return f"{sign}{seconds:g} s"


def _tool(name: str, icon_name: str, text: str) -> QToolButton:
    button = QToolButton()
    button.setObjectName(name)
    button.setAccessibleName(text)
    button.setToolTip(text)
    button.setIcon(icon(icon_name))
    button.setIconSize(QSize(24, 24))
    button.setAutoRaise(True)
    return button


class PlaybackControls(QWidget):
    """Transport buttons over speed, volume and sleep timer; requests go out as signals and
    what is shown comes in through ``set_*``, never echoing a request back."""

    playPauseClicked = Signal()
    skipBackClicked = Signal()
    skipForwardClicked = Signal()
    previousChapterClicked = Signal()
    nextChapterClicked = Signal()
    rateRequested = Signal(float)
    volumeRequested = Signal(int)
    muteRequested = Signal(bool)
    sleepRequested = Signal(SleepMode, int)
    """A :class:`SleepMode` and, for AFTER_TIME, the minutes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.previous_chapter = _tool(
            "previousChapter", "media-skip-backward", _("Previous chapter")
        )
        self.skip_back = _tool("skipBack", "media-seek-backward", _("Skip back"))
        self.play_pause = _tool("playPause", "media-playback-start", _("Play"))
        self.play_pause.setIconSize(QSize(36, 36))
        self.skip_forward = _tool("skipForward", "media-seek-forward", _("Skip forward"))
        self.next_chapter = _tool("nextChapter", "media-skip-forward", _("Next chapter"))
        for button in (self.skip_back, self.skip_forward):
            # Under the icon: no taller than the play button, and narrow.
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(QSize(20, 20))
        self.set_skip_lengths(10, 30)
        self.previous_chapter.clicked.connect(self.previousChapterClicked)
        self.skip_back.clicked.connect(self.skipBackClicked)
        self.play_pause.clicked.connect(self.playPauseClicked)
        self.skip_forward.clicked.connect(self.skipForwardClicked)
        self.next_chapter.clicked.connect(self.nextChapterClicked)

        self.rate = speed_spin_box(1.0)
        self.rate.setObjectName("rate")
        self.rate.setAccessibleName(_("Playback speed"))
        self.rate.setToolTip(_("Playback speed (pitch is kept); new episodes start at it"))
        self.rate.valueChanged.connect(lambda v: self.rateRequested.emit(round(v, 1)))
        self.rate_presets = QToolButton()
        self.rate_presets.setObjectName("ratePresets")
        self.rate_presets.setAccessibleName(_("Speed presets"))
        self.rate_presets.setToolTip(_("Speed presets"))
        # A narrow arrow button: the pane must stay narrow enough for the episode titles.
        self.rate_presets.setArrowType(Qt.ArrowType.DownArrow)
        self.rate_presets.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.rate_presets.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.rate_presets.setAutoRaise(True)
        presets = QMenu(self.rate_presets)
        self.preset_group = QActionGroup(presets)
        # Optional: a speed between presets (1.3× from the spin box) checks none of them.
        self.preset_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for preset in SPEED_PRESETS:
            action = presets.addAction(speed_text(preset))
            action.setCheckable(True)
            action.setData(preset)
            action.triggered.connect(lambda _=False, r=preset: self.rateRequested.emit(r))
            self.preset_group.addAction(action)
        self.rate_presets.setMenu(presets)

        self.mute = _tool("mute", "audio-volume-high", _("Mute"))
        self.mute.setCheckable(True)
        self.mute.toggled.connect(self.muteRequested)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volume")
        self.volume.setAccessibleName(_("Volume"))
        self.volume.setRange(0, 150)
        self.volume.setMinimumWidth(40)
        self.volume.setMaximumWidth(120)
        self.volume_value = QLabel()
        self.volume_value.setObjectName("volumeValue")
        self.volume_value.setAccessibleName(_("Volume value"))
        self.volume_value.setMinimumWidth(
            self.volume_value.fontMetrics().horizontalAdvance("150 %")
        )
        self.volume.valueChanged.connect(self.volumeRequested)
        self.volume.valueChanged.connect(self._show_volume)
        self.volume.setValue(100)
        self._show_volume(100)

        self.sleep = _tool("sleepTimer", "appointment-soon", _("Sleep timer"))
        self.sleep.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.sleep)
        for words, minutes in SLEEP_CHOICES:
            menu.addAction(_("In {words}").format(words=words), self._sleep_after(minutes))
        menu.addAction(
            _("At the end of the chapter"), lambda: self._request_sleep(SleepMode.END_OF_CHAPTER)
        )
        menu.addAction(
            _("At the end of the episode"), lambda: self._request_sleep(SleepMode.END_OF_EPISODE)
        )
        menu.addSeparator()
        menu.addAction(_("Off"), lambda: self._request_sleep(SleepMode.OFF))
        self.sleep.setMenu(menu)

        transport = QHBoxLayout()
        transport.setSpacing(2)
        transport.addStretch(1)
        for button in (
            self.previous_chapter,
            self.skip_back,
            self.play_pause,
            self.skip_forward,
            self.next_chapter,
        ):
            transport.addWidget(button)
        transport.addStretch(1)

        extras = QHBoxLayout()
        extras.addWidget(self.rate)
        extras.addWidget(self.rate_presets)
        extras.addWidget(self.mute)
        extras.addWidget(self.volume, 1)
        extras.addWidget(self.volume_value)
        extras.addStretch(1)
        extras.addWidget(self.sleep)

        layout = QVBoxLayout(self)
        # The pane's own spacing, no margins: the rows sit as if laid straight into the pane.
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(transport)
        layout.addLayout(extras)

    def set_loaded(self, loaded: bool, can_play: bool) -> None:
        """Skips and speed need an episode; play also works for the queue's first entry."""
        for widget in (self.skip_back, self.skip_forward, self.rate, self.rate_presets):
            widget.setEnabled(loaded)
        self.play_pause.setEnabled(can_play)

    def set_has_chapters(self, has: bool) -> None:
        """The chapter buttons only mean something when there are chapters."""
        for widget in (self.previous_chapter, self.next_chapter):
            widget.setEnabled(has)

    def set_playing(self, playing: bool) -> None:
        """Switch the play/pause button."""
        self.play_pause.setIcon(icon("media-playback-pause" if playing else "media-playback-start"))
        text = "Pause" if playing else "Play"
        self.play_pause.setToolTip(text)
        self.play_pause.setAccessibleName(text)

    def set_skip_lengths(self, back: float, forward: float) -> None:
        """Label the skip buttons with what they do ("-10 s", "+30 s")."""
        for button, seconds, sign, template in (
            (self.skip_back, back, "-", _("Skip back {seconds:g} seconds")),
            (self.skip_forward, forward, "+", _("Skip forward {seconds:g} seconds")),
        ):
            # A left-to-right mark first: in Arabic the label still reads "-10 s", not "s 10-".
            mark = "\u200e" if button.isRightToLeft() else ""
            button.setText(mark + skip_text(seconds, sign))
            tip = template.format(seconds=seconds)
            button.setToolTip(tip)
            button.setAccessibleName(tip)

    def set_rate(self, rate: float) -> None:
        """Show the rate without echoing a request back."""
        self.rate.blockSignals(True)
        self.rate.setValue(rate)
        self.rate.blockSignals(False)
        for action in self.preset_group.actions():
            action.setChecked(abs(float(action.data()) - rate) < 1e-6)

    def set_volume(self, volume: int, muted: bool) -> None:
        """Show volume and mute without echoing requests back."""
        for widget in (self.volume, self.mute):
            widget.blockSignals(True)
        self.volume.setValue(volume)
        self.mute.setChecked(muted)
        self.mute.setIcon(icon("audio-volume-muted" if muted else "audio-volume-high"))
        self.mute.setAccessibleName(_("Unmute") if muted else _("Mute"))
        for widget in (self.volume, self.mute):
            widget.blockSignals(False)
        self._show_volume(volume)

    def set_sleep_tip(self, text: str) -> None:
        """The sleep button's tooltip says what the timer will do."""
        self.sleep.setToolTip(text or "Sleep timer")

    def _show_volume(self, volume: int) -> None:
        self.volume_value.setText(f"{volume} %")
        self.volume.setToolTip(_("Volume {volume} %").format(volume=volume))

    def _sleep_after(self, minutes: int) -> Callable[[], None]:
        return lambda: self._request_sleep(SleepMode.AFTER_TIME, minutes)

    def _request_sleep(self, mode: SleepMode, minutes: int = 0) -> None:
        self.sleepRequested.emit(mode, minutes)
