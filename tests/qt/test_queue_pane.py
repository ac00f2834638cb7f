"""The queue pane and up next through their real widgets: rows, menu, keys, cards and undo.

Real SQLite, real libVLC (dummy audio); the listener's clicks, keys and context menus drive
everything, and the store is checked afterwards.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from player.domain.feed import FeedItem
from player.qt.app import SUGGESTIONS_DELAY_MS, Application
from player.qt.models.episode_cells import EpisodeRole
from player.qt.models.queue import CoverUrlRole, DetailRole, PlayingRole
from player.qt.widgets.suggestions import SuggestionRow
from player.storage import EpisodeRepo
from tests.qt.conftest import click_row, context_menu, play_demo, row_of
from tests.support.library import add_podcast

ALT = Qt.KeyboardModifier.AltModifier


def _ids(gui: Application) -> dict[str, int]:
    return {e.title: e.id for e in gui.library.episodes()}


def _queue(gui: Application, qtbot, titles: list[str]) -> list[int]:
    ids = _ids(gui)
    wanted = [next(i for t, i in ids.items() if t.startswith(title)) for title in titles]
    gui.queue.add(wanted)
    gui.library_controller.reload_queue()
    view = gui.window.queue_pane.list
    qtbot.waitUntil(lambda: view.model().rowCount() == len(wanted), timeout=5000)
    return wanted


def _titles(gui: Application) -> list[str]:
    model = gui.window.queue_pane.list.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _choose(view, row: int, text: str) -> None:
    menu = context_menu(view, row)
    action = next((a for a in menu.actions() if a.text() == text), None)
    assert action is not None, [a.text() for a in menu.actions()]
    action.trigger()
    menu.close()


def _more_shows(gui: Application, qtbot, shows: int = 3) -> None:
    """Three more subscribed shows with fresh episodes: enough for several suggestions.

    Waits out the start-up computation first, so that later changes to the cards can only
    come from what the test does.
    """
    qtbot.wait(SUGGESTIONS_DELAY_MS + 300)
    qtbot.waitUntil(lambda: not gui.suggestions._pending, timeout=10_000)
    now = time.time()
    for show in range(shows):
        add_podcast(
            gui.store,
            [
                FeedItem(
                    guid=f"s{show}-{i}",
                    title=f"Fresh show {show}, episode {i}: a title long enough to need room",
                    published=now - 3600 * (i + 1),
                    enclosure_url=f"http://127.0.0.1:9/{show}/{i}.mp3",
                    enclosure_type="audio/mpeg",
                    duration=1800,
                )
                for i in range(2)
            ],
            url=f"http://127.0.0.1:9/show{show}.xml",
        )
    gui.library_controller.reload()
    gui.suggestions.refresh()
    panel = gui.suggestions_panel
    qtbot.waitUntil(lambda: len(panel.rows) >= 4, timeout=10_000)


def _card_ids(gui: Application) -> list[int]:
    return [row.suggestion.episode.id for row in gui.suggestions_panel.rows]


def _fully_visible(card: SuggestionRow, area: QWidget) -> bool:
    top_left = card.mapTo(area, QPoint(0, 0))
    return area.rect().contains(QRect(top_left, card.size()))


# -- rows ---------------------------------------------------------------------------------------


def test_rows_show_cover_podcast_and_time_left(gui: Application, qtbot) -> None:
    one_feed, _ = _queue(gui, qtbot, ["One Feed", "Up Next"])
    with gui.store.write() as conn:  # heard the first 52 seconds of its 1:52
        conn.execute("UPDATE episodes SET position = 52 WHERE id = ?", (one_feed,))
    gui.library_controller.reload_queue()
    view = gui.window.queue_pane.list
    model = view.model()
    qtbot.waitUntil(lambda: "left" in str(model.index(0, 0).data(DetailRole)), timeout=5000)
    assert model.index(0, 0).data(DetailRole) == "Signal & Noise: The Open Podcast Lab · 1 min left"
    assert model.index(1, 0).data(DetailRole) == "Signal & Noise: The Open Podcast Lab · 3 min"
    assert model.index(0, 0).data(CoverUrlRole)  # the podcast's cover when the episode has none
    assert view.visualRect(model.index(0, 0)).height() >= 36 + 4  # room for the cover
    assert gui.window.queue_pane.time_left.text() == "2 episodes, 4 min left"


def test_an_empty_queue_stays_a_drop_target(gui: Application, qtbot) -> None:
    view = gui.window.queue_pane.list
    assert view.model().rowCount() == 0
    assert view.isVisible() and view.viewport().height() >= 36
    assert view.acceptDrops()
    assert gui.window.queue_pane.time_left.text() == "empty"


def test_the_playing_episode_is_marked_and_the_mark_moves_on(gui: Application, qtbot) -> None:
    _queue(gui, qtbot, ["One Feed", "Up Next"])
    view = gui.window.queue_pane.list
    model = view.model()
    click_row(view, 0, double=True)
    qtbot.waitUntil(lambda: bool(model.index(0, 0).data(PlayingRole)), timeout=15_000)
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert not model.index(1, 0).data(PlayingRole)
    assert "playing now" in model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    gui.window.registry["next_in_queue"].trigger()
    qtbot.waitUntil(lambda: bool(model.index(1, 0).data(PlayingRole)), timeout=15_000)
    assert not model.index(0, 0).data(PlayingRole)
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    # Its time left follows playback (2:11 long; 31 seconds to go after a seek to 1:40).
    qtbot.waitUntil(lambda: gui.player.state == "playing", timeout=15_000)
    gui.player.seek(100.0)
    qtbot.waitUntil(
        lambda: str(model.index(1, 0).data(DetailRole)).endswith("under 1 min left"),
        timeout=10_000,
    )


def test_context_menu_moves_removes_marks_played_and_shows_in_library(
    gui: Application, qtbot
) -> None:
    a, b, c = _queue(gui, qtbot, ["Up Next", "One Feed", "Chapters"])
    view = gui.window.queue_pane.list
    _choose(view, 0, "Move to bottom")
    qtbot.waitUntil(lambda: gui.queue.ids() == [b, c, a], timeout=5000)
    qtbot.waitUntil(lambda: _titles(gui)[2].startswith("Up Next"), timeout=5000)
    _choose(view, 2, "Move to top")
    qtbot.waitUntil(lambda: gui.queue.ids() == [a, b, c], timeout=5000)
    qtbot.waitUntil(lambda: _titles(gui)[0].startswith("Up Next"), timeout=5000)
    _choose(view, 1, "Mark played")
    qtbot.waitUntil(lambda: EpisodeRepo(gui.store).get(b).state.value == "played", timeout=5000)
    _choose(view, 1, "Remove from queue")
    qtbot.waitUntil(lambda: gui.queue.ids() == [a, c], timeout=5000)
    qtbot.waitUntil(lambda: view.model().rowCount() == 2, timeout=5000)

    _choose(view, 1, "Show in library")
    table = gui.window.library_pane.table
    qtbot.waitUntil(
        lambda: (
            table.currentIndex().isValid()
            and table.currentIndex().siblingAtColumn(0).data(EpisodeRole).id == c
        ),
        timeout=10_000,
    )
    assert gui.episode_model.query.podcast_id is not None  # the show's own list


def test_alt_up_and_down_move_the_selection_which_follows(gui: Application, qtbot) -> None:
    a, b, c = _queue(gui, qtbot, ["Up Next", "One Feed", "Chapters"])
    view = gui.window.queue_pane.list
    click_row(view, 2)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=5000)
    QTest.keyClick(view, Qt.Key.Key_Up, ALT)
    QTest.keyClick(view, Qt.Key.Key_Up, ALT)  # before the first move is shown: still counts
    qtbot.waitUntil(lambda: gui.queue.ids() == [c, a, b], timeout=5000)
    qtbot.waitUntil(lambda: _titles(gui)[0].startswith("Chapters"), timeout=5000)
    selected = [i.row() for i in view.selectionModel().selectedRows()]
    assert selected == [0] and view.currentIndex().row() == 0
    QTest.keyClick(view, Qt.Key.Key_Down, ALT)
    qtbot.waitUntil(lambda: gui.queue.ids() == [a, c, b], timeout=5000)
    qtbot.waitUntil(lambda: _titles(gui)[1].startswith("Chapters"), timeout=5000)
    assert [i.row() for i in view.selectionModel().selectedRows()] == [1]
    assert view.currentIndex().row() == 1


# -- up next ------------------------------------------------------------------------------------


def test_three_cards_with_their_reasons_fit_at_1280x800(gui: Application, qtbot) -> None:
    _queue(gui, qtbot, ["One Feed", "Up Next"])
    _more_shows(gui, qtbot)
    area = gui.window.queue_pane.suggestions_area.viewport()

    def uncut(card: SuggestionRow) -> bool:
        reason = card.reason
        return (
            _fully_visible(card, area)
            and reason.text() == card.suggestion.reason
            and reason.height() >= reason.heightForWidth(reason.width())
        )

    def three_fit() -> bool:
        cards = gui.suggestions_panel.rows[:3]
        return len(cards) == 3 and all(uncut(card) for card in cards)

    qtbot.waitUntil(three_fit, timeout=5000)  # once the layout has settled
    qtbot.wait(200)
    assert three_fit()  # and it stays so


def test_a_queued_episode_leaves_the_suggestions(gui: Application, qtbot) -> None:
    _more_shows(gui, qtbot)
    first = gui.suggestions_panel.rows[0].suggestion.episode
    # Queued from the library's menu, not from the card: the cards must still follow.
    table = gui.window.library_pane.table
    qtbot.waitUntil(lambda: row_of(table, first.title) >= 0, timeout=10_000)
    row = row_of(table, first.title)
    click_row(table, row)
    _choose(table, row, "Add to queue")
    qtbot.waitUntil(lambda: first.id in gui.queue.ids(), timeout=5000)
    qtbot.waitUntil(lambda: first.id not in _card_ids(gui), timeout=5000)
    # The + on a card: the card goes, and the next computation does not bring it back.
    card = gui.suggestions_panel.rows[0]
    second = card.suggestion.episode.id
    QTest.mouseClick(card.queue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second in gui.queue.ids(), timeout=5000)
    gui.suggestions.refresh()
    qtbot.waitUntil(lambda: not gui.suggestions._pending, timeout=10_000)
    assert second not in _card_ids(gui) and first.id not in _card_ids(gui)


def test_the_episode_in_the_player_is_not_suggested(gui: Application, qtbot) -> None:
    """Stopped a minute in, an episode becomes a "resume" suggestion, but not while it is the
    one loaded in the player, right above the cards."""
    play_demo(gui, qtbot, "Chapters, Transcripts and the Shape of Sound")
    loaded = gui.player.episode
    gui.player.seek(65)
    qtbot.waitUntil(lambda: gui.player.position > 66, timeout=10_000)
    gui.player.pause()
    qtbot.waitUntil(lambda: gui.player.state == "paused", timeout=5000)
    gui.suggestions.refresh()
    qtbot.waitUntil(lambda: not gui.suggestions._pending, timeout=10_000)
    qtbot.waitUntil(lambda: bool(_card_ids(gui)), timeout=10_000)
    assert loaded.id not in _card_ids(gui)
    # Another episode in the player: the first one, a minute in, may be suggested again.
    play_demo(gui, qtbot, "Up Next, Without Uploading")
    gui.suggestions.refresh()
    qtbot.waitUntil(lambda: loaded.id in _card_ids(gui), timeout=10_000)


# -- undo ---------------------------------------------------------------------------------------


def _undo_button(gui: Application, qtbot) -> QPushButton:
    bar = gui.undo_bar
    qtbot.waitUntil(lambda: bar.isVisible() and bar.button.isVisible(), timeout=5000)
    return bar.button


def test_undo_a_removal_puts_the_entry_back_in_its_place(gui: Application, qtbot) -> None:
    ids = _queue(gui, qtbot, ["Up Next", "One Feed", "Chapters"])
    view = gui.window.queue_pane.list
    click_row(view, 1)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: gui.queue.ids() == [ids[0], ids[2]], timeout=5000)
    button = _undo_button(gui, qtbot)
    assert gui.undo_bar.message.text() == "Removed “One Feed, Many Doors” from the queue."
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui.queue.ids() == ids, timeout=5000)
    qtbot.waitUntil(lambda: _titles(gui)[1].startswith("One Feed"), timeout=5000)
    # the bar's message follows the undo's own answer, which may come after the queue's
    qtbot.waitUntil(lambda: "back in the queue" in gui.undo_bar.message.text(), timeout=5000)


def test_an_older_queue_reload_answering_last_does_not_win(gui: Application, qtbot) -> None:
    """Queue reloads run on the task pool; a removal's reload that is slow to answer must not
    put back, after its undo's reload answered, the list as it was before (seen under load)."""
    import threading

    ids = _queue(gui, qtbot, ["Up Next", "One Feed", "Chapters"])
    controller = gui.library_controller
    real_view, release, calls = controller.queue.view, threading.Event(), []

    def view():  # the real query; only the first call's answer is held back a while
        calls.append(1)
        snapshot = real_view()
        if len(calls) == 1:
            release.wait(10)
        return snapshot

    controller.queue.view = view  # type: ignore[method-assign]
    try:
        controller.reload_queue()  # reads all three, then waits
        qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)
        gui.queue.remove([ids[1]])
        controller.reload_queue()  # reads two, answers at once
        qtbot.waitUntil(lambda: len(_titles(gui)) == 2, timeout=5000)
        release.set()  # the older answer arrives now
        qtbot.wait(300)
        assert len(_titles(gui)) == 2 and not any(t.startswith("One Feed") for t in _titles(gui))
    finally:
        release.set()
        controller.queue.view = real_view  # type: ignore[method-assign]


