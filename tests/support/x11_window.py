"""A real X11 window for video tests: Xvfb for the screen, Xlib through ctypes for the window.

Run as a script (``python -m tests.support.x11_window VIDEO_FILE``) inside ``DISPLAY=:N``: it
creates a window, loads a video episode and the same file announced as audio into the player
service with that window as the surface, and prints one JSON line per episode saying whether
libVLC opened a video output. A subprocess, because the test process's libVLC runs with the
dummy video output, which a window must not override.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def xvfb() -> Iterator[str]:
    """A virtual X screen; yields its DISPLAY name."""
    if shutil.which("Xvfb") is None:
        raise AssertionError("the video surface test needs Xvfb (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()  # Xvfb writes it once the screen is ready
    try:
        if not number:
            raise AssertionError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def create_window() -> int:
    """Map a 320x240 window on $DISPLAY and return its id (what Qt's ``winId()`` gives)."""
    x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XCreateSimpleWindow.restype = ctypes.c_ulong
    x11.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_int] * 2 + [
        ctypes.c_uint] * 3 + [ctypes.c_ulong] * 2  # fmt: skip
    x11.XMapWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(None)
    if not display:
        raise SystemExit("cannot open the X display")
    window = x11.XCreateSimpleWindow(display, x11.XDefaultRootWindow(display), 0, 0, 320, 240,
                                     0, 0, 0)  # fmt: skip
    x11.XMapWindow(display, window)
    x11.XFlush(display)
    return int(window)


def main(video_file: str) -> None:
    from player.playback.vlc_engine import VlcEngine
    from player.services.event_loop import EventLoop
    from player.services.playback import TICK_SECONDS, PlaybackService
    from player.storage import Store
    from tests.support.library import add_podcast, item

    window = create_window()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "library.sqlite3")
        video, audio = add_podcast(
            store,
            [
                item("video", Path(video_file), enclosure_type="video/mp4"),
                item("audio", Path(video_file), enclosure_type="audio/mp4"),
            ],
        )
        loop = EventLoop()
        player = PlaybackService(store, VlcEngine(aout="dummy"), post=loop.post)
        loop.every(TICK_SECONDS, player.tick)
        player.set_video_surface(window)
        for name, episode_id in (("video", video), ("audio", audio)):
            player.load(episode_id)
            played = loop.run_until(lambda: player.position >= 1.0, timeout=10)
            shown = player.engine.has_video_output()
            print(json.dumps({"episode": name, "played": played, "video_output": shown}))
        player.shutdown()
        store.close()


if __name__ == "__main__":
    main(sys.argv[1])
