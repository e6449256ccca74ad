"""RL711, one of its checks: an image EXPOSEs a port its own server does not listen on (and not the
one it does), so ``docker run -P`` and every reader of the Dockerfile are sent to the wrong port."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl711_published_port_not_listening  # noqa: F401  (declares RL711)
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend
from redislint.model.compose import Service


@extend(id="RL711", scope=Scope.SERVICE)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    df = ctx.project.dockerfile(svc)
    if node is None or df is None or not df.exposes or not node.complete:
        return
    listening = node.listening or ((node.port,) if node.port else ())
    if not listening or any(p in listening for p, _ in df.exposes):
        return
    what = "Sentinel" if node.kind == "sentinel" else "Redis"
    port_d = node.get("port")
    for port, span in df.exposes:
        if port in (9121,):  # an exporter in the same image
            continue
        yield ctx.finding(
            span,
            f"the image EXPOSEs port {port}, but its {what} listens on {', '.join(map(str, listening))}: "
            "'docker run -P' publishes a port where nothing answers",
            fix=f"EXPOSE {listening[0]}",
            related=[(port_d.span, f"the port {what} listens on")] if port_d is not None else [],
            evidence=f"{svc.name}:expose:{port}",
            severity=Severity.LOW,
        )
