"""Up-next suggestions under the queue: computed on a worker, refreshed when the moment moves.

A queued episode is never shown as a suggestion: the service leaves queued episodes out, and
whenever the queue changes the panel drops their cards at once and asks the service again (a
computation that started before the change may arrive after it, so its result is filtered
by the queue as last shown, too).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, SignalInstance

from player.domain.models import Episode
from player.domain.suggestion import Suggestion
from player.qt.widgets.suggestions import SuggestionsPanel
from player.qt.workers import TaskRunner
from player.services.up_next import UpNextService

log = logging.getLogger(__name__)

REFRESH_MS = 10 * 60 * 1000
"""Time of day matters to the suggestions: look again every ten minutes."""
SHOWN = 5
"""Suggestions computed and shown (three always fit; the rest scroll)."""


class SuggestionsController(QObject):
    """Keeps the suggestions panel current and carries out its clicks.

    ``refresh_on``: signals after which the suggestions are computed again (the queue, the
    library or the listening history changed).
    """

    def __init__(
        self,
        panel: SuggestionsPanel,
        runner: TaskRunner,
        up_next: UpNextService,
        play: Callable[[Episode], None],
        queue: Callable[[list[int]], None],
        dismiss: Callable[[int], None] | None = None,
        refresh_on: Iterable[SignalInstance] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.runner = runner
        self.up_next = up_next
        self.current: list[Suggestion] = []
        self.queued: set[int] = set()
        self.playing: int | None = None
        self._dismiss = dismiss
        self._queue = queue
        self._pending = False
        self._again = False
        self._started = False
        panel.playRequested.connect(play)
        panel.queueRequested.connect(self._queue_one)
        panel.dismissRequested.connect(self.dismiss)
        panel.minutesChanged.connect(self.set_minutes)
        self.minutes: int | None = panel.minutes
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        for signal in refresh_on:
            signal.connect(lambda *_: self.refresh())

    def refresh(self) -> None:
        """Compute suggestions again (coalesced: one computation at a time)."""
        self._started = True
        if self._pending:
            self._again = True
            return
        self._pending = True
        loaded = () if self.playing is None else (self.playing,)
        minutes = self.minutes
        self.runner.run(
            lambda: self.up_next.suggest(limit=SHOWN, exclude=loaded, minutes=minutes),
            self._shown,
            self._failed,
        )

    def set_minutes(self, minutes: int) -> None:
        """ "I have N minutes" (0: the usual length): suggestions are computed again for it."""
        chosen = minutes or None
        if chosen == self.minutes:
            return
        self.minutes = chosen
        self.refresh()

    def playing_changed(self, episode_id: int | None) -> None:
        """The episode loaded in the player is not suggested (its card goes at once)."""
        if episode_id == self.playing:
            return
        self.playing = episode_id
        if episode_id is not None:
            self._hide(episode_id)
        if self._started:
            self.refresh()

    def queue_changed(self, episode_ids: list[int]) -> None:
        """The queue as the pane now shows it: drop queued cards now, then ask again."""
        queued = set(episode_ids)
        if queued == self.queued:
            return
        self.queued = queued
        self._hide(*queued)
        if self._started:  # at start-up the first computation waits for the library to show
            self.refresh()

    def _queue_one(self, episode_id: int) -> None:
        self._hide(episode_id)
        self._queue([episode_id])

    def _hide(self, *episode_ids: int) -> None:
        hidden = set(episode_ids)
        self.current = [s for s in self.current if s.episode.id not in hidden]
        self.panel.drop(hidden)

    def _shown(self, suggestions: list[Suggestion]) -> None:
        self._pending = False
        shown_elsewhere = self.queued | ({self.playing} if self.playing is not None else set())
        self.current = [s for s in suggestions if s.episode.id not in shown_elsewhere]
        self.panel.set_suggestions(self.current)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._pending = False
        log.warning("up next failed: %s", exc)
        if self._again:
            self._again = False
            self.refresh()

    def dismiss(self, episode_id: int) -> None:
        """ "Not interested" (a signal too, unless learning is paused); the card goes at once."""
        self._hide(episode_id)
        if self._dismiss is not None:
            self._dismiss(episode_id)  # undoable; its ``changed`` brings a refresh
            return
        self.runner.run(lambda: self.up_next.dismiss(episode_id), lambda _: self.refresh())

    def episodes(self) -> list[Episode]:
        """The suggested episodes, best first."""
        return [s.episode for s in self.current]
