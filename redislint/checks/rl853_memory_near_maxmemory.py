"""RL853 (memory-near-maxmemory): used memory is 90% of maxmemory or more.

Examples, fixes and the reasoning: ``rules/RL853.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import int_field, live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode
from redislint.redis.numbers import parse_redis_memory

RATIO = 0.9


@rule(
    id="RL853",
    name="memory-near-maxmemory",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.NODE,
    platforms=("live",),
    summary="used memory is at 90% of maxmemory or more: evictions or refused writes are near",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None:
        return
    d = node.get("maxmemory")
    limit = parse_redis_memory(d.text(0) or "") if d is not None else int_field(facts, "maxmemory")
    used = int_field(facts, "used_memory")
    v = facts.field("used_memory")
    if v is None or used is None or not limit or limit <= 0 or used < RATIO * limit:
        return
    yield ctx.finding(
        v.span,
        f"{node_label(node)} uses {used} bytes, {used * 100 // limit}% of maxmemory {limit}: "
        f"{'keys are evicted' if (node.value('maxmemory-policy') or facts.text('maxmemory_policy') or 'noeviction') != 'noeviction' else 'writes are refused'} at the limit",
        fix="Raise maxmemory (within the memory the host or container gives), or reduce what is stored",
        evidence="used_memory",
    )
