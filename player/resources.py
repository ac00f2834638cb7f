"""Finding bundled files (demo podcast, icons) in a checkout, a wheel or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _roots() -> list[Path]:
    roots = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen))
    roots.append(_PACKAGE_DIR.parent)  # a source checkout or editable install
    roots.append(Path(sys.prefix) / "share" / "podcast-player")  # a wheel's data files
    return roots


def find(relative: str) -> Path | None:
    """The first existing ``relative`` path under the known roots, else None."""
    for root in _roots():
        candidate = root / relative
        if candidate.exists():
            return candidate
    return None


def demo_feed() -> Path | None:
    """The bundled demo podcast's ``feed.xml`` (``seeds/demo``), if this install has it."""
    return find("seeds/demo/feed.xml")


def resources_dir() -> Path | None:
    """The ``resources/`` folder (icons, desktop files, styles)."""
    return find("resources")
