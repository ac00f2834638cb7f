#!/usr/bin/env python3
"""Regenerate (or verify) the bundled demo podcast from the scripts in ``seeds/scripts``.

The demo exists so that a fresh install has a real, fully offline feed to play with: MP3
episodes with ID3 chapters, Podcasting 2.0 JSON chapters, WebVTT transcripts, a cover and an
RSS feed that links them with relative URLs.

Every sentence is synthesised on its own and measured, so chapter starts and transcript cues
are known to the sample rather than guessed afterwards.  Timing is tracked in integer
milliseconds, and the ID3 frames, the JSON file and the VTT cues are all derived from the same
numbers, which is what lets ``--check`` demand that they agree.

Usage::

    python3 seeds/generate.py           # rebuild everything under player/demo/
    python3 seeds/generate.py --check   # verify the committed files, exit 1 on mismatch

Requirements: Python 3.11+, mutagen, and the Debian packages espeak-ng and ffmpeg (with
libmp3lame).  ``--check`` needs only mutagen.
"""

from __future__ import annotations

import argparse
import array
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
import wave
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from mutagen.id3 import (
    CHAP,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLAN,
    TPE1,
    TRCK,
    WXXX,
    CTOCFlags,
)
from mutagen.mp3 import MP3

SEEDS_DIR = Path(__file__).resolve().parent
SCRIPTS_DIR = SEEDS_DIR / "scripts"
DEMO_DIR = SEEDS_DIR.parent / "player" / "demo"
"""The output: package data, so that every install (wheel, bundle, checkout) has the demo."""

SHOW_TITLE = "Signal & Noise: The Open Podcast Lab"
SHOW_AUTHOR = "Podcast Player Demo"
SHOW_LINK = "https://example.org/demo"
SHOW_FEED_URL = "https://example.org/demo/feed.xml"
SHOW_DESCRIPTION = (
    "A tiny demo podcast bundled with the desktop podcast player, so there is always "
    "something to play, even offline. Four short synthesised episodes about local "
    "recommendations, chapters and transcripts, open feeds and video, and open source."
)
SHOW_LICENSE = "cc0-1.0"
SEASON = 1
# Fixed dates keep the feed byte-identical between runs; episodes are one week apart.
FIRST_PUB_DATE = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)

# espeak-ng voice and speed (words per minute).  en-us is in every espeak-ng install.
VOICE = "en-us"
WORDS_PER_MINUTE = 165
# Pauses, in milliseconds.  Chapter boundaries sit just before a chime so that jumping to a
# chapter lands on the chime rather than mid-breath.
LEAD_IN_MS = 300
SENTENCE_GAP_MS = 350
PARAGRAPH_GAP_MS = 650
CHAPTER_TAIL_MS = 700
AFTER_CHIME_MS = 350
OUTRO_MS = 900
# MP3 encoding: mono, 48 kbit/s, 44.1 kHz keeps four episodes well under the 8 MB budget.
MP3_BITRATE = "48k"
MP3_RATE = 44100
# Loudness target (LUFS), the common spoken-word podcast level.
LOUDNESS_TARGET = -16

COVER_SIZE = 600
COVER_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
COVER_FONT_REGULAR = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# Written form -> what espeak-ng should be given, so transcripts keep the written form while
# the synthesiser says something a listener would recognise.
PRONUNCIATIONS: dict[str, str] = {
    "Signal & Noise": "Signal and Noise",
    "Podcasting 2.0": "Podcasting two point oh",
    "OPML": "O P M L",
    "WebVTT": "web V T T",
}

NAMESPACES: dict[str, str] = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
# Namespace used by Podcasting 2.0 to derive podcast:guid (a UUIDv5 of the feed URL).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")


# --------------------------------------------------------------------------- script model


@dataclass
class Paragraph:
    """A run of sentences; an optional silent marker starts at its first sentence."""

    sentences: list[str]
    marker: str | None = None


@dataclass
class ChapterScript:
    """One ``## heading`` section of a script, before any timing is known."""

    title: str
    url: str | None
    paragraphs: list[Paragraph]


