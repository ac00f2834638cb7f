"""Media locations: a local path or a URL, as the store keeps them and libVLC accepts them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname


def local_path(location: str) -> Path | None:
    """The file a location names (a plain path or a ``file:`` URL); None for network URLs.

    Uses libVLC's own rule: anything with ``://`` is a URL, everything else a path.
    """
    if "://" not in location:
        return Path(location) if location else None
    parsed = urlparse(location)
    if parsed.scheme == "file":
        return Path(url2pathname(unquote(parsed.path)))
    return None


def describe(location: str) -> str:
    """A location as the listener knows it: a file name, or the URL without its query."""
    path = local_path(location)
    if path is not None:
        return path.name or location
    parsed = urlparse(location)
    return f"{parsed.scheme}://{parsed.netloc}{parsed.path}"
