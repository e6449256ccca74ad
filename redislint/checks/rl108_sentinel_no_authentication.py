"""RL108 (sentinel-no-authentication): A reachable Sentinel has no password: anyone can trigger a
failover or reconfigure it.

Examples, fixes and the reasoning: ``rules/RL108.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state, reachability
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL108",
    name="sentinel-no-authentication",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.SENTINEL,
    summary="A reachable Sentinel has no password: anyone can trigger a failover or reconfigure it",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    # Sentinel runs with protected-mode no by default [3.1]; its requirepass (same on every Sentinel)
    # or ACL users protect SENTINEL FAILOVER / SET / REMOVE [5].
    auth = auth_state(node)
    if auth.state != "unset":
        return
    reach, where = reachability(node)
    if reach != "public":
        return
    if node.service is None and node.flag("protected-mode", False) is not False:
        return
    span = auth.directive.span if auth.directive is not None else node.anchor
    related = [(where, "published here")] if where is not None and where != span else []
    yield ctx.finding(
        span,
        f"Sentinel '{node.label}' is reachable from outside the host and has no requirepass: "
        "any client can run SENTINEL FAILOVER, SET or REMOVE",
        fix="Set the same requirepass on every Sentinel (and sentinel sentinel-pass with ACL users)",
        related=related,
        evidence="sentinel-nopass",
    )
