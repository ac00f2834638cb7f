"""The Nextcloud gPodder Sync client and Login Flow v2 against the Nextcloud-dialect server.

The server (``tests/support/nextcloud_server.py``) is written from the app's source and keeps
its quirks: no devices, HTTP 500 for timestamps with a zone, upper-case actions and ``+00:00``
in answers, one action per episode, ``since`` compared with the actions' own timestamps.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from player.domain.episode_action import EpisodeAction
from player.syncapi.http import USER_AGENT
from player.syncapi.login_flow import (
    AppPassword,
    LoginFlow,
    poll_login_flow,
    start_login_flow,
    wait_for_login,
)
from player.syncapi.model import NEXTCLOUD, SyncAccount, SyncAuthError, SyncError
from player.syncapi.nextcloud import MAX_UPLOAD, NextcloudClient
from tests.support.http_server import LoopbackServer, closed_port_url
from tests.support.nextcloud_server import NextcloudServer

USER, PASSWORD = "ann", "account password 7c1d"
FEED = "https://example.org/feed.xml"
NO_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")


@pytest.fixture
def server(nextcloud_server: NextcloudServer) -> NextcloudServer:
    nextcloud_server.add_user(USER, PASSWORD)
    return nextcloud_server


@pytest.fixture
def client(server: NextcloudServer) -> Iterator[NextcloudClient]:
    c = NextcloudClient(SyncAccount(NEXTCLOUD, server.url, USER), PASSWORD)
    yield c
    c.close()


def _play(episode: str, ts: float, start: float, end: float, guid: str = "") -> EpisodeAction:
    return EpisodeAction(FEED, episode, "play", ts, guid, start, end, 1800.0)


def _raw(server: NextcloudServer, password: str = PASSWORD) -> httpx.Client:
    return httpx.Client(base_url=server.url, auth=(USER, password), timeout=10)


# -- credentials ---------------------------------------------------------------------------


def test_login_checks_the_password_with_one_cheap_request(
    server: NextcloudServer, client: NextcloudClient
) -> None:
    client.login()
    (seen,) = server.requests
    assert seen.method == "GET" and seen.path.startswith(
        "/index.php/apps/gpoddersync/subscriptions?since="
    )
    assert seen.user == USER and seen.headers["user-agent"] == USER_AGENT
    assert seen.status == 200
    assert PASSWORD not in repr(client)


def test_a_wrong_password_is_an_auth_error_that_never_shows_it(server: NextcloudServer) -> None:
    wrong = "not the password 31f9"
    bad = NextcloudClient(SyncAccount(NEXTCLOUD, server.url, USER), wrong)
    with pytest.raises(SyncAuthError) as caught:
        bad.login()
    bad.close()
    assert "127.0.0.1" in str(caught.value) and "401" in str(caught.value)
    assert wrong not in str(caught.value) and wrong not in repr(caught.value)
    assert server.requests[-1].status == 401


def test_a_nextcloud_without_the_app_says_so(server: NextcloudServer) -> None:
    server.app_enabled = False
    c = NextcloudClient(SyncAccount(NEXTCLOUD, server.url, USER), PASSWORD)
    with pytest.raises(SyncError, match="no gPodder Sync app") as caught:
        c.login()
    c.close()
    assert not isinstance(caught.value, SyncAuthError)


def test_an_unreachable_server_is_one_sentence() -> None:
    c = NextcloudClient(SyncAccount(NEXTCLOUD, closed_port_url("").rstrip("/"), USER), PASSWORD)
    with pytest.raises(SyncError, match="cannot be reached"):
        c.login()
    c.close()


# -- subscriptions -------------------------------------------------------------------------


def test_subscriptions_go_up_and_come_back_for_every_device(
    server: NextcloudServer, client: NextcloudClient
) -> None:
    assert client.subscriptions_since(0).add == ()
    up = client.upload_subscriptions(["https://a.example/feed", "https://b.example/feed"], [])
    assert up.update_urls == {}  # the app never rewrites URLs
    assert up.timestamp > 0
    client.upload_subscriptions([], ["https://b.example/feed"])
    whole = client.subscriptions_since(0)
    assert whole.add == ("https://a.example/feed",)
    assert whole.remove == ("https://b.example/feed",)
    assert server.subscriptions(USER) == {"https://a.example/feed"}
    (create, _) = server.requests_to("subscription_change/create")
    assert create.headers["content-type"] == "application/json"
    assert create.json() == {"add": ["https://a.example/feed", "https://b.example/feed"],
                             "remove": []}  # fmt: skip


# -- episode actions -----------------------------------------------------------------------


def test_actions_go_without_a_zone_and_come_back_as_the_library_reads_them(
    server: NextcloudServer, client: NextcloudClient
) -> None:
    ts = 1_765_000_000.0
    played = _play("https://example.org/1.mp3", ts, 30, 600, guid="ep-1")
    fetched = EpisodeAction(FEED, "https://example.org/2.mp3", "download", ts + 5)
    client.upload_actions([played, fetched])

    (create,) = server.requests_to("episode_action/create")
    sent = create.json()
    assert all(NO_ZONE.match(a["timestamp"]) for a in sent), sent
    assert [a["action"] for a in sent] == ["play", "download"]

    with _raw(server) as raw:  # what the app answers, untouched
        answer = raw.get("/index.php/apps/gpoddersync/episode_action", params={"since": 0}).json()
    assert [a["action"] for a in answer["actions"]] == ["PLAY", "DOWNLOAD"]
    assert answer["actions"][0]["timestamp"] == "2025-12-06T05:46:40+00:00"
    assert answer["actions"][1]["position"] == -1

    got = client.actions_since(0)
    assert got.timestamp == answer["timestamp"]
    assert got.actions == (
        EpisodeAction(FEED, "https://example.org/1.mp3", "play", ts, "ep-1", 30.0, 600.0, 1800.0),
        EpisodeAction(FEED, "https://example.org/2.mp3", "download", ts + 5),
    )


def test_an_old_server_answers_500_to_a_zone_and_the_client_never_sends_one(
    server: NextcloudServer, client: NextcloudClient
) -> None:
    action = {"podcast": FEED, "episode": "https://example.org/1.mp3", "action": "play"}
    with _raw(server) as raw:
        for stamp in ("2026-12-07T10:00:00Z", "2026-12-07T10:00:00+00:00"):
            r = raw.post(
                "/index.php/apps/gpoddersync/episode_action/create",
                json=[{**action, "timestamp": stamp}],
            )
            assert r.status_code == 500
        raw.post(
            "/index.php/apps/gpoddersync/episode_action/create",
            json=[{**action, "timestamp": "2026-12-07T10:00:00"}],
        ).raise_for_status()
    # The client's error for a 500 is a sentence; what it sends is accepted.
    with pytest.raises(SyncError, match="HTTP 500"):
        client._http.request_json(
            "POST",
            "/index.php/apps/gpoddersync/episode_action/create",
            body=[{**action, "timestamp": "2026-12-07T10:00:00Z"}],
        )
    client.upload_actions([_play("https://example.org/1.mp3", time.time(), 0, 60)])


def test_the_server_keeps_only_the_last_upload_per_episode(
    server: NextcloudServer, client: NextcloudClient
) -> None:
    ts = 1_765_000_000.0
    client.upload_actions(
        [
            _play("https://example.org/1.mp3", ts, 0, 100, guid="ep-1"),
            _play("https://example.org/1.mp3", ts + 200, 100, 250, guid="ep-1"),
        ]
    )
    # Later, an older action (a device back from a week offline) overwrites the newer one.
    client.upload_actions([_play("https://example.org/1.mp3", ts - 86400, 0, 40)])
    (kept,) = client.actions_since(0).actions
    assert (kept.started, kept.position, kept.timestamp) == (0.0, 40.0, ts - 86400)
    assert kept.guid == "ep-1"  # the app never nulls a guid it had


def test_uploads_are_capped(client: NextcloudClient) -> None:
    assert client.max_upload == MAX_UPLOAD == 500
    too_many = [_play(f"https://example.org/{n}.mp3", 1e9 + n, 0, 10) for n in range(501)]
    with pytest.raises(ValueError, match="at most 500"):
        client.upload_actions(too_many)


# -- Login Flow v2 -------------------------------------------------------------------------


def test_login_flow_gives_an_app_password_named_after_the_player(server: NextcloudServer) -> None:
    server.accept_account_password = False  # two-factor: only app passwords work
    flow = start_login_flow(server.url)
    assert flow.login_url.startswith(server.url + "/index.php/login/v2/flow/")
    assert flow.poll_endpoint == server.url + "/index.php/login/v2/poll"
    assert flow.token not in repr(flow)
    assert httpx.get(flow.login_url).status_code == 200  # the page the browser opens

    assert poll_login_flow(flow) is None  # not granted yet
    issued = server.approve(flow, USER)
    granted = poll_login_flow(flow)
    assert granted == AppPassword(server.url, USER, issued)
    assert issued not in repr(granted)
    assert poll_login_flow(flow) is None  # answered once
    assert server.app_password_names(USER) == [USER_AGENT]

    with pytest.raises(SyncAuthError):
        NextcloudClient(SyncAccount(NEXTCLOUD, server.url, USER), PASSWORD).login()
    app = NextcloudClient(SyncAccount(NEXTCLOUD, granted.server, granted.login_name), issued)
    app.login()
    app.close()


def test_wait_for_login_returns_when_access_is_granted(server: NextcloudServer) -> None:
    flow = start_login_flow(server.url + "/")  # as typed, with a slash
    browser = threading.Timer(0.3, server.approve, (flow, USER))
    browser.start()
    try:
        granted = wait_for_login(flow, timeout=10, interval=0.05)
    finally:
        browser.cancel()
    assert granted.login_name == USER
    polls = [r for r in server.requests if r.path == "/index.php/login/v2/poll"]
    assert len(polls) >= 2 and polls[-1].status == 200


def test_wait_for_login_gives_up_after_its_timeout(server: NextcloudServer) -> None:
    flow = start_login_flow(server.url)
    began = time.monotonic()
    with pytest.raises(SyncError, match="not granted in the browser within 1 second"):
        wait_for_login(flow, timeout=0.5, interval=0.05)
    assert 0.5 <= time.monotonic() - began < 5


def test_wait_for_login_stops_at_once_when_cancelled(server: NextcloudServer) -> None:
    flow = start_login_flow(server.url)
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    began = time.monotonic()
    with pytest.raises(SyncError, match="cancelled"):
        wait_for_login(flow, timeout=60, interval=30, cancel=cancel)
    assert time.monotonic() - began < 5  # not the 30 s interval, nor the minute


def test_wait_for_login_polls_through_a_network_blip_until_its_timeout() -> None:
    gone = closed_port_url("/index.php/login/v2/poll")
    flow = LoginFlow("https://cloud.example/login", gone, "secret-token-77")
    began = time.monotonic()
    with pytest.raises(SyncError, match="cannot be reached") as caught:
        wait_for_login(flow, timeout=0.5, interval=0.05)
    assert time.monotonic() - began >= 0.5  # not at the first refused connection
    assert "secret-token-77" not in str(caught.value)


def test_login_flow_errors_are_sentences() -> None:
    # A web server that is not a Nextcloud (it takes no POST), then a captive portal.
    with LoopbackServer() as other, pytest.raises(SyncError, match="is not a Nextcloud"):
        start_login_flow(other.base_url)
    portal_page = b"<html>Welcome to the hotel wifi</html>"
    with _answering(200, portal_page) as portal, pytest.raises(SyncError, match="in a way"):
        start_login_flow(portal)
    with _answering(503, b"busy") as busy:
        flow = LoginFlow(busy, busy + "/index.php/login/v2/poll", "secret-token-55")
        with pytest.raises(SyncError, match="HTTP 503") as caught:
            poll_login_flow(flow)
        assert "secret-token-55" not in str(caught.value)
    with pytest.raises(SyncError, match="cannot be reached"):
        start_login_flow(closed_port_url("").rstrip("/"))


@contextmanager
def _answering(status: int, body: bytes) -> Iterator[str]:
    """A server on 127.0.0.1 answering every POST with ``status`` and ``body``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
