"""RL508, one of its checks: the Sentinels of one master (in a compose project) use different quorums."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import redislint.checks.rl508_sentinel_master_mismatch  # noqa: F401  (declares RL508)
from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, extend
from redislint.model.project import SentinelGroup


@extend(id="RL508", scope=Scope.SENTINEL_GROUP)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    if group.stack is None:
        return  # loose files of one folder may be alternatives
    quorums = Counter(m.quorum for _s, m in group.lines if m.quorum is not None).most_common()
    if len(quorums) < 2:
        return
    want = quorums[0][0]
    ref = next(m for _s, m in group.lines if m.quorum == want)
    for s, m in group.lines:
        if m.quorum is None or m.quorum == want:
            continue
        yield ctx.finding(
            m.quorum_span,
            f"Sentinel {node_label(s)} uses quorum {m.quorum} for '{group.master_name}', the other Sentinels {want}",
            fix="Use the same quorum on every Sentinel",
            related=[(ref.quorum_span, "the quorum of the others")],
            evidence=f"quorum:{s.label}:{group.master_name}",
        )
