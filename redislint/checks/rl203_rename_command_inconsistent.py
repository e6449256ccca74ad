"""RL203 (rename-command-inconsistent): nodes of one replication group or cluster rename commands
differently.

One check per scope: replication, sentinel-group, cluster. Examples, fixes and the reasoning:
``rules/RL203.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._topology import sentinel_config
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend, rule
from redislint.model.conf import Directive
from redislint.model.project import Cluster, RedisNode, ReplicationGroup, SentinelGroup


@rule(
    id="RL203",
    name="rename-command-inconsistent",
    severity=Severity.HIGH,
    tags=("correctness", "availability"),
    scope=Scope.REPLICATION,
    summary="nodes of one replication group or cluster rename commands differently",
)
def check(group: ReplicationGroup, ctx: Context) -> Iterator[Finding]:
    if group.primary is None:
        return
    yield from _compare(group.primary, group.replicas, ctx, "its primary")


def renames(node: RedisNode) -> dict[str, tuple[str, Directive]] | None:
    """Command (upper case) -> (new name, directive); None when a rename cannot be read."""
    out: dict[str, tuple[str, Directive]] = {}
    for d in node.all("rename-command"):
        cmd, new = d.text(0), d.text(1)
        if cmd is None or new is None:
            return None
        out[cmd.upper()] = (new, d)
    return out


def _compare(ref: RedisNode, others: list[RedisNode], ctx: Context, what: str) -> Iterator[Finding]:
    want = renames(ref)
    if want is None:
        return
    for n in others:
        if n is ref:
            continue
        have = renames(n)
        if have is None:
            continue
        for cmd in sorted(set(want) | set(have)):
            w, h = want.get(cmd), have.get(cmd)
            if w is not None and h is not None:
                if w[0] == h[0]:
                    continue
                yield ctx.finding(
                    h[1].value_span,
                    f"{node_label(n)} renames {cmd} differently from {what} {node_label(ref)}: commands in the replication stream fail",
                    fix="Use the same rename-command lines on every node (better: drop rename-command for ACL rules)",
                    related=[(w[1].span, f"the rename on {node_label(ref)}")],
                    evidence=f"{n.label}:{cmd}",
                )
            elif h is not None:
                if not ref.complete:
                    continue
                yield ctx.finding(
                    h[1].span,
                    f"{node_label(n)} renames {cmd} but {what} {node_label(ref)} does not: commands in the replication stream fail",
                    fix="Use the same rename-command lines on every node (better: drop rename-command for ACL rules)",
                    evidence=f"{n.label}:{cmd}",
                )
            elif w is not None:
                if not n.complete:
                    continue
                yield ctx.finding(
                    n.anchor,
                    f"{node_label(n)} does not rename {cmd}, which {what} {node_label(ref)} renames: commands in the replication stream fail",
                    fix="Use the same rename-command lines on every node (better: drop rename-command for ACL rules)",
                    related=[(w[1].span, f"the rename on {node_label(ref)}")],
                    evidence=f"{n.label}:{cmd}",
                )


@extend(id="RL203", scope=Scope.SENTINEL_GROUP, once_per="line")
def check_sentinel(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    """CONFIG renamed on the primary: every Sentinel needs ``sentinel rename-command <m> CONFIG <new>``."""
    primary = group.primary
    if primary is None:
        return
    want = renames(primary)
    if want is None or "CONFIG" not in want:
        return
    new, d = want["CONFIG"]
    for sentinel, monitor in group.monitors:
        cfg = sentinel_config(sentinel)
        have = cfg.renames.get(group.master_name, {}).get("CONFIG")
        if have is not None and (have.text(3) is None or have.text(3) == new):
            continue
        if have is None and not sentinel.complete:
            continue
        span = have.span if have is not None else monitor.span
        yield ctx.finding(
            span,
            f"{node_label(primary)} renames CONFIG but Sentinel {node_label(sentinel)} is not told the new name: failover cannot reconfigure the nodes",
            fix=f"Add 'sentinel rename-command {group.master_name} CONFIG <new name>' to every Sentinel",
            related=[(d.span, "the rename on the primary")],
            evidence=f"sentinel:{sentinel.label}:{group.master_name}",
        )


@extend(id="RL203", scope=Scope.CLUSTER)
def check_cluster(group: Cluster, ctx: Context) -> Iterator[Finding]:
    if len(group.nodes) > 1:
        yield from _compare(group.nodes[0], group.nodes[1:], ctx, "the first cluster node")
