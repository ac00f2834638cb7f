"""Audio analysis in the core: loudness, true peak and silent ranges of an episode (no Qt)."""
