"""How the library's figures grow with its size: 40,000, 200,000 and 1,000,000 episodes.

    .venv/bin/python bench/bench_scale.py                   # 40k, 200k and 1m
    .venv/bin/python bench/bench_scale.py --sizes 40k,200k --runs 1  # a quicker look

Each size is a library of 200-item feeds made by :mod:`bench.library_gen` (cached in
``--libs``, default ``~/.cache/podcast-player-bench``, and copied to a temporary folder before
each run: the cached folder is never written). For each it measures, first headless (the
services alone, as the command line uses them; medians of ``--repeat``):

- list: the first page of "New" and its count, what the window's episode list loads first;
- sidebar: every subscription with its counts;
- search: the first page of a search and its count, as the list loads it;
- up next: ``podcast-player up-next``'s service call on a fresh service (as each command
  makes) and again on the same one (as the window keeps it);

then in the real window (offscreen) with an :class:`~player.qt.probe.EventLoopProbe` ticking
every 5 ms (the helpers of :mod:`bench.bench_gui`), the longest gap between ticks (the longest the
window could not react) in each phase:

- open: from the window's creation until the sidebar and the first page of "New" are shown;
- scroll: scrolling the episode list down ``--scroll`` rows, page by page as they are fetched;
- search: typing a search word by word, pausing after each word; the time from the last key
  to the results shown (including the field's typing pause, ``SEARCH_DELAY_MS``) and from the
  search starting;
- up next: the suggestions panel computed again, until its cards are shown.

Targets at 1,000,000 episodes (issue 21): search results < 100 ms after the last key, up next
< 100 ms, no gap > 50 ms in any phase. The table prints each figure with its ratio to the
smallest size's: how it grows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import library_gen  # noqa: E402
from bench.bench_gui import spin, wait_for  # noqa: E402

SIZES = {"40k": (200, 200), "200k": (1000, 200), "1m": (5000, 200)}
"""Name -> (feeds, items): the libraries compared (the name is their folder in ``--libs``)."""
SEARCH_WORDS = ("gardens ", "rivers ", "137")
"""Typed word by word: common words first (each in about half the generated episodes), then a
rare one (an episode number: one episode per show), as a listener narrows a search."""
TYPED = "".join(SEARCH_WORDS).strip()
WORD_PAUSE = 0.4
"""Seconds between words: longer than the field's typing pause, so each word's search runs (and
the last one may find an earlier one still at work, as it would for a listener)."""
TARGET_MS = {"search after key": 100.0, "up next": 100.0, "gap": 50.0}


@dataclass(slots=True)
class Figures:
    """One size's measurements, in milliseconds, by row name (the table's rows)."""

    name: str
    episodes: int = 0
    ms: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(first, median of the rest) of ``repeat`` calls of ``fn``, in milliseconds."""
    times = []
    for _ in range(max(2, repeat)):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:])


def copy_library(source: Path, into: Path) -> Path:
    """A private copy of a cached library (benchmarks write: the app saves settings, positions)."""
    target = into / "data"
    shutil.copytree(source, target)
    return target


def headless(data: Path, figures: Figures, repeat: int) -> None:
    """The services alone on the library in ``data``: what the command line and workers do."""
    from player.domain.queries import EpisodeQuery, EpisodeSort
    from player.paths import DataPaths
    from player.services.library import LibraryService
    from player.services.up_next import UpNextService
    from player.storage import Store

    store = Store(DataPaths(data).database)
    library = LibraryService(store)
    new = EpisodeQuery(unplayed=True)
    searched = EpisodeQuery(unplayed=True, text=TYPED, sort=EpisodeSort.RELEVANCE)
    ms = figures.ms
    ms["core: first page of New"] = timed(lambda: library.episodes(new, limit=200), repeat)[1]
    ms["core: count of New"] = timed(lambda: library.count_episodes(new), repeat)[1]
    ms["core: sidebar (shows + counts)"] = timed(library.podcasts, repeat)[1]
    ms["core: search page + count"] = timed(
        lambda: (library.episodes(searched, limit=200), library.count_episodes(searched)), repeat
    )[1]
    fresh = timed(lambda: UpNextService(store).suggest(limit=5), repeat)[1]
    ms["core: up next (fresh service, as the CLI)"] = fresh
    service = UpNextService(store)
    ms["core: up next (again)"] = timed(lambda: service.suggest(limit=5), repeat)[1]
    figures.episodes = library.count_episodes(EpisodeQuery())
    store.close()


