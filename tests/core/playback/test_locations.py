"""Which media an episode plays: the download when it is there, else the enclosure."""

from __future__ import annotations

from pathlib import Path

from player.playback.locations import describe, local_path, playable_location


def test_the_download_wins_while_the_file_exists(tmp_path: Path) -> None:
    download = tmp_path / "episode.mp3"
    download.write_bytes(b"ID3")
    url = "https://example.org/episode.mp3?token=abc"
    assert playable_location(str(download), url) == (str(download), "")
    download.unlink()  # deleted behind our back: stream instead
    assert playable_location(str(download), url) == (url, "")


def test_nothing_to_open_is_one_sentence(tmp_path: Path) -> None:
    assert playable_location("", "") == ("", "This episode has no media file or URL to play.")
    missing = (tmp_path / "gone file.mp3").as_uri()
    assert playable_location("", missing) == (
        "",
        "Cannot play gone file.mp3: the file is missing.",
    )


def test_locations_are_paths_or_urls() -> None:
    assert local_path("file:///tmp/a%20b.mp3") == Path("/tmp/a b.mp3")
    assert local_path("/tmp/x.mp3") == Path("/tmp/x.mp3")
    assert local_path("https://example.org/x.mp3") is None
    assert describe("https://example.org/show/x.mp3?token=secret") == (
        "https://example.org/show/x.mp3"
    )
