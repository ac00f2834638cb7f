"""Directory search in the window: last key to results on screen, and the GUI thread's stalls.

    .venv/bin/python bench/bench_discover.py               # 300 ms directories, 8 queries
    .venv/bin/python bench/bench_discover.py --soak 3      # then 3 minutes of search + pages

The real window (offscreen) on a fresh data folder; the four directories are loopback fakes
(tests/support/directory_servers.py) answering after ``--latency`` seconds (300 ms: a real
directory's round trip). Add podcast is opened with Ctrl+N and each query is typed key by key
(``--key-ms`` apart, a quick typist); the figure is the time from the last key until the cards
of that query are on screen. An :class:`~player.qt.probe.EventLoopProbe` (the one bench_gui.py
uses) ticks every 5 ms meanwhile and gives the longest stall of the GUI thread. Then each result
page is opened with Enter: the time until its latest episodes are listed.

Baselines measured in the same run, beside the figures: one raw HTTP round trip to a fake
directory (httpx, no app), and one ``DiscoverService.search`` called directly (all four asked in
parallel, merged, no window): what the window adds is the difference, plus the 300 ms pause
it waits after the last key before it asks.

Targets (issue 14): results < 1 s after the last key; no stall > 50 ms.
``--soak`` repeats searching and opening pages and reports windows, widgets and threads at the
start and the end (they must not grow).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ("open web", "rivers", "kitchen radio", "night owls", "open road", "open source",
           "travel diaries", "world")  # fmt: skip
"""Distinct queries, so each one really asks the directories (no cached answer)."""


def run(latency: float, key_ms: int, soak_minutes: float) -> int:
    """Measure; print the figures; returns 0 when both targets are met."""
    from player.qt.runtime import freeze_startup_heap, tune_interpreter

    tune_interpreter()  # as launcher.start_gui does, before PySide6 is imported
    import httpx
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from player.paths import DataPaths
    from player.qt.app import Application
    from player.qt.dialogs.add_podcast import AddPodcastDialog
    from player.qt.dialogs.podcast_page import PodcastPage
    from player.qt.probe import EventLoopProbe
    from player.services.discover import DiscoverService
    from player.storage import Store
    from tests.support.discover_rig import discover_rig

    qt_app = QApplication.instance() or QApplication([])

    def wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there")
            QTimer.singleShot(2, loop.quit)
            loop.exec()

    with tempfile.TemporaryDirectory() as tmp, discover_rig(latency=latency) as rig:
        itunes = rig.directories.itunes.base_url
        trips = []
        with httpx.Client() as client:
            for word in ("base", "line", "trip"):
                started = time.perf_counter()
                client.get(f"{itunes}/search", params={"term": word, "media": "podcast"})
                trips.append(time.perf_counter() - started)
        base_store = Store(Path(tmp) / "baseline.sqlite")
        service = DiscoverService(base_store, cache_dir=None)
        direct = []
        for word in ("baseline one", "baseline two", "baseline three"):
            started = time.perf_counter()
            service.search(word)
            direct.append(time.perf_counter() - started)
        service.close()
        base_store.close()

        data = Path(tmp) / "data"
        app = Application(DataPaths(data), aout="dummy")
        freeze_startup_heap()
        app.start()
        wait_for(lambda: app.episode_model.rowCount() > 0)
        QTest.keyClick(app.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        dialog = app.window.findChild(AddPodcastDialog)
        wait_for(lambda: dialog is not None and dialog.isVisible())
        assert dialog is not None
        field, cards = dialog.url, dialog.cards
        shown: dict[str, float] = {}
        cards.cards.modelReset.connect(lambda: shown.setdefault(dialog.query, time.perf_counter()))
        typed: list[float] = [0.0]
        field.textChanged.connect(lambda _text: typed.__setitem__(0, time.perf_counter()))
        probe = EventLoopProbe()
        to_results, pages, stalls = [], [], []
        for query in QUERIES:
            field.clear()
            field.setFocus()
            probe.start()
            QTest.keyClicks(field, query, delay=key_ms)
            last_key = typed[0]  # the last key's press changed the text (QTest then waits)
            wait_for(lambda q=query: q in shown and cards.cards.rowCount() > 0)
            qt_app.processEvents()  # the cards painted
            to_results.append(shown[query] - last_key)
            cards.setFocus()
            opened = time.perf_counter()
            QTest.keyClick(cards, Qt.Key.Key_Return)
            page = app.discover.page
            assert isinstance(page, PodcastPage)
            wait_for(lambda p=page: p.episodes.topLevelItemCount() > 0)
            pages.append(time.perf_counter() - opened)
            page.close()
            stalls.append(probe.stop())
        print(f"directories answer after {latency * 1000:.0f} ms; keys {key_ms} ms apart; "
              f"{len(QUERIES)} queries")  # fmt: skip
        print(f"{'':<44} {'median':>9} {'worst':>9}")
        rows = (
            ("baseline: one raw HTTP round trip", trips),
            ("baseline: DiscoverService.search, no window", direct),
            ("window: last key -> results on screen", to_results),
            ("window: Enter -> podcast page's episodes", pages),
            ("window: longest GUI stall per query", stalls),
        )
        for label, values in rows:
            print(f"{label:<44} {statistics.median(values) * 1000:>6.0f} ms "
                  f"{max(values) * 1000:>6.0f} ms")  # fmt: skip
        met = max(to_results) < 1.0 and max(stalls) < 0.050
        print(f"targets: results < 1000 ms ({'ok' if max(to_results) < 1.0 else 'MISSED'}), "
              f"stall < 50 ms ({'ok' if max(stalls) < 0.050 else 'MISSED'})")  # fmt: skip
        print("per query, ms (results, page, stall): " + ", ".join(
            f"{a * 1000:.0f}/{b * 1000:.0f}/{c * 1000:.0f}"
            for a, b, c in zip(to_results, pages, stalls, strict=True)
        ))  # fmt: skip
        print(f"answers dropped as stale: {app.discover.bridge.dropped}")

        if soak_minutes > 0:
            met = soak(app, dialog, soak_minutes, wait_for) and met
        dialog.reject()
        app.window.close()
        app.close()
        qt_app.processEvents()
    return 0 if met else 1


def soak(app, dialog, minutes: float, wait_for) -> bool:  # type: ignore[no-untyped-def]
    """Search and open pages for ``minutes``; True when windows and threads did not grow."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    def counts() -> tuple[int, int, int]:
        return (
            len([w for w in QApplication.topLevelWidgets() if w.isVisible()]),
            len(QApplication.allWidgets()),
            threading.active_count(),
        )

    def rss_mb() -> float:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20

    start_rss = rss_mb()

    start = counts()
    field, cards = dialog.url, dialog.cards
    end_at = time.monotonic() + minutes * 60
    rounds = 0
    while time.monotonic() < end_at:
        query = f"{QUERIES[rounds % len(QUERIES)]}"
        field.clear()
        QTest.keyClicks(field, query)
        wait_for(lambda q=query: dialog.status.text().endswith(f"for “{q}”."))
        cards.setFocus()
        QTest.keyClick(cards, Qt.Key.Key_Return)
        page = app.discover.page
        wait_for(lambda p=page: p.episodes.topLevelItemCount() > 0)
        page.close()
        rounds += 1
    wait_for(lambda: True)
    end = counts()
    print(f"soak: {rounds} rounds in {minutes:g} min; visible windows, widgets, threads: "
          f"start {start}, end {end}; RSS {start_rss:.0f} -> {rss_mb():.0f} MB")  # fmt: skip
    grew = end[0] > start[0] or end[1] > start[1] + 5 or end[2] > start[2] + 1
    print("soak: " + ("GREW" if grew else "no growth"))
    return not grew


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.3, help="directory latency (s)")
    parser.add_argument("--key-ms", type=int, default=60, help="ms between keys")
    parser.add_argument("--soak", type=float, default=0.0, help="minutes of search + pages")
    args = parser.parse_args()
    return run(args.latency, args.key_ms, args.soak)


if __name__ == "__main__":
    raise SystemExit(main())
