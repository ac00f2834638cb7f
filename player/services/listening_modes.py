"""The player's listening modes: soundbite previews, live streams and other versions.

:class:`ListeningModes` holds what :class:`~player.services.playback.PlaybackService` would
otherwise carry in three fields and eight methods (docs/PLAYBACK.md, "Listening modes"): which
episode a preview returns to, the episode as the feed gave it before another version
(a ``podcast:alternateEnclosure``) was chosen, and the further sources of the version that
plays, tried in turn when one fails to open. It is a helper of the service like the sleep timer
and the smart audio follower, but one that moves the service's transport itself (leaving,
taking and opening the media), so it is made by the service with the service and runs on the
owner thread only. The mode itself and the preview's end stay on
:class:`~player.services.transport.Transport`, whose tick and saves read them.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from player.domain.errors import PlayerError
from player.domain.models import Episode
from player.i18n import _
from player.services.media_sources import episode_plan, plan_of
from player.services.playback_phase import Phase, Trigger
from player.services.playback_state import (
    EpisodeChanged,
    ListeningMode,
    ModeChanged,
    PlaybackFailed,
    PositionChanged,
)
from player.storage import EpisodeRepo
from player.storage.podcasting20 import Podcasting20Repo

if TYPE_CHECKING:
    from player.services.playback import PlaybackService


class ListeningModes:
    """Previews, live streams and versions of the loaded episode, for one player."""

    def __init__(
        self, player: PlaybackService, episodes: EpisodeRepo, p20: Podcasting20Repo
    ) -> None:
        self._player = player
        self._episodes = episodes
        self._p20 = p20
        self._as_loaded: Episode | None = None  # the episode before another version was chosen
        self._fallbacks: list[str] = []  # the playing version's further sources, in order
        self._return_to: int | None = None  # what was loaded before a preview took over

    def take(self, episode: Episode) -> None:
        """Take ``episode`` as the feed gave it (its own enclosure, no other version yet);
        the mirrors the feed lists for that same file are tried when it fails to open."""
        self._as_loaded = None
        self._fallbacks = []
        self._player._take(episode)
        if episode.id and not episode.download_path:
            try:
                versions = self._p20.episode_extras(episode.id).alternate_enclosures
            except PlayerError:
                versions = ()
            urls = episode_plan(episode, versions).urls
            self._fallbacks = [u for u in urls if u != episode.enclosure_url]

    def set_mode(self, mode: ListeningMode, end: float | None = None) -> None:
        """Enter ``mode`` (a preview ends at ``end``), announced when it changes."""
        p = self._player
        if mode is not p._mode or end != p._preview_end:
            p._mode = mode
            p._preview_end = end
            if mode is not ListeningMode.PREVIEW:
                self._return_to = None
            p._emit(ModeChanged(mode, end))

    # -- previews ----------------------------------------------------------------------------

    def preview(self, episode_id: int, start: float, duration: float) -> None:
        """Play ``duration`` seconds of an episode from ``start`` (a soundbite), then go back to
        what was loaded before, paused. Nothing is saved meanwhile: no position, no history,
        never "played" (:class:`NotFoundError` for an unknown id)."""
        p = self._player
        episode = self._episodes.get(episode_id)
        before = self._return_to if p._mode is ListeningMode.PREVIEW else None
        if before is None and p._episode is not None and p.recording:
            before = p._episode.id
        p._leave_episode()
        self.take(episode)
        start = max(0.0, float(start))
        p._position = start
        self.set_mode(ListeningMode.PREVIEW, start + max(0.5, float(duration)))
        self._return_to = before
        p._announce(episode)
        p.play()

    def end_preview(self) -> None:
        """Stop a preview early; what was loaded before comes back, paused at its place."""
        if self._player._mode is ListeningMode.PREVIEW:
            self.range_over()

    def range_over(self) -> None:
        """The preview is over: what was loaded before comes back, paused at its place."""
        p = self._player
        episode = p._episode
        back = self._return_to
        if p.phase not in (Phase.IDLE, Phase.STOPPED):
            p._close(Trigger.STOP)
        self.set_mode(ListeningMode.NORMAL)
        target = back if back is not None else (episode.id if episode is not None else None)
        if target is None:
            return
        try:
            p.load(target, autoplay=False)
        except PlayerError:  # what was loaded before is gone from the library meanwhile
            if episode is not None and episode.id != target:
                p.load(episode.id, autoplay=False)

    def ended(self, episode: Episode) -> None:
        """A preview or a live stream reached its end: nothing was heard, nothing is marked."""
        p = self._player
        if p._mode is ListeningMode.PREVIEW:
            self.range_over()
        else:
            p._close_media()
            p._machine.fire(Trigger.FINISH)
            p._emit(EpisodeChanged(episode))

    # -- live streams ------------------------------------------------------------------------

    def play_live(self, stream: Episode) -> None:
        """Play a live stream (an episode that is not in the library: a live item's
        enclosure). No position is saved and it is never marked played; it plays at 1x."""
        p = self._player
        p._leave_episode()
        self.take(stream)
        p._position = 0.0
        p._duration = None
        self.set_mode(ListeningMode.LIVE)
        p._apply_rate(1.0)
        p._emit(EpisodeChanged(stream))
        p._emit(PositionChanged(0.0, None))
        p.play()

    # -- versions ----------------------------------------------------------------------------

    def use_version(self, sources: list[str], media_type: str = "") -> bool:
        """Play another version of the loaded episode (an alternate enclosure: audio only,
        lower bitrate, another language, video) from the same place. ``sources`` are its
        addresses in the feed's order: ones this player cannot open (ipfs, torrents, onion
        services) are skipped and the others tried in turn. The feed's own enclosure (and
        its download) comes back when it is the first usable source. False (and a
        ``PlaybackFailed``) when none of them can be used."""
        p = self._player
        episode = p._episode
        if episode is None:
            return False
        plan = plan_of(sources)
        if not plan.urls:
            why = "; ".join(sorted({reason for _url, reason in plan.skipped})) or _("no address")
            text = _("This version cannot be played here ({why}).").format(why=why)
            p._emit(PlaybackFailed(text, episode.id))
            return False
        base = self._as_loaded or episode
        if plan.urls[0] == base.enclosure_url:
            chosen = base
        else:
            chosen = dataclasses.replace(
                base,
                enclosure_url=plan.urls[0],
                enclosure_type=media_type or base.enclosure_type,
                download_path="",
            )
        playing = p.phase in (Phase.PLAYING, Phase.LOADING)
        p._position = p._current()
        p._save(close=True)
        had_media = p.phase.media_open
        p._close_media()
        if had_media and not playing:
            p._machine.fire(Trigger.PARK)
        p._episode = chosen
        self._as_loaded = base
        self._fallbacks = list(plan.urls[1:])
        p._file_length = None
        p._emit(EpisodeChanged(chosen))
        if playing:
            p._open_and_play(chosen)
        return True

    def next_source(self) -> bool:
        """The media failed before playing: open the version's next source (False: none)."""
        p = self._player
        episode = p._episode
        if not self._fallbacks or episode is None:
            return False
        if p.phase not in (Phase.LOADING, Phase.PLAYING):
            return False
        url = self._fallbacks.pop(0)
        p._episode = dataclasses.replace(episode, enclosure_url=url, download_path="")
        p._close_media()
        p._open_and_play(p._episode)
        return True
