"""Undo for the quick clicks that throw something away: remove from queue (or clear it), mark
played, dismiss.

Each command reads what it is about to change, makes the change, and keeps a step that
writes the old state back exactly: the queue places, the played flag with the saved position
and last-played time, the "not interested" mark as it was. Steps are kept newest first, a few
of them, for this session only. Commands run on worker threads (the GUI) or directly (tests):
the stack is guarded by a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from player.i18n import _, ngettext
from player.services.queue import QueueService
from player.services.up_next import UpNextService
from player.storage import EpisodeRepo, Store
from player.storage.listening_states import ListeningStateRepo

UNDO_LIMIT = 20
"""Steps kept: enough for a burst of clicks; older ones are forgotten."""


@dataclass(frozen=True, slots=True)
class UndoStep:
    """One undoable change: what the listener is told, and how to take it back."""

    done: str
    """What happened, as a sentence: 'Removed “Title” from the queue.'"""
    undone: str
    """What undoing it says: '“Title” is back in the queue.'"""
    restore: Callable[[], None]


class UndoService:
    """The undoable commands and the stack of their steps."""

    def __init__(
        self, store: Store, queue: QueueService, up_next: UpNextService, limit: int = UNDO_LIMIT
    ) -> None:
        self.store = store
        self.queue = queue
        self.up_next = up_next
        self.limit = limit
        self._states = ListeningStateRepo(store)
        self._steps: list[UndoStep] = []
        self._lock = threading.Lock()

    # -- the commands -----------------------------------------------------------------------

    def remove_from_queue(self, episode_ids: Sequence[int]) -> UndoStep | None:
        """Take episodes out of the queue; None when none of them was queued."""
        queue_id = self.queue.active_id()  # the undo puts them back here, even after a switch
        places = self.queue.places(episode_ids, queue_id)
        if not places:
            return None
        self.queue.remove(places, queue_id)
        what = self._what(list(places))
        return self._push(
            UndoStep(
                done=_("Removed {what} from the queue.").format(what=what),
                undone=ngettext(
                    "{what} is back in the queue.", "{what} are back in the queue.", len(places)
                ).format(what=_capital(what)),
                restore=lambda: self.queue.put_back(places, queue_id),
            )
        )

    def clear_queue(self) -> UndoStep | None:
        """Empty the queue; undo brings every entry back in its order (None: it was empty)."""
        queue_id = self.queue.active_id()
        places = {episode_id: i for i, episode_id in enumerate(self.queue.ids(queue_id))}
        if not places:
            return None
        self.queue.clear(queue_id)
        count = len(places)
        return self._push(
            UndoStep(
                done=ngettext(
                    "Cleared the queue ({count} episode).",
                    "Cleared the queue ({count} episodes).",
                    count,
                ).format(count=count),
                undone=ngettext(
                    "The queue is back ({count} episode).",
                    "The queue is back ({count} episodes).",
                    count,
                ).format(count=count),
                restore=lambda: self.queue.put_back(places, queue_id),
            )
        )

    def mark_played(self, episode_ids: Sequence[int], played: bool = True) -> UndoStep | None:
        """Mark episodes played (position reset) or unplayed; None when there are none."""
        before = self._states.read(list(episode_ids))
        if not before:
            return None
        EpisodeRepo(self.store).mark_played([s.episode_id for s in before], played)
        what = self._what([s.episode_id for s in before])
        done = _("Marked {what} played.") if played else _("Marked {what} unplayed.")
        return self._push(
            UndoStep(
                done=done.format(what=what),
                undone=_("Restored the played state and position of {what}.").format(what=what),
                restore=lambda: self._states.restore(before),
            )
        )

    def dismiss(self, episode_id: int) -> UndoStep:
        """ "Not interested" in a suggestion (see :meth:`UpNextService.dismiss`)."""
        before = self.up_next.dismissed_at(episode_id)
        self.up_next.dismiss(episode_id)
        what = self._what([episode_id])
        return self._push(
            UndoStep(
                done=f"{_capital(what)} will not be suggested again.",
                undone=f"{_capital(what)} can be suggested again.",
                restore=lambda: self.up_next.undismiss(episode_id, before),
            )
        )

    # -- the stack ----------------------------------------------------------------------------

    @property
    def latest(self) -> UndoStep | None:
        """The step Undo would take back now."""
        with self._lock:
            return self._steps[-1] if self._steps else None

    def undo(self) -> UndoStep | None:
        """Take back the latest step (None when there is nothing to undo)."""
        with self._lock:
            step = self._steps.pop() if self._steps else None
        if step is not None:
            step.restore()
        return step

    def push(self, step: UndoStep) -> UndoStep:
        """Keep a step another service made (bookmarks): Undo and Ctrl+Z take it back too."""
        return self._push(step)

    def _push(self, step: UndoStep) -> UndoStep:
        with self._lock:
            self._steps.append(step)
            del self._steps[: -self.limit]
        return step

    def _what(self, episode_ids: list[int]) -> str:
        if len(episode_ids) == 1:
            found = EpisodeRepo(self.store).get_many(episode_ids)
            if found:
                return f"“{found[0].title}”"
            return "1 episode"
        return f"{len(episode_ids)} episodes"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
