"""The lower half of the now-playing pane: the chapter list over the show notes, or, with
nothing loaded, the empty state inviting the listener to play something.

A seam of its own because this half only lays out and sizes what it is given (chapter rows,
notes HTML, headers); which episode's notes to show, and when the chapters step aside, is the
pane's decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.domain.format import clock
from player.domain.models import Chapter
from player.i18n import _
from player.qt.widgets.bookmarks import EpisodeBookmarks
from player.qt.widgets.notes import NotesBrowser
from player.qt.widgets.transcript_view import TranscriptView

NOTES, TRANSCRIPT, BOOKMARKS = 0, 1, 2
"""The things read at length, sharing the notes' place (tabs in its header row)."""
CHAPTER_ROWS = 6
"""Chapters listed without scrolling; longer lists scroll and the notes keep the rest."""


def _header(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class EpisodeSections(QStackedWidget):
    """Chapters and show notes in a splitter, stacked over the empty state."""

    chapterActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nowPlayingLower")
        self.chapter_list = QListWidget()
        self.chapter_list.setObjectName("chapterList")
        self.chapter_list.setAccessibleName(_("Chapters"))
        self.chapter_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chapter_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chapter_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.chapter_list.itemActivated.connect(self._chapter_clicked)
        self.chapter_list.itemClicked.connect(self._chapter_clicked)
        self.notes = NotesBrowser()
        self.notes.setMinimumHeight(60)
        self.chapters_header = _header(_("Chapters"), "chaptersHeader")
        self.notes_header = _header(_("Show notes"), "notesHeader")
        self.notes_header.setWordWrap(True)
        self.notes_back = QToolButton()
        self.notes_back.setObjectName("notesBack")
        self.notes_back.setVisible(False)
        self._back_shown = False
        self._chapters_wanted = False
        # The transcript takes the notes' place (and, while it shows, the chapters' height):
        # tabs in the header row cost the short lower half no height of its own.
        self.transcript = TranscriptView()
        self.bookmarks = EpisodeBookmarks()
        self.reading = QStackedWidget()
        self.reading.setObjectName("nowPlayingReading")
        self.reading.insertWidget(NOTES, self.notes)
        self.reading.insertWidget(TRANSCRIPT, self.transcript)
        self.reading.insertWidget(BOOKMARKS, self.bookmarks)
        self.reading_tabs = QTabBar()
        self.reading_tabs.setObjectName("readingTabs")
        self.reading_tabs.setAccessibleName(_("Show notes, transcript or bookmarks"))
        self.reading_tabs.setDocumentMode(True)
        self.reading_tabs.setDrawBase(False)
        self.reading_tabs.setExpanding(False)
        # As tall as the header beside them: the lower half is short on a 800-pixel screen.
        self.reading_tabs.setStyleSheet(
            "QTabBar::tab { padding: 1px 10px; border: none;"
            " border-bottom: 2px solid transparent; }"
            "QTabBar::tab:selected { border-bottom: 2px solid palette(highlight); }"
            "QTabBar::tab:!selected { color: palette(mid); }"
        )
        self.reading_tabs.insertTab(NOTES, _("Notes"))
        self.reading_tabs.insertTab(TRANSCRIPT, _("Transcript"))
        self.reading_tabs.setTabToolTip(TRANSCRIPT, _("Read along; click a line to play from it"))
        self.reading_tabs.insertTab(BOOKMARKS, _("Bookmarks"))
        self.reading_tabs.setTabToolTip(BOOKMARKS, _("This episode's bookmarks (B adds one)"))
        self.reading_tabs.currentChanged.connect(self._show_reading)

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
        notes_top.addWidget(self.reading_tabs)
        notes_layout = QVBoxLayout(notes_section)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.setSpacing(2)
        notes_layout.addLayout(notes_top)
        notes_layout.addWidget(self.reading, 1)

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
        self.empty_state.setAccessibleName(_("Nothing playing"))
        self.empty_state.setWordWrap(True)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setTextFormat(Qt.TextFormat.RichText)
        self.empty_state.setMargin(16)
        self.set_resume_text(None)
        self.addWidget(self.empty_state)
        self.addWidget(lower)
        self.chapter_count = 0

    def show_empty(self) -> None:
        """Nothing loaded: the invitation instead of chapters and notes."""
        self.notes.setHtml("")
        self.setCurrentWidget(self.empty_state)

    def show_notes(
        self, html: str, header: str, back: tuple[str, str] | None, with_chapters: bool
    ) -> None:
        """Notes under ``header``; ``back`` (text, tooltip) offers a way back to the playing
        episode's; ``with_chapters``: whether the chapter list shows above them."""
        self.notes_header.setText(header)
        self.notes.setHtml(html)
        if back is not None:
            self.notes_back.setText(back[0])
            self.notes_back.setToolTip(back[1])
        self._back_shown = back is not None
        self._chapters_wanted = with_chapters
        if back is not None:  # another episode's notes were asked for: they must show
            self.reading_tabs.setCurrentIndex(NOTES)
        self._show_reading(self.reading_tabs.currentIndex())
        self.setCurrentWidget(self.lower_splitter)

    def reading_transcript(self) -> bool:
        """Whether the transcript shows (rather than the notes, or the empty state)."""
        return (
            self.currentWidget() is self.lower_splitter
            and self.reading.currentIndex() == TRANSCRIPT
        )

    def _show_reading(self, which: int) -> None:
        """Notes (under their header, the chapters above when wanted) or the transcript."""
        notes = which == NOTES
        self.reading.setCurrentIndex(which)
        self.notes_header.setVisible(notes)
        self.notes_back.setVisible(notes and self._back_shown)
        self.chapters_section.setVisible(notes and self._chapters_wanted)
        self.updateGeometry()  # the window shares its column anew (more room to read)

    def set_resume_text(self, title: str | None, resume: bool = False, key: str = "") -> None:
        """The empty state's invitation; ``title``: what the play key would start."""
        text = "<p>Double-click an episode to play it"
        if title and key:
            verb = "resume" if resume else "play"
            text += f", or press <b>{escape(key)}</b> to {verb} “{escape(title)}” from your queue"
        text += ".</p><p>Its chapters and show notes will appear here.</p>"
        self.empty_state.setText(text)

    def set_chapters(self, chapters: Sequence[Chapter], visible: bool) -> None:
        """One row per chapter; ``visible``: whether the list shows (own notes, any chapters)."""
        self.chapter_count = len(chapters)
        self.chapter_list.clear()
        for chapter in chapters:
            item = QListWidgetItem(f"{clock(chapter.start)}  {chapter.title}")
            item.setToolTip(chapter.url or chapter.title)
            self.chapter_list.addItem(item)
        self._chapters_wanted = visible
        self.chapters_section.setVisible(visible and self.reading_tabs.currentIndex() == NOTES)
        self.chapters_header.setText(
            _("Chapters ({len})").format(len=len(chapters)) if chapters else ""
        )
        self._fit_chapters()

    def _fit_chapters(self) -> None:
        """The chapter list as tall as its rows (up to :data:`CHAPTER_ROWS`); notes get the rest."""
        rows = min(self.chapter_count, CHAPTER_ROWS)
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

    def highlight_chapter(self, index: int | None) -> None:
        """Bold the chapter that is playing and make it the current row."""
        for row in range(self.chapter_list.count()):
            item = self.chapter_list.item(row)
            font = item.font()
            font.setBold(row == index)
            item.setFont(font)
        if index is not None and 0 <= index < self.chapter_list.count():
            self.chapter_list.setCurrentRow(index)

    def _chapter_clicked(self, item: QListWidgetItem) -> None:
        self.chapterActivated.emit(self.chapter_list.row(item))
