"""A big parse outcome comes back from a worker without holding the GIL for its whole unpickle."""

from __future__ import annotations

import gc
import pickle
import sys
import threading
import time

from player.domain.feed import FeedDocument, FeedItem
from player.feeds.jobs import PICKLE_CHUNK_ITEMS, ParseOutcome
from player.qt.runtime import SWITCH_INTERVAL  # no Qt: the interpreter policy only


def _outcome(count: int) -> ParseOutcome:
    items = [
        FeedItem(
            guid=f"guid-{i}",
            title=f"Episode {i} " + "words " * 20,
            description="<p>" + "show notes " * 60 + "</p>",
            enclosure_url=f"https://example.org/{i}.mp3",
            published=1_700_000_000.0 + i,
            content_hash=f"{i:032x}",
        )
        for i in range(count)
    ]
    doc = FeedDocument(title="Big", items=items)
    return ParseOutcome(doc=doc, present=[i.guid for i in items], parsed_items=count)


def test_outcomes_round_trip_whole_small_or_big() -> None:
    for count in (0, 3, PICKLE_CHUNK_ITEMS, PICKLE_CHUNK_ITEMS + 1, 2_345):
        outcome = _outcome(count)
        back = pickle.loads(pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL))
        assert back.doc == outcome.doc
        assert back.doc.items == outcome.doc.items
        assert back.present == outcome.present
        assert back.parsed_items == count
    assert outcome.doc.items, "pickling must not empty the sender's own document"


def _ticks_while(load: bytes) -> int:
    """How often a sleeping ticker thread got to run while the main thread unpickled ``load``.

    A count, not a time: a single C-level ``pickle.loads`` never hands the GIL over, however
    long it takes on this machine, so a ticker cannot run inside it at all.
    """
    ticks: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            time.sleep(0.0002)
            ticks.append(time.perf_counter())

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.01)
    began = time.perf_counter()
    pickle.loads(load)
    ended = time.perf_counter()
    stop.set()
    ticker.join()
    return sum(began < t < ended for t in ticks)


def test_other_threads_run_while_a_big_outcome_is_unpickled() -> None:
    """The same items pickled as one list are the baseline, in the same run."""
    outcome = _outcome(24_000)
    chunked = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
    whole = pickle.dumps(outcome.doc.items, pickle.HIGHEST_PROTOCOL)
    previous = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)  # the window's policy
    # Python gc callbacks (hypothesis installs one) run bytecode inside any loads: none here.
    callbacks, gc.callbacks[:] = list(gc.callbacks), []
    try:
        counts = [(_ticks_while(whole), _ticks_while(chunked)) for _ in range(3)]
    finally:
        sys.setswitchinterval(previous)
        gc.callbacks[:] = callbacks
    # One tick may slip in between taking the start time and calling loads.
    assert max(whole for whole, _ in counts) <= 1, counts
    assert min(chunked for _, chunked in counts) >= 5, counts
