"""RL502 (replica-writable): a replica accepts writes (replica-read-only no): they diverge from the
primary and are lost.

Examples, fixes and the reasoning: ``rules/RL502.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._fixes import set_value
from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL502",
    name="replica-writable",
    severity=Severity.MEDIUM,
    tags=("correctness",),
    scope=Scope.NODE,
    summary="a replica accepts writes (replica-read-only no): they diverge from the primary and are lost",
    fix="unsafe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    rep = node.get("replicaof")
    if rep is None or node.cluster:
        return
    d = node.get("replica-read-only")
    if d is None or (d.text(0) or "").lower() != "no":
        return
    yield ctx.finding(
        d.value_span,
        f"{node_label(node)} is a replica with 'replica-read-only no': writes to it diverge from the primary and are lost at the next full sync",
        fix="Remove the line (replicas are read-only by default) and write to the primary",
        related=[(rep.span, "replicaof")],
        evidence="replica-read-only",
        autofix=ctx.fix("Set replica-read-only yes", [e]) if (e := set_value(d, "yes")) is not None else None,
    )
