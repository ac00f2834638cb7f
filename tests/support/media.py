"""Test media made by the project's own tools: espeak-ng speech, sox tones and padding, ffmpeg
encoding, mutagen ID3 chapters. Built once per test session (each file on first use).

Why generated and not checked in: the files stay tiny in the repository (zero bytes), every
property a test relies on (chapter times, lengths, a video track) is stated here in code, and the
same tools build the demo podcast.
"""

from __future__ import annotations

import functools
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import APIC, CHAP, CTOC, ID3, TIT2, WXXX, CTOCFlags

TOOLS = ("espeak-ng", "sox", "ffmpeg")


def missing_tools() -> list[str]:
    """Tools this module needs that are not on PATH."""
    return [t for t in TOOLS if shutil.which(t) is None]


def _run(*cmd: str | Path) -> None:
    subprocess.run([str(c) for c in cmd], check=True, capture_output=True, timeout=120)


@dataclass(frozen=True)
class ChapterSpec:
    """A chapter the generated file carries: start/end in seconds, title, optional link."""

    start: float
    end: float
    title: str
    url: str = ""


CHAPTER_SECONDS = 2.5
CHAPTERS = (
    ChapterSpec(0.0, 2.5, "Chapter one"),
    ChapterSpec(2.5, 5.0, "Chapter two", url="https://example.org/two"),
    ChapterSpec(5.0, 7.5, "Chapter three"),
    ChapterSpec(7.5, 10.0, "Chapter four"),
)
# A 1x1 PNG: the image of chapter three (ID3 APIC sub-frame).
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201e2215dd20000000049454e44ae426082"
)


class MediaFactory:
    """Makes each kind of test file once, under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _mp3_from_wav(self, wav: Path, target: Path) -> Path:
        _run("ffmpeg", "-loglevel", "error", "-y", "-i", wav, "-ac", "1", "-codec:a",
             "libmp3lame", "-b:a", "48k", target)  # fmt: skip
        return target

    @functools.cache  # noqa: B019 - one factory per session; caching is the point
    def tone(self, seconds: float = 60.0, frequency: int = 440) -> Path:
        """A sine tone MP3 of ``seconds`` (sox synth, ffmpeg encode)."""
        wav = self.root / f"tone-{seconds:g}-{frequency}.wav"
        _run("sox", "-n", "-r", "44100", "-c", "1", wav, "synth", f"{seconds:g}", "sine",
             str(frequency), "vol", "0.3")  # fmt: skip
        return self._mp3_from_wav(wav, wav.with_suffix(".mp3"))

    @functools.cache  # noqa: B019
    def speech(self, text: str = "Hello, this is a podcast test.") -> Path:
        """Spoken text (espeak-ng), padded with a second of silence, as MP3."""
        raw = self.root / "speech-raw.wav"
        _run("espeak-ng", "-v", "en", "-s", "170", "-w", raw, text)
        padded = self.root / "speech.wav"
        _run("sox", raw, "-r", "44100", "-c", "1", padded, "pad", "0", "1")
        return self._mp3_from_wav(padded, self.root / "speech.mp3")

    @functools.cache  # noqa: B019
    def chaptered(self) -> Path:
        """Four 2.5 s chapters ("Chapter one" spoken in each, then a tone), with ID3 CHAP/CTOC
        frames written by mutagen: titles, a WXXX link on chapter two, an image on three."""
        parts = []
        for i, spec in enumerate(CHAPTERS):
            voice = self.root / f"chap-{i}-voice.wav"
            _run("espeak-ng", "-v", "en", "-s", "200", "-w", voice, spec.title)
            part = self.root / f"chap-{i}.wav"
            # Same rate/channels, cut or padded to exactly the chapter length.
            _run("sox", voice, "-r", "44100", "-c", "1", part, "pad", "0", "5", "trim", "0",
                 f"{CHAPTER_SECONDS}")  # fmt: skip
            parts.append(part)
        joined = self.root / "chaptered.wav"
        _run("sox", *parts, joined)
        target = self._mp3_from_wav(joined, self.root / "chaptered.mp3")
        write_id3_chapters(target, CHAPTERS, image_on=2)
        return target

    @functools.cache  # noqa: B019
    def video(self, seconds: float = 4.0) -> Path:
        """A small H.264 + AAC MP4 (ffmpeg lavfi ``testsrc`` and ``sine``)."""
        target = self.root / "video.mp4"
        _run("ffmpeg", "-loglevel", "error", "-y",
             "-f", "lavfi", "-i", f"testsrc=size=160x120:rate=15:duration={seconds:g}",
             "-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds:g}",
             "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
             "-c:a", "aac", "-shortest", target)  # fmt: skip
        return target

    @functools.cache  # noqa: B019
    def corrupt(self) -> Path:
        """Bytes that are not audio at all, named ``.mp3`` (seeded, so the same every run)."""
        target = self.root / "corrupt.mp3"
        target.write_bytes(random.Random(20260126).randbytes(64 * 1024))
        return target

    @functools.cache  # noqa: B019
    def unsupported(self) -> Path:
        """A plain text document passed off as audio."""
        target = self.root / "notes.mp3"
        target.write_text("These are show notes, not audio.\n" * 400, encoding="utf-8")
        return target


def write_id3_chapters(path: Path, chapters: tuple[ChapterSpec, ...], image_on: int = -1) -> None:
    """Add CTOC + CHAP frames (ms times, TIT2 titles, WXXX links, an APIC image)."""
    tags = ID3(str(path)) if _has_id3(path) else ID3()
    ids = [f"chp{i}" for i in range(len(chapters))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[TIT2(text=["Contents"])]))  # fmt: skip
    for i, (element_id, spec) in enumerate(zip(ids, chapters, strict=True)):
        subs: list = [TIT2(text=[spec.title])]
        if spec.url:
            subs.append(WXXX(desc="chapter url", url=spec.url))
        if i == image_on:
            subs.append(APIC(mime="image/png", type=0, desc="chapter image", data=PNG_1X1))
        tags.add(CHAP(element_id=element_id, start_time=int(spec.start * 1000),
                      end_time=int(spec.end * 1000), sub_frames=subs))  # fmt: skip
    tags.save(str(path), v2_version=4)


def _has_id3(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(3) == b"ID3"
