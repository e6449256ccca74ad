"""What the renderer tests share: a small catalog, a project with a redis.conf and a compose file,
findings made by hand, and the SARIF log of a report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.engine.rule import Rule, Scope, Severity
from redislint.model.span import Span
from redislint.output import render

REPO = Path(__file__).resolve().parents[2]
VALIDATOR = REPO.parent / "shared" / "tools" / "validate-sarif"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

RL101 = Rule(
    id="RL101",
    name="weak-password",
    severity=Severity.CRITICAL,
    tags=("security",),
    scope=Scope.NODE,
    summary="Redis password is too weak",
)
RL200 = Rule(
    id="RL200",
    name="persistence-disabled",
    severity=Severity.MEDIUM,
    tags=("durability",),
    scope=Scope.NODE,
    summary="Neither RDB nor AOF persistence is enabled",
)
RL402 = Rule(
    id="RL402",
    name="maxmemory-exceeds-container-limit",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.NODE,
    summary="maxmemory is above the container memory limit",
)
RL603 = Rule(
    id="RL603",
    name="port-published",
    severity=Severity.HIGH,
    tags=("security", "operability"),
    scope=Scope.SERVICE,
    summary="The Redis port is published on all interfaces",
)
RL700 = Rule(
    id="RL700",
    name="image-unpinned",
    severity=Severity.LOW,
    tags=("operability",),
    scope=Scope.SERVICE,
    summary="The image tag is not pinned to a patch release",
)
RL701 = Rule(
    id="RL701",
    name="healthcheck-missing",
    severity=Severity.LOW,
    tags=("security", "availability"),
    scope=Scope.SERVICE,
    summary="The service has no healthcheck",
)
CATALOG = [RL700, RL101, RL603, RL402, RL200, RL701]  # deliberately not in id order

REDIS_CONF = "bind 0.0.0.0\nrequirepass hunter2\nmaxmemory 2gb\n"
COMPOSE = 'services:\n  cache:\n    image: redis:7.4\n    mem_limit: 1g\n    ports:\n      - "6379:6379"\n'


def make_finding(
    rule: Rule,
    file: Path | str,
    line: int,
    col: int,
    end_col: int | None = None,
    *,
    end_line: int | None = None,
    message: str = "something is wrong",
    evidence: str = "",
    **extra: Any,
) -> Finding:
    span = Span(
        file=str(file),
        start_line=line,
        start_col=col,
        end_line=end_line or line,
        end_col=end_col if end_col is not None else col,
    )
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=extra.pop("severity", rule.severity),
        message=message,
        span=span,
        evidence=evidence or f"{rule.id}-{line}",
        **extra,
    )



def sarif(report: Report, **options: Any) -> dict[str, Any]:
    text = render(report, "sarif", **options)
    assert text == render(report, "sarif", **options), "SARIF output must be deterministic"
    data: dict[str, Any] = json.loads(text)
    return data


RULE_PAGE = """\
# RL402 maxmemory-exceeds-container-limit

## What it checks

The `maxmemory` setting of a node is compared with the memory limit of
its container ([compose docs](https://docs.docker.com/compose/)).

A second paragraph that is not part of the full description.

## Why it matters

The kernel kills the container **before** Redis evicts anything.

```redis-conf bad
maxmemory 2gb
```
"""
