"""``transcript``: what was said in an episode, as timed lines or JSON."""

from __future__ import annotations

import argparse

from player.cli.context import CliContext
from player.cli.output import print_json
from player.domain.errors import PlayerError
from player.domain.transcript import Segment
from player.i18n import _
from player.services.transcripts import TranscriptService
from player.transcripts.parse import is_timed
from player.transcripts.timecode import format_clock


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "transcript",
        help="print an episode's transcript (fetched and cached; indexed for search)",
        description="Print what was said in an episode: '[mm:ss] Speaker: text' lines, the "
        "speaker named when it changes. The best of the episode's transcripts is used "
        "(your language, then VTT, JSON, SRT, HTML, text); one that fails is skipped.",
    )
    p.add_argument(
        "episode_id", type=int, metavar="EPISODE_ID", help="the episode (see 'episodes')"
    )
    p.add_argument(
        "--json", action="store_true", help="print a JSON array of {start, end, speaker, text}"
    )
    p.set_defaults(func=cmd_transcript)


def cmd_transcript(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print the transcript; an episode without one is an error (exit status 1)."""
    transcript = TranscriptService(ctx.store).for_episode(args.episode_id)
    if transcript is None:
        raise PlayerError(
            _("Episode {episode_id} has no transcript.").format(episode_id=args.episode_id)
        )
    if args.json:
        print_json([segment_json(s) for s in transcript.segments])
        return 0
    for line in text_lines(transcript.segments):
        print(line)
    return 0


def segment_json(segment: Segment) -> dict[str, object]:
    """One element of ``transcript --json``."""
    return {
        "start": segment.start,
        "end": segment.end,
        "speaker": segment.speaker,
        "text": segment.text,
    }


def text_lines(segments: list[Segment]) -> list[str]:
    """``[mm:ss] Speaker: text``; the speaker only when it changes, no time when untimed."""
    timed = is_timed(segments)
    out = []
    speaker: str | None = None
    for s in segments:
        who = f"{s.speaker}: " if s.speaker and s.speaker != speaker else ""
        speaker = s.speaker
        out.append((f"[{format_clock(s.start)}] " if timed else "") + who + s.text)
    return out
