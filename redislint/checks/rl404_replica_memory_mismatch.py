"""RL404 (replica-memory-mismatch): A replica has less memory (maxmemory or container limit) than its
primary.

Examples, fixes and the reasoning: ``rules/RL404.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode, ReplicationGroup
from redislint.redis.numbers import parse_redis_memory
from redislint.units import human_bytes


def _maxmemory(node: RedisNode) -> int | None:
    """Bytes of maxmemory; 0 for no limit; None when unknown."""
    d = node.get("maxmemory")
    if d is None:
        return 0 if node.complete else None
    t = d.text(0)
    return parse_redis_memory(t) if t is not None else None


@rule(
    id="RL404",
    name="replica-memory-mismatch",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.REPLICATION,
    summary="A replica has less memory (maxmemory or container limit) than its primary",
)
def check(group: ReplicationGroup, ctx: Context) -> Iterator[Finding]:
    if group.primary is None:
        return
    primary = group.primary
    pmm = _maxmemory(primary)
    plim = primary.service.memory_limit if primary.service is not None else None
    for replica in group.replicas:
        if replica is primary:
            continue
        rmm = _maxmemory(replica)
        d = replica.get("maxmemory")
        pd = primary.get("maxmemory")
        if pmm and rmm and rmm < pmm and d is not None:
            related = [(pd.value_span, f"primary '{primary.label}' maxmemory {human_bytes(pmm)}")] if pd is not None else []
            yield ctx.finding(
                d.value_span,
                f"replica '{replica.label}' has maxmemory {human_bytes(rmm)}, less than its primary "
                f"'{primary.label}' ({human_bytes(pmm)}): it cannot hold the dataset and evicts or fails to sync",
                fix="Give replicas the same maxmemory as the primary (they may be promoted)",
                related=related,
                evidence=f"{replica.label}:maxmemory",
            )
        rsvc = replica.service
        if rsvc is None or primary.service is None:
            continue
        rlim = rsvc.memory_limit
        if plim and rlim and rlim < plim and rsvc.memory_limit_span is not None:
            related = [(primary.service.memory_limit_span, f"primary '{primary.label}' limit {human_bytes(plim)}")] if primary.service.memory_limit_span else []
            yield ctx.finding(
                rsvc.memory_limit_span,
                f"replica '{replica.label}' has a container memory limit of {human_bytes(rlim)}, less than its "
                f"primary '{primary.label}' ({human_bytes(plim)}): it cannot hold the dataset",
                fix="Give replicas the same memory limit as the primary (they may be promoted)",
                related=related,
                evidence=f"{replica.label}:memory-limit",
            )
