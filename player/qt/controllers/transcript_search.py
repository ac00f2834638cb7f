"""The library search, looked up in what was said: transcript hits under the episode list, and
playing the chosen one from its moment.

Searches run on the task pool (the index is SQLite, the titles another query), after the same
typing pause as the episode search; each search is numbered and only the latest one's answer
shows, so fast typing never leaves the hits of an older word on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

from player.domain.models import Episode
from player.domain.transcript import TranscriptHit
from player.qt.bridges.player import PlayerBridge
from player.qt.panes.library import LibraryPane
from player.qt.widgets.transcript_hits import ShownHit, TranscriptHitsPanel
from player.qt.workers import TaskRunner

log = logging.getLogger(__name__)

HIT_LIMIT = 50
MIN_QUERY = 2
"""Shorter queries match nearly every transcript: not worth a search."""


def shown_hits(hits: Sequence[TranscriptHit], episodes: Sequence[Episode]) -> list[ShownHit]:
    """Hits with their episodes' titles; hits of episodes that are gone are left out."""
    titles = {e.id: e.title for e in episodes}
    return [ShownHit(h, titles[h.episode_id]) for h in hits if h.episode_id in titles]


TRANSCRIPT_SEARCH_DELAY_MS = 150
"""The transcript search waits for a pause in typing (its reads are not abandoned when typed
past, unlike the episode list's: see ``SEARCH_DELAY_MS`` in the library pane)."""


class TranscriptSearchController(QObject):
    """Follows the library's search field and fills the hits panel.

    ``search(text, limit)`` is the transcript index's search; ``episodes(ids)`` reads the
    episodes back (for their titles); both blocking, both run on ``runner``'s pool. ``play``
    starts an episode as the library's "Play" does (a video one gets its surface first).
    """

    def __init__(
        self,
        pane: LibraryPane,
        panel: TranscriptHitsPanel,
        runner: TaskRunner,
        player: PlayerBridge,
        search: Callable[[str, int], list[TranscriptHit]],
        episodes: Callable[[Sequence[int]], list[Episode]],
        play: Callable[[Episode], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane, self.panel, self.runner, self.player = pane, panel, runner, player
        self.search, self.episodes, self.play = search, episodes, play
        self.found: dict[int, Episode] = {}
        """The episodes of the hits shown, by id (what choosing one plays)."""
        self.generation = 0
        self.query = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TRANSCRIPT_SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        pane.search.textChanged.connect(lambda _text: self._timer.start())
        panel.hitChosen.connect(self.play_from)
        # Under the episode list, over the result count.
        column = pane.episode_column
        column.insertWidget(column.indexOf(pane.result_count), panel)

    def run_search(self) -> None:
        """Look the field's text up in the transcripts (or clear the hits)."""
        text = self.pane.search.text().strip()
        if text == self.query:
            return
        self.query = text
        self.generation += 1
        generation = self.generation
        if len(text) < MIN_QUERY:
            self.panel.show_hits(text, [])
            return

        def work() -> tuple[list[ShownHit], list[Episode]]:
            hits = self.search(text, HIT_LIMIT)
            episodes = self.episodes(sorted({h.episode_id for h in hits}))
            return shown_hits(hits, episodes), episodes

        self.runner.run(
            work,
            lambda hits: self._found(generation, text, hits),
            lambda exc: self._failed(generation, exc),
        )

    def _found(
        self, generation: int, text: str, found: tuple[list[ShownHit], list[Episode]]
    ) -> None:
        if generation == self.generation:
            self.found = {e.id: e for e in found[1]}
            self.panel.show_hits(text, found[0])

    def _failed(self, generation: int, exc: BaseException) -> None:
        # The episode search above still answers; a broken index only hides these hits.
        log.warning("transcript search failed: %s", exc)
        if generation == self.generation:
            self.panel.show_hits(self.query, [])

    def play_from(self, episode_id: int, seconds: float) -> None:
        """Play the episode from the matched moment (it loads, then moves there)."""
        episode = self.player.episode
        if episode is None or episode.id != episode_id:
            chosen = self.found.get(episode_id)
            if chosen is None:
                return
            self.play(chosen)
        elif not self.player.playing:
            self.player.play()
        self.player.seek(seconds)
