"""``to_main`` and the task runner: one meaning of "post", on the GUI thread and from workers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread

from player.playback.null_engine import NullEngine
from player.qt.bridges.player import PlayerBridge
from player.qt.workers import InlinePool, LatestOnly, TaskRunner, run_posted, to_main
from player.services.playback import PlaybackService
from player.services.playback_state import PositionChanged
from player.services.queue import QueueService


def test_a_post_from_the_gui_thread_runs_after_the_current_call_returns(qtbot) -> None:
    order: list[str] = []

    def command() -> None:
        to_main(lambda: order.append("posted"))
        order.append("command returned")

    command()
    assert order == ["command returned"]  # AutoConnection would have run it inside command()
    qtbot.waitUntil(lambda: order == ["command returned", "posted"], timeout=2000)


def test_a_post_from_a_worker_thread_runs_on_the_gui_thread(qtbot) -> None:
    gui_thread = QThread.currentThread()
    ran_on: list[tuple[QThread, int]] = []

    def report() -> None:
        ran_on.append((QThread.currentThread(), threading.get_ident()))

    worker = threading.Thread(target=lambda: to_main(report))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(ran_on) == 1, timeout=2000)
    assert ran_on[0][0] is gui_thread
    assert ran_on[0][1] == threading.get_ident() != worker.ident


def test_posts_run_in_the_order_they_were_made(qtbot) -> None:
    seen: list[int] = []
    for n in range(50):
        to_main(lambda n=n: seen.append(n))
    run_posted()
    assert seen == list(range(50))


def test_a_failing_posted_call_is_logged_and_the_next_one_still_runs(qtbot, caplog) -> None:
    seen: list[str] = []

    def broken() -> None:
        raise ValueError("boom")

    to_main(broken)
    to_main(lambda: seen.append("after"))
    run_posted()
    assert seen == ["after"]
    assert "a call on the GUI thread failed" in caplog.text


def test_the_thread_pool_delivers_results_and_errors_on_the_gui_thread(qtbot) -> None:
    owner = QObject()
    runner = TaskRunner(max_threads=2, parent=owner)
    gui = threading.get_ident()
    worked_on: list[int] = []
    results: list[tuple[str, object, int]] = []

    def work() -> int:
        worked_on.append(threading.get_ident())
        return 42

    def fail() -> None:
        raise OSError("disk gone")

    runner.run(work, lambda value: results.append(("done", value, threading.get_ident())))
    runner.run(fail, None, lambda exc: results.append(("failed", str(exc), threading.get_ident())))
    assert runner.wait(5000)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=2000)
    assert worked_on and worked_on[0] != gui
    assert sorted(results) == [("done", 42, gui), ("failed", "disk gone", gui)]
    owner.deleteLater()


def test_the_inline_pool_runs_the_task_at_once_and_delivers_it_deferred(qtbot) -> None:
    pool = InlinePool()
    owner = QObject()
    runner = TaskRunner(parent=owner, pool=pool)
    ran: list[str] = []
    runner.run(lambda: ran.append("task") or 7, lambda value: ran.append(f"done {value}"))
    assert ran == ["task"] and pool.started == 1  # the work is done, the callback is not yet
    run_posted()
    assert ran == ["task", "done 7"]
    owner.deleteLater()


def test_run_posted_also_delivers_what_the_callbacks_start(qtbot) -> None:
    owner = QObject()
    runner = TaskRunner(parent=owner, pool=InlinePool())
    chain: list[int] = []

    def step(n: int) -> None:
        chain.append(n)
        if n < 5:
            runner.run(lambda: n + 1, step)

    runner.run(lambda: 0, step)
    run_posted()
    assert chain == [0, 1, 2, 3, 4, 5]
    owner.deleteLater()


def test_the_player_bridge_gives_the_service_a_post_that_defers(qtbot, store) -> None:
    """libVLC (and the null engine) may report inside ``play``: the event must wait its turn."""
    posts: list[Callable[[Callable[[], None]], None]] = []

    def service(post: Callable[[Callable[[], None]], None]) -> PlaybackService:
        posts.append(post)
        return PlaybackService(store, NullEngine(), post)

    bridge = PlayerBridge(service, QueueService(store))
    order: list[str] = []
    posts[0](lambda: order.append("engine event"))
    order.append("command returned")
    assert order == ["command returned"]
    run_posted()
    assert order == ["command returned", "engine event"]
    bridge.shutdown()


def test_progress_from_a_worker_arrives_coalesced_latest_last(qtbot) -> None:
    """500 reports in a burst from a thread: a handful reach the GUI thread, the last one last."""
    seen: list[tuple[int, int]] = []
    threads: list[threading.Thread] = []

    def deliver(done: int, total: int) -> None:
        seen.append((done, total))
        threads.append(threading.current_thread())

    latest = LatestOnly(deliver, 0.05)

    def work() -> None:
        for done in range(1, 501):
            latest.report(done, 500)
            if done % 50 == 0:
                time.sleep(0.02)

    worker = threading.Thread(target=work)
    worker.start()
    qtbot.waitUntil(lambda: bool(seen) and seen[-1] == (500, 500), timeout=5000)
    worker.join()
    qtbot.wait(120)
    assert seen[-1] == (500, 500)
    assert 2 <= len(seen) <= 20, seen
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert all(t is threading.main_thread() for t in threads)


def test_playing_on_moves_the_view_five_times_a_second_and_a_jump_at_once(qtbot, store) -> None:
    """libVLC's 20 time reports a second become at most 5 signals; a seek is never held back."""

    def service(post: Callable[[Callable[[], None]], None]) -> PlaybackService:
        return PlaybackService(store, NullEngine(), post)

    bridge = PlayerBridge(service, QueueService(store))
    shown: list[tuple[float, float]] = []
    bridge.positionChanged.connect(lambda position, duration: shown.append((position, duration)))
    position = 10.0
    bridge._on_event(PositionChanged(position, 600.0))  # the service's events, as subscribed
    assert shown == [(10.0, 600.0)], "the first report (a new duration) shows at once"
    for _ in range(20):  # one second of playing on
        position += 0.05
        bridge._on_event(PositionChanged(position, 600.0))
        qtbot.wait(50)
    qtbot.wait(250)
    assert 4 <= len(shown) <= 8, shown
    assert shown[-1] == (position, 600.0), "the latest position is always shown in the end"
    before = len(shown)
    bridge._on_event(PositionChanged(300.0, 600.0))  # a seek
    assert len(shown) == before + 1 and shown[-1] == (300.0, 600.0)
    bridge.shutdown()
