"""Network failures read as words, not errno text: real sockets on 127.0.0.1, real TLS, the
local resolver for ``.invalid`` names, and the feed fetcher, subscribe and refresh on top."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from player.feeds.errors import FeedNotFoundError, TemporaryFeedError
from player.feeds.fetch import Fetcher, FetchLimits, FetchRequest
from player.feeds.http_transport import PooledHTTPTransport
from player.feeds.net_errors import describe_http_status, describe_network_error
from player.services.chapters import ChapterError, ChapterService
from player.storage import EpisodeRepo, PodcastRepo, Store
from tests.conftest import run_cli
from tests.support.http_server import LoopbackServer, Reply
from tests.support.library import add_podcast, item
from tests.support.tls_server import EXPIRED, VALID, TlsServer, trusting

RAW_TEXT = ("Errno", "errno", "Name or service", "_ssl.c", "ConnectError", "gaierror")


def _closed_port() -> int:
    """A port nothing listens on (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/feed.xml"


def _fetch_error(url: str, **limits: float) -> str:
    with (
        Fetcher(FetchLimits(**limits)) as fetcher,  # type: ignore[arg-type]
        pytest.raises(TemporaryFeedError) as caught,
    ):
        fetcher.fetch(FetchRequest(url=url))
    return str(caught.value)


def _clean(text: str) -> None:
    for raw in RAW_TEXT:
        assert raw not in text, text


def test_a_closed_port_is_a_refused_connection() -> None:
    text = _fetch_error(f"http://127.0.0.1:{_closed_port()}/feed.xml")
    assert text == "The server refused the connection."


def test_an_invalid_host_name_is_no_such_server_and_fails_fast() -> None:
    started = time.monotonic()
    text = _fetch_error("http://example.invalid/feed.xml")
    assert time.monotonic() - started < 5, "the local resolver should refuse .invalid at once"
    assert text == "No such server (example.invalid)."


def test_a_server_that_never_answers_times_out(silent_server: str) -> None:
    started = time.monotonic()
    text = _fetch_error(silent_server, connect_timeout=0.3, total_timeout=0.4)
    assert time.monotonic() - started < 3
    assert text.startswith("The connection timed out"), text
    _clean(text)


def test_an_untrusted_certificate_says_so() -> None:
    with TlsServer() as server:
        server.route("/feed.xml", Reply(200, b"<rss/>"))
        text = _fetch_error(server.url("/feed.xml"), connect_timeout=5, total_timeout=5)
    assert text == "The server's certificate is not trusted."


@pytest.mark.parametrize(
    ("cert", "host", "words"),
    [
        (VALID, "127.0.0.1", "The server's certificate is for another name than 127.0.0.1"),
        (EXPIRED, "localhost", "The server's certificate has expired"),
    ],
)
def test_certificate_problems_are_named(cert: Path, host: str, words: str) -> None:
    with (
        TlsServer(cert) as server,
        httpx.Client(transport=PooledHTTPTransport(ssl_context=trusting(cert))) as client,
    ):
        server.route("/x", Reply(200, b"x"))
        with pytest.raises(httpx.ConnectError) as caught:
            client.get(server.url("/x", host=host))
    assert describe_network_error(caught.value) == words


def test_httpx_own_transport_reads_the_same() -> None:
    """With a proxy configured, downloads use httpx's own transport: its chain differs."""
    with httpx.Client(timeout=5) as client:
        with pytest.raises(httpx.ConnectError) as refused:
            client.get(f"http://127.0.0.1:{_closed_port()}/x")
        with pytest.raises(httpx.ConnectError) as unknown:
            client.get("http://example.invalid/x")
    assert describe_network_error(refused.value) == "The server refused the connection"
    assert describe_network_error(unknown.value) == "No such server (example.invalid)"


def test_http_statuses_are_a_code_and_words() -> None:
    assert describe_http_status(404) == "HTTP 404: not found"
    assert describe_http_status(500) == "HTTP 500: server error"
    assert describe_http_status(599) == "HTTP 599: server error"
    assert describe_http_status(499) == "HTTP 499: the server refused the request"
    with LoopbackServer() as server:
        server.route("/broken.xml", Reply(500, b"oops"))
        with Fetcher() as fetcher:
            with pytest.raises(FeedNotFoundError, match=r"\(HTTP 404\)"):
                fetcher.fetch(FetchRequest(url=server.url("/missing.xml")))
            with pytest.raises(TemporaryFeedError) as caught:
                fetcher.fetch(FetchRequest(url=server.url("/broken.xml")))
    assert str(caught.value) == (
        "The server had a problem (HTTP 500: server error); it will be tried again at the "
        "next refresh."
    )


def test_chapter_fetch_failures_are_in_words(memory_store: Store) -> None:
    refused = f"http://127.0.0.1:{_closed_port()}/chapters.json"
    with LoopbackServer() as server:
        missing = server.url("/chapters.json")
        ids = add_podcast(
            memory_store,
            [
                item("a", "https://example.org/a.mp3", chapters_url=refused),
                item("b", "https://example.org/b.mp3", chapters_url=missing),
            ],
        )
        texts = []
        for episode in EpisodeRepo(memory_store).get_many(ids):
            with pytest.raises(ChapterError) as caught:
                ChapterService(memory_store).fetch_json(episode)
            texts.append(str(caught.value))
    assert texts == [
        f"Cannot fetch chapters from {refused}: The server refused the connection.",
        f"Cannot fetch chapters from {missing}: HTTP 404: not found.",
    ]


def test_refresh_stores_the_words_on_the_feed_and_the_cli_shows_them(data_dir: Path) -> None:
    store = Store(data_dir / "library.sqlite3")
    PodcastRepo(store).add(f"http://127.0.0.1:{_closed_port()}/feed.xml", title="Refused")
    PodcastRepo(store).add("http://example.invalid/feed.xml", title="Nowhere")
    store.close()

    refresh = run_cli(data_dir, "refresh")
    assert refresh.returncode == 0, refresh.stderr
    assert ": The server refused the connection." in refresh.stdout
    assert ": No such server (example.invalid)." in refresh.stdout
    _clean(refresh.stdout + refresh.stderr)

    podcasts = json.loads(run_cli(data_dir, "podcasts", "--json").stdout)
    errors = {p["title"]: p["last_error"] for p in podcasts}
    assert errors == {
        "Refused": "The server refused the connection.",
        "Nowhere": "No such server (example.invalid).",
    }


def test_subscribe_errors_are_in_words(data_dir: Path) -> None:
    result = run_cli(data_dir, "subscribe", "http://example.invalid/feed.xml")
    assert result.returncode == 1
    assert result.stderr == "http://example.invalid/feed.xml: No such server (example.invalid).\n"
    as_json = run_cli(data_dir, "subscribe", "--json", "http://example.invalid/feed.xml")
    assert json.loads(as_json.stdout)[0]["error"] == "No such server (example.invalid)."
