"""Queue pane: what plays next, in order, with the total time left; suggestions below.

Rows show the cover, the podcast and each episode's time left, with the playing one marked.
Everything is reachable by mouse (double-click, drag, right-click menu, the header buttons)
and by keyboard (Enter plays, Delete removes, Alt+Up / Alt+Down move the selection).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from player.domain.models import Episode
from player.i18n import N_, _, ngettext
from player.qt.icons import icon
from player.qt.models.episode_cells import EpisodeRole
from player.qt.models.queue import QueueListModel, minutes_text
from player.qt.widgets.covers import CoverProvider
from player.qt.widgets.queue_row import QueueRowDelegate, row_height
from player.qt.widgets.queue_selector import QueueSelector, queue_label
from player.qt.widgets.suggestions import VISIBLE_CARDS, SuggestionsPanel
from player.services.queue import QueueView

PREFERRED_ROWS = 3
"""Queue rows asked for before the cards get their room; more rows when the window is tall."""
EMPTY_HINT = N_(
    "Nothing queued: drag episodes here, or choose “Add to queue” or + on a suggestion."
)
FIT_SLACK = 6
"""Pixels to spare under the third card, so a pixel of rounding never cuts it."""
LEAST_SUGGESTIONS = 40
"""The up-next area never shrinks below this: its heading and the top of a card."""


class QueueListView(QListView):
    """The list itself: Delete removes the selection, Alt+Up / Alt+Down move it."""

    deletePressed = Signal()
    movePressed = Signal(int)
    """-1: one place up, +1: one place down."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Delete:
            self.deletePressed.emit()
            event.accept()
            return
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.movePressed.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """An empty queue says how to fill it (and stays a place to drop episodes on)."""
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(6, 2, -6, -2),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _(EMPTY_HINT),
            )
            painter.end()

    def sizeHint(self) -> QSize:
        """Up to three rows: beyond that the list takes what the cards leave (its stretch)."""
        rows = max(1, min(PREFERRED_ROWS, self.model().rowCount() if self.model() else 0))
        return QSize(super().sizeHint().width(), rows_height(self, rows))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), rows_height(self, 1))


def rows_height(view: QListView, rows: int) -> int:
    """The height that shows ``rows`` whole queue rows in ``view``."""
    return row_height(view.font()) * rows + 2 * view.frameWidth()


