"""Shared test set-up: Qt runs offscreen, the project root is importable in subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.gpodder_server import gpodder_server  # noqa: F401  (a fixture for sync tests)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test reaches a real directory. The window's "new shows you would like" asks the charts on
# its own once something has been finished; unless a test points the directories at its
# loopback fakes (the PODCAST_PLAYER_*_URL variables), they lead to a closed local port.
for _directory in ("ITUNES", "PODCASTINDEX", "FYYD", "GPODDER"):
    os.environ.setdefault(f"PODCAST_PLAYER_{_directory}_URL", "http://127.0.0.1:9")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder for one test."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def memory_store() -> Iterator[object]:
    """A migrated in-memory store."""
    from player.storage import Store

    store = Store(None)
    yield store
    store.close()


def run_cli(
    data_dir: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m player --data-dir DIR ARGS...`` in a subprocess, as a user would."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.pop("PODCAST_PLAYER_DATA_DIR", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "player", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=ROOT,
        check=False,
    )


def corpus_dir(name: str) -> Path:
    """A folder of the shared corpus, or skip with the reason when it is not on this machine."""
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"the shared corpus is not here ({path}); it exists on the team's machines")
    return path


@pytest.fixture(scope="session", autouse=True)
def _one_libvlc_per_test_process() -> None:
    """libVLC runs once per process (as in the app). Tests use silent outputs throughout, so
    start it with both dummy outputs before any test, whatever order the tests run in."""
    from player.domain.errors import PlayerError

    try:
        from player.playback.vlc_engine import shared_instance

        shared_instance("dummy", "dummy")
    except PlayerError:
        pass  # no libVLC here: the playback tests report that themselves
