"""Time from "play" to the first position update: the player service vs bare python-vlc.

Both run in the same process on the same libVLC instance (dummy audio output) and the same
file, alternating trial by trial so machine noise hits both alike. What is timed:

- bare python-vlc: ``media_new`` + ``set_media`` + ``play()`` until the first
  ``MediaPlayerTimeChanged`` event with a time above zero (seen on libVLC's thread);
- the service: ``PlaybackService.play()`` on a loaded episode until the first
  ``PositionChanged`` listener call on the owner thread (the event loop). The periodic tick is
  off, so every update comes from libVLC's clock, as in the baseline, and not from the
  service's extrapolation (which would answer sooner and flatter the ratio).

Run: ``.venv/bin/python bench/bench_playback.py [--trials N] [--file MP3]``
(default: the demo podcast's first episode). Target: ratio <= 1.2.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from player.playback.vlc_engine import VlcEngine, shared_instance  # noqa: E402
from player.playback.vlc_loader import load_vlc  # noqa: E402
from player.services.playback_state import PositionChanged  # noqa: E402
from player.storage import EpisodeRepo, Store  # noqa: E402
from tests.support.library import add_podcast, item  # noqa: E402
from tests.support.rig import Rig  # noqa: E402

DEFAULT_FILE = ROOT / "player" / "demo" / "episodes" / "01-up-next-without-uploading.mp3"
TIMEOUT = 10.0


def bare_trial(instance: object, path: Path) -> float:
    """Seconds from play to libVLC's first time update, with python-vlc alone."""
    vlc = load_vlc()
    player = instance.media_player_new()  # type: ignore[attr-defined]
    first = threading.Event()
    stamp: list[float] = []

    def on_time(event: object) -> None:
        if event.u.new_time > 0 and not first.is_set():  # type: ignore[attr-defined]
            stamp.append(time.perf_counter())
            first.set()

    player.event_manager().event_attach(vlc.EventType.MediaPlayerTimeChanged, on_time)
    start = time.perf_counter()
    media = instance.media_new(str(path))  # type: ignore[attr-defined]
    media.add_option(":no-video")
    player.set_media(media)
    player.play()
    if not first.wait(TIMEOUT):
        raise RuntimeError("bare python-vlc never reported a position")
    elapsed = stamp[0] - start
    player.stop()
    player.event_manager().event_detach(vlc.EventType.MediaPlayerTimeChanged)
    media.release()
    player.release()
    return elapsed


class ServiceRig:
    """A player service on its own engine (the test suite's :class:`Rig`, without ticks), a
    store holding one episode of ``path``."""

    def __init__(self, path: Path, folder: Path) -> None:
        self.store = Store(folder / "library.sqlite3")
        (self.episode_id,) = add_podcast(self.store, [item("bench", path)])
        self.rig = Rig.for_player(self.store, VlcEngine(), tick=False)

    def _first_position(self, since: float) -> float | None:
        """When the first position above zero reached a listener after ``since``."""
        for at, event in self.rig.events:
            if at >= since and isinstance(event, PositionChanged) and event.position > 0:
                return at
        return None

    def trial(self) -> float:
        """Seconds from ``play()`` to the first position update delivered to a listener."""
        player = self.rig.player
        EpisodeRepo(self.store).mark_played([self.episode_id], played=False)  # start at 0
        player.load(self.episode_id, autoplay=False)
        self.rig.events.clear()
        start = time.monotonic()
        player.play()
        if not self.rig.loop.run_until(lambda: self._first_position(start) is not None, TIMEOUT):
            raise RuntimeError("the player service never reported a position")
        elapsed = (self._first_position(start) or start) - start
        player.stop()
        return elapsed

    def close(self) -> None:
        self.rig.close()
        self.store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=15, help="trials per side (default 15)")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="media file to play")
    args = parser.parse_args()
    instance = shared_instance(aout="dummy", vout="dummy")
    with tempfile.TemporaryDirectory() as folder:
        rig = ServiceRig(args.file.resolve(), Path(folder))
        bare_trial(instance, args.file)  # warm-up: plugin cache, file cache
        rig.trial()
        bare, ours = [], []
        for _ in range(args.trials):
            bare.append(bare_trial(instance, args.file))
            ours.append(rig.trial())
        rig.close()
    median_bare, median_ours = statistics.median(bare), statistics.median(ours)
    ratio = median_ours / median_bare
    print(f"file: {args.file.name}, {args.trials} trials each, libVLC dummy audio output")
    print(f"{'':28}{'median':>10}{'min':>10}{'max':>10}")
    for name, values in (("bare python-vlc (baseline)", bare), ("player service", ours)):
        print(
            f"{name:28}{statistics.median(values) * 1000:>8.1f}ms"
            f"{min(values) * 1000:>8.1f}ms{max(values) * 1000:>8.1f}ms"
        )
    verdict = "OK" if ratio <= 1.2 else "ABOVE TARGET"
    print(f"ratio service/bare (median): {ratio:.3f}  (target <= 1.2: {verdict})")
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