@dataclass
class EpisodeScript:
    """A parsed episode script; the number and slug come from the file name."""

    number: int
    slug: str
    title: str
    summary: str
    chapters: list[ChapterScript]


@dataclass
class Cue:
    """A transcript cue: one sentence and where it sits in the finished audio."""

    start_ms: int
    end_ms: int
    text: str


@dataclass
class TimedChapter:
    """A chapter (or silent marker) with its final position in the audio."""

    title: str
    start_ms: int
    end_ms: int
    url: str | None = None
    toc: bool = True


@dataclass
class Timeline:
    """Everything the text outputs need to know about one rendered episode."""

    duration_ms: int
    chapters: list[TimedChapter] = field(default_factory=list)
    markers: list[TimedChapter] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)


def parse_script(path: Path) -> EpisodeScript:
    """Parse the small markdown dialect described in ``seeds/README.md``.

    The format is deliberately tiny (``# title``, ``summary:``, ``## chapter``, ``@url``,
    ``@marker``) so that anyone can edit the words without learning a tool.
    """
    match = re.match(r"(\d+)-", path.name)
    if not match:
        raise ValueError(f"{path.name}: script names must start with an episode number")
    number = int(match.group(1))
    title = ""
    summary = ""
    chapters: list[ChapterScript] = []
    pending_lines: list[str] = []
    pending_marker: str | None = None

    def flush_paragraph() -> None:
        """Close the current paragraph so blank lines and markers split sentences cleanly."""
        nonlocal pending_lines, pending_marker
        text = " ".join(line.strip() for line in pending_lines).strip()
        if text:
            if not chapters:
                raise ValueError(f"{path.name}: text before the first '## ' chapter")
            sentences = [s.strip() for s in SENTENCE_SPLIT.split(text) if s.strip()]
            chapters[-1].paragraphs.append(Paragraph(sentences, pending_marker))
            pending_marker = None
        pending_lines = []

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if line.startswith("## "):
            flush_paragraph()
            chapters.append(ChapterScript(line[3:].strip(), None, []))
        elif line.startswith("# "):
            title = line[2:].strip()
        elif line.startswith("summary:") and not chapters:
            summary = line.split(":", 1)[1].strip()
        elif line.startswith("@url "):
            chapters[-1].url = line[5:].strip()
        elif line.startswith("@marker "):
            flush_paragraph()
            pending_marker = line[8:].strip()
        elif not line.strip():
            flush_paragraph()
        else:
            pending_lines.append(line)
    flush_paragraph()
    if pending_marker:
        raise ValueError(f"{path.name}: @marker must be followed by text")
    if not title or not summary or not chapters:
        raise ValueError(f"{path.name}: needs '# title', 'summary:' and '## chapters'")
    return EpisodeScript(number, path.stem, title, summary, chapters)


def load_scripts() -> list[EpisodeScript]:
    """Load all scripts in episode order; numbering must be 1..N so the feed is coherent."""
    scripts = [parse_script(p) for p in sorted(SCRIPTS_DIR.glob("*.md"))]
    numbers = [s.number for s in scripts]
    if numbers != list(range(1, len(scripts) + 1)):
        raise ValueError(f"episode numbers must be 1..N in order, got {numbers}")
    return scripts


# --------------------------------------------------------------------------- audio


