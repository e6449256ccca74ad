"""Fixture harness: cases state their expected findings inline.

* ``# expect: RL401`` on its own line: a finding of RL401 on the next line that is neither blank nor a
  comment (redis.conf has no trailing comments, so this is the form for .conf files);
* ``value  # expect: RL601`` at the end of a YAML line: a finding on that line;
* ``# expect-file: RL401``: a finding anchored at the file (line 1);
* ``# fixture: redis-version=7.0`` sets ``--redis-version`` for bare config files of the case;
* ``# fixture: also-run=RL401`` runs more rules (for the suppression rules RL901/RL902).

Only the rule under test runs, and the exact set of (file, line, rule) must match.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from redislint.api import lint
from redislint.engine.context import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EXPECT = re.compile(r"#\s*expect(?P<file>-file)?:\s*(?P<rules>RL\d{3}(?:\s*,\s*RL\d{3})*)")
EXPECT_LINE = re.compile(r"#\s*expect-line\s+(?P<line>\d+):\s*(?P<rules>RL\d{3}(?:\s*,\s*RL\d{3})*)")
OPTION = re.compile(r"#\s*fixture:\s*redis-version=(\S+)")
SELECT = re.compile(r"#\s*fixture:\s*also-run=(\S+)")


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


def expected(case: Case) -> tuple[set[tuple[str, int, str]], str | None]:
    out: set[tuple[str, int, str]] = set()
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
            lm = EXPECT_LINE.search(line)
            if lm:
                out.update((rel, int(lm.group("line")), r.strip()) for r in lm.group("rules").split(","))
                continue
            m = EXPECT.search(line)
            if not m:
                continue
            rules = [r.strip() for r in m.group("rules").split(",")]
            if m.group("file"):
                out.update((rel, 1, r) for r in rules)
                continue
            if line.strip().startswith("#"):
                j = i
                while j < len(lines) and (
                    not lines[j].strip() or (lines[j].strip().startswith("#") and "redislint:" not in lines[j])
                ):
                    j += 1
                target = j + 1
            else:
                target = i
            out.update((rel, target, r) for r in rules)
    return out, version


def actual(case: Case, version: str | None) -> set[tuple[str, int, str]]:
    settings = Settings(select=(case.rule, *also_run(case)), redis_version=version)
    report = lint([str(case.path)], settings, root=str(case.path if case.path.is_dir() else case.path.parent), environ={})
    got = set()
    for f in report.findings:
        if (f.rule_id != case.rule and f.rule_id != "RL900") or f.suppressed:
            continue  # a crash (RL900) of the rule under test always fails the case
        try:
            rel = Path(os.path.realpath(f.span.file)).relative_to(FIXTURES.resolve()).as_posix()
        except ValueError:
            rel = f.span.file
        got.add((rel, f.span.start_line, f.rule_id))
    return got
