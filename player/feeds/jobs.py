"""One unit of parsing work: bytes in, a :class:`ParseOutcome` out. Runs in worker processes.

Everything here is picklable and free of I/O, so it runs the same inline (tests, a single
local file) and in the worker pool (refreshes). The full-parse and partial-parse paths end in
the same mapping code; the partial one is only taken when :mod:`player.feeds.prescan` says the
cut is safe and feedparser's answer confirms it. On both paths, plain RSS 2.0 items are read by
:mod:`player.feeds.fastitems` (feedparser parses the channel) when it can read every one of
them exactly as feedparser would; otherwise feedparser reads the items too.

feedparser and the readers are imported on the first :func:`run_job`, not with this module:
the process that only submits jobs (and a refresh where every feed answers 304) never pays
their import time.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from player.feeds.errors import NotAFeedError
from player.i18n import _

if TYPE_CHECKING:
    from player.domain.feed import FeedDocument
    from player.feeds import podcasting20, prescan


@dataclass(frozen=True, slots=True)
class ParseJob:
    """A body to parse. ``known`` maps item fingerprints to guids from the last parse."""

    url: str
    body: bytes
    known: dict[str, str] | None = None


PICKLE_CHUNK_ITEMS = 250
"""Items per pickled chunk when an outcome travels back from a worker (see ``__getstate__``)."""


@dataclass(slots=True)
class ParseOutcome:
    """What the writer needs.

    ``doc.items`` holds every item (``partial`` False) or only new and changed ones; in both
    cases ``present`` lists the guid of every item now in the feed. ``fingerprints`` is the
    state to keep for the next refresh (None: the feed could not be pre-scanned, forget it).
    """

    doc: FeedDocument
    present: list[str]
    partial: bool = False
    fingerprints: dict[str, str] | None = None
    parsed_items: int = 0
    skipped_items: int = field(default=0)

    def __getstate__(self) -> dict[str, Any]:
        """Many items travel as separately pickled chunks of :data:`PICKLE_CHUNK_ITEMS`.

        The pool's result thread in the window's process unpickles each outcome in one
        ``pickle.loads``, a C call that holds the GIL throughout: for a 10,000-item feed that
        was 40-60 ms in which the GUI thread could not run (``bench/bench_gui.py --only
        play+import``). Unpickling the chunks from :meth:`__setstate__`, a Python loop, lets
        the interpreter hand the GIL to the GUI thread between any two chunks.
        """
        state = {name: getattr(self, name) for name in self.__slots__}
        items = self.doc.items
        if len(items) > PICKLE_CHUNK_ITEMS:
            state["doc"] = replace(self.doc, items=[])
            state["item_chunks"] = [
                pickle.dumps(items[start : start + PICKLE_CHUNK_ITEMS], pickle.HIGHEST_PROTOCOL)
                for start in range(0, len(items), PICKLE_CHUNK_ITEMS)
            ]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        chunks = state.pop("item_chunks", None)
        for name, value in state.items():
            setattr(self, name, value)
        if chunks:
            items: list[Any] = []
            for chunk in chunks:
                items.extend(pickle.loads(chunk))
            self.doc.items = items


def body_digest(body: bytes) -> str:
    """The hash stored in ``podcasts.body_hash`` (servers that ignore ETags send equal bodies)."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def run_job(job: ParseJob) -> ParseOutcome:
    """Parse ``job.body``: only new and changed items when that is safe, else all of them.

    Raises :class:`~player.feeds.errors.NotAFeedError` for bytes that are not a feed.
    """
    from player.feeds import prescan
    from player.feeds.parse import prepare  # deliberately lazy: see the module docstring

    if not job.body.strip():
        raise NotAFeedError(_("The server sent an empty document instead of a feed."))
    body = prepare(job.body)
    found = prescan.scan(body, job.url)
    if found is not None and job.known:
        outcome = _partial(job, body, found)
        if outcome is not None:
            return outcome
    return _full(job, body, found)


