"""``discover`` and ``charts`` end to end: the CLI in a subprocess against the fake directories,
and in-process with a keyring to show the Podcast Index secret never reaches a file."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest

from player.cli.main import main
from player.services.credentials import Credentials
from player.storage import Store
from player.storage.podcasts import PodcastRepo
from tests.conftest import run_cli
from tests.support.directory_servers import FakeDirectories
from tests.support.http_server import closed_port_url
from tests.support.memory_keyring import MemoryKeyring

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
FIELDS = [
    "title",
    "author",
    "feed_url",
    "image_url",
    "description",
    "episode_count",
    "newest",
    "sources",
    "itunes_id",
    "podcast_guid",
]


def _env(fakes: FakeDirectories, **extra: str) -> dict[str, str]:
    return {**fakes.env, **NO_KEYRING, **extra}


def test_discover_json_has_exactly_the_documented_fields(
    fakes: FakeDirectories, data_dir: Path
) -> None:
    fakes.fyyd.status = 503
    result = run_cli(data_dir, "discover", "the", "daily", "--json", env=_env(fakes))
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [list(r) for r in rows] == [FIELDS] * len(rows)
    assert rows[0]["title"] == "The Daily"
    assert rows[0]["sources"] == ["itunes", "gpodder"]
    assert rows[0]["newest"].endswith("Z") and rows[0]["itunes_id"] == 1200361736
    assert result.stderr.strip().splitlines() == [
        "podcast-player: fyyd is having trouble: the server answered 503."
    ]
    assert fakes.itunes.queries == ["the daily"]


def test_discover_text_marks_subscriptions_and_limit(
    fakes: FakeDirectories, data_dir: Path
) -> None:
    store = Store(data_dir / "library.sqlite3")
    PodcastRepo(store).add("https://feeds.simplecast.com/54nAGcIl", title="The Daily")
    store.close()
    result = run_cli(data_dir, "discover", "daily", "--limit", "2", env=_env(fakes))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == " 1. The Daily (The New York Times)"
    assert lines[1] == "    https://feeds.simplecast.com/54nAGcIl"
    assert lines[2].endswith("itunes, fyyd, gpodder · subscribed")
    assert lines[3].startswith(" 2. Daily Tech News Show")
    assert len(lines) == 6
    assert result.stderr == ""
    everything = run_cli(data_dir, "discover", "daily", env=_env(fakes))
    assert everything.stderr == (
        "Left out, as no feed address could be found: Daily Without Feed\n"
    )


def test_no_directory_answering_is_a_failure_with_a_message(
    fakes: FakeDirectories, data_dir: Path
) -> None:
    down = closed_port_url("")
    env = _env(
        fakes,
        PODCAST_PLAYER_ITUNES_URL=down,
        PODCAST_PLAYER_FYYD_URL=down,
        PODCAST_PLAYER_GPODDER_URL=down,
    )
    result = run_cli(data_dir, "discover", "daily", "--json", env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "podcast-player: no directory answered."
    assert "podcast-player: Apple Podcasts cannot be reached (connection refused)." in lines
    assert len(lines) == 4


def test_charts_json(fakes: FakeDirectories, data_dir: Path) -> None:
    result = run_cli(
        data_dir, "charts", "--country", "de", "--genre", "1489", "--json", env=_env(fakes)
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["title"] == "The Daily"
    assert fakes.itunes.server.requests[0].path == "/de/rss/toppodcasts/limit=50/genre=1489/json"


def test_empty_query_is_a_clear_error(fakes: FakeDirectories, data_dir: Path) -> None:
    result = run_cli(data_dir, "discover", "  ", env=_env(fakes))
    assert result.returncode == 1
    assert "Type a podcast's name" in result.stderr


def test_podcast_index_secret_never_reaches_the_database_or_the_log(
    fakes: FakeDirectories, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()  # no Secret Service runs here: a keyring in memory stands in
    keyring.set_keyring(memory)
    try:
        Credentials().set_podcastindex(fakes.podcastindex.key, fakes.podcastindex.secret)
        status = main(["--data-dir", str(data_dir), "-v", "discover", "daily", "--json"])
        out = capsys.readouterr()
    finally:
        keyring.set_keyring(previous)
    assert status == 0, out.err
    rows = json.loads(out.out)
    assert "podcastindex" in rows[0]["sources"]  # the key was used, and accepted
    secret = fakes.podcastindex.secret.encode()
    files = [data_dir / "library.sqlite3", *sorted((data_dir / "logs").iterdir())]
    files += sorted((data_dir / "cache").rglob("*.json"))
    assert len(files) > 2
    for path in files:
        assert secret not in path.read_bytes(), path
        assert fakes.podcastindex.key.encode() not in path.read_bytes(), path
    assert secret.decode() not in out.err
    logged = b"".join(p.read_bytes() for p in (data_dir / "logs").iterdir())
    assert b"directory podcastindex" in logged  # the log did record the search, at debug level
