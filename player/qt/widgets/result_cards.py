"""Directory results as cards: artwork, title, author, episodes, last episode, sources, Subscribe.

One list view with a painting delegate rather than a widget per result: a chart of 50 podcasts
costs no 50 widget trees, and the view gives keyboard movement for free (arrows move, Enter or
a click opens the podcast page, the card's button or Ctrl+Enter subscribes).
"""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from player.directory.model import DirectoryResult
from player.i18n import _, formats, ngettext
from player.qt.widgets.covers import CoverProvider

ResultRole = Qt.ItemDataRole.UserRole + 1
COVER = 64
PAD = 8
LINES = 4
LEADING = 2
SOURCE_LABELS = {
    "itunes": "Apple Podcasts",
    "podcastindex": "Podcast Index",
    "fyyd": "fyyd",
    "gpodder": "gpodder.net",
}
"""Provider names as the listener knows them (the service's labels win when given)."""

Index = QModelIndex | QPersistentModelIndex


def age_text(newest: float | None, now: float | None = None) -> str:
    """ "last episode today / 3 days ago / 12 Mar 2025" (empty when unknown)."""
    if newest is None:
        return ""
    days = int(((now if now is not None else time.time()) - newest) // 86_400)
    if days <= 0:
        return "last episode today"
    if days == 1:
        return "last episode yesterday"
    if days < 60:
        return f"last episode {days} days ago"
    return "last episode " + time.strftime("%d %b %Y", time.localtime(newest)).lstrip("0")


def facts_text(result: DirectoryResult) -> str:
    """ "120 episodes · last episode 3 days ago" (what the directories know of it)."""
    parts = []
    if result.episode_count is not None:
        count = result.episode_count
        shown = formats.number(count)
        parts.append(ngettext("{count} episode", "{count} episodes", count).format(count=shown))
    if age := age_text(result.newest):
        parts.append(age)
    return " · ".join(parts)


def sources_text(result: DirectoryResult, labels: dict[str, str] | None = None) -> str:
    """ "found on Apple Podcasts, fyyd" (empty when no source is named)."""
    names = labels or SOURCE_LABELS
    return (
        "found on " + ", ".join(names.get(s, s) for s in result.sources) if result.sources else ""
    )


def meta_text(result: DirectoryResult, labels: dict[str, str] | None = None) -> str:
    """Episode count, last episode, and which directories list it, on one line."""
    return " · ".join(filter(None, (facts_text(result), sources_text(result, labels))))


class ResultListModel(QAbstractListModel):
    """The results shown, in rank order; ``mark_subscribed`` flips one card's mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: tuple[DirectoryResult, ...] = ()
        self.labels: dict[str, str] = dict(SOURCE_LABELS)
        self.busy: set[str] = set()
        """Feed URLs being subscribed right now (their button shows "Subscribing…")."""

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.results)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.results):
            return None
        result = self.results[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return result.title
        if role == ResultRole:
            return result
        if role == Qt.ItemDataRole.AccessibleTextRole:
            mark = ", subscribed" if result.subscribed else ""
            return f"{result.title}, {result.author}{mark}. {meta_text(result, self.labels)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return result.feed_url
        return None

    def set_results(self, results: tuple[DirectoryResult, ...]) -> None:
        """Show a new answer (a reset: the old cards are gone)."""
        self.beginResetModel()
        self.results = tuple(results)
        self.busy.clear()
        self.endResetModel()

    def row_of_feed(self, feed_url: str) -> int:
        """The row showing ``feed_url``, or -1."""
        for row, result in enumerate(self.results):
            if result.feed_url == feed_url:
                return row
        return -1

    def set_busy(self, feed_url: str, busy: bool) -> None:
        """Show (or stop showing) that a subscription to ``feed_url`` is on its way."""
        (self.busy.add if busy else self.busy.discard)(feed_url)
        self._changed(self.row_of_feed(feed_url))

    def mark_subscribed(self, feed_url: str) -> None:
        """The listener now has this feed: its card says so."""
        self.busy.discard(feed_url)
        row = self.row_of_feed(feed_url)
        if row >= 0:
            results = list(self.results)
            results[row] = replace(results[row], subscribed=True)
            self.results = tuple(results)
            self._changed(row)

    def _changed(self, row: int) -> None:
        if row >= 0:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)


class CardDelegate(QStyledItemDelegate):
    """Paints one card; a press on its button asks the view to subscribe."""

    def __init__(self, covers: CoverProvider | None, view: ResultCards) -> None:
        super().__init__(view)
        self.covers = covers
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(320, max(COVER, LINES * (line + LEADING)) + 2 * PAD)

    def button_rect(self, rect: QRect, font: QFont, subscribed: bool) -> QRect:
        """Where the card's Subscribe button (or its "Subscribed" mark) is drawn."""
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance("Subscribing…") + 28
        height = metrics.height() + 12
        return QRect(
            rect.right() - PAD - width, rect.top() + (rect.height() - height) // 2, width, height
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        result: DirectoryResult = index.data(ResultRole)
        model = index.model()
        assert isinstance(model, ResultListModel)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        font: QFont = option.font
        style = self.view.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, self.view
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        cover_rect = QRect(rect.left() + PAD, rect.top() + PAD, COVER, COVER)
        pixmap = self.covers.pixmap(result.image_url, COVER) if self.covers else None
        if pixmap is not None:
            painter.drawPixmap(cover_rect, pixmap)
        else:
            painter.fillRect(cover_rect, palette.color(QPalette.ColorRole.Mid))
        button = self.button_rect(rect, font, result.subscribed)
        left = cover_rect.right() + PAD + 4
        width = button.left() - PAD - left
        line = QFontMetrics(font).height()
        top = rect.top() + (rect.height() - LINES * (line + LEADING) + LEADING) // 2
        bold = QFont(font)
        bold.setBold(True)
        quiet = palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
        lines = (
            (bold, result.title, palette.color(text_role)),
            (font, result.author or " ", palette.color(text_role)),
            (font, facts_text(result), quiet),
            (font, sources_text(result, model.labels), quiet),
        )
        for n, (face, text, color) in enumerate(lines):
            painter.setFont(face)
            painter.setPen(color)
            elided = QFontMetrics(face).elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRect(left, top + n * (line + LEADING), width, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                elided,
            )
        painter.restore()
        if result.subscribed:
            painter.save()
            painter.setPen(palette.color(text_role))
            painter.drawText(button, int(Qt.AlignmentFlag.AlignCenter), "✓ Subscribed")
            painter.restore()
            return
        push = QStyleOptionButton()
        push.rect = button
        push.palette = palette
        push.fontMetrics = QFontMetrics(font)
        push.text = "Subscribing…" if result.feed_url in model.busy else "Subscribe"
        push.state = QStyle.StateFlag.State_Raised | (
            QStyle.StateFlag.State_None
            if result.feed_url in model.busy
            else QStyle.StateFlag.State_Enabled
        )
        style.drawControl(QStyle.ControlElement.CE_PushButton, push, painter, self.view)

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        if event.type() != QEvent.Type.MouseButtonRelease or not isinstance(event, QMouseEvent):
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        result: DirectoryResult = index.data(ResultRole)
        rect: QRect = option.rect
        button = self.button_rect(rect, option.font, result.subscribed)
        if button.contains(event.position().toPoint()):
            if not result.subscribed:
                self.view.subscribeRequested.emit(result)
            return True
        self.view.openRequested.emit(result)
        return True


class ResultCards(QListView):
    """The cards of one answer; it asks for a podcast page or a subscription by signal."""

    openRequested = Signal(DirectoryResult)
    subscribeRequested = Signal(DirectoryResult)

    def __init__(self, covers: CoverProvider | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultCards")
        self.setAccessibleName(_("Directory results"))
        self.cards = ResultListModel(self)
        self.setModel(self.cards)
        self.delegate = CardDelegate(covers, self)
        self.setItemDelegate(self.delegate)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        if covers is not None:
            covers.coverReady.connect(lambda _url: self.viewport().update())

    def show_results(self, results: tuple[DirectoryResult, ...]) -> None:
        """Replace the cards; the first one is current, so arrows and Enter work at once."""
        self.cards.set_results(results)
        if results:
            self.setCurrentIndex(self.cards.index(0, 0))
        self.scrollToTop()

    def result_at(self, row: int) -> DirectoryResult:
        """The result of a row."""
        return self.cards.results[row]

    def current_result(self) -> DirectoryResult | None:
        """The result under the keyboard's cursor, if any."""
        row = self.currentIndex().row()
        return self.cards.results[row] if 0 <= row < len(self.cards.results) else None

    def button_center(self, row: int) -> object:
        """Where a row's Subscribe button is on the viewport (tests click it like a user)."""
        index = self.cards.index(row, 0)
        self.scrollTo(index)
        rect = self.delegate.button_rect(
            self.visualRect(index), self.font(), self.cards.results[row].subscribed
        )
        return rect.center()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        result = self.current_result()
        if result is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if not result.subscribed:
                    self.subscribeRequested.emit(result)
            else:
                self.openRequested.emit(result)
            event.accept()
            return
        super().keyPressEvent(event)
