"""The Transcript tab of the now-playing pane: read along, click a line to hear it, find a word.

A view: it shows what it is given (segments, or a sentence saying why there are none), follows
the position it is told, and reports a line the listener chose through ``seekRequested``. It
follows playback (the playing line highlighted and kept in view) until the listener scrolls
or finds something; "Back to now" takes it back to the playing line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.domain.transcript import Segment
from player.i18n import _
from player.qt.models.transcript import TranscriptModel, TranscriptRole

FIND_DELAY_MS = 150
"""Typing pauses this long before the matches are marked (like the library search)."""
LAYOUT_BATCH = 200
"""Rows measured per event-loop turn: a long transcript lays out without freezing the window."""
LAYOUT_RETRY_MS = 40
"""How soon to try again to bring a line into view that the batched layout has not reached."""


class TranscriptView(QWidget):
    """A find row over the list of segments (or the message saying why there is none)."""

    seekRequested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptView")
        self.setAccessibleName(_("Transcript"))
        self.setMinimumHeight(60)  # no taller than the notes it stands in for
        self.model = TranscriptModel(self)
        self.following = True
        """Keep the playing line in view (False once the listener scrolls away)."""
        self._scrolling = False

        self.list = QListView()
        self.list.setObjectName("transcriptList")
        self.list.setAccessibleName(_("Transcript lines"))
        self.list.setAccessibleDescription(
            _("Click a line or press Enter to play from it; Ctrl+C copies lines with their times")
        )
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(LAYOUT_BATCH)
        self.list.setSpacing(2)
        self.list.setMinimumHeight(24)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._activated)
        self.list.verticalScrollBar().actionTriggered.connect(self._scrolled_by_listener)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.copy_action = QAction(_("Copy with times"), self.list)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.list.addAction(self.copy_action)

        self.message = QLabel("")
        self.message.setObjectName("transcriptMessage")
        self.message.setAccessibleName(_("Transcript status"))
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(16)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.message)
        self.pages.addWidget(self.list)

        self.find_field = QLineEdit()
        self.find_field.setObjectName("transcriptFind")
        self.find_field.setAccessibleName(_("Find in transcript"))
        self.find_field.setPlaceholderText(_("Find in transcript"))
        self.find_field.setClearButtonEnabled(True)
        self._find_timer = QTimer(self)
        self._find_timer.setSingleShot(True)
        self._find_timer.setInterval(FIND_DELAY_MS)
        self._find_timer.timeout.connect(self._mark_matches)
        self.find_field.textChanged.connect(lambda _text: self._find_timer.start())
        self.find_field.returnPressed.connect(self._return_pressed)
        self.previous_match = self._tool(
            "▲", "transcriptPrevious", _("Previous match (Shift+Enter)")
        )
        self.previous_match.clicked.connect(lambda: self.find_step(-1))
        self.next_match = self._tool("▼", "transcriptNext", _("Next match (Enter)"))
        self.next_match.clicked.connect(lambda: self.find_step(1))
        self.match_count = QLabel("")
        self.match_count.setObjectName("transcriptMatchCount")
        self.match_count.setAccessibleName(_("Matches"))
        self.back_to_now = self._tool(
            _("Back to now"), "transcriptBackToNow", _("Show the playing line")
        )
        self.back_to_now.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.back_to_now.clicked.connect(self.follow_again)
        self.back_to_now.setVisible(False)
        self._match = -1
        """Which of the model's matches is the current one."""
        self._laid_out = QTimer(self)
        self._laid_out.setSingleShot(True)
        self._laid_out.setInterval(LAYOUT_RETRY_MS)
        self._laid_out.timeout.connect(self._show_current)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.find_field, 1)
        top.addWidget(self.previous_match)
        top.addWidget(self.next_match)
        top.addWidget(self.match_count)
        top.addWidget(self.back_to_now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.show_message("")

    @staticmethod
    def _tool(text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setObjectName(name)
        button.setAccessibleName(tip.split(" (")[0])
        button.setToolTip(tip)
        return button

    # -- what the controller tells us ------------------------------------------------------

    def show_message(self, text: str) -> None:
        """No lines to show: why ("No transcript for this episode", a loading note, an error)."""
        self.model.set_segments([])
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)
        self._set_find_enabled(False)

    def show_segments(self, segments: Sequence[Segment]) -> None:
        """A transcript to read along; the find text, if any, is looked for again."""
        if not segments:
            self.show_message(_("This transcript is empty."))
            return
        self.model.set_segments(segments)
        self.pages.setCurrentWidget(self.list)
        self._set_find_enabled(True)
        self.follow_again()
        if self.find_field.text().strip():
            self._mark_matches()

    def _set_find_enabled(self, enabled: bool) -> None:
        for widget in (self.find_field, self.previous_match, self.next_match):
            widget.setEnabled(enabled)
        if not enabled:
            self.match_count.setText("")
            self._match = -1

    def follow(self, seconds: float) -> None:
        """Playback is at ``seconds``: mark its line, and keep it in view while following."""
        changed = self.model.set_current(self.model.row_at(seconds))
        if self.following and (changed or not self._current_in_view()):
            self._show_current()

    def _current_in_view(self) -> bool:
        rect = self.list.visualRect(self.model.index(self.model.current))
        return rect.isValid() and self.list.viewport().rect().intersects(rect)

    def follow_again(self) -> None:
        """ "Back to now": the playing line in view, and kept there."""
        self.following = True
        self.back_to_now.setVisible(False)
        self._show_current()

    def _show_current(self) -> None:
        row = self.model.current
        if row < 0 or not self.isVisible() or not self.following:
            return
        index = self.model.index(row)
        if not self.list.visualRect(index).isValid():  # the batched layout is not there yet
            self._laid_out.start()
            return
        self._scroll_to(index)

    def _scroll_to(self, index: QModelIndex) -> None:
        """Centre a line, as the program (not the listener) scrolling."""
        self._scrolling = True
        try:
            self.list.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._scrolling = False

    def showEvent(self, event: QShowEvent) -> None:
        """Hidden (another tab), the list does not scroll; shown, it jumps to the playing line."""
        super().showEvent(event)
        if self.following:
            QTimer.singleShot(0, self._show_current)

    def _scrolled_by_listener(self, _action: int) -> None:
        if not self._scrolling:
            self._stop_following()

    def _stop_following(self) -> None:
        if self.model.rowCount():
            self.following = False
            self.back_to_now.setVisible(True)

    # -- lines chosen ----------------------------------------------------------------------

    def _clicked(self, index: QModelIndex) -> None:
        """A plain click plays from the line; Shift/Ctrl clicks only extend the selection."""
        modifiers = QGuiApplication.keyboardModifiers()
        extend = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
        if not modifiers & extend:
            self._activated(index)

    def _activated(self, index: QModelIndex) -> None:
        start = index.data(TranscriptRole.START)
        if start is not None:
            self.seekRequested.emit(float(start))
            self.following = True
            self.back_to_now.setVisible(False)

    def selected_rows(self) -> list[int]:
        """The selected lines, in time order."""
        return sorted(i.row() for i in self.list.selectionModel().selectedIndexes())

    def copy_selection(self) -> str:
        """Put the selected lines on the clipboard as ``[12:34] Alice: text``; returns it."""
        current = self.list.currentIndex()
        rows = self.selected_rows() or ([current.row()] if current.isValid() else [])
        text = self.model.copy_text(rows)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def _menu(self, point: QPoint) -> None:
        index = self.list.indexAt(point)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction(_("Play from here"), lambda: self._activated(index))
        menu.addAction(self.copy_action)
        menu.popup(self.list.viewport().mapToGlobal(point))
        self._popup = menu

    # -- find ------------------------------------------------------------------------------

    def _mark_matches(self) -> None:
        """Mark every line holding the find text and go to the first at or after playback."""
        matches = self.model.find(self.find_field.text())
        self._match = -1
        if not matches:
            self.match_count.setText(_("No matches") if self.find_field.text().strip() else "")
            return
        after = max(self.model.current, 0)
        first = next((i for i, row in enumerate(matches) if row >= after), 0)
        self._go_to_match(first)

    def _return_pressed(self) -> None:
        shift = QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        if self._find_timer.isActive():  # Enter before the pause: find now
            self._find_timer.stop()
            self._mark_matches()
            return
        self.find_step(-1 if shift else 1)

    def find_step(self, step: int) -> None:
        """The next (1) or previous (-1) match, wrapping around."""
        if self._find_timer.isActive():
            self._find_timer.stop()
            self._mark_matches()
            return
        matches = self.model.matches
        if matches:
            self._go_to_match((self._match + step) % len(matches))

    def _go_to_match(self, which: int) -> None:
        self._match = which
        row = self.model.matches[which]
        self.match_count.setText(
            _("{value} of {len}").format(value=which + 1, len=len(self.model.matches))
        )
        index = self.model.index(row)
        self._stop_following()
        # The focus frame, not the selection: the match keeps its colour, the selection its
        # lines (what Ctrl+C copies).
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self._scroll_to(index)
