"""RL508, one of its checks: a Sentinel monitors its master by a container IP that Docker assigned
to an earlier run (an address in Docker's default pools that no service of the project fixes)."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl508_sentinel_master_mismatch  # noqa: F401  (declares RL508)
from redislint.checks._helpers import node_label
from redislint.checks._topology import host_network
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend
from redislint.model.project import SentinelGroup


@extend(id="RL508", scope=Scope.SENTINEL_GROUP)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    stack = group.stack
    if stack is None or any(host_network(s) for s in stack.services.values()):
        return
    fixed = {ip for s in stack.services.values() for ip in s.ipv4_addresses}
    reported: set[str] = set()
    for s, m in group.lines:
        host = m.host_text
        if not m.docker_pool_ip or host is None or m.host is None or host in reported or host in fixed:
            continue
        reported.add(host)
        # one cause, one finding: the other Sentinels that monitor the same address are its related lines
        others = [(o.host.span, f"Sentinel {node_label(t)} monitors it at {host} too") for t, o in group.lines if o is not m and o.host_text == host and o.host is not None and o.host.span != m.host.span]
        yield ctx.finding(
            m.host.span,
            f"Sentinel {node_label(s)} monitors '{group.master_name}' at {host}, a container address Docker assigns at start (no service of this project fixes it): after the containers are recreated the master may have another address",
            fix="Monitor the primary by its service name or container_name (with resolve-hostnames and announce-hostnames yes), or give it a fixed ipv4_address",
            evidence=f"container-ip:{group.master_name}:{host}",
            severity=Severity.MEDIUM,
            related=others,
        )
