"""The episode list's filter button: rows shown match the filters, each view keeps its own
filters and order across selections and restarts, and an empty result says why."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QSpinBox,
)

from player.domain.feed import FeedItem
from player.domain.models import Episode, EpisodeState
from player.domain.queries import EpisodeQuery, EpisodeSort
from player.domain.view_filters import (
    DAY,
    DatePreset,
    DownloadFilter,
    EpisodeFilters,
    StateFilter,
    ViewPrefs,
)
from player.paths import DataPaths
from player.qt.app import Application
from player.qt.models.episode_cells import Column
from player.services.view_prefs import SETTING
from player.storage import EpisodeRepo, SettingsRepo
from tests.support.library import add_podcast

SHOW = "Filter test show"
NOW = time.time()


def _seed(gui: Application, qtbot) -> int:
    """A show of 12 episodes: lengths from 5 to 90 minutes, a few unknown, ages from a day to
    two years; some played, one in progress, some downloaded; tagged "Science"."""
    lengths = [300, 600, 899, 1200, 1800, 2700, 3000, 5400, None, 700, 2000, None]
    ages = [1, 3, 10, 20, 40, 100, 200, 400, 500, 2, 8, 800]
    items = [
        FeedItem(
            guid=f"f{n}",
            title=f"Filtered episode {n:02d}",
            enclosure_url=f"https://example.org/f/{n}.mp3",
            enclosure_type="audio/mpeg",
            published=NOW - ages[n] * DAY,
            duration=lengths[n],
        )
        for n in range(12)
    ]
    ids = add_podcast(gui.store, items, url="https://example.org/filters.xml", title=SHOW)
    repo = EpisodeRepo(gui.store)
    repo.mark_played([ids[0], ids[3], ids[7], ids[9]])
    repo.set_position(ids[4], 30.0)
    for n in (1, 3, 4, 10):
        repo.set_download(ids[n], f"/tmp/f{n}.mp3")
    podcast_id = repo.get(ids[0]).podcast_id
    with gui.store.write() as conn:
        conn.execute("INSERT INTO podcast_tags VALUES (?, 'Science')", (podcast_id,))
    gui.library_controller.reload()
    pane = gui.window.library_pane
    qtbot.waitUntil(lambda: pane.library_model.row_of(f"podcast:{podcast_id}") >= 0, timeout=10_000)
    return podcast_id


def _select(gui: Application, qtbot, key: str) -> None:
    pane = gui.window.library_pane
    assert pane.select_entry(key)
    qtbot.waitUntil(
        lambda: (
            pane.current_entry is not None
            and pane.current_entry.key == key
            and gui.episode_model.total is not None
            and gui.episode_model.rowCount() == gui.episode_model.total
        ),
        timeout=10_000,
    )


def _shown(gui: Application) -> list[int]:
    model = gui.episode_model
    return [model.episode(r).id for r in range(model.rowCount())]


def _expected(gui: Application, f: EpisodeFilters, podcast_id: int, sort=None) -> list[Episode]:
    """The show's episodes filtered in Python (newest first, unless ``sort`` orders them)."""
    episodes = EpisodeRepo(gui.store).list(EpisodeQuery(podcast_id=podcast_id))
    after, before = f.date_bounds(time.time())

    def keep(e: Episode) -> bool:
        length = e.duration
        return (
            (f.state is not StateFilter.PLAYED or e.state is EpisodeState.PLAYED)
            and (f.state is not StateFilter.NEW or e.state is EpisodeState.NEW)
            and (f.downloaded is not DownloadFilter.YES or bool(e.download_path))
            and (f.downloaded is not DownloadFilter.NO or not e.download_path)
            and (f.min_duration is None or (length is not None and length >= f.min_duration))
            and (f.max_duration is None or (length is not None and length <= f.max_duration))
            and (after is None or e.published >= after)
            and (before is None or e.published < before)
        )

    kept = [e for e in episodes if keep(e)]
    return sorted(kept, key=sort) if sort else kept


def _loaded(gui: Application, qtbot) -> None:
    model = gui.episode_model
    qtbot.waitUntil(
        lambda: model.total is not None and model.rowCount() == model.total, timeout=10_000
    )


def _pick(gui: Application, qtbot, text: str) -> None:
    gui.window.library_pane.filter.action(text).trigger()
    _loaded(gui, qtbot)


