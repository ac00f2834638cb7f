"""``transcript`` and the transcript part of ``search``, in a subprocess as a user runs them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from player.cli.transcript_cmds import text_lines
from player.domain.models import Transcript
from player.domain.transcript import Segment
from player.resources import demo_feed
from player.services.sync import import_local_feed
from player.storage import EpisodeRepo, Store
from tests.conftest import run_cli
from tests.support.http_server import LoopbackServer
from tests.support.library import add_podcast, item


@pytest.fixture
def demo(data_dir: Path) -> tuple[Path, int]:
    feed = demo_feed()
    assert feed is not None
    store = Store(data_dir / "library.sqlite3")
    import_local_feed(store, feed)
    episode = next(e for e in EpisodeRepo(store).list() if "Shape of Sound" in e.title)
    store.close()
    return data_dir, episode.id


def test_transcript_text_and_json(demo: tuple[Path, int]) -> None:
    data_dir, episode_id = demo
    result = run_cli(data_dir, "transcript", str(episode_id))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[00:01] Host: Welcome back to Signal & Noise."
    assert lines[1] == "[00:04] A long episode is easier to enjoy when you can see its shape."
    result = run_cli(data_dir, "transcript", str(episode_id), "--json")
    assert result.returncode == 0, result.stderr
    segments = json.loads(result.stdout)
    assert segments[0] == {
        "start": 1.46,
        "end": 3.938,
        "speaker": "Host",
        "text": "Welcome back to Signal & Noise.",
    }
    assert len(segments) == len(lines)


def test_search_gains_the_transcript_match_once_indexed(demo: tuple[Path, int]) -> None:
    data_dir, episode_id = demo
    before = json.loads(run_cli(data_dir, "search", "half", "remember", "--json").stdout)
    assert before == []  # not fetched yet, so not indexed
    assert run_cli(data_dir, "transcript", str(episode_id)).returncode == 0
    result = run_cli(data_dir, "search", "half", "remember", "--json")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["id"] == episode_id
    assert row["match"] == {
        "field": "transcript",
        "start": 8.168,
        "snippet": "…part you care about, and transcripts let you search for the sentence you only "
        "[half] [remember].",
    }
    both = json.loads(run_cli(data_dir, "search", "Shape", "--json").stdout)
    assert [r["id"] for r in both] == [episode_id]  # title and transcript: the place is given
    assert (
        both[0]["match"]["snippet"]
        == "A long episode is easier to enjoy when you can see its [shape]."
    )
    fields = json.loads(run_cli(data_dir, "search", "Doors", "--json").stdout)
    assert len(fields) == 1 and "match" not in fields[0]  # another episode's title only
    text = run_cli(data_dir, "search", "half", "remember").stdout
    assert "said at 0:08" in text


def test_clear_errors(data_dir: Path) -> None:
    store = Store(data_dir / "library.sqlite3")
    with LoopbackServer() as server:
        links = (Transcript(server.add_status("/t.vtt", 404), "text/vtt"),)
        none, broken, offline = add_podcast(
            store,
            [
                item("a", "https://example.org/a.mp3"),
                replace(item("b", "https://example.org/b.mp3"), transcripts=links),
                replace(
                    item("c", "https://example.org/c.mp3"),
                    transcripts=(Transcript("http://127.0.0.1:9/t.vtt", "text/vtt"),),
                ),
            ],
        )
        store.close()
        result = run_cli(data_dir, "transcript", str(none))
        assert result.returncode == 1
        assert result.stderr.strip() == f"podcast-player: Episode {none} has no transcript."
        result = run_cli(data_dir, "transcript", str(broken))
        assert result.returncode == 1 and "not found" in result.stderr.lower(), result.stderr
    result = run_cli(data_dir, "transcript", str(offline))
    assert result.returncode == 1 and "Cannot fetch the transcript" in result.stderr
    result = run_cli(data_dir, "transcript", "999")
    assert result.returncode == 1 and "999" in result.stderr


def test_text_lines_name_the_speaker_when_it_changes() -> None:
    segments = [
        Segment(1, 2, "Ann", "Hi"),
        Segment(3, 4, "Ann", "again"),
        Segment(62, None, "Bob", "Bye"),
        Segment(3725, None, None, "Long after"),
    ]
    assert text_lines(segments) == [
        "[00:01] Ann: Hi",
        "[00:03] again",
        "[01:02] Bob: Bye",
        "[1:02:05] Long after",
    ]
    assert text_lines([Segment(0, None, None, "Untimed")]) == ["Untimed"]
