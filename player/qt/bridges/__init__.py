"""Adapters from plain-Python services (callbacks, worker threads) to Qt signals."""
