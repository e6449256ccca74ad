"""RL605 (cluster-config-shared): two cluster nodes share one cluster-config-file on the same volume:
the second exits.

Examples, fixes and the reasoning: ``rules/RL605.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._topology import cluster_config_path, replica_count, storage_key
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import Cluster, RedisNode
from redislint.model.span import Span


@rule(
    id="RL605",
    name="cluster-config-shared",
    severity=Severity.CRITICAL,
    tags=("availability",),
    scope=Scope.CLUSTER,
    summary="two cluster nodes share one cluster-config-file on the same volume: the second exits",
)
def check(group: Cluster, ctx: Context) -> Iterator[Finding]:
    users: dict[tuple[str, ...], list[tuple[RedisNode, Span, str]]] = {}
    for n in group.nodes:
        svc = n.service
        if svc is None:
            continue
        found = cluster_config_path(n)
        if found is None:
            continue
        cpath, span = found
        key = storage_key(n.stack, svc, cpath)
        if key is None:
            continue
        reps = replica_count(svc)
        if reps is not None and reps > 1 and not key[1].per_replica:
            yield ctx.finding(
                key[1].span,
                f"'{svc.name}' runs {reps} cluster nodes that all write {cpath!r} on the same {key[1].type} mount: all but one exit",
                fix="Give every node its own service and volume, or its own cluster-config-file name",
                evidence=f"replicas:{svc.name}",
            )
        users.setdefault(key[0], []).append((n, span, cpath))
    for nodes in users.values():
        if len(nodes) < 2:
            continue
        first = nodes[0][0]
        for n, span, cpath in nodes[1:]:
            yield ctx.finding(
                span,
                f"cluster node '{n.label}' uses the same cluster-config-file {cpath!r} on the same volume as '{first.label}': the second node exits ('already used by a different Redis Cluster node')",
                fix="Give every node its own volume, or a distinct cluster-config-file name (nodes-7001.conf ...)",
                related=[(nodes[0][1], f"the file of '{first.label}'")],
                evidence=f"shared:{n.label}",
            )
