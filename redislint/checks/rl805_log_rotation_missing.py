"""RL805 (log-rotation-missing): json-file logging without max-size: the log grows without bound.

Examples, fixes and the reasoning: ``rules/RL805.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import is_redis_service
from redislint.checks._fixes import service_append
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service

_ROTATION = ("logging:", "  driver: json-file", "  options:", '    max-size: "10m"', '    max-file: "3"')
"""What the fix writes: the driver the service already uses (the default), rotated."""


@rule(
    id="RL805",
    name="log-rotation-missing",
    severity=Severity.LOW,
    tags=("operability",),
    scope=Scope.SERVICE,
    summary="json-file logging without max-size: the log grows without bound",
    platforms=("compose",),
    fix="safe",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if not is_redis_service(svc, ctx.project):
        return
    logging = svc.workload.logging
    if not logging.readable:
        return
    driver = logging.driver
    # The `local` driver rotates by default (max-size 20m, max-file 5); other drivers ship logs away.
    if driver is None or "$" in driver or driver != "json-file":
        return
    if logging.max_size:
        return
    span = logging.span or svc.span
    autofix = None
    add = None if logging.written else service_append(svc, _ROTATION)
    if add is not None:
        autofix = ctx.fix("Add json-file log rotation (max-size 10m, max-file 3)", [add[0]], region=add[1])
    yield ctx.finding(
        span,
        f"service '{svc.name}' logs with the json-file driver{' (the default)' if not logging.written else ''} "
        "and no max-size: the log file grows until the disk is full",
        fix="Add logging: {driver: json-file, options: {max-size: 10m, max-file: \"3\"}} (or configure the daemon)",
        evidence=f"{svc.name}:logging",
        autofix=autofix,
    )
