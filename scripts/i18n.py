"""Translation catalogues: extract the messages, update the languages, compile, check.

    python scripts/i18n.py extract          # player/**.py -> player/i18n/messages.pot
    python scripts/i18n.py update           # merge the .pot into every .po (new msgids empty)
    python scripts/i18n.py init fr          # start a language: locale/fr/LC_MESSAGES/*.po
    python scripts/i18n.py compile          # every .po -> its .mo, and cldr_dates.json
    python scripts/i18n.py check            # exit 1 if a catalogue is incomplete or stale

Translators only ever see the ``.po`` files (what Weblate and Transifex take and give back);
the ``.mo`` files are what the app reads and are rebuilt by ``compile``. Uses Babel's own
catalogue API (the same code as ``pybabel``), so the output does not depend on a PATH.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "player"
I18N = PACKAGE / "i18n"
LOCALE_DIR = I18N / "locale"
POT = I18N / "messages.pot"
DOMAIN = "podcast-player"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
FIXED_DATE = datetime(2026, 12, 1, tzinfo=UTC)


def extract() -> Catalog:
    """Every ``_()``, ``N_()`` and ``ngettext()`` literal under ``player/``, as a template."""
    catalog = Catalog(project="podcast-player", domain=DOMAIN, charset="utf-8", fuzzy=False)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=method_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        path = (Path("player") / filename).as_posix()
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def po_paths() -> Iterator[Path]:
    """The ``.po`` file of each language, sorted by language."""
    yield from sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    """A ``.po`` or ``.pot`` file as a catalogue."""
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.parent.name if path.suffix == ".po" else None)


def write(catalog: Catalog, path: Path) -> None:
    """Write a ``.po``/``.pot`` without the volatile creation date, so diffs stay small."""
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def mo_bytes(po: Path) -> bytes:
    """The compiled form of one ``.po`` (what ``compile`` writes and the test compares)."""
    buffer = io.BytesIO()
    write_mo(buffer, read(po), use_fuzzy=False)
    return buffer.getvalue()


CLDR_DATES = I18N / "cldr_dates.json"
DATE_TAGS = ("en", "en_US", "en_GB", "de", "de_DE", "de_AT", "de_CH", "es", "es_ES", "es_MX",
             "ar", "ar_EG", "ar_SA")  # fmt: skip
"""Locales whose medium date the window formats without loading Babel (player.i18n.formats)."""


def cldr_dates() -> bytes:
    """The medium date pattern and abbreviated months of :data:`DATE_TAGS`, from Babel."""
    from babel import Locale

    table = {}
    for tag in DATE_TAGS:
        locale = Locale.parse(tag)
        pattern = locale.date_formats["medium"].pattern
        fields = set(re.findall(r"[A-Za-z]", re.sub(r"'(?:[^']|'')*'", "", pattern)))
        if fields - {"d", "M", "y"}:
            continue  # a field player.i18n.formats does not format: Babel does it there
        months = [locale.months["format"]["abbreviated"][m] for m in range(1, 13)]
        table[tag] = {"medium": pattern, "months": months}
    return (json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def cmd_extract() -> int:
    write(extract(), POT)
    print(f"{POT.relative_to(ROOT)}: {len(extract())} messages")
    return 0


def cmd_update() -> int:
    template = read(POT)
    for po in po_paths():
        catalog = read(po)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(catalog, po)
        missing = sum(1 for m in catalog if m.id and not _done(m))
        print(f"{po.relative_to(ROOT)}: {missing} to translate")
    return 0


def cmd_init(language: str) -> int:
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists():
        print(f"{po.relative_to(ROOT)} exists; use update", file=sys.stderr)
        return 1
    template = read(POT)
    catalog = Catalog(locale=language, domain=DOMAIN, project="podcast-player", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)
    write(catalog, po)
    print(f"{po.relative_to(ROOT)}: {len(catalog)} to translate ({catalog.plural_forms})")
    return 0


def cmd_compile() -> int:
    CLDR_DATES.write_bytes(cldr_dates())
    for po in po_paths():
        mo = po.with_suffix(".mo")
        mo.write_bytes(mo_bytes(po))
        print(mo.relative_to(ROOT))
    return 0


def _done(message: object) -> bool:
    string = getattr(message, "string", "")
    fuzzy = getattr(message, "fuzzy", False)
    if isinstance(string, tuple | list):
        return not fuzzy and all(string)
    return not fuzzy and bool(string)


def problems() -> list[str]:
    """What keeps the catalogues from being complete and current (empty: all is well)."""
    found: list[str] = []
    if not CLDR_DATES.is_file() or CLDR_DATES.read_bytes() != cldr_dates():
        found.append(f"{CLDR_DATES.name} is not Babel's current data (run compile)")
    template = extract()
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for po in po_paths():
        name = po.parent.parent.name
        catalog = read(po)
        have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
        for msgid in sorted(ids - set(have)):
            found.append(f"{name}: missing {msgid!r}")
        for msgid, message in have.items():
            if msgid in ids and not _done(message):
                found.append(f"{name}: untranslated or fuzzy {msgid!r}")
        mo = po.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != mo_bytes(po):
            found.append(f"{name}: {mo.name} is not the compiled {po.name} (run compile)")
    return found


def cmd_check() -> int:
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("extract", "update", "compile", "check"):
        sub.add_parser(name)
    sub.add_parser("init").add_argument("language")
    args = parser.parse_args(argv)
    if args.command == "init":
        return cmd_init(args.language)
    return {
        "extract": cmd_extract,
        "update": cmd_update,
        "compile": cmd_compile,
        "check": cmd_check,
    }[args.command]()


if __name__ == "__main__":
    raise SystemExit(main())
