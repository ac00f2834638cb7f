"""A real HTTP server on 127.0.0.1 for tests: serves given bodies with ETags, counts requests."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Served:
    """What the server holds and what it saw."""

    base: str
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base + path


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


@contextmanager
def serve() -> Iterator[Served]:
    """Run a server until the block ends. Unknown paths answer 404."""
    served = Served(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.hits[self.path] += 1
            if self.path not in served.files:
                self.send_error(404)
                return
            body, content_type = served.files[self.path]
            tag = _etag(body)
            if self.headers.get("If-None-Match") == tag:
                served.not_modified[self.path] += 1
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", tag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url(path: str = "/episode.mp3") -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just freed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"
