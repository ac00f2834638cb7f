"""The command line as a terminal user meets it, in real subprocesses: pipes that close early,
the default ``episodes`` limit, empty results that say what to do, an 80-column ``up-next``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from player.services.sync import import_local_feed
from player.storage import EpisodeRepo, Store
from tests.conftest import ROOT, run_cli
from tests.support.library import add_podcast, item

NO_PODCASTS = (
    "No podcasts yet. Subscribe to one with: podcast-player subscribe URL\n"
    "or import a list of them with: podcast-player import-opml FILE\n"
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PODCAST_PLAYER_DATA_DIR", None)
    return env


def _fill(data_dir: Path, count: int, title: str = "Episode") -> None:
    store = Store(data_dir / "library.sqlite3")
    add_podcast(
        store,
        [item(f"g{i}", f"https://example.org/{i}.mp3", title=f"{title} {i}") for i in range(count)],
    )
    store.close()


def _shell(data_dir: Path, command: str) -> subprocess.CompletedProcess[str]:
    """``podcast-player --data-dir DIR COMMAND`` in bash, with the pipeline's first status
    printed last on stdout."""
    player = f"{sys.executable} -m player --data-dir {data_dir}"
    return subprocess.run(
        ["bash", "-c", command.replace("PLAYER", player) + '; echo "status ${PIPESTATUS[0]}"'],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
        cwd=ROOT,
        check=False,
    )


@pytest.fixture
def big_library(data_dir: Path) -> Path:
    """3,000 episodes: ``episodes --limit 0`` prints far more than a pipe holds."""
    _fill(data_dir, 3000)
    return data_dir


def test_a_pipe_closed_by_head_ends_quietly(big_library: Path) -> None:
    whole = _shell(big_library, "PLAYER episodes --limit 0 | head -1")
    assert whole.stderr == ""
    header, status = whole.stdout.splitlines()
    assert header.split() == ["ID", "DATE", "LENGTH", "STATE", "EPISODE"]
    assert status == "status 141"

    as_json = _shell(big_library, "PLAYER episodes --limit 0 --json | head -1")
    assert as_json.stderr == ""
    assert as_json.stdout.splitlines() == ["[", "status 141"]


@pytest.mark.parametrize("args", [("podcasts",), ("episodes", "--json"), ("up-next",)])
def test_a_reader_gone_before_the_last_flush_ends_quietly(data_dir: Path, args: tuple) -> None:
    """The small output sits in the buffer until Python's exit: the flush that fails then
    happens inside the command line's handling, not in an "Exception ignored" at exit."""
    _fill(data_dir, 3)
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails
    try:
        result = subprocess.run(
            [sys.executable, "-m", "player", "--data-dir", str(data_dir), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=_env(),
            cwd=ROOT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141


def test_episodes_shows_50_by_default_and_says_how_to_see_all(data_dir: Path) -> None:
    _fill(data_dir, 60)
    limited = run_cli(data_dir, "episodes", "--json")
    assert len(json.loads(limited.stdout)) == 50
    hint = "Showing the newest 50 of 60 episodes (--limit 0 shows all).\n"
    assert limited.stderr == hint
    text = run_cli(data_dir, "episodes")
    assert len(text.stdout.splitlines()) == 51  # the header and 50 rows
    assert text.stderr == hint
    everything = run_cli(data_dir, "episodes", "--limit", "0", "--json")
    assert len(json.loads(everything.stdout)) == 60
    assert everything.stderr == ""
    exact = run_cli(data_dir, "episodes", "--limit", "60")
    assert exact.stderr == ""
    negative = run_cli(data_dir, "episodes", "--limit", "-1")
    assert negative.returncode == 1
    assert negative.stderr == "podcast-player: --limit must be 0 (all) or more.\n"


def test_search_limit_and_count(data_dir: Path) -> None:
    _fill(data_dir, 60, title="Gardening")
    best = run_cli(data_dir, "search", "gardening", "--limit", "5", "--json")
    assert len(json.loads(best.stdout)) == 5
    assert best.stderr == "Showing the best 5 of 60 matches (--limit 0 shows all).\n"
    everything = run_cli(data_dir, "search", "gardening", "--limit", "0", "--json")
    assert len(json.loads(everything.stdout)) == 60
    assert everything.stderr == ""


@pytest.mark.parametrize(
    "command", [("podcasts",), ("episodes",), ("search", "xyz"), ("up-next",), ("downloads",)]
)
def test_an_empty_library_says_how_to_start(data_dir: Path, command: tuple) -> None:
    text = run_cli(data_dir, *command)
    assert text.returncode == 0, text.stderr
    assert text.stdout == ""
    want = NO_PODCASTS
    if command == ("downloads",):
        want = "No downloads yet. Download an episode with: podcast-player download EPISODE_ID\n"
    assert text.stderr == want
    as_json = run_cli(data_dir, *command, "--json")
    assert json.loads(as_json.stdout) == []
    assert as_json.stderr == ""


def test_no_hits_say_so_and_what_to_do(data_dir: Path) -> None:
    _fill(data_dir, 3)
    store = Store(data_dir / "library.sqlite3")
    add_podcast(store, [], url="https://example.org/empty.xml")
    store.close()
    search = run_cli(data_dir, "search", "xyz")
    assert (search.stdout, search.stderr) == (
        "",
        "No episodes match 'xyz'. Try fewer or other words.\n",
    )
    assert json.loads(run_cli(data_dir, "search", "xyz", "--json").stdout) == []
    empty_show = run_cli(data_dir, "episodes", "--podcast", "2")
    assert empty_show.stderr == (
        "Test show has no episodes yet. Fetch them with: podcast-player refresh 2\n"
    )
    unplayed = run_cli(data_dir, "episodes", "--podcast", "2", "--unplayed")
    assert unplayed.stderr == "Test show has no unplayed episodes.\n"


def test_up_next_fits_80_columns_with_long_titles(data_dir: Path) -> None:
    long_title = "A very long episode title that goes on " * 6
    unbroken = "Supercalifragilistic" * 8
    store = Store(data_dir / "library.sqlite3")
    for n, title in enumerate((long_title, unbroken)):
        add_podcast(
            store, [item(f"e{n}", f"https://example.org/{n}.mp3", title=title)], url=f"{n}.xml"
        )
    store.close()
    result = run_cli(data_dir, "up-next", "--limit", "10", env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "ID  SCORE  EPISODE, AND WHY"
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    assert any(line.endswith("...") for line in lines)  # a title longer than two lines
    assert "Test show: A very long episode title" in result.stdout
    assert "Supercalifragilistic" in result.stdout
    suggestions = json.loads(run_cli(data_dir, "up-next", "--limit", "10", "--json").stdout)
    assert len(lines) > 3 * len(suggestions) >= 3  # title lines, reason lines, blank lines
    wide = run_cli(data_dir, "up-next", "--limit", "10", env={"COLUMNS": "300"})
    assert max(len(line) for line in wide.stdout.splitlines()) <= 100


def test_play_stops_and_saves_when_the_reader_leaves(data_dir: Path) -> None:
    """A command that prints for as long as it runs: the broken pipe ends playback (the place
    is saved on the way out) instead of playing the whole episode into nowhere."""
    store = Store(data_dir / "library.sqlite3")
    import_local_feed(store, ROOT / "player" / "demo" / "feed.xml")
    episode = next(e for e in EpisodeRepo(store).list() if e.number == 4)
    store.close()
    started = time.monotonic()
    result = _shell(data_dir, f"PLAYER play {episode.id} --from 20 --aout dummy --json | head -1")
    assert time.monotonic() - started < 20, "play went on after head had left"
    assert result.stderr == ""
    first, status = result.stdout.splitlines()
    assert json.loads(first)["state"] == "playing"
    assert status == "status 141"
    store = Store(data_dir / "library.sqlite3")
    try:
        assert 20.5 < EpisodeRepo(store).get(episode.id).position < 30
    finally:
        store.close()
