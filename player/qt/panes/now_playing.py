"""Now-playing pane: what is playing and every control for it.

The pane is a view: it shows what it is told (``show_*``/``set_*``) and reports what the
listener asks for through signals. The window connects it to the player bridge. The pane holds
the episode and decides what shows; its parts only lay out widgets: the controls rows
(:mod:`now_playing_controls`) and the chapters/notes/empty-state half
(:mod:`now_playing_sections`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from player.domain.bookmark import Bookmark
from player.domain.format import clock
from player.domain.models import Chapter, Episode
from player.domain.podcasting20 import EpisodeExtras
from player.i18n import N_, _
from player.qt.icons import icon
from player.qt.panes.now_playing_controls import PlaybackControls, speed_text
from player.qt.panes.now_playing_extras import EpisodeExtrasBar, season_episode_text
from player.qt.panes.now_playing_sections import BOOKMARKS, EpisodeSections
from player.qt.widgets.seek_slider import SeekSlider, SliderMark
from player.qt.widgets.smart_audio import Indication, SmartAudioIndicator
from player.services.playback_state import SleepMode

COVER_SIZE = 88
NO_NOTES = N_("<p><i>This episode has no show notes.</i></p>")


def remaining_text(left: float, rate: float) -> tuple[str, str]:
    """The remaining-time label and its tooltip: real time at the current speed."""
    wall = left / max(rate, 0.01)
    if abs(rate - 1.0) < 1e-6:
        return f"-{clock(wall)}", f"{clock(wall)} left"
    return (
        f"-{clock(wall)} at {speed_text(rate)}",
        f"{clock(wall)} left at {speed_text(rate)} ({clock(left)} of audio)",
    )


class VideoSurface(QWidget):
    """A native window libVLC draws video into (only shown for video episodes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoSurface")
        self.setAccessibleName(_("Video"))
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setMinimumSize(QSize(320, 180))
        self.setStyleSheet("background: black;")

    def handle(self) -> int:
        """The platform window id to hand to libVLC."""
        return int(self.winId())


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
        self.setAccessibleName(_("Now playing"))
        self.episode: Episode | None = None
        self.resume_title: str | None = None
        """What the play key starts while nothing is loaded (the queue's first entry)."""
        self.notes_episode: Episode | None = None
        """Whose notes the notes view shows (the playing episode, or one the listener chose)."""
        self.chapters: list[Chapter] = []
        self.duration = 0.0
        self.position = 0.0
        self.playing_rate = 1.0

        self._placeholder = True
        """The cover shows the app's glyph (redrawn when the palette changes)."""
        self.cover = QLabel()
        self.cover.setObjectName("nowPlayingCover")
        self.cover.setAccessibleName(_("Cover art"))
        self.cover.setFixedSize(COVER_SIZE, COVER_SIZE)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setScaledContents(False)
        self.video = VideoSurface()
        self.visual = QStackedWidget()
        self.visual.addWidget(self.cover)
        self.visual.addWidget(self.video)

        self.title = QLabel(_("Nothing playing"))
        self.title.setObjectName("nowPlayingTitle")
        self.title.setAccessibleName(_("Episode title"))
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.title.setFont(bold)
        self.podcast = QLabel("")
        self.podcast.setObjectName("nowPlayingPodcast")
        self.podcast.setAccessibleName(_("Podcast"))
        self.chapter_title = QLabel("")
        self.chapter_title.setObjectName("nowPlayingChapter")
        self.chapter_title.setAccessibleName(_("Current chapter"))
        for label in (self.podcast, self.chapter_title):
            label.setWordWrap(True)  # long names wrap rather than widen the pane
        self.season = QLabel("")
        self.season.setObjectName("nowPlayingSeason")
        self.season.setAccessibleName(_("Season and episode"))
        self.season.setWordWrap(True)
        self.season.setVisible(False)
        self.extras_bar = EpisodeExtrasBar()
        self.status = QLabel("")
        self.status.setObjectName("playbackStatus")
        self.status.setAccessibleName(_("Playback message"))
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #c62828;")

        self.slider = SeekSlider()
        self.slider.seekRequested.connect(self.seekRequested)
        self.elapsed = QLabel("0:00")
        self.elapsed.setObjectName("elapsedTime")
        self.elapsed.setAccessibleName(_("Elapsed time"))
        self.remaining = QLabel("-0:00")
        self.remaining.setObjectName("remainingTime")
        self.remaining.setAccessibleName(_("Remaining time"))
        for clock_label in (self.elapsed, self.remaining):
            # A clock reads left to right in Arabic too ("-12:34", not "12:34-"); the labels
            # still change places with the rest of the mirrored layout.
            clock_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.sleep_label = QLabel("")
        self.sleep_label.setObjectName("sleepLabel")
        self.sleep_label.setAccessibleName(_("Sleep timer"))
        self.sleep_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sleep_label.setWordWrap(True)  # a long "Stops at the end of..." must not widen us
        self.sleep_label.setVisible(False)
        self.smart_audio = SmartAudioIndicator()

        self.controls = PlaybackControls()
        controls = self.controls
        for mine, theirs in (
            (self.playPauseClicked, controls.playPauseClicked),
            (self.skipBackClicked, controls.skipBackClicked),
            (self.skipForwardClicked, controls.skipForwardClicked),
            (self.previousChapterClicked, controls.previousChapterClicked),
            (self.nextChapterClicked, controls.nextChapterClicked),
            (self.rateRequested, controls.rateRequested),
            (self.volumeRequested, controls.volumeRequested),
            (self.muteRequested, controls.muteRequested),
            (self.sleepRequested, controls.sleepRequested),
        ):
            theirs.connect(mine)
        # The pane's widgets, by the names the window and the tests know them by.
        self.previous_chapter = controls.previous_chapter
        self.skip_back = controls.skip_back
        self.play_pause = controls.play_pause
        self.skip_forward = controls.skip_forward
        self.next_chapter = controls.next_chapter
        self.rate = controls.rate
        self.rate_presets = controls.rate_presets
        self.preset_group = controls.preset_group
        self.mute = controls.mute
        self.volume = controls.volume
        self.volume_value = controls.volume_value
        self.sleep = controls.sleep

        self.sections = EpisodeSections()
        sections = self.sections
        sections.chapterActivated.connect(self.chapterActivated)
        sections.notes_back.clicked.connect(self.show_own_notes)
        self.lower_stack = sections
        self.chapter_list = sections.chapter_list
        self.notes = sections.notes
        self.chapters_header = sections.chapters_header
        self.notes_header = sections.notes_header
        self.notes_back = sections.notes_back
        self.chapters_section = sections.chapters_section
        self.lower_splitter = sections.lower_splitter
        self.empty_state = sections.empty_state
        self.transcript = sections.transcript
        self.bookmarks = sections.bookmarks
        self.set_resume_hint(None)

        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.podcast)
        heading.addWidget(self.season)
        heading.addWidget(self.chapter_title)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.visual)
        top.addLayout(heading, 1)

        # Between the clocks, where there is room: the sleep timer and the smart-audio
        # indicator (each hidden while it has nothing to say, so neither costs height then).
        middle = QVBoxLayout()
        middle.setSpacing(0)
        middle.addWidget(self.sleep_label)
        middle.addWidget(self.smart_audio)
        times = QHBoxLayout()
        times.addWidget(self.elapsed, 0, Qt.AlignmentFlag.AlignTop)
        times.addLayout(middle, 1)
        times.addWidget(self.remaining, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.slider)
        layout.addLayout(times)
        layout.addWidget(self.controls)
        layout.addWidget(self.extras_bar)
        layout.addWidget(self.lower_stack, 1)
        self.show_episode(None)

    # -- what the player tells us ----------------------------------------------------------

    def show_episode(self, episode: Episode | None) -> None:
        """A new episode (None: nothing loaded), or the loaded one updated (marked played)."""
        same = episode is not None and self.episode is not None and episode.id == self.episode.id
        self.episode = episode
        self.title.setText(episode.title if episode else _("Nothing playing"))
        self.podcast.setText(episode.podcast_title if episode else "")
        self.status.setText("")
        if not same:
            self.show_extras(None)
        elif episode is not None:
            self.extras_bar.set_playing_url(episode.enclosure_url)
        self.set_video(bool(episode and episode.is_video))
        self.set_cover(None)
        self.controls.set_loaded(
            episode is not None, episode is not None or bool(self.resume_title)
        )
        self.set_duration(episode.duration if episode else None)
        self.set_position(episode.position if episode else 0.0)
        notes = self.notes_episode
        if episode is None or not same or notes is None or notes.id == episode.id:
            self.show_own_notes()

    def show_extras(self, extras: EpisodeExtras | None, published_url: str = "") -> None:
        """The loaded episode's podcast-namespace facts (people, season name, links,
        soundbites, versions); None hides them."""
        episode = self.episode
        if extras is not None and (episode is None or extras.episode_id != episode.id):
            return  # an answer for an episode no longer loaded
        text = ""
        if extras is not None and episode is not None:
            text = season_episode_text(extras, episode.season, episode.number)
        self.season.setText(text)
        self.season.setVisible(bool(text))
        self.extras_bar.show_extras(extras, published_url)
        if episode is not None:
            self.extras_bar.set_playing_url(episode.enclosure_url)

    def show_own_notes(self) -> None:
        """The notes of the loaded episode (or, with nothing loaded, the empty state)."""
        self.notes_episode = self.episode
        if self.episode is None:
            self.notes_back.setVisible(False)
            self.notes_header.setText(_("Show notes"))
            self.sections.show_empty()
            return
        html = self.episode.description or _(NO_NOTES)
        self.sections.show_notes(html, _("Show notes"), None, bool(self.chapters))

    def show_notes_of(self, episode: Episode) -> None:
        """Another episode's notes (the library's "Show notes"), headed with its title, with a
        way back to the playing episode's. The playing episode's chapters step aside meanwhile:
        they would read as the other episode's, and the notes get the whole height."""
        if self.episode is not None and episode.id == self.episode.id:
            self.show_own_notes()
            return
        self.notes_episode = episode
        if self.episode is None:
            back = ("Close", _("Close these show notes"))
        else:
            back = (
                _("Back to now playing"),
                _("Show the notes of “{title}”").format(title=self.episode.title),
            )
        header = _("Show notes: {title}").format(title=episode.title)
        self.sections.show_notes(episode.description or _(NO_NOTES), header, back, False)

    def reading_transcript(self) -> bool:
        """Whether the Transcript tab shows (the window gives the pane more height then)."""
        return self.sections.reading_transcript()

    def set_resume_hint(self, title: str | None, resume: bool = False, key: str = "") -> None:
        """The empty state's invitation; ``title``: what the play key would start."""
        self.resume_title = title
        self.sections.set_resume_text(title, resume, key)
        if self.episode is None:
            self.play_pause.setEnabled(bool(title))

    def set_video(self, is_video: bool) -> None:
        """Show the video surface (video episodes) or the cover (everything else)."""
        self.visual.setCurrentWidget(self.video if is_video else self.cover)
        self.visual.setFixedSize(QSize(320, 180) if is_video else QSize(COVER_SIZE, COVER_SIZE))

    def set_cover(self, pixmap: QPixmap | None) -> None:
        """The episode's (or chapter's, or podcast's) image; the app's glyph when there is none."""
        self._placeholder = pixmap is None or pixmap.isNull()
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

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: the glyph shown without a cover is drawn in the palette's colour."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._placeholder:
            self.set_cover(None)

    def set_playing(self, playing: bool) -> None:
        """Switch the play/pause button."""
        self.controls.set_playing(playing)

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
        self.controls.set_skip_lengths(back, forward)

    def set_chapters(self, chapters: Sequence[Chapter]) -> None:
        """The chapter list and the slider's marks."""
        self.chapters = list(chapters)
        self.slider.set_chapters(self.chapters)
        own_notes = self.notes_episode is self.episode
        self.sections.set_chapters(self.chapters, bool(self.chapters) and own_notes)
        self.controls.set_has_chapters(bool(self.chapters))
        self.set_current_chapter(None)

    def set_bookmarks(self, bookmarks: Sequence[Bookmark]) -> None:
        """The playing episode's bookmarks: marks on the slider and rows in the tab."""
        self.slider.set_bookmarks([SliderMark(b.start, b.end, b.label) for b in bookmarks])
        self.bookmarks.show_bookmarks(bookmarks)
        count = len(bookmarks)
        self.sections.reading_tabs.setTabText(
            BOOKMARKS, _("Bookmarks ({count})").format(count=count) if count else _("Bookmarks")
        )

    def set_current_chapter(self, index: int | None) -> None:
        """Highlight the chapter that is playing."""
        self.sections.highlight_chapter(index)
        if index is not None and 0 <= index < len(self.chapters):
            self.chapter_title.setText(
                _("Chapter: {title}").format(title=self.chapters[index].title)
            )
        else:
            self.chapter_title.setText("")

    def set_rate(self, rate: float) -> None:
        """Show the rate without echoing a request back."""
        self.playing_rate = rate
        self.controls.set_rate(rate)
        self._show_remaining()

    def set_volume(self, volume: int, muted: bool) -> None:
        """Show volume and mute without echoing requests back."""
        self.controls.set_volume(volume, muted)

    def set_sleep_text(self, text: str) -> None:
        """What the sleep timer will do ("Stops in 14:59", counting down; "" when off)."""
        self.sleep_label.setText(text)
        self.sleep_label.setVisible(bool(text))  # an empty line would push the indicator down
        self.controls.set_sleep_tip(text)

    def set_smart_audio(self, indication: Indication) -> None:
        """What smart audio does to the loaded episode (an empty text hides the indicator)."""
        self.smart_audio.show_indication(indication)

    def show_error(self, message: str) -> None:
        """A playback problem, shown in the pane rather than in a pop-up."""
        self.status.setText(message)
