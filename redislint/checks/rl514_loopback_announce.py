"""RL514 (loopback-announce): a server or Sentinel of a compose service announces, or a Sentinel
monitors, a loopback address, which other containers and hosts cannot use.

Examples, fixes and the reasoning: ``rules/RL514.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._topology import host_network, several_servers
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.conf import Directive
from redislint.model.hosts import is_loopback
from redislint.model.project import RedisNode
from redislint.model.values import Value


@rule(
    id="RL514",
    name="loopback-announce",
    severity=Severity.MEDIUM,
    tags=("availability", "correctness"),
    scope=Scope.SERVER,
    summary="a server or Sentinel announces, or a Sentinel monitors, a loopback address other hosts and containers cannot use",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    svc = node.service
    if svc is None or several_servers(svc):
        return  # a bare file, or one container running the whole group (loopback reaches it)
    host = host_network(svc)
    found: list[tuple[Value, str, str, str, Severity | None]] = []  # (value, message, fix, evidence, severity)
    announced: list[tuple[Directive, int, str]] = [(d, 1, "sentinel announce-ip") for d in node.sentinel_lines("announce-ip")]
    for name in ("replica-announce-ip", "cluster-announce-ip"):
        d = node.get(name)
        if d is not None:
            announced.append((d, 0, name))
    for d, i, what in announced:
        a = d.arg(i)
        if a is not None and a.text is not None and is_loopback(a.text):
            found.append((
                a,
                f"{node_label(node)} announces itself as {a.text} ('{what}'): "
                + ("clients and peers on any other machine are given an address that points at themselves" if host
                   else "every other container and host is given an address that points at itself"),
                "Announce the address other hosts reach this one at (the host's IP), or a hostname with the hostname settings",
                f"announce:{what}",
                None,
            ))  # fmt: skip
    for d in node.sentinel_lines("monitor"):
        a = d.arg(2)
        if a is not None and a.text is not None and is_loopback(a.text):
            found.append((
                a,
                f"Sentinel {node_label(node)} monitors '{d.text(1)}' at {a.text}: "
                + ("it hands that address to clients, which on any other machine reach themselves instead of the master" if host
                   else "inside the Sentinel's container that is the container itself, not the master, and clients are given it too"),
                "Monitor the primary by its service name (with resolve-hostnames and announce-hostnames yes) or by an address other hosts reach",
                f"monitor:{d.text(1)}",
                None if host else Severity.HIGH,
            ))  # fmt: skip
    replicaof = node.get("replicaof") or node.get("slaveof")
    a = replicaof.arg(0) if replicaof is not None else None
    if host and a is not None and a.text is not None and is_loopback(a.text) and node.get("replica-announce-ip") is None and ctx.project.sentinels:
        # the primary records a replica by the address it connects from: over loopback that is 127.0.0.1,
        # which the primary's INFO and Sentinel then hand out as the replica's address
        found.append((
            a,
            f"replica {node_label(node)} connects to its primary over {a.text} without 'replica-announce-ip': "
            "the primary and Sentinel record it as a loopback address and give that to clients and peers on other machines",
            "Set 'replica-announce-ip' to the address other hosts reach this replica at (or connect to the primary by that address)",
            "replicaof-loopback",
            None,
        ))  # fmt: skip
    for value, message, fix, evidence, severity in found:
        yield ctx.finding(value.span, message, fix=fix, evidence=evidence, severity=severity)
