"""The smart playlist commands, run as a listener runs them, on a generated library."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from player.domain.playlist_words import parse_rule_words
from player.storage import Store
from tests.conftest import run_cli
from tests.support.playlist_library import Row, brute_force, build_library


@pytest.fixture
def library_dir(data_dir: Path) -> tuple[Path, list[Row]]:
    store = Store(data_dir / "library.sqlite3")
    rows = build_library(store, podcasts=30, per_podcast=40, now=time.time(), seed=5)
    store.close()
    return data_dir, rows


WORDS = ["folder:News", "-tag:long", "state:new", "duration:<30m", "sort:oldest", "limit:25"]


def test_save_list_show_and_delete(library_dir: tuple[Path, list[Row]]) -> None:
    data_dir, rows = library_dir
    saved = run_cli(data_dir, "playlist-save", "Short news", *WORDS)
    assert saved.returncode == 0, saved.stderr
    expected = brute_force(parse_rule_words(WORDS), rows, time.time())
    assert 0 < len(expected) <= 25
    assert f"({len(expected)} episodes now)" in saved.stdout

    listed = json.loads(run_cli(data_dir, "playlists", "--json").stdout)
    assert listed == [
        {
            "id": 1,
            "name": "Short news",
            "count": len(expected),
            "description": "New episodes from News, not tagged long, under 30 min, "
            "oldest first, at most 25",
            "rules": "folder:News -tag:long state:new duration:<30m sort:oldest limit:25",
            "rules_json": {
                "version": 1,
                "folders_in": ["News"],
                "tags_out": ["long"],
                "state": "new",
                "max_duration": 1800.0,
                "sort": "oldest",
                "limit": 25,
            },
        }
    ]
    table = run_cli(data_dir, "playlists")
    assert "Short news" in table.stdout and str(len(expected)) in table.stdout

    shown = run_cli(data_dir, "playlist", "short NEWS", "--json")
    assert shown.returncode == 0, shown.stderr
    episodes = json.loads(shown.stdout)
    assert [e["id"] for e in episodes] == expected
    # The same fields as ``episodes --json``.
    plain = json.loads(run_cli(data_dir, "episodes", "--json", "--limit", "1").stdout)
    assert set(episodes[0]) == set(plain[0])
    assert all(e["state"] in ("new", "in_progress") for e in episodes)
    text = run_cli(data_dir, "playlist", "1")
    assert text.stdout.count("\n") == len(expected) + 1  # a header and one line each

    replaced = run_cli(data_dir, "playlist-save", "SHORT NEWS", "tag:news")
    assert replaced.returncode == 0 and "Replaced the rules" in replaced.stdout
    [again] = json.loads(run_cli(data_dir, "playlists", "--json").stdout)
    assert again["id"] == 1 and again["name"] == "Short news" and again["rules"] == "tag:news"

    deleted = run_cli(data_dir, "playlist-delete", "Short news")
    assert deleted.returncode == 0, deleted.stderr
    assert json.loads(run_cli(data_dir, "playlists", "--json").stdout) == []


def test_errors_are_one_sentence(library_dir: tuple[Path, list[Row]]) -> None:
    data_dir, _rows = library_dir
    bad = run_cli(data_dir, "playlist-save", "x", "tag:news", "duration:30m")
    assert bad.returncode == 1
    assert bad.stderr.strip().startswith("podcast-player: 'duration:30m': start the value with")
    assert bad.stderr.count("\n") == 1
    missing = run_cli(data_dir, "playlist", "nothing")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "podcast-player: There is no playlist called “nothing”."
    gone = run_cli(data_dir, "playlist-delete", "7")
    assert gone.stderr.strip() == "podcast-player: There is no playlist with id 7."
    assert json.loads(run_cli(data_dir, "playlists", "--json").stdout) == []
