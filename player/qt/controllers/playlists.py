"""Smart playlists in the window: the sidebar's rows with live counts, the editor, delete,
and "play this playlist".

Every read and write runs on the task pool; counts are reloaded whenever the sidebar's
podcasts are (after a refresh, an import, a played mark: whatever changes what a playlist
holds), and only the newest reload's answer is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QMessageBox, QWidget

from player.domain.organise import PlaylistSummary
from player.domain.playlists import Playlist, PlaylistRules
from player.i18n import _
from player.qt.actions import ActionRegistry
from player.qt.dialogs.playlist_editor import PlaylistEditorDialog
from player.qt.models.library import LibraryListModel
from player.qt.panes.library import LibraryPane
from player.qt.workers import TaskRunner
from player.services.playlists import PlaylistChoices, PlaylistService

log = logging.getLogger(__name__)

PlayIds = Callable[[str, list[int]], None]
"""``(playlist name, episode ids in order)``: fill a queue with them and play."""


class PlaylistsController:
    """Connects the sidebar's playlist rows, the menu item and the editor to the service."""

    def __init__(
        self,
        pane: LibraryPane,
        library_model: LibraryListModel,
        actions: ActionRegistry,
        runner: TaskRunner,
        service: PlaylistService,
        *,
        dialog_parent: QWidget,
        show_message: Callable[[str], None],
        play_ids: PlayIds | None = None,
        last_entry: str | None = None,
    ) -> None:
        self.pane = pane
        self.library_model = library_model
        self.runner = runner
        self.service = service
        self.dialog_parent = dialog_parent
        self.show_message = show_message
        self.play_ids = play_ids
        self.dialog: PlaylistEditorDialog | None = None
        """The open editor, if any (one at a time)."""
        self._counting = False
        self._count_again = False
        # The entry to select once the next reload is shown: at start-up the sidebar entry
        # the window last showed, when it is a playlist (the podcasts come first, without it).
        self._select: str | None = None
        if last_entry and last_entry.startswith("playlist:"):
            self._select = last_entry

        pane.newPlaylistRequested.connect(self.new)
        pane.playlistEditRequested.connect(self.edit)
        pane.playlistDeleteRequested.connect(self.confirm_delete)
        pane.playlistPlayRequested.connect(self.play)
        actions.connect("new_playlist", self.new)
        # The podcasts are reloaded after everything that changes what playlists hold.
        library_model.podcastsChanged.connect(self.reload)

    # -- the sidebar -------------------------------------------------------------------------

    def reload(self) -> None:
        """Count every playlist on the task pool and hand the rows to the sidebar.

        One count at a time: an import calls this after every feed, and each count reads the
        whole library (~150 ms at 200,000 episodes), so changes during a count ask for one
        more count after it rather than a pile of counts whose answers would be thrown away.
        """
        if self._counting:
            self._count_again = True
            return
        self._counting = True

        def settle() -> None:
            self._counting = False
            if self._count_again:
                self._count_again = False
                self.reload()

        def show(summaries: list[PlaylistSummary]) -> None:
            self.library_model.set_playlists(summaries)
            if self._select is not None:
                key, self._select = self._select, None
                if not self.pane.select_entry(key) and self.pane.current_entry is None:
                    self.pane.select_entry("new")
            settle()

        def failed(exc: BaseException) -> None:
            self._failed(_("Counting the playlists"))(exc)
            settle()

        self.runner.run(self.service.summaries, show, failed)

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        return lambda exc: self.show_message(_("{what} failed: {exc}").format(what=what, exc=exc))

    # -- the editor --------------------------------------------------------------------------

    def new(self) -> None:
        """Open the editor for a new playlist."""
        self._open(None)

    def edit(self, playlist_id: int) -> None:
        """Open the editor on a saved playlist."""
        self.runner.run(
            lambda: self.service.playlist(playlist_id), self._open, self._failed(_("Opening"))
        )

    def _open(self, playlist: Playlist | None) -> None:
        def ready(choices: PlaylistChoices) -> None:
            self._show_editor(choices, playlist)

        self.runner.run(self.service.choices, ready, self._failed(_("Opening the editor")))

    def _show_editor(self, choices: PlaylistChoices, playlist: Playlist | None) -> None:
        old = self.dialog
        if old is not None and shiboken6.isValid(old):
            old.setParent(None)
            old.deleteLater()
        if playlist is None:
            save: Callable[[str, PlaylistRules], int] = self.service.create
        else:
            playlist_id = playlist.id

            def save(name: str, rules: PlaylistRules) -> int:
                self.service.update(playlist_id, name, rules)
                return playlist_id

        dialog = PlaylistEditorDialog(
            self.runner,
            choices,
            self.service.preview,
            save,
            self.dialog_parent,
            name=playlist.name if playlist else "",
            rules=playlist.rules if playlist else None,
        )
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        self.dialog = dialog

    def _closed(self, dialog: PlaylistEditorDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _saved(self, playlist_id: int) -> None:
        self._select = f"playlist:{playlist_id}"
        self.reload()

    # -- delete and play ---------------------------------------------------------------------

    def confirm_delete(self, playlist_id: int) -> None:
        """Ask, then delete (the episodes stay in the library)."""
        row = self.library_model.row_of(f"playlist:{playlist_id}")
        name = self.library_model.entries[row].label if row >= 0 else "this playlist"
        answer = QMessageBox.question(
            self.dialog_parent,
            _("Delete Smart Playlist"),
            _("Delete the smart playlist “{name}”? Its episodes stay in the library.").format(
                name=name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(playlist_id)

    def delete(self, playlist_id: int) -> None:
        """Delete a playlist on the task pool, then reload the sidebar."""
        current = self.pane.current_entry
        if current is not None and current.key == f"playlist:{playlist_id}":
            self._select = "new"  # its rows would show a playlist that is gone
        self.runner.run(
            lambda: self.service.delete(playlist_id),
            lambda _removed: self.reload(),
            self._failed(_("Deleting the playlist")),
        )

    def play(self, playlist_id: int) -> None:
        """Read the playlist's episodes in order (task pool) and hand them to ``play_ids``."""
        if self.play_ids is None:
            return
        play_ids = self.play_ids

        def evaluate() -> tuple[str, list[int]]:
            return self.service.playlist(playlist_id).name, self.service.episode_ids(playlist_id)

        def ready(found: tuple[str, list[int]]) -> None:
            name, ids = found
            if not ids:
                self.show_message(_("“{name}” has no episodes to play.").format(name=name))
                return
            play_ids(name, ids)

        self.runner.run(evaluate, ready, self._failed(_("Playing the playlist")))
