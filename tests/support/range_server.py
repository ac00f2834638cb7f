"""A real HTTP file server on 127.0.0.1 for download tests and the download benchmark.

It behaves like the hosts podcasts live on, good and bad: byte ranges on or off, strong ETags
and Last-Modified honoured by ``If-Range``, a throttled mode (so a test can kill a download
half-way), an HTML page where audio was promised, 404s and 5xx errors, and a file that changes
between requests (new ETag). Every request is logged so tests can assert what the client sent.

Run it on its own for the benchmark: ``python -m tests.support.range_server DIR`` serves the
files of DIR (with ``sendfile``, so the server is never the bottleneck) and prints its base URL.
"""

from __future__ import annotations

import argparse
import hashlib
import mimetypes
import re
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass
class Resource:
    """One path the server answers. ``failures`` are statuses sent (in order) before success."""

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


@dataclass(frozen=True)
class RequestRecord:
    """What the server saw of one request (header names in lower case)."""

    method: str
    path: str
    headers: dict[str, str]
    status: int
    client_port: int = 0


class RangeServer:
    """A threaded HTTP/1.1 server with keep-alive; use as a context manager or start()/stop().

    The switches are plain attributes tests may flip while it runs: ``ranges`` (honour Range),
    ``throttle_bps`` (bytes per second per response, None for full speed), ``validators``
    (which of "etag" and "last-modified" to send) and ``drop_idle`` (close every connection
    after its response without saying so, as servers do with idle keep-alive connections).
    """

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
        self.requests: list[RequestRecord] = []
        self.arrivals: list[str] = []
        self._lock = threading.Lock()
        self._version = 0
        self.active = 0
        self.max_active = 0
        handler = type("Handler", (_Handler,), {"owner": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> RangeServer:
        """Serve on a daemon thread."""
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> RangeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- content -------------------------------------------------------------------------

    def url(self, name: str) -> str:
        """The absolute URL of a path (``name`` without the leading slash)."""
        return f"{self.base_url}/{name.lstrip('/')}"

    def add(
        self, name: str, body: bytes | Path, content_type: str = "audio/mpeg", status: int = 200
    ) -> str:
        """Serve ``body`` (bytes, or a file read at request time) at ``/name``; returns the URL."""
        resource = Resource(content_type=content_type, status=status)
        self._set_body(resource, body)
        with self._lock:
            self.resources["/" + name.lstrip("/")] = resource
        return self.url(name)

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
        with self._lock:
            self.resources["/" + name.lstrip("/")].failures.extend(statuses)

    def hold(self, name: str) -> threading.Event:
        """Make requests for ``name`` wait (after being logged) until the returned event is set."""
        gate = threading.Event()
        with self._lock:
            self.resources["/" + name.lstrip("/")].gate = gate
        return gate

    def cut_first(self, name: str, *byte_counts: int) -> None:
        """Drop the connection after this many body bytes in the next responses (one each)."""
        with self._lock:
            self.resources["/" + name.lstrip("/")].cut_after.extend(byte_counts)

    def replace(self, name: str, body: bytes | Path) -> None:
        """Change a file between requests: it gets a new ETag and Last-Modified."""
        with self._lock:
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

    # -- request log ---------------------------------------------------------------------

    def log(self, record: RequestRecord) -> None:
        """Remember a request (called by the handler threads)."""
        with self._lock:
            self.requests.append(record)

    def arrived(self, path: str) -> None:
        """Note the order requests come in (before any gate holds them)."""
        with self._lock:
            self.arrivals.append(path)

    def requests_for(self, name: str) -> list[RequestRecord]:
        """The logged requests for one path, oldest first."""
        path = "/" + name.lstrip("/")
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def take_failure(self, resource: Resource) -> int | None:
        """Pop the next scripted failure status of a resource, if any."""
        with self._lock:
            return resource.failures.pop(0) if resource.failures else None

    def take_cut(self, resource: Resource) -> int | None:
        """Pop the next scripted early disconnect of a resource, if any."""
        with self._lock:
            return resource.cut_after.pop(0) if resource.cut_after else None

    def body_started(self) -> None:
        """Count a body being sent (tests assert the client's concurrency from the peak)."""
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def body_ended(self) -> None:
        """A body was sent (or abandoned)."""
        with self._lock:
            self.active -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: RangeServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``owner.requests`` instead."""

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.owner.arrived(path)
        resource = self.owner.resources.get(path)
        if resource is None:
            self._simple(404, path, headers, b"not found\n")
            return
        if resource.gate is not None:
            resource.gate.wait(timeout=30)
        failure = self.owner.take_failure(resource)
        if failure is not None:
            self._simple(failure, path, headers, f"status {failure}\n".encode())
            return
        if resource.status != 200:
            body = f"status {resource.status}\n".encode()
            self._simple(resource.status, path, headers, body, resource.location)
            return
        size = resource.size
        start, end = 0, size - 1
        status = 200
        wanted = self._wanted_range(resource, headers, size)
        if wanted == "unsatisfiable":
            self.owner.log(RequestRecord(self.command, path, headers, 416, self.client_address[1]))
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if isinstance(wanted, tuple):
            start, end = wanted
            status = 206
        self.owner.log(RequestRecord(self.command, path, headers, status, self.client_address[1]))
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(end - start + 1))
        if self.owner.ranges:
            self.send_header("Accept-Ranges", "bytes")
        if "etag" in self.owner.validators:
            self.send_header("ETag", resource.etag)
        if "last-modified" in self.owner.validators:
            self.send_header("Last-Modified", resource.last_modified)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if head:
            return
        count = end - start + 1
        cut = self.owner.take_cut(resource)
        self.owner.body_started()
        try:
            self._send_body(resource, start, count if cut is None else min(cut, count))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.owner.body_ended()
        if cut is not None:
            self.close_connection = True  # the client sees a body shorter than Content-Length
        if self.owner.drop_idle:
            self.close_connection = True  # no "Connection: close": the client finds out later

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

    def _simple(
        self, status: int, path: str, headers: dict[str, str], body: bytes, location: str = ""
    ) -> None:
        self.owner.log(RequestRecord(self.command, path, headers, status, self.client_address[1]))
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


def main(argv: list[str] | None = None) -> int:
    """Serve every file of a folder at ``/NAME`` until interrupted (used by the benchmark)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = RangeServer(port=args.port)
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
