"""A finished download's transcript is fetched and indexed on a thread of its own."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from player.domain.feed import FeedDocument, FeedItem
from player.domain.models import Transcript
from player.storage.feed_writer import write_feed
from player.storage.transcripts import TranscriptRepo
from tests.core.downloads.conftest import Library, wait_until
from tests.support.http_server import LoopbackServer

VTT = b"WEBVTT\n\n00:00:02.000 --> 00:00:04.000\n<v Ann>Downloaded words are searchable\n"


def test_download_done_indexes_the_transcript_off_the_worker(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    audio = server.add("/e.mp3", media["tone.mp3"])
    vtt = server.add("/t.vtt", VTT, "text/vtt")
    podcast_id = library.add_podcast()
    item = replace(
        FeedItem(guid="g", title="With words", enclosure_url=audio),
        transcripts=(Transcript(vtt, "text/vtt", "en"),),
    )
    write_feed(library.store, podcast_id, FeedDocument(title="Show", items=[item]))
    (episode_id,) = [r["id"] for r in library.store.query("SELECT id FROM episodes")]
    threads: list[str] = []
    manager = library.manager()
    original = manager.transcripts.service.index

    def spy(eid: int) -> bool:
        threads.append(threading.current_thread().name)
        return original(eid)

    manager.transcripts.service.index = spy  # type: ignore[method-assign]
    manager.enqueue([episode_id])
    assert manager.wait_idle(30)
    repo = TranscriptRepo(library.store)
    wait_until(lambda: repo.indexed_url(episode_id) == vtt, what="the transcript index")
    assert [(h.episode_id, h.start) for h in repo.search("searchable")] == [(episode_id, 2.0)]
    assert threads and all(name.startswith("transcript-index") for name in threads)
    manager.shutdown()
    assert manager.transcripts.submit(episode_id) is None  # closed with the manager
