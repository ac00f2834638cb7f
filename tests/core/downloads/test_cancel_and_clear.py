"""What the downloads view relies on in the manager: events that name the episode, a cancel
that leaves nothing half-written, clearing finished rows, and sentences without ids."""

from __future__ import annotations

from pathlib import Path

from player.domain.downloads import DownloadStatus
from player.domain.models import Episode
from player.services.downloads.eligible import can_download
from player.storage import EpisodeRepo
from player.storage.downloads import DownloadRepo
from tests.core.downloads.conftest import EventLog, Library
from tests.support.http_server import LoopbackServer


def test_events_name_the_episode_and_podcast(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    url = server.add("one.mp3", media["tone.mp3"])
    podcast = library.add_podcast("Morning Show")
    [episode_id] = library.add_episodes(podcast, [("Tuesday", url)])
    log = library.download([episode_id])
    assert {(e.episode_title, e.podcast_title) for e in log.events} == {("Tuesday", "Morning Show")}
    assert {e.status for e in log.events} >= {DownloadStatus.RUNNING, DownloadStatus.DONE}


def test_cancel_with_discard_deletes_the_partial_file(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    server.throttle_bps = 1_000_000
    url = server.add("big.wav", media["big.wav"], "audio/wav")
    waiting_url = server.add("small.mp3", media["tone.mp3"])
    ids = library.add_episodes(library.add_podcast(), [("Big", url), ("Waiting", waiting_url)])
    manager = library.manager(downloads__parallel=1)
    log = EventLog(manager)
    manager.enqueue(ids)
    log.wait_for(lambda e: e.status is DownloadStatus.RUNNING and e.bytes_done > 50_000)
    partial = library.paths.downloads / ".partial" / f"{ids[0]}.part"
    assert partial.is_file()

    assert manager.cancel(ids[1], discard=True)  # still waiting for the only worker
    assert manager.cancel(ids[0], discard=True)  # running
    assert manager.wait_idle(10)
    assert not partial.exists()
    assert [p for p in library.paths.downloads.rglob("*") if p.is_file()] == []
    repo = DownloadRepo(library.store)
    assert {repo.get(i).status for i in ids} == {DownloadStatus.PAUSED}

    server.throttle_bps = None  # Retry starts again from nothing and lands the whole file
    manager.enqueue([ids[0]])
    assert manager.wait_idle(20)
    landed = Path(EpisodeRepo(library.store).get(ids[0]).download_path)
    assert landed.read_bytes() == media["big.wav"].read_bytes()
    assert server.requests_for("big.wav")[-1].headers.get("range") is None


def test_clear_finished_forgets_failed_and_cancelled_rows_only(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    good = server.add("good.mp3", media["tone.mp3"])
    gone = server.add_status("gone.mp3", 404)
    ids = library.add_episodes(library.add_podcast(), [("Good", good), ("Gone", gone)])
    log = library.download(ids)
    manager = log.manager
    assert log.final(ids[1]).status is DownloadStatus.FAILED

    assert not manager.clear_finished(ids[0])  # done: the file and its row stay
    assert manager.clear_finished(ids[1])
    repo = DownloadRepo(library.store)
    assert repo.get(ids[1]) is None and repo.get(ids[0]).status is DownloadStatus.DONE
    assert log.events[-1].status is DownloadStatus.REMOVED
    assert log.events[-1].episode_title == "Gone"
    assert Path(EpisodeRepo(library.store).get(ids[0]).download_path).is_file()


def test_refusals_name_no_episode_id(library: Library) -> None:
    ids = library.add_episodes(
        library.add_podcast(),
        [("No media", ""), ("Local", "file:///tmp/x.mp3"), ("Odd", "ftp://h/x")],
    )
    log = library.download(ids)
    for episode_id in ids:
        error = log.final(episode_id).error or ""
        assert error.startswith("The episode") and str(episode_id) not in error, error


def test_can_download_only_remote_media_not_yet_downloaded() -> None:
    def episode(url: str, path: str = "") -> Episode:
        return Episode(1, 1, "g", "T", enclosure_url=url, download_path=path)

    assert can_download(episode("https://cdn.example/a.mp3"))
    assert can_download(episode("http://cdn.example/a.mp3"))
    assert not can_download(episode("https://cdn.example/a.mp3", "/data/downloads/a.mp3"))
    assert not can_download(episode("file:///home/me/a.mp3"))
    assert not can_download(episode("/home/me/a.mp3"))
    assert not can_download(episode(""))
    assert not can_download(episode("ftp://h/a.mp3"))
