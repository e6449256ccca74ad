"""RL607 (cluster-announce-ip-hostname): a cluster node's ``cluster-announce-ip`` is given a
hostname instead of an IP address.

Examples, fixes and the reasoning: ``rules/RL607.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._topology import is_ip
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL607",
    name="cluster-announce-ip-hostname",
    severity=Severity.LOW,
    tags=("correctness",),
    scope=Scope.NODE,
    summary="a cluster node's cluster-announce-ip is a hostname, not an IP address",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    if not node.cluster:
        return
    d = node.get("cluster-announce-ip")
    host = d.text(0) if d is not None else None
    if d is None or not host or is_ip(host):
        return
    arg = d.arg(0)
    hostnames = node.version >= (7, 0)
    yield ctx.finding(
        arg.span if arg is not None else d.span,
        "'cluster-announce-ip' is given a hostname, not an IP address: the node announces it in the IP field of CLUSTER NODES, CLUSTER SHARDS and MOVED redirects, where clients and tools expect an address"
        + ("; hostnames have their own setting since 7.0" if hostnames else "; this version has no hostname announcement"),
        fix=(
            "Announce the name with 'cluster-announce-hostname' and 'cluster-preferred-endpoint-type hostname' (and drop cluster-announce-ip, or give it an IP)"
            if hostnames
            else "Give cluster-announce-ip the IP address other nodes and clients reach the node at"
        ),
        evidence="cluster-announce-ip",
    )
