"""What every sync client offers the engine, whatever the server's dialect.

The engine (``player.services.account_sync``) talks to a :class:`SyncClient` only; a client
turns the calls into its server's requests and its quirks into these plain values. Times are
the *server's* timestamps (integers, seconds), kept by the engine for the next ``since``: the
client never reads the local clock to decide what is new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from player.domain.episode_action import EpisodeAction
from player.domain.errors import PlayerError

GPODDER = "gpodder"
"""gpodder.net API v2 and the servers that speak it (mygpo, gpodder-fastapi-router, ...)."""
NEXTCLOUD = "nextcloud"
"""The Nextcloud gPodder Sync app (``/index.php/apps/gpoddersync/...``)."""
KINDS = (GPODDER, NEXTCLOUD)


class SyncError(PlayerError):
    """The server could not be reached or gave an answer we cannot use; one readable sentence.

    Raised for a request that may be retried later: nothing has been marked sent.
    """


class SyncAuthError(SyncError):
    """The server refused the user name or password (HTTP 401/403)."""


@dataclass(frozen=True, slots=True)
class SyncAccount:
    """Where and who: everything about an account except its password (which is in the keyring).

    ``server`` is the base URL the listener typed (``https://gpodder.net``,
    ``https://cloud.example.org``); ``device`` is this installation's device id on a
    gpodder.net server (Nextcloud has no devices and ignores it).
    """

    kind: str
    server: str
    username: str
    device: str = ""


@dataclass(frozen=True, slots=True)
class SubscriptionChanges:
    """Feeds added and removed on the server since a timestamp, and the server's time now."""

    add: tuple[str, ...]
    remove: tuple[str, ...]
    timestamp: int


@dataclass(frozen=True, slots=True)
class UploadResult:
    """The server's answer to an upload: its time, and feed URLs it rewrote (old -> new).

    gpodder.net answers ``update_urls`` when it normalised or sanitised a URL we sent; the
    engine rewrites the local feed so the next sync does not upload it again as new.
    """

    timestamp: int
    update_urls: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ActionsSince:
    """Every episode action the server has after a timestamp (all pages), and its time now."""

    actions: tuple[EpisodeAction, ...]
    timestamp: int


class SyncClient(Protocol):
    """One account on one server. Methods raise :class:`SyncError` / :class:`SyncAuthError`."""

    account: SyncAccount
    max_upload: int
    """The most actions one upload request may carry."""

    def login(self) -> None:
        """Check the credentials (and, on gpodder.net, register this device)."""

    def subscriptions_since(self, since: int) -> SubscriptionChanges:
        """Feed URLs added and removed by the listener's *other* devices since ``since``.

        ``since=0`` is the whole list. A client whose server keeps lists per device says in its
        docstring how it reads the other devices' changes.
        """

    def upload_subscriptions(self, add: Sequence[str], remove: Sequence[str]) -> UploadResult:
        """Send this device's added and removed feeds."""

    def actions_since(self, since: int) -> ActionsSince:
        """Every episode action after ``since`` (paging through capped answers), oldest first."""

    def upload_actions(self, actions: Sequence[EpisodeAction]) -> UploadResult:
        """Send these actions in *one* request (at most :attr:`max_upload` of them).

        The engine splits the outbox into batches and marks each batch sent only after its
        answer, so a failure half-way through a long outbox re-sends only what was not
        acknowledged.
        """

    def close(self) -> None:
        """Close the connections."""
