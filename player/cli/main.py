"""Entry point: parse global options, run a command, or start the GUI when there is none."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from player import APP_NAME, __version__, i18n
from player.cli.output import EXIT_BROKEN_PIPE, finish_stdout, silence_stdout
from player.domain.errors import PlayerError
from player.i18n import _
from player.logging_setup import configure_logging
from player.paths import ENV_VAR, DataPaths, resolve_data_dir
from player.services.open_args import looks_like_open_argument

log = logging.getLogger(__name__)

COMMANDS: dict[str, tuple[str, ...]] = {
    "player.cli.library_cmds": ("podcasts", "episodes", "search"),
    "player.cli.playlist_cmds": ("playlists", "playlist", "playlist-save", "playlist-delete"),
    "player.cli.details_cmds": ("podcast", "episode"),
    "player.cli.feeds_cmds": ("subscribe", "unsubscribe", "import-opml", "export-opml", "refresh"),
    "player.cli.discover_cmds": ("discover", "charts"),
    "player.cli.shows_cmds": ("suggest-shows", "dismiss-show"),
    "player.cli.playback_cmds": ("play", "chapters"),
    "player.cli.queue_cmds": (
        "queues",
        "queue",
        "queue-add",
        "queue-new",
        "queue-rename",
        "queue-delete",
        "queue-use",
        "queue-move",
        "queue-advance",
    ),
    "player.cli.download_cmds": ("download", "downloads", "delete-download", "cleanup-downloads"),
    "player.cli.transcript_cmds": ("transcript",),
    "player.cli.audio_cmds": ("analyze",),
    "player.cli.bookmark_cmds": (
        "bookmark",
        "bookmarks",
        "export-bookmarks",
        "import-bookmarks",
        "clip",
    ),
    "player.cli.recommend_cmds": (
        "up-next",
        "dismiss",
        "learning",
        "forget-history",
        "import-actions",
        "export-actions",
    ),
    "player.cli.stats_cmds": ("stats",),
    "player.cli.organise_cmds": ("folders", "move", "tag", "untag", "tags"),
    "player.cli.sync_cmds": ("sync-login", "sync", "sync-status", "sync-logout"),
    "player.cli.doctor_cmds": ("doctor",),
}
"""Each module that adds sub-commands (``register(subparsers)``) and the commands it adds, in
the order ``--help`` lists them. A command runs with only its own module imported: importing
all sixteen cost a cold ``refresh`` 0.1 s before its first request, and every parse worker,
which re-imports the console script's main module, paid it again. A test checks this table
against what the modules register."""

COMMAND_MODULES = tuple(COMMANDS)
_MODULE_OF = {command: module for module, commands in COMMANDS.items() for command in commands}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line (also used to render ``--help`` in the README).

    With a known ``command``, only its module registers: what that command needs to parse
    its arguments and run, and nothing else.
    """
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="A desktop podcast player. With no command it opens the window.",
        epilog=f"The data folder defaults to the platform's user data folder; {ENV_VAR} or "
        "--data-dir moves it.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep the library, downloads and caches in DIR"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    module = _MODULE_OF.get(command or "")
    for name in (module,) if module else COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


GuiStarter = Callable[[DataPaths, list[str]], int]


def split_open_arguments(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``[OPTIONS] URL|FILE...`` into the global options and the links for the window.

    argparse would read a link in the command's position as an unknown command; a link or file
    there (``podcast-player feed://...``, what a desktop scheme handler runs) opens the window
    with it instead. A mistyped command still gets argparse's "invalid choice" error.
    """
    index = _command_index(argv)
    if index < len(argv) and looks_like_open_argument(argv[index]):
        return argv[:index], argv[index:]
    return argv, []


def _command_index(argv: list[str]) -> int:
    """Where the command word is in ``argv`` (after the global options)."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        index += 2 if argv[index] == "--data-dir" else 1
    return index


def main(argv: Sequence[str] | None = None, gui: GuiStarter | None = None) -> int:
    """Run the command line; returns the process exit status.

    With no command, ``gui`` starts the window (``player.launcher`` passes it, so this module
    never imports the Qt layer). When the reader of standard output goes away
    (``episodes | head``), every command stops quietly with :data:`EXIT_BROKEN_PIPE`, as
    other command-line tools do: output is flushed here, where that can be handled, and not
    left to Python's exit.
    """
    try:
        try:
            return _run(argv, gui)
        finally:
            finish_stdout()
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE


def _run(argv: Sequence[str] | None, gui: GuiStarter | None) -> int:
    """:func:`main` without the broken-pipe handling."""
    i18n.install()  # LANGUAGE, LC_ALL, LC_MESSAGES, LANG: human output only, never --json
    args_list, open_args = split_open_arguments(list(sys.argv[1:] if argv is None else argv))
    index = _command_index(args_list)
    parser = build_parser(args_list[index] if index < len(args_list) else None)
    args, extra = parser.parse_known_args(args_list)
    extra += open_args
    if args.command is not None and extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if getattr(args, "json", False):
        # Machine output: every value stays as the contract says, whatever the environment
        # speaks (up-next reasons, error sentences), so the whole command runs in English.
        i18n.install(i18n.SOURCE_LANGUAGE)
    paths = resolve_data_dir(args.data_dir)
    try:
        paths.ensure()
        configure_logging(paths.logs, verbose=args.verbose)
    except OSError as exc:
        print(
            _("{APP_NAME}: cannot use the data folder {root}: {value}").format(
                APP_NAME=APP_NAME, root=paths.root, value=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return 1
    if args.command is None:
        if gui is None:
            parser.print_help()
            return 2
        return gui(paths, extra)
    from player.cli.context import CliContext  # the store's modules: only for a command

    ctx = CliContext(paths=paths, verbose=args.verbose)
    try:
        return int(args.func(ctx, args) or 0)
    except PlayerError as exc:
        log.info("command %s failed: %s", args.command, exc)
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("{APP_NAME}: interrupted").format(APP_NAME=APP_NAME), file=sys.stderr)
        return 130
    finally:
        ctx.close()
