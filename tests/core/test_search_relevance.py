"""Best match first with several words: an episode with more of the words in its title comes
before one with fewer, whatever their dates; then more words in the show's name; then newest.

Checked against the order computed in Python from the same episodes, on a library where the
tiers and the dates disagree (so a wrong tier cannot pass by the dates' luck)."""

from __future__ import annotations

import random

from player.domain.feed import FeedDocument, FeedItem
from player.domain.queries import EpisodeQuery, EpisodeSort
from player.storage import EpisodeRepo, PodcastRepo, Store
from player.storage.feed_writer import write_feed

WORDS = ("gardens", "rivers", "oceans", "music", "history")


def _library(store: Store) -> dict[int, tuple[str, str, float]]:
    """Episodes with random titles over a few words; id -> (title, show title, published)."""
    rng = random.Random(7)
    shows = {"Gardens Radio": [], "Rivers and Gardens": [], "Plain Show": []}
    known: dict[int, tuple[str, str, float]] = {}
    for show in shows:
        pid = PodcastRepo(store).add(f"https://x/{show.replace(' ', '')}", show)
        items = []
        for i in range(60):
            title = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
            items.append(
                FeedItem(
                    guid=f"{show}-{i}",
                    title=title,
                    description_text="notes about gardens and rivers",  # every one matches
                    published=1_700_000_000 + rng.randint(0, 10**6),
                    enclosure_url=f"https://x/{pid}/{i}.mp3",
                )
            )
        write_feed(store, pid, FeedDocument(title=show, items=items))
    for e in EpisodeRepo(store).list(EpisodeQuery()):
        known[e.id] = (e.title, e.podcast_title, e.published or 0.0)
    return known


def _expected(known: dict[int, tuple[str, str, float]], words: list[str]) -> list[int]:
    def key(eid: int) -> tuple[int, int, float, int]:
        title, show, published = known[eid]
        in_title = sum(w in title.lower().split() for w in words)
        in_show = sum(w in show.lower().split() for w in words)
        return (-in_title, -in_show, -published, -eid)

    return sorted(known, key=key)


def test_more_words_in_the_title_rank_first_then_in_the_show_then_newest(
    memory_store: Store,
) -> None:
    known = _library(memory_store)
    repo = EpisodeRepo(memory_store)
    for text in ("gardens rivers", "rivers gardens", "gardens", "gardens rivers notes"):
        query = EpisodeQuery(text=text, sort=EpisodeSort.RELEVANCE)
        found = [e.id for e in repo.list(query)]
        assert found == _expected(known, text.split()), text
        assert [e.id for e in repo.list(query, limit=25)] == found[:25]
        assert [e.id for e in repo.search(text, limit=10)] == found[:10]
