"""The one real HTTP server on 127.0.0.1 for tests and benchmarks (stdlib only).

:class:`LoopbackServer` answers two kinds of paths:

- **files** (:meth:`~LoopbackServer.add` and friends), served the way the hosts podcasts live
  on serve them, good and bad: byte ranges on or off, strong ETags and Last-Modified honoured by
  ``If-None-Match``/``If-Modified-Since`` (304) and by ``If-Range``, a throttled mode (so a test
  can kill a download half-way), an HTML page where audio was promised, redirects, 404s and 5xx
  errors, a file that changes between requests (new ETag), requests held until a test lets them
  go, connections cut after N bytes;
- **scripted routes** (:meth:`~LoopbackServer.route`): a :class:`Reply`, or a function of the
  request returning one (streamed bodies, slow or endless answers, answers that depend on the
  headers the client sent).

Every request is recorded (:class:`Seen`) on arrival, before any reply, so tests can check what
the client sent, in which order, on how many connections and how many at once.

Run it on its own for the download benchmark: ``python -m tests.support.http_server DIR`` serves
the files of DIR (with ``sendfile``, so the server is never the bottleneck) and prints its base
URL.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import mimetypes
import re
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass
class Reply:
    """One scripted answer. ``chunks`` streams a body (with ``delay`` seconds between parts)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | None = None
    delay: float = 0.0


@dataclass
class Seen:
    """A request as the server received it (header names in lower case).

    ``path`` is the request target as sent (with any query); ``connection`` numbers the
    connections in the order they were opened; ``status`` is 0 until the answer is sent.
    """

    method: str
    path: str
    headers: dict[str, str]
    connection: int
    client_port: int
    status: int = 0


Route = Reply | Callable[[Seen], Reply]


@dataclass
class Resource:
    """One file the server answers. ``failures`` are statuses sent (in order) before success."""

    data: bytes | None = None
    file: Path | None = None
    content_type: str = "audio/mpeg"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    failures: list[int] = field(default_factory=list)
    cut_after: list[int] = field(default_factory=list)
    gate: threading.Event | None = None
    location: str = ""

    @property
    def size(self) -> int:
        """The length of the body in bytes."""
        if self.data is not None:
            return len(self.data)
        assert self.file is not None
        return self.file.stat().st_size


def _key(target: str) -> str:
    """The path a request target names (no query, percent-decoded)."""
    return unquote(urlsplit(target).path)


