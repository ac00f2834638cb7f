"""Writing a parsed feed into the store: batched statements, a few hundred items per transaction.

New items are inserted, changed ones updated (a content hash says which), unchanged ones cost
nothing, and items that left the feed are kept but flagged ``in_feed = 0``: the listener may have
downloaded or half-heard them. The refresh bookkeeping (ETag, body hash, item fingerprints,
errors cleared) commits with the last chunk, so a crash never leaves the feed's validators saying
"up to date" over items that were not written (the next refresh writes them again).

A long feed is written in chunks so that no transaction holds the store's write lock for long:
on the app's writer thread, the small writes queued meanwhile (positions, settings) run between
two chunks instead of waiting for the whole feed.
"""

from __future__ import annotations

import operator
import sqlite3
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields

from player.domain.feed import FeedDocument, FeedItem, content_digest
from player.domain.podcasting20 import LiveEvent
from player.storage.bookmarks import relink_orphans
from player.storage.db import Store
from player.storage.podcasting20 import drop_item_people, write_channel, write_item_people
from player.storage.podcasts import set_podcast_fields
from player.storage.writer import between_transactions

_ITEM_LINKS = ("transcripts", "chapters", "persons")  # written to tables of their own
_ITEM_COLUMNS = tuple(f.name for f in fields(FeedItem) if f.name not in _ITEM_LINKS)
"""The :class:`FeedItem` fields stored as ``episodes`` columns of the same name."""
_row = operator.attrgetter(*_ITEM_COLUMNS)
"""An item's values for :data:`_ITEM_COLUMNS`, in order (sqlite stores a bool as 0/1)."""
_EMPTY = ("", None, ())

CHUNK_ITEMS = 500
"""New or changed items per transaction (bench/bench_gui.py: about 0.1 s of write lock each)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What one feed write changed; ``new_ids`` are the inserted episodes, in feed order.

    ``live_events`` are the live items that appeared or changed status (already recorded in
    ``live_events``, unhandled: the window notifies about them).
    """

    new: int
    updated: int
    gone_from_feed: int
    new_ids: tuple[int, ...] = field(default=())
    live_events: tuple[LiveEvent, ...] = field(default=())


def merge_duplicates(items: list[FeedItem]) -> list[FeedItem]:
    """Items sharing a guid become one: the first keeps its fields, later ones fill blanks."""
    by_guid: dict[str, FeedItem] = {}
    for item in items:
        first = by_guid.get(item.guid)
        if first is None:
            by_guid[item.guid] = item
            continue
        for name in FeedItem.__slots__:
            if name != "content_hash" and getattr(first, name) in _EMPTY:
                value = getattr(item, name)
                if value not in _EMPTY:
                    setattr(first, name, value)
        first.content_hash = ""
    merged = list(by_guid.values())
    for item in merged:
        if not item.content_hash:
            item.content_hash = content_digest(item)
    return merged


def write_feed(
    store: Store,
    podcast_id: int,
    doc: FeedDocument,
    *,
    seen_at: float | None = None,
    complete: bool = True,
    present: Collection[str] | None = None,
    fingerprints: Mapping[str, str] | None = None,
    podcast_fields: Mapping[str, object] | None = None,
) -> WriteResult:
    """Upsert a feed's channel fields and items, :data:`CHUNK_ITEMS` items per transaction.

    ``present`` lists every guid now in the feed when ``doc.items`` holds only the new and
    changed items (a partial parse); otherwise ``complete`` says ``doc.items`` is the whole
    feed. Either way, only then can an item's absence mean it left the feed. Items without a
    published date get ``seen_at`` (first-seen time). ``fingerprints`` replaces the feed's
    pre-scan state (None forgets it); ``podcast_fields`` are set on the podcast row. Both commit
    with the last chunk, and so does the in-feed flagging. Inside an enclosing transaction (a
    new subscription, which must appear with its episodes or not at all; several feeds of a
    refresh written together) the chunks join it without savepoints: when this raises, the
    caller must roll that transaction back (``Store.write`` does, as the exception leaves it).
    """
    now = time.time() if seen_at is None else seen_at
    items = merge_duplicates(doc.items)
    if present is None and complete:
        present = [i.guid for i in items]
    existing: dict[str, tuple[int, str, int]] = {}
    todo: list[FeedItem] | None = None
    new_ids: list[int] = []
    gone = start = 0
    live: tuple[LiveEvent, ...] = ()
    while True:
        with store.write(join=True) as conn:
            if todo is None:
                _update_channel(conn, podcast_id, doc)
                live = write_channel(conn, podcast_id, doc.p20, now)
                existing = _existing(conn, podcast_id)
                todo = [
                    i
                    for i in items
                    if i.guid not in existing or existing[i.guid][1] != i.content_hash
                ]
            new_ids += _write_items(
                conn, podcast_id, now, todo[start : start + CHUNK_ITEMS], existing
            )
            start += CHUNK_ITEMS
            done = start >= len(todo)
            if done:
                gone = _bookkeeping(conn, podcast_id, existing, todo, present, fingerprints)
                if podcast_fields:
                    set_podcast_fields(conn, podcast_id, podcast_fields)
                if new_ids:  # a re-subscription: bookmarks of the removed podcast come back
                    relink_orphans(conn, podcast_id)
        if done:
            break
        between_transactions(conn)  # on the app's writer: queued position saves go now
    return WriteResult(
        new=len(new_ids),
        updated=len(todo) - len(new_ids),
        gone_from_feed=gone,
        new_ids=tuple(new_ids),
        live_events=live,
    )


