"""RL401 (maxmemory-unset): maxmemory is not set: Redis grows until the kernel kills it.

Examples, fixes and the reasoning: ``rules/RL401.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode
from redislint.redis.numbers import parse_redis_memory


def _severity(node: RedisNode) -> Severity:
    """HIGH for a datastore (persistence written, replication, Sentinel, cluster) or under a container
    memory limit (the kernel kills it at the limit); MEDIUM for a cache on a host with memory."""
    limited = node.service is not None and node.service.memory_limit is not None and node.service.memory_limit > 0
    return Severity.HIGH if node.datastore is not None or limited else Severity.MEDIUM


@rule(
    id="RL401",
    name="maxmemory-unset",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.NODE,
    summary="maxmemory is not set: Redis grows until the kernel kills it",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    d = node.get("maxmemory")
    if d is None:
        if not node.complete:
            return
        yield ctx.finding(
            node.anchor,
            f"'maxmemory' is not set on {node_label(node)}: memory grows until the OOM killer stops the server",
            fix="Set maxmemory to about 75% of the memory the server may use (the container limit)",
            evidence="maxmemory",
            severity=_severity(node),
        )
        return
    t = d.text(0)
    if t is not None and parse_redis_memory(t) == 0:
        yield ctx.finding(
            d.value_span,
            f"'maxmemory 0' means no limit on {node_label(node)}",
            fix="Set maxmemory to about 75% of the memory the server may use (the container limit)",
            evidence="maxmemory",
            severity=_severity(node),
        )
