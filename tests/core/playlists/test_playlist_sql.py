"""Smart playlists evaluated by SQL agree with a brute-force filter over every episode: each
rule type alone, random combinations (hypothesis), sort and limit, and paging through the
episode listing of a saved playlist."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.domain.playlists import DownloadRule, PlaylistRules, StateRule
from player.domain.queries import EpisodeQuery, EpisodeSort
from player.storage import EpisodeRepo, Store
from player.storage.playlists import PlaylistRepo
from tests.support.playlist_library import FOLDERS, TAGS, Row, brute_force, build_library

NOW = time.time()
PODCASTS = 60
PER_PODCAST = 50


@pytest.fixture(scope="module")
def library() -> Iterator[tuple[Store, list[Row]]]:
    store = Store(None)
    rows = build_library(store, PODCASTS, PER_PODCAST, NOW)
    yield store, rows
    store.close()


def check(library: tuple[Store, list[Row]], rules: PlaylistRules) -> list[int]:
    store, rows = library
    repo = PlaylistRepo(store)
    expected = brute_force(rules, rows, NOW)
    assert repo.episode_ids(rules, now=NOW) == expected, rules
    assert repo.count(rules, now=NOW) == len(expected), rules
    return expected


SINGLE_RULES = {
    "podcasts in": [PlaylistRules(podcasts_in=(3,)), PlaylistRules(podcasts_in=(1, 7, 59))],
    "podcasts out": [PlaylistRules(podcasts_out=(2, 4, 6))],
    "folders in": [
        PlaylistRules(folders_in=("News",)),
        PlaylistRules(folders_in=("News/Daily", "Comedy")),
        PlaylistRules(folders_in=("Newsy",)),
    ],
    "folders out": [PlaylistRules(folders_out=("News",)), PlaylistRules(folders_out=("Tech/AI",))],
    "sources": [PlaylistRules(podcasts_in=(5,), folders_in=("Tech",))],
    "tags in": [PlaylistRules(tags_in=("news",)), PlaylistRules(tags_in=("LONG", "later"))],
    "tags out": [PlaylistRules(tags_out=("fav",)), PlaylistRules(tags_out=("news", "tech"))],
    "state": [PlaylistRules(state=StateRule.NEW), PlaylistRules(state=StateRule.PLAYED)],
    "in progress": [
        PlaylistRules(in_progress=True),
        PlaylistRules(in_progress=True, state=StateRule.PLAYED),
    ],
    "downloaded": [
        PlaylistRules(downloaded=DownloadRule.YES),
        PlaylistRules(downloaded=DownloadRule.NO),
    ],
    "duration": [
        PlaylistRules(max_duration=1800),
        PlaylistRules(min_duration=1800),
        PlaylistRules(min_duration=600, max_duration=3600),
    ],
    "age": [
        PlaylistRules(newer_than_days=7),
        PlaylistRules(older_than_days=30),
        PlaylistRules(newer_than_days=60, older_than_days=30),
        PlaylistRules(newer_than_days=0.5),
    ],
    "sort": [
        PlaylistRules(sort=s, descending=d)
        for s in EpisodeSort
        if s is not EpisodeSort.RELEVANCE
        for d in (None, True, False)
    ],
    "limit": [
        PlaylistRules(limit=1),
        PlaylistRules(limit=20, sort=EpisodeSort.OLDEST),
        PlaylistRules(limit=10, sort=EpisodeSort.TITLE, state=StateRule.NEW),
        PlaylistRules(limit=100_000),
    ],
}


@pytest.mark.parametrize("kind", sorted(SINGLE_RULES))
def test_each_rule_type_alone_matches_the_brute_force(
    library: tuple[Store, list[Row]], kind: str
) -> None:
    found = [check(library, rules) for rules in SINGLE_RULES[kind]]
    # Not vacuous: every rule type selects some episodes but not all of them.
    total = PODCASTS * PER_PODCAST
    if kind not in ("sort", "limit"):
        assert any(0 < len(ids) < total for ids in found), (kind, [len(f) for f in found])


def test_the_examples_of_the_documentation(library: tuple[Store, list[Row]]) -> None:
    """Boundaries: an 1800 s episode is not under 30 min; "Newsy" is not in "News"."""
    _store, rows = library
    under = check(library, PlaylistRules(max_duration=1800))
    assert not [r for r in rows if r.id in set(under) and r.duration == 1800.0]
    assert any(r.duration == 1800.0 for r in rows)
    news = set(check(library, PlaylistRules(folders_in=("News",))))
    assert {r.folder for r in rows if r.id in news} <= {"News", "News/Daily", "News/Weekly"}
    assert any(r.folder == "Newsy" for r in rows)


def _rules() -> st.SearchStrategy[PlaylistRules]:
    ids = st.lists(st.integers(1, PODCASTS + 2), max_size=3, unique=True).map(tuple)
    folders = st.lists(st.sampled_from([f for f in FOLDERS if f]), max_size=2, unique=True)
    tags = st.lists(st.sampled_from([*TAGS, "NEWS", "none-such"]), max_size=2, unique=True)
    maybe_seconds = st.none() | st.sampled_from([300.0, 1800.0, 3600.0]) | st.floats(0, 12000)
    maybe_days = st.none() | st.sampled_from([1.0, 7.0, 30.0]) | st.floats(0, 500)
    sorts = st.sampled_from([s for s in EpisodeSort if s is not EpisodeSort.RELEVANCE])
    return st.builds(
        PlaylistRules,
        podcasts_in=ids,
        podcasts_out=ids,
        folders_in=folders.map(tuple),
        folders_out=folders.map(tuple),
        tags_in=tags.map(tuple),
        tags_out=tags.map(tuple),
        state=st.sampled_from(StateRule),
        in_progress=st.booleans(),
        downloaded=st.sampled_from(DownloadRule),
        min_duration=maybe_seconds,
        max_duration=maybe_seconds,
        newer_than_days=maybe_days,
        older_than_days=maybe_days,
        sort=sorts,
        descending=st.none() | st.booleans(),
        limit=st.none() | st.integers(1, 300),
    )


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=_rules())
def test_random_combinations_match_the_brute_force(
    library: tuple[Store, list[Row]], rules: PlaylistRules
) -> None:
    check(library, rules)


@settings(max_examples=60, deadline=None)
@given(rules=_rules(), page=st.integers(1, 40))
def test_paging_a_saved_playlist_lists_its_whole_evaluation(
    library: tuple[Store, list[Row]], rules: PlaylistRules, page: int
) -> None:
    """As the episode table pages: ``offset`` rows in and ``after`` the last one shown."""
    store, rows = library
    repo = PlaylistRepo(store)
    episodes = EpisodeRepo(store)
    pid = repo.save("paged", rules)
    query = EpisodeQuery(playlist_id=pid)
    expected = brute_force(rules, rows, NOW)
    assert episodes.count(query, now=NOW) == len(expected)
    for use_after in (True, False):
        listed: list[int] = []
        last = None
        while True:
            batch = episodes.list(
                query, limit=page, offset=len(listed), after=last if use_after else None, now=NOW
            )
            listed += [e.id for e in batch]
            if len(batch) < page:
                break
            last = batch[-1]
            assert len(listed) <= len(expected)
        assert listed == expected


def test_the_view_filters_narrow_a_limited_playlist(library: tuple[Store, list[Row]]) -> None:
    """ "Unplayed" over "the 40 oldest" shows the unplayed ones among those 40."""
    store, rows = library
    rules = PlaylistRules(sort=EpisodeSort.OLDEST, limit=40)
    pid = PlaylistRepo(store).save("oldest 40", rules)
    first = brute_force(rules, rows, NOW)
    by_id = {r.id: r for r in rows}
    unplayed = [i for i in first if by_id[i].state == "new"]
    assert 0 < len(unplayed) < 40
    query = EpisodeQuery(playlist_id=pid, unplayed=True)
    assert [e.id for e in EpisodeRepo(store).list(query)] == unplayed
    assert EpisodeRepo(store).count(query) == len(unplayed)


def test_a_missing_playlist_lists_nothing(library: tuple[Store, list[Row]]) -> None:
    store, _rows = library
    assert EpisodeRepo(store).list(EpisodeQuery(playlist_id=9999)) == []
    assert EpisodeRepo(store).count(EpisodeQuery(playlist_id=9999)) == 0


@pytest.mark.parametrize(
    ("words", "index"),
    [
        (
            "folder:News state:new duration:<30m limit:50",
            "episodes_state (state=? AND podcast_id=?)",
        ),
        ("in-progress", "episodes_in_progress"),
        ("age:<7d", "episodes_published (published>?)"),
        ("tag:tech downloaded:yes", "podcast_tags_tag (tag=?)"),
        ("state:new", "SCAN e USING INDEX episodes_published"),
    ],
)
def test_the_benchmark_playlists_use_their_indexes(
    library: tuple[Store, list[Row]], words: str, index: str
) -> None:
    """The plans bench/bench_playlists.py relies on (a first page of the listing)."""
    from player.domain.playlist_words import parse_rule_words

    store, _rows = library
    plan = EpisodeRepo(store).query_plan(limit=200, rules=parse_rule_words(words.split()))
    assert any(index in line for line in plan), plan
