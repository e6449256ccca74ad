"""The seven stacks of the tutorial (fixtures/tutorial, copied from the seed) produce exactly the
findings written at the end of each file (``# expect-line N: RL...``), with every rule and the
default profile. The appended comment blocks keep the tutorial's own line numbers."""

from __future__ import annotations

import os
from pathlib import Path

from redislint.api import lint
from redislint.engine.context import Settings
from tests.harness import FIXTURES, Case, expected

TUTORIAL = FIXTURES / "tutorial"


def test_tutorial_findings_are_exact() -> None:
    want, _ = expected(Case("*", "bad", TUTORIAL))
    report = lint([str(TUTORIAL)], Settings(), root=str(TUTORIAL), environ={})
    got = {
        (Path(os.path.realpath(f.span.file)).relative_to(FIXTURES.resolve()).as_posix(), f.span.start_line, f.rule_id)
        for f in report.findings
        if not f.suppressed
    }
    assert got == want, f"\nmissing: {sorted(want - got)}\nunexpected: {sorted(got - want)}"
    assert report.exit_code == 1


def test_headline_mistakes_are_reported() -> None:
    """The mistakes the issue names, at the right file and line."""
    want, _ = expected(Case("*", "bad", TUTORIAL))
    for item in [
        ("tutorial/standalone/docker-compose.yml", 31, "RL009"),
        ("tutorial/standalone/redis.conf", 38, "RL006"),
        ("tutorial/standalone/docker-compose.yml", 25, "RL402"),
        ("tutorial/sentinel/sentinel-1.conf", 10, "RL505"),
        ("tutorial/sentinel/docker-compose.yml", 115, "RL506"),
        ("tutorial/cluster/docker-compose.yml", 12, "RL602"),
        ("tutorial/monitoring/docker-compose.yml", 17, "RL102"),
        ("tutorial/standalone/docker-compose.yml", 22, "RL105"),
        ("tutorial/replication/docker-compose.yml", 3, "RL806"),
        ("tutorial/tls/docker-compose.yml", 25, "RL710"),
        ("tutorial/secrets/docker-compose.yml", 14, "RL807"),
    ]:
        assert item in want, item
    assert not any(rule == "RL101" and f.startswith("tutorial/secrets/") for f, _, rule in want)
    assert not any(rule in ("RL501", "RL107") and f.startswith("tutorial/replication/") for f, _, rule in want)
