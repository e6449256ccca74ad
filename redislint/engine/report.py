"""The result of one run, as the renderers see it."""

from __future__ import annotations

import os
from pathlib import Path

from redislint.engine.finding import Finding
from redislint.engine.rule import Rule, Severity
from redislint.model.base import Struct, field


class Report(Struct):
    findings: list[Finding]
    """Every finding, suppressed ones included (marked ``suppressed``), sorted by file and position."""
    rules: list[Rule]
    """The whole catalog, in id order (SARIF lists every rule, not only those that fired)."""
    root: Path
    """Paths in the output are relative to this folder when they lie under it."""
    notices: list[str] = field(default_factory=list)
    """Tool-level messages (a file skipped for its size, an unreadable path...). Never contain secrets."""
    files: list[str] = field(default_factory=list)
    """Absolute paths of the files that were read."""
    secrets: frozenset[str] = frozenset()
    """Every password or secret value seen while linting: renderers mask them wherever they would appear."""
    fail_on: Severity = Severity.LOW
    tool_version: str = ""
    exit_code: int = 0
    _rel_cache: dict[str, str] = field(default_factory=dict, repr=False)
    _root_real: str = ""

    def relpath(self, path: str) -> str:
        """Repository-relative POSIX path when under root, else the absolute path."""
        cache = self._rel_cache
        hit = cache.get(path)
        if hit is not None:
            return hit
        root = self._root_real or os.path.realpath(self.root)
        self._root_real = root
        real = os.path.realpath(path)
        if real == root or not real.startswith(root.rstrip(os.sep) + os.sep):
            out = Path(path).as_posix() if real != root else Path(path).name
        else:
            out = Path(os.path.relpath(real, root)).as_posix()
        cache[path] = out
        return out

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None


def read_rule_doc(rule_id: str) -> str | None:
    """The rule's Markdown page (see :func:`redislint.datafiles.read_rule_doc`)."""
    from redislint.datafiles import read_rule_doc as read

    return read(rule_id)


_LINES: dict[str, list[str] | None] = {}


def remember_sources(texts: dict[str, str]) -> None:
    """The texts of the files read in this run, for code frames (nothing is read again)."""
    for path, text in texts.items():
        _LINES[path] = text.splitlines()


def source_line(path: str, line: int) -> str | None:
    """One line of a file, for code frames (None when unreadable): the text read in this run, else
    the file read once through :mod:`redislint.fs` (a report built by hand)."""
    if path not in _LINES:
        from redislint.fs import FileStore

        text = FileStore(os.path.dirname(path)).read(path)
        _LINES[path] = text.splitlines() if text is not None else None
    lines = _LINES.get(path)
    if lines is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1]


def terminal_wants_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    import sys

    return sys.stdout.isatty()
