"""How far a node's port reaches: published on the host (public), other containers only (internal),
loopback only (local), or unknown; with where that is decided. Computed once per node by the link
stage (:attr:`redislint.model.project.RedisNode.reach`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from redislint.model.compose import Port, Service
from redislint.model.hosts import is_loopback
from redislint.model.span import Span

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

Reach = Literal["public", "internal", "local", "unknown"]


def published_ports(svc: Service, container_port: int) -> list[Port]:
    return [p for p in svc.ports if container_port in p.container_ports]


def build_reach(node: RedisNode) -> tuple[Reach, Span | None]:
    """How far the node's port reaches: published on the host (public), other containers (internal),
    loopback only (local)."""
    svc = node.service
    port = node.port
    if svc is not None:
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
    if binds is None:
        return ("public", None) if node.complete else ("unknown", None)
    texts = [a.text for a in binds.args]
    if any(t is None for t in texts):
        return "unknown", None
    if all(is_loopback(t or "") for t in texts):
        return "local", binds.span
    return "public", binds.span
