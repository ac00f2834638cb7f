"""Up next and listening-history commands: suggestions, learning, gpodder.net actions.

Personal suggestions from the terminal, and the listening history in the gpodder.net
episode-actions format other players speak.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from player import APP_NAME
from player.cli.context import CliContext
from player.cli.output import no_podcasts, note, print_json, terminal_width, wrap
from player.domain.errors import PlayerError
from player.i18n import _
from player.storage import PodcastRepo

if TYPE_CHECKING:
    from player.domain.suggestion import Suggestion
    from player.services.episode_actions import EpisodeActionsService
    from player.services.up_next import UpNextService


def _up_next(ctx: CliContext) -> UpNextService:
    """Imported here, not at the top: every other command would pay for the recommender."""
    from player.services.up_next import UpNextService

    return UpNextService(ctx.store)


def _episode_actions(ctx: CliContext) -> EpisodeActionsService:
    from player.services.episode_actions import EpisodeActionsService

    return EpisodeActionsService(ctx.store)


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("up-next", help="personal suggestions of what to play next, with reasons")
    p.add_argument(
        "--at",
        metavar="ISO8601",
        help="suggest as if it were this moment (e.g. 2025-03-03T08:00; no zone: local time)",
    )
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N suggestions")
    p.add_argument(
        "--minutes",
        type=int,
        metavar="N",
        help="I have N minutes: favour what fits (what is left of a started episode counts)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_up_next)

    p = sub.add_parser("dismiss", help='mark an episode "not interested" for suggestions')
    p.add_argument("episode_id", type=int, metavar="EPISODE_ID")
    p.set_defaults(func=cmd_dismiss)

    p = sub.add_parser("learning", help="pause or resume learning from what you play")
    p.add_argument("state", choices=("on", "off", "status"), nargs="?", default="status")
    p.set_defaults(func=cmd_learning)

    p = sub.add_parser(
        "forget-history", help='delete the listening history and "not interested" marks'
    )
    p.set_defaults(func=cmd_forget_history)

    p = sub.add_parser("import-actions", help="import gpodder.net episode actions (JSON)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_import_actions)

    p = sub.add_parser("export-actions", help="export the history as gpodder.net episode actions")
    p.add_argument("file", type=Path, nargs="?", metavar="FILE", help="default: standard output")
    p.set_defaults(func=cmd_export_actions)


def parse_moment(text: str) -> datetime:
    """``--at``: ISO 8601, with ``Z`` or an offset, or without a zone (this computer's time)."""
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise PlayerError(
            _(
                "--at needs an ISO 8601 date and time such as 2025-03-03T08:00, not {text!r}."
            ).format(text=text)
        ) from None


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    """The ``up-next --json`` object. Fields are only ever added, never renamed."""
    e = s.episode
    return {
        "episode_id": e.id,
        "title": e.title,
        "podcast": e.podcast_title,
        "podcast_id": e.podcast_id,
        "score": round(s.score, 6),
        "reason": s.reason,
        "signals": [{"name": name, "detail": detail} for name, detail in s.signals],
        "fits_minutes": s.fits_minutes,
    }


def cmd_up_next(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print suggestions."""
    if args.limit < 0:
        raise PlayerError(_("--limit must be 0 or more."))
    if args.minutes is not None and not 1 <= args.minutes <= 24 * 60:
        raise PlayerError(_("--minutes must be between 1 and 1440."))
    at = parse_moment(args.at) if args.at else None
    suggestions = _up_next(ctx).suggest(at, limit=args.limit, minutes=args.minutes)
    if args.json:
        print_json([suggestion_json(s) for s in suggestions])
        return 0
    if not suggestions:
        if PodcastRepo(ctx.store).count():
            note(
                _(
                    "Nothing to suggest right now. Fetch new episodes with: {APP_NAME} refresh"
                ).format(APP_NAME=APP_NAME)
            )
        else:
            note(no_podcasts())
        return 0
    print_suggestions(suggestions, terminal_width(largest=100))
    return 0


def print_suggestions(suggestions: list[Suggestion], width: int) -> None:
    """Each suggestion as a block that fits ``width`` columns: id and score, then the episode
    (two lines at most) and why (three at most) in one indented column, a blank line between.
    A table with the reason as a last column ran to 200 characters a line."""
    id_width = max(2, *(len(str(s.episode.id)) for s in suggestions))
    indent = " " * (id_width + 9)
    text_width = width - len(indent)
    print(_("{ljust}  SCORE  EPISODE, AND WHY").format(ljust="ID".ljust(id_width)))
    for number, s in enumerate(suggestions):
        if number:
            print()
        title = wrap(f"{s.episode.podcast_title}: {s.episode.title}", text_width, 2)
        reason = wrap(s.reason, text_width, 3) if s.reason else []
        print(f"{str(s.episode.id).ljust(id_width)}  {s.score:.3f}  {title[0]}")
        for line in [*title[1:], *reason]:
            print(indent + line)


def cmd_dismiss(ctx: CliContext, args: argparse.Namespace) -> int:
    """Dismiss one episode."""
    service = _up_next(ctx)
    service.dismiss(args.episode_id)
    if not service.learning:
        print(_("Learning is paused, so this is not kept beyond this command."))
    return 0


def cmd_learning(ctx: CliContext, args: argparse.Namespace) -> int:
    """Switch learning on or off, or say whether it is on."""
    service = _up_next(ctx)
    if args.state != "status":
        service.learning = args.state == "on"
    print(_("Learning is on.") if service.learning else _("Learning is paused."))
    return 0


def cmd_forget_history(ctx: CliContext, args: argparse.Namespace) -> int:
    """Clear the history."""
    _up_next(ctx).clear_history()
    print(_('Listening history and "not interested" marks deleted.'))
    return 0


def cmd_import_actions(ctx: CliContext, args: argparse.Namespace) -> int:
    """Import episode actions."""
    result = _episode_actions(ctx).import_file(args.file)
    if args.json:
        summary = {k: getattr(result, k) for k in result.__slots__ if k != "unmatched"}
        summary["unmatched"] = len(result.unmatched)
        print_json(summary)
        return 0
    print(
        _(
            "{actions} actions: {history_added} added to the history, {positions_set} "
            "positions set, {marked_played} marked played, {len} not in this library."
        ).format(
            actions=result.actions,
            history_added=result.history_added,
            positions_set=result.positions_set,
            marked_played=result.marked_played,
            len=len(result.unmatched),
        )
    )
    if result.history_skipped_paused:
        print(
            _(
                "Learning is paused: {history_skipped_paused} plays were not added to the "
                "history (positions and played marks were still set)."
            ).format(history_skipped_paused=result.history_skipped_paused)
        )
    return 0


def cmd_export_actions(ctx: CliContext, args: argparse.Namespace) -> int:
    """Export episode actions."""
    text = _episode_actions(ctx).export_text()
    if args.file is None:
        sys.stdout.write(text)
        return 0
    try:
        args.file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PlayerError(
            _("Cannot write {file}: {value}.").format(file=args.file, value=exc.strerror or exc)
        ) from None
    return 0
