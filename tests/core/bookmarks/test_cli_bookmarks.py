"""The bookmark commands and ``clip`` as a user runs them (subprocesses on real data folders;
clips cut by the real ffmpeg, measured by ffprobe and played by libVLC)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import mutagen
import pytest

from player.playback.engine import Ended, Failed, Started
from player.playback.vlc_engine import VlcEngine
from player.storage import EpisodeRepo, Store
from tests.conftest import run_cli
from tests.support.http_server import LoopbackServer
from tests.support.library import add_podcast, item
from tests.support.media import MediaFactory
from tests.support.rig import Rig

FEED = "https://example.org/tones.xml"


def _add(data_dir: Path, media: Path | str, guid: str = "tone", title: str = "Tone") -> int:
    store = Store(data_dir / "library.sqlite3")
    (episode_id,) = add_podcast(store, [item(guid, media, title=title)], url=FEED, title="Tones")
    EpisodeRepo(store).set_position(episode_id, 42.5)
    store.close()
    return episode_id


def _ok(data_dir: Path, *args: str) -> str:
    result = run_cli(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def test_bookmark_list_export_import_round_trip(tmp_path: Path, media: MediaFactory) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    episode_id = _add(a, media.tone())
    made = json.loads(_ok(a, "bookmark", str(episode_id), "--json"))
    assert (made["episodeId"], made["start"], made["end"]) == (episode_id, 42.5, None)
    ranged = json.loads(
        _ok(
            a,
            "bookmark",
            str(episode_id),
            "--at",
            "10",
            "--end",
            "20.5",
            "--note",
            "owls",
            "--json",
        )
    )
    assert (ranged["start"], ranged["end"], ranged["note"]) == (10.0, 20.5, "owls")
    assert ranged["feedUrl"] == FEED and ranged["episodeGuid"] == "tone"
    listed = json.loads(_ok(a, "bookmarks", "--json"))
    assert [x["id"] for x in listed] == [ranged["id"], made["id"]]
    assert [x["id"] for x in json.loads(_ok(a, "bookmarks", "--by-position", "--json"))] == [
        ranged["id"],
        made["id"],
    ]
    assert "owls" in _ok(a, "bookmarks", "--podcast", "1")
    export = tmp_path / "marks.json"
    _ok(a, "export-bookmarks", str(export))
    md = _ok(a, "export-bookmarks", "--format", "md")
    assert f"- [00:10–00:20]({media.tone().resolve().as_uri()}#t=10,20) owls" in md
    chapters = json.loads(_ok(a, "export-bookmarks", "--format", "chapters", "--episode", "1"))
    assert [c["startTime"] for c in chapters["chapters"]] == [10.0, 42.5]

    out = _ok(b, "import-bookmarks", str(export), "--json")
    assert json.loads(out) == {"added": 2, "updated": 0, "unchanged": 0, "matched": 0}
    assert json.loads(_ok(b, "import-bookmarks", str(export), "--json"))["unchanged"] == 2
    assert _ok(b, "export-bookmarks") == export.read_text(encoding="utf-8")
    broken = run_cli(b, "import-bookmarks", str(tmp_path / "missing.json"))
    assert broken.returncode == 1 and "Cannot read" in broken.stderr


def _plays_in_libvlc(path: Path) -> None:
    rig = Rig.for_engine(VlcEngine(aout="dummy", vout="dummy"))
    try:
        rig.start(str(path))
        rig.wait_for(Started)
        rig.wait_for(Ended, timeout=15)
        assert not rig.of(Failed)
    finally:
        rig.close()


def test_clip_from_a_download_has_the_length_and_tags_and_plays(
    tmp_path: Path, media: MediaFactory
) -> None:
    data = tmp_path / "data"
    episode_id = _add(data, media.tone(), title="Pure tone")
    out = tmp_path / "clips" / "moment.mp3"
    said = _ok(data, "clip", str(episode_id), "12.25", "15.75", str(out))
    assert str(out) in said
    assert _duration(out) == pytest.approx(3.5, abs=0.1)
    tags = mutagen.File(out, easy=True)
    assert tags is not None
    assert tags["title"] == ["Pure tone (00:12–00:15)"]
    assert tags["album"] == ["Tones"]
    _plays_in_libvlc(out)


def test_clip_from_the_stream_and_refusals(tmp_path: Path, media: MediaFactory) -> None:
    data = tmp_path / "data"
    with LoopbackServer() as server:
        url = server.add("tone.mp3", media.tone())
        episode_id = _add(data, url)
        out = tmp_path / "streamed.m4a"
        _ok(data, "clip", str(episode_id), "30", "32", str(out))
        assert _duration(out) == pytest.approx(2.0, abs=0.1)
        _plays_in_libvlc(out)
    long = run_cli(data, "clip", str(episode_id), "0", "400", str(tmp_path / "long.mp3"))
    assert long.returncode == 1
    assert "at most 05:00 long; 00:00–06:40 is 06:40" in long.stderr
    assert not (tmp_path / "long.mp3").exists()
    backwards = run_cli(data, "clip", str(episode_id), "20", "10", str(tmp_path / "b.mp3"))
    assert backwards.returncode == 1 and "must end after it starts" in backwards.stderr
