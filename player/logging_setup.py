"""Logging to a rotating file in the data folder (and to stderr with ``--verbose``)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

OWN_HANDLER = "podcast-player"
"""The name our handlers carry, so a second configure replaces them (and no others)."""
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def configure_logging(log_dir: Path, verbose: bool = False) -> Path:
    """Send records to ``log_dir/podcast-player.log`` (1 MB x 3); returns the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "podcast-player.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.name == OWN_HANDLER:
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    file_handler.set_name(OWN_HANDLER)
    root.addHandler(file_handler)
    if verbose:
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        console.set_name(OWN_HANDLER)
        root.addHandler(console)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return path
