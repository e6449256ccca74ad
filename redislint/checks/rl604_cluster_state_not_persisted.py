"""RL604 (cluster-state-not-persisted): the cluster node's nodes.conf (cluster-config-file) is not on a
volume.

Examples, fixes and the reasoning: ``rules/RL604.md``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from redislint.checks._topology import cluster_config_path
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL604",
    name="cluster-state-not-persisted",
    severity=Severity.HIGH,
    tags=("availability", "durability"),
    scope=Scope.SERVICE,
    summary="the cluster node's nodes.conf (cluster-config-file) is not on a volume",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None or node.kind != "redis" or not node.cluster:
        return
    found = cluster_config_path(node)
    if found is None:
        return
    cpath, span = found
    m = svc.mount_for(cpath)
    if m is not None and m.type in ("bind", "volume"):
        return
    image_volume = m is None and node.data is not None and node.data.kind == "image-volume" and node.data.path == posixpath.dirname(cpath)
    if image_volume or (m is not None and m.type == "anonymous"):
        whose = "the image declares" if image_volume else "the service declares"
        yield ctx.finding(
            span,
            f"cluster state file {cpath!r} of '{svc.name}' is only on an anonymous volume {whose}: 'docker compose down -v', a new container or a renamed service loses its node id and slots, and it cannot rejoin the cluster",
            fix=f"Mount a named volume at {posixpath.dirname(cpath) or '/data'}",
            evidence=f"nodes-conf:{cpath}",
            severity=Severity.MEDIUM,
        )
        return
    where = "a tmpfs" if m is not None else "the container's own filesystem"
    yield ctx.finding(
        span,
        f"cluster state file {cpath!r} of '{svc.name}' is on {where}: a recreated container forgets its node id and slots and cannot rejoin the cluster",
        fix=f"Mount a named volume at {posixpath.dirname(cpath) or '/data'}",
        related=[(m.span, "the tmpfs")] if m is not None else [],
        evidence=f"nodes-conf:{cpath}",
    )
