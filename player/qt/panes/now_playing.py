"""Now-playing pane: what is playing and every control for it.

The pane is a view: it shows what it is told (``show_*``/``set_*``) and reports what the
listener asks for through signals. The window connects it to the player bridge.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
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

from player.domain.models import Chapter, Episode
from player.qt.icons import icon
from player.qt.models.episodes import format_clock
from player.qt.widgets.notes import NotesBrowser
from player.qt.widgets.seek_slider import SeekSlider

COVER_SIZE = 140
SLEEP_CHOICES = (("15 minutes", 15), ("30 minutes", 30), ("45 minutes", 45), ("1 hour", 60))


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
    sleepRequested = Signal(str, int)
    """("minutes", N), ("chapter", 0), ("episode", 0) or ("off", 0)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nowPlayingPane")
        self.setAccessibleName("Now playing")
        self.chapters: list[Chapter] = []
        self.duration = 0.0

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
        self.previous_chapter.clicked.connect(self.previousChapterClicked)
        self.skip_back.clicked.connect(self.skipBackClicked)
        self.play_pause.clicked.connect(self.playPauseClicked)
        self.skip_forward.clicked.connect(self.skipForwardClicked)
        self.next_chapter.clicked.connect(self.nextChapterClicked)

        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("rate")
        self.rate.setAccessibleName("Playback speed")
        self.rate.setToolTip("Playback speed (pitch is kept)")
        self.rate.setRange(0.5, 3.0)
        self.rate.setSingleStep(0.1)
        self.rate.setDecimals(1)
        self.rate.setSuffix("×")
        self.rate.setValue(1.0)
        self.rate.valueChanged.connect(lambda v: self.rateRequested.emit(round(v, 1)))

        self.mute = _tool("mute", "audio-volume-high", "Mute")
        self.mute.setCheckable(True)
        self.mute.toggled.connect(self.muteRequested)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volume")
        self.volume.setAccessibleName("Volume")
        self.volume.setRange(0, 150)
        self.volume.setValue(100)
        self.volume.setMaximumWidth(120)
        self.volume.valueChanged.connect(self.volumeRequested)
        self.volume.valueChanged.connect(lambda v: self.volume.setToolTip(f"Volume {v}%"))

        self.sleep = _tool("sleepTimer", "appointment-soon", "Sleep timer")
        self.sleep.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.sleep)
        for label, minutes in SLEEP_CHOICES:
            menu.addAction(f"In {label}", lambda m=minutes: self.sleepRequested.emit("minutes", m))
        menu.addAction("At the end of the chapter", lambda: self.sleepRequested.emit("chapter", 0))
        menu.addAction("At the end of the episode", lambda: self.sleepRequested.emit("episode", 0))
        menu.addSeparator()
        menu.addAction("Off", lambda: self.sleepRequested.emit("off", 0))
        self.sleep.setMenu(menu)
        self.sleep_label = QLabel("")
        self.sleep_label.setObjectName("sleepLabel")

        self.chapter_list = QListWidget()
        self.chapter_list.setObjectName("chapterList")
        self.chapter_list.setAccessibleName("Chapters")
        self.chapter_list.itemActivated.connect(self._chapter_clicked)
        self.chapter_list.itemClicked.connect(self._chapter_clicked)
        self.notes = NotesBrowser()
        for widget in (self.chapter_list, self.notes):
            widget.setMinimumHeight(36)

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
        times.addStretch(1)
        times.addWidget(self.remaining)

        transport = QHBoxLayout()
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

        extras = QGridLayout()
        extras.addWidget(QLabel("Speed"), 0, 0)
        extras.addWidget(self.rate, 0, 1)
        extras.addWidget(self.mute, 0, 2)
        extras.addWidget(self.volume, 0, 3)
        extras.addWidget(self.sleep, 0, 4)
        extras.addWidget(self.sleep_label, 0, 5)
        extras.setColumnStretch(6, 1)

        lower = QSplitter(Qt.Orientation.Vertical)
        lower.setObjectName("nowPlayingSplitter")
        lower.addWidget(self.chapter_list)
        lower.addWidget(self.notes)
        lower.setStretchFactor(1, 2)
        lower.setChildrenCollapsible(True)
        self.lower_splitter = lower

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.slider)
        layout.addLayout(times)
        layout.addLayout(transport)
        layout.addLayout(extras)
        layout.addWidget(lower, 1)
        self.show_episode(None)

    # -- what the player tells us ----------------------------------------------------------

    def show_episode(self, episode: Episode | None) -> None:
        """A new episode (None: nothing loaded)."""
        self.title.setText(episode.title if episode else "Nothing playing")
        self.podcast.setText(episode.podcast_title if episode else "")
        self.notes.setHtml(episode.description if episode else "")
        self.status.setText("")
        self.set_video(bool(episode and episode.is_video))
        self.set_cover(None)
        for widget in (self.play_pause, self.skip_back, self.skip_forward, self.rate):
            widget.setEnabled(episode is not None)
        self.set_duration(episode.duration if episode else None)
        self.set_position(episode.position if episode else 0.0)

    def set_video(self, is_video: bool) -> None:
        """Show the video surface (video episodes) or the cover (everything else)."""
        self.visual.setCurrentWidget(self.video if is_video else self.cover)
        self.visual.setFixedSize(QSize(320, 180) if is_video else QSize(COVER_SIZE, COVER_SIZE))

    def set_cover(self, pixmap: QPixmap | None) -> None:
        """The episode's (or chapter's, or podcast's) image."""
        if pixmap is None or pixmap.isNull():
            self.cover.setPixmap(icon("podcast-player").pixmap(96, 96))
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
        self.slider.set_position(seconds)
        self.elapsed.setText(format_clock(seconds) or "0:00")
        left = max(0.0, self.duration - seconds) if self.duration else None
        self.remaining.setText(f"-{format_clock(left)}" if left is not None else "")

    def set_chapters(self, chapters: Sequence[Chapter]) -> None:
        """The chapter list and the slider's marks."""
        self.chapters = list(chapters)
        self.slider.set_chapters(self.chapters)
        self.chapter_list.clear()
        for chapter in self.chapters:
            item = QListWidgetItem(f"{format_clock(chapter.start)}  {chapter.title}")
            item.setToolTip(chapter.url or chapter.title)
            self.chapter_list.addItem(item)
        self.chapter_list.setVisible(bool(self.chapters))
        for widget in (self.previous_chapter, self.next_chapter):
            widget.setEnabled(bool(self.chapters))
        self.set_current_chapter(None)

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
        self.rate.blockSignals(True)
        self.rate.setValue(rate)
        self.rate.blockSignals(False)

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

    def set_sleep_text(self, text: str) -> None:
        """What the sleep timer will do ("stops in 14:59", "stops after this chapter", "")."""
        self.sleep_label.setText(text)

    def show_error(self, message: str) -> None:
        """A playback problem, shown in the pane rather than in a pop-up."""
        self.status.setText(message)

    def _chapter_clicked(self, item: QListWidgetItem) -> None:
        self.chapterActivated.emit(self.chapter_list.row(item))
