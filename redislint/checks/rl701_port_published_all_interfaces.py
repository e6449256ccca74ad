"""RL701 (port-published-all-interfaces): A Redis or Sentinel port is published on every host
interface.

Examples, fixes and the reasoning: ``rules/RL701.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state
from redislint.checks._tls import tls_port
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service

_ALL = ("", "0.0.0.0", "::", "[::]")


@rule(
    id="RL701",
    name="port-published-all-interfaces",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="A Redis or Sentinel port is published on every host interface",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None:
        return
    wanted: dict[int, str] = {}
    port = node.port or (26379 if node.kind == "sentinel" else 6379)
    wanted[port] = "Sentinel port" if node.kind == "sentinel" else "Redis port"
    tp = tls_port(node)
    if tp:
        wanted[tp] = "TLS port"
    if node.cluster:
        bus = node.value("cluster-port")
        wanted[int(bus) if bus and bus.isdigit() and int(bus) else port + 10000] = "cluster bus port"
    auth = None
    for p in svc.ports:
        if not p.known or (p.host_ip or "").strip() not in _ALL:
            continue
        hits = [c for c in p.container_ports if c in wanted]
        if not hits:
            continue
        if auth is None:
            auth = auth_state(node, ctx.project).state
        open_ = auth == "unset"
        what = wanted[hits[0]] if len(hits) == 1 else "ports " + ", ".join(str(h) for h in hits[:3])
        yield ctx.finding(
            p.span,
            f"{what} of service '{svc.name}' is published on all host interfaces (0.0.0.0); Docker bypasses "
            "the host firewall" + (", and the server has no password" if open_ else ""),
            fix="Publish on 127.0.0.1 (\"127.0.0.1:6379:6379\") or a private address, or use expose: for other containers",
            evidence=f"{svc.name}:{hits[0]}",
            severity=Severity.HIGH if open_ else None,
        )
