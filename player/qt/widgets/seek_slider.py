"""The seek slider: a position bar with the episode's chapter and bookmark marks drawn on it.

Chapter starts are drawn as ticks across the groove; bookmarks as small filled triangles
above it, in another colour (a range also gets a bar over its span), so the two never read
as one another. Hovering shows the chapter's title (and a bookmark's, near one) and the time
under the pointer; clicking or dragging asks to seek there (``seekRequested``). Positions
are milliseconds internally so short episodes still seek smoothly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygon,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QProxyStyle,
    QSlider,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QStyleOptionSlider,
    QToolTip,
    QWidget,
)

from player.domain.format import clock
from player.domain.models import Chapter
from player.i18n import _

BOOKMARK_COLOUR = QColor(230, 140, 20)
"""Amber: apart from the highlight colour chapter ticks use, readable on light and dark."""
BOOKMARK_SIZE = 4
"""Half the width of a bookmark's triangle, in pixels."""
HOVER_PIXELS = 5
"""How near the pointer must be to a bookmark for the tooltip to name it."""


@dataclass(frozen=True, slots=True)
class SliderMark:
    """A bookmark as the slider draws it: where, to where (a range), and what it says."""

    start: float
    end: float | None
    label: str


_GEOMETRY_EVENTS = (
    QEvent.Type.StyleChange,
    QEvent.Type.FontChange,
    QEvent.Type.LayoutDirectionChange,
)


class _JumpToClickStyle(QProxyStyle):
    """A left click puts the handle under the pointer (Qt's default only pages towards it)."""

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_Slider_AbsoluteSetButtons:
            return Qt.MouseButton.LeftButton.value
        return super().styleHint(hint, option, widget, returnData)


