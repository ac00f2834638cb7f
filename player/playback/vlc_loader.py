"""Loading libVLC through python-vlc, with an actionable error when it is missing.

python-vlc looks for the system libVLC when its module is imported and fails in several ways
(``OSError``, ``ImportError``, ``NameError`` or ``AttributeError`` deep inside) when it is not
there; on Linux it raises ``NotImplementedError("Cannot find libvlc lib")``, and a wrong
``PYTHON_VLC_LIB_PATH`` makes it call ``sys.exit(1)``. This is the one place that imports it,
so the rest of the app sees one clear :class:`PlaybackError` saying what to install.
"""

from __future__ import annotations

import sys
from types import ModuleType

from player.domain.errors import PlaybackError
from player.i18n import N_, _

INSTALL_HINT = {
    "linux": N_(
        "Install VLC's library: sudo apt-get install libvlc5 vlc-plugin-base "
        "(Fedora: sudo dnf install vlc-libs; Arch: sudo pacman -S vlc)."
    ),
    "darwin": N_("Install VLC from https://www.videolan.org/ (the app uses its libVLC)."),
    "win32": N_("Install VLC (64-bit) from https://www.videolan.org/ (the app uses its libVLC)."),
}


def install_hint() -> str:
    """What to install on this platform to get a working libVLC."""
    return _(INSTALL_HINT.get(sys.platform, INSTALL_HINT["linux"]))


def missing_libvlc_message(detail: str) -> str:
    """The sentence the listener sees when libVLC cannot be loaded."""
    return _("Playback needs libVLC, which could not be loaded ({detail}). {install_hint}").format(
        detail=detail, install_hint=install_hint()
    )


def load_vlc() -> ModuleType:
    """Import python-vlc and check libVLC answers; :class:`PlaybackError` when it does not."""
    try:
        import vlc
    except (OSError, ImportError, NameError, AttributeError, NotImplementedError) as exc:
        raise PlaybackError(missing_libvlc_message(str(exc) or type(exc).__name__)) from exc
    except SystemExit as exc:  # python-vlc's answer to a PYTHON_VLC_LIB_PATH it cannot load
        detail = _("PYTHON_VLC_LIB_PATH points to no library")
        raise PlaybackError(missing_libvlc_message(detail)) from exc
    try:
        vlc.libvlc_get_version()
    except (OSError, AttributeError, NameError) as exc:
        raise PlaybackError(missing_libvlc_message(str(exc) or type(exc).__name__)) from exc
    return vlc
