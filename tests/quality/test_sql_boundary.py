"""SQL lives in ``player/storage/`` only: services, the scorer and the front ends ask a repository.

A statement written in a service cannot be found, indexed or changed with the schema; the
layering test cannot see it because a service may import storage. This scans the syntax tree
of every module under ``player/`` for string constants that read as SQL statements and for
``execute``/``query``/``scalar`` calls on a store or connection, and names each by file:line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "player"
STORAGE = PACKAGE / "storage"

_STATEMENT = re.compile(
    r"^\s*SELECT\s"
    r"|\bSELECT\s.+\sFROM\s"
    r"|\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\s"
    r"|\bUPDATE\s+\w+\s+SET\s"
    r"|\bDELETE\s+FROM\s"
    r"|\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|VIEW|TRIGGER|VIRTUAL\s+TABLE)\s"
    r"|\bPRAGMA\s+\w+"
    r"|^\s*(?:BEGIN\s+IMMEDIATE|COMMIT|ROLLBACK|SAVEPOINT\s)",
    re.DOTALL,
)
"""Upper-case statement shapes, as the code writes SQL; "Delete downloads" or "Update the app"
(words a listener reads) do not match."""

_RUNNERS = frozenset({"execute", "executemany", "executescript", "query", "scalar"})
_HANDLES = re.compile(r"(?:^|_)(?:store|conn|connection|db|cursor|cur)$")
"""Names of objects that run SQL: ``store``, ``self.store``, ``conn``, ``store.db.conn``..."""


def _dotted(node: ast.expr) -> list[str]:
    """The names along an attribute chain (``self.store.db`` -> self, store, db)."""
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        names.append(node.id)
    return names[::-1]


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that stand alone as statements: docstrings, including the
    ones under a module constant (prose may quote SQL)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for statement in body:
            if (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                found.add(id(statement.value))
    return found


def sql_sites(source: str, name: str) -> list[str]:
    """Every SQL statement literal and SQL-running call in ``source``, as "name:line: what"."""
    tree = ast.parse(source, filename=name)
    skip = _docstrings(tree)
    sites = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if _STATEMENT.search(node.value):
                text = " ".join(node.value.split())[:60]
                sites.append(f"{name}:{node.lineno}: SQL text {text!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = _dotted(node.func.value)
            if node.func.attr in _RUNNERS and any(_HANDLES.search(n) for n in receiver):
                call = ".".join([*receiver, node.func.attr])
                sites.append(f"{name}:{node.lineno}: runs SQL through {call}()")
    return sorted(sites, key=lambda s: (int(s.split(":")[1]), s))


def _scan(paths: list[Path]) -> list[str]:
    sites = []
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        sites += sql_sites(path.read_text(encoding="utf-8"), rel)
    return sites


def test_no_sql_outside_storage() -> None:
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if STORAGE not in p.parents]
    assert len(outside) > 100
    sites = _scan(outside)
    assert not sites, (
        "SQL outside player/storage/ (move it into a repository method named for what it "
        "does; pass the caller's conn where several writes share one transaction):\n  "
        + "\n  ".join(sites)
    )


def test_the_scan_finds_the_sql_storage_holds() -> None:
    """The scan is not blind: the repositories' own statements and calls are found."""
    sites = _scan(sorted(STORAGE.rglob("*.py")))
    episodes = [s for s in sites if s.startswith("player/storage/episodes.py:")]
    assert any("SQL text 'UPDATE episodes SET position" in s for s in episodes), episodes
    assert any("runs SQL through self.store.query()" in s for s in episodes), episodes
    assert len(sites) > 100


SAMPLE = '''
"""A docstring may say SELECT id FROM episodes."""
LABEL = "Delete downloads"
NOTE = "Update the app or use another --data-dir."
MENU = "Select all"

def f(store, conn, self, marks):
    store.db.conn.execute("SELECT id FROM podcasts")
    self.store.scalar("SELECT 1")
    conn.executemany(SQL, [])
    rows = self.store.query(f"SELECT id FROM episodes WHERE id IN ({marks})")
    with store.write() as c:
        c.execute("DELETE FROM dismissed")
    other.execute(task)
    sql = "UPDATE episodes SET state = ?"
    """An attribute docstring is prose too: SELECT id FROM episodes."""
    return "INSERT OR IGNORE INTO queue (episode_id) VALUES (?)"
'''


def test_the_scan_names_each_site_and_spares_prose() -> None:
    sites = sql_sites(SAMPLE, "sample.py")
    assert sites == [
        "sample.py:8: SQL text 'SELECT id FROM podcasts'",
        "sample.py:8: runs SQL through store.db.conn.execute()",
        "sample.py:9: SQL text 'SELECT 1'",
        "sample.py:9: runs SQL through self.store.scalar()",
        "sample.py:10: runs SQL through conn.executemany()",
        "sample.py:11: SQL text 'SELECT id FROM episodes WHERE id IN ('",
        "sample.py:11: runs SQL through self.store.query()",
        "sample.py:13: SQL text 'DELETE FROM dismissed'",
        "sample.py:15: SQL text 'UPDATE episodes SET state = ?'",
        "sample.py:17: SQL text 'INSERT OR IGNORE INTO queue (episode_id) VALUES (?)'",
    ], sites
