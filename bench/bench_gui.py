"""GUI responsiveness benchmark: the longest event-loop gap while the app works hard.

    .venv/bin/python bench/bench_gui.py                 # 200 feeds x 200 items + 10,000 more
    .venv/bin/python bench/bench_gui.py --feeds 20      # a quick look

Runs the real window (offscreen) on a library of 50,000 episodes (200 feeds x 200 items from
``../shared/bench/feeds_server.py`` plus one large local feed) with an
:class:`~player.qt.probe.EventLoopProbe` ticking every 5 ms, and reports the longest gap between
ticks (the longest the window could not react) during each phase:

- idle: nothing happening (the machine's own noise floor, measured in the same run);
- open: from the moment the window is on screen until the sidebar and the first page of
  "New" (50,000 unplayed episodes) are loaded (the time to build and first paint the window is
  printed separately: nothing can respond before a window exists);
- scroll: scrolling the episode list to the very end (every page fetched on demand);
- search: typing a search word by word into the search field;
- refresh: refreshing all 200 feeds after ``/_control/bump`` added an item to each;
- play+import (issue 20): a fresh window plays the demo episode (seeking every half second,
  each seek a position save) while it imports the server's 200 feeds and subscribes to one
  10,000-item feed from a second server, handed to it together as a drop would.

Target (issues 5 and 20): the longest gap stays under 50 ms in every phase.
``--only play+import`` runs just the idle baseline and that phase.

The process gets the window's interpreter policy (:mod:`player.qt.runtime`) as ``run_gui`` applies
it; ``--without switch`` (or ``freeze``, ``preload``; repeatable) leaves a piece out to measure
what it earns (docs/notes/interpreter-policy.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_feeds import DEFAULT_SERVER, feeds_server  # noqa: E402


def build_library(data: Path, base_url: str, extra: int) -> int:
    """Import the server's OPML with the CLI, then add one local feed of ``extra`` items."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "player",
            "--data-dir",
            str(data),
            "import-opml",
            base_url + "subscriptions.opml",
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    from player.domain.feed import FeedDocument, FeedItem
    from player.storage import PodcastRepo, Store
    from player.storage.feed_writer import write_feed

    store = Store(data / "library.sqlite3")
    podcast = PodcastRepo(store).add("https://example.org/big-archive.xml", "Big Archive")
    now = time.time()
    items = [
        FeedItem(
            guid=f"big-{i}",
            title=f"Archive episode {i} about gardens and rivers",
            description_text=f"notes {i}",
            published=now - i * 3600,
            enclosure_url=f"https://example.org/{i}.mp3",
            duration=1800.0,
        )
        for i in range(extra)
    ]
    write_feed(store, podcast, FeedDocument(title="Big Archive", items=items))
    total = int(store.scalar("SELECT COUNT(*) FROM episodes") or 0)
    store.close()
    return total


WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT", "COMMIT")


