"""RL856 (started-without-config-file): the server runs without a config file, so ``CONFIG
REWRITE`` cannot persist a change and every ``CONFIG SET`` is lost at restart.

Examples, fixes and the reasoning: ``rules/RL856.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL856",
    name="started-without-config-file",
    severity=Severity.MEDIUM,
    tags=("durability",),
    scope=Scope.NODE,
    platforms=("live",),
    summary="the server started without a config file: CONFIG REWRITE cannot persist what CONFIG SET changes",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None:
        return
    v = facts.field("config_file")
    if v is None or (v.text or "").strip():
        return
    yield ctx.finding(
        v.span,
        f"{node_label(node)} runs without a config file (config_file is empty in INFO server): its settings come from the command line, and CONFIG REWRITE fails",
        fix="Start it with a config file (redis-server /path/redis.conf) kept in the repository",
        evidence="config_file",
    )
