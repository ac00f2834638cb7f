"""Where download bytes live on disk, and the only ways they are moved or deleted.

Partial files sit in ``downloads/.partial/<episode id>.part`` (same file system as the final
place, so the move is an atomic rename, and hidden from anyone browsing the folder). Finished
files are renamed into ``downloads/<podcast>/<episode>.<ext>`` and the directory is fsync'd, so
after a crash a file is either wholly there under its name or not there at all. Nothing outside
the downloads folder is ever deleted, whatever path the database holds.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from player.domain.downloads import DownloadError, FailureKind
from player.i18n import _
from player.services.downloads.naming import is_inside, unique_path

log = logging.getLogger(__name__)

_PLACING = threading.Lock()
"""Choosing a unique name and renaming onto it is one step for every manager in the process."""


def partial_path(downloads: Path, episode_id: int) -> Path:
    """The partial file of an episode's download."""
    return downloads / ".partial" / f"{episode_id}.part"


def file_size(path: Path) -> int:
    """The size of a file, 0 when it does not exist (yet)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def move_into_place(partial: Path, folder: Path, stem: str, ext: str, own: Path | None) -> Path:
    """Rename the finished partial file to a unique ``folder/stem.ext``; returns the new path.

    ``own`` is the episode's previous file, which may be replaced. Raises ``OSError``.
    """
    with _PLACING:
        target = unique_path(folder, stem, ext, own=own)
        folder.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)
        fsync_dir(folder)
    return target


def fsync_dir(folder: Path) -> None:
    """Make a rename durable: fsync the directory that holds the new name (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_managed(path: Path, downloads: Path) -> None:
    """Delete a file if it lies inside the downloads folder (a missing file is fine)."""
    if not is_inside(path, downloads):
        log.warning("not deleting %s: it is outside the downloads folder", path)
        return
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise DownloadError(
            _("Cannot delete {path}: {value}.").format(path=path, value=exc.strerror or exc),
            FailureKind.DISK,
        ) from exc
