"""The seek slider: a position bar with the episode's chapter marks drawn on it.

Chapter starts are drawn as ticks across the groove; hovering shows the chapter's title and the
time under the pointer; clicking or dragging asks to seek there (``seekRequested``). Positions
are milliseconds internally so short episodes still seek smoothly.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
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
        self.setAccessibleName("Position")
        self.setMouseTracking(True)
        self.setRange(0, 0)
        self.setPageStep(30_000)
        self.setSingleStep(5_000)
        self.chapters: list[Chapter] = []
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
            return left
        fraction = min(1.0, max(0.0, seconds / self.duration))
        return left + round(fraction * span)

    def seconds_at(self, x: int) -> float:
        """The time under an x coordinate."""
        groove, handle = self._geometry()
        span = max(1, groove.width() - handle)
        left = groove.x() + handle // 2
        fraction = min(1.0, max(0.0, (x - left) / span))
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
        if not self.chapters or self.duration <= 0:
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

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self.duration <= 0:
            return
        seconds = self.seconds_at(round(event.position().x()))
        chapter = self.chapter_at(seconds)
        text = clock(seconds)
        if chapter is not None:
            text = f"{chapter.title}\n{text}"
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
