"""A Nextcloud server with the gPodder Sync app, as far as sync clients see one (stdlib only).

Nextcloud itself (PHP, a database, a web server) cannot run here, so this is the app's
documented dialect (github.com/thrillfall/nextcloud-gpodder: README, routes, controllers and
mappers) on 127.0.0.1, with the behaviours a client must survive:

- Basic auth on every app request, with the user's password or an app password it issued
  (``accept_account_password = False`` plays an account with two-factor authentication, where
  only app passwords work); 401 otherwise;
- ``GET /index.php/apps/gpoddersync/subscriptions?since=`` -> ``{add, remove, timestamp}``:
  one list per user (no devices), ``since`` compared with the whole second the change was
  saved (``updated > since``);
- ``POST .../subscription_change/create`` ``{add, remove}`` -> ``{timestamp}``;
- ``POST .../episode_action/create`` (a JSON list): an action without ``podcast``,
  ``episode``, ``action`` or ``timestamp``, or whose timestamp has a ``Z`` or an offset, is
  answered HTTP 500 (the older versions' crash; ``reject_offsets = False`` plays a newer one);
  only **one action per episode** is kept (matched by enclosure URL or guid), and an upload
  overwrites it whatever the timestamps say, as the app's saver does;
- ``GET .../episode_action?since=`` -> ``{actions, timestamp}`` with **upper-case** actions,
  ``+00:00`` times, ``-1`` for what was not sent, and ``since`` compared with the *actions'
  own timestamps* (``timestamp_epoch > since``), not with when they arrived;
- Login Flow v2: ``POST /index.php/login/v2`` -> ``{poll: {token, endpoint}, login}``, the
  browser page at ``login`` (HTML), ``POST /index.php/login/v2/poll`` ``token=`` -> 404 until
  a test "grants access in the browser" with :meth:`NextcloudServer.approve`, then once
  ``{server, loginName, appPassword}``. The app password is named after the client's
  ``User-Agent`` (:attr:`NextcloudServer.app_password_names`), as Nextcloud does.

Every request is recorded (:attr:`NextcloudServer.requests`) with its body, so tests can check
what the client sent.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

APP = "/index.php/apps/gpoddersync"
_ZONE = re.compile(r"(Z|[+-]\d\d:?\d\d)$", re.IGNORECASE)


@dataclass
class Request:
    """One request as received: method, path (with query), user (when authenticated), body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    user: str | None = None
    status: int = 0

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class _Flow:
    token: str
    login_id: str
    client_name: str
    user: str | None = None
    app_password: str | None = None


@dataclass
class _Account:
    password: str
    app_passwords: dict[str, str] = field(default_factory=dict)  # password -> name
    subscriptions: dict[str, tuple[bool, int]] = field(default_factory=dict)  # url -> (on, s)
    actions: list[dict[str, Any]] = field(default_factory=list)


