"""The sync outbox: every local change is recorded as it happens, and only local ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.domain.models import PlayEvent
from player.storage import EpisodeRepo, HistoryRepo, Store
from player.storage.sync_state import SyncStateRepo
from tests.support.library import add_podcast, item

FEED = "https://example.org/feed.xml"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "library.sqlite3")
    add_podcast(
        store,
        [
            item("a", "https://example.org/a.mp3", duration=600.0),
            item("b", "https://example.org/b.mp3", duration=None),
        ],
        url=FEED,
    )
    return store


def _ids(store: Store) -> dict[str, int]:
    return {r[1]: r[0] for r in store.query("SELECT id, guid FROM episodes")}


def _outbox(store: Store) -> list[tuple[object, ...]]:
    return [
        (e.action.action, e.action.episode, e.action.started, e.action.position, e.action.total)
        for e in SyncStateRepo(store).outbox(100)
    ]


def test_nothing_is_recorded_without_an_account(store: Store) -> None:
    ids = _ids(store)
    HistoryRepo(store).add(PlayEvent(ids["a"], 1000.0, 0.0, 60.0))
    EpisodeRepo(store).mark_played([ids["a"]])
    assert SyncStateRepo(store).pending_count() == 0


def test_local_changes_are_recorded_in_order(store: Store) -> None:
    SyncStateRepo(store).set_account("gpodder", "http://127.0.0.1:1", "ann", "desk")
    ids = _ids(store)
    history, episodes = HistoryRepo(store), EpisodeRepo(store)
    span = history.add(PlayEvent(ids["a"], 1000.0, 30.0, 60.0, rate=1.5))
    history.extend(span, 120.0)  # the same span, grown: one row, updated
    history.extend(span, 150.0)
    history.add(PlayEvent(ids["a"], 2000.0, 0.0, 10.0, source="import"))  # not ours: not sent
    episodes.mark_played([ids["b"]])
    episodes.mark_played([ids["b"]], played=False)
    episodes.set_download(ids["a"], "/tmp/a.mp3")
    episodes.set_download(ids["a"], "")
    assert _outbox(store) == [
        ("play", "https://example.org/a.mp3", 30.0, 150.0, 600.0),
        ("play", "https://example.org/b.mp3", None, 0.0, 0.0),  # played, no duration known
        ("new", "https://example.org/b.mp3", None, None, None),
        ("download", "https://example.org/a.mp3", None, None, None),
        ("delete", "https://example.org/a.mp3", None, None, None),
    ]
    first = SyncStateRepo(store).outbox(1)[0].action
    assert first.podcast == FEED and first.guid == "a" and first.rate == 1.5
    assert first.timestamp == pytest.approx(1000.0 + (150.0 - 30.0) / 1.5)


def test_a_span_that_grows_after_it_was_sent_is_sent_again(store: Store) -> None:
    repo = SyncStateRepo(store)
    repo.set_account("nextcloud", "http://127.0.0.1:1", "ann", "")
    ids = _ids(store)
    history = HistoryRepo(store)
    span = history.add(PlayEvent(ids["a"], 1000.0, 0.0, 60.0))
    read = repo.outbox(10)
    history.extend(span, 90.0)  # grew while the batch was on its way
    repo.mark_sent(read)
    assert _outbox(store) == [("play", "https://example.org/a.mp3", 0.0, 90.0, 600.0)]
    repo.mark_sent(repo.outbox(10))
    assert repo.pending_count() == 0
    history.extend(span, 120.0)  # grows after being acknowledged: a new row with the longer span
    assert _outbox(store) == [("play", "https://example.org/a.mp3", 0.0, 120.0, 600.0)]
    assert repo.account() is not None and repo.account().uploaded == 2  # type: ignore[union-attr]


def test_the_servers_own_changes_are_not_recorded(store: Store) -> None:
    repo = SyncStateRepo(store)
    repo.set_account("gpodder", "http://127.0.0.1:1", "ann", "desk")
    ids = _ids(store)
    with repo.applying_remote():
        EpisodeRepo(store).mark_played([ids["a"]])
        HistoryRepo(store).add(PlayEvent(ids["a"], 1000.0, 0.0, 60.0))
    assert repo.pending_count() == 0
    EpisodeRepo(store).mark_played([ids["a"]], played=False)  # and recording resumes after
    assert [a for a, *_ in _outbox(store)] == ["new"]


def test_logging_in_again_starts_afresh(store: Store) -> None:
    repo = SyncStateRepo(store)
    repo.set_account("gpodder", "http://127.0.0.1:1", "ann", "desk")
    EpisodeRepo(store).mark_played([_ids(store)["a"]])
    with store.write() as conn:
        repo.note_known(conn, add=[FEED])
    repo.set_account("gpodder", "http://127.0.0.1:2", "bob", "desk")
    assert repo.pending_count() == 0 and repo.known_feeds() == set()
    repo.delete_account()
    assert repo.account() is None


def test_with_learning_paused_the_position_is_recorded_without_a_span(store: Store) -> None:
    from player.services.listening import ListeningLog
    from player.storage import SettingsRepo

    repo = SyncStateRepo(store)
    repo.set_account("gpodder", "http://127.0.0.1:1", "ann", "desk")
    SettingsRepo(store).set("recommend.learning", False)
    a = _ids(store)["a"]
    log = ListeningLog(store)
    log.begin(a, 0.0, 1.0)
    for position in (20.0, 40.0, 65.0):
        log.save(a, position, learning=False)
    assert HistoryRepo(store).count() == 0  # paused: no history...
    assert _outbox(store) == [("play", "https://example.org/a.mp3", None, 65.0, 600.0)]
    SettingsRepo(store).set("recommend.learning", True)
    log.begin(a, 65.0, 1.0)
    log.save(a, 95.0, learning=True)  # learning again: the span carries it
    assert _outbox(store)[1:] == [("play", "https://example.org/a.mp3", 65.0, 95.0, 600.0)]
