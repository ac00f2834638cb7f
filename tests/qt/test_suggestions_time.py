"""The up-next pane's "I have N minutes" choice, on a real library, service and worker pool."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from player.qt.controllers.suggestions import SuggestionsController
from player.qt.widgets.suggestions import SuggestionsPanel
from player.qt.workers import TaskRunner
from player.services.up_next import UpNextService
from player.storage import Store
from tests.core.recommend.library import Ep, add_show, listen


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Four weeks of sittings of 25 minutes at this hour on days of today's kind (weekday or
    weekend): a 25-minute daily show heard whole on half of them, a 90-minute daily show
    heard for 25 minutes on the others (finished 12 hours later). The long show has twice the
    listens; only the time can put the short one first."""
    s = Store(tmp_path / "library.sqlite3")
    now = datetime.now().replace(microsecond=0)
    weekend = now.weekday() >= 5
    days = [k for k in range(1, 29) if ((now - timedelta(days=k)).weekday() >= 5) == weekend]
    published = [now - timedelta(days=k, hours=1) for k in range(29, -1, -1)]
    short = add_show(s, "Short Talk", [Ep(p, minutes=25) for p in published])
    long = add_show(s, "Long Talk", [Ep(p, minutes=90) for p in published])
    for i, k in enumerate(sorted(days, reverse=True)[:12]):
        when, episode = now - timedelta(days=k), 29 - k  # that day's episode
        if i % 2 == 0:
            listen(s, short[episode], when)
        else:
            listen(s, long[episode], when, minutes=25)
            listen(s, long[episode], when + timedelta(hours=12), start=25 * 60)
    yield s
    s.close()


def test_the_time_choice_changes_the_list(qtbot, store: Store) -> None:
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    runner = TaskRunner()
    controller = SuggestionsController(
        panel, runner, UpNextService(store), play=lambda _e: None, queue=lambda _ids: None
    )
    assert panel.time_choice.currentText() == "Usual length"
    controller.refresh()
    qtbot.waitUntil(lambda: len(panel.rows) >= 2, timeout=10_000)
    first = panel.rows[0].suggestion
    assert first.episode.podcast_title == "Short Talk"
    assert first.reason.endswith("; it fits your usual 25 minutes.")

    with qtbot.waitSignal(panel.minutesChanged) as changed:
        panel.time_choice.setCurrentIndex(panel.time_choice.findData(90))
    assert changed.args == [90] and controller.minutes == 90
    qtbot.waitUntil(
        lambda: bool(panel.rows) and panel.rows[0].suggestion.episode.podcast_title == "Long Talk",
        timeout=10_000,
    )
    assert panel.rows[0].reason.text().endswith("; it fits the 90 minutes you have.")
    assert panel.rows[0].suggestion.fits_minutes == 90

    with qtbot.waitSignal(panel.minutesChanged):
        panel.time_choice.setCurrentIndex(panel.time_choice.findData(0))
    assert controller.minutes is None
    qtbot.waitUntil(
        lambda: bool(panel.rows) and panel.rows[0].suggestion.episode.podcast_title == "Short Talk",
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: not controller._pending, timeout=10_000)  # nothing left running
