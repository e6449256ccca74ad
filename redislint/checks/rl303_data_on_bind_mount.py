"""RL303 (data-on-bind-mount): The data directory is a host bind mount instead of a named volume.

Examples, fixes and the reasoning: ``rules/RL303.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import DATA_ROLES, data_dir, redis_node
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL303",
    name="data-on-bind-mount",
    severity=Severity.LOW,
    tags=("durability", "operability"),
    scope=Scope.SERVICE,
    summary="The data directory is a host bind mount instead of a named volume",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project, DATA_ROLES)
    if node is None:
        return
    dd = data_dir(node, ctx.project)
    if dd is None or dd.kind != "bind" or dd.mount is None:
        return
    yield ctx.finding(
        dd.mount.span,
        f"data dir {dd.path} of service '{svc.name}' is the host path '{dd.mount.source}': "
        "ownership (uid 999) and permissions depend on the host, and the stack is not portable",
        fix=f"Use a named volume (volumes: - redis-data:{dd.path}) declared under top-level volumes:",
        evidence=f"{svc.name}:{dd.path}",
    )
