"""Where the app keeps its files. Everything lives under one data folder so that
``--data-dir`` (or ``PODCAST_PLAYER_DATA_DIR``) moves all of it: database, downloads, caches, logs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from player import APP_NAME

ENV_VAR = "PODCAST_PLAYER_DATA_DIR"


@dataclass(frozen=True, slots=True)
class DataPaths:
    """The data folder and the fixed places inside it."""

    root: Path

    @property
    def database(self) -> Path:
        """The SQLite library."""
        return self.root / "library.sqlite3"

    @property
    def downloads(self) -> Path:
        """Downloaded episodes, one folder per podcast."""
        return self.root / "downloads"

    @property
    def cache(self) -> Path:
        """Re-creatable files: cover thumbnails, chapter JSON."""
        return self.root / "cache"

    @property
    def logs(self) -> Path:
        """The rotating log file's folder."""
        return self.root / "logs"

    def ensure(self) -> DataPaths:
        """Create the folders (idempotent) and return self."""
        for folder in (self.root, self.downloads, self.cache, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def default_data_dir() -> Path:
    """The platform's per-user data folder (``~/.local/share/podcast-player`` on Linux)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> DataPaths:
    """``--data-dir`` beats the environment variable, which beats the platform default."""
    if option:
        root = Path(option)
    elif os.environ.get(ENV_VAR):
        root = Path(os.environ[ENV_VAR])
    else:
        root = default_data_dir()
    return DataPaths(root.expanduser().resolve())
