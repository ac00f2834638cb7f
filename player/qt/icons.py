"""Icons: the desktop theme's icon when it has one (freedesktop names), else our own SVG.

Our SVGs are drawn in one grey and recoloured to the palette's text colour when loaded, so
they stay visible in dark mode; ``icon()`` is keyed by that colour, so a palette change simply
asks for new icons (``recoloured`` finds which icon a widget shows, for the theme switch).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from player.resources import resources_dir

SOURCE_COLOR = "#4a4a4a"
SIZES = (16, 22, 24, 32, 48, 64)
_NAMES: dict[int, str] = {}
"""Our recoloured icons' cache keys -> their names, so a palette change can redraw them."""


def icon(name: str) -> QIcon:
    """A themed icon by freedesktop name, else ``resources/icons/actions/NAME.svg`` recoloured."""
    themed = QIcon.fromTheme(name)
    if not themed.isNull():
        return themed
    color = QGuiApplication.palette().color(QPalette.ColorRole.ButtonText).name()
    return _svg_icon(name, color)


@cache
def _svg_icon(name: str, color: str) -> QIcon:
    folder = resources_dir()
    if folder is None:
        return QIcon()
    path = folder / "icons" / "actions" / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace(SOURCE_COLOR, color)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    _NAMES[result.cacheKey()] = name
    return result


def recoloured(current: QIcon) -> QIcon | None:
    """``current`` drawn again in today's palette colour if it is one of ours, else None."""
    name = _NAMES.get(current.cacheKey())
    if name is None:
        return None
    fresh = icon(name)
    return None if fresh.cacheKey() == current.cacheKey() else fresh
