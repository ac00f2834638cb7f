"""A download that cannot reach its server says why in words (the text the downloads view and
``download`` show), from real sockets on 127.0.0.1, a real TLS server and the local resolver."""

from __future__ import annotations

import socket

from player.domain.downloads import FailureKind
from tests.core.downloads.conftest import Library
from tests.support.http_server import Reply
from tests.support.tls_server import TlsServer


def test_unreachable_servers_are_named_in_words(library: Library) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/a.mp3"
    with TlsServer() as tls:
        untrusted = tls.route("/b.mp3", Reply(200, b"ID3"))
        ids = library.add_episodes(
            library.add_podcast(),
            [("Refused", closed), ("Nowhere", "http://example.invalid/c.mp3"), ("TLS", untrusted)],
        )
        log = library.download(ids, downloads__retries=0)
    ends = [log.final(episode_id) for episode_id in ids]
    assert [e.error for e in ends] == [
        "The server refused the connection.",
        "No such server (example.invalid).",
        "The server's certificate is not trusted.",
    ]
    assert {e.failure for e in ends} == {FailureKind.SERVER}
