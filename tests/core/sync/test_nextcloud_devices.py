"""Two of our data folders as two installations of one Nextcloud account (gPodder Sync dialect).

The server is the Nextcloud-dialect server written from the app's source
(``tests/support/nextcloud_server.py``); the feeds come from a loopback HTTP server; the account
is set up as the listener would: Login Flow v2 in a browser, then the app password in each
installation. What converges, and what Nextcloud loses by design (one action per episode).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from player.domain.models import PlayEvent
from player.services.credentials import Credentials
from player.storage import HistoryRepo
from player.storage.sync_state import SyncStateRepo
from player.syncapi.login_flow import AppPassword, start_login_flow, wait_for_login
from tests.support.http_server import LoopbackServer
from tests.support.nextcloud_server import NextcloudServer
from tests.support.sync_rig import Device, serve_feed

USER, PASSWORD = "ann", "account password 7c1d"

pytestmark = pytest.mark.skipif(
    not hasattr(Credentials, "set_secret"),
    reason="the sync password store needs Credentials.set_secret (branch h-keys)",
)


@pytest.fixture
def feeds() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def granted(nextcloud_server: NextcloudServer) -> AppPassword:
    """The listener's app password, from Login Flow v2 (an account with two-factor auth)."""
    nextcloud_server.add_user(USER, PASSWORD)
    nextcloud_server.accept_account_password = False
    flow = start_login_flow(nextcloud_server.url)
    nextcloud_server.approve(flow, USER)
    return wait_for_login(flow, timeout=10, interval=0.05)


def _device(tmp_path: Path, name: str, granted: AppPassword) -> Device:
    device = Device(tmp_path, name)
    status = device.engine.login("nextcloud", granted.server, granted.login_name,
                                 granted.app_password)  # fmt: skip
    assert status.logged_in and status.device == ""  # Nextcloud has no devices
    return device


