"""Fixtures of the sync tests: the servers (real or written from their documentation)."""

from tests.support.nextcloud_server import nextcloud_server

__all__ = ["nextcloud_server"]
