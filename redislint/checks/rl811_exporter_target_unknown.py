"""RL811 (exporter-target-unknown): redis_exporter REDIS_ADDR names no service of the stack, or the
wrong port.

Examples, fixes and the reasoning: ``rules/RL811.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import exporter_targets
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.hosts import is_loopback


@rule(
    id="RL811",
    name="exporter-target-unknown",
    severity=Severity.MEDIUM,
    tags=("operability",),
    scope=Scope.SERVICE,
    summary="redis_exporter REDIS_ADDR names no service of the stack, or the wrong port",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if ctx.project.role(svc) != "exporter":
        return
    stack = ctx.project.stack_of(svc)
    if stack is None:
        return
    nm = svc.network_mode.text if svc.network_mode is not None else None
    for t in exporter_targets(svc):
        host, port = t.host, t.port
        if is_loopback(host) or host == "":
            if nm is not None and (nm == "host" or nm.startswith(("service:", "container:"))):
                continue
            yield ctx.finding(
                t.span,
                f"exporter '{svc.name}' scrapes {host or 'localhost'}:{port}: inside its own container that is the "
                "exporter itself, not Redis",
                fix="Point REDIS_ADDR at the Redis service by name: redis://<service>:6379",
                evidence=f"{svc.name}:{t.source}:{host}",
            )
            continue
        if "." in host or ":" in host:
            continue  # an IP or a DNS name outside the stack: cannot be checked here
        target = ctx.project.hosts(stack).service(host)
        if target is None:
            yield ctx.finding(
                t.span,
                f"exporter '{svc.name}' scrapes host '{host}', which is no service, alias or container name of the stack",
                fix="Use the name of the Redis service: redis://<service>:<port>",
                evidence=f"{svc.name}:{t.source}:{host}",
            )
            continue
        node = ctx.project.node_for(target)
        if node is None or node.kind != "redis" or port is None:
            continue
        real = node.port
        if real is None or real == port or (node.value("tls-port") or "") == str(port):
            continue
        published = any(p.host_port_for(real) == port for p in target.ports)
        hint = " (that is the host port; containers talk to the container port)" if published else ""
        yield ctx.finding(
            t.span,
            f"exporter '{svc.name}' scrapes {host}:{port}, but service '{target.name}' listens on {real}{hint}",
            fix=f"Use redis://{host}:{real}",
            evidence=f"{svc.name}:{t.source}:{host}:port",
        )
