"""``play`` and ``chapters``: listening from the terminal, through the same player service the
window uses (so the place is saved and the history recorded exactly as in the app)."""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from player import APP_NAME
from player.cli.context import CliContext
from player.cli.output import print_json, print_table
from player.domain.audio import TRIM_LEVELS
from player.domain.format import clock
from player.i18n import _
from player.storage import EpisodeRepo

if TYPE_CHECKING:
    from player.domain.models import Chapter
    from player.services.playback import PlaybackService
    from player.services.playback_state import PlayerEvent

# The player, libVLC and chapter services are imported inside the handlers: every command
# (``refresh`` in a cron job, ``podcasts``) pays for what this module imports at the top.


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "play",
        help="play an episode without a window, printing the position",
        description="Play an episode from its saved place (or --from), print the position every "
        "second, and save it when playback stops (Ctrl-C, --for, the end, or SIGTERM).",
    )
    p.add_argument("episode_id", type=int, metavar="EPISODE_ID")
    p.add_argument("--from", dest="start", type=float, metavar="SECONDS", help="start here")
    p.add_argument(
        "--for", dest="length", type=float, metavar="SECONDS", help="stop after this long"
    )
    p.add_argument(
        "--rate",
        type=float,
        metavar="R",
        help="speed, 0.5 to 3.0 (pitch kept); later episodes start at it too",
    )
    p.add_argument(
        "--aout", metavar="NAME", help="libVLC audio output (e.g. pulse, alsa; dummy: silent)"
    )
    p.add_argument(
        "--trim-silence",
        choices=TRIM_LEVELS,
        metavar="LEVEL",
        help="jump over silences: off, mild (>= 1 s), medium (>= 0.6 s) or strong (>= 0.35 s); "
        "default: the podcast's choice, else the setting audio.trim_silence",
    )
    p.add_argument(
        "--normalize",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="even loudness: bring the episode to audio.loudness_target (-16 LUFS) without "
        "clipping",
    )
    p.add_argument(
        "--voice-boost",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="compress the dynamic range of speech (quiet voices up, loud ones down)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per line; the last one has the seconds saved "
        "(saved_speed, saved_silence, saved_skips)",
    )
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("chapters", help="list an episode's chapters")
    p.add_argument("episode_id", type=int, metavar="EPISODE_ID")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_chapters)


def chapter_json(chapter: Chapter, source: str) -> dict[str, Any]:
    """The ``chapters --json`` object: url and image only when known."""
    item: dict[str, Any] = {"start": chapter.start, "end": chapter.end, "title": chapter.title}
    if chapter.url:
        item["url"] = chapter.url
    if chapter.image_url:
        item["image"] = chapter.image_url
    item["source"] = source
    return item


