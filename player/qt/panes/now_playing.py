"""Now-playing pane: what is playing and every control for it.

The pane is a view: it shows what it is told (``show_*``/``set_*``) and reports what the
listener asks for through signals. The window connects it to the player bridge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QActionGroup, QFont, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSlider,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.domain.format import clock
from player.domain.models import Chapter, Episode
from player.qt.icons import icon
from player.qt.widgets.notes import NotesBrowser
from player.qt.widgets.seek_slider import SeekSlider
from player.qt.widgets.speed import speed_spin_box
from player.services.playback_state import SleepMode

COVER_SIZE = 88
SLEEP_CHOICES = (("15 minutes", 15), ("30 minutes", 30), ("45 minutes", 45), ("1 hour", 60))
SPEED_PRESETS = (0.8, 1.0, 1.2, 1.5, 1.8, 2.0, 2.5, 3.0)
CHAPTER_ROWS = 6
"""Chapters listed without scrolling; longer lists scroll and the notes keep the rest."""
NO_NOTES = "<p><i>This episode has no show notes.</i></p>"


def speed_text(rate: float) -> str:
    """1.5×, 2×, 0.8×: how speeds read in labels and menus."""
    return f"{rate:g}×"


def skip_text(seconds: float, sign: str) -> str:
    """The skip buttons' labels: "-10 s", "+30 s"."""
    return f"{sign}{seconds:g} s"


def remaining_text(left: float, rate: float) -> tuple[str, str]:
    """The remaining-time label and its tooltip: real time at the current speed."""
    wall = left / max(rate, 0.01)
    if abs(rate - 1.0) < 1e-6:
        return f"-{clock(wall)}", f"{clock(wall)} left"
    return (
        f"-{clock(wall)} at {speed_text(rate)}",
        f"{clock(wall)} left at {speed_text(rate)} ({clock(left)} of audio)",
    )