class SeekSlider(QSlider):
    """A horizontal slider over the episode's duration, with chapter markers."""

    seekRequested = Signal(float)
    """Seconds the listener asked to jump to (click, drag release or keys)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("seekSlider")
        self.setAccessibleName(_("Position"))
        self.setMouseTracking(True)
        self.setRange(0, 0)
        self.setPageStep(30_000)
        self.setSingleStep(5_000)
        self.chapters: list[Chapter] = []
        self.bookmarks: list[SliderMark] = []
        self.duration = 0.0
        self._dragging = False
        self._cached_geometry: tuple[QRect, int] | None = None
        self.sliderPressed.connect(self._pressed)
        self.sliderReleased.connect(self._released)
        self.actionTriggered.connect(self._action)
        # No base style given: the proxy follows the application style without owning it
        # (a proxy deletes a base style it was handed, and the app style must outlive us).
        self._style = _JumpToClickStyle()
        self.setStyle(self._style)

    # -- state from the player -----------------------------------------------------------

    def set_duration(self, seconds: float | None) -> None:
        """The episode's length (0/None: nothing loaded; the slider is disabled)."""
        self.duration = max(0.0, seconds or 0.0)
        self.setRange(0, int(self.duration * 1000))
        self.setEnabled(self.duration > 0)
        self.update()

    def set_position(self, seconds: float) -> None:
        """Move the handle, unless the listener is dragging it."""
        if not self._dragging:
            self.blockSignals(True)
            self.setValue(int(seconds * 1000))
            self.blockSignals(False)

    def set_chapters(self, chapters: Sequence[Chapter]) -> None:
        """Chapters to mark (their start times)."""
        self.chapters = list(chapters)
        self.update()

    def set_bookmarks(self, marks: Sequence[SliderMark]) -> None:
        """Bookmarks to mark (triangles above the groove, apart from chapter ticks)."""
        self.bookmarks = sorted(marks, key=lambda m: m.start)
        self.update()

    def bookmark_near(self, x: int) -> SliderMark | None:
        """The bookmark drawn within :data:`HOVER_PIXELS` of ``x``, if any."""
        best = None
        for mark in self.bookmarks:
            distance = abs(self.x_for_seconds(mark.start) - x)
            if distance <= HOVER_PIXELS and (best is None or distance < best[0]):
                best = (distance, mark)
        return best[1] if best is not None else None

    # -- geometry --------------------------------------------------------------------------

    def _geometry(self) -> tuple[QRect, int]:
        """The groove rectangle and handle width, measured once per size or style.

        Asking the style means filling a ``QStyleOptionSlider`` through ``initStyleOption``; a
        repaint with chapter marks used to do that 1 + 3 x marks times, four times a second. The
        answer only changes with the widget's size, style or font, so it is cached and dropped
        by ``resizeEvent`` and ``changeEvent``.
        """
        if self._cached_geometry is None:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            style = self.style()
            groove = style.subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
            )
            handle = style.subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
            )
            self._cached_geometry = (groove, handle.width())
        return self._cached_geometry

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cached_geometry = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _GEOMETRY_EVENTS:
            self._cached_geometry = None
        super().changeEvent(event)

    def x_for_seconds(self, seconds: float) -> int:
        """The x coordinate of a time on the groove (where its marker is drawn)."""
        groove, handle = self._geometry()
        span = groove.width() - handle
        left = groove.x() + handle // 2
        if self.duration <= 0:
            return left if not self.isRightToLeft() else left + span
        fraction = min(1.0, max(0.0, seconds / self.duration))
        if self.isRightToLeft():
            fraction = 1.0 - fraction  # Qt mirrors the slider: time runs from right to left
        return left + round(fraction * span)

    def seconds_at(self, x: int) -> float:
        """The time under an x coordinate."""
        groove, handle = self._geometry()
        span = max(1, groove.width() - handle)
        left = groove.x() + handle // 2
        fraction = min(1.0, max(0.0, (x - left) / span))
        if self.isRightToLeft():
            fraction = 1.0 - fraction
        return fraction * self.duration

    def chapter_at(self, seconds: float) -> Chapter | None:
        """The chapter that contains a time."""
        current = None
        for chapter in self.chapters:
            if chapter.start <= seconds:
                current = chapter
            else:
                break
        return current

    # -- painting and interaction ------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.duration <= 0:
            return
        if self.bookmarks:
            self._paint_bookmarks()
        if not self.chapters:
            return
        painter = QPainter(self)
        color = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(color.darker(130), 2))
        groove = self._geometry()[0]
        top, bottom = groove.top() - 3, groove.bottom() + 3
        for chapter in self.chapters:
            if chapter.start <= 0:
                continue
            x = self.x_for_seconds(chapter.start)
            painter.drawLine(QPoint(x, top), QPoint(x, bottom))
        painter.end()

    def _paint_bookmarks(self) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        groove = self._geometry()[0]
        # From the top edge down into the groove: the slider keeps its height (the pane below
        # is short at 1024x700), and a chapter tick never looks like this.
        tip = groove.center().y()
        base = max(0, tip - 2 * BOOKMARK_SIZE)
        painter.setPen(QPen(BOOKMARK_COLOUR.darker(140), 1))
        painter.setBrush(BOOKMARK_COLOUR)
        for mark in self.bookmarks:
            x = self.x_for_seconds(mark.start)
            if mark.end is not None:
                end = self.x_for_seconds(mark.end)  # left of x when the slider is mirrored
                painter.fillRect(min(x, end), base, max(1, abs(end - x)), 2, BOOKMARK_COLOUR)
            painter.drawPolygon(
                QPolygon(
                    [
                        QPoint(x - BOOKMARK_SIZE, base),
                        QPoint(x + BOOKMARK_SIZE, base),
                        QPoint(x, tip),
                    ]
                )
            )
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self.duration <= 0:
            return
        x = round(event.position().x())
        seconds = self.seconds_at(x)
        chapter = self.chapter_at(seconds)
        text = clock(seconds)
        if chapter is not None:
            text = f"{chapter.title}\n{text}"
        mark = self.bookmark_near(x)
        if mark is not None:
            mark_text = _("Bookmark {position}: {note}").format(
                position=clock(mark.start), note=mark.label or _("no note")
            )
            text = f"{mark_text}\n{text}"
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def _pressed(self) -> None:
        self._dragging = True

    def _released(self) -> None:
        self._dragging = False
        self.seekRequested.emit(self.value() / 1000)

    def _action(self, action: int) -> None:
        # actionTriggered sends a plain int, which never equals the enum member itself.
        if action == QSlider.SliderAction.SliderMove.value:
            return  # a drag, or the press of a click: the release asks to seek
        if not self._dragging:
            self.seekRequested.emit(self.sliderPosition() / 1000)
