"""Podcasting 2.0 tags in the store: what the podcast page, the episode view and the CLI read.

Writing happens inside the feed writer's transaction (:func:`write_channel`,
:func:`write_item_people`, :func:`drop_item_people`); everything else here reads. The GUI
uses :class:`Podcasting20Repo` only, never SQL: see ``player/storage/schema.py`` (V11) for
what is a column and what is JSON.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace

from player.domain.errors import NotFoundError
from player.domain.models import Episode
from player.domain.podcasting20 import (
    LIVE_STATUSES,
    ChannelExtras,
    EpisodeExtras,
    LiveEvent,
    LiveItem,
    Person,
    PodcastExtras,
    SocialInteract,
    UpdateFrequency,
    ai_content,
    podcast_extras,
    podcast_guid_for,
)
from player.domain.podcasting20_json import decode_channel, decode_item, decode_live, encode
from player.i18n import _
from player.storage.db import Store
from player.storage.rows import EPISODE_COLUMNS, episode_from_row

_PERSON_COLUMNS = "name, role, grp, img, href"


class Podcasting20Repo:
    """Reads of the namespace's tags (all cheap: one show or one episode at a time)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- one show, one episode -----------------------------------------------------------

    def podcast_extras(self, podcast_id: int) -> PodcastExtras:
        """Everything the podcast page shows; :class:`NotFoundError` for an unknown id.

        The GUID is the stored one, or computed from the feed URL when no refresh has stored
        one yet (a library upgraded to V11 gets it on its next refresh).
        """
        rows = self.store.query(
            "SELECT url, podcast_guid, p20 FROM podcasts WHERE id = ?", (podcast_id,)
        )
        if not rows:
            raise NotFoundError(
                _("There is no podcast with id {podcast_id}.").format(podcast_id=podcast_id)
            )
        url, stored_guid, p20 = rows[0]
        channel = decode_channel(p20)
        guid = stored_guid or channel.guid or podcast_guid_for(url)
        return podcast_extras(
            channel,
            podcast_id,
            guid,
            persons=self.show_persons(podcast_id),
            live_items=tuple(self.live_items(podcast_id=podcast_id, statuses=LIVE_STATUSES)),
        )

    def episode_extras(self, episode_id: int) -> EpisodeExtras:
        """Everything the episode view shows, resolved (episode persons replace the show's;
        the item's chat and comments override the channel's); :class:`NotFoundError`."""
        rows = self.store.query(
            "SELECT e.podcast_id, e.season_name, e.episode_number, e.episode_display, e.p20, "
            "p.p20 FROM episodes e JOIN podcasts p ON p.id = e.podcast_id WHERE e.id = ?",
            (episode_id,),
        )
        if not rows:
            raise NotFoundError(
                _("There is no episode with id {episode_id}.").format(episode_id=episode_id)
            )
        podcast_id, season_name, number, display, item_p20, channel_p20 = rows[0]
        item = decode_item(item_p20)
        channel = decode_channel(channel_p20)
        persons = self._persons("episode_id = ?", (episode_id,))
        from_show = not persons
        if from_show:
            persons = self.show_persons(podcast_id)
        return EpisodeExtras(
            episode_id=episode_id,
            persons=persons,
            persons_from_show=from_show and bool(persons),
            season_name=season_name,
            episode_number=number,
            episode_display=display,
            soundbites=item.soundbites,
            alternate_enclosures=item.alternate_enclosures,
            funding=item.funding or channel.funding,
            chat=item.chat or channel.chat,
            social=_social(item.social, channel.social),
            images=item.images,
            ai_content=ai_content(item.txt)
            if ai_content(item.txt) is not None
            else ai_content(channel.txt),
        )

    def show_persons(self, podcast_id: int) -> tuple[Person, ...]:
        """The channel-level ``podcast:person`` list of a show, in feed order."""
        return self._persons("podcast_id = ? AND episode_id IS NULL", (podcast_id,))

    def _persons(self, where: str, params: tuple) -> tuple[Person, ...]:
        rows = self.store.query(
            f"SELECT {_PERSON_COLUMNS} FROM people WHERE {where} ORDER BY position, id", params
        )
        return tuple(Person(*row) for row in rows)

    # -- across the library -------------------------------------------------------------

    def episodes_with_person(
        self, name: str, href: str = "", limit: int | None = 200
    ) -> list[Episode]:
        """Episodes this person is in, newest first, across the library.

        An episode counts when its own person list names them, or when it has no list of its
        own and its show's does (episode-level lists replace the show's). Names match without
        regard to case; ``href``, when given, must match too (two people can share a name).
        """
        person = "p2.name = ? COLLATE NOCASE" + (" AND p2.href = ?" if href else "")
        params: list[object] = [name, href] if href else [name]
        sql = (
            f"SELECT {EPISODE_COLUMNS} FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
            f"WHERE e.id IN (SELECT p2.episode_id FROM people p2 WHERE {person}) "
            f"OR (e.podcast_id IN (SELECT p2.podcast_id FROM people p2 WHERE {person} "
            "AND p2.episode_id IS NULL) "
            "AND NOT EXISTS (SELECT 1 FROM people o WHERE o.episode_id = e.id)) "
            "ORDER BY e.published DESC, e.id DESC"
        )
        params += params
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [episode_from_row(r) for r in self.store.query(sql, tuple(params))]

    def people(self, text: str = "", limit: int = 200) -> list[tuple[Person, int]]:
        """Distinct people across the library (name, href) with how many shows list them."""
        rows = self.store.query(
            f"SELECT {_PERSON_COLUMNS}, COUNT(DISTINCT podcast_id) FROM people "
            "WHERE name LIKE ? GROUP BY name COLLATE NOCASE, href ORDER BY name COLLATE NOCASE "
            "LIMIT ?",
            (f"%{text}%", limit),
        )
        return [(Person(*row[:5]), int(row[5])) for row in rows]

    def live_items(
        self, podcast_id: int | None = None, statuses: Sequence[str] = ("live", "pending")
    ) -> list[LiveItem]:
        """Live items still in their feeds: live ones first, then upcoming by start time.

        With no ``podcast_id``, across the library ("Live now" / "Upcoming").
        """
        marks = ", ".join("?" * len(statuses))
        where = f"in_feed = 1 AND status IN ({marks})"
        params: list[object] = list(statuses)
        if podcast_id is not None:
            where += " AND podcast_id = ?"
            params.append(podcast_id)
        rows = self.store.query(
            f"SELECT id, podcast_id, data FROM live_items WHERE {where} "
            "ORDER BY CASE status WHEN 'live' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, "
            "IFNULL(start, 0), id",
            tuple(params),
        )
        found = (decode_live(data, id=lid, podcast_id=pid) for lid, pid, data in rows)
        return [item for item in found if item is not None]

    def live_item(self, live_item_id: int) -> LiveItem:
        """One stored live item (to play it); :class:`NotFoundError` when absent."""
        rows = self.store.query(
            "SELECT id, podcast_id, data FROM live_items WHERE id = ?", (live_item_id,)
        )
        item = decode_live(rows[0][2], id=rows[0][0], podcast_id=rows[0][1]) if rows else None
        if item is None:
            raise NotFoundError(
                _("There is no live item with id {live_item_id}.").format(live_item_id=live_item_id)
            )
        return item

    def find_by_podcast_guid(self, guid: str) -> int | None:
        """The id of the subscribed show with this ``podcast:guid`` (moved feeds, dedupe)."""
        value = self.store.scalar(
            "SELECT id FROM podcasts WHERE podcast_guid = ? ORDER BY id LIMIT 1", (guid.lower(),)
        )
        return None if value is None else int(str(value))

    def update_frequency(self, podcast_id: int) -> UpdateFrequency | None:
        """The show's ``podcast:updateFrequency``, for the refresh scheduler (None: unknown)."""
        rows = self.store.query(
            "SELECT update_rrule, update_complete, p20 FROM podcasts WHERE id = ?",
            (podcast_id,),
        )
        if not rows:
            return None
        rrule, complete, p20 = rows[0]
        if not rrule and not complete:
            return None
        return decode_channel(p20).update_frequency or UpdateFrequency(
            rrule=rrule, complete=bool(complete)
        )

    def completed_podcasts(self) -> set[int]:
        """Shows whose feed says they are complete (``updateFrequency complete="true"``)."""
        return {int(r[0]) for r in self.store.query(
            "SELECT id FROM podcasts WHERE update_complete = 1"
        )}  # fmt: skip

    # -- live notifications -------------------------------------------------------------

    def unhandled_live_events(self) -> list[LiveEvent]:
        """Status changes not yet turned into a notification, oldest first."""
        rows = self.store.query(
            "SELECT v.id, v.live_item_id, v.podcast_id, v.old_status, v.new_status, v.at, "
            "l.title, p.title FROM live_events v JOIN live_items l ON l.id = v.live_item_id "
            "JOIN podcasts p ON p.id = v.podcast_id WHERE v.handled = 0 ORDER BY v.id"
        )
        return [LiveEvent(*row) for row in rows]

    def mark_live_events_handled(self, event_ids: Iterable[int]) -> None:
        """The window notified about these (or chose not to): never report them again."""
        with self.store.write() as conn:
            conn.executemany(
                "UPDATE live_events SET handled = 1 WHERE id = ?", [(i,) for i in event_ids]
            )


