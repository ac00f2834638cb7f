"""The bundled demo podcast is complete and consistent (audio, chapters, transcript, feed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from player.domain.models import Podcast
from player.feeds.parse import parse_feed
from player.resources import demo_feed
from player.services.library import LibraryService, is_own_subscription
from player.services.sync import ensure_demo_library, import_local_feed
from player.storage import EpisodeRepo, PodcastRepo, Store
from tests.conftest import ROOT


def test_generated_files_agree_with_the_feed() -> None:
    result = subprocess.run(
        [sys.executable, "seeds/generate.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_feed_maps_to_local_media() -> None:
    feed = demo_feed()
    assert feed is not None
    doc = parse_feed(feed.read_bytes(), feed.resolve().as_uri())
    assert len(doc.items) == 4
    for item in doc.items:
        assert item.enclosure_url.startswith("file://")
        assert Path(url2pathname(urlsplit(item.enclosure_url).path)).is_file()
        assert item.chapters_url.endswith(".json")
        assert item.transcripts and item.transcripts[0].type == "text/vtt"
        assert item.duration and 60 < item.duration < 200


def test_demo_is_small_enough_to_commit() -> None:
    size = sum(p.stat().st_size for p in (ROOT / "player" / "demo").rglob("*") if p.is_file())
    assert size < 8 * 1024 * 1024


def test_the_demo_never_counts_as_the_listeners_own_subscription(memory_store: Store) -> None:
    """The first-start help stays until a real subscription, for the demo seeded from the
    package and for one seeded from ``seeds/demo`` before the demo moved there."""
    assert ensure_demo_library(memory_store) is not None
    (seeded,) = LibraryService(memory_store).podcasts()
    assert seeded.url.endswith("/player/demo/feed.xml")
    assert not is_own_subscription(seeded)
    legacy = Podcast(id=2, url="file:///home/me/podcast-player/seeds/demo/feed.xml", title="D")
    assert not is_own_subscription(legacy)
    assert is_own_subscription(Podcast(id=3, url="https://example.org/feed.xml", title="Own"))


def test_a_demo_seeded_from_the_old_seeds_folder_moves_to_the_packaged_copy(
    tmp_path: Path,
) -> None:
    """Libraries seeded before the demo moved into the package point at seeds/demo; once those
    files are gone the demo's addresses follow it, and its history stays."""
    packaged = demo_feed()
    assert packaged is not None
    old = tmp_path / "checkout" / "seeds" / "demo"
    shutil.copytree(packaged.parent, old)
    store = Store(tmp_path / "library.sqlite3")
    try:
        podcast_id = import_local_feed(store, old / "feed.xml")
        episode = EpisodeRepo(store).list()[0]
        EpisodeRepo(store).set_position(episode.id, 42.0)
        shutil.rmtree(old)
        assert ensure_demo_library(store) is None  # a library already: nothing added
        assert PodcastRepo(store).get(podcast_id).url == packaged.as_uri()
        for moved in EpisodeRepo(store).list():
            assert moved.enclosure_url.startswith(packaged.parent.as_uri() + "/")
            assert Path(url2pathname(urlsplit(moved.enclosure_url).path)).is_file()
        assert EpisodeRepo(store).get(episode.id).position == 42.0
        assert PodcastRepo(store).count() == 1
    finally:
        store.close()
