"""Alternate sources and Subresource Integrity on real downloads from 127.0.0.1: sources this
player cannot fetch (IPFS, onion services, torrents) are skipped, mirrors are tried in the
feed's order, and a file that does not match the feed's SRI value never replaces the old one."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import httpx

from player.domain.downloads import DownloadStatus
from player.domain.feed import FeedDocument, FeedItem
from player.domain.podcasting20 import (
    AlternateEnclosure,
    EnclosureSource,
    Integrity,
    ItemExtras,
)
from player.domain.podcasting20_json import encode
from player.services.downloads.jobs import Job
from player.services.media_sources import matches_integrity, plan_of, sri_value
from player.storage import EpisodeRepo, PodcastRepo
from player.storage.feed_writer import write_feed
from tests.core.downloads.conftest import EventLog, Library
from tests.support.http_server import LoopbackServer

IPFS = "ipfs://bafybeigdyrztxwzq6m4mkfkgpwhg2qm5bhn4hv5ol4xfdfqsr4mrvtpxbm"
ONION = "http://podcastxyzabcdefghijklmnop2345.onion/episode.mp3"
TORRENT = "https://example.org/episode.torrent"


def _episode(library: Library, enclosure: str, version: AlternateEnclosure) -> int:
    podcast = PodcastRepo(library.store).add("http://feeds.invalid/p20", title="Versions")
    extras = ItemExtras(alternate_enclosures=(version,))
    item = FeedItem(guid="v1", title="One file, many places", enclosure_url=enclosure,
                    enclosure_type="audio/mpeg", p20=encode(extras))  # fmt: skip
    write_feed(library.store, podcast, FeedDocument(title="Versions", items=[item]))
    (row,) = library.store.query("SELECT id FROM episodes WHERE guid = 'v1'")
    return int(row["id"])


def _version(*uris: str, integrity: str = "") -> AlternateEnclosure:
    return AlternateEnclosure(
        type="audio/mpeg",
        default=True,
        sources=tuple(EnclosureSource(u) for u in uris),
        integrity=Integrity("sri", integrity) if integrity else None,
    )


def test_unusable_sources_are_skipped_and_the_usable_one_downloads(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    good = server.add("mirror/ep.mp3", media["tone.mp3"])
    value = sri_value(media["tone.mp3"])
    episode_id = _episode(library, ONION, _version(IPFS, ONION, TORRENT, good, integrity=value))
    log = library.download([episode_id])
    assert log.final(episode_id).status is DownloadStatus.DONE
    landed = Path(EpisodeRepo(library.store).get(episode_id).download_path)
    assert landed.read_bytes() == media["tone.mp3"].read_bytes()
    assert [s.path for s in server.requests] == ["/mirror/ep.mp3"]


def test_a_mirror_that_fails_gives_way_to_the_next_in_the_feeds_order(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    server.add_status("gone.mp3", 404)
    first = server.url("gone.mp3")
    second = server.add("second.mp3", media["tone.mp3"])
    episode_id = _episode(library, first, _version(first, IPFS, second))
    log = library.download([episode_id])
    assert log.final(episode_id).status is DownloadStatus.DONE
    assert [s.path for s in server.requests] == ["/gone.mp3", "/second.mp3"]


def test_only_unusable_sources_fail_at_once_saying_why(library: Library) -> None:
    episode_id = _episode(library, IPFS, _version(IPFS, ONION))
    log = library.download([episode_id])
    final = log.final(episode_id)
    assert final.status is DownloadStatus.FAILED
    assert final.error is not None and "can be used here" in final.error
    assert "onion" in final.error and "ipfs" in final.error


def test_an_integrity_mismatch_is_an_error_and_the_old_file_stays(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    url = server.add("ep.mp3", media["tone.ogg"])  # not the bytes the feed vouches for
    wrong = "sha384-" + base64.b64encode(hashlib.sha384(b"the real file").digest()).decode()
    episode_id = _episode(library, url, _version(url, integrity=wrong))
    old = library.paths.downloads / "Versions" / "One file, many places.mp3"
    old.parent.mkdir(parents=True)
    old.write_bytes(media["tone.mp3"].read_bytes())
    EpisodeRepo(library.store).set_download(episode_id, str(old))

    manager = library.manager()
    log = EventLog(manager)
    with httpx.Client() as client:  # the worker's own step, for an episode already on disk
        manager.runner.run(Job(episode_id, url, "127.0.0.1", 10, 0), client)

    final = log.final(episode_id)
    assert final.status is DownloadStatus.FAILED
    assert final.error is not None and "integrity" in final.error
    assert "earlier download is kept" in final.error
    assert server.hits["/ep.mp3"] == 1
    assert EpisodeRepo(library.store).get(episode_id).download_path == str(old)
    assert old.read_bytes() == media["tone.mp3"].read_bytes()
    assert sorted(p.name for p in old.parent.iterdir()) == [old.name]
    assert not any((library.paths.downloads / ".partial").glob("*"))


def test_sri_values_follow_the_spec() -> None:
    data = Path(__file__)
    good = sri_value(data, "sha256")
    assert matches_integrity(data, good) is True
    # Only the strongest algorithm counts: a wrong sha512 beside a right sha256 fails.
    bad512 = "sha512-" + base64.b64encode(b"x" * 64).decode()
    assert matches_integrity(data, f"{good} {bad512}") is False
    # Any digest of the strongest algorithm may match.
    assert matches_integrity(data, f"{sri_value(data, 'sha512')} {bad512}") is True
    assert matches_integrity(data, "md5-abc pgp-xyz") is None
    assert plan_of([IPFS, ONION, TORRENT, "magnet:?xt=urn:btih:1"]).urls == ()
