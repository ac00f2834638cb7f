"""Controllers: what happens when the listener asks for something in a pane."""