def _files_of(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_two_installations_converge_through_nextcloud(
    tmp_path: Path, feeds: LoopbackServer, nextcloud_server: NextcloudServer, granted: AppPassword
) -> None:
    news, talk = serve_feed(feeds, "news"), serve_feed(feeds, "talk")
    desk = _device(tmp_path, "desk", granted)
    laptop = _device(tmp_path, "laptop", granted)
    try:
        desk.feeds.subscribe(news)
        desk.feeds.subscribe(talk)
        first = desk.engine.sync()
        assert first.complete and first.errors == []
        assert nextcloud_server.subscriptions(USER) == {news, talk}

        report = laptop.engine.sync()
        assert report.complete and report.subscriptions_added == 2
        assert laptop.feed_urls() == {news, talk}

        desk.listen("news-1", 0, 300, at=time.time() - 60)
        desk.mark_played("talk-2")
        up = desk.engine.sync()
        assert up.complete and up.uploaded == 2 and desk.engine.status().pending_actions == 0

        down = laptop.engine.sync()
        assert down.complete
        assert laptop.state("news-1") == ("new", 300.0)
        assert laptop.state("talk-2")[0] == "played"
        assert laptop.history("news-1") == [(0.0, 300.0, "import")]

        # Listening further on the laptop wins on the desk.
        laptop.listen("news-1", 300, 420, at=time.time() + 2)  # the format has whole seconds
        assert laptop.engine.sync().complete
        assert desk.engine.sync().complete
        assert desk.state("news-1") == ("new", 420.0)
        assert desk.history("news-1") == [(0.0, 300.0, "local"), (300.0, 420.0, "import")]

        # Syncing again changes nothing (the look-back brings the same actions back).
        again = laptop.engine.sync()
        assert again.complete and again.positions_updated == 0
        assert laptop.history("news-1") == [(0.0, 300.0, "import"), (300.0, 420.0, "local")]

        # Unsubscribing on one removes the podcast on the other.
        podcast = laptop.feeds.podcasts.find_by_url(talk)
        assert podcast is not None
        laptop.feeds.unsubscribe(podcast.id)
        assert laptop.engine.sync().complete
        removed = desk.engine.sync()
        assert removed.subscriptions_removed == 1 and desk.feed_urls() == {news}
        assert nextcloud_server.subscriptions(USER) == {news}

        # The app password is in the keyring, not in the library, its WAL or its backups.
        for device in (desk, laptop):
            assert granted.app_password.encode() not in _files_of(tmp_path / device.name)
    finally:
        desk.close()
        laptop.close()


def test_a_feed_unsubscribed_right_after_syncing_stays_unsubscribed(
    tmp_path: Path, feeds: LoopbackServer, nextcloud_server: NextcloudServer, granted: AppPassword
) -> None:
    """The app answers a user's own changes too: the next sync brings back our upload of a
    feed the listener has unsubscribed from meanwhile, which must not subscribe it again."""
    news, extra = serve_feed(feeds, "news"), serve_feed(feeds, "extra")
    desk = _device(tmp_path, "desk", granted)
    laptop = _device(tmp_path, "laptop", granted)
    try:
        desk.feeds.subscribe(news)
        desk.engine.sync()
        laptop.engine.sync()
        desk.feeds.subscribe(extra)
        desk.engine.sync()  # "add extra" goes up
        podcast = desk.feeds.podcasts.find_by_url(extra)
        assert podcast is not None
        desk.feeds.unsubscribe(podcast.id)  # a mistake, undone at once
        report = desk.engine.sync()  # the answer still says "add extra" (our own upload)
        assert report.complete and report.subscriptions_added == 0
        assert desk.feed_urls() == {news}
        assert nextcloud_server.subscriptions(USER) == {news}
        laptop.engine.sync()
        assert laptop.feed_urls() == {news}
    finally:
        desk.close()
        laptop.close()


def test_what_nextcloud_keeps_is_the_last_state_of_each_episode(
    tmp_path: Path, feeds: LoopbackServer, nextcloud_server: NextcloudServer, granted: AppPassword
) -> None:
    news = serve_feed(feeds, "news")
    desk = _device(tmp_path, "desk", granted)
    laptop = _device(tmp_path, "laptop", granted)
    try:
        desk.feeds.subscribe(news)
        desk.engine.sync()
        laptop.engine.sync()

        # Two sittings with one episode on the desk, synced together: both spans go up...
        now = time.time()
        desk.listen("news-2", 0, 100, at=now - 3600)
        desk.listen("news-2", 100, 250, at=now - 60)
        assert desk.engine.sync().uploaded == 2
        # ...the server keeps one, the last...
        (kept,) = nextcloud_server.stored_actions(USER)
        assert (kept["action"], kept["started"], kept["position"]) == ("PLAY", 100, 250)
        # ...so the laptop gets the latest position, and only the last span as history.
        laptop.engine.sync()
        assert laptop.state("news-2") == ("new", 250.0)
        assert laptop.history("news-2") == [(100.0, 250.0, "import")]
        assert desk.history("news-2") == [(0.0, 100.0, "local"), (100.0, 250.0, "local")]
    finally:
        desk.close()
        laptop.close()


def test_listening_uploaded_late_reaches_the_other_installation(
    tmp_path: Path, feeds: LoopbackServer, nextcloud_server: NextcloudServer, granted: AppPassword
) -> None:
    """The app compares ``since`` with the actions' own times: listening that reaches the
    server after the laptop last synced, but happened before, would be lost to the laptop
    without the client's look-back."""
    news = serve_feed(feeds, "news")
    desk = _device(tmp_path, "desk", granted)
    laptop = _device(tmp_path, "laptop", granted)
    try:
        desk.feeds.subscribe(news)
        desk.engine.sync()
        laptop.engine.sync()
        laptop_since = SyncStateRepo(laptop.store).account().actions_since  # type: ignore[union-attr]

        desk.listen("news-3", 0, 500, at=laptop_since - 600)  # on a train, ten minutes ago
        assert desk.engine.sync().uploaded == 1
        with httpx.Client(auth=(USER, granted.app_password)) as raw:
            served = raw.get(
                f"{nextcloud_server.url}/index.php/apps/gpoddersync/episode_action",
                params={"since": laptop_since},
            ).json()
        assert served["actions"] == []  # what the server answers a client trusting `since`

        report = laptop.engine.sync()
        assert report.complete
        assert laptop.state("news-3") == ("new", 500.0)
        assert laptop.history("news-3") == [(0.0, 500.0, "import")]
    finally:
        desk.close()
        laptop.close()


def test_a_long_outbox_goes_in_acknowledged_batches(
    tmp_path: Path, feeds: LoopbackServer, nextcloud_server: NextcloudServer, granted: AppPassword
) -> None:
    news = serve_feed(feeds, "news", episodes=30)
    desk = _device(tmp_path, "desk", granted)
    laptop = _device(tmp_path, "laptop", granted)
    try:
        desk.feeds.subscribe(news)
        desk.engine.sync()
        ids = [desk.episode_id(f"news-{n}") for n in range(1, 31)]
        base = time.time() - 20 * 86400
        HistoryRepo(desk.store).add_many(
            [PlayEvent(ids[i % 30], base + i * 600, 0.0, 60.0 + i / 10) for i in range(1200)]
        )
        report = desk.engine.sync()
        assert report.complete and report.uploaded == 1200
        batches = [len(r.json()) for r in nextcloud_server.requests_to("episode_action/create")]
        assert batches == [500, 500, 200]
        assert len(nextcloud_server.stored_actions(USER)) == 30  # one per episode

        laptop.engine.sync()
        last = {i % 30: 60.0 + i / 10 for i in range(1200)}  # the last span of each episode
        assert laptop.state("news-1")[1] == last[0]
        assert HistoryRepo(laptop.store).count() == 30
    finally:
        desk.close()
        laptop.close()
