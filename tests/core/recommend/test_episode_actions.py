"""gpodder.net episode actions: import, export, and the round trip between libraries."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from player.domain.models import PlayEvent
from player.services.episode_actions import (
    ActionsFormatError,
    EpisodeActionsService,
    parse_actions,
)
from player.storage import HistoryRepo, Store
from tests.core.recommend.library import MONDAY, add_show, daily, listen, weekly


def _library(path: Path) -> tuple[Store, list[int], list[int]]:
    store = Store(path)
    news = add_show(store, "Morning News", daily(MONDAY - timedelta(days=7), 10))
    talk = add_show(store, "Long Talks", weekly(MONDAY - timedelta(weeks=6), 6, minutes=90))
    return store, news, talk


def _state(store: Store) -> list[tuple[object, ...]]:
    return (
        store.connection()
        .execute("SELECT guid, state, position, last_played FROM episodes ORDER BY guid")
        .fetchall()
    )


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    source, news, talk = _library(tmp_path / "a.sqlite3")
    listen(source, news[7], MONDAY + timedelta(hours=8))
    listen(source, talk[5], MONDAY + timedelta(hours=18), minutes=25)
    listen(source, talk[5], MONDAY + timedelta(days=1, hours=18), minutes=20, start=25 * 60)
    HistoryRepo(source).add(
        PlayEvent(
            episode_id=news[8],
            started_at=(MONDAY + timedelta(days=1, hours=8)).timestamp(),
            from_pos=0,
            to_pos=900.0,
            rate=1.5,
        )
    )
    exported = EpisodeActionsService(source).export_actions()
    assert [a["action"] for a in exported] == ["play"] * 4
    assert exported[1]["started"] == 0 and exported[1]["position"] == 1500
    assert exported[1]["total"] == 5400 and exported[1]["timestamp"] == "2024-03-04T17:25:00"
    assert exported[2]["rate"] == 1.5 and "rate" not in exported[0]
    file = tmp_path / "actions.json"
    file.write_text(EpisodeActionsService(source).export_text(), "utf-8")

    target, _, _ = _library(tmp_path / "b.sqlite3")
    result = EpisodeActionsService(target).import_file(file)
    assert result.history_added == 4 and result.unmatched == []
    assert result.marked_played == 1 and result.positions_set == 3
    assert EpisodeActionsService(target).export_actions() == exported
    events = HistoryRepo(target).list()
    assert {e.source for e in events} == {"import"}
    assert [(e.from_pos, e.to_pos, e.rate) for e in events] == [
        (e.from_pos, e.to_pos, e.rate) for e in HistoryRepo(source).list()
    ]
    by_guid = {row[0]: row[1:3] for row in _state(target)}
    assert by_guid["morning-news-7"] == ("played", 0.0)
    assert by_guid["long-talks-5"] == ("new", 2700.0)

    again = EpisodeActionsService(target).import_file(file)  # importing twice adds nothing
    assert again.history_added == 0 and again.history_already_there == 4
    assert HistoryRepo(target).count() == 4


def test_matches_by_guid_when_the_enclosure_moved(tmp_path: Path) -> None:
    store, news, _ = _library(tmp_path / "a.sqlite3")
    action = {
        "podcast": "http://127.0.0.1:9/morning-news.xml",
        "episode": "https://cdn.example.invalid/moved/news-3.mp3",
        "guid": "morning-news-3",
        "action": "PLAY",
        "timestamp": "2024-03-01T07:10:00Z",
        "started": 60,
        "position": 300,
        "total": 1200,
    }
    lost = dict(action, guid="nobody-knows", episode="https://cdn.example.invalid/x.mp3")
    result = EpisodeActionsService(store).import_actions(parse_actions(json.dumps([action, lost])))
    assert result.history_added == 1 and result.unmatched == [lost["episode"]]
    [event] = HistoryRepo(store).list()
    assert event.episode_id == news[3] and (event.from_pos, event.to_pos) == (60, 300)
    ended = datetime(2024, 3, 1, 7, 10, tzinfo=UTC).timestamp()
    assert event.started_at == ended - 240  # the timestamp is when the span ended


def test_an_older_action_does_not_override_newer_local_state(tmp_path: Path) -> None:
    store, news, _ = _library(tmp_path / "a.sqlite3")
    listen(store, news[5], MONDAY + timedelta(hours=8))  # heard to the end this morning
    older = {
        "podcast": "",
        "episode": "http://127.0.0.1:9/morning-news/5.mp3",
        "action": "play",
        "timestamp": (MONDAY - timedelta(days=1)).timestamp(),
        "started": 0,
        "position": 120,
        "total": 1200,
    }
    result = EpisodeActionsService(store).import_actions(parse_actions(json.dumps([older])))
    assert result.older_than_library == 1
    assert store.scalar("SELECT state FROM episodes WHERE id = ?", (news[5],)) == "played"
    assert result.history_added == 1  # it still happened, so it is history


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "The file is not JSON (line 1"),
        ('{"podcasts": []}', "The file is not a list of gpodder.net episode actions."),
        ('[{"action": "play"}]', "Action 1 has no episode URL."),
        ('[{"action": "listen", "episode": "u"}]', "Action 1 has an unknown action 'listen'."),
        (
            '[{"action": "play", "episode": "u", "timestamp": "yesterday"}]',
            "Action 1 has a timestamp that is not ISO 8601: 'yesterday'.",
        ),
        (
            '[{"action": "play", "episode": "u", "timestamp": 5, "position": "x"}]',
            "Action 1 has a position that is not a number of seconds.",
        ),
    ],
)
def test_bad_files_say_why_and_change_nothing(tmp_path: Path, content: str, message: str) -> None:
    store, news, _ = _library(tmp_path / "a.sqlite3")
    listen(store, news[2], MONDAY)
    before = (_state(store), HistoryRepo(store).count())
    file = tmp_path / "bad.json"
    file.write_text(content, "utf-8")
    with pytest.raises(ActionsFormatError) as caught:
        EpisodeActionsService(store).import_file(file)
    assert str(caught.value).startswith(message)
    assert (_state(store), HistoryRepo(store).count()) == before


def test_accepts_the_api_answer_shape_and_ignores_downloads(tmp_path: Path) -> None:
    store, news, _ = _library(tmp_path / "a.sqlite3")
    url = "http://127.0.0.1:9/morning-news/1.mp3"
    doc = {
        "actions": [
            {"episode": url, "action": "download", "timestamp": "2024-03-01T06:00:00"},
            {
                "episode": url,
                "action": "play",
                "timestamp": "2024-03-01T06:30:00",
                "started": 0,
                "position": 1200,
                "total": 1200,
            },
            {"episode": url, "action": "new", "timestamp": "2024-03-02T06:00:00"},
        ],
        "timestamp": 12345,
    }
    result = EpisodeActionsService(store).import_actions(parse_actions(json.dumps(doc)))
    assert (result.not_applicable, result.marked_played, result.marked_new) == (1, 1, 1)
    assert store.scalar("SELECT state FROM episodes WHERE id = ?", (news[1],)) == "new"
