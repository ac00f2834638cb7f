"""The play queues as use cases: add next / add last, reorder, remove, time left, and the named
queues ("Next up", "News first", "Long listens") with the one the player follows.

Every entry command acts on the **active** queue unless given a ``queue_id``: the queue pane,
the player's "next", MPRIS, the command line and undo all mean "the queue I am listening
from". Which queue is active is read from the store each time (never cached), so the window,
the player and a command run in a terminal agree after a switch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from player.domain.errors import NotFoundError, PlayerError
from player.domain.models import Episode, QueueEntry
from player.domain.organise import NEXT_UP_QUEUE_ID, QueueSummary
from player.i18n import _
from player.storage import EpisodeRepo, PodcastRepo, QueueRepo, SettingsRepo, Store
from player.storage.queues import QueuesRepo

MAX_NAME = 80
"""Longest queue name kept (a name is a label in a combo box, not a description)."""


class QueueNameError(PlayerError):
    """A queue name that cannot be used: empty, taken, or the protected "Next up"."""


@dataclass(frozen=True, slots=True)
class QueueView:
    """The queue with what the pane shows beside it."""

    entries: list[QueueEntry]
    rates: dict[int, float]
    """Playback rate per queued episode id (its podcast's rate, else the default)."""
    covers: dict[int, str] = field(default_factory=dict)
    """Cover URL per queued episode id (its own image, else its podcast's)."""
    queue_id: int = NEXT_UP_QUEUE_ID
    """Which queue these entries are (the active one when the view was read)."""
    queues: list[QueueSummary] = field(default_factory=list)
    """Every queue with its count, read with the entries (the pane's selector)."""

    @property
    def ids(self) -> list[int]:
        """Queued episode ids in play order."""
        return [e.episode.id for e in self.entries]

    @property
    def seconds_left(self) -> float:
        """Listening time left for the whole queue, at each episode's own rate."""
        return sum(remaining(e.episode) / self.rates.get(e.episode.id, 1.0) for e in self.entries)

    @property
    def queue(self) -> QueueSummary | None:
        """The summary of the queue shown (None for a view built without the list)."""
        return next((q for q in self.queues if q.id == self.queue_id), None)


def remaining(episode: Episode) -> float:
    """Seconds of an episode still to hear (0 when its length is unknown)."""
    if not episode.duration:
        return 0.0
    return max(0.0, episode.duration - episode.position)


class QueueService:
    """Everything the queue pane, the player and the command line do to the queues."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.queues_repo = QueuesRepo(store)
        self.podcasts = PodcastRepo(store)
        self.episodes = EpisodeRepo(store)
        self.settings = SettingsRepo(store)

    @property
    def repo(self) -> QueueRepo:
        """The entries of the active queue (read afresh: another caller may have switched)."""
        return QueueRepo(self.store, self.active_id())

    def _repo(self, queue_id: int | None) -> QueueRepo:
        if queue_id is None:
            return self.repo
        self._check(queue_id)
        return QueueRepo(self.store, queue_id)

    def _check(self, queue_id: int) -> QueueSummary:
        found = self.queues_repo.get(queue_id)
        if found is None:
            raise NotFoundError(
                _("There is no queue with id {queue_id}.").format(queue_id=queue_id)
            )
        return found

    # -- entries ---------------------------------------------------------------------------

    def view(self, queue_id: int | None = None) -> QueueView:
        """A queue (the active one by default), the rates that apply to each entry, and the
        list of queues."""
        repo = self._repo(queue_id)
        entries = repo.entries()
        default = float(self.settings.get("playback.rate") or 1.0)
        by_podcast = self.podcasts.rates_and_images(e.episode.podcast_id for e in entries)
        rates: dict[int, float] = {}
        covers: dict[int, str] = {}
        for e in entries:
            rate, image = by_podcast.get(e.episode.podcast_id, (None, ""))
            rates[e.episode.id] = float(rate or default)
            covers[e.episode.id] = e.episode.image_url or image or ""
        return QueueView(
            entries=entries,
            rates=rates,
            covers=covers,
            queue_id=repo.queue_id,
            queues=self.queues_repo.summaries(),
        )

    def add(
        self, episode_ids: Iterable[int], next_up: bool = False, queue_id: int | None = None
    ) -> None:
        """Queue episodes at the end, or right at the front ("play next")."""
        ids = list(episode_ids)
        try:
            self._repo(queue_id).insert(ids, index=0 if next_up else None)
        except sqlite3.IntegrityError:
            raise self._missing(ids) from None

    def _missing(self, episode_ids: list[int]) -> PlayerError:
        """The sentence for a write that named an episode the library does not have."""
        gone = [e for e in episode_ids if not self.episodes.exists(e)]
        if not gone:
            return PlayerError(_("The queue could not be changed."))
        return NotFoundError(_("There is no episode with id {gone}.").format(gone=gone[0]))

    def insert(self, episode_ids: Iterable[int], index: int, queue_id: int | None = None) -> None:
        """Queue (or move) episodes to a place in the queue (drag and drop)."""
        self._repo(queue_id).insert(episode_ids, index=index)

    def remove(self, episode_ids: Iterable[int], queue_id: int | None = None) -> None:
        """Take episodes out of the queue."""
        self._repo(queue_id).remove(episode_ids)

    def move(self, episode_ids: Iterable[int], offset: int, queue_id: int | None = None) -> None:
        """Move entries up (negative ``offset``) or down, as a block (Alt+Up / Alt+Down).

        Relative, and worked out on the stored order: two quick presses move two places even
        when the pane has not shown the first move yet.
        """
        self._repo(queue_id).move(episode_ids, offset)

    def move_to_top(self, episode_ids: Iterable[int], queue_id: int | None = None) -> None:
        """Put entries at the front, keeping their order."""
        self._repo(queue_id).insert(episode_ids, index=0)

    def move_to_bottom(self, episode_ids: Iterable[int], queue_id: int | None = None) -> None:
        """Put entries at the end, keeping their order."""
        self._repo(queue_id).insert(episode_ids, index=None)

    def places(self, episode_ids: Iterable[int], queue_id: int | None = None) -> dict[int, int]:
        """Each queued episode's index (what undoing a removal puts back)."""
        return self._repo(queue_id).places(episode_ids)

    def put_back(self, places: dict[int, int], queue_id: int | None = None) -> None:
        """Return episodes to the indexes :meth:`places` read (a queue deleted meanwhile
        takes them nowhere: the undo has nothing left to restore into)."""
        if queue_id is not None and not self.queues_repo.exists(queue_id):
            return
        self._repo(queue_id).put_back(places)

    def set_order(self, episode_ids: list[int], queue_id: int | None = None) -> None:
        """Replace the order."""
        self._repo(queue_id).set_order(episode_ids)

    def clear(self, queue_id: int | None = None) -> None:
        """Empty the queue."""
        self._repo(queue_id).clear()

    def ids(self, queue_id: int | None = None) -> list[int]:
        """Queued ids in order."""
        return self._repo(queue_id).ids()

    def next_after(self, episode_id: int | None) -> int | None:
        """The active queue's entry after ``episode_id`` (its head when that is not in it)."""
        return self.repo.next_after(episode_id)

    def move_to_queue(self, episode_ids: Iterable[int], queue_id: int) -> None:
        """Move episodes from the active queue to the end of another, in one transaction
        (ones already there keep their place; the move never leaves one in neither)."""
        self.move_between(episode_ids, None, queue_id)

    def move_between(self, episode_ids: Iterable[int], source: int | None, target: int) -> None:
        """Move episodes from ``source`` (None: the active queue) to the end of ``target``."""
        self._check(target)
        ids = list(episode_ids)
        try:
            self.queues_repo.move_entries(
                ids, self.active_id() if source is None else self._check(source).id, target
            )
        except sqlite3.IntegrityError:
            raise self._missing(ids) from None

    def fill(self, queue_id: int, episode_ids: Iterable[int]) -> None:
        """Replace a queue's contents ("play this smart playlist" fills its own queue)."""
        self._check(queue_id)
        ids = list(episode_ids)
        try:
            self.queues_repo.fill(queue_id, ids)
        except sqlite3.IntegrityError:
            raise self._missing(ids) from None

    # -- the named queues ------------------------------------------------------------------

    def queues(self) -> list[QueueSummary]:
        """Every queue, in the listener's order, with counts and which one is active."""
        return self.queues_repo.summaries()

    def find(self, name: str) -> QueueSummary:
        """The queue called ``name`` (case-insensitive); NotFoundError when there is none."""
        found = self.queues_repo.by_name(name)
        if found is None:
            raise NotFoundError(_("There is no queue called “{strip}”.").format(strip=name.strip()))
        return found

    def active_id(self) -> int:
        """The queue the player follows ("Next up" when the active one was deleted)."""
        return self.queues_repo.active_id()

    def active(self) -> QueueSummary:
        """The summary of the active queue."""
        return self._check(self.active_id())

    def set_active(self, queue_id: int) -> None:
        """Follow another queue: the pane shows it, "next" and the end of an episode use it."""
        self._check(queue_id)
        self.queues_repo.set_active(queue_id)

    def create(self, name: str) -> int:
        """A new empty queue at the end of the list; its id."""
        clean = _clean(name)
        try:
            return self.queues_repo.create(clean)
        except sqlite3.IntegrityError:
            raise QueueNameError(
                _("There is already a queue called “{clean}”.").format(clean=clean)
            ) from None

    def ensure_queue(self, name: str) -> int:
        """The id of the queue called ``name``, created when there is none yet."""
        found = self.queues_repo.by_name(_clean(name))
        return found.id if found is not None else self.create(name)

    def rename(self, queue_id: int, name: str) -> None:
        """Give a queue another name (any queue, "Next up" included)."""
        self._check(queue_id)
        clean = _clean(name)
        try:
            self.queues_repo.rename(queue_id, clean)
        except sqlite3.IntegrityError:
            raise QueueNameError(
                _("There is already a queue called “{clean}”.").format(clean=clean)
            ) from None

    def delete(self, queue_id: int) -> None:
        """Delete a queue and its entries (not the episodes); the active one falls back to
        "Next up", which itself cannot be deleted."""
        summary = self._check(queue_id)
        if queue_id == NEXT_UP_QUEUE_ID:
            raise QueueNameError(
                _("“{name}” cannot be deleted: every library keeps it.").format(name=summary.name)
            )
        self.queues_repo.delete(queue_id)

    def reorder(self, queue_ids: list[int]) -> None:
        """The order the selector lists the queues in."""
        self.queues_repo.reorder(queue_ids)

    def set_auto_advance(self, queue_id: int, on: bool) -> None:
        """Whether the end of an episode goes on to this queue's next entry (the player's
        own auto-advance setting must allow it too)."""
        self._check(queue_id)
        self.queues_repo.set_auto_advance(queue_id, on)


def _clean(name: str) -> str:
    """A usable queue name, or a one-sentence refusal."""
    clean = " ".join(name.split())
    if not clean:
        raise QueueNameError(_("A queue needs a name."))
    if len(clean) > MAX_NAME:
        raise QueueNameError(
            _("A queue name can have at most {MAX_NAME} characters.").format(MAX_NAME=MAX_NAME)
        )
    return clean


class PlayerQueue:
    """What the player asks of the queues: the entry after this one in the active queue, by
    hand ("next") or at the end of an episode, when that queue's auto-advance allows it."""

    def __init__(self, store: Store) -> None:
        self.queues = QueuesRepo(store)
        self.store = store

    def next_after(self, episode_id: int | None) -> int | None:
        """The active queue's entry after ``episode_id`` (its head when that is not in it)."""
        return QueueRepo(self.store, self.queues.active_id()).next_after(episode_id)

    def advance_after(self, episode_id: int) -> int | None:
        """What the end of ``episode_id`` goes on to: None when the active queue is set to
        stop at the end of each episode."""
        active = self.queues.active_id()
        if not self.queues.auto_advance(active):
            return None
        return QueueRepo(self.store, active).next_after(episode_id)
