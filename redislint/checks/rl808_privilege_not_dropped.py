"""RL808 (privilege-not-dropped): A Redis container runs privileged or as root, or without no-new-
privileges and cap_drop.

Examples, fixes and the reasoning: ``rules/RL808.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import is_redis_service
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service

_ROOT_USERS = {"root", "0", "root:root", "0:0", "root:0", "0:root"}


@rule(
    id="RL808",
    name="privilege-not-dropped",
    severity=Severity.LOW,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="A Redis container runs privileged or as root, or without no-new-privileges and cap_drop",
    profile="prod",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if not is_redis_service(svc, ctx.project):
        return
    if svc.workload.privileged:
        yield ctx.finding(
            svc.workload.privileged_span or svc.span,
            f"service '{svc.name}' runs privileged: a compromised Redis (CONFIG SET dir, MODULE LOAD) owns the host",
            fix="Remove privileged: true; Redis needs no extra privileges",
            evidence=f"{svc.name}:privileged",
        )
    if svc.user is not None and svc.user.text is not None and svc.user.text.strip().lower() in _ROOT_USERS:
        yield ctx.finding(
            svc.user.span,
            f"service '{svc.name}' sets user: {svc.user.text}: the process keeps root unless the entrypoint drops it",
            fix="Remove user: root (the official entrypoint then runs redis-server as uid 999), or set user: \"999:999\"",
            evidence=f"{svc.name}:user-root",
        )
    if svc.workload.run_settings_known and not svc.workload.no_new_privileges and not svc.workload.cap_drop_written and svc.platform == "kubernetes":
        yield ctx.finding(
            svc.span,
            f"container '{svc.name}' sets neither allowPrivilegeEscalation: false nor capabilities.drop in its securityContext: "
            "it keeps the runtime's default capabilities and can gain more through setuid binaries",
            fix="Add securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, runAsUser: 999}",
            evidence=f"{svc.name}:hardening",
        )
        return
    if svc.workload.run_settings_known and not svc.workload.no_new_privileges and not svc.workload.cap_drop_written:
        yield ctx.finding(
            svc.span,
            f"service '{svc.name}' sets neither security_opt no-new-privileges nor cap_drop: "
            "the container keeps Docker's default capabilities and can gain more through setuid binaries",
            fix="Add security_opt: [\"no-new-privileges:true\"] and cap_drop: [ALL] "
            "(with cap_add: [SETUID, SETGID, CHOWN] for the official entrypoint)",
            evidence=f"{svc.name}:hardening",
        )
