"""The vocabulary every other layer speaks: plain dataclasses, enums and errors, no I/O."""

from player.domain.errors import (
    FeedError,
    NotFoundError,
    PlaybackError,
    PlayerError,
    StoreError,
)
from player.domain.models import (
    Chapter,
    Episode,
    EpisodeState,
    PlayEvent,
    Podcast,
    QueueEntry,
    Transcript,
)

__all__ = [
    "Chapter",
    "Episode",
    "EpisodeState",
    "FeedError",
    "NotFoundError",
    "PlayEvent",
    "PlaybackError",
    "PlayerError",
    "Podcast",
    "QueueEntry",
    "StoreError",
    "Transcript",
]
