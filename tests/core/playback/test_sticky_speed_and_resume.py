"""The player service remembers what a listener chose: the speed (the next episode starts at it,
also from the command line) and the episode that was loaded (shown again after a restart)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from player.domain.models import EpisodeState
from player.playback.vlc_engine import VlcEngine
from player.services.playback_state import PlayerState
from player.services.sync import import_local_feed
from player.storage import EpisodeRepo, PodcastRepo, SettingsRepo, Store
from tests.conftest import ROOT, run_cli
from tests.support.rig import Rig

DEMO_FEED = ROOT / "player" / "demo" / "feed.xml"


def _demo_ids(store: Store) -> list[int]:
    import_local_feed(store, DEMO_FEED)
    return sorted(e.id for e in EpisodeRepo(store).list())


def test_the_chosen_speed_becomes_the_default_unless_the_podcast_has_its_own(
    store: Store, rig: Rig
) -> None:
    first, second, third, _ = _demo_ids(store)
    rig.player.load(first, autoplay=False)
    rig.player.set_rate(1.7)
    assert SettingsRepo(store).get("playback.rate") == 1.7
    rig.player.load(second, autoplay=False)
    assert rig.player.rate == 1.7

    podcast_id = EpisodeRepo(store).get(third).podcast_id
    PodcastRepo(store).update(podcast_id, playback_rate=1.2)
    rig.player.load(third, autoplay=False)
    assert rig.player.rate == 1.2
    rig.player.set_rate(2.5)  # for this episode only: the podcast has its own speed
    assert SettingsRepo(store).get("playback.rate") == 1.7


def test_the_last_loaded_episode_comes_back_paused_at_its_place(
    store: Store, rig: Rig, tmp_path: Path
) -> None:
    _, second, *_ = _demo_ids(store)
    rig.player.load(second)
    rig.wait_state(PlayerState.PLAYING)
    rig.player.seek(40.0)
    rig.wait_position(41.0)
    rig.player.pause()
    saved = EpisodeRepo(store).get(second).position
    rig.close()  # quitting

    again = Rig.for_player(store, VlcEngine(aout="dummy", vout="dummy"), image_dir=tmp_path / "i2")
    try:
        assert again.player.resume_last_session()
        assert again.player.episode is not None and again.player.episode.id == second
        assert again.player.state is PlayerState.PAUSED
        assert again.player.position == pytest.approx(saved - 2.0, abs=0.01)
        assert not again.player.resume_last_session()  # something is loaded already
    finally:
        again.close()


def test_a_finished_or_deleted_last_episode_is_not_brought_back(store: Store, rig: Rig) -> None:
    first, *_ = _demo_ids(store)
    SettingsRepo(store).set("playback.last_episode_id", first)
    EpisodeRepo(store).mark_played([first])
    assert EpisodeRepo(store).get(first).state is EpisodeState.PLAYED
    assert not rig.player.resume_last_session()
    SettingsRepo(store).set("playback.last_episode_id", 99_999)
    assert not rig.player.resume_last_session()
    assert rig.player.episode is None


def test_changed_settings_are_announced_once(store: Store, rig: Rig) -> None:
    from player.services.playback_state import SettingsChanged

    SettingsRepo(store).set("playback.skip_back_seconds", 20)
    rig.player.reload_settings()
    rig.player.reload_settings()
    announced = rig.of(SettingsChanged)
    assert len(announced) == 1 and announced[0].settings.skip_back == 20


def test_play_from_the_command_line_keeps_the_speed_for_next_time(data_dir: Path) -> None:
    store = Store(data_dir / "library.sqlite3")
    episode_id = _demo_ids(store)[0]
    store.close()
    first = run_cli(
        data_dir, "play", str(episode_id), "--for", "0.5", "--rate", "1.6", "--aout", "dummy"
    )
    assert first.returncode == 0, first.stderr
    second = run_cli(data_dir, "play", str(episode_id), "--for", "0.5", "--aout", "dummy", "--json")
    assert second.returncode == 0, second.stderr
    lines = [json.loads(line) for line in second.stdout.splitlines()]
    assert lines[0]["rate"] == 1.6


def test_without_a_record_the_latest_half_heard_episode_comes_back(store: Store, rig: Rig) -> None:
    """A library from before the last episode was recorded still finds its place."""
    first, second, third, _ = _demo_ids(store)
    episodes = EpisodeRepo(store)
    episodes.set_position(third, 50.0)
    time.sleep(0.01)
    episodes.set_position(first, 30.0)
    time.sleep(0.01)
    episodes.set_position(second, 20.0)
    episodes.mark_played([second])  # finished: not this one
    assert rig.player.resume_last_session()
    assert rig.player.episode is not None and rig.player.episode.id == first
    assert rig.player.position == pytest.approx(28.0, abs=0.01)
