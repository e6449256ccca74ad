"""RL307 (bgsave-errors-ignored): stop-writes-on-bgsave-error no: writes continue while snapshots fail.

Examples, fixes and the reasoning: ``rules/RL307.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._fixes import set_value
from redislint.checks._helpers import node_label, rdb_enabled
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL307",
    name="bgsave-errors-ignored",
    severity=Severity.MEDIUM,
    tags=("durability",),
    scope=Scope.NODE,
    summary="stop-writes-on-bgsave-error no: writes continue while snapshots fail",
    fix="unsafe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    if node.flag("stop-writes-on-bgsave-error", True) is not False or rdb_enabled(node) is not True:
        return
    d = node.get("stop-writes-on-bgsave-error")
    assert d is not None
    yield ctx.finding(
        d.value_span,
        f"'stop-writes-on-bgsave-error no' on {node_label(node)}: when snapshots fail (full disk, "
        "unwritable dir) Redis keeps accepting writes that no snapshot holds, and nobody notices",
        fix="Keep the default (yes) and monitor rdb_last_bgsave_status, or turn RDB off if it is not wanted",
        evidence="stop-writes-on-bgsave-error",
        autofix=ctx.fix("Set stop-writes-on-bgsave-error yes", [e]) if (e := set_value(d, "yes")) is not None else None,
    )
