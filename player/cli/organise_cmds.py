"""``folders``, ``move``, ``tag``, ``untag`` and ``tags``: organising a big library."""

from __future__ import annotations

import argparse

from player.cli.context import CliContext
from player.cli.output import note, print_json, print_table
from player.domain.errors import PlayerError
from player.i18n import _
from player.services.organise import EPISODE, PODCAST, OrganiseService


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "folders",
        help="list folders with their show and unplayed counts",
        description="List folders by path (nested ones as PARENT/CHILD); the counts include "
        "the shows of nested folders.",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_folders)

    p = sub.add_parser(
        "move",
        help="put a podcast into a folder",
        description='Put a podcast into FOLDER (created when new; "A/B" nests B in A). '
        'An empty FOLDER ("") or --none takes it out of any folder.',
    )
    p.add_argument("podcast_id", type=int, metavar="PODCAST_ID")
    p.add_argument("folder", nargs="?", metavar="FOLDER")
    p.add_argument("--none", action="store_true", help="take the podcast out of its folder")
    p.set_defaults(func=cmd_move)

    for name, verb, func in (
        ("tag", "add tags to", cmd_tag),
        ("untag", "remove tags from", cmd_untag),
    ):
        p = sub.add_parser(
            name,
            help=f"{verb} a podcast (or an episode with --episode)",
            description=f"{verb.capitalize()} a podcast, or an episode with --episode. Tags "
            "ignore case: News and news are one tag.",
        )
        p.add_argument("item_id", type=int, metavar="ID", help="a podcast id (or episode id)")
        p.add_argument("tags", nargs="+", metavar="TAG")
        p.add_argument("--episode", action="store_true", help="ID is an episode id")
        p.add_argument("--json", action="store_true", help="print the item's tags as JSON")
        p.set_defaults(func=func)

    p = sub.add_parser("tags", help="list tags with how many podcasts and episodes carry them")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_tags)


def cmd_folders(ctx: CliContext, args: argparse.Namespace) -> int:
    """List folders."""
    folders = OrganiseService(ctx.store).folders()
    if args.json:
        print_json(
            [
                {
                    "name": f.name,
                    "podcast_count": f.podcast_count,
                    "unplayed_count": f.unplayed_count,
                    "collapsed": f.collapsed,
                }
                for f in folders
            ]
        )
        return 0
    if not folders:
        note(_("No folders yet. Put a podcast into one with: move PODCAST_ID FOLDER"))
        return 0
    print_table(
        (_("PODCASTS"), _("NEW"), _("FOLDER")),
        [(f.podcast_count, f.unplayed_count, f.name) for f in folders],
    )
    return 0


def cmd_move(ctx: CliContext, args: argparse.Namespace) -> int:
    """Move a podcast into a folder (or out of any)."""
    if args.none and args.folder:
        raise PlayerError(_("Give a FOLDER or --none, not both."))
    if args.folder is None and not args.none:
        raise PlayerError(_('Name the folder (or use --none, or "", for no folder).'))
    service = OrganiseService(ctx.store)
    path = service.move_podcast(args.podcast_id, "" if args.none else args.folder)
    title = service.podcast_repo.get(args.podcast_id).title
    note(
        _("Moved {title} to {path}.").format(title=title, path=path)
        if path
        else _("Moved {title} out of its folder.").format(title=title)
    )
    return 0


def _tag(ctx: CliContext, args: argparse.Namespace, add: bool) -> int:
    service = OrganiseService(ctx.store)
    kind = EPISODE if args.episode else PODCAST
    if add:
        tags = service.add_tags(kind, args.item_id, args.tags)
    else:
        tags = service.remove_tags(kind, args.item_id, args.tags)
    if args.json:
        print_json(tags)
    else:
        note(_tags_text(kind, args.item_id, tags))
    return 0


def cmd_tag(ctx: CliContext, args: argparse.Namespace) -> int:
    """Add tags to a podcast or an episode."""
    return _tag(ctx, args, add=True)


def cmd_untag(ctx: CliContext, args: argparse.Namespace) -> int:
    """Remove tags from a podcast or an episode."""
    return _tag(ctx, args, add=False)


def cmd_tags(ctx: CliContext, args: argparse.Namespace) -> int:
    """List tags in use."""
    tags = OrganiseService(ctx.store).tags()
    if args.json:
        print_json(
            [
                {"tag": t.tag, "podcast_count": t.podcast_count, "episode_count": t.episode_count}
                for t in tags
            ]
        )
        return 0
    if not tags:
        note(_("No tags yet. Add one with: tag PODCAST_ID TAG"))
        return 0
    print_table(
        (_("PODCASTS"), _("EPISODES"), _("TAG")),
        [(t.podcast_count, t.episode_count, t.tag) for t in tags],
    )
    return 0


def _tags_text(kind: str, item_id: int, tags: list[str]) -> str:
    """What an item's tags are now, one whole sentence per case (for translators)."""
    listed = ", ".join(tags)
    if kind == "podcast":
        if tags:
            return _("The podcast {id} has the tags: {tags}.").format(id=item_id, tags=listed)
        return _("The podcast {id} has no tags now.").format(id=item_id)
    if tags:
        return _("The episode {id} has the tags: {tags}.").format(id=item_id, tags=listed)
    return _("The episode {id} has no tags now.").format(id=item_id)
