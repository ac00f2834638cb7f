"""A real gpodder.net API v2 server for the sync tests: gpodder-fastapi-router on 127.0.0.1.

The server needs Python >= 3.12 and its own dependencies (FastAPI, SQLAlchemy...), none of
which belong in the project's environment, so it gets a virtualenv of its own, made once under
the user's cache folder (``PODCAST_PLAYER_GPODDER_VENV`` overrides) from the machine's package
registry. Its data is one SQLite file per test run, so :meth:`GpodderServer.stop` and
:meth:`GpodderServer.start` are a real restart: what the server acknowledged survives it.

Where the virtualenv cannot be made (no Python 3.12, no registry), the tests that need the
server skip with the reason; under ``CI=true`` they fail instead, since CI must run them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

SERVER_PACKAGES = ("gpodder-fastapi-router[sqlite]==0.1.3", "uvicorn==0.55.0")
"""Pinned: the tests assert this server's behaviour (per-device lists, no challenge...)."""
APP = Path(__file__).with_name("gpodder_server_app.py")
PYTHONS = ("python3.13", "python3.12")


def _find_python() -> str | None:
    """A Python >= 3.12: under pyenv (as on the team's and CI's machines), else on PATH.

    pyenv's shims are skipped: a shim for a version that is installed but not selected
    fails when run.
    """
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for pattern in ("3.12*", "3.13*", "3.1[4-9]*"):
        for version in sorted(pyenv.glob(pattern), reverse=True):
            candidate = version / "bin" / "python"
            if candidate.exists():
                return str(candidate)
    for name in PYTHONS:
        found = shutil.which(name)
        if found and "/shims/" not in found:
            return found
    return None


def _venv_dir() -> Path:
    override = os.environ.get("PODCAST_PLAYER_GPODDER_VENV")
    if override:
        return Path(override)
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "podcast-player-tests" / "gpodder-router-0.1.3"


def server_python() -> Path:
    """The server virtualenv's interpreter, made on first use (idempotent: a marker file says
    the install finished). Raises RuntimeError with the reason when it cannot be made."""
    venv = _venv_dir()
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if marker.exists() and python.exists():
        return python
    base = _find_python()
    if base is None:
        raise RuntimeError("no Python >= 3.12 found (gpodder-fastapi-router needs one)")
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    steps = [
        [base, "-m", "venv", str(venv)],
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            *SERVER_PACKAGES,
        ],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(step[:4])}... failed: {done.stderr.strip()[-800:]}")
    marker.write_text(" ".join(SERVER_PACKAGES) + "\n")
    return python


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class GpodderServer:
    """One server process over one SQLite file; restartable on the same port."""

    def __init__(self, python: Path, folder: Path, cap_actions: int = 0) -> None:
        self.python = python
        self.database = folder / "gpodder.sqlite3"
        self.log = folder / "server.log"
        self.cap_actions = cap_actions
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> GpodderServer:
        command = [
            str(self.python),
            str(APP),
            "--database",
            str(self.database),
            "--port",
            str(self.port),
            "--cap-actions",
            str(self.cap_actions),
        ]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the gpodder server exited: {self.log.read_text()[-800:]}")
            try:
                httpx.get(self.url + "/api/2/devices/nobody.json", timeout=1)
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the gpodder server did not start within 30 s")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def create_user(self, username: str, password: str) -> None:
        """Register a user through the server's own registration call."""
        reply = httpx.post(
            f"{self.url}/api/2/auth/{username}/register.json",
            json={"password": password},
            timeout=30,
        )
        if reply.status_code != 201:
            raise RuntimeError(f"cannot create {username}: {reply.status_code} {reply.text}")


def _server_or_skip() -> Path:
    try:
        return server_python()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        reason = f"the gpodder.net test server cannot be set up here: {exc}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def gpodder_server(tmp_path: Path) -> Iterator[GpodderServer]:
    """A fresh gpodder.net-API server for one test (its own database)."""
    folder = tmp_path / "gpodder-server"
    folder.mkdir()
    server = GpodderServer(_server_or_skip(), folder, cap_actions=500).start()
    try:
        yield server
    finally:
        server.stop()


__all__ = ["GpodderServer", "gpodder_server", "server_python"]
