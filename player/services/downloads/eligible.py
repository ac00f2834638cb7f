"""Whether "Download" makes sense for an episode: the one rule every menu and toolbar asks.

An episode whose media is already on this computer (the bundled demo podcast, a feed file
with relative enclosures, a finished download) has nothing to fetch, and offering the command
only to answer "nothing to download" afterwards is a trap. The manager applies the same rule
(:func:`player.services.downloads.transfer.unusable_url`) when it is asked anyway.
"""

from __future__ import annotations

from player.domain.models import Episode
from player.services.downloads.transfer import unusable_url


def can_download(episode: Episode) -> bool:
    """True when the episode has an http(s) enclosure and no downloaded file yet."""
    return not episode.download_path and unusable_url(episode.enclosure_url) is None
