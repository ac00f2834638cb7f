"""Cover thumbnails for the views: loaded lazily off the GUI thread, cached on disk and in memory.

A view asks ``pixmap(url)``; the first time it gets None and the image is fetched (network or
file), decoded and scaled on a worker; ``coverReady(url)`` then asks the view to repaint.
Scaled thumbnails are saved next to the originals, so the next start decodes 128-pixel PNGs
instead of 3000-pixel JPEGs.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from player.qt.workers import TaskRunner
from player.services.artwork import ArtworkCache


class CoverProvider(QObject):
    """In-memory pixmaps by (url, size), filled in the background."""

    coverReady = Signal(str)
    """An image for this URL is now available (repaint what shows it)."""

    def __init__(
        self,
        runner: TaskRunner,
        artwork: ArtworkCache,
        thumbs_dir: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.artwork = artwork
        self.thumbs_dir = thumbs_dir
        self._pixmaps: dict[tuple[str, int], QPixmap] = {}
        self._pending: set[tuple[str, int]] = set()
        self._missing: set[tuple[str, int]] = set()

    def pixmap(self, url: str, size: int = 64) -> QPixmap | None:
        """The cached pixmap, or None (and a background load is started)."""
        if not url:
            return None
        key = (url, size)
        cached = self._pixmaps.get(key)
        if cached is not None:
            return cached
        if key not in self._pending and key not in self._missing:
            self._pending.add(key)
            self.runner.run(lambda: self._load(url, size), lambda image: self._loaded(key, image))
        return None

    def _thumb_path(self, url: str, size: int) -> Path:
        digest = hashlib.sha1(f"{size}:{url}".encode()).hexdigest()
        return self.thumbs_dir / f"{digest}.png"

    def _load(self, url: str, size: int) -> QImage | None:
        """Worker thread: QImage (unlike QPixmap) may be decoded and scaled off the GUI thread."""
        thumb = self._thumb_path(url, size)
        if thumb.is_file():
            image = QImage(str(thumb))
            if not image.isNull():
                return image
        source = self.artwork.fetch(url)
        if source is None:
            return None
        image = QImage(str(source))
        if image.isNull():
            return None
        scaled = image.scaled(
            QSize(size, size),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        thumb.parent.mkdir(parents=True, exist_ok=True)
        # The stubs say bytes, but this PySide6 refuses bytes here and takes the format as str.
        scaled.save(str(thumb), "PNG")  # type: ignore[call-overload]
        return scaled

    def _loaded(self, key: tuple[str, int], image: QImage | None) -> None:
        self._pending.discard(key)
        if image is None:
            self._missing.add(key)
            return
        self._pixmaps[key] = QPixmap.fromImage(image)
        self.coverReady.emit(key[0])
