"""Clients for the sync servers listeners use: gpodder.net API v2 and Nextcloud gPodder Sync.

This layer only speaks HTTP and the servers' dialects; it knows nothing of the store. The
engine that records local changes and merges remote ones is ``player.services.account_sync``.
"""
