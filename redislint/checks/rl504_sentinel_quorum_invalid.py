"""RL504 (sentinel-quorum-invalid): the Sentinel quorum is 0 or larger than the number of Sentinels (no
failover), or below a majority.

Examples, fixes and the reasoning: ``rules/RL504.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._topology import sentinel_config, sentinel_count
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import SentinelGroup


@rule(
    id="RL504",
    name="sentinel-quorum-invalid",
    severity=Severity.CRITICAL,
    tags=("availability",),
    scope=Scope.SENTINEL_GROUP,
    summary="the Sentinel quorum is 0 or larger than the number of Sentinels (no failover), or below a majority",
    once_per="line",
)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    # a compose project's Sentinels; an audit's: those that know each other (SENTINEL MASTERS)
    n = sentinel_count(group) if group.stack is not None else group.known_sentinels
    for sentinel, _d in group.monitors:
        mon = sentinel_config(sentinel).monitors.get(group.master_name)
        if mon is None or mon.quorum is None:
            continue
        span = mon.quorum_span
        q = mon.quorum
        if q < 1:
            yield ctx.finding(
                span,
                f"quorum {q} for '{group.master_name}': Sentinel refuses to start ('Quorum must be 1 or greater')",
                fix="Set the quorum to a majority of the Sentinels (2 of 3)",
                evidence=f"zero:{group.master_name}",
            )
        elif n is not None and q > n:
            yield ctx.finding(
                span,
                f"quorum {q} for '{group.master_name}' but only {n} Sentinel{'s' if n != 1 else ''}: the master is never agreed down, failover never starts",
                fix=f"Set the quorum to {n // 2 + 1} (a majority of {n})",
                evidence=f"above:{group.master_name}",
            )
        elif n is not None and q == n and n >= 3:
            yield ctx.finding(
                span,
                f"quorum {q} for '{group.master_name}' equals the number of Sentinels: with any one of them down (often the one beside the failed primary) the master is never agreed down, failover never starts",
                fix=f"Set the quorum to {n // 2 + 1} (a majority of {n})",
                evidence=f"all:{group.master_name}",
                severity=Severity.HIGH,
            )
        elif n is not None and q < n // 2 + 1:
            yield ctx.finding(
                span,
                f"quorum {q} for '{group.master_name}' is below the majority of {n} Sentinels ({n // 2 + 1}): a single Sentinel's view can declare the master down",
                fix=f"Set the quorum to {n // 2 + 1}",
                evidence=f"below:{group.master_name}",
                severity=Severity.MEDIUM,
            )
