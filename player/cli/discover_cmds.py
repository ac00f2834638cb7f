"""``discover`` (search the podcast directories by name) and ``charts`` (their top lists).

Standard output holds only the results (or the JSON array); every provider's error is one
line on standard error, so ``discover ... --json | jq`` keeps working when one directory is
down. The exit status is 0 when any directory answered, even with no results, and 1 when none
did (the message says why). A result's ``feed_url`` is what ``subscribe`` takes.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from player import APP_NAME
from player.cli.context import CliContext
from player.cli.output import iso, note, print_json, terminal_width, wrap
from player.i18n import _

if TYPE_CHECKING:
    from player.directory.model import DirectoryResult, MergedAnswer
    from player.services.discover import DiscoverService

EXIT_NO_ANSWER = 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "discover",
        help="find podcasts by name in the directories (Apple Podcasts, Podcast Index, ...)",
        description="Search the podcast directories and print one merged list; subscribe to a "
        f"result with: {APP_NAME} subscribe FEED_URL",
    )
    p.add_argument("query", nargs="+", metavar="QUERY", help="words of the podcast's name")
    p.add_argument("--limit", type=_positive, default=30, metavar="N", help="at most N results")
    p.add_argument("--json", action="store_true", help="print a JSON array of results")
    p.set_defaults(func=cmd_discover)

    p = sub.add_parser("charts", help="the directories' top podcasts (by country and category)")
    p.add_argument("--country", default="", metavar="CC", help="two-letter country (default: us)")
    p.add_argument(
        "--genre", default="", metavar="G", help="an Apple Podcasts genre id (--genre list)"
    )
    p.add_argument("--limit", type=_positive, default=50, metavar="N", help="at most N results")
    p.add_argument("--json", action="store_true", help="print a JSON array of results")
    p.set_defaults(func=cmd_charts)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _service(ctx: CliContext) -> DiscoverService:
    from player.services.discover import DiscoverService  # lazy: httpx and keyring imports

    return DiscoverService(ctx.store, cache_dir=ctx.paths.cache / "directory")


def cmd_discover(ctx: CliContext, args: argparse.Namespace) -> int:
    """Search every enabled directory."""
    service = _service(ctx)
    try:
        answer = service.search(" ".join(args.query), limit=args.limit)
        return _report(
            service,
            answer,
            args.json,
            _("No podcast found for {query!r}.").format(query=answer.query),
        )
    finally:
        service.close()


def cmd_charts(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print a chart (or, with ``--genre list``, the genre ids)."""
    service = _service(ctx)
    try:
        if args.genre == "list":
            for genre_id, name in service.genres():
                print(f"{genre_id}  {name}")
            return 0
        answer = service.charts(args.country, args.genre, limit=args.limit)
        return _report(service, answer, args.json, _("This chart is empty."))
    finally:
        service.close()


def result_json(r: DirectoryResult) -> dict[str, Any]:
    """The ``discover --json`` / ``charts --json`` object. Fields are only ever added."""
    return {
        "title": r.title,
        "author": r.author,
        "feed_url": r.feed_url,
        "image_url": r.image_url,
        "description": r.description,
        "episode_count": r.episode_count,
        "newest": iso(r.newest),
        "sources": list(r.sources),
        "itunes_id": r.itunes_id,
        "podcast_guid": r.podcast_guid or None,
    }


def _report(service: DiscoverService, answer: MergedAnswer, as_json: bool, empty: str) -> int:
    for error in answer.errors.values():  # each sentence names its directory
        print(f"{APP_NAME}: {error}", file=sys.stderr)
    if not answer.answered:
        if answer.errors:
            print(
                _("{APP_NAME}: no directory answered.").format(APP_NAME=APP_NAME), file=sys.stderr
            )
        else:
            off = "; ".join(f"{s.label}: {s.note}" for s in service.providers())
            print(
                _("{APP_NAME}: every directory is off ({off}).").format(APP_NAME=APP_NAME, off=off),
                file=sys.stderr,
            )
        return EXIT_NO_ANSWER
    if as_json:
        print_json([result_json(r) for r in answer.results])
    else:
        _print_results(answer.results)
    if not answer.results:
        note(empty)
    if answer.skipped:
        titles = ", ".join(dict.fromkeys(s.title for s in answer.skipped))
        note(_("Left out, as no feed address could be found: {titles}").format(titles=titles))
    return 0


def _print_results(results: tuple[DirectoryResult, ...]) -> None:
    """Readable blocks: title and author, then the feed URL, then what is known of it."""
    width = terminal_width()
    for number, r in enumerate(results, 1):
        head = r.title + (f"  ({r.author})" if r.author else "")
        print(f"{number:>2}. " + wrap(head, width - 4, 1)[0])
        print(f"    {r.feed_url}")
        facts = []
        if r.episode_count is not None:
            facts.append(f"{r.episode_count} episodes")
        if r.newest is not None:
            facts.append("newest " + datetime.fromtimestamp(r.newest, UTC).strftime("%Y-%m-%d"))
        facts.append(", ".join(r.sources))
        if r.subscribed:
            facts.append("subscribed")
        print("    " + " · ".join(facts))
