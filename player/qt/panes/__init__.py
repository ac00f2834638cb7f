"""The three panes of the main window: library, queue, now playing."""
