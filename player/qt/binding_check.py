"""A start-up check of the Qt binding itself: does calling into it leak references to ``None``?

PySide6 6.12.0 returns ``None`` from every void method without taking a reference to it. On
Python 3.11 ``None`` is an ordinary refcounted object, so each call drops its count by one and,
a few minutes into playback (a seek slider repainting four times a second adds up fast), the
interpreter aborts with ``Fatal Python error: none_dealloc``. Python 3.12 made ``None`` immortal,
which hides the bug there. ``pyproject.toml`` and the lock file exclude that release; this check
is the net under it, for installs that did not come through them: it turns a crash minutes later
into a clear message at once.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QObject

from player.i18n import _

PROBE_CALLS = 256


def none_references_dropped(calls: int = PROBE_CALLS) -> int:
    """How many references to ``None`` ``calls`` void calls into Qt lost (0 for a sound binding).

    ``QObject.setObjectName`` stands for every void method: in the broken release they all share
    the same generated return path.
    """
    probe = QObject()
    before = sys.getrefcount(None)
    for _call in range(calls):
        probe.setObjectName("binding-check")
    return max(0, before - sys.getrefcount(None))


def broken_binding_message() -> str | None:
    """A readable error when the installed PySide6 would crash the app, else ``None``."""
    lost = none_references_dropped()
    if lost < PROBE_CALLS // 2:
        return None
    return _(
        "PySide6 {version} is broken on Python {value}: each call into Qt "
        "loses a reference to None and the window would crash within minutes "
        "(Fatal Python error: none_dealloc).\nInstall the tested version with: "
        "scripts/bootstrap.sh app  (or: pip install 'PySide6-Essentials!=6.12.0')"
    ).format(version=PySide6.__version__, value=sys.version.split()[0])