def _header(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class VideoSurface(QWidget):
    """A native window libVLC draws video into (only shown for video episodes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoSurface")
        self.setAccessibleName("Video")
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setMinimumSize(QSize(320, 180))
        self.setStyleSheet("background: black;")

    def handle(self) -> int:
        """The platform window id to hand to libVLC."""
        return int(self.winId())


def _tool(name: str, icon_name: str, text: str) -> QToolButton:
    button = QToolButton()
    button.setObjectName(name)
    button.setAccessibleName(text)
    button.setToolTip(text)
    button.setIcon(icon(icon_name))
    button.setIconSize(QSize(24, 24))
    button.setAutoRaise(True)
    return button


class NowPlayingPane(QWidget):
    """Cover, titles, seek slider with chapter marks, transport, rate, volume, sleep, chapters,
    show notes and (for video) the video surface."""

    playPauseClicked = Signal()
    skipBackClicked = Signal()
    skipForwardClicked = Signal()
    previousChapterClicked = Signal()
    nextChapterClicked = Signal()
    seekRequested = Signal(float)
    rateRequested = Signal(float)
    volumeRequested = Signal(int)
    muteRequested = Signal(bool)
    chapterActivated = Signal(int)
    sleepRequested = Signal(SleepMode, int)
    """A :class:`SleepMode` and, for AFTER_TIME, the minutes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nowPlayingPane")
        self.setAccessibleName("Now playing")
        self.episode: Episode | None = None
        self.resume_title: str | None = None
        """What the play key starts while nothing is loaded (the queue's first entry)."""
        self.notes_episode: Episode | None = None
        """Whose notes the notes view shows (the playing episode, or one the listener chose)."""
        self.chapters: list[Chapter] = []
        self.duration = 0.0
        self.position = 0.0
        self.playing_rate = 1.0

        self.cover = QLabel()
        self.cover.setObjectName("nowPlayingCover")
        self.cover.setAccessibleName("Cover art")
        self.cover.setFixedSize(COVER_SIZE, COVER_SIZE)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setScaledContents(False)
        self.video = VideoSurface()
        self.visual = QStackedWidget()
        self.visual.addWidget(self.cover)
        self.visual.addWidget(self.video)

        self.title = QLabel("Nothing playing")
        self.title.setObjectName("nowPlayingTitle")
        self.title.setAccessibleName("Episode title")
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.title.setFont(bold)
        self.podcast = QLabel("")
        self.podcast.setObjectName("nowPlayingPodcast")
        self.podcast.setAccessibleName("Podcast")
        self.chapter_title = QLabel("")
        self.chapter_title.setObjectName("nowPlayingChapter")
        self.chapter_title.setAccessibleName("Current chapter")
        for label in (self.podcast, self.chapter_title):
            label.setWordWrap(True)  # long names wrap rather than widen the pane
        self.status = QLabel("")
        self.status.setObjectName("playbackStatus")
        self.status.setAccessibleName("Playback message")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #c62828;")

        self.slider = SeekSlider()
        self.slider.seekRequested.connect(self.seekRequested)
        self.elapsed = QLabel("0:00")
        self.elapsed.setObjectName("elapsedTime")
        self.elapsed.setAccessibleName("Elapsed time")
        self.remaining = QLabel("-0:00")
        self.remaining.setObjectName("remainingTime")
        self.remaining.setAccessibleName("Remaining time")

        self.previous_chapter = _tool("previousChapter", "media-skip-backward", "Previous chapter")
        self.skip_back = _tool("skipBack", "media-seek-backward", "Skip back")
        self.play_pause = _tool("playPause", "media-playback-start", "Play")
        self.play_pause.setIconSize(QSize(36, 36))
        self.skip_forward = _tool("skipForward", "media-seek-forward", "Skip forward")
        self.next_chapter = _tool("nextChapter", "media-skip-forward", "Next chapter")
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
        self.rate.setAccessibleName("Playback speed")
        self.rate.setToolTip("Playback speed (pitch is kept); new episodes start at it")
        self.rate.valueChanged.connect(lambda v: self.rateRequested.emit(round(v, 1)))
        self.rate_presets = QToolButton()
        self.rate_presets.setObjectName("ratePresets")
        self.rate_presets.setAccessibleName("Speed presets")
        self.rate_presets.setToolTip("Speed presets")
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

        self.mute = _tool("mute", "audio-volume-high", "Mute")
        self.mute.setCheckable(True)
        self.mute.toggled.connect(self.muteRequested)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volume")
        self.volume.setAccessibleName("Volume")
        self.volume.setRange(0, 150)
        self.volume.setMinimumWidth(40)
        self.volume.setMaximumWidth(120)
        self.volume_value = QLabel()
        self.volume_value.setObjectName("volumeValue")
        self.volume_value.setAccessibleName("Volume value")
        self.volume_value.setMinimumWidth(
            self.volume_value.fontMetrics().horizontalAdvance("150 %")
        )
        self.volume.valueChanged.connect(self.volumeRequested)
        self.volume.valueChanged.connect(self._show_volume)
        self.volume.setValue(100)
        self._show_volume(100)

        self.sleep = _tool("sleepTimer", "appointment-soon", "Sleep timer")
        self.sleep.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.sleep)
        for words, minutes in SLEEP_CHOICES:
            menu.addAction(f"In {words}", self._sleep_after(minutes))
        menu.addAction(
            "At the end of the chapter", lambda: self._request_sleep(SleepMode.END_OF_CHAPTER)
        )
        menu.addAction(
            "At the end of the episode", lambda: self._request_sleep(SleepMode.END_OF_EPISODE)
        )
        menu.addSeparator()
        menu.addAction("Off", lambda: self._request_sleep(SleepMode.OFF))
        self.sleep.setMenu(menu)
        self.sleep_label = QLabel("")
        self.sleep_label.setObjectName("sleepLabel")
        self.sleep_label.setAccessibleName("Sleep timer")
        self.sleep_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sleep_label.setWordWrap(True)  # a long "Stops at the end of..." must not widen us

        self.chapter_list = QListWidget()
        self.chapter_list.setObjectName("chapterList")
        self.chapter_list.setAccessibleName("Chapters")
        self.chapter_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chapter_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chapter_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.chapter_list.itemActivated.connect(self._chapter_clicked)
        self.chapter_list.itemClicked.connect(self._chapter_clicked)
        self.notes = NotesBrowser()
        self.notes.setMinimumHeight(60)
        self.chapters_header = _header("Chapters", "chaptersHeader")
        self.notes_header = _header("Show notes", "notesHeader")
        self.notes_header.setWordWrap(True)
        self.notes_back = QToolButton()
        self.notes_back.setObjectName("notesBack")
        self.notes_back.clicked.connect(self.show_own_notes)
        self.notes_back.setVisible(False)

        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.podcast)
        heading.addWidget(self.chapter_title)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.visual)
        top.addLayout(heading, 1)

        times = QHBoxLayout()
        times.addWidget(self.elapsed)
        times.addWidget(self.sleep_label, 1)
        times.addWidget(self.remaining)

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

        self.chapters_section = QWidget()
        self.chapters_section.setObjectName("chaptersSection")
        chapters_layout = QVBoxLayout(self.chapters_section)
        chapters_layout.setContentsMargins(0, 0, 0, 0)
        chapters_layout.addWidget(self.chapters_header)
        chapters_layout.addWidget(self.chapter_list, 1)
        notes_section = QWidget()
        notes_section.setObjectName("notesSection")
        notes_top = QHBoxLayout()
        notes_top.addWidget(self.notes_header, 1)
        notes_top.addWidget(self.notes_back)
        notes_layout = QVBoxLayout(notes_section)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addLayout(notes_top)
        notes_layout.addWidget(self.notes, 1)

        lower = QSplitter(Qt.Orientation.Vertical)
        # A new name: sizes saved from the old two-box layout must not come back.
        lower.setObjectName("nowPlayingSections")
        lower.addWidget(self.chapters_section)
        lower.addWidget(notes_section)
        lower.setStretchFactor(0, 0)
        lower.setStretchFactor(1, 1)
        lower.setChildrenCollapsible(False)
        self.lower_splitter = lower

        self.empty_state = QLabel()
        self.empty_state.setObjectName("nowPlayingEmpty")
        self.empty_state.setAccessibleName("Nothing playing")
        self.empty_state.setWordWrap(True)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setTextFormat(Qt.TextFormat.RichText)
        self.empty_state.setMargin(16)
        self.set_resume_hint(None)
        self.lower_stack = QStackedWidget()
        self.lower_stack.setObjectName("nowPlayingLower")
        self.lower_stack.addWidget(self.empty_state)
        self.lower_stack.addWidget(lower)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.slider)
        layout.addLayout(times)
        layout.addLayout(transport)
        layout.addLayout(extras)
        layout.addWidget(self.lower_stack, 1)
        self.show_episode(None)

    # -- what the player tells us ----------------------------------------------------------

    def show_episode(self, episode: Episode | None) -> None:
        """A new episode (None: nothing loaded), or the loaded one updated (marked played)."""
        same = episode is not None and self.episode is not None and episode.id == self.episode.id
        self.episode = episode
        self.title.setText(episode.title if episode else "Nothing playing")
        self.podcast.setText(episode.podcast_title if episode else "")
        self.status.setText("")
        self.set_video(bool(episode and episode.is_video))
        self.set_cover(None)
        for widget in (self.skip_back, self.skip_forward, self.rate, self.rate_presets):
            widget.setEnabled(episode is not None)
        self.play_pause.setEnabled(episode is not None or bool(self.resume_title))
        self.set_duration(episode.duration if episode else None)
        self.set_position(episode.position if episode else 0.0)
        notes = self.notes_episode
        if episode is None or not same or notes is None or notes.id == episode.id:
            self.show_own_notes()

    def show_own_notes(self) -> None:
        """The notes of the loaded episode (or, with nothing loaded, the empty state)."""
        self.notes_episode = self.episode
        self.notes_back.setVisible(False)
        self.notes_header.setText("Show notes")
        if self.episode is None:
            self.notes.setHtml("")
            self.lower_stack.setCurrentWidget(self.empty_state)
            return
        self.notes.setHtml(self.episode.description or NO_NOTES)
        self.chapters_section.setVisible(bool(self.chapters))
        self.lower_stack.setCurrentWidget(self.lower_splitter)

    def show_notes_of(self, episode: Episode) -> None:
        """Another episode's notes (the library's "Show notes"), headed with its title, with a
        way back to the playing episode's. The playing episode's chapters step aside meanwhile:
        they would read as the other episode's, and the notes get the whole height."""
        if self.episode is not None and episode.id == self.episode.id:
            self.show_own_notes()
            return
        self.notes_episode = episode
        self.notes_header.setText(f"Show notes: {episode.title}")
        self.notes.setHtml(episode.description or NO_NOTES)
        if self.episode is None:
            self.notes_back.setText("Close")
            self.notes_back.setToolTip("Close these show notes")
        else:
            self.notes_back.setText("Back to now playing")
            self.notes_back.setToolTip(f"Show the notes of “{self.episode.title}”")
        self.notes_back.setVisible(True)
        self.chapters_section.setVisible(False)
        self.lower_stack.setCurrentWidget(self.lower_splitter)

    def set_resume_hint(self, title: str | None, resume: bool = False, key: str = "") -> None:
        """The empty state's invitation; ``title``: what the play key would start."""
        self.resume_title = title
        text = "<p>Double-click an episode to play it"
        if title and key:
            verb = "resume" if resume else "play"
            text += f", or press <b>{escape(key)}</b> to {verb} “{escape(title)}” from your queue"
        text += ".</p><p>Its chapters and show notes will appear here.</p>"
        self.empty_state.setText(text)
        if self.episode is None:
            self.play_pause.setEnabled(bool(title))

    def set_video(self, is_video: bool) -> None:
        """Show the video surface (video episodes) or the cover (everything else)."""
        self.visual.setCurrentWidget(self.video if is_video else self.cover)
        self.visual.setFixedSize(QSize(320, 180) if is_video else QSize(COVER_SIZE, COVER_SIZE))

    def set_cover(self, pixmap: QPixmap | None) -> None:
        """The episode's (or chapter's, or podcast's) image."""
        if pixmap is None or pixmap.isNull():
            self.cover.setPixmap(icon("podcast-player").pixmap(COVER_SIZE - 8, COVER_SIZE - 8))
            return
        self.cover.setPixmap(
            pixmap.scaled(
                COVER_SIZE,
                COVER_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def set_playing(self, playing: bool) -> None:
        """Switch the play/pause button."""
        self.play_pause.setIcon(icon("media-playback-pause" if playing else "media-playback-start"))
        text = "Pause" if playing else "Play"
        self.play_pause.setToolTip(text)
        self.play_pause.setAccessibleName(text)

    def set_duration(self, seconds: float | None) -> None:
        """The episode's length."""
        self.duration = seconds or 0.0
        self.slider.set_duration(seconds)

    def set_position(self, seconds: float) -> None:
        """Move the slider and the time labels."""
        self.position = seconds
        self.slider.set_position(seconds)
        self.elapsed.setText(clock(seconds) or "0:00")
        self._show_remaining()

    def _show_remaining(self) -> None:
        if not self.duration:
            self.remaining.setText("")
            self.remaining.setToolTip("")
            return
        text, tip = remaining_text(max(0.0, self.duration - self.position), self.playing_rate)
        self.remaining.setText(text)
        self.remaining.setToolTip(tip)

    def set_skip_lengths(self, back: float, forward: float) -> None:
        """Label the skip buttons with what they do ("-10 s", "+30 s")."""
        for button, seconds, sign, what in (
            (self.skip_back, back, "-", "back"),
            (self.skip_forward, forward, "+", "forward"),
        ):
            button.setText(skip_text(seconds, sign))
            tip = f"Skip {what} {seconds:g} seconds"
            button.setToolTip(tip)
            button.setAccessibleName(tip)

    def set_chapters(self, chapters: Sequence[Chapter]) -> None:
        """The chapter list and the slider's marks."""
        self.chapters = list(chapters)
        self.slider.set_chapters(self.chapters)
        self.chapter_list.clear()
        for chapter in self.chapters:
            item = QListWidgetItem(f"{clock(chapter.start)}  {chapter.title}")
            item.setToolTip(chapter.url or chapter.title)
            self.chapter_list.addItem(item)
        own_notes = self.notes_episode is self.episode
        self.chapters_section.setVisible(bool(self.chapters) and own_notes)
        self.chapters_header.setText(f"Chapters ({len(self.chapters)})" if self.chapters else "")
        self._fit_chapters()
        for widget in (self.previous_chapter, self.next_chapter):
            widget.setEnabled(bool(self.chapters))
        self.set_current_chapter(None)

    def _fit_chapters(self) -> None:
        """The chapter list as tall as its rows (up to :data:`CHAPTER_ROWS`); notes get the rest."""
        rows = min(len(self.chapters), CHAPTER_ROWS)
        if not rows:
            return
        row = self.chapter_list.sizeHintForRow(0)
        frame = 2 * self.chapter_list.frameWidth()
        self.chapter_list.setMinimumHeight(min(rows, 2) * row + frame)
        self.chapter_list.setMaximumHeight(rows * row + frame)
        header = self.chapters_header.sizeHint().height()
        layout = self.chapters_section.layout()
        spacing = layout.spacing() if layout is not None else 0
        wanted = header + spacing + rows * row + frame
        self.chapters_section.setMaximumHeight(wanted)
        total = sum(self.lower_splitter.sizes()) or self.lower_splitter.height()
        self.lower_splitter.setSizes([wanted, max(total - wanted, 1)])

    def set_current_chapter(self, index: int | None) -> None:
        """Highlight the chapter that is playing."""
        for row in range(self.chapter_list.count()):
            item = self.chapter_list.item(row)
            font = item.font()
            font.setBold(row == index)
            item.setFont(font)
        if index is not None and 0 <= index < len(self.chapters):
            self.chapter_list.setCurrentRow(index)
            self.chapter_title.setText(f"Chapter: {self.chapters[index].title}")
        else:
            self.chapter_title.setText("")

    def set_rate(self, rate: float) -> None:
        """Show the rate without echoing a request back."""
        self.playing_rate = rate
        self.rate.blockSignals(True)
        self.rate.setValue(rate)
        self.rate.blockSignals(False)
        for action in self.preset_group.actions():
            action.setChecked(abs(float(action.data()) - rate) < 1e-6)
        self._show_remaining()

    def set_volume(self, volume: int, muted: bool) -> None:
        """Show volume and mute without echoing requests back."""
        for widget in (self.volume, self.mute):
            widget.blockSignals(True)
        self.volume.setValue(volume)
        self.mute.setChecked(muted)
        self.mute.setIcon(icon("audio-volume-muted" if muted else "audio-volume-high"))
        self.mute.setAccessibleName("Unmute" if muted else "Mute")
        for widget in (self.volume, self.mute):
            widget.blockSignals(False)
        self._show_volume(volume)

    def _show_volume(self, volume: int) -> None:
        self.volume_value.setText(f"{volume} %")
        self.volume.setToolTip(f"Volume {volume} %")

    def _sleep_after(self, minutes: int) -> Callable[[], None]:
        return lambda: self._request_sleep(SleepMode.AFTER_TIME, minutes)

    def _request_sleep(self, mode: SleepMode, minutes: int = 0) -> None:
        self.sleepRequested.emit(mode, minutes)

    def set_sleep_text(self, text: str) -> None:
        """What the sleep timer will do ("Stops in 14:59", counting down; "" when off)."""
        self.sleep_label.setText(text)
        self.sleep.setToolTip(text or "Sleep timer")

    def show_error(self, message: str) -> None:
        """A playback problem, shown in the pane rather than in a pop-up."""
        self.status.setText(message)

    def _chapter_clicked(self, item: QListWidgetItem) -> None:
        self.chapterActivated.emit(self.chapter_list.row(item))
