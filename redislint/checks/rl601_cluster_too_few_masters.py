"""RL601 (cluster-too-few-masters): a cluster with fewer than 3 masters (or fewer than 6 nodes when
replicas are intended).

Examples, fixes and the reasoning: ``rules/RL601.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._topology import replica_count
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import Cluster


@rule(
    id="RL601",
    name="cluster-too-few-masters",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.CLUSTER,
    summary="a cluster with fewer than 3 masters (or fewer than 6 nodes when replicas are intended)",
)
def check(group: Cluster, ctx: Context) -> Iterator[Finding]:
    if not group.nodes:
        return
    reps = group.replicas_per_master
    if group.create_nodes is not None and group.create_span is not None:
        n = len(group.create_nodes)
        per = (reps or 0) + 1
        masters = n // per
        if masters < 3:
            yield ctx.finding(
                group.create_span,
                f"'--cluster create' lists {n} node{'s' if n != 1 else ''}"
                + (f" with --cluster-replicas {reps}" if reps else "")
                + f": {masters} master{'s' if masters != 1 else ''}, and redis-cli refuses fewer than 3 (\"Redis Cluster requires at least 3 master nodes\")",
                fix=f"List at least {3 * per} nodes ({3} masters" + (f" and {reps} replica{'s' if reps != 1 else ''} each)" if reps else ")"),
                evidence="create",
            )
        return
    counts = [replica_count(n.service) for n in group.nodes]
    if any(c is None for c in counts):
        return
    total = sum(c or 0 for c in counts)
    first = group.nodes[0]
    ce = first.get("cluster-enabled")
    span = group.create_span or (ce.span if ce is not None else first.anchor)
    if total < 3:
        yield ctx.finding(
            span,
            f"the cluster has {total} node{'s' if total != 1 else ''} ({', '.join(n.label for n in group.nodes)}): a Redis Cluster needs at least 3 masters",
            fix="Run at least 3 masters, and 3 replicas for failover (6 nodes)",
            evidence="nodes",
        )
    elif reps and total < 3 * (reps + 1):
        yield ctx.finding(
            group.create_span or span,
            f"the cluster has {total} nodes but --cluster-replicas {reps} needs {3 * (reps + 1)} for 3 masters",
            fix=f"Run {3 * (reps + 1)} nodes",
            evidence="replicas",
        )
