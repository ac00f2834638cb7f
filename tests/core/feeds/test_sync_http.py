"""Every HTTP outcome and hostile body, against a real server on 127.0.0.1.

The service parses inline here (no worker processes) so each test is quick and deterministic;
``test_sync_pool.py`` covers the process pool.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.domain.models import Podcast
from player.feeds.errors import (
    AuthRequiredError,
    FeedNotFoundError,
    FeedTooLargeError,
    NotAFeedError,
    RedirectLoopError,
    TemporaryFeedError,
)
from player.services.credentials import Credentials
from player.services.feed_passwords import FeedPasswords
from player.services.refresh_summary import RefreshStatus
from player.services.sync import SyncProgress, SyncService, inline_service
from player.storage import EpisodeRepo, PodcastRepo, SettingsRepo, Store
from tests.support.http_server import LoopbackServer, Reply, Seen, conditional, endless, rss
from tests.support.memory_keyring import MemoryKeyring

FEED = rss("Show", [("g2", "Two"), ("g1", "One")])


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def feed_passwords() -> FeedPasswords:
    return FeedPasswords(Credentials(MemoryKeyring()))


@pytest.fixture
def sync(memory_store: Store, feed_passwords: FeedPasswords) -> Iterator[SyncService]:
    service = inline_service(memory_store, passwords=feed_passwords)
    yield service
    service.close()


def _podcast(store: Store, podcast_id: int) -> Podcast:
    return PodcastRepo(store).get(podcast_id)


def test_first_fetch_stores_validators_and_the_next_sends_them(
    server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    url = server.route("/feed.xml", conditional(FEED, '"v1"', "Wed, 01 Jan 2025 00:00:00 GMT"))
    result = sync.subscribe(url)
    assert (result.title, result.new_episodes) == ("Show", 2)
    podcast = _podcast(memory_store, result.podcast_id)
    assert (podcast.etag, podcast.last_modified) == ('"v1"', "Wed, 01 Jan 2025 00:00:00 GMT")

    summary = sync.refresh()
    assert (summary.not_modified, summary.updated, summary.new_episodes) == (1, 0, 0)
    sent = server.requests_for("/feed.xml")[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert "gzip" in sent["accept-encoding"]


def test_a_server_ignoring_validators_costs_no_parse_when_the_body_is_equal(
    server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    url = server.route("/feed.xml", Reply(200, FEED))
    podcast_id = sync.subscribe(url).podcast_id
    stored_hash = PodcastRepo(memory_store).body_hash(podcast_id)
    assert stored_hash
    summary = sync.refresh()
    assert (summary.not_modified, summary.updated) == (1, 0)
    server.route("/feed.xml", Reply(200, rss("Show", [("g3", "Three"), ("g2", "Two")])))
    summary = sync.refresh()
    assert (summary.updated, summary.new_episodes) == (1, 1)
    assert PodcastRepo(memory_store).body_hash(podcast_id) != stored_hash
    # g1 left the feed: kept (it may be downloaded or half-heard) but flagged.
    episodes = {e.guid: e.in_feed for e in EpisodeRepo(memory_store).list()}
    assert episodes == {"g1": False, "g2": True, "g3": True}


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirect_updates_the_stored_url(
    status: int, server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    new = server.route("/new.xml", Reply(200, FEED))
    old = server.route("/old.xml", Reply(status, headers={"Location": "/new.xml"}))
    podcast_id = sync.subscribe(old).podcast_id
    assert _podcast(memory_store, podcast_id).url == new
    server.route("/new.xml", Reply(200, rss("Show", [("g3", "Three")])))
    podcast = PodcastRepo(memory_store)
    podcast.update(podcast_id, url=old)
    sync.refresh()
    assert podcast.get(podcast_id).url == new


@pytest.mark.parametrize("status", [302, 307])
def test_temporary_redirect_is_followed_without_updating(
    status: int, server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    server.route("/elsewhere.xml", Reply(200, FEED))
    url = server.route("/feed.xml", Reply(status, headers={"Location": "/elsewhere.xml"}))
    result = sync.subscribe(url)
    assert result.new_episodes == 2
    assert _podcast(memory_store, result.podcast_id).url == url


def test_redirect_loops_end_as_an_error(server: LoopbackServer, sync: SyncService) -> None:
    server.route("/a.xml", Reply(301, headers={"Location": "/b.xml"}))
    url = server.route("/b.xml", Reply(302, headers={"Location": "/a.xml"}))
    with pytest.raises(RedirectLoopError, match="loop"):
        sync.subscribe(url)


@pytest.mark.parametrize("status", [401, 403])
def test_authentication_required_is_its_own_error(
    status: int, server: LoopbackServer, sync: SyncService
) -> None:
    url = server.route("/private.xml", Reply(status))
    with pytest.raises(AuthRequiredError, match=str(status)):
        sync.subscribe(url)


def test_per_feed_credentials_go_only_to_the_feed_host(
    server: LoopbackServer, sync: SyncService, feed_passwords: FeedPasswords, memory_store: Store
) -> None:
    expected = "Basic " + base64.b64encode(b"ann:s3cret").decode()

    def private(seen: Seen) -> Reply:
        if seen.headers.get("authorization") == expected:
            return Reply(200, FEED)
        return Reply(401)

    url = server.route("/private.xml", private)
    repo = PodcastRepo(memory_store)
    podcast_id = repo.add(url)
    repo.update(podcast_id, username="ann", user_agent="Custom/1.0")
    assert feed_passwords.set_password(url, "s3cret")  # into the keyring
    summary = sync.refresh()
    assert (summary.updated, summary.failed) == (1, 0)
    assert server.requests_for("/private.xml")[-1].headers["user-agent"] == "Custom/1.0"

    # The same feed moved to another host name: the password must not follow it.
    other = server.url("/private.xml", host="localhost")
    server.route("/moved.xml", Reply(302, headers={"Location": other}))
    repo.update(podcast_id, url=server.url("/moved.xml"), etag=None, body_hash=None)
    summary = sync.refresh()
    assert summary.failed == 1
    assert "authorization" not in server.requests_for("/private.xml")[-1].headers


def test_not_found_and_server_errors_keep_the_feed_and_store_the_error(
    server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    good = server.route("/good.xml", Reply(200, FEED))
    missing = server.route("/missing.xml", Reply(200, rss("Missing", [("m1", "M")])))
    broken = server.route("/broken.xml", Reply(200, rss("Broken", [("b1", "B")])))
    ids = [sync.subscribe(u).podcast_id for u in (good, missing, broken)]
    server.route("/missing.xml", Reply(404))
    server.route("/broken.xml", Reply(503))
    summary = sync.refresh()
    assert (summary.feeds, summary.failed, summary.not_modified) == (3, 2, 1)
    errors = dict(summary.errors)
    assert "404" in errors[missing] and "503" in errors[broken]
    podcasts = {p.id: p for p in PodcastRepo(memory_store).list()}
    assert podcasts[ids[1]].last_error == errors[missing]
    assert podcasts[ids[1]].last_error_at is not None
    assert podcasts[ids[0]].last_error is None
    assert not podcasts[ids[1]].gone and podcasts[ids[1]].episode_count == 1
    # Fixed on the server: the next refresh clears the error.
    server.route("/broken.xml", Reply(200, rss("Broken", [("b2", "B2"), ("b1", "B")])))
    sync.refresh([ids[2]])
    assert PodcastRepo(memory_store).get(ids[2]).last_error is None


def test_gone_stops_refreshing(
    server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    url = server.route("/feed.xml", Reply(200, FEED))
    podcast_id = sync.subscribe(url).podcast_id
    server.route("/feed.xml", Reply(410))
    summary = sync.refresh()
    assert summary.failed == 1 and "410" in summary.errors[0][1]
    podcast = _podcast(memory_store, podcast_id)
    assert podcast.gone and podcast.episode_count == 2
    before = len(server.requests_for("/feed.xml"))
    assert sync.refresh().feeds == 0
    assert len(server.requests_for("/feed.xml")) == before


def test_an_html_page_leads_to_its_feed(
    server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    feed = server.route("/podcast/feed.rss", Reply(200, FEED))
    page = (
        b"<!DOCTYPE html><html><head><title>My show</title>"
        b'<link rel="stylesheet" href="/s.css">'
        b'<link rel="alternate" type="application/rss+xml" title="Feed" href="podcast/feed.rss">'
        b"</head><body>Listen!</body></html>"
    )
    url = server.route("/", Reply(200, page, {"Content-Type": "text/html"}))
    result = sync.subscribe(url)
    assert (result.url, result.title, result.new_episodes) == (feed, "Show", 2)
    assert _podcast(memory_store, result.podcast_id).url == feed


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss version="2.0"><channel><title>&f;</title><item><title>&f;</title></item></channel></rss>
"""


