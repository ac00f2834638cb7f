"""Soak benchmark: the real window plays through a queue with chapters for half an hour or more.

    .venv/bin/python bench/soak_gui.py                  # 30 minutes (the issue's floor)
    .venv/bin/python bench/soak_gui.py --minutes 60     # an hour
    .venv/bin/python bench/soak_gui.py --minutes 3      # a quick look

Short tests never repaint enough to see slow leaks: PySide6 6.12.0 lost a reference to ``None``
per call and aborted the window four minutes into playback while 431 tests passed. This runs
the window (offscreen, real libVLC with dummy audio) in a child process and keeps it busy as a
listener's afternoon would:

- playback at 1x through a queue of the demo episodes (they have chapters), episode after
  episode; when the queue runs dry it is filled again (so transitions happen every 1-2 min);
- a refresh of every feed every ``--refresh-every`` minutes, against
  ``../shared/bench/feeds_server.py`` (``--feeds`` podcasts), with a new item in each;
- scrolling the episode list, switching sidebar entries and resizing the window between
  1024x700 and 1280x800 every few seconds.

The parent samples the child once a minute: RSS, threads, open file descriptors (from /proc),
None's reference count (reported by the child), and whether it is still playing. The first
``--warm-up`` minutes are the baseline the growth is measured from (caches fill, libVLC and the
parse workers start): growth per hour is the least-squares slope of the samples from the
baseline on (a single end sample falls before or after a refresh's memory is handed back).
RSS is split into anonymous memory (heaps, stacks: what a leak grows) and file-backed pages
(code and fonts paged in as new paths run, which the kernel can drop and read again).
Targets (issue 13): alive at the end, RSS growth < 10 MB per hour, no fd or thread growth.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_feeds import DEFAULT_SERVER, feeds_server  # noqa: E402

DEMO_PODCAST = "Signal & Noise"
SAMPLE_EVERY_S = 60.0
RSS_TARGET_MB_PER_HOUR = 10.0


class _MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2``: what the C heap holds in use and keeps free (all arenas)."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                     "uordblks", "fordblks", "keepcost")
    ]  # fmt: skip


def _heap_counts() -> dict[str, float]:
    """The C heap of this process in MB: in use, kept free, and in mmapped blocks.

    RSS alone cannot tell a leak from fragmentation: a leak grows ``heap_used``, memory freed
    but kept by malloc's arenas grows ``heap_free``. Empty where glibc is not the allocator.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
    except (OSError, AttributeError):
        return {}
    info = libc.mallinfo2()
    mb = 1024 * 1024
    return {
        "heap_used_mb": round(info.uordblks / mb, 1),
        "heap_free_mb": round(info.fordblks / mb, 1),
        "heap_mmap_mb": round(info.hblkhd / mb, 1),
    }


