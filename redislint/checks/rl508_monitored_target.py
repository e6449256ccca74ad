"""RL508, one of its checks: the address a Sentinel monitors is no service of the compose project, a
replica, or the primary on another port (a line already reported for its address is skipped)."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl508_sentinel_master_mismatch  # noqa: F401  (declares RL508)
from redislint.checks._helpers import node_label
from redislint.checks._topology import to_int
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, extend
from redislint.model.project import SentinelGroup


@extend(id="RL508", scope=Scope.SENTINEL_GROUP)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    if group.stack is None:
        return
    name, hosts = group.master_name, ctx.project.hosts(group.stack)
    reported: set[str] = set()
    for s, m in group.lines:
        host = m.host_text
        if host is None or m.host is None or host in reported or any(m is d for _s, d in group.dissent):
            continue
        target = hosts.resolve(host)
        replicaof = target.get("replicaof") if target is not None else None
        if target is None:
            if m.ip or host in hosts.names:
                continue
            if group.stack is not None and group.stack.platform == "kubernetes" and "." in host:
                continue  # a Service of another namespace or outside the cluster: not in these manifests
            reported.add(host)
            yield ctx.finding(
                m.host.span,
                f"Sentinel {node_label(s)} monitors '{name}' at '{host}', which is no service, alias or container of this compose project",
                fix="Monitor the primary by its service name (with resolve-hostnames and announce-hostnames yes)",
                evidence=f"unknown:{name}:{host}",
            )
        elif replicaof is not None:
            reported.add(host)
            yield ctx.finding(
                m.host.span,
                f"Sentinel {node_label(s)} monitors '{name}' at {node_label(target)}, which is a replica, not the primary",
                fix="Monitor the node that has no replicaof",
                related=[(replicaof.span, "replicaof of that node")],
                evidence=f"replica:{name}:{host}",
            )
        elif m.port is not None and target.port is not None and m.port not in (target.port, to_int(target.value("tls-port"))):
            reported.add(host)
            arg = m.directive.arg(3)
            yield ctx.finding(
                arg.span if arg is not None else m.directive.span,
                f"Sentinel {node_label(s)} monitors '{name}' at {host}:{m.port}, but {node_label(target)} listens on {target.port}",
                fix=f"Use port {target.port}",
                evidence=f"port:{name}:{host}",
            )
