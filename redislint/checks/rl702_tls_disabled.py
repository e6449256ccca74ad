"""RL702 (tls-disabled): A reachable Redis server has no TLS port: passwords and data cross the network
in clear.

Examples, fixes and the reasoning: ``rules/RL702.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label, reachability
from redislint.checks._tls import tls_port
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL702",
    name="tls-disabled",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.NODE,
    summary="A reachable Redis server has no TLS port: passwords and data cross the network in clear",
    profile="prod",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    if tls_port(node) != 0:
        return  # TLS on, or unknown
    reach, where = reachability(node)
    if reach != "public":
        return
    related = [(where, "reachable through this")] if where is not None and where != node.anchor else []
    yield ctx.finding(
        node.anchor,
        f"{node_label(node)} is reachable from other hosts but has no tls-port: AUTH passwords and data travel in clear",
        fix="Set tls-port, tls-cert-file, tls-key-file, tls-ca-cert-file (and port 0), or keep it on a private network",
        related=related,
        evidence="no-tls",
    )
