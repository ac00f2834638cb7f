"""Every user-visible string is marked for translation, and every catalogue is complete.

The scan reads the source (AST), so it needs no display: in ``player/qt`` a literal passed to
the calls that put text on screen (``setText``, ``QAction``, ``QMessageBox.warning``...) must be
wrapped in ``_()``/``N_()``/``ngettext()``; outside Qt the same holds for the constructors of
the errors the listener reads (every :class:`~player.domain.errors.PlayerError` subclass) and
for the command line's human output (``print``, ``note``, ``print_table``). Literals without
words (``"–"``, ``"×"``, ``"0:00"``, markup around a placeholder) need nothing.

The catalogue checks run ``scripts/i18n.py``'s own: a ``.po`` per language covering 100 % of the
extracted messages, none fuzzy or empty, the committed ``.mo`` equal to a fresh compile, and
placeholders in every translation the same as in its msgid.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "player"

QT_CALLS = frozenset({
    "setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "QAction", "addAction",
    "QLabel", "QPushButton", "addMenu", "setStatusTip", "QCheckBox", "QRadioButton",
    "QGroupBox", "setTitle", "addTab", "addRow", "QToolButton", "showMessage", "addItem",
    "setAccessibleName", "setLabelText", "QMenu", "setWhatsThis", "setItemText", "insertItem",
    "setInformativeText", "setDetailedText", "setSuffix", "setPrefix", "setSpecialValueText",
    "getOpenFileName", "getSaveFileName", "getExistingDirectory", "getText", "getItem",
    "setTabText", "setHeaderLabels", "setNameFilter", "addSection", "insertTab", "addButton",
    "setTabToolTip", "QToolBar",
    # the window's own helpers that put their text arguments on screen
    "show_message", "_tool", "_run", "_failed", "_button", "_card_text", "Indication", "_box",
    "BarChart", "ShowChart", "HeatmapChart", "section_header", "_header", "_field", "_ask_name",
    "_say", "_action", "_spin", "failed", "_queue", "show_notes",
})  # fmt: skip
"""Calls whose string arguments reach the screen (an object name or icon name passed beside
the text is one word without spaces in lower camel case, which :func:`has_words` skips)."""
MESSAGE_BOX = frozenset({"information", "warning", "critical", "question", "about"})
CLI_CALLS = frozenset({"print", "note", "print_table"})
MARKERS = frozenset({"_", "N_", "ngettext"})
ALLOWED = frozenset({
    "fyyd", "gpodder.net", "Podcast Index", "Apple Podcasts", "libVLC", "OPML", "JSON",
    "Nextcloud", "MPRIS",
})  # fmt: skip
"""Names that read the same in every language (brands, formats): no need to mark them."""


IDENTIFIER = re.compile(r"[a-z][A-Za-z0-9]*(?:[-.][a-z0-9]+)*")
"""``queuePlayNow``, ``media-playback-start``: object and icon names, never shown."""


def has_words(text: str) -> bool:
    """Whether a literal holds something to translate (a placeholder or markup does not)."""
    if IDENTIFIER.fullmatch(text):
        return False
    text = re.sub(r"\{[^{}]*\}", "", text)
    text = re.sub(r"<[^<>]*>|&\w+;|%\w", "", text)
    return text.strip() not in ALLOWED and re.search(r"[^\W\d_]{2,}", text) is not None


def _texts(node: ast.expr) -> list[ast.expr]:
    """The literal pieces an argument is made of (both sides of ``a if c else b``, lists)."""
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):
        return [piece for element in node.elts for piece in _texts(element)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _texts(node.left) + _texts(node.right)
    return [node]


def _unmarked(node: ast.expr) -> str | None:
    """The text of an unmarked literal argument, None when it is marked or wordless."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return text if has_words(text) else None
    return None


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _player_errors() -> set[str]:
    """Names of every PlayerError subclass in the package (the errors people read)."""
    bases: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [_name(b) for b in node.bases]

    def is_player_error(name: str, seen: frozenset[str] = frozenset()) -> bool:
        return name == "PlayerError" or any(
            is_player_error(b, seen | {name}) for b in bases.get(name, []) if b not in seen
        )

    return {name for name in bases if is_player_error(name)} | {"InvalidArgument"}


