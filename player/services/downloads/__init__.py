"""Downloading episodes: the manager (queue, threads, resume), safe names, media checks,
automatic downloads and cleanup. See :mod:`.manager` for the contract the GUI relies on."""

from player.services.downloads.manager import DownloadManager

__all__ = ["DownloadManager"]
