"""``podcast-player stats`` as a user runs it: the JSON fields, the rows, the 80 columns."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from player.storage import Store
from tests.conftest import run_cli
from tests.support.listening_log import seed_habits

SAVED_PARTS = {"total", "speed", "silence", "skips"}
UTC_ENV = {"TZ": "UTC"}
"""Every run reads the calendar in UTC, as the test works out its dates."""
BUCKET_FIELDS = {"key", "label", "listened_seconds", "media_seconds", "saved_seconds", "episodes"}


@pytest.fixture
def listened(data_dir: Path) -> Path:
    store = Store(data_dir / "library.sqlite3")
    seed_habits(store, 120, time.time())
    store.close()
    return data_dir


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _stats(data_dir: Path, *args: str) -> dict:
    result = run_cli(data_dir, "stats", *args, "--json", env=UTC_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_fields_and_rows(listened: Path) -> None:
    since = datetime.now(UTC).date() - timedelta(days=13)
    result = run_cli(listened, "stats", "--since", since.isoformat(), "--json", env=UTC_ENV)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    for field in (
        "listened_seconds", "media_seconds", "saved_seconds", "episodes_started",
        "episodes_finished", "buckets",
    ):  # fmt: skip
        assert field in stats, field
    assert stats["since"] == since.isoformat() and stats["by"] == "day"
    assert set(stats["saved_seconds"]) == SAVED_PARTS
    saved = stats["saved_seconds"]
    assert saved["total"] == pytest.approx(saved["speed"] + saved["silence"] + saved["skips"])
    assert len(stats["buckets"]) == 14
    assert all(set(b) == BUCKET_FIELDS for b in stats["buckets"])
    assert stats["buckets"][0]["key"] == since.isoformat()
    assert sum(b["listened_seconds"] for b in stats["buckets"]) == pytest.approx(
        stats["listened_seconds"], abs=0.1
    )
    assert stats["listened_seconds"] < stats["media_seconds"]  # mostly above 1x
    assert len(stats["heatmap"]) == 7 and all(len(row) == 24 for row in stats["heatmap"])


def test_by_show_and_by_week(listened: Path) -> None:
    shows = _stats(listened, "--by", "show")
    labels = [b["label"] for b in shows["buckets"]]
    assert labels[0] == "Morning News" and len(labels) == 5
    weeks = _stats(listened, "--by", "week")
    assert all(b["key"][4:6] == "-W" for b in weeks["buckets"])
    assert sum(b["listened_seconds"] for b in weeks["buckets"]) == pytest.approx(
        shows["listened_seconds"], abs=0.1
    )


def test_the_text_fits_80_columns(listened: Path) -> None:
    for args in ((), ("--by", "show"), ("--by", "week"), ("--year", _today()[:4])):
        result = run_cli(listened, "stats", *args, env=UTC_ENV)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[1].startswith("  Listened")
        assert max(len(line) for line in lines) <= 80, args


def test_the_yearly_review_json(listened: Path) -> None:
    review = _stats(listened, "--year", _today()[:4])
    assert review["longest_streak"]["days"] >= 1
    assert review["top_shows"] and review["busiest_day"]["listened_seconds"] > 0


def test_a_bad_date_is_refused(data_dir: Path) -> None:
    result = run_cli(data_dir, "stats", "--since", "yesterday")
    assert result.returncode == 2
    assert "not a date (YYYY-MM-DD)" in result.stderr
