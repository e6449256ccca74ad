"""RL854 (clients-near-maxclients): connected clients are 90% of maxclients or more, or connections
were rejected.

Examples, fixes and the reasoning: ``rules/RL854.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import int_field, live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

RATIO = 0.9


@rule(
    id="RL854",
    name="clients-near-maxclients",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.NODE,
    platforms=("live",),
    summary="connected clients near maxclients, or connections already rejected",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None:
        return
    rejected = int_field(facts, "rejected_connections")
    rv = facts.field("rejected_connections")
    if rv is not None and rejected is not None and rejected > 0:
        yield ctx.finding(
            rv.span,
            f"{node_label(node)} rejected {rejected} connections since it started (maxclients reached)",
            fix="Raise maxclients (and the nofile limit), or find the client that leaks connections",
            evidence="rejected_connections",
        )
        return
    n = int_field(facts, "connected_clients")
    d = node.get("maxclients")
    limit = int(d.text(0) or "0") if d is not None and (d.text(0) or "").isdigit() else None
    cv = facts.field("connected_clients")
    if cv is not None and n is not None and limit and n >= RATIO * limit:
        yield ctx.finding(
            cv.span,
            f"{node_label(node)} has {n} clients connected, {n * 100 // limit}% of maxclients {limit}",
            fix="Raise maxclients (and the nofile limit), or find the client that leaks connections",
            evidence="connected_clients",
        )
