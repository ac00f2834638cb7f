"""CPU cost of smart audio while playing: every option on beside none.

    .venv/bin/python bench/bench_audio_playback.py                # 30 s per run, 3 rounds
    .venv/bin/python bench/bench_audio_playback.py --seconds 60 --rounds 5 --rate 2

Each run is its own process (one libVLC per process, as in the app) playing a generated speech
episode (``tests/support/speech_audio.py``, ten phrases with pauses, looped to ~6 minutes, MP3)
through the real player service on libVLC's ``dummy`` output (the filters run in libVLC's audio
core before any output, so they cost the same as on PulseAudio). The child counts its own
process CPU time (all threads: libVLC's decoder, filters and output, our owner thread and the
smart-audio alarm) from the first audible moment for ``--seconds`` of wall time; the analysis is
made beforehand and is not counted. "none" is plain playback; "all" is trim silence (strong),
even loudness (a gain filter) and voice boost (the compressor). Runs alternate so a busy moment
of the machine hits both. Not part of the test suite: it measures the machine as much as us.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONFIGS = {
    "none": {"trim_silence": "off", "normalize": False, "voice_boost": False},
    "all": {"trim_silence": "strong", "normalize": True, "voice_boost": True},
}


def child(data_dir: Path, episode_id: int, config: str, seconds: float, rate: float) -> None:
    """Play and print {"cpu", "wall", "media", "saved_silence"} as one JSON line."""
    from player.playback.vlc_engine import VlcEngine
    from player.services.event_loop import EventLoop
    from player.services.playback import TICK_SECONDS, PlaybackService
    from player.services.playback_state import PlayerState
    from player.storage import Store

    store = Store(data_dir / "library.sqlite3")
    loop = EventLoop()
    player = PlaybackService(store, VlcEngine(aout="dummy", vout="dummy"), post=loop.post)
    player.set_smart_audio(**CONFIGS[config])  # type: ignore[arg-type]
    player.load(episode_id, autoplay=False)
    player.seek(0.0)
    player.set_rate(rate)
    player.play()
    loop.every(TICK_SECONDS, player.tick)
    loop.run_until(lambda: player.state is PlayerState.PLAYING, 30)
    cpu, wall, start = time.process_time(), time.monotonic(), player.position
    loop.run_until(lambda: player.state is not PlayerState.PLAYING, seconds)
    result = {
        "cpu": time.process_time() - cpu,
        "wall": time.monotonic() - wall,
        "media": player.engine.position() - start,
        "saved_silence": player.time_saved.silence,
        "gain_db": player.smart_audio.effects.gain_db,
    }
    player.shutdown()
    store.close()
    print(json.dumps(result))


def _prepare(root: Path) -> tuple[Path, int]:
    from player.services.audio_analysis import AudioAnalysisService
    from player.storage import Store
    from tests.support.library import add_podcast, item
    from tests.support.speech_audio import make_speech_track

    track = make_speech_track(root / "tracks", -24.0, repeat=10)
    data_dir = root / "data"
    data_dir.mkdir()
    store = Store(data_dir / "library.sqlite3")
    (episode_id,) = add_podcast(store, [item("bench", track.path)])
    AudioAnalysisService(store).analyse(episode_id)
    store.close()
    print(f"episode: {track.duration:.0f} s of speech ({track.path.name})")
    return data_dir, episode_id


def main() -> int:
    """Run the rounds and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="wall seconds per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=float, default=1.0, help="playback speed of every run")
    parser.add_argument("--child", nargs=3, metavar=("DATA_DIR", "EPISODE", "CONFIG"))
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), args.child[2], args.seconds, args.rate)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        data_dir, episode_id = _prepare(Path(tmp))
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in CONFIGS}
        for _round in range(args.rounds):
            for name in CONFIGS:
                command = [sys.executable, __file__, "--seconds", str(args.seconds),
                           "--rate", str(args.rate), "--child", str(data_dir),
                           str(episode_id), name]  # fmt: skip
                out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
                runs[name].append(json.loads(out.strip().splitlines()[-1]))
    print(f"{args.rounds} rounds of {args.seconds:g} s at {args.rate:g}x, libVLC dummy output")
    print(f"{'config':<6} {'CPU s':>7} {'CPU %':>6} {'media s':>8} {'trimmed s':>9}")
    medians = {}
    for name, results in runs.items():
        cpu = statistics.median(r["cpu"] for r in results)
        wall = statistics.median(r["wall"] for r in results)
        media = statistics.median(r["media"] for r in results)
        trimmed = statistics.median(r["saved_silence"] for r in results)
        medians[name] = cpu
        print(f"{name:<6} {cpu:7.3f} {100 * cpu / wall:6.2f} {media:8.1f} {trimmed:9.1f}")
    print(f"ratio all/none: {medians['all'] / medians['none']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
