"""RL508, one of its checks: Sentinels monitor one primary under two master names (two groups that
both fail over); reported once, on the group whose name sorts last."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl508_sentinel_master_mismatch  # noqa: F401  (declares RL508)
from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, extend
from redislint.model.project import SentinelGroup


@extend(id="RL508", scope=Scope.SENTINEL_GROUP)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    name = group.master_name
    if group.primary is None or not group.lines:
        return
    for other in ctx.project.index.sentinel_groups_by_primary.get(group.primary, ()):
        if other is group or other.primary is not group.primary or other.master_name == name:
            continue
        if other.master_name < name:
            m = group.lines[0][1]
            yield ctx.finding(
                m.directive.span,
                f"Sentinels monitor {node_label(group.primary)} under two master names, '{other.master_name}' and '{name}': they form two groups and both fail over",
                fix="Use one master name on every Sentinel",
                related=[(other.monitors[0][1].span, f"monitored as '{other.master_name}'")] if other.monitors else [],
                evidence=f"names:{other.master_name}:{name}",
            )
            return