def test_filters_show_exactly_the_matching_rows_and_each_view_keeps_its_own(
    gui: Application, qtbot
) -> None:
    podcast_id = _seed(gui, qtbot)
    pane = gui.window.library_pane
    key = f"podcast:{podcast_id}"
    _select(gui, qtbot, key)
    assert len(_shown(gui)) == 12 and not pane.filter_chip.isVisible()

    _pick(gui, qtbot, "Not downloaded")
    _pick(gui, qtbot, "New")
    f = EpisodeFilters(state=StateFilter.NEW, downloaded=DownloadFilter.NO)
    assert pane.filter.filters() == f
    assert _shown(gui) == [e.id for e in _expected(gui, f, podcast_id)]
    assert len(_shown(gui)) == 5

    _pick(gui, qtbot, "Any")
    _pick(gui, qtbot, "15–45 min")
    _pick(gui, qtbot, "Last 30 days")
    f = pane.filter.filters()
    want = [e.id for e in _expected(gui, f, podcast_id)]
    assert _shown(gui) == want and len(want) == 1  # episode 10: 2000 s, 8 days old, new
    assert pane.filter_chip.isVisible()
    assert "New · 15–45 min · Last 30 days" in pane.filter_chip.text()
    assert pane.filter.text() == "Filter (3)"

    # A custom range (the dialog answered): 5 to 15 minutes, any state, any date.
    pane.filter.ask_duration = lambda cur: replace(cur, min_duration=300.0, max_duration=900.0)
    _pick(gui, qtbot, "All")
    _pick(gui, qtbot, "Any date")
    _pick(gui, qtbot, "Custom length…")
    f = pane.filter.filters()
    assert (f.min_duration, f.max_duration) == (300.0, 900.0)
    assert pane.filter.action("Custom length…").isChecked()
    assert _shown(gui) == [e.id for e in _expected(gui, f, podcast_id)]
    assert len(_shown(gui)) == 4  # 300, 600, 700 and 899 seconds

    # The show sorted by length (a header click); "New" is a different view.
    pane.table.horizontalHeader().setSortIndicator(Column.DURATION, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: gui.episode_model.query.sort is EpisodeSort.DURATION, timeout=5000)
    _select(gui, qtbot, "new")
    assert pane.filter.filters() == EpisodeFilters()
    assert gui.episode_model.query.sort is EpisodeSort.NEWEST
    assert pane.table.horizontalHeader().sortIndicatorSection() == Column.DATE
    new_count = len(_shown(gui))
    _pick(gui, qtbot, "Downloaded")
    assert 0 < len(_shown(gui)) < new_count

    _select(gui, qtbot, key)
    assert pane.filter.filters() == f
    assert gui.episode_model.query.sort is EpisodeSort.DURATION
    assert pane.table.horizontalHeader().sortIndicatorSection() == Column.DURATION
    want = _expected(gui, f, podcast_id, sort=lambda e: (e.duration or 0, e.id))
    assert _shown(gui) == [e.id for e in want]
    _select(gui, qtbot, "new")
    assert pane.filter.filters() == EpisodeFilters(downloaded=DownloadFilter.YES)


def test_an_empty_result_says_so_and_clearing_brings_the_rows_back(gui: Application, qtbot) -> None:
    pane = gui.window.library_pane
    _select(gui, qtbot, "new")
    before = _shown(gui)
    assert before
    _pick(gui, qtbot, "Played")  # "New" narrowed to played: nothing
    assert _shown(gui) == []
    chip = pane.filter_chip
    assert chip.isVisible()
    assert chip.text().startswith("No episodes match these filters (Played)")
    assert "Clear filters" in chip.text()
    chip.linkActivated.emit("clear")
    qtbot.waitUntil(lambda: _shown(gui) == before, timeout=5000)
    assert not chip.isVisible() and pane.filter.text() == "Filter"
    assert not pane.filter.action("Clear filters").isEnabled()


def test_the_tag_menu_lists_the_library_tags_and_filters_by_them(gui: Application, qtbot) -> None:
    podcast_id = _seed(gui, qtbot)
    pane = gui.window.library_pane
    gui.view_prefs.load_tags()
    qtbot.waitUntil(lambda: _has(pane, "Science"), timeout=5000)
    _select(gui, qtbot, "new")
    _pick(gui, qtbot, "Science")
    shown = _shown(gui)
    assert shown and {gui.episode_model.episode(r).podcast_id for r in range(len(shown))} == {
        podcast_id
    }
    assert "#Science" in pane.filter_chip.text()


def _has(pane, text: str) -> bool:
    try:
        pane.filter.action(text)
    except KeyError:
        return False
    return True


