"""RL511 (nat-without-announce): replicas or Sentinels publish remapped ports without announce-ip/port:
clients get unreachable addresses.

Examples, fixes and the reasoning: ``rules/RL511.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._topology import remapped, sentinel_config
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode, SentinelGroup


@rule(
    id="RL511",
    name="nat-without-announce",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.SENTINEL_GROUP,
    summary="replicas or Sentinels publish remapped ports without announce-ip/port: clients get unreachable addresses",
)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    """Sentinel groups only: without Sentinel nobody hands out the replicas' addresses."""
    done: set[RedisNode] = set()
    for n in group.replicas:
        if n not in done:
            done.add(n)
            yield from _node(n, False, ctx)
    for s in group.sentinels:
        if s not in done and sentinel_config(s).monitors and s.service is not None:
            done.add(s)
            if ctx.project.index.first_group_of_sentinel.get(s) is group:
                yield from _node(s, True, ctx)


def _node(n: RedisNode, sentinel: bool, ctx: Context) -> Iterator[Finding]:
    svc, port = n.service, n.port
    if svc is None or port is None:
        return
    maps = remapped(svc, port, n.stack)
    if not maps:
        return
    if sentinel:
        cfg = sentinel_config(n)
        announce = cfg.globals.get("announce-port")
        names = "'sentinel announce-ip' and 'sentinel announce-port'"
    else:
        announce = n.get("replica-announce-port")
        names = "'replica-announce-ip' and 'replica-announce-port'"
    if announce is not None or not n.complete:
        return
    for p, hp in maps:
        what = f"host port {hp}" if hp is not None else "a random host port"
        yield ctx.finding(
            p.span,
            f"{'Sentinel' if sentinel else 'replica'} {node_label(n)} listens on {port} but is published on {what}, without {names}: Sentinel hands out {port}, which clients outside Docker cannot reach",
            fix=f"Publish the port 1:1 ('{port}:{port}') or set {names} to the address clients use",
            evidence=f"{n.label}:{port}",
        )
