"""Render the app icon's SVG into the hicolor PNG sizes (run after editing the SVG).

    .venv/bin/python scripts/render_icons.py

Uses Qt's own SVG renderer (QtSvg ships with PySide6-Essentials), so no Inkscape or
rsvg-convert is needed. The PNGs are committed: installing the desktop files must not need Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from player import APP_ID  # noqa: E402

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
"""The hicolor sizes desktops look up (menus 16-48, docks and software centres 64-512)."""
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
SVG = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"


def render(svg: Path, size: int) -> QImage:
    """One square, transparent, antialiased rendering of ``svg``."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    """Write every size; prints the files written."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(SVG, size).save(str(target), "PNG"):
            raise SystemExit(f"render_icons: could not write {target}")
        print(target.relative_to(ROOT))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
