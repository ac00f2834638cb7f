"""Podcasting 2.0 tags in a real SQLite store: written with the feed, read by the service."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from player.domain.errors import NotFoundError
from player.domain.podcasting20 import Person, UpdateFrequency, podcast_guid_for
from player.domain.queries import EpisodeQuery, EpisodeSort
from player.feeds.jobs import ParseJob, run_job
from player.services.podcasting20 import (
    COMPLETE_REFRESH_SECONDS,
    Podcasting20Service,
    automatic_refresh_due,
    due_podcasts,
    expected_release,
)
from player.storage import EpisodeRepo, PodcastRepo, Store
from player.storage.feed_writer import load_fingerprints, write_feed

DATA = Path(__file__).parent / "feeds" / "data"
MORE = (DATA / "podcasting20_more.xml").read_bytes()
EXAMPLE = (DATA / "podcast_namespace_example.xml").read_bytes()
URL = "https://decimal.example/feed.xml"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "library.db")
    yield s
    s.close()


def _refresh(store: Store, podcast_id: int, body: bytes, url: str = URL) -> object:
    outcome = run_job(ParseJob(url, body, known=load_fingerprints(store, podcast_id)))
    return write_feed(
        store,
        podcast_id,
        outcome.doc,
        present=outcome.present,
        fingerprints=outcome.fingerprints,
        seen_at=1_700_000_000.0,
        podcast_fields={"last_checked": time.time()},
    )


def test_a_show_page_reads_back_what_the_feed_said(store: Store) -> None:
    pid = PodcastRepo(store).add(URL)
    _refresh(store, pid, MORE)
    service = Podcasting20Service(store)
    page = service.podcast_page(pid)
    x = page.extras
    assert x.podcast_guid == "c2d1a0b4-0f8e-5b3a-9c6d-7e8f9a0b1c2d" and x.guid_declared
    assert [p.name for p in x.persons] == ["Ada Lovelace", "Charles Babbage"]
    assert [f.label for f in x.funding] == ["Buy us a slide rule", "Members"]
    assert x.update_frequency is not None and x.update_frequency.complete
    assert x.ai_content == "Transcripts and chapter titles are machine-generated."
    assert x.chat is not None and x.chat.server == "chat.decimal.example"
    assert [r.title for r in x.podroll][:1] == ["Podcasting 2.0"]
    (live,) = x.live_items
    assert live.id > 0 and live.podcast_id == pid and live.status == "pending"
    assert service.find_by_guid("c2d1a0b4-0f8e-5b3a-9c6d-7e8f9a0b1c2d") == pid
    with pytest.raises(NotFoundError):
        service.podcast_page(pid + 1)


def test_a_show_without_a_declared_guid_gets_the_uuid5_of_its_url(store: Store) -> None:
    url = "https://mp3s.nashownotes.com/pc20rss.xml"
    pid = PodcastRepo(store).add(url)
    _refresh(store, pid, EXAMPLE, url)  # its podcast:guid is no UUID
    x = Podcasting20Service(store).podcast_page(pid).extras
    assert x.podcast_guid == "917393e3-1b1e-5cef-ace4-edaa54e1f810" == podcast_guid_for(url)
    assert not x.guid_declared


def test_episode_persons_replace_the_shows_and_the_item_overrides_chat(store: Store) -> None:
    pid = PodcastRepo(store).add(URL)
    _refresh(store, pid, MORE)
    service = Podcasting20Service(store)
    by_guid = {e.guid: e.id for e in EpisodeRepo(store).list(EpisodeQuery(podcast_id=pid))}
    half = service.episode_details(by_guid["ep-100.5"]).extras
    assert half.persons == (Person("Grace Hopper", "guest", href="https://decimal.example/grace"),)
    assert not half.persons_from_show
    assert half.chat is not None and half.chat.server == "irc.decimal.example"
    assert half.social == ()  # protocol="disabled": no comments for this one
    assert half.ai_content == "This episode's voice is synthetic."
    assert half.episode_display == "Ch. 100½" and half.season_name == "The Reals"
    assert [a.title for a in half.alternate_enclosures] == ["Low bandwidth", "Video"]
    one = service.episode_details(by_guid["ep-101"]).extras
    assert [p.name for p in one.persons] == ["Ada Lovelace", "Charles Babbage"]
    assert one.persons_from_show
    assert one.chat is not None and one.chat.server == "chat.decimal.example"  # the channel's
    assert one.social[0].uri == "https://social.decimal.example/@decimal/1"
    assert one.ai_content == "Transcripts and chapter titles are machine-generated."


def test_episodes_with_a_person_across_the_library(store: Store) -> None:
    repo = PodcastRepo(store)
    decimal = repo.add(URL)
    example = repo.add("https://example.com/feed.xml")
    _refresh(store, decimal, MORE)
    _refresh(store, example, EXAMPLE, "https://example.com/feed.xml")
    service = Podcasting20Service(store)
    # Ada is on the show: every episode without a list of its own (not the one with Grace).
    ada = service.episodes_with_person("ada lovelace")
    assert sorted(e.guid for e in ada) == ["ep-100", "ep-101"]
    assert [e.guid for e in service.episodes_with_person("Grace Hopper")] == ["ep-100.5"]
    dave = service.episodes_with_person("Dave Jones")
    assert len(dave) == 3 and {e.podcast_id for e in dave} == {example}
    assert dave[0].published is not None and dave[0].published >= dave[-1].published  # newest
    only = service.episodes_with_person("Dave Jones", href="https://github.com/daveajones/")
    assert [e.guid for e in only] == ["https://example.com/ep0003"]
    assert service.episodes_with_person("Nobody") == []


def test_decimal_episode_numbers_sort_between_their_neighbours(store: Store) -> None:
    pid = PodcastRepo(store).add(URL)
    _refresh(store, pid, MORE)
    episodes = EpisodeRepo(store)
    q = EpisodeQuery(podcast_id=pid, sort=EpisodeSort.NUMBER)
    assert [e.guid for e in episodes.list(q)] == ["ep-100", "ep-100.5", "ep-101"]
    first = episodes.list(q, limit=1)
    assert [e.guid for e in episodes.list(q, limit=5, after=first[0])] == ["ep-100.5", "ep-101"]
    newest_first = EpisodeQuery(podcast_id=pid, sort=EpisodeSort.NUMBER, descending=True)
    assert [e.episode_number for e in episodes.list(newest_first)] == [101.0, 100.5, 100.0]
    plan = " ".join(
        str(r[-1])
        for r in store.query(
            "EXPLAIN QUERY PLAN SELECT id FROM episodes e ORDER BY "
            "IFNULL(e.season, 0) * 1000000 + IFNULL(e.episode_number, 0), e.id"
        )
    )
    assert "episodes_number" in plan


def test_a_show_live_when_subscribed_is_no_notification(store: Store) -> None:
    pid = PodcastRepo(store).add(URL)
    live = MORE.replace(b'status="pending"', b'status="live"')
    outcome = run_job(ParseJob(URL, live))
    result = write_feed(store, pid, outcome.doc, present=outcome.present)  # never checked
    assert [e.new_status for e in result.live_events] == ["live"]
    assert Podcasting20Service(store).take_live_notifications() == []
    assert [i.status for i in Podcasting20Service(store).live_items()] == ["live"]


def test_a_live_item_going_live_is_an_event_once(store: Store) -> None:
    pid = PodcastRepo(store).add(URL)
    first = _refresh(store, pid, MORE)
    assert [(e.old_status, e.new_status) for e in first.live_events] == [("", "pending")]
    service = Podcasting20Service(store)
    assert service.take_live_notifications() == []  # pending is no notification, but handled
    live = MORE.replace(b'status="pending"', b'status="live"')
    second = _refresh(store, pid, live)
    assert [(e.old_status, e.new_status) for e in second.live_events] == [("pending", "live")]
    (event,) = service.take_live_notifications()
    assert event.podcast_title == "Decimal Hour" and event.title == "Live: the half episode"
    assert service.take_live_notifications() == []
    assert _refresh(store, pid, live).live_events == ()  # no change, no event
    assert [i.status for i in service.live_items()] == ["live"]  # across the library
    gone = live.replace(b"<pi:liveItem", b"<pi:notLive").replace(
        b"</pi:liveItem>", b"</pi:notLive>"
    )
    _refresh(store, pid, gone)
    assert service.live_items() == [] and service.podcast_page(pid).extras.live_items == ()


def test_show_persons_change_with_the_feed(store: Store) -> None:
    pid = PodcastRepo(store).add(URL)
    _refresh(store, pid, MORE)
    _refresh(store, pid, MORE.replace(b"Charles Babbage", b"Mary Somerville"))
    names = [p.name for p in Podcasting20Service(store).podcast_page(pid).extras.persons]
    assert names == ["Ada Lovelace", "Mary Somerville"]
    assert Podcasting20Service(store).episodes_with_person("Charles Babbage") == []


def test_an_item_whose_namespace_tags_changed_is_rewritten(store: Store) -> None:
    pid = PodcastRepo(store).add(URL)
    _refresh(store, pid, MORE)
    result = _refresh(store, pid, MORE.replace(b"Grace Hopper", b"Katherine Johnson"))
    assert (result.new, result.updated) == (0, 1)
    service = Podcasting20Service(store)
    assert [e.guid for e in service.episodes_with_person("Katherine Johnson")] == ["ep-100.5"]
    assert service.episodes_with_person("Grace Hopper") == []
    assert _refresh(store, pid, MORE.replace(b"Grace Hopper", b"Katherine Johnson")).updated == 0


def test_completed_shows_are_left_out_of_automatic_rounds_for_a_week(store: Store) -> None:
    repo = PodcastRepo(store)
    done = repo.add(URL)
    running = repo.add("https://example.com/feed.xml")
    _refresh(store, done, MORE)
    _refresh(store, running, EXAMPLE, "https://example.com/feed.xml")
    now = time.time()
    repo.update_many([(done, {"last_checked": now - 3600}), (running, {"last_checked": now})])
    targets = repo.for_refresh()
    assert [p.id for p, _h in due_podcasts(store, targets, now)] == [running]
    later = now + COMPLETE_REFRESH_SECONDS
    assert [p.id for p, _h in due_podcasts(store, targets, later)] == [done, running]
    frequency = Podcasting20Service(store).repo.update_frequency(done)
    assert frequency is not None and frequency.rrule == "FREQ=WEEKLY;BYDAY=FR"
    assert automatic_refresh_due(None, frequency, now)  # never checked: always due
    assert automatic_refresh_due(now, UpdateFrequency(rrule="FREQ=DAILY"), now)


def _ts(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("rule", "dtstart", "after", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=FR", "2024-01-05T10:00", "2024-03-06T12:00", "2024-03-08T10:00"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "2024-01-01T06:00", "2024-01-02T00:00", "2024-01-04T06:00"),
        ("FREQ=DAILY;INTERVAL=2", "2024-01-01T08:00", "2024-01-02T09:00", "2024-01-03T08:00"),
        ("FREQ=MONTHLY", "2024-01-15T12:00", "2024-03-20T00:00", "2024-04-15T12:00"),
        ("FREQ=MONTHLY;BYSETPOS=-1", "2024-01-15T12:00", "2024-03-20T00:00", None),
    ],
)
def test_the_release_rule_tells_when_to_look(
    rule: str, dtstart: str, after: str, expected: str | None
) -> None:
    frequency = UpdateFrequency(rrule=rule, dtstart=_ts(dtstart))
    found = expected_release(frequency, _ts(after))
    assert found == (None if expected is None else _ts(expected))


def test_upgrading_from_v10_keeps_episode_numbers_as_decimal_ones(tmp_path: Path) -> None:
    import sqlite3

    from player.storage.db import migrate

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path, target=10)
    conn.execute("INSERT INTO podcasts (url, title, added_at) VALUES (?, 'Old', 1)", (URL,))
    conn.execute(
        "INSERT INTO episodes (podcast_id, guid, title, first_seen, season, number) "
        "VALUES (1, 'x', 'Seven', 1, 1, 7)"
    )
    conn.close()
    upgraded = Store(path)
    try:
        (episode,) = EpisodeRepo(upgraded).list()
        assert (episode.season, episode.number, episode.episode_number) == (1, 7, 7.0)
        page = Podcasting20Service(upgraded).podcast_page(1).extras
        assert page.podcast_guid == podcast_guid_for(URL)  # before any refresh stored one
        assert page.persons == () and page.live_items == ()
    finally:
        upgraded.close()
