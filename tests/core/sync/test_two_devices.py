"""Two of our data folders as two devices of one account on a real gpodder.net-API server.

The server is gpodder-fastapi-router in its own virtualenv (``tests/support/gpodder_server.py``);
the feeds come from a loopback HTTP server; a third, foreign device (what AntennaPod would be)
speaks the raw API with plain httpx in the same test.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from player.domain.models import PlayEvent
from player.services.account_sync import default_client
from player.storage import HistoryRepo
from player.syncapi.model import SyncAccount, SyncClient
from tests.support.http_server import LoopbackServer
from tests.support.sync_rig import Device, serve_feed

USER, PASSWORD = "ann", "correct horse battery staple"


@pytest.fixture
def feeds() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def account(gpodder_server: Any) -> str:
    gpodder_server.create_user(USER, PASSWORD)
    return str(gpodder_server.url)


def _device(tmp_path: Path, name: str, server: str, **kw: Any) -> Device:
    device = Device(tmp_path, name, **kw)
    device.engine.login("gpodder", server, USER, PASSWORD, device=name)
    return device


def _raw(server: str) -> httpx.Client:
    """The foreign device: the raw API, Basic auth, nothing of ours."""
    return httpx.Client(base_url=server, auth=(USER, PASSWORD), timeout=30)


def test_two_devices_converge(tmp_path: Path, feeds: LoopbackServer, account: str) -> None:
    news, talk, moved = (serve_feed(feeds, n) for n in ("news", "talk", "moved"))
    desk = _device(tmp_path, "desk", account)
    laptop = _device(tmp_path, "laptop", account)
    try:
        for url in (news, talk, moved):
            desk.feeds.subscribe(url)
        first = desk.engine.sync()
        assert first.complete and first.errors == []

        report = laptop.engine.sync()  # subscriptions arrive, with their episodes
        assert report.complete and report.subscriptions_added == 3
        assert laptop.feed_urls() == {news, talk, moved}

        desk.listen("news-1", 0, 300, at=time.time() - 60)
        desk.mark_played("talk-2")
        up = desk.engine.sync()
        assert up.uploaded == 2 and desk.engine.status().pending_actions == 0

        down = laptop.engine.sync()
        assert laptop.state("news-1") == ("new", 300.0)
        assert laptop.state("talk-2")[0] == "played"
        assert down.positions_updated == 2
        assert laptop.history("news-1") == [(0.0, 300.0, "import")]

        # Listening further on the laptop wins over what the desk knew.
        laptop.listen("news-1", 300, 420, at=time.time() + 2)  # the format has whole seconds
        laptop.engine.sync()
        desk.engine.sync()
        assert desk.state("news-1") == ("new", 420.0)

        # Unsubscribing on one device removes the podcast on the other.
        laptop.feeds.unsubscribe(laptop.feeds.podcasts.find_by_url(talk).id)  # type: ignore[union-attr]
        assert laptop.engine.sync().complete
        removed = desk.engine.sync()
        assert removed.subscriptions_removed == 1 and talk not in desk.feed_urls()

        # A feed that moved for good (301) moves on both, keeping its history.
        desk.listen("moved-1", 0, 100)
        desk.engine.sync()
        laptop.engine.sync()
        assert laptop.history("moved-1") == [(0.0, 100.0, "import")]
        new_home = serve_feed(feeds, "moved", path="new-home.xml")  # the same feed, moved
        feeds.add_redirect("moved.xml", new_home, status=301)
        desk.feeds.refresh()
        assert new_home in desk.feed_urls() and moved not in desk.feed_urls()
        desk.engine.sync()
        moved_report = laptop.engine.sync()
        assert moved_report.subscriptions_removed == 0
        assert laptop.feed_urls() == {news, new_home}
        assert laptop.history("moved-1") == [(0.0, 100.0, "import")]
    finally:
        desk.close()
        laptop.close()


def test_a_foreign_device_and_an_older_action(
    tmp_path: Path, feeds: LoopbackServer, account: str
) -> None:
    news, extra = serve_feed(feeds, "news"), serve_feed(feeds, "extra")
    desk = _device(tmp_path, "desk", account)
    try:
        desk.feeds.subscribe(news)
        desk.engine.sync()
        desk.listen("news-2", 0, 200)
        desk.engine.sync()
        now = time.time()
        with _raw(account) as phone:
            phone.post(f"/api/2/devices/{USER}/phone.json", json={"caption": "Phone"})
            phone.post(
                f"/api/2/subscriptions/{USER}/phone.json", json={"add": [extra], "remove": []}
            ).raise_for_status()
            actions = [
                {  # the phone heard news-3 half-way, an hour ago
                    "podcast": news,
                    "episode": "https://example.org/news-3.mp3",
                    "action": "play",
                    "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now - 3600)),
                    "started": 0,
                    "position": 400,
                    "total": 754,
                    "device": "phone",
                },
                {  # and news-2 only to 50 s, a day ago: older than the desk's 200 s
                    "podcast": news,
                    "episode": "https://example.org/news-2.mp3",
                    "action": "play",
                    "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now - 86400)),
                    "started": 0,
                    "position": 50,
                    "total": 754,
                    "device": "phone",
                },
            ]
            phone.post(f"/api/2/episodes/{USER}.json", json=actions).raise_for_status()
        report = desk.engine.sync()
        assert report.complete and report.subscriptions_added == 1
        assert extra in desk.feed_urls()
        assert desk.state("news-3") == ("new", 400.0)
        assert desk.state("news-2") == ("new", 200.0)  # never moved backwards
        with _raw(account) as phone:  # and the phone sees the desk's listening
            got = phone.get(f"/api/2/episodes/{USER}.json", params={"since": 0}).json()
        mine = [a for a in got["actions"] if a.get("device") == "desk"]
        assert [(a["episode"], a["position"]) for a in mine] == [
            ("https://example.org/news-2.mp3", 200)
        ]
    finally:
        desk.close()


def _all_actions(raw: httpx.Client) -> list[dict[str, Any]]:
    """Every action the server holds, paging through its capped answers by hand."""
    found: dict[tuple[str, str, int | None], dict[str, Any]] = {}
    since = 0
    while True:
        got = raw.get(f"/api/2/episodes/{USER}.json", params={"since": since}).json()
        before = len(found)
        for a in got["actions"]:
            found[(a["episode"], a["timestamp"], a.get("position"))] = a
        if len(found) == before or got["timestamp"] <= since:
            return list(found.values())
        since = got["timestamp"]


class _StopAfter:
    """The real client; the server is stopped after ``n`` acknowledged uploads (a restart
    happening in the middle of a long sync)."""

    def __init__(self, server: Any, n: int) -> None:
        self.server, self.left = server, n

    def __call__(self, account: SyncAccount, password: str) -> SyncClient:
        client = default_client(account, password)
        upload = client.upload_actions

        def counted(actions: Any) -> Any:
            result = upload(actions)
            self.left -= 1
            if self.left == 0:
                self.server.stop()
            return result

        client.upload_actions = counted  # type: ignore[method-assign]
        return client


def test_1500_actions_survive_a_server_restart_and_arrive_once(
    tmp_path: Path, feeds: LoopbackServer, account: str, gpodder_server: Any
) -> None:
    news = serve_feed(feeds, "news", episodes=30)
    desk = _device(tmp_path, "desk", account, client_factory=_StopAfter(gpodder_server, 1))
    laptop = _device(tmp_path, "laptop", account)
    try:
        desk.feeds.subscribe(news)
        desk.engine.sync()  # the subscription goes; no actions yet, so no upload counted
        ids = [desk.episode_id(f"news-{n}") for n in range(1, 31)]
        base = time.time() - 30 * 86400
        HistoryRepo(desk.store).add_many(
            [
                PlayEvent(ids[i % 30], base + i * 600, float(i % 50), float(i % 50) + 300.0)
                for i in range(1500)
            ]
        )
        assert desk.engine.status().pending_actions == 1500
        interrupted = desk.engine.sync()
        assert not interrupted.complete and interrupted.uploaded > 0
        left = desk.engine.status().pending_actions
        assert left == 1500 - interrupted.uploaded and left > 0
        assert desk.engine.status().last_error

        gpodder_server.start()  # back up: the rest goes, nothing twice
        resumed = desk.engine.sync()
        assert resumed.complete and resumed.uploaded == left
        assert desk.engine.status().pending_actions == 0

        with _raw(account) as raw:
            stored = _all_actions(raw)
            capped = raw.get(f"/api/2/episodes/{USER}.json", params={"since": 0}).json()
        assert len(capped["actions"]) == 500  # one answer is capped: reading all needs paging
        assert sum(1 for a in stored if a.get("device") == "desk") == 1500  # none twice

        report = laptop.engine.sync()
        assert report.complete and report.downloaded == 1500
        assert HistoryRepo(laptop.store).count() == 1500
    finally:
        desk.close()
        laptop.close()