def in_window(data: Path, figures: Figures, scroll_rows: int, stalls: bool = False) -> None:
    """The real window on the library in ``data``: each phase's time and longest gap."""
    from player.qt.runtime import freeze_startup_heap, tune_interpreter

    tune_interpreter()  # as launcher.start_gui does, before PySide6 is imported
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from player.paths import DataPaths
    from player.qt.app import Application
    from player.qt.probe import EventLoopProbe

    qt_app = QApplication.instance() or QApplication([])
    ms = figures.ms
    probe = EventLoopProbe()
    sampler = None
    if stalls:
        from bench.stall_sampler import StallSampler

        sampler = StallSampler(probe)
        sampler.start()
    probe.start()
    spin(1.0)
    ms["gap: idle (noise floor)"] = probe.stop() * 1000

    started = time.perf_counter()
    application = Application(DataPaths(data), aout="dummy")
    freeze_startup_heap()
    application.window.show()
    qt_app.processEvents()
    probe.start()
    application.start()
    model, sidebar = application.episode_model, application.library_model
    wait_for(lambda: model.rowCount() > 0 and sidebar.rowCount() > 3)
    ms["window: open to sidebar + New"] = (time.perf_counter() - started) * 1000
    ms["gap: open"] = probe.stop() * 1000
    figures.notes.append(f"'New' lists {model.total} episodes")
    spin(1.0)  # the start-up's later work (up next, counts) settles

    table = application.window.library_pane.table
    probe.start()
    while model.rowCount() < scroll_rows and (model.canFetchMore() or model.loading):
        table.scrollToBottom()
        spin(0.01)
    ms["gap: scroll"] = probe.stop() * 1000
    figures.notes.append(f"scrolled through {model.rowCount()} rows")

    pane = application.window.library_pane
    fired: list[float] = []
    keys: list[float] = []
    pane._search_timer.timeout.connect(lambda: fired.append(time.perf_counter()))
    pane.search.textChanged.connect(lambda _text: keys.append(time.perf_counter()))
    arrived: list[float] = []  # when the typed search's first page was in the list

    def page_in() -> None:
        if model.query.text == TYPED and not model.loading and not arrived:
            arrived.append(time.perf_counter())

    model.loaded.connect(page_in)
    probe.start()
    for word in SEARCH_WORDS:  # a key every 60 ms, a pause after each word: its search runs
        QTest.keyClicks(pane.search, word, delay=60)
        if word != SEARCH_WORDS[-1]:
            spin(WORD_PAUSE)
    typed = keys[-1]
    wait_for(lambda: bool(arrived))
    shown = arrived[0]
    spin(0.3)
    ms["gap: search"] = probe.stop() * 1000
    ms["window: search, after last key"] = (shown - typed) * 1000
    ms["window: search, after it started"] = (shown - fired[-1]) * 1000 if fired else 0.0
    figures.notes.append(f"search found {model.total} episodes")

    suggestions = application.suggestions
    wait_for(lambda: not suggestions._pending)
    times = []
    longest = 0.0
    for _ in range(3):
        probe.start()
        asked = time.perf_counter()
        suggestions.refresh()
        wait_for(lambda: not suggestions._pending, timeout=60)
        times.append((time.perf_counter() - asked) * 1000)
        longest = max(longest, probe.stop())
    ms["window: up next shown"] = statistics.median(times)
    ms["gap: up next"] = longest * 1000
    figures.notes.append(f"up next shows {len(suggestions.current)} suggestions")
    if sampler is not None:
        sampler.stop()
        figures.notes.append("stalls:\n" + sampler.report())
    application.window.close()
    application.close()
    qt_app.processEvents()


def measure(name: str, libs: Path, repeat: int, scroll_rows: int, stalls: bool = False) -> Figures:
    """One size: build (or find) its library, copy it, measure headless then in the window."""
    feeds, items = SIZES[name]
    library_gen.build(feeds, items, libs / name, quiet=True)
    figures = Figures(name)
    with tempfile.TemporaryDirectory(prefix=f"bench-scale-{name}-") as tmp:
        data = copy_library(libs / name, Path(tmp))
        headless(data, figures, repeat)
        in_window(data, figures, scroll_rows, stalls)
    return figures


