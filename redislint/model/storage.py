"""Where a Redis node keeps its data (``dump.rdb``, ``appendonlydir``, ``nodes.conf``) and what provides
that directory: a named volume, a bind mount, an anonymous volume, tmpfs, the image's own ``VOLUME``, or
nothing (the container's writable layer). Built once per node by the link stage and kept on
:attr:`redislint.model.project.RedisNode.data`."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Literal

from redislint.model.base import Struct
from redislint.model.compose import Mount, Service
from redislint.model.container import DATA_DIR
from redislint.model.dockerfile import Dockerfile
from redislint.model.span import Span

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

BITNAMI_DATA = "/bitnami/redis/data"


def image_workdir(node: RedisNode, df: Dockerfile | None) -> str | None:
    """The directory Redis starts in (where a relative ``dir`` points), or None when unknown."""
    img = node.image
    svc = node.service
    if svc is not None:
        wd = svc.workload.working_dir
        if wd is not None and wd.startswith("/"):
            return posixpath.normpath(wd)
        if df is not None and df.workdir != "/":
            return str(df.workdir)
    if img is None:
        return None
    if img.product in ("redis", "valkey") and img.flavour in ("official", "stack"):
        return DATA_DIR
    if img.flavour == "custom" and svc is not None and svc.build is not None:
        # built FROM an official image: WORKDIR is inherited
        return DATA_DIR
    return None


def image_declares_volume(node: RedisNode, df: Dockerfile | None, path: str) -> bool | None:
    """Whether the image declares ``VOLUME path`` (an anonymous volume at the data dir)."""
    svc = node.service
    if svc is not None and df is not None and any(posixpath.normpath(v.strip("\"'")) == path for v in df.volumes):
        return True
    img = node.image
    if img is None or path != DATA_DIR:
        return False
    if img.flavour not in ("official", "custom", "stack") or img.product not in ("redis", "valkey"):
        return False
    if img.product == "valkey":
        return True
    # docker-library/redis up to 7.4 and the 2024 8.0 images declare VOLUME /data; the newest 8.x
    # images (redis/docker-library-redis, 8.6.4) do not [facts 4, 7]. Where exactly it went is not
    # verified: 8.2 and newer (and untagged, i.e. the newest) count as "no VOLUME".
    v = img.version
    if v is None:
        return False
    if v[0] < 8:
        return True
    return v[0] == 8 and len(v) > 1 and v[1] == 0


class DataDir(Struct):
    path: str
    """Absolute container path of the data directory."""
    span: Span | None
    """The ``dir`` directive's value, when the config sets it."""
    mount: Mount | None
    kind: Literal["volume", "bind", "anonymous", "tmpfs", "image-volume", "emptydir", "none"]


def _tmpfs_covers(svc: Service, cpath: str) -> bool:
    for t in svc.workload.tmpfs:
        t = posixpath.normpath(t.split(":", 1)[0])
        if cpath == t or cpath.startswith(t.rstrip("/") + "/"):
            return True
    return False


def build_data_dir(node: RedisNode, df: Dockerfile | None) -> DataDir | None:
    """Where the node keeps dump.rdb / appendonlydir / nodes.conf, and what holds it (``df``: the
    Dockerfile its service builds from). None: unknown."""
    svc = node.service
    if svc is None or node.kind != "redis":
        return None
    img = node.image
    explicit = node.invocation is not None and not node.invocation.implicit and node.get("dir") is not None
    if img is not None and img.flavour == "bitnami" and not explicit:
        # the image's run.sh sets dir; a server started by its own command line (a chart's start
        # script) keeps the dir it is given
        path: str | None = BITNAMI_DATA
        span = None
    else:
        cwd = image_workdir(node, df)
        d = node.get("dir")
        span = None
        if d is not None:
            t = d.text(0)
            if t is None:
                return None
            span = d.value_span
            if t.startswith("/"):
                path = posixpath.normpath(t)
            elif cwd is None:
                return None
            else:
                path = posixpath.normpath(posixpath.join(cwd, t))
        else:
            if not node.complete:
                return None
            path = cwd
    if path is None:
        return None
    m = svc.mount_for(path)
    if _tmpfs_covers(svc, path) and (m is None or m.type == "tmpfs"):
        return DataDir(path, span, m, "tmpfs")
    if m is not None:
        if m.type == "volume":
            return DataDir(path, span, m, "volume")
        if m.type == "bind":
            return DataDir(path, span, m, "bind")
        if m.type == "anonymous":
            return DataDir(path, span, m, "anonymous")
        if m.type == "tmpfs":
            return DataDir(path, span, m, "tmpfs")
        if m.type == "emptydir":
            return DataDir(path, span, m, "emptydir")
        return DataDir(path, span, m, "volume")
    if svc.platform != "kubernetes" and image_declares_volume(node, df, path):  # the kubelet ignores VOLUME
        return DataDir(path, span, None, "image-volume")
    return DataDir(path, span, None, "none")
