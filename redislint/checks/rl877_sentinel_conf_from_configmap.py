"""RL877 (sentinel-conf-from-configmap): Sentinel runs on a sentinel.conf mounted from a ConfigMap
or Secret, which is read-only: Sentinel exits.

Examples, fixes and the reasoning: ``rules/RL877.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL877",
    name="sentinel-conf-from-configmap",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.SENTINEL,
    summary="Sentinel runs on a sentinel.conf mounted from a ConfigMap (read-only): it exits, it must rewrite the file",
    platforms=("kubernetes",),
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    svc, inv = node.service, node.invocation
    if svc is None or svc.kube is None or inv is None or svc.kube.conf_from_configmap is None:
        return
    yield ctx.finding(
        svc.kube.conf_from_configmap,
        f"{node_label(node)} runs Sentinel on '{inv.conf_path}', a file of a ConfigMap or Secret volume, which the kubelet mounts "
        "read-only: Sentinel exits ('is not writable'), as it must rewrite its config",
        fix="Copy the file in an init container to an emptyDir (cp /config/sentinel.conf /data/sentinel.conf) and run Sentinel on the copy",
        evidence=f"{svc.kube.namespace}/{svc.kube.name}:{inv.conf_path}",
    )
