"""The Qt GUI: the only package that imports PySide6. It adapts the services; it owns no logic
that the command line would also need."""
