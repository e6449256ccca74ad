"""RL603 (cluster-bus-unreachable): a cluster node publishes its client port but not its cluster bus
port.

Examples, fixes and the reasoning: ``rules/RL603.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._topology import bus_port, host_network, published, several_servers
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL603",
    name="cluster-bus-unreachable",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="a cluster node publishes its client port but not its cluster bus port",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if several_servers(svc):
        return  # every node runs in this one container: the cluster talks over its loopback
    if node is None or node.kind != "redis" or not node.cluster or host_network(svc):
        return
    port, bp = node.port, bus_port(node)
    if port is None or bp is None:
        return
    client = published(svc, port)
    if not client or published(svc, bp):
        return
    if any(not p.known for p in svc.ports):
        return
    yield ctx.finding(
        client[0].span,
        f"cluster node '{svc.name}' publishes client port {port} but not its cluster bus port {bp}: nodes outside this Docker network cannot join or gossip",
        fix=f"Publish the bus port too ('{bp}:{bp}'), or keep every node and client inside one Docker network",
        evidence=f"bus:{bp}",
    )