def unmarked_strings(source: str, calls: frozenset[str], boxes: bool = False) -> list[str]:
    """``line: text`` of each user-visible literal in ``source`` passed to ``calls`` unmarked."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        box = boxes and name in MESSAGE_BOX and "QMessageBox" in ast.unparse(node.func)
        if name not in calls and not box:
            continue
        arguments = [*node.args, *(k.value for k in node.keywords if k.arg != "objectName")]
        for argument in arguments:
            for piece in _texts(argument):
                text = _unmarked(piece)
                if text is not None:
                    found.append(f"{piece.lineno}: {text!r}")
    return found


def module_level_translations(source: str) -> list[str]:
    """``_()`` calls run at import: they would freeze the language of that moment."""
    tree = ast.parse(source)
    found = []
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Lambda | ast.FunctionDef):
                break
            if isinstance(node, ast.Call) and _name(node.func) in ("_", "ngettext"):
                found.append(f"{node.lineno}: {ast.unparse(node)[:60]}")
    return found


def _sources(*parts: str) -> list[Path]:
    return sorted(p for part in parts for p in (PACKAGE / part).rglob("*.py"))


def test_the_scan_finds_an_unmarked_label() -> None:
    """The scan itself: what it must flag, and what it must leave alone."""
    source = (
        "label = QLabel('Nothing playing')\n"
        "button.setToolTip(f'Play {title}')\n"
        "box.setText(_('Done') if ok else 'Failed')\n"
        "QMessageBox.warning(self, _('Oops'), 'It broke')\n"
        "ok = QLabel(_('Fine')); sep = QLabel('–'); t = QLabel(f'<b>{x}</b>')\n"
    )
    found = unmarked_strings(source, QT_CALLS, boxes=True)
    assert sorted(found) == ["1: 'Nothing playing'", "2: 'Play {}'", "3: 'Failed'", "4: 'It broke'"]
    assert module_level_translations("A = _('x')\ndef f():\n    return _('y')\n") == ["1: _('x')"]


def test_every_string_the_window_shows_is_marked() -> None:
    problems = []
    for path in _sources("qt"):
        for line in unmarked_strings(path.read_text(encoding="utf-8"), QT_CALLS, boxes=True):
            problems.append(f"{path.relative_to(ROOT)}:{line}")
    assert problems == []


def test_every_error_message_and_cli_line_is_marked() -> None:
    errors = frozenset(_player_errors())
    problems = []
    for path in sorted(p for p in PACKAGE.rglob("*.py") if "qt" not in p.parts):
        calls = errors | CLI_CALLS if path.parent.name == "cli" else errors
        for line in unmarked_strings(path.read_text(encoding="utf-8"), calls):
            problems.append(f"{path.relative_to(ROOT)}:{line}")
    assert problems == []


def test_nothing_is_translated_at_import() -> None:
    problems = []
    for path in PACKAGE.rglob("*.py"):
        for line in module_level_translations(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}:{line}")
    assert problems == []


# -- the catalogues ---------------------------------------------------------------------------


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_script", module)
    spec.loader.exec_module(module)
    return module


LANGUAGES = ("de", "es", "ar")


def test_the_catalogues_are_complete_current_and_compiled() -> None:
    script = _script()
    languages = {po.parent.parent.name for po in script.po_paths()}
    assert set(LANGUAGES) <= languages
    assert script.problems() == []


def _fields(text: str) -> set[str]:
    parsed = string.Formatter().parse(text)
    return {f"{name}!{conv}" if conv else name for _t, name, _s, conv in parsed if name is not None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    script = _script()
    catalog = script.read(script.LOCALE_DIR / language / "LC_MESSAGES" / f"{script.DOMAIN}.po")
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            wanted = _fields(message.id[0]) | _fields(message.id[1])
            forms = list(message.string)
            seen: set[str] = set()
            for form in forms:
                if not _fields(form) <= wanted:
                    problems.append(f"{message.id[0]!r}: {form!r}")
                seen |= _fields(form)
            if seen != wanted:
                problems.append(f"{message.id[0]!r}: the forms use {sorted(seen)}")
        elif _fields(message.string) != _fields(message.id):
            problems.append(f"{message.id!r}: {message.string!r}")
    assert problems == []


def test_arabic_has_its_six_plural_forms() -> None:
    script = _script()
    catalog = script.read(script.LOCALE_DIR / "ar" / "LC_MESSAGES" / f"{script.DOMAIN}.po")
    assert catalog.num_plurals == 6
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple | list)]
    assert plurals and all(len(m.string) == 6 and all(m.string) for m in plurals)


# -- sentences anywhere in the core ------------------------------------------------------------

NOT_CALLS = frozenset({
    "debug", "info", "warning", "error", "exception", "execute", "executemany", "query",
    "scalar", "rows", "ArgumentParser", "add_argument", "getLogger", "add_parser",
})  # fmt: skip
"""Calls whose strings never reach the listener in their language (logs, SQL, ``--help``)."""
NOT_SENTENCES = frozenset({
    "Podcast Player", "Apple Podcasts", "Podcast Index",  # names
    "Podcast subscriptions",  # the OPML file's own title, a document, not the window
    "Opened links", "Unknown podcast", "Bookmark at {}",  # stored data, written once
    "Request URL has an unsupported protocol '{}'.",  # httpx's own wording, re-described
    "The sync server {}", "The Nextcloud server {}", "Podcast Player on {}",  # names
    "Nextcloud gPodder Sync", "D-Bus Interface",  # names
})  # fmt: skip
"""Sentence-like strings outside Qt that are not messages (names, data written once)."""


def unmarked_sentences(source: str) -> list[str]:
    """Strings that read like a sentence for people (a capital, a space, 12+ characters), are
    not docstrings, logs, SQL or reprs, and are not wrapped in a marker."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if isinstance(parents.get(node), ast.JoinedStr):
                continue
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        else:
            continue
        if len(text) < 12 or " " not in text or not text[0].isupper() or text in NOT_SENTENCES:
            continue
        if (
            re.match(
                r"[A-Z][A-Za-z]+\(|[A-Z]\w+(\[\w+\])? \| None$|Q[A-Z]\w+(::[\w-]+)? \{|"
                r"(SELECT|INSERT|UPDATE|DELETE|CREATE|CASE|JOIN|WHERE|EXISTS|"
                r"ORDER|IFNULL|COALESCE)\b",
                text,
            )
            or "must end with" in text
        ):
            continue  # a repr, SQL, an assertion for developers
        parent = parents.get(node)
        if isinstance(parent, ast.Expr):
            continue  # a docstring
        chain, skip = parent, False
        while chain is not None and not skip:
            if isinstance(chain, ast.Call):
                name = _name(chain.func)
                skip = name in MARKERS or name in NOT_CALLS
            chain = parents.get(chain)
        if not skip:
            found.append(f"{node.lineno}: {text[:70]!r}")
    return found


def test_the_scan_finds_an_unmarked_sentence() -> None:
    source = (
        'def f(host):\n    """A docstring is not a message."""\n'
        '    log.info("Fetched the feed again")\n'
        '    ok = _("The server refused the connection")\n'
        '    return f"The server {host} cannot be reached"\n'
    )
    assert unmarked_sentences(source) == ["5: 'The server {} cannot be reached'"]


def test_every_sentence_is_marked() -> None:
    """Everywhere, beside the call scans above: feed, playback and download errors, undo
    texts, directory notes, status messages kept in a variable, command-line lines... every
    sentence a listener reads (a stylesheet, a type written as text or a repr is none)."""
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "i18n" in path.relative_to(PACKAGE).parts:
            continue
        for line in unmarked_sentences(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}:{line}")
    assert problems == []
