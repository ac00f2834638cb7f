"""``analyze EPISODE_ID [--json]`` in a subprocess, as a user runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from player.audio.analysis import ANALYSER
from player.domain.audio import SHORTEST_SILENCE
from player.storage import EpisodeRepo, Store
from player.storage.audio_analysis import AudioAnalysisRepo
from tests.conftest import run_cli
from tests.core.audio.conftest import MakeTrack
from tests.support.library import add_podcast, item
from tests.support.speech_audio import ebur128


def _library(data_dir: Path, media: Path | None) -> int:
    store = Store(data_dir / "library.sqlite3")
    try:
        (episode_id,) = add_podcast(store, [item("e1", "https://example.org/e1.mp3")])
        if media is not None:
            local = data_dir / "e1.mp3"
            shutil.copyfile(media, local)
            EpisodeRepo(store).set_download(episode_id, str(local))
        return episode_id
    finally:
        store.close()


def test_analyze_json_fields(data_dir: Path, speech_track: MakeTrack) -> None:
    track = speech_track(target_lufs=-16.0)
    episode_id = _library(data_dir, track.path)
    result = run_cli(data_dir, "analyze", str(episode_id), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"loudness_lufs", "true_peak_dbtp", "silences", "speech_seconds",
                         "analyser", "duration", "source"}  # fmt: skip
    assert data["analyser"] == ANALYSER and data["source"] == "download"
    assert abs(data["loudness_lufs"] - ebur128(track.path)[0]) <= 0.5
    assert all(isinstance(pair, list) and len(pair) == 2 for pair in data["silences"])
    expected = [s for s in track.silences if s[1] - s[0] >= SHORTEST_SILENCE]
    assert len(data["silences"]) == len(expected)
    store = Store(data_dir / "library.sqlite3")
    try:
        stored = AudioAnalysisRepo(store).get(episode_id)
    finally:
        store.close()
    assert stored is not None and stored.loudness_lufs == data["loudness_lufs"]
    text = run_cli(data_dir, "analyze", str(episode_id))
    assert text.returncode == 0, text.stderr
    assert f"Loudness:       {data['loudness_lufs']:.1f} LUFS" in text.stdout
    assert f"{len(expected)} of 0.35 s or more" in text.stdout


def test_analyze_errors_are_one_sentence(data_dir: Path) -> None:
    episode_id = _library(data_dir, None)
    result = run_cli(data_dir, "analyze", str(episode_id))
    assert result.returncode == 1
    assert "is not downloaded" in result.stderr and "Traceback" not in result.stderr
    missing = run_cli(data_dir, "analyze", "4242")
    assert missing.returncode == 1 and "4242" in missing.stderr


def test_analyze_a_broken_download(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"\xff\xfb" + bytes(5000))
    episode_id = _library(data_dir, bad)
    result = run_cli(data_dir, "analyze", str(episode_id), "--json")
    assert result.returncode == 1
    assert "cannot be analysed" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