def require_tools(*names: str) -> None:
    """Fail early with a readable message instead of a FileNotFoundError deep inside."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        sys.exit(f"missing required tools: {', '.join(missing)} (apt install espeak-ng ffmpeg)")


def run(cmd: list[str]) -> None:
    """Run an external tool and surface its stderr, since ffmpeg errors are otherwise lost."""
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr.strip()}"
        )


def spoken_form(text: str) -> str:
    """Map written text to what the synthesiser should say (see PRONUNCIATIONS)."""
    for written, spoken in PRONUNCIATIONS.items():
        text = text.replace(written, spoken)
    return text


def synthesise(text: str, wav_path: Path) -> tuple[int, bytes]:
    """Speak one sentence to WAV and return (sample rate, PCM) so its length is exact."""
    run(
        [
            "espeak-ng",
            "-v",
            VOICE,
            "-s",
            str(WORDS_PER_MINUTE),
            "-w",
            str(wav_path),
            spoken_form(text),
        ]
    )
    with wave.open(str(wav_path), "rb") as wav:
        if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            raise RuntimeError(f"unexpected espeak-ng output format in {wav_path}")
        return wav.getframerate(), wav.readframes(wav.getnframes())


def chime(rate: int, rising: bool = True) -> bytes:
    """Make a soft two-note chime so chapter boundaries are audible when scrubbing.

    Generated in-process so the build needs no sound assets and stays reproducible.
    """
    notes = (659.25, 880.0) if rising else (880.0, 659.25)
    note_len = int(rate * 0.28)
    total = note_len * 2 + int(rate * 0.25)
    samples = [0.0] * total
    for index, freq in enumerate(notes):
        offset = index * note_len
        for n in range(total - offset):
            t = n / rate
            envelope = min(1.0, t / 0.01) * math.exp(-t * 7.0)
            samples[offset + n] += 0.22 * envelope * math.sin(2 * math.pi * freq * t)
    pcm = array.array("h", (max(-32767, min(32767, int(s * 32767))) for s in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    return pcm.tobytes()


class AudioBuilder:
    """Accumulates mono 16-bit PCM and keeps the running position in milliseconds."""

    def __init__(self, rate: int) -> None:
        """Start an empty track at the synthesiser's native sample rate."""
        self.rate = rate
        self.pcm = bytearray()

    @property
    def position_ms(self) -> int:
        """Current end of the track, rounded to the millisecond used by ID3 CHAP frames."""
        return round(len(self.pcm) / 2 * 1000 / self.rate)

    def silence(self, ms: int) -> None:
        """Append silence; lengths are whole samples so positions never drift."""
        self.pcm.extend(b"\x00\x00" * round(self.rate * ms / 1000))

    def append(self, pcm: bytes) -> tuple[int, int]:
        """Append a clip and return its (start, end) in milliseconds."""
        start = self.position_ms
        self.pcm.extend(pcm)
        return start, self.position_ms

    def write_wav(self, path: Path) -> None:
        """Write the accumulated track so ffmpeg can normalise and encode it."""
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self.rate)
            wav.writeframes(bytes(self.pcm))


def render_episode(script: EpisodeScript, workdir: Path) -> tuple[Path, Timeline]:
    """Synthesise an episode sentence by sentence and record where everything landed."""
    clips: list[list[list[bytes]]] = []
    rate = 0
    counter = 0
    for chapter in script.chapters:
        chapter_clips: list[list[bytes]] = []
        for paragraph in chapter.paragraphs:
            paragraph_clips: list[bytes] = []
            for sentence in paragraph.sentences:
                counter += 1
                clip_rate, pcm = synthesise(sentence, workdir / f"s{counter:03d}.wav")
                if rate and clip_rate != rate:
                    raise RuntimeError("espeak-ng changed sample rate between sentences")
                rate = clip_rate
                paragraph_clips.append(pcm)
            chapter_clips.append(paragraph_clips)
        clips.append(chapter_clips)

    audio = AudioBuilder(rate)
    timeline = Timeline(duration_ms=0)
    for c_index, (chapter, chapter_clips) in enumerate(zip(script.chapters, clips, strict=True)):
        if c_index:
            audio.silence(CHAPTER_TAIL_MS)
        chapter_start = audio.position_ms
        audio.silence(LEAD_IN_MS if c_index == 0 else 0)
        audio.append(chime(rate))
        audio.silence(AFTER_CHIME_MS)
        timeline.chapters.append(TimedChapter(chapter.title, chapter_start, 0, chapter.url))
        for p_index, (paragraph, paragraph_clips) in enumerate(
            zip(chapter.paragraphs, chapter_clips, strict=True)
        ):
            if p_index:
                audio.silence(PARAGRAPH_GAP_MS)
            for s_index, (sentence, pcm) in enumerate(
                zip(paragraph.sentences, paragraph_clips, strict=True)
            ):
                if s_index:
                    audio.silence(SENTENCE_GAP_MS)
                start, end = audio.append(pcm)
                timeline.cues.append(Cue(start, end, sentence))
                if s_index == 0 and paragraph.marker:
                    timeline.markers.append(TimedChapter(paragraph.marker, start, 0, toc=False))
    audio.silence(CHAPTER_TAIL_MS)
    audio.append(chime(rate, rising=False))
    audio.silence(OUTRO_MS)
    timeline.duration_ms = audio.position_ms

    for chapter, following in zip(timeline.chapters, timeline.chapters[1:], strict=False):
        chapter.end_ms = following.start_ms
    timeline.chapters[-1].end_ms = timeline.duration_ms
    for marker in timeline.markers:
        owner = [c for c in timeline.chapters if c.start_ms <= marker.start_ms][-1]
        marker.end_ms = owner.end_ms

    wav_path = workdir / f"{script.slug}.wav"
    audio.write_wav(wav_path)
    return wav_path, timeline


