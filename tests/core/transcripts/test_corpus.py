"""Every transcript of the shared corpus (real files from real tools) parses into text."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.transcripts import parse_transcript
from player.transcripts.parse import format_of

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "transcripts"
FILES = sorted(CORPUS.glob("*")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not FILES, reason=f"the shared transcript corpus is not at {CORPUS}")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_parses(path: Path) -> None:
    segments = parse_transcript(path.read_bytes(), "", path.name)
    assert segments
    assert all(s.text and s.text == s.text.strip() and "<" not in s.text for s in segments)
    starts = [s.start for s in segments]
    if format_of("", path.name) == "srt":
        assert starts == sorted(starts)
    assert all(s.end is None or s.end >= s.start for s in segments)


@pytest.mark.skipif(not FILES, reason=f"the shared transcript corpus is not at {CORPUS}")
def test_corpus_speakers_are_read() -> None:
    def speakers(name: str) -> set[str | None]:
        return {s.speaker for s in parse_transcript((CORPUS / name).read_bytes(), "", name)}

    assert speakers("podcast-namespace__example.vtt") >= {"Sarah", "Gillian"}
    assert speakers("podcast-namespace__example.json") == {"Darth Vader", "Luke"}
    assert speakers("podcast-transcript-convert__Bloat.srt") >= {"Michael", "Chelsea"}
    assert "Leo Dion (host)" in speakers(
        "podcast-transcript-convert__Yak_Shaving_with_Tim_Mitra.srt"
    )
    assert speakers("podcast-transcript-convert__Managed_services_vs._DIY.vtt") >= {
        "Michael",
        "Nikolay",
    }


@pytest.mark.skipif(not FILES, reason=f"the shared transcript corpus is not at {CORPUS}")
def test_corpus_vtt_voices_classes_and_multiline() -> None:
    name = "podcast_search__test_transcript.vtt"
    segments = parse_transcript((CORPUS / name).read_bytes(), "text/vtt", name)
    assert [(s.start, s.speaker, s.text) for s in segments] == [
        (0.0, None, "Text line 1"),
        (2.0, "Speaker1", "Text line 2"),
        (3.0, "Speaker2", "Text line 3"),
        (65.0, "Speaker3", "Text line 4"),
        (67.0, "Speaker3", "Text line 5"),
        (3729.001, "Speaker3", "Multi Line 1 Multi Line 2"),
    ]
