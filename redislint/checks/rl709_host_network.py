"""RL709 (host-network): A Redis service uses network_mode: host.

Examples, fixes and the reasoning: ``rules/RL709.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.roles import REDIS_ROLES


@rule(
    id="RL709",
    name="host-network",
    severity=Severity.LOW,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="A Redis service uses network_mode: host",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    nm = svc.network_mode
    if nm is None or nm.text != "host":
        return
    role = ctx.project.role(svc)
    if role not in REDIS_ROLES:
        return
    note = (
        " (the documented workaround for Redis Cluster behind NAT: then set cluster-announce-ip instead if you can)"
        if role == "cluster-node"
        else ""
    )
    yield ctx.finding(
        nm.span,
        f"service '{svc.name}' shares the host's network stack: its port listens on every host interface, "
        f"with no isolation and no firewall from Docker{note}",
        fix="Use a bridge network and publish the port on 127.0.0.1 or a private address",
        evidence=f"{svc.name}:host",
    )
