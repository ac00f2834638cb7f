"""Media locations: a local path or a URL, as the store keeps them and libVLC accepts them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from player.i18n import _


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


def playable_location(download_path: str, enclosure_url: str) -> tuple[str, str]:
    """What to open for an episode: its download when the file is there, else the enclosure
    (streamed, or a local file). Returns ``(location, "")``, or ``("", why)`` in one sentence
    when there is nothing that can be opened."""
    if download_path:
        path = local_path(download_path)
        if path is not None and path.is_file():
            return download_path, ""
    if not enclosure_url:
        return "", _("This episode has no media file or URL to play.")
    path = local_path(enclosure_url)
    if path is not None and not path.is_file():
        return "", _("Cannot play {what}: the file is missing.").format(
            what=describe(enclosure_url)
        )
    return enclosure_url, ""
