"""The time you have: usual sitting lengths learned from the history, and "I have N minutes",
through the service on a real SQLite library."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from player.domain.suggestion import Suggestion
from player.services.up_next import UpNextService
from player.storage import Store
from tests.core.recommend.library import MONDAY, TZ, add_show, listen, weekly

AT = MONDAY + timedelta(weeks=4, hours=8)  # a fifth Monday morning
NEWEST = 10  # both shows' episode of that week (published the Sunday before)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


@pytest.fixture
def shows(store: Store) -> dict[str, list[int]]:
    """Four weeks of weekday mornings at 8:00 that last 25 minutes: on Mondays a 25-minute
    show heard whole, on Tuesdays a 90-minute show heard for 25 minutes and finished that
    evening. The long show is heard as often in the morning and more overall, so only the
    time can put the short one first."""
    first = MONDAY - timedelta(weeks=6, days=1)
    short = add_show(store, "Short Talk", weekly(first, 11, minutes=25))
    long = add_show(store, "Long Talk", weekly(first, 11, minutes=90))
    for week in range(4):
        monday = MONDAY + timedelta(weeks=week)
        listen(store, short[6 + week], monday + timedelta(hours=8))
        listen(store, long[6 + week], monday + timedelta(days=1, hours=8), minutes=25)
        listen(store, long[6 + week], monday + timedelta(days=1, hours=20), start=25 * 60)
    return {"short": short, "long": long}


def _ids(suggestions: list[Suggestion]) -> list[int]:
    return [s.episode.id for s in suggestions]


def _by_id(suggestions: list[Suggestion]) -> dict[int, Suggestion]:
    return {s.episode.id: s for s in suggestions}


def test_the_usual_25_minutes_lift_what_fits(store: Store, shows: dict[str, list[int]]) -> None:
    service = UpNextService(store, tz=TZ)
    short, long = shows["short"][NEWEST], shows["long"][NEWEST]
    usual = service.suggest(AT, limit=10)
    assert _ids(usual)[:2] == [short, long]
    top = usual[0]
    assert top.reason.endswith("; it fits your usual 25 minutes.")
    assert top.fits_minutes == 25
    assert _by_id(usual)[long].fits_minutes is None
    length = dict(_by_id(usual)[long].signals)["length"]
    assert length == (
        "1 hour 30 minutes left; you usually listen for 25 minutes at this time: it does not fit."
    )
    # With time for both, the fit decides nothing and the long show's habit wins again.
    plenty = service.suggest(AT, limit=10, minutes=120)
    assert _ids(plenty)[:2] == [long, short]
    assert plenty[0].reason.endswith("; it fits the 120 minutes you have.")
    assert {s.fits_minutes for s in plenty[:2]} == {120}


def test_stated_minutes_count_what_is_left_of_a_started_episode(
    store: Store, shows: dict[str, list[int]]
) -> None:
    """70 minutes into the 90-minute episode on Sunday: 20 are left, which fit 20 minutes;
    the 25-minute episode does not."""
    long, short = shows["long"][NEWEST], shows["short"][NEWEST]
    listen(store, long, AT - timedelta(hours=22), minutes=70)
    service = UpNextService(store, tz=TZ)
    twenty = service.suggest(AT, limit=10, minutes=20)
    assert twenty[0].episode.id == long
    assert twenty[0].reason == (
        "You stopped 1 hour 10 minutes in; it fits the 20 minutes you have."
    )
    assert twenty[0].fits_minutes == 20
    assert dict(twenty[0].signals)["length"] == ("20 minutes left; you have 20 minutes: it fits.")
    assert _by_id(twenty)[short].fits_minutes is None
    five = service.suggest(AT, limit=10, minutes=5)
    assert five[0].episode.id == long  # nothing fits five minutes: resuming still comes first
    assert all(s.fits_minutes is None for s in five)
    # Each question gets its own answer: the stated time does not stick to the service.
    assert _ids(service.suggest(AT, limit=10, minutes=20)) == _ids(twenty)