def table(results: list[Figures]) -> str:
    """The figures side by side, each with its ratio to the first size's (the baseline)."""
    base = results[0]
    head = f"{'':<44}" + "".join(f"{f.name + ' (' + f'{f.episodes:,}' + ')':>26}" for f in results)
    lines = [head]
    for row in base.ms:
        cells = []
        for f in results:
            value = f.ms.get(row, float("nan"))
            ratio = value / base.ms[row] if base.ms[row] > 0 else float("nan")
            cell = f"{value:9.1f} ms" if f is base else f"{value:9.1f} ms ({ratio:4.1f}x)"
            cells.append(f"{cell:>26}")
        lines.append(f"{row:<44}" + "".join(cells) + _verdict(row, results[-1].ms.get(row)))
    return "\n".join(lines)


def _verdict(row: str, value: float | None) -> str:
    """ok/MISSED against the issue's target for the largest size (blank: no target)."""
    if value is None or "idle" in row:
        return ""
    if row.startswith("gap:"):
        target = TARGET_MS["gap"]
    elif "search, after last key" in row:
        target = TARGET_MS["search after key"]
    elif row.startswith(("window: up next", "core: up next")):
        target = TARGET_MS["up next"]
    else:
        return ""
    return f"   {'ok' if value < target else 'MISSED'} (< {target:.0f} ms)"


def run_one(name: str, args: argparse.Namespace) -> Figures:
    """One size measured in a fresh process (as an app starts: no warm imports, no Qt yet)."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-out-") as tmp:
        out = Path(tmp) / "figures.json"
        command = [sys.executable, __file__, "--one", name, "--out", str(out)]
        command += ["--libs", str(args.libs), "--repeat", str(args.repeat)]
        command += ["--scroll", str(args.scroll)] + (["--stalls"] if args.stalls else [])
        subprocess.run(command, check=True, cwd=ROOT)
        raw = json.loads(out.read_text("utf-8"))
    return Figures(raw["name"], raw["episodes"], raw["ms"], raw["notes"])


def combine(runs: list[Figures]) -> Figures:
    """Runs of one size as one: the median of each row (the worst gaps are in the notes)."""
    first = runs[0]
    ms = {row: statistics.median(r.ms[row] for r in runs if row in r.ms) for row in first.ms}
    worst = [
        f"{row[5:]} {max(r.ms[row] for r in runs):.0f}"
        for row in first.ms
        if row.startswith("gap:")
    ]
    notes = [*first.notes, "worst gaps of any run, ms: " + ", ".join(worst)]
    return Figures(first.name, first.episodes, ms, notes)


DEFAULT_LIBS = Path.home() / ".cache" / "podcast-player-bench"
"""Where the generated libraries are kept between runs (the 1,000,000-episode one takes minutes)."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="40k,200k,1m", help="comma-separated: 40k,200k,1m")
    parser.add_argument("--libs", type=Path, default=DEFAULT_LIBS)
    parser.add_argument("--runs", type=int, default=3, help="runs of each size (alternating)")
    parser.add_argument("--repeat", type=int, default=5, help="headless calls per figure")
    parser.add_argument("--scroll", type=int, default=10_000, help="rows to scroll through")
    parser.add_argument(
        "--stalls",
        action="store_true",
        help="sample the GUI thread's stack during each stall (bench/stall_sampler.py)",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child: one size, figures to --out
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        figures = measure(args.one, args.libs, args.repeat, args.scroll, args.stalls)
        args.out.write_text(json.dumps(asdict(figures)), "utf-8")
        return 0
    names = [n.strip() for n in args.sizes.split(",") if n.strip()]
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; known: {', '.join(SIZES)}")
    for name in names:  # build what is missing first, so that no run waits on a build
        feeds, items = SIZES[name]
        library_gen.build(feeds, items, args.libs / name)
    runs: dict[str, list[Figures]] = {name: [] for name in names}
    for run in range(args.runs):  # sizes alternate: the machine's noise falls on all of them
        for name in names:
            figures = run_one(name, args)
            runs[name].append(figures)
            notes = "; ".join(figures.notes)
            print(f"run {run + 1} {name}: {figures.episodes:,} episodes; {notes}", flush=True)
    print()
    combined = [combine(runs[name]) for name in names]
    print(f"medians of {args.runs} runs; ratios to {names[0]}")
    print(table(combined))
    for figures in combined:
        print(f"{figures.name}: {figures.notes[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
