"""RL805 (log-rotation-missing): json-file logging without max-size: the log grows without bound.

Examples, fixes and the reasoning: ``rules/RL805.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import is_redis_service
from redislint.checks._fixes import insert_lines, service_append
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.span import Span

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
    if not logging.written:
        add = service_append(svc, _ROTATION)
        if add is not None:
            autofix = ctx.fix("Add json-file log rotation (max-size 10m, max-file 3)", [add[0]], region=add[1])
    elif logging.add_at is not None and logging.span is not None:
        lines = [ln[4:] for ln in _ROTATION[3:]] if logging.options else [ln[2:] for ln in _ROTATION[2:]]
        if logging.max_file:
            lines = [ln for ln in lines if "max-file" not in ln]
        at = logging.add_at
        region = Span(file=at.file, start_line=logging.span.start_line, start_col=1, end_line=max(logging.span.start_line, at.start_line - 1), end_col=1)
        pad, step = " " * logging.add_indent, " " * max(1, logging.add_indent - logging.span.start_col + 1)
        edit = insert_lines(at.file, at.start_line, [pad + (step if ln.startswith(" ") else "") + ln.strip() for ln in lines])
        autofix = ctx.fix("Add max-size 10m" + ("" if logging.max_file else " and max-file 3") + " to the json-file options", [edit], region=region)
    yield ctx.finding(
        span,
        f"service '{svc.name}' logs with the json-file driver{' (the default)' if not logging.written else ''} "
        "and no max-size: the log file grows until the disk is full",
        fix="Add logging: {driver: json-file, options: {max-size: 10m, max-file: \"3\"}} (or configure the daemon)",
        evidence=f"{svc.name}:logging",
        autofix=autofix,
    )
