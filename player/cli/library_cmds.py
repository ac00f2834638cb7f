"""``podcasts``, ``episodes`` and ``search``: reading the library from the terminal."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from player.cli.context import CliContext
from player.cli.output import clock, episode_json, podcast_json, print_json, print_table
from player.domain.models import Episode
from player.services.library import LibraryService
from player.storage import EpisodeQuery


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("podcasts", help="list subscriptions")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_podcasts)

    p = sub.add_parser("episodes", help="list episodes, newest first")
    p.add_argument("--podcast", type=int, metavar="ID", help="only this podcast's episodes")
    p.add_argument("--limit", type=int, metavar="N", help="at most N episodes")
    p.add_argument("--unplayed", action="store_true", help="only unplayed episodes")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_episodes)

    p = sub.add_parser("search", help="full-text search of titles, show notes and podcast names")
    p.add_argument("query", nargs="+", help="words to look for (the last may be a prefix)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N results")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_search)


def cmd_podcasts(ctx: CliContext, args: argparse.Namespace) -> int:
    """List subscriptions."""
    podcasts = LibraryService(ctx.store).podcasts()
    if args.json:
        print_json([podcast_json(p) for p in podcasts])
        return 0
    rows = [
        (p.id, p.unplayed_count, p.episode_count, ("! " if p.last_error else "") + p.title)
        for p in podcasts
    ]
    print_table(("ID", "NEW", "EPISODES", "TITLE"), rows)
    return 0


def cmd_episodes(ctx: CliContext, args: argparse.Namespace) -> int:
    """List episodes."""
    if args.limit is not None and args.limit < 0:
        raise SystemExit("--limit must be 0 or more")
    library = LibraryService(ctx.store)
    if args.podcast is not None:
        library.podcast(args.podcast)  # a clear "no podcast with id N" instead of an empty list
    query = EpisodeQuery(podcast_id=args.podcast, unplayed=args.unplayed)
    _print_episodes(library.episodes(query, limit=args.limit), args.json)
    return 0


def cmd_search(ctx: CliContext, args: argparse.Namespace) -> int:
    """Search episodes."""
    results = LibraryService(ctx.store).search(" ".join(args.query), limit=args.limit)
    _print_episodes(results, args.json)
    return 0


def _print_episodes(episodes: list[Episode], as_json: bool) -> None:
    if as_json:
        print_json([episode_json(e) for e in episodes])
        return
    rows = [
        (
            e.id,
            _date(e.published),
            clock(e.duration),
            _state(e),
            f"{e.podcast_title}: {e.title}",
        )
        for e in episodes
    ]
    print_table(("ID", "DATE", "LENGTH", "STATE", "EPISODE"), rows)


def _date(ts: float | None) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d") if ts else ""


def _state(e: Episode) -> str:
    if e.in_progress:
        return f"at {clock(e.position)}"
    return e.state.value
