"""Statistics after real listening: ``podcast-player play`` subprocesses on libVLC's dummy
output at two speeds, with a seek, across a local midnight, and the last one killed with
``kill -9``; then ``podcast-player stats --json`` as a user runs it.

The local midnight is put between the first session and the second by running ``stats``
in a time zone made for the purpose (``TZ`` with an offset in seconds): the sessions are
real, only the calendar they are read in is chosen.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from player.storage import HistoryRepo, SettingsRepo, Store
from tests.conftest import ROOT, run_cli
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory

SECOND_SPEED = 2.0
THIRD_SPEED = 1.5


def _play(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, "-m", "player", "--data-dir", str(data_dir), "play", *args,
         "--aout", "dummy", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[dict]:
    lines: queue.Queue[dict] = queue.Queue()

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put(json.loads(line))

    threading.Thread(target=read, daemon=True).start()
    return lines


def _session(data_dir: Path, *args: str) -> tuple[float, float]:
    """Play to the end of ``--for``; (first playing position, saved final position)."""
    proc = _play(data_dir, *args)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    reports = [json.loads(line) for line in out.splitlines()]
    assert reports[-1].get("saved") is True
    playing = [r for r in reports if r["state"] == "playing"]
    return float(playing[0]["position"]) if playing else 0.0, float(reports[-1]["position"])


def _posix_tz_with_midnight_at(instant: float) -> str:
    """A ``TZ`` value whose local midnight falls at ``instant`` (whole seconds)."""
    offset = int(-round(instant)) % 86_400
    if offset > 43_200:
        offset -= 86_400
    sign = "-" if offset >= 0 else "+"  # POSIX counts west of Greenwich as positive
    h, rest = divmod(abs(offset), 3600)
    m, s = divmod(rest, 60)
    return f"STATS{sign}{h:02d}:{m:02d}:{s:02d}"


@pytest.mark.slow
def test_statistics_after_scripted_listening(data_dir: Path, media: MediaFactory) -> None:
    store = Store(data_dir / "library.sqlite3")
    (episode_id,) = add_podcast(store, [item("tone", media.tone(120.0))], title="Tones")
    settings = SettingsRepo(store)
    settings.set("playback.save_interval_seconds", 0.5)  # kill -9 loses < 0.5 s
    rewind = float(settings.get("playback.resume_rewind_seconds"))  # resuming re-plays a little
    store.close()
    ep = str(episode_id)

    # 1: from the start at 1x for 4 s.
    _first, end1 = _session(data_dir, ep, "--for", "4")
    midnight = time.time() + 0.5
    time.sleep(1.0)
    # 2: a seek forward to 40 s, then 2x for 4 s.
    start2, end2 = _session(data_dir, ep, "--from", "40", "--rate", str(SECOND_SPEED), "--for", "4")
    assert start2 >= 39.5
    # 3: at 1.5x from where it stopped (less the resume rewind), killed with SIGKILL midway.
    start3 = max(0.0, end2 - rewind)
    proc = _play(data_dir, ep, "--rate", str(THIRD_SPEED))
    lines = _lines(proc)
    try:
        while True:
            line = lines.get(timeout=30)
            if line["state"] == "playing" and line["position"] >= start3 + 6:
                heard3 = float(line["position"])
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    media1, media2, media3 = end1, end2 - 40.0, heard3 - start3
    expected_media = media1 + media2 + media3
    expected_listened = media1 + media2 / SECOND_SPEED + media3 / THIRD_SPEED
    expected_speed_saved = media2 * (1 - 1 / SECOND_SPEED) + media3 * (1 - 1 / THIRD_SPEED)

    store = Store(data_dir / "library.sqlite3")
    events = HistoryRepo(store).list()
    store.close()
    assert len(events) == 3  # one span per session; the seek is not listening
    assert all(e.ended_at is not None for e in events)
    assert [e.rate for e in events] == [1.0, SECOND_SPEED, THIRD_SPEED]

    result = run_cli(data_dir, "stats", "--json", env={"TZ": _posix_tz_with_midnight_at(midnight)})
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["listened_seconds"] == pytest.approx(expected_listened, abs=1.0)
    assert stats["media_seconds"] == pytest.approx(expected_media, abs=1.0)
    saved = stats["saved_seconds"]
    assert saved["speed"] == pytest.approx(expected_speed_saved, abs=1.0)
    assert saved["silence"] == 0 and saved["skips"] == 0
    assert saved["total"] == pytest.approx(saved["speed"])
    assert stats["episodes_started"] == 1 and stats["episodes_finished"] == 0
    # The first session on the first day, the other two on the second.
    days = stats["buckets"]
    assert len(days) == 2
    assert days[0]["listened_seconds"] == pytest.approx(media1, abs=1.0)
    assert days[1]["listened_seconds"] == pytest.approx(
        media2 / SECOND_SPEED + media3 / THIRD_SPEED, abs=1.0
    )
    assert days[0]["media_seconds"] == pytest.approx(media1, abs=1.0)
    assert days[1]["media_seconds"] == pytest.approx(media2 + media3, abs=1.0)
