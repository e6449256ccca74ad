"""RL857 (sentinel-ckquorum-failed): ``SENTINEL CKQUORUM`` says this Sentinel group cannot reach
the quorum or the majority needed to fail over.

Examples, fixes and the reasoning: ``rules/RL857.md``.
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
    id="RL857",
    name="sentinel-ckquorum-failed",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.SENTINEL,
    platforms=("live",),
    summary="SENTINEL CKQUORUM fails: the Sentinels cannot agree on a failover",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None:
        return
    for master, v in sorted(facts.ckquorum.items()):
        if v.text is None or v.text.startswith("OK"):
            continue
        yield ctx.finding(
            v.span,
            f"SENTINEL CKQUORUM {master} on {node_label(node)} fails: {v.text.split(' ', 1)[0]}; no failover can be authorized",
            fix="Start or reconnect Sentinels until a majority of them (and the quorum) see the primary",
            evidence=f"ckquorum:{master}",
        )
