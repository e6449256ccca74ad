"""RL602 (cluster-port-remapped): a cluster node publishes a remapped port without cluster-announce-*:
clients are redirected to unreachable addresses.

Examples, fixes and the reasoning: ``rules/RL602.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._topology import bus_port, remapped, several_servers
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL602",
    name="cluster-port-remapped",
    severity=Severity.CRITICAL,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="a cluster node publishes a remapped port without cluster-announce-*: clients are redirected to unreachable addresses",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if several_servers(svc):
        return  # every node runs in this one container: the cluster talks over its loopback
    if node is None or node.kind != "redis" or not node.cluster:
        return
    port = node.port
    if port is None:
        return
    checks = [(port, "cluster-announce-port", "client")]
    bp = bus_port(node)
    if bp is not None:
        checks.append((bp, "cluster-announce-bus-port", "bus"))
    for cport, directive, what in checks:
        maps = remapped(svc, cport, node.stack)
        if not maps:
            continue
        if node.get(directive) is not None or (what == "client" and node.get("cluster-announce-tls-port") is not None):
            continue
        if not node.complete:
            continue
        for p, hp in maps:
            shown = f"host port {hp}" if hp is not None else "a random host port"
            yield ctx.finding(
                p.span,
                f"cluster node '{svc.name}' publishes its {what} port {cport} on {shown} without '{directive}': the cluster announces {cport}, so MOVED redirects and the bus point at unreachable addresses",
                fix=f"Publish the port 1:1 ('{cport}:{cport}'), set {directive} (and cluster-announce-ip), or use network_mode: host",
                evidence=f"{what}:{cport}",
            )
