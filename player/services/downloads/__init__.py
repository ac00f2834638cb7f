"""Downloading episodes: the manager (queue, threads, resume), safe names, media checks,
automatic downloads and cleanup. See :mod:`.manager` for the contract the GUI relies on.

The manager is imported on first use of the name (it brings the HTTP client and the media
checks), so a light module of this package (``eligible``, ``transfer``) can be imported by the
window's first frame without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from player.services.downloads.manager import DownloadManager

__all__ = ["DownloadManager"]


def __getattr__(name: str) -> Any:
    if name == "DownloadManager":
        from player.services.downloads.manager import DownloadManager

        return DownloadManager
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
