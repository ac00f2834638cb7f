"""The Nextcloud gPodder Sync app (``{server}/index.php/apps/gpoddersync/...``) as a SyncClient.

The app (github.com/thrillfall/nextcloud-gpodder) copies a part of the gpodder.net API with
quirks of its own, which this client absorbs so the engine sees what a gpodder.net server gives:

- **No devices.** One list of subscriptions and one set of episode actions per user; there is
  nothing to register, so :meth:`NextcloudClient.login` only checks the credentials (Basic
  auth with the account's app password, see :mod:`player.syncapi.login_flow`).
- **Timestamps without a zone suffix.** Older versions of the app parse an action's
  timestamp with a fixed format and answer HTTP 500 to ``...Z`` or ``+00:00``; the domain's
  :func:`~player.domain.episode_action.action_document` writes plain UTC, which every version
  reads.
- **Upper-case actions and ``+00:00`` times** in answers (``"PLAY"``,
  ``"2026-12-07T10:00:00+00:00"``), and ``-1`` for a missing start/position/total:
  :func:`~player.domain.episode_action.parse_actions` is lenient about all three.
- **Only the latest action per episode** (by enclosure URL or guid) is kept: an upload
  overwrites what the server had, whatever the timestamps say. Two listening spans of one
  episode uploaded together reach the other devices as the last one only.
- **``since`` of episode actions is compared with the actions' own timestamps**, not with the
  time the server received them (``timestamp_epoch > since`` in the app's mapper). An action
  uploaded late (a device that was offline, or that synced a second after another device
  asked) carries a timestamp older than that device's ``since`` and would never reach it; the
  engine asks for a window before its ``since`` (``account_sync.REREAD_SECONDS``) and skips
  what it has seen.
- **``since`` of subscriptions is compared with whole seconds** (``updated > since``): the
  engine asks from one second earlier and skips the changes it has applied already.
- **No ``update_urls``**: the app stores feed URLs as sent, so uploads rewrite nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from player.domain.episode_action import EpisodeAction, action_document, read_actions
from player.i18n import _
from player.syncapi.http import SyncHttp
from player.syncapi.model import (
    ActionsSince,
    SubscriptionChanges,
    SyncAccount,
    SyncAuthError,
    SyncError,
    UploadResult,
)

log = logging.getLogger(__name__)

API = "/index.php/apps/gpoddersync"
"""The app's routes under ``index.php``, which works whether or not the server has pretty URLs."""

MAX_UPLOAD = 500
"""Actions per upload. The app saves them one by one (an INSERT, and on a conflict a lookup and
an UPDATE, each a database round trip) inside a single PHP request, and Nextcloud on a small
home server runs with PHP's 30-60 s execution limit and a proxy's body limit in front of it:
500 actions are about 150 kB and a few seconds of work there, and a long outbox still goes in a
handful of requests, each acknowledged (and removed from the outbox) on its own."""


class NextcloudClient:
    """One Nextcloud user's gPodder Sync data. The account's ``device`` is ignored."""

    max_upload = MAX_UPLOAD

    def __init__(
        self,
        account: SyncAccount,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.account = account
        host = urlsplit(account.server).hostname or account.server
        self._http = SyncHttp(
            account.server,
            account.username,
            password,
            label=f"The Nextcloud server {host}",
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"NextcloudClient({self.account.server!r}, {self.account.username!r})"

    # -- the account ------------------------------------------------------------------------

    def login(self) -> None:
        """Check the user name and app password with the cheapest request there is: the
        subscription changes since now (an empty answer). Nextcloud has no devices to register.

        A 404 means Nextcloud is there but the gPodder Sync app is not (or not enabled).
        """
        try:
            data = self._http.request_json(
                "GET", f"{API}/subscriptions", params={"since": int(time.time())}
            )
        except SyncAuthError:
            raise
        except SyncError as exc:
            if "HTTP 404" in str(exc):
                raise SyncError(
                    _(
                        "{label} has no gPodder Sync app: ask its administrator to install and "
                        "enable “gPodder Sync” from the Nextcloud app store."
                    ).format(label=self._http.label)
                ) from None
            raise
        self._subscription_answer(data, "subscriptions")

    # -- subscriptions ----------------------------------------------------------------------

    def subscriptions_since(self, since: int) -> SubscriptionChanges:
        """The user's feeds added and removed since ``since`` (all devices: the app keeps one
        list per user, so our own uploads come back too, which the engine expects)."""
        data = self._http.request_json("GET", f"{API}/subscriptions", params={"since": since})
        return self._subscription_answer(data, "subscriptions")

    def upload_subscriptions(self, add: Sequence[str], remove: Sequence[str]) -> UploadResult:
        """Send the changes. The app answers its time (its README promises nothing, so no
        answer is accepted too)."""
        data = self._http.request_json(
            "POST",
            f"{API}/subscription_change/create",
            body={"add": list(add), "remove": list(remove)},
        )
        return UploadResult(timestamp=self._timestamp(data, "subscription_change/create", 0))

    # -- episode actions --------------------------------------------------------------------

    def actions_since(self, since: int) -> ActionsSince:
        """Every action whose timestamp is after ``since``, oldest first (the app answers them
        all at once: there are no pages)."""
        data = self._http.request_json("GET", f"{API}/episode_action", params={"since": since})
        if not isinstance(data, dict) or not isinstance(data.get("actions"), list):
            raise self._bad_answer("episode_action")
        actions, skipped = read_actions(data["actions"])
        for reason in skipped:
            log.warning("sync: an action from the server was left out: %s", reason)
        return ActionsSince(tuple(actions), self._timestamp(data, "episode_action"))

    def upload_actions(self, actions: Sequence[EpisodeAction]) -> UploadResult:
        """Send the actions in one request, timestamps without a zone suffix (module docstring)."""
        if not actions:
            return UploadResult(timestamp=0)
        if len(actions) > self.max_upload:
            raise ValueError(f"{len(actions)} actions in one upload (at most {self.max_upload})")
        data = self._http.request_json(
            "POST", f"{API}/episode_action/create", body=[action_document(a) for a in actions]
        )
        return UploadResult(timestamp=self._timestamp(data, "episode_action/create", 0))

    def close(self) -> None:
        self._http.close()

    # -- answers ----------------------------------------------------------------------------

    def _subscription_answer(self, data: Any, path: str) -> SubscriptionChanges:
        if not isinstance(data, dict):
            raise self._bad_answer(path)
        add, remove = data.get("add", []), data.get("remove", [])
        if not _urls(add) or not _urls(remove):
            raise self._bad_answer(path)
        return SubscriptionChanges(tuple(add), tuple(remove), self._timestamp(data, path))

    def _timestamp(self, data: Any, path: str, default: int | None = None) -> int:
        value = data.get("timestamp") if isinstance(data, dict) else None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if default is not None and (data is None or isinstance(data, dict | list)):
            return default  # an upload answered without a time: nothing depends on it
        raise self._bad_answer(path)

    def _bad_answer(self, path: str) -> SyncError:
        return SyncError(
            _(
                "{label} sent an answer to {path} that is not gPodder Sync's (is the address "
                "that of the Nextcloud server?)."
            ).format(label=self._http.label, path=path)
        )


def _urls(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(u, str) for u in value)
