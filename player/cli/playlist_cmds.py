"""``playlists``, ``playlist``, ``playlist-save`` and ``playlist-delete``: smart playlists."""

from __future__ import annotations

import argparse
import json
from datetime import UTC
from typing import Any

from player.cli.context import CliContext
from player.cli.output import episode_json, note, print_json, print_table
from player.domain.errors import PlayerError
from player.domain.format import clock
from player.domain.models import Episode
from player.domain.playlist_words import RULE_WORDS_HELP, parse_rule_words, rule_words
from player.domain.playlists import Playlist
from player.i18n import _, formats, ngettext
from player.services.playlists import PlaylistService


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("playlists", help="list smart playlists with their counts")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_playlists)

    p = sub.add_parser("playlist", help="list a smart playlist's episodes, in its order")
    p.add_argument("name", help="the playlist's name (or id)")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="at most N (default: all)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_playlist)

    p = sub.add_parser(
        "playlist-save",
        help="create a smart playlist, or replace the rules of the one with that name",
        description=f"RULES: {RULE_WORDS_HELP}. Values of one kind are alternatives; kinds "
        "combine (podcasts and folders together are the sources).",
    )
    p.add_argument("name", help="the playlist's name")
    # REMAINDER: exclusions such as -tag:long look like options to argparse.
    p.add_argument("rules", nargs=argparse.REMAINDER, metavar="RULES", help="rule words")
    p.set_defaults(func=cmd_playlist_save)

    p = sub.add_parser("playlist-delete", help="delete a smart playlist (not its episodes)")
    p.add_argument("name", help="the playlist's name (or id)")
    p.set_defaults(func=cmd_playlist_delete)


def playlist_json(service: PlaylistService, playlist: Playlist, count: int) -> dict[str, Any]:
    """The ``playlists --json`` object. Fields are only ever added, never renamed."""
    return {
        "id": playlist.id,
        "name": playlist.name,
        "count": count,
        "description": service.describe(playlist.rules),
        "rules": " ".join(rule_words(playlist.rules)),
        "rules_json": json.loads(playlist.rules.to_json()),
    }


def cmd_playlists(ctx: CliContext, args: argparse.Namespace) -> int:
    """List the smart playlists with their live counts."""
    service = PlaylistService(ctx.store)
    counts = {s.id: s.count for s in service.summaries()}
    playlists = service.playlists()
    if args.json:
        print_json([playlist_json(service, p, counts.get(p.id, 0)) for p in playlists])
        return 0
    if not playlists:
        note(_("No smart playlists yet. Make one with: playlist-save NAME RULES..."))
        return 0
    rows = [(p.id, counts.get(p.id, 0), p.name, service.describe(p.rules)) for p in playlists]
    print_table((_("ID"), _("COUNT"), _("NAME"), _("RULES")), rows)
    return 0


def cmd_playlist(ctx: CliContext, args: argparse.Namespace) -> int:
    """List one playlist's episodes."""
    if args.limit < 0:
        raise PlayerError(_("--limit must be 0 (all) or more."))
    service = PlaylistService(ctx.store)
    playlist = service.playlist(args.name)
    episodes = service.episodes(playlist.id, limit=args.limit or None)
    if args.json:
        print_json([episode_json(e) for e in episodes])
        return 0
    if not episodes:
        note(
            _("No episodes match “{name}” ({describe}).").format(
                name=playlist.name, describe=service.describe(playlist.rules)
            )
        )
        return 0
    print_table(
        (_("ID"), _("DATE"), _("LENGTH"), _("STATE"), _("EPISODE")), [_row(e) for e in episodes]
    )
    return 0


def cmd_playlist_save(ctx: CliContext, args: argparse.Namespace) -> int:
    """Create or replace a playlist from RULES words."""
    words = [w for w in args.rules if w != "--"]
    rules = parse_rule_words(words)
    service = PlaylistService(ctx.store)
    existed = service.repo.find(args.name) is not None
    playlist_id = service.save(args.name, rules)
    count = service.preview(rules)
    if existed:
        text = ngettext(
            "Replaced the rules of playlist {playlist_id} “{name}”: {describe} "
            "({count} episode now).",
            "Replaced the rules of playlist {playlist_id} “{name}”: {describe} "
            "({count} episodes now).",
            count,
        )
    else:
        text = ngettext(
            "Saved playlist {playlist_id} “{name}”: {describe} ({count} episode now).",
            "Saved playlist {playlist_id} “{name}”: {describe} ({count} episodes now).",
            count,
        )
    print(
        text.format(
            playlist_id=playlist_id,
            name=service.playlist(playlist_id).name,
            describe=service.describe(rules),
            count=count,
        )
    )
    return 0


def cmd_playlist_delete(ctx: CliContext, args: argparse.Namespace) -> int:
    """Delete a playlist."""
    removed = PlaylistService(ctx.store).delete(args.name)
    print(_("Deleted playlist “{name}”.").format(name=removed.name))
    return 0


def _row(e: Episode) -> tuple[object, ...]:
    date = formats.date(e.published, tz=UTC) if e.published else ""
    state = f"at {clock(e.position)}" if e.in_progress else e.state.value
    return (e.id, date, clock(e.duration, "--:--"), state, f"{e.podcast_title}: {e.title}")
