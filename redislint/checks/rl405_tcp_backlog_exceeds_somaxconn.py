"""RL405 (tcp-backlog-exceeds-somaxconn): tcp-backlog is above the container's net.core.somaxconn, so
the kernel caps it.

Examples, fixes and the reasoning: ``rules/RL405.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import redis_node
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.span import Span

DEFAULT_SOMAXCONN = 4096
DEFAULT_BACKLOG = 511


def somaxconn(svc: Service) -> tuple[int | None, Span | None]:
    """The container's net.core.somaxconn from ``sysctls:`` (map or list form)."""
    return svc.workload.somaxconn, svc.workload.somaxconn_span


@rule(
    id="RL405",
    name="tcp-backlog-exceeds-somaxconn",
    severity=Severity.LOW,
    tags=("performance",),
    scope=Scope.SERVICE,
    summary="tcp-backlog is above the container's net.core.somaxconn, so the kernel caps it",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project)
    if node is None:
        return
    if svc.network_mode is not None and svc.network_mode.text == "host":
        return  # the host's value applies; it cannot be seen here
    d = node.get("tcp-backlog")
    if d is None:
        backlog: int | None = DEFAULT_BACKLOG
    else:
        try:
            backlog = int(d.text(0) or "")
        except ValueError:
            backlog = None
    if backlog is None:
        return
    value, vspan = somaxconn(svc)
    if vspan is not None and value is None:
        return
    limit = value if value is not None else DEFAULT_SOMAXCONN
    if backlog <= limit:
        return
    if d is not None:
        span = d.value_span
        related = [(vspan, f"net.core.somaxconn {limit}")] if vspan is not None else []
    else:
        assert vspan is not None
        span, related = vspan, []
    src = "set in sysctls" if value is not None else "the usual container default"
    yield ctx.finding(
        span,
        f"tcp-backlog {backlog} of service '{svc.name}' is above net.core.somaxconn {limit} ({src}): "
        "the kernel silently caps the accept queue",
        fix=f"Raise net.core.somaxconn under sysctls: to at least {backlog}, or lower tcp-backlog",
        related=related,
        evidence=f"{svc.name}:tcp-backlog",
    )
