"""Clips: a few minutes of an episode as an audio file of its own, tagged with its source.

ffmpeg (a system tool, run as a subprocess) cuts the range from the download when the file is
there, else from the stream URL, re-encoding it (so the cut is sample accurate) in the format
the output name's extension asks for. The clip's tags say the episode and the place (title)
and the podcast (album and artist), so a player shows where it came from.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from player.domain.errors import PlayerError
from player.i18n import _
from player.playback.locations import describe, local_path, playable_location
from player.storage import EpisodeRepo, Store
from player.transcripts.timecode import format_clock

MAX_CLIP_SECONDS = 300.0
"""The longest clip made: a clip is for sharing a moment, not for copying an episode."""
TIMEOUT_SECONDS = 600
NETWORK_TIMEOUT_US = 30_000_000
"""ffmpeg gives up on a stream that sends nothing for this long (microseconds)."""


class ClipError(PlayerError):
    """A clip that cannot be made; ``str()`` says why in one sentence."""


@dataclass(frozen=True, slots=True)
class Clip:
    """A clip that was written: where, from what, and its tags."""

    path: Path
    source: str
    start: float
    end: float
    title: str
    podcast: str


def clip_title(episode_title: str, start: float, end: float) -> str:
    """``Episode (12:34–13:20)``: the clip's title tag."""
    return f"{episode_title} ({format_clock(start)}–{format_clock(end)})"


def check_range(start: float, end: float) -> None:
    """Refuse a range that is empty, negative, or longer than :data:`MAX_CLIP_SECONDS`."""
    if start < 0 or end <= start:
        raise ClipError(
            _("A clip must end after it starts (got {start:g} to {end:g} seconds).").format(
                start=start, end=end
            )
        )
    if end - start > MAX_CLIP_SECONDS:
        raise ClipError(
            _(
                "A clip can be at most {format_clock} long; {format_clock2}–{format_clock3} is "
                "{format_clock4}."
            ).format(
                format_clock=format_clock(MAX_CLIP_SECONDS),
                format_clock2=format_clock(start),
                format_clock3=format_clock(end),
                format_clock4=format_clock(end - start),
            )
        )


def make_clip(store: Store, episode_id: int, start: float, end: float, out: Path) -> Clip:
    """Write ``start``..``end`` (seconds) of the episode to ``out``; blocks while ffmpeg runs."""
    check_range(start, end)
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise ClipError(
            _("Making a clip needs ffmpeg; install it (Debian/Ubuntu: apt install ffmpeg).")
        )
    episode = EpisodeRepo(store).get(episode_id)
    source, why = playable_location(episode.download_path, episode.enclosure_url)
    if not source:
        raise ClipError(why)
    if episode.duration and start >= episode.duration:
        raise ClipError(
            _("The episode is {format_clock} long; a clip cannot start at {format_clock2}.").format(
                format_clock=format_clock(episode.duration), format_clock2=format_clock(start)
            )
        )
    path = local_path(source)
    title = clip_title(episode.title, start, end)
    podcast = episode.podcast_title
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
    if path is None:
        cmd += ["-rw_timeout", str(NETWORK_TIMEOUT_US)]
    cmd += ["-ss", f"{start:.3f}", "-i", str(path) if path is not None else source]
    cmd += ["-t", f"{end - start:.3f}", "-map", "0:a:0", "-vn", "-map_metadata", "-1"]
    cmd += ["-metadata", f"title={title}", "-metadata", f"album={podcast}"]
    cmd += ["-metadata", f"artist={podcast}", "-metadata", f"comment={episode.enclosure_url}"]
    cmd.append(str(out))
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        out.unlink(missing_ok=True)
        raise ClipError(
            _("ffmpeg took too long reading {describe}.").format(describe=describe(source))
        ) from exc
    if result.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        out.unlink(missing_ok=True)
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise ClipError(
            _("Could not make the clip from {describe}: {detail}").format(
                describe=describe(source), detail=detail
            )
        )
    return Clip(out, source, start, end, title, podcast)
