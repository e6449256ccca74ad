"""RL873 (anti-affinity-missing): the pods of a Sentinel or replicated group have no pod
anti-affinity or topology spread: the scheduler may put them on one node.

Examples, fixes and the reasoning: ``rules/RL873.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._kube import in_group, kube_server
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL873",
    name="anti-affinity-missing",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="Sentinels or replicas have no pod anti-affinity or topology spread: one node failure may take them all",
    platforms=("kubernetes",),
    profile="prod",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    found = kube_server(svc, ctx.project)
    if found is None:
        return
    node, kube = found
    replicas = svc.workload.replicas
    if kube.anti_affinity or replicas is None or replicas < 2 or not in_group(node, ctx.project):
        return  # a DaemonSet runs one pod per node; a single pod has nothing to spread
    yield ctx.finding(
        kube.replicas_span or kube.span,
        f"the {replicas} pods of {kube.kind} '{kube.name}' ({node_label(node)}) have no podAntiAffinity or "
        "topologySpreadConstraints: the scheduler may place them on one node, whose failure takes them all",
        fix="Add podAntiAffinity (requiredDuringScheduling... on kubernetes.io/hostname) or a topologySpreadConstraint with maxSkew 1",
        evidence=f"{kube.namespace}/{kube.name}:anti-affinity",
        severity=Severity.MEDIUM if node.kind == "sentinel" else Severity.LOW,
    )
