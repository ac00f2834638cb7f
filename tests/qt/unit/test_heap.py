"""The heap trimmer: free C-heap pages really go back to the system, debounced, off the GUI."""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

import pytest

from player.qt.heap import HeapTrimmer, release_free_heap


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_release_gives_freed_fragmented_heap_back() -> None:
    """80 MB of 4 KB C blocks, all but every 64th freed: the survivors pin the heap's top, so
    only a trim inside the heap (what glibc's malloc_trim does) can shrink the resident size."""
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(4096) for _ in range(20_000)]
    for block in blocks:
        ctypes.memset(block, 1, 4096)  # touched: resident
    keep = blocks[::64]
    for index, block in enumerate(blocks):
        if index % 64:
            libc.free(block)
    before = _rss_mb()
    assert release_free_heap()
    after = _rss_mb()
    for block in keep:
        libc.free(block)
    assert before - after > 40, (before, after)


def test_trims_are_debounced_and_run_on_the_given_worker(qtbot) -> None:
    ran_on: list[threading.Thread] = []

    def in_background(fn) -> None:  # type: ignore[no-untyped-def]
        def work() -> None:
            ran_on.append(threading.current_thread())
            fn()

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()

    trimmer = HeapTrimmer(in_background, delay_ms=50)
    for _ in range(5):  # a burst of big jobs ending: one trim after the last
        trimmer.soon()
    qtbot.waitUntil(lambda: trimmer.trims == 1, timeout=2000)
    qtbot.wait(150)
    assert trimmer.trims == 1
    assert ran_on and ran_on[0] is not threading.main_thread()
    trimmer.soon()
    trimmer.stop()
    qtbot.wait(150)
    assert trimmer.trims == 1, "stopped: no trim after close"
