"""RL803 (healthcheck-missing): A Redis or Sentinel service has no healthcheck.

Examples, fixes and the reasoning: ``rules/RL803.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import redis_node
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL803",
    name="healthcheck-missing",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="A Redis or Sentinel service has no healthcheck",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project)
    if node is None:
        return
    hc = svc.healthcheck
    if hc is not None and not hc.disabled:
        return
    if hc is None and not svc.workload.run_settings_known:
        return  # an image without HEALTHCHECK: the run may give it one
    if hc is None:
        df = ctx.project.dockerfile(svc)
        if df is not None and df.healthcheck:
            return
        img = node.image
        if img is None or (img.flavour == "custom" and df is None):
            return  # an image we do not know may define its own HEALTHCHECK
    what = "Sentinel" if node.kind == "sentinel" else "Redis"
    if svc.platform == "kubernetes":
        yield ctx.finding(
            svc.span,
            f"{what} container '{svc.name}' has no readiness or liveness probe: Services send it traffic as soon as it starts "
            "(also while it loads its data) and a hung server is never restarted",
            fix="Add a readinessProbe (exec: sh -c 'redis-cli ping | grep -q PONG', REDISCLI_AUTH from the Secret) and a livenessProbe with a startupProbe",
            evidence=f"{svc.name}:healthcheck",
        )
        return
    yield ctx.finding(
        hc.span if hc is not None else svc.span,
        f"{what} service '{svc.name}' has {'its healthcheck disabled' if hc is not None else 'no healthcheck'}: "
        "Docker reports it healthy as soon as the process exists, and depends_on cannot wait for it",
        fix="Add a healthcheck, e.g. test: [\"CMD-SHELL\", \"redis-cli ping | grep -q PONG\"] (REDISCLI_AUTH for the password)",
        evidence=f"{svc.name}:healthcheck",
    )
