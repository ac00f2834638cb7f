"""``subscribe``, ``unsubscribe``, ``import-opml``, ``export-opml`` and ``refresh``.

The sync service is imported inside the handlers: ``--help`` and the library commands should
not pay for the HTTP client's import.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING, TextIO

from player.cli.context import CliContext
from player.cli.output import print_json
from player.i18n import _

if TYPE_CHECKING:
    from player.services.sync import SyncProgress, SyncService, SyncSummary


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("subscribe", help="subscribe to feeds (URLs, web pages or feed files)")
    p.add_argument("sources", nargs="+", metavar="URL_OR_PATH", help="feed URL, page or file")
    p.add_argument("--folder", default="", help="put the new subscriptions in this folder")
    p.add_argument("--json", action="store_true", help="print a JSON array of results")
    p.set_defaults(func=cmd_subscribe)

    p = sub.add_parser("unsubscribe", help="remove a subscription and its episodes")
    p.add_argument("podcast_id", type=int, metavar="ID", help="the podcast's id (see podcasts)")
    p.set_defaults(func=cmd_unsubscribe)

    p = sub.add_parser("import-opml", help="subscribe to every feed of an OPML file or URL")
    p.add_argument("source", metavar="PATH_OR_URL", help="OPML file or URL")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_import_opml)

    p = sub.add_parser("export-opml", help="write the subscriptions as OPML 2.0")
    p.add_argument("path", nargs="?", metavar="PATH", help="file to write (default: stdout)")
    p.set_defaults(func=cmd_export_opml)

    p = sub.add_parser("refresh", help="fetch every feed and store new episodes")
    p.add_argument("podcast_ids", nargs="*", type=int, metavar="ID", help="only these podcasts")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.set_defaults(func=cmd_refresh)


def _service(ctx: CliContext) -> SyncService:
    from player.services.sync import SyncService  # deliberately lazy (start-up time)

    return SyncService(ctx.store)


def cmd_subscribe(ctx: CliContext, args: argparse.Namespace) -> int:
    """Subscribe to each source; one failure does not stop the others."""
    from player.domain.errors import FeedError

    service = _service(ctx)
    results = []
    status = 0
    try:
        for source in args.sources:
            try:
                done = service.subscribe(source, folder=args.folder)
            except FeedError as exc:
                status = 1
                results.append({"source": source, "error": str(exc)})
                if not args.json:
                    print(f"{source}: {exc}", file=sys.stderr)
                continue
            results.append(
                {
                    "source": source,
                    "podcast_id": done.podcast_id,
                    "title": done.title,
                    "url": done.url,
                    "new_episodes": done.new_episodes,
                    "already_subscribed": done.already_subscribed,
                }
            )
            if not args.json:
                if done.already_subscribed:
                    text = _("Already subscribed to {title} (id {podcast_id}): {new_episodes} new")
                else:
                    text = _("Subscribed to {title} (id {podcast_id}): {new_episodes} new")
                print(
                    text.format(
                        title=done.title,
                        podcast_id=done.podcast_id,
                        new_episodes=done.new_episodes,
                    )
                )
    finally:
        service.close()
    if args.json:
        print_json(results)
    return status


def cmd_unsubscribe(ctx: CliContext, args: argparse.Namespace) -> int:
    """Remove one subscription."""
    service = _service(ctx)
    try:
        title = service.podcasts.get(args.podcast_id).title
        service.unsubscribe(args.podcast_id)
    finally:
        service.close()
    print(_("Unsubscribed from {title}.").format(title=title))
    return 0


def cmd_import_opml(ctx: CliContext, args: argparse.Namespace) -> int:
    """Import an OPML file and fetch the new feeds."""
    service = _service(ctx)
    bar = ProgressBar.for_terminal(sys.stderr) if not args.json else None
    try:
        result = service.import_opml(args.source, progress=bar.update if bar else None)
    finally:
        service.close()
        if bar:
            bar.finish()
    if args.json:
        print_json(
            {
                "found": result.found,
                "added": result.added,
                "already_subscribed": result.already_subscribed,
                "skipped": [{"url": u, "error": e} for u, e in result.skipped],
                "refresh": result.summary.to_json(),
            }
        )
        return 0
    print(
        _(
            "Found {found} feeds: {added} added, {already_subscribed} already subscribed, "
            "{len} skipped."
        ).format(
            found=result.found,
            added=result.added,
            already_subscribed=result.already_subscribed,
            len=len(result.skipped),
        )
    )
    for url, error in result.skipped:
        print(_("  skipped {url}: {error}").format(url=url, error=error))
    if result.added:
        _print_summary(result.summary)
    return 0


def cmd_export_opml(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write OPML to a file or stdout."""
    service = _service(ctx)
    try:
        if args.path:
            count = service.export_opml(args.path)
            print(_("Wrote {count} subscriptions to {path}.").format(count=count, path=args.path))
        else:
            service.export_opml(sys.stdout.buffer)
            sys.stdout.flush()
    finally:
        service.close()
    return 0


def cmd_refresh(ctx: CliContext, args: argparse.Namespace) -> int:
    """Refresh subscriptions; exit status 0 even when some feeds failed (they are listed)."""
    service = _service(ctx)
    if args.podcast_ids:
        for podcast_id in args.podcast_ids:
            service.podcasts.get(podcast_id)  # a clear "no podcast with id N"
    bar = ProgressBar.for_terminal(sys.stderr) if not args.json else None
    try:
        summary = service.refresh(args.podcast_ids or None, progress=bar.update if bar else None)
    finally:
        service.close()
        if bar:
            bar.finish()
    if args.json:
        print_json(summary.to_json())
    else:
        _print_summary(summary)
    return 0


def _print_summary(summary: SyncSummary) -> None:
    print(
        _(
            "{feeds} feeds in {seconds:.1f} s: {updated} updated, {not_modified} not modified, "
            "{failed} failed, {new_episodes} new episodes."
        ).format(
            feeds=summary.feeds,
            seconds=summary.seconds,
            updated=summary.updated,
            not_modified=summary.not_modified,
            failed=summary.failed,
            new_episodes=summary.new_episodes,
        )
    )
    for url, error in summary.errors:
        print(f"  {url}: {error}")


class ProgressBar:
    """A one-line bar on a terminal; nothing at all when output is redirected."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.shown = False

    @classmethod
    def for_terminal(cls, out: TextIO) -> ProgressBar | None:
        """A bar when ``out`` is a terminal, else None."""
        return cls(out) if out.isatty() else None

    def update(self, progress: SyncProgress) -> None:
        """Redraw for one finished feed."""
        width = max(20, shutil.get_terminal_size((80, 20)).columns)
        cells = 24
        filled = int(cells * progress.done / max(1, progress.total))
        label = f" {progress.done}/{progress.total} {progress.title or progress.url}"
        line = "[" + "#" * filled + "." * (cells - filled) + "]" + label
        self.out.write("\r" + line[: width - 1].ljust(width - 1))
        self.out.flush()
        self.shown = True

    def finish(self) -> None:
        """Clear the bar's line."""
        if self.shown:
            width = max(20, shutil.get_terminal_size((80, 20)).columns)
            self.out.write("\r" + " " * (width - 1) + "\r")
            self.out.flush()
