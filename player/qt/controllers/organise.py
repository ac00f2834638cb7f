"""Folders, tags and the sidebar's order: the sidebar's organising requests carried out.

Every change runs on the task pool and the sidebar reloads when it is done (the library
controller's reload, which brings the folders with their counts). Name prompts and the tags
dialog open on the GUI thread; what they collect is stored on a worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QWidget

from player.domain.models import Podcast
from player.i18n import _, ngettext
from player.qt.dialogs.tags import TagsDialog
from player.qt.models.library import DEFAULT_SORT, SORTS, LibraryListModel
from player.qt.panes.library import LibraryPane
from player.qt.widgets.sidebar import show_sort
from player.qt.workers import TaskRunner
from player.services.organise import EPISODE, PODCAST, OrganiseService

log = logging.getLogger(__name__)

SORT_SETTING = "sidebar.sort"


class OrganiseController:
    """Connects the sidebar's folder, tag and sort requests to :class:`OrganiseService`."""

    def __init__(
        self,
        pane: LibraryPane,
        runner: TaskRunner,
        service: OrganiseService,
        *,
        reload: Callable[[], None],
        setting: Callable[[str], Any],
        set_setting: Callable[[str, Any], None],
        show_message: Callable[[str], None],
        dialog_parent: QWidget,
    ) -> None:
        self.pane = pane
        self.model: LibraryListModel = pane.library_model
        self.runner = runner
        self.service = service
        self.reload = reload
        self.set_setting = set_setting
        self.show_message = show_message
        self.dialog_parent = dialog_parent
        self._collapse_lock = threading.Lock()  # the dict only: the GUI thread never waits
        self._collapse_write = threading.Lock()  # workers: one save at a time
        self._collapse_wanted: dict[str, bool] = {}
        """The newest collapsed state per folder (quick toggles: the last one is stored)."""
        self.tags_dialog: TagsDialog | None = None
        """The open tags dialog (tests fill it in)."""

        pane.moveToFolderRequested.connect(self.move)
        pane.newFolderRequested.connect(self.ask_new_folder)
        pane.renameFolderRequested.connect(self.ask_rename)
        pane.deleteFolderRequested.connect(self.delete_folder)
        pane.podcastTagsRequested.connect(self.edit_podcast_tags)
        pane.episodeTagsRequested.connect(self.edit_episode_tags)
        pane.sidebarSortRequested.connect(self.set_sort)
        self.model.collapseToggled.connect(self.store_collapsed)
        sort = str(setting(SORT_SETTING) or DEFAULT_SORT)
        self.model.set_sort(sort if sort in SORTS else DEFAULT_SORT)
        show_sort(pane, self.model.sidebar_sort)

    def _run(self, what: str, fn: Callable[[], object], reload: bool = True) -> None:
        def done(_result: object) -> None:
            log.debug("%s done", what)
            if reload:
                self.reload()

        self.runner.run(
            fn,
            done,
            lambda exc: self.show_message(_("{what} failed: {exc}").format(what=what, exc=exc)),
        )

    # -- folders ----------------------------------------------------------------------------

    def move(self, podcast_ids: list[int], folder: str) -> None:
        """Put shows into a folder ("" for none)."""

        def work() -> None:
            for podcast_id in podcast_ids:
                self.service.move_podcast(podcast_id, folder)

        self._run(_("Moving"), work)

    def create_folder(self, name: str, podcast_ids: list[int] | None = None) -> None:
        """Add a folder, moving these shows into it when given."""
        ids = list(podcast_ids or [])
        if ids:
            self.move(ids, name)
        else:
            self._run(_("Creating the folder"), lambda: self.service.create_folder(name))

    def rename_folder(self, old: str, new: str) -> None:
        """Rename a folder (its shows and nested folders follow)."""
        self._run(_("Renaming"), lambda: self.service.rename_folder(old, new))

    def delete_folder(self, name: str) -> None:
        """Remove a folder; its shows go up one level (nothing is unsubscribed)."""
        self._run(_("Deleting the folder"), lambda: self.service.delete_folder(name))

    def store_collapsed(self, name: str, collapsed: bool) -> None:
        """Remember a folder's collapsed state (the model shows it already).

        Pool tasks may run in any order: each save stores the newest wanted state, one save at
        a time, so two quick toggles never leave the older one in the database."""
        with self._collapse_lock:
            self._collapse_wanted[name] = collapsed

        def save() -> None:
            with self._collapse_write:
                with self._collapse_lock:
                    newest = self._collapse_wanted[name]
                self.service.set_collapsed(name, newest)

        self._run(_("Saving the folder"), save, reload=False)

    def ask_new_folder(self, podcast_ids: list[int], parent: str) -> None:
        """Ask for a new folder's name (inside ``parent`` when given)."""
        prompt = (
            _("Name of the new folder inside “{parent}”:").format(parent=parent)
            if parent
            else _("Name of the new folder:")
        )
        name, ok = QInputDialog.getText(self.dialog_parent, _("New folder"), prompt)
        if ok and name.strip():
            self.create_folder(f"{parent}/{name}" if parent else name, podcast_ids)

    def ask_rename(self, name: str) -> None:
        """Ask for a folder's new name (its last part; a "/" moves it elsewhere)."""
        parent, _sep, label = name.rpartition("/")
        new, ok = QInputDialog.getText(
            self.dialog_parent, _("Rename folder"), _("New name:"), QLineEdit.EchoMode.Normal, label
        )
        if ok and new.strip() and new != label:
            self.rename_folder(name, f"{parent}/{new}" if parent and "/" not in new else new)

    # -- tags -------------------------------------------------------------------------------

    def edit_podcast_tags(self, podcast: Podcast) -> None:
        """The tags dialog of a show."""
        self._edit_tags(PODCAST, [podcast.id], podcast.title or podcast.url)

    def edit_episode_tags(self, episode_ids: list[int]) -> None:
        """The tags dialog of episodes (one or several)."""
        count = len(episode_ids)
        what = (
            _("this episode")
            if count == 1
            else ngettext("{count} episode", "{count} episodes", count).format(count=count)
        )
        self._edit_tags(EPISODE, episode_ids, what)

    def _edit_tags(self, kind: str, ids: list[int], what: str) -> None:
        def load() -> tuple[list[str], list[str]]:
            ticked: dict[str, str] = {}
            for item_id in ids:
                for tag in self.service.tags_of(kind, item_id):
                    ticked.setdefault(tag.lower(), tag)
            return list(ticked.values()), [t.tag for t in self.service.tags()]

        self.runner.run(
            load,
            lambda loaded: self._open_tags(kind, ids, what, *loaded),
            lambda exc: self.show_message(_("Reading tags failed: {exc}").format(exc=exc)),
        )

    def _open_tags(
        self, kind: str, ids: list[int], what: str, ticked: list[str], known: list[str]
    ) -> None:
        dialog = self.tags_dialog = TagsDialog(what, ticked, known, self.dialog_parent)
        dialog.finished.connect(lambda result: self._tags_chosen(dialog, kind, ids, result))
        dialog.open()

    def _tags_chosen(self, dialog: TagsDialog, kind: str, ids: list[int], result: int) -> None:
        self.tags_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.tags()
        removed = {t.lower() for t in dialog.initial} - {t.lower() for t in chosen}

        def save() -> None:
            for item_id in ids:
                keep = [t for t in self.service.tags_of(kind, item_id) if t.lower() not in removed]
                self.service.set_tags(kind, item_id, keep + chosen)

        self._run(_("Saving tags"), save)

    # -- order ------------------------------------------------------------------------------

    def set_sort(self, sort: str) -> None:
        """Order the shows inside each folder (remembered as ``sidebar.sort``)."""
        self.model.set_sort(sort)
        show_sort(self.pane, self.model.sidebar_sort)
        chosen = self.model.sidebar_sort
        self.runner.run(lambda: self.set_setting(SORT_SETTING, chosen))
