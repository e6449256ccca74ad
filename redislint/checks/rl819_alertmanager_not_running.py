"""RL819 (alertmanager-not-running): The Alertmanager a Prometheus config sends alerts to is run by no
service of the stack.

Examples, fixes and the reasoning: ``rules/RL819.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile


@rule(
    id="RL819",
    name="alertmanager-not-running",
    severity=Severity.HIGH,
    tags=("operability",),
    scope=Scope.FILE,
    summary="The Alertmanager a Prometheus config sends alerts to is run by no service of the stack",
    platforms=("compose",),
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    for cfg in ctx.project.monitoring.configs:
        if cfg.path != file.path or cfg.service is None:
            continue
        for t in cfg.alertmanagers:
            if t.local or t.service is not None:
                continue
            yield ctx.finding(
                t.span,
                f"alerts go to Alertmanager '{t.host}', which no service of the stack runs: every alert that fires is dropped",
                fix="Add an alertmanager service of that name to the stack, or point at the Alertmanager you run",
                evidence=f"alertmanager:{t.host}",
            )
