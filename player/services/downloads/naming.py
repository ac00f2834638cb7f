"""Safe file names for downloads, whatever a feed puts in its titles.

A title becomes exactly one path component: no separators or ``..`` (so nothing escapes the
downloads folder), no control or invisible format characters, none of the names Windows
reserves (a library on a shared or synced drive must stay readable there), no trailing dots or
spaces, and a length cap in UTF-8 bytes (file systems count bytes, not characters).
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from player.domain.models import Episode

MAX_STEM_BYTES = 120
"""Room for a " (NN)" suffix, an extension and a ``.part`` within the usual 255-byte limit."""

_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in "123456789¹²³"}
    | {f"LPT{i}" for i in "123456789¹²³"}
)

MEDIA_EXTENSIONS: dict[str, str] = {
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/x-mp3": ".mp3",
    "audio/mpeg3": ".mp3",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/m4a": ".m4a",
    "audio/aac": ".aac",
    "audio/x-aac": ".aac",
    "audio/aacp": ".aac",
    "audio/ogg": ".ogg",
    "audio/vorbis": ".ogg",
    "audio/opus": ".opus",
    "audio/flac": ".flac",
    "audio/x-flac": ".flac",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/wave": ".wav",
    "audio/webm": ".webm",
    "video/mp4": ".mp4",
    "video/x-m4v": ".m4v",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    "video/x-matroska": ".mkv",
    "video/ogg": ".ogv",
}
"""Content types podcasts use, to the extension players expect."""

KNOWN_SUFFIXES = frozenset(MEDIA_EXTENSIONS.values()) | {".oga", ".mka"}


def _cap_bytes(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 form fits in ``limit`` bytes."""
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[:limit].decode("utf-8", errors="ignore")


def safe_component(text: str, fallback: str, max_bytes: int = MAX_STEM_BYTES) -> str:
    """``text`` made into one harmless path component (``fallback`` when nothing is left)."""
    text = unicodedata.normalize("NFC", text or "")
    # Control (Cc), format (Cf: bidi overrides, zero-width) and unassigned/surrogate characters.
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn") or ch.isspace()
    )
    text = _UNSAFE.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" ._")
    text = _cap_bytes(text, max_bytes).rstrip(" .")
    if not text or set(text) <= {".", "_", " "}:
        text = fallback
    if text.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return text


def extension_for(content_type: str, url: str, sniffed: str) -> str:
    """The file extension: from the content type, else the URL, else what the bytes are.

    ``sniffed`` is the extension the magic numbers suggest (always known for accepted media).
    """
    kind = content_type.split(";")[0].strip().lower()
    if kind in MEDIA_EXTENSIONS:
        return MEDIA_EXTENSIONS[kind]
    suffix = Path(unquote(urlsplit(url).path)).suffix.lower()
    if suffix in KNOWN_SUFFIXES:
        return suffix
    guessed = mimetypes.guess_extension(kind) if kind else None
    if guessed in KNOWN_SUFFIXES:
        return guessed
    return sniffed


def unique_path(folder: Path, stem: str, ext: str, own: Path | None = None) -> Path:
    """``folder/stem.ext``, or ``stem (2).ext``... when another file already has that name.

    ``own`` is a path the caller may overwrite (the episode's previous download).
    """
    candidate = folder / f"{stem}{ext}"
    n = 2
    while candidate.exists() and candidate != own:
        candidate = folder / f"{stem} ({n}){ext}"
        n += 1
    return candidate


def download_target(downloads: Path, episode: Episode) -> tuple[Path, str]:
    """The podcast's folder under ``downloads`` and the episode's file stem."""
    show = safe_component(episode.podcast_title, f"podcast-{episode.podcast_id}", max_bytes=80)
    return downloads / show, safe_component(episode.title, f"episode-{episode.id}")


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (resolved) lies under ``folder``: we only ever delete files there."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
