"""RL301 (persistence-disabled): Both RDB snapshots and AOF are off: a restart loses every key.

Examples, fixes and the reasoning: ``rules/RL301.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import aof_enabled, node_label, rdb_enabled
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL301",
    name="persistence-disabled",
    severity=Severity.MEDIUM,
    tags=("durability",),
    scope=Scope.NODE,
    summary="Both RDB snapshots and AOF are off: a restart loses every key",
    profile="prod",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    # Only an explicit `save ""` turns RDB off: without any save line Redis uses its built-in points.
    saves = node.all("save")
    if not saves or rdb_enabled(node) is not False or aof_enabled(node) is not False:
        return
    off = next((d for d in reversed(saves) if not d.args or d.text(0) == ""), saves[-1])
    policy = (node.value("maxmemory-policy") or "").lower()
    # a cache: an allkeys-* policy evicts at will, or nothing would keep the data anyway (no replica
    # or Sentinel depends on it and its data directory is on no volume: a pod's own layer, an
    # emptyDir or a tmpfs, and it is no StatefulSet, the controller chosen to keep state), so
    # persistence is off by design
    kube = node.service.kube if node.service is not None else None
    no_storage = node.data is not None and node.data.kind in ("none", "emptydir", "tmpfs") and (kube is None or kube.kind != "StatefulSet")
    cache = policy.startswith("allkeys-") or (node.datastore is None and no_storage)
    replicas = list(ctx.project.index.replicas_by_primary.get(node, ()))
    if replicas and node.get("replicaof") is None and _restarts(node):
        yield ctx.finding(
            off.span,
            f"persistence is off on {node_label(node)}, a primary with {len(replicas)} replica{'s' if len(replicas) != 1 else ''} that restarts by itself: "
            "after a crash it comes back empty, and its replicas sync to that empty dataset and lose their copy too",
            fix="Enable AOF (appendonly yes) or RDB save points on the primary, or turn off its automatic restart (Redis's replication guide)",
            related=[(r.anchor, f"replica {node_label(r)}") for r in replicas[:3]],
            evidence="persistence-off",
            severity=Severity.HIGH,
        )
        return
    yield ctx.finding(
        off.span,
        f"persistence is off on {node_label(node)} (save \"\" and appendonly no): "
        + ("a restart empties this cache" if cache else "a restart or crash loses every key"),
        fix="Enable AOF (appendonly yes) or RDB save points, or keep this node a pure cache",
        evidence="persistence-off",
        severity=Severity.LOW if cache else None,
    )


def _restarts(node: RedisNode) -> bool:
    """The container restarts by itself after a crash: ``restart: always | unless-stopped |
    on-failure`` or a Swarm ``deploy.restart_policy`` (whose default condition is ``any``)."""
    svc = node.service
    if svc is None:
        return False
    if svc.restart is not None:
        return (svc.restart.text or "").strip().lower().split(":")[0] in ("always", "unless-stopped", "on-failure")
    return svc.workload.restart_written
