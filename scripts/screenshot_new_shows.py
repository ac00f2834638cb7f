"""Screenshots of "New shows you would like" under the up-next cards (run it under Xvfb).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_new_shows.py DIR

At the two window sizes the README promises (1280x800, 1024x700) it opens the real window on a
library with a history (tests/support/show_library.py: feeds and directories on 127.0.0.1, so
it runs offline) and saves ``new-shows-WxH.png`` (the window) and ``new-shows-pane-WxH.png``
(the queue pane).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import keyring.core  # noqa: E402

from player.paths import DataPaths  # noqa: E402
from player.qt.app import Application  # noqa: E402
from player.qt.widgets.show_suggestions import ShowSuggestionsPanel  # noqa: E402
from player.storage import Store  # noqa: E402
from tests.support.show_library import show_library  # noqa: E402

SIZES = [(1280, 800), (1024, 700)]


def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition() and time.monotonic() < deadline:
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def _shoot(target: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = Store(DataPaths(data).ensure().database)
        with show_library(store) as library:
            store.close()
            os.environ.update(library.fakes.env)
            app = Application(DataPaths(data), aout="dummy")
            window = app.window
            window.resize(width, height)
            window.show()
            app.start()
            panel = window.findChild(ShowSuggestionsPanel)
            assert panel is not None
            _wait(lambda: len(panel.rows) >= 3)
            _wait(lambda: False, 1.5)  # layouts settle
            area = window.queue_pane.findChild(QScrollArea, "suggestionsArea")
            if area is not None:  # the new shows are under the up-next cards: show them
                top = panel.mapTo(area.widget(), panel.rect().topLeft()).y()
                area.verticalScrollBar().setValue(top)
            _wait(lambda: False, 0.5)
            window.grab().save(str(target / f"new-shows-{width}x{height}.png"))
            window.queue_pane.grab().save(str(target / f"new-shows-pane-{width}x{height}.png"))
            window.close()
            app.close()


def main(out_dir: str) -> int:
    """Save the screenshots into ``out_dir``."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication(sys.argv[:1])
    keyring.set_keyring(keyring.core.load_keyring("keyring.backends.fail.Keyring"))
    for width, height in SIZES:
        _shoot(target, width, height)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/new-shows-shots"))
