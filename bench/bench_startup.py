"""Start-up benchmark: time to a window showing the library, against an empty PySide6 window.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python bench/bench_startup.py
    .venv/bin/python bench/bench_startup.py --library /work/benchlibs/40k --runs 3

Each run is a cold process (bytecode compiled first, as an installed app has it), spawned by
this script; "shown" is reported by the child on an inherited pipe (``PODCAST_PLAYER_READY_FD``)
as ``time.monotonic()``, the system-wide clock, so the figure is from spawn to that moment:

- baseline: ``python -c`` showing an empty ``QMainWindow`` (1280x800, a plain central widget),
  shown at the first paint of that widget (announced from the event loop's next turn, after the
  frame is complete), then it exits;
- ours: ``python -m player --data-dir COPY``, shown at the first paint of the episode table once
  the sidebar lists its entries and the first page of episodes has arrived
  (:mod:`player.qt.ready`); its resident size (``VmRSS``) is read then and ``--settle`` seconds
  later, then it gets SIGTERM (a clean quit).

Runs alternate (baseline, then each library) and the table shows medians with ratios to the
baseline of the same run. Libraries are copied to a temporary folder first (never modified);
``--library DIR`` (repeatable) names them, else ``/work/benchlibs/{40k,200k,1m}`` where their
stamp file says they are complete. Without ``DISPLAY`` it starts its own ``Xvfb``.

Targets (issue 21): ours <= 2x the baseline at 40,000 and 1,000,000 episodes; RSS <= 150 MiB at
200,000 episodes.
"""

from __future__ import annotations

import argparse
import compileall
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHLIBS = Path("/work/benchlibs")
DEFAULT_LIBRARIES = ("40k", "200k", "1m")
READY_FD_ENV = "PODCAST_PLAYER_READY_FD"  # player.qt.ready.READY_FD_ENV (no Qt import here)

BASELINE = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("baseline")
central = QWidget()
window.setCentralWidget(central)
window.resize(1280, 800)


def announce():
    line = f"ready {time.monotonic():.6f}\\n"
    os.write(int(os.environ["PODCAST_PLAYER_READY_FD"]), line.encode())
    app.quit()


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, announce)
        return False


first = FirstPaint()
central.installEventFilter(first)
window.show()
app.exec()
"""


@dataclass
class Sample:
    """One process: seconds from spawn to shown; RSS in MiB when shown and after settling."""

    seconds: float
    cpu: float | None = None
    """CPU seconds (user + system, all threads) the process had used when it was shown."""
    rss_shown: float | None = None
    rss_settled: float | None = None


@dataclass
class Series:
    """All runs of one subject."""

    name: str
    samples: list[Sample] = field(default_factory=list)

    def median(self, attribute: str) -> float | None:
        values = [getattr(s, attribute) for s in self.samples]
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None


def rss_mib(pid: int) -> float | None:
    """The process's resident set (``VmRSS``) in MiB, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a process so far (also of one exited, not yet reaped)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_env() -> dict[str, str]:
    """The environment of an installed app: bytecode used, a real display, our code first."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="xcb")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wait_ready(read_fd: int, proc: subprocess.Popen[bytes], timeout: float) -> float:
    """The child's ``ready <monotonic>`` line (its timestamp); raises if it never comes."""
    deadline = time.monotonic() + timeout
    buffer = b""
    while b"\n" not in buffer:
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            raise RuntimeError(f"no ready signal (exit status {proc.poll()})")
        readable, _, _ = select.select([read_fd], [], [], min(left, 0.5))
        if readable:
            chunk = os.read(read_fd, 256)
            if not chunk:
                raise RuntimeError(f"ready pipe closed (exit status {proc.wait()})")
            buffer += chunk
    line = buffer.split(b"\n", 1)[0].decode()
    word, value = line.split()
    if word != "ready":
        raise RuntimeError(f"unexpected line from the child: {line!r}")
    return float(value)


def run_once(command: list[str], *, stay: bool, settle: float, timeout: float, log: Path) -> Sample:
    """Spawn ``command``; time it to its ready line; for ``stay`` read RSS and stop it."""
    read_fd, write_fd = os.pipe()
    env = dict(child_env(), **{READY_FD_ENV: str(write_fd)})
    with log.open("ab") as errors:
        started = time.monotonic()
        proc = subprocess.Popen(
            command, env=env, cwd=ROOT, pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    os.close(write_fd)
    try:
        shown = wait_ready(read_fd, proc, timeout)
        sample = Sample(shown - started, cpu_seconds(proc.pid))
        if stay:
            time.sleep(0.2)  # the frame's own allocations are done; not yet deferred work
            sample.rss_shown = rss_mib(proc.pid)
            time.sleep(settle)
            sample.rss_settled = rss_mib(proc.pid)
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        return sample
    finally:
        os.close(read_fd)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@contextmanager
def display() -> Iterator[None]:
    """Use ``DISPLAY`` if set, else run a private Xvfb for the benchmark's duration."""
    if os.environ.get("DISPLAY"):
        yield
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise SystemExit("no DISPLAY and no Xvfb: run under xvfb-run or install xvfb")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_fd)
    try:
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read_fd, 16)
            if not chunk:
                raise SystemExit("Xvfb did not start")
            number += chunk
        os.environ["DISPLAY"] = ":" + number.decode().strip()
        yield
    finally:
        os.close(read_fd)
        os.environ.pop("DISPLAY", None)
        proc.terminate()
        proc.wait(timeout=10)


