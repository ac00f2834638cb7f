"""Queue pane wiring: moves, the context menu's commands, and the playing mark.

Moves run on a worker and the pane reloads from the store afterwards; removing and marking
played go through the undo controller so they can be taken back. The selector's commands
(switch, create, rename, delete, auto-advance) and "Move to queue ▸" go through
``change_queues``, which runs the change and the reload as one task.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel

from player.domain.models import Episode
from player.i18n import _
from player.qt.bridges.player import PlayerBridge
from player.qt.controllers.undo import UndoController
from player.qt.models.episode_cells import EpisodeRole
from player.qt.panes.library import LibraryPane
from player.qt.panes.queue import QueuePane
from player.qt.workers import TaskRunner
from player.services.queue import QueueService


class QueueController:
    """Carries out what the queue pane asks for and keeps it in step with playback."""

    def __init__(
        self,
        pane: QueuePane,
        library_pane: LibraryPane,
        runner: TaskRunner,
        queue: QueueService,
        player: PlayerBridge,
        undo: UndoController,
        reload: Callable[[], None],
        failed: Callable[[str], None],
        change_queues: Callable[[Callable[[], object]], None],
    ) -> None:
        self.pane = pane
        self.library_pane = library_pane
        self.runner = runner
        self.queue = queue
        self.reload = reload
        self.failed = failed
        self._reveal: tuple[int, int] | None = None
        """(episode id, podcast id) to select once that show's episodes are listed."""
        self.change_queues = change_queues
        pane.moveRequested.connect(lambda ids, by: self._in_shown(queue.move, ids, by))
        pane.moveToTopRequested.connect(lambda ids: self._in_shown(queue.move_to_top, ids))
        pane.moveToBottomRequested.connect(lambda ids: self._in_shown(queue.move_to_bottom, ids))
        pane.moveToQueueRequested.connect(self.move_to_queue)
        selector = pane.selector
        selector.activateRequested.connect(
            lambda queue_id: change_queues(lambda: queue.set_active(queue_id))
        )
        selector.createRequested.connect(self.create)
        selector.renameRequested.connect(
            lambda queue_id, name: change_queues(lambda: queue.rename(queue_id, name))
        )
        selector.deleteRequested.connect(
            lambda queue_id: change_queues(lambda: queue.delete(queue_id))
        )
        selector.autoAdvanceRequested.connect(
            lambda queue_id, on: change_queues(lambda: queue.set_auto_advance(queue_id, on))
        )
        pane.markPlayedRequested.connect(lambda ids: undo.mark_played(ids, True))
        pane.showInLibraryRequested.connect(self.show_in_library)
        player.episodeChanged.connect(pane.set_playing)
        player.positionChanged.connect(lambda pos, _d: pane.model.set_playing_position(pos))
        library_pane.episode_model.loaded.connect(self._select_revealed)

    def shown_id(self) -> int:
        """The queue the pane shows: moves act on it even if a switch is on its way."""
        return self.pane.model.view.queue_id

    def _in_shown(self, command: Callable[..., None], *args: object) -> None:
        """Run a move on the shown queue (read now, on the GUI thread, from the pane)."""
        queue_id = self.shown_id()
        self._change(lambda: command(*args, queue_id=queue_id))

    def move_to_queue(self, episode_ids: list[int], queue_id: int) -> None:
        """ "Move to queue ▸": from the shown queue to the end of another, one transaction."""
        source = self.shown_id()
        self.change_queues(lambda: self.queue.move_between(episode_ids, source, queue_id))

    def create(self, name: str) -> None:
        """A new queue, made the active one at once (the listener is about to fill it)."""
        self.change_queues(lambda: self.queue.set_active(self.queue.create(name)))

    def _change(self, command: Callable[[], None]) -> None:
        self.runner.run(
            command,
            lambda _: self.reload(),
            lambda exc: self.failed(_("Moving failed: {exc}").format(exc=exc)),
        )

    def show_in_library(self, episode: Episode) -> None:
        """Select the episode's show in the sidebar, then the episode in its list."""
        self._reveal = (episode.id, episode.podcast_id)
        if not self.library_pane.select_entry(f"podcast:{episode.podcast_id}"):
            self._reveal = None

    def _select_revealed(self) -> None:
        model, table = self.library_pane.episode_model, self.library_pane.table
        if self._reveal is None or model.query.podcast_id != self._reveal[1]:
            return
        wanted, self._reveal = self._reveal[0], None  # one try: a later reload must not jump
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            episode = index.data(EpisodeRole)
            if episode is not None and episode.id == wanted:
                table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                table.scrollTo(index)
                table.setFocus()
                return
