"""RL871 (network-policy-missing): no NetworkPolicy selects the Redis or Sentinel pods, so every
pod of the cluster can connect to them.

Examples, fixes and the reasoning: ``rules/RL871.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state, node_label
from redislint.checks._kube import kube_server
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL871",
    name="network-policy-missing",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="No NetworkPolicy selects the Redis or Sentinel pods: every pod of the cluster can connect",
    platforms=("kubernetes",),
    profile="prod",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    found = kube_server(svc, ctx.project)
    if found is None:
        return
    node, kube = found
    if kube.network_policies:
        return
    protected = node.kind == "redis" and auth_state(node).state == "set"
    yield ctx.finding(
        kube.network_policy_at or kube.span,
        f"no NetworkPolicy of the manifests selects the pods of {kube.kind} '{kube.name}' ({node_label(node)}): "
        "any pod of any namespace can connect" + (" and try its password" if protected else ""),
        fix="Add a NetworkPolicy whose podSelector matches these pods and whose ingress allows only the clients (and the replicas and Sentinels) by label",
        evidence=f"{kube.namespace}/{kube.name}:networkpolicy",
        severity=Severity.LOW if protected else Severity.MEDIUM,
    )
