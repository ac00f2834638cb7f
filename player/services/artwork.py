"""Cover art on disk: downloaded once, kept in the cache folder, found again by URL.

The library shows a thumbnail per podcast and the now-playing pane the episode's cover; both
come through here, on a worker thread, so the GUI only ever reads small local files.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from player import APP_NAME, __version__

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 8 * 1024 * 1024
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"<svg", b"<?xml", b"BM")


class ArtworkCache:
    """Maps image URLs to local files under ``cache_dir`` (downloading when needed)."""

    def __init__(self, cache_dir: Path, client: httpx.Client | None = None) -> None:
        self.cache_dir = cache_dir
        self._client = client
        self._lock = threading.Lock()
        self._failed: set[str] = set()

    def _http(self) -> httpx.Client:
        import httpx  # on the first download: the window's first frame needs only cached files

        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    follow_redirects=True,
                    timeout=httpx.Timeout(20.0, connect=10.0),
                    headers={"User-Agent": f"{APP_NAME}/{__version__}"},
                )
            return self._client

    def cached_path(self, url: str) -> Path:
        """Where ``url``'s image is (or would be) kept."""
        digest = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return self.cache_dir / digest[:2] / digest

    def fetch(self, url: str) -> Path | None:
        """A local file with the image, downloading it the first time; None when unavailable.

        Runs on a worker thread. Failures are remembered for the session so a dead image URL
        costs one request, not one per repaint.
        """
        if not url or url in self._failed:
            return None
        parts = urlsplit(url)
        if parts.scheme == "file":
            from urllib.request import url2pathname  # rare; http.client and email come with it

            path = Path(url2pathname(parts.path))
            return path if path.is_file() else None
        if parts.scheme not in ("http", "https"):
            return None
        target = self.cached_path(url)
        if target.is_file():
            return target
        import httpx

        try:
            data = self._download(url)
        except (httpx.HTTPError, ValueError, OSError) as exc:
            log.info("cover %s unavailable: %s", url, exc)
            self._failed.add(url)
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
        return target

    def _download(self, url: str) -> bytes:
        with self._http().stream("GET", url) as response:
            response.raise_for_status()
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_IMAGE_BYTES:
                    raise ValueError("image larger than 8 MB")
                chunks.append(chunk)
        data = b"".join(chunks)
        if not data.lstrip()[:5].startswith(IMAGE_MAGIC):
            raise ValueError("not an image")
        return data

    def close(self) -> None:
        """Close the HTTP client."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
