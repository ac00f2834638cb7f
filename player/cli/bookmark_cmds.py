"""``bookmark``, ``bookmarks``, ``export-bookmarks``, ``import-bookmarks`` and ``clip``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from player.cli.context import CliContext
from player.cli.output import note, print_json, print_table
from player.domain.bookmark import Bookmark, BookmarkQuery, BookmarkSort
from player.domain.errors import PlayerError
from player.i18n import _
from player.services.bookmarks import BookmarkService, bookmark_record, describe
from player.services.clips import MAX_CLIP_SECONDS, make_clip
from player.storage import EpisodeRepo


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "bookmark",
        help="bookmark a place (or a range) in an episode",
        description="Add a bookmark to an episode, at its saved position unless --at says "
        "where. Bookmarks outlive the download and the episode leaving its feed.",
    )
    p.add_argument("episode_id", type=int, metavar="EPISODE_ID", help="the episode")
    p.add_argument(
        "--at", type=float, metavar="S", help="where, in seconds (default: saved position)"
    )
    p.add_argument("--end", type=float, metavar="S", help="where a range ends, in seconds")
    p.add_argument("--title", default="", metavar="TEXT", help="a short title")
    p.add_argument("--note", default="", metavar="TEXT", help="a note")
    p.add_argument("--json", action="store_true", help="print the bookmark as JSON")
    p.set_defaults(func=cmd_bookmark)

    p = sub.add_parser(
        "bookmarks",
        help="list bookmarks",
        description="List bookmarks, newest first (--by-position: by episode and place).",
    )
    p.add_argument("--podcast", type=int, metavar="ID", help="only this podcast's")
    p.add_argument("--episode", type=int, metavar="ID", help="only this episode's")
    p.add_argument("--search", default="", metavar="TEXT", help="words in title, note or episode")
    p.add_argument("--by-position", action="store_true", help="order by episode and place")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_bookmarks)

    p = sub.add_parser(
        "export-bookmarks",
        help="write every bookmark as JSON or Markdown (or an episode's as chapters)",
        description="Write bookmarks to FILE (standard output when omitted). json is what "
        "import-bookmarks reads back; md is a Markdown list of links; chapters writes one "
        "episode's bookmarks (--episode) as Podcasting 2.0 JSON chapters.",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="where to write (default: stdout)")
    p.add_argument("--format", choices=("json", "md", "chapters"), default="json")
    p.add_argument("--episode", type=int, metavar="ID", help="the episode (for --format chapters)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-bookmarks",
        help="merge bookmarks from a JSON export",
        description="Read a JSON export (export-bookmarks) and add its bookmarks. Each finds "
        "its episode by guid, then by enclosure URL; one already here is never added twice "
        "(the later-modified copy wins).",
    )
    p.add_argument("file", metavar="FILE", help="the JSON file ('-' for standard input)")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "clip",
        help="save a range of an episode as an audio file",
        description="Cut START..END (seconds) of an episode, from its download or its stream, "
        f"into OUT (format from its extension: .mp3, .m4a, .opus, .wav...), at most "
        f"{MAX_CLIP_SECONDS:g} seconds, tagged with the episode, the place and the podcast. "
        "Needs ffmpeg.",
    )
    p.add_argument("episode_id", type=int, metavar="EPISODE_ID", help="the episode")
    p.add_argument("start", type=float, metavar="START", help="start, in seconds")
    p.add_argument("end", type=float, metavar="END", help="end, in seconds")
    p.add_argument("out", type=Path, metavar="OUT", help="the file to write")
    p.set_defaults(func=cmd_clip)


def row_json(b: Bookmark) -> dict[str, Any]:
    """A bookmark in ``bookmark --json`` and ``bookmarks --json``: the export's fields, plus
    this library's ids (``bookmarkId``; ``episodeId`` is null while its episode is not here)."""
    return {"bookmarkId": b.id, "episodeId": b.episode_id, **bookmark_record(b, None)}


def cmd_bookmark(ctx: CliContext, args: argparse.Namespace) -> int:
    """Add one bookmark and print it."""
    at = args.at
    if at is None:
        at = EpisodeRepo(ctx.store).get(args.episode_id).position
    service = BookmarkService(ctx.store)
    b = service.add(args.episode_id, at, args.end, title=args.title, note=args.note)
    if args.json:
        print_json(row_json(b))
    else:
        print(
            _("Bookmark {id}: {describe} in {episode_title}").format(
                id=b.id, describe=describe(b), episode_title=b.episode_title
            )
        )
    return 0


def cmd_bookmarks(ctx: CliContext, args: argparse.Namespace) -> int:
    """List bookmarks as a table or JSON."""
    query = BookmarkQuery(
        text=args.search,
        podcast_id=args.podcast,
        episode_id=args.episode,
        sort=BookmarkSort.POSITION if args.by_position else BookmarkSort.CREATED,
    )
    found = BookmarkService(ctx.store).list(query)
    if args.json:
        print_json([row_json(b) for b in found])
        return 0
    if not found:
        note(_("No bookmarks yet. Add one with: bookmark EPISODE_ID [--at S] [--note TEXT]"))
        return 0
    print_table(
        (_("ID"), _("EPISODE"), _("AT"), _("BOOKMARK")),
        (
            (b.id, b.episode_id or "-", describe(b), f"{b.episode_title}: {b.label}".rstrip(": "))
            for b in found
        ),
    )
    return 0


def cmd_export(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the export to a file or standard output."""
    service = BookmarkService(ctx.store)
    if args.format == "chapters":
        if args.episode is None:
            raise PlayerError(_("--format chapters needs --episode ID."))
        EpisodeRepo(ctx.store).get(args.episode)
        text = service.chapters_json(args.episode)
    elif args.format == "md":
        text = service.export_markdown()
    else:
        text = service.export_json()
    if args.file in (None, "-"):
        sys.stdout.write(text)
    else:
        try:
            Path(args.file).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise PlayerError(
                _("Cannot write {file}: {value}").format(file=args.file, value=exc.strerror or exc)
            ) from exc
        note(
            _("Wrote {count} bookmarks to {file}.").format(
                count=service.repo.count(), file=args.file
            )
        )
    return 0


def cmd_import(ctx: CliContext, args: argparse.Namespace) -> int:
    """Merge an export; say how many were added, updated, already here, and matched."""
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlayerError(_("Cannot read {file}: {exc}").format(file=args.file, exc=exc)) from exc
    result = BookmarkService(ctx.store).import_json(text)
    if args.json:
        print_json(
            {
                "added": result.added,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "matched": result.matched,
            }
        )
    else:
        print(
            _(
                "Added {added}, updated {updated}, already here {unchanged}; {matched} found "
                "their episode in this library."
            ).format(
                added=result.added,
                updated=result.updated,
                unchanged=result.unchanged,
                matched=result.matched,
            )
        )
    return 0


def cmd_clip(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the clip and say where."""
    clip = make_clip(ctx.store, args.episode_id, args.start, args.end, args.out)
    print(
        _("Wrote {path} ({describe_range}): {title}").format(
            path=clip.path, describe_range=describe_range(clip.start, clip.end), title=clip.title
        )
    )
    return 0


def describe_range(start: float, end: float) -> str:
    """``12.5 s`` long, for the clip message."""
    return f"{end - start:.1f} s"
