"""RL510 (single-host-ha): all Sentinels and data nodes of a group run in one compose project on one
host.

Examples, fixes and the reasoning: ``rules/RL510.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._topology import spread_key
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import SentinelGroup


@rule(
    id="RL510",
    name="single-host-ha",
    severity=Severity.LOW,
    tags=("availability",),
    scope=Scope.SENTINEL_GROUP,
    platforms=("compose", "docker-run", "image"),
    summary="all Sentinels and data nodes of a group run in one compose project on one host",
    profile="prod",
)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    if group.stack is None or not group.monitors:
        return
    members = [*group.sentinels, *([group.primary] if group.primary is not None else []), *group.replicas]
    if any(n.stack is not group.stack or n.service is None for n in members):
        return
    if any(spread_key(n.service) is not None for n in members):
        return
    yield ctx.finding(
        group.monitors[0][1].span,
        f"all {len(members)} Sentinels and data nodes of '{group.master_name}' are services of one compose project with no placement rule: one host failure takes them all",
        fix="Run the Sentinels and nodes on separate hosts (Swarm deploy.placement constraints or max_replicas_per_node, or separate projects per host)",
        evidence=f"single-host:{group.master_name}",
    )
