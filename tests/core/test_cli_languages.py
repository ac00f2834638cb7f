"""The command line speaks the environment's language; ``--json`` never does.

Real subprocesses (``run_cli``) with ``LANGUAGE``/``LC_ALL``/``LANG`` set as a shell sets them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from player.resources import demo_feed
from player.services.sync import import_local_feed
from player.storage import Store
from tests.conftest import run_cli

ENGLISH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def _env(**values: str) -> dict[str, str]:
    return {**ENGLISH, **values}


@pytest.fixture
def demo_dir(data_dir: Path) -> Path:
    feed = demo_feed()
    assert feed is not None
    store = Store(data_dir / "library.sqlite3")
    import_local_feed(store, feed)
    store.close()
    return data_dir


def test_language_de_prints_german(data_dir: Path, demo_dir: Path) -> None:
    result = run_cli(demo_dir, "podcasts", env=_env(LANGUAGE="de"))
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0].split()
    assert header == ["ID", "NEU", "FOLGEN", "TITEL"]
    english = run_cli(demo_dir, "podcasts", env=_env())
    assert english.stdout.splitlines()[0].split() == ["ID", "NEW", "EPISODES", "TITLE"]


def test_an_empty_library_says_so_in_german(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "empty", "podcasts", env=_env(LANGUAGE="de"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Noch keine Podcasts. Einen abonnieren mit: podcast-player")


@pytest.mark.parametrize(
    "env",
    [{"LC_ALL": "de_DE.UTF-8"}, {"LANG": "de_DE.UTF-8"}, {"LANGUAGE": "fr:de", "LANG": "C"}],
)
def test_lc_all_and_lang_are_honoured(demo_dir: Path, env: dict[str, str]) -> None:
    result = run_cli(demo_dir, "episodes", "--limit", "1", env=_env(**env))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "DATUM", "LÄNGE"]
    assert "26.01.2026" in lines[1] and " neu " in f" {lines[1]} "


def test_spanish_and_arabic_tables(demo_dir: Path) -> None:
    spanish = run_cli(demo_dir, "episodes", "--limit", "1", env=_env(LANGUAGE="es_ES"))
    assert spanish.stdout.splitlines()[0].split()[:2] == ["ID", "FECHA"]
    assert "26 ene 2026" in spanish.stdout
    arabic = run_cli(demo_dir, "episodes", "--limit", "1", env=_env(LANGUAGE="ar"))
    assert "التاريخ" in arabic.stdout.splitlines()[0]


@pytest.mark.parametrize(
    "command", [("podcasts",), ("episodes",), ("queues",), ("stats",), ("up-next",)]
)
def test_json_is_the_same_in_every_language(demo_dir: Path, command: tuple[str, ...]) -> None:
    outputs = {
        tag: run_cli(demo_dir, *command, "--json", env=_env(LANGUAGE=tag, LANG=f"{tag}.UTF-8"))
        for tag in ("de_DE", "es_ES", "ar")
    }
    english = run_cli(demo_dir, *command, "--json", env=_env())
    assert english.returncode == 0, english.stderr
    for tag, result in outputs.items():
        assert result.returncode == 0, (tag, result.stderr)
        assert json.loads(result.stdout) == json.loads(english.stdout), tag
        assert result.stdout == english.stdout, tag


def test_up_next_reasons_speak_the_language(demo_dir: Path) -> None:
    """The reasons are core messages too: German on a German terminal, English in --json."""
    german = run_cli(demo_dir, "up-next", env=_env(LANGUAGE="de"))
    assert german.returncode == 0, german.stderr
    assert "Neu von Signal & Noise" in german.stdout
    assert "New from" not in german.stdout
    reasons = [
        s["reason"]
        for s in json.loads(run_cli(demo_dir, "up-next", "--json", env=_env(LANGUAGE="de")).stdout)
    ]
    assert reasons and all(r.startswith(("New from", "The start of")) for r in reasons)
