"""Playback: an engine interface, the libVLC engine, and chapters read from media files."""
