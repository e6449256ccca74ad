"""Shared layout of the containment tests: ``tmp/repo/`` is linted, ``tmp/outside/`` must never be read.

Every file under ``outside/`` holds :data:`MARKER`; :func:`run` lints the repository, renders every
output format and asserts the marker appears in none of them (nor in the notices)."""

from __future__ import annotations

import os
from pathlib import Path

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.engine.report import Report
from redislint.output import render

MARKER = "Zq9xOUTSIDEmarker41"
FORMATS = ("text", "json", "sarif", "github")


def make_layout(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    outside = tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    for name in ("x.conf", "redis.conf", "passwd", "shadow", "users.acl", "secret.txt", "env", "compose.yaml", "base.yaml", "pw"):
        (outside / name).write_text(f"requirepass {MARKER}\n{MARKER} {MARKER}\n", encoding="utf-8")
    (outside / "Dockerfile").write_text(f"FROM redis:7.4.11\n# {MARKER}\nCMD [\"redis-server\"]\n", encoding="utf-8")
    return repo, outside


def write(root: Path, rel: str, text: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def run(repo: Path, paths: list[Path] | None = None, environ: dict[str, str] | None = None, select: tuple[str, ...] = ()) -> Report:
    report = lint([str(p) for p in (paths or [repo])], Settings(select=select), root=str(repo), environ=environ or {})
    for fmt in FORMATS:
        assert MARKER not in render(report, fmt), f"{fmt} output shows what an outside file holds"
    assert not any(MARKER in n for n in report.notices)
    return report


def found(report: Report, repo: Path, rule: str = "RL012") -> set[tuple[str, str, str, int, int, str]]:
    """(rule, severity, file relative to the repo, line, column, message) of the active findings of ``rule``."""
    return {
        (f.rule_id, f.severity.name.lower(), os.path.relpath(f.span.file, repo), f.span.start_line, f.span.start_col, f.message)
        for f in report.findings
        if f.rule_id == rule and not f.suppressed
    }


def outside_notices(report: Report) -> list[str]:
    return [n for n in report.notices if n.endswith("outside the repository: not checked")]
