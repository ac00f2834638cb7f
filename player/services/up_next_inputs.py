"""Loading what the "up next" scorer needs, with a bounded number of indexed queries.

The library may hold 200,000 episodes; scoring them all would take seconds. Candidates are the
few episodes a listener could plausibly want next: the ones in progress, the newest in the
library, and per show they have heard its newest unheard episodes and the next ones in order.
Every query below uses an index (``episodes_podcast_published``, ``episodes_published``, and
the partial ``episodes_in_progress``), so the cost follows the history, not the library.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from player.recommend import Candidate, Profile, Show
from player.storage import Store

NEWEST_IN_LIBRARY = 30  # the library-wide newest unheard: defaults and shows not tried yet
PER_SHOW = 3  # per heard show: this many newest, and this many next in order
MAX_HEARD_SHOWS = 150  # the shows with the most listens, when a history covers even more

_CANDIDATE_COLUMNS = (
    "e.id, e.podcast_id, e.published, e.duration, e.season, e.number, e.episode_type, e.state, "
    "e.position, e.last_played, p.title"
)
"""The fields of :class:`~player.recommend.facts.Candidate`, in order."""

_candidate = functools.partial(tuple.__new__, Candidate)
_show = functools.partial(tuple.__new__, Show)
"""Rows whose columns are the record's fields, in order, as records (built in C: 500 shows
and 450 candidates per suggestion)."""


def load_shows(store: Store) -> dict[int, Show]:
    """Every subscription's title and declared kind."""
    rows = store.db.conn.execute("SELECT id, title, kind FROM podcasts").fetchall()
    return {row[0]: _show(row) for row in rows}


def dismissed_ids(store: Store) -> dict[int, int]:
    """Episode id -> podcast id of every "not interested" click kept."""
    rows = store.db.conn.execute(
        # CROSS JOIN keeps SQLite from scanning all episodes when it misjudges the sizes.
        "SELECT d.episode_id, e.podcast_id FROM dismissed d CROSS JOIN episodes e "
        "ON e.id = d.episode_id"
    )
    return dict(rows.fetchall())


def queued_ids(store: Store) -> set[int]:
    """Episodes already in the queue: suggesting them again would waste a line."""
    return {r[0] for r in store.db.conn.execute("SELECT episode_id FROM queue")}


def _ids(store: Store, sql: str, params: tuple[object, ...]) -> list[int]:
    return [r[0] for r in store.db.conn.execute(sql, params)]


def candidate_ids(store: Store, profile: Profile, shows: dict[int, Show], at: float) -> set[int]:
    """The ids worth scoring at ``at`` (unheard and published by then)."""
    found: set[int] = set()
    found.update(
        _ids(
            store,
            "SELECT id FROM episodes INDEXED BY episodes_in_progress "
            "WHERE state = 'new' AND position > 0 AND published <= ?",
            (at,),
        )
    )
    newest = _ids(
        store,
        # "+state": walk the published index newest first instead of sorting every new episode.
        "SELECT id FROM episodes WHERE +state = 'new' AND published <= ? "
        "ORDER BY published DESC LIMIT ?",
        (at, NEWEST_IN_LIBRARY),
    )
    found.update(newest)
    heard = sorted(profile.shows.values(), key=lambda h: (-h.listens, h.show_id))
    for habit in heard[:MAX_HEARD_SHOWS]:
        found.update(
            _ids(
                store,
                "SELECT id FROM episodes WHERE podcast_id = ? AND state = 'new' "
                "AND published <= ? ORDER BY published DESC LIMIT ?",
                (habit.show_id, at, PER_SHOW),
            )
        )
        after = habit.furthest.published if habit.furthest is not None else None
        found.update(_in_order(store, habit.show_id, after, at))
    for show_id in _untried_serials(store, newest, profile, shows):
        found.update(_in_order(store, show_id, None, at))
    return found


def _in_order(store: Store, show_id: int, after: float | None, at: float) -> list[int]:
    """The next unheard episodes of a show in publication order (from the start: ``None``)."""
    return _ids(
        store,
        "SELECT id FROM episodes WHERE podcast_id = ? AND state = 'new' AND published > ? "
        "AND published <= ? ORDER BY published ASC LIMIT ?",
        (show_id, -1e18 if after is None else after, at, PER_SHOW),
    )


def _untried_serials(
    store: Store, newest: list[int], profile: Profile, shows: dict[int, Show]
) -> list[int]:
    """Serials among the recently active shows that the listener has not started yet."""
    if not newest:
        return []
    marks = ",".join("?" * len(newest))
    active = _ids(
        store, f"SELECT DISTINCT podcast_id FROM episodes WHERE id IN ({marks})", tuple(newest)
    )
    return sorted(
        s for s in active if s not in profile.shows and shows.get(s, Show(s, "")).kind == "serial"
    )


def load_candidates(store: Store, ids: Iterable[int], exclude: Iterable[int]) -> list[Candidate]:
    """The candidate ids minus dismissed and queued ones, in id order, as light records.

    Only the facts scoring reads: a full episode costs ~10 µs to build, more than scoring it,
    so ``suggest`` reads in full only the few it suggests.
    """
    skip = set(exclude)
    wanted = sorted(i for i in ids if i not in skip)
    if not wanted:
        return []
    rows = store.db.conn.execute(
        f"SELECT {_CANDIDATE_COLUMNS} FROM episodes e JOIN podcasts p ON p.id = e.podcast_id "
        f"WHERE e.id IN ({','.join('?' * len(wanted))})",
        wanted,
    ).fetchall()
    by_id = {row[0]: row for row in rows}
    return [_candidate(by_id[i]) for i in wanted if i in by_id]
