"""Network failures in words a listener understands, for every place that shows one.

httpx reports a failed request as ``ConnectError('[Errno -2] Name or service not known')``:
the operating system's text, which says nothing to most people and differs between systems.
The cause is kept on the exception chain (our transport raises ``from`` the ``OSError``;
httpx's own transport wraps httpcore's exception, whose context is the ``OSError``), so the
chain is read instead of the text: a failed name lookup becomes "No such server (host)", a
refused connection "The server refused the connection", and so on. Feed refreshes (the error
stored on a feed and shown beside it), subscribing, OPML import, downloads and chapter
fetches all word their failures here, so one server problem reads the same everywhere.

The phrases are sentence fragments without a final full stop: callers add their own context
("...; the partial download is kept") and punctuation.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterator

import httpx

from player.i18n import _

_NO_SUCH_NAME = frozenset(
    getattr(socket, name)
    for name in ("EAI_NONAME", "EAI_NODATA", "EAI_FAIL", "EAI_ADDRFAMILY")
    if hasattr(socket, name)
)
_TRY_AGAIN = frozenset(getattr(socket, n) for n in ("EAI_AGAIN",) if hasattr(socket, n))

_STATUS_WORDS = {
    400: "bad request",
    401: "a user name and password are needed",
    402: "payment required",
    403: "access refused",
    404: "not found",
    405: "method not allowed",
    406: "not acceptable",
    407: "the proxy wants a password",
    408: "the server gave up waiting",
    410: "gone for good",
    413: "request too large",
    414: "address too long",
    416: "range not satisfiable",
    429: "too many requests, slow down",
    451: "unavailable for legal reasons",
    500: "server error",
    501: "not supported by the server",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}

# Certificate verification codes (OpenSSL's X509_V_ERR_*) that have a plainer sentence.
_CERT_EXPIRED = 10
_CERT_NAME_MISMATCH = frozenset({62, 64})  # host name, IP address


def describe_http_status(status: int) -> str:
    """``HTTP 404: not found``: the code (what people search for) and what it means."""
    words = _STATUS_WORDS.get(status)
    if words is None:
        if 500 <= status < 600:
            words = "server error"
        elif 400 <= status < 500:
            words = "the server refused the request"
        else:
            words = "an unexpected answer"
    return f"HTTP {status}: {words}"


def describe_network_error(exc: BaseException, host: str | None = None) -> str:
    """One plain sentence fragment for a failed request (see the module docstring).

    ``host`` names the server when the exception does not carry its request (it usually
    does); it only appears where it helps, as in "No such server (example.invalid)".
    """
    host = host or _request_host(exc)
    if isinstance(exc, httpx.HTTPStatusError):
        return describe_http_status(exc.response.status_code)
    for cause in _chain(exc):
        words = _describe_os_error(cause, host) if isinstance(cause, OSError) else None
        if words:
            return words
    return _describe_httpx(exc)


def _describe_os_error(exc: OSError, host: str | None) -> str | None:
    """The words for one operating-system error, or None to look further down the chain."""
    if isinstance(exc, socket.gaierror):
        if exc.errno in _TRY_AGAIN:
            if host:
                return _(
                    "The server's name ({host}) cannot be looked up right now (no network?)"
                ).format(host=host)
            return _("The server's name cannot be looked up right now (no network?)")
        if exc.errno in _NO_SUCH_NAME or exc.errno is None:
            return _("No such server ({host})").format(host=host) if host else _("No such server")
        if host:
            return _("The server's name ({host}) cannot be looked up").format(host=host)
        return _("The server's name cannot be looked up")
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = getattr(exc, "verify_code", None)
        if code == _CERT_EXPIRED:
            return _("The server's certificate has expired")
        if code in _CERT_NAME_MISMATCH:
            if host:
                return _("The server's certificate is for another name than {host}").format(
                    host=host
                )
            return _("The server's certificate is for another name than this one")
        return _("The server's certificate is not trusted")
    if isinstance(exc, ssl.SSLError):
        return _("The secure (TLS) connection to the server failed")
    if isinstance(exc, ConnectionRefusedError):
        return _("The server refused the connection")
    if isinstance(exc, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
        return _("The server closed the connection")
    if isinstance(exc, TimeoutError):
        return None  # httpx says whether connecting or reading timed out: let it word it
    code = exc.errno
    if code == errno.ENETUNREACH:
        return _("No network connection (the network is unreachable)")
    if code == errno.EHOSTUNREACH:
        if host:
            return _("The server ({host}) cannot be reached (no route to it)").format(host=host)
        return _("The server cannot be reached (no route to it)")
    if code == errno.ENETDOWN:
        return _("No network connection (the network is down)")
    return None


def _describe_httpx(exc: BaseException) -> str:
    """The words for an httpx exception whose cause said nothing more precise."""
    if isinstance(exc, httpx.ConnectTimeout):
        return _("The connection timed out")
    if isinstance(exc, httpx.TimeoutException):
        return _("The connection timed out (the server stopped answering)")
    if isinstance(exc, httpx.ProxyError):
        return _("The proxy server failed")
    if isinstance(exc, httpx.TooManyRedirects):
        return _("The server redirected too many times")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return _("The address is not a web address that can be fetched")
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc)
        if "peer closed" in text or "incomplete" in text or "Disconnected" in text:
            return _("The server closed the connection too early")
        return _("The server's answer was not valid HTTP")
    if isinstance(exc, httpx.ConnectError):
        return _("Cannot connect to the server")
    if isinstance(exc, httpx.NetworkError):
        return _("The connection to the server broke off")
    if isinstance(exc, TimeoutError):
        return _("The connection timed out")
    return _("Network problem ({kind})").format(kind=type(exc).__name__)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, then its causes and contexts, each once (chains can be cycles)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 16:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _request_host(exc: BaseException) -> str | None:
    """The host of the request an httpx exception belongs to, when it knows it."""
    if not isinstance(exc, httpx.RequestError | httpx.HTTPStatusError):
        return None
    try:
        return exc.request.url.host or None
    except RuntimeError:  # raised without a request attached
        return None
