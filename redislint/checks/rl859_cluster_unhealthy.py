"""RL859 (cluster-unhealthy): the cluster is not ok, slots are not covered, a master has no replica,
or nodes are in fail state.

Examples, fixes and the reasoning: ``rules/RL859.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

SLOTS = 16384


@rule(
    id="RL859",
    name="cluster-unhealthy",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.NODE,
    platforms=("live",),
    summary="cluster_state is not ok, slots are uncovered, a master has no replica, or nodes have failed",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None or not facts.cluster:
        return
    state = facts.cluster.get("cluster_state")
    if state is not None and state.text != "ok":
        yield ctx.finding(state.span, f"{node_label(node)} reports cluster_state:{state.text}: the cluster refuses queries", fix="Cover every slot and bring failed masters back or fail them over", evidence="cluster_state")
    assigned = facts.cluster.get("cluster_slots_assigned")
    if assigned is not None and (assigned.text or "").isdigit() and int(assigned.text or "0") < SLOTS:
        yield ctx.finding(assigned.span, f"{node_label(node)} sees {assigned.text} of {SLOTS} slots assigned: keys of the others cannot be served", fix="Assign the missing slots (redis-cli --cluster fix)", evidence="cluster_slots_assigned")
    rows = [(v, v.text.split()) for v in facts.cluster_nodes if v.text]
    me = next((p for _v, p in rows if len(p) > 2 and "myself" in p[2].split(",")), None)
    if me is not None and "master" in me[2].split(",") and len(me) > 8 and not any(len(p) > 3 and p[3] == me[0] for _v, p in rows):
        v = next(v for v, p in rows if p is me)
        yield ctx.finding(v.span, f"master {node_label(node)} (slots {' '.join(me[8:])}) has no replica: losing it loses those slots", fix="Add a replica (redis-cli --cluster add-node --cluster-slave)", severity=Severity.MEDIUM, evidence="master-without-replica")
    audited = sorted(n.name for n in ctx.project.nodes if n.live is not None and n.live.cluster_nodes)
    if audited and node.name == audited[0]:
        for v, p in rows:
            if len(p) > 2 and {"fail", "fail?"} & set(p[2].split(",")):
                yield ctx.finding(v.span, f"cluster node {p[1].split('@')[0]} is in state {p[2]}", fix="Restart the node or remove it (CLUSTER FORGET) once a replica took over", evidence=f"node-fail:{p[0]}")
