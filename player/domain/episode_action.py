"""Episode actions, the gpodder.net wire format for listening state, shared by files and servers.

The format (gPodder, AntennaPod, Kasts, Nextcloud gPodder Sync) is a JSON list of
``{podcast, episode, guid, action, timestamp, started, position, total}``; ``episode`` is the
enclosure URL, positions are whole seconds, ``timestamp`` is UTC ISO 8601 and, as those clients
send it, the moment the listening span *ended*. Servers answer with variations (Nextcloud sends
upper-case actions and ``+00:00`` offsets; AntennaPod sends ``-1`` for an unknown position):
reading is lenient about those, writing produces what every server accepts (lower-case actions,
no zone suffix, which older Nextcloud versions need).

It lives in the domain because both the file import/export (``services.episode_actions``) and
the sync clients (``syncapi``) speak it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from player.domain.errors import PlayerError
from player.i18n import _

KNOWN_ACTIONS = frozenset({"play", "download", "delete", "new"})


class ActionsFormatError(PlayerError):
    """The file is not gpodder.net episode actions."""


@dataclass(frozen=True, slots=True)
class EpisodeAction:
    """One episode action, with the timestamp as POSIX seconds."""

    podcast: str
    episode: str
    action: str
    timestamp: float
    guid: str = ""
    started: float | None = None
    position: float | None = None
    total: float | None = None
    rate: float = 1.0


def _timestamp(value: object, where: str) -> float:
    if isinstance(value, bool) or value is None:
        raise ActionsFormatError(_("{where} has no valid timestamp.").format(where=where))
    if isinstance(value, int | float):
        return float(value)
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise ActionsFormatError(
            _("{where} has a timestamp that is not ISO 8601: {value!r}.").format(
                where=where, value=value
            )
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)  # the format's timestamps are UTC
    return parsed.timestamp()


def _seconds(value: object, name: str, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ActionsFormatError(
            _("{where} has a {name} that is not a number of seconds.").format(
                where=where, name=name
            )
        )
    if value < 0:
        return None  # AntennaPod sends -1 for "unknown"
    return float(value)


def _action(raw: object, index: int) -> EpisodeAction:
    where = f"Action {index + 1}"
    if not isinstance(raw, dict):
        raise ActionsFormatError(_("{where} is not a JSON object.").format(where=where))
    kind = str(raw.get("action", "")).lower()
    if kind not in KNOWN_ACTIONS:
        raise ActionsFormatError(
            _("{where} has an unknown action {get!r}.").format(where=where, get=raw.get("action"))
        )
    episode = raw.get("episode")
    if not isinstance(episode, str) or not episode:
        raise ActionsFormatError(_("{where} has no episode URL.").format(where=where))
    rate = raw.get("rate", 1.0)
    return EpisodeAction(
        podcast=str(raw.get("podcast") or ""),
        episode=episode,
        action=kind,
        timestamp=_timestamp(raw.get("timestamp"), where),
        guid=str(raw.get("guid") or ""),
        started=_seconds(raw.get("started"), "start", where),
        position=_seconds(raw.get("position"), "position", where),
        total=_seconds(raw.get("total"), "total", where),
        rate=float(rate) if isinstance(rate, int | float) and rate > 0 else 1.0,
    )


def parse_actions(text: str) -> list[EpisodeAction]:
    """Read a list of actions (or the API's ``{"actions": [...]}`` answer), oldest first."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ActionsFormatError(
            _("The file is not JSON (line {lineno}: {msg}).").format(lineno=exc.lineno, msg=exc.msg)
        ) from None
    if isinstance(data, dict) and "actions" in data:
        data = data["actions"]
    if not isinstance(data, list):
        raise ActionsFormatError(_("The file is not a list of gpodder.net episode actions."))
    actions = [_action(raw, i) for i, raw in enumerate(data)]
    return sorted(actions, key=lambda a: a.timestamp)


def read_actions(items: list[Any]) -> tuple[list[EpisodeAction], list[str]]:
    """Actions from a server's answer, oldest first, and a sentence for each one skipped.

    Unlike a file the listener chose (:func:`parse_actions`, all or nothing), one malformed
    action among a server's thousands must not stop a sync: it is reported and left out.
    """
    actions: list[EpisodeAction] = []
    skipped: list[str] = []
    for index, raw in enumerate(items):
        try:
            actions.append(_action(raw, index))
        except ActionsFormatError as exc:
            skipped.append(str(exc))
    actions.sort(key=lambda a: a.timestamp)
    return actions, skipped


def action_key(a: EpisodeAction) -> str:
    """What identifies an action on the wire (whole seconds, as the format carries them), so
    one that comes back from a server is recognised as the one sent or received before."""
    position = "" if a.position is None else str(int(round(a.position)))
    return f"{a.episode}\x1f{a.action}\x1f{int(round(a.timestamp))}\x1f{position}"


def iso_utc(ts: float) -> str:
    """The format's timestamp: UTC, whole seconds, no zone suffix."""
    return datetime.fromtimestamp(round(ts), UTC).strftime("%Y-%m-%dT%H:%M:%S")


def action_document(a: EpisodeAction, device: str = "") -> dict[str, Any]:
    """One action as the JSON object servers and files take (whole seconds, no zone suffix)."""
    doc: dict[str, Any] = {
        "podcast": a.podcast,
        "episode": a.episode,
        "action": a.action,
        "timestamp": iso_utc(a.timestamp),
    }
    if a.guid:
        doc["guid"] = a.guid
    if device:
        doc["device"] = device
    if a.action == "play" and a.position is not None:
        if a.started is not None:  # a position without a span (learning paused) has none
            doc["started"] = int(round(a.started))
        doc["position"] = int(round(a.position))
        if a.total:
            doc["total"] = int(round(a.total))
    if a.rate != 1.0:
        doc["rate"] = a.rate
    return doc
