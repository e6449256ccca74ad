"""RL508, one of its checks: a Sentinel's committed config holds the state Sentinel writes back
(known replicas and Sentinels), which may not match this deployment; once per file, severity low."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl508_sentinel_master_mismatch  # noqa: F401  (declares RL508)
from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend
from redislint.model.project import SentinelGroup
from redislint.model.sentinel import SENTINEL_STATE


@extend(id="RL508", scope=Scope.SENTINEL_GROUP)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    files: set[str] = set()
    for s, _m in group.lines:
        state = s.sentinel.state if s.sentinel is not None else []
        if not state or state[0].span.file in files:
            continue
        files.add(state[0].span.file)
        kinds = sorted({(d.text(0) or "").lower() for d in state if (d.text(0) or "").lower() in SENTINEL_STATE})
        yield ctx.finding(
            state[0].span,
            f"the Sentinel config of {node_label(s)} holds state Sentinel wrote back ({', '.join(kinds)}): the committed replicas and peers may not match this deployment",
            fix="Commit the config without the known-replica / known-sentinel / myid / epoch lines Sentinel appends",
            evidence="state",
            severity=Severity.LOW,
        )