def test_clear_can_be_undone(gui: Application, qtbot) -> None:
    ids = _queue(gui, qtbot, ["Up Next", "One Feed", "Chapters"])
    QTest.mouseClick(gui.window.queue_pane.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui.window.queue_pane.list.model().rowCount() == 0, timeout=5000)
    button = _undo_button(gui, qtbot)
    assert gui.undo_bar.message.text() == "Cleared the queue (3 episodes)."
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui.window.queue_pane.list.model().rowCount() == 3, timeout=5000)
    assert gui.queue.ids() == ids


def test_ctrl_z_undoes_mark_played_from_the_library(gui: Application, qtbot) -> None:
    episode_id = _ids(gui)["One Feed, Many Doors"]
    with gui.store.write() as conn:
        conn.execute(
            "UPDATE episodes SET position = 40, last_played = 1700000000 WHERE id = ?",
            (episode_id,),
        )
    before = EpisodeRepo(gui.store).get(episode_id)
    gui.library_controller.reload_episodes()
    table = gui.window.library_pane.table
    qtbot.waitUntil(lambda: row_of(table, "One Feed") >= 0, timeout=5000)
    row = row_of(table, "One Feed")
    click_row(table, row)
    _choose(table, row, "Mark played")
    repo = EpisodeRepo(gui.store)
    qtbot.waitUntil(lambda: repo.get(episode_id).state.value == "played", timeout=5000)
    assert repo.get(episode_id).position == 0
    _undo_button(gui, qtbot)
    gui.window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5000)
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: repo.get(episode_id).state.value == "new", timeout=5000)
    after = repo.get(episode_id)
    assert (after.position, after.last_played) == (before.position, before.last_played)
    qtbot.waitUntil(lambda: row_of(table, "One Feed") >= 0, timeout=5000)  # back in "New"


