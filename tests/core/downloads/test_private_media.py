"""Media of a private feed, on the feed's own host, is downloaded with the feed's password from
the keyring (a real server on 127.0.0.1 that wants HTTP Basic); another host never gets it."""

from __future__ import annotations

from player.domain.downloads import DownloadStatus
from player.services.credentials import Credentials
from player.services.downloads import DownloadManager
from player.services.feed_passwords import FeedPasswords
from player.storage import PodcastRepo
from tests.core.downloads.conftest import DEMO_EPISODE, EventLog, Library
from tests.support.http_server import LoopbackServer, Reply, basic_auth
from tests.support.memory_keyring import MemoryKeyring

PASSWORD = "media-Pw-6620"


def test_private_media_is_fetched_with_the_keyring_password(
    library: Library, server: LoopbackServer
) -> None:
    body = DEMO_EPISODE.read_bytes()
    media = Reply(200, body, {"Content-Type": "audio/mpeg", "Content-Length": str(len(body))})
    own = server.route("/ep1.mp3", basic_auth("ann", PASSWORD, media))
    elsewhere = server.url("/ep2.mp3", host="localhost")
    server.route("/ep2.mp3", basic_auth("ann", PASSWORD, media))
    podcast_id = library.add_podcast(url=server.url("/feed.xml"))
    PodcastRepo(library.store).update(podcast_id, username="ann")
    first, second = library.add_episodes(podcast_id, [("One", own), ("Two", elsewhere)])
    passwords = FeedPasswords(Credentials(MemoryKeyring()))
    passwords.set_password(server.url("/feed.xml"), PASSWORD)
    manager = DownloadManager(
        library.store,
        library.paths,
        settings={"downloads.retries": 0, "downloads.retry_backoff_seconds": 0.01},
        passwords=passwords,
    )
    library.managers.append(manager)
    log = EventLog(manager)
    manager.enqueue([first, second])
    assert manager.wait_idle(30)
    assert log.final(first).status is DownloadStatus.DONE
    assert log.final(second).status is DownloadStatus.FAILED  # a third party gets no password
    assert "authorization" not in server.requests_for("/ep2.mp3")[-1].headers
    assert server.requests_for("/ep1.mp3")[-1].headers["authorization"].startswith("Basic ")
