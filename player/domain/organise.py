"""What the sidebar and the queue pane list besides podcasts: folders, smart playlists, queues.

Plain values the services hand to the window and the command line; the storage repositories
fill them, so neither side knows the other's types.
"""

from __future__ import annotations

from dataclasses import dataclass

NEXT_UP_QUEUE_ID = 1
"""The queue every library has ("Next up"; the one queue before named queues came)."""


@dataclass(frozen=True, slots=True)
class FolderSummary:
    """A folder of the sidebar: its path ("News/Daily"), whether it is shown collapsed, and the
    counts of the shows directly or indirectly inside it."""

    name: str
    collapsed: bool = False
    podcast_count: int = 0
    unplayed_count: int = 0

    @property
    def depth(self) -> int:
        """How deep it is nested (0 for a top-level folder)."""
        return self.name.count("/")

    @property
    def label(self) -> str:
        """The last part of the path, what the sidebar shows under its parent."""
        return self.name.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class PlaylistSummary:
    """A smart playlist as the sidebar lists it: the count is evaluated live from its rules."""

    id: int
    name: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class QueueSummary:
    """A named play queue: how many episodes it holds, whether playback goes on to its next
    entry at the end of one, and whether it is the active queue (the one the player follows)."""

    id: int
    name: str
    count: int = 0
    auto_advance: bool = True
    active: bool = False
