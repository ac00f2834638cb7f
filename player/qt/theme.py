"""Light and dark palettes that follow the desktop's colour scheme.

Qt 6 reports the system scheme (``QStyleHints.colorScheme``); with the Fusion style we apply a
matching palette, and follow changes while the app runs. Our own icons are recoloured from the
palette (``player.qt.icons``), so they stay visible either way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def dark_palette() -> QPalette:
    """A calm dark palette for Fusion."""
    p = QPalette()
    base, window, text = QColor(30, 30, 32), QColor(42, 42, 46), QColor(230, 230, 230)
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(36, 36, 40))
    p.setColor(QPalette.ColorRole.ToolTipBase, window)
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, window)
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.Mid, QColor(80, 80, 86))
    p.setColor(QPalette.ColorRole.Highlight, QColor(61, 142, 230))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    p.setColor(QPalette.ColorRole.Link, QColor(110, 170, 255))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(120, 120, 120))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(120, 120, 120))
    return p


def apply_theme(app: QApplication) -> None:
    """Use Fusion with the palette matching the system scheme, now and when it changes."""
    app.setStyle("Fusion")

    def follow(scheme: Qt.ColorScheme) -> None:
        if scheme == Qt.ColorScheme.Dark:
            app.setPalette(dark_palette())
        else:
            app.setPalette(app.style().standardPalette())

    hints = QGuiApplication.styleHints()
    follow(hints.colorScheme())
    hints.colorSchemeChanged.connect(follow)
