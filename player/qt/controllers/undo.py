"""Undoable commands in the window: remove from queue, mark played, "not interested".

Each runs on a worker through :class:`~player.services.undo.UndoService`; when it is written
the bar says what happened and offers Undo (also Ctrl+Z), and ``changed`` asks the views that
show the affected state to reload.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from player.i18n import _
from player.qt.widgets.undo_bar import UndoBar
from player.qt.workers import TaskRunner
from player.services.undo import UndoService, UndoStep

log = logging.getLogger(__name__)


class UndoController(QObject):
    """Runs the undoable commands and their undo; keeps the bar and the Undo action current."""

    changed = Signal()
    """Something was done or undone: queue, episode list and suggestions may differ."""
    failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        service: UndoService,
        bar: UndoBar,
        action: QAction,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.service = service
        self.bar = bar
        self.action = action
        bar.undoClicked.connect(self.undo)
        action.triggered.connect(lambda _checked=False: self.undo())
        action.setEnabled(False)
        self._pending: deque[
            tuple[Callable[[], UndoStep | None], Callable[[UndoStep | None], None], str]
        ] = deque()
        self._busy = False

    def remove_from_queue(self, episode_ids: list[int]) -> None:
        """Take episodes out of the queue (undo puts them back in their places)."""
        if episode_ids:
            self._run(lambda: self.service.remove_from_queue(episode_ids), _("Removing"))

    def clear_queue(self) -> None:
        """Empty the queue (undo restores it, in order)."""
        self._run(self.service.clear_queue, _("Clearing"))

    def mark_played(self, episode_ids: list[int], played: bool = True) -> None:
        """Mark played or unplayed (undo restores the played flag and the saved position)."""
        if episode_ids:
            self._run(lambda: self.service.mark_played(episode_ids, played), _("Marking"))

    def dismiss(self, episode_id: int) -> None:
        """ "Not interested" in a suggestion (undo brings it back)."""
        self._run(lambda: self.service.dismiss(episode_id), _("Dismissing"))

    def run(self, command: Callable[[], UndoStep | None], what: str, extra: str = "") -> None:
        """Run another part's undoable command (bookmarks) in turn with these; the bar offers
        Undo, and ``extra`` as a second button when given (see ``UndoBar.extraClicked``)."""

        def done(step: UndoStep | None) -> None:
            if step is not None:
                self.bar.offer(step.done, extra)
            self._update()

        self._queue(command, done, what)

    def undo(self) -> None:
        """Take back the latest step."""
        self._queue(self.service.undo, self._undone, _("Undo"))

    def _run(self, command: Callable[[], UndoStep | None], what: str) -> None:
        self._queue(command, self._done, what)

    def _queue(
        self,
        command: Callable[[], UndoStep | None],
        done: Callable[[UndoStep | None], None],
        what: str,
    ) -> None:
        """One command at a time, in the order asked: a quick Ctrl+Z after a removal must
        undo that removal, not race it on another worker."""
        self._pending.append((command, done, what))
        if not self._busy:
            self._next()

    def _next(self) -> None:
        if not self._pending:
            self._busy = False
            return
        self._busy = True
        command, done, what = self._pending.popleft()
        failed = self._failed(what)

        def finished(step: UndoStep | None) -> None:
            done(step)
            self._next()

        def broke(exc: BaseException) -> None:
            failed(exc)
            self._next()

        self.runner.run(command, finished, broke)

    def _done(self, step: UndoStep | None) -> None:
        if step is not None:
            self.bar.offer(step.done)
        self._update()

    def _undone(self, step: UndoStep | None) -> None:
        self.bar.done(step.undone if step is not None else _("Nothing to undo."))
        self._update()

    def _update(self) -> None:
        latest = self.service.latest
        self.action.setEnabled(latest is not None)
        self.action.setToolTip(
            _("Undo: {done}").format(done=latest.done) if latest is not None else _("Undo")
        )
        self.changed.emit()

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        def report(exc: BaseException) -> None:
            log.warning("%s failed: %s", what, exc)
            self.failed.emit(f"{what} failed: {exc}")

        return report
