"""Library and queue commands: subscriptions, refresh, played state, queue edits.

Every change runs on a worker (``TaskRunner``) and the affected views reload when it is done,
so the GUI thread never writes to the database or waits for the network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from player.domain.errors import PlayerError
from player.domain.models import Episode, Podcast
from player.i18n import _, ngettext
from player.qt.actions import ActionRegistry
from player.qt.bridges.sync import SyncBridge
from player.qt.controllers.discover import DiscoverController
from player.qt.controllers.pages import episode_pages
from player.qt.controllers.undo import UndoController
from player.qt.models.episodes import EpisodeTableModel
from player.qt.models.library import LibraryListModel
from player.qt.panes.library import LibraryPane
from player.qt.panes.queue import QueuePane
from player.qt.workers import TaskRunner
from player.services.feed_passwords import FeedPasswords
from player.services.library import LibraryService
from player.services.organise import OrganiseService, SidebarData
from player.services.queue import QueueService
from player.services.refresh_summary import SyncSummary
from player.services.subscribe import SubscribeResult

if TYPE_CHECKING:  # the dialogs are imported when opened, not with the window's start
    from player.qt.dialogs.add_podcast import AddPodcastDialog
    from player.qt.dialogs.import_opml import ImportOpmlDialog

log = logging.getLogger(__name__)

__all__ = ["LibraryController", "episode_pages"]


Message = Callable[[str], None]
Progress = Callable[..., None]
"""``(done, total)`` shows a refresh's progress; ``(None)`` hides it."""


