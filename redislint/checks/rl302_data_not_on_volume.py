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
from redislint.model.span import Span


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
    if dd is None or dd.kind in ("volume", "bind", "emptydir"):
        return  # an emptyDir outlives container restarts, not the pod: RL874's
    if svc.platform == "image":
        yield from _image(svc, dd.path, dd.kind, dd.span or svc.span, what_of(rdb, aof, node.cluster), ctx)
        return
    span = dd.span or (dd.mount.span if dd.mount is not None else None) or svc.span
    what = what_of(rdb, aof, node.cluster)
    if dd.kind in ("anonymous", "image-volume"):
        how = "an anonymous volume declared by the image" if dd.kind == "image-volume" else "an anonymous volume"
        down = "'docker rm -v'" if svc.platform == "docker-run" else "'docker compose down -v'"
        yield ctx.finding(
            span,
            f"data dir {dd.path} of service '{svc.name}' ({what}) is only on {how}: "
            f"{down}, a new container or a rename loses it",
            fix=f"Mount a named volume at {dd.path} (volumes: - redis-data:{dd.path}) and declare it",
            evidence=f"{svc.name}:{dd.path}:anonymous",
            severity=Severity.MEDIUM,
        )
        return
    where = "a tmpfs (memory)" if dd.kind == "tmpfs" else "the container's writable layer"
    kube = svc.platform == "kubernetes"
    yield ctx.finding(
        span,
        f"data dir {dd.path} of service '{svc.name}' ({what}) is in {where}: "
        + ("a container restart loses the data (Kubernetes does not create the image's VOLUME)" if kube and dd.kind == "none" else "recreating the container loses the data"),
        fix=f"Mount a volumeClaimTemplate or PersistentVolumeClaim at {dd.path}" if kube else f"Mount a named volume at {dd.path} (volumes: - redis-data:{dd.path}) and declare it",
        evidence=f"{svc.name}:{dd.path}",
    )


def what_of(rdb: bool | None, aof: bool | None, cluster: bool) -> str:
    return "cluster state" if not (rdb or aof) else "AOF" if aof and not rdb else "RDB snapshots" if rdb and not aof else "RDB and AOF"


def _image(svc: Service, path: str, kind: str, span: Span, what: str, ctx: Context) -> Iterator[Finding]:
    """An image alone: how it is run is not written, but a VOLUME that misses the data directory
    misleads every run that mounts the volume the image declares."""
    df = ctx.project.dockerfile(svc)
    if df is None or kind != "none" or not df.volumes:
        return
    yield ctx.finding(
        span,
        f"the image declares VOLUME {', '.join(df.volumes)} but its server writes its data ({what}) to {path}: "
        "a run that mounts the image's volume keeps none of it",
        fix=f"Declare VOLUME {path}, or point dir at the declared volume",
        related=[(df.volume_spans[0], "the image's VOLUME")] if df.volume_spans else [],
        evidence=f"{svc.name}:{path}:image-volume",
    )
