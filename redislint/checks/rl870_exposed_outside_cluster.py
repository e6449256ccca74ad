"""RL870 (exposed-outside-cluster): a NodePort or LoadBalancer Service sends traffic from outside
the cluster to Redis or Sentinel.

Examples, fixes and the reasoning: ``rules/RL870.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._kube import kube_server
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL870",
    name="exposed-outside-cluster",
    severity=Severity.HIGH,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="A NodePort or LoadBalancer Service exposes Redis or Sentinel outside the cluster",
    platforms=("kubernetes",),
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    found = kube_server(svc, ctx.project)
    if found is None:
        return
    node, kube = found
    port = node.port
    for sel in kube.services:
        if sel.type not in ("NodePort", "LoadBalancer") or (sel.ports and port not in sel.ports):
            continue
        limited = sel.type == "LoadBalancer" and sel.source_ranges
        where = "on every node's address" if sel.type == "NodePort" else "on a load balancer's address"
        yield ctx.finding(
            sel.type_span or sel.span,
            f"Service '{sel.name}' ({sel.type}) exposes {node_label(node)} {where}"
            + (", limited by loadBalancerSourceRanges" if limited else ": anyone who reaches it can try passwords and commands"),
            fix="Use a ClusterIP Service for clients inside the cluster; reach it from outside through a VPN, a bastion or a TLS proxy",
            evidence=f"{sel.namespace}/{sel.name}:{sel.type}",
            severity=Severity.MEDIUM if limited else Severity.HIGH,
        )
