"""``queues``, ``queue`` and the ``queue-*`` commands: the named play queues from the terminal.

A queue is named on the command line by its name (case does not matter); ``queue`` and
``queue-add`` use the active queue (the one the player follows) unless told otherwise.
"""

from __future__ import annotations

import argparse
from typing import Any

from player.cli.context import CliContext
from player.cli.output import episode_json, note, print_json, print_table
from player.domain.format import clock
from player.domain.organise import QueueSummary
from player.i18n import _, ngettext
from player.services.queue import QueueService, remaining


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("queues", help="list the play queues (* marks the active one)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_queues)

    p = sub.add_parser("queue", help="list a queue's episodes in play order")
    p.add_argument("name", nargs="?", metavar="NAME", help="the queue (default: the active one)")
    p.add_argument("--json", action="store_true", help="print the queue as a JSON object")
    p.set_defaults(func=cmd_queue)

    p = sub.add_parser("queue-add", help="add episodes to a queue (the active one by default)")
    p.add_argument("episode_ids", type=int, nargs="+", metavar="EPISODE_ID")
    p.add_argument("--queue", metavar="NAME", help="this queue instead of the active one")
    p.add_argument("--next", action="store_true", help="at the front (play next), not the end")
    p.set_defaults(func=cmd_queue_add)

    p = sub.add_parser("queue-new", help="create an empty queue")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_queue_new)

    p = sub.add_parser("queue-rename", help="rename a queue")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.set_defaults(func=cmd_queue_rename)

    p = sub.add_parser(
        "queue-delete", help="delete a queue and its entries (not the episodes; not Next up)"
    )
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_queue_delete)

    p = sub.add_parser("queue-use", help="make a queue the active one (the one the player plays)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_queue_use)

    p = sub.add_parser(
        "queue-move", help="move episodes from the active queue (or --from) to the end of another"
    )
    p.add_argument("episode_ids", type=int, nargs="+", metavar="EPISODE_ID")
    p.add_argument("--to", required=True, metavar="NAME", help="the queue they go to")
    p.add_argument("--from", dest="source", metavar="NAME", help="the queue they leave")
    p.set_defaults(func=cmd_queue_move)

    p = sub.add_parser(
        "queue-advance",
        help="whether the end of an episode goes on to the queue's next one (on/off)",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("switch", choices=("on", "off"))
    p.set_defaults(func=cmd_queue_advance)


def queue_json(q: QueueSummary) -> dict[str, Any]:
    """The ``queues --json`` object. Fields are only ever added, never renamed."""
    return {
        "id": q.id,
        "name": q.name,
        "count": q.count,
        "auto_advance": q.auto_advance,
        "active": q.active,
    }


def cmd_queues(ctx: CliContext, args: argparse.Namespace) -> int:
    """List the queues in the listener's order."""
    queues = QueueService(ctx.store).queues()
    if args.json:
        print_json([queue_json(q) for q in queues])
        return 0
    rows = [
        ("*" if q.active else "", q.id, q.count, "on" if q.auto_advance else "off", q.name)
        for q in queues
    ]
    print_table(("", _("ID"), _("EPISODES"), _("ADVANCE"), _("NAME")), rows)
    return 0


def cmd_queue(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print one queue's entries (the active queue's without NAME)."""
    service = QueueService(ctx.store)
    summary = service.find(args.name) if args.name else service.active()
    view = service.view(summary.id)
    summary = view.queue or summary
    if args.json:
        print_json(
            {
                **queue_json(summary),
                "seconds_left": round(view.seconds_left, 1),
                "episodes": [
                    {**episode_json(e.episode), "queue_position": e.position} for e in view.entries
                ],
            }
        )
        return 0
    if not view.entries:
        note(
            _("“{name}” is empty. Add episodes with: queue-add EPISODE_ID...").format(
                name=summary.name
            )
        )
        return 0
    rows = [
        (
            e.position + 1,
            e.episode.id,
            clock(remaining(e.episode)),
            f"{e.episode.podcast_title} — {e.episode.title}",
        )
        for e in view.entries
    ]
    print_table(("#", _("ID"), _("LEFT"), _("EPISODE")), rows)
    note(
        ngettext(
            "{name}: {count} episode, {clock} left.",
            "{name}: {count} episodes, {clock} left.",
            len(rows),
        ).format(name=summary.name, count=len(rows), clock=clock(view.seconds_left))
    )
    return 0


def cmd_queue_add(ctx: CliContext, args: argparse.Namespace) -> int:
    """Queue episodes at the end (or the front) of a queue."""
    service = QueueService(ctx.store)
    target = service.find(args.queue) if args.queue else service.active()
    service.add(args.episode_ids, next_up=args.next, queue_id=target.id)
    count = len(set(args.episode_ids))
    note(
        ngettext(
            "Queued {count} episode in “{name}”.", "Queued {count} episodes in “{name}”.", count
        ).format(count=count, name=target.name)
    )
    return 0


def cmd_queue_new(ctx: CliContext, args: argparse.Namespace) -> int:
    """Create a queue; prints its id."""
    queue_id = QueueService(ctx.store).create(args.name)
    print(queue_id)
    return 0


def cmd_queue_rename(ctx: CliContext, args: argparse.Namespace) -> int:
    """Rename a queue."""
    service = QueueService(ctx.store)
    service.rename(service.find(args.old).id, args.new)
    return 0


def cmd_queue_delete(ctx: CliContext, args: argparse.Namespace) -> int:
    """Delete a queue (its episodes stay in the library)."""
    service = QueueService(ctx.store)
    target = service.find(args.name)
    was_active = target.active
    service.delete(target.id)
    if was_active:
        note(_("“{name}” is the active queue now.").format(name=service.active().name))
    return 0


def cmd_queue_use(ctx: CliContext, args: argparse.Namespace) -> int:
    """Make a queue the active one."""
    service = QueueService(ctx.store)
    service.set_active(service.find(args.name).id)
    return 0


def cmd_queue_move(ctx: CliContext, args: argparse.Namespace) -> int:
    """Move episodes between queues in one transaction."""
    service = QueueService(ctx.store)
    target = service.find(args.to)
    source = service.find(args.source).id if args.source else None
    service.move_between(args.episode_ids, source, target.id)
    return 0


def cmd_queue_advance(ctx: CliContext, args: argparse.Namespace) -> int:
    """Turn a queue's auto-advance on or off."""
    service = QueueService(ctx.store)
    service.set_auto_advance(service.find(args.name).id, args.switch == "on")
    return 0
