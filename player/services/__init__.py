"""Use cases over the core: plain Python, no Qt, tested without a display."""
