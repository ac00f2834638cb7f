"""Listening history in the gpodder.net episode-actions format, in and out.

The format (gPodder, AntennaPod, Kasts, Nextcloud gPodder Sync) is a JSON list of
``{podcast, episode, guid, action, timestamp, started, position, total}``; ``episode`` is the
enclosure URL, positions are whole seconds, ``timestamp`` is UTC ISO 8601 and, as those clients
send it, the moment the listening span *ended*. The format has no playback rate: we add a
``rate`` field when it is not 1 (other clients ignore unknown fields) and read it back.

Import matches actions to episodes by enclosure URL, then by guid (within the action's podcast
when that is subscribed), in one transaction: a bad file changes nothing. Play actions set the
position or played state when they are newer than what the library knows, and become history
(``play_events`` with source ``import``) unless learning is paused. Importing a file twice does
not double the history.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from player.domain.episode_action import (
    KNOWN_ACTIONS,
    ActionsFormatError,
    EpisodeAction,
    action_document,
    iso_utc,
    parse_actions,
)
from player.domain.models import EpisodeState, PlayEvent
from player.i18n import _
from player.services.up_next import LEARNING_KEY, SettingsLike
from player.storage import HistoryRepo, SettingsRepo, Store
from player.storage.actions import EpisodeActionsRepo

__all__ = [
    "KNOWN_ACTIONS",
    "ActionsFormatError",
    "EpisodeAction",
    "EpisodeActionsService",
    "ImportResult",
    "iso_utc",
    "parse_actions",
]


@dataclass(slots=True)
class ImportResult:
    """What an import did, for the command's summary line."""

    actions: int = 0
    history_added: int = 0
    history_already_there: int = 0
    history_skipped_paused: int = 0
    positions_set: int = 0
    marked_played: int = 0
    marked_new: int = 0
    older_than_library: int = 0
    not_applicable: int = 0  # download/delete: nothing to do in this library
    unmatched: list[str] = field(default_factory=list)


class _Matcher:
    """Episode ids by enclosure URL, by (podcast URL, guid), and by guid when it is unique."""

    def __init__(self, repo: EpisodeActionsRepo) -> None:
        self.by_url: dict[str, int] = {}
        self.by_podcast_guid: dict[tuple[str, str], int] = {}
        guid_ids: dict[str, set[int]] = {}
        for eid, url, guid, feed in repo.episode_keys():
            if url:
                self.by_url.setdefault(url, eid)
            self.by_podcast_guid[(feed, guid)] = eid
            guid_ids.setdefault(guid, set()).add(eid)
        self.by_guid = {g: next(iter(ids)) for g, ids in guid_ids.items() if len(ids) == 1}

    def find(self, a: EpisodeAction) -> int | None:
        found = self.by_url.get(a.episode)
        if found is None and a.guid:
            found = self.by_podcast_guid.get((a.podcast, a.guid)) or self.by_guid.get(a.guid)
        return found


class EpisodeActionsService:
    """Import and export of listening history as gpodder.net episode actions."""

    def __init__(self, store: Store, settings: SettingsLike | None = None) -> None:
        self.store = store
        self.settings: SettingsLike = settings if settings is not None else SettingsRepo(store)
        self.repo = EpisodeActionsRepo(store)

    def import_file(self, path: Path) -> ImportResult:
        """Import a file; :class:`ActionsFormatError` (nothing changed) when it is not valid."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ActionsFormatError(
                _("Cannot read {path}: {exc}.").format(path=path, exc=exc)
            ) from None
        return self.import_actions(parse_actions(text))

    def import_actions(self, actions: list[EpisodeAction]) -> ImportResult:
        """Apply actions in timestamp order, all in one transaction."""
        result = ImportResult(actions=len(actions))
        learning = bool(self.settings.get(LEARNING_KEY, True))
        threshold = float(self.settings.get("playback.played_threshold_seconds", 15))
        matcher = _Matcher(self.repo)
        history = HistoryRepo(self.store)
        with self.store.write() as conn:
            known = self._known_events(conn)
            for a in actions:
                episode_id = matcher.find(a)
                if episode_id is None:
                    result.unmatched.append(a.episode)
                    continue
                if a.action in ("download", "delete"):
                    result.not_applicable += 1
                    continue
                if a.action == "play" and a.started is not None and a.position is not None:
                    event = self._event(episode_id, a)
                    key = _event_key(event)
                    if key in known:
                        result.history_already_there += 1
                    elif not learning:
                        result.history_skipped_paused += 1
                    else:
                        history.add(event, conn)
                        known.add(key)
                        result.history_added += 1
                self._apply_state(conn, episode_id, a, threshold, result)
        return result

    @staticmethod
    def _event(episode_id: int, a: EpisodeAction) -> PlayEvent:
        start = a.started or 0.0
        end = max(start, a.position or 0.0)
        return PlayEvent(
            episode_id=episode_id,
            started_at=a.timestamp - (end - start) / a.rate,
            from_pos=start,
            to_pos=end,
            rate=a.rate,
            source="import",
            ended_at=a.timestamp,
        )

    def _known_events(self, conn: sqlite3.Connection) -> set[tuple[int, int, int, int]]:
        return {_event_key(e) for e in self.repo.spans(conn)}

    def _apply_state(
        self,
        conn: sqlite3.Connection,
        episode_id: int,
        a: EpisodeAction,
        threshold: float,
        result: ImportResult,
    ) -> None:
        """Set position / played state when the action is newer than the library's own.

        An action that would change nothing (our own, come back from a sync server) is not
        counted, so "positions updated" means what it says.
        """
        state, last_played, position = self.repo.listener_state(episode_id, conn)
        if last_played is not None and a.timestamp < last_played:
            result.older_than_library += 1
            return
        if a.action == "new":
            if state is not EpisodeState.NEW or position:
                self.repo.set_listener_state(episode_id, EpisodeState.NEW, 0, a.timestamp, conn)
                result.marked_new += 1
            return
        if a.position is None:
            return
        if a.total and a.position >= a.total - threshold:
            if state is not EpisodeState.PLAYED:
                self.repo.set_listener_state(episode_id, EpisodeState.PLAYED, 0, a.timestamp, conn)
                result.marked_played += 1
        elif (state is EpisodeState.NEW or last_played is not None) and (
            state is not EpisodeState.NEW or abs(position - a.position) >= 1.0
        ):
            self.repo.set_listener_state(
                episode_id, EpisodeState.NEW, a.position, a.timestamp, conn
            )
            result.positions_set += 1

    def export_actions(self) -> list[dict[str, Any]]:
        """Every play event as a play action, oldest first."""
        return [
            action_document(
                EpisodeAction(
                    podcast=feed,
                    episode=url or "",
                    action="play",
                    timestamp=started_at + (to_pos - from_pos) / (rate or 1.0),
                    guid=guid,
                    started=from_pos,
                    position=to_pos,
                    total=duration,
                    rate=rate or 1.0,
                )
            )
            for feed, url, guid, started_at, from_pos, to_pos, rate, duration in (
                self.repo.plays_for_export()
            )
        ]

    def export_text(self) -> str:
        """The export as a JSON document."""
        return json.dumps(self.export_actions(), indent=2, ensure_ascii=False) + "\n"


def _event_key(e: PlayEvent) -> tuple[int, int, int, int]:
    """Identity of a span to whole seconds, by its end: what survives a trip through the format
    (which carries the end time and whole-second positions)."""
    ended = e.started_at + (e.to_pos - e.from_pos) / (e.rate or 1.0)
    return (e.episode_id, round(ended), round(e.from_pos), round(e.to_pos))
