"""The player service on real libVLC (dummy output): starting, seeking, speed, resume, chapters."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from player.domain.models import EpisodeState
from player.playback.null_engine import NullEngine
from player.playback.vlc_engine import VlcEngine
from player.services.playback_state import (
    ChapterChanged,
    ChaptersChanged,
    EpisodeChanged,
    PlaybackFailed,
    PlayerState,
    PositionChanged,
    RateChanged,
    Seeked,
)
from player.services.sync import import_local_feed
from player.storage import (
    EpisodeRepo,
    HistoryRepo,
    PodcastRepo,
    QueueRepo,
    SettingsRepo,
    Store,
)
from tests.conftest import ROOT
from tests.support.library import add_podcast, item
from tests.support.media import CHAPTERS, MediaFactory
from tests.support.rig import Rig

DEMO_FEED = ROOT / "player" / "demo" / "feed.xml"


def demo_episode(store: Store, number: int) -> int:
    """Subscribe to the bundled demo podcast; the id of its episode ``number`` (1-4)."""
    import_local_feed(store, DEMO_FEED)
    return next(e.id for e in EpisodeRepo(store).list() if e.number == number)


def test_a_demo_episode_starts_with_its_json_chapters_known(store: Store, rig: Rig) -> None:
    episode_id = demo_episode(store, 1)
    rig.player.load(episode_id)
    # Chapters are there before any audio: JSON (the winning source), without the hidden marker.
    assert rig.player.state is PlayerState.LOADING
    assert rig.player.chapter_source == "json"
    titles = [c.title for c in rig.player.chapters]
    assert titles == [
        "Welcome to the lab",
        "What your player already knows",
        "Context without surveillance",
        "Keeping it on your machine",
        "Up next",
    ]
    assert rig.player.chapters[3].url == "https://www.sqlite.org/about.html"
    assert rig.player.chapter_index == 0
    rig.wait_state(PlayerState.PLAYING)
    rig.wait_position(0.5)
    kinds = [type(e) for _, e in rig.events]
    assert kinds.index(EpisodeChanged) < kinds.index(ChaptersChanged)
    assert rig.player.duration == pytest.approx(131.2, abs=0.5)
    # The file's own ID3 chapters were stored too (the other source).
    assert len(EpisodeRepo(store).chapters(episode_id, "id3")) == 5


def _tone_episode(store: Store, media: MediaFactory, **kw: object) -> int:
    return add_podcast(store, [item("tone", media.tone(), **kw)])[0]  # type: ignore[arg-type]


def test_seek_lands_within_250_ms(store: Store, rig: Rig, media: MediaFactory) -> None:
    rig.player.load(_tone_episode(store, media))
    rig.wait_position(0.3)
    rig.player.seek(42.0)
    sought = time.monotonic()
    assert rig.of(Seeked)[-1].position == 42.0
    rig.run_for(0.8)
    # Positions reported after the decoder settled at the new place (libVLC's real clock):
    later = [
        (t, e.position)
        for t, e in rig.events
        if t > sought + 0.3 and isinstance(e, PositionChanged)
    ]
    assert later
    for at, position in later:
        assert position == pytest.approx(42.0 + (at - sought), abs=0.25)
    assert EpisodeRepo(store).get(rig.player.episode.id).position == pytest.approx(42.0)


def test_rate_changes_take_effect_and_the_podcast_default_applies(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    episode_id = _tone_episode(store, media)
    PodcastRepo(store).update(EpisodeRepo(store).get(episode_id).podcast_id, playback_rate=1.5)
    rig.player.load(episode_id)
    assert rig.player.rate == 1.5 and rig.engine.rate == 1.5
    rig.wait_position(1.6)
    rig.player.set_rate(2.54)  # snapped to the 0.1 grid
    assert rig.player.rate == 2.5 and rig.of(RateChanged)[-1].rate == 2.5
    rig.run_for(0.3)
    before, t0 = rig.player.position, time.monotonic()
    rig.run_for(1.0)
    speed = (rig.player.position - before) / (time.monotonic() - t0)
    assert speed == pytest.approx(2.5, rel=0.2)
    rig.player.pause()
    # The rate change split the listening into two spans, each with its own speed.
    assert [e.rate for e in HistoryRepo(store).list()] == [1.5, 2.5]


def test_pause_saves_and_loading_again_resumes_with_a_short_rewind(
    store: Store, rig: Rig, media: MediaFactory, vlc_engine: object
) -> None:
    episode_id = _tone_episode(store, media)
    rig.player.load(episode_id)
    rig.wait_state(PlayerState.PLAYING)
    rig.player.seek(30.0)
    rig.wait_position(31.0)
    rig.player.pause()
    saved = EpisodeRepo(store).get(episode_id).position
    assert saved == pytest.approx(rig.player.position, abs=0.01)
    assert 31.0 <= saved < 32.0
    rig.player.load(episode_id)  # "opening it again"
    assert rig.player.position == pytest.approx(saved - 2.0, abs=0.01)
    rig.wait_state(PlayerState.PLAYING)
    rig.wait(lambda: rig.player.position > saved - 2.0 + 0.2, what="progress after resume")
    assert rig.player.position < saved


def test_skip_back_and_forward_use_the_settings(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    SettingsRepo(store).set("playback.skip_forward_seconds", 20)
    rig.player.load(_tone_episode(store, media), autoplay=False)
    rig.player.seek(10.0)
    rig.player.skip_forward()
    assert rig.player.position == 30.0
    rig.player.skip_back()
    assert rig.player.position == 20.0
    rig.player.seek(-5)
    assert rig.player.position == 0.0


def test_the_current_chapter_follows_the_position(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    episode_id = add_podcast(store, [item("chaptered", media.chaptered())])[0]
    rig.player.load(episode_id)
    assert rig.player.chapter_source == "id3"
    assert [c.title for c in rig.player.chapters] == [c.title for c in CHAPTERS]
    rig.player.set_rate(3.0)
    rig.wait(lambda: rig.player.chapter_index == 3, timeout=8, what="the last chapter")
    changes = [(t, e) for t, e in rig.events if isinstance(e, ChapterChanged)]
    assert [e.index for _, e in changes] == [0, 1, 2, 3]
    # Each change came while the position was inside the new chapter.
    for _, change in changes[1:]:
        spec = CHAPTERS[change.index]
        assert change.chapter is not None and change.chapter.title == spec.title
    positions = [e.position for e in rig.of(PositionChanged)]
    assert positions == sorted(positions)


def test_next_and_previous_chapter(store: Store, rig: Rig, media: MediaFactory) -> None:
    episode_id = add_podcast(store, [item("chaptered", media.chaptered())])[0]
    rig.player.load(episode_id, autoplay=False)
    assert rig.player.next_chapter() and rig.player.position == 2.5
    assert rig.player.next_chapter() and rig.player.position == 5.0
    assert rig.player.chapter_index == 2
    rig.player.seek(6.0)  # just into chapter three: "previous" goes to chapter two
    assert rig.player.previous_chapter() and rig.player.position == 2.5
    rig.player.seek(7.4)
    rig.player.seek(9.0)
    rig.player.previous_chapter()  # 1.5 s into chapter four: back to chapter three
    assert rig.player.position == 5.0
    rig.player.seek(8.0)
    assert rig.player.next_chapter() is False  # already in the last chapter


def test_the_chapter_images_from_id3_are_saved_as_files(
    store: Store, rig: Rig, media: MediaFactory, tmp_path: Path
) -> None:
    episode_id = add_podcast(store, [item("chaptered", media.chaptered())])[0]
    rig.player.load(episode_id, autoplay=False)
    image = rig.player.chapters[2].image_url
    assert image.startswith("file://") and image.endswith(".png")
    assert (tmp_path / "images" / image.rsplit("/", 1)[1]).is_file()


def test_volume_and_mute_are_the_listeners_whatever_the_output_reports(
    store: Store, rig: Rig, media: MediaFactory
) -> None:
    rig.player.load(_tone_episode(store, media))
    rig.wait_state(PlayerState.PLAYING)
    rig.player.set_volume(130)
    rig.player.set_muted(True)
    assert (rig.player.volume, rig.player.muted) == (130, True)
    assert (rig.engine.volume, rig.engine.muted) == (130, True)
    rig.player.set_volume(999)
    assert rig.player.volume == 150
    rig.close()
    assert SettingsRepo(store).get("playback.volume") == 150  # remembered for the next start


def test_the_service_runs_on_the_null_engine_too(store: Store, media: MediaFactory) -> None:
    """UI tests may use the null engine: the service behaves the same on it."""
    first, second = add_podcast(store, [item("a", media.tone(3.0)), item("b", media.tone(3.0))])
    QueueRepo(store).insert([first, second])
    rig = Rig.for_player(store, NullEngine())
    try:
        rig.player.load(first)
        rig.wait_state(PlayerState.PLAYING)
        rig.player.toggle()
        assert rig.player.state is PlayerState.PAUSED
        rig.player.toggle()
        rig.player.set_rate(3.0)
        rig.wait(lambda: rig.player.episode.id == second, what="the next queue entry")
        assert EpisodeRepo(store).get(first).state is EpisodeState.PLAYED
    finally:
        rig.close()


def test_a_stream_that_never_answers_times_out(store: Store, vlc_engine: VlcEngine) -> None:
    clock = [time.time()]
    with socket.socket() as silent:  # accepts connections, never sends a byte
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/episode.mp3"
        (episode_id,) = add_podcast(store, [item("silent", url)])
        rig = Rig.for_player(store, vlc_engine, clock=lambda: clock[0])
        rig.player.load(episode_id)
        assert rig.player.state is PlayerState.LOADING
        clock[0] += 31  # past playback.load_timeout_seconds
        rig.wait_state(PlayerState.ERROR)
        (failure,) = rig.of(PlaybackFailed)
        assert failure.reason.endswith("nothing arrived within 30 seconds.")
        rig.close()