def cmd_chapters(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print the chapters the player would show, fetching the JSON chapters when needed."""
    from player.services.chapters import ChapterError, ChapterService

    episode = EpisodeRepo(ctx.store).get(args.episode_id)
    service = ChapterService(ctx.store, image_dir=ctx.paths.cache / "chapter-images")
    try:
        service.ensure(episode)
    except ChapterError as exc:
        print(
            _("{APP_NAME}: {exc} Showing the other sources.").format(APP_NAME=APP_NAME, exc=exc),
            file=sys.stderr,
        )
    source, chapters = service.chosen(episode)
    if args.json:
        print_json([chapter_json(c, source) for c in chapters])
        return 0
    if not chapters:
        print(_("This episode has no chapters."))
        return 0
    rows = [
        (clock(c.start), clock(c.end, "--:--"), c.title + (f"  <{c.url}>" if c.url else ""))
        for c in chapters
    ]
    print_table((_("START"), _("END"), _("TITLE (from {source})").format(source=source)), rows)
    return 0


def _check_play_args(args: argparse.Namespace) -> None:
    from player.playback.engine import RATE_MAX, RATE_MIN

    if args.rate is not None and not RATE_MIN <= args.rate <= RATE_MAX:
        raise SystemExit(f"--rate must be between {RATE_MIN} and {RATE_MAX}")
    if args.start is not None and (args.start < 0 or not math.isfinite(args.start)):
        raise SystemExit("--from must be 0 or more seconds")
    if args.length is not None and (args.length <= 0 or not math.isfinite(args.length)):
        raise SystemExit("--for must be more than 0 seconds")


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops playback like Ctrl-C does, so the position is saved on the way out."""

    def handler(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Session:
    """What ``play`` watches: failures, when audio first started, and the printing."""

    def __init__(self, player: PlaybackService, as_json: bool) -> None:
        self.player = player
        self.as_json = as_json
        self.failure = ""
        self.started_at: float | None = None

    def on_event(self, event: PlayerEvent) -> None:
        from player.services.playback_state import PlaybackFailed, PlayerState, StateChanged

        if isinstance(event, PlaybackFailed):
            self.failure = event.reason
        elif (
            isinstance(event, StateChanged)
            and event.state is PlayerState.PLAYING
            and self.started_at is None
        ):
            self.started_at = time.monotonic()

    def played_for(self) -> float:
        return 0.0 if self.started_at is None else time.monotonic() - self.started_at

    def report(self, final: bool = False) -> None:
        """One line: state, position and chapter (``final``: after the position was saved)."""
        player = self.player
        chapter = player.chapters[player.chapter_index] if player.chapter_index >= 0 else None
        if self.as_json:
            line = {
                "episode_id": player.episode.id if player.episode else None,
                "state": player.state.value,
                "position": round(player.position, 3),
                "duration": player.duration,
                "rate": player.rate,
                "chapter": chapter.title if chapter else None,
            }
            if final:
                line["saved"] = True
                saved = player.time_saved
                smart = player.smart_audio
                line.update(
                    saved_speed=round(saved.speed, 3),
                    saved_silence=round(saved.silence, 3),
                    saved_skips=round(saved.skips, 3),
                    trim_silence=smart.choices.trim_silence,
                    gain_db=smart.effects.gain_db if smart.applied else 0.0,
                    voice_boost=smart.choices.voice_boost and smart.applied,
                )
            print(json.dumps(line, ensure_ascii=False), flush=True)
            return
        title = f"  {chapter.title}" if chapter else ""
        if final:
            print(
                _("Stopped at {clock}; the position is saved.").format(
                    clock=clock(player.position)
                ),
                flush=True,
            )
            saved = player.time_saved
            if saved.total >= 1:
                print(
                    _(
                        "Time saved: {total:.0f} s (speed {speed:.0f} s, silence {silence:.0f} "
                        "s, skips {skips:.0f} s)."
                    ).format(
                        total=saved.total,
                        speed=saved.speed,
                        silence=saved.silence,
                        skips=saved.skips,
                    ),
                    flush=True,
                )
            return
        length = clock(player.duration, "--:--")
        print(f"{player.state.value:<8} {clock(player.position)} / {length}{title}", flush=True)


def _analyse_if_needed(ctx: CliContext, player: PlaybackService) -> None:
    """Trim silence and even loudness need the episode's analysis: make it now when missing
    (a few seconds per hour of audio), or say why they are off (a stream)."""
    from player.domain.errors import PlayerError
    from player.services.audio_analysis import AudioAnalysisService

    smart, episode = player.smart_audio, player.episode
    if episode is None or not smart.choices.needs_analysis:
        return
    service = AudioAnalysisService(ctx.store)
    if smart.analysed and service.current(episode.id) is not None:
        return
    try:
        service.analyse(episode.id)
    except PlayerError as exc:
        print(
            _("{APP_NAME}: {exc} Playing without trim silence and even loudness.").format(
                APP_NAME=APP_NAME, exc=exc
            ),
            file=sys.stderr,
        )
        return
    player.set_smart_audio()  # plan again with the analysis


def cmd_play(ctx: CliContext, args: argparse.Namespace) -> int:
    """Play until the end (and the queue after it), ``--for`` seconds, Ctrl-C or SIGTERM."""
    from player.playback.vlc_engine import VlcEngine
    from player.services.event_loop import EventLoop
    from player.services.playback import TICK_SECONDS, PlaybackService
    from player.services.playback_state import PlayerState

    _check_play_args(args)
    loop = EventLoop()
    engine = VlcEngine(aout=args.aout)
    player = PlaybackService(
        ctx.store, engine, post=loop.post, image_dir=ctx.paths.cache / "chapter-images"
    )
    session = _Session(player, args.json)
    player.subscribe(session.on_event)
    player.set_smart_audio(args.trim_silence, args.normalize, args.voice_boost)
    try:
        with _terminate_as_interrupt():
            player.load(args.episode_id, autoplay=False)
            _analyse_if_needed(ctx, player)
            if args.start is not None:
                player.seek(args.start)
            if args.rate is not None:
                player.set_rate(args.rate)
            player.play()
            loop.every(TICK_SECONDS, player.tick)
            loop.every(1.0, session.report)

            def done() -> bool:
                ended = player.state in (PlayerState.STOPPED, PlayerState.ERROR)
                timed_out = args.length is not None and session.played_for() >= args.length
                return bool(session.failure) or ended or timed_out

            loop.run_until(done, timeout=math.inf)
    except KeyboardInterrupt:
        pass
    finally:
        player.shutdown()
    if session.failure:
        print(f"{APP_NAME}: {session.failure}", file=sys.stderr)
        return 1
    session.report(final=True)
    return 0