def encode_mp3(wav_path: Path, mp3_path: Path) -> None:
    """Normalise loudness and encode to CBR MP3 with no tags; mutagen adds ID3v2.4 later.

    ``-id3v2_version 0`` and bitexact flags stop ffmpeg from stamping its version into the
    file, so rebuilding with the same ffmpeg gives the same bytes.
    """
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(wav_path),
            "-af",
            f"loudnorm=I={LOUDNESS_TARGET}:TP=-1.5:LRA=11",
            "-ar",
            str(MP3_RATE),
            "-ac",
            "1",
            "-c:a",
            "libmp3lame",
            "-b:a",
            MP3_BITRATE,
            "-map_metadata",
            "-1",
            "-id3v2_version",
            "0",
            "-write_xing",
            "1",
            "-fflags",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            str(mp3_path),
        ]
    )


def tag_mp3(mp3_path: Path, script: EpisodeScript, timeline: Timeline, total: int) -> None:
    """Write ID3v2.4 text tags plus CTOC/CHAP frames mirroring the JSON chapters.

    Silent markers are left out of ID3: CHAP has no equivalent of ``toc: false``, and an
    unlisted CHAP frame would be shown by many players anyway.
    """
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[script.title]))
    tags.add(TALB(encoding=3, text=[SHOW_TITLE]))
    tags.add(TPE1(encoding=3, text=[SHOW_AUTHOR]))
    tags.add(TRCK(encoding=3, text=[f"{script.number}/{total}"]))
    tags.add(TCON(encoding=3, text=["Podcast"]))
    tags.add(TLAN(encoding=3, text=["eng"]))
    tags.add(TDRC(encoding=3, text=[pub_date(script.number).strftime("%Y-%m-%d")]))
    element_ids = [f"chp{i}" for i in range(len(timeline.chapters))]
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=element_ids,
            sub_frames=[TIT2(encoding=3, text=["Chapters"])],
        )
    )
    for element_id, chapter in zip(element_ids, timeline.chapters, strict=True):
        sub_frames: list[TIT2 | WXXX] = [TIT2(encoding=3, text=[chapter.title])]
        if chapter.url:
            sub_frames.append(WXXX(encoding=3, desc="chapter url", url=chapter.url))
        tags.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=sub_frames,
            )
        )
    tags.save(str(mp3_path), v2_version=4, padding=lambda _info: 0)


# --------------------------------------------------------------------------- text outputs


def seconds(ms: int) -> float | int:
    """Milliseconds as JSON seconds; whole numbers stay ints so the JSON reads cleanly."""
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


