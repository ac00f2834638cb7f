"""Live shows (``podcast:liveItem``): a stream to listen to, and "is live now" after a refresh.

A live item is not an episode of the library: it has no place to resume and is never
"played". To listen, it becomes a transient :class:`Episode` (id 0, never stored) that the
player plays in its LIVE mode (:meth:`PlaybackService.play_live`), which saves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from player.domain.models import Episode
from player.domain.podcasting20 import LiveEvent, LiveItem

LIVE_EPISODE_ID = 0
"""No stored episode has id 0 (SQLite's rowids start at 1), so nothing can mistake it."""


def live_episode(item: LiveItem, show_title: str = "") -> Episode:
    """The stream of a live item as an episode the player can open (never stored)."""
    return Episode(
        id=LIVE_EPISODE_ID,
        podcast_id=item.podcast_id,
        guid=item.guid,
        title=item.title or "Live show",
        description=item.description,
        link=item.link,
        enclosure_url=item.enclosure_url,
        enclosure_type=item.enclosure_type,
        image_url=item.image_url,
        podcast_title=show_title,
    )


def went_live(events: Sequence[LiveEvent]) -> list[LiveEvent]:
    """The status changes worth a notification: a show that is live now (one per live item)."""
    seen: set[int] = set()
    found: list[LiveEvent] = []
    for event in events:
        if event.new_status == "live" and event.live_item_id not in seen:
            seen.add(event.live_item_id)
            found.append(event)
    return found


def live_message(events: Sequence[LiveEvent]) -> tuple[str, str] | None:
    """Summary and body of "a subscribed show went live" (None when none did)."""
    live = went_live(events)
    if not live:
        return None
    if len(live) == 1:
        event = live[0]
        return f"{event.podcast_title or 'A podcast'} is live now", event.title
    names = sorted({e.podcast_title or "A podcast" for e in live}, key=str.casefold)
    return f"{len(live)} shows are live now", "\n".join(names[:5])
