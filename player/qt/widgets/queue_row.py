"""Painting of a queue row: cover, title (bold with a play mark while it plays), podcast and
time left on a second, smaller line."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from player.qt.models.queue import PLAY_GLYPH, CoverUrlRole, DetailRole, PlayingRole
from player.qt.widgets.covers import CoverProvider

Index = QModelIndex | QPersistentModelIndex
COVER = 36
PAD = 4


class QueueRowDelegate(QStyledItemDelegate):
    """Two lines beside a cover; everything read from the model's roles.

    Like the sidebar's delegate it uses the ``option`` the view hands in and never calls
    ``initStyleOption`` (PySide6 6.12.0 dropped a reference to ``None`` on every such call).
    """

    def __init__(self, covers: CoverProvider | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.covers = covers

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.rect.width(), row_height(option.font))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = opt.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        painter.save()
        cover = QRect(rect.left(), rect.top() + (rect.height() - COVER) // 2, COVER, COVER)
        text_box = QRect(rect)
        text_box.setLeft(cover.right() + 8)
        # Laid out left to right, mirrored for Arabic (the painter does not mirror by itself;
        # drawText's AlignLeft already means the leading edge on a right-to-left viewport).
        cover = QStyle.visualRect(opt.direction, rect, cover)
        text_box = QStyle.visualRect(opt.direction, rect, text_box)
        url = str(index.data(CoverUrlRole) or "")
        pixmap = self.covers.pixmap(url, COVER * 2) if self.covers is not None and url else None
        if pixmap is not None:
            painter.drawPixmap(cover, pixmap)
        else:
            painter.fillRect(cover, opt.palette.color(QPalette.ColorRole.Mid))
        rect = text_box

        playing = bool(index.data(PlayingRole))
        title_font = QFont(opt.font)
        title_font.setBold(playing)
        small = QFont(opt.font)
        small.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.9))
        title_metrics, small_metrics = QFontMetrics(title_font), QFontMetrics(small)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if playing:
            title = f"{PLAY_GLYPH} {title}"
        top = rect.top() + (rect.height() - title_metrics.height() - small_metrics.height()) // 2
        line = QRect(rect.left(), top, rect.width(), title_metrics.height())
        painter.setPen(opt.palette.color(text_role))
        painter.setFont(title_font)
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, line.width()),
        )
        detail = str(index.data(DetailRole) or "")
        line = QRect(rect.left(), line.bottom() + 1, rect.width(), small_metrics.height())
        if not selected:
            muted = opt.palette.color(text_role)
            muted.setAlpha(190)  # secondary, still readable on either theme
            painter.setPen(muted)
        painter.setFont(small)
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(detail, Qt.TextElideMode.ElideRight, line.width()),
        )
        painter.restore()


def row_height(font: QFont) -> int:
    """One row: the taller of the cover and the two lines, with padding."""
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    lines = QFontMetrics(font).height() + QFontMetrics(small).height() + 1
    return max(COVER, lines) + PAD + 2
