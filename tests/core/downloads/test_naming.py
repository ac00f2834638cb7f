"""Safe names: whatever a feed says, files land inside downloads/<podcast>/ with a sane name."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from player.domain.models import Episode
from player.services.downloads.naming import (
    MAX_STEM_BYTES,
    download_target,
    extension_for,
    is_inside,
    safe_component,
    unique_path,
)

RESERVED = (
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)


def _episode(title: str, podcast_title: str = "Show") -> Episode:
    return Episode(id=7, podcast_id=3, guid="g", title=title, podcast_title=podcast_title)


def _assert_safe(name: str) -> None:
    assert name and name not in (".", "..")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not any(ord(c) < 32 or ord(c) == 127 for c in name)
    assert len(name.encode("utf-8")) <= MAX_STEM_BYTES
    assert not name.endswith((" ", "."))
    assert name.split(".")[0].strip().upper() not in RESERVED


def test_hostile_titles_give_safe_names_inside_the_downloads_folder(tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    hostile = [
        "../../etc/passwd",
        "..",
        "/absolute/path",
        "C:\\Windows\\system32",
        "tab\tnew\nline\rbell\x07nul\x00esc\x1b",
        "right-to-left \u202eoverride\u200b zero width",
        "x" * 500,
        "é" * 500,
        "CON",
        "con.mp3",
        "nul",
        "LPT1",
        "com9.txt",
        "   ...   ",
        "trailing dots...",
        'quotes "and" <angles> | pipes * stars ? marks :',
    ]
    seen = set()
    for title in hostile:
        folder, stem = download_target(downloads, _episode(title, podcast_title=title))
        _assert_safe(stem)
        _assert_safe(folder.name)
        target = folder / f"{stem}.mp3"
        assert is_inside(target, downloads)
        assert target.parent.parent == downloads
        seen.add(stem)
    assert "etc_passwd" in seen
    assert "_CON" in seen and "_con.mp3" in seen
    assert safe_component("x" * 500, "f").startswith("x" * 100)
    assert safe_component("", "episode-7") == "episode-7"
    assert safe_component("..", "episode-7") == "episode-7"
    assert safe_component("\x00\x01\x02", "episode-7") == "episode-7"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_title_is_one_safe_component(title: str) -> None:
    name = safe_component(title, "fallback")
    _assert_safe(name)
    assert Path(name).name == name


def test_unique_names_for_equal_titles(tmp_path: Path) -> None:
    first = unique_path(tmp_path, "Episode", ".mp3")
    first.write_bytes(b"1")
    second = unique_path(tmp_path, "Episode", ".mp3")
    assert second.name == "Episode (2).mp3"
    second.write_bytes(b"2")
    assert unique_path(tmp_path, "Episode", ".mp3").name == "Episode (3).mp3"
    # The episode's own earlier file may be overwritten.
    assert unique_path(tmp_path, "Episode", ".mp3", own=first) == first


def test_extension_from_content_type_then_url_then_bytes() -> None:
    assert extension_for("audio/mpeg", "http://h/x.bin", ".mp3") == ".mp3"
    assert extension_for("audio/x-m4a; charset=x", "http://h/x", ".mp4") == ".m4a"
    assert extension_for("application/octet-stream", "http://h/a/ep%201.ogg?x=1", ".ogg") == ".ogg"
    assert extension_for("application/octet-stream", "http://h/download?id=3", ".flac") == ".flac"
    assert extension_for("", "http://h/x.exe", ".mp3") == ".mp3"
