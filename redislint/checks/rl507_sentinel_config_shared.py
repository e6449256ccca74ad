"""RL507 (sentinel-config-shared): several Sentinels share one config file or one 'sentinel myid'.

Examples, fixes and the reasoning: ``rules/RL507.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._topology import (
    replica_count,
    scope_sentinels,
    sentinel_config,
    sentinel_groups_of,
    storage_key,
)
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode, SentinelGroup
from redislint.model.span import Span


@rule(
    id="RL507",
    name="sentinel-config-shared",
    severity=Severity.CRITICAL,
    tags=("availability",),
    scope=Scope.SENTINEL_GROUP,
    summary="several Sentinels share one config file or one 'sentinel myid'",
)
def check(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
    if not sentinel_groups_of(ctx.project, group):
        return  # every Sentinel of a stack (or folder) is looked at once, from its first group
    sentinels = scope_sentinels(ctx.project, group)
    # the same file
    by_file: dict[tuple[str, ...], list[tuple[RedisNode, Span]]] = {}
    for s in sentinels:
        svc, inv = s.service, s.invocation
        if svc is None or inv is None or not inv.conf_path:
            continue
        found = storage_key(s.stack, svc, inv.conf_path)
        if found is None:
            continue
        key, mount = found
        m_span = mount.span
        by_file.setdefault(key, []).append((s, m_span))
        n = replica_count(svc)
        if n is not None and n > 1:
            yield ctx.finding(
                m_span,
                f"{node_label(s)} runs {n} Sentinels from one config file {inv.conf_path!r}: they overwrite each other's state and share one myid",
                fix="Give every Sentinel its own service and its own config file",
                evidence=f"replicas:{s.label}",
            )
    for users in by_file.values():
        if len(users) < 2:
            continue
        first = users[0][0]
        for s, span in users[1:]:
            yield ctx.finding(
                span,
                f"{node_label(s)} uses the same Sentinel config file as {node_label(first)}: they overwrite each other's state and share one myid",
                fix="Give every Sentinel its own config file (or copy a template at start-up)",
                related=[(users[0][1], f"the mount of {node_label(first)}")],
                evidence=f"file:{s.label}",
            )
    # the same myid
    by_id: dict[str, list[tuple[RedisNode, Span]]] = {}
    for s in sentinels:
        d = sentinel_config(s).globals.get("myid")
        t = d.text(1) if d is not None else None
        if d is not None and t:
            by_id.setdefault(t.lower(), []).append((s, d.span))
    for users in by_id.values():
        spans = {(sp.file, sp.start_line) for _s, sp in users}
        if len(spans) < 2:
            continue
        first_node, first_span = users[0]
        done = {(first_span.file, first_span.start_line)}
        for s, span in users[1:]:
            if (span.file, span.start_line) in done:
                continue
            done.add((span.file, span.start_line))
            yield ctx.finding(
                span,
                f"{node_label(s)} has the same 'sentinel myid' as {node_label(first_node)}: the Sentinels see one peer and never reach a quorum",
                fix="Delete the 'sentinel myid' line from committed configs: each Sentinel generates its own",
                related=[(first_span, "the same myid")],
                evidence=f"myid:{s.label}",
            )
