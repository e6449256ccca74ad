"""RL850 (replication-link-down): a replica's link to its primary is down, or a replica lags.

Examples, fixes and the reasoning: ``rules/RL850.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import int_field, kv_list, live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

MAX_LAG = 10
"""Seconds since a replica's last acknowledgement (``lag=`` of ``INFO replication``) over which it lags."""


@rule(
    id="RL850",
    name="replication-link-down",
    severity=Severity.HIGH,
    tags=("availability", "durability"),
    scope=Scope.NODE,
    platforms=("live",),
    summary="a replica's link to its primary is down, or a replica lags behind",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None:
        return
    status = facts.field("master_link_status")
    if status is not None and status.text != "up":
        host, port = facts.text("master_host"), facts.text("master_port")
        since = int_field(facts, "master_link_down_since_seconds")
        when = f" for {since} s" if since is not None and since >= 0 else ""
        yield ctx.finding(
            status.span,
            f"{node_label(node)} is a replica whose link to its primary {host}:{port} is {status.text}{when}: it serves stale data and a failover to it loses writes",
            fix="Make the primary reachable (address, masterauth, TLS), or point the replica at the current primary",
            evidence="master_link_status",
        )
    for name, value in sorted(facts.info.items()):
        if not (name.startswith("slave") and name[5:].isdigit()) or value.text is None:
            continue
        fields = kv_list(value.text)
        lag = fields.get("lag", "")
        state = fields.get("state", "")
        if state and state != "online":
            yield ctx.finding(
                value.span,
                f"replica {fields.get('ip')}:{fields.get('port')} of {node_label(node)} is in state {state!r}, not online",
                fix="Check the replica's log: a sync that keeps failing (output buffer limits, disk, network)",
                evidence=f"{name}:state",
                severity=Severity.MEDIUM,
            )
        elif lag.isdigit() and int(lag) > MAX_LAG:
            yield ctx.finding(
                value.span,
                f"replica {fields.get('ip')}:{fields.get('port')} of {node_label(node)} last acknowledged {lag} s ago (over {MAX_LAG} s): it lags",
                fix="Check the network and the replica's load; min-replicas-max-lag bounds writes while replicas lag",
                evidence=f"{name}:lag",
                severity=Severity.MEDIUM,
            )
