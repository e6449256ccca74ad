"""RL508 sentinel-master-mismatch: the Sentinels of one master disagree on it.

The rule is made of separate checks, one module each: the address (here), the quorum
(``rl508_quorum``), whether the monitored address is the primary (``rl508_monitored_target``) or a
cluster node (``rl508_cluster_target``), a container IP of an earlier run (``rl508_container_ip``), one
primary under two master names (``rl508_master_names``) and state Sentinel wrote back into a
committed file (``rl508_committed_state``). The link stage computes the monitor lines of each group
and which of them disagree on the address (:attr:`SentinelGroup.lines`, ``agreed``, ``dissent``).
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import SentinelGroup


@rule(
    id="RL508",
    name="sentinel-master-mismatch",
    severity=Severity.HIGH,
    tags=("availability", "correctness"),
    scope=Scope.SENTINEL_GROUP,
    summary="Sentinels of one master disagree on its name, address or quorum, or do not monitor the primary",
)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    ref = group.agreed
    if ref is None:
        return
    for s, m in group.dissent:
        yield ctx.finding(
            m.directive.value_span,
            f"Sentinel {node_label(s)} monitors '{group.master_name}' at {m.host_text}:{m.port}, the other Sentinels at {ref.host_text}:{ref.port}",
            fix="Give every Sentinel the same 'sentinel monitor' line",
            related=[(ref.directive.span, "the address the others use")],
            evidence=f"address:{s.label}:{group.master_name}",
        )
