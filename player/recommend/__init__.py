"""The "up next" scorer: signals from the listener's own history, a score, a reason.

Pure logic over :mod:`player.domain` records; the service in ``player.services.up_next`` loads
the inputs from the store. Nothing here touches a file, the network or the clock.
"""

from player.recommend.facts import Candidate, EpisodeFacts, Listen, Moment, Show
from player.recommend.profile import Profile, build_profile
from player.recommend.suggest import suggest

__all__ = [
    "Candidate",
    "EpisodeFacts",
    "Listen",
    "Moment",
    "Profile",
    "Show",
    "build_profile",
    "suggest",
]
