"""Up next: personal suggestions computed on this machine from this listener's history.

The GUI calls :class:`UpNextService` from a worker thread; the CLI calls it directly. Nothing it
reads or writes leaves the data folder. While learning is paused it writes nothing at all: a
"not interested" click then hides the episode for as long as this service lives (the app
session) instead of being kept.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any, Protocol

from player.domain.errors import NotFoundError
from player.domain.suggestion import Suggestion
from player.i18n import _, ngettext
from player.recommend import Moment, suggest
from player.services.collector import collector_paused
from player.services.up_next_history import HabitsCache
from player.services.up_next_inputs import candidate_ids, load_candidates, load_shows
from player.storage import EpisodeRepo, HistoryRepo, SettingsRepo, Store
from player.storage.candidates import CandidateRepo
from player.storage.queues import QueuesRepo

LEARNING_KEY = "recommend.learning"


class SettingsLike(Protocol):
    """What the service needs of settings (``SettingsRepo`` or the GUI's wrapper of it)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


class UpNextService:
    """Ranked, explained suggestions; "not interested"; pausing and clearing what is learned.

    ``tz`` is the clock habits are read on; None means this computer's local time.
    """

    def __init__(
        self, store: Store, settings: SettingsLike | None = None, tz: tzinfo | None = None
    ) -> None:
        self.store = store
        self.settings: SettingsLike = settings if settings is not None else SettingsRepo(store)
        self.tz = tz
        self._hidden: set[int] = set()  # dismissed while learning was paused: kept in memory
        self.candidates = CandidateRepo(store)
        self._queues = QueuesRepo(store)  # suggestions leave out the active queue's entries
        self._habits = HabitsCache(store)  # keep one service for the app: this is its memory

    # -- learning switch -------------------------------------------------------------------

    @property
    def learning(self) -> bool:
        """Whether listening and "not interested" clicks are kept to shape suggestions."""
        return bool(self.settings.get(LEARNING_KEY, True))

    @learning.setter
    def learning(self, on: bool) -> None:
        self.settings.set(LEARNING_KEY, bool(on))

    # -- suggestions -----------------------------------------------------------------------

    def _moment(self, at: datetime | None) -> datetime:
        if at is None:
            return datetime.fromtimestamp(time.time(), self.tz)
        if at.tzinfo is None:
            return at if self.tz is None else at.replace(tzinfo=self.tz)
        if self.tz is None:
            # This computer's clock, as a naive local time: a fixed offset such as the "+01:00"
            # of --at would misread every listen made under the other side of a DST change.
            return at.astimezone().replace(tzinfo=None)
        return at.astimezone(self.tz)

    def suggest(
        self,
        at: datetime | None = None,
        limit: int = 5,
        exclude: Iterable[int] = (),
        minutes: float | None = None,
    ) -> list[Suggestion]:
        """The ``limit`` best next episodes at ``at`` (default: now), best first.

        ``exclude``: episodes the caller already shows elsewhere (the one loaded in the
        player: "you stopped 1 minute in" about the episode on screen is no suggestion).
        ``minutes``: "I have N minutes": what is left of each episode is fitted to that instead
        of to the time the listener usually listens for at this hour.
        Deterministic: the same library, history and ``at`` give the same ranking.
        """
        if limit <= 0:
            return []
        with collector_paused():
            return self._suggest(self._moment(at), limit, set(exclude), minutes)

    def _suggest(
        self, when: datetime, limit: int, also_exclude: set[int], minutes: float | None = None
    ) -> list[Suggestion]:
        moment = Moment.of(when)
        repo = self.candidates
        dismissed = repo.dismissed_shows()
        by_show: dict[int, int] = {}
        for podcast_id in dismissed.values():
            by_show[podcast_id] = by_show.get(podcast_id, 0) + 1
        habits = self._habits.profile(moment.at, when.tzinfo)
        profile = habits.at_moment(moment.at, by_show)
        shows = load_shows(repo)
        ids = candidate_ids(repo, profile, shows, moment.at)
        exclude = (
            set(dismissed) | self._hidden | repo.queued_ids(self._queues.active_id()) | also_exclude
        )
        candidates = load_candidates(repo, ids, exclude)
        load = EpisodeRepo(self.store).get_many
        return suggest(profile, shows, candidates, moment, limit, load, minutes)

    # -- what the listener tells us ---------------------------------------------------------

    def dismiss(self, episode_id: int) -> None:
        """ "Not interested": the episode never comes back, and its show counts a little less.

        With learning paused the click is honoured for this session but not written down.
        """
        if not EpisodeRepo(self.store).exists(episode_id):
            raise NotFoundError(
                _("There is no episode with id {episode_id}.").format(episode_id=episode_id)
            )
        self._hidden.add(episode_id)
        if not self.learning:
            return
        self.candidates.dismiss(episode_id)

    def dismissed_at(self, episode_id: int) -> float | None:
        """When a kept "not interested" click on this episode was made (None: there is none)."""
        return self.candidates.dismissed_at(episode_id)

    def undismiss(self, episode_id: int, before: float | None = None) -> None:
        """Take back a "not interested" click: the mark as it was ``before`` (None: no mark).

        ``before`` is what :meth:`dismissed_at` read ahead of the click, so undoing a second
        click on an episode dismissed long ago keeps the old mark instead of forgetting it.
        """
        self._hidden.discard(episode_id)
        self.candidates.restore_dismissed(episode_id, before)

    def clear_history(self) -> None:
        """Forget every listening event and "not interested" click, in one transaction.

        Positions and played marks stay: they are the library's state, not learned habits.
        """
        with self.store.write() as conn:
            HistoryRepo(self.store).clear()  # nested: part of this one transaction
            self.candidates.clear_dismissed(conn)
        self._hidden.clear()

    # -- privacy page ------------------------------------------------------------------------

    def describe_kept_data(self) -> str:
        """Plain words for the privacy page: what is kept, where, and that nothing leaves."""
        events, first, last = HistoryRepo(self.store).summary()
        dismissed = self.candidates.dismissed_count()
        where = str(self.store.path) if self.store.path is not None else "memory only"
        if events and first is not None and last is not None:
            span = ngettext(
                "{n} listening event, from {first} to {last}",
                "{n} listening events, from {first} to {last}",
                events,
            ).format(n=events, first=_date(first, self.tz), last=_date(last, self.tz))
        else:
            span = _("no listening events")
        state = (
            _("Learning is on: what you play and dismiss shapes your suggestions.")
            if self.learning
            else _("Learning is paused: nothing you play or dismiss is being recorded.")
        )
        return _(
            'This computer keeps {span}, {dismissed} "not interested" marks, and where you '
            "stopped in each episode. It is all in your library file ({where}). Suggestions are "
            "computed here, from that data only; nothing is sent anywhere. "
            "{state} Clearing the history forgets the listening events and the marks; your "
            "subscriptions, positions and played episodes stay."
        ).format(span=span, dismissed=dismissed, where=where, state=state)


def _date(ts: float, tz: tzinfo | None) -> str:
    return datetime.fromtimestamp(ts, tz).strftime("%Y-%m-%d")
