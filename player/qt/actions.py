"""Every command of the window as a named action with a default shortcut.

One table drives the menus, the toolbar, the keyboard shortcuts, the "Keyboard shortcuts" help
window and the shortcut settings: adding a command here makes it appear everywhere. Listener
overrides are stored in the settings under ``ui.shortcuts`` (name -> key sequence text).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from player import APP_DISPLAY_NAME
from player.i18n import N_, _
from player.qt.icons import icon


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """A command: stable name, menu text, default shortcut, extra fixed keys, icon."""

    name: str
    text: str
    shortcut: str = ""
    media_keys: tuple[Qt.Key, ...] = ()
    icon: str = ""
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut

    @property
    def label(self) -> str:
        """The menu text in the current language (``text`` is the English msgid)."""
        return _(self.text).format(app=APP_DISPLAY_NAME)


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("play_pause", N_("Play/Pause"), "Space",
               (Qt.Key.Key_MediaTogglePlayPause, Qt.Key.Key_MediaPlay, Qt.Key.Key_MediaPause),
               "media-playback-start"),
    ActionSpec("stop", N_("Stop"), "", (Qt.Key.Key_MediaStop,), "media-playback-stop"),
    ActionSpec("skip_back", N_("Skip back"), "Left", (), "media-seek-backward"),
    ActionSpec("skip_forward", N_("Skip forward"), "Right", (), "media-seek-forward"),
    ActionSpec("previous_chapter", N_("Previous chapter"), "Shift+Left", (), "media-skip-backward"),
    ActionSpec("next_chapter", N_("Next chapter"), "Shift+Right", (), "media-skip-forward"),
    ActionSpec("slower", N_("Slower"), "["),
    ActionSpec("faster", N_("Faster"), "]"),
    ActionSpec("next_in_queue", N_("Next in queue"), "N", (Qt.Key.Key_MediaNext,)),
    ActionSpec("previous_in_queue", N_("Restart / previous"), "", (Qt.Key.Key_MediaPrevious,)),
    ActionSpec("mute", N_("Mute"), "M", (), "audio-volume-muted"),
    ActionSpec("bookmark", N_("Bookmark this moment"), "B", (), "bookmark-new"),
    ActionSpec("search", N_("Search episodes"), "Ctrl+F"),
    ActionSpec("downloads", N_("Downloads"), "Ctrl+J"),
    ActionSpec("statistics", N_("Listening statistics"), "Ctrl+I"),
    ActionSpec("bookmarks", N_("Bookmarks"), "Ctrl+B"),
    ActionSpec("add_podcast", N_("Add podcast…"), "Ctrl+N", (), "list-add"),
    ActionSpec("discover", N_("Discover podcasts…"), "Ctrl+D"),
    ActionSpec("new_playlist", N_("New Smart Playlist…")),
    ActionSpec("refresh", N_("Refresh all"), "Ctrl+R", (), "view-refresh"),
    ActionSpec("cancel_refresh", N_("Cancel refresh"), "", (), "process-stop"),
    ActionSpec("sync_now", N_("Sync now")),
    ActionSpec("import_opml", N_("Import subscriptions (OPML)…")),
    ActionSpec("export_opml", N_("Export subscriptions (OPML)…"), "", (), "document-save"),
    ActionSpec("remove_from_queue", N_("Remove from queue"), "Delete", (), "edit-delete",
               Qt.ShortcutContext.WidgetWithChildrenShortcut),
    ActionSpec("undo", N_("Undo"), "Ctrl+Z"),
    ActionSpec("settings", N_("Settings…"), "Ctrl+,"),
    ActionSpec("shortcuts_help", N_("Keyboard shortcuts"), "F1"),
    ActionSpec("about", N_("About {app}"), "", (), "help-about"),
    ActionSpec("quit", N_("Quit"), "Ctrl+Q"),
)  # fmt: skip


def shortcut_for(spec: ActionSpec, overrides: Mapping[str, str]) -> str:
    """The listener's shortcut for a command, else its default."""
    return overrides.get(spec.name, spec.shortcut)


class ActionRegistry:
    """The window's QActions by name, with shortcuts applied from defaults and overrides."""

    def __init__(self, owner: QWidget, overrides: Mapping[str, str] | None = None) -> None:
        self.owner = owner
        self.actions: dict[str, QAction] = {}
        for spec in SPECS:
            action = QAction(spec.label, owner)
            action.setObjectName(f"action_{spec.name}")
            if spec.icon:
                action.setIcon(icon(spec.icon))
            action.setShortcutContext(spec.context)
            self.actions[spec.name] = action
            if spec.context is Qt.ShortcutContext.WindowShortcut:
                owner.addAction(action)
        self.apply(overrides or {})

    def apply(self, overrides: Mapping[str, str]) -> None:
        """Set every action's shortcuts: the configurable one first, then fixed media keys."""
        for spec in SPECS:
            keys = []
            chosen = shortcut_for(spec, overrides)
            if chosen:
                keys.append(QKeySequence(chosen))
            keys.extend(QKeySequence(key) for key in spec.media_keys)
            self.actions[spec.name].setShortcuts(keys)

    def connect(self, name: str, slot: Callable[[], object]) -> None:
        """Run ``slot`` when the action triggers (its checked flag is not passed on)."""
        self.actions[name].triggered.connect(lambda _checked=False: slot())

    def __getitem__(self, name: str) -> QAction:
        return self.actions[name]


def describe(overrides: Mapping[str, str]) -> list[tuple[str, str]]:
    """(command, keys) rows for the help window, keys in the platform's native text."""
    rows = []
    for spec in SPECS:
        keys = (
            [QKeySequence(shortcut_for(spec, overrides))] if shortcut_for(spec, overrides) else []
        )
        keys += [QKeySequence(k) for k in spec.media_keys]
        text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys if k)
        rows.append((spec.label, text))
    return rows
