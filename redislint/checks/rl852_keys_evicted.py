"""RL852 (keys-evicted): a server that holds data beyond a cache has evicted keys.

Examples, fixes and the reasoning: ``rules/RL852.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import int_field, live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL852",
    name="keys-evicted",
    severity=Severity.HIGH,
    tags=("availability", "durability"),
    scope=Scope.NODE,
    platforms=("live",),
    summary="a datastore (persistence or replication on) has evicted keys: data was dropped to free memory",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None or node.datastore is None:
        return
    v = facts.field("evicted_keys")
    n = int_field(facts, "evicted_keys")
    if v is None or n is None or n <= 0:
        return
    yield ctx.finding(
        v.span,
        f"{node_label(node)} keeps its data ({node.datastore}) yet evicted {n} keys since it started: maxmemory was reached and keys were dropped",
        fix="Give it more memory (maxmemory), or maxmemory-policy noeviction so writes fail instead of data disappearing",
        evidence="evicted_keys",
    )
