"""RL302 (data-not-on-volume): The data directory is not on a mounted volume: data is lost when the
container is recreated.

Examples, fixes and the reasoning: ``rules/RL302.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import DATA_ROLES, data_dir, redis_node
from redislint.checks._helpers import aof_enabled, rdb_enabled
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL302",
    name="data-not-on-volume",
    severity=Severity.HIGH,
    tags=("durability",),
    scope=Scope.SERVICE,
    summary="The data directory is not on a mounted volume: data is lost when the container is recreated",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project, DATA_ROLES)
    if node is None:
        return
    rdb, aof = rdb_enabled(node), aof_enabled(node)
    if not (rdb or aof or node.cluster):
        return  # nothing is written there (or we cannot tell)
    dd = data_dir(node, ctx.project)
    if dd is None or dd.kind in ("volume", "bind"):
        return
    span = dd.span or (dd.mount.span if dd.mount is not None else None) or svc.span
    what = "cluster state" if not (rdb or aof) else "AOF" if aof and not rdb else "RDB snapshots" if rdb and not aof else "RDB and AOF"
    if dd.kind in ("anonymous", "image-volume"):
        how = "an anonymous volume declared by the image" if dd.kind == "image-volume" else "an anonymous volume"
        yield ctx.finding(
            span,
            f"data dir {dd.path} of service '{svc.name}' ({what}) is only on {how}: "
            "'docker compose down -v', a new container or a rename loses it",
            fix=f"Mount a named volume at {dd.path} (volumes: - redis-data:{dd.path}) and declare it",
            evidence=f"{svc.name}:{dd.path}:anonymous",
            severity=Severity.MEDIUM,
        )
        return
    where = "a tmpfs (memory)" if dd.kind == "tmpfs" else "the container's writable layer"
    yield ctx.finding(
        span,
        f"data dir {dd.path} of service '{svc.name}' ({what}) is in {where}: recreating the container loses the data",
        fix=f"Mount a named volume at {dd.path} (volumes: - redis-data:{dd.path}) and declare it",
        evidence=f"{svc.name}:{dd.path}",
    )