class CardsArea(QScrollArea):
    """The scrolling up-next area; it asks for room for the first few cards (its size hint)
    and can shrink to one card when the window is short."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wanted_height = 0

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.minimumHeight(), self.wanted_height))


class QueuePane(QWidget):
    """The ordered play queue and, below it, the up-next suggestions area."""

    playRequested = Signal(Episode)
    """Play this episode now (an :class:`Episode`)."""
    removeRequested = Signal(list)
    """Take these episode ids out of the queue."""
    clearRequested = Signal()
    moveRequested = Signal(list, int)
    """Move these ids by this many places (negative: towards the front)."""
    moveToTopRequested = Signal(list)
    moveToBottomRequested = Signal(list)
    markPlayedRequested = Signal(list)
    showInLibraryRequested = Signal(Episode)
    """Select this episode in the library (an :class:`Episode`)."""
    moveToQueueRequested = Signal(list, int)
    """Move these ids from the shown queue to the end of the queue with this id."""

    def __init__(
        self,
        model: QueueListModel,
        covers: CoverProvider | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queuePane")
        self.setAccessibleName(_("Queue"))
        self.model = model
        self.title = QLabel(_("<b>Queue</b>"))
        self.title.hide()  # the selector names the queue shown
        self.selector = QueueSelector()
        self.time_left = QLabel("")
        self.time_left.setObjectName("queueTimeLeft")
        self.time_left.setAccessibleName(_("Time left in the queue"))

        self.list = QueueListView()
        self.list.setObjectName("queueList")
        self.list.setAccessibleName(_("Queued episodes"))
        self.list.setModel(model)
        self.list.setItemDelegate(QueueRowDelegate(covers, self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDragEnabled(True)
        self.list.setAcceptDrops(True)
        self.list.setDropIndicatorShown(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu_at)
        self.list.doubleClicked.connect(lambda index: self._play(index.row()))
        self.list.activated.connect(lambda index: self._play(index.row()))
        self.list.deletePressed.connect(self._remove_selected)
        self.list.movePressed.connect(self._move_selected)
        if covers is not None:
            covers.coverReady.connect(lambda _url: self.list.viewport().update())

        self.play_button = self._tool(
            "queuePlayNow", "media-playback-start", _("Play the selected")
        )
        self.play_button.setAccessibleName(_("Play the selected queue entry now"))
        self.play_button.clicked.connect(self._play_selected)
        self.remove_button = self._tool("queueRemove", "edit-delete", _("Remove the selected"))
        self.remove_button.setAccessibleName(_("Remove the selected entries from the queue"))
        self.remove_button.clicked.connect(self._remove_selected)
        self.clear_button = self._tool("queueClear", "", _("Clear the queue"))
        self.clear_button.setText(_("Clear"))
        self.clear_button.clicked.connect(self.clearRequested)

        header = QHBoxLayout()
        header.addWidget(self.selector, 1)
        header.addWidget(self.time_left)
        for button in (self.play_button, self.remove_button, self.clear_button):
            header.addWidget(button)

        inner = QWidget()
        self.suggestions_layout = QVBoxLayout(inner)
        self.suggestions_layout.setContentsMargins(0, 0, 0, 0)
        self.suggestions_area = CardsArea()
        self.suggestions_area.setObjectName("suggestionsArea")
        self.suggestions_area.setWidget(inner)
        self.suggestions_area.setWidgetResizable(True)
        self.suggestions_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.suggestions_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.suggestions: SuggestionsPanel | None = None
        self._fitted = (0, 0, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.suggestions_area)
        model.modelReset.connect(self._update_summary)
        self._update_summary()

    def _tool(self, name: str, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        if icon_name:
            button.setIcon(icon(icon_name))
        return button

    # -- sizes ------------------------------------------------------------------------------

    def set_suggestions_panel(self, panel: SuggestionsPanel) -> None:
        """Show the up-next panel under the queue, with room for its first cards."""
        self.suggestions = panel
        self.suggestions_layout.addWidget(panel)
        panel.contentChanged.connect(self._fit_suggestions)
        self._fit_suggestions()

    def _fit_suggestions(self) -> None:
        """Ask for room for the first :data:`VISIBLE_CARDS` cards and let the area grow to all
        of them when the window has room; the queue list takes the rest. In a short window
        (a tall now-playing pane above) both shrink, the area scrolls, and the window stays
        as small as it was.

        Heights are worked out for the width left beside a scroll bar, so the cards fit
        whether or not one shows.
        """
        if self.suggestions is None:
            return
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = max(120, self.suggestions_area.width() - bar - 2)
        fitted = (
            self.suggestions.height_for(width, 1),
            self.suggestions.height_for(width, VISIBLE_CARDS) + FIT_SLACK,
            self.suggestions.height_for(width, len(self.suggestions.rows)),
        )
        if fitted != self._fitted:
            self._fitted = fitted
            least, wanted, everything = fitted
            self.suggestions_area.setMinimumHeight(min(least, LEAST_SUGGESTIONS))
            self.suggestions_area.wanted_height = wanted
            self.suggestions_area.setMaximumHeight(max(wanted, everything))
            self.suggestions_area.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_suggestions()

    # -- showing the queue ------------------------------------------------------------------

    def set_view(self, view: QueueView) -> None:
        """Show the queue, keeping the selection and the current entry where they are queued
        (so a moved entry stays selected wherever it went)."""
        selected = {e.id for e in self.selected_episodes()}
        current = self.list.currentIndex().data(EpisodeRole)  # None when nothing is focused
        if view.queue_id != self.model.view.queue_id:  # another queue: nothing carries over
            selected, current = set(), None
        self.selector.set_queues(view.queues, view.queue_id)
        self.model.set_view(view)
        selection = self.list.selectionModel()
        for row, entry in enumerate(view.entries):
            if entry.episode.id in selected:
                selection.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Select)
        row = self.model.row_of(current.id if current is not None else None)
        if row >= 0:
            selection.setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.list.scrollTo(self.model.index(row))

    def set_playing(self, episode: Episode | None) -> None:
        """Mark the playing episode (when it is queued)."""
        self.model.set_playing(episode.id if episode is not None else None)

    def _update_summary(self) -> None:
        view = self.model.view
        count = len(view.entries)
        if count == 0:
            self.time_left.setText(_("empty"))
        else:
            left = view.seconds_left
            episodes = ngettext("{count} episode", "{count} episodes", count).format(count=count)
            self.time_left.setText(
                _("{episodes}, {left} left").format(episodes=episodes, left=minutes_text(left))
                if left
                else episodes
            )
        has_entries = count > 0
        self.list.updateGeometry()
        for button in (self.play_button, self.remove_button, self.clear_button):
            button.setEnabled(has_entries)

    # -- what the listener asks for ---------------------------------------------------------

    def selected_episodes(self) -> list[Episode]:
        """Selected entries, top to bottom."""
        rows = sorted(i.row() for i in self.list.selectionModel().selectedRows())
        return [self.model.episodes[r] for r in rows if r < len(self.model.episodes)]

    def _play(self, row: int) -> None:
        episodes = self.model.episodes
        if 0 <= row < len(episodes):
            self.playRequested.emit(episodes[row])

    def _play_selected(self) -> None:
        selected = self.selected_episodes()
        if selected:
            self.playRequested.emit(selected[0])
        elif self.model.episodes:
            self.playRequested.emit(self.model.episodes[0])

    def _remove_selected(self) -> None:
        ids = [e.id for e in self.selected_episodes()]
        if ids:
            self.removeRequested.emit(ids)

    def _move_selected(self, offset: int) -> None:
        ids = [e.id for e in self.selected_episodes()]
        if ids:
            self.moveRequested.emit(ids, offset)

    def _menu_at(self, point: QPoint) -> None:
        index: QModelIndex = self.list.indexAt(point)
        if not index.isValid():
            return
        if not self.list.selectionModel().isSelected(index):
            self.list.setCurrentIndex(index)  # right-click on another row acts on that row
        episodes = self.selected_episodes()
        if not episodes:
            return
        ids = [e.id for e in episodes]
        first = episodes[0]
        menu = QMenu(self)
        menu.setObjectName("queueMenu")
        menu.addAction(_("Play"), lambda: self.playRequested.emit(first))
        menu.addSeparator()
        menu.addAction(_("Move to top"), lambda: self.moveToTopRequested.emit(ids))
        menu.addAction(_("Move to bottom"), lambda: self.moveToBottomRequested.emit(ids))
        menu.addAction(_("Remove from queue"), lambda: self.removeRequested.emit(ids))
        self._add_move_to_queue(menu, ids)
        menu.addSeparator()
        menu.addAction(_("Mark played"), lambda: self.markPlayedRequested.emit(ids))
        menu.addAction(_("Show in library"), lambda: self.showInLibraryRequested.emit(first))
        menu.popup(self.list.viewport().mapToGlobal(point))
        self._menu = menu

    def _add_move_to_queue(self, menu: QMenu, ids: list[int]) -> None:
        """ "Move to queue ▸": every queue but the one shown (the list read with the view)."""
        view = self.model.view
        others = [q for q in view.queues if q.id != view.queue_id]
        sub = menu.addMenu(_("Move to queue"))
        sub.setObjectName("moveToQueueMenu")
        sub.setEnabled(bool(others))
        for queue in others:
            sub.addAction(
                queue_label(queue), lambda *_, q=queue.id: self.moveToQueueRequested.emit(ids, q)
            )
