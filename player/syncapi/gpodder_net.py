"""The gpodder.net API v2 client (gpodder.net itself, mygpo, gpodder-fastapi-router, ...).

What the servers do, and what this client does about it:

* **Devices.** Subscriptions are kept per device, and a device can remove only the rows it
  added itself (gpodder-fastapi-router even within a "sync-devices" group; a group would also
  merge a sibling's feed into "already subscribed" so ours is never recorded). So this client
  does not link devices: :meth:`GpodderNetClient.login` registers this installation as a
  device, :meth:`~GpodderNetClient.subscriptions_since` reads every *other* device's changes,
  and the engine uploads what it took from them as this device's own. Each device then owns
  its list, and a removal anywhere reaches every device that syncs. Reading the user-wide list
  instead would not carry removals (a feed stays in it while any device has it) and has no
  ``since``. The cost is one request per device per sync.
* **Authentication.** Basic auth goes with every request (see :mod:`player.syncapi.http`):
  gpodder-fastapi-router never sends a challenge, gpodder.net also sets a session cookie on
  ``login.json``, which the session keeps.
* **Episode actions** are the account's, whatever the device. Long answers are capped by
  some servers, with ``timestamp`` the last action returned: :meth:`actions_since` asks again
  from there until an answer brings nothing new.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

from player.domain.episode_action import EpisodeAction, action_document, read_actions
from player.i18n import _
from player.syncapi.http import SyncHttp
from player.syncapi.model import (
    ActionsSince,
    SubscriptionChanges,
    SyncAccount,
    SyncError,
    UploadResult,
)

log = logging.getLogger(__name__)

MAX_UPLOAD = 500
"""Actions per upload: small enough that a slow server answers well inside the timeout, and
that an interrupted sync re-sends little."""
MAX_PAGES = 1000
"""A server that keeps answering "more" after this many pages is looping; stop there."""


def _urls(value: Any, what: str, label: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise SyncError(
            _("{label} sent a subscription list whose {what} is not a list of URLs.").format(
                label=label, what=what
            )
        )
    return tuple(u for u in value if u)


def _timestamp(data: Any, label: str) -> int:
    value = data.get("timestamp") if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SyncError(_("{label} sent an answer without a timestamp.").format(label=label))
    return int(value)


def update_urls(data: Any) -> dict[str, str]:
    """``update_urls`` (a list of ``[old, new]`` pairs) as a mapping; junk is ignored."""
    pairs = data.get("update_urls") if isinstance(data, dict) else None
    found: dict[str, str] = {}
    for pair in pairs if isinstance(pairs, list) else []:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            old, new = pair
            if isinstance(old, str) and isinstance(new, str) and old:
                found[old] = new
    return found


class GpodderNetClient:
    """One account on a gpodder.net-API server, as one device."""

    max_upload = MAX_UPLOAD

    def __init__(
        self,
        account: SyncAccount,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not account.device:
            raise SyncError(_("A gpodder.net account needs a device name for this computer."))
        self.account = account
        self.label = f"The sync server {account.server}"
        self._http = SyncHttp(
            account.server, account.username, password, label=self.label, transport=transport
        )
        self._user = quote(account.username, safe="")
        self._device = quote(account.device, safe="")

    # -- the account and device ----------------------------------------------------------

    def login(self) -> None:
        """Check the password (gpodder.net also sets a session cookie) and register this
        device, so other devices see it and its uploads are filed under it."""
        self._http.request_json("POST", f"/api/2/auth/{self._user}/login.json")
        self._http.request_json(
            "POST",
            f"/api/2/devices/{self._user}/{self._device}.json",
            body={"caption": f"Podcast Player on {self.account.device}", "type": "desktop"},
        )

    def other_devices(self) -> list[str]:
        """The account's device ids other than this one."""
        data = self._http.request_json("GET", f"/api/2/devices/{self._user}.json")
        if not isinstance(data, list):
            raise SyncError(_("{label} sent no device list.").format(label=self.label))
        ids = [d.get("id") for d in data if isinstance(d, dict)]
        return [i for i in ids if isinstance(i, str) and i and i != self.account.device]

    # -- subscriptions ---------------------------------------------------------------------

    def subscriptions_since(self, since: int) -> SubscriptionChanges:
        """Every other device's changes since ``since`` (see the module docstring).

        The answer's timestamp is the earliest of the devices' answers, so nothing one device
        recorded while another was being read falls between two syncs.
        """
        add: list[str] = []
        remove: list[str] = []
        stamps: list[int] = []
        for device in self.other_devices():
            data = self._http.request_json(
                "GET",
                f"/api/2/subscriptions/{self._user}/{quote(device, safe='')}.json",
                params={"since": since},
            )
            if not isinstance(data, dict):
                raise SyncError(_("{label} sent no subscription changes.").format(label=self.label))
            add += _urls(data.get("add", []), "add", self.label)
            remove += _urls(data.get("remove", []), "remove", self.label)
            stamps.append(_timestamp(data, self.label))
        timestamp = min(stamps) if stamps else since
        return SubscriptionChanges(
            add=tuple(dict.fromkeys(add)), remove=tuple(dict.fromkeys(remove)), timestamp=timestamp
        )

    def upload_subscriptions(self, add: Sequence[str], remove: Sequence[str]) -> UploadResult:
        data = self._http.request_json(
            "POST",
            f"/api/2/subscriptions/{self._user}/{self._device}.json",
            body={"add": list(add), "remove": list(remove)},
        )
        return UploadResult(timestamp=_timestamp(data, self.label), update_urls=update_urls(data))

    # -- episode actions -------------------------------------------------------------------

    def actions_since(self, since: int) -> ActionsSince:
        seen: set[tuple[str, str, float, float | None]] = set()
        actions: list[EpisodeAction] = []
        cursor = since
        for _page in range(MAX_PAGES):
            data = self._http.request_json(
                "GET", f"/api/2/episodes/{self._user}.json", params={"since": cursor}
            )
            items = data.get("actions") if isinstance(data, dict) else None
            if not isinstance(items, list):
                raise SyncError(_("{label} sent no episode actions.").format(label=self.label))
            page, skipped = read_actions(items)
            for reason in skipped:
                log.warning("sync: an action from the server was left out: %s", reason)
            fresh = 0
            for a in page:
                key = (a.episode, a.action, a.timestamp, a.position)
                if key not in seen:
                    seen.add(key)
                    actions.append(a)
                    fresh += 1
            timestamp = _timestamp(data, self.label)
            if not fresh or timestamp <= cursor:
                return ActionsSince(actions=tuple(actions), timestamp=max(timestamp, cursor))
            cursor = timestamp
        log.warning("sync: %s kept paging after %d pages; stopped", self.label, MAX_PAGES)
        return ActionsSince(actions=tuple(actions), timestamp=cursor)

    def upload_actions(self, actions: Sequence[EpisodeAction]) -> UploadResult:
        if len(actions) > self.max_upload:
            raise ValueError(f"at most {self.max_upload} actions per upload")
        data = self._http.request_json(
            "POST",
            f"/api/2/episodes/{self._user}.json",
            body=[action_document(a, self.account.device) for a in actions],
        )
        return UploadResult(timestamp=_timestamp(data, self.label), update_urls=update_urls(data))

    def close(self) -> None:
        self._http.close()
