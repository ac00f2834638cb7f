"""``podcasts``, ``episodes`` and ``search``: reading the library from the terminal."""

from __future__ import annotations

import argparse
from datetime import UTC

from player import APP_NAME
from player.cli.context import CliContext
from player.cli.output import (
    episode_json,
    no_podcasts,
    note,
    podcast_json,
    print_json,
    print_table,
)
from player.domain.errors import PlayerError
from player.domain.format import clock
from player.domain.models import Episode, EpisodeState, Podcast
from player.domain.queries import EpisodeQuery
from player.i18n import _, formats
from player.services.library import LibraryService
from player.services.library_search import MAX_TRANSCRIPT_HITS, SearchResult, search_library

DEFAULT_LIMIT = 50
"""Rows ``episodes`` and ``search`` print unless ``--limit`` says otherwise (0: all)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("podcasts", help="list subscriptions")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_podcasts)

    p = sub.add_parser("episodes", help="list episodes, newest first")
    p.add_argument("--podcast", type=int, metavar="ID", help="only this podcast's episodes")
    p.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N episodes (default {DEFAULT_LIMIT}; 0: all)",
    )
    p.add_argument("--unplayed", action="store_true", help="only unplayed episodes")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_episodes)

    p = sub.add_parser(
        "search",
        help="full-text search of titles, show notes, podcast names and transcripts",
    )
    p.add_argument("query", nargs="+", help="words to look for (the last may be a prefix)")
    p.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N results (default {DEFAULT_LIMIT}; 0: all)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_search)


def cmd_podcasts(ctx: CliContext, args: argparse.Namespace) -> int:
    """List subscriptions."""
    podcasts = LibraryService(ctx.store).podcasts()
    if args.json:
        print_json([podcast_json(p) for p in podcasts])
        return 0
    if not podcasts:
        note(no_podcasts())
        return 0
    rows = [
        (p.id, p.unplayed_count, p.episode_count, ("! " if p.last_error else "") + p.title)
        for p in podcasts
    ]
    print_table((_("ID"), _("NEW"), _("EPISODES"), _("TITLE")), rows)
    return 0


def cmd_episodes(ctx: CliContext, args: argparse.Namespace) -> int:
    """List episodes (the newest ``--limit``; a note on stderr says how many more there are)."""
    _check_limit(args.limit)
    library = LibraryService(ctx.store)
    podcast = None
    if args.podcast is not None:
        podcast = library.podcast(args.podcast)  # "no podcast with id N" beats an empty list
    query = EpisodeQuery(podcast_id=args.podcast, unplayed=args.unplayed)
    episodes = library.episodes(query, limit=args.limit or None)
    _print_episodes(episodes, args.json)
    if not episodes and not args.json:
        note(_no_episodes(library, podcast, args.unplayed))
    elif args.limit and len(episodes) == args.limit:
        total = library.count_episodes(query)
        if total > args.limit:
            note(
                _("Showing the newest {limit} of {total} episodes (--limit 0 shows all).").format(
                    limit=args.limit, total=total
                )
            )
    return 0


def cmd_search(ctx: CliContext, args: argparse.Namespace) -> int:
    """Search episodes (the best ``--limit`` matches)."""
    _check_limit(args.limit)
    library = LibraryService(ctx.store)
    text = " ".join(args.query)
    total = library.count_episodes(EpisodeQuery(text=text))
    results = search_library(ctx.store, text, limit=args.limit or max(total, MAX_TRANSCRIPT_HITS))
    _print_results(results, args.json)
    if not results and not args.json:
        if library.podcasts():
            note(_("No episodes match '{text}'. Try fewer or other words.").format(text=text))
        else:
            note(no_podcasts())
    elif args.limit and total > len(results) - _transcript_only(results):
        note(
            _("Showing the best {len} of {total} matches (--limit 0 shows all).").format(
                len=len(results), total=total
            )
        )
    return 0


def _no_episodes(library: LibraryService, podcast: Podcast | None, unplayed: bool) -> str:
    """What an empty ``episodes`` listing means, and what to do about it."""
    if podcast is not None:
        if unplayed:
            return f"{podcast.title} has no unplayed episodes."
        return (
            f"{podcast.title} has no episodes yet. Fetch them with: {APP_NAME} refresh {podcast.id}"
        )
    if not library.podcasts():
        return no_podcasts()
    if unplayed:
        return _("No unplayed episodes: you have heard everything.")
    return _("No episodes yet. Fetch them with: {APP_NAME} refresh").format(APP_NAME=APP_NAME)


def _check_limit(limit: int) -> None:
    if limit < 0:
        raise PlayerError(_("--limit must be 0 (all) or more."))


def _print_episodes(episodes: list[Episode], as_json: bool) -> None:
    if as_json:
        print_json([episode_json(e) for e in episodes])
        return
    if not episodes:
        return
    rows = [
        (
            e.id,
            _date(e.published),
            clock(e.duration, "--:--"),
            _state(e),
            f"{e.podcast_title}: {e.title}",
        )
        for e in episodes
    ]
    print_table((_("ID"), _("DATE"), _("LENGTH"), _("STATE"), _("EPISODE")), rows)


def _transcript_only(results: list[SearchResult]) -> int:
    return sum(1 for r in results if r.match is not None and not r.episode_matched)


def _print_results(results: list[SearchResult], as_json: bool) -> None:
    """Search results: episodes, with ``match`` where a transcript matched."""
    if as_json:
        rows = []
        for r in results:
            row = episode_json(r.episode)
            if r.match is not None:
                row["match"] = {
                    "field": "transcript",
                    "start": r.match.start,
                    "snippet": r.match.snippet,
                }
            rows.append(row)
        print_json(rows)
        return
    if not results:
        return
    table = []
    for r in results:
        e = r.episode
        label = f"{e.podcast_title}: {e.title}"
        if r.match is not None:
            said = _("said at {position}").format(position=clock(r.match.start))
            label += f" ({said}: {r.match.snippet})"
        table.append((e.id, _date(e.published), clock(e.duration, "--:--"), _state(e), label))
    print_table((_("ID"), _("DATE"), _("LENGTH"), _("STATE"), _("EPISODE")), table)


def _date(ts: float | None) -> str:
    """The day as the listener's locale writes it (``26.01.2026``); ``--json`` keeps ISO."""
    return formats.date(ts, tz=UTC) if ts else ""


def _state(e: Episode) -> str:
    if e.in_progress:
        return _("at {position}").format(position=clock(e.position))
    return _("played") if e.state is EpisodeState.PLAYED else _("new")
