"""Take the README's screenshots from a real run of the app (run it under Xvfb).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py docs/screenshots

It opens the real window on a fresh temporary data folder (so the demo podcast is seeded),
plays an episode with dummy audio (so the now-playing pane has chapters and a moving
position), queues two episodes, and saves the window and each pane as PNG files.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from player.paths import DataPaths
from player.qt.app import Application


def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition() and time.monotonic() < deadline:
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def main(out_dir: str) -> int:
    """Save ``main.png`` and one PNG per pane into ``out_dir``."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        app = Application(DataPaths(Path(tmp)), aout="dummy")
        window = app.window
        app.start()
        window.resize(1360, 860)
        _wait(lambda: app.episode_model.rowCount() == 4)
        episodes = {e.title: e.id for e in app.library.episodes()}
        app.queue.add([episodes["One Feed, Many Doors"],
                       episodes["Open Source and the Listener's Rights"]])
        app.library_controller.reload_queue()
        app.player.play_episode(episodes["Chapters, Transcripts and the Shape of Sound"])
        _wait(lambda: app.player.state == "playing" and len(app.player.chapters) > 2)
        app.player.seek(app.player.chapters[2].start + 4)
        _wait(lambda: app.player.position > app.player.chapters[2].start + 6)
        app.player.pause()
        window.library_pane.select_entry("podcast:1")
        _wait(lambda: app.episode_model.query.podcast_id == 1 and app.episode_model.rowCount())
        _wait(lambda: bool(app.suggestions.current))
        _wait(lambda: False, 1.0)  # covers and layouts settle
        window.grab().save(str(target / "main.png"))
        for name, pane in (("library", window.library_pane), ("queue", window.queue_pane),
                           ("now-playing", window.now_playing_pane)):
            pane.grab().save(str(target / f"{name}.png"))
        app.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