def _social(item: tuple[SocialInteract, ...], channel: tuple[SocialInteract, ...]
            ) -> tuple[SocialInteract, ...]:  # fmt: skip
    """The item's comment threads override the channel's; ``protocol="disabled"`` on the item
    turns comments off for it."""
    if not item:
        return channel
    return tuple(s for s in item if s.protocol != "disabled")


# -- writing, inside the feed writer's transaction --------------------------------------


def write_channel(
    conn: sqlite3.Connection, podcast_id: int, extras: ChannelExtras, now: float
) -> tuple[LiveEvent, ...]:
    """Store a refreshed channel's tags; returns the live items whose status changed.

    The GUID is the declared one or the UUIDv5 of the stored feed URL. Persons are replaced
    only when they differ (most refreshes change nothing). Live items are matched by guid: a
    new one or a changed status appends a ``live_events`` row; one that left the feed is
    flagged ``in_feed = 0`` (a feed drops the item when the show ends, often without "ended").
    """
    row = conn.execute(
        "SELECT url, last_checked IS NULL, podcast_guid, update_rrule, update_complete, p20 "
        "FROM podcasts WHERE id = ?",
        (podcast_id,),
    ).fetchone()
    first = bool(row and row[1])
    frequency = extras.update_frequency
    values = (
        extras.guid.lower() or podcast_guid_for(row[0] if row else ""),
        frequency.rrule if frequency else "",
        int(bool(frequency and frequency.complete)),
        encode(replace(extras, persons=(), live_items=())),
    )
    if row is not None and tuple(row[2:]) != values:  # most refreshes change none of it
        conn.execute(
            "UPDATE podcasts SET podcast_guid = ?, update_rrule = ?, update_complete = ?, "
            "p20 = ? WHERE id = ?",
            (*values, podcast_id),
        )
    current = tuple(
        Person(*row)
        for row in conn.execute(
            f"SELECT {_PERSON_COLUMNS} FROM people WHERE podcast_id = ? AND episode_id IS NULL "
            "ORDER BY position, id",
            (podcast_id,),
        )
    )
    if current != extras.persons:
        conn.execute(
            "DELETE FROM people WHERE podcast_id = ? AND episode_id IS NULL", (podcast_id,)
        )
        _insert_people(conn, podcast_id, None, extras.persons)
    return _write_live(conn, podcast_id, extras.live_items, now, handled=first)


