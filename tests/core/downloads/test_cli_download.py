"""``download``, ``downloads``, ``delete-download`` as a user runs them: in a subprocess, with
kill -9 half-way, with a file-size limit, on a terminal, and with what each failure exits."""

from __future__ import annotations

import io
import json
import os
import pty
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from player.cli.download_cmds import ProgressBar
from player.domain.downloads import DownloadEvent, DownloadStatus
from player.storage import EpisodeRepo, SettingsRepo
from tests.conftest import ROOT, run_cli
from tests.core.downloads.conftest import Library, wait_until
from tests.support.http_server import LoopbackServer

FSIZE_LIMIT = 1_000_000


def _command(library: Library, *args: str) -> list[str]:
    return [sys.executable, "-m", "player", "--data-dir", str(library.paths.root), *args]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PODCAST_PLAYER_DATA_DIR", None)
    return env


def _partial(library: Library, episode_id: int) -> Path:
    return library.paths.downloads / ".partial" / f"{episode_id}.part"


def _landed(library: Library, episode_id: int) -> Path:
    return Path(EpisodeRepo(library.store).get(episode_id).download_path)


@pytest.mark.slow
def test_download_killed_half_way_resumes_with_range_and_if_range(
    library: Library, media: dict[str, Path]
) -> None:
    source = media["huge.wav"].read_bytes()
    with LoopbackServer(throttle_bps=2_000_000) as server:
        url = server.add("huge.wav", media["huge.wav"], "audio/wav")
        [episode_id] = library.add_episodes(library.add_podcast(), [("Long one", url)])
        partial = _partial(library, episode_id)
        proc = subprocess.Popen(
            _command(library, "download", str(episode_id)),
            env=_env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(
                lambda: partial.exists() and partial.stat().st_size > len(source) // 2,
                timeout=30,
                what="the partial file to pass half the size",
            )
        finally:
            proc.kill()  # SIGKILL: no clean-up code runs
            proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        kept = partial.stat().st_size
        assert len(source) // 2 < kept < len(source)
        assert source.startswith(partial.read_bytes())

        server.throttle_bps = None
        again = run_cli(library.paths.root, "download", str(episode_id))

        assert again.returncode == 0, again.stderr
        last = server.requests_for("huge.wav")[-1]
        assert last.headers["range"] == f"bytes={kept}-"
        assert last.headers["if-range"] == server.resources["/huge.wav"].etag
        assert last.status == 206
    landed = _landed(library, episode_id)
    assert landed.read_bytes() == source
    assert f"downloaded {episode_id}: {landed}" in again.stdout
    assert not partial.exists()


def _limit_file_size() -> None:
    """In the child: writes past FSIZE_LIMIT fail with EFBIG instead of killing the process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


def test_write_failure_gives_a_clear_error_and_a_resumable_partial(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    source = media["big.wav"].read_bytes()
    assert len(source) > 2 * FSIZE_LIMIT
    url = server.add("big.wav", media["big.wav"], "audio/wav")
    [episode_id] = library.add_episodes(library.add_podcast(), [("Big", url)])

    limited = subprocess.run(
        _command(library, "download", str(episode_id)),
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
        check=False,
    )

    assert limited.returncode == 6, limited.stderr
    assert limited.stderr.strip() == (
        f"episode {episode_id}: The file grew past the largest size this system allows "
        "(a file-size limit); the partial download is kept to resume later."
    )
    partial = _partial(library, episode_id)
    assert partial.stat().st_size == FSIZE_LIMIT
    assert source.startswith(partial.read_bytes())
    listed = json.loads(run_cli(library.paths.root, "downloads", "--json").stdout)
    assert [(d["episode_id"], d["status"]) for d in listed] == [(episode_id, "failed")]
    assert "file-size limit" in listed[0]["error"]
    assert listed[0]["partial_path"] == str(partial)

    again = run_cli(library.paths.root, "download", str(episode_id))

    assert again.returncode == 0, again.stderr
    last = server.requests_for("big.wav")[-1]
    assert last.headers["range"] == f"bytes={FSIZE_LIMIT}-" and last.status == 206
    assert _landed(library, episode_id).read_bytes() == source


def test_exit_status_says_what_failed(library: Library, server: LoopbackServer) -> None:
    missing = server.url("missing.mp3")
    page = server.add_html("page.mp3")
    broken = server.add_status("broken.mp3", 500)
    ids = library.add_episodes(
        library.add_podcast(), [("Missing", missing), ("Page", page), ("Broken", broken)]
    )

    gone = run_cli(library.paths.root, "download", str(ids[0]))
    assert gone.returncode == 4
    assert gone.stderr.strip() == (
        f"episode {ids[0]}: The server has no file at this address (HTTP 404: not found)."
    )
    both = run_cli(library.paths.root, "download", str(ids[0]), str(ids[1]))
    assert both.returncode == 5  # not media (5) outranks not found (4)
    assert "instead of audio or video" in both.stderr
    unknown = run_cli(library.paths.root, "download", "999")
    assert unknown.returncode == 1
    assert "There is no episode with id 999." in unknown.stderr

    SettingsRepo(library.store).set("downloads.retries", 1)
    SettingsRepo(library.store).set("downloads.retry_backoff_seconds", 0.01)
    server_trouble = run_cli(library.paths.root, "download", str(ids[2]))
    assert server_trouble.returncode == 3
    assert "temporary problem (HTTP 500: server error)" in server_trouble.stderr
    assert len(server.requests_for("broken.mp3")) == 2


def test_downloads_json_and_delete_download(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    url = server.add("one.mp3", media["tone.mp3"])
    [episode_id] = library.add_episodes(library.add_podcast("Show"), [("One", url)])
    assert run_cli(library.paths.root, "download", str(episode_id)).returncode == 0
    landed = _landed(library, episode_id)
    EpisodeRepo(library.store).set_position(episode_id, 12.0)

    [row] = json.loads(run_cli(library.paths.root, "downloads", "--json").stdout)
    assert row["episode_id"] == episode_id and row["status"] == "done"
    assert row["path"] == str(landed) and row["manual"] is True
    assert row["bytes_done"] == row["bytes_total"] == landed.stat().st_size
    assert {"podcast", "title", "error", "partial_path", "updated_at", "priority"} <= set(row)
    table = run_cli(library.paths.root, "downloads").stdout
    assert "done" in table and "Show: One" in table

    deleted = run_cli(library.paths.root, "delete-download", str(episode_id))
    assert deleted.returncode == 0, deleted.stderr
    assert not landed.exists()
    episode = EpisodeRepo(library.store).get(episode_id)
    assert (episode.download_path, episode.position) == ("", 12.0)
    assert json.loads(run_cli(library.paths.root, "downloads", "--json").stdout) == []


def test_progress_bar_on_a_terminal(
    library: Library, server: LoopbackServer, media: dict[str, Path]
) -> None:
    url = server.add("big.wav", media["big.wav"], "audio/wav")
    [episode_id] = library.add_episodes(library.add_podcast(), [("Big", url)])
    master, slave = pty.openpty()
    try:
        result = subprocess.run(
            _command(library, "download", str(episode_id)),
            env=_env(),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=120,
            check=False,
        )
        os.close(slave)
        seen = b""
        while True:
            try:
                piece = os.read(master, 65536)
            except OSError:  # EIO: the child's end is closed and everything was read
                break
            if not piece:
                break
            seen += piece
    finally:
        os.close(master)
    assert result.returncode == 0
    text = seen.decode()
    assert "\r[########################] 100% 2.1 MB/2.1 MB" in text
    assert "(1/1 finished)" in text


def test_progress_bar_line_shows_bytes_rate_and_time_left() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, count=2, interval=0)
    bar.update(DownloadEvent(1, 5_000_000, 10_000_000, 1_000_000.0, 5.0, DownloadStatus.RUNNING))
    bar.update(DownloadEvent(2, 0, 10_000_000, 0.0, None, DownloadStatus.QUEUED))
    assert bar.line() == (
        "[######------------------]  25% 5.0 MB/20.0 MB 1.0 MB/s 0:15 left (0/2 finished)"
    )
    assert out.getvalue().startswith("\r[")
