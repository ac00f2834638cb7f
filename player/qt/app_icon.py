"""The app's icon as a QIcon: the installed theme's when there is one, else the bundled files.

Installed desktop files put the icon in the user's hicolor theme (and a themed override wins
there); a source checkout or a PyInstaller bundle has only ``resources/icons``.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from player import APP_ID
from player.resources import resources_dir


def app_icon() -> QIcon:
    """The window/tray icon (a null QIcon only when neither the theme nor the files have it)."""
    themed = QIcon.fromTheme(APP_ID)
    if not themed.isNull():
        return themed
    icon = QIcon()
    root = resources_dir()
    if root is None:
        return icon
    for path in sorted((root / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.*")):
        icon.addFile(str(path))
    return icon
