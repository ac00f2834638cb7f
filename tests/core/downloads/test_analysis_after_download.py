"""A finished download's audio is analysed on a thread of its own (for smart audio)."""

from __future__ import annotations

import threading
from pathlib import Path

from player.audio.analysis import ANALYSER
from player.domain.feed import FeedDocument, FeedItem
from player.storage.audio_analysis import AudioAnalysisRepo
from player.storage.feed_writer import write_feed
from tests.core.downloads.conftest import Library, wait_until
from tests.support.http_server import LoopbackServer


def test_download_done_analyses_the_audio_off_the_worker(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    audio = server.add("/e.mp3", media["tone.mp3"])
    podcast_id = library.add_podcast()
    item = FeedItem(guid="g", title="To analyse", enclosure_url=audio)
    write_feed(library.store, podcast_id, FeedDocument(title="Show", items=[item]))
    (episode_id,) = [r["id"] for r in library.store.query("SELECT id FROM episodes")]
    threads: list[str] = []
    manager = library.manager()
    original = manager.analysis.service.analyse

    def spy(eid: int, force: bool = False):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return original(eid, force)

    manager.analysis.service.analyse = spy  # type: ignore[method-assign]
    repo = AudioAnalysisRepo(library.store)
    manager.enqueue([episode_id])
    assert manager.wait_idle(30)
    wait_until(lambda: repo.get(episode_id) is not None, what="the audio analysis")
    analysis = repo.get(episode_id)
    assert analysis is not None and analysis.analyser == ANALYSER
    assert analysis.loudness_lufs is not None and abs(analysis.duration - 1.0) < 0.1
    assert threads and all(name.startswith("audio-analysis") for name in threads)
    manager.shutdown()
    assert manager.analysis.submit(episode_id) is None  # closed with the manager
