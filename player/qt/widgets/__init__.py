"""Reusable widgets of the window (seek slider, cover labels, delegates)."""
