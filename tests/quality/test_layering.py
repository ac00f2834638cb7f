"""Architecture rules that keep the core usable without a display, checked as tests."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "player"


def _modules(exclude_qt: bool) -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if exclude_qt and parts[:2] == ["player", "qt"]:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts))
    return names


def test_core_imports_no_qt() -> None:
    modules = _modules(exclude_qt=True)
    assert len(modules) > 15
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt loaded by the core: {result.stdout}"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


ALLOWED = {
    "i18n": {"i18n"},  # a leaf every layer may use: gettext and Babel, nothing of ours
    "domain": {"domain", "i18n"},
    "storage": {"domain", "storage", "i18n"},
    "feeds": {"domain", "feeds", "i18n"},
    "playback": {"domain", "playback", "i18n"},
    "recommend": {"domain", "recommend", "i18n"},
    "directory": {"domain", "directory", "i18n"},
    "transcripts": {"domain", "transcripts", "i18n"},
    "audio": {"domain", "audio", "i18n"},
    "syncapi": {"domain", "feeds", "syncapi", "i18n"},
    "services": {
        "domain",
        "storage",
        "feeds",
        "playback",
        "recommend",
        "directory",
        "transcripts",
        "syncapi",
        "audio",
        "services",
        "paths",
        "resources",
        "i18n",
    },
    "cli": {
        "domain",
        "storage",
        "feeds",
        "playback",
        "recommend",
        "directory",
        "transcripts",
        "syncapi",
        "audio",
        "services",
        "cli",
        "paths",
        "resources",
        "logging_setup",
        "i18n",
    },
}


def test_dependencies_point_one_way() -> None:
    problems = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        layer = parts[0] if len(parts) > 1 else None
        imports = {i for i in _imports(path) if i.startswith("player.")}
        for name in imports:
            target = name.split(".")[1]
            if target == "qt" and layer != "qt" and path.name != "launcher.py":
                problems.append(f"{path.relative_to(ROOT)} imports the Qt layer ({name})")
            if (
                layer in ALLOWED
                and target not in ALLOWED[layer]
                and target not in ("__init__",)
                and name != "player"
            ):
                problems.append(f"{path.relative_to(ROOT)} ({layer}) imports {name}")
    assert problems == []


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "player", "tests", "seeds"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
