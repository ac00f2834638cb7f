"""``suggest-shows`` (new shows you would like) and ``dismiss-show``.

Standard output holds only the suggestions (or the JSON array); a directory that failed is one
line on standard error, so ``suggest-shows --json | jq`` keeps working when Apple is down.
What the command sends over the network is in ``suggest-shows --help`` (and Settings); the
ranking is done here, from this library.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from player import APP_NAME
from player.cli.context import CliContext
from player.cli.output import note, print_json, terminal_width, wrap
from player.i18n import _

if TYPE_CHECKING:
    from player.recommend.shows import ShowSuggestion
    from player.services.show_suggestions import ShowSuggestionsService


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    from player.domain.show_privacy import PRIVACY_NOTE

    p = sub.add_parser(
        "suggest-shows",
        help="new shows you would like, ranked here from what you finish",
        description="Suggest shows you are not subscribed to, each with its reason; subscribe "
        f"with: {APP_NAME} subscribe FEED_URL",
        epilog=PRIVACY_NOTE,
    )
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N shows")
    p.add_argument("--json", action="store_true", help="print a JSON array of suggestions")
    p.add_argument(
        "--network",
        choices=("on", "off"),
        help="store whether the directories may be asked (off: only your feeds' podrolls)",
    )
    p.set_defaults(func=cmd_suggest_shows)

    p = sub.add_parser("dismiss-show", help="never suggest this show again")
    p.add_argument("feed_url", metavar="FEED_URL", help="the suggestion's feed_url")
    p.set_defaults(func=cmd_dismiss_show)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _service(ctx: CliContext) -> ShowSuggestionsService:
    from player.services.show_suggestions import ShowSuggestionsService  # lazy: httpx

    return ShowSuggestionsService(ctx.store, cache_dir=ctx.paths.cache / "directory")


def suggestion_json(s: ShowSuggestion) -> dict[str, Any]:
    """The ``suggest-shows --json`` object. Fields are only ever added."""
    return {
        "title": s.title,
        "feed_url": s.feed_url,
        "image_url": s.image_url,
        "reason": s.reason,
        "signals": dict(s.signals),
        "sources": list(s.sources),
    }


def cmd_suggest_shows(ctx: CliContext, args: argparse.Namespace) -> int:
    """Rank new shows and print them."""
    service = _service(ctx)
    try:
        if args.network is not None:
            service.network = args.network == "on"
        answer = service.suggest(limit=args.limit)
    finally:
        service.close()
    for error in answer.errors:
        print(f"{APP_NAME}: {error}", file=sys.stderr)
    if args.json:
        print_json([suggestion_json(s) for s in answer.suggestions])
    else:
        width = terminal_width()
        for number, s in enumerate(answer.suggestions, 1):
            print(f"{number:>2}. " + wrap(s.title, width - 4, 1)[0])
            for line in wrap(s.reason, width - 4, 3):
                print(f"    {line}")
            print(f"    {s.feed_url}")
    if not answer.suggestions:
        if answer.network:
            note(_("No new show to suggest yet: finish a few episodes first."))
        else:
            note(
                _(
                    "No new show to suggest yet (the directories are off: --network on): "
                    "finish a few episodes first."
                )
            )
    return 0


def cmd_dismiss_show(ctx: CliContext, args: argparse.Namespace) -> int:
    """Remember a "not interested" for a suggested show."""
    from player.storage.show_marks import ShowMarksRepo

    ShowMarksRepo(ctx.store).dismiss(args.feed_url)
    note(_("{url} will not be suggested again.").format(url=args.feed_url))
    return 0
