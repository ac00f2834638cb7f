"""The lean httpx transport: keep-alive, stale connections, redirects, timeouts, short bodies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from player.feeds.http_transport import PooledHTTPTransport
from tests.core.downloads.conftest import Library
from tests.support.http_server import LoopbackServer


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(transport=PooledHTTPTransport(), follow_redirects=True) as c:
        yield c


def test_connections_are_kept_alive(client: httpx.Client, server: LoopbackServer) -> None:
    url = server.add("a.mp3", b"ID3" + b"x" * 5000)
    bodies = [client.get(url).content for _ in range(3)]
    assert bodies == [b"ID3" + b"x" * 5000] * 3
    ports = {r.client_port for r in server.requests_for("a.mp3")}
    assert len(ports) == 1


def test_a_connection_the_server_dropped_is_replaced_once(
    client: httpx.Client, server: LoopbackServer
) -> None:
    url = server.add("a.mp3", b"ID3" + b"y" * 5000)
    server.drop_idle = True
    first = client.get(url)
    second = client.get(url)  # the pooled connection is dead: one fresh try, no error
    assert first.status_code == second.status_code == 200
    assert second.content == b"ID3" + b"y" * 5000
    assert len({r.client_port for r in server.requests_for("a.mp3")}) == 2


def test_redirects_ranges_and_headers_pass_through(
    client: httpx.Client, server: LoopbackServer
) -> None:
    target = server.add("real.mp3", b"ID3" + bytes(range(256)) * 10)
    tracker = server.add_redirect("track/real.mp3", target)
    response = client.get(tracker, headers={"Range": "bytes=3-12", "X-Test": "yes"})
    assert response.status_code == 206
    assert response.content == bytes(range(10))
    assert response.headers["content-range"] == f"bytes 3-12/{3 + 2560}"
    [hop] = server.requests_for("track/real.mp3")
    [final] = server.requests_for("real.mp3")
    assert hop.status == 302 and final.headers["x-test"] == "yes"
    assert response.reason_phrase == "Partial Content"


def test_timeouts_and_short_bodies_raise_httpx_errors(server: LoopbackServer) -> None:
    slow = server.add("slow.mp3", b"ID3" + b"z" * 100_000)
    short = server.add("short.mp3", b"ID3" + b"z" * 100_000)
    server.cut_first("short.mp3", 1000)
    gate = server.hold("slow.mp3")
    with httpx.Client(transport=PooledHTTPTransport(), timeout=0.2) as quick:
        with pytest.raises(httpx.ReadTimeout):
            quick.get(slow)
        gate.set()
        with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
            quick.get(short)
        assert quick.get(short).content == b"ID3" + b"z" * 100_000
    with httpx.Client(transport=PooledHTTPTransport()) as plain, pytest.raises(httpx.ConnectError):
        plain.get("http://127.0.0.1:9/nothing-listens-here")


def test_the_manager_follows_tracker_redirects(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    target = server.add("files/ep.mp3", media["tone.mp3"])
    hop2 = server.add_redirect("cdn/ep.mp3", target, status=301)
    hop1 = server.add_redirect("stats/ep.mp3", hop2, status=307)
    [episode_id] = library.add_episodes(library.add_podcast(), [("Tracked", hop1)])
    log = library.download([episode_id])
    assert log.final(episode_id).error is None
    landed = list(library.paths.downloads.rglob("*.mp3"))
    assert [p.read_bytes() for p in landed] == [media["tone.mp3"].read_bytes()]
