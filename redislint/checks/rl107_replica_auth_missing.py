"""RL107 (replica-auth-missing): a replica or Sentinel cannot authenticate to its password-protected
primary.

One check per scope: replication, sentinel-group, cluster. Examples, fixes and the reasoning:
``rules/RL107.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._topology import (
    masterauth,
    masteruser,
    requirepass,
    sentinel_config,
)
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend, rule
from redislint.model.auth import Secret, digest
from redislint.model.project import Cluster, RedisNode, ReplicationGroup, SentinelGroup
from redislint.model.span import Span


@rule(
    id="RL107",
    name="replica-auth-missing",
    severity=Severity.CRITICAL,
    tags=("security", "availability"),
    scope=Scope.REPLICATION,
    summary="a replica or Sentinel cannot authenticate to its password-protected primary",
)
def check(group: ReplicationGroup, ctx: Context) -> Iterator[Finding]:
    primary = group.primary
    if primary is None or (wanted := _wanted(primary)) is None:
        return
    want, where = wanted
    for replica, link in group.links:
        if masteruser(replica) != "default":
            continue  # authenticates as an ACL user: the password to compare is that user's
        have = masterauth(replica)
        if have.state == "unset":
            span = have.span or link.span
            yield ctx.finding(
                span,
                f"{node_label(replica)} replicates {node_label(primary)}, which requires a password, but has no 'masterauth': replication never syncs",
                fix="Set masterauth on the replica to the primary's requirepass (from the same secret)",
                related=where,
                evidence=f"masterauth-missing:{replica.label}",
            )
        elif have.state == "set" and have.same(want) is False:
            yield ctx.finding(
                have.span or link.span,
                f"'masterauth' of {node_label(replica)} differs from the requirepass of its primary {node_label(primary)}: replication never syncs",
                fix="Load masterauth and requirepass from the same secret",
                related=where,
                evidence=f"masterauth-differs:{replica.label}",
            )


@extend(id="RL107", scope=Scope.SENTINEL_GROUP, once_per="line")
def check_sentinel(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    primary = group.primary
    if primary is None or (wanted := _wanted(primary)) is None:
        return
    want, where = wanted
    for sentinel, monitor in group.monitors:
        cfg = sentinel_config(sentinel)
        name = group.master_name
        user = cfg.sub(name, "auth-user")
        if user is not None and (user.text(2) or "default") != "default":
            continue
        d = cfg.sub(name, "auth-pass")
        if d is None:
            if not sentinel.complete:
                continue
            yield ctx.finding(
                monitor.span,
                f"Sentinel {node_label(sentinel)} monitors '{name}', whose primary requires a password, without 'sentinel auth-pass': it sees the master as down and cannot fail over",
                fix=f"Add 'sentinel auth-pass {name} <password>' with the primary's password",
                related=where,
                evidence=f"auth-pass-missing:{sentinel.label}:{name}",
            )
            continue
        t = d.text(2)
        if t is None:
            continue
        have = Secret("set", digest(t)) if t else Secret("unset")
        if have.same(want) is False:
            arg = d.arg(2)
            span = arg.span if arg is not None else d.span
            yield ctx.finding(
                span,
                f"'sentinel auth-pass {name}' of Sentinel {node_label(sentinel)} differs from the requirepass of {node_label(primary)}",
                fix="Load auth-pass and requirepass from the same secret",
                related=where,
                evidence=f"auth-pass-differs:{sentinel.label}:{name}",
            )


@extend(id="RL107", scope=Scope.CLUSTER, once_per="position")
def check_cluster(group: Cluster, ctx: Context) -> Iterator[Finding]:
    """Every cluster node may become a replica (``--cluster-replicas``, or a failover): one that
    requires a password needs ``masterauth`` with the same password to sync from its master."""
    if group.replicas_per_master == 0 or len(group.nodes) < 2:
        return
    for node in group.nodes:
        if not node.complete or masteruser(node) != "default":
            continue
        want = requirepass(node)
        if want.state != "set" or masterauth(node).state != "unset":
            continue
        yield ctx.finding(
            want.span or node.anchor,
            f"cluster node {node_label(node)} requires a password but has no 'masterauth': as a replica (after 'cluster create --cluster-replicas' or a failover) it cannot sync from its master",
            fix="Set masterauth to the same password as requirepass on every cluster node (from the same secret)",
            evidence=f"cluster-masterauth-missing:{node.label}",
        )


def _wanted(primary: RedisNode) -> tuple[Secret, list[tuple[Span, str]]] | None:
    """The password ``primary`` requires, and the related location naming it; None without one."""
    want = requirepass(primary)
    if want.state != "set":
        return None
    return want, [(want.span, f"the password of {node_label(primary)}")] if want.span is not None else []
