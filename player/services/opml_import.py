"""Importing an OPML subscription list: which of its feeds are new, adding them, and the
first refresh of those, undone for the feeds a cancel never reached.

Apart from the sync service because the bookkeeping (skipped addresses, already subscribed,
failures named by their OPML titles, cancelled feeds removed again) is the import's own; the
service lends it the store and its refresh.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from player.feeds.errors import BadFeedAddressError
from player.feeds.opml import OpmlFeed
from player.services.refresh_summary import (
    ProgressCallback,
    RefreshStatus,
    SyncProgress,
    SyncSummary,
)
from player.services.subscribe import normalise_address
from player.storage import PodcastRepo, Store

Refresh = Callable[[list[int], ProgressCallback, threading.Event | None], SyncSummary]
"""``(podcast ids, progress, cancel) -> summary``: the service's refresh."""


@dataclass(slots=True)
class ImportResult:
    """An OPML import: what the file listed, what was added, and the first refresh."""

    found: int = 0
    added: int = 0
    already_subscribed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    summary: SyncSummary = field(default_factory=SyncSummary)
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(podcast title from the OPML, else its URL; the readable reason) per failed feed."""
    not_imported: int = 0
    """New feeds a cancel stopped before they were fetched (removed again)."""

    @property
    def imported(self) -> int:
        """New subscriptions that were fetched (their episodes are in the library)."""
        return self.summary.updated + self.summary.not_modified

    @property
    def cancelled(self) -> bool:
        """The listener stopped the import before every feed was fetched."""
        return self.not_imported > 0


def import_feeds(
    store: Store,
    refresh: Refresh,
    source: bytes,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    found: Callable[[int], None] | None = None,
) -> ImportResult:
    """Subscribe to every feed of an OPML document, then refresh the new ones (see
    :meth:`SyncService.import_opml <player.services.sync.SyncService.import_opml>`)."""
    from player.feeds.opml import read_opml

    feeds = read_opml(source)
    return add_feeds(store, refresh, feeds, progress, cancel, found)


def add_feeds(
    store: Store,
    refresh: Refresh,
    feeds: list[OpmlFeed],
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    found: Callable[[int], None] | None = None,
) -> ImportResult:
    """Subscribe to feeds given by URL (an OPML file's, or a sync server's list), then refresh
    the new ones; the bookkeeping of :func:`import_feeds`."""
    podcasts = PodcastRepo(store)
    result = ImportResult(found=len(feeds))
    wanted: list[OpmlFeed] = []
    for feed in feeds:
        try:
            wanted.append(
                OpmlFeed(normalise_address(feed.url), feed.title, feed.folder, feed.html_url)
            )
        except BadFeedAddressError as exc:
            result.skipped.append((feed.url, str(exc)))
    known = podcasts.find_by_urls(f.url for f in wanted)
    result.already_subscribed = sum(1 for f in wanted if f.url in known)
    fresh = list({f.url: f for f in wanted if f.url not in known}.values())
    if cancel is not None and cancel.is_set():  # stopped while the list was read
        result.not_imported = len(fresh)
        return result
    new_ids = []
    with store.write():
        for feed in fresh:
            new_ids.append(podcasts.add(feed.url, title=feed.title, folder=feed.folder))
    result.added = len(new_ids)
    if found is not None:
        found(len(new_ids))
    if not new_ids:
        return result
    names = {f.url: f.title or f.url for f in fresh}
    stopped: list[int] = []

    def track(report: SyncProgress) -> None:
        if report.status is RefreshStatus.CANCELLED:
            stopped.append(report.podcast_id)
        if progress is not None:
            progress(report)

    result.summary = refresh(new_ids, track, cancel)
    result.failures = [(names.get(url, url), error) for url, error in result.summary.errors]
    for podcast_id in stopped:
        podcasts.delete(podcast_id, record=False)  # stopped: no listener's decision
    result.not_imported = len(stopped)
    return result
