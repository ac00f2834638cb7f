"""Keeps "New shows you would like" current and carries out its clicks, off the GUI thread.

A round (charts from the directory cache or the network, the library's finishes, the
ranking) runs on the task pool; so do "not interested" (a write) and subscribing (the sync
bridge's own worker). The row of a show being subscribed to says so, and leaves once the feed
is in; a failure puts it back with the reason on the status line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, SignalInstance

from player.i18n import _
from player.qt.widgets.show_suggestions import ShowSuggestionsPanel
from player.qt.workers import TaskRunner
from player.recommend.shows import ShowSuggestion
from player.services.show_suggestions import ShowAnswer, ShowSuggestionsService

if TYPE_CHECKING:
    from player.qt.app import Application

log = logging.getLogger(__name__)

SHOWN = 5
"""New shows listed (under the up-next cards, so few)."""
REFRESH_MS = 60 * 60 * 1000
"""Charts change daily and the taste slowly: an hour between rounds is plenty."""

Subscribe = Callable[[str, Callable[[str], object], Callable[[object], object]], None]
"""``subscribe(feed_url, failed(message), done(result))``: the Discover controller's."""


class ShowSuggestionsController(QObject):
    """The panel's rounds and clicks. ``refresh_on``: signals after which to look again."""

    def __init__(
        self,
        panel: ShowSuggestionsPanel,
        runner: TaskRunner,
        service: ShowSuggestionsService,
        subscribe: Subscribe,
        show_message: Callable[[str], object],
        refresh_on: Iterable[SignalInstance] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.runner = runner
        self.service = service
        self._subscribe = subscribe
        self.show_message = show_message
        self.current: list[ShowSuggestion] = []
        self.leaving: set[str] = set()
        """Feeds subscribed to or dismissed since the round started: never shown again."""
        self._pending = False
        self._again = False
        panel.subscribeRequested.connect(self.subscribe)
        panel.dismissRequested.connect(self.dismiss)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        for signal in refresh_on:
            signal.connect(lambda *_: self.refresh())

    def refresh(self) -> None:
        """Work the suggestions out again on a worker (one round at a time)."""
        if self._pending:
            self._again = True
            return
        self._pending = True
        service = self.service
        self.runner.run(lambda: service.suggest(limit=SHOWN), self._shown, self._failed)

    def _shown(self, answer: ShowAnswer) -> None:
        self._pending = False
        self.current = [s for s in answer.suggestions if s.feed_url not in self.leaving]
        empty = _("No new show to suggest yet: finish a few episodes first.")
        if not answer.network:
            empty = _("No new show in your feeds' recommendations (the directories are off).")
        self.panel.set_suggestions(self.current, empty)
        for error in answer.errors[:1]:
            log.info("new shows: %s", error)
        self._next()

    def _failed(self, exc: BaseException) -> None:
        self._pending = False
        log.warning("new shows failed: %s", exc)
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    def subscribe(self, suggestion: ShowSuggestion) -> None:
        """Subscribe on the sync worker; the row says "Subscribing…" and then leaves."""
        row = self.panel.row_of(suggestion.feed_url)
        if row is not None:
            row.set_busy(True)

        def failed(message: str) -> None:
            again = self.panel.row_of(suggestion.feed_url)
            if again is not None:
                again.set_busy(False)
            self.show_message(f"{suggestion.title}: {message}")

        def done(_result: object) -> None:
            self._leave(suggestion.feed_url)

        self._subscribe(suggestion.feed_url, failed, done)

    def dismiss(self, suggestion: ShowSuggestion) -> None:
        """ "Not interested": the row goes now, the mark is written on a worker."""
        self._leave(suggestion.feed_url)
        service = self.service

        def refused(exc: BaseException) -> None:
            self.show_message(_("Could not remember that: {error}").format(error=exc))

        self.runner.run(
            lambda: service.dismiss(suggestion.feed_url, suggestion.guid), None, refused
        )

    def _leave(self, feed_url: str) -> None:
        self.leaving.add(feed_url)
        self.current = [s for s in self.current if s.feed_url != feed_url]
        self.panel.drop(feed_url)


def show_suggestions_controller(app: Application) -> ShowSuggestionsController:
    """The composition (kept out of app.py): the service over the app's store, settings,
    directory cache and keyring; the panel under the up-next cards; subscribing through the
    Discover controller, so every card showing the feed learns it is subscribed."""
    service = ShowSuggestionsService(
        app.store,
        app.settings,
        cache_dir=app.paths.cache / "directory",
        credentials=app.discover.service.credentials,
    )
    panel = ShowSuggestionsPanel()
    app.suggestions_panel.add_section(panel, panel.contentChanged)
    discover = app.discover

    def subscribe(
        url: str, failed: Callable[[str], object], done: Callable[[object], object]
    ) -> None:
        discover.subscribe(url, failed, done)

    return ShowSuggestionsController(
        panel,
        app.runner,
        service,
        subscribe,
        app.window.show_message,
        refresh_on=(app.sync.libraryChanged,),
        parent=app.window,
    )