def write_item_people(
    conn: sqlite3.Connection, podcast_id: int, pairs: Iterable[tuple[int, Sequence[Person]]]
) -> None:
    """Insert the episode-level persons of new or changed episodes (after
    :func:`drop_item_people` for the changed ones)."""
    for episode_id, persons in pairs:
        if persons:
            _insert_people(conn, podcast_id, episode_id, persons)


def drop_item_people(conn: sqlite3.Connection, episode_ids: Sequence[int]) -> None:
    """Forget the episode-level persons of changed episodes (re-inserted next)."""
    conn.executemany("DELETE FROM people WHERE episode_id = ?", [(i,) for i in episode_ids])


def _insert_people(
    conn: sqlite3.Connection, podcast_id: int, episode_id: int | None, persons: Sequence[Person]
) -> None:
    conn.executemany(
        "INSERT INTO people (podcast_id, episode_id, position, name, role, grp, img, href) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (podcast_id, episode_id, n, p.name, p.role, p.group, p.img, p.href)
            for n, p in enumerate(persons)
        ],
    )


def _write_live(
    conn: sqlite3.Connection,
    podcast_id: int,
    items: Sequence[LiveItem],
    now: float,
    handled: bool = False,
) -> tuple[LiveEvent, ...]:
    """Upsert live items by guid; each new one or status change is a ``live_events`` row
    (already ``handled`` on the first write of a show: subscribing is no news)."""
    stored = {
        guid: (lid, status, data, in_feed)
        for lid, guid, status, data, in_feed in conn.execute(
            "SELECT id, guid, status, data, in_feed FROM live_items WHERE podcast_id = ?",
            (podcast_id,),
        )
    }
    events: list[LiveEvent] = []
    seen: set[str] = set()
    for item in items:
        if item.guid in seen or item.status not in LIVE_STATUSES:
            continue
        seen.add(item.guid)
        data = encode(item)
        values = (
            item.title, item.status, item.start, item.end, item.enclosure_url,
            item.enclosure_type, data,
        )  # fmt: skip
        old = stored.get(item.guid)
        if old is None:
            cursor = conn.execute(
                'INSERT INTO live_items (title, status, start, "end", enclosure_url, '
                "enclosure_type, data, podcast_id, guid, status_changed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, podcast_id, item.guid, now),
            )
            live_id, old_status = int(cursor.lastrowid or 0), ""
        else:
            live_id, old_status = old[0], old[1]
            if old[2] != data or not old[3]:
                conn.execute(
                    'UPDATE live_items SET title = ?, status = ?, start = ?, "end" = ?, '
                    "enclosure_url = ?, enclosure_type = ?, data = ?, in_feed = 1, "
                    "status_changed = CASE WHEN status = ? THEN status_changed ELSE ? END "
                    "WHERE id = ?",
                    (*values, item.status, now, live_id),
                )
        if old_status != item.status:
            cursor = conn.execute(
                "INSERT INTO live_events (live_item_id, podcast_id, old_status, new_status, at, "
                "handled) VALUES (?, ?, ?, ?, ?, ?)",
                (live_id, podcast_id, old_status, item.status, now, int(handled)),
            )
            events.append(
                LiveEvent(
                    id=int(cursor.lastrowid or 0),
                    live_item_id=live_id,
                    podcast_id=podcast_id,
                    old_status=old_status,
                    new_status=item.status,
                    at=now,
                    title=item.title,
                )
            )
    gone = [(lid,) for g, (lid, _s, _d, flag) in stored.items() if g not in seen and flag]
    conn.executemany("UPDATE live_items SET in_feed = 0 WHERE id = ?", gone)
    return tuple(events)


__all__ = ["Podcasting20Repo", "drop_item_people", "write_channel", "write_item_people"]