def wait_for(condition: Callable[[], object], timeout: float = 300.0) -> None:
    """Run the Qt event loop until ``condition()`` holds (TimeoutError after ``timeout`` s)."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("phase did not finish")
        QTimer.singleShot(10, loop.quit)
        loop.exec()


def spin(seconds: float) -> None:
    """Run the Qt event loop for ``seconds``."""
    end = time.monotonic() + seconds
    wait_for(lambda: time.monotonic() >= end)


def play_while_importing(
    base_url: str,
    big_url: str,
    probe: Any,
    wait_for: Any,
    spin: Any,
    without: frozenset[str] = frozenset(),
) -> tuple[float, str]:
    """A fresh window plays while importing; returns the longest gap and what it did."""
    from PySide6.QtCore import QTimer

    from player.paths import DataPaths
    from player.qt.app import Application
    from player.qt.runtime import freeze_startup_heap

    with tempfile.TemporaryDirectory() as tmp:
        application = Application(DataPaths(Path(tmp)), aout="dummy")
        freeze_startup_heap(without)  # as run_gui does (a full collection walks the rest)
        application.window.show()
        application.start()
        player, sync, model = application.player, application.sync, application.episode_model
        wait_for(lambda: model.rowCount() > 0)
        player.play_episode(model.episode(0).id)
        wait_for(lambda: player.state == "playing")
        spin(1.0)
        seeks = QTimer()
        seeks.setInterval(500)
        moves = [0]

        def seek() -> None:  # a listener skipping around: every seek saves the position
            moves[0] += 1
            player.seek(5.0 + (moves[0] % 20))

        seeks.timeout.connect(seek)
        # Every statement the GUI thread runs during the phase (its own connection).
        statements: list[str] = []
        application.store._connection().set_trace_callback(statements.append)
        done: list[str] = []
        sync.importFinished.connect(lambda *_: done.append("import"))
        sync.importFailed.connect(lambda message: done.append(f"import failed: {message}"))
        sync.subscribed.connect(lambda *_: done.append("subscribe"))
        sync.failed.connect(lambda message: done.append(f"failed: {message}"))
        started = time.perf_counter()
        probe.start()
        seeks.start()
        application.commands.open_arguments(
            [base_url + "subscriptions.opml", big_url], confirm=False
        )
        wait_for(lambda: len(done) >= 2, timeout=900)
        spin(0.5)
        gap = probe.stop()
        seeks.stop()
        application.store._connection().set_trace_callback(None)
        took = time.perf_counter() - started
        writes = [q for q in statements if q.lstrip().upper().startswith(WRITES)]
        episodes = int(application.store.scalar("SELECT COUNT(*) FROM episodes") or 0)
        report = (
            f"play+import: {', '.join(done)} in {took:.1f} s; {episodes} episodes; "
            f"{moves[0]} seeks; still {player.state} at {player.position:.1f} s; "
            f"the GUI thread ran {len(statements)} SQL statements, {len(writes)} of them writes"
        )
        application.window.close()
        application.close()
    return gap, report


def run(
    feeds: int,
    items: int,
    extra: int,
    only: str = "",
    without: frozenset[str] = frozenset(),
    stalls: bool = False,
) -> dict[str, float]:
    """Drive the window through each phase; returns the longest gap per phase (seconds)."""
    from player.qt.runtime import freeze_startup_heap, tune_interpreter

    tune_interpreter(without)  # as launcher.start_gui does, before PySide6 is imported
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from player.paths import DataPaths
    from player.qt.app import Application
    from player.qt.probe import EventLoopProbe

    results: dict[str, float] = {}
    qt_app = QApplication.instance() or QApplication([])

    with (
        tempfile.TemporaryDirectory() as tmp,
        feeds_server(DEFAULT_SERVER, feeds, items, 0, 0) as base_url,
    ):
        data = Path(tmp)
        probe = EventLoopProbe()
        sampler = None
        if stalls:
            from bench.stall_sampler import StallSampler

            sampler = StallSampler(probe)
            sampler.start()
        probe.start()
        spin(2.0)
        results["idle"] = probe.stop()
        if only in ("", "play+import"):
            with feeds_server(DEFAULT_SERVER, 1, extra, 0, 0) as big_base:
                gap, report = play_while_importing(
                    base_url, big_base + "feeds/0000.xml", probe, wait_for, spin, without
                )
            results["play+import"] = gap
            print(report)
        if only == "play+import":
            if sampler is not None:
                sampler.stop()
                print(sampler.report())
            return results

        total = build_library(data, base_url, extra)
        print(f"library: {total} episodes in {feeds + 1} podcasts")

        started = time.perf_counter()
        application = Application(DataPaths(data), aout="dummy")
        freeze_startup_heap(without)  # as run_gui does
        application.window.show()
        qt_app.processEvents()  # the first layout and paint: the window appears
        shown = time.perf_counter() - started
        print(f"window shown {shown * 1000:.0f} ms after start (construction and first paint)")
        probe.start()
        application.start()
        model = application.episode_model
        wait_for(lambda: model.rowCount() > 0 and application.library_model.rowCount() > 3)
        results["open"] = probe.stop()
        print(f"'New' lists {model.total} episodes")

        table = application.window.library_pane.table
        probe.start()
        while model.canFetchMore() or model.loading:
            table.scrollToBottom()
            spin(0.01)
        results["scroll"] = probe.stop()
        print(f"scrolled through {model.rowCount()} rows")

        search = application.window.library_pane.search
        probe.start()
        typing = time.perf_counter()
        for word in ("gardens ", "rivers ", "archive"):
            QTest.keyClicks(search, word, delay=30)
        typed = time.perf_counter()
        wait_for(lambda: model.query.text == "gardens rivers archive" and not model.loading)
        results["search"] = probe.stop()
        print(
            f"search found {model.total} episodes; typing took {typed - typing:.1f} s, "
            f"the list was ready {time.perf_counter() - typed:.2f} s after the last key"
        )

        import httpx

        httpx.get(base_url + "_control/bump?count=1", timeout=30)
        finished: list[object] = []
        application.sync.refreshFinished.connect(finished.append)
        probe.start()
        application.sync.refresh(None)
        wait_for(lambda: bool(finished), timeout=600)
        results["refresh"] = probe.stop()
        summary = finished[0]
        print(
            f"refresh: {summary.feeds} feeds, {summary.new_episodes} new episodes, "
            f"{summary.seconds:.1f} s"
        )
        if sampler is not None:  # every phase's stalls
            sampler.stop()
            print(sampler.report())
        application.window.close()
        application.close()
        qt_app.processEvents()
    return results


def main() -> int:
    from player.qt.runtime import POLICY  # no Qt

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument(
        "--extra",
        type=int,
        default=10_000,
        help="items of the extra local feed (default: 50,000 episodes in all)",
    )
    parser.add_argument("--only", choices=["play+import"], default="", help="one phase only")
    parser.add_argument(
        "--stalls",
        action="store_true",
        help="sample the GUI thread's stack during each stall (bench/stall_sampler.py)",
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=POLICY,
        help="leave out a piece of the interpreter policy (player/qt/runtime.py)",
    )
    args = parser.parse_args()
    results = run(
        args.feeds, args.items, args.extra, args.only, frozenset(args.without), args.stalls
    )
    print()
    print(f"{'phase':<12} {'longest gap':>12}   target < 50 ms")
    for phase, gap in results.items():
        verdict = "" if phase == "idle" else ("ok" if gap < 0.050 else "MISSED")
        print(f"{phase:<12} {gap * 1000:>9.1f} ms   {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
