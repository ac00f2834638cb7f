"""Where the GUI thread was when the event loop stalled: a diagnostic for the GUI benchmarks.

The :class:`~player.qt.probe.EventLoopProbe` says *how long* the window could not react; this
says *why*. A watchdog thread polls the probe's last tick every millisecond; once the GUI
thread has not ticked for ``threshold`` seconds it takes the GUI thread's Python stack (and the
innermost frame of every other thread, to see who held the GIL), then keeps sampling the same
stall every few milliseconds. At the end, stalls are grouped by the GUI thread's innermost
frames of our own code, longest first::

    .venv/bin/python bench/bench_gui.py --only play+import --stalls

A stall whose stack is deep inside Python code of ours is work to move off the GUI thread; one
whose stack sits on a cheap line while another thread is busy in Python is GIL contention.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Stall:
    """One stall: when it began, how long it lasted, the stacks sampled during it."""

    began: float
    length: float = 0.0
    gui: Counter[str] = field(default_factory=Counter)
    others: Counter[str] = field(default_factory=Counter)
    kernel: Counter[str] = field(default_factory=Counter)
    cpu_first: dict[int, tuple[str, int]] = field(default_factory=dict)
    cpu_last: dict[int, tuple[str, int]] = field(default_factory=dict)
    sched_first: tuple[int, int] = (0, 0)
    sched_last: tuple[int, int] = (0, 0)

    def cpu(self) -> list[tuple[str, float]]:
        """Seconds of CPU each thread used during the stall, busiest first (10 ms ticks).

        The deciding figure: a GUI thread that used the stall's length was busy itself (in Qt
        or in Python); one that used nothing was waiting (for the GIL, a lock or the disk),
        and whoever used the CPU meanwhile is who it waited for."""
        used = []
        for tid, (name, ticks) in self.cpu_last.items():
            before = self.cpu_first.get(tid, (name, ticks))[1]
            if ticks > before:
                used.append((name, (ticks - before) / _TICKS))
        return sorted(used, key=lambda u: u[1], reverse=True)


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _thread_cpu() -> dict[int, tuple[str, int]]:
    """Every native thread of this process: its name and user+system CPU ticks (Linux)."""
    out: dict[int, tuple[str, int]] = {}
    with contextlib.suppress(OSError):
        for tid in os.listdir("/proc/self/task"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                with open(f"/proc/self/task/{tid}/stat") as f:
                    stat = f.read()
                name = stat[stat.index("(") + 1 : stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2 :].split()
                label = "GUI" if int(tid) == os.getpid() else name  # main thread: the pid
                out[int(tid)] = (label, int(fields[11]) + int(fields[12]))
    return out


_SYSCALLS = {
    0: "read",
    1: "write",
    7: "poll",
    202: "futex",
    232: "epoll_wait",
    271: "ppoll",
    74: "fsync",
    75: "fdatasync",
    17: "pread64",
    18: "pwrite64",
    35: "nanosleep",
    230: "clock_nanosleep",
    281: "epoll_pwait",
    9: "mmap",
    11: "munmap",
}


def _gui_kernel_wait() -> str:
    """Where the GUI thread is in the kernel: its system call (x86-64 numbers) and wait channel.

    ``running`` means on a CPU (Python or Qt at work); ``futex`` a lock, a condition or the
    GIL; ``poll`` the event loop idle; ``read``/``fsync`` the disk."""
    task = f"/proc/self/task/{os.getpid()}"
    try:
        with open(f"{task}/syscall") as f:
            call = f.read().split()[0]
        with open(f"{task}/wchan") as f:
            chan = f.read().strip() or "-"
    except OSError:
        return "?"
    if call == "running":
        return "running"
    return f"{_SYSCALLS.get(int(call), call) if call.isdigit() else call}/{chan}"


def _gui_sched() -> tuple[int, int]:
    """The GUI thread's nanoseconds on a CPU and waiting for one (runnable, not run): Linux."""
    try:
        with open(f"/proc/self/task/{os.getpid()}/schedstat") as f:
            ran, waited, _slices = f.read().split()
        return int(ran), int(waited)
    except (OSError, ValueError):
        return 0, 0


