"""The listens kept between suggestions: always what a fresh read of the history returns."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from player.domain.models import PlayEvent
from player.recommend import build_profile
from player.services.listening import ListeningLog
from player.services.up_next import UpNextService
from player.services.up_next_history import HabitsCache, HistoryWindow
from player.storage import HistoryRepo, PodcastRepo, Store
from tests.core.recommend.library import MONDAY, TZ, Ep, add_show, daily, listen, weekly

HOUR = 3600.0


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


def _random_change(store: Store, rng: random.Random, episodes: list[int], at: float) -> str:
    """One change of the kinds the app makes (and a few it never makes); returns its name."""
    history = HistoryRepo(store)
    events = [r[0] for r in store.connection().execute("SELECT id FROM play_events ORDER BY id")]
    op = rng.random()
    if op < 0.3 or not events:
        start = at - rng.uniform(0, 2 * HOUR)
        history.add(PlayEvent(rng.choice(episodes), start, 0.0, rng.uniform(10, 1200)))
        return "new listen"
    if op < 0.4:  # imported history: older than most of the window, or tied with a listen
        start = at - rng.uniform(0, 40 * 24 * HOUR)
        if rng.random() < 0.3:
            start = float(
                store.scalar("SELECT started_at FROM play_events WHERE id = ?", (events[0],))
            )
        history.add(PlayEvent(rng.choice(episodes), start, 0.0, rng.uniform(10, 1200)))
        return "old listen"
    if op < 0.6:  # the player saving the span being heard (mostly the newest one)
        event = events[-1] if rng.random() < 0.7 else rng.choice(events)
        history.extend(event, rng.uniform(60, 1500))
        return "span grew"
    if op < 0.68:
        with store.write() as conn:
            conn.execute(
                "UPDATE play_events SET started_at = started_at + ? WHERE id = ?",
                (rng.uniform(-3, 3) * 24 * HOUR, rng.choice(events)),
            )
        return "listen moved"
    if op < 0.76:
        with store.write() as conn:
            conn.execute(
                "UPDATE episodes SET duration = ?, published = published - 60, number = ? "
                "WHERE id = ?",
                (rng.uniform(300, 3000), rng.randint(1, 9), rng.choice(episodes)),
            )
        return "episode facts changed"
    if op < 0.82:
        with store.write() as conn:
            conn.execute("DELETE FROM play_events WHERE id = ?", (rng.choice(events),))
        return "listen deleted"
    return "nothing"


def test_the_kept_window_equals_a_fresh_read_after_any_change(store: Store) -> None:
    """Small windows (12 listens) of a history of 100-odd, so listens keep entering, leaving
    and being topped up from older ones; ``at`` mostly moves on and sometimes back."""
    episodes = add_show(store, "Morning News", daily(MONDAY - timedelta(days=50), 50))
    rng = random.Random(8)
    kept = HistoryWindow(store, size=12)
    habits = HabitsCache(store, size=12)
    at = MONDAY.timestamp()
    seen = set()
    for step in range(400):
        seen.add(_random_change(store, rng, episodes, at))
        at += rng.uniform(-1, 3) * HOUR
        fresh = HistoryWindow(store, size=12).listens(at)
        assert kept.listens(at) == fresh, f"step {step}"
        assert [li.started_at for li in fresh] == sorted(li.started_at for li in fresh)
        assert habits.profile(at, TZ).at_moment(at) == build_profile(fresh, at, TZ).at_moment(at)
    assert seen >= {
        "new listen",
        "old listen",
        "span grew",
        "listen moved",
        "episode facts changed",
        "listen deleted",
    }
    assert store.scalar("SELECT COUNT(*) FROM play_events") > 12 * 5


def test_unsubscribing_drops_the_show_s_listens(store: Store) -> None:
    news = add_show(store, "Morning News", daily(MONDAY - timedelta(days=5), 5))
    talk = add_show(store, "Long Talks", weekly(MONDAY - timedelta(weeks=5), 5))
    for day in range(5):
        listen(store, news[day], MONDAY - timedelta(days=5 - day, hours=-8))
    listen(store, talk[4], MONDAY - timedelta(hours=3))
    kept = HistoryWindow(store, size=4)
    at = MONDAY.timestamp()
    assert {li.podcast_id for li in kept.listens(at)} == {1, 2}
    PodcastRepo(store).delete(2)  # the listens go with the episodes (ON DELETE CASCADE)
    assert {li.podcast_id for li in kept.listens(at)} == {1}
    assert kept.listens(at) == HistoryWindow(store, size=4).listens(at)
    assert len(kept.listens(at)) == 4


def test_habits_are_rebuilt_only_when_the_listens_changed(store: Store) -> None:
    news = add_show(store, "Morning News", daily(MONDAY - timedelta(days=5), 5))
    listen(store, news[3], MONDAY - timedelta(hours=20))
    habits = HabitsCache(store)
    at = MONDAY.timestamp()
    first = habits.profile(at, TZ)
    assert habits.profile(at + HOUR, TZ) is first  # time moved on, nothing was heard
    listen(store, news[4], MONDAY - timedelta(hours=2))
    second = habits.profile(at + HOUR, TZ)
    assert second is not first and len(second.heard) == 2


def test_a_span_growing_while_listening_reaches_the_suggestions(store: Store) -> None:
    """The player inserts a span at its first save and extends it at the next ones. A service
    kept open across those saves suggests what a new one would, to the last digit."""
    serial = add_show(
        store,
        "The Case",
        [Ep(MONDAY - timedelta(weeks=8 - i), 45, season=1, number=i + 1) for i in range(6)],
        kind="serial",
    )
    add_show(store, "Morning News", daily(MONDAY - timedelta(days=3), 4))
    listen(store, serial[0], MONDAY - timedelta(days=1, hours=-21))
    now = MONDAY + timedelta(hours=21)
    log = ListeningLog(store, clock=lambda: now.timestamp())
    kept = UpNextService(store, tz=TZ)

    def both(minutes: float) -> list[tuple[int, float, str]]:
        at = now + timedelta(minutes=minutes)
        lists = [
            [(s.episode.id, s.score, s.reason) for s in service.suggest(at, limit=8)]
            for service in (kept, UpNextService(store, tz=TZ))
        ]
        assert lists[0] == lists[1]
        return lists[0]

    log.begin(serial[1], 0.0, 1.0)
    log.save(serial[1], 60.0, learning=True)  # the span's row is inserted
    started = both(1)
    assert started[0][0] == serial[1]  # the episode being heard, to resume
    for minutes in (10, 20, 30, 40):
        log.save(serial[1], minutes * 60.0, learning=True)  # the same row grows
        both(minutes)
    log.finish(serial[1], 45 * 60.0, learning=True)
    finished = both(46)
    assert finished[0][0] == serial[2]
    assert finished[0][2].startswith("Next in The Case, season 1")
    assert HistoryRepo(store).count() == 2
