"""RL513 (sentinel-no-replica): Sentinels watch a primary that has no replica, so a failover has
nothing to promote.

Examples, fixes and the reasoning: ``rules/RL513.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import SentinelGroup


@rule(
    id="RL513",
    name="sentinel-no-replica",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.SENTINEL_GROUP,
    summary="Sentinels watch a primary that has no replica: a failover has nothing to promote",
)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    if not group.no_replica:
        return
    first = group.monitors[0][1]
    host = first.arg(2)
    where = f"{node_label(group.primary)} has" if group.primary is not None else "no server of this compose project has a 'replicaof', so the monitored primary has"
    yield ctx.finding(
        host.span if host is not None else first.span,
        f"Sentinels monitor '{group.master_name}' but {where} no replica: when it fails, Sentinel finds no replica to promote ('-failover-abort-no-good-slave') and the master stays down",
        fix="Run at least one replica ('replicaof <primary> <port>') of the monitored primary, with the same password in 'masterauth'",
        related=[(d.span, "another Sentinel of this master") for _s, d in group.monitors[1:] if d.span.file != first.span.file or d.span.start_line != first.span.start_line][:3],
        evidence=f"no-replica:{group.master_name}",
    )
