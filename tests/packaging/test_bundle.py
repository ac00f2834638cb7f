"""The PyInstaller bundle builds, runs the CLI, opens the window and uses the system libVLC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from player import APP_ID
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build once with the documented command; the bundle's folder."""
    out = tmp_path_factory.mktemp("bundle")
    env = dict(os.environ, PYTHON=sys.executable, PYINSTALLER_WORK_DIR=str(out / "work"))
    result = subprocess.run(
        [str(ROOT / "packaging" / "build.sh"), str(out / "dist")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    folder = out / "dist" / "podcast-player"
    assert (folder / "podcast-player").is_file()
    return folder


def _run(
    bundle: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "PODCAST_PLAYER_DATA_DIR"}
    full_env.update(env or {})
    return subprocess.run(
        [str(bundle / "podcast-player"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_help_and_a_command_on_a_fresh_data_folder(bundle: Path, data_dir: Path) -> None:
    help_run = _run(bundle, "--help")
    assert help_run.returncode == 0, help_run.stderr
    assert help_run.stdout.startswith("usage: podcast-player")
    for command in ("podcasts", "episodes", "search", "doctor"):
        assert command in help_run.stdout

    listed = _run(bundle, "--data-dir", str(data_dir), "podcasts", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []
    assert (data_dir / "library.sqlite3").is_file()


def test_bundle_uses_the_system_libvlc_and_ships_none(bundle: Path, data_dir: Path) -> None:
    system_only = ("libvlc", "libstdc++", "libgcc_s")  # see the spec's SYSTEM_ONLY
    shipped = [p.name for p in bundle.rglob("*") if p.name.lower().startswith(system_only)]
    assert shipped == []

    report = _run(bundle, "--data-dir", str(data_dir), "doctor", "--json")
    assert report.returncode == 0, report.stdout + report.stderr
    doctor = json.loads(report.stdout)
    assert doctor["frozen"] is True
    assert doctor["problems"] == []
    assert doctor["libvlc"]["version"].startswith("3.")
    library = Path(doctor["libvlc"]["library"])
    assert library.is_absolute() and bundle not in library.parents


def test_missing_libvlc_is_one_clear_sentence(bundle: Path, data_dir: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "libvlc.so.5"
    bogus.write_text("not a library", encoding="utf-8")
    result = _run(
        bundle, "--data-dir", str(data_dir), "doctor", env={"PYTHON_VLC_LIB_PATH": str(bogus)}
    )
    assert result.returncode == 1
    assert "Playback needs libVLC, which could not be loaded" in result.stderr
    assert "sudo apt-get install libvlc5 vlc-plugin-base" in result.stderr
    assert "Traceback" not in result.stderr


def test_window_starts_and_seeds_the_bundled_demo(bundle: Path, data_dir: Path) -> None:
    """Qt's platform plugin, libVLC and the demo podcast all load from the frozen app."""
    env = {k: v for k, v in os.environ.items() if k != "PODCAST_PLAYER_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    window = subprocess.Popen(
        [str(bundle / "podcast-player"), "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        podcasts: list[dict] = []
        while not podcasts and window.poll() is None and time.monotonic() < deadline:
            listed = _run(bundle, "--data-dir", str(data_dir), "podcasts", "--json")
            podcasts = json.loads(listed.stdout) if listed.returncode == 0 else []
        assert window.poll() is None, window.communicate()[1]
        assert [p["episode_count"] for p in podcasts] == [4]
        assert podcasts[0]["title"].startswith("Signal & Noise")
    finally:
        window.terminate()
        window.communicate(timeout=30)


def test_desktop_files_install_from_inside_the_bundle(bundle: Path, tmp_path: Path) -> None:
    script = bundle / "_internal" / "scripts" / "install-desktop-files.sh"
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path), PATH="/usr/bin:/bin")
    result = subprocess.run(
        [str(script)], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={bundle / 'podcast-player'} %U" in entry.splitlines()
    assert (tmp_path / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()


def test_feeds_parse_in_worker_processes_from_the_bundle(
    bundle: Path, data_dir: Path, tmp_path: Path
) -> None:
    """The frozen executable starts its fork server and parse workers (freeze_support)."""
    feed = tmp_path / "show.xml"

    def write(items: int) -> None:
        feed.write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Frozen Show</title>'
            + "".join(
                f"<item><guid>f{i}</guid><title>Part {i}</title>"
                f'<enclosure url="https://example.org/{i}.mp3" type="audio/mpeg" length="1"/>'
                "</item>"
                for i in range(items)
            )
            + "</channel></rss>",
            encoding="utf-8",
        )

    write(3)
    subscribed = _run(bundle, "--data-dir", str(data_dir), "subscribe", str(feed), "--json")
    assert subscribed.returncode == 0, subscribed.stdout + subscribed.stderr
    write(4)  # a changed body: the refresh parses it again, in the workers
    refreshed = _run(bundle, "--data-dir", str(data_dir), "refresh", "--json")
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    listed = _run(bundle, "--data-dir", str(data_dir), "podcasts", "--json")
    podcasts = json.loads(listed.stdout)
    assert [(p["title"], p["episode_count"]) for p in podcasts] == [("Frozen Show", 4)]
    assert podcasts[0]["last_error"] in (None, "")


def test_directory_search_runs_from_the_bundle(bundle: Path, data_dir: Path) -> None:
    """httpx, the providers and the keyring (imported lazily) are all inside the bundle."""
    from tests.support.directory_servers import directory_servers

    with directory_servers() as fakes:
        env = {**fakes.env, "PODCAST_PLAYER_DATA_DIR": str(data_dir)}
        run = _run(bundle, "discover", "the", "daily", "--json", env=env)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert results and results[0]["title"] == "The Daily"
    assert "Traceback" not in run.stderr
