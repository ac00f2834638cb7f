"""Where data lives: --data-dir beats the environment variable, which beats the default."""

from __future__ import annotations

from pathlib import Path

from player.paths import ENV_VAR, default_data_dir, resolve_data_dir
from tests.conftest import run_cli


def test_precedence(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_data_dir(None).root == default_data_dir().resolve()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_data_dir(None).root == (tmp_path / "env").resolve()
    assert resolve_data_dir(tmp_path / "opt").root == (tmp_path / "opt").resolve()


def test_environment_variable_moves_everything(tmp_path: Path) -> None:
    target = tmp_path / "moved"
    result = run_cli(tmp_path / "unused", "podcasts", env={ENV_VAR: str(target)})
    # --data-dir is given by run_cli, so it wins over the variable:
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "unused" / "library.sqlite3").exists()
    assert not target.exists()


def test_data_folder_layout(data_dir: Path) -> None:
    result = run_cli(data_dir, "--verbose", "episodes")
    assert result.returncode == 0, result.stderr
    assert (data_dir / "library.sqlite3").is_file()
    assert (data_dir / "downloads").is_dir()
    assert (data_dir / "cache").is_dir()
    assert (data_dir / "logs" / "podcast-player.log").is_file()
