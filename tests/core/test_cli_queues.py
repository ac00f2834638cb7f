"""The queue commands in a subprocess on a temporary data folder, as a user runs them; and a
process killed with SIGKILL right after its queue changes loses none of them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from player.storage import Store
from tests.conftest import ROOT, run_cli
from tests.support.library import add_podcast, item


@pytest.fixture
def library(data_dir: Path) -> tuple[Path, list[int]]:
    """A data folder with one show of four episodes."""
    store = Store(data_dir / "library.sqlite3")
    ids = add_podcast(store, [item(f"e{i}", f"https://example.org/{i}.mp3") for i in range(4)])
    store.close()
    return data_dir, ids


def _ok(data_dir: Path, *args: str) -> str:
    result = run_cli(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _queues(data_dir: Path) -> list[dict]:
    return json.loads(_ok(data_dir, "queues", "--json"))


def test_a_new_library_has_next_up_active(data_dir: Path) -> None:
    assert _queues(data_dir) == [
        {"id": 1, "name": "Next up", "count": 0, "auto_advance": True, "active": True}
    ]
    shown = json.loads(_ok(data_dir, "queue", "--json"))
    assert shown["name"] == "Next up" and shown["episodes"] == [] and shown["active"] is True


def test_create_add_use_move_rename_delete(library: tuple[Path, list[int]]) -> None:
    data_dir, (a, b, c, d) = library
    news_id = int(_ok(data_dir, "queue-new", "News first"))
    assert news_id > 1
    _ok(data_dir, "queue-add", str(a), str(b))  # the active queue: Next up
    _ok(data_dir, "queue-add", str(c), str(d), "--queue", "news FIRST")  # names ignore case
    _ok(data_dir, "queue-add", str(b), "--queue", "News first", "--next")
    assert [(q["name"], q["count"], q["active"]) for q in _queues(data_dir)] == [
        ("Next up", 2, True),
        ("News first", 3, False),
    ]
    news = json.loads(_ok(data_dir, "queue", "News first", "--json"))
    assert [e["id"] for e in news["episodes"]] == [b, c, d]
    assert [e["queue_position"] for e in news["episodes"]] == [0, 1, 2]

    _ok(data_dir, "queue-use", "News first")
    active = json.loads(_ok(data_dir, "queue", "--json"))
    assert active["id"] == news_id and active["active"] is True
    # From the active queue (News first) to Next up: d leaves News first, joins the end there.
    _ok(data_dir, "queue-move", str(d), "--to", "Next up")
    assert [
        e["id"] for e in json.loads(_ok(data_dir, "queue", "Next up", "--json"))["episodes"]
    ] == [
        a,
        b,
        d,
    ]
    assert [e["id"] for e in json.loads(_ok(data_dir, "queue", "--json"))["episodes"]] == [b, c]
    _ok(data_dir, "queue-move", str(a), "--from", "Next up", "--to", "News first")
    assert [e["id"] for e in json.loads(_ok(data_dir, "queue", "--json"))["episodes"]] == [b, c, a]

    _ok(data_dir, "queue-advance", "News first", "off")
    _ok(data_dir, "queue-rename", "News first", "Morning news")
    assert [(q["name"], q["auto_advance"]) for q in _queues(data_dir)] == [
        ("Next up", True),
        ("Morning news", False),
    ]
    result = run_cli(data_dir, "queue-delete", "Morning news")
    assert result.returncode == 0, result.stderr
    assert "“Next up” is the active queue now." in result.stderr
    assert [(q["name"], q["active"]) for q in _queues(data_dir)] == [("Next up", True)]


def test_text_listing_marks_the_active_queue(library: tuple[Path, list[int]]) -> None:
    data_dir, (a, *_rest) = library
    _ok(data_dir, "queue-new", "Long listens")
    _ok(data_dir, "queue-add", str(a))
    lines = _ok(data_dir, "queues").splitlines()
    assert lines[0].split() == ["ID", "EPISODES", "ADVANCE", "NAME"]
    assert lines[1].split() == ["*", "1", "1", "on", "Next", "up"]
    assert lines[2].split() == ["2", "0", "on", "Long", "listens"]
    listing = run_cli(data_dir, "queue")
    assert (
        f"{a}" in listing.stdout.splitlines()[1].split()
        and "Next up: 1 episode, 0:00 left." in listing.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("queue-delete", "Next up"), "“Next up” cannot be deleted: every library keeps it."),
        (("queue-use", "Nope"), "There is no queue called “Nope”."),
        (("queue", "Nope"), "There is no queue called “Nope”."),
        (("queue-new", "   "), "A queue needs a name."),
        (("queue-new", "next UP"), "There is already a queue called “next UP”."),
        (("queue-add", "999"), "There is no episode with id 999."),
        (("queue-move", "1", "--to", "Nope"), "There is no queue called “Nope”."),
    ],
)
def test_errors_are_one_sentence(
    library: tuple[Path, list[int]], args: tuple[str, ...], message: str
) -> None:
    data_dir, _ids = library
    result = run_cli(data_dir, *args)
    assert result.returncode == 1
    assert result.stderr.strip() == f"podcast-player: {message}"


_KILLED_SCRIPT = """
import sys, time
from player.services.queue import QueueService
from player.storage import Store
store = Store(__import__("pathlib").Path(sys.argv[1]) / "library.sqlite3")
service = QueueService(store)  # the store stays open: nothing closes or checkpoints it
long = service.create("Long listens")
news = service.ensure_queue("News first")
service.add([int(i) for i in sys.argv[2:]], queue_id=long)
service.add([int(sys.argv[2])], queue_id=news)
service.set_active(news)
service.set_auto_advance(long, False)
print("done", flush=True)
time.sleep(60)
"""


def test_queues_survive_a_kill_9(library: tuple[Path, list[int]]) -> None:
    data_dir, (a, b, c, _d) = library
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_SCRIPT, str(data_dir), str(a), str(b), str(c)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line == "done", line
    finally:
        proc.kill()  # SIGKILL: no clean-up code runs, nothing is checkpointed or closed
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert [(q["name"], q["count"], q["active"]) for q in _queues(data_dir)] == [
        ("Next up", 0, False),
        ("Long listens", 3, False),
        ("News first", 1, True),
    ]
    assert [q["auto_advance"] for q in _queues(data_dir)] == [True, False, True]
    long = json.loads(_ok(data_dir, "queue", "Long listens", "--json"))
    assert [e["id"] for e in long["episodes"]] == [a, b, c]
