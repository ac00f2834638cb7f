"""Run ``podcast-player`` with libVLC writing what the listener would hear to a WAV file.

    python -m tests.support.play_to_wav OUT.wav --data-dir D play ID --aout afile --json ...

libVLC's ``afile`` audio output writes the samples after every filter (gain, compressor, the
speed's time stretch) at the pace they would be played. Its file name is an *instance* option,
and a process has one libVLC instance, so each played-output scenario is its own process: this
script starts the shared instance with the file options, then runs the real command line. The
samples are 32-bit float, so a sample past full scale shows as more than 1.0 (s16 would hide
clipping by saturating), mono at 44.1 kHz.
"""

from __future__ import annotations

import sys

from player.cli.main import main
from player.playback.vlc_engine import shared_instance


def run(argv: list[str]) -> int:
    """``argv``: the WAV path, then the command line (which must pass ``--aout afile``)."""
    wav, command = argv[0], argv[1:]
    shared_instance(
        aout="afile",
        extra=(
            f"--audiofile-file={wav}",
            "--audiofile-format=float32",
            "--audiofile-channels=1",
            "--audiofile-wav",
        ),
    )
    return main(command)


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