def is_stamp(name: str) -> bool:
    """The file ``bench/library_gen.py`` writes last (``library_gen.json``), or a ``*stamp*``."""
    return name == "library_gen.json" or "stamp" in name


def default_libraries() -> list[Path]:
    """The shared benchmark libraries whose build finished (a stamp file is there)."""
    found = []
    for name in DEFAULT_LIBRARIES:
        folder = BENCHLIBS / name
        if folder.is_dir() and any(is_stamp(p.name) for p in folder.iterdir()):
            found.append(folder)
    return found


def copy_library(source: Path, into: Path) -> Path:
    """A private copy of a library folder (the original is never opened by the window)."""
    target = into / source.name
    skip = shutil.ignore_patterns("*stamp*", "library_gen.json", "*.lock")
    shutil.copytree(source, target, ignore=skip)
    return target


def episode_count(data: Path) -> int | None:
    """How many episodes the library holds (for the table), read-only."""
    import sqlite3

    try:
        uri = f"file:{data / 'library.sqlite3'}?mode=ro"
        with sqlite3.connect(uri, uri=True) as db:
            return int(db.execute("SELECT count(*) FROM episodes").fetchone()[0])
    except sqlite3.Error:
        return None


def fmt(value: float | None, unit: str = "") -> str:
    """Seconds with two decimals, MiB with none; "-" for no value."""
    if value is None:
        return "-"
    return f"{value:.2f}{unit}" if unit == " s" else f"{value:.0f}{unit}"


def table(baseline: Series, ours: list[tuple[Series, int | None]]) -> str:
    """The Markdown table of medians, with each start-up's ratio to the baseline's."""
    base = baseline.median("seconds") or float("nan")
    base_cpu = baseline.median("cpu") or float("nan")
    lines = [
        "| window | episodes | shown (median) | ratio | CPU to shown | ratio "
        "| RSS shown | RSS settled |",
        "|---|---|---|---|---|---|---|---|",
        f"| empty PySide6 QMainWindow | - | {fmt(base, ' s')} | 1.00x "
        f"| {fmt(base_cpu, ' s')} | 1.00x | - | - |",
    ]
    for series, count in ours:
        seconds = series.median("seconds")
        ratio = "-" if seconds is None else f"{seconds / base:.2f}x"
        cpu = series.median("cpu")
        cpu_ratio = "-" if cpu is None else f"{cpu / base_cpu:.2f}x"
        episodes = "?" if count is None else f"{count:,}"
        rss_a, rss_b = series.median("rss_shown"), series.median("rss_settled")
        lines.append(
            f"| podcast-player ({series.name}) | {episodes} | {fmt(seconds, ' s')} | {ratio} "
            f"| {fmt(cpu, ' s')} | {cpu_ratio} | {fmt(rss_a, ' MiB')} | {fmt(rss_b, ' MiB')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, action="append", help="a data folder (repeat)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before the 2nd RSS")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    libraries = args.library or default_libraries()
    if not libraries:
        parser.error("no --library given and none complete under /work/benchlibs")
    compileall.compile_dir(str(ROOT / "player"), quiet=1)
    ours_command = [sys.executable, "-m", "player", "--data-dir"]
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp, display():
        tmpdir = Path(tmp)
        log = tmpdir / "stderr.log"
        copies = [copy_library(lib, tmpdir) for lib in libraries]
        counts = [episode_count(c) for c in copies]
        baseline = Series("baseline")
        ours = [Series(lib.name) for lib in libraries]
        base = [sys.executable, "-c", BASELINE]

        def ours_once(copy: Path, settle: float) -> Sample:
            command = [*ours_command, str(copy)]
            return run_once(command, stay=True, settle=settle, timeout=args.timeout, log=log)

        # A first, untimed start of each: SQLite's first open after a copy checkpoints the WAL.
        for copy in copies:
            ours_once(copy, 0)
        run_once(base, stay=False, settle=0, timeout=args.timeout, log=log)
        for run in range(args.runs):
            baseline.samples.append(
                run_once(base, stay=False, settle=0, timeout=args.timeout, log=log)
            )
            for series, copy in zip(ours, copies, strict=True):
                series.samples.append(ours_once(copy, args.settle))
            summary = ", ".join(
                f"{s.name} {s.samples[-1].seconds:.2f} s (cpu {fmt(s.samples[-1].cpu, ' s')})"
                for s in [baseline, *ours]
            )
            print(f"run {run + 1}/{args.runs}: {summary}", file=sys.stderr, flush=True)
        print(table(baseline, list(zip(ours, counts, strict=True))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
