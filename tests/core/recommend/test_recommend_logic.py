"""The pure scorer: clocks, words, and rankings that do not depend on input order."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from player.domain.models import Episode
from player.recommend import Listen, Moment, Show, build_profile, suggest
from player.recommend.listening import LocalClock
from player.recommend.reasons import ago_words, duration_words

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]


@settings(max_examples=300, deadline=None)
@given(ts=st.floats(min_value=0, max_value=4e9), zone=st.sampled_from(ZONES))
def test_fast_local_clock_agrees_with_zoneinfo(ts: float, zone: str) -> None:
    tz = ZoneInfo(zone)
    fast, slow = LocalClock(tz).moment(ts), Moment.at_time(ts, tz)
    assert fast.weekend == slow.weekend
    assert abs(fast.hour - slow.hour) < 1e-6


def test_moment_phrases() -> None:
    tz = ZoneInfo("Europe/Berlin")
    assert Moment.of(datetime(2024, 3, 4, 8, tzinfo=tz)).phrase() == "weekday mornings"
    assert Moment.of(datetime(2024, 3, 9, 21, tzinfo=tz)).phrase() == "weekend evenings"
    assert Moment.of(datetime(2024, 3, 10, 23, 30, tzinfo=tz)).phrase() == "weekend nights"
    assert Moment.of(datetime(2024, 3, 5, 6, tzinfo=tz)).phrase() == "weekday early mornings"


def test_words() -> None:
    assert duration_words(40) == "40 seconds"
    assert duration_words(12 * 60 + 10) == "12 minutes"
    assert duration_words(65 * 60) == "1 hour 5 minutes"
    assert ago_words(30) == "just now"
    assert ago_words(5 * 3600) == "5 hours ago"
    assert ago_words(1.5 * 86400) == "yesterday"


def _library() -> tuple[dict[int, Show], list[Episode], list[Listen]]:
    start = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    shows = {1: Show(1, "Daily", "episodic"), 2: Show(2, "Saga", "serial"), 3: Show(3, "Other")}
    episodes = []
    for show, every in ((1, 1), (2, 7), (3, 3)):
        for j in range(30):
            episodes.append(
                Episode(
                    id=show * 100 + j,
                    podcast_id=show,
                    guid=f"{show}-{j}",
                    title=f"{shows[show].title} {j}",
                    published=start + j * every * 86400,
                    duration=1800.0,
                    number=j + 1,
                    podcast_title=shows[show].title,
                )
            )
    rng = random.Random(3)
    listens = []
    t = start + 86400
    for _ in range(60):
        e = rng.choice([e for e in episodes if e.published is not None and e.published < t])
        listens.append(
            Listen(
                e.id,
                e.podcast_id,
                t,
                0.0,
                rng.choice((300.0, 1800.0)),
                duration=1800.0,
                published=e.published,
                number=e.number,
            )
        )
        t += rng.uniform(0.2, 1.5) * 86400
    return shows, episodes, listens


def test_ranking_does_not_depend_on_input_order() -> None:
    shows, episodes, listens = _library()
    when = datetime.fromtimestamp(listens[-1].started_at + 86400, UTC)
    moment = Moment.of(when)
    profile = build_profile(listens, moment.at, UTC)
    candidates = [e for e in episodes if (e.published or 0) <= moment.at]
    first = suggest(profile, shows, candidates, moment, limit=10)
    shuffled = candidates[:]
    random.Random(9).shuffle(shuffled)
    again = suggest(build_profile(listens, moment.at, UTC), shows, shuffled, moment, limit=10)
    assert [(s.episode.id, s.score, s.reason, s.signals) for s in first] == [
        (s.episode.id, s.score, s.reason, s.signals) for s in again
    ]
    later = profile.at_moment(moment.at + 3600)
    assert later.at == moment.at + 3600 and later.shows is profile.shows
    assert suggest(later, shows, candidates, Moment.of(when + timedelta(hours=1)), limit=10)