def chapters_json(script: EpisodeScript, timeline: Timeline) -> str:
    """Podcasting 2.0 chapters (version 1.2.0), markers interleaved in start-time order."""
    entries = sorted(timeline.chapters + timeline.markers, key=lambda c: (c.start_ms, c.toc))
    chapters: list[dict[str, object]] = []
    for entry in entries:
        item: dict[str, object] = {
            "startTime": seconds(entry.start_ms),
            "endTime": seconds(entry.end_ms),
            "title": entry.title,
        }
        if entry.url:
            item["url"] = entry.url
        if not entry.toc:
            item["toc"] = False
        chapters.append(item)
    document = {
        "version": "1.2.0",
        "author": SHOW_AUTHOR,
        "title": script.title,
        "podcastName": SHOW_TITLE,
        "fileName": f"{script.slug}.mp3",
        "chapters": chapters,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def vtt_time(ms: int) -> str:
    """WebVTT timestamps always with hours, which every parser accepts."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def transcript_vtt(script: EpisodeScript, timeline: Timeline) -> str:
    """One cue per sentence, voiced as Host, with chapter titles as NOTE blocks for readers."""
    lines = ["WEBVTT", "", f"NOTE {SHOW_TITLE}, episode {script.number}: {script.title}", ""]
    starts = {c.start_ms: c.title for c in timeline.chapters}
    chapter_starts = sorted(starts)
    next_chapter = 0
    for index, cue in enumerate(timeline.cues, start=1):
        while next_chapter < len(chapter_starts) and chapter_starts[next_chapter] <= cue.start_ms:
            lines += [f"NOTE Chapter: {starts[chapter_starts[next_chapter]]}", ""]
            next_chapter += 1
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [
            str(index),
            f"{vtt_time(cue.start_ms)} --> {vtt_time(cue.end_ms)}",
            f"<v Host>{text}",
            "",
        ]
    return "\n".join(lines)


def pub_date(number: int) -> datetime:
    """Deterministic publication date: weekly from FIRST_PUB_DATE, never 'now'."""
    return FIRST_PUB_DATE + timedelta(weeks=number - 1)


def hms(ms: int) -> str:
    """itunes:duration as H:MM:SS, rounded to the nearest second."""
    total = round(ms / 1000)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def clock(ms: int) -> str:
    """Short M:SS for the human-readable chapter list in episode descriptions."""
    total = ms // 1000
    return f"{total // 60}:{total % 60:02d}"


@dataclass
class BuiltEpisode:
    """What the feed needs about an episode once its files exist."""

    script: EpisodeScript
    timeline: Timeline
    mp3_name: str
    mp3_size: int


def episode_html(built: BuiltEpisode) -> str:
    """Build a paragraph plus chapter list: enough HTML to exercise the player's renderer."""
    items = "".join(
        f"<li>{clock(c.start_ms)} {escape(c.title)}</li>" for c in built.timeline.chapters
    )
    return f"<p>{escape(built.script.summary)}</p><p>Chapters:</p><ul>{items}</ul>"


def feed_xml(episodes: list[BuiltEpisode]) -> str:
    """Hand-written RSS so namespace prefixes, order and CDATA stay exactly as intended."""
    ns = " ".join(f"xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in NAMESPACES.items())
    newest = max(pub_date(e.script.number) for e in episodes)
    podcast_guid = uuid.uuid5(PODCAST_GUID_NAMESPACE, SHOW_FEED_URL.split("://", 1)[1])
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<rss version="2.0" {ns}>',
        "  <channel>",
        f"    <title>{escape(SHOW_TITLE)}</title>",
        f"    <link>{SHOW_LINK}</link>",
        f'    <atom:link href="{SHOW_FEED_URL}" rel="self" type="application/rss+xml"/>',
        f"    <description>{escape(SHOW_DESCRIPTION)}</description>",
        "    <language>en</language>",
        f"    <copyright>{escape(SHOW_AUTHOR)}, CC0 1.0 public domain dedication</copyright>",
        f"    <lastBuildDate>{format_datetime(newest, usegmt=True)}</lastBuildDate>",
        "    <generator>seeds/generate.py</generator>",
        "    <image>",
        "      <url>cover.png</url>",
        f"      <title>{escape(SHOW_TITLE)}</title>",
        f"      <link>{SHOW_LINK}</link>",
        "    </image>",
        f"    <itunes:author>{escape(SHOW_AUTHOR)}</itunes:author>",
        "    <itunes:owner>",
        f"      <itunes:name>{escape(SHOW_AUTHOR)}</itunes:name>",
        "      <itunes:email>demo@example.org</itunes:email>",
        "    </itunes:owner>",
        '    <itunes:image href="cover.png"/>',
        "    <itunes:type>episodic</itunes:type>",
        '    <itunes:category text="Technology"/>',
        "    <itunes:explicit>false</itunes:explicit>",
        f"    <podcast:guid>{podcast_guid}</podcast:guid>",
        f"    <podcast:license>{SHOW_LICENSE}</podcast:license>",
        "    <podcast:medium>podcast</podcast:medium>",
    ]
    for built in sorted(episodes, key=lambda e: e.script.number, reverse=True):
        script = built.script
        html = episode_html(built)
        out += [
            "    <item>",
            f"      <title>{escape(script.title)}</title>",
            f"      <itunes:title>{escape(script.title)}</itunes:title>",
            f"      <description>{escape(html)}</description>",
            f"      <content:encoded><![CDATA[{html}]]></content:encoded>",
            f'      <guid isPermaLink="false">signal-and-noise-demo-s{SEASON:02d}e'
            f"{script.number:02d}</guid>",
            f"      <pubDate>{format_datetime(pub_date(script.number), usegmt=True)}</pubDate>",
            f'      <enclosure url="episodes/{built.mp3_name}" length="{built.mp3_size}"'
            ' type="audio/mpeg"/>',
            f"      <itunes:duration>{hms(built.timeline.duration_ms)}</itunes:duration>",
            f"      <itunes:season>{SEASON}</itunes:season>",
            f"      <itunes:episode>{script.number}</itunes:episode>",
            "      <itunes:episodeType>full</itunes:episodeType>",
            "      <itunes:explicit>false</itunes:explicit>",
            f"      <podcast:season>{SEASON}</podcast:season>",
            f"      <podcast:episode>{script.number}</podcast:episode>",
            f'      <podcast:chapters url="chapters/{script.slug}.json"'
            ' type="application/json+chapters"/>',
            f'      <podcast:transcript url="transcripts/{script.slug}.vtt" type="text/vtt"'
            ' language="en"/>',
            "    </item>",
        ]
    out += ["  </channel>", "</rss>", ""]
    return "\n".join(out)


def make_cover(path: Path) -> None:
    """Render a flat, small PNG cover with ffmpeg drawtext (no image assets to license).

    The bars are a fixed pseudo-waveform so the image is identical on every run.
    """
    size = COVER_SIZE
    filters = []
    bar_count = 24
    bar_width = 14
    gap = (size - 2 * 60 - bar_count * bar_width) / (bar_count - 1)
    for i in range(bar_count):
        height = int(30 + 110 * abs(math.sin(i * 0.55) * math.cos(i * 0.21)))
        x = int(60 + i * (bar_width + gap))
        y = 380 - height // 2
        colour = "0xf2a541" if i % 5 == 2 else "0x3fb8af"
        filters.append(f"drawbox=x={x}:y={y}:w={bar_width}:h={height}:color={colour}:t=fill")
    texts = [
        ("Signal & Noise", COVER_FONT, 64, 110, "white"),
        ("The Open Podcast Lab", COVER_FONT_REGULAR, 36, 200, "0xdfe7ef"),
        ("demo podcast", COVER_FONT_REGULAR, 28, 520, "0xf2a541"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for index, (text, font, font_size, y, colour) in enumerate(texts):
            text_file = Path(tmp) / f"t{index}.txt"
            text_file.write_text(text, encoding="utf-8")
            font_opt = f"fontfile={font}:" if font.exists() else ""
            filters.append(
                f"drawtext={font_opt}textfile={text_file}:fontsize={font_size}:"
                f"fontcolor={colour}:x=(w-text_w)/2:y={y}"
            )
        run(
            [
                "ffmpeg",
                "-nostdin",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                f"color=c=0x1b2838:s={size}x{size}:d=1",
                "-vf",
                ",".join(filters) + ",format=rgb24",
                "-frames:v",
                "1",
                "-fflags",
                "+bitexact",
                "-flags",
                "+bitexact",
                "-compression_level",
                "9",
                str(path),
            ]
        )


# --------------------------------------------------------------------------- build / check


def build() -> int:
    """Regenerate every file under player/demo/ from the scripts."""
    require_tools("espeak-ng", "ffmpeg")
    scripts = load_scripts()
    for sub in ("episodes", "chapters", "transcripts"):
        folder = DEMO_DIR / sub
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            if stale.is_file() and stale.suffix in {".mp3", ".json", ".vtt"}:
                stale.unlink()
    built: list[BuiltEpisode] = []
    with tempfile.TemporaryDirectory(prefix="seeds-") as tmp:
        workdir = Path(tmp)
        for script in scripts:
            wav_path, timeline = render_episode(script, workdir)
            mp3_path = DEMO_DIR / "episodes" / f"{script.slug}.mp3"
            encode_mp3(wav_path, mp3_path)
            tag_mp3(mp3_path, script, timeline, len(scripts))
            (DEMO_DIR / "chapters" / f"{script.slug}.json").write_text(
                chapters_json(script, timeline), encoding="utf-8"
            )
            (DEMO_DIR / "transcripts" / f"{script.slug}.vtt").write_text(
                transcript_vtt(script, timeline), encoding="utf-8"
            )
            built.append(BuiltEpisode(script, timeline, mp3_path.name, mp3_path.stat().st_size))
            print(
                f"episode {script.number}: {hms(timeline.duration_ms)}, "
                f"{len(timeline.chapters)} chapters, {len(timeline.cues)} cues, "
                f"{mp3_path.stat().st_size} bytes"
            )
    make_cover(DEMO_DIR / "cover.png")
    (DEMO_DIR / "feed.xml").write_text(feed_xml(built), encoding="utf-8")
    print(f"wrote {DEMO_DIR.relative_to(SEEDS_DIR.parent)}/feed.xml")
    return check()


def parse_hms(value: str) -> float:
    """Parse itunes:duration in any of its legal forms (SS, MM:SS, H:MM:SS)."""
    total = 0.0
    for part in value.strip().split(":"):
        total = total * 60 + float(part)
    return total


def check_episode(demo: Path, item: ET.Element, problems: list[str]) -> None:
    """Check one feed item against the files it references; append any problems found."""
    known_problems = len(problems)
    it = NAMESPACES["itunes"]
    pc = NAMESPACES["podcast"]
    title = item.findtext("title", "?")
    enclosure = item.find("enclosure")
    chapters_el = item.find(f"{{{pc}}}chapters")
    transcript_el = item.find(f"{{{pc}}}transcript")
    duration_text = item.findtext(f"{{{it}}}duration")
    if enclosure is None or chapters_el is None or transcript_el is None or not duration_text:
        problems.append(f"{title}: missing enclosure, chapters, transcript or duration")
        return
    mp3_path = demo / enclosure.get("url", "")
    json_path = demo / chapters_el.get("url", "")
    vtt_path = demo / transcript_el.get("url", "")
    missing = [path for path in (mp3_path, json_path, vtt_path) if not path.is_file()]
    if missing:
        problems += [f"{title}: missing file {path}" for path in missing]
        return
    if str(mp3_path.stat().st_size) != enclosure.get("length"):
        problems.append(
            f"{title}: enclosure length {enclosure.get('length')} != "
            f"{mp3_path.stat().st_size} bytes on disk"
        )
    audio = MP3(str(mp3_path))
    length = audio.info.length
    if abs(length - parse_hms(duration_text)) > 1.0:
        problems.append(f"{title}: mp3 is {length:.2f}s but itunes:duration is {duration_text}")
    if not 60 <= length <= 180:
        problems.append(f"{title}: duration {length:.1f}s outside the 60-180 s demo range")

    document = json.loads(json_path.read_text(encoding="utf-8"))
    if document.get("version") != "1.2.0":
        problems.append(f"{title}: chapters version is {document.get('version')!r}")
    visible = [c for c in document["chapters"] if c.get("toc", True) is not False]
    tags = audio.tags
    if tags is None or tags.version[:2] != (2, 4):
        problems.append(f"{title}: no ID3v2.4 tag")
        return
    tocs = tags.getall("CTOC")
    chaps = {frame.element_id: frame for frame in tags.getall("CHAP")}
    top = [t for t in tocs if t.flags & CTOCFlags.TOP_LEVEL]
    if len(top) != 1 or not top[0].flags & CTOCFlags.ORDERED:
        problems.append(f"{title}: expected one top-level ordered CTOC")
        return
    ordered = [chaps[eid] for eid in top[0].child_element_ids if eid in chaps]
    if len(ordered) != len(visible):
        problems.append(f"{title}: {len(ordered)} ID3 chapters vs {len(visible)} in JSON")
        return
    for frame, entry in zip(ordered, visible, strict=True):
        id3_title = frame.sub_frames["TIT2"].text[0] if "TIT2" in frame.sub_frames else ""
        if id3_title != entry["title"]:
            problems.append(f"{title}: ID3 chapter {id3_title!r} != JSON {entry['title']!r}")
        if abs(frame.start_time / 1000 - entry["startTime"]) > 0.002:
            problems.append(
                f"{title}: {entry['title']!r} starts at {frame.start_time} ms in "
                f"ID3 but {entry['startTime']} s in JSON"
            )
        if abs(frame.end_time / 1000 - entry.get("endTime", frame.end_time / 1000)) > 0.002:
            problems.append(f"{title}: {entry['title']!r} end times disagree")
    last_end = max(c.get("endTime", c["startTime"]) for c in document["chapters"])
    if abs(last_end - length) > 1.0:
        problems.append(f"{title}: chapters end at {last_end}s but audio is {length:.2f}s")
    if not vtt_path.read_text(encoding="utf-8").startswith("WEBVTT"):
        problems.append(f"{title}: transcript does not start with WEBVTT")
    if len(problems) > known_problems:
        return
    print(
        f"ok  {mp3_path.name}: {length:.2f}s ({duration_text}), "
        f"{len(visible)} chapters, {len(document['chapters']) - len(visible)} silent"
    )


def check() -> int:
    """Verify the committed demo: files exist, durations match the feed, chapters agree."""
    problems: list[str] = []
    feed_path = DEMO_DIR / "feed.xml"
    cover = DEMO_DIR / "cover.png"
    if not feed_path.is_file():
        print(f"FAIL missing {feed_path}")
        return 1
    if not cover.is_file():
        problems.append(f"missing {cover}")
    elif cover.stat().st_size > 200_000:
        problems.append(f"cover.png is {cover.stat().st_size} bytes (limit 200 KB)")
    items = ET.parse(feed_path).getroot().findall("./channel/item")
    if not items:
        problems.append("feed has no items")
    for item in items:
        check_episode(DEMO_DIR, item, problems)
    total = sum(p.stat().st_size for p in DEMO_DIR.rglob("*") if p.is_file())
    if total > 8_000_000:
        problems.append(f"demo is {total} bytes, over the 8 MB budget")
    for problem in problems:
        print(f"FAIL {problem}")
    print(
        f"{len(items)} episodes, {total} bytes in {DEMO_DIR.name}/: "
        f"{'FAILED' if problems else 'all checks passed'}"
    )
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; ``--check`` is cheap enough to run in CI."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="verify the generated files instead of rebuilding them"
    )
    args = parser.parse_args(argv)
    return check() if args.check else build()


if __name__ == "__main__":
    sys.exit(main())
