"""Up next through the service, on a real SQLite library with a listening history."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from player.domain.errors import NotFoundError
from player.services.episode_actions import EpisodeActionsService, parse_actions
from player.services.up_next import UpNextService
from player.storage import HistoryRepo, QueueRepo, Store
from tests.core.recommend.library import MONDAY, TZ, Ep, add_show, daily, listen, weekly


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


@pytest.fixture
def habits(store: Store) -> dict[str, list[int]]:
    """Three weeks of a listener who hears the news on weekday mornings and stories at weekend
    nights. Both shows publish fresh episodes every week, so either could come next."""
    news = add_show(store, "Morning News", daily(MONDAY - timedelta(days=7), 35))
    stories = add_show(store, "Weekend Stories", weekly(MONDAY - timedelta(weeks=10, days=-4), 15))
    for week in range(3):
        for day in range(5):
            when = MONDAY + timedelta(weeks=week, days=day, hours=8)
            listen(store, news[7 + 7 * week + day], when)
        for day, ep in ((5, 10 + week), (6, 3 + week)):
            listen(store, stories[ep], MONDAY + timedelta(weeks=week, days=day, hours=21))
    return {"news": news, "stories": stories}


def test_time_of_day_changes_the_top_pick(store: Store, habits: dict[str, list[int]]) -> None:
    service = UpNextService(store, tz=TZ)
    monday_8 = service.suggest(MONDAY + timedelta(weeks=3, hours=8))
    saturday_21 = service.suggest(MONDAY + timedelta(weeks=3, days=5, hours=21))
    assert monday_8[0].episode.id == habits["news"][7 + 21]  # that morning's news
    assert monday_8[0].reason == (
        "You usually hear Morning News on weekday mornings; it fits your usual 20 minutes."
    )
    assert saturday_21[0].episode.podcast_title == "Weekend Stories"
    assert "weekend" in saturday_21[0].reason
    # Saturday's fresh news exists; the habit, not availability, decides.
    saturday_news = habits["news"][7 + 26]
    assert saturday_news in [s.episode.id for s in saturday_21]


def test_same_inputs_give_the_same_ranking(store: Store, habits: dict[str, list[int]]) -> None:
    at = MONDAY + timedelta(weeks=3, days=2, hours=13)
    first = UpNextService(store, tz=TZ).suggest(at, limit=10)
    again = UpNextService(store, tz=TZ).suggest(at, limit=10)
    cached = UpNextService(store, tz=TZ)
    cached.suggest(at - timedelta(hours=3), limit=10)  # warms the cached history digest
    assert len(first) == 10
    assert [(s.episode.id, s.score, s.reason) for s in first] == [
        (s.episode.id, s.score, s.reason) for s in again
    ]
    assert [s.episode.id for s in cached.suggest(at, limit=10)] == [s.episode.id for s in first]


def test_every_suggestion_has_a_reason_and_signals(
    store: Store, habits: dict[str, list[int]]
) -> None:
    service = UpNextService(store, tz=TZ)
    suggestions = service.suggest(MONDAY + timedelta(weeks=3, hours=19), limit=20)
    assert len(suggestions) == 20
    for s in suggestions:
        assert s.reason and s.reason.endswith(".") and s.reason[0].isupper()
        names = [name for name, _ in s.signals]
        assert names[:2] == ["moment", "score"]
        assert s.score > 0
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


def test_no_history_gives_defaults_that_say_so(store: Store) -> None:
    add_show(store, "Morning News", daily(MONDAY - timedelta(days=3), 4))
    serial = add_show(
        store,
        "The Case",
        [Ep(MONDAY - timedelta(weeks=8 - i), 45, season=1, number=i + 1) for i in range(6)],
        kind="serial",
    )
    suggestions = UpNextService(store, tz=TZ).suggest(MONDAY + timedelta(hours=9), limit=3)
    assert suggestions[0].episode.podcast_title == "Morning News"
    assert all("once you have listened a little" in s.reason for s in suggestions)
    case = [s for s in suggestions if s.episode.podcast_title == "The Case"]
    assert [s.episode.id for s in case] == [serial[0]]  # a serial starts at its beginning
    assert ("no history", "No listening history yet: newest first, series from the start.") in (
        case[0].signals
    )


def test_serial_heard_in_order_suggests_the_next_one(store: Store) -> None:
    serial = add_show(
        store,
        "The Case",
        [
            Ep(MONDAY - timedelta(weeks=30 - i), 45, season=1 + i // 6, number=i % 6 + 1)
            for i in range(12)
        ],
        kind="serial",
    )
    add_show(store, "Morning News", daily(MONDAY - timedelta(days=3), 10))
    for i in range(7):
        listen(store, serial[i], MONDAY - timedelta(days=14 - 2 * i, hours=-20))
    [top] = UpNextService(store, tz=TZ).suggest(MONDAY + timedelta(days=1, hours=20), limit=1)
    assert top.episode.id == serial[7]
    assert top.reason.startswith("Next in The Case, season 2")


def test_stopped_episode_is_resumed_with_its_position(store: Store) -> None:
    talk = add_show(store, "Long Talks", weekly(MONDAY - timedelta(weeks=6), 6, minutes=90))
    listen(store, talk[4], MONDAY + timedelta(hours=8), minutes=12)
    [top] = UpNextService(store, tz=TZ).suggest(MONDAY + timedelta(hours=18), limit=1)
    assert top.episode.id == talk[4]
    assert top.reason == "You stopped 12 minutes in."
    assert ("in progress", "Stopped at 12:00 of 1:30:00.") in top.signals


def test_episode_skipped_for_another_is_not_pushed_back(store: Store) -> None:
    talk = add_show(store, "Long Talks", weekly(MONDAY - timedelta(weeks=6), 6, minutes=90))
    news = add_show(store, "Morning News", daily(MONDAY - timedelta(days=3), 4))
    listen(store, talk[5], MONDAY + timedelta(hours=8), minutes=2)
    listen(store, news[3], MONDAY + timedelta(hours=8, minutes=3))
    suggestions = UpNextService(store, tz=TZ).suggest(MONDAY + timedelta(hours=18), limit=10)
    skipped = next(s for s in suggestions if s.episode.id == talk[5])
    assert "resume" not in dict(skipped.signals)["score"]
    assert ("dropped", "You stopped this early and played something else.") in skipped.signals
    assert suggestions[0].episode.id != talk[5]


def test_dismissed_episodes_do_not_return(store: Store, habits: dict[str, list[int]]) -> None:
    at = MONDAY + timedelta(weeks=3, hours=8)
    service = UpNextService(store, tz=TZ)
    top = service.suggest(at)[0].episode.id
    service.dismiss(top)
    assert top not in [s.episode.id for s in service.suggest(at, limit=50)]
    fresh = UpNextService(store, tz=TZ)  # kept across sessions while learning is on
    assert top not in [s.episode.id for s in fresh.suggest(at, limit=50)]
    assert store.scalar("SELECT COUNT(*) FROM dismissed") == 1
    with pytest.raises(NotFoundError, match="no episode with id 99999"):
        service.dismiss(99999)


def test_queued_episodes_are_not_suggested(store: Store, habits: dict[str, list[int]]) -> None:
    at = MONDAY + timedelta(weeks=3, hours=8)
    service = UpNextService(store, tz=TZ)
    top = service.suggest(at)[0].episode.id
    QueueRepo(store).insert([top])
    assert top not in [s.episode.id for s in service.suggest(at, limit=50)]


def test_paused_learning_records_nothing(store: Store, habits: dict[str, list[int]]) -> None:
    at = MONDAY + timedelta(weeks=3, hours=8)
    service = UpNextService(store, tz=TZ)
    service.learning = False
    assert UpNextService(store).learning is False  # the setting is kept
    events_before = HistoryRepo(store).count()

    top = service.suggest(at)[0].episode.id
    service.dismiss(top)
    assert store.scalar("SELECT COUNT(*) FROM dismissed") == 0
    assert top not in [s.episode.id for s in service.suggest(at, limit=50)]  # still honoured

    target = habits["stories"][13]
    action = {
        "podcast": "http://127.0.0.1:9/weekend-stories.xml",
        "episode": "http://127.0.0.1:9/weekend-stories/13.mp3",
        "action": "play",
        "timestamp": "2024-03-25T20:30:00",
        "started": 0,
        "position": 600,
        "total": 3600,
    }
    import json

    result = EpisodeActionsService(store).import_actions(parse_actions(json.dumps([action])))
    assert result.history_skipped_paused == 1 and result.history_added == 0
    assert HistoryRepo(store).count() == events_before
    assert store.scalar("SELECT position FROM episodes WHERE id = ?", (target,)) == 600

    service.learning = True
    service.dismiss(top)
    assert store.scalar("SELECT COUNT(*) FROM dismissed") == 1


def test_clear_history_and_privacy_text(store: Store, habits: dict[str, list[int]]) -> None:
    service = UpNextService(store, tz=TZ)
    service.dismiss(habits["news"][0])
    text = service.describe_kept_data()
    assert "21 listening events, from 2024-03-04 to 2024-03-24" in text
    assert '1 "not interested" marks' in text
    assert "nothing is sent anywhere" in text and "Learning is on" in text
    service.clear_history()
    assert HistoryRepo(store).count() == 0
    assert store.scalar("SELECT COUNT(*) FROM dismissed") == 0
    assert store.scalar("SELECT COUNT(*) FROM episodes WHERE state = 'played'") == 21  # kept
    assert "no listening events, 0" in service.describe_kept_data()
    service.learning = False
    assert "Learning is paused" in service.describe_kept_data()
    after = service.suggest(MONDAY + timedelta(weeks=3, hours=8))
    assert all("once you have listened a little" in s.reason for s in after)
