"""Checking that libVLC not only loads but can start: the question a packaged install asks.

A libVLC that loads without its plugins (a copy shipped alone inside a bundle, a distribution
package split in two) creates no instance and plays nothing; finding that out at start-up, with
what to install, beats a silent "nothing happens" on the first play.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from player.domain.errors import PlaybackError
from player.i18n import _
from player.playback.vlc_loader import install_hint, load_vlc

PROBE_OPTIONS = ("--aout=dummy", "--vout=dummy", "--no-video", "--quiet")
"""Options for the throw-away instance: no sound device or display is touched."""


@dataclass(frozen=True, slots=True)
class LibVlcInfo:
    """Which libVLC the app uses."""

    version: str
    library: str
    plugin_path: str | None


def _loaded_from(name: str) -> str:
    """The file a shared library ``name`` (often a bare soname) was mapped from, when knowable.

    Linux lists every mapped file in /proc/self/maps; elsewhere the name is all there is.
    """
    if not name or Path(name).is_absolute():
        return name
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text(encoding="utf-8", errors="replace").splitlines():
            fields = line.split(maxsplit=5)  # address perms offset device inode [path]
            path = fields[5] if len(fields) == 6 else ""
            mapped = Path(path).name
            if mapped == name or mapped.startswith(name + "."):  # soname -> libvlc.so.5.6.1
                return path
    return name


def probe_libvlc() -> LibVlcInfo:
    """Load libVLC and start (then release) one instance; :class:`PlaybackError` if either fails."""
    vlc = load_vlc()
    library = _loaded_from(str(getattr(vlc.dll, "_name", "") or ""))
    instance = vlc.Instance(list(PROBE_OPTIONS))
    if instance is None:
        raise PlaybackError(
            _(
                "libVLC loaded from {value} but found none of its plugins, so it cannot play "
                "anything. {install_hint}"
            ).format(value=library or "the system", install_hint=install_hint())
        )
    instance.release()
    raw_version = vlc.libvlc_get_version()
    version = raw_version.decode("utf-8", "replace") if isinstance(raw_version, bytes) else ""
    return LibVlcInfo(
        version=version or str(raw_version),
        library=library,
        plugin_path=getattr(vlc, "plugin_path", None),
    )
