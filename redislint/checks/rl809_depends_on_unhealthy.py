"""RL809 (depends-on-unhealthy): A replica or Sentinel depends on its primary without condition:
service_healthy.

Examples, fixes and the reasoning: ``rules/RL809.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import redis_node
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.project import RedisNode


def _primaries(node: RedisNode, ctx: Context) -> list[RedisNode]:
    return ctx.project.primaries_of(node)


@rule(
    id="RL809",
    name="depends-on-unhealthy",
    severity=Severity.LOW,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="A replica or Sentinel depends on its primary without condition: service_healthy",
    platforms=("compose",),
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project)
    if node is None:
        return
    primaries = {id(p.service): p for p in _primaries(node, ctx) if p.service is not None and p.service is not svc}
    for dep in svc.depends_on:
        p = next((p for p in primaries.values() if p.service is not None and p.service.name == dep.service), None)
        if p is None or p.service is None or dep.condition == "service_healthy":
            continue
        hc = p.service.healthcheck
        extra = "" if hc is not None and not hc.disabled else f" (and give '{dep.service}' a healthcheck)"
        role = "Sentinel" if node.kind == "sentinel" else "replica"
        yield ctx.finding(
            dep.span,
            f"{role} '{svc.name}' depends on primary '{dep.service}' with condition {dep.condition}: "
            "it starts before the primary answers and begins with failed syncs or an empty address",
            fix=f"Use depends_on: {{{dep.service}: {{condition: service_healthy}}}}{extra}",
            evidence=f"{svc.name}:{dep.service}",
        )