class NextcloudServer:
    """The fake server; a context manager, or :meth:`start` / :meth:`stop`."""

    def __init__(self) -> None:
        self.accounts: dict[str, _Account] = {}
        self.flows: dict[str, _Flow] = {}
        self.accept_account_password = True
        self.reject_offsets = True
        self.app_enabled = True
        self.clock: Callable[[], float] = time.time
        self.lock = threading.Lock()
        self._requests: list[Request] = []
        self._next_id = 0
        handler = type("Handler", (_Handler,), {"owner": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The server's base URL, what the listener types: ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> NextcloudServer:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> NextcloudServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- users, and the browser side of the login flow -------------------------------------

    def add_user(self, name: str, password: str) -> None:
        with self.lock:
            self.accounts[name] = _Account(password)

    def approve(self, flow: object, user: str) -> str:
        """Grant access in the browser as ``user``: ``flow`` is a LoginFlow (anything with a
        ``token``), a poll token or the login URL. Returns the app password issued."""
        token = getattr(flow, "token", flow)
        with self.lock:
            found = self.flows.get(str(token)) or next(
                (f for f in self.flows.values() if str(flow).endswith("/" + f.login_id)), None
            )
            if found is None:
                raise KeyError("no such login flow")
            app_password = "-".join(secrets.token_urlsafe(4)[:5] for _ in range(5))
            self.accounts[user].app_passwords[app_password] = found.client_name
            found.user, found.app_password = user, app_password
            return app_password

    def app_password_names(self, user: str) -> list[str]:
        """The names of the user's app passwords (Settings -> Security on a real server)."""
        with self.lock:
            return list(self.accounts[user].app_passwords.values())

    # -- what it holds and saw --------------------------------------------------------------

    def subscriptions(self, user: str) -> set[str]:
        """The feeds the user is subscribed to now."""
        with self.lock:
            return {u for u, (on, _) in self.accounts[user].subscriptions.items() if on}

    def stored_actions(self, user: str) -> list[dict[str, Any]]:
        """The rows the server keeps (one per episode), as it would answer them."""
        with self.lock:
            return [self._answer_row(r) for r in self.accounts[user].actions]

    @property
    def requests(self) -> list[Request]:
        with self.lock:
            return list(self._requests)

    def requests_to(self, route: str) -> list[Request]:
        """Requests for one app route (``episode_action/create``...), any query."""
        path = f"{APP}/{route}"
        return [r for r in self.requests if urlsplit(r.path).path == path]

    # -- the app -------------------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def _authenticate(self, header: str | None) -> str | None:
        if not header or not header.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        account = self.accounts.get(user)
        if account is None:
            return None
        if password in account.app_passwords:
            return user
        if self.accept_account_password and secrets.compare_digest(password, account.password):
            return user
        return None

    def _list_subscriptions(self, user: str, since: int) -> dict[str, Any]:
        subs = self.accounts[user].subscriptions
        return {
            "add": [u for u, (on, at) in subs.items() if on and at > since],
            "remove": [u for u, (on, at) in subs.items() if not on and at > since],
            "timestamp": self.now(),
        }

    def _save_subscriptions(self, user: str, body: Any) -> tuple[int, Any]:
        if not isinstance(body, dict) or not all(
            isinstance(body.get(k), list) for k in ("add", "remove")
        ):
            return 400, {"message": "add and remove are required"}
        now = self.now()
        subs = self.accounts[user].subscriptions
        for url in body["add"]:
            subs[str(url)] = (True, now)
        for url in body["remove"]:
            subs[str(url)] = (False, now)
        return 200, {"timestamp": now}

    def _save_actions(self, user: str, body: Any) -> tuple[int, Any]:
        if not isinstance(body, list):
            return 500, {"message": "Internal Server Error"}
        rows = self.accounts[user].actions
        for raw in body:
            row = self._row(raw)
            if row is None:
                return 500, {"message": "Internal Server Error"}  # what was saved stays
            existing = next(
                (
                    r
                    for r in rows
                    if r["episode"] == row["episode"] or (row["guid"] and r["guid"] == row["guid"])
                ),
                None,
            )
            if existing is None:
                self._next_id += 1
                row["id"] = self._next_id
                rows.append(row)
            else:  # the latest upload wins, whatever its timestamp; a guid is never nulled
                row["id"] = existing["id"]
                row["guid"] = row["guid"] or existing["guid"]
                existing.clear()
                existing.update(row)
        return 200, {"timestamp": self.now()}

    def _row(self, raw: Any) -> dict[str, Any] | None:
        required = ("podcast", "episode", "action", "timestamp")
        if not isinstance(raw, dict) or not all(k in raw for k in required):
            return None
        stamp = raw["timestamp"]
        if not isinstance(stamp, str):
            return None
        if _ZONE.search(stamp.strip()) and self.reject_offsets:
            return None
        try:
            parsed = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)

        def number(key: str) -> int:
            value = raw.get(key)
            return int(value) if isinstance(value, int | float) else -1

        return {
            "podcast": str(raw["podcast"]),
            "episode": str(raw["episode"]),
            "guid": raw.get("guid") or None,
            "action": str(raw["action"]).upper(),
            "started": number("started"),
            "position": number("position"),
            "total": number("total"),
            "timestamp_epoch": int(parsed.timestamp()),
        }

    @staticmethod
    def _answer_row(row: dict[str, Any]) -> dict[str, Any]:
        stamp = datetime.fromtimestamp(row["timestamp_epoch"], UTC).isoformat()  # +00:00
        return {
            "id": row["id"],
            "podcast": row["podcast"],
            "episode": row["episode"],
            "guid": row["guid"],
            "action": row["action"],
            "timestamp": stamp,
            "started": row["started"],
            "position": row["position"],
            "total": row["total"],
        }

    def _list_actions(self, user: str, since: int) -> dict[str, Any]:
        rows = [r for r in self.accounts[user].actions if r["timestamp_epoch"] > since]
        return {"actions": [self._answer_row(r) for r in rows], "timestamp": self.now()}

    # -- the login flow --------------------------------------------------------------------

    def _start_flow(self, user_agent: str) -> dict[str, Any]:
        flow = _Flow(secrets.token_urlsafe(48), secrets.token_hex(16), user_agent or "unknown")
        self.flows[flow.token] = flow
        return {
            "poll": {"token": flow.token, "endpoint": f"{self.url}/index.php/login/v2/poll"},
            "login": f"{self.url}/index.php/login/v2/flow/{flow.login_id}",
        }

    def _poll_flow(self, token: str) -> tuple[int, Any]:
        flow = self.flows.get(token)
        if flow is None or flow.app_password is None:
            return 404, []
        del self.flows[token]  # answered once
        return 200, {"server": self.url, "loginName": flow.user, "appPassword": flow.app_password}

    # -- dispatch ----------------------------------------------------------------------------

    def handle(self, request: Request) -> tuple[int, Any, str]:
        """(status, body, content type) for one request; called with the lock held."""
        split = urlsplit(request.path)
        path, query = split.path, parse_qs(split.query)
        if path == "/index.php/login/v2" and request.method == "POST":
            return 200, self._start_flow(request.headers.get("user-agent", "")), "json"
        if path == "/index.php/login/v2/poll" and request.method == "POST":
            token = parse_qs(request.body.decode("utf-8", "replace")).get("token", [""])[0]
            status, body = self._poll_flow(token)
            return status, body, "json"
        if path.startswith("/index.php/login/v2/flow/") and request.method == "GET":
            return 200, "<!DOCTYPE html><title>Connect to your account</title>", "html"
        if not path.startswith(APP + "/") or not self.app_enabled:
            return 404, "<!DOCTYPE html><title>Page not found</title>", "html"
        user = self._authenticate(request.headers.get("authorization"))
        if user is None:
            return 401, {"message": "Current user is not logged in"}, "json"
        request.user = user
        route = path[len(APP) + 1 :]
        try:
            since = int(query.get("since", ["0"])[0])
        except ValueError:
            return 400, {"message": "since must be an integer"}, "json"
        try:
            body = json.loads(request.body) if request.body else None
        except ValueError:
            return 400, {"message": "not JSON"}, "json"
        if route == "subscriptions" and request.method == "GET":
            return 200, self._list_subscriptions(user, since), "json"
        if route == "subscription_change/create" and request.method == "POST":
            return (*self._save_subscriptions(user, body), "json")
        if route == "episode_action" and request.method == "GET":
            return 200, self._list_actions(user, since), "json"
        if route == "episode_action/create" and request.method == "POST":
            return (*self._save_actions(user, body), "json")
        return 404, "<!DOCTYPE html><title>Page not found</title>", "html"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: NextcloudServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``owner.requests``."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = Request(self.command, self.path, headers, body)
        with self.owner.lock:
            self.owner._requests.append(request)
            status, answer, kind = self.owner.handle(request)
            request.status = status
        if kind == "json":
            data = json.dumps(answer).encode()
            content_type = "application/json; charset=utf-8"
        else:
            data = str(answer).encode()
            content_type = "text/html; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def nextcloud_server() -> Iterator[NextcloudServer]:
    """A running fake Nextcloud with gPodder Sync (no users yet: ``add_user``)."""
    with NextcloudServer() as server:
        yield server
