"""The command table: true to what the modules register, and a command imports only its own."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

from player.cli.main import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_lists_exactly_the_commands_each_module_registers() -> None:
    for module, commands in COMMANDS.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(module).register(sub)
        assert tuple(sub.choices) == commands, module


def test_the_full_parser_and_a_one_command_parser_agree() -> None:
    full = build_parser()
    one = build_parser("refresh")
    assert full.parse_args(["refresh", "3", "--json"]).__dict__ == (
        one.parse_args(["refresh", "3", "--json"]).__dict__
    )
    subcommands = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(subcommands.choices) == sorted(c for cs in COMMANDS.values() for c in cs)


def _modules_after(tmp_path: Path, *argv: str) -> dict[str, object]:
    """Run a command in a fresh interpreter; its output and which modules it imported."""
    script = (
        "import io, json, sys, contextlib\n"
        "from player.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    status = main({list(argv)!r})\n"
        "report = {'status': status, 'out': out.getvalue(), 'modules': sorted(sys.modules)}\n"
        "print(json.dumps(report))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_command_imports_its_own_module_and_no_other_command_module(tmp_path: Path) -> None:
    run = _modules_after(tmp_path, "--data-dir", str(tmp_path / "d"), "podcasts", "--json")
    assert run["status"] == 0 and json.loads(str(run["out"])) == []
    commands = {m for m in run["modules"] if m.startswith("player.cli.") and m.endswith("_cmds")}
    assert commands == {"player.cli.library_cmds"}


def test_a_refresh_with_nothing_to_parse_never_imports_the_parsers(tmp_path: Path) -> None:
    run = _modules_after(tmp_path, "--data-dir", str(tmp_path / "d"), "refresh", "--json")
    assert run["status"] == 0 and json.loads(str(run["out"]))["feeds"] == 0
    modules = set(run["modules"])
    assert "player.services.sync" in modules  # the refresh really ran
    assert not modules & {"feedparser", "player.feeds.fastitems", "player.feeds.parse", "click"}
