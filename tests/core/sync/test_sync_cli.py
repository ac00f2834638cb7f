"""The sync commands, run as a user runs them, against the real gpodder.net-API server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import run_cli
from tests.support.http_server import LoopbackServer
from tests.support.sync_rig import serve_feed

USER, PASSWORD = "cli-user", "a long and secret passphrase"
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def _env(password: str | None = PASSWORD) -> dict[str, str]:
    env = dict(NO_KEYRING)
    if password is not None:
        env["PODCAST_PLAYER_SYNC_PASSWORD"] = password
    return env


def test_login_sync_status_logout(tmp_path: Path, gpodder_server: Any) -> None:
    gpodder_server.create_user(USER, PASSWORD)
    data = tmp_path / "data"
    with LoopbackServer() as feeds:
        url = serve_feed(feeds, "news")
        assert run_cli(data, "subscribe", url).returncode == 0

        wrong = run_cli(data, "sync-login", gpodder_server.url, USER, env=_env("nope"))
        assert wrong.returncode != 0
        assert "refused the user name or password" in wrong.stderr
        assert "nope" not in wrong.stderr + wrong.stdout
        status = json.loads(run_cli(data, "sync-status", "--json").stdout)
        assert status["logged_in"] is False  # nothing stored on a refused login

        login = run_cli(
            data, "sync-login", gpodder_server.url, USER, "--device", "cli-box", env=_env()
        )
        assert login.returncode == 0, login.stderr
        assert "as device cli-box" in login.stdout
        assert "kept only until the app closes" in login.stderr  # no keyring here: said so

        done = run_cli(data, "sync", "--json", env=_env())
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert set(report) >= {
            "uploaded",
            "downloaded",
            "subscriptions_added",
            "subscriptions_removed",
            "positions_updated",
            "errors",
        }
        assert report["errors"] == []

        status = json.loads(run_cli(data, "sync-status", "--json").stdout)
        assert status["logged_in"] and status["device"] == "cli-box"
        assert status["last_sync"] and status["last_error"] is None
        assert status["password_stored"] is False

        # The subscription reached the server, filed under this device.
        import httpx

        got = httpx.get(
            f"{gpodder_server.url}/subscriptions/{USER}/cli-box.json", auth=(USER, PASSWORD)
        ).json()
        assert got == [url]

        no_password = run_cli(data, "sync", env=_env(None))
        assert no_password.returncode != 0
        assert "PODCAST_PLAYER_SYNC_PASSWORD" in no_password.stderr

        out = run_cli(data, "sync-logout")
        assert out.returncode == 0 and "Logged out" in out.stdout
        assert json.loads(run_cli(data, "sync-status", "--json").stdout)["logged_in"] is False

    for path in data.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_nextcloud_login_through_the_browser(tmp_path: Path, nextcloud_server: Any) -> None:
    """``sync-login --nextcloud --browser`` prints Nextcloud's login page, waits while the
    listener grants access there, and keeps the app password Nextcloud issued."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    nextcloud_server.add_user("nina", "her real password")
    env = {**os.environ, **NO_KEYRING, "BROWSER": "true", "PYTHONPATH": str(ROOT)}
    env.pop("PODCAST_PLAYER_SYNC_PASSWORD", None)
    command = [sys.executable, "-m", "player", "--data-dir", str(tmp_path / "data")]
    login = [*command, "sync-login", nextcloud_server.url, "nina", "--nextcloud", "--browser"]
    with subprocess.Popen(
        login, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "Grant access in your browser" in line, line
        page = line.rsplit(" ", 1)[-1].strip()
        app_password = nextcloud_server.approve(page, "nina")  # the listener, in the browser
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"Logged in to {nextcloud_server.url} as nina." in out
    assert nextcloud_server.app_password_names("nina")  # issued to this player

    # No keyring here: the app password lived for that command only, as the note said.
    assert "kept only until the app closes" in err
    done = run_cli(tmp_path / "data", "sync", "--json", env=_env(app_password))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["errors"] == []
