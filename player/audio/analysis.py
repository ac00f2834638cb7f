"""Analyse an audio file: EBU R128 loudness, true peak and the silent ranges, in one decode.

How. One ``ffmpeg`` process (the Debian package) decodes the first audio stream to 32-bit
float and, in the same filter graph, applies the ITU-R BS.1770 K-weighting (its two biquads,
with coefficients computed here for the file's sample rate, in double precision); it writes the
raw and the K-weighted channels side by side to a pipe. NumPy then reduces that stream to 10 ms
frames: the K-weighted energy (channels summed, weight 1 for left and right) and the sample
peak. Everything else works on those frames, about 360,000 numbers per hour of audio:

- integrated loudness: 400 ms blocks with 75 % overlap, the absolute gate at -70 LUFS and the
  relative gate 10 LU below the loudness of the blocks above it (BS.1770-4 section 2.8);
- true peak: 4x oversampling with a 16-tap-per-phase Kaiser-windowed sinc interpolator (close
  to BS.1770 Annex 2's 12-tap filter; ffmpeg's ``ebur128`` resamples to 192 kHz instead). Only
  frames whose sample peak could still beat the highest true peak found so far are
  oversampled: an interpolated sample is at most :data:`_BOUND` times the largest sample under
  the filter, so the skipped frames cannot hold the peak and the result is exact for this
  filter at a fraction of the cost;
- speech level: the median loudness of the 400 ms blocks that pass both gates, i.e. of the
  blocks in which someone is talking;
- silences: runs of 10 ms frames whose loudness is more than :data:`SILENCE_BELOW_SPEECH` dB
  under the speech level, kept when at least :data:`~player.domain.audio.SHORTEST_SILENCE`
  long. Relative to the episode's own speech, so a quiet recording and a loud one trim alike
  and a noisy room is not mistaken for speech.

Why ffmpeg in a subprocess rather than PyAV: decoding and filtering happen in another process,
on the second core, while NumPy (which releases the GIL in its array loops) reduces the frames
here, so the GUI thread and the interpreter are never held; there is no binary wheel of FFmpeg
libraries to add (ffmpeg is already needed by the tests and the demo build); and the decode
runs at over 1,000x real time for an MP3 on this machine (``bench/bench_audio.py``), so the
pipe costs little. Why NumPy: the frame reduction is 100 million multiply-adds an hour, which
plain Python cannot do at 100x real time.

Inputs with more than two channels are down-mixed to stereo first (an approximation of
BS.1770's surround weights; podcasts are mono or stereo). Rates that are not a multiple of
100 Hz (22,050 Hz MP3s) are resampled to 48 kHz, so frames and blocks hold whole samples.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import queue
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from player.domain.audio import SHORTEST_SILENCE, AudioAnalysis
from player.domain.errors import PlayerError
from player.i18n import _

ANALYSER = "r128-frames/1"
"""Name and version of this analyser; a stored analysis made by another one is re-run."""

FRAME_SECONDS = 0.01
"""Resolution of the silence ranges and the unit of every reduction."""

SILENCE_BELOW_SPEECH = 30.0
"""A frame this many dB under the speech level is silent: room tone and breaths of a close
microphone sit 30-50 dB under speech, the quiet ends of words within 20 dB."""

ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
BLOCK_FRAMES = 40
"""400 ms gating blocks..."""
HOP_FRAMES = 10
"""... every 100 ms (75 % overlap)."""

_TAPS = 16
_OVERSAMPLE = 4
_CHUNK_SECONDS = 4.0


class AudioAnalysisError(PlayerError):
    """A file could not be analysed: not audio, no audio stream, unreadable, or no ffmpeg."""


FloatArray = npt.NDArray[np.float64]


def _interpolator() -> tuple[FloatArray, float]:
    """Polyphase 4x interpolation taps, shape (phases, _TAPS), and their worst-case gain."""
    beta = 8.0
    half = _TAPS // 2
    offsets = np.arange(-half + 1, half + 1, dtype=np.float64)  # taps at x[i + k]
    phases = []
    for p in range(_OVERSAMPLE):
        d = offsets - p / _OVERSAMPLE
        window = np.i0(beta * np.sqrt(np.clip(1.0 - (d / (half + 1)) ** 2, 0.0, 1.0)))
        phases.append(np.sinc(d) * window / np.i0(beta))
    taps = np.array(phases)
    return taps, float(np.abs(taps).sum(axis=1).max())


_PHASES, _BOUND = _interpolator()
_BEFORE = _TAPS // 2 - 1
"""Samples of context the interpolator needs before a position (and _TAPS // 2 after)."""
_AFTER = _TAPS // 2


def k_weighting(rate: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The two K-weighting biquads (b0, b1, b2, a1, a2) for ``rate``: the high-shelf
    "pre-filter" and the RLB high-pass, from their analogue definitions (as libebur128 does,
    so any sample rate works; at 48 kHz they equal BS.1770's published coefficients)."""
    f0, gain, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10.0 ** (gain / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf = (
        (vh + vb * k / q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / q + k * k) / a0,
    )
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1.0 + k / q + k * k
    highpass = (1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0)
    return shelf, highpass


@dataclass(frozen=True)
class _Stream:
    rate: int
    channels: int


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise AudioAnalysisError(
            _(
                "{name} is not installed; audio analysis needs it (Debian: apt install ffmpeg)."
            ).format(name=name)
        )
    return path


def _probe(path: Path) -> _Stream:
    """Rate and channel count of the first audio stream (ffprobe)."""
    command = [
        _tool("ffprobe"), "-v", "error", "-select_streams", "a:0", "-show_entries",
        "stream=sample_rate,channels", "-of", "json", str(path),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0:
        raise AudioAnalysisError(
            _("{name} cannot be analysed: {value}.").format(
                name=path.name, value=_last_line(result.stderr) or "not a media file"
            )
        )
    streams = json.loads(result.stdout or "{}").get("streams") or []
    if not streams:
        raise AudioAnalysisError(
            _("{name} cannot be analysed: it has no audio.").format(name=path.name)
        )
    try:
        rate, channels = int(streams[0]["sample_rate"]), int(streams[0]["channels"])
    except (KeyError, ValueError) as exc:
        raise AudioAnalysisError(
            _("{name} cannot be analysed: no sample rate.").format(name=path.name)
        ) from exc
    if rate <= 0 or channels <= 0:
        raise AudioAnalysisError(
            _("{name} cannot be analysed: it has no audio.").format(name=path.name)
        )
    return _Stream(rate=rate, channels=channels)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _graph(rate: int, channels: int, out_rate: int) -> str:
    """The filter graph: float, mono or stereo, the right rate, then raw | K-weighted."""
    layout = "mono" if channels == 1 else "stereo"
    steps = [f"aresample={out_rate}"] if out_rate != rate else []
    steps.append(f"aformat=sample_fmts=flt:channel_layouts={layout}")
    shelf, highpass = k_weighting(out_rate)
    biquads = ",".join(
        f"biquad=b0={b0!r}:b1={b1!r}:b2={b2!r}:a0=1:a1={a1!r}:a2={a2!r}:precision=f64"
        for b0, b1, b2, a1, a2 in (shelf, highpass)
    )
    return (
        f"[0:a:0]{','.join(steps)},asplit=2[raw][k];"
        f"[k]{biquads},aformat=sample_fmts=flt:channel_layouts={layout}[kw];"
        "[raw][kw]amerge=inputs=2[out]"
    )


class _Reducer:
    """Turns the decoded stream into per-frame energies and peaks, and the true peak."""

    def __init__(self, rate: int, channels: int) -> None:
        self.rate = rate
        self.channels = channels
        self.frame = rate // 100
        self.sub = _stretch(self.frame)
        self.energies: list[FloatArray] = []
        self.true_peak = 0.0
        self.samples = 0
        self._pending = np.zeros((0, 2 * channels), dtype=np.float32)
        self._history = np.zeros((_BEFORE, channels), dtype=np.float32)

    def feed(self, data: bytes) -> None:
        """Add decoded bytes (interleaved float32: raw channels, then K-weighted ones)."""
        block = np.frombuffer(data, dtype=np.float32).reshape(-1, 2 * self.channels)
        if len(self._pending):
            block = np.concatenate([self._pending, block])
        # Keep the last frame (and any part-frame) back: its true peak needs what follows.
        whole = (len(block) // self.frame - 1) * self.frame
        if whole <= 0:
            self._pending = block
            return
        self._pending = block[whole:]
        self._reduce(block[:whole], block[whole : whole + _AFTER, : self.channels])

    def finish(self) -> None:
        """Reduce what is left, the last part-frame padded with silence."""
        block = self._pending
        self._pending = np.zeros((0, 2 * self.channels), dtype=np.float32)
        if not len(block):
            return
        short = -len(block) % self.frame
        tail = len(block)
        if short:
            block = np.concatenate([block, np.zeros((short, 2 * self.channels), np.float32)])
        self._reduce(block, np.zeros((0, self.channels), np.float32), real=tail)

    def _reduce(self, block: npt.NDArray[np.float32], after: npt.NDArray[np.float32],
                real: int | None = None) -> None:  # fmt: skip
        c = self.channels
        n = len(block) // self.frame
        weighted = block[:, c:]
        # float32 sums of a frame's ~500 squares lose under 1e-4 dB; frames then add in float64
        energy = np.einsum("ij,ij->i", weighted, weighted).reshape(n, self.frame).sum(axis=1)
        self.energies.append(energy.astype(np.float64))
        raw = block[:, :c]
        self._peaks(raw, after)
        self._history = np.concatenate([self._history, raw])[-_BEFORE:]
        self.samples += len(block) if real is None else real

    def _peaks(self, raw: npt.NDArray[np.float32], after: npt.NDArray[np.float32]) -> None:
        """Raise ``true_peak`` with the oversampled peak of every stretch that could beat it.

        Stretches are about a millisecond (``self.sub`` samples): speech peaks are sparse, so
        few stretches come within :data:`_BOUND` of the peak, and only those are oversampled.
        """
        sub = self.sub
        n = len(raw) // sub
        peaks = np.abs(raw).reshape(n, sub * self.channels).max(axis=1)
        self.true_peak = max(self.true_peak, float(peaks.max()))
        # An interpolated value near a stretch's edge also sees its neighbours' samples.
        reach = peaks.copy()
        reach[1:] = np.maximum(reach[1:], peaks[:-1])
        reach[:-1] = np.maximum(reach[:-1], peaks[1:])
        reach[0] = max(reach[0], float(np.abs(self._history).max()))
        if len(after):
            reach[-1] = max(reach[-1], float(np.abs(after).max()))
        candidates = np.flatnonzero(reach * _BOUND > self.true_peak)
        if not len(candidates):
            return
        pad_after = np.zeros((_AFTER, self.channels), np.float32)
        pad_after[: len(after)] = after
        context = np.concatenate([self._history, raw, pad_after])
        # Window of stretch i: samples [i*sub - _BEFORE, (i+1)*sub + _AFTER) of raw.
        offsets = np.arange(sub + _BEFORE + _AFTER)
        windows = context[candidates[:, None] * sub + offsets[None, :]]  # (m, w, channels)
        best = 0.0
        for taps in _PHASES[1:]:  # phase 0 is the samples themselves
            value = np.zeros((len(candidates), sub, self.channels), np.float32)
            for j, tap in enumerate(taps.astype(np.float32)):
                value += tap * windows[:, j : j + sub]
            best = max(best, float(np.abs(value).max()))
        self.true_peak = max(self.true_peak, best)


def _stretch(frame: int) -> int:
    """The largest divisor of ``frame`` up to 64 samples: the unit of the true-peak search."""
    return max(d for d in range(1, min(frame, 64) + 1) if frame % d == 0)


def analyse_file(path: Path) -> AudioAnalysis:
    """Analyse the downloaded episode at ``path``; raises :class:`AudioAnalysisError` when it
    is not decodable audio (nothing is half-measured: the caller stores only a result)."""
    if not path.is_file():
        raise AudioAnalysisError(
            _("{path} cannot be analysed: the file is not there.").format(path=path)
        )
    stream = _probe(path)
    rate = stream.rate if stream.rate % 100 == 0 else 48000
    channels = 1 if stream.channels == 1 else 2
    reducer = _Reducer(rate, channels)
    command = [
        # One filter thread: the biquads' slice threading costs more than it gains here.
        _tool("ffmpeg"), "-nostdin", "-hide_banner", "-v", "error",
        "-filter_complex_threads", "1", "-i", str(path),
        "-filter_complex", _graph(stream.rate, stream.channels, rate), "-map", "[out]",
        "-f", "f32le", "-c:a", "pcm_f32le", "pipe:1",
    ]  # fmt: skip
    chunk = int(_CHUNK_SECONDS * rate) * 2 * channels * 4
    with tempfile.TemporaryFile() as errors:  # a file, so a chatty ffmpeg never blocks
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors)
        try:
            _pump(process, reducer, chunk)
        finally:
            if process.stdout is not None:
                process.stdout.close()
            code = process.wait()
        errors.seek(0)
        message = _last_line(errors.read().decode("utf-8", "replace"))
    if code != 0:
        raise AudioAnalysisError(
            _("{name} cannot be analysed: {value}.").format(
                name=path.name, value=message or "decode failed"
            )
        )
    reducer.finish()
    if reducer.samples == 0:
        raise AudioAnalysisError(
            _("{name} cannot be analysed: it holds no audio samples.").format(name=path.name)
        )
    return summarise(reducer, source="download")


def _pump(process: subprocess.Popen[bytes], reducer: _Reducer, chunk: int) -> None:
    """Feed the reducer from the pipe; a reader thread keeps ffmpeg decoding while NumPy
    reduces the previous chunk (both sides then use their own core)."""
    pipe = process.stdout
    if pipe is None:
        return
    _widen(pipe)
    chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=4)

    def read() -> None:
        try:
            while data := pipe.read(chunk):
                chunks.put(data)
            chunks.put(b"")
        except BaseException as exc:  # handed to the consumer, which raises it
            chunks.put(exc)

    reader = threading.Thread(target=read, name="audio-analysis-read", daemon=True)
    reader.start()
    align = 8 * reducer.channels  # one sample frame: raw and weighted channels, 4 bytes each
    rest = b""
    finished = False
    try:
        while True:
            item = chunks.get()
            if isinstance(item, BaseException):
                raise item
            if not item:
                finished = True
                break
            data = rest + item
            cut = len(data) - len(data) % align
            rest = data[cut:]
            if cut:
                reducer.feed(data[:cut])
    finally:
        if not finished:
            process.kill()  # the reader then meets the end of the pipe
        while reader.is_alive():  # it may wait on a full queue: make room until it ends
            with contextlib.suppress(queue.Empty):
                chunks.get(timeout=0.05)


def _widen(pipe: IO[bytes]) -> None:
    """Ask Linux for a 1 MiB pipe buffer: fewer wake-ups, more decoding ahead."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)


def summarise(reducer: _Reducer, source: str) -> AudioAnalysis:
    """Loudness, speech level and silences from the reduced frames."""
    energy = np.concatenate(reducer.energies) if reducer.energies else np.zeros(0)
    frame = reducer.frame
    duration = reducer.samples / reducer.rate
    loudness, speech_level = _loudness(energy, frame)
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10.0 * np.log10(energy / frame)
    if speech_level is None:
        silent = np.ones(len(energy), dtype=bool)
    else:
        silent = levels < speech_level - SILENCE_BELOW_SPEECH
    silences = _runs(silent, duration)
    speech_frames = int(np.count_nonzero(~silent))
    peak = reducer.true_peak
    return AudioAnalysis(
        analyser=ANALYSER,
        source="stream" if source == "stream" else "download",
        duration=duration,
        loudness_lufs=None if loudness is None else round(loudness, 2),
        true_peak_dbtp=round(20.0 * math.log10(peak), 2) if peak > 0 and loudness else None,
        speech_level=None if speech_level is None else round(speech_level, 2),
        speech_seconds=round(min(duration, speech_frames * FRAME_SECONDS), 3),
        silences=silences,
        analysed_upto=duration,
    )


def _loudness(energy: FloatArray, frame: int) -> tuple[float | None, float | None]:
    """(integrated loudness, speech level) in LUFS, None when every block is under -70."""
    hops = len(energy) // HOP_FRAMES
    if hops < BLOCK_FRAMES // HOP_FRAMES:
        # Shorter than one block: treat the whole as a single block.
        blocks = np.array([energy.sum() / max(1, len(energy) * frame)])
    else:
        sub = energy[: hops * HOP_FRAMES].reshape(hops, HOP_FRAMES).sum(axis=1)
        per = BLOCK_FRAMES // HOP_FRAMES
        sums = np.convolve(sub, np.ones(per), mode="valid")
        blocks = sums / (BLOCK_FRAMES * frame)
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(blocks)
    above = blocks[block_lufs > ABSOLUTE_GATE]
    if not len(above):
        return None, None
    relative = -0.691 + 10.0 * math.log10(float(above.mean())) + RELATIVE_GATE
    gated_mask = (block_lufs > ABSOLUTE_GATE) & (block_lufs > relative)
    gated = blocks[gated_mask]
    integrated = -0.691 + 10.0 * math.log10(float(gated.mean()))
    speech = float(np.median(block_lufs[gated_mask]))
    return integrated, speech


def _runs(silent: npt.NDArray[np.bool_], duration: float) -> tuple[tuple[float, float], ...]:
    """The runs of silent frames at least SHORTEST_SILENCE long, as (start, end) seconds."""
    if not len(silent):
        return ()
    edges = np.diff(np.concatenate([[False], silent, [False]]).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    out = []
    for s, e in zip(starts, ends, strict=True):
        start = round(int(s) * FRAME_SECONDS, 3)
        end = round(duration if e == len(silent) else min(duration, int(e) * FRAME_SECONDS), 3)
        if end - start >= SHORTEST_SILENCE - 1e-9:
            out.append((start, end))
    return tuple(out)
