"""RL509 (sentinel-timeouts): Sentinel timeouts outside sane bounds (down-after below 1 s or above 60
s, failover-timeout below twice down-after).

Examples, fixes and the reasoning: ``rules/RL509.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._topology import sentinel_config
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

DOWN_AFTER_DEFAULT = 30000
FAILOVER_DEFAULT = 180000


@rule(
    id="RL509",
    name="sentinel-timeouts",
    severity=Severity.LOW,
    tags=("availability",),
    scope=Scope.SENTINEL,
    summary="Sentinel timeouts outside sane bounds (down-after below 1 s or above 60 s, failover-timeout below twice down-after)",
    once_per="conf-file",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    cfg = sentinel_config(node)
    for name in cfg.monitors:
        down, dd = cfg.int_sub(name, "down-after-milliseconds", DOWN_AFTER_DEFAULT)
        fail, fd = cfg.int_sub(name, "failover-timeout", FAILOVER_DEFAULT)
        if down is not None and dd is not None and (down < 1000 or down > 60000):
            arg = dd.arg(2)
            yield ctx.finding(
                arg.span if arg is not None else dd.span,
                f"'down-after-milliseconds {down}' for '{name}' on {node_label(node)}: "
                + ("below 1 s, a short network hiccup triggers a failover" if down < 1000 else "above 60 s, a dead master goes unnoticed for that long"),
                fix="Use a value between 1000 and 60000 (5000-30000 is common)",
                evidence=f"down-after:{name}",
            )
        if down is None or fail is None or fail >= 2 * down:
            continue
        target = fd if fd is not None else dd
        if target is None:
            continue
        arg = target.arg(2)
        yield ctx.finding(
            arg.span if arg is not None else target.span,
            f"'failover-timeout {fail}' for '{name}' on {node_label(node)} is below twice 'down-after-milliseconds {down}': failovers are abandoned and retried before they can finish",
            fix=f"Set failover-timeout to at least {2 * down}",
            evidence=f"failover-timeout:{name}",
        )
