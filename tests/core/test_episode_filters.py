"""The episode list's filters against a brute-force filter over a generated library.

Every combination of state, download, duration, date and tag is asked of the real SQL
(:class:`EpisodeRepo`) and compared with the same condition evaluated in Python on every
episode, so a wrong operator, a lost bound or a case-sensitive tag shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import replace

import pytest

from player.domain.feed import FeedItem
from player.domain.models import Episode, EpisodeState
from player.domain.queries import EpisodeQuery, EpisodeSort
from player.domain.view_filters import (
    DAY,
    DURATION_PRESETS,
    DatePreset,
    DownloadFilter,
    EpisodeFilters,
    StateFilter,
    ViewPrefs,
)
from player.services.view_prefs import SETTING, ViewPrefsService
from player.storage import EpisodeRepo, Store
from player.storage.settings import SettingsRepo
from tests.support.library import add_podcast

NOW = 1_780_000_000.0  # 2026-05-28
TAGS = ("News", "science", "Comedy")


@pytest.fixture
def library() -> Iterator[tuple[Store, dict[int, set[str]]]]:
    """Three shows of 40 episodes with mixed lengths (some unknown), dates, states,
    downloads and tags on shows and on episodes; returns the store and each episode's tags."""
    rng = random.Random(22)
    store = Store(None)
    repo = EpisodeRepo(store)
    tags: dict[int, set[str]] = {}
    for show in range(3):
        items = [
            FeedItem(
                guid=f"s{show}e{n}",
                title=f"Show {show} episode {n}",
                enclosure_url=f"https://example.org/{show}/{n}.mp3",
                enclosure_type="audio/mpeg",
                published=NOW
                - rng.choice([0.5, 3, 6.9, 7.1, 20, 29, 31, 100, 200, 364, 366, 900]) * DAY,
                duration=rng.choice([None, 60.0, 899.0, 900.0, 1800.0, 2700.0, 2701.0, 7200.0]),
            )
            for n in range(40)
        ]
        ids = add_podcast(store, items, url=f"https://example.org/{show}.xml", title=f"S{show}")
        podcast_id = repo.get(ids[0]).podcast_id
        show_tags = {TAGS[show]} if show < 2 else set()
        with store.write() as conn:
            for tag in show_tags:
                conn.execute("INSERT INTO podcast_tags VALUES (?, ?)", (podcast_id, tag))
            for episode_id in ids:
                own = set(rng.sample(TAGS, rng.choice([0, 0, 1, 2])))
                for tag in own:
                    conn.execute("INSERT INTO episode_tags VALUES (?, ?)", (episode_id, tag))
                tags[episode_id] = {t.lower() for t in own | show_tags}
        for episode_id in ids:
            kind = rng.choice(["new", "new", "progress", "played"])
            if kind == "played":
                repo.mark_played([episode_id])
            elif kind == "progress":
                repo.set_position(episode_id, 42.0)
            if rng.random() < 0.4:
                repo.set_download(episode_id, f"/tmp/{episode_id}.mp3")
    yield store, tags
    store.close()


def matches(f: EpisodeFilters, e: Episode, tags: set[str], now: float) -> bool:
    """The filters' meaning, written out plainly."""
    state_ok = {
        StateFilter.ALL: True,
        StateFilter.NEW: e.state is EpisodeState.NEW,
        StateFilter.IN_PROGRESS: e.state is EpisodeState.NEW and e.position > 0,
        StateFilter.PLAYED: e.state is EpisodeState.PLAYED,
    }[f.state]
    download_ok = {
        DownloadFilter.ANY: True,
        DownloadFilter.YES: bool(e.download_path),
        DownloadFilter.NO: not e.download_path,
    }[f.downloaded]
    length = e.duration
    duration_ok = (
        f.min_duration is None or (length is not None and length >= f.min_duration)
    ) and (f.max_duration is None or (length is not None and length <= f.max_duration))
    age = (now - e.published) / DAY
    year_start = dt.datetime(dt.datetime.fromtimestamp(now).year, 1, 1).timestamp()
    date_ok = {
        DatePreset.ANY: True,
        DatePreset.LAST_7_DAYS: age <= 7,
        DatePreset.LAST_30_DAYS: age <= 30,
        DatePreset.THIS_YEAR: e.published >= year_start,
        DatePreset.OLDER_THAN_A_YEAR: age > 365,
        DatePreset.CUSTOM: (f.published_after or 0) <= e.published < (f.published_before or 1e12),
    }[f.dates]
    tag_ok = not f.tag or f.tag.lower() in tags
    return state_ok and download_ok and duration_ok and date_ok and tag_ok


DURATIONS = [(None, None), *((lo, hi) for _label, lo, hi in DURATION_PRESETS), (900.0, 900.0)]
DATES = [
    EpisodeFilters(),
    *(EpisodeFilters(dates=d) for d in DatePreset if d not in (DatePreset.ANY, DatePreset.CUSTOM)),
    EpisodeFilters(
        dates=DatePreset.CUSTOM, published_after=NOW - 31 * DAY, published_before=NOW - 6 * DAY
    ),
    EpisodeFilters(dates=DatePreset.CUSTOM, published_before=NOW - 365 * DAY),
]


