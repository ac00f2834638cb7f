"""Playback wiring: the now-playing pane, the playback actions and the library's "play" go to
the player bridge; the bridge's signals update the pane."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QPixmap

from player.domain.models import Chapter, Episode
from player.qt.actions import ActionRegistry
from player.qt.bridges.player import PlayerBridge
from player.qt.panes.library import LibraryPane
from player.qt.panes.now_playing import NowPlayingPane
from player.qt.panes.queue import QueuePane
from player.qt.widgets.covers import CoverProvider
from player.services.playback_state import PlayerState

COVER_PIXELS = 360


class PlaybackController:
    """Connects what the listener does to the player, and what the player does to the pane.

    ``podcast_image(podcast_id)`` is a show's cover URL (an episode without its own);
    ``show_message`` puts a sentence in the status line.
    """

    def __init__(
        self,
        pane: NowPlayingPane,
        library_pane: LibraryPane,
        queue_pane: QueuePane,
        actions: ActionRegistry,
        player: PlayerBridge,
        covers: CoverProvider,
        *,
        podcast_image: Callable[[int], str],
        show_message: Callable[[str], None],
    ) -> None:
        self.pane = pane
        self.queue_pane = queue_pane
        self.actions = actions
        self.player = player
        self.covers = covers
        self.podcast_image = podcast_image
        self.show_message = show_message
        self._cover_url = ""

        pane.playPauseClicked.connect(player.toggle)
        pane.skipBackClicked.connect(player.skip_back)
        pane.skipForwardClicked.connect(player.skip_forward)
        pane.previousChapterClicked.connect(player.previous_chapter)
        pane.nextChapterClicked.connect(player.next_chapter)
        pane.seekRequested.connect(player.seek)
        pane.rateRequested.connect(player.set_rate)
        pane.volumeRequested.connect(player.set_volume)
        pane.muteRequested.connect(player.set_muted)
        pane.chapterActivated.connect(player.seek_chapter)
        pane.sleepRequested.connect(player.sleep)

        for name, slot in (
            ("play_pause", player.toggle), ("stop", player.stop),
            ("skip_back", player.skip_back), ("skip_forward", player.skip_forward),
            ("previous_chapter", player.previous_chapter), ("next_chapter", player.next_chapter),
            ("slower", player.slower), ("faster", player.faster),
            ("next_in_queue", player.next_in_queue),
            ("previous_in_queue", player.restart_or_previous), ("mute", player.toggle_mute),
        ):  # fmt: skip
            actions.connect(name, slot)

        library_pane.playRequested.connect(self.play)
        queue_pane.playRequested.connect(self.play)

        player.episodeChanged.connect(self._episode_changed)
        player.stateChanged.connect(self._state_changed)
        player.positionChanged.connect(self._position_changed)
        player.seeked.connect(lambda pos: pane.set_position(pos))
        player.rateChanged.connect(pane.set_rate)
        player.volumeChanged.connect(pane.set_volume)
        player.chaptersChanged.connect(pane.set_chapters)
        player.chapterChanged.connect(self._chapter_changed)
        player.sleepChanged.connect(pane.set_sleep_text)
        player.settingsChanged.connect(self._settings_changed)
        player.failed.connect(self._failed)
        covers.coverReady.connect(self._cover_ready)
        queue_pane.model.modelReset.connect(self._update_resume_hint)
        pane.set_volume(player.volume, player.muted)
        pane.set_rate(player.rate)
        pane.set_playing(False)
        self._settings_changed()

    def resume_last_session(self) -> None:
        """At start-up: the episode from last time, paused at its place, ready for Space."""
        self.player.resume_last_session()

    def refresh_cover(self) -> None:
        """The podcasts are (re)loaded: a cover that needed the podcast's image can show now."""
        if self.player.episode is not None and not self._cover_url:
            self._show_cover(self._episode_cover(self.player.episode))

    def play(self, episode: Episode) -> None:
        """Play an episode from the library or the queue."""
        if episode.is_video:
            self.player.set_video_surface(self.pane.video.handle())
        self.player.play_episode(episode.id)

    def _episode_changed(self, episode: Episode | None) -> None:
        pane = self.pane
        pane.show_episode(episode)
        pane.set_chapters(self.player.chapters)
        if episode is not None and episode.is_video:
            self.player.set_video_surface(pane.video.handle())
        self._show_cover(self._episode_cover(episode))
        if episode is None:
            self._update_resume_hint()

    def _settings_changed(self) -> None:
        self.pane.set_skip_lengths(*self.player.skip_lengths)

    def _update_resume_hint(self) -> None:
        """The empty pane names what the play key would start (the queue's first entry)."""
        queued = self.queue_pane.model.episodes
        head = queued[0] if queued else None
        key = self.actions["play_pause"].shortcut()
        self.pane.set_resume_hint(
            head.title if head else None,
            resume=bool(head and head.in_progress),
            key=key.toString(QKeySequence.SequenceFormat.NativeText),
        )

    def _episode_cover(self, episode: Episode | None) -> str:
        if episode is None:
            return ""
        return episode.image_url or self.podcast_image(episode.podcast_id)

    def _show_cover(self, url: str) -> None:
        self._cover_url = url
        pixmap: QPixmap | None = self.covers.pixmap(url, COVER_PIXELS) if url else None
        self.pane.set_cover(pixmap)

    def _cover_ready(self, url: str) -> None:
        if url == self._cover_url:
            self._show_cover(url)

    def _state_changed(self, state: PlayerState) -> None:
        self.pane.set_playing(state is PlayerState.PLAYING)
        if state is PlayerState.PLAYING:
            self.pane.show_error("")

    def _position_changed(self, position: float, duration: float) -> None:
        pane = self.pane
        if duration and abs(duration - pane.duration) > 0.5:
            pane.set_duration(duration)
        pane.set_position(position)

    def _chapter_changed(self, index: int) -> None:
        self.pane.set_current_chapter(index if index >= 0 else None)
        chapter: Chapter | None = (
            self.player.chapters[index] if 0 <= index < len(self.player.chapters) else None
        )
        if chapter is not None and chapter.image_url:
            self._show_cover(chapter.image_url)
        else:
            self._show_cover(self._episode_cover(self.player.episode))

    def _failed(self, reason: str) -> None:
        self.pane.show_error(reason)
        self.show_message(reason)
