"""RL407 (no-cpu-limit): A Redis service has no CPU limit.

Examples, fixes and the reasoning: ``rules/RL407.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import is_redis_service
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL407",
    name="no-cpu-limit",
    severity=Severity.LOW,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="A Redis service has no CPU limit",
    profile="prod",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if not is_redis_service(svc, ctx.project):
        return
    if svc.workload.cpu_limit_written or not svc.workload.run_settings_known:
        return
    yield ctx.finding(
        svc.span,
        f"service '{svc.name}' has no CPU limit: a busy neighbour or a runaway script can starve it, or it them",
        fix="Set resources.limits.cpu (or at least resources.requests.cpu)" if svc.platform == "kubernetes" else "Set deploy.resources.limits.cpus (or cpus:)",
        evidence=f"{svc.name}:cpus",
    )
