"""Bookmarks: make one at the current place, edit, delete (undoable), list, export, import.

Exports come in three shapes: the JSON this app reads back (``version``, ``bookmarks[]``; a
bookmark's ``id`` is its stable uid, so an import never duplicates), Markdown for notes
(``- [12:34](enclosure#t=754) note``), and Podcasting 2.0 JSON chapters for one episode.
The JSON quotes the words said at each bookmark (``transcript``) when the episode's
transcript is indexed; that field is derived, so an import does not store it.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from player.domain.bookmark import (
    ALL_BOOKMARKS,
    Bookmark,
    BookmarkQuery,
    BookmarkSort,
    ImportResult,
)
from player.domain.errors import PlayerError
from player.i18n import _
from player.services.undo import UndoService, UndoStep
from player.storage.bookmarks import BookmarkRepo, new_uid
from player.storage.db import Store
from player.transcripts.timecode import format_clock

EXPORT_VERSION = 1
"""The ``version`` of the JSON export; a reader refuses a newer one."""
POINT_SECONDS = 15.0
"""How much of the transcript a bookmark without an end quotes: what is said from its start."""


class BookmarkError(PlayerError):
    """A bookmark file that cannot be read; ``str()`` says why in one sentence."""


def iso(ts: float) -> str:
    """POSIX seconds -> ISO 8601 UTC with microseconds (stable through a round trip)."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def from_iso(text: str) -> float:
    """The inverse of :func:`iso` (any ISO 8601 with a zone; no zone means UTC)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def describe(b: Bookmark) -> str:
    """``12:34`` or ``12:34–13:20``: where the bookmark is."""
    where = format_clock(b.start)
    return where if b.end is None else f"{where}–{format_clock(b.end)}"


class BookmarkService:
    """The bookmark use cases over a store; with an undo stack, changes can be taken back."""

    def __init__(self, store: Store, undo: UndoService | None = None) -> None:
        self.store = store
        self.repo = BookmarkRepo(store)
        self.undo = undo

    # -- making and changing ---------------------------------------------------------------

    def add(
        self,
        episode_id: int,
        start: float,
        end: float | None = None,
        title: str = "",
        note: str = "",
    ) -> Bookmark:
        """A bookmark at ``start`` (and to ``end``: a range) in an episode."""
        return self.add_step(episode_id, start, end, title, note)[0]

    def add_step(
        self,
        episode_id: int,
        start: float,
        end: float | None = None,
        title: str = "",
        note: str = "",
    ) -> tuple[Bookmark, UndoStep]:
        """:meth:`add`, and the step that takes it back (on the undo stack when there is one)."""
        start = max(0.0, float(start))
        if end is not None and end <= start:
            raise PlayerError(_("A bookmark's end must come after its start."))
        bookmark = self.repo.add(episode_id, start, end, title, note)
        step = self._push(
            _("Bookmarked {where} in “{episode}”.").format(
                where=describe(bookmark), episode=bookmark.episode_title
            ),
            _("Removed the bookmark at {where}.").format(where=describe(bookmark)),
            lambda: self.repo.delete([bookmark.id]),
        )
        return bookmark, step

    def edit(
        self,
        bookmark_id: int,
        *,
        title: str | None = None,
        note: str | None = None,
        start: float | None = None,
        end: float | bool | None = False,
    ) -> Bookmark:
        """Change a bookmark's title, note, start or end (``end=False``: keep it; None: no
        end). Undo puts the old ones back."""
        return self.edit_step(bookmark_id, title=title, note=note, start=start, end=end)[0]

    def edit_step(
        self,
        bookmark_id: int,
        *,
        title: str | None = None,
        note: str | None = None,
        start: float | None = None,
        end: float | bool | None = False,
    ) -> tuple[Bookmark, UndoStep]:
        """:meth:`edit`, and the step that takes it back."""
        before = self.repo.get(bookmark_id)
        new_start = before.start if start is None else start
        new_end = before.end if end is False else end
        if not isinstance(new_end, bool) and new_end is not None and new_end <= new_start:
            raise PlayerError(_("A bookmark's end must come after its start."))
        after = self.repo.update(bookmark_id, title=title, note=note, start=start, end=end)
        step = self._push(
            _("Saved the bookmark at {where}.").format(where=describe(after)),
            _("The bookmark at {where} is as it was.").format(where=describe(before)),
            lambda: self.repo.restore([before]),
        )
        return after, step

    def delete(self, bookmark_ids: Sequence[int]) -> UndoStep | None:
        """Delete bookmarks; the step (also on the undo stack) puts them back exactly."""
        gone = self.repo.delete(list(bookmark_ids))
        if not gone:
            return None
        what = (
            f"the bookmark at {describe(gone[0])}" if len(gone) == 1 else f"{len(gone)} bookmarks"
        )
        return self._push(
            f"Deleted {what}.",
            f"{what[:1].upper()}{what[1:]} {'is' if len(gone) == 1 else 'are'} back.",
            lambda: self.repo.restore(gone),
        )

    def _push(self, done: str, undone: str, restore: Any) -> UndoStep:
        step = UndoStep(done=done, undone=undone, restore=restore)
        return self.undo.push(step) if self.undo is not None else step

    # -- reading ---------------------------------------------------------------------------

    def get(self, bookmark_id: int) -> Bookmark:
        """One bookmark by id."""
        return self.repo.get(bookmark_id)

    def list(self, query: BookmarkQuery = ALL_BOOKMARKS) -> builtins.list[Bookmark]:
        """Bookmarks matching the query (search, podcast, episode; by date or position)."""
        return self.repo.list(query)

    def for_episode(self, episode_id: int) -> builtins.list[Bookmark]:
        """An episode's bookmarks by position."""
        return self.repo.for_episode(episode_id)

    def transcript(
        self, b: Bookmark, lines: builtins.list[tuple[float, str]] | None = None
    ) -> str | None:
        """The words said at the bookmark (its range, or :data:`POINT_SECONDS` from its start);
        None when the episode has no indexed transcript here."""
        if b.episode_id is None:
            return None
        if lines is None:
            lines = self.repo.transcript_lines(b.episode_id)
        if not lines:
            return None
        end = b.end if b.end is not None else b.start + POINT_SECONDS
        said = []
        for i, (start, text) in enumerate(lines):
            line_end = lines[i + 1][0] if i + 1 < len(lines) else float("inf")
            if start < end and line_end > b.start:
                said.append(text)
        return " ".join(said)

    # -- export and import -----------------------------------------------------------------

    def export_records(self, bookmarks: Sequence[Bookmark] | None = None) -> dict[str, Any]:
        """The JSON export as a value: ``{"version": 1, "bookmarks": [...]}``."""
        chosen = self.repo.all() if bookmarks is None else list(bookmarks)
        lines: dict[int, builtins.list[tuple[float, str]]] = {}
        out = []
        for b in chosen:
            if b.episode_id is not None and b.episode_id not in lines:
                lines[b.episode_id] = self.repo.transcript_lines(b.episode_id)
            said = self.transcript(b, lines.get(b.episode_id or -1, []))
            out.append(bookmark_record(b, said))
        return {"version": EXPORT_VERSION, "bookmarks": out}

    def export_json(self) -> str:
        """Every bookmark as the JSON this app (or another) reads back."""
        return json.dumps(self.export_records(), ensure_ascii=False, indent=2) + "\n"

    def export_markdown(self) -> str:
        """Every bookmark as a Markdown list under a heading per episode."""
        out = ["# Bookmarks", ""]
        heading = None
        for b in self.repo.list(BookmarkQuery(sort=BookmarkSort.POSITION)):
            this = f"## {b.podcast_title or 'Unknown podcast'}: {b.episode_title or b.episode_guid}"
            if this != heading:
                if heading is not None:
                    out.append("")
                out += [this, ""]
                heading = this
            out.append(markdown_line(b))
        return "\n".join(out) + "\n"

    def chapters_json(self, episode_id: int) -> str:
        """One episode's bookmarks as Podcasting 2.0 JSON chapters (``version`` 1.2.0)."""
        chapters = []
        for b in self.repo.for_episode(episode_id):
            chapter: dict[str, Any] = {
                "startTime": b.start,
                "title": b.label or f"Bookmark at {format_clock(b.start)}",
            }
            if b.end is not None:
                chapter["endTime"] = b.end
            chapters.append(chapter)
        return json.dumps({"version": "1.2.0", "chapters": chapters}, ensure_ascii=False) + "\n"

    def import_json(self, text: str) -> ImportResult:
        """Merge a JSON export into this library (see :meth:`BookmarkRepo.import_many`)."""
        return self.repo.import_many(parse_export(text))

    def relink(self) -> int:
        """Link bookmarks whose episode was gone to episodes now in the library."""
        return self.repo.relink()


