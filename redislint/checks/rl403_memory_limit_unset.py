"""RL403 (memory-limit-unset): A Redis service has no container memory limit.

Examples, fixes and the reasoning: ``rules/RL403.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import DATA_ROLES, is_redis_service
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL403",
    name="memory-limit-unset",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="A Redis service has no container memory limit",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if not is_redis_service(svc, ctx.project, DATA_ROLES):
        return
    if svc.memory_limit is not None or svc.workload.memory_limit_written or not svc.workload.run_settings_known:
        return
    yield ctx.finding(
        svc.span,
        f"service '{svc.name}' has no memory limit: Redis can take the host's memory and the kernel "
        "then kills whatever it picks",
        fix="Set resources.limits.memory (and requests equal to it) and maxmemory at about 75% of it"
        if svc.platform == "kubernetes"
        else "Set deploy.resources.limits.memory (or mem_limit) and maxmemory at about 75% of it",
        evidence=f"{svc.name}:memory-limit",
    )
