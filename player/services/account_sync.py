"""Sync with the listener's gpodder.net or Nextcloud account: subscriptions and listening state.

One sync is four steps, each committed before the next starts, so an interruption anywhere
(network, server restart, the app closing) loses nothing and repeats little:

1. **The server's subscription changes** since the last sync are applied: feeds removed on
   another device are unsubscribed here, feeds added there are subscribed and fetched (a feed
   that fails to fetch stays subscribed with its error shown, like any broken feed). When one
   answer both removes feeds we have and adds new ones, the removed ones are refreshed first: a
   feed that moved (301) on another device then moves here too, keeping its history, instead
   of being removed and added afresh.
2. **Our subscription changes** are the difference between the library and the list the server
   is known to hold (``sync_subscriptions``), uploaded in one request; URLs the server rewrote
   (``update_urls``) rewrite the local feed.
3. **Our episode actions** wait in the outbox the store's triggers fill as things happen (see
   ``V8_ACCOUNT_SYNC``). They go oldest first, in batches the client accepts; each batch is
   removed from the outbox only after the server acknowledged it, so a failure re-sends only
   what was not acknowledged.
4. **The server's episode actions** since the last sync (and a window before it: see
   :data:`REREAD_SECONDS`) are merged by the episode-action import:
   the newest action per episode wins, and a position is never moved backwards by an action
   older than what this library last did with the episode. The merge runs with the outbox
   triggers quiet, so nothing echoes back.

The server's timestamps are kept for the next ``since``; the local clock decides nothing.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from player.domain.errors import PlayerError
from player.feeds.opml import OpmlFeed
from player.i18n import _
from player.services.episode_actions import EpisodeActionsService
from player.services.feed_passwords import FeedPasswords
from player.services.opml_import import Refresh, add_feeds
from player.services.refresh_summary import SyncSummary
from player.services.up_next import SettingsLike
from player.storage import PodcastRepo, Store
from player.storage.podcasts import set_podcast_fields
from player.storage.sync_state import AccountRow, SyncStateRepo
from player.syncapi.model import (
    KINDS,
    NEXTCLOUD,
    SyncAccount,
    SyncAuthError,
    SyncClient,
    SyncError,
    UploadResult,
)

log = logging.getLogger(__name__)

REREAD_SECONDS = 7 * 24 * 3600
"""How far before the last ``since`` episode actions are asked for again.

Servers differ in what ``since`` compares: gpodder-fastapi-router (and, for actions, others)
compares the *action's* timestamp, so an action another device made offline and uploaded
later carries a time before our last ``since`` and would never be returned. Asking again
for the past week catches those; what was seen already is recognised (``sync_seen``) and
neither merged nor counted twice. A device offline for longer than this with the account
on such a server can still have its oldest actions missed.
"""

ClientFactory = Callable[[SyncAccount, str], SyncClient]
"""``(account, password) -> client``: the real clients by default, another server in tests."""


class SyncPasswords(Protocol):
    """Where the account's password is kept (the keyring; see ``services.credentials``)."""

    def sync_password(self, account: SyncAccount) -> str | None: ...

    def set_sync_password(self, account: SyncAccount, password: str) -> None: ...

    def clear_sync_password(self, account: SyncAccount) -> None: ...


class Feeds(Protocol):
    """What the engine needs of the feed service: fetching feeds it adds or checks."""

    def refresh(
        self,
        podcast_ids: list[int] | None = None,
        progress: Any = None,
        cancel: threading.Event | None = None,
    ) -> SyncSummary: ...

    @property
    def passwords(self) -> FeedPasswords:
        """Feed passwords: a feed the server renames keeps its password."""
        ...


def default_client(account: SyncAccount, password: str) -> SyncClient:
    """The client for the account's kind of server."""
    if account.kind == NEXTCLOUD:
        from player.syncapi.nextcloud import NextcloudClient

        return NextcloudClient(account, password)
    from player.syncapi.gpodder_net import GpodderNetClient

    return GpodderNetClient(account, password)


def default_device() -> str:
    """This installation's device id on a gpodder.net server: stable, readable, and made of
    the characters the API allows in a URL path segment."""
    host = re.sub(r"[^a-z0-9_-]+", "-", socket.gethostname().lower()).strip("-") or "desktop"
    return f"podcast-player-{host}"[:64]


