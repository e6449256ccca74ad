"""RL704 (tls-replication-disabled): TLS is on but replication or the cluster bus is still plaintext.

One check per scope: replication, cluster. Examples, fixes and the reasoning: ``rules/RL704.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._tls import tls_on
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend, rule
from redislint.model.project import Cluster, RedisNode, ReplicationGroup


def _off(node: RedisNode, name: str, ctx: Context, why: str) -> Iterator[Finding]:
    d = node.get(name)
    val = node.flag(name, False)
    if val is not False:
        return
    if d is None and not node.complete:
        return
    span = d.span if d is not None else node.anchor
    yield ctx.finding(
        span,
        f"{node_label(node)} uses TLS but {name} is {'no' if d is not None else 'not set (default no)'}: {why}",
        fix=f"Set {name} yes",
        evidence=name,
    )


@rule(
    id="RL704",
    name="tls-replication-disabled",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.REPLICATION,
    summary="TLS is on but replication or the cluster bus is still plaintext",
)
def check(group: ReplicationGroup, ctx: Context) -> Iterator[Finding]:
    primary_tls = tls_on(group.primary) if group.primary is not None else None
    for replica in group.replicas:
        if tls_on(replica) or primary_tls:
            yield from _off(
                replica, "tls-replication", ctx,
                "its link to the primary (full dataset and the replication stream) is not encrypted",
            )


@extend(id="RL704", scope=Scope.CLUSTER)
def check_cluster(group: Cluster, ctx: Context) -> Iterator[Finding]:
    for node in group.nodes:
        if tls_on(node):
            yield from _off(node, "tls-cluster", ctx, "the cluster bus between nodes is not encrypted")