def _existing(conn: sqlite3.Connection, podcast_id: int) -> dict[str, tuple[int, str, int]]:
    """The podcast's stored episodes: guid -> (id, content hash, in_feed)."""
    return {
        guid: (eid, chash, in_feed)
        for eid, guid, chash, in_feed in conn.execute(
            "SELECT id, guid, content_hash, in_feed FROM episodes WHERE podcast_id = ?",
            (podcast_id,),
        )
    }


def _write_items(
    conn: sqlite3.Connection,
    podcast_id: int,
    now: float,
    part: list[FeedItem],
    existing: Mapping[str, tuple[int, str, int]],
) -> list[int]:
    """One chunk: insert its new items, update its changed ones; returns the inserted ids."""
    new_items = [i for i in part if i.guid not in existing]
    changed = [i for i in part if i.guid in existing]
    new_ids = _insert(conn, podcast_id, now, new_items)
    sets = ", ".join(f"{c} = ?" for c in _ITEM_COLUMNS[1:])
    conn.executemany(
        f"UPDATE episodes SET {sets}, in_feed = 1 WHERE id = ?",
        [(*_row(i)[1:], existing[i.guid][0]) for i in changed],
    )
    changed_ids = [existing[i.guid][0] for i in changed]
    _replace_links(conn, changed_ids)
    pairs = list(zip(new_ids + changed_ids, new_items + changed, strict=True))
    _insert_links(conn, pairs)
    write_item_people(conn, podcast_id, ((eid, item.persons) for eid, item in pairs))
    return new_ids


def _bookkeeping(
    conn: sqlite3.Connection,
    podcast_id: int,
    existing: dict[str, tuple[int, str, int]],
    written: list[FeedItem],
    present: Collection[str] | None,
    fingerprints: Mapping[str, str] | None,
) -> int:
    """The last chunk's extras: items that left the feed, undated items, the pre-scan state.

    Returns how many stored items are absent from the feed."""
    gone = 0
    if present is not None:
        gone = _mark_in_feed(conn, existing, set(present))
    if any(i.published is None for i in written):
        conn.execute(
            "UPDATE episodes SET published = first_seen WHERE podcast_id = ? AND published IS NULL",
            (podcast_id,),
        )
    _replace_fingerprints(conn, podcast_id, fingerprints or {})
    return gone


def _insert(
    conn: sqlite3.Connection, podcast_id: int, now: float, items: list[FeedItem]
) -> list[int]:
    """Insert new episodes; their ids come back in the same order (one statement each)."""
    cols = ", ".join(_ITEM_COLUMNS)
    marks = ", ".join("?" * len(_ITEM_COLUMNS))
    sql = f"INSERT INTO episodes (podcast_id, first_seen, {cols}) VALUES (?, ?, {marks})"
    ids = []
    for item in items:
        cursor = conn.execute(sql, (podcast_id, now, *_row(item)))
        ids.append(int(cursor.lastrowid or 0))
    return ids


