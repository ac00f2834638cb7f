"""Fixtures for download tests: real media made by ffmpeg, a real 127.0.0.1 server, a library
on a real SQLite file, and managers that are always shut down."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from player.domain.downloads import DownloadEvent, DownloadStatus
from player.domain.feed import FeedDocument, FeedItem
from player.paths import DataPaths
from player.services.downloads import DownloadManager
from player.storage import PodcastRepo, Store
from player.storage.feed_writer import write_feed
from tests.support.http_server import LoopbackServer

ROOT = Path(__file__).resolve().parents[3]
DEMO_EPISODE = ROOT / "player" / "demo" / "episodes" / "01-up-next-without-uploading.mp3"

_FORMATS = {
    "tone.mp3": ["-c:a", "libmp3lame", "-b:a", "64k"],
    "tone.ogg": ["-c:a", "libvorbis"],
    "tone.opus": ["-c:a", "libopus"],
    "tone.flac": ["-c:a", "flac"],
    "tone.wav": ["-c:a", "pcm_s16le"],
    "tone.m4a": ["-c:a", "aac"],
    "tone.aac": ["-c:a", "aac", "-f", "adts"],
    "tone.webm": ["-c:a", "libopus", "-f", "webm"],
}


def ffmpeg_tone(target: Path, seconds: float, codec_args: list[str], stereo: bool = False) -> Path:
    """A sine tone encoded by ffmpeg (real media, made on the spot)."""
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"sine=frequency=440:duration={seconds}", "-ac", "2" if stereo else "1",
         *codec_args, str(target)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return target


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One short file per format podcasts use, a 2 MB WAV and a 4 MB WAV, and the demo MP3
    (which carries ID3 chapters)."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is required by the download tests (it makes their media)")
    folder = tmp_path_factory.mktemp("media")
    files = {name: ffmpeg_tone(folder / name, 1.0, args) for name, args in _FORMATS.items()}
    files["big.wav"] = ffmpeg_tone(folder / "big.wav", 12.0, ["-c:a", "pcm_s16le"], stereo=True)
    files["huge.wav"] = ffmpeg_tone(folder / "huge.wav", 24.0, ["-c:a", "pcm_s16le"], stereo=True)
    files["demo.mp3"] = DEMO_EPISODE
    return files


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A running range server (Range on, full speed) for one test."""
    with LoopbackServer() as srv:
        yield srv


@dataclass
class Library:
    """A data folder with a real SQLite library, and helpers to fill it."""

    paths: DataPaths
    store: Store
    managers: list[DownloadManager] = field(default_factory=list)

    def add_podcast(self, title: str = "Show", url: str = "http://feeds.invalid/show") -> int:
        """A subscription (its feed is never fetched here)."""
        return PodcastRepo(self.store).add(url, title=title)

    def add_episodes(
        self, podcast_id: int, items: list[tuple[str, str]], first_published: float = 1.7e9
    ) -> list[int]:
        """Episodes from (title, enclosure URL) pairs, later ones published later."""
        feed_items = [
            FeedItem(
                guid=f"{podcast_id}-{i}-{title}",
                title=title,
                enclosure_url=url,
                published=first_published + i * 3600,
            )
            for i, (title, url) in enumerate(items)
        ]
        title = PodcastRepo(self.store).get(podcast_id).title
        write_feed(self.store, podcast_id, FeedDocument(title=title, items=feed_items))
        guids = [item.guid for item in feed_items]
        rows = self.store.query(
            f"SELECT id, guid FROM episodes WHERE guid IN ({','.join('?' * len(guids))})",
            tuple(guids),
        )
        by_guid = {r["guid"]: r["id"] for r in rows}
        return [by_guid[g] for g in guids]

    def manager(self, **settings: Any) -> DownloadManager:
        """A manager with quick retries unless told otherwise; shut down after the test."""
        values: dict[str, Any] = {"downloads.retry_backoff_seconds": 0.01}
        values.update({k.replace("__", "."): v for k, v in settings.items()})
        manager = DownloadManager(self.store, self.paths, settings=values)
        self.managers.append(manager)
        return manager

    def download(self, episode_ids: list[int], manual: bool = True, **settings: Any) -> EventLog:
        """Run downloads with a fresh manager to the end; returns what it reported."""
        manager = self.manager(**settings)
        log = EventLog(manager)
        manager.enqueue(episode_ids, manual=manual)
        assert manager.wait_idle(30)
        return log


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    """An empty library in a temporary data folder."""
    paths = DataPaths(data_dir).ensure()
    lib = Library(paths=paths, store=Store(paths.database))
    yield lib
    for manager in lib.managers:
        manager.shutdown()
    lib.store.close()


class EventLog:
    """Collects a manager's events; lets a test wait for one without sleeping blindly."""

    def __init__(self, manager: DownloadManager) -> None:
        self.manager = manager
        self.events: list[DownloadEvent] = []
        self._cond = threading.Condition()
        manager.subscribe(self._add)

    def _add(self, event: DownloadEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(
        self, predicate: Callable[[DownloadEvent], bool], timeout: float = 20
    ) -> DownloadEvent:
        """The first event matching ``predicate`` (waiting for it to arrive)."""
        with self._cond:
            found: list[DownloadEvent] = []

            def match() -> bool:
                found[:] = [e for e in self.events if predicate(e)]
                return bool(found)

            assert self._cond.wait_for(match, timeout), "the expected download event never came"
            return found[0]

    def final(self, episode_id: int) -> DownloadEvent:
        """The last DONE/FAILED event of an episode."""
        ends = [
            e
            for e in self.events
            if e.episode_id == episode_id
            and e.status in (DownloadStatus.DONE, DownloadStatus.FAILED)
        ]
        assert ends, f"episode {episode_id} never finished"
        return ends[-1]


def wait_until(predicate: Callable[[], bool], timeout: float = 20, what: str = "condition") -> None:
    """Poll a condition that no event announces (a file's size in another process)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)
