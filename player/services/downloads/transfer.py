"""One HTTP transfer into a partial file: resume with Range/If-Range, refuse non-media,
check the length, fsync. The manager decides when to run, retry and move the file into place.

Resume is only attempted with a validator (a strong ETag or Last-Modified) from the response
that started the partial file: ``If-Range`` then makes the server send the rest if the file is
unchanged and the whole new file otherwise, so a changed episode can never be spliced onto
the old bytes.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from player.domain.downloads import DownloadError, FailureKind
from player.domain.models import Podcast
from player.feeds.net_errors import describe_http_status, describe_network_error
from player.i18n import N_, _
from player.services.downloads.sniff import SNIFF_BYTES, media_kind, refused_content_type

log = logging.getLogger(__name__)

KEEP_PARTIAL = N_("the partial download is kept to resume later")


class TransferStoppedError(Exception):
    """The transfer noticed its cancel flag and stopped; the partial file is intact."""


@dataclass(frozen=True, slots=True)
class TransferResult:
    """A complete, fsync'd partial file and what the server said about it."""

    size: int
    content_type: str
    kind: str  # the extension the magic numbers gave
    validator: str | None


@dataclass
class TransferHooks:
    """How a transfer reports back (called on the transfer's own thread)."""

    on_start: Callable[[str | None, int, int | None], None]  # validator, bytes_done, total
    on_progress: Callable[[int, int | None], None]  # bytes_done, total
    cancel: threading.Event


def disk_error(exc: OSError, path: Path) -> DownloadError:
    """One sentence for a failed write, naming the cause the user can act on."""
    code = exc.errno
    keep = _(KEEP_PARTIAL)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        text = _("The disk is full (no room left in {folder}); {keep}.").format(
            folder=path.parent, keep=keep
        )
    elif code == errno.EFBIG:
        text = _(
            "The file grew past the largest size this system allows (a file-size limit); {keep}."
        ).format(keep=keep)
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = _("No permission to write in {folder}; {keep}.").format(
            folder=path.parent, keep=keep
        )
    else:
        text = _("Cannot write {name}: {reason}; {keep}.").format(
            name=path.name, reason=exc.strerror or exc, keep=keep
        )
    return DownloadError(text, FailureKind.DISK)


def validator_of(response: httpx.Response) -> str | None:
    """A strong ETag, else Last-Modified: the values ``If-Range`` may carry (RFC 9110 13.1.5)."""
    etag = response.headers.get("etag", "")
    if etag and not etag.startswith("W/"):
        return etag
    return response.headers.get("last-modified") or None


