"""Nextcloud Login Flow v2: an app password for this player, approved in the listener's browser.

Why not the account password: Nextcloud accounts often have two-factor authentication (the
password alone is then refused), and an app password can be revoked on its own under
Settings -> Security without touching the account. Nextcloud names the app password after the
``User-Agent`` of the request that started the flow, so the listener recognises it there.

The flow (docs.nextcloud.com, "Login Flow v2"):

1. ``POST {server}/index.php/login/v2`` answers ``{"poll": {"token", "endpoint"}, "login"}``;
2. the listener opens ``login`` in a browser, logs in (with 2FA if any) and grants access;
3. meanwhile we ``POST`` ``token=...`` to ``endpoint``: 404 until granted, then once
   ``{"server", "loginName", "appPassword"}`` (the token is spent; it expires after 20 minutes).

Callers (the Settings dialog, ``sync-login --nextcloud``) run :func:`wait_for_login` off the GUI
thread with a ``cancel`` event. Every failure is a :class:`~player.syncapi.model.SyncError`
with one sentence; the poll token and the app password never appear in a ``repr`` or message.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from player.feeds.net_errors import describe_http_status, describe_network_error
from player.i18n import _
from player.syncapi.http import TIMEOUT, USER_AGENT
from player.syncapi.model import SyncError

START_PATH = "/index.php/login/v2"


@dataclass(frozen=True, slots=True)
class LoginFlow:
    """A started login: the page for the browser, and where and with what to poll."""

    login_url: str
    poll_endpoint: str
    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class AppPassword:
    """What a granted login gives: the server's own address, the login name, the password."""

    server: str
    login_name: str
    app_password: str = field(repr=False)


def normalise_server(server: str) -> str:
    """``cloud.example.org/`` -> ``https://cloud.example.org`` (what the listener types)."""
    server = server.strip().rstrip("/")
    if "://" not in server:
        server = "https://" + server
    return server


class _UnreachableError(SyncError):
    """No answer at all (no network, a blip): worth polling again while there is time."""


def _client(transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        timeout=TIMEOUT,
        follow_redirects=True,
        transport=transport,
    )


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _post(client: httpx.Client, url: str, data: dict[str, str] | None = None) -> httpx.Response:
    try:
        return client.post(url, data=data)
    except httpx.HTTPError as exc:
        host = _host(url)
        words = describe_network_error(exc, host)
        raise _UnreachableError(
            _("{host} cannot be reached: {words}.").format(host=host, words=words)
        ) from None


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _http_url(value: object) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https")


def start_login_flow(server: str, *, transport: httpx.BaseTransport | None = None) -> LoginFlow:
    """Ask the server for a login page and a poll token."""
    base = normalise_server(server)
    host = _host(base)
    with _client(transport) as client:
        response = _post(client, base + START_PATH)
    status = response.status_code
    if status in (404, 405, 501):  # no such page, or a web server that takes no POST there
        raise SyncError(
            _("{host} is not a Nextcloud server (it has no login page for apps).").format(host=host)
        )
    if not 200 <= status < 300:
        raise SyncError(
            _("{host} refused to start a login ({describe_http_status}).").format(
                host=host, describe_http_status=describe_http_status(status)
            )
        )
    data = _json(response)
    poll = data.get("poll") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or not isinstance(poll, dict)
        or not _http_url(data.get("login"))
        or not _http_url(poll.get("endpoint"))
        or not isinstance(poll.get("token"), str)
        or not poll["token"]
    ):
        raise SyncError(
            _("{host} answered the login request in a way Nextcloud does not.").format(host=host)
        )
    return LoginFlow(login_url=data["login"], poll_endpoint=poll["endpoint"], token=poll["token"])


def _poll(client: httpx.Client, flow: LoginFlow) -> AppPassword | None:
    host = _host(flow.poll_endpoint)
    response = _post(client, flow.poll_endpoint, {"token": flow.token})
    status = response.status_code
    if status == 404:
        return None  # not granted yet (or the token expired: the caller's timeout ends it)
    if not 200 <= status < 300:
        raise SyncError(
            _("{host} answered {describe_http_status} while we waited.").format(
                host=host, describe_http_status=describe_http_status(status)
            )
        )
    data = _json(response)
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), str) and data[k] for k in ("server", "loginName", "appPassword")
    ):
        raise SyncError(
            _("{host} granted the login but sent no app password we can use.").format(host=host)
        )
    return AppPassword(
        server=normalise_server(data["server"]),
        login_name=data["loginName"],
        app_password=data["appPassword"],
    )


def poll_login_flow(
    flow: LoginFlow, *, transport: httpx.BaseTransport | None = None
) -> AppPassword | None:
    """Ask once whether the listener granted access: the app password, or None not yet."""
    with _client(transport) as client:
        return _poll(client, flow)


def wait_for_login(
    flow: LoginFlow,
    *,
    timeout: float = 600,
    interval: float = 2.0,
    cancel: threading.Event | None = None,
    transport: httpx.BaseTransport | None = None,
) -> AppPassword:
    """Poll every ``interval`` seconds until access is granted; :class:`SyncError` when
    ``timeout`` seconds pass first or ``cancel`` is set (checked between polls, which wait
    on it, so cancelling ends the wait at once). A poll that gets no answer at all is tried
    again until the timeout (a network blip while the listener is in the browser); a wrong
    answer ends the wait at once."""
    stop = cancel if cancel is not None else threading.Event()
    deadline = time.monotonic() + timeout
    with _client(transport) as client:
        while True:
            if stop.is_set():
                raise SyncError(_("The Nextcloud login was cancelled."))
            try:
                granted = _poll(client, flow)
            except _UnreachableError as exc:
                unreachable: SyncError | None = exc  # the laptop's wifi may come back
                granted = None
            else:
                unreachable = None
            if granted is not None:
                return granted
            left = deadline - time.monotonic()
            if left <= 0:
                if unreachable is not None:
                    raise SyncError(str(unreachable)) from None
                raise SyncError(
                    _(
                        "Access was not granted in the browser within {duration}: start the "
                        "login again."
                    ).format(duration=_duration(timeout))
                )
            stop.wait(min(interval, left))


def _duration(seconds: float) -> str:
    if seconds < 90:
        n = max(1, round(seconds))
        return f"{n} second{'s' if n != 1 else ''}"
    n = round(seconds / 60)
    return f"{n} minute{'s' if n != 1 else ''}"
