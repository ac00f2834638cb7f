"""Dialogs: add podcast, podcast settings, keyboard shortcuts, settings."""