@dataclass(slots=True)
class SyncReport:
    """What one sync did (the fields of ``podcast-player sync --json``)."""

    uploaded: int = 0
    downloaded: int = 0
    subscriptions_added: int = 0
    subscriptions_removed: int = 0
    positions_updated: int = 0
    errors: list[str] = field(default_factory=list)
    complete: bool = True
    """False when the sync stopped early (no server, refused password); partial steps stay."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """The account as Settings and ``sync-status`` show it (never the password)."""

    logged_in: bool
    kind: str = ""
    server: str = ""
    username: str = ""
    device: str = ""
    last_sync: float | None = None
    last_error: str | None = None
    pending_actions: int = 0
    uploaded_total: int = 0
    downloaded_total: int = 0
    password_stored: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _account(row: AccountRow | SyncStatus) -> SyncAccount:
    return SyncAccount(kind=row.kind, server=row.server, username=row.username, device=row.device)


def account_of(status: SyncStatus) -> SyncAccount:
    """The account a status describes (to ask for its password)."""
    return _account(status)


class AccountSyncService:
    """The sync engine (no Qt): log in, sync, report; safe to call from a worker thread."""

    def __init__(
        self,
        store: Store,
        feeds: Feeds,
        passwords: SyncPasswords,
        settings: SettingsLike | None = None,
        client_factory: ClientFactory = default_client,
    ) -> None:
        self.store = store
        self.feeds = feeds
        self.passwords = passwords
        self.repo = SyncStateRepo(store)
        self.podcasts = PodcastRepo(store)
        self.actions = EpisodeActionsService(store, settings)
        self.client_factory = client_factory
        self._lock = threading.Lock()  # one sync at a time (the timer and "Sync now")

    # -- the account -----------------------------------------------------------------------

    def login(
        self, kind: str, server: str, username: str, password: str, device: str = ""
    ) -> SyncStatus:
        """Check the credentials with the server, then remember the account and its password.

        Nothing is stored when the server refuses (:class:`SyncAuthError`) or cannot be
        reached (:class:`SyncError`).
        """
        if kind not in KINDS:
            raise PlayerError(
                _("Unknown kind of sync server {kind!r} (use one of {KINDS}).").format(
                    kind=kind, KINDS=KINDS
                )
            )
        server = server.strip().rstrip("/")
        if "://" not in server:
            server = "https://" + server
        if not username.strip():
            raise PlayerError(_("A sync account needs a user name."))
        account = SyncAccount(
            kind=kind,
            server=server,
            username=username.strip(),
            device="" if kind == NEXTCLOUD else (device.strip() or default_device()),
        )
        client = self.client_factory(account, password)
        try:
            client.login()
        finally:
            client.close()
        old = self.repo.account()
        if old is not None:
            self.passwords.clear_sync_password(_account(old))
        self.passwords.set_sync_password(account, password)
        self.repo.set_account(account.kind, account.server, account.username, account.device)
        log.info("sync: logged in to %s as %s (%s)", account.server, account.username, kind)
        return self.status()

    def logout(self) -> bool:
        """Forget the account, its password and its unsent actions; False when there was none."""
        row = self.repo.account()
        if row is None:
            return False
        self.passwords.clear_sync_password(_account(row))
        self.repo.delete_account()
        log.info("sync: logged out of %s", row.server)
        return True

    def status(self) -> SyncStatus:
        row = self.repo.account()
        if row is None:
            return SyncStatus(logged_in=False)
        return SyncStatus(
            logged_in=True,
            kind=row.kind,
            server=row.server,
            username=row.username,
            device=row.device,
            last_sync=row.last_sync,
            last_error=row.last_error,
            pending_actions=self.repo.pending_count(),
            uploaded_total=row.uploaded,
            downloaded_total=row.downloaded,
            password_stored=self.passwords.sync_password(_account(row)) is not None,
        )

    # -- one sync --------------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """Run the four steps (module docstring); errors are in the report, never raised,
        except :class:`SyncError` when there is no account to sync with."""
        row = self.repo.account()
        if row is None:
            raise SyncError(_("No sync account: log in first (podcast-player sync-login)."))
        account = _account(row)
        report = SyncReport()
        with self._lock:
            password = self.passwords.sync_password(account)
            if password is None:
                report.complete = False
                report.errors.append(
                    _("The password for {user} on {server} is not available: log in again.").format(
                        user=account.username, server=account.server
                    )
                )
                self.repo.record_error(report.errors[-1])
                return report
            client = self.client_factory(account, password)
            try:
                self._download_subscriptions(client, row, report)
                self._upload_subscriptions(client, report)
                self._upload_actions(client, report)
                self._download_actions(client, row, report)
            except SyncError as exc:
                report.complete = False
                report.errors.append(str(exc))
                self.repo.record_error(str(exc))
                log.warning("sync: stopped: %s", exc)
            else:
                self.repo.record_success()
            finally:
                client.close()
        log.info(
            "sync: %d up, %d down, +%d -%d feeds, %d positions, %d errors",
            report.uploaded,
            report.downloaded,
            report.subscriptions_added,
            report.subscriptions_removed,
            report.positions_updated,
            len(report.errors),
        )
        return report

    def _download_subscriptions(
        self, client: SyncClient, row: AccountRow, report: SyncReport
    ) -> None:
        since = max(0, row.subscriptions_since - 1) if row.subscriptions_since else 0
        changes = client.subscriptions_since(since)  # -1: the server's clock has whole seconds
        seen = self.repo.seen_subscription_changes(since)
        added = [u for u in dict.fromkeys(changes.add) if u not in changes.remove]
        removed = [u for u in dict.fromkeys(changes.remove) if u not in changes.add]
        fresh_add = [u for u in added if ("add", u) not in seen]
        fresh_remove = [u for u in removed if ("remove", u) not in seen]
        local, known = self.repo.local_feeds(), self.repo.known_feeds()
        # The first answer (since 0) may list feeds some device dropped years ago; only what
        # changes after we joined removes anything here.
        first = row.subscriptions_since == 0
        # A change made here and not uploaded yet is newer than what the answer says of that
        # feed, which is often our own last upload coming back (Nextcloud answers a user's
        # own changes): a feed unsubscribed here since is not added back, one subscribed here
        # since is not removed. Step 2 then tells the server.
        unsubscribed_here, subscribed_here = known - local, local - known
        leaving = (
            [] if first else [u for u in fresh_remove if u in local and u not in subscribed_here]
        )
        arriving = [u for u in fresh_add if u not in local and u not in unsubscribed_here]
        if leaving and arriving:  # perhaps moved (301) rather than dropped: look first
            ids = list(self.podcasts.find_by_urls(leaving).values())
            self.feeds.refresh(ids)
            local = self.repo.local_feeds()
            leaving = [u for u in leaving if u in local]
            arriving = [u for u in arriving if u not in local]
        with self.repo.applying_remote() as conn:
            gone = self.podcasts.find_by_urls(leaving)
            for podcast_id in gone.values():
                self.podcasts.delete(podcast_id)
            # Not noted as known: step 2 uploads what we took as this device's own changes
            # (a server that keeps lists per device lets a device remove only its own rows).
            self.repo.note_subscription_changes(conn, added, removed, changes.timestamp)
            self.repo.set_since(conn, subscriptions=changes.timestamp)
        report.subscriptions_removed += len(gone)
        if arriving:
            refresh: Refresh = lambda ids, track, stop: self.feeds.refresh(ids, track, stop)  # noqa: E731
            result = add_feeds(self.store, refresh, [OpmlFeed(u, "", "", "") for u in arriving])
            report.subscriptions_added += result.added
            report.errors.extend(f"{url}: {error}" for url, error in result.failures)
            report.errors.extend(f"{url}: {error}" for url, error in result.skipped)

    def _upload_subscriptions(self, client: SyncClient, report: SyncReport) -> None:
        local, known = self.repo.local_feeds(), self.repo.known_feeds()
        add, remove = sorted(local - known), sorted(known - local)
        if not add and not remove:
            return
        result = client.upload_subscriptions(add, remove)
        with self.store.write() as conn:
            self.repo.note_known(conn, add=add, remove=remove)
        self._apply_update_urls(result)

    def _apply_update_urls(self, result: UploadResult) -> None:
        """Rewrite local feeds whose URL the server changed (unless the new one is subscribed
        already, where the old one simply stays: merging two podcasts is the listener's call)."""
        if not result.update_urls:
            return
        renamed: list[tuple[str, str]] = []
        with self.repo.applying_remote() as conn:
            for old, new in result.update_urls.items():
                if not new or new == old:
                    continue
                found = self.podcasts.find_by_urls([old, new])
                if old in found and new not in found:
                    set_podcast_fields(conn, found[old], {"url": new})
                    self.repo.note_known(conn, add=[new], remove=[old])
                    renamed.append((old, new))
                    log.info("sync: the server renamed a feed: %s -> %s", old, new)
        for old, new in renamed:  # once the rename is committed: its password follows
            self.feeds.passwords.moved(old, new)

    def _upload_actions(self, client: SyncClient, report: SyncReport) -> None:
        batch_size = max(1, client.max_upload)
        rounds = self.repo.pending_count() // batch_size + 2  # spans growing meanwhile: bounded
        for _round in range(rounds):
            batch = self.repo.outbox(batch_size)
            if not batch:
                return
            result = client.upload_actions([e.action for e in batch])
            self.repo.mark_sent(batch)
            report.uploaded += len(batch)
            self._apply_update_urls(result)

    def _download_actions(self, client: SyncClient, row: AccountRow, report: SyncReport) -> None:
        since = max(0, row.actions_since - REREAD_SECONDS) if row.actions_since else 0
        got = client.actions_since(since)
        fresh = self.repo.unseen(got.actions)
        with self.repo.applying_remote() as conn:
            result = self.actions.import_actions(fresh)
            self.repo.note_seen(conn, fresh)
            self.repo.forget_seen_before(conn, since - REREAD_SECONDS)
            self.repo.set_since(conn, actions=got.timestamp)
            self.repo.count_downloaded(conn, len(fresh))
        report.downloaded += len(fresh)
        report.positions_updated += result.positions_set + result.marked_played + result.marked_new


__all__ = [
    "AccountSyncService",
    "SyncAuthError",
    "SyncError",
    "SyncPasswords",
    "SyncReport",
    "SyncStatus",
    "default_device",
]
