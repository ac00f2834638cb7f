"""Loading libVLC through python-vlc, with an actionable error when it is missing.

python-vlc looks for the system libVLC when its module is imported and fails in several ways
(``OSError``, ``ImportError``, ``NameError`` or ``AttributeError`` deep inside) when it is not
there. This is the one place that imports it, so the rest of the app sees one clear
:class:`PlaybackError` saying what to install.
"""

from __future__ import annotations

import sys
from types import ModuleType

from player.domain.errors import PlaybackError

INSTALL_HINT = {
    "linux": "Install VLC's library: sudo apt-get install libvlc5 vlc-plugin-base "
    "(Fedora: sudo dnf install vlc-libs; Arch: sudo pacman -S vlc).",
    "darwin": "Install VLC from https://www.videolan.org/ (the app uses its libVLC).",
    "win32": "Install VLC (64-bit) from https://www.videolan.org/ (the app uses its libVLC).",
}


def missing_libvlc_message(detail: str) -> str:
    """The sentence the listener sees when libVLC cannot be loaded."""
    hint = INSTALL_HINT.get(sys.platform, INSTALL_HINT["linux"])
    return f"Playback needs libVLC, which could not be loaded ({detail}). {hint}"


def load_vlc() -> ModuleType:
    """Import python-vlc and check libVLC answers; :class:`PlaybackError` when it does not."""
    try:
        import vlc
    except (OSError, ImportError, NameError, AttributeError) as exc:
        raise PlaybackError(missing_libvlc_message(str(exc) or type(exc).__name__)) from exc
    try:
        vlc.libvlc_get_version()
    except (OSError, AttributeError, NameError) as exc:
        raise PlaybackError(missing_libvlc_message(str(exc) or type(exc).__name__)) from exc
    return vlc
