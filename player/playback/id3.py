"""What a media file says about itself: exact duration and ID3 CHAP/CTOC chapters (mutagen).

Read after a download and before playing a local file, so chapters are known before playback
starts and the stored duration is the real one rather than the feed's guess.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import mutagen
from mutagen.id3 import ID3, ID3NoHeaderError

from player.domain.models import Chapter
from player.playback.locations import local_path

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """Duration in seconds (None when unknown) and chapters from the file's tags."""

    duration: float | None = None
    chapters: list[Chapter] = field(default_factory=list)


def read_media_info(path: Path, image_dir: Path | None = None) -> MediaInfo:
    """Duration and ID3 chapters of a local file; an unreadable file gives an empty result.

    Chapter images embedded in the tags are written to ``image_dir`` (when given) so the UI can
    show them by ``file:`` URL without keeping megabytes of pictures in the database.
    """
    duration = None
    try:
        info = mutagen.File(str(path))
        if info is not None and info.info is not None and getattr(info.info, "length", None):
            duration = float(info.info.length)
    except (mutagen.MutagenError, OSError, ValueError) as exc:
        log.info("cannot read media info of %s: %s", path, exc)
    return MediaInfo(duration=duration, chapters=read_id3_chapters(path, image_dir))


def file_duration(location: str) -> float | None:
    """The exact length of a local file (a path or ``file:`` URL); None for URLs or when the
    file cannot be decoded. libVLC's first length of an MP3 is only a bitrate estimate."""
    path = local_path(location)
    if path is None or not path.is_file():
        return None
    return read_media_info(path).duration


def read_id3_chapters(path: Path, image_dir: Path | None = None) -> list[Chapter]:
    """Chapters from CHAP frames, in CTOC order when a top-level table of contents exists.

    Titles come from the TIT2 sub-frame, links from WXXX/WOAR, images from an APIC sub-frame
    (saved under ``image_dir`` by content hash; skipped when no folder is given).
    """
    try:
        tags = ID3(str(path))
    except (ID3NoHeaderError, mutagen.MutagenError, OSError, ValueError):
        return []
    chaps = {frame.element_id: frame for frame in tags.getall("CHAP")}
    if not chaps:
        return []
    order = _toc_order(tags, chaps)
    marks = []
    for element_id in order:
        frame = chaps[element_id]
        title = _sub_text(frame, "TIT2") or element_id
        url = _sub_url(frame)
        start = frame.start_time / 1000.0
        end = (
            frame.end_time / 1000.0
            if frame.end_time and frame.end_time > frame.start_time
            else None
        )
        image = _sub_image(frame, image_dir) if image_dir is not None else ""
        marks.append(Chapter(start=start, end=end, title=title, url=url, image_url=image))
    marks.sort(key=lambda c: c.start)
    return marks


def _toc_order(tags: ID3, chaps: dict) -> list[str]:
    """Element ids in the top-level CTOC's order, then any CHAP it does not list."""
    ordered: list[str] = []
    for toc in tags.getall("CTOC"):
        if toc.flags & 0x02:  # top-level
            ordered = [c for c in toc.child_element_ids if c in chaps]
            break
    return ordered + [c for c in chaps if c not in ordered]


def _sub_text(frame: object, frame_id: str) -> str:
    sub = getattr(frame, "sub_frames", {})
    for key, value in sub.items():
        if key.startswith(frame_id) and getattr(value, "text", None):
            return str(value.text[0]).strip()
    return ""


def _sub_url(frame: object) -> str:
    sub = getattr(frame, "sub_frames", {})
    for key, value in sub.items():
        if key.startswith(("WXXX", "WOAR")) and getattr(value, "url", ""):
            return str(value.url).strip()
    return ""


def _sub_image(frame: object, image_dir: Path) -> str:
    sub = getattr(frame, "sub_frames", {})
    for key, value in sub.items():
        data = getattr(value, "data", b"")
        if key.startswith("APIC") and data:
            mime = str(getattr(value, "mime", "")).lower()
            ext = ".png" if "png" in mime else ".jpg"
            name = hashlib.sha1(data).hexdigest() + ext
            target = image_dir / name
            try:
                if not target.exists():
                    image_dir.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            except OSError as exc:
                log.info("cannot save a chapter image to %s: %s", target, exc)
                return ""
            return target.resolve().as_uri()
    return ""
