"""The desktop entry, AppStream metadata and icons are valid, consistent and install per user."""

from __future__ import annotations

import configparser
import os
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from player import APP_ID, APP_NAME, __version__
from tests.conftest import ROOT

RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
HICOLOR = RESOURCES / "icons" / "hicolor"
INSTALL = ROOT / "scripts" / "install-desktop-files.sh"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SCHEMES = ("feed", "podcast", "itpc", "pcast")


def _entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _tool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=120, check=False
    )


def test_desktop_entry_validates() -> None:
    result = _tool("desktop-file-validate", DESKTOP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # not even a hint


def test_metainfo_validates_offline() -> None:
    result = _tool("appstreamcli", "validate", "--no-net", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation was successful" in result.stdout


def test_desktop_entry_opens_links_and_subscription_lists() -> None:
    entry = _entry()
    assert entry["Exec"] == f"{APP_NAME} %U"  # %U: URLs, several at once
    assert entry["Icon"] == APP_ID
    mime = set(entry["MimeType"].rstrip(";").split(";"))
    assert {"application/rss+xml", "application/atom+xml", "text/x-opml+xml"} <= mime
    assert {f"x-scheme-handler/{s}" for s in SCHEMES} <= mime
    assert {"AudioVideo", "Audio", "Player"} <= set(entry["Categories"].rstrip(";").split(";"))
    assert "podcast" in entry["Keywords"].split(";")


def test_metainfo_matches_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("releases/release").get("version") == __version__
    assert root.findtext("provides/binary") == APP_NAME
    screenshots = [image.text for image in root.iter("image")]
    assert screenshots, "software centres need at least one screenshot"
    for url in screenshots:
        assert url.startswith("https://")
        relative = url.split("/main/", 1)[1]
        assert (ROOT / relative).is_file(), f"{url} points at no file in this repository"


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("size", SIZES)
def test_every_hicolor_png_is_rendered_at_its_size(size: int) -> None:
    png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert _png_size(png) == (size, size)


def test_pngs_are_renderings_of_the_svg(qapp) -> None:
    """Transparent corners, opaque middle: rendered from the SVG, not blank or a placeholder."""
    from PySide6.QtGui import QImage

    svg = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    image = QImage(str(HICOLOR / "64x64" / "apps" / f"{APP_ID}.png"))
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(32, 32).alpha() == 255


def _install(data_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home))
    return subprocess.run(
        [str(INSTALL), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_install_script_installs_for_the_user_and_uninstalls(tmp_path: Path) -> None:
    exe = tmp_path / "opt" / "podcast-player"
    installed = _install(tmp_path, "--exec", str(exe))
    assert installed.returncode == 0, installed.stderr
    entry_path = tmp_path / "applications" / DESKTOP.name
    entry = _entry(entry_path)
    assert entry["Exec"] == f"{exe} %U"
    assert entry["TryExec"] == str(exe)
    assert _tool("desktop-file-validate", entry_path).returncode == 0
    assert (tmp_path / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    for size in SIZES:
        assert (
            tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        ).exists()
    # update-desktop-database registered the app for the link schemes ("Open with" and handlers).
    cache = (tmp_path / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    for scheme in SCHEMES:
        assert f"x-scheme-handler/{scheme}={DESKTOP.name};" in cache

    removed = _install(tmp_path, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not entry_path.exists()
    assert not list((tmp_path / "icons").rglob(f"{APP_ID}.*"))
    assert "x-scheme-handler/feed" not in (tmp_path / "applications" / "mimeinfo.cache").read_text(
        encoding="utf-8"
    )


def test_install_script_refuses_bad_input(tmp_path: Path) -> None:
    unknown = _install(tmp_path, "--frobnicate")
    assert unknown.returncode == 2 and "unknown option --frobnicate" in unknown.stderr
    spaced = _install(tmp_path, "--exec", "/opt/my apps/podcast-player")
    assert spaced.returncode == 2 and "must not contain spaces" in spaced.stderr
    assert not (tmp_path / "applications").exists()  # nothing half-installed