def _xxe(secret: Path) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "'
        + secret.as_uri().encode()
        + b'"> ]>\n<rss version="2.0"><channel><title>T</title><item><guid>x</guid>'
        b"<title>leak &xxe; here</title></item></channel></rss>"
    )


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("malformed", b"<rss><channel><title>Broken</title><item><title>x</item></chan"),
        ("html", b"<!DOCTYPE html><html><head><title>Hi</title></head><body>no</body></html>"),
        ("empty", b""),
        ("binary", bytes(range(256)) * 40),
        ("billion-laughs", BILLION_LAUGHS),
        ("file-path", b"/etc/passwd"),
    ],
)
def test_hostile_or_broken_bodies_end_as_an_error_on_that_feed(
    name: str, body: bytes, server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    good = server.route("/good.xml", Reply(200, FEED))
    bad = server.route("/bad.xml", Reply(200, rss("Bad", [("b1", "B")])))
    sync.subscribe(good)
    sync.subscribe(bad)
    server.route("/bad.xml", Reply(200, body))
    server.route("/good.xml", Reply(200, rss("Show", [("g3", "Three")])))
    summary = sync.refresh()
    if name in ("malformed", "billion-laughs"):
        # feedparser's loose parser still reads something: no crash, no expansion.
        assert summary.failed + summary.updated == 2
        titles = [e.title for e in EpisodeRepo(memory_store).list()]
        assert all(len(t) < 1000 for t in titles)
    else:
        assert summary.failed == 1, summary.errors
        assert summary.errors[0][0] == bad
        assert summary.errors[0][1].endswith(".")
    assert summary.new_episodes >= 1  # the good feed went on
    assert "root:" not in " ".join(e.title for e in EpisodeRepo(memory_store).list())


def test_external_entities_read_no_file(
    tmp_path: Path, server: LoopbackServer, sync: SyncService, memory_store: Store
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    url = server.route("/xxe.xml", Reply(200, _xxe(secret)))
    with contextlib.suppress(NotAFeedError):  # refusing it is as good as skipping the entity
        sync.subscribe(url)
    stored = memory_store.query("SELECT title, description FROM episodes")
    assert all("TOP-SECRET" not in (r[0] + r[1]) for r in stored)


def _limited(store: Store, **values: float) -> SyncService:
    settings = SettingsRepo(store)
    for key, value in values.items():
        settings.set(f"sync.{key}", value)
    return inline_service(store, settings)


def test_compression_bombs_stop_at_the_size_cap(
    server: LoopbackServer, memory_store: Store
) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * (20 * 1024 * 1024))
    assert len(bomb) < 100_000
    url = server.route("/bomb.xml", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    service = _limited(memory_store, max_body_bytes=1024 * 1024)
    try:
        with pytest.raises(FeedTooLargeError, match="1 MB"):
            service.subscribe(url)
    finally:
        service.close()


def test_endless_responses_stop_at_the_size_cap_or_the_deadline(
    server: LoopbackServer, memory_store: Store
) -> None:
    fast = server.route("/fast.xml", Reply(200, chunks=endless()))
    slow = server.route("/slow.xml", Reply(200, chunks=endless(b"<i/>"), delay=0.05))
    service = _limited(memory_store, max_body_bytes=256 * 1024, total_timeout=1.0)
    try:
        with pytest.raises(FeedTooLargeError):
            service.subscribe(fast)
        with pytest.raises(TemporaryFeedError, match="within 1 s"):
            service.subscribe(slow)
    finally:
        service.close()


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_bodies_are_accepted(
    encoding: str, server: LoopbackServer, sync: SyncService
) -> None:
    if encoding == "gzip":
        body = gzip.compress(FEED)
    elif encoding == "deflate":
        body = zlib.compress(FEED)
    else:
        squeezer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = squeezer.compress(FEED) + squeezer.flush()
    header = "gzip" if encoding == "gzip" else "deflate"
    url = server.route("/feed.xml", Reply(200, body, {"Content-Encoding": header}))
    assert sync.subscribe(url).new_episodes == 2


def test_unreachable_hosts_and_bad_addresses_are_clear_errors(sync: SyncService) -> None:
    with LoopbackServer() as gone_server:
        url = gone_server.url("/feed.xml")
    with pytest.raises(TemporaryFeedError, match=r"^The server refused the connection\.$"):
        sync.subscribe(url)
    with pytest.raises(FeedNotFoundError):
        sync.subscribe("file:///nonexistent/feed.xml")


def test_connections_are_reused_and_per_host_limit_holds(
    server: LoopbackServer, memory_store: Store
) -> None:
    repo = PodcastRepo(memory_store)
    for i in range(30):
        path = f"/f{i}.xml"
        server.route(path, conditional(rss(f"S{i}", [(f"g{i}", "x")]), f'"e{i}"'))
        repo.add(server.url(path))
    service = _limited(memory_store, per_host=3, concurrency=8)
    try:
        first = service.refresh()
        assert first.updated == 30
        assert server.max_in_flight <= 3
        connections = server.connections
        assert connections <= 8
        second = service.refresh()
        assert second.not_modified == 30
        assert server.connections - connections <= 3  # the 304s reuse kept-alive connections
    finally:
        service.close()


def test_progress_reports_each_feed_and_cancel_stops_new_work(
    server: LoopbackServer, memory_store: Store
) -> None:
    repo = PodcastRepo(memory_store)
    for i in range(6):
        repo.add(server.route(f"/c{i}.xml", Reply(200, rss(f"C{i}", [(f"c{i}", "x")]))))
    cancel = threading.Event()
    seen: list[SyncProgress] = []

    def progress(report: SyncProgress) -> None:
        seen.append(report)
        cancel.set()  # after the first finished feed

    service = _limited(memory_store, concurrency=1)
    try:
        summary = service.refresh(progress=progress, cancel=cancel)
    finally:
        service.close()
    assert [p.done for p in seen] == list(range(1, 7))
    assert all(p.total == 6 for p in seen)
    assert summary.updated == 1 and summary.cancelled == 5
    assert seen[0].status is RefreshStatus.UPDATED and seen[0].new_episodes == 1
    assert summary.new_episode_ids == {seen[0].podcast_id: [1]}
