"""Take the README's screenshots from a real run of the app (run it under Xvfb).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py docs/screenshots

It opens the real window on a fresh temporary data folder (so the demo podcast is seeded),
waits for the library to load, and saves the window and each pane as PNG files.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from player.paths import DataPaths
from player.qt.app import Application


def _wait(app: QApplication, condition, timeout_ms: int = 15_000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    waited = 0
    while not condition() and waited < timeout_ms:
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited += 50


def main(out_dir: str) -> int:
    """Save ``main.png`` and one PNG per pane into ``out_dir``."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        application = Application(DataPaths(Path(tmp)))
        window = application.window
        window.resize(1280, 760)
        application.start()
        _wait(qt_app, lambda: window.episode_model.rowCount() > 0)
        _wait(qt_app, lambda: False, 500)  # let layouts settle
        window.grab().save(str(target / "main.png"))
        for name, pane in (("library", window.library_pane), ("queue", window.queue_pane),
                           ("now-playing", window.now_playing_pane)):
            pane.grab().save(str(target / f"{name}.png"))
        application.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
