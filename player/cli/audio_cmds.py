"""``analyze``: an episode's loudness, true peak and silences, as smart audio sees them."""

from __future__ import annotations

import argparse

from player.cli.context import CliContext
from player.cli.output import print_json
from player.domain.audio import AudioAnalysis
from player.i18n import _
from player.services.audio_analysis import AudioAnalysisService


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "analyze",
        help="measure a downloaded episode's loudness (EBU R128), true peak and silences",
        description="Analyse a downloaded episode (or one whose enclosure is a local file): "
        "its integrated loudness (EBU R128), true peak and the silent ranges that trim "
        "silence skips. The result is stored; it is measured again only when the analyser "
        "has changed (or with --again). A streamed episode must be downloaded first.",
    )
    p.add_argument(
        "episode_id", type=int, metavar="EPISODE_ID", help="the episode (see 'episodes')"
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON object: analyser, source, duration, loudness_lufs, true_peak_dbtp, "
        "speech_level, speech_seconds, silences ([start, end] seconds)",
    )
    p.add_argument("--again", action="store_true", help="measure again even if stored")
    p.set_defaults(func=cmd_analyze)


def cmd_analyze(ctx: CliContext, args: argparse.Namespace) -> int:
    """Analyse (or read the stored analysis) and print it."""
    analysis = AudioAnalysisService(ctx.store).analyse(args.episode_id, force=args.again)
    if args.json:
        print_json(analysis_json(analysis))
        return 0
    for line in text_lines(analysis):
        print(line)
    return 0


def analysis_json(a: AudioAnalysis) -> dict[str, object]:
    """The ``analyze --json`` object. Fields are only ever added, never renamed."""
    return {
        "analyser": a.analyser,
        "source": a.source,
        "duration": round(a.duration, 3),
        "loudness_lufs": a.loudness_lufs,
        "true_peak_dbtp": a.true_peak_dbtp,
        "speech_level": a.speech_level,
        "speech_seconds": a.speech_seconds,
        "silences": [[start, end] for start, end in a.silences],
    }


def _db(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:.1f} {unit}"


def text_lines(a: AudioAnalysis) -> list[str]:
    """A short human summary: figures, then the silences' count and total."""
    silent = sum(end - start for start, end in a.silences)
    return [
        _("Loudness:       {db} (integrated, EBU R128)").format(db=_db(a.loudness_lufs, "LUFS")),
        _("True peak:      {db}").format(db=_db(a.true_peak_dbtp, "dBTP")),
        _("Speech level:   {db}").format(db=_db(a.speech_level, "LUFS")),
        _("Duration:       {duration:.1f} s, speech {speech_seconds:.1f} s").format(
            duration=a.duration, speech_seconds=a.speech_seconds
        ),
        _("Silences:       {len} of 0.35 s or more, {silent:.1f} s in all").format(
            len=len(a.silences), silent=silent
        ),
        _("Analyser:       {analyser} ({source})").format(analyser=a.analyser, source=a.source),
    ]
