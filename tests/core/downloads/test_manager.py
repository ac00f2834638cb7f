"""The download manager against a real server on 127.0.0.1: landing, resume, refusals, errors,
priorities, limits, restart, delete."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from player.domain.downloads import DownloadStatus, FailureKind
from player.domain.errors import NotFoundError
from player.services.downloads.transfer import KEEP_PARTIAL, disk_error
from player.storage import EpisodeRepo
from player.storage.downloads import DownloadRepo
from tests.core.downloads.conftest import EventLog, Library, wait_until
from tests.support.http_server import LoopbackServer

RUNNING = DownloadStatus.RUNNING


def _files(library: Library) -> list[Path]:
    """Finished files under downloads/ (partial files live in the hidden .partial folder)."""
    return sorted(
        p for p in library.paths.downloads.rglob("*") if p.is_file() and ".partial" not in p.parts
    )


def _partial(library: Library, episode_id: int) -> Path:
    return library.paths.downloads / ".partial" / f"{episode_id}.part"


def test_download_lands_with_duration_chapters_and_playback_prefers_it(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    url = server.add("ep/one.mp3", media["demo.mp3"])
    podcast = library.add_podcast("Signal & Noise")
    [episode_id] = library.add_episodes(podcast, [("Up Next: Without Uploading?", url)])
    manager = library.manager()
    log = EventLog(manager)

    assert manager.enqueue([episode_id]) == [episode_id]
    assert manager.wait_idle(30)

    assert log.final(episode_id).status is DownloadStatus.DONE
    [landed] = _files(library)
    assert landed == library.paths.downloads / "Signal & Noise" / "Up Next_ Without Uploading.mp3"
    assert landed.read_bytes() == media["demo.mp3"].read_bytes()
    episodes = EpisodeRepo(library.store)
    episode = episodes.get(episode_id)
    assert episode.media_location == str(landed)
    assert episode.download_manual
    assert episode.duration == pytest.approx(131.2, abs=1.0)
    chapters = episodes.chapters(episode_id, "id3")
    assert [c.title for c in chapters][:2] == [
        "Welcome to the lab",
        "What your player already knows",
    ]
    record = DownloadRepo(library.store).get(episode_id)
    assert record is not None and record.status is DownloadStatus.DONE
    assert record.bytes_done == record.bytes_total == landed.stat().st_size
    assert not _partial(library, episode_id).exists()
    running = [e for e in log.events if e.status is RUNNING and e.bytes_total]
    assert running and running[-1].bytes_total == landed.stat().st_size


def test_dropped_connection_resumes_with_range_and_if_range(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    source = media["big.wav"].read_bytes()
    url = server.add("big.wav", media["big.wav"], "audio/wav")
    server.cut_first("big.wav", len(source) // 2)
    [episode_id] = library.add_episodes(library.add_podcast(), [("Big", url)])
    log = library.download([episode_id])

    assert log.final(episode_id).status is DownloadStatus.DONE
    first, second = server.requests_for("big.wav")
    assert "range" not in first.headers
    assert second.headers["range"] == f"bytes={len(source) // 2}-"
    assert second.headers["if-range"] == server.resources["/big.wav"].etag
    assert second.status == 206
    [landed] = _files(library)
    assert landed.suffix == ".wav"
    assert landed.read_bytes() == source


def test_server_without_range_support_restarts_cleanly(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    server.ranges = False
    source = media["big.wav"].read_bytes()
    url = server.add("big.wav", media["big.wav"], "audio/wav")
    server.cut_first("big.wav", len(source) // 3)
    [episode_id] = library.add_episodes(library.add_podcast(), [("Big", url)])
    library.download([episode_id])

    statuses = [r.status for r in server.requests_for("big.wav")]
    assert statuses == [200, 200]  # the Range request was answered with the whole file
    [landed] = _files(library)
    assert landed.read_bytes() == source  # no bytes doubled by appending a full body


def _start_throttled(library: Library, server: LoopbackServer, media: dict[str, Path]) -> EventLog:
    """A throttled download of big.wav that has written 100 kB; returns its event log."""
    server.throttle_bps = 2_000_000
    url = server.add("big.wav", media["big.wav"], "audio/wav")
    [episode_id] = library.add_episodes(library.add_podcast(), [("Big", url)])
    log = EventLog(library.manager())
    log.manager.enqueue([episode_id])
    log.wait_for(lambda e: e.status is RUNNING and e.bytes_done > 100_000)
    return log


def _start_then_pause(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> tuple[int, EventLog, bytes]:
    """A throttled download paused after it wrote something; returns id, log and source."""
    source = media["big.wav"].read_bytes()
    log = _start_throttled(library, server, media)
    manager = log.manager
    episode_id = log.events[0].episode_id
    assert manager.cancel(episode_id)
    paused = log.wait_for(lambda e: e.status is DownloadStatus.PAUSED)
    assert manager.wait_idle(10)
    partial = _partial(library, episode_id)
    assert partial.stat().st_size == paused.bytes_done > 100_000
    assert source.startswith(partial.read_bytes())
    record = DownloadRepo(library.store).get(episode_id)
    assert record is not None and record.status is DownloadStatus.PAUSED
    assert record.validator == server.resources["/big.wav"].etag
    return episode_id, log, source


def test_cancel_keeps_the_partial_file_and_enqueue_resumes(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    episode_id, _log, source = _start_then_pause(library, server, media)
    done_before = _partial(library, episode_id).stat().st_size
    server.throttle_bps = None

    library.download([episode_id])

    last = server.requests_for("big.wav")[-1]
    assert last.headers["range"] == f"bytes={done_before}-" and last.status == 206
    [landed] = _files(library)
    assert landed.read_bytes() == source


def test_a_changed_file_is_downloaded_again_from_the_start(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    episode_id, _log, _source = _start_then_pause(library, server, media)
    old_etag = server.resources["/big.wav"].etag
    server.throttle_bps = None
    server.replace("big.wav", media["huge.wav"])  # new content, new ETag

    library.download([episode_id])

    last = server.requests_for("big.wav")[-1]
    assert last.headers["if-range"] == old_etag and last.status == 200
    [landed] = _files(library)
    assert landed.read_bytes() == media["huge.wav"].read_bytes()


def test_restart_of_the_app_continues_what_was_running(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    source = media["big.wav"].read_bytes()
    log = _start_throttled(library, server, media)
    episode_id = log.events[0].episode_id
    log.manager.shutdown()
    record = DownloadRepo(library.store).get(episode_id)
    assert record is not None and record.status is DownloadStatus.QUEUED
    kept = _partial(library, episode_id).stat().st_size
    assert kept > 100_000

    server.throttle_bps = None
    second = library.manager()
    assert second.resume_pending() == [episode_id]
    assert second.wait_idle(30)

    last = server.requests_for("big.wav")[-1]
    assert last.headers["range"] == f"bytes={kept}-" and last.status == 206
    assert _files(library)[0].read_bytes() == source


def test_html_instead_of_audio_is_refused_and_nothing_lands(
    library: Library, server: LoopbackServer
) -> None:
    html_url = server.add_html("episode.mp3")
    disguised = server.add(
        "disguised.mp3", b"<html><body>login first</body></html>" * 4, "application/octet-stream"
    )
    ids = library.add_episodes(library.add_podcast(), [("A", html_url), ("B", disguised)])
    log = library.download(ids)

    page, wrong_bytes = log.final(ids[0]), log.final(ids[1])
    assert page.failure is wrong_bytes.failure is FailureKind.NOT_MEDIA
    assert page.error == "The server sent a web page (text/html) instead of audio or video."
    assert "not audio or video" in (wrong_bytes.error or "")
    assert _files(library) == []
    assert not any(_partial(library, i).exists() for i in ids)
    assert [EpisodeRepo(library.store).get(i).download_path for i in ids] == ["", ""]
    record = DownloadRepo(library.store).get(ids[0])
    assert record is not None and record.status is DownloadStatus.FAILED
    assert record.error == page.error


def test_404_is_reported_at_once_and_5xx_after_retries(
    library: Library, server: LoopbackServer
) -> None:
    missing = server.url("gone.mp3")
    broken = server.add_status("broken.mp3", 503)
    ids = library.add_episodes(library.add_podcast(), [("Gone", missing), ("Broken", broken)])
    log = library.download(ids, downloads__retries=2)

    gone, failing = log.final(ids[0]), log.final(ids[1])
    assert gone.failure is FailureKind.NOT_FOUND
    assert gone.error == "The server has no file at this address (HTTP 404: not found)."
    assert len(server.requests_for("gone.mp3")) == 1  # a 404 is not retried
    assert failing.failure is FailureKind.SERVER
    assert "temporary problem (HTTP 503: service unavailable)" in (failing.error or "")
    assert len(server.requests_for("broken.mp3")) == 3  # first try + 2 retries


def test_temporary_errors_are_retried_until_the_file_comes(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    url = server.add("flaky.mp3", media["tone.mp3"])
    server.fail_first("flaky.mp3", 503, 500)
    [episode_id] = library.add_episodes(library.add_podcast(), [("Flaky", url)])
    log = library.download([episode_id])

    assert log.final(episode_id).status is DownloadStatus.DONE
    assert [r.status for r in server.requests_for("flaky.mp3")] == [503, 500, 200]


def test_manual_downloads_go_before_automatic_ones(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    names = ["auto1.mp3", "auto2.mp3", "auto3.mp3", "manual.mp3"]
    urls = [server.add(n, media["tone.mp3"]) for n in names]
    gate = server.hold("auto1.mp3")
    ids = library.add_episodes(library.add_podcast(), list(zip(names, urls, strict=True)))
    manager = library.manager(downloads__parallel=1)

    manager.enqueue(ids[:3], manual=False)
    wait_until(lambda: server.arrivals == ["/auto1.mp3"], what="the first download to start")
    manager.enqueue(ids[3:], manual=True)
    gate.set()
    assert manager.wait_idle(30)

    assert server.arrivals == [
        f"/{n}" for n in ("auto1.mp3", "manual.mp3", "auto2.mp3", "auto3.mp3")
    ]
    records = {r.episode_id: r for r in DownloadRepo(library.store).list()}
    assert records[ids[3]].manual and not records[ids[0]].manual
    assert records[ids[3]].priority > records[ids[0]].priority


def test_parallel_transfers_respect_the_per_host_limit(
    library: Library, media: dict[str, Path]
) -> None:
    with LoopbackServer() as busy, LoopbackServer() as other:
        busy_urls = [busy.add(f"{i}.mp3", media["tone.mp3"]) for i in range(4)]
        gates = [busy.hold(f"{i}.mp3") for i in range(4)]
        other_url = other.add("x.mp3", media["tone.mp3"])
        podcast = library.add_podcast()
        ids = library.add_episodes(
            podcast, [(f"B{i}", u) for i, u in enumerate(busy_urls)] + [("O", other_url)]
        )
        manager = library.manager(downloads__parallel=3, downloads__per_host=2)
        manager.enqueue(ids[:4])
        wait_until(lambda: len(busy.arrivals) == 2, what="two requests to the busy host")
        # The third worker is free, but the busy host has its two: the other host's file
        # must start while the busy host's queue waits.
        manager.enqueue(ids[4:])
        wait_until(lambda: other.arrivals == ["/x.mp3"], what="the other host's request")
        assert len(busy.arrivals) == 2
        for gate in gates:
            gate.set()
        assert manager.wait_idle(30)
        assert len(busy.arrivals) == 4
        assert busy.max_active <= 2
        assert len({p.name for p in _files(library)}) == 5


def test_equal_titles_get_unique_names(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    urls = [server.add(f"{i}.mp3", media["tone.mp3"]) for i in range(3)]
    ids = library.add_episodes(library.add_podcast(), [("Same", u) for u in urls])
    library.download(ids)
    names = sorted(p.name for p in _files(library))
    assert names == ["Same (2).mp3", "Same (3).mp3", "Same.mp3"]


def test_delete_download_keeps_the_episode_and_its_position(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    url = server.add("one.mp3", media["demo.mp3"])
    [episode_id] = library.add_episodes(library.add_podcast(), [("One", url)])
    log = library.download([episode_id])
    episodes = EpisodeRepo(library.store)
    episodes.set_position(episode_id, 42.5)
    [landed] = _files(library)

    log.manager.delete_download(episode_id)

    assert not landed.exists()
    episode = episodes.get(episode_id)
    assert (episode.position, episode.download_path) == (42.5, "")
    assert episode.media_location == url
    assert episodes.chapters(episode_id, "id3")  # what the file taught us stays
    assert DownloadRepo(library.store).get(episode_id) is None
    assert log.events[-1].status is DownloadStatus.REMOVED


def test_a_file_outside_the_downloads_folder_is_never_deleted(
    library: Library, tmp_path: Path
) -> None:
    mine = tmp_path / "my-own.mp3"
    mine.write_bytes(b"ID3 keep me")
    [episode_id] = library.add_episodes(library.add_podcast(), [("Mine", "http://h.invalid/x")])
    EpisodeRepo(library.store).set_download(episode_id, str(mine), manual=True)
    library.manager().delete_download(episode_id)
    assert mine.read_bytes() == b"ID3 keep me"
    assert EpisodeRepo(library.store).get(episode_id).download_path == ""


def test_already_downloaded_and_undownloadable_episodes(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    url = server.add("one.mp3", media["tone.mp3"])
    ids = library.add_episodes(
        library.add_podcast(),
        [("One", url), ("No media", ""), ("Local", "file:///tmp/x.mp3"), ("Odd", "ftp://h/x")],
    )
    log = library.download(ids[:1])
    requests = len(server.requests)

    manager = log.manager
    assert manager.enqueue(ids) == []  # nothing left to queue
    assert manager.wait_idle(5)
    assert len(server.requests) == requests
    assert log.final(ids[0]).status is DownloadStatus.DONE
    for episode_id in ids[1:]:
        assert log.final(episode_id).failure is FailureKind.BAD_EPISODE
    assert "has no media file" in (log.final(ids[1]).error or "")
    with pytest.raises(NotFoundError, match="no episode with id 999"):
        manager.enqueue([999])


def test_disk_errors_are_one_clear_sentence(tmp_path: Path) -> None:
    target = tmp_path / "downloads" / ".partial" / "3.part"
    full = disk_error(OSError(errno.ENOSPC, "No space left on device"), target)
    assert full.kind is FailureKind.DISK
    assert str(full).startswith("The disk is full")
    assert "kept to resume later" in str(full)
    denied = disk_error(PermissionError(errno.EACCES, "Permission denied"), target)
    assert str(denied).startswith("No permission to write in")
    big = disk_error(OSError(errno.EFBIG, "File too large"), target)
    assert "file-size limit" in str(big)


def test_a_server_that_keeps_dropping_the_connection_fails_with_the_partial_kept(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    source = media["big.wav"].read_bytes()
    url = server.add("big.wav", media["big.wav"], "audio/wav")
    server.cut_first("big.wav", 100_000, 100_000)
    [episode_id] = library.add_episodes(library.add_podcast(), [("Big", url)])

    log = library.download([episode_id], downloads__retries=1)

    end = log.final(episode_id)
    assert end.failure is FailureKind.SERVER
    assert end.error == "The server closed the connection too early; " + KEEP_PARTIAL + "."
    partial = _partial(library, episode_id)
    assert partial.stat().st_size == 200_000 == end.bytes_done
    assert source.startswith(partial.read_bytes())
    assert _files(library) == []


def test_a_complete_partial_file_left_by_a_crash_is_not_fetched_again(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    source = media["tone.mp3"].read_bytes()
    url = server.add("one.mp3", media["tone.mp3"])
    [episode_id] = library.add_episodes(library.add_podcast(), [("One", url)])
    repo = DownloadRepo(library.store)
    repo.enqueue(episode_id, manual=True, priority=10)
    repo.set_response(episode_id, server.resources["/one.mp3"].etag, len(source), len(source))
    partial = _partial(library, episode_id)
    partial.parent.mkdir(parents=True)
    partial.write_bytes(source)  # every byte arrived; the crash came before the move

    library.download([episode_id])

    [request] = server.requests_for("one.mp3")
    assert request.headers["range"] == f"bytes={len(source)}-" and request.status == 416
    assert _files(library)[0].read_bytes() == source
