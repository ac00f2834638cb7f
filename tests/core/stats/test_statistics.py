"""Statistics over spans in a real SQLite file: local hours and days, ranges, time saved,
completion and release-to-play, the yearly review."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from player.domain.feed import FeedItem
from player.domain.models import PlayEvent
from player.services.listening import ListeningLog
from player.services.statistics import ListeningStatistics, longest_streak
from player.storage import EpisodeRepo, HistoryRepo, Store
from tests.support.library import add_podcast

BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str) -> float:
    """A Berlin wall-clock time as epoch seconds."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN).timestamp()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = Store(tmp_path / "library.sqlite3")
    yield db
    db.close()


def _episodes(store: Store, n: int = 3, title: str = "Show", published: float = 0.0) -> list[int]:
    items = [
        FeedItem(
            guid=f"{title}-{k}",
            title=f"{title} {k}",
            enclosure_url=f"https://example.org/{title}/{k}.mp3",
            enclosure_type="audio/mpeg",
            published=published or None,
            duration=7200.0,
        )
        for k in range(n)
    ]
    return add_podcast(store, items, url=f"https://example.org/{title}.xml", title=title)


def test_a_span_past_midnight_counts_for_both_days_and_each_hour(store: Store) -> None:
    (ep, *_) = _episodes(store)
    # 23:30 to 00:45 at 1.5x: 4500 s of wall clock, 6750 s of audio.
    start = at("2026-12-05T23:30:00")
    HistoryRepo(store).add(PlayEvent(ep, start, 0.0, 6750.0, 1.5, ended_at=start + 4500))
    stats = ListeningStatistics(store, BERLIN).compute(date(2026, 12, 5), date(2026, 12, 6))
    assert [d.key for d in stats.days] == ["2026-12-05", "2026-12-06"]
    assert [round(d.listened) for d in stats.days] == [1800, 2700]
    assert [round(d.media) for d in stats.days] == [2700, 4050]
    assert round(stats.listened) == 4500 and round(stats.media) == 6750
    # Saturday 23:00 and Sunday 00:00 hours; not all of it on the last day.
    assert round(stats.heatmap[5][23]) == 1800
    assert round(stats.heatmap[6][0]) == 2700
    assert sum(map(sum, stats.heatmap)) == pytest.approx(4500)
    # No saved_speed recorded: computed from the range and rate (6750 - 6750 / 1.5).
    assert stats.saved.speed == pytest.approx(2250)
    assert stats.saved.silence == 0 and stats.saved.skips == 0
    assert [w.key for w in stats.weeks] == ["2026-W49"]
    assert [m.key for m in stats.months] == ["2026-12"]
    assert stats.shows[0].label == "Show" and stats.shows[0].episodes == 1


def test_a_range_takes_only_the_part_of_a_span_inside_it(store: Store) -> None:
    (ep, *_) = _episodes(store)
    start = at("2026-12-05T23:30:00")
    HistoryRepo(store).add(PlayEvent(ep, start, 0.0, 4500.0, 1.0, ended_at=start + 4500))
    stats = ListeningStatistics(store, BERLIN).compute(date(2026, 12, 6), date(2026, 12, 6))
    assert round(stats.listened) == 2700 and round(stats.media) == 2700
    assert [d.key for d in stats.days] == ["2026-12-06"]
    # Its first listen was the day before: not started in this range.
    assert stats.episodes_started == 0 and stats.episodes_listened == 1


def test_an_old_span_without_an_end_is_estimated_from_its_speed(store: Store) -> None:
    (ep, *_) = _episodes(store)
    start = at("2026-12-01T10:00:00")
    HistoryRepo(store).add(PlayEvent(ep, start, 100.0, 1300.0, 2.0))  # ended_at NULL
    stats = ListeningStatistics(store, BERLIN).compute(date(2026, 12, 1), date(2026, 12, 1))
    assert stats.listened == pytest.approx(600)
    assert stats.media == pytest.approx(1200)
    assert stats.saved.speed == pytest.approx(600)


def test_recorded_savings_are_used_as_they_are(store: Store) -> None:
    (ep, *_) = _episodes(store)
    start = at("2026-12-01T10:00:00")
    history = HistoryRepo(store)
    event_id = history.add(PlayEvent(ep, start, 0.0, 1000.0, 1.25, ended_at=start + 700))
    with store.write() as conn:  # as the smart-audio player records them (issue 17)
        conn.execute(
            "UPDATE play_events SET saved_speed = 150, saved_silence = 50, saved_skips = 30 "
            "WHERE id = ?",
            (event_id,),
        )
    stats = ListeningStatistics(store, BERLIN).compute(date(2026, 12, 1), date(2026, 12, 1))
    assert (stats.saved.speed, stats.saved.silence, stats.saved.skips) == (150, 50, 30)
    assert stats.saved.total == 230
    assert stats.days[0].saved.total == pytest.approx(230)


def test_completion_and_release_to_play(store: Store) -> None:
    release = at("2026-11-30T06:00:00")
    a, b, c = _episodes(store, 3, published=release)
    history = HistoryRepo(store)
    first = at("2026-11-30T08:00:00")  # two hours after release
    history.add(PlayEvent(a, first, 0.0, 600.0, ended_at=first + 600))
    later = at("2026-12-03T08:00:00")  # three days after
    history.add(PlayEvent(b, later, 0.0, 600.0, ended_at=later + 600))
    history.add(PlayEvent(c, at("2026-10-01T08:00:00"), 0.0, 60.0))  # started before the range
    EpisodeRepo(store).mark_played([a, c])
    stats = ListeningStatistics(store, BERLIN).compute(date(2026, 11, 1), date(2026, 12, 31))
    assert stats.episodes_started == 2
    assert stats.episodes_finished == 1  # c was finished (last heard) in October
    assert stats.completion_rate == pytest.approx(0.5)
    assert sorted(round(d) for d in stats.release_to_play) == [7200, 3 * 86_400 + 7200]
    assert [(band.label, band.count) for band in stats.release_bands] == [
        ("Same day", 1),
        ("Within a week", 1),
        ("Within a month", 0),
        ("Later", 0),
    ]


