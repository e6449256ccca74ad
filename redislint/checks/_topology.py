"""Shared helpers for the replication, Sentinel and cluster rules (RL107, RL203, RL5xx, RL6xx).

Not a rule: the leading underscore keeps the registry away.
"""

from __future__ import annotations

import ipaddress
import posixpath
import re

from redislint.checks._linked import linked
from redislint.model.auth import Secret
from redislint.model.compose import Mount, Port, Service, Stack
from redislint.model.container import DATA_DIR
from redislint.model.project import Project, RedisNode, SentinelGroup
from redislint.model.sentinel import SentinelConfig, to_int
from redislint.model.span import Span

# --------------------------------------------------------------------------- addresses


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def host_network(svc: Service | None) -> bool:
    return svc is not None and svc.network_mode is not None and svc.network_mode.text == "host"


# --------------------------------------------------------------------------- replicas / scale


def replica_count(svc: Service | None) -> int | None:
    """How many containers a service runs (``deploy.replicas`` / ``scale``), None when unknown."""
    return 1 if svc is None else svc.workload.replicas


def spread_key(svc: Service | None) -> Span | None:
    """Where a service says how Swarm spreads it over hosts (placement constraints, max per node)."""
    return None if svc is None else svc.workload.placement_span


# --------------------------------------------------------------------------- passwords


def requirepass(node: RedisNode) -> Secret:
    """The node's password as a comparable :class:`Secret` (set by the link stage)."""
    return linked(node.password, node, "password")


def masterauth(node: RedisNode) -> Secret:
    """The password the node gives its primary, as a comparable :class:`Secret` (set by the link stage)."""
    return linked(node.masterauth, node, "masterauth")


def masteruser(node: RedisNode) -> str | None:
    """The ACL user a replica authenticates as ('default' when none)."""
    d = node.get("masteruser")
    if d is None:
        return "default"
    return d.text(0)


# --------------------------------------------------------------------------- Sentinel config

def sentinel_config(node: RedisNode) -> SentinelConfig:
    """The Sentinel view of ``node``'s directives (built by the link stage for every node)."""
    return linked(node.sentinel, node, "sentinel")


def sentinel_count(group: SentinelGroup) -> int | None:
    """Sentinel processes of a group (compose replicas counted), None when unknown."""
    total = 0
    for s in group.sentinels:
        n = replica_count(s.service)
        if n is None:
            return None
        total += n
    return total


def sentinel_groups_of(project: Project, group: SentinelGroup) -> bool:
    """True for the first Sentinel group of its stack / folder (rules that look at a whole scope once)."""
    return group.first_in_scope


def scope_sentinels(project: Project, group: SentinelGroup) -> list[RedisNode]:
    out: dict[RedisNode, None] = {}
    for g in project.index.sentinel_groups_by_scope.get(group.scope, ()):
        for s in g.sentinels:
            out.setdefault(s)
    return list(out)


# --------------------------------------------------------------------------- mounts and storage


def _norm(p: str) -> str:
    return posixpath.normpath(p)


def storage_key(stack: Stack | None, svc: Service, cpath: str) -> tuple[tuple[str, ...], Mount] | None:
    """What two containers must share to see the same file at ``cpath`` (a host path, or a named volume
    and a path inside it), with the mount. None when the file lives in the container's own layer or an
    anonymous volume or tmpfs."""
    m = svc.mount_for(cpath)
    if m is None:
        return None
    rel = posixpath.relpath(_norm(cpath), _norm(m.target))
    if m.type == "bind" and m.host_path:
        return ("bind", _norm(posixpath.join(m.host_path, rel)) if rel != "." else _norm(m.host_path)), m
    if m.type == "volume" and m.source and not m.per_replica:
        return ("volume", stack.name if stack is not None else "", m.source, rel), m
    return None


# --------------------------------------------------------------------------- ports


def _unset_in(p: Port, stack: Stack | None) -> bool:
    """The mapping uses a compose variable without a value (compose substitutes '': RL010 reports it)."""
    if stack is None:
        return False
    return any(sp.file == p.span.file and sp.start_line == p.span.start_line for _v, sp, _pw in stack.unset_variables)


def remapped(svc: Service, container_port: int, stack: Stack | None = None) -> list[tuple[Port, int | None]]:
    """Published mappings of ``container_port`` whose host port differs (None: an ephemeral host port)."""
    out: list[tuple[Port, int | None]] = []
    if host_network(svc):
        return out
    for p in svc.ports:
        if not p.known or container_port not in p.container_ports or _unset_in(p, stack):
            continue
        hp = p.host_port_for(container_port)
        if p.host_port is None or p.host_port.strip() == "":
            out.append((p, None))
        elif hp is not None and hp != container_port:
            out.append((p, hp))
    return out


def published(svc: Service, container_port: int) -> list[Port]:
    return [p for p in svc.ports if p.known and container_port in p.container_ports]


def bus_port(node: RedisNode) -> int | None:
    d = node.get("cluster-port")
    if d is not None:
        v = to_int(d.text(0))
        if v is None:
            return None
        if v != 0:
            return v
    p = node.port
    return p + 10000 if p is not None else None


def cluster_config_path(node: RedisNode) -> tuple[str, Span] | None:
    """Container path of a cluster node's nodes.conf and where it is decided; None when unknown."""
    d = node.get("cluster-config-file")
    name = d.text(0) if d is not None else "nodes.conf"
    if name is None:
        return None
    dd = node.get("dir")
    span = d.value_span if d is not None else (dd.value_span if dd is not None else node.anchor)
    if name.startswith("/"):
        return posixpath.normpath(name), span
    if dd is not None:
        base = dd.text(0)
        if base is None or not base.startswith("/"):
            return None
    else:
        img = node.image
        if not node.complete or img is None or img.flavour != "official" or img.product not in ("redis", "valkey"):
            return None
        base = DATA_DIR  # WORKDIR of the official images
    return posixpath.normpath(posixpath.join(base, name)), span


_SERVER = re.compile(r"\b(redis|valkey)-server\b")


def several_servers(svc: Service | None) -> bool:
    """The service's shell starts more than one server: a whole cluster inside one container."""
    if svc is None:
        return False
    text = " ".join(v.text or "" for vals in (svc.command or (), svc.entrypoint or ()) for v in vals)
    return len(_SERVER.findall(text)) >= 2