def _mark_in_feed(
    conn: sqlite3.Connection, existing: dict[str, tuple[int, str, int]], present: set[str]
) -> int:
    """Flag episodes that left the feed (or came back); returns how many are absent.

    Only rows whose flag really changes are updated: a refresh of a 200-item feed with one
    new item must not cost 200 UPDATE statements."""
    absent = [(eid,) for g, (eid, _h, flag) in existing.items() if g not in present and flag]
    back = [(eid,) for g, (eid, _h, flag) in existing.items() if g in present and not flag]
    conn.executemany("UPDATE episodes SET in_feed = 0 WHERE id = ?", absent)
    conn.executemany("UPDATE episodes SET in_feed = 1 WHERE id = ?", back)
    return sum(1 for g in existing if g not in present)


def _update_channel(conn: sqlite3.Connection, podcast_id: int, doc: FeedDocument) -> None:
    """Channel fields; the title only when it changed (its trigger rewrites the show's whole
    search index, which would make every refresh of a long feed slow)."""
    conn.execute(
        "UPDATE podcasts SET author = ?, description = ?, link = ?, image_url = ?, kind = ?, "
        "language = ? WHERE id = ?",
        (doc.author, doc.description, doc.link, doc.image_url, doc.kind, doc.language, podcast_id),
    )
    if doc.title:
        conn.execute(
            "UPDATE podcasts SET title = ? WHERE id = ? AND title IS NOT ?",
            (doc.title, podcast_id, doc.title),
        )


def _replace_links(conn: sqlite3.Connection, episode_ids: list[int]) -> None:
    """Drop the transcripts, feed chapters and persons of changed episodes (re-inserted next)."""
    rows = [(i,) for i in episode_ids]
    drop_item_people(conn, episode_ids)
    conn.executemany("DELETE FROM transcripts WHERE episode_id = ?", rows)
    conn.executemany("DELETE FROM chapters WHERE episode_id = ? AND source = 'psc'", rows)


def _insert_links(conn: sqlite3.Connection, pairs: Iterable[tuple[int, FeedItem]]) -> None:
    transcripts: list[tuple] = []
    chapters: list[tuple] = []
    for episode_id, item in pairs:
        transcripts.extend((episode_id, t.url, t.type, t.language, t.rel) for t in item.transcripts)
        chapters.extend(
            (episode_id, c.start, c.end, c.title, c.url, c.image_url, int(c.toc))
            for c in item.chapters
        )
    conn.executemany(
        "INSERT INTO transcripts (episode_id, url, type, language, rel) VALUES (?, ?, ?, ?, ?)",
        transcripts,
    )
    conn.executemany(
        'INSERT INTO chapters (episode_id, source, start, "end", title, url, image_url, toc) '
        "VALUES (?, 'psc', ?, ?, ?, ?, ?, ?)",
        chapters,
    )


def _replace_fingerprints(
    conn: sqlite3.Connection, podcast_id: int, fingerprints: Mapping[str, str]
) -> None:
    """Make the stored fingerprints equal ``fingerprints``, touching only the differences."""
    stored = dict(
        conn.execute(
            "SELECT fingerprint, guid FROM item_fingerprints WHERE podcast_id = ?", (podcast_id,)
        )
    )
    conn.executemany(
        "DELETE FROM item_fingerprints WHERE podcast_id = ? AND fingerprint = ?",
        [(podcast_id, fp) for fp in stored.keys() - fingerprints.keys()],
    )
    # Plain INSERT and UPDATE, never INSERT OR REPLACE: REPLACE needs a statement journal for
    # every row, and inside a savepoint (a new subscription's transaction) each of those cost
    # ~0.2 ms: 1.9 s of subscribing to a 10,000-item feed.
    conn.executemany(
        "INSERT INTO item_fingerprints (podcast_id, fingerprint, guid) VALUES (?, ?, ?)",
        [(podcast_id, fp, g) for fp, g in fingerprints.items() if fp not in stored],
    )
    conn.executemany(
        "UPDATE item_fingerprints SET guid = ? WHERE podcast_id = ? AND fingerprint = ?",
        [(g, podcast_id, fp) for fp, g in fingerprints.items() if stored.get(fp, g) != g],
    )


def load_fingerprints(store: Store, podcast_id: int) -> dict[str, str]:
    """The stored pre-scan state of one podcast: item fingerprint -> guid (empty: none)."""
    rows = store.query(
        "SELECT fingerprint, guid FROM item_fingerprints WHERE podcast_id = ?", (podcast_id,)
    )
    return {r[0]: r[1] for r in rows}
