"""The organising commands in a subprocess on a real data folder: folders, move, tag, tags."""

from __future__ import annotations

import json
from pathlib import Path

from player.domain.queries import EpisodeQuery
from player.storage import EpisodeRepo, Store
from tests.conftest import run_cli
from tests.support.library import add_podcast, item


def _library(data_dir: Path) -> tuple[int, int, int]:
    """Two shows (3 and 2 unplayed episodes); their ids and an episode of the second."""
    store = Store(data_dir / "library.sqlite3")
    try:
        first = add_podcast(
            store, [item(f"a{i}", f"https://e.org/a{i}.mp3") for i in range(3)],
            url="https://e.org/a.xml", title="Alpha",
        )  # fmt: skip
        second = add_podcast(
            store, [item(f"b{i}", f"https://e.org/b{i}.mp3") for i in range(2)],
            url="https://e.org/b.xml", title="Beta",
        )  # fmt: skip
        episodes = EpisodeRepo(store)
        return episodes.get(first[0]).podcast_id, episodes.get(second[0]).podcast_id, second[0]
    finally:
        store.close()


def _ok(data_dir: Path, *args: str) -> str:
    result = run_cli(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_move_and_folders(data_dir: Path) -> None:
    alpha, beta, _ = _library(data_dir)
    assert json.loads(_ok(data_dir, "folders", "--json")) == []
    _ok(data_dir, "move", str(alpha), "News")
    _ok(data_dir, "move", str(beta), "News/Daily")
    assert json.loads(_ok(data_dir, "folders", "--json")) == [
        {"name": "News", "podcast_count": 2, "unplayed_count": 5, "collapsed": False},
        {"name": "News/Daily", "podcast_count": 1, "unplayed_count": 2, "collapsed": False},
    ]
    table = _ok(data_dir, "folders").splitlines()
    assert table[0].split() == ["PODCASTS", "NEW", "FOLDER"]
    assert table[2].split() == ["1", "2", "News/Daily"]
    _ok(data_dir, "move", str(beta), "--none")
    _ok(data_dir, "move", str(alpha), "")
    folders = json.loads(_ok(data_dir, "folders", "--json"))
    assert [(f["name"], f["podcast_count"]) for f in folders] == [("News", 0), ("News/Daily", 0)]
    podcasts = json.loads(_ok(data_dir, "podcasts", "--json"))
    assert all(p.get("folder", "") == "" for p in podcasts)


def test_move_errors_are_one_sentence(data_dir: Path) -> None:
    alpha, _, _ = _library(data_dir)
    result = run_cli(data_dir, "move", "77", "News")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("There is no podcast with id 77.")
    result = run_cli(data_dir, "move", str(alpha), "A//B")
    assert result.returncode == 1 and "empty part between slashes" in result.stderr
    result = run_cli(data_dir, "move", str(alpha))
    assert result.returncode == 1 and "Name the folder" in result.stderr


def test_tag_untag_and_tags(data_dir: Path) -> None:
    alpha, beta, episode = _library(data_dir)
    assert json.loads(_ok(data_dir, "tag", str(alpha), "News", "Long form", "--json")) == [
        "Long form",
        "News",
    ]
    _ok(data_dir, "tag", str(beta), "news")
    _ok(data_dir, "tag", "--episode", str(episode), "NEWS", "later")
    assert json.loads(_ok(data_dir, "tags", "--json")) == [
        {"tag": "later", "podcast_count": 0, "episode_count": 1},
        {"tag": "Long form", "podcast_count": 1, "episode_count": 0},
        {"tag": "News", "podcast_count": 2, "episode_count": 1},
    ]
    assert json.loads(_ok(data_dir, "untag", str(alpha), "NEWS", "--json")) == ["Long form"]
    lines = _ok(data_dir, "tags").splitlines()
    assert lines[0].split() == ["PODCASTS", "EPISODES", "TAG"] and len(lines) == 4
    # The tag is really on the episode: the library's tag filter finds it.
    store = Store(data_dir / "library.sqlite3")
    try:
        tagged = EpisodeRepo(store).list(EpisodeQuery(tag="Later"))
        assert [e.id for e in tagged] == [episode]
    finally:
        store.close()
    result = run_cli(data_dir, "tag", "--episode", "999", "x")
    assert result.returncode == 1 and "There is no episode with id 999." in result.stderr
