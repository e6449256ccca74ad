"""RL812 (container-name-fixed): container_name is set: the service cannot scale and two copies of the
stack collide.

Examples, fixes and the reasoning: ``rules/RL812.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import is_redis_service
from redislint.checks._fixes import delete_line
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL812",
    name="container-name-fixed",
    severity=Severity.LOW,
    tags=("operability",),
    scope=Scope.SERVICE,
    summary="container_name is set: the service cannot scale and two copies of the stack collide",
    platforms=("compose",),
    fix="unsafe",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if not is_redis_service(svc, ctx.project) or svc.container_name is None:
        return
    name = svc.container_name.text
    key = svc.key_spans.get("container_name")
    autofix = None
    if key is not None and svc.container_name.span.start_line == key.start_line == svc.container_name.span.end_line:
        autofix = ctx.fix("Delete the container_name line", [delete_line(key.file, key.start_line)])
    yield ctx.finding(
        svc.key_spans.get("container_name") or svc.container_name.span,
        f"service '{svc.name}' sets container_name{f' {name}' if name else ''}: it cannot be scaled, and a second "
        "copy of the stack (another project name, CI) fails on the name conflict",
        fix="Remove container_name; other services reach it by its service name",
        evidence=f"{svc.name}:container_name",
        autofix=autofix,
    )
