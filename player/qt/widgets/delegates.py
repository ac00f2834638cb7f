"""Painting of list and table rows: podcast rows with cover, count and error badge; progress."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from player.qt.models.episodes import ProgressRole
from player.qt.models.library import CountRole, ErrorRole, PodcastRole
from player.qt.widgets.covers import CoverProvider

Index = QModelIndex | QPersistentModelIndex
COVER = 40


class PodcastDelegate(QStyledItemDelegate):
    """Sidebar rows: cover thumbnail, title, unplayed count, and a red "!" when refresh failed."""

    def __init__(self, covers: CoverProvider, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.covers = covers

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.data(PodcastRole) is None:
            return QSize(option.rect.width(), QFontMetrics(option.font).height() + 10)
        return QSize(option.rect.width(), COVER + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # The view's option already carries the row's rect, state, palette and font; the text is
        # read from the model by hand rather than through ``initStyleOption`` (a Python call per
        # row per repaint, and the call PySide6 6.12.0 leaked a reference to ``None`` on).
        opt = QStyleOptionViewItem(option)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        podcast = index.data(PodcastRole)
        rect = opt.rect.adjusted(4, 2, -4, -2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        if podcast is not None:
            cover_rect = QRect(rect.left(), rect.top() + (rect.height() - COVER) // 2, COVER, COVER)
            pixmap = self.covers.pixmap(podcast.image_url, COVER * 2)
            if pixmap is not None:
                painter.drawPixmap(cover_rect, pixmap)
            else:
                painter.fillRect(cover_rect, opt.palette.color(QPalette.ColorRole.Mid))
            rect.setLeft(cover_rect.right() + 8)
        badges = []
        error = index.data(ErrorRole)
        count = index.data(CountRole)
        if error:
            badges.append(("!", QColor("#c62828")))
        if count:
            badges.append((str(count), opt.palette.color(QPalette.ColorRole.Mid).darker(140)))
        small = QFont(opt.font)
        small.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.85))
        small.setBold(True)
        metrics = QFontMetrics(small)
        right = rect.right()
        for label, color in reversed(badges):
            width = max(metrics.horizontalAdvance(label) + 10, metrics.height() + 2)
            badge = QRect(
                right - width,
                rect.center().y() - metrics.height() // 2 - 1,
                width,
                metrics.height() + 2,
            )
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(QColor("white"))
            painter.setFont(small)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
            right = badge.left() - 4
        rect.setRight(right - 2)
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(role))
        elided = QFontMetrics(opt.font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
        painter.restore()


class ProgressDelegate(QStyledItemDelegate):
    """The episode state column: a thin progress bar under the text for partly heard episodes."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        fraction = index.data(ProgressRole) or 0.0
        if not 0.0 < fraction < 1.0:
            return
        rect = option.rect.adjusted(3, option.rect.height() - 5, -3, -2)
        painter.save()
        painter.fillRect(rect, option.palette.color(QPalette.ColorRole.Mid))
        done = QRect(rect.left(), rect.top(), int(rect.width() * fraction), rect.height())
        painter.fillRect(done, option.palette.color(QPalette.ColorRole.Highlight))
        painter.restore()
