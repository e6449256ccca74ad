"""How far a node's port reaches: published on the host (public), other containers only (internal),
loopback only (local), or unknown; with where that is decided. Computed once per node by the link
stage (:attr:`redislint.model.project.RedisNode.reach`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from redislint.model.compose import Port, Service
from redislint.model.dockerfile import Dockerfile
from redislint.model.hosts import is_loopback
from redislint.model.span import Span

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

Reach = Literal["public", "internal", "local", "unknown"]


def published_ports(svc: Service, container_port: int) -> list[Port]:
    return [p for p in svc.ports if container_port in p.container_ports]


def build_reach(node: RedisNode) -> tuple[Reach, Span | None]:
    """How far the node's port reaches: published on the host (public), other containers (internal),
    loopback only (local). An image alone does not say how it is run: its config's ``bind`` does."""
    svc = node.service
    port = node.port
    if svc is not None and svc.kube is not None:
        for sel in svc.kube.services:  # a NodePort or LoadBalancer Service takes it out of the cluster
            if sel.type in ("NodePort", "LoadBalancer") and (port in sel.ports or not sel.ports):
                return "public", sel.type_span or sel.span
    if svc is not None and svc.platform != "image":
        nm = svc.network_mode.text if svc.network_mode is not None else None
        if nm == "host":
            return "public", svc.network_mode.span if svc.network_mode else svc.span
        if nm is not None and nm.startswith(("service:", "container:")):
            return "internal", None
        if nm == "none":
            return "local", None
        ports: list[Port] = []
        if port is not None:
            ports = published_ports(svc, port)
        tls = node.value("tls-port")
        if tls and tls.isdigit():
            ports += published_ports(svc, int(tls))
        for p in ports:
            if not p.loopback_only:
                return "public", p.span
        if ports:
            return "local", ports[0].span
        return "internal", None
    binds = node.get("bind")
    if binds is None and svc is not None:
        return ("internal", None) if node.complete else ("unknown", None)  # published or not: the run says
    if binds is None:
        return ("public", None) if node.complete else ("unknown", None)
    texts = [a.text for a in binds.args]
    if any(t is None for t in texts):
        return "unknown", None
    if all(is_loopback(t or "") for t in texts):
        return "local", binds.span
    return "public", binds.span


_SERVERS = re.compile(r"\b(?:redis|valkey|keydb)-(?:server|sentinel)\b")
_BACKGROUND = re.compile(r"(?<![&>|])&(?![&>])")


def build_listening(node: RedisNode, dockerfile: Dockerfile | None) -> tuple[int, ...] | None:
    """The TCP ports the node's container listens on: its port (unless 0), its TLS port and, for a
    cluster node, its bus port. None when that cannot be known: part of the configuration is
    unseen, a port is set at deploy time, the container runs several servers or puts a program in
    the background (``... & exec redis-server``), its image runs other programs (the redis-stack
    images also run RedisInsight), its Dockerfile (``dockerfile``, the one the service builds) is
    unreadable or has an ENTRYPOINT that may start more before the command, or it has no compose
    service."""
    svc = node.service
    if svc is None or not node.complete or node.invocation is None:
        return None
    if svc.build is not None and (dockerfile is None or (dockerfile.entrypoint is not None and not node.invocation.implicit)):
        return None
    text = " ".join(v.text or "" for vals in (svc.command or (), svc.entrypoint or ()) for v in vals)
    if len(_SERVERS.findall(text)) >= 2 or _BACKGROUND.search(text):
        return None
    if node.image is not None and node.image.flavour in ("stack", "bitnami"):
        return None
    if svc.network_mode is not None and svc.network_mode.text is not None and svc.network_mode.text != "bridge":
        return None
    port = node.port
    if port is None:
        return None
    out: list[int] = [port] if port else []
    tls = node.get("tls-port")
    if tls is not None:
        t = tls.text(0)
        if t is None or not t.isdigit():
            return None
        if int(t):
            out.append(int(t))
    if node.cluster:
        bus = node.get("cluster-port")
        b = bus.text(0) if bus is not None else "0"
        if b is None or not b.isdigit():
            return None
        if int(b):
            out.append(int(b))
        elif port:
            out.append(port + 10000)
    return tuple(out)
