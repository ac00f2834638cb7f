"""The :class:`LoopbackServer`, over TLS with a certificate from ``certs/``.

The certificates are self-signed for ``localhost`` (no public authority trusts them, which is
the point of the "not trusted" tests). ``localhost.pem`` is valid from 2000 to 2100 and
``expired.pem`` (same key) ended in 2001, so neither depends on this machine's clock. They
were made with ``openssl ca -selfsign -startdate ... -enddate ...`` from one key
(``localhost.key``) with ``subjectAltName = DNS:localhost``.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from tests.support.http_server import LoopbackServer

CERTS = Path(__file__).resolve().parent / "certs"
VALID = CERTS / "localhost.pem"
EXPIRED = CERTS / "expired.pem"


class TlsServer(LoopbackServer):
    """``with TlsServer(cert) as server:``; ``server.url(path)`` is an https URL."""

    scheme = "https"

    def __init__(self, cert: Path = VALID) -> None:
        super().__init__()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, CERTS / "localhost.key")
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)


def trusting(cert: Path) -> ssl.SSLContext:
    """A client context that trusts ``cert`` (and nothing else)."""
    return ssl.create_default_context(cafile=str(cert))
