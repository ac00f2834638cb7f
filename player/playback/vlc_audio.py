"""Per-episode audio filters (gain, compressor) inside libVLC 3, which its public API cannot set.

What libVLC 3.0 offers, measured on this machine (libVLC 3.0.24, ``afile`` output, see
docs/PLAYBACK.md "Smart audio"):

- ``:audio-filter=gain`` / ``:gain-value=`` as *media* options: no effect. Media options are
  variables of the input thread, and the audio output is not its child but the media
  player's.
- ``--audio-filter=...`` as an *instance* option: no effect either. ``libvlc_media_player_new``
  creates its own ``audio-filter`` variable without inheritance, so the output sees "".
- ``audio_set_volume``: applied by the output module (PulseAudio's stream volume), so it never
  reaches the samples (the ``afile`` output ignores it); and it is the listener's volume.
- the equalizer API (``libvlc_media_player_set_equalizer``) does reach the samples, but its
  pre-amplifier spans only -32..+8 dB (the filter scales its input by 1/4) and it replaces the
  output's filter list with just ``equalizer``: no compressor beside it.

What works: the media player's audio output object (a child of the player, made with it)
carries the variables its filters read: ``audio-filter`` (a callback rebuilds the filter chain
when it changes), ``gain-value`` (the gain filter's factor) and ``compressor-*``. libVLC's own
equalizer call sets them the same way. They are set here through libvlccore's exported variable
functions (``var_Create``, ``var_SetChecked``, ``vlc_list_children``), with ctypes. A libVLC
that lacks them (another major version, a build without the symbols) makes :func:`audio_hook`
return None, and the engine says smart audio is unavailable rather than guessing.

Everything here runs on the owner thread, like every other libVLC call.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import struct
import sys
from dataclasses import dataclass
from typing import Any

from player.domain.audio_effects import VOICE_BOOST_COMPRESSOR, AudioEffects

log = logging.getLogger(__name__)

VLC_VAR_STRING = 0x0040
VLC_VAR_FLOAT = 0x0050
AUDIO_OUTPUT = b"audio output"  # the object type libVLC gives the audio output


class _List(ctypes.Structure):
    """libVLC 3.0's ``vlc_list_t``."""

    _fields_ = (
        ("i_type", ctypes.c_int),
        ("i_count", ctypes.c_int),
        ("p_values", ctypes.POINTER(ctypes.c_void_p)),
    )


@dataclass(frozen=True)
class _Core:
    """The libvlccore functions used, typed."""

    lib: Any

    def children(self, obj: int) -> list[tuple[int, bytes]]:
        """An object's children and their type names ("audio output", "input"...)."""
        handle = self.lib.vlc_list_children(obj)
        if not handle:
            return []
        try:
            listing = ctypes.cast(handle, ctypes.POINTER(_List)).contents
            found = []
            for i in range(max(0, listing.i_count)):
                child = listing.p_values[i]
                if child:
                    # Every libVLC object starts with a pointer to its type name.
                    name = ctypes.cast(child, ctypes.POINTER(ctypes.c_char_p))[0] or b""
                    found.append((int(child), name))
            return found
        finally:
            self.lib.vlc_list_release(handle)

    def set_float(self, obj: int, name: str, value: float) -> bool:
        # vlc_value_t is an 8-byte union passed in one integer register: a float goes in its
        # low 32 bits (ctypes cannot pass a union by value).
        key = name.encode()
        self.lib.var_Create(obj, key, VLC_VAR_FLOAT)
        bits = struct.unpack("<I", struct.pack("<f", float(value)))[0]
        return int(self.lib.var_SetChecked(obj, key, VLC_VAR_FLOAT, bits)) == 0

    def set_string(self, obj: int, name: str, value: str) -> bool:
        key = name.encode()
        self.lib.var_Create(obj, key, VLC_VAR_STRING)
        text = ctypes.create_string_buffer(value.encode())  # libVLC copies it
        address = ctypes.cast(text, ctypes.c_void_p).value or 0
        return int(self.lib.var_SetChecked(obj, key, VLC_VAR_STRING, address)) == 0


def _library_names() -> list[str]:
    if sys.platform.startswith("win"):
        return ["libvlccore.dll"]
    if sys.platform == "darwin":
        return ["libvlccore.dylib", "libvlccore.9.dylib"]
    found = ctypes.util.find_library("vlccore")
    return [name for name in ("libvlccore.so.9", found) if name]


@functools.cache
def _core() -> _Core | None:
    if struct.calcsize("P") != 8:
        return None  # the union-in-a-register call below assumes a 64-bit ABI
    for name in _library_names():
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            lib.vlc_list_children.restype = ctypes.c_void_p
            lib.vlc_list_children.argtypes = (ctypes.c_void_p,)
            lib.vlc_list_release.argtypes = (ctypes.c_void_p,)
            lib.var_Create.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
            lib.var_SetChecked.argtypes = (
                ctypes.c_void_p,
                ctypes.c_char_p,
                ctypes.c_int,
                ctypes.c_int64,
            )
        except AttributeError:
            log.info("%s lacks the variable functions: no per-episode audio filters", name)
            return None
        return _Core(lib)
    return None


class AudioHook:
    """Sets one media player's audio filters; made by :func:`audio_hook`."""

    def __init__(self, core: _Core, player: int) -> None:
        self._core = core
        self._player = player

    def apply(self, effects: AudioEffects) -> bool:
        """Give the audio output ``effects``; from the next decoded block (libVLC rebuilds the
        filter chain when ``audio-filter`` changes). False when libVLC refused a variable."""
        core = self._core
        # Looked up each time (a cheap walk of the player's few children), so a libVLC that
        # replaced its output object is still reached.
        outputs = [child for child, kind in core.children(self._player) if kind == AUDIO_OUTPUT]
        if len(outputs) != 1:
            return False
        output = outputs[0]
        ok = core.set_float(output, "gain-value", effects.gain_factor)
        for name, value in VOICE_BOOST_COMPRESSOR.items():
            ok = core.set_float(output, f"compressor-{name}", value) and ok
        return core.set_string(output, "audio-filter", effects.filter_chain) and ok


def audio_hook(player: Any) -> AudioHook | None:
    """The hook for a ``vlc.MediaPlayer``'s audio output, or None when this libVLC has no way."""
    core = _core()
    if core is None:
        return None
    pointer = ctypes.cast(player._as_parameter_, ctypes.c_void_p).value
    if not pointer:
        return None
    if not any(kind == AUDIO_OUTPUT for _child, kind in core.children(pointer)):
        log.info("no audio output under the media player: no per-episode audio filters")
        return None
    return AudioHook(core, pointer)
