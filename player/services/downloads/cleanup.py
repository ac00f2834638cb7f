"""Which downloads to delete, by each podcast's keep rules. A pure function, so the rules are
tested on plain records and the manager only carries the deletions out.

Rules, per podcast (0 turns a rule off, the default):

- ``keep_days`` N: a *played* download goes N days after it was last played (or, when the
  player never saw it played, N days after it was downloaded);
- ``keep_downloads`` N: beyond N downloads, the extra ones go, played before unplayed, oldest
  episode first.

Never deleted, whatever the rules say: an episode in progress (started, not finished), an
episode in the play queue, and, unless ``include_manual`` (the user asked), one the user
downloaded by hand. Spared episodes still count towards ``keep_downloads``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from player.domain.downloads import DownloadedFile
from player.domain.models import Podcast

DAY = 86_400.0


def is_protected(item: DownloadedFile, include_manual: bool = False) -> bool:
    """Whether cleanup must leave this download alone."""
    return item.in_progress or item.queued or (item.manual and not include_manual)


def plan(
    files: Sequence[DownloadedFile],
    podcasts: Mapping[int, Podcast],
    now: float,
    include_manual: bool = False,
) -> list[DownloadedFile]:
    """The downloads to delete now. ``files`` may come in any order."""
    by_podcast: dict[int, list[DownloadedFile]] = defaultdict(list)
    for item in files:
        by_podcast[item.podcast_id].append(item)
    doomed: list[DownloadedFile] = []
    for podcast_id, group in by_podcast.items():
        podcast = podcasts.get(podcast_id)
        if podcast is None:
            continue
        group.sort(key=lambda f: (f.published or 0.0, f.episode_id), reverse=True)
        doomed += _for_podcast(group, podcast, now, include_manual)
    return doomed


def _for_podcast(
    newest_first: list[DownloadedFile], podcast: Podcast, now: float, include_manual: bool
) -> list[DownloadedFile]:
    deletable = [f for f in newest_first if not is_protected(f, include_manual)]
    doomed: list[DownloadedFile] = []
    if podcast.keep_days > 0:
        limit = now - podcast.keep_days * DAY
        doomed = [
            f for f in deletable if f.played and (f.last_played or f.downloaded_at or 0.0) < limit
        ]
    if podcast.keep_downloads > 0:
        excess = len(newest_first) - len(doomed) - podcast.keep_downloads
        rest = [f for f in reversed(deletable) if f not in doomed]  # oldest first
        rest.sort(key=lambda f: not f.played)  # stable: played ones first, each oldest first
        doomed += rest[: max(0, excess)]
    return doomed
