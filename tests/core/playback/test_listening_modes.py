"""Soundbite previews, live streams and other versions on the real libVLC engine: a preview
plays its range and leaves no trace, a live stream is never "played", a version switch keeps
the place, and sources this player cannot open are skipped."""

from __future__ import annotations

import dataclasses

import pytest

from player.domain.models import EpisodeState
from player.services.playback_state import (
    ListeningMode,
    ModeChanged,
    PlaybackFailed,
    PlayerState,
)
from player.storage import EpisodeRepo, HistoryRepo, Store
from tests.support.http_server import LoopbackServer
from tests.support.library import add_podcast, item, snapshot
from tests.support.media import MediaFactory
from tests.support.rig import Rig


def test_a_preview_plays_its_range_then_returns_and_marks_nothing(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    heard, bite = add_podcast(store, [item("heard", media.tone()), item("bite", media.tone(8.0))])
    rig.player.load(heard, autoplay=False)
    before = snapshot(store)
    rig.player.preview(bite, start=5.0, duration=2.0)
    rig.wait_state(PlayerState.PLAYING)
    assert rig.player.episode.id == bite and rig.player.mode is ListeningMode.PREVIEW
    rig.wait(lambda: rig.player.position >= 5.5, what="the preview plays from its start")
    assert rig.player.position < 7.5
    # It ends at its range's end (not the episode's, at 8 s) and the earlier episode is back.
    rig.wait(lambda: rig.player.episode.id == heard, timeout=10, what="back to the episode")
    assert rig.player.mode is ListeningMode.NORMAL
    assert rig.player.state is PlayerState.PAUSED
    assert ModeChanged(ListeningMode.PREVIEW, 7.0) in rig.of(ModeChanged)
    after = EpisodeRepo(store).get(bite)
    assert after.state is EpisodeState.NEW and after.position == 0
    assert HistoryRepo(store).list(bite) == []
    assert snapshot(store)["episodes"] == before["episodes"]
    assert snapshot(store)["play_events"] == before["play_events"]


def test_a_preview_past_the_end_of_the_file_marks_nothing_played(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (bite,) = add_podcast(store, [item("bite", media.tone(3.0))])
    rig.player.preview(bite, start=1.5, duration=30.0)
    rig.wait_state(PlayerState.PLAYING)
    rig.wait(lambda: rig.player.mode is ListeningMode.NORMAL, timeout=10, what="the end")
    stored = EpisodeRepo(store).get(bite)
    assert stored.state is EpisodeState.NEW and stored.position == 0
    assert HistoryRepo(store).list(bite) == []
    assert rig.player.episode.id == bite and rig.player.state is PlayerState.PAUSED


def test_a_live_stream_plays_over_http_and_saves_nothing(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (library,) = add_podcast(store, [item("kept", media.tone(3.0))])
    before = snapshot(store)
    with LoopbackServer() as server:
        url = server.add("live.mp3", media.tone(4.0))
        stream = dataclasses.replace(
            EpisodeRepo(store).get(library), id=0, title="Live now", enclosure_url=url
        )
        rig.player.play_live(stream)
        rig.wait_state(PlayerState.PLAYING)
        assert rig.player.mode is ListeningMode.LIVE and rig.player.rate == 1.0
        rig.wait(lambda: rig.player.position > 1.0, what="the stream plays")
        rig.player.pause()
        rig.player.play()
        rig.wait_state(PlayerState.STOPPED, timeout=15)
    assert snapshot(store) == before


def test_another_version_plays_from_the_same_place_skipping_unusable_sources(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (episode,) = add_podcast(store, [item("ep", media.tone())])
    with LoopbackServer() as server:
        other = server.add("audio-only.mp3", media.tone(60.0, 660))
        rig.player.load(episode)
        rig.wait_state(PlayerState.PLAYING)
        rig.player.seek(20.0)
        assert rig.player.use_version(
            ["ipfs://bafybeigdyrzt", "http://exampleonion1234.onion/a.mp3", other], "audio/mpeg"
        )
        rig.wait(lambda: rig.player.media_url == other, what="the other version")
        rig.wait_state(PlayerState.PLAYING)
        assert rig.player.position == pytest.approx(20.0, abs=1.5)
        assert [s.path for s in server.requests] and all(
            s.path.endswith("audio-only.mp3") for s in server.requests
        )
        assert rig.player.episode.id == episode
        rig.player.pause()
    assert EpisodeRepo(store).get(episode).position == pytest.approx(20.0, abs=2.0)


def test_a_version_with_only_unusable_sources_is_refused(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (episode,) = add_podcast(store, [item("ep", media.tone())])
    rig.player.load(episode, autoplay=False)
    assert not rig.player.use_version(["ipfs://bafy", "magnet:?xt=urn:btih:abc"])
    (failed,) = rig.of(PlaybackFailed)
    assert "cannot be played here" in failed.reason and "ipfs" in failed.reason
    assert rig.player.media_url.startswith("file:")


def test_a_source_that_fails_before_playing_gives_way_to_the_next(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    (episode,) = add_podcast(store, [item("ep", media.tone())])
    with LoopbackServer() as server:
        server.add_status("gone.mp3", 404)
        good = server.add("mirror.mp3", media.tone(60.0, 550))
        rig.player.load(episode, autoplay=False)
        assert rig.player.use_version([server.url("gone.mp3"), good])
        rig.player.play()
        rig.wait(lambda: rig.player.media_url == good, timeout=15, what="the mirror")
        rig.wait_state(PlayerState.PLAYING, timeout=15)
        assert not rig.of(PlaybackFailed)
        rig.player.pause()
