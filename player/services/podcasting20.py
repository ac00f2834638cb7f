"""Podcasting 2.0 for the window and the command line: the one entry point above storage.

The podcast page, the episode view, "Live now" and the live notification read through
:class:`Podcasting20Service`; the refresh scheduler asks :func:`automatic_refresh_due` whether
a show is worth fetching on an automatic round (a completed show rarely, a show with a
release rule soon after its expected release, everything else as before).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from player.domain.models import Episode, Podcast
from player.domain.podcasting20 import (
    EpisodeExtras,
    LiveEvent,
    LiveItem,
    PodcastExtras,
    UpdateFrequency,
)
from player.storage.db import Store
from player.storage.podcasting20 import Podcasting20Repo

COMPLETE_REFRESH_SECONDS = 7 * 24 * 3600.0
"""A show whose feed says it is complete is fetched at most once a week on automatic rounds."""


@dataclass(frozen=True, slots=True)
class PodcastPage:
    """A show and its namespace tags, together (what ``podcast --json`` prints)."""

    podcast: Podcast
    extras: PodcastExtras


@dataclass(frozen=True, slots=True)
class EpisodeDetails:
    """An episode and its resolved namespace tags (what ``episode --json`` prints)."""

    episode: Episode
    extras: EpisodeExtras


class Podcasting20Service:
    """Reads for the podcast page and the episode view; live-item notifications."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.repo = Podcasting20Repo(store)

    def podcast_page(self, podcast_id: int) -> PodcastPage:
        """The show with its persons, funding, podroll, live items, chat, comments, schedule,
        images and AI disclosure; :class:`~player.domain.errors.NotFoundError` when unknown."""
        from player.services.library import LibraryService

        podcast = LibraryService(self.store).podcast(podcast_id)
        return PodcastPage(podcast, self.repo.podcast_extras(podcast_id))

    def episode_details(self, episode_id: int) -> EpisodeDetails:
        """The episode with its persons (or the show's), soundbites, versions, season name,
        display number, chat and comments (the item's, else the show's)."""
        from player.services.library import LibraryService

        episode = LibraryService(self.store).episode(episode_id)
        return EpisodeDetails(episode, self.repo.episode_extras(episode_id))

    def episodes_with_person(self, name: str, href: str = "") -> list[Episode]:
        """ "Episodes with this person" across the library, newest first."""
        return self.repo.episodes_with_person(name, href)

    def live_items(self, podcast_id: int | None = None) -> list[LiveItem]:
        """ "Live now" then "Upcoming" (one show, or the whole library)."""
        return self.repo.live_items(podcast_id)

    def live_item(self, live_item_id: int) -> LiveItem:
        """One live item, to play its stream (never saved as a position or "played")."""
        return self.repo.live_item(live_item_id)

    def find_by_guid(self, podcast_guid: str) -> int | None:
        """The subscription with this podcast GUID (a podroll entry already subscribed, a
        moved feed); None when there is none."""
        return self.repo.find_by_podcast_guid(podcast_guid)

    def take_live_notifications(self) -> list[LiveEvent]:
        """Live items that went live since the last call (marks every pending status change
        handled, and returns those worth a notification: new status ``live``)."""
        events = self.repo.unhandled_live_events()
        if events:
            self.repo.mark_live_events_handled(e.id for e in events)
        return [e for e in events if e.new_status == "live"]


# -- the refresh scheduler's hook ---------------------------------------------------------


def automatic_refresh_due(
    last_checked: float | None, frequency: UpdateFrequency | None, now: float | None = None
) -> bool:
    """Whether an automatic refresh round should fetch this show (a manual one always does).

    A completed show (``updateFrequency complete="true"``) is fetched once per
    :data:`COMPLETE_REFRESH_SECONDS`. Everything else is due as before: the rule only ever
    adds certainty, never delays a show (:func:`expected_release` tells the scheduler when
    to look soon after a release instead of waiting for its next round).
    """
    now = time.time() if now is None else now
    if last_checked is None or frequency is None:
        return True
    if frequency.complete:
        return now - last_checked >= COMPLETE_REFRESH_SECONDS
    return True


def due_podcasts(store: Store, podcasts: list[tuple[Podcast, str]], now: float | None = None
                 ) -> list[tuple[Podcast, str]]:  # fmt: skip
    """The refresh targets an automatic round keeps (see :func:`automatic_refresh_due`)."""
    repo = Podcasting20Repo(store)
    complete = repo.completed_podcasts()
    return [
        (p, h)
        for p, h in podcasts
        if p.id not in complete
        or automatic_refresh_due(p.last_checked, UpdateFrequency(complete=True), now)
    ]


_RULE_PART = re.compile(r"([A-Z]+)=([^;]*)")
_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_STEP = {"DAILY": timedelta(days=1), "WEEKLY": timedelta(weeks=1)}


def expected_release(frequency: UpdateFrequency, after: float) -> float | None:
    """The next release the rule announces after ``after`` (epoch seconds), or None.

    A deliberately small reading of RFC 5545: FREQ DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL,
    BYDAY (weekdays, without ordinals), from ``dtstart`` (its time of day; midnight UTC when
    absent). Anything else (BYSETPOS, COUNT...) answers None: the scheduler then simply keeps
    its own interval.
    """
    if frequency.complete or not frequency.rrule:
        return None
    parts = dict(_RULE_PART.findall(frequency.rrule.upper()))
    unknown = set(parts) - {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "WKST"}
    freq = parts.get("FREQ", "")
    if unknown or freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        return None
    try:
        interval = max(1, int(parts.get("INTERVAL", "1")))
    except ValueError:
        return None
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    if any(d not in _DAYS for d in days):
        return None
    start = datetime.fromtimestamp(frequency.dtstart or 0, UTC)
    moment = datetime.fromtimestamp(after, UTC)
    candidate = start
    if freq in _STEP:
        step = _STEP[freq] * interval
        if candidate <= moment:
            candidate += step * ((moment - candidate) // step)
        wanted = {_DAYS[d] for d in days} if days else None
        for _ in range(8 * interval + 8):
            if candidate > moment and (wanted is None or candidate.weekday() in wanted):
                return candidate.timestamp()
            candidate += timedelta(days=1) if wanted else step
        return None
    months = interval * (12 if freq == "YEARLY" else 1)
    for _ in range(1200):
        if candidate > moment:
            return candidate.timestamp()
        total = candidate.month - 1 + months
        try:
            candidate = candidate.replace(year=candidate.year + total // 12, month=total % 12 + 1)
        except ValueError:
            return None  # the 31st of a short month: leave it to the scheduler
    return None


__all__ = [
    "COMPLETE_REFRESH_SECONDS",
    "EpisodeDetails",
    "PodcastPage",
    "Podcasting20Service",
    "automatic_refresh_due",
    "due_podcasts",
    "expected_release",
]
