"""One readable sentence for every way a directory can fail (``directory/http.py``)."""

from __future__ import annotations

import httpx
import pytest

from player.directory.fyyd import FyydProvider
from player.directory.gpodder import GpodderProvider
from player.directory.model import DirectoryError
from tests.support.http_server import LoopbackServer, Reply, closed_port_url


def _fyyd_error(reply: Reply | None, url: str | None = None, timeout: float = 5.0) -> str:
    with LoopbackServer() as server, httpx.Client() as client:
        if reply is not None:
            server.route("/0.2/search/podcast", reply)
        provider = FyydProvider(url or server.base_url, timeout=timeout)
        with pytest.raises(DirectoryError) as caught:
            provider.search(client, "x", 5)
    return str(caught.value)


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PODCAST_PLAYER_FYYD_URL", raising=False)
    monkeypatch.delenv("PODCAST_PLAYER_GPODDER_URL", raising=False)


def test_server_errors() -> None:
    assert _fyyd_error(Reply(503, b"<html>down</html>")) == (
        "fyyd is having trouble: the server answered 503."
    )
    assert _fyyd_error(Reply(500, b"")) == "fyyd is having trouble: the server answered 500."


def test_plain_string_401_and_json_400() -> None:
    assert (
        _fyyd_error(Reply(401, b"Invalid key"))
        == "fyyd refused the credentials (401: Invalid key)."
    )
    body = b'{"status": 0, "msg": "term too short"}'
    assert _fyyd_error(Reply(400, body)) == "fyyd rejected the request (400: term too short)."


def test_invalid_json() -> None:
    reply = Reply(200, b"<html>maintenance</html>", {"Content-Type": "text/html"})
    assert _fyyd_error(reply) == "fyyd sent an answer that is not valid JSON."


def test_timeout() -> None:
    slow = Reply(200, chunks=iter([b"{", b"}"]), delay=2.0)
    assert _fyyd_error(slow, timeout=0.3) == "fyyd did not answer within 0.3 s."


def test_connection_refused() -> None:
    message = _fyyd_error(None, url=closed_port_url(""))
    assert message == "fyyd cannot be reached (connection refused)."


def test_wrong_shape_is_an_error_not_a_crash() -> None:
    with LoopbackServer() as server, httpx.Client() as client:
        server.route("/search.json", Reply(200, b'{"not": "a list"}'))
        with pytest.raises(DirectoryError, match="not a list of podcasts"):
            GpodderProvider(server.base_url).search(client, "x", 5)


def test_an_endless_answer_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from player.directory import http

    monkeypatch.setattr(http, "MAX_BODY_BYTES", 64 * 1024)
    from tests.support.http_server import endless

    message = _fyyd_error(Reply(200, chunks=endless(b"x" * 8192)))
    assert message == "fyyd sent an answer too large to be a directory's."
