"""RL406 (maxclients-exceeds-nofile): maxclients + 32 is above the nofile limit of the service: Redis
lowers maxclients at startup.

Examples, fixes and the reasoning: ``rules/RL406.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import redis_node
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.span import Span

DEFAULT_MAXCLIENTS = 10000
RESERVED_FDS = 32


def nofile_limit(svc: Service) -> tuple[int | None, Span | None]:
    """The nofile limit Redis can reach: the hard limit. Redis raises its soft limit up to the hard one
    by itself (checked with redis-server 7.0.15 under ``prlimit --nofile=1024:2000``: maxclients 1968)."""
    return svc.workload.nofile, svc.workload.nofile_span


@rule(
    id="RL406",
    name="maxclients-exceeds-nofile",
    severity=Severity.LOW,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="maxclients + 32 is above the nofile limit of the service: Redis lowers maxclients at startup",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project)
    if node is None:
        return
    soft, span = nofile_limit(svc)
    if soft is None or span is None:
        return
    d = node.get("maxclients")
    if d is None:
        maxclients: int | None = DEFAULT_MAXCLIENTS
    else:
        try:
            maxclients = int(d.text(0) or "")
        except ValueError:
            maxclients = None
    if maxclients is None or maxclients + RESERVED_FDS <= soft:
        return
    what = f"maxclients {maxclients}" + (" (the default)" if d is None else "")
    yield ctx.finding(
        span,
        f"ulimits nofile {soft} of service '{svc.name}' is below {what} + {RESERVED_FDS}: "
        f"Redis lowers maxclients to {max(soft - RESERVED_FDS, 0)} and refuses the extra clients",
        fix=f"Raise ulimits.nofile to at least {maxclients + RESERVED_FDS}, or lower maxclients",
        related=[(d.value_span, "maxclients")] if d is not None else [],
        evidence=f"{svc.name}:nofile",
    )
