"""The result of one run, as the renderers see it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from redislint.engine.finding import Finding
from redislint.engine.rule import Rule, Severity
from redislint.model.base import Struct, field
from redislint.model.live import is_live_location
from redislint.secrets.mask import Masker


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
    secret_spans: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    """Where those values are written: file -> (start line, start col, end line, end col). Code frames
    replace exactly these characters."""
    environ_values: dict[str, str] = field(default_factory=dict)
    """Values taken from the ``environ`` mapping given to the API -> the variable's name. Never printed:
    the renderers show ``${NAME}`` instead."""
    file_kinds: dict[str, str] = field(default_factory=dict)
    """File -> kind (``compose``, ``redis-conf``...): how its lines are counted in code frames."""
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    """File -> the text read in this run: code frames take their lines from here, renderers never
    read a file (a report built without texts shows no code frames)."""
    _masker: Masker | None = field(default=None, repr=False)
    _jobs: int = 1
    """Processes that may render the report (``--jobs``): the text of a large one is rendered in two."""
    fail_on: Severity = Severity.LOW
    tool_version: str = ""
    exit_code: int = 0
    baselined: list[Finding] = field(default_factory=list)
    """Findings the baseline covers (``redislint baseline``): left out of ``findings``, counted in the summary."""
    stale: list[tuple[str, str, int]] = field(default_factory=list)
    """Baseline entries that matched no finding: (rule, file, how many)."""
    stacks: int = 0
    """How many stacks (compose projects) the run linted."""
    incomplete: str | None = None
    """Why the run could not check what it was given (a missing path, a folder with nothing to
    lint...), when that made the exit status 2."""
    dependencies: dict[str, list[object]] | None = field(default=None, repr=False)
    """What the run read (see :func:`redislint.fs.dependencies`), kept when the run cache is on."""
    _rel_cache: dict[str, str] = field(default_factory=dict, repr=False)
    _root_real: str = ""
    _lines: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def source_line(self, path: str, line: int) -> str | None:
        """Line ``line`` of ``path`` as its parser counts lines (see :func:`split_source_lines`), from
        the texts this report carries; None when the text is not there or has no such line."""
        lines = self._lines.get(path)
        if lines is None:
            text = self.texts.get(path)
            if text is None:
                return None
            lines = split_source_lines(text, self.file_kinds.get(path, "other"))
            self._lines[path] = lines
        if not 1 <= line <= len(lines):
            return None
        return lines[line - 1]

    def relpath(self, path: str) -> str:
        """Repository-relative POSIX path when under root, else the absolute path."""
        cache = self._rel_cache
        hit = cache.get(path)
        if hit is not None:
            return hit
        if is_live_location(path):
            cache[path] = path  # a running server (redislint audit): its address
            return path
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
    def masker(self) -> Masker:
        """The secret mask of this report, built once."""
        if self._masker is None:
            self._masker = Masker(self.secrets, self.secret_spans, self.environ_values)
        return self._masker

    def mask(self, text: str) -> str:
        """``text`` (a message, a fix, a notice) with every known secret and environment value replaced."""
        return self.masker.text(text)

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


_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_CONF_KINDS = ("redis-conf", "sentinel-conf", "acl")


def split_source_lines(text: str, kind: str = "other") -> list[str]:
    """Lines counted the way the file's parser counts them, so that a span's line number names the
    same line in a code frame: YAML breaks lines at CR, LF, NEL, U+2028 and U+2029; the Redis config
    loader only at LF (a CR before it is trimmed); other files (``.env``, Dockerfile) as
    :meth:`str.splitlines` does."""
    if kind == "compose":
        return _YAML_BREAK.split(text.removesuffix("\r\n").removesuffix("\n"))
    if kind in _CONF_KINDS:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return [ln.removesuffix("\r") for ln in lines]
    return text.splitlines()


def terminal_wants_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    import sys

    return sys.stdout.isatty()
