"""RL810 (monitoring-missing): A replication, Sentinel or cluster stack has no metrics exporter.

Examples, fixes and the reasoning: ``rules/RL810.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Stack
from redislint.model.span import Span


@rule(
    id="RL810",
    name="monitoring-missing",
    severity=Severity.LOW,
    tags=("operability",),
    scope=Scope.STACK,
    summary="A replication, Sentinel or cluster stack has no metrics exporter",
    profile="prod",
)
def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    p = ctx.project
    if stack.platform == "image":
        return  # an image is not a deployment: what runs beside it is written elsewhere
    kinds = p.index.stack_topologies.get(stack, [])
    if not kinds:
        return
    if any(p.role(s) == "exporter" for s in stack.services.values()):
        return
    yield ctx.finding(
        Span.file_anchor(stack.main_file),
        f"stack '{stack.name}' runs {' and '.join(kinds)} but no redis_exporter: failovers, replication lag "
        "and memory pressure go unseen",
        fix="Add an oliver006/redis_exporter container to the Redis pods (it scrapes localhost:6379) and scrape it"
        if stack.platform == "kubernetes"
        else "Add an oliver006/redis_exporter service (REDIS_ADDR=redis://<service>:6379) and scrape it",
        evidence=f"{stack.name}:exporter",
    )
