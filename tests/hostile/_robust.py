"""Helpers of the robustness tests (part C of issue 11): write a tree, lint it in-process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.engine.report import Report

Found = set[tuple[str, str, int, int, str]]
"""(rule, file relative to the root, line, column, severity)"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def report(root: Path, *rules: str) -> Report:
    return lint([str(root)], Settings(select=rules), root=str(root), environ={})


def found(root: Path, *rules: str) -> Found:
    return {
        (f.rule_id, os.path.relpath(f.span.file, root), f.span.start_line, f.span.start_col, f.severity.label)
        for f in report(root, *rules).findings
        if not f.suppressed
    }


def crashes(root: Path) -> list[str]:
    """RL900 messages of a run of every rule (there must be none)."""
    return [f.message for f in report(root).findings if f.rule_id == "RL900"]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1", "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "redislint", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )
