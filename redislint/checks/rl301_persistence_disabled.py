"""RL301 (persistence-disabled): Both RDB snapshots and AOF are off: a restart loses every key.

Examples, fixes and the reasoning: ``rules/RL301.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import aof_enabled, node_label, rdb_enabled
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL301",
    name="persistence-disabled",
    severity=Severity.MEDIUM,
    tags=("durability",),
    scope=Scope.NODE,
    summary="Both RDB snapshots and AOF are off: a restart loses every key",
    profile="prod",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    # Only an explicit `save ""` turns RDB off: without any save line Redis uses its built-in points.
    saves = node.all("save")
    if not saves or rdb_enabled(node) is not False or aof_enabled(node) is not False:
        return
    off = next((d for d in reversed(saves) if not d.args or d.text(0) == ""), saves[-1])
    policy = (node.value("maxmemory-policy") or "").lower()
    cache = policy.startswith("allkeys-")
    yield ctx.finding(
        off.span,
        f"persistence is off on {node_label(node)} (save \"\" and appendonly no): "
        + ("a restart empties this cache" if cache else "a restart or crash loses every key"),
        fix="Enable AOF (appendonly yes) or RDB save points, or keep this node a pure cache",
        evidence="persistence-off",
        severity=Severity.LOW if cache else None,
    )
