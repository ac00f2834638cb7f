"""Corpus feeds that use the Podcasting 2.0 namespace store its tags (issue 19).

Which feed carries which tag (counted in the files; a tag listed is checked as stored):
partytime__themnshow and feedsmith__rss-ns carry nearly all of them (updateFrequency, txt,
podroll, soundbite, episode display, chat at both levels); podcast-namespace__example the
spec's own; natube-test, animated-no-agenda and podverse-test-feed alternate enclosures;
natube-test, homegrown-hits, podverse-test-feed and themnshow live items; pc20rss, no-agenda
(HTML entities XML does not define) and launched persons and locked; SOM srcset images;
antennapod's testMultipleFundingTags three funding links. No corpus feed has
``txt purpose="ai-content"``: tests/core/feeds/data/podcasting20_more.xml does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from player.domain.podcasting20_json import decode_item
from player.feeds.jobs import ParseJob, run_job
from player.services.podcasting20 import Podcasting20Service
from player.storage import EpisodeRepo, PodcastRepo, Store
from player.storage.feed_writer import write_feed
from tests.conftest import corpus_dir

URL = "https://feeds.example.org/show/feed.xml"

CARRIES = {
    "partytime__themnshow.xml": {
        "show.guid", "show.persons", "show.funding", "show.podroll", "show.live_items",
        "show.chat", "show.update_frequency", "show.podping", "show.images",
        "show.locked", "ep.persons", "ep.season_name", "ep.episode_display", "ep.soundbites",
        "ep.alternate_enclosures", "ep.chat", "ep.social", "ep.images",
    },
    "feedsmith__rss-ns.xml": {
        "show.guid", "show.persons", "show.funding", "show.podroll", "show.live_items",
        "show.chat", "show.update_frequency", "show.podping", "show.images", "show.locked",
        "ep.persons", "ep.season_name", "ep.episode_display", "ep.soundbites",
        "ep.alternate_enclosures", "ep.chat", "ep.social", "ep.images",
    },
    "podcast-namespace__example.xml": {
        "show.funding", "show.podroll", "show.live_items", "show.chat", "show.podping",
        "show.images", "show.locked", "ep.persons", "ep.season_name", "ep.soundbites",
        "ep.alternate_enclosures", "ep.social", "ep.images",
    },
    "partytime__natube-test.xml": {
        "show.persons", "show.live_items", "ep.persons", "ep.alternate_enclosures", "ep.social",
    },
    "partytime__animated-no-agenda.xml": {"show.persons", "ep.alternate_enclosures"},
    "partytime__podverse-test-feed.xml": {
        "show.live_items", "show.images", "ep.alternate_enclosures", "ep.persons",
    },
    "partytime__homegrown-hits.xml": {
        "show.guid", "show.persons", "show.live_items", "show.images", "ep.persons",
    },
    "partytime__pc20rss.xml": {"show.guid", "show.funding", "show.locked", "ep.persons"},
    "partytime__no-agenda.xml": {"show.guid", "show.funding", "show.locked", "ep.persons"},
    "partytime__launched.xml": {"show.locked", "ep.persons"},
    "partytime__SOM.xml": {"show.guid", "show.funding", "show.images", "show.persons"},
    "antennapod__feed-rss-testMultipleFundingTags.xml": {"show.funding"},
}  # fmt: skip


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store(None)
    yield s
    s.close()


def _stored(store: Store, name: str) -> set[str]:
    body = (corpus_dir("feeds") / name).read_bytes()
    outcome = run_job(ParseJob(URL, body))
    pid = PodcastRepo(store).add(f"{URL}?{name}")
    write_feed(store, pid, outcome.doc, present=outcome.present, fingerprints=outcome.fingerprints)
    service = Podcasting20Service(store)
    show = service.podcast_page(pid).extras
    found = {f"show.{f}" for f in (
        "persons", "funding", "podroll", "live_items", "chat", "update_frequency", "podping",
        "images", "ai_content", "locked",
    ) if getattr(show, f) not in (None, (), "")}  # fmt: skip
    if outcome.doc.p20.guid and show.guid_declared:
        found.add("show.guid")
    for episode in EpisodeRepo(store).list():
        x = service.episode_details(episode.id).extras
        if x.persons and not x.persons_from_show:
            found.add("ep.persons")
        for f in ("season_name", "episode_display", "soundbites", "alternate_enclosures"):
            if getattr(x, f):
                found.add(f"ep.{f}")
        raw = decode_item(store.scalar("SELECT p20 FROM episodes WHERE id = ?", (episode.id,)))
        for f in ("chat", "social", "images"):
            if getattr(raw, f):
                found.add(f"ep.{f}")
    return found


@pytest.mark.parametrize("name", sorted(CARRIES))
def test_corpus_feeds_store_the_tags_they_carry(store: Store, name: str) -> None:
    assert CARRIES[name] <= _stored(store, name)


def test_themnshow_details(store: Store) -> None:
    """One real feed checked in detail: its schedule, its AI disclosure, its podroll."""
    _stored(store, "partytime__themnshow.xml")
    service = Podcasting20Service(store)
    (pid,) = [p.id for p, _h in PodcastRepo(store).for_refresh()]
    show = service.podcast_page(pid).extras
    assert show.update_frequency is not None
    assert show.podroll and all(r.feed_guid or r.feed_url for r in show.podroll)
    numbers = [e.episode_number for e in EpisodeRepo(store).list()]
    assert numbers and all(n is not None for n in numbers)


def test_reading_only_the_marked_items_finds_what_reading_everything_finds() -> None:
    """:func:`extract_items` (the refresh path) against :func:`extract` over every corpus
    feed the pre-scan accepts: the same channel, the same tags per item."""
    from player.feeds import podcasting20, prescan
    from player.feeds.parse import prepare

    compared = 0
    for path in sorted(corpus_dir("feeds").iterdir()):
        body = prepare(path.read_bytes())
        found = prescan.scan(body, URL)
        if found is None or not found.spans:
            continue
        whole = podcasting20.extract(body, URL)
        scanned = podcasting20.extract_items(body, found.spans, range(len(found.spans)), URL)
        if whole is None:
            assert scanned is None, path.name
            continue
        assert scanned is not None, path.name
        assert scanned.channel == whole.channel, path.name
        assert scanned.items == whole.items, path.name
        odd = range(1, len(found.spans), 2)
        some = podcasting20.extract_items(body, found.spans, odd, URL)
        assert some is not None and some.items == [whole.items[i] for i in odd], path.name
        compared += 1
    assert compared >= 10
