"""``doctor``: is this install able to run? (libVLC and its plugins, the data folder).

Packaged builds find libVLC on the system rather than shipping it, so "does playback work
here?" needs an answer that does not require opening the window; this is it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from player import __version__
from player.cli.context import CliContext
from player.cli.output import print_json
from player.domain.errors import PlaybackError
from player.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's command to the parser."""
    p = sub.add_parser("doctor", help="check that libVLC and the data folder work")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_doctor)


def diagnose(ctx: CliContext) -> dict[str, Any]:
    """The facts a bug report needs; ``problems`` lists what stops the app working."""
    report: dict[str, Any] = {
        "version": __version__,
        "python": sys.version.split()[0],
        "frozen": bool(getattr(sys, "frozen", False)),
        "data_dir": str(ctx.paths.root),
        "libvlc": None,
        "problems": [],
    }
    from player.playback.probe import probe_libvlc  # libVLC's loader: only for this command

    try:
        info = probe_libvlc()
    except PlaybackError as exc:
        report["problems"].append(str(exc))
    else:
        report["libvlc"] = {
            "version": info.version,
            "library": info.library,
            "plugin_path": info.plugin_path,
        }
    return report


def cmd_doctor(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print the diagnosis; exit status 1 when something is wrong."""
    report = diagnose(ctx)
    if args.json:
        print_json(report)
    else:
        libvlc = report["libvlc"]
        print(
            _("podcast-player {report} (Python {report2}{value})").format(
                report=report["version"],
                report2=report["python"],
                value=", bundled" if report["frozen"] else "",
            )
        )
        print(_("data folder: {report}").format(report=report["data_dir"]))
        if libvlc:
            print(
                _("libVLC: {libvlc} ({value})").format(
                    libvlc=libvlc["version"], value=libvlc["library"] or "system library"
                )
            )
        for problem in report["problems"]:
            print(_("problem: {problem}").format(problem=problem), file=sys.stderr)
    return 1 if report["problems"] else 0
