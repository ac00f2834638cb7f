"""A lean HTTP/1.1 transport for httpx: feed refreshes and media downloads both use it.

httpx's default transport parses responses with h11, which copies every body byte about four
times in Python (into its receive buffer, out of it twice, into ``bytes``) while holding the
GIL. For three parallel 20 MB downloads that doubled the CPU time against curl and showed as a
1.6-2x slower benchmark on two cores; for a refresh of 200 feeds it was 40 % of the fetching
CPU (0.55 s against 0.30 s for 200 bodies of 300 KB, 0.26 s against 0.17 s for 200 answers
of 304). This transport keeps everything httpx's ``Client`` does (redirects, auth, headers,
timeouts, the exception types callers catch) and moves the bytes with the standard library's
``http.client``, whose ``read1`` hands over what one ``recv`` returned: one copy, as curl
does. Idle connections are kept per (scheme, host, port); ``http.client`` sets TCP_NODELAY.

The TLS context (loading the CA certificates costs about 50 ms) is made on the first https
connection, not with the transport: a refresh of plain-http feeds never pays for it.

Callers mount it only when no proxy is configured in the environment; httpx's own transport
handles proxies.
"""

from __future__ import annotations

import http.client
import ssl
import threading
from collections import defaultdict
from collections.abc import Iterator

import httpx

_Key = tuple[str, str, int]
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})


class PooledHTTPTransport(httpx.BaseTransport):
    """HTTP/1.1 over ``http.client`` with a keep-alive pool (see the module docstring)."""

    def __init__(
        self,
        max_idle_per_host: int = 4,
        ssl_context: ssl.SSLContext | None = None,
        read_size: int = 1024 * 1024,
    ) -> None:
        self._ssl = ssl_context
        self._max_idle = max_idle_per_host
        self._read_size = read_size
        self._idle: dict[_Key, list[http.client.HTTPConnection]] = defaultdict(list)
        self._lock = threading.Lock()

    # -- the pool ------------------------------------------------------------------------

    def _checkout(self, key: _Key) -> tuple[http.client.HTTPConnection, bool]:
        """An idle connection (reused=True) or a new, not yet connected one."""
        with self._lock:
            if self._idle[key]:
                return self._idle[key].pop(), True
        scheme, host, port = key
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, context=self._tls()), False
        return http.client.HTTPConnection(host, port), False

    def _tls(self) -> ssl.SSLContext:
        """The TLS context, made on first use (see the module docstring)."""
        with self._lock:
            if self._ssl is None:
                self._ssl = httpx.create_ssl_context()
            return self._ssl

    def checkin(self, key: _Key, conn: http.client.HTTPConnection) -> None:
        """Give back a connection whose response was read to the end."""
        with self._lock:
            if len(self._idle[key]) < self._max_idle:
                self._idle[key].append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, defaultdict(list)
        for conns in idle.values():
            for conn in conns:
                conn.close()

    # -- one request ---------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` and return a response whose body streams from the socket."""
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"Request URL has an unsupported protocol '{scheme}'.")
        key = (scheme, url.host, url.port or (443 if scheme == "https" else 80))
        timeouts = request.extensions.get("timeout", {})
        body = request.read() or None
        for attempt in (1, 2):
            conn, reused = self._checkout(key)
            try:
                response = self._exchange(conn, request, body, timeouts)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                conn.close()
                if reused and attempt == 1 and request.method in _IDEMPOTENT:
                    continue  # the server had closed the idle connection: one fresh try
                raise httpx.RemoteProtocolError(str(exc) or type(exc).__name__) from exc
            except BaseException:
                conn.close()
                raise
            return httpx.Response(
                response.status,
                headers=[
                    (k.encode("latin-1"), v.encode("latin-1")) for k, v in response.getheaders()
                ],
                stream=_BodyStream(self, key, conn, response, self._read_size),
                extensions={
                    "http_version": b"HTTP/1.1",
                    "reason_phrase": response.reason.encode("latin-1", "replace"),
                },
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _exchange(
        self,
        conn: http.client.HTTPConnection,
        request: httpx.Request,
        body: bytes | None,
        timeouts: dict[str, float | None],
    ) -> http.client.HTTPResponse:
        if conn.sock is None:
            conn.timeout = timeouts.get("connect")
            try:
                conn.connect()
            except TimeoutError as exc:
                raise httpx.ConnectTimeout(str(exc) or "connect timed out") from exc
            except OSError as exc:
                raise httpx.ConnectError(str(exc)) from exc
        assert conn.sock is not None
        conn.sock.settimeout(timeouts.get("read"))
        try:
            conn.putrequest(
                request.method,
                request.url.raw_path.decode("ascii"),
                skip_host=True,
                skip_accept_encoding=True,
            )
            for name, value in request.headers.raw:
                conn.putheader(name, value)
            conn.endheaders(body)
            return conn.getresponse()
        except TimeoutError as exc:
            raise httpx.ReadTimeout(str(exc) or "read timed out") from exc
        except http.client.RemoteDisconnected:
            raise
        except http.client.HTTPException as exc:
            raise httpx.RemoteProtocolError(f"{type(exc).__name__}: {exc}") from exc


class _BodyStream(httpx.SyncByteStream):
    """The response body, read with one ``recv`` per chunk; returns the connection to the pool
    only when the body was read to the end and the server keeps the connection open."""

    def __init__(
        self,
        transport: PooledHTTPTransport,
        key: _Key,
        conn: http.client.HTTPConnection,
        response: http.client.HTTPResponse,
        read_size: int,
    ) -> None:
        self._transport = transport
        self._key = key
        self._conn = conn
        self._response = response
        self._read_size = read_size
        self._complete = False
        self._closed = False

    def __iter__(self) -> Iterator[bytes]:
        response = self._response
        try:
            while chunk := response.read1(self._read_size):
                yield chunk
        except TimeoutError as exc:
            raise httpx.ReadTimeout(str(exc) or "read timed out") from exc
        except http.client.IncompleteRead as exc:
            raise httpx.RemoteProtocolError(f"incomplete chunked body: {exc}") from exc
        except OSError as exc:
            raise httpx.ReadError(str(exc)) from exc
        if response.length:  # Content-Length said more than the server sent
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body "
                f"({response.length} bytes missing)"
            )
        self._complete = True

    def close(self) -> None:
        """Reuse the connection if the exchange ended cleanly; otherwise close it."""
        if self._closed:
            return
        self._closed = True
        reusable = self._complete and not self._response.will_close
        self._response.close()
        if reusable:
            self._transport.checkin(self._key, self._conn)
        else:
            self._conn.close()
