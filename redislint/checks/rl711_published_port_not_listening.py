"""RL711 (published-port-not-listening): a service publishes a container port that its Redis server
or Sentinel does not listen on, so the host port leads nowhere.

Examples, fixes and the reasoning: ``rules/RL711.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL711",
    name="published-port-not-listening",
    severity=Severity.MEDIUM,
    tags=("availability", "correctness"),
    scope=Scope.SERVICE,
    summary="a published container port that the service's Redis server or Sentinel does not listen on",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None or node.listening is None or not node.listening:
        return
    what = "Sentinel" if node.kind == "sentinel" else "Redis"
    listens = ", ".join(str(p) for p in node.listening)
    for p in svc.ports:
        cps = p.container_ports
        if not p.known or len(cps) != 1 or cps[0] in node.listening:
            continue
        port_d = node.get("port")
        related = [(port_d.span, f"the port {what} listens on")] if port_d is not None else []
        yield ctx.finding(
            p.span,
            f"service '{svc.name}' publishes container port {cps[0]}, but its {what} listens on {listens}: nothing answers on that host port",
            fix=f"Publish the port {what} listens on (\"{p.host_port_for(cps[0]) or cps[0]}:{node.listening[0]}\"), or set 'port {cps[0]}'",
            related=related,
            evidence=f"{svc.name}:{cps[0]}",
        )
