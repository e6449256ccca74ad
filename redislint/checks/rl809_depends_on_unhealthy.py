"""RL809 (depends-on-unhealthy): A replica or Sentinel depends on its primary without condition:
service_healthy.

Examples, fixes and the reasoning: ``rules/RL809.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import redis_node
from redislint.checks._fixes import replace
from redislint.engine.context import Context
from redislint.engine.finding import Finding, Fix
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.project import RedisNode
from redislint.model.span import Span


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
    fix="safe",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project)
    if node is None:
        return
    primaries = {p.service: p for p in _primaries(node, ctx) if p.service is not None and p.service is not svc}
    healthy = {
        dep.service
        for dep in svc.depends_on
        for p in primaries.values()
        if p.service is not None and p.service.name == dep.service and p.service.healthcheck is not None and not p.service.healthcheck.disabled
    }
    autofix = _fix(svc, healthy, ctx)
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
            autofix=autofix if dep.service in healthy else None,
        )


def _fix(svc: Service, healthy: set[str], ctx: Context) -> Fix | None:
    """The short form (``- primary``, one item a line) rewritten as the long form, with
    ``condition: service_healthy`` for the primaries that have a healthcheck and the condition each
    other entry already has (``service_started``). The long form is left to the user."""
    key = svc.key_spans.get("depends_on")
    deps = svc.depends_on
    if key is None or not healthy or not deps or any(d.condition != "service_started" for d in deps):
        return None
    lines = [d.span.start_line for d in deps]
    if lines[0] <= key.start_line or len(set(lines)) != len(lines) or any(d.span.file != key.file or d.span.start_col < 3 or d.span.start_col != deps[0].span.start_col for d in deps):
        return None
    pad = " " * (deps[0].span.start_col - 3)
    edits = []
    for d in deps:
        where = Span(file=d.span.file, start_line=d.span.start_line, start_col=d.span.start_col - 2, end_line=d.span.end_line, end_col=d.span.end_col)
        cond = "service_healthy" if d.service in healthy else d.condition
        edits.append(replace(where, f"{d.service}:\n{pad}  condition: {cond}", old=f"- {d.service}"))
    return ctx.fix("Depend on the primary with condition: service_healthy", edits)