class LibraryController:
    """Connects the library pane, the queue pane and the toolbar to the services.

    It gets the panes and the few window functions it calls (the status line, the refresh
    progress, the notes view, a setting), never the window; ``dialog_parent`` is where its
    dialogs open.
    """

    def __init__(
        self,
        pane: LibraryPane,
        queue_pane: QueuePane,
        actions: ActionRegistry,
        runner: TaskRunner,
        library: LibraryService,
        queue: QueueService,
        sync: SyncBridge,
        undo: UndoController,
        *,
        dialog_parent: QWidget,
        show_message: Message,
        set_refresh_progress: Progress,
        show_notes: Callable[[Episode], None],
        setting: Callable[[str], Any],
        download: Callable[[list[int]], None],
        delete_download: Callable[[list[int]], None],
        discover: DiscoverController | None = None,
        passwords: FeedPasswords | None = None,
        podcast_saved: Callable[[int], None] | None = None,
        organise: OrganiseService | None = None,
    ) -> None:
        self.pane = pane
        self.organise = organise
        """Folders for the sidebar (None: a flat list of shows, as before folders)."""
        self.podcast_saved = podcast_saved
        """Told a podcast's id once its settings are stored (the player plans again)."""
        self.passwords = passwords or FeedPasswords()
        """Feed passwords, shared with refresh and downloads (so a session-only one works)."""
        self.queue_pane = queue_pane
        self._queue_generation = 0  # the newest queue reload (older answers are dropped)
        self._sidebar_generation = 0  # the same for the sidebar
        self._select_due = False  # a reload's selection not yet made
        self.undo = undo
        self.runner = runner
        self.library = library
        self.queue = queue
        self.sync = sync
        self.library_model: LibraryListModel = pane.library_model
        self.episode_model: EpisodeTableModel = pane.episode_model
        self.dialog_parent = dialog_parent
        self.show_message = show_message
        self.setting = setting
        self._pending_select: str | None = None
        self._import_dialog: ImportOpmlDialog | None = None
        self._dialog: AddPodcastDialog | None = None
        self.discover = discover

        pane.playNextRequested.connect(lambda ids: self.add_to_queue(ids, next_up=True))
        pane.queueRequested.connect(self.add_to_queue)
        pane.queueToRequested.connect(self.add_to_named_queue)
        # "Add to queue ▸" lists the queues the queue pane last read (memory, no query).
        pane.queue_choices = lambda: queue_pane.model.view.queues
        pane.markPlayedRequested.connect(self.mark_played)
        pane.showNotesRequested.connect(show_notes)
        pane.refreshPodcastRequested.connect(lambda pid: self.sync.refresh([pid]))
        pane.markAllPlayedRequested.connect(self.mark_all_played)
        pane.podcastSettingsRequested.connect(self.edit_podcast_settings)
        pane.unsubscribeRequested.connect(self.confirm_unsubscribe)
        if discover is not None:
            pane.podcastPageRequested.connect(discover.open_podcast)
        pane.downloadRequested.connect(download)
        pane.deleteDownloadRequested.connect(delete_download)

        queue_pane.model.dropRequested.connect(self.drop_on_queue)
        queue_pane.removeRequested.connect(self.remove_from_queue)
        queue_pane.clearRequested.connect(self.clear_queue)

        actions.connect("add_podcast", self.add_podcast)
        actions.connect("refresh", lambda: self.sync.refresh(None))
        actions.connect("cancel_refresh", self.sync.cancel)
        actions.connect("import_opml", self.import_opml)
        actions.connect("export_opml", self.export_opml)
        actions.connect("search", pane.focus_search)
        actions.connect(
            "remove_from_queue",
            lambda: self.remove_from_queue([e.id for e in queue_pane.selected_episodes()]),
        )

        self._progress = set_refresh_progress
        sync.refreshStarted.connect(lambda total: set_refresh_progress(0, total))
        sync.refreshProgress.connect(set_refresh_progress)
        sync.refreshFinished.connect(self._refresh_finished)
        sync.refreshFailed.connect(lambda _message: set_refresh_progress(None))
        sync.libraryChanged.connect(self.reload)
        sync.failed.connect(show_message)
        sync.subscribed.connect(self._subscribed)

    # -- loading ----------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Reload subscriptions, the episode list and the queue in the background.

        ``select`` is remembered until a load arrives, so overlapping reloads (a subscribe
        and the library-changed signal that follows it) cannot undo the selection.
        """
        if select:
            self._pending_select = select
        self._select_due = True
        self.runner.run(self._sidebar, self._newest())
        self.reload_queue()

    def _sidebar(self) -> SidebarData:
        """Worker thread: shows, folders with their counts, and what the sorts need."""
        if self.organise is not None:
            return self.organise.sidebar()
        return SidebarData(self.library.podcasts(), [])

    def _newest(self) -> Callable[[SidebarData], None]:
        """Sidebar loads run on the pool and may finish out of order (a move's reload, then a
        play's): an older answer would put a moved show back where it was, so it is dropped;
        the selection a dropped :meth:`reload` owed is made by the newest answer instead."""
        self._sidebar_generation += 1
        generation = self._sidebar_generation

        def show(data: SidebarData) -> None:
            if generation != self._sidebar_generation:
                return
            if self._select_due:
                self._select_due = False
                self._podcasts_loaded(data)
            else:
                self.library_model.set_library(data.podcasts, data.folders, data.activity)

        return show

    def _podcasts_loaded(self, data: SidebarData) -> None:
        pane = self.pane
        current = pane.current_entry
        key = self._pending_select or (current.key if current else None)
        key = key or self.setting("ui.last_entry") or "new"
        self._pending_select = None
        pane.show_sidebar(data, key)

    def reload_queue(self) -> None:
        """Reload the queue pane. Reloads run on the task pool and may finish out of order
        (a removal's, then its undo's): only the newest one's answer is shown."""
        self._queue_generation += 1
        generation = self._queue_generation

        def show(view: Any) -> None:
            if generation == self._queue_generation:
                self.queue_pane.set_view(view)

        self.runner.run(self.queue.view, show)

    def change_queue(self, change: Callable[[], object]) -> None:
        """Change the queues (switch, create, rename, delete...) on the task pool and show the
        queue as the change left it, in the same task. The generation moves on at once, so a
        reload begun before the change cannot show the old queue after it (the selector
        already shows the listener's choice); a failure says why and shows what is stored."""
        self._queue_generation += 1
        generation = self._queue_generation

        def work() -> Any:
            change()
            return self.queue.view()

        def show(view: Any) -> None:
            if generation == self._queue_generation:
                self.queue_pane.set_view(view)

        def failed(exc: BaseException) -> None:
            self.show_message(
                str(exc) if isinstance(exc, PlayerError) else _("Failed: {exc}").format(exc=exc)
            )
            self.reload_queue()

        self.runner.run(work, show, failed)

    def reload_episodes(self, keep_rows: bool = True) -> None:
        """The episode list (in place) and the sidebar counts after a state change.

        ``keep_rows``: episodes that no longer match the view stay listed (they changed under
        the listener); False when the listener changed them on purpose (marked played).
        """
        self.episode_model.refresh(keep_unmatched=keep_rows)
        self.runner.run(self._sidebar, self._newest())

    def _after(self, what: str, reload_queue: bool = False) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self.reload_episodes(keep_rows=False)
            if reload_queue:
                self.reload_queue()
            log.debug("%s done", what)

        return done

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        return lambda exc: self.show_message(_("{what} failed: {exc}").format(what=what, exc=exc))

    # -- episodes and queue -----------------------------------------------------------------

    def add_to_queue(self, ids: list[int], next_up: bool = False) -> None:
        """Queue episodes at the end or at the front."""
        self.runner.run(
            lambda: self.queue.add(ids, next_up=next_up),
            lambda _: self.reload_queue(),
            self._failed(_("Queueing")),
        )

    def add_to_named_queue(self, ids: list[int], queue_id: int) -> None:
        """Queue episodes at the end of a queue that may not be the active one."""
        self.runner.run(
            lambda: self.queue.add(ids, queue_id=queue_id),
            lambda _: self.reload_queue(),
            self._failed(_("Queueing")),
        )

    def drop_on_queue(self, ids: list[int], row: int) -> None:
        """Episodes dropped on the queue (from the library or moved within the queue)."""
        shown = self.queue_pane.model.view.queue_id  # the drop lands in the queue on screen
        self.runner.run(
            lambda: self.queue.insert(ids, row, shown),
            lambda _: self.reload_queue(),
            self._failed(_("Queueing")),
        )

    def remove_from_queue(self, ids: list[int]) -> None:
        """Take episodes out of the queue (undoable)."""
        self.undo.remove_from_queue(ids)

    def clear_queue(self) -> None:
        """Empty the queue (undoable)."""
        self.undo.clear_queue()

    def mark_played(self, ids: list[int], played: bool) -> None:
        """Mark episodes played or unplayed (undoable)."""
        self.undo.mark_played(ids, played)

    def mark_all_played(self, podcast_id: int) -> None:
        """Mark a whole show played."""
        self.runner.run(
            lambda: self.library.mark_podcast_played(podcast_id),
            self._after("mark all played", reload_queue=True),
            self._failed(_("Marking")),
        )

    # -- subscriptions ----------------------------------------------------------------------

    def add_podcast(self) -> None:
        """The "Add podcast" dialog."""
        from player.qt.dialogs.add_podcast import AddPodcastDialog

        old = self._dialog
        if old is not None and shiboken6.isValid(old):  # one at a time: no pile of hidden ones
            old.setParent(None)
            old.deleteLater()
        dialog = AddPodcastDialog(
            self.sync, self.dialog_parent, import_opml=self.import_opml, discover=self.discover
        )
        dialog.open()
        self._dialog = dialog

    def _subscribed(self, result: SubscribeResult) -> None:
        title = result.title or "the podcast"
        self.show_message(
            _("Subscribed to {title} ({new_episodes} episodes).").format(
                title=title, new_episodes=result.new_episodes
            )
        )
        podcast_id = result.podcast_id
        self.reload(select=f"podcast:{podcast_id}" if podcast_id else None)

    def _refresh_finished(self, summary: SyncSummary) -> None:
        self._progress(None)
        failed, new = summary.failed, summary.new_episodes
        if self.sync.automatic and not new and not failed:
            return  # a scheduled refresh that found nothing is not worth a message
        text = _("Refreshed {feeds} feeds: {new} new episodes").format(feeds=summary.feeds, new=new)
        if failed:
            text += f", {failed} failed (hover the red marks for why)"
        self.show_message(text + ".")

    def confirm_unsubscribe(self, podcast: Podcast) -> None:
        """Ask, then unsubscribe."""
        answer = QMessageBox.question(
            self.dialog_parent,
            _("Unsubscribe"),
            _(
                "Unsubscribe from “{title}”? Its episodes, downloads and positions are removed "
                "from the library."
            ).format(title=podcast.title),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.sync.unsubscribe(podcast.id)

    def edit_podcast_settings(self, podcast: Podcast) -> None:
        """The per-podcast settings dialog; saved on a worker."""
        from player.qt.dialogs.podcast_settings import PodcastSettingsDialog, smart_defaults

        default_rate = float(self.setting("playback.rate") or 1.0)
        dialog = PodcastSettingsDialog(
            podcast,
            self.dialog_parent,
            default_rate=default_rate,
            passwords=self.passwords,
            smart_defaults=smart_defaults(self.setting),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values, password = dialog.values(), dialog.changed_password()

        def save() -> None:
            self.library.update_podcast(podcast.id, **values)
            if password is not None:
                self.library.set_feed_password(podcast, password, self.passwords)

        def saved(_: object) -> None:
            self.reload()
            if self.podcast_saved is not None:
                self.podcast_saved(podcast.id)

        self.runner.run(save, saved, self._failed(_("Saving settings")))

    def import_opml(self, source: str | None = None) -> ImportOpmlDialog:
        """The import dialog (the menu, the welcome panel, drops and files handed to the app
        all come here); with a ``source`` the import starts at once."""
        from player.qt.dialogs.import_opml import ImportOpmlDialog

        dialog = self._import_dialog
        if dialog is None or not dialog.running:  # a running one is shown again instead
            if dialog is not None:
                dialog.deleteLater()
            dialog = self._import_dialog = ImportOpmlDialog(self.sync, self.dialog_parent)
            dialog.finishedWith.connect(self.show_message)
        dialog.open()
        if source and dialog.running:
            self.show_message(_("An import is still running; try again when it is done."))
        elif source:
            dialog.start(source)
        return dialog

    def export_opml(self) -> None:
        """Pick a file name and export the subscriptions."""
        path, _kind = QFileDialog.getSaveFileName(
            self.dialog_parent,
            _("Export subscriptions"),
            _("subscriptions.opml"),
            _("OPML files (*.opml)"),
        )
        if path:
            self.sync.export_opml(
                Path(path),
                lambda count: self.show_message(
                    ngettext(
                        "Exported {count} subscription to {path}.",
                        "Exported {count} subscriptions to {path}.",
                        count,
                    ).format(count=count, path=path)
                ),
            )
