"""Under the library's episode list: where a search matched what was said, with the time.

A view: it lists what it is given (hits with their episode titles) and reports the one the
listener chooses through ``hitChosen(episode_id, seconds)``. It hides while there is nothing
to show, so the episode list keeps the room when the search finds no words in transcripts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from player.domain.format import clock
from player.domain.transcript import TranscriptHit
from player.i18n import _, ngettext

Index = QModelIndex | QPersistentModelIndex
ROWS_SHOWN = 4
"""Hits visible without scrolling: the episode list above keeps most of the height."""
HitRole = Qt.ItemDataRole.UserRole + 1
MARGIN = 3
_MARK = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True, slots=True)
class ShownHit:
    """A hit and the title of its episode, as the list shows it."""

    hit: TranscriptHit
    title: str


def snippet_html(snippet: str) -> str:
    """The snippet with its ``[matched]`` words in bold (everything else escaped)."""
    return _MARK.sub(lambda m: f"<b>{m.group(1)}</b>", escape(snippet, quote=False))


def hit_html(shown: ShownHit) -> str:
    """Title and time on the first line, the words around the match under them (the index
    marks cut context with its own ellipses)."""
    return (
        f"<b>{escape(shown.title)}</b> &nbsp;·&nbsp; {clock(shown.hit.start)}"
        f"<br>{snippet_html(shown.hit.snippet)}"
    )


def hit_text(shown: ShownHit) -> str:
    """The same as plain text (screen readers, tests)."""
    plain = shown.hit.snippet.replace("[", "").replace("]", "")
    return f"{shown.title} at {clock(shown.hit.start)}: {plain}"


class HitListModel(QAbstractListModel):
    """The hits of the latest search, best first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[ShownHit] = []

    def set_hits(self, hits: Sequence[ShownHit]) -> None:
        """Replace what is listed."""
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        shown = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit_text(shown)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Play “{title}” from {clock}").format(
                title=shown.title, clock=clock(shown.hit.start)
            )
        if role == HitRole:
            return shown
        return None


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as rich text (the bold matches), elided to the row's width."""

    @staticmethod
    def _document(option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(MARGIN)
        no_wrap = QTextOption()
        no_wrap.setWrapMode(QTextOption.WrapMode.NoWrap)  # two lines, cut at the row's end
        document.setDefaultTextOption(no_wrap)
        shown = index.data(HitRole)
        document.setHtml(hit_html(shown) if shown is not None else "")
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_less = QStyleOptionViewItem(option)
        text_less.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_less, painter)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        rect = option.rect
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Two lines of the view's font, whatever the hit (the list measures one row)."""
        self.initStyleOption(option, index)
        lines = 2 * option.fontMetrics.lineSpacing() + 2 * MARGIN + 2
        return QSize(option.fontMetrics.averageCharWidth() * 40, lines)


class TranscriptHitsPanel(QWidget):
    """A header ("Said in 3 episodes") over the list of hits; hidden when there are none."""

    hitChosen = Signal(int, float)
    """Episode id and the second the match starts at."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptHits")
        self.setAccessibleName(_("Found in transcripts"))
        self.model = HitListModel(self)
        self.header = QLabel("")
        self.header.setObjectName("transcriptHitsHeader")
        self.list = QListView()
        self.list.setObjectName("transcriptHitList")
        self.list.setAccessibleName(_("Transcript matches"))
        self.list.setAccessibleDescription(_("Press Enter to play the episode from that moment"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setUniformItemSizes(True)  # two lines each: measured once, not per hit
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._chosen)
        self.list.activated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.list)
        self.hide()

    def show_hits(self, query: str, hits: Sequence[ShownHit]) -> None:
        """The hits for ``query`` (none: the panel hides)."""
        self.model.set_hits(hits)
        self.setVisible(bool(hits))
        if not hits:
            return
        episodes = len({h.hit.episode_id for h in hits})
        self.header.setText(
            ngettext(
                "“{query}” was said in {n} episode: choose a moment to play it",
                "“{query}” was said in {n} episodes: choose a moment to play it",
                episodes,
            ).format(query=query, n=episodes)
        )
        row = self.list.sizeHintForRow(0)
        frame = 2 * self.list.frameWidth()
        self.list.setFixedHeight(min(len(hits), ROWS_SHOWN) * row + frame)

    def _chosen(self, index: QModelIndex) -> None:
        shown = index.data(HitRole)
        if shown is not None:
            self.hitChosen.emit(shown.hit.episode_id, shown.hit.start)
