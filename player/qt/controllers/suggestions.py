"""Up-next suggestions under the queue: computed on a worker, refreshed when the moment moves."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from player.domain.models import Episode
from player.qt.widgets.suggestions import SuggestionsPanel
from player.qt.workers import TaskRunner
from player.recommend import Suggestion
from player.services.up_next import UpNextService

log = logging.getLogger(__name__)

REFRESH_MS = 10 * 60 * 1000
"""Time of day matters to the suggestions: look again every ten minutes."""


class SuggestionsController(QObject):
    """Keeps the suggestions panel current and carries out its clicks."""

    def __init__(
        self,
        panel: SuggestionsPanel,
        runner: TaskRunner,
        up_next: UpNextService,
        play: callable,
        queue: callable,  # type: ignore[valid-type]
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.runner = runner
        self.up_next = up_next
        self.current: list[Suggestion] = []
        self._pending = False
        self._again = False
        panel.playRequested.connect(lambda e: play(e))
        panel.queueRequested.connect(lambda i: (queue([i]), self.refresh()))
        panel.dismissRequested.connect(self.dismiss)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def refresh(self) -> None:
        """Compute suggestions again (coalesced: one computation at a time)."""
        if self._pending:
            self._again = True
            return
        self._pending = True
        self.runner.run(lambda: self.up_next.suggest(limit=5), self._shown, self._failed)

    def _shown(self, suggestions: list[Suggestion]) -> None:
        self._pending = False
        self.current = suggestions
        self.panel.set_suggestions(suggestions)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._pending = False
        log.warning("up next failed: %s", exc)

    def dismiss(self, episode_id: int) -> None:
        """ "Not interested" (a signal too, unless learning is paused)."""
        self.runner.run(lambda: self.up_next.dismiss(episode_id), lambda _: self.refresh())

    def episodes(self) -> list[Episode]:
        """The suggested episodes, best first."""
        return [s.episode for s in self.current]
