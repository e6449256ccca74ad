"""RL816 (alert-ratio-unguarded): An alert divides by redis_memory_max_bytes without filtering out 0
(maxmemory unset).

Examples, fixes and the reasoning: ``rules/RL816.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile


@rule(
    id="RL816",
    name="alert-ratio-unguarded",
    severity=Severity.MEDIUM,
    tags=("operability",),
    scope=Scope.FILE,
    summary="An alert divides by redis_memory_max_bytes without filtering out 0 (maxmemory unset)",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    rf = ctx.project.monitoring.rule_files.get(file.path)
    if rf is None:
        return
    for r in rf.rules:
        if r.unguarded_max:
            yield ctx.finding(
                r.span,
                f"'{r.name}' divides by redis_memory_max_bytes, which is 0 on a server without maxmemory: the ratio is "
                "+Inf (always firing) or NaN (never), instead of telling how full the server is",
                fix="Filter out the zero: ... / (redis_memory_max_bytes > 0) > 0.9 (and alert on maxmemory unset separately)",
                evidence=f"{r.name}:max-bytes",
            )
