"""RL872 (pdb-missing): a replicated or Sentinel group has no PodDisruptionBudget, so a node drain
may evict several of its pods at once.

Examples, fixes and the reasoning: ``rules/RL872.md``.
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
    id="RL872",
    name="pdb-missing",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="No PodDisruptionBudget for the pods of a replicated or Sentinel group: a node drain evicts them together",
    platforms=("kubernetes",),
    profile="prod",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    found = kube_server(svc, ctx.project)
    if found is None:
        return
    node, kube = found
    if kube.pdbs or kube.kind == "Pod" or not in_group(node, ctx.project):
        return
    yield ctx.finding(
        kube.pdb_at or kube.span,
        f"no PodDisruptionBudget selects the pods of {kube.kind} '{kube.name}' ({node_label(node)}, of a replicated or Sentinel group): "
        "a node drain or a cluster upgrade may evict several at once and take the quorum or every copy of the data",
        fix="Add a PodDisruptionBudget with maxUnavailable: 1 whose selector matches these pods",
        evidence=f"{kube.namespace}/{kube.name}:pdb",
    )
