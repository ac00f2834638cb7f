"""Bad media ends in a clear error, changes nothing in the store, and leaves the player usable."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from player.services.playback_state import PlaybackFailed, PlayerState
from player.storage import QueueRepo, Store
from tests.support.http_server import LoopbackServer, closed_port_url
from tests.support.library import add_podcast, item, snapshot
from tests.support.media import MediaFactory
from tests.support.rig import Rig

CASES: dict[str, tuple[Callable[[MediaFactory], object], str]] = {
    "corrupt data": (lambda m: m.corrupt(), "corrupt or the format unsupported"),
    "unsupported format": (lambda m: m.unsupported(), "corrupt or the format unsupported"),
    "missing file": (lambda m: m.root / "deleted-episode.mp3", "the file is missing"),
    "dead stream": (lambda m: closed_port_url("/dead.mp3"), "could not be opened"),
    "no enclosure": (lambda m: "", "no media file or URL"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_media_fails_with_the_reason_and_changes_nothing(
    store: Store, rig: Rig, media: MediaFactory, case: str
) -> None:
    make, words = CASES[case]
    bad, good = add_podcast(store, [item("bad", make(media)), item("good", media.tone())])  # type: ignore[arg-type]
    QueueRepo(store).insert([bad, good])
    before = snapshot(store)
    rig.player.load(bad)
    rig.wait_state(PlayerState.ERROR)
    (failure,) = rig.of(PlaybackFailed)
    assert words in failure.reason and failure.episode_id == bad
    assert failure.reason.endswith(".") and "\n" not in failure.reason
    rig.run_for(0.3)  # nothing else trickles in (no "ended", no advance to the next entry)
    assert rig.player.state is PlayerState.ERROR and rig.player.episode.id == bad
    assert snapshot(store) == before
    # The player stays usable: the next episode plays.
    rig.player.load(good)
    rig.wait_position(0.3)


def test_a_stream_answering_404_fails(store: Store, rig: Rig) -> None:
    with LoopbackServer() as server:
        (episode_id,) = add_podcast(store, [item("gone", server.url("/gone.mp3"))])
        rig.player.load(episode_id)
        rig.wait_state(PlayerState.ERROR)
        assert server.hits["/gone.mp3"] >= 1
    assert "could not be opened" in rig.of(PlaybackFailed)[0].reason


def test_a_live_stream_plays(store: Store, rig: Rig, media: MediaFactory) -> None:
    """No download: the enclosure URL is streamed (from a real server on 127.0.0.1)."""
    with LoopbackServer() as server:
        server.add("/episode.mp3", media.tone(3.0).read_bytes(), "audio/mpeg")
        (episode_id,) = add_podcast(store, [item("stream", server.url("/episode.mp3"))])
        rig.player.load(episode_id)
        rig.wait_position(0.5)
    assert rig.of(PlaybackFailed) == []


def test_a_retry_after_a_failure_plays_when_the_file_is_back(
    store: Store, rig: Rig, media: MediaFactory, tmp_path: object
) -> None:
    target = media.root / "comes-back.mp3"
    target.unlink(missing_ok=True)
    (episode_id,) = add_podcast(store, [item("back", target)])
    rig.player.load(episode_id)
    rig.wait_state(PlayerState.ERROR)
    target.write_bytes(media.tone(3.0).read_bytes())
    rig.player.play()
    rig.wait_position(0.3)