def _proc_counts(pid: int) -> dict[str, float]:
    """RSS (MB), threads and open descriptors of a process, read from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    rss_kb = int(fields["VmRSS"].split()[0])
    return {
        "rss_mb": rss_kb / 1024,
        # Anonymous memory (heaps, stacks) is what a leak grows; file-backed pages are code,
        # fonts and data files the kernel can drop and re-read, paged in as new paths run.
        "anon_mb": int(fields.get("RssAnon", "0 kB").split()[0]) / 1024,
        "file_mb": int(fields.get("RssFile", "0 kB").split()[0]) / 1024,
        "threads": int(fields["Threads"]),
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
    }


# -- the child: the window and a scripted listener ---------------------------------------------


def child(data: Path, base_url: str, minutes: float, refresh_every: float) -> int:
    """Run the window for ``minutes``, printing one JSON line of state every few seconds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from player.qt.runtime import freeze_startup_heap, tune_interpreter

    tune_interpreter()  # the window's process policy, as launcher.start_gui applies it
    import httpx
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from player.domain.queries import EpisodeQuery, EpisodeSort
    from player.paths import DataPaths
    from player.qt.app import Application

    qt_app = QApplication.instance() or QApplication([])
    app = Application(DataPaths(data), aout="dummy")
    freeze_startup_heap()  # as run_gui does
    app.window.show()
    app.start()
    demo: list[int] = []
    counters = {
        "episodes": 0,
        "refreshes": 0,
        "refresh_errors": 0,
        "resizes": 0,
        "scrolls": 0,
        "playback_errors": 0,
    }
    failures: list[str] = []

    def failed(message: str) -> None:
        """A playback error is counted and named; the listener moves on to the next entry."""
        counters["playback_errors"] += 1
        failures.append(message)
        print(f"playback error: {message}", file=sys.stderr, flush=True)
        if not app.player.next_in_queue():
            fill_queue()

    app.player.failed.connect(failed)
    started = time.monotonic()
    end = started + minutes * 60

    def fill_queue() -> None:
        if not demo:
            for podcast in app.library.podcasts():
                if podcast.title.startswith(DEMO_PODCAST):
                    query = EpisodeQuery(podcast_id=podcast.id, sort=EpisodeSort.OLDEST)
                    demo.extend(e.id for e in app.library.episodes(query))
        if not demo:
            return
        app.queue.clear()
        app.queue.add(demo[1:])
        app.library_controller.reload_queue()
        app.player.play_episode(demo[0])
        counters["episodes"] += 1

    last_episode: list[Any] = [None]

    def listen() -> None:
        episode = app.player.episode
        if episode is not None and episode.id != last_episode[0]:
            last_episode[0] = episode.id
            counters["episodes"] += 1
        if app.player.state not in ("playing", "loading", "buffering") and not app.queue.ids():
            fill_queue()

    def refresh() -> None:
        try:
            httpx.get(base_url + "_control/bump?count=1", timeout=30)
        except httpx.HTTPError:
            counters["refresh_errors"] += 1
        if app.sync.refresh(None):
            counters["refreshes"] += 1

    sizes = [(1024, 700), (1280, 800)]
    keys = ["new", "podcast:1"]

    def fidget() -> None:
        tick = counters["scrolls"]
        table = app.window.library_pane.table
        if tick % 2:
            table.scrollToBottom()
        else:
            table.scrollToTop()
        if tick % 3 == 0:
            app.window.library_pane.select_entry(keys[(tick // 3) % len(keys)])
        if tick % 6 == 0:
            width, height = sizes[(tick // 6) % len(sizes)]
            app.window.resize(width, height)
            counters["resizes"] += 1
        counters["scrolls"] += 1

    def report() -> None:
        line = {
            "t": time.monotonic() - started,
            "none_refs": sys.getrefcount(None),
            **_heap_counts(),
            "state": app.player.state,
            "position": round(app.player.position, 1),
            "episode": app.player.episode.title if app.player.episode else None,
            "last_error": failures[-1] if failures else None,
            **counters,
        }
        print(json.dumps(line), flush=True)
        if time.monotonic() >= end:
            app.window.close()
            qt_app.quit()

    timers = []
    for interval_s, action in (
        (1.0, listen),
        (5.0, fidget),
        (refresh_every * 60, refresh),
        (10.0, report),
    ):
        timer = QTimer()
        timer.setInterval(int(interval_s * 1000))
        timer.timeout.connect(action)
        timer.start()
        timers.append(timer)
    QTimer.singleShot(3000, fill_queue)
    QTimer.singleShot(3000, report)
    qt_app.exec()
    for timer in timers:
        timer.stop()
    app.close()
    return 0


# -- the parent: start, sample, judge -------------------------------------------------------------


def _subscribe(data: Path, base_url: str) -> None:
    """The demo podcast (what is played: it has chapters), then the server's feeds."""
    from player.paths import DataPaths
    from player.services.sync import ensure_demo_library
    from player.storage import Store

    store = Store(DataPaths(data).ensure().database)
    try:
        ensure_demo_library(store)
    finally:
        store.close()
    subprocess.run(
        [sys.executable, "-m", "player", "--data-dir", str(data), "import-opml",
         base_url + "subscriptions.opml"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    with (
        tempfile.TemporaryDirectory() as tmp,
        feeds_server(args.server, args.feeds, args.items, 0, 0) as base_url,
    ):
        data = Path(tmp)
        _subscribe(data, base_url)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(data), base_url, str(args.minutes),
             str(args.refresh_every)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
        )  # fmt: skip
        return _watch(proc, args)


def _watch(proc: subprocess.Popen[str], args: argparse.Namespace) -> int:
    import selectors
    import threading

    errors: list[str] = []
    threading.Thread(target=lambda: errors.extend(proc.stderr or []), daemon=True).start()
    samples: list[dict[str, Any]] = []
    latest: dict[str, Any] = {}
    started = time.monotonic()
    next_sample = started + 20.0  # the first sample once the window is up and playing
    selector = selectors.DefaultSelector()
    assert proc.stdout is not None
    selector.register(proc.stdout, selectors.EVENT_READ)
    print(f"{'min':>5} {'RSS MB':>8} {'threads':>8} {'fds':>5} {'None refs':>10}  state")
    while proc.poll() is None:
        if selector.select(timeout=1.0):
            line = proc.stdout.readline()
            if line.startswith("{"):
                latest = json.loads(line)
        now = time.monotonic()
        if now >= next_sample and latest and proc.poll() is None:
            try:
                sample = {"min": (now - started) / 60, **_proc_counts(proc.pid), **latest}
            except (FileNotFoundError, ProcessLookupError):
                break
            samples.append(sample)
            print(
                f"{sample['min']:5.1f} {sample['rss_mb']:8.1f} {sample['threads']:8d} "
                f"{sample['fds']:5d} {sample['none_refs']:10d}  {sample['state']} "
                f"({sample['episodes']} episodes, {sample['refreshes']} refreshes)"
                + (
                    f" heap used/free/mmap {sample['heap_used_mb']}/{sample['heap_free_mb']}"
                    f"/{sample['heap_mmap_mb']} MB"
                    if "heap_used_mb" in sample
                    else ""
                ),
                flush=True,
            )
            next_sample += SAMPLE_EVERY_S
    for line in proc.stdout:
        if line.startswith("{"):
            latest = json.loads(line)
    proc.wait()
    return _verdict(proc.returncode, samples, latest, errors, args)


def _slope_per_hour(samples: list[dict[str, Any]], key: str) -> float:
    """MB per hour: the least-squares slope of ``key`` over the samples (minutes on x).

    Not end minus baseline: one sample can fall just before or after a refresh's allocations
    are handed back, and would move the figure by several MB on its own.
    """
    points = [(s["min"], s[key]) for s in samples if key in s]
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return 0.0
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope * 60


def _verdict(
    status: int,
    samples: list[dict[str, Any]],
    latest: dict[str, Any],
    errors: list[str],
    args: argparse.Namespace,
) -> int:
    ran = latest.get("t", 0.0) / 60
    alive = status == 0 and ran >= args.minutes - 0.5
    print()
    print(f"alive: {'yes' if alive else 'NO'} (exit status {status}, ran {ran:.1f} min)")
    if not alive:
        fatal = [line.rstrip() for line in errors if "Fatal" in line or "Error" in line]
        print("  " + "\n  ".join(fatal[-5:] or [line.rstrip() for line in errors[-5:]]))
    if len(samples) < 2:
        print("too few samples for growth figures")
        return 1
    base = next((s for s in samples if s["min"] >= args.warm_up), samples[0])
    last = samples[-1]
    after = [s for s in samples if s["min"] >= base["min"]]
    rss_rate = _slope_per_hour(after, "rss_mb")
    final = {**last, **latest}
    print(
        f"played {final['episodes']} episodes, {final['refreshes']} refreshes, "
        f"{final['resizes']} resizes, {final['scrolls']} scroll/select steps, "
        f"{final['playback_errors']} playback errors"
        + (f" (last: {final['last_error']})" if final["last_error"] else "")
    )
    print(f"baseline: minute {base['min']:.1f}; trend: least-squares slope over the samples since")
    first = samples[0]
    print(f"{'':16} {'start':>9} {'baseline':>9} {'end':>9} {'trend/h':>9}")
    for key, unit in (("rss_mb", "RSS MB"), ("anon_mb", "  anonymous MB"),
                      ("file_mb", "  file-backed MB"), ("threads", "threads"),
                      ("fds", "open fds"), ("none_refs", "None refs"),
                      ("heap_used_mb", "C heap used MB"),
                      ("heap_free_mb", "C heap free MB")):  # fmt: skip
        if key in last:
            trend = f"{_slope_per_hour(after, key):+9.1f}" if key.endswith("_mb") else ""
            print(f"{unit:16} {first[key]:9.0f} {base[key]:9.0f} {last[key]:9.0f} {trend}")
    verdicts = {
        f"RSS growth {rss_rate:+.1f} MB/h (target < {RSS_TARGET_MB_PER_HOUR:.0f})": rss_rate
        < RSS_TARGET_MB_PER_HOUR,
        f"threads {base['threads']} -> {last['threads']} (no growth)": last["threads"]
        <= base["threads"] + 2,
        f"fds {base['fds']} -> {last['fds']} (no growth)": last["fds"] <= base["fds"] + 2,
        f"None refs {base['none_refs']} -> {last['none_refs']} (never falls)": last["none_refs"]
        >= base["none_refs"] - 1000,
        f"playback errors: {final['playback_errors']}": final["playback_errors"] == 0,
    }
    for text, ok in verdicts.items():
        print(f"  {'ok    ' if ok else 'MISSED'} {text}")
    return 0 if alive and all(verdicts.values()) else 1


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        data, base_url, minutes, refresh_every = sys.argv[2:6]
        return child(Path(data), base_url, float(minutes), float(refresh_every))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--warm-up", type=float, default=5.0, help="minutes (the baseline)")
    parser.add_argument("--refresh-every", type=float, default=5.0, help="minutes")
    parser.add_argument("--feeds", type=int, default=30)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--server", type=Path, default=DEFAULT_SERVER)
    args = parser.parse_args()
    if not args.server.is_file():
        print(f"feeds server not found at {args.server} (use --server)", file=sys.stderr)
        return 2
    args.warm_up = min(args.warm_up, args.minutes / 3)
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