def test_undo_a_dismissed_suggestion_brings_the_card_back(gui: Application, qtbot) -> None:
    _more_shows(gui, qtbot)
    card = gui.suggestions_panel.rows[0]
    dismissed = card.suggestion.episode.id
    QTest.mouseClick(card.dismiss, Qt.MouseButton.LeftButton)
    assert dismissed not in _card_ids(gui)  # at once
    button = _undo_button(gui, qtbot)
    assert gui.store.scalar("SELECT COUNT(*) FROM dismissed") == 1
    assert gui.undo_bar.message.text().endswith("will not be suggested again.")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dismissed in _card_ids(gui), timeout=10_000)
    assert gui.store.scalar("SELECT COUNT(*) FROM dismissed") == 0


def test_painting_queue_rows_keeps_none_alive(gui: Application, qtbot) -> None:
    """The row delegate fills no style option from Python (PySide6 6.12.0 dropped a reference
    to None on each ``initStyleOption``): thousands of row paints leave None's count alone."""
    _queue(gui, qtbot, ["One Feed", "Up Next", "Chapters"])
    viewport = gui.window.queue_pane.list.viewport()
    viewport.grab()
    before = sys.getrefcount(None)
    for _ in range(400):  # three rows each: 1,200 row paints
        viewport.grab()
    assert sys.getrefcount(None) - before > -100
