"""The up-next and episode-actions commands, in a subprocess on a real data folder."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from player.storage import Store
from tests.conftest import run_cli
from tests.core.recommend.library import MONDAY, add_show, daily, listen, weekly


@pytest.fixture
def library(data_dir: Path) -> Path:
    store = Store(data_dir / "library.sqlite3")
    news = add_show(store, "Morning News", daily(MONDAY - timedelta(days=7), 28))
    talk = add_show(store, "Long Talks", weekly(MONDAY - timedelta(weeks=6), 10, minutes=90))
    for day in range(14):
        listen(store, news[7 + day], MONDAY + timedelta(days=day, hours=7))
    listen(store, talk[6], MONDAY + timedelta(days=13, hours=19), minutes=12)
    store.close()
    return data_dir


def test_up_next_json(library: Path) -> None:
    result = run_cli(library, "up-next", "--at", "2024-03-18T07:00:00+01:00", "--json")
    assert result.returncode == 0, result.stderr
    suggestions = json.loads(result.stdout)
    assert len(suggestions) == 5
    for s in suggestions:
        assert {"episode_id", "title", "podcast", "score", "reason", "signals"} <= set(s)
        assert isinstance(s["score"], float) and s["reason"].endswith(".")
        assert {"name", "detail"} == set(s["signals"][0])
    assert suggestions[0]["podcast"] == "Morning News"
    assert suggestions[0]["title"] == "Morning News 22"  # that morning's episode
    evening = json.loads(
        run_cli(
            library, "up-next", "--at", "2024-03-17T20:00:00+01:00", "--limit", "1", "--json"
        ).stdout
    )
    assert evening[0]["reason"] == "You stopped 12 minutes in."
    text = run_cli(library, "up-next", "--at", "2024-03-18T07:00:00+01:00", "--limit", "2")
    assert text.stdout.splitlines()[0] == "ID  SCORE  EPISODE, AND WHY"


def test_bad_at_is_one_clear_sentence(library: Path) -> None:
    result = run_cli(library, "up-next", "--at", "next tuesday")
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "--at needs an ISO 8601 date and time such as 2025-03-03T08:00, not 'next tuesday'."
    )


def test_learning_switch_and_forget(library: Path) -> None:
    assert run_cli(library, "learning").stdout.strip() == "Learning is on."
    assert run_cli(library, "learning", "off").stdout.strip() == "Learning is paused."
    assert run_cli(library, "learning", "status").stdout.strip() == "Learning is paused."
    dismissed = run_cli(library, "dismiss", "3")
    assert "not kept" in dismissed.stdout
    assert run_cli(library, "learning", "on").returncode == 0
    assert run_cli(library, "forget-history").returncode == 0
    assert json.loads(run_cli(library, "export-actions").stdout) == []


def test_export_and_import_actions_between_data_folders(library: Path, tmp_path: Path) -> None:
    file = tmp_path / "history.json"
    assert run_cli(library, "export-actions", str(file)).returncode == 0
    actions = json.loads(file.read_text("utf-8"))
    assert len(actions) == 15 and {a["action"] for a in actions} == {"play"}

    other = tmp_path / "other"
    other.mkdir()
    store = Store(other / "library.sqlite3")
    add_show(store, "Morning News", daily(MONDAY - timedelta(days=7), 28))
    add_show(store, "Long Talks", weekly(MONDAY - timedelta(weeks=6), 10, minutes=90))
    store.close()
    result = run_cli(other, "import-actions", str(file), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["history_added"] == 15 and summary["unmatched"] == 0
    assert summary["marked_played"] == 14 and summary["positions_set"] == 1
    assert json.loads(run_cli(other, "export-actions").stdout) == actions

    missing = run_cli(other, "import-actions", str(tmp_path / "nope.json"))
    assert missing.returncode == 1 and "Cannot read" in missing.stderr


def test_up_next_minutes(library: Path) -> None:
    """--minutes N fits what is left of each episode to N: the 90-minute talk stopped 12
    minutes in has 78 left, which fit 80 minutes, not 30; fits_minutes says which fit."""
    at = "2024-03-17T20:00:00+01:00"

    def up_next(*extra: str) -> list[dict]:
        result = run_cli(library, "up-next", "--at", at, "--limit", "3", "--json", *extra)
        # (a later --limit wins: argparse keeps the last)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    eighty = up_next("--minutes", "80")
    assert eighty[0]["title"] == "Long Talks 7"
    assert eighty[0]["reason"] == "You stopped 12 minutes in; it fits the 80 minutes you have."
    assert eighty[0]["fits_minutes"] == 80
    thirty = up_next("--minutes", "30")
    talk = next(s for s in thirty if s["title"] == "Long Talks 7")
    assert talk["fits_minutes"] is None
    assert {
        "name": "length",
        "detail": "1 hour 18 minutes left; you have 30 minutes: it does not fit.",
    } in talk["signals"]
    news = [s for s in thirty if s["podcast"] == "Morning News"]
    assert news and all(s["fits_minutes"] == 30 for s in news)
    # Against the same ranking without a stated time, what fits gains on what does not.
    plain = {s["episode_id"]: s["score"] for s in up_next("--limit", "20")}
    assert talk["score"] < plain[talk["episode_id"]]
    assert all(s["score"] > plain[s["episode_id"]] for s in news)
    bad = run_cli(library, "up-next", "--minutes", "0")
    assert bad.returncode == 1
    assert bad.stderr.strip().endswith("--minutes must be between 1 and 1440.")
