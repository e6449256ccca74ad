"""RL508, one of its checks: the address a Sentinel monitors is a Redis Cluster node, which Sentinel
cannot fail over (a cluster node refuses REPLICAOF)."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl508_sentinel_master_mismatch  # noqa: F401  (declares RL508)
from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, extend
from redislint.model.project import SentinelGroup


@extend(id="RL508", scope=Scope.SENTINEL_GROUP)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    if group.stack is None:
        return
    hosts = ctx.project.hosts(group.stack)
    reported: set[str] = set()
    for s, m in group.lines:
        host = m.host_text
        if host is None or m.host is None or host in reported:
            continue
        target = hosts.resolve(host)
        if target is None or not target.cluster:
            continue
        reported.add(host)
        yield ctx.finding(
            m.host.span,
            f"Sentinel {node_label(s)} monitors '{group.master_name}' at {node_label(target)}, a cluster node: Sentinel cannot fail over a Redis Cluster (a cluster node refuses REPLICAOF), the cluster fails over by itself",
            fix="Drop the Sentinels and let the cluster fail over (give each master a replica), or monitor a primary that is not a cluster node",
            evidence=f"cluster:{group.master_name}:{host}",
        )
