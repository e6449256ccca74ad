"""RL306 (appendfsync-no): appendfsync no leaves the AOF loss window to the kernel.

Examples, fixes and the reasoning: ``rules/RL306.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._fixes import set_value
from redislint.checks._helpers import aof_enabled, node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding, Fix
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.conf import Directive
from redislint.model.project import RedisNode


@rule(
    id="RL306",
    name="appendfsync-no",
    severity=Severity.MEDIUM,
    tags=("durability",),
    scope=Scope.NODE,
    summary="appendfsync no leaves the AOF loss window to the kernel",
    fix="unsafe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    d = node.get("appendfsync")
    if d is None or aof_enabled(node) is not True:
        return
    t = (d.text(0) or "").lower()
    if t == "no":
        yield ctx.finding(
            d.value_span,
            f"'appendfsync no' on {node_label(node)}: the kernel decides when the AOF reaches the disk "
            "(typically every 30 seconds), so a crash loses an unbounded window of writes",
            fix="Use appendfsync everysec (at most about one second of writes lost)",
            evidence="appendfsync:no",
            autofix=_fix(d, ctx),
        )
    elif t == "always":
        yield ctx.finding(
            d.value_span,
            f"'appendfsync always' on {node_label(node)} fsyncs on every write: very safe but very slow",
            fix="Keep it only if losing one second of writes is unacceptable; otherwise use everysec",
            evidence="appendfsync:always",
            severity=Severity.LOW,
        )


def _fix(d: Directive, ctx: Context) -> Fix | None:
    e = set_value(d, "everysec")
    return ctx.fix("Set appendfsync everysec", [e]) if e is not None else None
