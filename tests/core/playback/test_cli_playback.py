"""``podcast-player play`` and ``chapters`` as a user runs them (subprocesses, real libVLC)."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from player.services.sync import import_local_feed
from player.storage import EpisodeRepo, Store
from tests.conftest import ROOT, run_cli
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory

DEMO_FEED = ROOT / "player" / "demo" / "feed.xml"


def _library(data_dir: Path) -> Store:
    return Store(data_dir / "library.sqlite3")


def _demo(data_dir: Path) -> int:
    store = _library(data_dir)
    import_local_feed(store, DEMO_FEED)
    episode_id = next(e.id for e in EpisodeRepo(store).list() if e.number == 4)
    store.close()
    return episode_id


def _add(data_dir: Path, path: Path) -> int:
    store = _library(data_dir)
    (episode_id,) = add_podcast(store, [item(path.stem, path)])
    store.close()
    return episode_id


def _saved_position(data_dir: Path, episode_id: int) -> float:
    store = _library(data_dir)
    try:
        return EpisodeRepo(store).get(episode_id).position
    finally:
        store.close()


def test_chapters_json_lists_the_demo_chapters(data_dir: Path) -> None:
    episode_id = _demo(data_dir)
    result = run_cli(data_dir, "chapters", str(episode_id), "--json")
    assert result.returncode == 0, result.stderr
    chapters = json.loads(result.stdout)
    assert [c["title"] for c in chapters] == [
        "Whose player is it?",
        "Reading the source",
        "Your data, your exit",
        "Open content too",
        "Thanks for listening",
    ]
    assert chapters[1]["url"] == "https://opensource.org/license/mit"
    assert "url" not in chapters[0] and "image" not in chapters[0]
    assert chapters[0]["start"] == 0 and chapters[0]["end"] == chapters[1]["start"]
    assert {c["source"] for c in chapters} == {"json"}


def test_chapters_text_and_an_unknown_episode(data_dir: Path) -> None:
    episode_id = _demo(data_dir)
    result = run_cli(data_dir, "chapters", str(episode_id))
    assert result.returncode == 0
    assert "Reading the source  <https://opensource.org/license/mit>" in result.stdout
    missing = run_cli(data_dir, "chapters", "999")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "podcast-player: There is no episode with id 999."


def test_play_for_a_while_prints_positions_and_saves_the_place(data_dir: Path) -> None:
    episode_id = _demo(data_dir)
    result = run_cli(
        data_dir, "play", str(episode_id), "--from", "20", "--for", "1.2", "--rate", "2",
        "--aout", "dummy", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["state"] == "playing" and lines[0]["rate"] == 2.0
    assert lines[0]["chapter"] == "Reading the source"
    final = lines[-1]
    assert final["saved"] is True and 21.5 <= final["position"] < 24
    assert _saved_position(data_dir, episode_id) == pytest.approx(final["position"], abs=0.01)


def test_play_reports_bad_media_in_one_sentence(data_dir: Path, media: MediaFactory) -> None:
    episode_id = _add(data_dir, media.corrupt())
    result = run_cli(data_dir, "play", str(episode_id), "--aout", "dummy")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "podcast-player: Cannot play corrupt.mp3: it holds no audio or video that can be "
        "decoded (the data is corrupt or the format unsupported)."
    ]
    assert _saved_position(data_dir, episode_id) == 0


def test_play_rejects_a_rate_out_of_range(data_dir: Path) -> None:
    result = run_cli(data_dir, "play", "1", "--rate", "5", "--aout", "dummy")
    assert result.returncode != 0
    assert "--rate must be between 0.5 and 3.0" in result.stderr


@contextmanager
def _playing(data_dir: Path, episode_id: int) -> Iterator[tuple[subprocess.Popen, queue.Queue]]:
    """``play --json`` in the background; its lines arrive on a queue as parsed objects."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(
        [sys.executable, "-m", "player", "--data-dir", str(data_dir), "play", str(episode_id),
         "--aout", "dummy", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put(json.loads(line))

    threading.Thread(target=read, daemon=True).start()
    try:
        yield proc, lines
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def _wait_for_position(lines: queue.Queue, seconds: float) -> float:
    while True:
        line = lines.get(timeout=20)
        if line["state"] == "playing" and line["position"] >= seconds:
            return float(line["position"])


@pytest.mark.slow
def test_the_place_survives_kill_9(data_dir: Path, media: MediaFactory) -> None:
    episode_id = _add(data_dir, media.tone())
    with _playing(data_dir, episode_id) as (proc, lines):
        heard = _wait_for_position(lines, 7.5)  # past the first periodic save (every 5 s)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    saved = _saved_position(data_dir, episode_id)
    assert heard - 5.0 <= saved <= heard + 1.0


def test_sigterm_stops_and_saves_the_exact_place(data_dir: Path, media: MediaFactory) -> None:
    episode_id = _add(data_dir, media.tone())
    with _playing(data_dir, episode_id) as (proc, lines):
        heard = _wait_for_position(lines, 1.0)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    saved = _saved_position(data_dir, episode_id)
    assert heard <= saved <= heard + 1.5
