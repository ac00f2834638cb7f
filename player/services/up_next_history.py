"""The listens up next reads habits from, kept in memory and brought up to date row by row.

Habits are read from the most recent listens only (:data:`HISTORY_WINDOW`). Re-reading them
after every play event cost ~20 ms of SQL and object building, and the player saves the span
being heard every few seconds, so that was the common case. Migration v5 stamps each listen
with the revision of its last change (an insert, a longer span, new facts of its episode) and
counts deletions; the window then reads only the rows changed since it last looked. A deletion
(history cleared, a show unsubscribed) is the one change it cannot follow: it reads the window
again.

The window always holds exactly what one query for "the last :data:`HISTORY_WINDOW` listens up
to ``at``" would return, so habits built from it equal habits built from scratch.
"""

from __future__ import annotations

import functools
import threading
from datetime import tzinfo
from operator import attrgetter

from player.recommend import Listen, Profile, build_profile
from player.recommend.listening import LocalClock
from player.storage import HistoryRepo, Store

HISTORY_WINDOW = 3000
"""Habits are read from the most recent listens only: at ten a day that is ten months, and
with half-lives of four to six weeks older listening weighs next to nothing."""

_listen = functools.partial(tuple.__new__, Listen)
"""A :data:`~player.storage.history.ListenRow` as a :class:`Listen` (its columns are the
fields, in order)."""

_order = attrgetter("started_at", "event_id")
"""The window's order, oldest first: start time, then row id (the order of the full query)."""


class HistoryWindow:
    """The last ``size`` listens that started by a moment, oldest first.

    Invariant: ``_listens`` holds every listen that started by ``_at`` whose (start, id) is at
    least ``_floor``; ``_floor`` is None when it holds all of them.
    """

    def __init__(self, store: Store, size: int = HISTORY_WINDOW) -> None:
        self.store = store
        self.history = HistoryRepo(store)
        self.size = size
        self.version = 0
        """Changes whenever the listens do: a cache key for what is built from them."""
        self._listens: list[Listen] = []
        self._at = 0.0
        self._floor: tuple[float, int] | None = None
        self._seen: tuple[int, int] | None = None  # (revision, deletions) at the last look

    def listens(self, at: float) -> list[Listen]:
        """The last ``size`` listens that started by ``at``, oldest first (do not modify)."""
        revision, deletions = self.history.revision()
        # Rows changed after this read may show up below too; they are read again next time,
        # which changes nothing: applying a row twice gives the same window.
        if self._seen is None or deletions != self._seen[1]:
            self._reload(at)
        elif revision != self._seen[0] or at != self._at:
            self._update(at, self._seen[0])
        self._seen = (revision, deletions)
        return self._listens

    def _reload(self, at: float) -> None:
        rows = self.history.newest_listens(at, self.size)
        rows.reverse()
        self._listens = list(map(_listen, rows))
        self._floor = _order(self._listens[0]) if len(rows) == self.size else None
        self._at = at
        self.version += 1

    def _update(self, at: float, since: int) -> None:
        """Apply the rows changed since revision ``since``, and those ``at`` moved over."""
        rows = self.history.listens_changed_since(since)
        if at != self._at:
            low, high = sorted((self._at, at))
            rows += self.history.listens_started_between(low, high)
        self._at = at
        if not rows:
            return
        changed = {row[-1]: row for row in rows}
        floor = self._floor
        listens = [li for li in self._listens if li.event_id not in changed]
        entering = sorted(
            (
                _listen(row)
                for row in changed.values()
                if row[2] <= at and (floor is None or (row[2], row[-1]) >= floor)
            ),
            key=_order,
        )
        if entering and listens and _order(entering[0]) < _order(listens[-1]):
            listens += entering
            listens.sort(key=_order)
        else:
            listens += entering
        if len(listens) > self.size:
            del listens[: len(listens) - self.size]
            floor = _order(listens[0])
        elif floor is not None and len(listens) < self.size:
            # Listens left (or moved past ``at``): the next older ones take their places.
            missing = self.size - len(listens)
            older = self.history.listens_before(at, floor, missing)
            older.reverse()
            listens[:0] = map(_listen, older)
            floor = _order(listens[0]) if len(older) == missing else None
        self._listens, self._floor = listens, floor
        self.version += 1


class HabitsCache:
    """The listener's habits at a moment, rebuilt only when the window of listens changed.

    Keeps the clock of the last zone asked about, so each listen's local hour and day type is
    worked out once, not at every rebuild. Safe to share between threads.
    """

    def __init__(self, store: Store, size: int = HISTORY_WINDOW) -> None:
        self.window = HistoryWindow(store, size)
        self._lock = threading.Lock()
        self._clock: LocalClock | None = None
        self._cached: tuple[tuple[int, tzinfo | None], Profile] | None = None

    def profile(self, at: float, tz: tzinfo | None) -> Profile:
        """The habits read from the listens that started by ``at``, on the clock of ``tz``."""
        with self._lock:
            listens = self.window.listens(at)
            key = (self.window.version, tz)
            if self._cached is not None and self._cached[0] == key:
                return self._cached[1]
            clock = self._clock
            if clock is None or clock.tz != tz or clock.remembered > 2 * self.window.size:
                self._clock = LocalClock(tz)  # a new zone, or many listens gone by: start over
            profile = build_profile(listens, at, tz, clock=self._clock)
            self._cached = (key, profile)
            return profile
