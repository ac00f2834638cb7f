"""The store's analyses and the service: saved and read back, re-run when the analyser
changes, nothing stored for a file that is not audio, streams refused with a reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from player.audio import analysis as analysis_module
from player.audio.analysis import ANALYSER, AudioAnalysisError
from player.domain.audio import AudioAnalysis
from player.domain.errors import NotFoundError, PlayerError
from player.services.audio_analysis import AudioAnalysisService, NeedsDownloadError
from player.storage import EpisodeRepo, Store
from player.storage.audio_analysis import AudioAnalysisRepo
from tests.core.audio.conftest import MakeTrack
from tests.support.library import add_podcast, item


def _downloaded(store: Store, tmp_path: Path, source: Path, guid: str = "e1") -> int:
    """An episode streamed from a URL whose file has been downloaded to ``tmp_path``."""
    (episode_id,) = add_podcast(store, [item(guid, f"https://example.org/{guid}.mp3")])
    local = tmp_path / f"{guid}{source.suffix}"
    shutil.copyfile(source, local)
    EpisodeRepo(store).set_download(episode_id, str(local))
    return episode_id


def test_round_trip_through_the_store(store: Store) -> None:
    (episode_id,) = add_podcast(store, [item("e1", "https://example.org/e1.mp3")])
    analysis = AudioAnalysis(
        analyser="x/1",
        source="download",
        duration=12.5,
        loudness_lufs=-18.25,
        true_peak_dbtp=-0.5,
        speech_level=-19.0,
        speech_seconds=10.0,
        silences=((0.0, 0.5), (4.25, 5.0)),
        analysed_upto=12.5,
    )
    repo = AudioAnalysisRepo(store)
    assert repo.get(episode_id) is None
    repo.save(episode_id, analysis)
    assert repo.get(episode_id) == analysis
    repo.save(episode_id, AudioAnalysis(**{**analysis.__dict__, "loudness_lufs": None}))
    stored = repo.get(episode_id)
    assert stored is not None and stored.loudness_lufs is None


def test_analyse_stores_and_reuses(store: Store, tmp_path: Path, speech_track: MakeTrack) -> None:
    episode_id = _downloaded(store, tmp_path, speech_track().path)
    service = AudioAnalysisService(store)
    repo = AudioAnalysisRepo(store)
    assert repo.stale_or_missing(ANALYSER, 10) == [episode_id]
    first = service.analyse(episode_id)
    assert repo.get(episode_id) == first
    assert repo.stale_or_missing(ANALYSER, 10) == []
    # The stored one is used: the file can go, the answer stays (no decode).
    Path(EpisodeRepo(store).get(episode_id).download_path).write_bytes(b"overwritten")
    assert service.analyse(episode_id) == first


def test_a_new_analyser_re_runs(
    store: Store, tmp_path: Path, speech_track: MakeTrack, monkeypatch: pytest.MonkeyPatch
) -> None:
    episode_id = _downloaded(store, tmp_path, speech_track().path)
    repo = AudioAnalysisRepo(store)
    old = AudioAnalysis("r128-frames/0", "download", 1.0, -40.0, -20.0, -41.0, 0.5, (), 1.0)
    repo.save(episode_id, old)
    assert repo.stale_or_missing(ANALYSER, 10) == [episode_id]
    fresh = AudioAnalysisService(store).analyse(episode_id)
    assert fresh.analyser == ANALYSER and fresh.loudness_lufs != old.loudness_lufs
    assert repo.get(episode_id) == fresh
    # And when the analyser's version moves on, the stored analysis is stale again.
    monkeypatch.setattr(analysis_module, "ANALYSER", "r128-frames/99")
    assert AudioAnalysisService(store).current(episode_id) is None
    assert repo.stale_or_missing("r128-frames/99", 10) == [episode_id]
    assert AudioAnalysisService(store).catch_up() == [episode_id]
    stored = repo.get(episode_id)
    assert stored is not None and stored.analyser == "r128-frames/99"
    assert AudioAnalysisService(store).current(episode_id) == stored


def test_a_broken_file_stores_nothing(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "source.mp3"
    bad.write_bytes(b"<html>404 page, not an episode</html>\n" * 100)
    episode_id = _downloaded(store, tmp_path, bad)
    with pytest.raises(AudioAnalysisError, match="cannot be analysed"):
        AudioAnalysisService(store).analyse(episode_id)
    assert AudioAnalysisRepo(store).get(episode_id) is None
    assert AudioAnalysisService(store).catch_up() == []  # logged and skipped, not raised


def test_a_stream_needs_a_download(store: Store) -> None:
    (episode_id,) = add_podcast(store, [item("e1", "https://example.org/e1.mp3")])
    with pytest.raises(NeedsDownloadError, match="download it first") as caught:
        AudioAnalysisService(store).analyse(episode_id)
    assert isinstance(caught.value, PlayerError)
    assert AudioAnalysisRepo(store).stale_or_missing(ANALYSER, 10) == []


def test_a_local_enclosure_is_analysed_in_place(store: Store, speech_track: MakeTrack) -> None:
    (episode_id,) = add_podcast(store, [item("e1", speech_track().path)])
    assert AudioAnalysisService(store).analyse(episode_id).loudness_lufs is not None


def test_an_unknown_episode(store: Store) -> None:
    with pytest.raises(NotFoundError):
        AudioAnalysisService(store).analyse(999)
