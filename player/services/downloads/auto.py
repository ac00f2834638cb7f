"""Automatic downloads: after a refresh, each podcast's newest new episodes, if it asks.

``podcasts.auto_download`` is the count (0, the default, turns it off). Only episodes the
listener has not touched qualify: unheard, not started, not dismissed, not already downloaded,
and with no download row (a download the listener paused or that failed is left alone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from player.domain.errors import NotFoundError
from player.storage import PodcastRepo
from player.storage.downloads import DownloadRepo


def choose(
    downloads: DownloadRepo,
    podcasts: PodcastRepo,
    new_episode_ids_by_podcast: Mapping[int, Sequence[int]],
) -> list[int]:
    """The episode ids to download automatically, per podcast newest first."""
    chosen: list[int] = []
    for podcast_id, episode_ids in new_episode_ids_by_podcast.items():
        try:
            wanted = podcasts.get(podcast_id).auto_download
        except NotFoundError:
            continue  # unsubscribed while the refresh ran
        if wanted > 0:
            chosen += downloads.auto_candidates(podcast_id, list(episode_ids))[:wanted]
    return chosen
