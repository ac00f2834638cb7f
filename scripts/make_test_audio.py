"""Make a speech file with pauses of known lengths at a stated loudness (for listening, or for
a test or benchmark by hand): ``python scripts/make_test_audio.py DIR [--lufs -16] [--format
mp3] [--channels 1] [--minutes 0]``. Prints the file, its measured loudness and its pauses.

The same generator the tests use (``tests/support/speech_audio.py``): espeak-ng and ffmpeg.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.speech_audio import make_speech_track, missing_tools  # noqa: E402


def main() -> int:
    """Parse the options, make (or reuse) the file, print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to put (and cache) the file")
    parser.add_argument("--lufs", type=float, default=-16.0, help="target loudness")
    parser.add_argument("--format", choices=("mp3", "ogg", "wav"), default="mp3")
    parser.add_argument("--channels", type=int, choices=(1, 2), default=1)
    parser.add_argument("--rate", type=int, default=44100)
    parser.add_argument("--minutes", type=float, default=0.0, help="loop to about this long")
    args = parser.parse_args()
    if missing := missing_tools():
        print(
            f"missing tools: {', '.join(missing)} (apt install espeak-ng ffmpeg)", file=sys.stderr
        )
        return 1
    one = make_speech_track(args.folder, args.lufs, args.format, args.channels, args.rate)
    repeat = max(1, round(args.minutes * 60 / one.duration)) if args.minutes else 1
    track = make_speech_track(args.folder, args.lufs, args.format, args.channels, args.rate, repeat)
    print(f"{track.path}\n{track.measured_lufs:.2f} LUFS (ebur128), {track.duration:.2f} s")
    for start, end in track.silences:
        print(f"pause {start:8.3f} - {end:8.3f} ({end - start:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
