"""Small documents beside an episode (chapters JSON, transcripts) fetched with validators.

Both are fetched the same way: a GET that sends the cached copy's ETag/Last-Modified, reads
at most ``max_bytes`` (a server sending a video as a "transcript" must not fill memory), and
turns every failure into one sentence for the listener.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from player import APP_NAME, __version__
from player.feeds.net_errors import describe_http_status, describe_network_error
from player.i18n import _

ClientFactory = Callable[[], httpx.Client]


def default_client() -> httpx.Client:
    """An httpx client with short timeouts: these documents must never hold up playback."""
    return httpx.Client(
        timeout=httpx.Timeout(10.0, connect=5.0),
        follow_redirects=True,
        headers={"User-Agent": f"{APP_NAME}/{__version__}"},
    )


@dataclass(frozen=True, slots=True)
class Fetched:
    """A 200 answer: the body and the validators to send next time."""

    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str


class DocumentError(Exception):
    """Why a document could not be fetched, in one sentence (callers re-raise their own type)."""


def conditional_get(
    client_factory: ClientFactory,
    url: str,
    what: str,
    max_bytes: int,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched | None:
    """GET ``url``; None when the server says the copy with these validators is current (304).

    ``what`` names the document in errors ("chapters", "the transcript"). Raises
    :class:`DocumentError` for a network failure, a status other than 200 or 304, or a body
    larger than ``max_bytes``.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client_factory() as client, client.stream("GET", url, headers=headers) as r:
            if r.status_code == 304 and (etag or last_modified):
                return None
            if r.status_code != 200:
                raise DocumentError(
                    _("Cannot fetch {what} from {url}: {reason}.").format(
                        what=what, url=url, reason=describe_http_status(r.status_code)
                    )
                )
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise DocumentError(
                        _("The {what} file at {url} is too large.").format(what=what, url=url)
                    )
                chunks.append(chunk)
            return Fetched(
                b"".join(chunks),
                r.headers.get("ETag"),
                r.headers.get("Last-Modified"),
                r.headers.get("Content-Type", ""),
            )
    except httpx.HTTPError as exc:
        raise DocumentError(
            _("Cannot fetch {what} from {url}: {reason}.").format(
                what=what, url=url, reason=describe_network_error(exc)
            )
        ) from exc
