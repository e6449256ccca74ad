"""A service's container file system: which repository file is at a container path, and whether
something outside the repository provides it. Pure questions over the model (mounts, secrets, configs,
the image's COPY lines); nothing here reads a file."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING

from redislint.model.compose import Service, Stack
from redislint.model.dockerfile import Dockerfile

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

DATA_DIR = "/data"
"""The working directory of the official images, where a relative path in a command points."""


def container_path(path: str, cwd: str = DATA_DIR) -> str:
    """Absolute container path for a path as a program sees it (relative ones are against ``cwd``)."""
    if path.startswith("/"):
        return posixpath.normpath(path)
    return posixpath.normpath(posixpath.join(cwd, path))


def host_path(svc: Service, stack: Stack | None, cpath: str, df: Dockerfile | None = None) -> str | None:
    """The repository file that appears at ``cpath`` inside the service's container: through bind
    mounts (the longest target wins), secrets and configs with ``file:``, and ``df``'s COPY lines."""
    cpath = posixpath.normpath(cpath)
    best: tuple[int, str] | None = None
    for m in svc.volumes:
        if m.type != "bind" or not m.host_path or not m.target:
            continue
        t = posixpath.normpath(m.target)
        if cpath == t:
            return m.host_path
        if cpath.startswith(t.rstrip("/") + "/") and (best is None or len(t) > best[0]):
            best = (len(t), os.path.join(m.host_path, posixpath.relpath(cpath, t)))
    if best is not None:
        return best[1]
    for ref, section in [(r, "secrets") for r in svc.secrets] + [(r, "configs") for r in svc.configs]:
        if posixpath.normpath(ref.target) == cpath and stack is not None:
            top = getattr(stack, section).get(ref.name)
            if top is not None and top.file:
                return str(top.file)
    if df is not None and svc.build is not None and svc.build.context:
        for src, dest, _line in df.copies:
            d = dest if dest.startswith("/") else posixpath.join(df.workdir, dest)
            d = posixpath.normpath(d)
            if dest.endswith("/") or dest in (".", ".."):
                d = posixpath.join(d, posixpath.basename(src))
            if d == cpath:
                return os.path.normpath(os.path.join(svc.build.context, src))
    return None


def provided_elsewhere(svc: Service, stack: Stack | None, cpath: str) -> bool:
    """True when something outside the repository puts content at ``cpath`` in the service's
    container: a secret or config without ``file:`` (``environment:``, ``content:``, ``external:``),
    or a named volume or image mount (filled by another container or by hand), a Kubernetes
    ConfigMap or Secret volume (the object may be made at deploy time) or emptyDir (an init
    container fills it), or a bind mount
    whose host path is only known at deploy time (``${CONFIG_DIR}/redis.conf:/etc/redis.conf``).
    Such a file exists at run time but cannot be read here."""
    cpath = posixpath.normpath(cpath)
    if stack is not None:
        for ref, section in [(r, stack.secrets) for r in svc.secrets] + [(r, stack.configs) for r in svc.configs]:
            top = section.get(ref.name)
            if top is not None and top.file is None and posixpath.normpath(ref.target) == cpath:
                return True
    m = svc.mount_for(cpath)
    return m is not None and (
        m.type in ("volume", "image", "cluster", "configmap", "secret", "emptydir")
        or (m.type == "bind" and m.host_path is None and m.source is not None)
    )


def aclfile_host_path(node: RedisNode, stack_host_path: Callable[[Service, str], str | None] | None, path: str) -> str | None:
    """The repository file an ``aclfile`` path names: traced through the service's mounts (bind mounts,
    secrets, configs) with ``stack_host_path``, or relative to the config file's folder for a bare
    config file."""
    svc = node.service
    if svc is not None:
        return stack_host_path(svc, container_path(path)) if stack_host_path is not None else None
    if os.path.isabs(path):
        return None
    base = os.path.dirname(node.conf_file) if node.conf_file else None
    return os.path.normpath(os.path.join(base, path)) if base else None
