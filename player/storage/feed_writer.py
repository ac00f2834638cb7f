"""Writing a parsed feed into the store: one transaction per feed, batched statements.

New items are inserted, changed ones updated (a content hash says which), unchanged ones cost
nothing, and items that left the feed are kept but flagged ``in_feed = 0``: the listener may have
downloaded or half-heard them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import astuple, dataclass

from player.domain.feed import FeedDocument, FeedItem
from player.storage.db import Store
from player.storage.episodes import write_chapters

_ITEM_COLUMNS = (
    "guid", "title", "description", "description_text", "link", "published", "enclosure_url",
    "enclosure_type", "enclosure_length", "duration", "image_url", "season", "number",
    "episode_type", "explicit", "chapters_url", "chapters_type", "content_hash",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What one feed write changed."""

    new: int
    updated: int
    gone_from_feed: int


def item_hash(item: FeedItem) -> str:
    """A digest of everything we store from an item, to skip rewriting unchanged ones."""
    payload = astuple(item)[:-1]  # every field but content_hash itself
    raw = json.dumps(payload, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()


def merge_duplicates(items: list[FeedItem]) -> list[FeedItem]:
    """Items sharing a guid become one: the first keeps its fields, later ones fill blanks."""
    by_guid: dict[str, FeedItem] = {}
    for item in items:
        first = by_guid.get(item.guid)
        if first is None:
            by_guid[item.guid] = item
            continue
        for name in FeedItem.__slots__:  # type: ignore[attr-defined]
            if getattr(first, name) in ("", None, ()) and getattr(item, name) not in ("", None, ()):
                setattr(first, name, getattr(item, name))
    return list(by_guid.values())


def _row(item: FeedItem) -> tuple[object, ...]:
    explicit = None if item.explicit is None else int(item.explicit)
    return (
        item.guid, item.title, item.description, item.description_text, item.link,
        item.published, item.enclosure_url, item.enclosure_type, item.enclosure_length,
        item.duration, item.image_url, item.season, item.number, item.episode_type, explicit,
        item.chapters_url, item.chapters_type, item.content_hash,
    )  # fmt: skip


def write_feed(
    store: Store,
    podcast_id: int,
    doc: FeedDocument,
    *,
    seen_at: float | None = None,
    complete: bool = True,
) -> WriteResult:
    """Upsert a feed's channel fields and items in one transaction.

    ``complete`` says ``doc.items`` is the whole feed; only then can an item's absence mean it
    left the feed. Items without a published date get ``seen_at`` (first-seen time).
    """
    now = time.time() if seen_at is None else seen_at
    items = merge_duplicates(doc.items)
    for item in items:
        item.content_hash = item_hash(item)
    with store.write() as conn:
        _update_channel(conn, podcast_id, doc)
        existing = {
            guid: (eid, chash)
            for eid, guid, chash in conn.execute(
                "SELECT id, guid, content_hash FROM episodes WHERE podcast_id = ?", (podcast_id,)
            )
        }
        new_items = [i for i in items if i.guid not in existing]
        changed = [i for i in items if i.guid in existing and existing[i.guid][1] != i.content_hash]
        cols = ", ".join(_ITEM_COLUMNS)
        marks = ", ".join("?" * len(_ITEM_COLUMNS))
        conn.executemany(
            f"INSERT INTO episodes (podcast_id, first_seen, {cols}) VALUES (?, ?, {marks})",
            [(podcast_id, now, *_row(i)) for i in new_items],
        )
        sets = ", ".join(f"{c} = ?" for c in _ITEM_COLUMNS[1:])
        conn.executemany(
            f"UPDATE episodes SET {sets}, in_feed = 1 WHERE id = ?",
            [(*_row(i)[1:], existing[i.guid][0]) for i in changed],
        )
        if new_items:
            ids = dict(
                conn.execute("SELECT guid, id FROM episodes WHERE podcast_id = ?", (podcast_id,))
            )
        else:
            ids = {g: v[0] for g, v in existing.items()}
        for item in new_items + changed:
            _write_links(conn, ids[item.guid], item)
        gone = 0
        if complete:
            present = {i.guid for i in items}
            absent = [(v[0],) for g, v in existing.items() if g not in present]
            back = [(v[0],) for g, v in existing.items() if g in present]
            conn.executemany("UPDATE episodes SET in_feed = 0 WHERE id = ? AND in_feed = 1", absent)
            conn.executemany("UPDATE episodes SET in_feed = 1 WHERE id = ? AND in_feed = 0", back)
            gone = len(absent)
        if any(i.published is None for i in new_items + changed):
            conn.execute(
                "UPDATE episodes SET published = first_seen "
                "WHERE podcast_id = ? AND published IS NULL",
                (podcast_id,),
            )
    return WriteResult(new=len(new_items), updated=len(changed), gone_from_feed=gone)


def _update_channel(conn: sqlite3.Connection, podcast_id: int, doc: FeedDocument) -> None:
    conn.execute(
        "UPDATE podcasts SET title = COALESCE(NULLIF(?, ''), title), author = ?, "
        "description = ?, link = ?, image_url = ?, kind = ? WHERE id = ?",
        (doc.title, doc.author, doc.description, doc.link, doc.image_url, doc.kind, podcast_id),
    )


def _write_links(conn: sqlite3.Connection, episode_id: int, item: FeedItem) -> None:
    conn.execute("DELETE FROM transcripts WHERE episode_id = ?", (episode_id,))
    conn.executemany(
        "INSERT INTO transcripts (episode_id, url, type, language, rel) VALUES (?, ?, ?, ?, ?)",
        [(episode_id, t.url, t.type, t.language, t.rel) for t in item.transcripts],
    )
    write_chapters(conn, episode_id, "psc", item.chapters)
