"""Bookmarks in the window: B (or the D-Bus ``AddBookmark``) marks the playing moment with no
dialog; the status bar's notice offers "Add a note" and Undo. The slider's marks and the
Bookmarks tab follow the playing episode; the Bookmarks window lists them all.

Every read and write runs on the task pool. Adding, editing and deleting go through the undo
controller's queue, so Undo (the notice's button, Ctrl+Z) takes back exactly the latest one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from player.domain.bookmark import Bookmark, BookmarkQuery, ImportResult
from player.domain.models import Episode, Podcast
from player.i18n import N_, _
from player.qt.actions import ActionRegistry
from player.qt.bridges.player import PlayerBridge
from player.qt.controllers.undo import UndoController
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.widgets.bookmarks import BookmarkEditor
from player.qt.widgets.bookmarks_window import BookmarksWindow
from player.qt.widgets.undo_bar import UndoBar
from player.qt.workers import TaskRunner
from player.services.bookmarks import BookmarkService
from player.services.clips import MAX_CLIP_SECONDS, Clip, ClipError, make_clip
from player.services.undo import UndoStep

log = logging.getLogger(__name__)

ADD_A_NOTE = N_("Add a note")
NOTHING_PLAYING = N_("Nothing is playing: there is no moment to bookmark.")
POINT_CLIP_SECONDS = 30.0
"""How long a clip of a bookmark without an end is."""


class BookmarksController(QObject):
    """Adds bookmarks at the playing position and keeps every bookmark view current."""

    def __init__(
        self,
        pane: NowPlayingPane,
        registry: ActionRegistry,
        runner: TaskRunner,
        service: BookmarkService,
        undo: UndoController,
        bar: UndoBar,
        player: PlayerBridge,
        *,
        episodes: Callable[[Sequence[int]], list[Episode]],
        podcasts: Callable[[], list[Podcast]],
        play: Callable[[Episode], None],
        show_message: Callable[[str], None],
        dialog_parent: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane, self.runner, self.service, self.undo = pane, runner, service, undo
        self.player, self.episodes, self.podcasts, self.play = player, episodes, podcasts, play
        self.store = service.store
        self.show_message, self.dialog_parent = show_message, dialog_parent
        self.window: BookmarksWindow | None = None
        self.editors: dict[int, BookmarkEditor] = {}
        self.last_added: Bookmark | None = None
        """The bookmark the notice's "Add a note" is about."""
        self._shown_for: int | None = None
        self._generation = 0
        registry.connect("bookmark", self.add_here)
        registry.connect("bookmarks", self.show_window)
        bar.extraClicked.connect(self.add_note)
        undo.changed.connect(self.reload)
        player.episodeChanged.connect(lambda _episode: self.reload_episode())
        tab = pane.bookmarks
        tab.seekRequested.connect(self._seek_here)
        tab.editRequested.connect(self.edit)
        tab.deleteRequested.connect(self.delete)

    # -- commands --------------------------------------------------------------------------

    def add_here(self) -> None:
        """Bookmark the playing episode at its position now: no dialog, a notice after."""
        episode = self.player.episode
        if episode is None:
            self.show_message(_(NOTHING_PLAYING))
            return
        episode_id, position = episode.id, self.player.position

        def add() -> UndoStep:
            bookmark, step = self.service.add_step(episode_id, position)
            self.last_added = bookmark  # read on the GUI thread once ``changed`` follows
            return step

        self.undo.run(add, _("Bookmarking"), extra=_(ADD_A_NOTE))

    def add_note(self) -> None:
        """The notice's "Add a note": the editor for the bookmark just added."""
        if self.last_added is not None:
            self.edit(self.last_added.id)

    def edit(self, bookmark_id: int) -> None:
        """Open the (non-modal) editor of a bookmark, read fresh from the store."""
        shown = self.editors.get(bookmark_id)
        if shown is not None:
            shown.raise_()
            shown.activateWindow()
            return
        self.runner.run(lambda: self.service.get(bookmark_id), self._open_editor, self._failed)

    def _open_editor(self, bookmark: Bookmark) -> None:
        editor = BookmarkEditor(bookmark, self.dialog_parent)
        self.editors[bookmark.id] = editor
        editor.saved.connect(self.save)
        editor.finished.connect(lambda _result: self.editors.pop(bookmark.id, None))
        editor.show()

    def save(self, bookmark_id: int, title: str, note: str) -> None:
        """Write an edited title and note (Undo puts the old ones back)."""
        self.undo.run(
            lambda: self.service.edit_step(bookmark_id, title=title, note=note)[1],
            _("Saving the bookmark"),
        )

    def delete(self, bookmark_ids: list[int]) -> None:
        """Delete bookmarks (Undo brings them back exactly)."""
        if bookmark_ids:
            self.undo.run(lambda: self.service.delete(bookmark_ids), _("Deleting bookmarks"))

    def play_from(self, bookmark_id: int) -> None:
        """Play the bookmark's episode from the bookmark (loading it when another plays)."""

        def find() -> tuple[Bookmark, Episode | None]:
            b = self.service.get(bookmark_id)
            found = self.episodes([b.episode_id]) if b.episode_id is not None else []
            return b, (found[0] if found else None)

        self.runner.run(find, lambda pair: self._play(*pair), self._failed)

    def _play(self, bookmark: Bookmark, episode: Episode | None) -> None:
        if episode is None:
            self.show_message(
                _("“{episode_title}” is not in the library any more.").format(
                    episode_title=bookmark.episode_title
                )
            )
            return
        current = self.player.episode
        if current is None or current.id != episode.id:
            self.play(episode)
        elif not self.player.playing:
            self.player.play()
        self.player.seek(bookmark.start)

    def export_to(self, path: str, fmt: str = "json") -> None:
        """Write every bookmark to ``path`` as JSON (what import reads) or Markdown."""

        def write() -> int:
            text = self.service.export_markdown() if fmt == "md" else self.service.export_json()
            Path(path).write_text(text, encoding="utf-8")
            return self.service.repo.count()

        self.runner.run(
            write,
            lambda count: self.show_message(
                _("Exported {count} bookmarks to {path}.").format(count=count, path=path)
            ),
            self._failed,
        )

    def clip_to(self, bookmark_id: int, path: str) -> None:
        """Save the bookmark's range (a point: :data:`POINT_CLIP_SECONDS` from it) as audio;
        ffmpeg runs on the pool, the window says where it went."""

        def cut() -> Clip:
            b = self.service.get(bookmark_id)
            if b.episode_id is None:
                raise ClipError(
                    _("“{episode_title}” is not in the library any more.").format(
                        episode_title=b.episode_title
                    )
                )
            end = b.end if b.end is not None else b.start + POINT_CLIP_SECONDS
            return make_clip(
                self.store, b.episode_id, b.start, min(end, b.start + MAX_CLIP_SECONDS), Path(path)
            )

        self.runner.run(
            cut,
            lambda clip: self.show_message(_("Saved the clip to {path}.").format(path=clip.path)),
            self._failed,
        )

    def import_from(self, path: str) -> None:
        """Merge a JSON export; say what it did; every view reads again."""

        def merge() -> ImportResult:
            return self.service.import_json(Path(path).read_text(encoding="utf-8"))

        def merged(result: ImportResult) -> None:
            self.show_message(
                _(
                    "Imported bookmarks: {added} new, {updated} updated, {unchanged} already here."
                ).format(added=result.added, updated=result.updated, unchanged=result.unchanged)
            )
            self.reload()

        self.runner.run(merge, merged, self._failed)

    def _seek_here(self, seconds: float) -> None:
        if not self.player.playing:
            self.player.play()
        self.player.seek(seconds)

    # -- views -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Something was added, changed, deleted or undone: every view reads again."""
        self.reload_episode(force=True)
        if self.window is not None and self.window.isVisible():
            self._list(self.window.query())

    def reload_episode(self, force: bool = False) -> None:
        """The playing episode's marks and tab."""
        episode = self.player.episode
        episode_id = episode.id if episode is not None else None
        if episode_id == self._shown_for and not force:
            return
        self._shown_for = episode_id
        if episode_id is None:
            self.pane.set_bookmarks([])
            return
        self.runner.run(
            lambda: self.service.for_episode(episode_id),
            lambda found: self._episode_loaded(episode_id, found),
            self._failed,
        )

    def _episode_loaded(self, episode_id: int, found: list[Bookmark]) -> None:
        if episode_id == self._shown_for:
            self.pane.set_bookmarks(found)

    def show_window(self) -> BookmarksWindow:
        """The library-wide Bookmarks window (made on first use, kept afterwards)."""
        if self.window is None:
            window = BookmarksWindow(self.dialog_parent)
            window.queryChanged.connect(self._list)
            window.playRequested.connect(self.play_from)
            window.editRequested.connect(self.edit)
            window.deleteRequested.connect(self.delete)
            window.exportRequested.connect(self.export_to)
            window.importRequested.connect(self.import_from)
            window.clipRequested.connect(self.clip_to)
            self.window = window
        self.runner.run(
            lambda: [(p.id, p.title) for p in self.podcasts()],
            self._podcasts_loaded,
            self._failed,
        )
        self._list(self.window.query())
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def _podcasts_loaded(self, podcasts: list[tuple[int, str]]) -> None:
        if self.window is not None:
            self.window.set_podcasts(podcasts)

    def _list(self, query: BookmarkQuery) -> None:
        self._generation += 1
        generation = self._generation
        self.runner.run(
            lambda: self.service.list(query),
            lambda found: self._listed(generation, found),
            self._failed,
        )

    def _listed(self, generation: int, found: list[Bookmark]) -> None:
        if generation == self._generation and self.window is not None:
            self.window.show_bookmarks(found)

    def _failed(self, exc: BaseException) -> None:
        log.warning("bookmarks: %s", exc)
        self.show_message(_("Bookmarks: {exc}").format(exc=exc))