def _full(job: ParseJob, body: bytes, found: prescan.Scan | None) -> ParseOutcome:
    from player.feeds import podcasting20
    from player.feeds.parse import map_result, run_feedparser

    doc = None
    clean = True
    if found is not None and found.spans:
        extras = podcasting20.extract_items(body, found.spans, range(len(found.spans)), job.url)
    else:
        extras = podcasting20.extract(body, job.url)
    if found is not None and found.spans:
        doc = _fast_doc(job, body, found, range(len(found.spans)), extras)
    if doc is None:
        result = run_feedparser(body, job.url)
        doc = map_result(result, job.url, extras=extras)
        clean = _clean(result)
    fingerprints = None
    if found is not None and clean and len(found.fingerprints) == len(doc.items):
        fingerprints = {
            fp: item.guid for fp, item in zip(found.fingerprints, doc.items, strict=True)
        }
        if len(fingerprints) != len(found.fingerprints):
            fingerprints = None  # two byte-identical items: keep it simple, always parse fully
    return ParseOutcome(
        doc=doc,
        present=[item.guid for item in doc.items],
        fingerprints=fingerprints,
        parsed_items=len(doc.items),
    )


def _partial(job: ParseJob, body: bytes, found: prescan.Scan) -> ParseOutcome | None:
    """Parse the channel plus unseen items; None when the result cannot be trusted."""
    from player.feeds import podcasting20, prescan
    from player.feeds.parse import map_result, run_feedparser

    known = job.known or {}
    if len(set(known.values())) != len(known):
        return None  # duplicate guids merge across items: only a full parse merges them right
    if len(set(found.fingerprints)) != len(found.fingerprints):
        return None
    skip = {i for i, fp in enumerate(found.fingerprints) if fp in known}
    fresh = [i for i in range(len(found.spans)) if i not in skip]
    remaining = prescan.without_items(body, found.spans, skip)
    extras = podcasting20.extract_items(body, found.spans, fresh, job.url)
    doc = _fast_doc(job, body, found, fresh, extras)
    if doc is None:
        result = run_feedparser(remaining, job.url)
        if not _clean(result):
            return None
        doc = map_result(result, job.url, extras=extras)
    if len(doc.items) != len(fresh):
        return None  # feedparser and the pre-scan disagree on what an item is
    skipped_guids = {known[found.fingerprints[i]] for i in skip}
    if any(item.guid in skipped_guids for item in doc.items):
        return None  # a changed copy of a known guid: merging needs every copy
    fresh_guids = iter(item.guid for item in doc.items)
    present = [
        known[fp] if i in skip else next(fresh_guids) for i, fp in enumerate(found.fingerprints)
    ]
    return ParseOutcome(
        doc=doc,
        present=present,
        partial=True,
        fingerprints=dict(zip(found.fingerprints, present, strict=True)),
        parsed_items=len(doc.items),
        skipped_items=len(skip),
    )


def _fast_doc(
    job: ParseJob,
    body: bytes,
    found: prescan.Scan,
    indexes: Iterable[int],
    extras: podcasting20.Extras | None = None,
) -> FeedDocument | None:
    """feedparser on the channel alone, the items at ``indexes`` read by ``fastitems``.

    None when any of those items (or the channel's context) needs feedparser after all.
    ``extras`` is the Podcasting 2.0 pass over the channel and those same items.
    """
    from player.feeds import fastitems, prescan
    from player.feeds.parse import map_result, run_feedparser

    frame = prescan.without_items(body, found.spans, set(range(len(found.spans))))
    result = run_feedparser(frame, job.url)
    if not _clean(result):
        return None
    context = fastitems.context_for(frame, result, job.url)
    if context is None:
        return None
    entries = []
    for index in indexes:
        start, end = found.spans[index]
        entry = fastitems.read_item(body[start:end], context)
        if entry is None:
            return None
        entries.append(entry)
    return map_result(result, job.url, entries, extras)


def _clean(result: Any) -> bool:
    """feedparser read the document strictly, in the encoding it declares.

    We never pass a Content-Type (the HTTP charset is wrong more often than the XML
    declaration), so "no Content-type specified" is the one complaint that is no problem.
    """
    from feedparser.exceptions import NonXMLContentType

    problem = result.get("bozo_exception")
    return problem is None or isinstance(problem, NonXMLContentType)
