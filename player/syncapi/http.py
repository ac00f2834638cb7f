"""One HTTP session per sync account: Basic auth sent pre-emptively, cookies kept, JSON in and out.

Servers differ in how they authenticate: gpodder.net answers a login with a session cookie and
accepts either the cookie or Basic auth afterwards; gpodder-fastapi-router sends no
``WWW-Authenticate`` challenge at all, so a client that waits for one (as ``mygpoclient`` does)
never logs in; Nextcloud wants Basic auth with an app password on every request. So every
request carries the ``Authorization`` header from the start *and* the session's cookie jar is
kept: whichever the server wants, it has.

Every failure becomes a :class:`~player.syncapi.model.SyncError` with one sentence naming the
server; 401/403 become :class:`~player.syncapi.model.SyncAuthError`. The password is held by
httpx's auth object only; it is never part of a message, a log line or a ``repr``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from player import __version__
from player.feeds.net_errors import describe_http_status, describe_network_error
from player.i18n import _
from player.syncapi.model import SyncAuthError, SyncError

log = logging.getLogger(__name__)

USER_AGENT = f"podcast-player/{__version__} (+https://github.com/podcast-player)"
MAX_BODY_BYTES = 32 * 1024 * 1024
"""A sync answer larger than this is not a sync answer (a year of actions is a few MB)."""
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class SyncHttp:
    """Requests to one server as one user. ``label`` names the server in error sentences."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        label: str,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.label = label
        self._client = httpx.Client(
            auth=httpx.BasicAuth(username, password),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=TIMEOUT,
            follow_redirects=True,
            transport=transport,
        )

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or self.base_url

    def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: Any = None,
    ) -> Any:
        """Send one request (``body`` as JSON with ``Content-Type: application/json``, which
        some servers require) and decode the JSON answer; an empty answer is ``None``."""
        url = self.base_url + path
        content = None
        headers = {}
        if body is not None:
            content = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            response = self._client.request(
                method, url, params=params, content=content, headers=headers
            )
        except httpx.HTTPError as exc:
            raise SyncError(
                _("{label} cannot be reached: {describe_network_error}.").format(
                    label=self.label, describe_network_error=describe_network_error(exc, self.host)
                )
            ) from None
        status = response.status_code
        log.debug("%s %s -> %s", method, path, status)
        if status in (401, 403):
            raise SyncAuthError(
                _("{label} refused the user name or password ({describe_http_status}).").format(
                    label=self.label, describe_http_status=describe_http_status(status)
                )
            )
        if not 200 <= status < 300:
            raise SyncError(
                _("{label} answered {describe_http_status} to {path}.").format(
                    label=self.label, describe_http_status=describe_http_status(status), path=path
                )
            )
        data = response.content
        if len(data) > MAX_BODY_BYTES:
            raise SyncError(
                _("{label} sent an answer too large to be a sync answer.").format(label=self.label)
            )
        if not data.strip():
            return None
        try:
            return json.loads(data)
        except ValueError:
            raise SyncError(
                _(
                    "{label} sent an answer that is not JSON to {path} (is the address right?)."
                ).format(label=self.label, path=path)
            ) from None

    def close(self) -> None:
        self._client.close()
