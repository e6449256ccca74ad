"""RL804 (restart-policy-missing): A Redis or Sentinel service has no restart policy.

Examples, fixes and the reasoning: ``rules/RL804.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import is_redis_service
from redislint.checks._fixes import service_append
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL804",
    name="restart-policy-missing",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="A Redis or Sentinel service has no restart policy",
    fix="unsafe",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if not is_redis_service(svc, ctx.project):
        return
    if svc.workload.restart_written or not svc.workload.run_settings_known:
        return
    yield ctx.finding(
        svc.span,
        f"service '{svc.name}' has no restart policy: after a crash, an OOM kill or a host reboot it stays down",
        fix="Add restart: unless-stopped (or deploy.restart_policy for Swarm)",
        evidence=f"{svc.name}:restart",
        autofix=ctx.fix("Add restart: unless-stopped", [add[0]], region=add[1]) if (add := service_append(svc, ["restart: unless-stopped"])) else None,
    )