def test_filters_and_order_survive_a_restart(qtbot, data_dir: Path) -> None:
    app = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.episode_model.rowCount() == 4, timeout=20_000)
    podcast_id = _seed(app, qtbot)
    key = f"podcast:{podcast_id}"
    _select(app, qtbot, key)
    _pick(app, qtbot, "Over 45 min")
    pane = app.window.library_pane
    pane.table.horizontalHeader().setSortIndicator(Column.TITLE, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: app.episode_model.query.sort is EpisodeSort.TITLE, timeout=5000)
    _loaded(app, qtbot)
    shown = _shown(app)
    assert len(shown) == 3
    _select(app, qtbot, "in-progress")
    _pick(app, qtbot, "Downloaded")
    app.window.save_layout()  # what closing the window does
    app.close()  # the pending save is written before the store closes

    again = Application(DataPaths(data_dir), aout="dummy")
    qtbot.addWidget(again.window)
    again.start()
    try:
        pane = again.window.library_pane
        qtbot.waitUntil(lambda: pane.library_model.row_of(key) >= 0, timeout=20_000)
        # The last view comes back with its filter...
        qtbot.waitUntil(
            lambda: pane.current_entry is not None and pane.current_entry.key == "in-progress",
            timeout=10_000,
        )
        qtbot.waitUntil(
            lambda: pane.filter.filters() == EpisodeFilters(downloaded=DownloadFilter.YES),
            timeout=10_000,
        )
        # ...and the show its own filter and order.
        _select(again, qtbot, key)
        assert pane.filter.filters().min_duration == 45 * 60.0
        assert again.episode_model.query.sort is EpisodeSort.TITLE
        assert again.episode_model.query.descending is True
        assert _shown(again) == shown
        QApplication.processEvents()
    finally:
        again.close()


def test_the_filter_bar_fits_at_1024_by_700(gui: Application, qtbot) -> None:
    window = gui.window
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (1024, 700), timeout=5000)
    pane = window.library_pane
    _select(gui, qtbot, "new")
    for text in ("In progress", "Not downloaded", "Over 45 min", "Older than a year"):
        _pick(gui, qtbot, text)
    QApplication.processEvents()
    button, chip = pane.filter, pane.filter_chip
    assert button.visibleRegion().boundingRect() == button.rect()  # whole, not clipped
    assert button.width() >= button.sizeHint().width()
    assert chip.isVisible() and chip.height() >= chip.heightForWidth(chip.width())
    right = chip.parentWidget().rect()
    assert right.contains(chip.geometry()) and right.contains(button.geometry().topLeft())
    assert pane.table.height() > 200  # the list still has the room


def test_filter_changes_are_saved_off_the_gui_thread_once_after_a_pause(
    gui: Application, qtbot
) -> None:
    pane = gui.window.library_pane
    _select(gui, qtbot, "new")
    statements: list[str] = []
    gui.store._connection().set_trace_callback(statements.append)  # the GUI thread's own
    saves: list[object] = []
    original = gui.view_prefs.service.save
    gui.view_prefs.service.save = lambda prefs: (saves.append(prefs), original(prefs))  # type: ignore[method-assign]
    try:
        for text in ("Played", "Downloaded", "Under 15 min", "All", "Any"):
            pane.filter.action(text).trigger()
        qtbot.waitUntil(lambda: bool(saves), timeout=5000)
        qtbot.wait(700)
    finally:
        gui.store._connection().set_trace_callback(None)
    assert len(saves) == 1  # five clicks, one write
    writes = [s for s in statements if s.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    qtbot.waitUntil(
        lambda: (
            SettingsRepo(gui.store).get(SETTING)
            == {"new": ViewPrefs(EpisodeFilters(max_duration=900.0)).to_json()}
        ),
        timeout=5000,
    )


def _fill_dialog(fill) -> None:
    """When the custom-range dialog is up, let ``fill(dialog)`` set it and press OK."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            fill(dialog)
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        else:
            QTimer.singleShot(50, step)

    QTimer.singleShot(50, step)


def test_the_custom_length_and_date_dialogs_set_the_ranges(gui: Application, qtbot) -> None:
    podcast_id = _seed(gui, qtbot)
    pane = gui.window.library_pane
    _select(gui, qtbot, f"podcast:{podcast_id}")

    def lengths(dialog: QDialog) -> None:
        low, high = dialog.findChildren(QSpinBox)
        low.setValue(10)
        high.setValue(30)

    _fill_dialog(lengths)
    _pick(gui, qtbot, "Custom length…")
    f = pane.filter.filters()
    assert (f.min_duration, f.max_duration) == (600.0, 1800.0)
    assert "10–30 min" in pane.filter_chip.text()
    assert _shown(gui) == [e.id for e in _expected(gui, f, podcast_id)]

    today = QDate.currentDate()

    def dates(dialog: QDialog) -> None:
        (from_on, until_on), (from_edit, until_edit) = (
            dialog.findChildren(QCheckBox),
            dialog.findChildren(QDateEdit),
        )
        from_on.setChecked(True)
        from_edit.setDate(today.addDays(-30))
        until_on.setChecked(True)
        until_edit.setDate(today.addDays(-5))

    _fill_dialog(dates)
    _pick(gui, qtbot, "Custom dates…")
    f = pane.filter.filters()
    assert f.dates is DatePreset.CUSTOM
    want = [e.id for e in _expected(gui, f, podcast_id)]
    assert _shown(gui) == want and len(want) == 2  # 899 s 10 days ago, 1200 s 20 days ago
    assert pane.filter.action("Custom dates…").isChecked()