def bookmark_record(b: Bookmark, transcript: str | None) -> dict[str, Any]:
    """One element of the JSON export's ``bookmarks``; field names as issue 18 gives them."""
    return {
        "id": b.uid,
        "podcastGuid": b.podcast_guid,
        "feedUrl": b.feed_url,
        "podcastTitle": b.podcast_title,
        "episodeGuid": b.episode_guid,
        "enclosureUrl": b.enclosure_url,
        "episodeTitle": b.episode_title,
        "start": b.start,
        "end": b.end,
        "title": b.title,
        "note": b.note,
        "transcript": transcript,
        "created": iso(b.created),
        "modified": iso(b.modified),
    }


def markdown_line(b: Bookmark) -> str:
    """``- [12:34](enclosure#t=754) note``; a range is ``#t=754,800``."""
    fragment = f"t={int(b.start)}" + ("" if b.end is None else f",{int(b.end)}")
    text = " — ".join(p for p in (b.title, " ".join(b.note.split())) if p)
    link = f"[{describe(b)}]({b.enclosure_url}#{fragment})" if b.enclosure_url else describe(b)
    return f"- {link} {text}".rstrip()


def parse_export(text: str) -> builtins.list[Bookmark]:
    """The bookmarks of a JSON export; :class:`BookmarkError` saying what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BookmarkError(
            _("This is not a bookmarks file (not JSON: {exc}).").format(exc=exc)
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("bookmarks"), list):
        raise BookmarkError(_("This is not a bookmarks file (no 'bookmarks' list)."))
    version = data.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise BookmarkError(
            _("Bookmarks file version {version!r} is not one this app reads.").format(
                version=version
            )
        )
    out = []
    for n, item in enumerate(data["bookmarks"], 1):
        try:
            out.append(_from_record(item))
        except (KeyError, TypeError, ValueError) as exc:
            raise BookmarkError(
                _("Bookmark {n} of the file cannot be read ({exc}).").format(n=n, exc=exc)
            ) from exc
    return out


def _from_record(item: dict[str, Any]) -> Bookmark:
    def text(name: str) -> str:
        value = item.get(name) or ""
        if not isinstance(value, str):
            raise TypeError(f"{name} is not text")
        return value

    end = item.get("end")
    created = from_iso(item["created"]) if item.get("created") else 0.0
    return Bookmark(
        id=0,
        uid=text("id") or new_uid(),
        episode_id=None,
        start=float(item["start"]),
        end=None if end is None else float(end),
        title=text("title"),
        note=text("note"),
        created=created,
        modified=from_iso(item["modified"]) if item.get("modified") else created,
        podcast_guid=text("podcastGuid"),
        feed_url=text("feedUrl"),
        podcast_title=text("podcastTitle"),
        episode_guid=text("episodeGuid"),
        enclosure_url=text("enclosureUrl"),
        episode_title=text("episodeTitle"),
    )
