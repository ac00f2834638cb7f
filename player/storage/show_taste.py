"""The reads "new shows you would like" makes of the library: what the listener finishes.

Three bounded queries, each over an index: the subscriptions (with their podroll and
language), one row per listened episode (its furthest position, its duration, when it was
last heard) and the publication dates of each show's newest episodes (its release rhythm).
Nothing here decides anything: :mod:`player.recommend.shows` turns the rows into a taste.
"""

from __future__ import annotations

from dataclasses import dataclass

from player.domain.podcasting20 import RemoteItem
from player.domain.podcasting20_json import decode_channel
from player.storage.db import Store

RHYTHM_EPISODES = 12
"""Publication dates read per show to tell weekly from daily from monthly."""


@dataclass(frozen=True, slots=True)
class SubscribedShow:
    """A subscription as the show suggestions read it."""

    id: int
    url: str
    title: str
    language: str
    guid: str
    image_url: str
    podroll: tuple[RemoteItem, ...]


@dataclass(frozen=True, slots=True)
class ListenedEpisode:
    """One episode the listener played: how far, how long it is, when last heard."""

    podcast_id: int
    duration: float | None
    furthest: float
    last_heard: float
    played: bool
    """Its state is "played" (the player marks an episode played at its end)."""


class ShowTasteRepo:
    """Reads for the show suggestions (the library and history never leave this module
    except as these records, and the records never leave the machine)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def subscriptions(self) -> list[SubscribedShow]:
        """Every subscription with its podroll (decoded from the stored channel tags)."""
        rows = self.store.query(
            "SELECT id, url, title, language, podcast_guid, image_url, p20 FROM podcasts "
            "ORDER BY id"
        )
        return [
            SubscribedShow(
                int(r[0]),
                str(r[1]),
                str(r[2] or ""),
                str(r[3] or ""),
                str(r[4] or ""),
                str(r[5] or ""),
                decode_channel(str(r[6] or "")).podroll,
            )
            for r in rows
        ]

    def listened(self) -> list[ListenedEpisode]:
        """One record per episode with play events (furthest position reached, last start)."""
        rows = self.store.query(
            "SELECT e.podcast_id, e.duration, MAX(pe.to_pos), MAX(pe.started_at), "
            "e.state = 'played' FROM play_events pe JOIN episodes e ON e.id = pe.episode_id "
            "GROUP BY pe.episode_id"
        )
        return [
            ListenedEpisode(
                int(r[0]),
                None if r[1] is None else float(r[1]),
                float(r[2] or 0.0),
                float(r[3] or 0.0),
                bool(r[4]),
            )
            for r in rows
        ]

    def release_dates(self, podcast_ids: list[int]) -> dict[int, list[float]]:
        """Per show, the publication dates of its newest :data:`RHYTHM_EPISODES`, newest first."""
        found: dict[int, list[float]] = {}
        for podcast_id in podcast_ids:
            rows = self.store.query(
                "SELECT published FROM episodes WHERE podcast_id = ? AND published IS NOT NULL "
                "ORDER BY published DESC LIMIT ?",
                (podcast_id, RHYTHM_EPISODES),
            )
            found[podcast_id] = [float(r[0]) for r in rows]
        return found
