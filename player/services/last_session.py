"""Which episode a restart shows again: the one whose place was saved last.

Kept in ``playback.last_episode_id`` (written only when an episode really played, so media that
never plays changes nothing); a library from before that key existed falls back to the
half-heard episode played most recently.
"""

from __future__ import annotations

from player.domain.errors import NotFoundError
from player.domain.models import EpisodeState
from player.domain.queries import EpisodeQuery
from player.storage import EpisodeRepo, SettingsRepo

LAST_EPISODE_KEY = "playback.last_episode_id"


class LastSession:
    """Reads and records the last played episode (one settings write per new episode)."""

    def __init__(self, settings: SettingsRepo, episodes: EpisodeRepo) -> None:
        self._settings = settings
        self._episodes = episodes
        self._remembered: int | None = None  # what the key holds, once known

    def episode_to_resume(self) -> int | None:
        """The episode to load paused at start-up; None when it was heard to the end or is gone.

        The answer counts as remembered: playing it on does not write the key again.
        """
        episode_id = self._settings.get(LAST_EPISODE_KEY)
        if episode_id is None:  # not recorded yet (a library from before this was kept)
            episode_id = self._last_in_progress()
        if not isinstance(episode_id, int):
            return None
        try:
            episode = self._episodes.get(episode_id)
        except NotFoundError:
            return None
        if episode.state is EpisodeState.PLAYED:
            return None
        self._remembered = episode.id
        return episode.id

    def remember(self, episode_id: int) -> None:
        """This episode's place was saved: it is the one to show after a restart."""
        if episode_id != self._remembered:
            self._settings.set(LAST_EPISODE_KEY, episode_id)
            self._remembered = episode_id

    def _last_in_progress(self) -> int | None:
        """The half-heard episode played most recently (in-progress lists are short)."""
        started = self._episodes.list(EpisodeQuery(in_progress=True))
        latest = max(started, key=lambda e: e.last_played or 0.0, default=None)
        return latest.id if latest is not None else None
