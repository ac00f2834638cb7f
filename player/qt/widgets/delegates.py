"""Painting of list and table rows: podcast rows with cover, count and error badge; progress."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from player.qt.models.episode_cells import ProgressRole, ShortStateRole
from player.qt.models.library import (
    KIND_FOLDER,
    KIND_SECTION,
    CollapsedRole,
    CountRole,
    DepthRole,
    ErrorRole,
    KindRole,
    LiveRole,
    PodcastRole,
)
from player.qt.widgets.covers import CoverProvider

Index = QModelIndex | QPersistentModelIndex
COVER = 24
"""Compact rows: 30+ subscriptions fit in a sidebar of ordinary height."""
ROW_PADDING = 6
ERROR_COLOR = "#c62828"
ERROR_BADGE = "!"
LIVE_BADGE = "LIVE"
INDENT = 14
"""Per level of folder nesting."""
ARROW = 14
"""The collapse arrow of a folder row (clicking it collapses or expands)."""


@dataclass(frozen=True, slots=True)
class PodcastRowLayout:
    """Where a sidebar row's parts go: the cover, the (elided) name, and the badges."""

    cover: QRect | None
    text: QRect
    badges: tuple[tuple[str, QRect], ...]
    """``(label, rect)`` left to right; the label "!" is the error badge."""
    badge_font: QFont
    arrow: QRect | None = None
    """A folder row's collapse arrow."""


def _badge_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    small.setBold(True)
    return small


class PodcastDelegate(QStyledItemDelegate):
    """Sidebar rows: cover thumbnail, title, unplayed count, and a red "!" when refresh failed.

    Rows ask for no width of their own: the list lays them out at the viewport's width, so a
    vertical scrollbar never pushes the badges out of sight behind a horizontal one.
    """

    def __init__(self, covers: CoverProvider, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.covers = covers

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        text_height = QFontMetrics(option.font).height() + ROW_PADDING + 2
        if index.data(PodcastRole) is None:
            return QSize(COVER, text_height)
        return QSize(COVER, max(COVER + ROW_PADDING, text_height))

    def row_layout(
        self,
        rect: QRect,
        index: Index,
        font: QFont,
        direction: Qt.LayoutDirection = Qt.LayoutDirection.LeftToRight,
    ) -> PodcastRowLayout:
        """The parts of the row drawn in ``rect``: badges right-aligned inside the row, the name
        between the cover and the badges (so an elided name never runs under a badge).

        Laid out left to right, then mirrored inside ``rect`` for a right-to-left ``direction``
        (Arabic): the painter draws where it is told, only the style mirrors on its own."""
        inner = rect.adjusted(4, 2, -4, -2)
        inner.setLeft(inner.left() + INDENT * int(index.data(DepthRole) or 0))
        cover = arrow = None
        if index.data(KindRole) == KIND_FOLDER:
            arrow = QRect(inner.left(), inner.top(), ARROW, inner.height())
            inner.setLeft(arrow.right() + 3)
        if index.data(PodcastRole) is not None:
            top = inner.top() + (inner.height() - COVER) // 2
            cover = QRect(inner.left(), top, COVER, COVER)
            inner.setLeft(cover.right() + 7)
        labels = []
        if index.data(LiveRole):
            labels.append(LIVE_BADGE)
        if index.data(ErrorRole):
            labels.append(ERROR_BADGE)
        count = index.data(CountRole)
        if count:
            labels.append(str(count))
        small = _badge_font(font)
        metrics = QFontMetrics(small)
        height = metrics.height() + 2
        right = inner.right()
        badges: list[tuple[str, QRect]] = []
        for label in reversed(labels):
            width = max(metrics.horizontalAdvance(label) + 10, height)
            badge = QRect(right - width + 1, inner.center().y() - height // 2, width, height)
            badges.insert(0, (label, badge))
            right = badge.left() - 4
        text = QRect(inner)
        text.setRight(right - 2)
        if direction == Qt.LayoutDirection.RightToLeft:

            def mirror(part: QRect) -> QRect:
                return QStyle.visualRect(direction, rect, part)

            cover = mirror(cover) if cover is not None else None
            arrow = mirror(arrow) if arrow is not None else None
            text = mirror(text)
            badges = [(label, mirror(badge)) for label, badge in reversed(badges)]
        return PodcastRowLayout(cover, text, tuple(badges), small, arrow)

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
        parts = self.row_layout(opt.rect, index, opt.font, opt.direction)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        if podcast is not None and parts.cover is not None:
            pixmap = self.covers.pixmap(podcast.image_url, COVER * 2)
            if pixmap is not None:
                painter.drawPixmap(parts.cover, pixmap)
            else:
                painter.fillRect(parts.cover, opt.palette.color(QPalette.ColorRole.Mid))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(parts.badge_font)
        count_color = opt.palette.color(QPalette.ColorRole.Mid).darker(140)
        for label, badge in parts.badges:
            painter.setPen(Qt.PenStyle.NoPen)
            red = label in (ERROR_BADGE, LIVE_BADGE)
            painter.setBrush(QColor(ERROR_COLOR) if red else count_color)
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
        font = QFont(opt.font)
        kind = index.data(KindRole)
        if kind in (KIND_FOLDER, KIND_SECTION):
            font.setBold(True)
        if kind == KIND_SECTION:
            font.setCapitalization(QFont.Capitalization.SmallCaps)
        painter.setPen(opt.palette.color(role))
        if parts.arrow is not None:
            painter.setFont(opt.font)
            arrow = "▸" if index.data(CollapsedRole) else "▾"
            painter.drawText(parts.arrow, Qt.AlignmentFlag.AlignCenter, arrow)
        painter.setFont(font)
        width = parts.text.width()
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(parts.text, align, elided)
        painter.restore()


class ProgressDelegate(QStyledItemDelegate):
    """The episode state column: a thin progress bar under the text for partly heard episodes.

    The text is "45% heard" where it fits and "45%" where the column is narrow (the bar says
    the rest), never "45% he…". Painted from the view's option, like the sidebar rows.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        if QFontMetrics(opt.font).horizontalAdvance(text) > opt.rect.width() - 2 * margin:
            text = str(index.data(ShortStateRole) or text)
        opt.text = text
        opt.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        opt.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        opt.textElideMode = Qt.TextElideMode.ElideRight
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        fraction = index.data(ProgressRole) or 0.0
        if not 0.0 < fraction < 1.0:
            return
        rect = option.rect.adjusted(3, option.rect.height() - 5, -3, -2)
        painter.save()
        painter.fillRect(rect, option.palette.color(QPalette.ColorRole.Mid))
        done = QRect(rect.left(), rect.top(), int(rect.width() * fraction), rect.height())
        done = QStyle.visualRect(option.direction, rect, done)  # grows from the right in Arabic
        painter.fillRect(done, option.palette.color(QPalette.ColorRole.Highlight))
        painter.restore()
