"""``download``, ``downloads``, ``delete-download`` and ``cleanup-downloads``.

``download`` exits with a status that says what went wrong, so scripts can tell a missing
file on the server from a full disk (see :data:`EXIT_CODES`).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from typing import TYPE_CHECKING, Any, TextIO

from player import APP_NAME
from player.cli.context import CliContext
from player.cli.output import iso, note, print_json, print_table
from player.domain.downloads import DownloadEvent, DownloadRecord, DownloadStatus, FailureKind
from player.i18n import _, ngettext
from player.storage.downloads import DownloadRepo

if TYPE_CHECKING:
    from player.services.downloads import DownloadManager


def _manager(ctx: CliContext) -> DownloadManager:
    """Imported here, not at the top: every other command would pay for the HTTP stack."""
    from player.services.downloads import DownloadManager

    return DownloadManager(ctx.store, ctx.paths)


EXIT_CODES: dict[FailureKind, int] = {
    FailureKind.SERVER: 3,
    FailureKind.NOT_FOUND: 4,
    FailureKind.NOT_MEDIA: 5,
    FailureKind.DISK: 6,
    FailureKind.BAD_EPISODE: 7,
}
"""Exit status of ``download`` per kind of failure; with several kinds, the highest wins."""

_EPILOG = (
    "exit status: 0 all downloaded, 1 unknown episode or other error, 3 server or network "
    "trouble, 4 no file at the address (404/410), 5 not audio or video (e.g. an HTML page), "
    "6 disk trouble (full, no permission, size limit; the partial file is kept), 7 the episode "
    "has nothing downloadable. With several failures the highest status is returned. "
    "Running the command again resumes interrupted downloads."
)


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "download",
        help="download episodes (resumes interrupted ones)",
        epilog=_EPILOG,
    )
    p.add_argument(
        "episode_ids", nargs="+", type=int, metavar="EPISODE_ID", help="ids from `episodes`"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_download)

    p = sub.add_parser("downloads", help="list downloads: queued, running, paused, failed, done")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_downloads)

    p = sub.add_parser(
        "delete-download", help="delete downloaded files (the episodes and positions stay)"
    )
    p.add_argument(
        "episode_ids", nargs="+", type=int, metavar="EPISODE_ID", help="ids from `episodes`"
    )
    p.set_defaults(func=cmd_delete_download)

    p = sub.add_parser(
        "cleanup-downloads",
        help="apply each podcast's keep rules (never touches episodes in progress or queued)",
    )
    p.add_argument(
        "--include-manual",
        action="store_true",
        help="also delete downloads made by hand when the rules say so",
    )
    p.add_argument("--json", action="store_true", help="print the deleted episode ids as JSON")
    p.set_defaults(func=cmd_cleanup_downloads)


def cmd_download(ctx: CliContext, args: argparse.Namespace) -> int:
    """Download episodes with a progress bar; the exit status says what failed."""
    ids = list(dict.fromkeys(args.episode_ids))
    outcomes: dict[int, DownloadEvent] = {}
    bar = ProgressBar(sys.stderr, len(ids)) if sys.stderr.isatty() and not args.quiet else None

    def collect(event: DownloadEvent) -> None:
        if event.status in (DownloadStatus.DONE, DownloadStatus.FAILED):
            outcomes[event.episode_id] = event
        if bar is not None:
            bar.update(event)

    manager = _manager(ctx)
    manager.subscribe(collect)
    try:
        manager.enqueue(ids, manual=True)
        manager.wait_idle()
    finally:
        manager.shutdown()
        if bar is not None:
            bar.close()
    return _report(ctx, ids, outcomes)


def _report(ctx: CliContext, ids: list[int], outcomes: dict[int, DownloadEvent]) -> int:
    repo = DownloadRepo(ctx.store)
    status = 0
    for episode_id in ids:
        event = outcomes.get(episode_id)
        if event is not None and event.status is DownloadStatus.DONE:
            record = repo.get(episode_id)
            where = record.download_path if record else ""
            print(_("downloaded {episode_id}: {where}").format(episode_id=episode_id, where=where))
            continue
        failure = event.failure if event and event.failure else FailureKind.SERVER
        error = event.error if event and event.error else _("The download did not finish.")
        print(
            _("episode {episode_id}: {error}").format(episode_id=episode_id, error=error),
            file=sys.stderr,
        )
        status = max(status, EXIT_CODES[failure])
    return status


def cmd_downloads(ctx: CliContext, args: argparse.Namespace) -> int:
    """List the download rows."""
    records = DownloadRepo(ctx.store).list()
    if args.json:
        print_json([download_json(r) for r in records])
        return 0
    if not records:
        note(
            _("No downloads yet. Download an episode with: {APP_NAME} download EPISODE_ID").format(
                APP_NAME=APP_NAME
            )
        )
        return 0
    rows = [
        (
            r.episode_id,
            r.status.value,
            _progress_text(r),
            f"{r.podcast_title}: {r.episode_title}" + (f" ({r.error})" if r.error else ""),
        )
        for r in records
    ]
    print_table((_("ID"), _("STATUS"), _("PROGRESS"), _("EPISODE")), rows)
    return 0


def download_json(r: DownloadRecord) -> dict[str, Any]:
    """The ``downloads --json`` object. Fields are only ever added, never renamed."""
    return {
        "episode_id": r.episode_id,
        "podcast": r.podcast_title,
        "title": r.episode_title,
        "status": r.status.value,
        "manual": r.manual,
        "priority": r.priority,
        "bytes_done": r.bytes_done,
        "bytes_total": r.bytes_total,
        "path": r.download_path or None,
        "partial_path": r.partial_path or None,
        "error": r.error,
        "updated_at": iso(r.updated_at),
    }


def cmd_delete_download(ctx: CliContext, args: argparse.Namespace) -> int:
    """Delete downloaded files; the episodes keep their place and position."""
    manager = _manager(ctx)
    try:
        for episode_id in dict.fromkeys(args.episode_ids):
            manager.delete_download(episode_id)
            print(_("deleted the download of episode {episode_id}").format(episode_id=episode_id))
    finally:
        manager.shutdown()
    return 0


def cmd_cleanup_downloads(ctx: CliContext, args: argparse.Namespace) -> int:
    """Apply the keep rules and say what went."""
    manager = _manager(ctx)
    try:
        deleted = manager.cleanup(include_manual=args.include_manual)
    finally:
        manager.shutdown()
    if args.json:
        print_json(deleted)
    else:
        n = len(deleted)
        text = ngettext("deleted {n} download", "deleted {n} downloads", n).format(n=n)
        print(text + (f": {deleted}" if deleted else ""))
    return 0


def human_bytes(n: float | None) -> str:
    """1.5 MB style sizes (decimal units, as download tools show them)."""
    if n is None:
        return "?"
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def _progress_text(r: DownloadRecord) -> str:
    if r.bytes_total:
        return f"{100 * r.bytes_done / r.bytes_total:.0f}% of {human_bytes(r.bytes_total)}"
    return human_bytes(r.bytes_done) if r.bytes_done else ""


class ProgressBar:
    """One terminal line for all requested downloads: bar, bytes, rate, time left.

    Updated from the manager's worker threads, so drawing is locked and throttled.
    """

    WIDTH = 24

    def __init__(self, out: TextIO, count: int, interval: float = 0.1) -> None:
        self.out = out
        self.count = count
        self.interval = interval
        self.latest: dict[int, DownloadEvent] = {}
        self._lock = threading.Lock()
        self._next = 0.0

    def update(self, event: DownloadEvent) -> None:
        """Take an event; redraw when the interval has passed or a download ended."""
        with self._lock:
            self.latest[event.episode_id] = event
            now = time.monotonic()
            if now >= self._next or event.status is not DownloadStatus.RUNNING:
                self._next = now + self.interval
                self.out.write("\r" + self.line() + "\x1b[K")
                self.out.flush()

    def line(self) -> str:
        """The current line (without the carriage return)."""
        events = list(self.latest.values())
        done = sum(e.bytes_done for e in events)
        totals = [e.bytes_total for e in events]
        total = sum(t for t in totals if t) if all(totals) and totals else None
        rate = sum(e.rate for e in events if e.status is DownloadStatus.RUNNING)
        finished = sum(e.status in (DownloadStatus.DONE, DownloadStatus.FAILED) for e in events)
        fraction = min(1.0, done / total) if total else 0.0
        filled = int(self.WIDTH * fraction)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        left = (total - done) / rate if total and rate > 0 else None
        eta = f"{int(left // 60)}:{int(left % 60):02d} left" if left is not None else ""
        return (
            f"[{bar}] {fraction:4.0%} {human_bytes(done)}/{human_bytes(total)} "
            f"{human_bytes(rate)}/s {eta} ({finished}/{self.count} finished)"
        )

    def close(self) -> None:
        """Leave the terminal on a fresh line."""
        with self._lock:
            if self.latest:
                self.out.write("\r\x1b[K")
                self.out.flush()
