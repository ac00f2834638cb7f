"""TranscriptService: the demo's local transcripts, HTTP with a cache, fallbacks, the index."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest

from player.domain.models import Transcript
from player.domain.transcript import TranscriptError
from player.services.demo_library import ensure_demo_library
from player.services.transcripts import RETRY_SECONDS, TranscriptService
from player.storage import EpisodeRepo, Store
from tests.support.http_server import LoopbackServer
from tests.support.library import add_podcast, item

VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hello from the loopback server\n"
SRT = b"1\n00:00:05,000 --> 00:00:06,000\nBob: the fallback subtitles\n"


def _episode(store: Store, *links: Transcript) -> int:
    (episode_id,) = add_podcast(
        store, [replace(item("e", "https://example.org/e.mp3"), transcripts=links)]
    )
    return episode_id


def test_demo_episode_reads_its_local_vtt_and_indexes_it(store: Store) -> None:
    ensure_demo_library(store)
    episode = next(e for e in EpisodeRepo(store).list() if "Shape of Sound" in e.title)
    transcript = TranscriptService(store, languages=["en"]).for_episode(episode.id)
    assert transcript is not None
    assert transcript.url.startswith("file:") and transcript.url.endswith(".vtt")
    assert (transcript.type, transcript.language) == ("text/vtt", "en")
    first = transcript.segments[0]
    assert (first.start, first.speaker, first.text) == (
        1.46,
        "Host",
        "Welcome back to Signal & Noise.",
    )
    hits = TranscriptService(store).search("half remember")
    assert [(h.episode_id, h.start) for h in hits] == [(episode.id, 8.168)]
    assert "[half] [remember]" in hits[0].snippet


def test_http_transcript_is_cached_then_revalidated(store: Store) -> None:
    with LoopbackServer() as server:
        url = server.add("/t.vtt", VTT, "text/vtt")
        episode_id = _episode(store, Transcript(url, "text/vtt", "en"))
        now = [time.time()]
        service = TranscriptService(store, languages=["en"], clock=lambda: now[0])
        first = service.for_episode(episode_id)
        assert first is not None and first.segments[0].speaker == "Ann"
        assert service.for_episode(episode_id) == first
        assert len(server.requests_for("/t.vtt")) == 1  # fresh: no request
        now[0] += 8 * 24 * 3600
        assert service.for_episode(episode_id) == first
        seen = server.requests_for("/t.vtt")
        assert len(seen) == 2 and seen[1].status == 304
        assert "if-none-match" in seen[1].headers
    assert [h.episode_id for h in service.search("loopback")] == [episode_id]


def test_a_failing_link_is_remembered_and_the_next_one_read(store: Store) -> None:
    with LoopbackServer() as server:
        bad = server.add_status("/gone.vtt", 404)
        good = server.add("/t.srt", SRT, "application/x-subrip")
        episode_id = _episode(
            store, Transcript(good, "application/x-subrip", "en"), Transcript(bad, "text/vtt", "en")
        )
        now = [time.time()]
        service = TranscriptService(store, languages=["en"], clock=lambda: now[0])
        transcript = service.for_episode(episode_id)
        assert transcript is not None and transcript.url == good  # VTT first, it failed
        assert transcript.segments[0].speaker == "Bob"
        service.for_episode(episode_id)
        assert len(server.requests_for("/gone.vtt")) == 1  # remembered: not asked again
        now[0] += RETRY_SECONDS + 1
        service.for_episode(episode_id)
        assert len(server.requests_for("/gone.vtt")) == 2  # tried again after a day


def test_every_link_failing_raises_one_sentence(store: Store) -> None:
    with LoopbackServer() as server:
        html = server.add("/t.html", b"<p>x</p><script>alert(1)</script>", "text/html")
        episode_id = _episode(store, Transcript(html, "text/html"))
        service = TranscriptService(store)
        with pytest.raises(TranscriptError, match="scripts"):
            service.for_episode(episode_id)
        with pytest.raises(TranscriptError, match="scripts"):  # remembered, same sentence
            service.for_episode(episode_id)
    assert service.index(episode_id) is False


def test_network_error_is_clear(store: Store) -> None:
    episode_id = _episode(store, Transcript("http://127.0.0.1:9/t.vtt", "text/vtt"))
    with pytest.raises(TranscriptError, match="Cannot fetch the transcript"):
        TranscriptService(store).for_episode(episode_id)


def test_no_links_is_none(store: Store) -> None:
    assert TranscriptService(store).for_episode(_episode(store)) is None


def test_oversized_body_is_refused(store: Store) -> None:
    with LoopbackServer() as server:
        url = server.add("/big.vtt", b"WEBVTT\n\n" + b"x" * (17 * 1024 * 1024), "text/vtt")
        episode_id = _episode(store, Transcript(url, "text/vtt"))
        with pytest.raises(TranscriptError, match="too large"):
            TranscriptService(store).for_episode(episode_id)


def test_changed_transcript_replaces_its_rows(store: Store) -> None:
    with LoopbackServer(validators=()) as server:
        url = server.add("/t.vtt", VTT, "text/vtt")
        episode_id = _episode(store, Transcript(url, "text/vtt"))
        now = [time.time()]
        service = TranscriptService(store, clock=lambda: now[0])
        service.for_episode(episode_id)
        server.add("/t.vtt", VTT.replace(b"loopback server", b"second edition"), "text/vtt")
        now[0] += 8 * 24 * 3600
        service.for_episode(episode_id)
        assert service.search("loopback") == []
        assert [h.episode_id for h in service.search("edition")] == [episode_id]


def test_missing_local_file_is_a_clear_error_and_the_next_link_is_read(
    store: Store, tmp_path
) -> None:
    srt = tmp_path / "t.srt"
    srt.write_bytes(SRT)
    missing = (tmp_path / "gone.vtt").as_uri()
    episode_id = _episode(
        store, Transcript(missing, "text/vtt"), Transcript(srt.as_uri(), "application/srt")
    )
    service = TranscriptService(store)
    transcript = service.for_episode(episode_id)
    assert transcript is not None and transcript.url == srt.as_uri()
    assert service.repo.failures([missing])[missing][0].startswith(
        "Cannot read the transcript file gone.vtt"
    )


def test_a_changed_local_file_is_indexed_again(store: Store, tmp_path) -> None:
    path = tmp_path / "t.vtt"
    path.write_bytes(VTT)
    episode_id = _episode(store, Transcript(path.as_uri(), "text/vtt"))
    service = TranscriptService(store)
    service.for_episode(episode_id)
    indexed_at = store.scalar("SELECT indexed_at FROM transcript_index")
    service.for_episode(episode_id)
    assert store.scalar("SELECT indexed_at FROM transcript_index") == indexed_at  # unchanged
    path.write_bytes(VTT.replace(b"loopback server", b"edited local file"))
    os.utime(path, ns=(1, 1))
    assert service.for_episode(episode_id).segments[0].text == "Hello from the edited local file"
    assert service.search("loopback") == []
    assert [h.episode_id for h in service.search("edited")] == [episode_id]