def test_empty_days_are_rows_too_and_shows_are_ranked(store: Store) -> None:
    (a, *_) = _episodes(store, 1, title="Small")
    (b, *_) = _episodes(store, 1, title="Big")
    history = HistoryRepo(store)
    for day, ep, length in ((1, a, 300.0), (3, b, 900.0), (3, a, 60.0)):
        start = at(f"2026-12-0{day}T12:00:00")
        history.add(PlayEvent(ep, start, 0.0, length, ended_at=start + length))
    stats = ListeningStatistics(store, BERLIN).compute(date(2026, 12, 1), date(2026, 12, 4))
    assert [(d.key, round(d.listened)) for d in stats.days] == [
        ("2026-12-01", 300),
        ("2026-12-02", 0),
        ("2026-12-03", 960),
        ("2026-12-04", 0),
    ]
    assert [(s.label, round(s.listened)) for s in stats.shows] == [("Big", 900), ("Small", 360)]
    assert stats.days[2].episodes == 2


def test_the_yearly_review(store: Store) -> None:
    (a, *_) = _episodes(store, 1, title="Daily")
    (b, *_) = _episodes(store, 1, title="Weekly")
    history = HistoryRepo(store)
    for day in (3, 4, 5, 6, 10, 11):  # a four-day streak, then two days
        start = at(f"2026-03-{day:02d}T07:15:00")
        history.add(PlayEvent(a, start, 0.0, 1200.0, ended_at=start + 1200))
    big = at("2026-05-02T20:00:00")
    history.add(PlayEvent(b, big, 0.0, 5400.0, ended_at=big + 5400))
    history.add(PlayEvent(b, at("2025-12-31T10:00:00"), 0.0, 600.0))  # the year before
    review = ListeningStatistics(store, BERLIN).year_review(2026)
    assert review.longest_streak.days == 4
    assert (review.longest_streak.first, review.longest_streak.last) == ("2026-03-03", "2026-03-06")
    assert review.busiest_day is not None and review.busiest_day.key == "2026-05-02"
    assert review.active_days == 7
    assert [s.label for s in review.top_shows] == ["Daily", "Weekly"]
    assert round(review.stats.listened) == 6 * 1200 + 5400
    assert review.busiest_hour == 7  # 6 x 20 min at 07:15 beat 60 min at 20:00 (+30 at 21:00)


def test_longest_streak_of_nothing() -> None:
    assert longest_streak([]).days == 0


def test_the_listening_log_records_when_a_span_ended(store: Store) -> None:
    (ep, *_) = _episodes(store)
    now = [1_000_000.0]
    log = ListeningLog(store, clock=lambda: now[0])
    log.begin(ep, 10.0, 2.0)
    now[0] += 5
    log.save(ep, 20.0, learning=True)
    now[0] += 5
    log.save(ep, 30.0, learning=True, close=True)
    (event,) = HistoryRepo(store).list()
    assert (event.started_at, event.ended_at, event.from_pos, event.to_pos) == (
        1_000_000.0,
        1_000_010.0,
        10.0,
        30.0,
    )


def test_a_zone_with_an_odd_offset_still_splits_at_its_own_hours(store: Store) -> None:
    from datetime import timedelta, timezone

    odd = timezone(timedelta(hours=5, minutes=23, seconds=17))
    (ep, *_) = _episodes(store)
    midnight = datetime(2026, 12, 6, tzinfo=odd).timestamp()
    HistoryRepo(store).add(PlayEvent(ep, midnight - 100, 0.0, 400.0, ended_at=midnight + 300))
    stats = ListeningStatistics(store, odd).compute(date(2026, 12, 5), date(2026, 12, 6))
    assert [round(d.listened) for d in stats.days] == [100, 300]
    assert round(stats.heatmap[5][23]) == 100 and round(stats.heatmap[6][0]) == 300


def test_the_days_the_clocks_change(store: Store) -> None:
    (ep, *_) = _episodes(store)
    history = HistoryRepo(store)
    # Spring: 01:30 to 03:30 on the clock is one real hour (02:00 becomes 03:00).
    spring = at("2026-03-29T01:30:00")
    history.add(PlayEvent(ep, spring, 0.0, 3600.0, ended_at=spring + 3600))
    # Autumn: 02:30 (summer time) for two real hours passes 02:00-03:00 twice.
    autumn = datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=BERLIN).timestamp()
    history.add(PlayEvent(ep, autumn, 0.0, 7200.0, ended_at=autumn + 7200))
    service = ListeningStatistics(store, BERLIN)
    stats = service.compute(date(2026, 3, 29), date(2026, 3, 29))
    assert round(stats.heatmap[6][1]) == 1800 and round(stats.heatmap[6][3]) == 1800
    assert round(stats.days[0].listened) == 3600
    stats = service.compute(date(2026, 10, 25), date(2026, 10, 25))
    # 02:30-03:00 summer, 02:00-03:00 winter, 03:00-03:30: two hours, 1.5 of them in "02".
    assert round(stats.heatmap[6][2]) == 5400 and round(stats.heatmap[6][3]) == 1800
    assert round(stats.days[0].listened) == 7200
