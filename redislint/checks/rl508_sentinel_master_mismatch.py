from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._topology import (
    is_ip,
    sentinel_config,
    to_int,
)
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode, SentinelGroup
from redislint.model.sentinel import SENTINEL_STATE, Monitor


@rule(
    id="RL508",
    name="sentinel-master-mismatch",
    severity=Severity.HIGH,
    tags=("availability", "correctness"),
    scope=Scope.SENTINEL_GROUP,
    summary="Sentinels of one master disagree on its name, address or quorum, or do not monitor the primary",
)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    name = group.master_name
    mons: list[tuple[RedisNode, Monitor]] = []
    seen_lines: set[tuple[str, int]] = set()
    for s, d in group.monitors:
        if (d.span.file, d.span.start_line) in seen_lines:
            continue
        seen_lines.add((d.span.file, d.span.start_line))
        m = sentinel_config(s).monitors.get(name)
        if m is not None and m.directive is d:
            mons.append((s, m))
    stack = group.stack
    hosts = ctx.project.hosts(stack)

    def address(m: Monitor) -> tuple[str, str] | None:
        if m.host_text is None or m.port is None:
            return None
        target = hosts.resolve(m.host_text)
        return (f"node:{id(target)}" if target is not None else m.host_text.lower(), str(m.port))

    # 1. disagreement on the address or the quorum (loose files of one folder may be alternatives: skipped)
    addrs = [(s, m, address(m)) for s, m in mons] if stack is not None else []
    flagged: set[int] = set()
    common = Counter(a for _s, _m, a in addrs if a is not None).most_common()
    if (len(common) > 1 and common[0][1] > common[1][1]) or (len(common) > 1 and len(mons) == 2):
        ref = next(m for _s, m, a in addrs if a == common[0][0])
        for s, m, a in addrs:
            if a is None or a == common[0][0] or m.host is None:
                continue
            flagged.add(id(m.directive))
            yield ctx.finding(
                m.directive.value_span,
                f"Sentinel {node_label(s)} monitors '{name}' at {m.host_text}:{m.port}, the other Sentinels at {ref.host_text}:{ref.port}",
                fix="Give every Sentinel the same 'sentinel monitor' line",
                related=[(ref.directive.span, "the address the others use")],
                evidence=f"address:{s.label}:{name}",
            )
    quorums = Counter(m.quorum for _s, m in mons if m.quorum is not None).most_common() if stack is not None else []
    if len(quorums) > 1:
        want = quorums[0][0]
        ref = next(m for _s, m in mons if m.quorum == want)
        for s, m in mons:
            if m.quorum is None or m.quorum == want:
                continue
            yield ctx.finding(
                m.quorum_span,
                f"Sentinel {node_label(s)} uses quorum {m.quorum} for '{name}', the other Sentinels {want}",
                fix="Use the same quorum on every Sentinel",
                related=[(ref.quorum_span, "the quorum of the others")],
                evidence=f"quorum:{s.label}:{name}",
            )
    # 2. the monitored address is no service, or not the primary
    if stack is not None and mons:
        known = hosts.names
        reported: set[str] = set()
        for s, m in mons:
            host = m.host_text
            if host is None or m.host is None or host in reported or id(m.directive) in flagged:
                continue
            target = hosts.resolve(host)
            if target is None:
                if is_ip(host) or host in known:
                    continue
                reported.add(host)
                yield ctx.finding(
                    m.host.span,
                    f"Sentinel {node_label(s)} monitors '{name}' at '{host}', which is no service, alias or container of this compose project",
                    fix="Monitor the primary by its service name (with resolve-hostnames and announce-hostnames yes)",
                    evidence=f"unknown:{name}:{host}",
                )
            elif target.get("replicaof") is not None:
                reported.add(host)
                yield ctx.finding(
                    m.host.span,
                    f"Sentinel {node_label(s)} monitors '{name}' at {node_label(target)}, which is a replica, not the primary",
                    fix="Monitor the node that has no replicaof",
                    related=[(target.get("replicaof").span, "replicaof of that node")],  # type: ignore[union-attr]
                    evidence=f"replica:{name}:{host}",
                )
            elif m.port is not None and target.port is not None and m.port not in (target.port, to_int(target.value("tls-port"))):
                reported.add(host)
                arg = m.directive.arg(3)
                yield ctx.finding(
                    arg.span if arg is not None else m.directive.span,
                    f"Sentinel {node_label(s)} monitors '{name}' at {host}:{m.port}, but {node_label(target)} listens on {target.port}",
                    fix=f"Use port {target.port}",
                    evidence=f"port:{name}:{host}",
                )
    # 3. the same primary under different master names
    if group.primary is not None:
        for other in ctx.project.sentinel_groups:
            if other is group or other.primary is not group.primary or other.master_name == name:
                continue
            if other.master_name < name and mons:
                s, m = mons[0]
                yield ctx.finding(
                    m.directive.span,
                    f"Sentinels monitor {node_label(group.primary)} under two master names, '{other.master_name}' and '{name}': they form two groups and both fail over",
                    fix="Use one master name on every Sentinel",
                    related=[(other.monitors[0][1].span, f"monitored as '{other.master_name}'")] if other.monitors else [],
                    evidence=f"names:{other.master_name}:{name}",
                )
                break
    # 4. state written back by Sentinel and committed
    files: set[str] = set()
    for s, _m in mons:
        state = sentinel_config(s).state
        if not state or state[0].span.file in files:
            continue
        files.add(state[0].span.file)
        kinds = sorted({(d.text(0) or "").lower() for d in state if (d.text(0) or "").lower() in SENTINEL_STATE})
        yield ctx.finding(
            state[0].span,
            f"the Sentinel config of {node_label(s)} holds state Sentinel wrote back ({', '.join(kinds)}): the committed replicas and peers may not match this deployment",
            fix="Commit the config without the known-replica / known-sentinel / myid / epoch lines Sentinel appends",
            evidence="state",
            severity=Severity.LOW,
        )
