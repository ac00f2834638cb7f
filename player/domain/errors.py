"""Errors the user may see. Each carries one readable sentence in ``str(error)``."""


class PlayerError(Exception):
    """Base of every error the application reports to the listener."""


class StoreError(PlayerError):
    """The database cannot be opened, migrated or written."""


class AbandonedError(StoreError):
    """A read stopped because its answer was no longer wanted (a search typed past)."""


class NotFoundError(PlayerError):
    """A podcast, episode or other record asked for by id does not exist."""


class FeedError(PlayerError):
    """A feed could not be fetched or parsed; subclasses say why (see ``player.feeds``)."""


class PlaybackError(PlayerError):
    """Media could not be played: missing libVLC, missing file, undecodable data..."""
