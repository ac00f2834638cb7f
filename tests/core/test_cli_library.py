"""The command line in a subprocess on a temporary data folder: podcasts, episodes, search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from player.resources import demo_feed
from player.services.sync import import_local_feed
from player.storage import Store
from tests.conftest import run_cli


@pytest.fixture
def demo_data_dir(data_dir: Path) -> Path:
    feed = demo_feed()
    assert feed is not None, "player/demo/feed.xml is part of the package"
    store = Store(data_dir / "library.sqlite3")
    import_local_feed(store, feed)
    store.close()
    return data_dir


def test_empty_library_lists_nothing_and_does_not_add_the_demo(data_dir: Path) -> None:
    result = run_cli(data_dir, "podcasts", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert json.loads(run_cli(data_dir, "episodes", "--json").stdout) == []


def test_podcasts_json(demo_data_dir: Path) -> None:
    result = run_cli(demo_data_dir, "podcasts", "--json")
    assert result.returncode == 0, result.stderr
    [podcast] = json.loads(result.stdout)
    assert podcast["id"] == 1
    assert podcast["title"].startswith("Signal & Noise")
    assert podcast["episode_count"] == 4
    assert podcast["url"].startswith("file://") and podcast["url"].endswith("feed.xml")
    assert podcast["last_error"] is None


def test_episodes_json_fields_and_order(demo_data_dir: Path) -> None:
    result = run_cli(demo_data_dir, "episodes", "--json")
    assert result.returncode == 0, result.stderr
    episodes = json.loads(result.stdout)
    assert len(episodes) == 4
    for e in episodes:
        assert {"id", "title", "podcast_id", "published", "duration", "state", "position"} <= set(e)
        assert e["podcast_id"] == 1 and e["state"] == "new" and e["position"] == 0
        assert 60 < e["duration"] < 200
        assert e["enclosure_url"].startswith("file://") and e["enclosure_url"].endswith(".mp3")
    published = [e["published"] for e in episodes]
    assert published == sorted(published, reverse=True)

    limited = json.loads(run_cli(demo_data_dir, "episodes", "--limit", "2", "--json").stdout)
    assert [e["id"] for e in limited] == [e["id"] for e in episodes[:2]]
    by_podcast = run_cli(demo_data_dir, "episodes", "--podcast", "1", "--json")
    assert len(json.loads(by_podcast.stdout)) == 4


def test_unknown_podcast_is_a_clear_error(demo_data_dir: Path) -> None:
    result = run_cli(demo_data_dir, "episodes", "--podcast", "99")
    assert result.returncode == 1
    assert "no podcast with id 99" in result.stderr
    assert "Traceback" not in result.stderr


def test_search(demo_data_dir: Path) -> None:
    result = run_cli(demo_data_dir, "search", "chapters", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and any("Chapters" in h["title"] for h in hits)
    assert json.loads(run_cli(demo_data_dir, "search", "zzzqqq", "--json").stdout) == []
    text = run_cli(demo_data_dir, "search", "chapters")
    assert "Chapters" in text.stdout


def test_text_output_and_help(demo_data_dir: Path) -> None:
    result = run_cli(demo_data_dir, "podcasts")
    assert "Signal & Noise" in result.stdout
    help_text = run_cli(demo_data_dir, "--help").stdout
    for command in ("podcasts", "episodes", "search", "--data-dir"):
        assert command in help_text
