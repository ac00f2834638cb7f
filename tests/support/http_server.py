"""A real HTTP server on 127.0.0.1 whose answers each test scripts (stdlib only).

Routes map a path to a :class:`Reply` or to a function of the request returning one; every
request is recorded so tests can check what the client sent (headers, how many connections).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One scripted answer. ``chunks`` streams a body (with ``delay`` seconds between parts)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | None = None
    delay: float = 0.0


@dataclass(frozen=True)
class Seen:
    """A request as the server received it."""

    path: str
    headers: dict[str, str]
    connection: int


Route = Reply | Callable[[Seen], Reply]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``requests`` instead."""

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections += 1
            self.connection_id = self.server.connections

    def do_GET(self) -> None:
        seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, self.connection_id)
        with self.server.lock:
            self.server.requests.append(seen)
            self.server.in_flight += 1
            self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
        try:
            route = self.server.routes.get(self.path.split("?")[0])
            reply = Reply(404, b"not here") if route is None else route
            if callable(reply):
                reply = reply(seen)
            self._send(reply)
        finally:
            with self.server.lock:
                self.server.in_flight -= 1

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunks is None:
            if reply.status != 304:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.status != 304:
                self.wfile.write(reply.body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for part in reply.chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
                if reply.delay:
                    time.sleep(reply.delay)  # the server side of a slow response, not a test wait
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.connections = 0
        self.in_flight = 0
        self.max_in_flight = 0


class FeedServer:
    """Start with ``with FeedServer() as server:``; ``server.url("/x")`` is an absolute URL."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, reply: Route) -> str:
        """Serve ``reply`` at ``path``; returns the path's URL."""
        self._server.routes[path] = reply
        return self.url(path)

    @property
    def requests(self) -> list[Seen]:
        with self._server.lock:
            return list(self._server.requests)

    def requests_to(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path.split("?")[0] == path]

    @property
    def connections(self) -> int:
        return self._server.connections

    @property
    def max_in_flight(self) -> int:
        return self._server.max_in_flight


def conditional(body: bytes, etag: str, last_modified: str = "") -> Callable[[Seen], Reply]:
    """A feed that honours If-None-Match (and If-Modified-Since when given)."""
    headers = {"ETag": etag, "Content-Type": "application/rss+xml"}
    if last_modified:
        headers["Last-Modified"] = last_modified

    def reply(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == etag:
            return Reply(304, headers={"ETag": etag})
        if last_modified and seen.headers.get("if-modified-since") == last_modified:
            return Reply(304)
        return Reply(200, body, dict(headers))

    return reply


def endless(part: bytes = b"<item>" * 100) -> Iterator[bytes]:
    """A body that never ends."""
    while True:
        yield part


def rss(title: str, items: Iterable[tuple[str, str]], extra: str = "") -> bytes:
    """A small valid RSS feed: ``items`` are (guid, title) pairs, newest first."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">\n<channel>\n'
        f"<title>{title}</title>\n<link>https://example.org/</link>\n{extra}"
    ]
    for guid, item_title in items:
        parts.append(
            f'<item><guid isPermaLink="false">{guid}</guid><title>{item_title}</title>'
            f'<enclosure url="https://example.org/{guid}.mp3" type="audio/mpeg" length="1000"/>'
            "<itunes:duration>12:34</itunes:duration></item>\n"
        )
    parts.append("</channel>\n</rss>\n")
    return "".join(parts).encode("utf-8")