class LoopbackServer:
    """A threaded HTTP/1.1 server with keep-alive; a context manager, or start()/stop().

    The switches are plain attributes tests may flip while it runs: ``ranges`` (honour Range),
    ``throttle_bps`` (bytes per second per file response, None for full speed), ``validators``
    (which of "etag" and "last-modified" files carry) and ``drop_idle`` (close every connection
    after its response without saying so, as servers do with idle keep-alive connections).
    """

    scheme = "http"

    def __init__(
        self,
        *,
        ranges: bool = True,
        throttle_bps: int | None = None,
        validators: tuple[str, ...] = ("etag", "last-modified"),
        port: int = 0,
    ) -> None:
        self.ranges = ranges
        self.throttle_bps = throttle_bps
        self.validators = validators
        self.drop_idle = False
        self.resources: dict[str, Resource] = {}
        self.routes: dict[str, Route] = {}
        self._requests: list[Seen] = []
        self.lock = threading.Lock()
        self._version = 0
        self.connections = 0
        self.in_flight = 0
        """Requests being answered now (from arrival to the end of the answer)."""
        self.max_in_flight = 0
        self.active = 0
        """File bodies being sent now (held, failed and scripted requests are not counted)."""
        self.max_active = 0
        handler = type("Handler", (_Handler,), {"owner": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.httpd.allow_reuse_address = True
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port it listens on (chosen by the system unless given)."""
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> LoopbackServer:
        """Serve on a daemon thread."""
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """The absolute URL of ``path`` (with or without its leading slash)."""
        return f"{self.scheme}://{host}:{self.port}/{path.lstrip('/')}"

    # -- scripted routes -----------------------------------------------------------------

    def route(self, path: str, reply: Route) -> str:
        """Answer ``path`` (any query) with ``reply``; returns the path's URL."""
        with self.lock:
            self.routes[_key(path)] = reply
        return self.url(path)

    # -- files ---------------------------------------------------------------------------

    def add(
        self, name: str, body: bytes | Path, content_type: str = "audio/mpeg", status: int = 200
    ) -> str:
        """Serve ``body`` (bytes, or a file read at request time) at ``/name``; returns the URL."""
        resource = Resource(content_type=content_type, status=status)
        with self.lock:
            self._set_body(resource, body)
            self.resources["/" + name.lstrip("/")] = resource
        return self.url(name)

    def remove(self, name: str) -> None:
        """Stop serving a file: it answers 404 from now on."""
        with self.lock:
            del self.resources["/" + name.lstrip("/")]

    def add_html(self, name: str) -> str:
        """An HTML error page served with 200, as misconfigured hosts and captive portals do."""
        page = b"<!DOCTYPE html><html><head><title>Oops</title></head><body>Not here</body></html>"
        return self.add(name, page, content_type="text/html; charset=utf-8")

    def add_redirect(self, name: str, target: str, status: int = 302) -> str:
        """A path that redirects to ``target`` (podcast enclosures go through trackers)."""
        url = self.add(name, b"moved\n", "text/plain", status=status)
        self.resources["/" + name.lstrip("/")].location = target
        return url

    def add_status(self, name: str, status: int) -> str:
        """A path that always answers ``status`` (404, 500, 503...)."""
        return self.add(name, f"status {status}\n".encode(), "text/plain", status=status)

    def fail_first(self, name: str, *statuses: int) -> None:
        """Answer the next requests for ``name`` with these statuses, then serve normally."""
        with self.lock:
            self.resources["/" + name.lstrip("/")].failures.extend(statuses)

    def hold(self, name: str) -> threading.Event:
        """Make requests for ``name`` wait (after being logged) until the returned event is set."""
        gate = threading.Event()
        with self.lock:
            self.resources["/" + name.lstrip("/")].gate = gate
        return gate

    def cut_first(self, name: str, *byte_counts: int) -> None:
        """Drop the connection after this many body bytes in the next responses (one each)."""
        with self.lock:
            self.resources["/" + name.lstrip("/")].cut_after.extend(byte_counts)

    def replace(self, name: str, body: bytes | Path) -> None:
        """Change a file between requests: it gets a new ETag and Last-Modified."""
        with self.lock:
            self._set_body(self.resources["/" + name.lstrip("/")], body)

    def _set_body(self, resource: Resource, body: bytes | Path) -> None:
        self._version += 1
        if isinstance(body, Path):
            resource.file, resource.data = body, None
            digest = hashlib.sha1(f"{body}:{body.stat().st_mtime_ns}".encode()).hexdigest()
        else:
            resource.data, resource.file = body, None
            digest = hashlib.sha1(body).hexdigest()
        resource.etag = f'"{digest[:16]}-{self._version}"'
        resource.last_modified = formatdate(time.time() + self._version, usegmt=True)

    # -- what it saw ---------------------------------------------------------------------

    @property
    def requests(self) -> list[Seen]:
        """Every request so far, in the order they arrived."""
        with self.lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[Seen]:
        """The requests for one path (any query; with or without the leading slash)."""
        key = "/" + _key(path).lstrip("/")
        return [r for r in self.requests if _key(r.path) == key]

    @property
    def arrivals(self) -> list[str]:
        """The paths requested, in the order the requests came in."""
        return [_key(r.path) for r in self.requests]

    @property
    def hits(self) -> Counter[str]:
        """How many requests each path received."""
        return Counter(self.arrivals)

    @property
    def not_modified(self) -> Counter[str]:
        """How many of them were answered 304."""
        return Counter(_key(r.path) for r in self.requests if r.status == 304)

    # -- for the handler threads ---------------------------------------------------------

    def _arrived(self, seen: Seen) -> None:
        with self.lock:
            self._requests.append(seen)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _answered(self) -> None:
        with self.lock:
            self.in_flight -= 1

    def _take(self, queue: list[int]) -> int | None:
        """Pop the next scripted failure status or early disconnect of a file, if any."""
        with self.lock:
            return queue.pop(0) if queue else None

    def _body_started(self) -> None:
        with self.lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def _body_ended(self) -> None:
        with self.lock:
            self.active -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: LoopbackServer
    seen: Seen | None = None  # None while the request line is read (a malformed one: 400)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``owner.requests`` instead."""

    def setup(self) -> None:
        super().setup()
        with self.owner.lock:
            self.owner.connections += 1
            self.connection_id = self.owner.connections

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        seen = Seen(self.command, self.path, headers, self.connection_id, self.client_address[1])
        self.seen = seen
        self.owner._arrived(seen)
        try:
            path = _key(self.path)
            route = self.owner.routes.get(path)
            if route is not None:
                self._reply(route(seen) if callable(route) else route)
                return
            resource = self.owner.resources.get(path)
            if resource is None:
                self._simple(404, b"not found\n")
                return
            self._file(resource, headers, head)
        finally:
            self.owner._answered()

    def send_response(self, code: int, message: str | None = None) -> None:
        if self.seen is not None:
            self.seen.status = code
        super().send_response(code, message)

    # -- scripted replies ----------------------------------------------------------------

    def _reply(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunks is None:
            if reply.status != 304:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.status != 304 and self.command != "HEAD":
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

    # -- files ---------------------------------------------------------------------------

    def _file(self, resource: Resource, headers: dict[str, str], head: bool) -> None:
        if resource.gate is not None:
            resource.gate.wait(timeout=30)
        failure = self.owner._take(resource.failures)
        if failure is not None:
            self._simple(failure, f"status {failure}\n".encode())
            return
        if resource.status != 200:
            body = f"status {resource.status}\n".encode()
            self._simple(resource.status, body, resource.location)
            return
        if self._unchanged(resource, headers):
            self.send_response(304)
            self._validators(resource)
            self.end_headers()
            return
        size = resource.size
        start, end = 0, size - 1
        status = 200
        wanted = self._wanted_range(resource, headers, size)
        if wanted == "unsatisfiable":
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if isinstance(wanted, tuple):
            start, end = wanted
            status = 206
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(end - start + 1))
        if self.owner.ranges:
            self.send_header("Accept-Ranges", "bytes")
        self._validators(resource)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if head:
            return
        count = end - start + 1
        cut = self.owner._take(resource.cut_after)
        self.owner._body_started()
        try:
            self._send_body(resource, start, count if cut is None else min(cut, count))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.owner._body_ended()
        if cut is not None:
            self.close_connection = True  # the client sees a body shorter than Content-Length
        if self.owner.drop_idle:
            self.close_connection = True  # no "Connection: close": the client finds out later

    def _validators(self, resource: Resource) -> None:
        if "etag" in self.owner.validators:
            self.send_header("ETag", resource.etag)
        if "last-modified" in self.owner.validators:
            self.send_header("Last-Modified", resource.last_modified)

    def _unchanged(self, resource: Resource, headers: dict[str, str]) -> bool:
        """A conditional GET whose copy is current (the validators the file carries)."""
        tag, since = headers.get("if-none-match"), headers.get("if-modified-since")
        if tag is not None and "etag" in self.owner.validators:
            return tag == resource.etag
        return (
            since is not None
            and "last-modified" in self.owner.validators
            and (since == resource.last_modified)
        )

    def _wanted_range(
        self, resource: Resource, headers: dict[str, str], size: int
    ) -> tuple[int, int] | str | None:
        """The byte range to send, None for the whole file, "unsatisfiable" for a 416."""
        spec = headers.get("range")
        if not spec or not self.owner.ranges:
            return None
        if_range = headers.get("if-range")
        if if_range is not None and if_range not in (resource.etag, resource.last_modified):
            return None  # the file changed: RFC 9110 says send all of it
        match = _RANGE.match(spec.strip())
        if not match or match.group(1) == "":
            return None
        start = int(match.group(1))
        end = int(match.group(2)) if match.group(2) else size - 1
        if start >= size:
            return "unsatisfiable"
        return start, min(end, size - 1)

    def _send_body(self, resource: Resource, offset: int, count: int) -> None:
        throttle = self.owner.throttle_bps
        if resource.file is not None and throttle is None:
            with resource.file.open("rb") as f:
                self.connection.sendfile(f, offset, count)
            return
        began = time.monotonic()
        sent = 0
        step = CHUNK if throttle is None else max(1024, min(CHUNK, throttle // 20))
        for piece in _pieces(resource, offset, count, step):
            self.wfile.write(piece)
            sent += len(piece)
            if throttle:
                ahead = sent / throttle - (time.monotonic() - began)
                if ahead > 0:
                    time.sleep(ahead)  # the throttle itself, not a wait for a condition

    def _simple(self, status: int, body: bytes, location: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _pieces(resource: Resource, offset: int, count: int, step: int) -> Iterator[bytes]:
    if resource.data is not None:
        view = memoryview(resource.data)[offset : offset + count]
        for i in range(0, len(view), step):
            yield bytes(view[i : i + step])
        return
    assert resource.file is not None
    with resource.file.open("rb") as f:
        f.seek(offset)
        left = count
        while left > 0:
            piece = f.read(min(step, left))
            if not piece:
                return
            left -= len(piece)
            yield piece


# -- scripted replies tests share --------------------------------------------------------


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


def basic_auth(username: str, password: str, reply: Reply) -> Callable[[Seen], Reply]:
    """A route that answers ``reply`` only to requests carrying this HTTP Basic login, and
    401 with a ``WWW-Authenticate`` challenge to any other (as private feeds do)."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")

    def answer(seen: Seen) -> Reply:
        if seen.headers.get("authorization") == f"Basic {token}":
            return reply
        return Reply(401, b"login needed", {"WWW-Authenticate": 'Basic realm="private feed"'})

    return answer


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


def closed_port_url(path: str = "/episode.mp3") -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just freed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def main(argv: list[str] | None = None) -> int:
    """Serve every file of a folder at ``/NAME`` until interrupted (the download benchmark)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = LoopbackServer(port=args.port)
    for path in sorted(args.folder.iterdir()):
        if path.is_file():
            server.add(path.name, path, mimetypes.guess_type(path.name)[0] or "audio/mpeg")
    print(server.base_url, flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
