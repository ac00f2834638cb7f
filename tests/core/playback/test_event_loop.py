"""The owner-thread loop the CLI and tests drive the player with."""

from __future__ import annotations

import itertools
import threading
import time

from player.services.event_loop import EventLoop


def test_posted_work_runs_on_the_thread_running_the_loop() -> None:
    loop = EventLoop()
    ran: list[int] = []
    worker = threading.Thread(target=lambda: loop.post(lambda: ran.append(threading.get_ident())))
    worker.start()
    worker.join()
    assert ran == []  # nothing runs until the owner runs the loop
    assert loop.run_until(lambda: bool(ran), timeout=2)
    assert ran == [threading.get_ident()]


def test_timers_repeat_and_the_timeout_is_reported() -> None:
    loop = EventLoop()
    ticks: list[float] = []
    loop.every(0.05, lambda: ticks.append(time.monotonic()))
    assert loop.run_until(lambda: len(ticks) >= 3, timeout=2)
    assert loop.run_until(lambda: False, timeout=0.1) is False
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert all(g >= 0.04 for g in gaps)


def test_a_condition_set_by_another_thread_is_noticed_without_a_post() -> None:
    loop = EventLoop()
    flag = threading.Event()
    threading.Timer(0.1, flag.set).start()
    started = time.monotonic()
    assert loop.run_until(flag.is_set, timeout=5)
    assert time.monotonic() - started < 1.0
