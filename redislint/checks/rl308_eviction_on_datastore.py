"""RL308 (eviction-on-datastore): An allkeys-* eviction policy on a node used as a datastore, queue or
lock server.

Examples, fixes and the reasoning: ``rules/RL308.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import queue_consumers
from redislint.checks._helpers import aof_enabled, node_label, rdb_enabled
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL308",
    name="eviction-on-datastore",
    severity=Severity.MEDIUM,
    tags=("durability", "correctness"),
    scope=Scope.NODE,
    summary="An allkeys-* eviction policy on a node used as a datastore, queue or lock server",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    d = node.get("maxmemory-policy")
    if d is None:
        return
    policy = (d.text(0) or "").lower()
    if not policy.startswith("allkeys-"):
        return
    reasons: list[str] = []
    # Explicit persistence says "keep this data": appendonly yes, or save points written down
    # (the built-in save points of a config that never mentions `save` do not count).
    if aof_enabled(node) is True:
        reasons.append("AOF is on")
    elif node.all("save") and rdb_enabled(node) is True:
        reasons.append("RDB save points are configured")
    consumers = queue_consumers(node, ctx.project)
    if consumers:
        svc, what = consumers[0]
        reasons.append(f"service '{svc.name}' uses it as a {what} backend")
    if not reasons:
        return
    yield ctx.finding(
        d.value_span,
        f"'maxmemory-policy {policy}' on {node_label(node)} evicts any key when memory is full, "
        f"but {' and '.join(reasons)}: jobs, locks or stored data silently disappear",
        fix="Use noeviction (writes fail loudly when full) and size maxmemory, or split cache and data into two servers",
        evidence=f"maxmemory-policy:{policy}",
    )
