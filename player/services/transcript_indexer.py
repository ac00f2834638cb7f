"""Fetching and indexing an episode's transcript in the background once it is downloaded.

A downloaded episode is one the listener means to hear, often offline later: its transcript
should be there too, and searchable. The fetch runs on one thread of its own, never on the
download worker (whose next transfer must not wait for a transcript server) and never on the
GUI thread. The thread starts with the first finished download, so a CLI command that only
lists things never starts it.
"""

from __future__ import annotations

from player.services.after_download import AfterDownload
from player.services.transcripts import TranscriptService


class TranscriptIndexer(AfterDownload):
    """Indexes the transcript of every episode whose download finishes."""

    def __init__(self, service: TranscriptService) -> None:
        super().__init__("transcript-index", self._index)
        self.service = service

    def _index(self, episode_id: int) -> bool:
        return self.service.index(episode_id)
