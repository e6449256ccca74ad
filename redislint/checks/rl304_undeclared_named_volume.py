"""RL304 (undeclared-named-volume): A named volume or network is used by a service but not declared at
top level.

Examples, fixes and the reasoning: ``rules/RL304.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Stack


@rule(
    id="RL304",
    name="undeclared-named-volume",
    severity=Severity.HIGH,
    tags=("correctness",),
    scope=Scope.STACK,
    summary="A named volume or network is used by a service but not declared at top level",
    once_per="position",  # the same line reached through a YAML anchor
    platforms=("compose",),
)
def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    other_vols, other_nets = stack.sibling_volumes, stack.sibling_networks
    for svc in stack.services.values():
        for m in svc.volumes:
            if m.type != "volume" or not m.source or "$" in m.source:
                continue
            if m.source in stack.volumes or m.source in other_vols:
                continue
            yield ctx.finding(
                m.span,
                f"service '{svc.name}' mounts named volume '{m.source}', which is not declared under top-level volumes: "
                "docker compose refuses to start",
                fix=f"Declare it under the top-level volumes: key ({m.source}:)",
                evidence=f"volume:{svc.name}:{m.source}",
            )
        if svc.network_mode is not None:
            continue
        for net, span in svc.network_spans.items():
            if net == "default" or net in stack.networks or net in other_nets or "$" in net:
                continue
            yield ctx.finding(
                span,
                f"service '{svc.name}' joins network '{net}', which is not declared under top-level networks: "
                "docker compose refuses to start",
                fix=f"Declare it under the top-level networks: key ({net}:)",
                evidence=f"network:{svc.name}:{net}",
            )