def test_every_filter_combination_lists_exactly_the_matching_episodes(library) -> None:
    store, tags = library
    repo = EpisodeRepo(store)
    everything = repo.list()
    assert len(everything) == 120
    checked = 0
    for state, downloaded, (low, high), dates, tag in itertools.product(
        StateFilter, DownloadFilter, DURATIONS, DATES, ("", "news", "SCIENCE")
    ):
        f = replace(
            dates, state=state, downloaded=downloaded, min_duration=low, max_duration=high, tag=tag
        )
        query = f.apply(EpisodeQuery(), NOW)
        got = [e.id for e in repo.list(query)]
        want = [e.id for e in everything if matches(f, e, tags[e.id], NOW)]
        assert got == want, f
        assert repo.count(query) == len(want), f
        checked += bool(want)
    assert checked > 200  # most combinations match something: the test is not vacuous


def test_filters_narrow_a_view_without_undoing_its_own_condition(library) -> None:
    store, _tags = library
    repo = EpisodeRepo(store)
    show = repo.list()[0].podcast_id
    new_view = EpisodeQuery(unplayed=True)
    played = EpisodeFilters(state=StateFilter.PLAYED).apply(new_view, NOW)
    assert repo.list(played) == [] and repo.count(played) == 0
    streamed = EpisodeFilters(downloaded=DownloadFilter.NO).apply(
        EpisodeQuery(downloaded=True), NOW
    )
    assert repo.list(streamed) == [] and repo.count(streamed) == 0
    in_progress = EpisodeFilters(state=StateFilter.IN_PROGRESS).apply(new_view, NOW)
    assert repo.list(in_progress) and all(e.in_progress for e in repo.list(in_progress))
    short = EpisodeFilters(max_duration=900.0, downloaded=DownloadFilter.NO)
    got = repo.list(short.apply(EpisodeQuery(podcast_id=show), NOW))
    assert got and all(
        e.podcast_id == show and not e.download_path and (e.duration or 1e9) <= 900 for e in got
    )


def test_paging_by_key_with_filters_lists_each_episode_once(library) -> None:
    store, _tags = library
    repo = EpisodeRepo(store)
    f = EpisodeFilters(downloaded=DownloadFilter.NO, min_duration=60.0)
    for sort in (EpisodeSort.NEWEST, EpisodeSort.DURATION, EpisodeSort.TITLE):
        query = replace(f.apply(EpisodeQuery(), NOW), sort=sort)
        whole = repo.list(query)
        pages: list[Episode] = []
        while True:
            page = repo.list(query, limit=7, after=pages[-1] if pages else None)
            if not page:
                break
            pages += page
        assert [e.id for e in pages] == [e.id for e in whole]


def test_admits_agrees_with_the_sql_for_download_and_state(library) -> None:
    store, _tags = library
    repo = EpisodeRepo(store)
    for f in (
        EpisodeFilters(downloaded=DownloadFilter.NO),
        EpisodeFilters(downloaded=DownloadFilter.YES, state=StateFilter.PLAYED),
        EpisodeFilters(state=StateFilter.IN_PROGRESS),
    ):
        query = f.apply(EpisodeQuery(), NOW)
        listed = {e.id for e in repo.list(query)}
        assert listed == {e.id for e in repo.list() if query.admits(e)}


def test_the_tags_of_shows_and_episodes_are_listed_once_a_to_z(library) -> None:
    store, _tags = library
    assert ViewPrefsService(store, SettingsRepo(store)).tags() == ["Comedy", "News", "science"]


def test_view_prefs_round_trip_through_the_settings_and_skip_defaults(library) -> None:
    store, _tags = library
    settings = SettingsRepo(store)
    service = ViewPrefsService(store, settings)
    custom = EpisodeFilters(
        state=StateFilter.IN_PROGRESS,
        downloaded=DownloadFilter.NO,
        min_duration=600.0,
        dates=DatePreset.CUSTOM,
        published_after=NOW - 10 * DAY,
        tag="News",
    )
    prefs = {
        "new": ViewPrefs(custom, EpisodeSort.DURATION, False),
        "podcast:2": ViewPrefs(sort=EpisodeSort.OLDEST, descending=False),
        "folder:News": ViewPrefs(),
    }
    service.save(prefs)
    assert set(settings.get(SETTING)) == {"new", "podcast:2"}
    assert ViewPrefsService(store, SettingsRepo(store)).load() == {
        "new": prefs["new"],
        "podcast:2": prefs["podcast:2"],
    }


def test_damaged_stored_prefs_fall_back_to_no_filters(library) -> None:
    store, _tags = library
    settings = SettingsRepo(store)
    settings.set(
        SETTING,
        {
            "new": {"filters": {"state": "nonsense", "min_duration": "x"}, "sort": "relevance"},
            "podcast:1": "garbage",
        },
    )
    loaded = ViewPrefsService(store, settings).load()
    assert loaded["new"] == ViewPrefs()
    assert loaded["podcast:1"] == ViewPrefs()
    settings.set(SETTING, [1, 2])
    assert ViewPrefsService(store, settings).load() == {}


def test_chip_labels_name_every_active_filter() -> None:
    f = EpisodeFilters(
        state=StateFilter.NEW,
        downloaded=DownloadFilter.YES,
        min_duration=900.0,
        max_duration=2700.0,
        dates=DatePreset.LAST_7_DAYS,
        tag="news",
    )
    assert f.describe() == ["New", "Downloaded", "15–45 min", "Last 7 days", "#news"]
    assert f.active and not EpisodeFilters().active
    assert EpisodeFilters(min_duration=600.0).describe() == ["≥ 10 min"]
