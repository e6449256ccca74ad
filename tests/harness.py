"""Fixture harness: cases state their expected findings inline, rule and severity, one per finding.

An expectation names a rule and its severity, ``RL401:high``, and may pin the column, ``RL401:high@5``.
Several are separated by commas; a finding expected twice on one line is written twice
(``RL105:high, RL105:high``): the expectations of a case are a multiset, not a set.

* ``# expect: RL401:high`` on its own line: a finding on the next line that is neither blank nor a
  comment (redis.conf has no trailing comments, so this is the form for .conf files);
* ``value  # expect: RL601:medium`` at the end of a YAML line: a finding on that line;
* ``# expect-file: RL401:low``: a finding anchored at the file (line 1);
* ``# expect-line 22: RL105:high``: a finding on an absolute line (inside YAML block scalars);
* ``# fixture: redis-version=7.0`` sets ``--redis-version`` for bare config files of the case;
* ``# fixture: also-run=RL401`` runs more rules (for the suppression rules RL901/RL902).

A case made only of ``*.redis-live`` files is saved snapshots of running servers (the live-only rules
of ``redislint audit``; see :mod:`redislint.model.live`): its ``#@info ...`` lines are values, not
comments. A case with snapshots beside repository files is audited ``--against`` those files (drift).

Only the rule under test runs, and the findings must match the expectations exactly: same file, line,
rule and severity, the same number of times, and the same column where one is pinned. An expectation
without a severity is an error of the fixture, not a wildcard.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.engine.finding import Finding

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEVERITIES = ("low", "medium", "high", "critical")
EXPECT = re.compile(r"#\s*expect(?:(?P<file>-file)|-line\s+(?P<line>\d+))?:\s*(?P<items>[^#]*)")
ITEM = re.compile(rf"(?P<rule>RL\d{{3}}):(?P<severity>{'|'.join(SEVERITIES)})(?:@(?P<col>\d+))?")
OPTION = re.compile(r"#\s*fixture:\s*redis-version=(\S+)")
SELECT = re.compile(r"#\s*fixture:\s*also-run=(\S+)")


class Expect(NamedTuple):
    """One expected finding; ``col`` is None when the expectation does not pin the column."""

    file: str
    line: int
    rule: str
    severity: str
    col: int | None = None

    def __str__(self) -> str:
        at = f":{self.col}" if self.col is not None else ""
        return f"{self.file}:{self.line}{at} {self.rule}:{self.severity}"


class Got(NamedTuple):
    """One finding as the harness compares it."""

    file: str
    line: int
    rule: str
    severity: str
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col} {self.rule}:{self.severity}"


class FixtureError(ValueError):
    """A fixture's expectation comment does not follow the syntax above."""


@dataclass(frozen=True)
class Case:
    rule: str
    kind: str  # bad | good
    path: Path

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.kind}/{self.path.name}"


def cases() -> list[Case]:
    out: list[Case] = []
    if not FIXTURES.is_dir():
        return out
    for rule_dir in sorted(FIXTURES.iterdir()):
        if not re.fullmatch(r"RL\d{3}", rule_dir.name):
            continue
        for kind in ("bad", "good"):
            d = rule_dir / kind
            if d.is_dir():
                out.extend(Case(rule_dir.name, kind, p) for p in sorted(d.iterdir()) if not p.name.startswith("."))
    return out


def case_files(case: Case) -> list[Path]:
    if case.path.is_file():
        return [case.path]
    return sorted(p for p in case.path.rglob("*") if p.is_file())


def also_run(case: Case) -> tuple[str, ...]:
    """Extra rules a meta-rule case needs (``# fixture: also-run=RL401,RL806``)."""
    extra: list[str] = []
    for f in case_files(case):
        for m in SELECT.finditer(f.read_text(encoding="utf-8", errors="replace")):
            extra.extend(x for x in m.group(1).split(",") if x)
    return tuple(extra)


def parse_items(text: str, where: str) -> list[tuple[str, str, int | None]]:
    """``RL401:high, RL402:low@7`` as (rule, severity, column); anything else raises FixtureError."""
    out: list[tuple[str, str, int | None]] = []
    for raw in text.split(","):
        item = raw.strip()
        m = ITEM.fullmatch(item)
        if not m:
            raise FixtureError(
                f"{where}: expectation {item!r} is not RULE:SEVERITY[@COLUMN] (severity one of {', '.join(SEVERITIES)})"
            )
        out.append((m["rule"], m["severity"], int(m["col"]) if m["col"] else None))
    return out


