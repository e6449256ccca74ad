"""RL503 (sentinel-too-few): fewer than three Sentinels (or an even number) watch a master.

Examples, fixes and the reasoning: ``rules/RL503.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._topology import sentinel_count
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import SentinelGroup


@rule(
    id="RL503",
    name="sentinel-too-few",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.SENTINEL_GROUP,
    summary="fewer than three Sentinels (or an even number) watch a master",
)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    if group.stack is None or not group.monitors:
        return  # bare sentinel.conf files: how many processes run them is unknown
    n = sentinel_count(group)
    if n is None:
        return
    first = group.monitors[0][1]
    related = [(d.span, "another Sentinel of this master") for _s, d in group.monitors[1:]]
    names = ", ".join(s.label for s in group.sentinels)
    if n < 3:
        yield ctx.finding(
            first.span,
            f"only {n} Sentinel{'s' if n != 1 else ''} ({names}) monitor '{group.master_name}': a failover needs a majority of at least 3 independent Sentinels",
            fix="Run at least three Sentinels, on hosts that fail independently",
            related=related,
            evidence=f"count:{group.master_name}",
        )
    elif n % 2 == 0 and ctx.settings.profile == "prod":
        yield ctx.finding(
            first.span,
            f"{n} Sentinels monitor '{group.master_name}': an even number tolerates no more failures than {n - 1}",
            fix=f"Run {n + 1} or {n - 1} Sentinels",
            related=related,
            evidence=f"even:{group.master_name}",
            severity=Severity.MEDIUM,
        )
