"""RL851 (background-save-failed): the last RDB save or AOF write or rewrite failed.

Examples, fixes and the reasoning: ``rules/RL851.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

FIELDS = {
    "rdb_last_bgsave_status": "the last background save (RDB)",
    "aof_last_write_status": "the last AOF write",
    "aof_last_bgrewrite_status": "the last AOF rewrite",
}


@rule(
    id="RL851",
    name="background-save-failed",
    severity=Severity.HIGH,
    tags=("durability",),
    scope=Scope.NODE,
    platforms=("live",),
    summary="the last background save, AOF write or AOF rewrite failed: what is on disk is old",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None:
        return
    for name, what in FIELDS.items():
        v = facts.field(name)
        if v is None or v.text in (None, "ok"):
            continue
        yield ctx.finding(
            v.span,
            f"{what} of {node_label(node)} failed ({name}:{v.text}): a restart loads older data than the server holds",
            fix="Read the server's log: a full disk, or a data directory (dir) the server user cannot write",
            evidence=name,
        )
