"""A big library stays quick: the generated benchmark library is what it says, and the queries
that grow with the library read the indexes that keep them small (bench/bench_scale.py measures
them at 1,000,000 episodes; these check the plans that make those figures)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import library_gen
from player.domain.models import EpisodeState
from player.domain.queries import EpisodeQuery
from player.paths import DataPaths
from player.services.up_next import UpNextService
from player.storage import EpisodeRepo, HistoryRepo, PodcastRepo, Store
from player.storage.folders import FolderRepo

FEEDS, ITEMS = 30, 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Store]]:
    out = tmp_path_factory.mktemp("gen")
    library_gen.build(FEEDS, ITEMS, out, quiet=True)
    store = Store(DataPaths(out).database)
    yield out, store
    store.close()


def test_the_generator_makes_feeds_times_items_episodes_with_their_fields(
    generated: tuple[Path, Store],
) -> None:
    out, store = generated
    podcasts = PodcastRepo(store).list()
    assert len(podcasts) == FEEDS
    assert {p.episode_count for p in podcasts} == {ITEMS}
    episodes = EpisodeRepo(store).list(EpisodeQuery())
    assert len(episodes) == FEEDS * ITEMS
    assert all(e.title and e.description and e.enclosure_url for e in episodes)
    assert all(e.duration and 300 <= e.duration <= 7200 for e in episodes)
    assert len({e.duration for e in episodes}) > 100 and len({e.title for e in episodes}) > 1000
    assert all(e.published and e.published <= time.time() for e in episodes)
    # A listening history: played and half-heard episodes, and play events for up next.
    assert any(e.state is EpisodeState.PLAYED for e in episodes)
    assert EpisodeRepo(store).list(EpisodeQuery(in_progress=True))
    assert HistoryRepo(store).count() > 0
    assert library_gen.read_stamp(out) == {
        **(library_gen.read_stamp(out) or {}),
        "feeds": FEEDS,
        "items": ITEMS,
        "episodes": FEEDS * ITEMS,
    }
    assert UpNextService(store).suggest(limit=5)
    # The search index was filled by the real write path.
    assert EpisodeRepo(store).search(episodes[0].title, limit=5)


def test_a_stamped_library_is_not_built_again_and_another_size_is_refused(
    generated: tuple[Path, Store],
) -> None:
    out, _store = generated
    before = (out / "library.sqlite3").stat().st_mtime_ns
    built = library_gen.build(FEEDS, ITEMS, out, quiet=True)
    assert built.cached and built.episodes == FEEDS * ITEMS
    assert (out / "library.sqlite3").stat().st_mtime_ns == before
    with pytest.raises(SystemExit):
        library_gen.build(FEEDS + 1, ITEMS, out, quiet=True)


def test_a_build_that_stopped_half_way_starts_again(tmp_path: Path) -> None:
    store = Store(DataPaths(tmp_path).database)  # a half-written folder: no stamp
    PodcastRepo(store).add("https://half.example/feed.xml", "Half")
    store.close()
    built = library_gen.build(3, 5, tmp_path, quiet=True)
    assert not built.cached and built.episodes == 15


def test_in_progress_reads_the_partial_index_not_every_unplayed_episode(
    generated: tuple[Path, Store],
) -> None:
    """At start-up the player looks for the last half-heard episode; walking ``episodes_state``
    over every unplayed episode took half a second at 1,000,000 (on the GUI thread)."""
    _out, store = generated
    repo = EpisodeRepo(store)
    for plan in (
        repo.query_plan(EpisodeQuery(in_progress=True)),
        repo.query_plan(EpisodeQuery(in_progress=True), counting=True),
    ):
        assert any("episodes_in_progress" in line for line in plan), plan
        assert not any("episodes_state" in line for line in plan), plan


def test_sidebar_activity_is_the_newest_episode_and_listening_of_each_show(
    generated: tuple[Path, Store],
) -> None:
    """The sidebar's "newest episode" order: one index seek per show, the same answer as
    grouping every episode (shows without episodes are absent, as they were)."""
    _out, store = generated
    empty = PodcastRepo(store).add("https://empty.example/feed.xml", "No episodes yet")
    try:
        activity = FolderRepo(store).podcast_activity()
        episodes = EpisodeRepo(store).list(EpisodeQuery())
        newest: dict[int, float] = {}
        for e in episodes:
            newest[e.podcast_id] = max(newest.get(e.podcast_id, 0.0), e.published or 0.0)
        assert {pid: a[0] for pid, a in activity.items()} == newest
        assert empty not in activity
        assert sum(1 for a in activity.values() if a[1] > 0) > 0  # listened seconds
    finally:
        PodcastRepo(store).delete(empty)