def _http_error(response: httpx.Response) -> DownloadError:
    code = response.status_code
    label = describe_http_status(code)
    if code in (404, 410):
        return DownloadError(
            _("The server has no file at this address ({label}).").format(label=label),
            FailureKind.NOT_FOUND,
        )
    if code in (408, 429) or code >= 500:
        return DownloadError(
            _("The server had a temporary problem ({label}).").format(label=label),
            FailureKind.SERVER,
            temporary=True,
            retry_after=_retry_after(response),
        )
    return DownloadError(
        _("The server refused the download ({label}).").format(label=label), FailureKind.SERVER
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None
    return None


def _content_range(value: str) -> tuple[int | None, int | None]:
    """``bytes 100-199/200`` -> (100, 200); ``bytes */200`` -> (None, 200)."""
    try:
        _unit, _, spec = value.strip().partition(" ")
        span, _, total = spec.partition("/")
        first = None if span == "*" else int(span.split("-")[0])
        return first, (None if total == "*" else int(total))
    except ValueError:
        return None, None


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(SNIFF_BYTES)
    except OSError as exc:
        raise disk_error(exc, path) from exc


class Transfer:
    """Fetch ``url`` into ``partial``, continuing what is already there when that is safe."""

    def __init__(
        self,
        client: httpx.Client,
        url: str,
        partial: Path,
        validator: str | None,
        hooks: TransferHooks,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> None:
        self.client = client
        self.url = url
        self.partial = partial
        self.validator = validator
        self.hooks = hooks
        self.headers = dict(headers or {})
        self.auth = auth

    def run(self) -> TransferResult:
        """Do the transfer; raises :class:`DownloadError` or :class:`TransferStoppedError`."""
        try:
            offset = self.partial.stat().st_size
        except FileNotFoundError:
            offset = 0
        except OSError as exc:
            raise disk_error(exc, self.partial) from exc
        if offset and not self.validator:
            offset = 0  # nothing proves the server still has the same file: start over
        return self._request(offset, allow_restart=True)

    def _request(self, offset: int, allow_restart: bool) -> TransferResult:
        headers = dict(self.headers)
        headers["Accept-Encoding"] = "identity"  # byte offsets must mean the file's bytes
        if offset and self.validator:
            headers["Range"] = f"bytes={offset}-"
            headers["If-Range"] = self.validator
        try:
            with self.client.stream("GET", self.url, headers=headers, auth=self.auth) as response:
                if response.status_code == 416 and offset:
                    total = _content_range(response.headers.get("content-range", ""))[1]
                    if total == offset:  # a crash came between the last byte and the move
                        return self._already_complete(offset)
                restart = self._check_resume(response, offset)
                if restart is None:
                    return self._receive(response, offset)
        except httpx.TooManyRedirects as exc:
            raise DownloadError(f"{describe_network_error(exc)}.", FailureKind.SERVER) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise DownloadError(
                _("The episode's media address cannot be downloaded ({exc}).").format(exc=exc),
                FailureKind.BAD_EPISODE,
            ) from exc
        except httpx.TransportError as exc:
            kept = f"; {KEEP_PARTIAL}" if self._has_partial() else ""
            raise DownloadError(
                f"{describe_network_error(exc)}{kept}.", FailureKind.SERVER, temporary=True
            ) from exc
        # The server could not continue the partial file: start it again, once.
        if not allow_restart:
            raise DownloadError(
                _("The server sent an unusable byte range twice."),
                FailureKind.SERVER,
                temporary=True,
            )
        log.info("restarting %s from the beginning: %s", self.url, restart)
        self.validator = None
        return self._request(0, allow_restart=False)

    def _has_partial(self) -> bool:
        """Whether some of the file is on disk (a failure then says it is kept)."""
        try:
            return self.partial.stat().st_size > 0
        except OSError:
            return False

    def _check_resume(self, response: httpx.Response, offset: int) -> str | None:
        """None when the response can be used; otherwise why the transfer must restart."""
        if response.status_code == 416 and offset:
            return "the server cannot continue from the partial file (HTTP 416)"
        if response.status_code == 206:
            first, _total = _content_range(response.headers.get("content-range", ""))
            if first != offset:
                return f"asked for bytes from {offset}, got a range from {first}"
        return None

    def _already_complete(self, size: int) -> TransferResult:
        """The partial file is the whole file: make it durable and report it."""
        try:
            with self.partial.open("rb") as f:
                head = f.read(SNIFF_BYTES)
                os.fsync(f.fileno())
        except OSError as exc:
            raise disk_error(exc, self.partial) from exc
        kind = media_kind(head)
        if kind is None:
            raise DownloadError(
                _("The partial download is not audio or video."), FailureKind.NOT_MEDIA
            )
        return TransferResult(size=size, content_type="", kind=kind, validator=self.validator)

    def _receive(self, response: httpx.Response, offset: int) -> TransferResult:
        if response.status_code not in (200, 206):
            raise _http_error(response)
        content_type = response.headers.get("content-type", "")
        if refused_content_type(content_type):
            kind = content_type.split(";")[0].strip()
            raise DownloadError(
                _("The server sent a {value} ({kind}) instead of audio or video.").format(
                    value="web page" if "html" in kind else "document", kind=kind
                ),
                FailureKind.NOT_MEDIA,
            )
        encoded = response.headers.get("content-encoding", "identity").lower() not in (
            "identity",
            "",
        )
        if response.status_code == 206:
            total = _content_range(response.headers.get("content-range", ""))[1]
        else:
            offset = 0
            length = response.headers.get("content-length")
            total = int(length) if length and length.isdigit() and not encoded else None
        self.validator = validator_of(response)
        chunks = response.iter_bytes() if encoded else response.iter_raw()
        if offset:
            head = _read_head(self.partial)
        else:
            head, chunks = self._sniff(chunks)
        kind = media_kind(head)
        if kind is None:
            raise DownloadError(
                _(
                    "The server sent something that is not audio or video (it starts with "
                    "{head!r})."
                ).format(head=head[:16]),
                FailureKind.NOT_MEDIA,
            )
        self.hooks.on_start(self.validator, offset, total)
        done = self._write(chunks, offset, total)
        if total is not None and done != total:
            raise DownloadError(
                _("The server closed the connection early ({done} of {total} bytes).").format(
                    done=done, total=total
                ),
                FailureKind.SERVER,
                temporary=True,
            )
        return TransferResult(
            size=done, content_type=content_type, kind=kind, validator=self.validator
        )

    def _sniff(self, chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
        """The first bytes of the body, and an iterator that still yields all of it."""
        buffered: list[bytes] = []
        size = 0
        for chunk in chunks:
            buffered.append(chunk)
            size += len(chunk)
            if size >= SNIFF_BYTES:
                break
        head = b"".join(buffered)

        def replay() -> Iterator[bytes]:
            if head:
                yield head
            yield from chunks

        return head[:SNIFF_BYTES], replay()

    def _write(self, chunks: Iterator[bytes], offset: int, total: int | None) -> int:
        """Append (206) or write from the start (200); unbuffered, so what is on disk after a
        crash or a failed write is always a clean prefix of the file."""
        done = offset
        cancel = self.hooks.cancel
        try:
            self.partial.parent.mkdir(parents=True, exist_ok=True)
            with self.partial.open("ab" if offset else "wb", buffering=0) as f:
                for chunk in chunks:
                    view = memoryview(chunk)
                    while view:
                        written = f.write(view)
                        view = view[written:]
                    done += len(chunk)
                    self.hooks.on_progress(done, total)
                    if cancel.is_set():
                        raise TransferStoppedError()
                os.fsync(f.fileno())
        except OSError as exc:
            raise disk_error(exc, self.partial) from exc
        return done


def unusable_url(url: str) -> DownloadError | None:
    """Why an enclosure address cannot be downloaded, or None when it can.

    The sentence names no episode (the caller knows which one it is and says so by title);
    :func:`player.services.downloads.eligible.can_download` asks the same question before
    "Download" is offered at all.
    """
    if not url:
        return DownloadError(
            _("The episode has no media file to download."), FailureKind.BAD_EPISODE
        )
    scheme = urlsplit(url).scheme.lower()
    if scheme == "file" or (not scheme and url.startswith("/")):
        return DownloadError(
            _(
                "The episode's media is already a file on this computer; there is nothing to "
                "download."
            ),
            FailureKind.BAD_EPISODE,
        )
    if scheme not in ("http", "https"):
        return DownloadError(
            _("The episode's media address is not http or https ({url}).").format(url=url[:80]),
            FailureKind.BAD_EPISODE,
        )
    return None


def request_options(
    podcast: Podcast, enclosure_url: str, password: str | None = None
) -> dict[str, Any]:
    """The podcast's own User-Agent, and its credentials (``password`` from the keyring) when
    the media is on the feed's host (never sent to a third-party CDN)."""
    options: dict[str, Any] = {}
    if podcast.user_agent:
        options["headers"] = {"User-Agent": podcast.user_agent}
    same_host = urlsplit(podcast.url).netloc == urlsplit(enclosure_url).netloc
    if podcast.username and same_host:
        options["auth"] = (podcast.username, password or "")
    return options