def target_line(lines: list[str], i: int) -> int:
    """The line an expectation on line ``i`` (1-based) points at: itself, or the next line that is
    neither blank nor a comment when the expectation is a comment line of its own."""
    if not lines[i - 1].strip().startswith("#"):
        return i
    j = i
    # a snapshot's "#@info field:value" lines are values, not comments
    while j < len(lines) and (not lines[j].strip() or (lines[j].strip().startswith("#") and not lines[j].startswith("#@") and "redislint:" not in lines[j])):
        j += 1
    return j + 1


def expected(case: Case) -> tuple[list[Expect], str | None]:
    out: list[Expect] = []
    version = None
    for f in case_files(case):
        try:
            lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        rel = f.relative_to(FIXTURES).as_posix()
        for i, line in enumerate(lines, start=1):
            om = OPTION.search(line)
            if om:
                version = om.group(1)
            m = EXPECT.search(line)
            if not m:
                continue
            items = parse_items(m["items"], f"{rel}:{i}")
            if m["line"]:
                target = int(m["line"])
            elif m["file"]:
                target = 1
            else:
                target = target_line(lines, i)
            out.extend(Expect(rel, target, rule, sev, col) for rule, sev, col in items)
    return out, version


def fixture_path(file: str) -> str:
    """A finding's file relative to fixtures/ (as the expectations name it)."""
    try:
        return Path(os.path.realpath(file)).relative_to(FIXTURES.resolve()).as_posix()
    except ValueError:
        return file


def as_got(f: Finding) -> Got:
    return Got(fixture_path(f.span.file), f.span.start_line, f.rule_id, f.severity.name.lower(), f.span.start_col)


def actual(case: Case, version: str | None) -> list[Got]:
    settings = Settings(select=(case.rule, *also_run(case)), redis_version=version)
    files = case_files(case)
    snapshots = [f for f in files if f.name.endswith(".redis-live")]
    if snapshots and len(snapshots) < len(files):
        # drift: the running servers' snapshots against the repository files beside them
        from redislint.audit.run import audit_snapshots

        live = audit_snapshots([str(f) for f in snapshots], settings, root=str(case.path), against=str(case.path))
        return [as_got(f) for f in live.findings if (f.rule_id == case.rule or f.rule_id == "RL900") and not f.suppressed]
    if files and all(f.name.endswith(".redis-live") for f in files):
        # a live-only rule: the case is saved snapshots of running servers (redislint audit)
        from redislint.audit.run import audit_snapshots

        base = case.path if case.path.is_dir() else case.path.parent
        live = audit_snapshots([str(f) for f in files], settings, root=str(base))
        return [as_got(f) for f in live.findings if (f.rule_id == case.rule or f.rule_id == "RL900") and not f.suppressed]
    report = lint([str(case.path)], settings, root=str(case.path if case.path.is_dir() else case.path.parent), environ={})
    return [
        as_got(f)
        for f in report.findings
        # a crash (RL900) of the rule under test always fails the case
        if (f.rule_id == case.rule or f.rule_id == "RL900") and not f.suppressed
    ]


def compare(want: Iterable[Expect], got: Iterable[Got]) -> tuple[list[Expect], list[Got]]:
    """Match expectations to findings one to one: (expectations no finding met, findings not expected).

    Expectations pinning a column are matched first, so an unpinned one never takes the finding a
    pinned one needs."""
    left = Counter(got)
    missing: list[Expect] = []
    for e in sorted(want, key=lambda e: e.col is None):
        hit = next(
            (g for g in sorted(left) if left[g] > 0 and g[:4] == e[:4] and (e.col is None or e.col == g.col)), None
        )
        if hit is None:
            missing.append(e)
        else:
            left[hit] -= 1
    return sorted(missing), sorted(left.elements())


def mismatch(missing: list[Expect], unexpected: list[Got]) -> str:
    """A failure message listing both sides, one finding per line."""
    lines = ["", "missing:", *(f"  {e}" for e in missing), "unexpected:", *(f"  {g}" for g in unexpected)]
    return "\n".join(lines)
