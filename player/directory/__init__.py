"""Podcast directories (iTunes, Podcast Index, fyyd, gpodder.net): search and charts, merged.

No Qt and no storage here: a provider turns one HTTP answer into ``DirectoryResult``s, and
``search.py`` asks every enabled provider in parallel and merges what comes back. The services
layer (``player.services.discover``) adds credentials, the disk cache and "already subscribed".
"""
