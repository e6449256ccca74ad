"""The stack's one hostname resolver: which Redis node a host name or IP refers to.

Built by the link stage once per stack (:attr:`redislint.model.compose.Stack.hosts`) from the nodes
the stack runs; rules ask it through :meth:`redislint.model.project.Project.hosts`."""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING

from redislint.model.compose import Service, Stack

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


class HostIndex:
    """The stack's one hostname resolver. Which node a host name or IP refers to, among ``nodes``:
    service name, network alias, container_name, hostname or a network's ipv4_address; which service
    (of ``stack``, Redis or not) a name refers to; and every name a container of the stack can be
    reached by. Built once (linear), then each lookup is constant time; the first node or service
    that answers to a name wins, as a scan in order would give."""

    def __init__(self, nodes: list[RedisNode], stack: Stack | None = None) -> None:
        self._names: dict[str, tuple[int, RedisNode]] = {}
        self._ips: dict[str, tuple[int, RedisNode]] = {}
        for i, n in enumerate(nodes):
            svc = n.service
            if svc is None:
                continue
            for name in _own_names(svc):
                self._names.setdefault(name, (i, n))
            for ip in svc.ipv4_addresses:
                self._ips.setdefault(ip, (i, n))
        self._services: dict[str, Service] = {}
        reachable: set[str] = set()
        for s in stack.services.values() if stack is not None else ():
            for name in _own_names(s):
                self._services.setdefault(name, s)
            reachable.add(s.name)
            if s.container_name is not None and s.container_name.text:
                reachable.add(s.container_name.text)
            for aliases in s.networks.values():
                reachable.update(aliases)
            for link in (*s.links, *s.external_links):
                reachable.update(p for p in link.split(":") if p)
            if s.hostname:
                reachable.add(s.hostname)
            reachable.update(s.extra_hosts)
        self.names: frozenset[str] = frozenset(reachable)
        """Every name another container of the stack can reach a service by (names, aliases, links,
        hostnames, extra_hosts)."""

    def resolve(self, host: str | None) -> RedisNode | None:
        """The node ``host`` refers to (None: no Redis node of the stack answers to it)."""
        if not host:
            return None
        by_name = self._names.get(host)
        by_ip = self._ips.get(host) if _IPV4.match(host) else None
        if by_name is None or (by_ip is not None and by_ip[0] < by_name[0]):
            return by_ip[1] if by_ip is not None else None
        return by_name[1]

    def service(self, host: str) -> Service | None:
        """The first service of the stack answering to ``host`` (name, container_name, hostname,
        network alias)."""
        return self._services.get(host)


def _own_names(svc: Service) -> list[str]:
    """The names a service answers to, in the order a scan gives them."""
    names = [svc.name]
    if svc.container_name is not None and svc.container_name.text is not None:
        names.append(svc.container_name.text)
    for aliases in svc.networks.values():
        names.extend(aliases)
    if svc.hostname is not None:
        names.append(svc.hostname)
    return names


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback IP (``127.0.0.1``, ``::1``...)."""
    h = host.strip().lstrip("-").strip("[]")
    if h in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


NO_HOSTS = HostIndex([])
"""The resolver of no stack (a bare config file): it knows no host."""
