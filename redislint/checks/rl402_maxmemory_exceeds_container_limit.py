"""RL402 (maxmemory-exceeds-container-limit): maxmemory is at or above the container memory limit, or
leaves no room to fork.

Examples, fixes and the reasoning: ``rules/RL402.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._fixes import set_value
from redislint.checks._helpers import forks
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.project import RedisNode
from redislint.redis.numbers import parse_redis_memory
from redislint.units import human_bytes

HEADROOM = 0.75


def _is_primary(node: RedisNode, ctx: Context) -> bool:
    """A primary forks for every full resync of a replica."""
    return bool(ctx.project.index.replicas_by_primary.get(node))


@rule(
    id="RL402",
    name="maxmemory-exceeds-container-limit",
    severity=Severity.CRITICAL,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="maxmemory is at or above the container memory limit, or leaves no room to fork",
    fix="unsafe",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if svc.memory_limit is None or svc.memory_limit_span is None:
        return
    node = ctx.project.node_for(svc)
    if node is None or node.kind != "redis":
        return
    d = node.get("maxmemory")
    if d is None or d.text(0) is None:
        return
    mm = parse_redis_memory(d.text(0) or "")
    if not mm:
        return
    limit = svc.memory_limit
    related = [(svc.memory_limit_span, f"container memory limit {human_bytes(limit)}")]
    target = f"{int(limit * HEADROOM) // (1024 * 1024)}mb"
    e = set_value(d, target) if limit * HEADROOM >= 1024 * 1024 else None
    autofix = ctx.fix(f"Lower maxmemory to {target} (75% of the container limit)", [e]) if e is not None else None
    if mm >= limit:
        yield ctx.finding(
            d.value_span,
            f"maxmemory {human_bytes(mm)} is not below the container limit {human_bytes(limit)}: "
            "the kernel kills Redis before it evicts or refuses writes",
            fix=f"Lower maxmemory to about {human_bytes(int(limit * HEADROOM))} (75% of the limit), or raise the limit",
            related=related,
            evidence=f"{svc.name}:maxmemory",
            autofix=autofix,
        )
    elif mm > limit * HEADROOM and (forks(node) or _is_primary(node, ctx)):
        yield ctx.finding(
            d.value_span,
            f"maxmemory {human_bytes(mm)} is {mm * 100 // limit}% of the container limit {human_bytes(limit)}: "
            "a fork for persistence or replication can exceed it",
            fix=f"Lower maxmemory to about {human_bytes(int(limit * HEADROOM))} (75% of the limit), or raise the limit",
            related=related,
            severity=Severity.HIGH,
            evidence=f"{svc.name}:maxmemory",
            autofix=autofix,
        )