def _own_frames(frame: Any, depth: int = 6) -> str:
    """The innermost ``depth`` frames of the project's code (where the time is ours to save)."""
    lines = []
    for summary in reversed(traceback.extract_stack(frame)):
        if "/player/" in summary.filename or "/bench/" in summary.filename:
            short = summary.filename.split("/player/")[-1].split("/bench/")[-1]
            lines.append(f"{short}:{summary.lineno} {summary.name}")
            if len(lines) >= depth:
                break
    if not lines:  # only library code: name the innermost frame
        summary = traceback.extract_stack(frame)[-1]
        lines.append(f"{summary.filename.rsplit('/', 2)[-1]}:{summary.lineno} {summary.name}")
    return " <- ".join(lines)


class StallSampler:
    """Samples the GUI thread's stack whenever ``probe`` has not ticked for ``threshold`` s."""

    def __init__(self, probe: Any, threshold: float = 0.03, every: float = 0.004) -> None:
        self.probe = probe
        self.threshold = threshold
        self.every = every
        self.gui_id = threading.main_thread().ident
        self.stalls: list[Stall] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-sampler", daemon=True)
        self.collections: list[tuple[float, int, str]] = []
        """Cyclic garbage collections: (seconds, generation, thread), all of them."""
        self._gc_started: dict[int, float] = {}

    def start(self) -> None:
        gc.callbacks.append(self._gc)
        self._thread.start()

    def stop(self) -> None:
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._gc)
        self._stop.set()
        self._thread.join(timeout=2)

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        """A collection holds the GIL throughout: whichever thread triggers it stops them all."""
        ident = threading.get_ident()
        if phase == "start":
            self._gc_started[ident] = time.perf_counter()
        elif ident in self._gc_started:
            took = time.perf_counter() - self._gc_started.pop(ident)
            self.collections.append((took, info["generation"], threading.current_thread().name))

    def _watch(self) -> None:
        current: Stall | None = None
        while not self._stop.wait(0.001):
            last = self.probe._last
            silent = time.perf_counter() - last
            if not self.probe.running or silent < self.threshold:
                current = None
                continue
            if current is None or current.began != last:
                current = Stall(began=last)
                current.cpu_first = _thread_cpu()
                current.sched_first = _gui_sched()
                self.stalls.append(current)
            current.length = silent
            current.cpu_last = _thread_cpu()
            current.sched_last = _gui_sched()
            current.kernel[_gui_kernel_wait()] += 1
            frames = sys._current_frames()
            for ident, frame in frames.items():
                if ident == self.gui_id:
                    current.gui[_own_frames(frame)] += 1
                elif ident != threading.get_ident():
                    name = next(
                        (t.name for t in threading.enumerate() if t.ident == ident), str(ident)
                    )
                    current.others[f"{name}: {_own_frames(frame, 2)}"] += 1
            time.sleep(self.every)

    def report(self, top: int = 8) -> str:
        """The longest stalls, each with its most sampled GUI stack and busiest other threads."""
        longest = sorted(self.stalls, key=lambda s: s.length, reverse=True)[:top]
        out = [f"{len(self.stalls)} stalls over {self.threshold * 1000:.0f} ms"]
        for generation in (0, 1, 2):
            passes = [c for c in self.collections if c[1] == generation]
            if passes:
                worst = max(passes)
                out.append(
                    f"gc generation {generation}: {len(passes)} passes, "
                    f"{sum(c[0] for c in passes) * 1000:.0f} ms in all, "
                    f"longest {worst[0] * 1000:.1f} ms (on {worst[2]})"
                )
        for stall in longest:
            out.append(f"- {stall.length * 1000:.0f} ms")
            busy = ", ".join(
                f"{tid_name} {secs * 1000:.0f} ms" for tid_name, secs in stall.cpu()[:4]
            )
            out.append(f"    CPU during it: {busy or 'none (every thread waited)'}")
            ran = (stall.sched_last[0] - stall.sched_first[0]) / 1e6
            queued = (stall.sched_last[1] - stall.sched_first[1]) / 1e6
            kernel = ", ".join(f"{k} x{n}" for k, n in stall.kernel.most_common(4))
            out.append(f"    GUI thread in the kernel: {kernel}")
            out.append(
                f"    GUI thread: {ran:.0f} ms on a CPU, {queued:.0f} ms runnable but not run "
                "(the machine busy), the rest asleep (waiting for the GIL, a lock or I/O)"
            )
            for stack, count in stall.gui.most_common(2):
                out.append(f"    GUI x{count}: {stack}")
            for stack, count in stall.others.most_common(3):
                out.append(f"    other x{count}: {stack}")
        return "\n".join(out)
