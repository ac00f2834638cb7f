"""SQLite storage: the store, its migrations and small repositories returning domain objects."""

from player.storage.db import Store
from player.storage.episodes import EpisodeRepo
from player.storage.folders import FolderRepo
from player.storage.history import HistoryRepo
from player.storage.podcasts import PodcastRepo
from player.storage.queue import QueueRepo
from player.storage.settings import SettingsRepo
from player.storage.tags import TagRepo

__all__ = [
    "EpisodeRepo",
    "FolderRepo",
    "HistoryRepo",
    "PodcastRepo",
    "QueueRepo",
    "SettingsRepo",
    "Store",
    "TagRepo",
]
