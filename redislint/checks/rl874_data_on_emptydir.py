"""RL874 (data-on-emptydir): the data directory of a server with persistence on is an emptyDir,
which is deleted with the pod.

Examples, fixes and the reasoning: ``rules/RL874.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import aof_enabled, node_label, rdb_enabled
from redislint.checks._kube import kube_server
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL874",
    name="data-on-emptydir",
    severity=Severity.HIGH,
    tags=("durability",),
    scope=Scope.SERVICE,
    summary="Persistence is on but the data directory is an emptyDir: the data is deleted with the pod",
    platforms=("kubernetes",),
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    found = kube_server(svc, ctx.project)
    if found is None:
        return
    node, kube = found
    dd = node.data
    if dd is None or dd.kind != "emptydir" or dd.mount is None:
        return
    rdb, aof = rdb_enabled(node), aof_enabled(node)
    if not (rdb or aof or node.cluster):
        return
    what = "cluster state" if not (rdb or aof) else "AOF" if aof and not rdb else "RDB snapshots" if rdb and not aof else "RDB and AOF"
    replica = node.get("replicaof") is not None
    yield ctx.finding(
        dd.mount.span,
        f"data dir {dd.path} of {node_label(node)} ({what}) is an emptyDir: it survives container restarts, "
        "but a rescheduled, evicted or deleted pod starts empty" + (" and syncs the whole dataset again" if replica else ""),
        fix="Use a volumeClaimTemplate (StatefulSet) or a PersistentVolumeClaim for the data directory",
        evidence=f"{kube.namespace}/{kube.name}:{dd.path}:emptydir",
        severity=Severity.MEDIUM if replica else Severity.HIGH,
    )
