"""``doctor``: finds the system libVLC, and says what to install when it is missing or broken."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import run_cli


def _system_libvlc_dir() -> Path:
    """The Debian multiarch (or plain) folder that holds the system libVLC."""
    for candidate in (
        *sorted(Path("/usr/lib").glob("*/libvlc.so.5")),
        Path("/usr/lib/libvlc.so.5"),
    ):
        if candidate.exists():
            return candidate.parent
    raise AssertionError("libvlc5 is not installed (scripts/bootstrap.sh installs it)")


def test_doctor_reports_the_system_libvlc(data_dir: Path) -> None:
    result = run_cli(data_dir, "doctor", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["problems"] == []
    assert report["frozen"] is False
    assert report["libvlc"]["version"].startswith("3.")
    assert Path(report["libvlc"]["library"]).name.startswith("libvlc.so")


def test_wrong_library_path_is_a_clear_sentence(data_dir: Path, tmp_path: Path) -> None:
    not_a_library = tmp_path / "libvlc.so.5"
    not_a_library.write_text("not a shared object", encoding="utf-8")
    result = run_cli(data_dir, "doctor", env={"PYTHON_VLC_LIB_PATH": str(not_a_library)})
    assert result.returncode == 1
    assert "Playback needs libVLC, which could not be loaded" in result.stderr
    assert "apt-get install libvlc5 vlc-plugin-base" in result.stderr
    assert "Traceback" not in result.stderr


def test_libvlc_copied_without_its_plugins_is_detected(data_dir: Path, tmp_path: Path) -> None:
    """What a bundle that shipped its own libVLC would do: it loads, then finds no plugins."""
    lonely = tmp_path / "lib"
    lonely.mkdir()
    for name in ("libvlc.so.5", "libvlccore.so.9"):
        shutil.copy(_system_libvlc_dir() / name, lonely / name)  # follows the soname symlink
    result = run_cli(
        data_dir,
        "doctor",
        "--json",
        env={"PYTHON_VLC_LIB_PATH": str(lonely / "libvlc.so.5"), "LD_LIBRARY_PATH": str(lonely)},
    )
    assert result.returncode == 1
    problem = json.loads(result.stdout)["problems"][0]
    assert f"libVLC loaded from {lonely / 'libvlc.so.5'}" in problem
    assert "found none of its plugins" in problem
