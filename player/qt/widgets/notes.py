"""Show notes: sanitised HTML, links open in the system browser, nothing remote is loaded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from player.i18n import _


class NotesBrowser(QTextBrowser):
    """A read-only HTML view that never fetches anything (images, styles) by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("showNotes")
        self.setAccessibleName(_("Show notes"))
        self.setOpenExternalLinks(True)
        self.setOpenLinks(True)
        self.blocked: list[str] = []

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Refuse every resource: notes are already sanitised, and loading would leak a visit."""
        self.blocked.append(QUrl(url).toString() if not isinstance(url, QUrl) else url.toString())
        return None
