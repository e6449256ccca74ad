"""The stack's one hostname resolver: which Redis node a host name or IP refers to.

Built by the link stage once per stack (:attr:`redislint.model.compose.Stack.hosts`) from the nodes
the stack runs; rules ask it through :meth:`redislint.model.project.Project.hosts`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


class HostIndex:
    """Which node a host name or IP refers to, among ``nodes``: service name, network alias,
    container_name, hostname or a network's ipv4_address. Built once (linear), then each lookup is
    constant time; the first node that answers to a name wins, as a scan in order would give."""

    def __init__(self, nodes: list[RedisNode]) -> None:
        self._names: dict[str, tuple[int, RedisNode]] = {}
        self._ips: dict[str, tuple[int, RedisNode]] = {}
        for i, n in enumerate(nodes):
            svc = n.service
            if svc is None:
                continue
            names = [svc.name]
            if svc.container_name is not None and svc.container_name.text is not None:
                names.append(svc.container_name.text)
            for aliases in svc.networks.values():
                names.extend(aliases)
            node = svc.node if svc.node is not None and svc.node.kind == "map" else None
            hn = node.get("hostname") if node is not None else None
            if hn is not None and hn.kind == "scalar":
                names.append(hn.text)
            for name in names:
                self._names.setdefault(name, (i, n))
            nets = node.get("networks") if node is not None else None
            if nets is not None and nets.kind == "map":
                for _k, v in nets.pairs:
                    ipn = v.get("ipv4_address") if v.kind == "map" else None
                    if ipn is not None:
                        self._ips.setdefault(ipn.text, (i, n))

    def resolve(self, host: str | None) -> RedisNode | None:
        if not host:
            return None
        by_name = self._names.get(host)
        by_ip = self._ips.get(host) if _IPV4.match(host) else None
        if by_name is None or (by_ip is not None and by_ip[0] < by_name[0]):
            return by_ip[1] if by_ip is not None else None
        return by_name[1]


NO_HOSTS = HostIndex([])
"""The resolver of no stack (a bare config file): it knows no host."""
